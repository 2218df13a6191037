/**
 * `jig rights` and the completeness check (§6), as a user runs them: the examples project's
 * committed rights flows are what the generator writes, they pass `jig check`, the erasure flow
 * deletes a subject's documents in every container when the engine runs it, and a new store of
 * people's data in a container the flows do not reach fails `jig check` until they are regenerated.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ensureBuilt, repoRoot, runJig } from '../cli/run-cli.js';
import { runWorkflow, workflowsOf, World } from '../../compiler/src/engine/index.js';

const examples = join(repoRoot, 'examples');
const committed = join(examples, 'rights', 'contact.jig');

/** A copy of the examples project, to change and regenerate. */
function examplesCopy(): string {
  const folder = mkdtempSync(join(tmpdir(), 'jig-rights-'));
  cpSync(examples, folder, { recursive: true });
  return folder;
}

beforeAll(() => ensureBuilt());

describe('jig rights on the examples project', () => {
  test('the committed flows are what it generates, byte for byte', () => {
    const run = runJig(['rights', 'examples', '--check']);
    expect(run.stdout).toBe('examples/rights/contact.jig: up to date\n');
    expect(run.status).toBe(0);
    const folder = examplesCopy();
    writeFileSync(join(folder, 'rights', 'contact.jig'), '');
    expect(runJig(['rights', folder, '--check']).status).toBe(1);
    const written = runJig(['rights', folder]);
    expect(written.status).toBe(0);
    expect(readFileSync(join(folder, 'rights', 'contact.jig'), 'utf8')).toBe(readFileSync(committed, 'utf8'));
  });

  test('one flow per right over both containers that keep contacts, each passing jig check', () => {
    const text = readFileSync(committed, 'utf8');
    for (const right of ['access', 'erasure', 'correction', 'optOut']) expect(text).toContain(`@rights(${right}, contact)`);
    // The contact person of an invoice and the sender of a mail: found by the field marked @subject.
    expect(text.match(/where item\.contactEmail == trigger\.body\.key/g)).toHaveLength(4);
    expect(text.match(/where item\.sender == trigger\.body\.key/g)).toHaveLength(4);
    expect(text).toContain('delete document.id from cosmos("jigajob", "invoices")');
    expect(text).toContain('delete document.id from cosmos("jigajob", "mail-intake")');
    // A rewrite restarts a document's TTL: a day less than the container's shortest retention (§8).
    expect(text).toContain('} in cosmos("jigajob", "mail-intake")\n      @retain(29 days)');
    const check = runJig(['check', 'examples']);
    // No error nor warning: the one information is order_sync's declassification (its ERP's answer holds no secret).
    expect(check.stdout).toMatch(/\n0 errors, 0 warnings, 1 info in 10 files\.\n$/);
    expect(check.status).toBe(0);
  });

  test('erasure deletes the subject\'s documents in every container, and only theirs, and records the request', () => {
    const out = mkdtempSync(join(tmpdir(), 'jig-rights-build-'));
    expect(runJig(['build', 'examples', '--out', out]).status).toBe(0);
    const [workflow] = workflowsOf(JSON.parse(readFileSync(join(out, 'contact_erasure.json'), 'utf8')), 'contact_erasure');
    const world = new World({
      'jigajob/invoices': [
        { id: 'INV-1', number: '2024-001', amount: 120, vendorEmail: 'billing@vendor.example', contactName: 'Ann Lee', contactEmail: 'ann@vendor.example', lines: [] },
        { id: 'INV-2', number: '2024-002', amount: 80, vendorEmail: 'billing@vendor.example', contactName: 'Bo Chan', contactEmail: 'bo@vendor.example', lines: [] },
        { id: 'INV-3', number: '2024-003', amount: 40, vendorEmail: 'billing@vendor.example', contactName: 'Ann Lee', contactEmail: 'ann@vendor.example', lines: [] },
      ],
      'jigajob/mail-intake': [
        { id: 'M-1', sender: 'ann@vendor.example', subject: 'Invoice 2024-001', receivedAt: '2024-12-01T10:00:00Z' },
        { id: 'M-2', sender: 'other@vendor.example', subject: 'Invoice 2024-009', receivedAt: '2024-12-02T10:00:00Z' },
      ],
    });
    const record = runWorkflow(workflow!, { trigger: { body: { key: 'ann@vendor.example' } }, world });
    expect(record.status).toBe('Succeeded');
    // Whoever knows the URL may ask with anyone's key: the answer says nothing of what was found.
    expect(record.response).toMatchObject({ statusCode: 202, body: null });
    const after = world.snapshot();
    expect((after['jigajob/invoices'] as { id: string }[]).map((document) => document.id)).toEqual(['INV-2']);
    expect((after['jigajob/mail-intake'] as { id: string }[]).map((document) => document.id)).toEqual(['M-2']);
    // The request is recorded (when, and which right), not whose it was.
    const requests = after['jigajob/subject-requests'] as Record<string, unknown>[];
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ right: 'erasure', kind: 'contact' });
    expect(JSON.stringify(requests)).not.toContain('ann@');
  });
});

