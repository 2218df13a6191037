/**
 * `jig deploy PATH…`: compile everything, stop if anything has an error, check every project's
 * settings, parameters and connections (no sign-in needed), then sign in and put each workflow in
 * place in Azure Logic Apps (see deploy/run.ts). The Azure SDK is loaded only by this command.
 * Exit codes: 0 every workflow in place, 1 any refused (policy, configuration, drift, validation)
 * or failed, 2 usage or credential errors.
 */
import type { TokenCredential } from '@azure/core-auth';
import { ExitCode, UsageError, type CliContext, type Command } from '../command.js';
import { parseCommandArgs, usageText } from '../args.js';
import { formatOption, useColor, writeDiagnostics } from '../output.js';
import { citation } from '../../diagnostics/format/pretty.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { credentialRejected, credentialUnavailable, deploySettingMissing } from '../../diagnostics/catalogue/deploy.js';
import type { Policy } from '../../policy/model.js';
import { PUBLIC_ENDPOINT, createLogicClient, scopeFor, type LogicClient } from '../../deploy/azure.js';
import { createDefaultCredential, ensureSignedIn, CredentialRejectedError, CredentialUnavailableError } from '../../deploy/credentials.js';
import { definitionDiff, definitionText } from '../../deploy/diff.js';
import { formatFinding, noRange, type DeployFinding, type SettingLocation } from '../../deploy/finding.js';
import { createKeyVaultReader } from '../../deploy/keyvault.js';
import { createCosmosContainerReader, type CosmosContainerReader } from '../../deploy/cosmos.js';
import type { CompiledProject, CompileOutcome } from '../../deploy/compile.js';
import { normalizePath, relativePath } from '../../project/paths.js';
import type { RetrySettings } from '../../deploy/retry.js';
import {
  deployWorkflows,
  hasErrorFinding,
  prepareDeployment,
  succeeded,
  type DeployOptions,
  type DeployResult,
  type PreparedDeployment,
  type WorkflowOutcome,
} from '../../deploy/run.js';
import type { DeploymentScope } from '../../deploy/connections.js';

const options = {
  subscription: { type: 'string', valueName: 'ID', description: 'The Azure subscription (default: deploy.subscription in jig.yaml).' },
  'resource-group': { type: 'string', valueName: 'NAME', description: 'The resource group (default: deploy.resourceGroup).' },
  location: { type: 'string', valueName: 'REGION', description: 'The Azure region (default: deploy.location).' },
  endpoint: {
    type: 'string',
    valueName: 'URL',
    description: `The Resource Manager endpoint, for sovereign clouds (default: deploy.endpoint, else ${PUBLIC_ENDPOINT}).`,
  },
  'dry-run': { type: 'boolean', description: 'Show what would change, with a diff of each definition; write nothing.' },
  force: { type: 'boolean', description: 'Overwrite workflows changed outside Jig, or not deployed by Jig.' },
  // Progress and the summary share stdout with the diagnostics, so only the line-based formats.
  format: { ...formatOption, choices: ['pretty', 'github'] },
} as const;

/** What the command needs from the outside world; tests replace any of it. */
export interface DeployDependencies {
  compile(paths: readonly string[], context: CliContext): Promise<CompileOutcome>;
  credential(): Promise<TokenCredential>;
  createClient(options: { credential: TokenCredential; scope: DeploymentScope; endpoint: string }): Promise<LogicClient>;
  readKeyVaultSecret(credential: TokenCredential): Promise<(vault: string, secret: string) => Promise<string>>;
  /** Reads Cosmos DB containers through the Resource Manager endpoint, to verify their time to live. */
  readCosmosContainer(options: { credential: TokenCredential; endpoint: string }): Promise<CosmosContainerReader>;
  /** The policy's §7 finding for a location outside its regions, if any. */
  checkRegion(location: string, policy: Policy): readonly Diagnostic[];
}

export interface DeployClientSettings {
  /** Extra trusted CA certificates (PEM), for a test server. */
  readonly trustedCertificates?: string;
  readonly retry?: RetrySettings;
}

export function azureDependencies(settings: DeployClientSettings = {}): Omit<DeployDependencies, 'compile' | 'checkRegion'> {
  return {
    credential: createDefaultCredential,
    createClient: ({ credential, scope, endpoint }) =>
      createLogicClient({ credential, endpoint, subscription: scope.subscription, resourceGroup: scope.resourceGroup, ...settings }),
    readKeyVaultSecret: (credential) => createKeyVaultReader({ credential, ...settings }),
    readCosmosContainer: ({ credential, endpoint }) => createCosmosContainerReader({ credential, endpoint, ...settings }),
  };
}

