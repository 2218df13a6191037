import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileText } from '../../compiler/src/compilation.js';
import type { Diagnostic } from '../../compiler/src/diagnostics/diagnostic.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import { checkDeploymentRegion, normalizeRegion } from '../../compiler/src/policy/rules/s07-regions.js';
import { hostMatches } from '../../compiler/src/policy/destinations.js';
import { compareVersions } from '../../compiler/src/policy/versions.js';
import { applyEdits, fixturePolicy, fixtureProject, fixtures, loadPolicyFile } from './helpers.js';

const policy = fixturePolicy();
// The fixtures' project: the client's own resources that some fixtures send to (§3), as fixtures.test.ts reads it.
const project = fixtureProject();
const compile = (text: string) => compileText('test.jig', text, { policy, project });
const read = (path: string) => readFileSync(join(fixtures, path), 'utf8');

function fixAll(text: string, code: string): string {
  const diagnostic = compile(text).diagnostics.find((d) => d.code === code);
  expect(diagnostic?.fixes?.length, `a fix for ${code}`).toBeGreaterThan(0);
  return applyEdits(text, diagnostic!.fixes![0]!.edits);
}

describe('removing any mandatory annotation from a clean flow is an error', () => {
  const MANDATORY = { purpose: 'JIG3001', data: 'JIG3002', retain: 'JIG3003' } as const;
  const clean = readdirSync(join(fixtures, 'clean')).filter((name) => name.endsWith('.jig'));

  // Exhaustive: every clean fixture, every flow, every non-empty subset of its mandatory annotations.
  test.each(clean)('%s', (name) => {
    const text = read(join('clean', name));
    const compilation = compile(text);
    expect(compilation.hasErrors).toBe(false);
    const flows = compilation.syntax.file.declarations.filter((d) => d.kind === 'Flow');
    expect(flows.length).toBeGreaterThan(0);
    for (const flow of flows) {
      const annotations = flow.annotations.filter((a) => a.name.name in MANDATORY);
      expect(annotations.map((a) => a.name.name).sort()).toEqual(['data', 'purpose', 'retain']);
      for (let subset = 1; subset < 1 << annotations.length; subset++) {
        const removed = annotations.filter((_, i) => subset & (1 << i));
        const mutated = applyEdits(text, removed.map((a) => ({ range: a.range, newText: '' })));
        const errors = compile(mutated).diagnostics.filter((d) => d.severity === 'error' && !d.waived);
        for (const annotation of removed) {
          const code = MANDATORY[annotation.name.name as keyof typeof MANDATORY];
          expect(errors.map((d) => d.code), `${name}: without @${annotation.name.name}`).toContain(code);
        }
      }
    }
  });
});

