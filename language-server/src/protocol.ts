/**
 * The server's requests beyond LSP, shared by the server and the VS Code extension. Plain LSP
 * clients never need them: every standard feature works without. Only plain data types here (and
 * type imports, which the bundler erases), so that the extension bundle does not pull in the compiler.
 */
import type { FlowRunInput, FlowRunResult, RunnableFlow } from '../../compiler/src/index.js';

/** `jig/compiledJson`: the Logic Apps workflow JSON the file emits (what `jig build` writes). */
export const compiledJsonRequest = 'jig/compiledJson';
export interface CompiledJsonParams {
  readonly uri: string;
  /** The output layout of `jig build --target` (default `consumption`). */
  readonly target?: 'consumption' | 'arm' | 'standard';
}
export interface CompiledJsonResult {
  /** Pretty-printed JSON: one workflow, or an object of workflows by flow name. */
  readonly json?: string;
  /** Why nothing was emitted (the file has errors), as one line for the user. */
  readonly error?: string;
}

/** `jig/checkDocuments`: check files the editor has not opened and publish their diagnostics. */
export const checkDocumentsRequest = 'jig/checkDocuments';
export interface CheckDocumentsParams {
  readonly documents: readonly { readonly uri: string; readonly text: string }[];
}
export interface CheckDocumentsResult {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
}

/** `jig/dataMap`: which flow touches which category for which purpose, kept how long, sent where. */
export const dataMapRequest = 'jig/dataMap';
export interface DataMapParams {
  readonly uri: string;
}
export interface DataMapResult {
  /** Markdown. */
  readonly markdown: string;
}

/** `jig/runnableFlows`: the flows of the file that can run on the local engine, with sample inputs. */
export const runnableFlowsRequest = 'jig/runnableFlows';
export interface RunnableFlowsParams {
  readonly uri: string;
}
export interface RunnableFlowsResult {
  readonly flows?: readonly RunnableFlow[];
  /** Why no flow can run (the file has errors), as one line for the user. */
  readonly error?: string;
}

/**
 * `jig/run`: runs one flow of the file on the local engine, from the workflow JSON the file emits
 * (as `jig run` does): calls without a mock get an empty success, Cosmos DB is simulated.
 */
export const runRequest = 'jig/run';
export interface RunParams extends FlowRunInput {
  readonly uri: string;
  readonly flow: string;
}
/** `run`: the run history, what `secureData` hides left out, as Azure's run history does. */
export type RunResult = FlowRunResult;

/** What a client may pass as `initializationOptions` (and in `workspace/didChangeConfiguration` under `jig`). */
export interface JigSettings {
  /** Policy file path (absolute, or relative to the workspace root). Empty: jig.yaml's, else the embedded one. */
  readonly policyPath?: string;
  /** Whether completion offers the snippets (VS Code contributes them itself, so the extension turns this off). */
  readonly snippets?: boolean;
  /** Where a diagnostic's code links to (its lower-case code is appended); no link when absent. */
  readonly explainBaseUrl?: string;
  /** A pause between the last edit and the check, in ms (default 0: checked as soon as the server is free). */
  readonly debounceMs?: number;
}
