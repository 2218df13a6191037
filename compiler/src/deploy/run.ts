/**
 * Deploying compiled workflows: resolve every parameter and connection first (a configuration
 * problem deploys nothing; `prepareDeployment` does this alone, before any sign-in), then, workflow by workflow, read what is deployed, plan, validate with
 * the service and write. One workflow's failure does not stop the others, so that the summary can
 * say exactly which are in place; running again is always safe, since unchanged workflows are left
 * alone.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { deployFailed, validationRefused, workflowDrifted, workflowNotManagedByJig } from '../diagnostics/catalogue/deploy.js';
import { AzureRequestError, requestErrorText, type LogicClient, type WorkflowState } from './azure.js';
import { connectionsValue, type ConnectionSettings, type DeploymentScope } from './connections.js';
import { cosmosSettingsFindings, retentionUnverified, storedContainers, verifyRetention, type CosmosContainerReader, type CosmosSettings, type StoredContainer } from './cosmos.js';
import { noRange, type DeployFinding, type SettingLocation } from './finding.js';
import { resolveParameters, type ParameterSources, type ResolvedParameter } from './parameters.js';
import { childWorkflowParameter } from '../emit/steps-connectors.js';
import { desiredWorkflow, planWorkflow, type CompiledWorkflow, type DesiredWorkflow, type WorkflowPlan } from './plan.js';

/** What a deployment needs before it talks to Azure. */
export interface PrepareOptions {
  readonly workflows: readonly CompiledWorkflow[];
  readonly scope: DeploymentScope;
  /** Without `readKeyVaultSecret`, Key Vault references are checked for form only. */
  readonly parameters: ParameterSources;
  readonly connections?: ConnectionSettings;
  /** The Cosmos DB account whose containers' time to live is verified before anything is written. */
  readonly cosmos?: CosmosSettings;
  /** Where jig.yaml names the Cosmos DB account, for the findings about its containers. */
  readonly cosmosAt?: SettingLocation;
}

/** The workflows as they would be written (children first), and what is wrong with the configuration. */
export interface PreparedDeployment {
  readonly desired: readonly DesiredWorkflow[];
  readonly findings: readonly DeployFinding[];
  /** The Cosmos DB containers the workflows store into, whose time to live must be on. */
  readonly containers: readonly StoredContainer[];
}

export interface DeployOptions extends PrepareOptions {
  readonly client: LogicClient;
  /** Reads a Cosmos DB container through Resource Manager (needed when the workflows store into Cosmos DB). */
  readonly readContainer?: CosmosContainerReader;
  /** Plan and report only; nothing is validated or written. */
  readonly dryRun?: boolean;
  /** Overwrite workflows that drifted or that Jig did not deploy. */
  readonly force?: boolean;
  /** Called once a workflow is planned (before it is validated or written). */
  readonly onPlan?: (plan: WorkflowPlan) => void;
  /** Called once a workflow's outcome is known. */
  readonly onOutcome?: (outcome: WorkflowOutcome) => void;
}

export type Outcome =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'would-create'
  | 'would-update'
  /** Refused: changed outside Jig, or not Jig's (without --force). */
  | 'drifted'
  /** Refused by the service's validation. */
  | 'refused'
  | 'failed'
  /** Nothing was tried, because the run stopped before deploying anything. */
  | 'skipped';

export interface WorkflowOutcome {
  readonly name: string;
  readonly outcome: Outcome;
  readonly plan?: WorkflowPlan;
  readonly finding?: DeployFinding;
}

export interface DeployResult {
  readonly outcomes: readonly WorkflowOutcome[];
  /** Problems of the preparation (parameters, connections), whatever their severity. */
  readonly findings: readonly DeployFinding[];
}

const IN_PLACE: ReadonlySet<Outcome> = new Set(['created', 'updated', 'unchanged']);
const AS_PLANNED: ReadonlySet<Outcome> = new Set(['would-create', 'would-update', 'unchanged']);

/** Every workflow in place (or, for a dry run, deployable as planned) and no preparation error. */
export function succeeded(result: DeployResult, dryRun = false): boolean {
  const fine = dryRun ? AS_PLANNED : IN_PLACE;
  return !hasErrorFinding(result.findings) && result.outcomes.every((outcome) => fine.has(outcome.outcome));
}

export function hasErrorFinding(findings: readonly DeployFinding[]): boolean {
  return findings.some((finding) => finding.diagnostic.severity === 'error');
}

/**
 * Resolves every parameter (plain values, environment variables, Key Vault secrets when a reader is
 * given) and every connection of the workflows: nothing here needs a sign-in but the Key Vault
 * reads, so `jig deploy` runs it first without them and reports every configuration problem at once.
 */
export async function prepareDeployment(options: PrepareOptions): Promise<PreparedDeployment> {
  const { scope } = options;
  const workflows = childrenFirst(options.workflows);
  const parameters = await resolveParameters(
    workflows.map((workflow) => ({ ...workflow, provided: childWorkflowIds(workflow, scope) })),
    options.parameters,
  );
  const findings: DeployFinding[] = [...parameters.findings];
  for (const workflow of workflows) {
    findings.push(...(workflow.checkDeployValues?.(parameters.byWorkflow.get(workflow.name) ?? {}) ?? []));
  }
  const desired = workflows.map((workflow) => {
    const connections = connectionsValue(workflow.name, workflow.definition, options.connections, scope);
    findings.push(...connections.findings);
    return desiredWorkflow(workflow, scope.location, parameters.byWorkflow.get(workflow.name) ?? {}, connections.value);
  });
  const containers = storedContainers(workflows);
  findings.push(...cosmosSettingsFindings(containers, options.cosmos));
  return { desired, findings, containers };
}