export const command: Command = {
  name: 'deploy',
  summary: 'Deploy compiled workflows to Azure Logic Apps',
  usage: usageText(
    'jig deploy PATH… [--subscription ID] [--resource-group NAME] [--location REGION] [--endpoint URL] [--dry-run] [--force] [--format pretty|github]',
    'Compiles every file (nothing is deployed if any has an error), then creates or updates each workflow in Azure Logic Apps.\n' +
      'Unchanged workflows are left alone; workflows changed outside Jig are not overwritten without --force.\n' +
      'Settings, parameters, environment variables, connections and Key Vault references are checked before signing in;\n' +
      'then, before any workflow is written, every Cosmos DB container the workflows store into must have time to live on\n' +
      '(deploy.cosmos.account in jig.yaml names the account), or the documents\' ttl would be ignored.\n' +
      'Signs in with DefaultAzureCredential (az login, or a service principal / federated identity in AZURE_* variables);\n' +
      'a --dry-run without a credential prints the local plan (each workflow\'s definition), not compared with Azure.\n' +
      'Exit codes: 0 every workflow in place, 1 any refused or failed, 2 usage or credential errors.',
    options,
  ),
  async run(context) {
    // The compiler is loaded here, not at the top, so that runDeploy can be tested with a stub.
    const { compileForDeploy, checkRegionFinding } = await import('../../deploy/compile.js');
    const { reportingInputErrors, workspaceOptions } = await import('../open-workspace.js');
    return runDeploy(context, {
      ...azureDependencies(),
      compile: (paths, run) => reportingInputErrors('deploy', compileForDeploy(paths, workspaceOptions(run, undefined))),
      checkRegion: checkRegionFinding,
    });
  },
};

interface Target {
  readonly project: CompiledProject;
  readonly scope: DeploymentScope;
  readonly endpoint: string;
}

export async function runDeploy(context: CliContext, dependencies: DeployDependencies): Promise<number> {
  const parsed = parseCommandArgs('deploy', context.args, options);
  if (parsed.help) {
    context.stdout.write(command.usage);
    return ExitCode.Ok;
  }
  if (parsed.positionals.length === 0) throw new UsageError("jig deploy: no PATH given (see 'jig deploy --help')");
  const endpointFlag = parsed.values.endpoint;
  // The SDK sends bearer tokens only over TLS.
  if (endpointFlag !== undefined && !/^https:\/\/[^/]/i.test(endpointFlag)) {
    throw new UsageError(`jig deploy: --endpoint must be an https:// URL, not '${endpointFlag}'`);
  }

  const report = findingReporter(context, parsed.values.format === 'github' ? 'github' : 'pretty');
  const compiled = await dependencies.compile(parsed.positionals, context);
  if (compiled.files.some((file) => file.diagnostics.length > 0)) {
    writeDiagnostics(context, parsed.values.format, compiled.files, compiled.fileCount);
  }
  if (compiled.hasErrors) {
    context.stderr.write('jig deploy: the sources have errors; nothing was deployed.\n');
    return ExitCode.Errors;
  }

  const { targets, missingSettings } = deploymentTargets(compiled.projects, parsed.values, context, dependencies, report);
  const dryRun = parsed.values['dry-run'] === true;

  // Everything that needs no sign-in, for every project, before any sign-in: someone without
  // credentials sees every configuration problem at once.
  const local = await Promise.all(
    targets.map(({ project, scope }) =>
      prepareDeployment({
        workflows: project.workflows,
        scope,
        parameters: { settings: project.config?.deploy?.parameters ?? {}, env: context.env, settingAt: settingLocator(project, context) },
        ...deploySettings(project, context),
      }),
    ),
  );
  local.forEach((prepared) => prepared.findings.forEach(report));
  if (missingSettings.length > 0) throw new UsageError(missingSettings.map((finding) => `jig deploy: ${formatFinding(finding)}`).join('\n'));
  if (local.some((prepared) => hasErrorFinding(prepared.findings))) {
    context.stderr.write('jig deploy: the deployment settings have errors; nothing was deployed (and no sign-in was tried).\n');
    return ExitCode.Errors;
  }
  if (targets.length === 0) {
    context.stdout.write('jig deploy: no flows to deploy.\n');
    return ExitCode.Ok;
  }

  let credential: TokenCredential;
  try {
    credential = await dependencies.credential();
    for (const endpoint of new Set(targets.map((target) => target.endpoint))) await ensureSignedIn(credential, scopeFor(endpoint));
  } catch (error) {
    if (error instanceof CredentialRejectedError) {
      report({ diagnostic: credentialRejected(noRange, { detail: error.detail }) });
      return ExitCode.Usage;
    }
    if (!(error instanceof CredentialUnavailableError)) throw error;
    if (dryRun) {
      writeLocalPlan(context, targets, local, error.detail);
      return ExitCode.Ok;
    }
    report({ diagnostic: credentialUnavailable(noRange, { detail: error.detail }) });
    return ExitCode.Usage;
  }

  const readKeyVaultSecret = await dependencies.readKeyVaultSecret(credential);
  const results: DeployResult[] = [];
  for (const target of targets) {
    const { scope, project } = target;
    context.stdout.write(
      `${dryRun ? 'Planning' : 'Deploying'} ${count(project.workflows.length, 'workflow')} to resource group ${scope.resourceGroup} (subscription ${scope.subscription}, ${scope.location})\n`,
    );
    const client = await dependencies.createClient({ credential, scope, endpoint: target.endpoint });
    const result = await deployWorkflows({
      workflows: project.workflows,
      scope,
      client,
      parameters: { settings: project.config?.deploy?.parameters ?? {}, env: context.env, readKeyVaultSecret, settingAt: settingLocator(project, context) },
      ...deploySettings(project, context),
      readContainer: await dependencies.readCosmosContainer({ credential, endpoint: target.endpoint }),
      dryRun,
      force: parsed.values.force === true,
      ...progressReporter(context, dryRun, report),
    });
    result.findings.forEach(report);
    results.push(result);
  }

  context.stdout.write(summaryTable(results.flatMap((result) => result.outcomes), dryRun));
  return results.every((result) => succeeded(result, dryRun)) ? ExitCode.Ok : ExitCode.Errors;
}