describe('policy diagnostics cite the policy', () => {
  test('with id, version, section, quote and rule, at the exact step', () => {
    const compilation = compile(read('violations/s03-no-share.jig'));
    const [diagnostic] = compilation.diagnostics;
    expect(diagnostic?.policy).toEqual({
      id: 'jigajob-fixtures',
      version: '2023-08-27',
      section: '3',
      quote: "We do not share your data with any third parties beyond what's necessary for the operations of our services.",
      rule: 's03-sharing',
    });
    expect(compilation.source.text.slice(diagnostic!.range.start, diagnostic!.range.end)).toBe('"https://hooks.salesapp.example.com/leads"');
  });

  test("undeclared mailbox data is one finding at the trigger, citing §9 when minors' data is among it and §1 otherwise", () => {
    const text = read('violations/s01-mailbox-brings-personal-data.jig');
    const undeclared = (source: string) => compile(source).diagnostics.filter((d) => d.code === 'JIG3004');
    const [all, ...others] = undeclared(text);
    expect(others).toEqual([]);
    expect(all?.message).toContain("'personal.name', 'personal.contact'");
    expect(all?.message).toContain("'personal.minor' reach this flow through");
    expect(all?.policy).toMatchObject({ section: '9', quote: policy.rules.get('s09-minors')!.quote, rule: 'data-coverage' });
    const [personal, ...more] = undeclared(text.replace('@data(business, system.operational)', '@data(business, system.operational, personal.minor)'));
    expect(more).toEqual([]);
    expect(personal?.message).not.toContain('personal.minor');
    expect(personal?.policy).toMatchObject({ section: '1', quote: policy.rules.get('s01-personal-purpose')!.quote });
  });

  test('a provisional maximum says so', () => {
    const [diagnostic] = compile(read('violations/s08-personal-too-long.jig')).diagnostics;
    expect(diagnostic?.message).toBe("Retention 2 years exceeds the provisional maximum of 1 year for 'personal.name', which this store writes.");
    expect(diagnostic?.related?.[0]?.message).toBe("'personal.name' is stored here");
  });

  test('a policy file may change a rule\'s severity', () => {
    const { policy: relaxed } = loadPolicyFile(join(fixtures, 'loader/company.policy.yaml'));
    const text = read('violations/general-unused-category.jig');
    expect(compile(text).diagnostics[0]?.severity).toBe('warning');
    const strict = { ...relaxed!, rules: new Map([...relaxed!.rules].map(([id, r]) => [id, id === 'unused-category' ? { ...r, severity: 'error' as const } : r])) };
    expect(compileText('t.jig', text, { policy: strict }).diagnostics.find((d) => d.code === 'JIG3005')?.severity).toBe('error');
  });

  test("a rule's categories come from the policy file", () => {
    const text = `type Ping {
  at: string @system.operational
}

@purpose(analytics, "Uptime figures")
@data(system.operational)
@retain(30 days)
flow uptime {
  trigger schedule every 1 hour
  let pings = query cosmos("jigajob", "pings") returns Ping[]
  for each ping in pings {
    store ping in cosmos("jigajob", "uptime")
  }
}
`;
    expect(compile(text).diagnostics).toEqual([]);
    const stricter = {
      ...policy,
      rules: new Map([...policy.rules].map(([id, r]) => [id, id === 's04-secondary-use' ? { ...r, categories: ['aggregate.anonymized'] } : r])),
    };
    expect(compileText('t.jig', text, { policy: stricter }).diagnostics.map((d) => d.code)).toEqual(['JIG3401']);
  });

  test('a store into Blob storage, where a policy allows it, keeps data Jig cannot expire (§8, JIG3805)', () => {
    const withBlob = { ...policy, allowedStores: ['cosmos', 'blob'] as typeof policy.allowedStores };
    const text = read('violations/s02-store-in-blob.jig');
    const found = compileText('t.jig', text, { policy: withBlob, project }).diagnostics;
    expect(found.map((d) => [d.code, text.slice(d.range.start, d.range.end), d.policy?.section])).toEqual([['JIG3805', 'blob("jigajobarchive", "receipts")', '8']]);
    // Under the policy as it is, the same store is §2's finding only.
    expect(compile(text).diagnostics.map((d) => d.code)).toEqual(['JIG3201']);
  });

  test('a rule the policy leaves out is not checked', () => {
    const without = { ...policy, rules: new Map([...policy.rules].filter(([id]) => id !== 's02-allowed-stores')) };
    expect(compileText('t.jig', read('violations/s02-store-in-blob.jig'), { policy: without, project }).diagnostics).toEqual([]);
  });
});

