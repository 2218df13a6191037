/**
 * The run record: what `jig run` prints and `jig test` checks, shaped like the service's run
 * history (the REST API's run and its actions), plus what the engine noticed: the effects on the
 * simulated world (documents stored, mails sent, requests made) and the categories that reached
 * each sink.
 */

export type ActionStatus = 'Succeeded' | 'Failed' | 'Skipped' | 'TimedOut' | 'Cancelled';
export type RunStatus = 'Succeeded' | 'Failed' | 'Cancelled' | 'TimedOut' | 'Skipped' | 'NotSupported';

export interface RunError {
  readonly code: string;
  readonly message: string;
}

export interface RetryAttempt {
  readonly code: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly error?: RunError;
}

export interface ActionRun {
  readonly name: string;
  readonly type: string;
  /** The enclosing actions, outermost first (`['For_each_line', 'Condition_qty_le_0']`). */
  readonly scope: readonly string[];
  /** The iteration of each enclosing loop (`{ For_each_line: 2 }`). */
  readonly repetition?: Readonly<Record<string, number>>;
  status: ActionStatus;
  code?: string;
  error?: RunError;
  startTime: string;
  endTime: string;
  /** Absent when hidden: see `secured`. */
  inputs?: unknown;
  outputs?: unknown;
  /** What `runtimeConfiguration.secureData` hides from run history, as Azure hides it. */
  secured?: { inputs: boolean; outputs: boolean };
  retryHistory?: RetryAttempt[];
  /** Where the action's result came from, when not from its own semantics. */
  mocked?: 'mock' | 'simulated' | 'empty';
  notes?: string[];
  /**
   * Its tracked properties as computed when it ran: what Logic Apps sends with the action's run to
   * the diagnostic logs (never for a skipped action, which does not run).
   */
  trackedProperties?: Record<string, unknown>;
}

export interface TriggerRun {
  readonly name: string;
  readonly type: string;
  status: 'Succeeded' | 'Skipped' | 'Failed';
  startTime: string;
  endTime: string;
  scheduledTime?: string;
  inputs?: unknown;
  outputs?: unknown;
  secured?: { inputs: boolean; outputs: boolean };
}

export interface HttpResponseRecord {
  readonly action: string;
  readonly statusCode: number;
  readonly headers: Record<string, unknown>;
  readonly body: unknown;
}

export interface StoredDocument {
  readonly action: string;
  readonly connector: string;
  readonly database: string;
  readonly container: string;
  readonly document: unknown;
  /** The document's `ttl` in seconds, when it has one. */
  readonly ttl?: number;
}

export interface SentMail {
  readonly action: string;
  readonly to: string;
  readonly subject: string;
  readonly body: string;
  readonly cc?: string;
  readonly bcc?: string;
}

export interface OutboundRequest {
  readonly action: string;
  readonly method: string;
  readonly uri: string;
  readonly headers?: unknown;
  readonly body?: unknown;
}

export interface ChildRun {
  readonly action: string;
  readonly workflow: string;
  readonly run: RunRecord;
}

/** Categories that reached one sink at run time, and what the compiler predicted there. */
export interface SinkCategories {
  readonly action: string;
  readonly kind: 'store' | 'http' | 'mail' | 'respond' | 'flow' | 'fail' | 'call';
  readonly destination: string;
  /** The categories of the data that arrived. */
  readonly categories: readonly string[];
  /** The categories of the conditions the action ran under. */
  readonly control: readonly string[];
}

/** Categories that run history shows in a part of an action or the trigger (not hidden there). */
export interface HistoryExposure {
  readonly action: string;
  /** The action's type (`Request` and the like for the trigger). */
  readonly type: string;
  readonly part: 'inputs' | 'outputs';
  readonly categories: readonly string[];
}

export interface RunRecord {
  readonly workflow: string;
  status: RunStatus;
  error?: RunError;
  startTime: string;
  endTime: string;
  trigger: TriggerRun;
  /** Every action execution, in the order they ran (loop iterations one by one). */
  readonly actions: ActionRun[];
  response?: HttpResponseRecord;
  outputs?: Record<string, unknown>;
  readonly effects: {
    readonly stored: StoredDocument[];
    readonly mails: SentMail[];
    readonly requests: OutboundRequest[];
    readonly childRuns: ChildRun[];
  };
  readonly sinks: SinkCategories[];
  /** What run history shows of the data categories the run traced (the trigger's and actions'). */
  readonly exposures: HistoryExposure[];
  /** Set when the run stopped at something jig run does not implement. */
  notSupported?: string;
  readonly notes: string[];
}
