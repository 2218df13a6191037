/**
 * A run of one flow of a compiled file, for an editor (the playground's Run panel): what the flow
 * needs as input, with samples derived from its types, and its run on the engine, from the JSON
 * `jig build` writes, as `jig run` runs it. Calls without a mock get the engine's empty success,
 * Cosmos DB is simulated (holding what the caller gives), time is simulated. The run comes back as
 * its history may show it: what `secureData` hides is absent.
 */
import { DEFAULT_START, World, connectorTriggerOf, nestedActions, runWorkflow, sampleOf, sampleTriggerInput, type RunRecord, type WorkflowDocument } from '../engine/index.js';
import type { EmittedWorkflow } from '../emit/workflow.js';
import { refer } from '../emit/wdl-strings.js';
import { mocksOf } from './mocks.js';
import { runHistoryView } from './report.js';
import { workflowDocuments, workflowSet } from './workflows.js';

/** What a flow's run takes, and samples of it. */
export interface RunnableFlow {
  readonly name: string;
  /** The trigger, for people: `HTTP POST request`, `schedule (every 1 Day)`, `Office 365 new mail`. */
  readonly trigger: string;
  /** Whether its trigger carries a body the caller gives (a request's, a mail's); a schedule's does not. */
  readonly takesBody: boolean;
  /** A body of the shape the trigger's schema or connector gives (`text`, `1`, one item a list). */
  readonly sampleBody: unknown;
  /** The workflow's parameters that have no value (the run needs one), each with a sample. */
  readonly sampleParameters: Readonly<Record<string, unknown>>;
  /** For each HTTP call whose answer the flow parses with a type, an answer of that type. */
  readonly sampleMocks: Readonly<Record<string, unknown>>;
}

export interface FlowRunInput {
  readonly body?: unknown;
  /** Parameter values, over the workflow's defaults. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** Mocks as a test file writes them: by action name or connector operation. */
  readonly mocks?: Readonly<Record<string, unknown>>;
  /** What the simulated Cosmos DB holds before the run: documents by `database/container`, as a test file writes them. */
  readonly containers?: Readonly<Record<string, readonly unknown[]>>;
  /** When the run starts (ISO 8601; default 2025-01-01T00:00:00Z). */
  readonly now?: string;
}

export type FlowRunResult = { readonly run: RunRecord } | { readonly error: string };

/** The flow another flow calls, emitted from its own file (undefined when there is none). */
export type ChildFlowSource = (name: string) => Promise<EmittedWorkflow | undefined>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function firstTrigger(definition: Record<string, unknown>): Record<string, unknown> {
  const triggers = definition['triggers'];
  const first = isRecord(triggers) ? Object.values(triggers)[0] : undefined;
  return isRecord(first) ? first : {};
}

function describeTrigger(trigger: Record<string, unknown>): { trigger: string; takesBody: boolean } {
  const type = String(trigger['type'] ?? 'Request');
  const inputs = isRecord(trigger['inputs']) ? trigger['inputs'] : {};
  const recurrence = isRecord(trigger['recurrence']) ? trigger['recurrence'] : {};
  switch (type.toLowerCase()) {
    case 'request':
      return { trigger: `HTTP ${String(inputs['method'] ?? 'POST').toUpperCase()} request`, takesBody: true };
    case 'recurrence':
    case 'slidingwindow':
      return { trigger: `schedule (every ${String(recurrence['interval'] ?? 1)} ${String(recurrence['frequency'] ?? '')})`.replace(' )', ')'), takesBody: false };
  }
  if (connectorTriggerOf(trigger)?.id === 'OnNewEmailV3') return { trigger: 'Office 365 new mail', takesBody: true };
  return { trigger: `${type} trigger`, takesBody: true };
}

/** A value for a parameter of this WDL type, for a run that was given none. */
function sampleParameter(type: unknown): unknown {
  switch (String(type).toLowerCase()) {
    case 'int':
    case 'float':
      return 1;
    case 'bool':
      return true;
    case 'object':
    case 'secureobject':
      return {};
    case 'array':
      return [];
    default:
      return 'sample';
  }
}

function sampleParameters(document: WorkflowDocument): Record<string, unknown> {
  const parameters = isRecord(document.definition['parameters']) ? document.definition['parameters'] : {};
  const samples: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(parameters)) {
    // A child flow's id is the build's to give (see workflowSet).
    if (name.startsWith('workflowId_') || name in document.parameterValues || (isRecord(spec) && 'defaultValue' in spec)) continue;
    samples[name] = sampleParameter(isRecord(spec) ? spec['type'] : undefined);
  }
  return samples;
}

