/**
 * A run of a compiled flow in the engine, started with what the compiler knows of it (the
 * categories of its trigger, its containers and its aggregates' answers), on a given body, with the
 * sampled answers of known operations: what `analysisDefects` checks a run against.
 */
import { runWorkflow, sampleOperationMocks, World, type RunRecord } from '../../compiler/src/engine/index.js';
import type { WorkflowSet } from '../../compiler/src/testing/workflows.js';

export function analysedRun(set: WorkflowSet, flow: string, body: unknown): RunRecord {
  const facts = set.facts.get(flow)!;
  return runWorkflow(set.workflows.get(flow)!, {
    trigger: { body, label: facts.triggerLabel },
    containerLabels: facts.containerLabels,
    answerLabels: facts.answerLabels,
    parameters: set.parameters,
    mocks: { actions: {}, operations: sampleOperationMocks() },
    world: new World(),
    childWorkflow: set.childWorkflow,
  });
}
