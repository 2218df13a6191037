/**
 * The built CLI end to end: `node compiler/bin/jig.cjs deploy …` spawned against the fake Resource
 * Manager, signing in through DefaultAzureCredential restricted to the Azure CLI credential with a
 * stand-in `az` first on PATH, and trusting the fake's certificate through NODE_EXTRA_CA_CERTS.
 * Nothing leaves 127.0.0.1: the chain never reaches the managed-identity probe.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { ensureBuilt, repoRoot as root } from '../cli/run-cli.js';
import { startFakeArm, writeFakeAz, type FakeArm } from './fake-arm.js';

const SECRET = 'approvals-key-do-not-print';
let arm: FakeArm;
let azDirectory: string;
let projects: string;

beforeAll(async () => {
  ensureBuilt();
  arm = await startFakeArm();
  azDirectory = writeFakeAz(mkdtempSync(join(tmpdir(), 'jig-az-')));
  projects = mkdtempSync(join(tmpdir(), 'jig-deploy-projects-'));
});
afterAll(async () => {
  await arm?.close();
  rmSync(azDirectory, { recursive: true, force: true });
  rmSync(projects, { recursive: true, force: true });
});
beforeEach(() => {
  arm.requests.length = 0;
  arm.containers.clear();
  // The examples store into many containers: each answers with time to live on unless a test says otherwise.
  arm.anyContainer = { defaultTtl: -1 };
});

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function jig(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'compiler', 'bin', 'jig.cjs'), ...args], {
      cwd: options.cwd ?? root,
      env: {
        PATH: `${azDirectory}:${process.env.PATH ?? ''}`,
        HOME: azDirectory,
        AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential',
        NODE_EXTRA_CA_CERTS: arm.certificateFile,
        NO_COLOR: '1',
        JIG_APPROVALS_KEY: SECRET,
        JIG_ERP_TOKEN: 'erp-token-value',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('jig deploy (spawned CLI)', () => {
  it('deploys the examples, then finds them unchanged', async () => {
    const first = await jig(['deploy', 'examples', '--endpoint', arm.url]);
    expect(first.stderr).not.toMatch(/\n\s+at /);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/\d+ in place, 0 refused, 0 not deployed\./);

    const puts = arm.requests.filter((request) => request.method === 'PUT');
    expect(puts.length).toBeGreaterThan(0);
    expect(arm.requests.every((request) => request.authorization === 'Bearer cli-token')).toBe(true);
    expect(puts.every((put) => put.path.startsWith('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/jigajob-automations/'))).toBe(true);

    // Every definition sent is one the reference schema accepts, stamped with the policy.
    const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(join(root, '..', 'shared', 'wdl', 'workflowdefinition.json'), 'utf8')));
    for (const put of puts) {
      expect(validate(put.body.properties.definition), JSON.stringify(validate.errors)).toBe(true);
      expect(put.body.tags['jig-policy-id']).toBe('jigajob-examples');
      expect(put.body.location).toBe('eastus');
    }
    // The secret reached Azure in a request body, and nothing printed it.
    expect(JSON.stringify(puts.map((put) => put.body))).toContain(SECRET);
    expect(first.stdout + first.stderr).not.toContain(SECRET);
    // A flow of every personal category (minors' included: 30 days at most) keeps its runs 23 days,
    // the 7-day cleanup included (emit/run-history.ts); a flow of business data keeps the default.
    const lifetimeOf = (name: string) => puts.find((put) => put.path.endsWith(`/workflows/${name}`))!.body.properties.runtimeConfiguration;
    expect(lifetimeOf('mail_invoices')).toEqual({ lifetime: { unit: 'day', count: 23 } });
    expect(lifetimeOf('payment_retry')).toBeUndefined();

    arm.requests.length = 0;
    const second = await jig(['deploy', 'examples', '--endpoint', arm.url]);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(arm.writes()).toEqual([]);
    expect(second.stdout).not.toMatch(/: (created|updated)/);
  });

  it('prints a plan with diffs in a dry run and writes nothing', async () => {
    const result = await jig(['deploy', 'examples', '--endpoint', arm.url, '--dry-run', '--resource-group', 'fresh-rg']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/: create\n--- \/dev\/null/);
    expect(result.stdout).toContain('nothing was written');
    expect(arm.writes()).toEqual([]);
  });

  it('exits 2 with one line saying how to log in when az is logged out', async () => {
    const result = await jig(['deploy', 'examples', '--endpoint', arm.url], { env: { FAKE_AZ_LOGGED_OUT: '1' } });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('az login');
    expect(result.stderr).not.toContain('AggregateAuthenticationError');
    expect(arm.requests).toEqual([]);
  });

  it('deploys nothing from a project with a policy violation', async () => {
    const project = join(projects, 'violating');
    mkdirSync(project, { recursive: true });
    writeFileSync(
      join(project, 'jig.yaml'),
      `deploy:\n  subscription: 00000000-0000-0000-0000-000000000000\n  resourceGroup: rg\n  location: eastus\n  endpoint: ${arm.url}\n`,
    );
    writeFileSync(
      join(project, 'fine.jig'),
      `type Ping { id: string @system.operational }\n\n@purpose(automation, "Answer pings")\n@data(system.operational)\n@retain(30 days)\nflow ping {\n  trigger http post body Ping\n  respond 200\n}\n`,
    );
    writeFileSync(
      join(project, 'leaky.jig'),
      `type Contact { email: string @personal.contact }\n\n@purpose(marketing, "Newsletter")\n@data(personal.contact)\n@retain(30 days)\nflow leaky {\n  trigger http post body Contact\n  store trigger.body in cosmos("crm", "contacts")\n  respond 200\n}\n`,
    );
    const result = await jig(['deploy', '.'], { cwd: project });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/JIG3\d{3}/);
    expect(result.stderr).toContain('nothing was deployed');
    expect(arm.requests).toEqual([]);
  });

  it('checks a URL parameter at the value it reads from the environment, before signing in or writing', async () => {
    const project = join(projects, 'deploy-time-url');
    mkdirSync(project, { recursive: true });
    writeFileSync(
      join(project, 'jig.yaml'),
      [
        'resources:',
        '  hosts: [erp-contoso.azurewebsites.net]',
        'deploy:',
        '  subscription: 00000000-0000-0000-0000-000000000000',
        '  resourceGroup: rg',
        '  location: eastus',
        `  endpoint: ${arm.url}`,
        '  parameters:',
        '    erpUrl: { env: ERP_URL }',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(project, 'leads.jig'),
      'param erpUrl: string = "https://erp-contoso.azurewebsites.net/api"\n\ntype Lead {\n  company: string @business.contact\n}\n\n' +
        '@purpose(automation, "Pass leads on")\n@data(business.contact)\n@retain(30 days)\nflow pass_leads {\n  trigger http post body Lead\n  call http post erpUrl body trigger.body\n}\n',
    );
    // jig check knows only the default, which is the client's own app.
    const checked = await jig(['check', '.'], { cwd: project });
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);

    const leaking = await jig(['deploy', '.'], { cwd: project, env: { ERP_URL: 'https://collector.example.net/leads' } });
    expect(leaking.code, leaking.stdout + leaking.stderr).toBe(1);
    expect(leaking.stdout + leaking.stderr).toContain(
      "JIG6016 pass_leads: With the value read at deploy time for 'erpUrl' (the environment variable ERP_URL), leads.jig:12:18 breaks the policy: JIG3301 This step sends 'business.contact' to 'collector.example.net', outside the platform",
    );
    expect(arm.requests).toEqual([]);

    const fine = await jig(['deploy', '.'], { cwd: project, env: { ERP_URL: 'https://erp-contoso.azurewebsites.net/v2/leads' } });
    expect(fine.code, fine.stdout + fine.stderr).toBe(0);
    expect(arm.requests.filter((request) => request.method === 'PUT').map((put) => put.path)).toEqual([expect.stringMatching(/\/workflows\/pass_leads/)]);
  });

  it('says where jig.yaml gives the parameter a finding is about, in the terminal and as a GitHub annotation', async () => {
    const project = join(projects, 'located-settings');
    mkdirSync(project, { recursive: true });
    writeFileSync(
      join(project, 'jig.yaml'),
      ['deploy:', '  subscription: s', '  resourceGroup: rg', '  location: eastus', '  parameters:', '    erpUrl: { env: ERP_URL_NOT_SET }', '    erpUlr: https://erp-contoso.azurewebsites.net', ''].join('\n'),
    );
    writeFileSync(
      join(project, 'ping.jig'),
      'param erpUrl: string\n\ntype Ping { id: string @system.operational }\n\n@purpose(automation, "Answer pings")\n@data(system.operational)\n@retain(30 days)\nflow ping {\n  trigger http post body Ping\n  call http post erpUrl body trigger.body\n  respond 200\n}\n',
    );
    const pretty = await jig(['deploy', '.', '--endpoint', arm.url], { cwd: project });
    expect(pretty.code, pretty.stdout + pretty.stderr).toBe(1);
    expect(pretty.stderr).toContain("jig.yaml:6:5: error JIG6005: Parameter 'erpUrl' reads environment variable ERP_URL_NOT_SET, which is not set.\n");
    expect(pretty.stderr).toContain('jig.yaml:7:5: warning JIG6008: deploy.parameters.erpUlr is not a parameter');
    const github = await jig(['deploy', '.', '--endpoint', arm.url, '--format', 'github'], { cwd: project });
    expect(github.stdout).toContain('::error file=jig.yaml,line=6,col=5,title=JIG6005::');
    expect(arm.requests).toEqual([]);
  });

  it("verifies every Cosmos DB container's time to live before writing any workflow", async () => {
    const project = join(projects, 'retention');
    mkdirSync(project, { recursive: true });
    const settings = (cosmos: string) =>
      [
        'deploy:',
        '  subscription: 00000000-0000-0000-0000-000000000000',
        '  resourceGroup: rg',
        '  location: eastus',
        `  endpoint: ${arm.url}`,
        '  connections:',
        '    documentdb: { connectionName: cosmos-conn }',
        cosmos,
        '',
      ].join('\n');
    writeFileSync(
      join(project, 'pings.jig'),
      'type Ping { id: string @system.operational }\n\n@purpose(automation, "Keep pings")\n@data(system.operational)\n@retain(30 days)\n' +
        'flow keep_pings {\n  trigger http post body Ping\n  store trigger.body in cosmos("ops", "pings")\n  respond 200\n}\n',
    );
    arm.anyContainer = undefined;
    const containerPath = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-ops/sqlDatabases/ops/containers/pings';

    // No account named: nothing can be verified, so nothing is deployed, before any sign-in.
    writeFileSync(join(project, 'jig.yaml'), settings(''));
    const unnamed = await jig(['deploy', '.'], { cwd: project });
    expect(unnamed.code, unnamed.stdout + unnamed.stderr).toBe(1);
    expect(unnamed.stderr).toContain('error JIG6017: The workflows store into Cosmos DB (ops/pings), and Jig cannot verify that time to live is on there');
    expect(unnamed.stderr).toContain('set deploy.cosmos.account');
    expect(arm.requests).toEqual([]);

    // Time to live off: the finding is located where jig.yaml names the account; nothing is written.
    writeFileSync(join(project, 'jig.yaml'), settings('  cosmos:\n    account: cosmos-ops\n    resourceGroup: rg-data'));
    arm.containers.set('cosmos-ops/ops/pings', { id: 'pings' });
    const off = await jig(['deploy', '.'], { cwd: project });
    expect(off.code, off.stdout + off.stderr).toBe(1);
    expect(off.stderr).toContain(
      "jig.yaml:9:5: error JIG6018: Cosmos DB container 'ops/pings' (account 'cosmos-ops'), where 'keep_pings' stores documents, has time to live off",
    );
    expect(off.stderr).toContain('`az cosmosdb sql container update --resource-group rg-data --account-name cosmos-ops --database-name ops --name pings --ttl -1`');
    expect(off.stdout).toMatch(/^keep_pings +not deployed$/m);
    expect(arm.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET ${containerPath}`]);
    expect(arm.requests[0]!.apiVersion).toBe('2024-11-15');
    const annotated = await jig(['deploy', '.', '--format', 'github'], { cwd: project });
    expect(annotated.stdout).toContain('::error file=jig.yaml,line=9,col=5,title=JIG6018::');

    // A dry run still shows the plan, says the deploy would be refused, and exits 1.
    arm.requests.length = 0;
    const dryRun = await jig(['deploy', '.', '--dry-run'], { cwd: project });
    expect(dryRun.code, dryRun.stdout + dryRun.stderr).toBe(1);
    expect(dryRun.stdout).toContain('keep_pings: create');
    expect(dryRun.stderr).toContain('JIG6018');
    expect(arm.writes()).toEqual([]);

    // A container that does not exist.
    arm.containers.clear();
    const missing = await jig(['deploy', '.'], { cwd: project });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("error JIG6019: Cosmos DB container 'ops/pings' does not exist in account 'cosmos-ops'");
    expect(arm.writes()).toEqual([]);

    // A read the service refuses: its message, and nothing written.
    arm.fail({ method: 'GET', pathIncludes: '/containers/pings', status: 403, body: { error: { code: 'AuthorizationFailed', message: 'No read permission on the account.' } } });
    const refused = await jig(['deploy', '.'], { cwd: project });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error JIG6020: Reading Cosmos DB container \'ops/pings\' (account \'cosmos-ops\') to verify its time to live failed: HTTP 403 AuthorizationFailed: No read permission on the account.');
    expect(arm.writes()).toEqual([]);

    // Time to live on: the workflow is deployed as before.
    arm.containers.set('cosmos-ops/ops/pings', { id: 'pings', defaultTtl: -1 });
    arm.requests.length = 0;
    const on = await jig(['deploy', '.'], { cwd: project });
    expect(on.code, on.stdout + on.stderr).toBe(0);
    expect(arm.requests.map((request) => `${request.method} ${request.path.split('/').pop()}`)).toEqual([
      'GET pings',
      'GET keep_pings',
      'POST validate',
      'PUT keep_pings',
    ]);
    // Each document carries the flow's retention, which the container now applies.
    const put = arm.requests.find((request) => request.method === 'PUT')!;
    expect(JSON.stringify(put.body.properties.definition)).toContain("'ttl', 2592000");
  });

  it('reports a missing resource group as a usage error', async () => {
    const project = join(projects, 'no-group');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'jig.yaml'), 'deploy:\n  subscription: s\n  location: eastus\n');
    writeFileSync(
      join(project, 'ping.jig'),
      `type Ping { id: string @system.operational }\n\n@purpose(automation, "Answer pings")\n@data(system.operational)\n@retain(30 days)\nflow ping {\n  trigger http post body Ping\n  respond 200\n}\n`,
    );
    const result = await jig(['deploy', '.', '--endpoint', arm.url], { cwd: project });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--resource-group');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