/** An HTTP call whose body a Parse JSON action reads with a schema (`call http … returns T`) gets an answer of T. */
function sampleMocks(definition: Record<string, unknown>): Record<string, unknown> {
  const actions = [...nestedActions(definition)];
  const mocks: Record<string, unknown> = {};
  for (const call of actions) {
    if (String(call.action['type']).toLowerCase() !== 'http') continue;
    const parse = actions.find(({ action }) => {
      const inputs = action['inputs'];
      return String(action['type']).toLowerCase() === 'parsejson' && isRecord(inputs) && inputs['content'] === `@${refer('body', call.name)}`;
    });
    const schema = parse && isRecord(parse.action['inputs']) ? parse.action['inputs']['schema'] : undefined;
    if (schema !== undefined) mocks[call.name] = { status: 200, body: sampleOf(schema) };
  }
  return mocks;
}

/** The flows of a file's emitted workflows, with what a run of each takes. */
export function runnableFlows(workflows: readonly EmittedWorkflow[]): RunnableFlow[] {
  return workflows.flatMap((workflow) =>
    workflowDocuments(workflow).map((document) => ({
      name: workflow.name,
      ...describeTrigger(firstTrigger(document.definition)),
      sampleBody: sampleTriggerInput(document.definition).body,
      sampleParameters: sampleParameters(document),
      sampleMocks: sampleMocks(document.definition),
    })),
  );
}

/** The flows `workflows` call, and those they call, emitted from their files. */
async function childWorkflows(workflows: readonly EmittedWorkflow[], childFlow: ChildFlowSource): Promise<EmittedWorkflow[]> {
  const known = new Map(workflows.map((workflow) => [workflow.name, workflow]));
  const children: EmittedWorkflow[] = [];
  const pending = workflows.flatMap((workflow) => workflow.childFlows);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (known.has(name)) continue;
    const child = await childFlow(name);
    if (!child) continue;
    known.set(name, child);
    children.push(child);
    pending.push(...child.childFlows);
  }
  return children;
}

/** Runs `flow`, one of the file's emitted `workflows`, with `input`. */
export async function runFlow(workflows: readonly EmittedWorkflow[], flow: string, input: FlowRunInput, childFlow: ChildFlowSource): Promise<FlowRunResult> {
  const workflow = workflows.find((candidate) => candidate.name === flow);
  if (!workflow) return { error: `The file has no flow '${flow}'${workflows.length > 0 ? `; it has ${workflows.map((w) => `'${w.name}'`).join(', ')}` : ''}.` };
  let startTime = DEFAULT_START;
  if (input.now !== undefined) {
    startTime = Date.parse(input.now);
    if (Number.isNaN(startTime)) return { error: `The start time must be an ISO 8601 timestamp (2025-01-01T00:00:00Z), not '${input.now}'.` };
  }
  if (input.parameters !== undefined && !isRecord(input.parameters)) return { error: 'The parameters must be a JSON object: values by parameter name.' };
  if (input.mocks !== undefined && (!isRecord(input.mocks) || !Object.values(input.mocks).every(isRecord))) {
    return { error: 'The mocks must be a JSON object of mocks by action name or connector operation, each an object ({"status": 200, "body": …}).' };
  }
  if (input.containers !== undefined && (!isRecord(input.containers) || !Object.values(input.containers).every(Array.isArray))) {
    return { error: 'The Cosmos DB documents must be a JSON object of lists of documents by database/container ({"db/container": [{…}]}).' };
  }
  // The file's own flows as its text emits them; the flows they call as their files do.
  const own = workflows.flatMap(workflowDocuments);
  const children = (await childWorkflows(workflows, childFlow)).flatMap(workflowDocuments);
  const set = workflowSet([...own, ...children], []);
  const document = own.find((candidate) => candidate.name === flow)!;
  const record = runWorkflow(document, {
    ...(input.body !== undefined && { trigger: { body: input.body } }),
    parameters: { ...set.parameters, ...input.parameters },
    mocks: mocksOf(input.mocks),
    startTime,
    world: new World(input.containers),
    childWorkflow: set.childWorkflow,
  });
  return { run: runHistoryView(record) };
}
