/**
 * What deploying one workflow would do: create it, update it, leave it alone, or refuse because it
 * drifted. Each deploy records in the workflow's tags the policy it was checked against and hashes
 * of what Jig wrote, which is how the next deploy tells "unchanged" from "changed in the source"
 * from "changed in the portal since".
 */
import { CONNECTIONS_PARAMETER, type ResolvedParameter } from './parameters.js';
import { normalizeRegion } from '../policy/rules/s07-regions.js';
import { jsonHash } from './hash.js';
import type { DeployFinding } from './finding.js';
import { runtimeConfiguration } from '../emit/run-history.js';

export const TAGS = {
  policyId: 'jig-policy-id',
  policyVersion: 'jig-policy-version',
  policyHash: 'jig-policy-hash',
  /** Hash of the definition as Jig wrote it: the deployed definition must still match it. */
  definitionHash: 'jig-definition-hash',
  /** Hash of the plain parameter values, the connections and where secret values come from. */
  parametersHash: 'jig-parameters-hash',
} as const;

export interface PolicyStamp {
  readonly id: string;
  readonly version: string;
  readonly hash: string;
}

/** A compiled workflow, as `jig deploy` receives it from the compiler. */
export interface CompiledWorkflow {
  readonly name: string;
  readonly definition: Readonly<Record<string, unknown>>;
  readonly policy: PolicyStamp;
  /** Flows it calls with `call flow`: their workflows are deployed first, and their ids passed in. */
  readonly childFlows?: readonly string[];
  /** How many days its run history may be kept, when less than Logic Apps' 90 (emit/run-history.ts). */
  readonly runHistoryDays?: number;
  /**
   * For a workflow compiled from a flow: the policy findings its deploy-time parameters' values add
   * (deploy-values.ts), given every parameter's resolved value.
   */
  readonly checkDeployValues?: (resolved: Readonly<Record<string, ResolvedParameter>>) => readonly DeployFinding[];
}

/** The workflow resource Jig writes. Parameter values may hold Secrets; only `azure.ts` reveals them. */
export interface DesiredWorkflow {
  readonly name: string;
  readonly location: string;
  readonly definition: Readonly<Record<string, unknown>>;
  readonly parameters: Readonly<Record<string, { readonly value: unknown }>>;
  /** The tags Jig owns (`jig-*`); other tags on the deployed workflow are kept. */
  readonly tags: Readonly<Record<string, string>>;
  /** The run history retention, in Microsoft's ARM form (`properties.runtimeConfiguration`). */
  readonly runtimeConfiguration?: RuntimeConfiguration;
}

export interface RuntimeConfiguration {
  readonly lifetime: { readonly unit: string; readonly count: number };
}

/** What a GET of the workflow returned (only what the plan looks at). */
export interface DeployedWorkflow {
  readonly location?: string;
  readonly state?: string;
  readonly definition?: unknown;
  readonly tags?: Readonly<Record<string, string>>;
  readonly runtimeConfiguration?: unknown;
}

export type PlanAction = 'create' | 'update' | 'unchanged' | 'drifted';
export type Change = 'definition' | 'parameters' | 'location' | 'policy' | 'retention';

export interface WorkflowPlan {
  readonly name: string;
  readonly action: PlanAction;
  /** For `drifted`: edited since Jig's last deploy, or never deployed by Jig. */
  readonly drift?: 'edited' | 'not-managed';
  /** For `update`: what differs from the deployed workflow. */
  readonly changes: readonly Change[];
  readonly desired: DesiredWorkflow;
  readonly deployed?: DeployedWorkflow;
}

export function desiredWorkflow(
  workflow: CompiledWorkflow,
  location: string,
  parameters: Readonly<Record<string, ResolvedParameter>>,
  connections: Record<string, unknown> | undefined,
): DesiredWorkflow {
  const values: Record<string, { value: unknown }> = {};
  const fingerprints: Record<string, unknown> = {};
  for (const [name, parameter] of Object.entries(parameters)) {
    values[name] = { value: parameter.value };
    fingerprints[name] = parameter.fingerprint;
  }
  if (connections) {
    values[CONNECTIONS_PARAMETER] = { value: connections };
    fingerprints[CONNECTIONS_PARAMETER] = connections;
  }
  return {
    name: workflow.name,
    location,
    definition: workflow.definition,
    parameters: values,
    ...(workflow.runHistoryDays !== undefined && { runtimeConfiguration: runtimeConfiguration(workflow.runHistoryDays) }),
    tags: {
      [TAGS.policyId]: workflow.policy.id,
      [TAGS.policyVersion]: workflow.policy.version,
      [TAGS.policyHash]: workflow.policy.hash,
      [TAGS.definitionHash]: jsonHash(workflow.definition),
      [TAGS.parametersHash]: jsonHash(fingerprints),
    },
  };
}

/** Compares the desired workflow with the deployed one (absent when the GET found none). */
export function planWorkflow(desired: DesiredWorkflow, deployed: DeployedWorkflow | undefined): WorkflowPlan {
  const plan = { name: desired.name, desired, ...(deployed && { deployed }) };
  if (!deployed) return { ...plan, action: 'create', changes: [] };

  const tags = deployed.tags ?? {};
  const recordedHash = tags[TAGS.definitionHash];
  const deployedHash = jsonHash(deployed.definition ?? null);
  if (recordedHash === undefined) return { ...plan, action: 'drifted', drift: 'not-managed', changes: [] };
  if (recordedHash !== deployedHash) return { ...plan, action: 'drifted', drift: 'edited', changes: [] };

  const changes: Change[] = [];
  if (deployedHash !== desired.tags[TAGS.definitionHash]) changes.push('definition');
  if (tags[TAGS.parametersHash] !== desired.tags[TAGS.parametersHash]) changes.push('parameters');
  if (deployed.location !== undefined && normalizeRegion(deployed.location) !== normalizeRegion(desired.location)) {
    changes.push('location');
  }
  if (
    tags[TAGS.policyId] !== desired.tags[TAGS.policyId] ||
    tags[TAGS.policyVersion] !== desired.tags[TAGS.policyVersion] ||
    tags[TAGS.policyHash] !== desired.tags[TAGS.policyHash]
  ) {
    changes.push('policy');
  }
  // A retention changed in the portal (or never written) is put back: it is the policy's, not the
  // workflow's. The service may spell the unit otherwise ("Day"); a workflow that needs none keeps
  // whatever shorter one it has.
  if (desired.runtimeConfiguration && !sameLifetime(desired.runtimeConfiguration, deployed.runtimeConfiguration)) changes.push('retention');
  return { ...plan, action: changes.length === 0 ? 'unchanged' : 'update', changes };
}

function sameLifetime(desired: RuntimeConfiguration, deployed: unknown): boolean {
  const lifetime = (deployed as { lifetime?: { unit?: unknown; count?: unknown } } | undefined)?.lifetime;
  return (
    typeof lifetime?.unit === 'string' &&
    lifetime.unit.toLowerCase() === desired.lifetime.unit.toLowerCase() &&
    Number(lifetime.count) === desired.lifetime.count
  );
}
