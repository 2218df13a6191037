/**
 * deploy-values.ts: a flow checked again with the values its deploy-time parameters resolved to.
 * The spawned CLI's test (cli.test.ts) shows the whole path; these show what is and is not said.
 */
import { describe, expect, it } from 'vitest';
import { compileText } from '../../compiler/src/compilation.js';
import { deployValueCheck, deployValueFindings } from '../../compiler/src/deploy/deploy-values.js';
import { Secret } from '../../compiler/src/deploy/secret.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import { NO_PROJECT_SETTINGS } from '../../compiler/src/policy/destinations.js';

const text = `param hook: secret
param notify: string = "ops@contoso.example"

type Lead {
  company: string @business.contact
}

@purpose(automation, "Pass leads on")
@data(business.contact)
@retain(30 days)
flow pass_leads {
  trigger http post body Lead
  call http post "https://erp-contoso.azurewebsites.net/api" headers { "X-Key": hook } body trigger.body
  send mail office365 to notify subject "New lead" body trigger.body.company
}
`;
const project = {
  ...NO_PROJECT_SETTINGS,
  hosts: ['erp-contoso.azurewebsites.net'],
  mailDomains: ['contoso.example'],
  parameterValues: new Map([['notify', 'deploy-time' as const]]),
};
const compilation = compileText('leads.jig', text, { policy: loadEmbeddedPolicy(), project });
const check = deployValueCheck(compilation, 'pass_leads');
const at = () => 'leads.jig:14:3';

describe('deploy-time values', () => {
  it('the file checks clean: a deploy-time recipient is checked at deploy', () => {
    expect(compilation.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it("a recipient in the client's mail domains adds nothing; one outside is a finding that quotes the policy", () => {
    const from = (value: unknown) => ({ notify: { value, fingerprint: { value }, source: 'environment variable NOTIFY' } });
    expect(deployValueFindings('pass_leads', check, from('sales@contoso.example'), at)).toEqual([]);
    const [finding, ...rest] = deployValueFindings('pass_leads', check, from('someone@elsewhere.example'), at);
    expect(rest).toEqual([]);
    expect(finding!.diagnostic.code).toBe('JIG6016');
    expect(finding!.diagnostic.message).toContain("for 'notify' (the environment variable NOTIFY), leads.jig:14:3 breaks the policy: JIG3301 This step sends 'business.contact' to 'someone@elsewhere.example'");
  });

  it("a secure parameter's value is compared but never shown", () => {
    const secret = 'someone@elsewhere.example';
    const resolved = { notify: { value: new Secret(secret), fingerprint: { keyVault: { vault: 'kv', secret: 'notify' } }, source: 'Key Vault secret notify' } };
    const findings = deployValueFindings('pass_leads', check, resolved, at);
    expect(findings.map((f) => f.diagnostic.message)).toEqual([
      "With the value read at deploy time for 'notify' (the Key Vault secret notify), leads.jig:14:3 breaks the policy: JIG3301. Nothing was deployed.",
    ]);
    expect(JSON.stringify(findings)).not.toContain('elsewhere');
  });

  it('plain jig.yaml values are left to jig check', () => {
    expect(deployValueFindings('pass_leads', check, { notify: { value: 'x@elsewhere.example', fingerprint: {}, source: 'jig.yaml' } }, at)).toEqual([]);
  });
});

describe('a deploy-time URL that reads', () => {
  // The response is typed as business data, and the default URL is the client's own app; the value
  // read at deploy time names the Cosmos DB container where the project keeps pupils.
  const reads = `param reportUrl: string = "https://erp-contoso.azurewebsites.net/total"

type Pupil {
  id:   string @business.other
  name: string @personal.minor @subject(pupil)
}
type Total { amount: number @business.transaction }

@purpose(automation, "Keep pupils")
@data(business.other, personal.minor)
@retain(5 days)
flow keep {
  trigger http post body Pupil
  store trigger.body in cosmos("jigajob", "pupils")
}

@purpose(automation, "Send totals")
@data(business.transaction)
@retain(5 days)
flow send_totals {
  trigger schedule every 1 day
  let total = call http get reportUrl returns Total
  call http post "https://erp-contoso.azurewebsites.net/api" body { amount: total.amount }
}
`;
  const settings = { ...project, parameterValues: new Map([['reportUrl', 'deploy-time' as const]]) };
  const compiled = compileText('totals.jig', reads, { policy: loadEmbeddedPolicy(), project: settings });
  const from = (value: string) => ({ reportUrl: { value, fingerprint: { value }, source: 'environment variable REPORT_URL' } });

  it('is checked for what it reads: a container of the project answers with what is kept there', () => {
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const findings = deployValueFindings('send_totals', deployValueCheck(compiled, 'send_totals'), from('https://contoso.documents.azure.com/dbs/jigajob/colls/pupils/docs'), at);
    expect(findings.map((f) => f.diagnostic.code)).toContain('JIG6016');
    expect(findings.map((f) => f.diagnostic.message).join('\n')).toContain('personal.minor');
    expect(deployValueFindings('send_totals', deployValueCheck(compiled, 'send_totals'), from('https://erp-contoso.azurewebsites.net/totals/today'), at)).toEqual([]);
  });
});