/** The connections and the Cosmos DB account jig.yaml names (with where it names the account). */
function deploySettings(project: CompiledProject, context: CliContext): Pick<DeployOptions, 'connections' | 'cosmos' | 'cosmosAt'> {
  const deploy = project.config?.deploy;
  const cosmosAt = settingLocation(project, context, project.config?.deployCosmosAt?.['account']);
  return {
    ...(deploy?.connections && { connections: deploy.connections }),
    ...(deploy?.cosmos && { cosmos: deploy.cosmos }),
    ...(cosmosAt && { cosmosAt }),
  };
}

/** Where the project's jig.yaml gives a deploy parameter its value, as the user names the file. */
function settingLocator(project: CompiledProject, context: CliContext): (name: string) => SettingLocation | undefined {
  return (name) => settingLocation(project, context, project.config?.deployParameterAt?.[name]);
}

function settingLocation(
  project: CompiledProject,
  context: CliContext,
  position: { line: number; character: number } | undefined,
): SettingLocation | undefined {
  const config = project.config;
  if (!config || !position) return undefined;
  return { file: relativePath(normalizePath(context.cwd), config.fileName), line: position.line + 1, column: position.character + 1 };
}

/**
 * Where each project deploys to: flags over jig.yaml; the policy's §7 warning for its location. A
 * project without a subscription, resource group or location is left out, its missing settings
 * returned (a usage error, once every other configuration problem is reported too).
 */
function deploymentTargets(
  projects: readonly CompiledProject[],
  flags: { subscription?: string; 'resource-group'?: string; location?: string; endpoint?: string },
  context: CliContext,
  dependencies: DeployDependencies,
  report: ReportFinding,
): { targets: Target[]; missingSettings: DeployFinding[] } {
  const targets: Target[] = [];
  const missingSettings: DeployFinding[] = [];
  for (const project of projects) {
    if (project.workflows.length === 0) continue;
    const deploy = project.config?.deploy;
    const setting = (flag: string | undefined, key: 'subscription' | 'resourceGroup' | 'location', name: string, flagName: string) => {
      const value = flag ?? deploy?.[key] ?? (key === 'subscription' ? context.env.AZURE_SUBSCRIPTION_ID : undefined);
      if (!value) {
        const diagnostic = deploySettingMissing(noRange, { setting: name, flag: flagName, key });
        if (!missingSettings.some((found) => found.diagnostic.message === diagnostic.message)) missingSettings.push({ diagnostic });
      }
      return value;
    };
    const subscription = setting(flags.subscription, 'subscription', 'subscription', 'subscription');
    const resourceGroup = setting(flags['resource-group'], 'resourceGroup', 'resource group', 'resource-group');
    const location = setting(flags.location, 'location', 'location', 'location');
    if (!subscription || !resourceGroup || !location) continue;
    const scope: DeploymentScope = { subscription, resourceGroup, location };
    const endpoint = (flags.endpoint ?? deploy?.endpoint ?? PUBLIC_ENDPOINT).replace(/\/+$/, '');
    if (!endpoint.toLowerCase().startsWith('https://')) {
      throw new UsageError(`jig deploy: deploy.endpoint in jig.yaml must be an https:// URL, not '${endpoint}'`);
    }
    for (const diagnostic of dependencies.checkRegion(scope.location, project.policy)) {
      report({ diagnostic });
    }
    targets.push({ project, scope, endpoint });
  }
  return { targets, missingSettings };
}

/**
 * A dry run without a credential: each workflow as it would be written, not compared with what is
 * deployed, and what a comparison needs.
 */