describe('fixes', () => {
  test('declaring the categories that flow', () => {
    const fixed = fixAll(read('violations/s01-mailbox-brings-personal-data.jig'), 'JIG3004');
    expect(fixed).toContain('@data(business, system.operational, personal.name, personal.contact, personal.identifier, personal.financial, personal.other, personal.minor)');
    // What is left is the fixture's other finding: the mail goes to a domain that is not the client's.
    expect(compile(fixed).diagnostics.map((d) => d.code)).toEqual(['JIG3301', 'JIG3901']);
  });

  test('removing a waiver that waives nothing (JIG3012), on a step and on a flow', () => {
    const text = read('violations/general-waivers.jig');
    const fixed = fixAll(text, 'JIG3012');
    expect(fixed).toBe(text.replace('\n    @allow(s06-opt-out, "Nothing to filter here")', ''));
    expect(compile(fixed).diagnostics.map((d) => d.code)).not.toContain('JIG3012');
    const onFlow = read('violations/s08-rewrite-refreshes.jig').replace('@retain(90 days)\nflow keep', '@retain(90 days)\n@allow(s06-opt-out, "Nothing to filter")\nflow keep');
    expect(fixAll(onFlow, 'JIG3012')).toBe(read('violations/s08-rewrite-refreshes.jig'));
  });

  test('keeping documents written back shorter than any other store keeps them (JIG3806)', () => {
    const text = read('violations/s08-rewrite-refreshes.jig');
    const fixed = fixAll(text, 'JIG3806');
    expect(fixed).toContain('store { id: ticket.id, status: "seen" } in cosmos("jigajob", "tickets") @retain(89 days)\n');
    expect(compile(fixed).diagnostics).toEqual([]);
    // A store with its own @retain gets it shortened.
    const own = text.replace('in cosmos("jigajob", "tickets")\n  }', 'in cosmos("jigajob", "tickets") @retain(1 year)\n  }');
    expect(fixAll(own, 'JIG3806')).toBe(fixed);
  });

  test('shortening a retention to the maximum', () => {
    const fixed = fixAll(read('violations/s08-store-retain-too-long.jig'), 'JIG3801');
    expect(fixed).toContain('@retain(30 days) @subject(person, id)\n}');
    expect(compile(fixed).diagnostics).toEqual([]);
  });

  test('marking the field that identifies the data subject', () => {
    let text = read('violations/s06-subject-key-missing.jig');
    const first = compile(text).diagnostics.find((d) => d.code === 'JIG3602')!;
    // The likeliest identifier first: the contact address, then the name, then a business id.
    expect(first.fixes!.map((fix) => fix.title)).toEqual([
      "Mark 'email' of 'Applicant' as the subject key: @subject(applicant)",
      "Mark 'name' of 'Applicant' as the subject key: @subject(applicant)",
      "Mark 'id' of 'Applicant' as the subject key: @subject(applicant)",
    ]);
    text = fixAll(text, 'JIG3602');
    expect(text).toContain('email: string @personal.contact @subject(applicant)\n');
    text = fixAll(text, 'JIG3602');
    expect(text).toContain('in cosmos("jigajob", "applicant-names") @subject(person, id)\n');
    expect(compile(text).diagnostics).toEqual([]);
  });

  test('adding each missing annotation', () => {
    let text = read('violations/general-missing-annotations.jig');
    for (const code of ['JIG3002', 'JIG3003', 'JIG3001']) text = fixAll(text, code);
    expect(text).toContain('@purpose(automation, "Describe the automation the client asked for")\n@retain(7 years)\n@data(business.transaction)\nflow bare_flow');
    expect(compile(text).diagnostics).toEqual([]);
  });

  test('a missing @retain gets the shortest maximum of the categories the flow handles, stored or not', () => {
    const flow = (personal: string) => `type Lead {
  budget: number @business.transaction
  ${personal ? `who: string @${personal}` : ''}
}

@purpose(automation, "Keep the budgets of leads")
@data(business.transaction${personal ? `, ${personal}` : ''})
flow keep_budgets {
  trigger http post body Lead
  store { id: guid(), budget: trigger.body.budget } in cosmos("jigajob", "budgets")
  respond 200
}
`;
    // Only business data: its maximum, 7 years.
    expect(fixAll(flow(''), 'JIG3003')).toContain('@retain(7 years)\n@purpose');
    // Personal data read, business data stored: the year personal data may be kept, not 7 years.
    const withName = fixAll(flow('personal.name'), 'JIG3003');
    expect(withName).toContain('@retain(1 year)\n@purpose');
    expect(compile(withName).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(fixAll(flow('personal.minor'), 'JIG3003')).toContain('@retain(30 days)\n@purpose');
  });

  test('naming the processor a host belongs to', () => {
    const text = read('violations/s03-processor-host.jig').replace('@share(approvals_inc, "The client asked for approvals")', '').replace('approvals.example.net', 'approvals.example.com');
    const fixed = fixAll(text, 'JIG3301');
    expect(fixed).toContain('body trigger.body @share(approvals_inc, "Describe why approvals_inc needs this data")');
    expect(compile(fixed).diagnostics).toEqual([]);
    expect(compile(read('violations/s03-no-share.jig')).diagnostics[0]?.fixes).toBeUndefined();
  });

  test('removing an unused category, and correcting unknown names', () => {
    expect(compile(fixAll(read('violations/general-unused-category.jig'), 'JIG3005')).diagnostics).toEqual([]);
    let text = read('violations/general-unknown-names.jig');
    for (let round = 0; round < 6; round++) {
      const next = compile(text).diagnostics.find((d: Diagnostic) => ['JIG3006', 'JIG3007', 'JIG3008', 'JIG3004'].includes(d.code));
      if (!next) break;
      text = applyEdits(text, next.fixes![0]!.edits);
    }
    expect(text).toContain('@personal.name\n');
    expect(text).toContain('@purpose(automation,');
    expect(text).toContain('@share(crm_inc,');
    expect(compile(text).diagnostics).toEqual([]);
  });
});

describe('waivers', () => {
  test('a waived finding stays listed, with its reason, and no longer fails the build', () => {
    const compilation = compile(read('clean/waived-opt-out.jig'));
    expect(compilation.hasErrors).toBe(false);
    expect(compilation.diagnostics).toHaveLength(1);
    expect(compilation.diagnostics[0]).toMatchObject({
      code: 'JIG3601',
      severity: 'error',
      waived: { reason: 'The benchmark service only posts clients who opted in' },
    });
    expect(compilation.policyResult.waivers.map((w) => [w.rule?.id, w.valid])).toEqual([['s06-opt-out', true]]);
  });

  test('a waiver by code, on the step, waives only inside that step', () => {
    const text = read('violations/s06-http-response.jig').replace(
      'returns Listing[]',
      'returns Listing[]\n    @allow(JIG3601, "The listing service filters opt-outs")',
    );
    const compilation = compile(text);
    expect(compilation.hasErrors).toBe(false);
    expect(compilation.diagnostics.map((d) => [d.code, d.waived?.reason])).toEqual([['JIG3601', 'The listing service filters opt-outs']]);
  });

  test('a waiver without a reason waives nothing', () => {
    const text = read('clean/waived-opt-out.jig').replace('"The benchmark service only posts clients who opted in"', '"  "');
    const codes = compile(text).diagnostics.map((d) => [d.code, !!d.waived]);
    expect(codes).toContainEqual(['JIG3601', false]);
    expect(codes).toContainEqual(['JIG3011', false]);
  });

  test('no comment silences a finding', () => {
    const text = read('violations/s02-store-in-blob.jig').replace('store trigger.body', '// jig-disable-next-line\n  // @allow(s02-allowed-stores, "comment")\n  store trigger.body');
    expect(compile(text).hasErrors).toBe(true);
  });
});

describe('§7 regions (a deployment setting: jig deploy calls the check)', () => {
  const jigajob = loadEmbeddedPolicy();

  test.each(['eastus', 'eastus2', 'East US 2', 'westus3'])('%s is one of the policy regions', (region) => {
    expect(checkDeploymentRegion(jigajob, region)).toBeUndefined();
  });

  test('a European region is a warning citing §7', () => {
    const diagnostic = checkDeploymentRegion(jigajob, 'westeurope', { start: 10, end: 20 });
    expect(diagnostic).toMatchObject({ code: 'JIG3701', severity: 'warning', range: { start: 10, end: 20 }, policy: { section: '7', rule: 's07-regions' } });
  });

  test('a misspelt region gets a did-you-mean', () => {
    expect(checkDeploymentRegion(jigajob, 'cetralus')?.message).toContain("Did you mean 'centralus'?");
  });

  test('a policy that makes the rule an error, or drops it', () => {
    const { policy: acme } = loadPolicyFile(join(fixtures, 'loader/company.policy.yaml'));
    expect(checkDeploymentRegion(acme!, 'eastus')?.severity).toBe('error');
    expect(checkDeploymentRegion(acme!, 'East US 2')).toBeUndefined();
    expect(checkDeploymentRegion({ ...jigajob, rules: new Map() }, 'westeurope')).toBeUndefined();
    expect(normalizeRegion('South Central US')).toBe('southcentralus');
  });
});

describe('§3 destinations', () => {
  const call = (binding: string, url: string) =>
    compile(`${binding.startsWith('param') ? binding : ''}
type Lead {
  company: string @business.contact
}

@purpose(automation, "Pass leads on")
@data(business.contact)
@retain(30 days)
flow pass_leads {
  trigger http post body Lead
  ${binding.startsWith('param') ? '' : binding}
  call http post ${url} body trigger.body
}
`).diagnostics.map((d) => d.code);

  test.each([
    // Graph keeps a list item or a file in the tenant, a store in SharePoint (§2: JigAjob keeps data
    // only in Cosmos DB); its other writes may reach whoever they name, a permission granted too.
    ['', '"https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com,1,2/lists/leads/items"', ['JIG3201']],
    ['', '"https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com,1,2/lists/leads/items/${trigger.body.company}"', ['JIG3201']],
    ['', '"https://graph.microsoft.com/v1.0/users/robot@contoso.com/drive/root:/leads.json:/content"', ['JIG3201']],
    ['', '"https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com,1,2/permissions"', ['JIG3301']],
    ['', '"https://graph.microsoft.com/v1.0/drives/1/items/2/permissions"', ['JIG3301']],
    // A SharePoint site's REST API (of a site anyone may rent, without jig.yaml): a list item is a
    // store there; a mail it sends, a share, goes on to whoever the request names.
    ['', `"https://leads.sharepoint.com/_api/web/lists/getbytitle('Leads')/items"`, ['JIG3201', 'JIG3301']],
    ['', `"https://leads.sharepoint.com/sites/s/_api/web/GetFolderByServerRelativeUrl('/x')/Files/add(url='a.json')"`, ['JIG3201', 'JIG3301']],
    ['', '"https://leads.sharepoint.com/_api/SP.Utilities.Utility.SendEmail"', ['JIG3301']],
    ['', '"https://graph.microsoft.com/v1.0/leads"', ['JIG3301']],
    ['', '"https://graph.microsoft.com/v1.0/users/robot@contoso.com/events"', ['JIG3301']],
    ['', '"https://graph.microsoft.com/v1.0/users/robot@contoso.com/mailboxSettings"', ['JIG3301']],
    ['', '"https://graph.microsoft.com/v1.0/$batch"', ['JIG3301']],
    ['', '"https://graph.microsoft.com/v1.0/drives/1/items/2/invite"', ['JIG3301']],
    ['', '"https://graph.microsoft.com/v1.0/${trigger.body.company}?x=/lists"', ['JIG3301']],
    // A multi-tenant suffix is anyone's: only the resources a project names are its own.
    ['', '"https://leads.azurewebsites.net/api"', ['JIG3301']],
    ['', '"https://leads.logic.azure.com/workflows/1/triggers/manual/paths/invoke"', ['JIG3301']],
    ['', '"https://${trigger.body.company}.azurewebsites.net/api"', ['JIG3301']],
    ['param hook: string = "https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com,1,2/lists/leads/items"', 'hook', ['JIG3201']],
    ['param hook: string = "https://leads.azurewebsites.net/api"', 'hook', ['JIG3301']],
    ['param hook: string', 'hook', ['JIG3301']],
    ['let hook = "https://hooks.example.com/leads"', 'hook', ['JIG3301']],
    ['let hook = "https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com,1,2/lists/leads/items"', 'hook', ['JIG3201']],
  ])('%s call http post %s', (binding, url, codes) => expect(call(binding, url)).toEqual(codes));
});

describe('helpers', () => {
  test.each([
    ['api.azure.com', ['*.azure.com'], true],
    ['azure.com', ['*.azure.com'], false],
    ['evilazure.com', ['*.azure.com'], false],
    ['Graph.Microsoft.com', ['graph.microsoft.com'], true],
  ])('host %s in %j: %s', (host, patterns, expected) => expect(hostMatches(host, patterns)).toBe(expected));

  test.each([
    ['2023-08-27', '2023-08-27', 0],
    ['2023-08-27', '2023-10-01', -1],
    ['1.10', '1.9', 1],
    ['2', '2.0.0', 0],
  ])('compareVersions(%s, %s) = %d', (a, b, expected) => expect(compareVersions(a, b)).toBe(expected));
});

describe('what may hold a secret offers to declare, on the let that binds the answer, that it holds none (JIG3016)', () => {
  const flow = (declassify = '') => `type Rate {
  rate: number @business.transaction
}

type Ask {
  currency: string @business.transaction
}

param ratesKey: secret

@purpose(automation, "Look up exchange rates")
@data(business.transaction)
@retain(30 days)
flow rate_lookup {
  trigger http post body Ask
  let rate = call http post "https://ocr-contoso.azurewebsites.net/api/rates" headers { "x-api-key": ratesKey } body trigger.body returns Rate${declassify}
  store { currency: trigger.body.currency, rate: rate.rate } in cosmos("jigajob", "rates")
  respond 200 body rate
}
`;

  test('each finding offers it, not as the preferred fix, and applied it leaves the declassification listed', () => {
    const text = flow();
    const findings = compile(text).diagnostics.filter((d) => d.code === 'JIG3016');
    expect(findings.length).toBe(2);
    for (const finding of findings) {
      expect(finding.fixes?.map((fix) => [fix.title, fix.isPreferred ?? false])).toEqual([["Declare that 'rate' holds no secret", false]]);
    }
    const fixed = applyEdits(text, findings[0]!.fixes![0]!.edits);
    expect(fixed).toBe(flow(' @declassify(secret, "Say why this answer holds no secret")'));
    expect(compile(fixed).diagnostics.map((d) => d.code)).toEqual(['JIG3015']);
  });

  test('what reads the run state that holds a secret has no let to declare it on, and no fix', () => {
    const text = flow().replace('respond 200 body rate', 'let code = javascript "return 1;"\n  respond 200 body code').replace(/ {2}store .*\n/, '');
    const findings = compile(text).diagnostics.filter((d) => d.code === 'JIG3016');
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((d) => d.fixes === undefined)).toBe(true);
  });
});

