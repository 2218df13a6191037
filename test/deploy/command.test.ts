/**
 * `jig deploy` in-process, with the compile step stubbed (the compiler has its own tests) and the
 * real SDK against the fake Resource Manager.
 */
import { describe, expect, it } from 'vitest';
import type { TokenCredential } from '@azure/core-auth';
import { AuthenticationError } from '@azure/identity';
import { UsageError, type CliContext } from '../../compiler/src/cli/command.js';
import { azureDependencies, runDeploy, type DeployDependencies } from '../../compiler/src/cli/commands/deploy.js';
import type { CompileOutcome } from '../../compiler/src/deploy/compile.js';
import type { Policy } from '../../compiler/src/policy/model.js';
import type { ProjectConfig } from '../../compiler/src/project/config.js';
import { SourceFile } from '../../compiler/src/syntax/source.js';
import { cosmosWorkflow, fastRetry, policy, RESOURCE_GROUP, staticCredential, SUBSCRIPTION, useFakeArm, workflow } from './helpers.js';

const arm = useFakeArm();

const projectPolicy = { ...policy, regions: ['eastus', 'eastus2'] } as unknown as Policy;

function config(deploy: ProjectConfig['deploy']): ProjectConfig {
  return { fileName: '/p/jig.yaml', directory: '/p', deploy };
}

