/**
 * The Logic Apps engine: runs Workflow Definition Language 2016-06-01 JSON (not the Jig tree), so
 * that what is tested is what is deployed, and any workflow runs: imported, hand-written or
 * exported from the portal. This module is its narrow interface. It touches no file system,
 * process or console: callers hand it the JSON and get values and run records back.
 */
import { ExpressionError, NotSupportedError } from './errors.js';
import { evaluateTemplateString } from './expressions/evaluate.js';
import { EmptyRun } from './expressions/runtime-state.js';
import { toJson } from './values.js';
import type { WorkflowDocument } from './runtime/document.js';
import type { RunRecord } from './runtime/history.js';
import { EXECUTORS } from './runtime/executors.js';
import { WorkflowRun, type RunOptions } from './runtime/run.js';

export { ExpressionError, NotSupportedError } from './errors.js';
export { allFunctions } from './functions/index.js';
/** The template language's reader, for tools that read definitions (jig import) without running them. */
export { parseTemplate, type Template } from './expressions/template.js';
export type { ExpressionNode } from './expressions/ast.js';

export type EvaluationResult = { readonly value: unknown } | { readonly error: string };

/**
 * Evaluates one JSON string of a definition (`@add(1, 2)`, `Hello @{…}`, plain text) as the
 * engine does, against an empty run: no parameters, variables or actions.
 */
export function evaluateString(source: string, options: { now?: () => number } = {}): EvaluationResult {
  try {
    const result = evaluateTemplateString(source, { state: new EmptyRun(options.now) });
    return { value: toJson(result.value) };
  } catch (error) {
    if (error instanceof ExpressionError || error instanceof NotSupportedError) return { error: error.message };
    if (error instanceof RangeError) return { error: `The expression could not be evaluated: ${error.message}` };
    throw error;
  }
}

import type { World } from './connectors/world.js';
export { World } from './connectors/world.js';
export { OPERATIONS, TRIGGER_SHAPES, findOperation, connectorOf } from './connectors/catalog.js';
export { sampleOf, sampleTriggerInput, sampleOperationMocks, connectorTriggerOf } from './connectors/samples.js';
export { workflowsOf, nestedActions, innerActionMaps, DocumentError, type WorkflowDocument, type NestedAction } from './runtime/document.js';
export type { RunOptions, TriggerInput } from './runtime/run.js';
export type { Mock, MockResponse, Mocks } from './runtime/mocks.js';
export type * from './runtime/history.js';
export { Label, type Traced } from './tracing/labels.js';
export { DEFAULT_START } from './runtime/run.js';

/** Runs one workflow to its end: the trigger fires with the input, the actions run, the record says what happened. */
export function runWorkflow(document: WorkflowDocument, options: RunOptions = {}): RunRecord {
  return new WorkflowRun(document, options, EXECUTORS).execute();
}

/**
 * Runs of one workflow that its trigger starts at once (requests that arrive together, a poll's
 * batch), acting on one world: as many at a time as the trigger's concurrency lets run
 * (`runtimeConfiguration.concurrency.runs`; without it all at once, as Microsoft's limits reference
 * says of trigger concurrency: "Unlimited when the concurrency control is turned off"), and with
 * `runs: 1` or `operationOptions: SingleInstance` one after another in the order given ("Trigger
 * instances sequentially"). The runs of a window read the world as the window found it, and their
 * own writes (World.concurrently): the schedule a read-then-write loses most in, one the service
 * may take when runs start together. Returns each run's record, in the order given.
 */
export function runWorkflowsAtOnce(document: WorkflowDocument, runs: readonly RunOptions[], world: World): RunRecord[] {
  const at = Math.max(1, Math.min(triggerConcurrency(document), runs.length));
  const records: RunRecord[] = [];
  for (let start = 0; start < runs.length; start += at) {
    const window = runs.slice(start, start + at).map((options) => () => runWorkflow(document, { ...options, world }));
    records.push(...(window.length > 1 ? world.concurrently(window) : window.map((run) => run())));
  }
  return records;
}

/** How many runs the workflow's trigger lets run at once (Infinity: no concurrency control). */
function triggerConcurrency(document: WorkflowDocument): number {
  const triggers = Object.values((document.definition['triggers'] ?? {}) as Record<string, Record<string, unknown>>);
  const trigger = triggers[0];
  if (!trigger) return Infinity;
  if (/\bsingleinstance\b/i.test(String(trigger['operationOptions'] ?? ''))) return 1;
  const runs = (trigger['runtimeConfiguration'] as { concurrency?: { runs?: unknown } } | undefined)?.concurrency?.runs;
  return typeof runs === 'number' && Number.isInteger(runs) && runs >= 1 ? runs : Infinity;
}