describe('the report, per kind of data subject', () => {
  test('where their data lives, for how long, who receives it, and which flow serves each right', () => {
    const json = JSON.parse(runJig(['report', 'examples', '--format', 'json']).stdout) as { subjects: unknown[] };
    expect(json.subjects).toEqual([
      {
        kind: 'contact',
        containers: [
          expect.objectContaining({ store: 'cosmos', location: 'jigajob/invoices', keys: ['contactEmail'], longestRetention: '1 year' }),
          expect.objectContaining({ store: 'cosmos', location: 'jigajob/mail-intake', keys: ['sender'], longestRetention: '30 days' }),
        ],
        recipients: [expect.objectContaining({ flow: 'mail_invoices', kind: 'mail', destination: 'the sender of the triggering mail' })],
        rights: [
          { right: 'access', flow: 'contact_access', file: 'rights/contact.jig' },
          { right: 'erasure', flow: 'contact_erasure', file: 'rights/contact.jig' },
          { right: 'correction', flow: 'contact_correction', file: 'rights/contact.jig' },
          { right: 'optOut', flow: 'contact_opt_out', file: 'rights/contact.jig' },
        ],
      },
    ]);
    const html = runJig(['report', 'examples', '--format', 'html']).stdout;
    expect(html).toContain('<h3 id="subject-contact">contact</h3>');
    expect(html).toContain('<tr><td>cosmos</td><td><code>jigajob/mail-intake</code></td><td><code>sender</code></td>');
    expect(html).toContain('<tr><th scope="row">Erasure</th><td><a href="#flow-contact_erasure"><code>contact_erasure</code></a> <span class="muted">rights/contact.jig</span></td></tr>');
    const markdown = runJig(['report', 'examples']).stdout;
    expect(markdown).toContain('- **Requests served by:**\n  - Access: `contact_access` (rights/contact.jig)\n');
  });
});

