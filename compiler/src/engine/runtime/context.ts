/** The contract between the run's scheduler (run.ts) and the executors of each action type. */
import type { Traced } from '../tracing/labels.js';
import type { Frame } from './frames.js';
import type { ActionRun, ActionStatus, RetryAttempt, RunError } from './history.js';
import type { WorkflowRun } from './run.js';

export interface ActionContext {
  readonly run: WorkflowRun;
  readonly name: string;
  readonly type: string;
  /** The action's JSON. */
  readonly definition: Record<string, unknown>;
  /** The enclosing actions, outermost first. */
  readonly scope: readonly string[];
  readonly frame: Frame;
  /** When the action starts, in ms of the run's clock. */
  readonly start: number;
}

export interface ActionResult {
  readonly status: ActionStatus;
  readonly code?: string;
  readonly error?: RunError;
  readonly inputs?: Traced;
  readonly outputs?: Traced;
  /** When the action ended (default: when it started). */
  readonly end?: number;
  readonly mocked?: ActionRun['mocked'];
  readonly notes?: readonly string[];
  readonly retryHistory?: readonly RetryAttempt[];
}

export type Executor = (context: ActionContext) => ActionResult;