describe("jig import's assumption that an answer holds no secret is a hole until the author confirms it (JIG3017)", () => {
  const flow = (declassify: string) => `type Vm {
  id: string @business.transaction
}

type Vms {
  value: Vm[]
}

param subscription: string = "/subscriptions/0000"

@purpose(automation, "Tag the subscription's machines")
@data(business.transaction)
@retain(30 days)
flow tag_machines {
  trigger schedule every 1 days
  let machines = call http get "https://management.azure.com\${subscription}/virtualMachines" returns Vms
    @identity${declassify}
  var last: string = ""
  for each machine in machines.value {
    set last = machine.id
  }
}
`;
  const assumed = `
    @declassify(secret, "jig import's assumption, to confirm: its URL is known only at run time")`;
  const codes = (text: string) => compile(text).diagnostics.filter((d) => d.severity !== 'warning').map((d) => d.code);

  test('it fails check, declassifies nothing (the answer still may hold a secret) and is no declassification listed', () => {
    const diagnostics = compile(flow(assumed)).diagnostics;
    const hole = diagnostics.find((d) => d.code === 'JIG3017');
    expect(hole?.severity).toBe('error');
    expect(hole?.message).toContain("jig import assumed that 'machines' holds no secret");
    expect(codes(flow(assumed))).toEqual(['JIG3306', 'JIG3017', 'JIG3016']);
    // Without the annotation, the same finding: the assumption changed nothing yet.
    expect(codes(flow(''))).toEqual(['JIG3306', 'JIG3016']);
  });

  test('confirmed, with the reason the fix writes, it is listed as a declassification (JIG3015) and the answer holds no secret', () => {
    const text = flow(assumed);
    const hole = compile(text).diagnostics.find((d) => d.code === 'JIG3017')!;
    expect(hole.fixes?.map((fix) => [fix.title, fix.isPreferred ?? false])).toEqual([
      ["Confirm that 'machines' holds no secret", false],
      ["Keep 'machines' as a possible secret (remove this @declassify)", false],
    ]);
    const confirmed = applyEdits(text, hole.fixes![0]!.edits);
    expect(confirmed).toBe(flow(`\n    @declassify(secret, "Say why this answer holds no secret")`));
    expect(codes(confirmed)).toEqual(['JIG3306', 'JIG3015']);
    const removed = applyEdits(text, hole.fixes![1]!.edits);
    expect(removed).toBe(flow(''));
  });

  test("an author's own reason that merely mentions jig import is a declassification", () => {
    expect(codes(flow(`\n    @declassify(secret, "Checked after jig import's assumption: Resource Manager lists machines")`))).toEqual(['JIG3306', 'JIG3015']);
  });
});