describe('completeness: jig check reports a container the rights flows do not reach', () => {
  test('a new store of contacts fails the check until jig rights is run again', () => {
    const folder = examplesCopy();
    writeFileSync(
      join(folder, 'contact_log.jig'),
      `type Contact {
  id:    string @business.other
  email: string @personal.contact @subject(contact)
}

@purpose(automation, "Keep the contacts vendors name")
@data(business.other, personal.contact)
@retain(90 days)
flow contact_log {
  trigger http post body Contact
  store trigger.body in cosmos("jigajob", "contacts")
  respond 201
}
`,
    );
    const check = runJig(['check', folder, '--format', 'json']);
    expect(check.status).toBe(1);
    // Information (order_sync's declassification) is no finding.
    const findings = (JSON.parse(check.stdout) as { diagnostics: { file: string; line: number; code: string; message: string; severity: string; policy?: { section: string } }[] }).diagnostics.filter((finding) => finding.severity !== 'info');
    expect(findings.map((finding) => [finding.file.endsWith('contact_log.jig'), finding.line, finding.code, finding.policy?.section])).toEqual([[true, 11, 'JIG3603', '6']]);
    expect(findings[0]!.message).toBe(
      "This store keeps a contact's personal data in cosmos(\"jigajob\", \"contacts\"), which the rights flows 'contact_access', 'contact_erasure', 'contact_correction', 'contact_opt_out' do not reach: run 'jig rights' to generate them again.",
    );
    expect(runJig(['rights', folder]).status).toBe(0);
    expect(readFileSync(join(folder, 'rights', 'contact.jig'), 'utf8')).toContain('query cosmos("jigajob", "contacts")');
    expect(runJig(['check', folder]).status).toBe(0);
  });

  test('the fixture: a store into an archive the committed rights flows predate', () => {
    const check = runJig(['check', 'test/fixtures/rights/uncovered', '--format', 'json']);
    const findings = (JSON.parse(check.stdout) as { diagnostics: { file: string; line: number; column: number; code: string }[] }).diagnostics;
    expect(findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.code}`)).toEqual(['test/fixtures/rights/uncovered/contacts.jig:15:3 JIG3603']);
    expect(check.status).toBe(1);
  });

  test('the fixture: notes a request cannot find (a GUID, an address joined to a GUID, no mark with its JIG3602 waived), and their twin that marks the address as read', () => {
    const check = runJig(['check', 'test/fixtures/rights/unfindable', '--format', 'json']);
    const findings = (JSON.parse(check.stdout) as { diagnostics: { file: string; line: number; column: number; code: string; severity: string; message: string }[] }).diagnostics;
    expect(findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.code} ${finding.severity}`)).toEqual([
      'test/fixtures/rights/unfindable/contacts.jig:18:9 JIG3605 error',
      'test/fixtures/rights/unfindable/contacts.jig:20:9 JIG3605 error',
      'test/fixtures/rights/unfindable/contacts.jig:23:9 JIG3602 info',
      'test/fixtures/rights/unfindable/contacts.jig:23:9 JIG3605 error',
    ]);
    expect(findings[0]!.message).toBe(
      "This store keeps a contact's personal data in cosmos(\"crm\", \"notes\"), where no data-subject request can find it: its subject field 'ref' holds nothing that names someone as it was read (a value made by guid(), or computed from an identifier and something else). Mark the field that holds the person's identifier, as read, with @subject.",
    );
    expect(findings[3]!.message).toContain('where no data-subject request can find it: nothing marks whose it is.');
    expect(check.status).toBe(1);
    expect(runJig(['check', 'test/fixtures/rights/findable']).status).toBe(0);
    for (const folder of ['unfindable', 'findable']) expect(runJig(['rights', `test/fixtures/rights/${folder}`, '--check']).status).toBe(0);
  });

  test('the fixture: rights flows edited to act on other documents than the subject\'s (a query by a field no store marks, a delete of the key or in another partition, a store under a condition) do not serve the right there, and an erasure\'s copy of what it deletes is a store like any', () => {
    const check = runJig(['check', 'test/fixtures/rights/unserved', '--format', 'json']);
    const findings = (JSON.parse(check.stdout) as { diagnostics: { file: string; line: number; column: number; code: string; message: string }[] }).diagnostics;
    expect(findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.code} ${/('contact_[a-z_]+'(, )?)+/.exec(finding.message)?.[0]}`)).toEqual([
      // The erasure deletes contacts in a partition of its own choosing, not each document's.
      "test/fixtures/rights/unserved/contacts.jig:14:3 JIG3603 'contact_erasure', 'contact_opt_out'",
      "test/fixtures/rights/unserved/contacts.jig:15:3 JIG3603 'contact_erasure'",
      "test/fixtures/rights/unserved/contacts.jig:18:3 JIG3603 'contact_erasure'",
      // The erasure's copy of what it deletes, which no rights flow reaches: a rights flow's store is
      // exempt only where it rewrites the documents it serves.
      "test/fixtures/rights/unserved/rights/contact.jig:82:5 JIG3603 'contact_access', 'contact_erasure', 'contact_correction', 'contact_opt_out'",
      // The opt-out's store under a condition serves nothing, and is a store of contacts like any.
      "test/fixtures/rights/unserved/rights/contact.jig:164:7 JIG3603 'contact_erasure', 'contact_opt_out'",
    ]);
    expect(check.status).toBe(1);
  });

  test('a rights flow serves its right only where it acts: an erasure flow that reads a container without deleting there does not reach it', () => {
    const folder = examplesCopy();
    const rights = join(folder, 'rights', 'contact.jig');
    const text = readFileSync(rights, 'utf8');
    const deletion = '  for each document in invoices {\n    delete document.id from cosmos("jigajob", "invoices")\n  }\n';
    expect(text).toContain(deletion);
    // The flow still queries the invoices (and an access flow that only rewrites them would be no better).
    writeFileSync(rights, text.replace(deletion, ''));
    const check = runJig(['check', folder, '--format', 'json']);
    const findings = (JSON.parse(check.stdout) as { diagnostics: { file: string; line: number; code: string; message: string; severity: string }[] }).diagnostics.filter((finding) => finding.severity !== 'info');
    expect(findings.map((finding) => `${basename(finding.file)}:${finding.line} ${finding.code}`)).toEqual(['invoice_intake.jig:33 JIG3603']);
    expect(findings[0]!.message).toContain("which the rights flows 'contact_erasure' do not reach");
    expect(check.status).toBe(1);
  });

  test('personal data kept where no rights flow can reach it (SQL, an HTTP write into Blob storage) is reported, and the report says it is kept until deleted', () => {
    // A company policy of its own that allows SQL and Blob storage and lets §8's finding about
    // them be waived: JigAjob's allows Cosmos DB alone, so only such a policy meets this case.
    const folder = examplesCopy();
    const own = readFileSync(join(repoRoot, 'compiler', 'src', 'policy', 'jigajob.policy.yaml'), 'utf8')
      .replace(/^id: jigajob$/m, 'id: jigajobsql')
      .replace(/^allowedStores: \[cosmos\]$/m, 'allowedStores: [cosmos, sql, blob]')
      .replace(/(\n  s08-retention:\n(?:    .*\n)*?    waivable: )false/, '$1true');
    expect(own).toContain('allowedStores: [cosmos, sql, blob]');
    writeFileSync(join(folder, 'policy', 'own.policy.yaml'), own);
    const examplesPolicy = join(folder, 'policy', 'jigajob-examples.policy.yaml');
    writeFileSync(examplesPolicy, readFileSync(examplesPolicy, 'utf8').replace(/^extends: jigajob$/m, 'extends: own.policy.yaml'));
    for (const file of ['invoice_intake.jig']) {
      const path = join(folder, file);
      writeFileSync(path, readFileSync(path, 'utf8').replace('policy jigajob >=', 'policy jigajobsql >='));
    }
    const project = join(folder, 'jig.yaml');
    writeFileSync(project, readFileSync(project, 'utf8').replace('    - contoso.sharepoint.com\n', '    - contoso.sharepoint.com\n    - contoso-sql.database.windows.net\n'));
    writeFileSync(
      join(folder, 'leads.jig'),
      `type Lead {
  id:    string @business.transaction
  name:  string @personal.name
  email: string @personal.contact @subject(contact)
}

@purpose(automation, "Keep the client's sales leads")
@data(business.transaction, personal.name, personal.contact)
@retain(30 days)
flow keep_leads {
  trigger http post body Lead
  store trigger.body in sql("contoso-sql.database.windows.net", "crm", "leads")
    @allow(s08-retention, "The CRM purges leads monthly")
  call http put "https://contosoreports.blob.core.windows.net/leads/latest.json" body trigger.body
    @allow(s08-retention, "A lifecycle rule purges the container monthly")
  respond 202
}
`,
    );
    const check = runJig(['check', folder, '--format', 'json']);
    const findings = (JSON.parse(check.stdout) as { diagnostics: { file: string; line: number; column: number; severity: string; code: string; message: string }[] }).diagnostics.filter((finding) => finding.severity !== 'info');
    // What the waivers cover (§8: nothing ends the data's lifetime there) is reported as info, as is order_sync's declassification.
    expect(JSON.parse(check.stdout).summary.infos).toBe(3);
    expect(findings.map((finding) => `${basename(finding.file)}:${finding.line}:${finding.column} ${finding.code}`)).toEqual(['leads.jig:12:25 JIG3604', 'leads.jig:14:17 JIG3604']);
    expect(findings[0]!.message).toBe(
      'This step keeps a contact\'s personal data in sql("contoso-sql.database.windows.net", "crm", "leads"), where no rights flow can serve a request: Jig\'s rights flows read, rewrite and delete only cosmos(…) documents. Keep it in cosmos(…).',
    );
    expect(findings[1]!.message).toContain('in Azure Blob storage (through call http), where no rights flow can serve a request');
    expect(check.status).toBe(1);
    const report = JSON.parse(runJig(['report', folder, '--format', 'json']).stdout) as { containers: { store: string; enforced: boolean; longestRetention?: string }[] };
    expect(report.containers.find((container) => container.store === 'sql')).toMatchObject({ enforced: false, longestRetention: 'until deleted' });
    expect(runJig(['report', folder]).stdout).toContain(
      '  - sql `contoso-sql.database.windows.net/crm/leads`: `business.transaction`, `personal.name`, `personal.contact`, kept until deleted (sql keeps data without a lifetime; @retain(30 days) is not enforced)\n',
    );

    // Where a policy lets the rule be waived, a waiver on the step covers its finding as any rule's.
    const ownPolicy = join(folder, 'policy', 'own.policy.yaml');
    writeFileSync(ownPolicy, readFileSync(ownPolicy, 'utf8').replace(/(\n  s06-rights-coverage:\n(?:    .*\n)*?    waivable: )false/, '$1true'));
    const leads = join(folder, 'leads.jig');
    writeFileSync(
      leads,
      readFileSync(leads, 'utf8').replace(
        '    @allow(s08-retention, "The CRM purges leads monthly")\n',
        '    @allow(s08-retention, "The CRM purges leads monthly")\n    @allow(s06-rights-coverage, "The CRM answers requests about leads")\n',
      ),
    );
    const waived = JSON.parse(runJig(['check', folder, '--format', 'json']).stdout) as { summary: { infos: number }; diagnostics: { file: string; line: number; severity: string; code: string }[] };
    // (order_sync's declassification, information of another file, aside.)
    expect(waived.diagnostics.filter((finding) => finding.code !== 'JIG3015').map((finding) => `${basename(finding.file)}:${finding.line} ${finding.code} ${finding.severity}`)).toEqual([
      'leads.jig:12 JIG3604 info',
      'leads.jig:12 JIG3805 info',
      'leads.jig:15 JIG3604 error',
      'leads.jig:15 JIG3805 info',
    ]);
  });

  test('a project without rights flows is not checked for them', () => {
    const folder = examplesCopy();
    rmSync(join(folder, 'rights'), { recursive: true });
    const check = runJig(['check', folder]);
    expect(check.status).toBe(0);
    expect(check.stdout).not.toContain('JIG3603');
  });

  test("the access export goes to the client's own mailbox: --mailbox, else privacy@ its first mail domain, else a usage error", () => {
    const folder = examplesCopy();
    expect(readFileSync(join(folder, 'rights', 'contact.jig'), 'utf8')).toContain('to "privacy@contoso.example"');
    expect(runJig(['rights', folder, '--mailbox', 'dpo@contoso.example']).status).toBe(0);
    expect(readFileSync(join(folder, 'rights', 'contact.jig'), 'utf8')).toContain('to "dpo@contoso.example"');
    expect(runJig(['check', folder]).status).toBe(0);
    // A mailbox outside the client's mail domains is a share with a third party, as any mail.
    expect(runJig(['rights', folder, '--mailbox', 'dpo@elsewhere.example']).status).toBe(0);
    const outside = runJig(['check', folder]);
    expect(outside.status).toBe(1);
    expect(outside.stdout).toContain("to 'dpo@elsewhere.example', outside the client's mail domains");
    // Not one plain address (it is written into a Jig string): refused before anything is written.
    const injected = runJig(['rights', folder, '--mailbox', 'a${trigger.body.key}@contoso.example']);
    expect([injected.status, injected.stderr]).toEqual([2, 'jig rights: --mailbox "a${trigger.body.key}@contoso.example" is not one plain address (local@domain)\n']);
    writeFileSync(join(folder, 'jig.yaml'), readFileSync(join(folder, 'jig.yaml'), 'utf8').replace(/ {2}mailDomains:\n {4}- contoso\.example\n/, ''));
    const none = runJig(['rights', folder]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("name the client's own mailbox that access requests are mailed to (--mailbox ADDRESS)");
  });

  test('a project whose store names its container by a computed value: its finding, exit 1, no internal error', () => {
    const folder = mkdtempSync(join(tmpdir(), 'jig-rights-computed-'));
    writeFileSync(join(folder, 'jig.yaml'), 'resources:\n  mailDomains: [contoso.example]\n');
    writeFileSync(
      join(folder, 'contacts.jig'),
      [
        'type Contact {',
        '  id:    string @system.operational',
        '  email: string @personal.contact @subject(contact)',
        '  team:  string @business.other',
        '}',
        '@purpose(automation, "Keep contacts per team")',
        '@data(personal.contact, business.other, system.operational)',
        '@retain(300 days)',
        'flow keep_contacts {',
        '  trigger http post body Contact',
        '  store trigger.body in cosmos("jigajob", "contacts-${trigger.body.team}")',
        '}',
        '',
      ].join('\n'),
    );
    const run = runJig(['rights', folder]);
    expect(run.stderr).toBe("jig rights: some files have errors, and what they store is not served; 'jig check' shows them\n");
    expect(run.status).toBe(1);
    expect(runJig(['check', folder]).stdout).toContain('JIG2030');
  });
});
