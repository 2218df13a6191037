import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileText } from '../../compiler/src/compilation.js';
import { buildDataMap } from '../../compiler/src/report/datamap.js';
import { renderMarkdown } from '../../compiler/src/report/markdown.js';
import { escapeHtml, renderHtml } from '../../compiler/src/report/html.js';
import { command } from '../../compiler/src/cli/commands/report.js';
import { fixturePolicy, fixtureProject, fixtures, repoRoot } from './helpers.js';
import { ProjectFacts } from '../../compiler/src/flow/project-data.js';

const policy = fixturePolicy();
// The fixtures' project (the client's own resources), as fixtures.test.ts reads it.
const project = fixtureProject();
const compileFixture = (path: string) => compileText(join(fixtures, path), readFileSync(join(fixtures, path), 'utf8'), { policy, project });

const map = buildDataMap(
  ['clean/invoice-intake.jig', 'clean/mailbox-triage.jig', 'clean/industry-report.jig', 'clean/waived-opt-out.jig', 'violations/s02-store-in-blob.jig'].map(compileFixture),
  fixtures,
);
const flow = (name: string) => map.flows.find((f) => f.name === name)!;

describe('the data map', () => {
  test('a flow: purpose, categories, stores with retention, processors, secure data', () => {
    expect(flow('invoice_intake')).toMatchObject({
      purpose: { id: 'automation', kind: 'primary', reason: "File vendor invoices for the client's bookkeeping" },
      declared: ['business.transaction', 'business.email', 'personal.name'],
      retention: '1 year',
      stores: [{ store: 'cosmos', location: 'jigajob/invoices', retention: '1 year', retentionSeconds: 31_536_000 }],
      sends: [
        { kind: 'http', destination: 'approvals.example.com', platform: false, processor: 'approvals_inc', categories: ['business.transaction'] },
        // `respond 202` runs only when no line failed the check before it: it tells the caller about the lines.
        { kind: 'respond', destination: 'the caller', platform: false, categories: ['business.transaction'] },
      ],
      processors: ['approvals_inc'],
      secureData: { trigger: true, categories: ['personal.name'] },
      waivers: [],
      errors: 0,
    });
  });

  test('waivers are listed with what they waive', () => {
    expect(flow('margin_benchmark').waivers).toEqual([
      { rule: 's06-opt-out', section: '6', reason: 'The benchmark service only posts clients who opted in', line: 12, valid: true, waives: ['JIG3601 line 14'] },
    ]);
  });

  test('declassifications are listed, as waivers are, and refused ones marked', () => {
    const declassifying = buildDataMap(['clean/declassify-ocr-total.jig', 'violations/s01-declassify-refused.jig'].map(compileFixture), fixtures);
    const of = (name: string) => declassifying.flows.find((f) => f.name === name)!.declassifications;
    expect(of('read_totals')).toEqual([{ category: 'personal.name', reason: 'The OCR service returns only the invoice total', line: 20, allowed: true }]);
    expect(of('read_forms').map((d) => [d.category, d.allowed])).toEqual([
      ['personal.minor', false],
      ['personal.name', false],
    ]);
    expect(renderMarkdown(declassifying)).toContain('`personal.name` line 20: “The OCR service returns only the invoice total”');
    expect(renderHtml(declassifying)).toContain('<code>personal.minor</code>, line 16: “The OCR returns only totals” — <span class="error">refused</span>');
  });

  test('flows with errors are mapped and marked', () => {
    expect(flow('archive_receipts')).toMatchObject({ errors: 1, stores: [{ store: 'blob', location: 'jigajobarchive/receipts' }] });
  });

  test('containers: the categories each holds, whether personal, and who keeps them how long', () => {
    const mail = map.containers.find((c) => c.location === 'jigajob/supplier_mail');
    expect(mail).toMatchObject({ store: 'cosmos', personal: true, writers: [{ flow: 'mailbox_triage', retention: '30 days' }], longestRetention: '30 days' });
    expect(mail?.categories).toContain('personal.minor');
    // Whose data it is, by the field a request under §6 looks them up with.
    expect(mail?.subjects).toEqual([{ kind: 'person', field: 'id' }]);
    expect(renderMarkdown(map)).toContain("| cosmos | jigajob/supplier_mail | ");
    expect(renderMarkdown(map)).toMatch(/\| cosmos \| jigajob\/supplier_mail \| [^\n]* \| yes \| person \(`id`\) \| mailbox_triage \(30 days\) \|/);
    expect(renderHtml(map)).toContain('<td>person (<code>id</code>)</td>');
    expect(map.containers.find((c) => c.location === 'jigajob/industry_trends')).toMatchObject({ personal: false, categories: ['aggregate.anonymized'] });
  });

  test("what the map's platform and shares rest on: the policy's platform, the project's own resources, the processors and who shares with each", () => {
    expect(map.trust).toEqual([
      {
        policy: 'jigajob-fixtures',
        platform: { hosts: policy.platform.hosts, connectors: policy.platform.connectors, mailDomains: [] },
        project: { hosts: project.hosts, mailDomains: ['contoso.example'], teams: ['0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'], subscriptions: ['5e1f0a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b'] },
        processors: [
          { id: 'approvals_inc', hosts: ['approvals.example.com'], categories: ['business.transaction'], flows: ['invoice_intake'] },
          { id: 'crm_inc', hosts: ['*.crm.example.com'], categories: ['business', 'personal'], flows: [] },
        ],
      },
    ]);
    expect(project.hosts).toContain('contosoarchive.blob.core.windows.net');
    const markdown = renderMarkdown(map);
    expect(markdown).toContain('- **The project (jig.yaml `resources`):** hosts `ocr-contoso.azurewebsites.net`, `planner-contoso.azurewebsites.net`, `contosoarchive.blob.core.windows.net`,');
    expect(markdown).toContain('| `approvals_inc` | `approvals.example.com` | `business.transaction` | invoice_intake |\n| `crm_inc` | `*.crm.example.com` | `business`, `personal` | — |\n');
    expect(markdown).toContain('; Azure subscriptions `5e1f0a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b`');
    expect(renderHtml(map)).toContain('<tr><td><code>crm_inc</code></td><td><code>*.crm.example.com</code></td><td><code>business</code> <code>personal</code></td><td>—</td></tr>');
  });

  test("a raw action's send is in the map, as the checker counts it: every declared category to a place Jig cannot know", () => {
    const raw = buildDataMap([compileFixture('violations/s03-raw-action.jig')], fixtures);
    // `respond 202` answers nothing of the data.
    expect(raw.flows[0]!.sends).toEqual([{ kind: 'raw', destination: "a place only its JSON names (raw action 'Post_it')", platform: false, categories: ['personal.name'] }]);
    expect(renderMarkdown(raw)).toContain("  - raw to a place only its JSON names (raw action 'Post_it'): `personal.name`\n");
  });

  test("a raw action's send lists what the project keeps anywhere, as the checker counts it, not only what its flow declares", () => {
    const text = `type Contact {
  id:    string @business.other
  email: string @personal.contact @subject(contact)
}

@purpose(automation, "Keep contacts")
@data(business.other, personal.contact)
@retain(30 days)
flow keep_contact {
  trigger http post body Contact
  store trigger.body in cosmos("jigajob", "contacts")
}

@purpose(automation, "Tick")
@data(business.other)
@retain(30 days)
flow tick {
  trigger schedule every 1 day
  raw action "Post_it" {
    "type": "Http",
    "inputs": { "method": "GET", "uri": "https://collector.example.net/x" }
  }
}
`;
    const compilation = compileText(join(fixtures, 'raw-kept.jig'), text, { policy, project });
    // The checker: the raw action may read the contacts the project keeps and send them anywhere.
    expect(compilation.diagnostics.filter((d) => d.code === 'JIG3301').map((d) => d.message)).toEqual([expect.stringContaining("'business.other', 'personal.contact'")]);
    const sends = buildDataMap([compilation], fixtures).flows.find((f) => f.name === 'tick')!.sends;
    expect(sends).toEqual([{ kind: 'raw', destination: "a place only its JSON names (raw action 'Post_it')", platform: false, categories: ['business.other', 'personal.contact'] }]);
  });

  test('the policy it was checked against, its file relative to the project', () => {
    expect(map.policies).toEqual([{ id: 'jigajob-fixtures', version: '2023-08-27', hash: policy.hash, source: 'fixtures.policy.yaml' }]);
    expect(flow('invoice_intake').file).toBe('clean/invoice-intake.jig');
  });

  test('reads: every container a flow queries, with what the project stores there', () => {
    const source = (name: string, text: string) => compileText(join(fixtures, name), text, { policy, projectData: facts });
    const facts = new ProjectFacts();
    const crm = source(
      'crm.jig',
      `type Contact {
  id:    string @business.other
  email: string @personal.contact
}

@purpose(automation, "Greet each new contact")
@data(business.other)
@retain(1 day)
flow greet_contacts {
  trigger schedule every 1 day
  let contacts = query cosmos("crm", "contacts") returns Contact[]
  for each contact in contacts {
    store { id: contact.id } in cosmos("crm", "greeted")
  }
}
`,
    );
    const read = buildDataMap([crm], fixtures);
    // The flow reads the contacts' e-mail addresses only to loop over them; the container holds them.
    expect(read.flows[0]!.reads).toEqual([{ store: 'cosmos', location: 'crm/contacts', categories: ['business.other', 'personal.contact'] }]);
    expect(read.containers.find((c) => c.location === 'crm/contacts')).toMatchObject({
      personal: true,
      categories: ['business.other', 'personal.contact'],
      writers: [],
      readers: ['greet_contacts'],
    });
    expect(renderMarkdown(read)).toContain('| cosmos | crm/contacts | `business.other`, `personal.contact` | yes | — | — | greet_contacts |');
    expect(renderMarkdown(read)).toContain('- **Reads:**\n  - cosmos `crm/contacts`: `business.other`, `personal.contact`');
  });
});

