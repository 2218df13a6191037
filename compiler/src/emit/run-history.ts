/**
 * How long Logic Apps keeps a workflow's run history (policy rule 6: run history is storage). A run's
 * history holds its trigger's and every action's inputs and outputs, the secured ones too (they are
 * hidden from readers, not deleted), for 90 days after the run starts unless the workflow says less
 * (Microsoft, "Limits and configuration reference for Azure Logic Apps": run history retention in
 * storage, 90 days, multitenant maximum too: "You can only decrease this value"), and removes a run
 * past it "within 7 days". So a flow of minors' data (kept at most 30 days) kept every pupil 90 to 97
 * days in its history. Each workflow now keeps its runs, cleanup included, no longer than the
 * policy's maxima of every category its `@data` covers: what its runs may hold.
 *
 * The same setting bounds how long a Consumption run may last (Microsoft, "Monitor workflows": a run
 * times out when it exceeds the run duration limit "controlled by the setting named Run history
 * retention in days"), so a flow whose stated waits outlast it would be cut off before the steps
 * after them: JIG4119, rather than a workflow that does less than the source says.
 */
import { runHistoryBeyondMaximum, runOutlivesHistory } from '../diagnostics/catalogue/emit.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { statedRunSeconds } from '../flow/run-time.js';
import type { Policy } from '../policy/model.js';
import type { SemanticModel } from '../semantics/model.js';
import type { FlowDecl } from '../syntax/tree.js';

/** Logic Apps' default, and the multitenant maximum, in days. */
export const DEFAULT_RUN_HISTORY_DAYS = 90;

/**
 * How late the service may remove a run past its retention: "If a run isn't immediately removed
 * after reaching the retention limit, the run is removed within 7 days" (Microsoft, limits
 * reference, Run history retention in storage). A bound of N days is kept by a setting of N - 7.
 */
export const CLEANUP_DAYS = 7;

const DAY = 86_400;

/** The run history retention a workflow sets, and why: `the policy's maximum for 'personal.minor' (30 days), less …`. */
export interface RunHistoryRetention {
  /** Whole days, 1 to 89: a workflow whose runs may be kept 90 days or more keeps the default. */
  readonly days: number;
  readonly because: string;
  /** The maximum in days the setting keeps the runs within, once the cleanup's delay is added. */
  readonly bound: number;
}

/**
 * The run history retention a flow's workflow must set, or undefined when the default (90 days,
 * plus the cleanup's 7) is within the policy's maximum of every category its `@data` covers (what
 * its runs may hold: secured inputs and outputs are kept too). Run history is storage (rule 6), and
 * §8's maxima judge it as they judge a store's retention and the diagnostic logs' (JIG3811); the
 * flow's `@retain` is its documents' `ttl`, not a bound on its runs. A maximum of 7 days or less
 * cannot be kept (the cleanup alone may take that long): JIG4120.
 */
export function runHistoryRetention(model: SemanticModel, policy: Policy, flow: FlowDecl): RunHistoryRetention | undefined {
  const shortest = shortestMaximum(model, policy, flow);
  if (!shortest) return undefined;
  // Whole days, rounded down: a setting of days may keep runs no longer than the maximum.
  const bound = Math.floor(shortest.days);
  if (bound - CLEANUP_DAYS >= DEFAULT_RUN_HISTORY_DAYS) return undefined;
  return { days: Math.max(1, bound - CLEANUP_DAYS), because: `the policy's maximum for '${shortest.category}' (${shortest.period}), less the 7 days its cleanup may take`, bound };
}

/**
 * JIG4120 when a policy maximum is too short for any setting to keep the runs within it, and JIG4119
 * when the waits and timeouts the flow states may outlast the runs' life that its retention sets.
 */
export function runLifeDiagnostics(model: SemanticModel, policy: Policy, flow: FlowDecl, retention: RunHistoryRetention | undefined): Diagnostic[] {
  if (!retention) return [];
  if (retention.bound <= CLEANUP_DAYS) {
    const shortest = shortestMaximum(model, policy, flow);
    if (shortest) return [runHistoryBeyondMaximum(flow.name.range, { flow: flow.name.name, category: shortest.category, period: shortest.period })];
  }
  const stated = statedRunSeconds(model, flow);
  if (stated <= retention.days * DAY) return [];
  return [
    runOutlivesHistory(flow.name.range, {
      flow: flow.name.name,
      stated: formatDays(stated),
      days: retention.days,
      because: retention.because,
    }),
  ];
}

function shortestMaximum(model: SemanticModel, policy: Policy, flow: FlowDecl): { category: string; days: number; period: string } | undefined {
  let shortest: { category: string; days: number; period: string } | undefined;
  for (const category of [...model.declaredClosureOf(flow)].sort()) {
    const limit = policy.categories.get(category)?.maxRetention;
    if (limit && (!shortest || limit.days < shortest.days)) shortest = { category, days: limit.days, period: `${limit.amount} ${limit.unit}` };
  }
  return shortest;
}

function formatDays(seconds: number): string {
  const days = seconds / DAY;
  return Number.isInteger(days) ? `${days} days` : `${Math.round(days * 10) / 10} days`;
}

/** The workflow resource's `runtimeConfiguration` for a retention (Microsoft's ARM form of the setting). */
export function runtimeConfiguration(days: number): { lifetime: { unit: 'day'; count: number } } {
  return { lifetime: { unit: 'day', count: days } };
}