export async function deployWorkflows(options: DeployOptions): Promise<DeployResult> {
  const prepared = await prepareDeployment(options);
  const { desired } = prepared;
  const skipped = (findings: readonly DeployFinding[]): DeployResult => ({
    findings,
    outcomes: desired.map((workflow) => ({ name: workflow.name, outcome: 'skipped' })),
  });
  if (hasErrorFinding(prepared.findings)) return skipped(prepared.findings);
  // Every container's time to live is read before any workflow is: a retention that would not end
  // the data deploys nothing. A dry run still plans, to show what the deploy would have done.
  const findings = [...prepared.findings, ...(await retentionFindings(prepared.containers, options))];
  if (hasErrorFinding(findings) && !options.dryRun) return skipped(findings);

  const outcomes: WorkflowOutcome[] = [];
  for (const workflow of desired) {
    const outcome = await deployOne(workflow, options);
    outcomes.push(outcome);
    options.onOutcome?.(outcome);
  }
  return { findings, outcomes };
}

async function deployOne(desired: DesiredWorkflow, options: DeployOptions): Promise<WorkflowOutcome> {
  const { name } = desired;
  let plan: WorkflowPlan;
  try {
    plan = planWorkflow(desired, await options.client.get(name));
  } catch (error) {
    return { name, outcome: 'failed', finding: failure(name, 'Reading', error) };
  }
  options.onPlan?.(plan);

  if (plan.action === 'drifted' && !options.force) {
    const refuse = plan.drift === 'not-managed' ? workflowNotManagedByJig : workflowDrifted;
    return { name, outcome: 'drifted', plan, finding: { workflow: name, diagnostic: refuse(noRange, { workflow: name }) } };
  }
  if (plan.action === 'unchanged') return { name, outcome: 'unchanged', plan };
  const creating = plan.action === 'create';
  if (options.dryRun) return { name, outcome: creating ? 'would-create' : 'would-update', plan };

  // An operator may have disabled a workflow on purpose (an incident); an update keeps it so.
  const state: WorkflowState = plan.deployed?.state === 'Disabled' ? 'Disabled' : 'Enabled';
  // Tags that others put on the workflow (cost centre, owner) are kept; Jig's own are replaced.
  const workflow = { ...plan.desired, tags: { ...plan.deployed?.tags, ...plan.desired.tags } };
  try {
    await options.client.validate(workflow, state);
  } catch (error) {
    if (error instanceof AzureRequestError && error.status !== undefined && error.status >= 400 && error.status < 500) {
      const diagnostic = validationRefused(noRange, { workflow: name, code: error.code ?? `HTTP ${error.status}`, message: error.message });
      return { name, outcome: 'refused', plan, finding: { workflow: name, diagnostic } };
    }
    return { name, outcome: 'failed', plan, finding: failure(name, 'Validating', error) };
  }
  try {
    await options.client.createOrUpdate(workflow, state);
  } catch (error) {
    return { name, outcome: 'failed', plan, finding: failure(name, creating ? 'Creating' : 'Updating', error) };
  }
  return { name, outcome: creating ? 'created' : 'updated', plan };
}

async function retentionFindings(containers: readonly StoredContainer[], options: DeployOptions): Promise<DeployFinding[]> {
  if (containers.length === 0 || !options.cosmos) return [];
  if (!options.readContainer) {
    return [retentionUnverified(containers, 'no reader of Cosmos DB containers was given to the deployment')];
  }
  return verifyRetention(containers, options.cosmos, options.scope, options.readContainer, options.cosmosAt);
}

/** `call flow` reaches a child through a parameter holding its workflow's resource id. */
function childWorkflowIds(workflow: CompiledWorkflow, scope: DeploymentScope): Record<string, ResolvedParameter> {
  const ids: Record<string, ResolvedParameter> = {};
  for (const child of workflow.childFlows ?? []) {
    const id = `/subscriptions/${scope.subscription}/resourceGroups/${scope.resourceGroup}/providers/Microsoft.Logic/workflows/${child}`;
    ids[childWorkflowParameter(child)] = { value: id, fingerprint: { value: id } };
  }
  return ids;
}

/**
 * The service checks on save that a called workflow exists, so children are deployed before the
 * workflows that call them; otherwise the given order is kept (and a cycle is left as it is).
 */
export function childrenFirst(workflows: readonly CompiledWorkflow[]): CompiledWorkflow[] {
  const byName = new Map(workflows.map((workflow) => [workflow.name, workflow]));
  const ordered: CompiledWorkflow[] = [];
  const seen = new Set<string>();
  const visit = (workflow: CompiledWorkflow): void => {
    if (seen.has(workflow.name)) return;
    seen.add(workflow.name);
    for (const child of workflow.childFlows ?? []) {
      const called = byName.get(child);
      if (called) visit(called);
    }
    ordered.push(workflow);
  };
  workflows.forEach(visit);
  return ordered;
}

function failure(workflow: string, operation: string, error: unknown): DeployFinding {
  const diagnostic: Diagnostic = deployFailed(noRange, { workflow, operation, message: requestErrorText(error) });
  return { workflow, diagnostic };
}