function writeLocalPlan(context: CliContext, targets: readonly Target[], local: readonly PreparedDeployment[], detail: string): void {
  targets.forEach(({ scope }, index) => {
    const { desired } = local[index]!;
    context.stdout.write(
      `Local plan: ${count(desired.length, 'workflow')} for resource group ${scope.resourceGroup} (subscription ${scope.subscription}, ${scope.location})\n`,
    );
    for (const workflow of desired) context.stdout.write(`\n${workflow.name}: definition (not compared with Azure)\n${definitionText(workflow.definition)}`);
  });
  const containers = [...new Set(local.flatMap((prepared) => prepared.containers.map(({ database, container }) => `${database}/${container}`)))];
  context.stdout.write(
    `\nNot signed in${detail ? ` (${detail})` : ''}: this is the local plan; comparing it with what is deployed${containers.length > 0 ? ` and verifying that the Cosmos DB containers ${containers.join(', ')} have time to live on` : ''} needs a sign-in (\`az login\`, or AZURE_* variables). Nothing was read or written in Azure.\n`,
  );
}

type ReportFinding = (finding: DeployFinding) => void;

/**
 * Findings go to stderr as `severity CODE workflow: message` lines (with the policy sentence a
 * policy finding cites), or to stdout as GitHub workflow commands, which the runner turns into
 * annotations of the run.
 */
function findingReporter(context: CliContext, format: 'pretty' | 'github'): ReportFinding {
  // The configuration is checked before signing in and again (Key Vault read) after: each once.
  const reported = new Set<string>();
  return (finding) => {
    const key = `${finding.workflow ?? ''}\u0000${finding.diagnostic.code}\u0000${finding.diagnostic.message}`;
    if (reported.has(key)) return;
    reported.add(key);
    if (format === 'github') {
      context.stdout.write(`${formatFinding(finding, 'github')}\n`);
      return;
    }
    const policy = finding.diagnostic.policy;
    context.stderr.write(`${formatFinding(finding)}\n${policy ? `  ${citation(policy)}\n` : ''}`);
  };
}

/** Progress lines on stdout (with a definition diff in a dry run), findings on stderr. */
function progressReporter(context: CliContext, dryRun: boolean, report: ReportFinding): Pick<DeployOptions, 'onPlan' | 'onOutcome'> {
  const color = useColor(context.stdout, context.env);
  return {
    onPlan: (plan) => {
      if (!dryRun) return;
      const detail = plan.action === 'update' ? ` (${plan.changes.join(', ')})` : '';
      context.stdout.write(`\n${plan.name}: ${plan.action}${detail}\n`);
      if (plan.action !== 'unchanged') {
        context.stdout.write(definitionDiff(plan.name, plan.deployed?.definition, plan.desired.definition, { color }));
      }
    },
    onOutcome: (outcome) => {
      // A dry run has said what it would do when it planned; only a failed read is news.
      if (!dryRun || !outcome.plan) context.stdout.write(`  ${progressLine(outcome)}\n`);
      if (outcome.finding) report(outcome.finding);
    },
  };
}

const OUTCOME_TEXT: Record<WorkflowOutcome['outcome'], string> = {
  created: 'created',
  updated: 'updated',
  unchanged: 'unchanged',
  'would-create': 'would create',
  'would-update': 'would update',
  drifted: 'drifted, not overwritten',
  refused: 'refused by Azure',
  failed: 'failed',
  skipped: 'not deployed',
};

function progressLine(outcome: WorkflowOutcome): string {
  const changes = outcome.plan?.action === 'update' && outcome.plan.changes.length > 0 ? ` (${outcome.plan.changes.join(', ')})` : '';
  return `${outcome.name}: ${OUTCOME_TEXT[outcome.outcome]}${changes}`;
}

function summaryTable(outcomes: readonly WorkflowOutcome[], dryRun: boolean): string {
  const rows = outcomes.map((outcome) => [outcome.name, OUTCOME_TEXT[outcome.outcome], outcome.finding?.diagnostic.code ?? ''] as const);
  const header = ['workflow', 'result', 'code'] as const;
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  const tally = (names: readonly WorkflowOutcome['outcome'][]) => outcomes.filter((outcome) => names.includes(outcome.outcome)).length;
  const totals = dryRun
    ? `${tally(['would-create', 'would-update'])} to write, ${tally(['unchanged'])} unchanged, ${tally(['drifted'])} drifted, ${tally(['failed', 'skipped'])} failed; nothing was written.`
    : `${tally(['created', 'updated', 'unchanged'])} in place, ${tally(['drifted', 'refused'])} refused, ${tally(['failed', 'skipped'])} not deployed.`;
  return `\n${line(header)}\n${rows.map(line).join('\n')}\n${totals}\n`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