function compiled(overrides: Partial<CompileOutcome> = {}, deploy: ProjectConfig['deploy'] = {}): CompileOutcome {
  return {
    files: [],
    fileCount: 2,
    hasErrors: false,
    projects: [
      {
        config: config({ subscription: SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, location: 'eastus', endpoint: arm().url, ...deploy }),
        policy: projectPolicy,
        workflows: [workflow('alpha'), workflow('beta')],
      },
    ],
    ...overrides,
  };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(
  args: string[],
  outcome: CompileOutcome,
  overrides: Partial<DeployDependencies> = {},
  env: Record<string, string> = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const context: CliContext = {
    args,
    cwd: '/p',
    env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  };
  const dependencies: DeployDependencies = {
    ...azureDependencies({ trustedCertificates: arm().certificate, retry: fastRetry }),
    credential: async () => staticCredential(),
    compile: async () => outcome,
    checkRegion: () => [],
    ...overrides,
  };
  const code = await runDeploy(context, dependencies);
  return { code, stdout, stderr };
}

describe('jig deploy (in-process)', () => {
  it('deploys every workflow, prints progress and a summary table, exits 0; a rerun changes nothing', async () => {
    const first = await run(['examples'], compiled());
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Deploying 2 workflows to resource group rg-jig');
    expect(first.stdout).toContain('alpha: created');
    expect(first.stdout).toMatch(/^workflow +result +code$/m);
    expect(first.stdout).toMatch(/^beta +created$/m);
    expect(first.stdout).toContain('2 in place, 0 refused, 0 not deployed.');
    expect([...arm().workflows.keys()].sort()).toEqual(['alpha', 'beta']);

    arm().requests.length = 0;
    const second = await run(['examples'], compiled());
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^alpha +unchanged$/m);
    expect(arm().writes()).toEqual([]);
  });

  it('deploys nothing when any file has an error, a policy violation included', async () => {
    const source = new SourceFile('/p/leaky.jig', 'flow leaky {}\n');
    const violation = {
      code: 'JIG3301',
      severity: 'error' as const,
      message: 'personal.contact is sent to a third party',
      range: { start: 5, end: 10 },
      policy: { id: 'jigajob', version: '2023-08-27', section: '3' },
    };
    let askedForToken = false;
    const result = await run(['examples'], compiled({ hasErrors: true, files: [{ source, diagnostics: [violation] }] }), {
      credential: async () => {
        askedForToken = true;
        return staticCredential();
      },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('JIG3301');
    expect(result.stderr).toContain('nothing was deployed');
    expect(arm().requests).toEqual([]);
    expect(askedForToken).toBe(false);
  });

  it('says in one line how to log in when no credential works, and exits 2', async () => {
    const chainFailure: TokenCredential = {
      async getToken() {
        const error = new Error(
          'ChainedTokenCredential authentication failed.\nCredentialUnavailableError: EnvironmentCredential is unavailable...\nCredentialUnavailableError: ManagedIdentityCredential...',
        );
        error.name = 'AggregateAuthenticationError';
        Object.assign(error, { errors: [new Error('a'), new Error('b')] });
        throw error;
      },
    };
    const result = await run(['examples'], compiled(), { credential: async () => chainFailure });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('JIG6001');
    expect(lines[0]).toContain('az login');
    expect(lines[0]).toContain('AZURE_CLIENT_ID');
    expect(result.stderr).not.toContain('ChainedTokenCredential');
    expect(arm().requests).toEqual([]);
  });

  it('reports every configuration problem of every project before signing in, and signs in to nothing', async () => {
    const broken = compiled({}, { parameters: { apiKey: { env: 'API_KEY' } } });
    const other = compiled({}, { parameters: { apiKey: { keyVault: { vault: 'kv', secret: 'api-key' } } } });
    const outcome: CompileOutcome = {
      ...broken,
      projects: [
        { ...broken.projects[0]!, workflows: [cosmosWorkflow('docs')] },
        { ...other.projects[0]!, config: { ...other.projects[0]!.config!, fileName: '/q/jig.yaml', directory: '/q' }, workflows: [cosmosWorkflow('more')] },
      ],
    };
    let askedForToken = false;
    let readVault = false;
    const result = await run(['examples'], outcome, {
      credential: async () => {
        askedForToken = true;
        return staticCredential();
      },
      readKeyVaultSecret: async () => {
        readVault = true;
        return async () => 'value';
      },
    });
    expect(result.code).toBe(1);
    const codes = result.stderr.match(/JIG6\d{3}(?: \w+)?/g);
    // Both projects store into Cosmos DB and name no account: the same JIG6017, said once.
    expect(codes).toEqual(['JIG6005', 'JIG6007 docs', 'JIG6017', 'JIG6015', 'JIG6007 more']);
    expect(result.stderr).toContain('no sign-in was tried');
    expect(askedForToken).toBe(false);
    expect(readVault).toBe(false);
    expect(arm().requests).toEqual([]);
  });

  it('prints the local plan in a dry run without a credential, and says comparing needs a sign-in', async () => {
    const noCredential: TokenCredential = {
      async getToken() {
        throw Object.assign(new Error('ChainedTokenCredential authentication failed.'), { name: 'AggregateAuthenticationError', errors: [new Error('a'), new Error('b')] });
      },
    };
    const result = await run(['examples', '--dry-run'], compiled(), { credential: async () => noCredential });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Local plan: 2 workflows for resource group rg-jig');
    expect(result.stdout).toContain('alpha: definition (not compared with Azure)');
    expect(result.stdout).toContain('beta: definition (not compared with Azure)');
    expect(result.stdout).toMatch(/^ +"body": "hello"/m);
    expect(result.stdout).toContain('comparing it with what is deployed needs a sign-in');
    expect(arm().requests).toEqual([]);
    // Without --dry-run the same is a credential error.
    const deploy = await run(['examples'], compiled(), { credential: async () => noCredential });
    expect(deploy.code).toBe(2);
    expect(deploy.stderr).toContain('JIG6001');
  });

  it('reports a credential that Azure rejected as rejected, not as missing, even in a dry run', async () => {
    const rejected: TokenCredential = {
      async getToken() {
        throw new AuthenticationError(401, {
          error: 'invalid_client',
          error_description: "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.\r\nTrace ID: 1",
        });
      },
    };
    for (const args of [['examples'], ['examples', '--dry-run']]) {
      const result = await run(args, compiled(), { credential: async () => rejected });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('JIG6014');
      expect(result.stderr).toContain('The Azure credential was rejected (AADSTS7000215: Invalid client secret provided.)');
      expect(result.stderr).not.toContain('JIG6001');
      expect(result.stdout).not.toContain('Local plan');
    }
    expect(arm().requests).toEqual([]);
  });

  it('prints a diff in a dry run and writes nothing', async () => {
    await run(['examples'], compiled());
    arm().requests.length = 0;
    const changed = compiled();
    const project = changed.projects[0]!;
    const dry = await run(['examples', '--dry-run'], {
      ...changed,
      projects: [{ ...project, workflows: [workflow('alpha', 'changed text'), workflow('beta'), workflow('gamma')] }],
    });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('alpha: update (definition)');
    expect(dry.stdout).toMatch(/^\+ +"body": "changed text"/m);
    expect(dry.stdout).toContain('gamma: create');
    expect(dry.stdout).toContain('beta: unchanged');
    expect(dry.stdout).toContain('nothing was written');
    expect(arm().writes()).toEqual([]);
  });

  it('exits 1 and names the workflow when one drifted; --force overwrites it', async () => {
    await run(['examples'], compiled());
    arm().workflows.get('beta').properties.definition.actions.Respond.inputs.body = 'portal edit';
    const refused = await run(['examples'], compiled());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error JIG6010 beta: Workflow 'beta' was changed outside Jig/m);
    expect(refused.stdout).toMatch(/^beta +drifted, not overwritten +JIG6010$/m);
    expect(refused.stdout).toContain('1 in place, 1 refused');

    const forced = await run(['examples', '--force'], compiled());
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('beta: updated');
  });

  it('turns findings into GitHub annotations with --format github', async () => {
    await run(['examples'], compiled());
    arm().workflows.get('alpha').properties.definition.actions = {};
    const result = await run(['examples', '--format', 'github'], compiled());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error title=JIG6010 alpha::Workflow 'alpha' was changed outside Jig/m);
    expect(result.stderr).toBe('');
  });

  it('prints the policy warning for a location outside its regions, and still deploys', async () => {
    const warning = { code: 'JIG3701', severity: 'warning' as const, message: "Location 'westeurope' is outside the policy's regions", range: { start: 0, end: 0 } };
    const result = await run(['examples', '--location', 'westeurope'], compiled(), {
      checkRegion: (location, checked) => (checked === projectPolicy && location === 'westeurope' ? [warning] : []),
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("warning JIG3701: Location 'westeurope' is outside the policy's regions");
    expect(arm().workflows.get('alpha').location).toBe('westeurope');
  });

  it('takes subscription, resource group and endpoint from flags over jig.yaml', async () => {
    const result = await run(['examples', '--resource-group', 'other-rg', '--subscription', 'sub-2', '--endpoint', arm().url], compiled());
    expect(result.code).toBe(0);
    expect(arm().requests[0]!.path).toMatch(/^\/subscriptions\/sub-2\/resourceGroups\/other-rg\//);
  });

  it('sends a secret parameter to Azure and never prints it, even when a run fails', async () => {
    const secret = 'top-secret-api-key';
    const withSecrets = compiled({}, {
      parameters: { apiKey: { env: 'API_KEY' } },
      connections: { documentdb: { connectionName: 'cosmos' } },
      cosmos: { account: 'acct' },
    });
    arm().containers.set('acct/db/c', { id: 'c', defaultTtl: -1 });
    const project = withSecrets.projects[0]!;
    const outcome = { ...withSecrets, projects: [{ ...project, workflows: [cosmosWorkflow('docs'), cosmosWorkflow('broken')] }] };
    arm().fail({ method: 'POST', pathIncludes: '/workflows/broken/validate', status: 400, body: { error: { code: 'InvalidTemplate', message: 'bad header' } } });
    const result = await run(['examples', '--dry-run'], outcome, {}, { API_KEY: secret });
    expect(result.code).toBe(0);
    const deployed = await run(['examples'], outcome, {}, { API_KEY: secret });
    expect(deployed.code).toBe(1);
    expect(deployed.stdout).toMatch(/^broken +refused by Azure +JIG6012$/m);
    expect(arm().requests.find((r) => r.method === 'PUT')!.body.properties.parameters.apiKey).toEqual({ value: secret });
    expect(result.stdout + result.stderr + deployed.stdout + deployed.stderr).not.toContain(secret);
  });

  it('prints its usage with --help and does nothing else', async () => {
    let compiledAnything = false;
    const result = await run(['--help'], compiled(), { compile: async () => ((compiledAnything = true), compiled()) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: jig deploy PATH…');
    expect(result.stdout).toContain('--dry-run');
    expect(compiledAnything).toBe(false);
  });

  it('reports usage errors: no path, a missing setting, a non-https endpoint, an unknown flag', async () => {
    await expect(run([], compiled())).rejects.toThrow(UsageError);
    const noGroup = compiled();
    const withoutGroup = { ...noGroup, projects: [{ ...noGroup.projects[0]!, config: config({ subscription: 's', location: 'eastus' }) }] };
    await expect(run(['examples'], withoutGroup)).rejects.toThrow(/--resource-group or set deploy.resourceGroup/);
    await expect(run(['examples', '--endpoint', 'http://127.0.0.1:1'], compiled())).rejects.toThrow(/https/);
    await expect(run(['examples', '--forse'], compiled())).rejects.toThrow(/did you mean '--force'/);
    await expect(run(['examples', '--format', 'json'], compiled())).rejects.toThrow(/--format must be one of pretty, github/);
    expect(arm().requests).toEqual([]);
  });
});
