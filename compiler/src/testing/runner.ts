/**
 * Runs the tests of one test file: finds the workflow it tests, then runs each test on the engine
 * with its trigger input, mocks, parameters, clock and Cosmos DB containers, and checks what it
 * expects. Nothing here reads files itself: the caller's FileSystem does.
 */
import type { FileDiagnostics } from '../diagnostics/format/located.js';
import { testMockUnknownAction, testSourceMissing } from '../diagnostics/catalogue/test.js';
import { DEFAULT_START, nestedActions, runWorkflow, World, type RunOptions, type RunRecord, type WorkflowDocument } from '../engine/index.js';
import type { WorkspaceOptions } from '../project/workspace.js';
import { basename, resolvePath, dirname } from '../project/paths.js';
import { namedSourceProblem, projectRoots, readNamedFile } from '../project/named-files.js';
import { SourceFile } from '../syntax/source.js';
import { checkExpectations } from './expectations.js';
import type { FlowFacts } from './compiler-facts.js';
import { isOperationKey, mocksOf } from './mocks.js';
import { readTestFile, type TestCase, type TestFile } from './test-file.js';
import { jigWorkflows, jsonWorkflows, pickWorkflow, type WorkflowSet } from './workflows.js';

export interface TestOutcome {
  readonly name: string;
  readonly failures: readonly string[];
  readonly durationMs: number;
  readonly record?: RunRecord;
}

export interface TestFileOutcome {
  readonly path: string;
  readonly workflow?: string;
  /** Problems of the file itself (or of the flow it tests): then no test ran. */
  readonly diagnostics: readonly FileDiagnostics[];
  readonly tests: readonly TestOutcome[];
}

const decoder = new TextDecoder();

/** The source a test file runs: `source`, else the .jig (else .json) file of the same name. */
async function sourceOf(path: string, file: TestFile, options: WorkspaceOptions): Promise<string | undefined> {
  if (file.source !== undefined) return resolvePath(dirname(path), file.source);
  const stem = path.replace(/\.test\.ya?ml$/i, '');
  for (const candidate of [`${stem}.jig`, `${stem}.json`]) if (await options.fs.exists(candidate)) return candidate;
  return undefined;
}

function actionNames(definition: Record<string, unknown>): Set<string> {
  return new Set([...nestedActions(definition)].map((nested) => nested.name));
}

function startTimeOf(now: string): number {
  const time = Date.parse(now);
  if (Number.isNaN(time)) throw new Error(`'now' must be an ISO 8601 timestamp, not '${now}'`);
  return time;
}

export function runOptionsOf(file: TestFile, test: TestCase, set: WorkflowSet, workflow: string): RunOptions {
  const now = test.now ?? file.now;
  const facts = set.facts.get(workflow);
  const { caller, ...trigger } = test.trigger ?? {};
  return {
    trigger: { ...trigger, ...(facts && { label: facts.triggerLabel }) },
    // A parent flow waits for the Response however long the run takes; an outside caller does not.
    ...(caller === 'flow' && { callerWaitsMs: Infinity }),
    ...(facts && { containerLabels: facts.containerLabels, answerLabels: facts.answerLabels }),
    parameters: { ...set.parameters, ...file.parameters, ...test.parameters },
    mocks: mocksOf(file.mocks, test.mocks),
    startTime: now === undefined ? DEFAULT_START : startTimeOf(now),
    world: new World({ ...file.containers, ...test.containers }),
    childWorkflow: set.childWorkflow,
    ...(test.action !== undefined && { only: { action: test.action, ...(test.upstream && { upstream: test.upstream }), ...(test.variables && { variables: test.variables }) } }),
  };
}

/**
 * Categories that reached a sink at run time where the compiler's analysis did not predict them:
 * each is a defect of the analysis (or of the emitted workflow), and fails the test.
 */
export function analysisDefects(record: RunRecord, set: WorkflowSet): string[] {
  const facts = set.facts.get(record.workflow);
  const defects: string[] = [];
  if (facts) {
    for (const sink of record.sinks) {
      if (sink.kind === 'call') continue;
      // A Terminate the analysis has no sink for (`stop`, which has no message) shows only how the
      // run ended, as every action's status shows whether it ran: what the conditions it ran under
      // read is the limit the README states for statuses, not data reaching run history.
      if (sink.kind === 'fail' && sink.categories.length === 0 && !facts.predictions.has(sink.action)) continue;
      let predicted = facts.predictions.get(sink.action)?.categories;
      if (!predicted) {
        const sameKind = [...facts.predictions.values()].filter((prediction) => prediction.kind === sink.kind);
        predicted = new Set(sameKind.flatMap((prediction) => [...prediction.categories]));
      }
      const unexpected = [...new Set([...sink.categories, ...sink.control])].filter((category) => !predicted.has(category));
      if (unexpected.length > 0) {
        defects.push(`analysis defect: ${unexpected.join(', ')} reached ${sink.action} (${sink.kind} ${sink.destination}) at run time, which the compiler's analysis did not predict there ([${[...predicted].sort().join(', ')}])`);
      }
    }
  }
  if (facts) defects.push(...runHistoryDefects(record, facts));
  for (const child of record.effects.childRuns) defects.push(...analysisDefects(child.run, set));
  return defects;
}