describe('renderings', () => {
  test('Markdown', () => {
    const text = renderMarkdown(map);
    expect(text).toContain('### invoice_intake\n\nclean/invoice-intake.jig:24');
    expect(text).toContain('  - cosmos `jigajob/invoices`: `business.transaction`, `business.email`, `personal.name`, kept 1 year');
    expect(text).toContain('| cosmos | jigajob/supplier_mail |');
    expect(text).toContain('**1 error: not deployable**');
    expect(text).toContain('  - `s06-opt-out` (§6) line 12: “The benchmark service only posts clients who opted in” — waives JIG3601 line 14');
  });

  test('HTML: a self-contained page with an inline SVG diagram of who writes what where', () => {
    const html = renderHtml(map);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|href="http/);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(svg).toMatch(/<text x="30" y="\d+">invoice_intake<\/text>/);
    expect(svg).toContain('cosmos jigajob/invoices');
    expect(svg).toContain('approvals_inc (approvals.example.com)');
    expect(svg).toMatch(/<g class="edge minor">/);
    expect(svg).toMatch(/<g class="edge personal">/);
    expect((svg.match(/<g class="edge /g) ?? []).length).toBe(
      map.flows.reduce((n, f) => n + f.stores.length + f.sends.filter((s) => s.categories.length > 0).length, 0),
    );
  });

  test('HTML escapes what the sources wrote', () => {
    expect(escapeHtml(`<b a="x">&'`)).toBe('&lt;b a=&quot;x&quot;&gt;&amp;&#39;');
    const tricky = compileText('t.jig', readFileSync(join(fixtures, 'clean/invoice-intake.jig'), 'utf8').replace("bookkeeping\")", "bookkeeping <script>\")"), { policy });
    expect(renderHtml(buildDataMap([tricky]))).toContain('bookkeeping &lt;script&gt;');
  });
});

describe('jig report', () => {
  async function run(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await command.run({
      args,
      cwd: repoRoot,
      env: { NO_COLOR: '1' },
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    });
    return { code, stdout, stderr };
  }

  test('maps the examples project as JSON, its paths relative to the project', async () => {
    const { code, stdout } = await run('examples', '--format', 'json');
    const report = JSON.parse(stdout);
    expect(report.policies[0]).toMatchObject({ id: 'jigajob-examples', source: 'policy/jigajob-examples.policy.yaml' });
    expect(report.flows.map((f: { file: string }) => f.file)).toContain('invoice_intake.jig');
    // nightly_reminders queries the invoices container: it is listed as a reader.
    expect(report.containers.find((c: { location: string }) => c.location === 'jigajob/invoices').readers).toContain('nightly_reminders');
    expect(report.flows.length).toBeGreaterThan(0);
    expect(code).toBe(report.flows.some((f: { errors: number }) => f.errors > 0) ? 1 : 0);
  });

  test('a flow with errors makes the exit code 1, and is still reported', async () => {
    const { code, stdout } = await run(join(fixtures, 'violations/s02-store-in-blob.jig'), '--policy', join(fixtures, 'fixtures.policy.yaml'));
    expect(code).toBe(1);
    expect(stdout).toContain('### archive_receipts');
  });

  test('a file that gives the map no flow because of its errors says why on stderr, and the exit code is 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jig-report-'));
    try {
      writeFileSync(join(dir, 'typo.jig'), 'flwo intake {\n}\n');
      writeFileSync(join(dir, 'binary.jig'), 'flow \u0000');
      writeFileSync(join(dir, 'empty.jig'), '// nothing yet\n');
      const { code, stdout, stderr } = await run(dir, '--format', 'json');
      expect(JSON.parse(stdout).flows).toEqual([]);
      expect(stderr).toContain("typo.jig:1:1: error JIG1001 Expected a declaration (policy, param, type or flow) but found 'flwo'.");
      expect(stderr).toContain('binary.jig:1:1: error JIG0002');
      expect(stderr).not.toContain('empty.jig');
      expect(code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a broken policy file exits 2', async () => {
    const { code, stdout } = await run(join(fixtures, 'clean/invoice-intake.jig'), '--policy', join(fixtures, 'loader/wrong-type.policy.yaml'));
    expect(code).toBe(2);
    expect(stdout).toContain('JIG3952');
  });
});