/**
 * What run history shows of data the policy keeps out of it (rule 6): each is a defect of the
 * emitted workflow. A condition's result (If, Until) is left out: it says no more than which of
 * its branches ran, which run history shows of every action (README, the analysis' limits).
 */
function runHistoryDefects(record: RunRecord, facts: FlowFacts): string[] {
  const defects: string[] = [];
  for (const exposure of record.exposures) {
    if (exposure.part === 'inputs' && /^(if|until)$/i.test(exposure.type)) continue;
    const hidden = exposure.categories.filter((category) => facts.hiddenInRunHistory(category));
    if (hidden.length > 0) {
      defects.push(`run history defect: ${hidden.join(', ')} shows in the ${exposure.part} of ${exposure.action} (${exposure.type}) in run history, which the policy keeps out of it`);
    }
  }
  return [...new Set(defects)];
}

export async function runTestFile(path: string, options: WorkspaceOptions): Promise<TestFileOutcome> {
  // Test files come from the repository, as jig.yaml does, and run on CI machines (rule 9): read as
  // carefully (a regular file, inside the project's folder or repository once links are followed,
  // within the size limit, UTF-8), and so is the source a test file names.
  const roots = await projectRoots(options.fs, dirname(path));
  const read = await readNamedFile(options.fs, path, { what: 'test file', written: basename(path), roots });
  if (read.status !== 'read') {
    const refused = read.status === 'refused' ? read.problem({ start: 0, end: 0 }) : testSourceMissing({ start: 0, end: 0 }, { problem: 'The test file disappeared while it was read.' });
    return { path, diagnostics: [{ source: new SourceFile(path, ''), diagnostics: [refused] }], tests: [] };
  }
  const text = read.text;
  const { source, file, diagnostics } = readTestFile(path, text);
  if (!file) return { path, diagnostics: [{ source, diagnostics }], tests: [] };
  const whole = { start: 0, end: Math.min(text.length, 1) };
  const sourcePath = await sourceOf(path, file, options);
  if (!sourcePath || !(await options.fs.exists(sourcePath))) {
    const problem = file.source !== undefined ? `The source '${file.source}' does not exist.` : 'No .jig or .json file of the same name stands beside the test file, and it names no `source`.';
    return { path, diagnostics: [{ source, diagnostics: [testSourceMissing(whole, { problem })] }], tests: [] };
  }
  const refusedSource = await namedSourceProblem(options.fs, sourcePath, roots, { pattern: /\.(jig|json)$/i, text: 'a .jig or .json file' });
  if (refusedSource !== undefined) {
    const problem = `The source '${file.source ?? basename(sourcePath)}' ${refusedSource}; it was not read.`;
    return { path, diagnostics: [{ source, diagnostics: [testSourceMissing(whole, { problem })] }], tests: [] };
  }
  const set = sourcePath.endsWith('.jig') ? await jigWorkflows(sourcePath, options) : jsonWorkflows(sourcePath, decoder.decode(await options.fs.readFile(sourcePath)));
  const picked = pickWorkflow(set, file.flow, sourcePath, sourcePath);
  if (!picked.document) {
    return { path, diagnostics: [...set.diagnostics, { source, diagnostics: [testSourceMissing(whole, { problem: picked.problem! })] }], tests: [] };
  }
  const document: WorkflowDocument = picked.document;
  const known = actionNames(document.definition);
  for (const child of set.workflows.values()) for (const name of actionNames(child.definition)) known.add(name);
  const unknownMocks = [file.mocks, ...file.tests.map((test) => test.mocks)]
    .flatMap((mocks) => Object.keys(mocks ?? {}))
    .filter((key) => !isOperationKey(key) && !known.has(key));
  if (unknownMocks.length > 0) {
    const at = (key: string) => {
      const offset = text.indexOf(`${key}:`);
      return offset < 0 ? whole : { start: offset, end: offset + key.length };
    };
    return { path, workflow: document.name, diagnostics: [{ source, diagnostics: [...new Set(unknownMocks)].map((key) => testMockUnknownAction(at(key), { name: key, workflow: document.name })) }], tests: [] };
  }
  const tests = file.tests.map((test): TestOutcome => {
    const started = performance.now();
    let record: RunRecord;
    try {
      record = runWorkflow(document, runOptionsOf(file, test, set, document.name));
    } catch (error) {
      // A test whose inputs the engine cannot take fails alone; the file's other tests still run.
      return { name: test.name, failures: [`the test could not run: ${(error as Error).message}`], durationMs: performance.now() - started };
    }
    const failures = [...checkExpectations(test.expect ?? {}, record), ...analysisDefects(record, set)];
    return { name: test.name, failures, durationMs: performance.now() - started, record };
  });
  return { path, workflow: document.name, diagnostics: [], tests };
}
