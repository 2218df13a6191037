/**
 * §8 Data retention: "we are committed to storing data only for as long as necessary."
 *
 * A store's retention (its own `@retain`, else its flow's) may not exceed the policy's maximum for
 * any category it writes: the smallest maximum over them wins. The finding points at the `@retain`
 * that sets the period, says whether the maximum is provisional, and offers the maximum as a fix.
 * Only a Cosmos DB document carries its retention (its `ttl`): a blob, a row, a SharePoint item or an HTTP write into
 * a storage endpoint would be kept without limit. A Service Bus message waits in its queue or topic
 * until a receiver takes it or it expires: `send` gives it the flow's `@retain` as its time to live,
 * judged as a store's retention; one written by HTTP to a namespace's REST API has none.
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import type { Fix } from '../../diagnostics/diagnostic.js';
import type { RetentionLimit } from '../model.js';
import type { ResolvedDuration } from '../../semantics/model.js';
import { formatDays, formatPeriod } from '../retention.js';
import { listCategories, pointAt, type PolicyRule, type RuleContext } from './rule.js';
import type { HttpSink, LogWrite, MessageSink, StoreSink } from '../../flow/categories.js';
import { destinationsOf } from '../destinations.js';
import { isPlaceholder, FOREIGN, eventCell, messageCell, storeCell } from '../../semantics/categories.js';
import { documentWrittenBack } from '../../flow/rewrites.js';
import { isServiceBusHost } from '../../connectors/storage.js';
import { targetText } from '../../semantics/targets.js';
import { heldInRun } from '../../flow/run-time.js';
import type { Expression, FlowDecl, Step } from '../../syntax/tree.js';
import { topicsPostedBy, type KeptBefore } from '../../flow/project-data.js';
import { writesWhatItSends } from '../../semantics/declarations.js';

const SECONDS_PER_DAY = 86_400;

export const retention: PolicyRule = {
  id: 's08-retention',
  check(context) {
    const reported = new Set<number>();
    for (const { flow, sinks, logs } of context.flows) {
      for (const log of logs) checkLogs(context, flow, log);
      for (const sink of sinks) {
        if (sink.kind === 'http') checkHttpStore(context, sink);
        if (sink.kind === 'store') {
          checkStoreWithoutExpiry(context, sink);
          checkRewrite(context, sink);
        }
        if (sink.kind === 'message') checkResend(context, flow, sink);
        if (sink.kind === 'http') checkRepost(context, flow, sink);
        // A Service Bus message is kept in its queue or topic up to its time to live, the flow's @retain.
        if ((sink.kind !== 'store' && sink.kind !== 'message') || !sink.retention) continue;
        let strictest: { category: string; limit: RetentionLimit } | undefined;
        for (const category of sink.categories.keys()) {
          const limit = context.policy.categories.get(category)?.maxRetention;
          if (limit && (!strictest || limit.days < strictest.limit.days)) strictest = { category, limit };
        }
        if (!strictest) continue;
        if (sink.retention.seconds <= strictest.limit.days * SECONDS_PER_DAY) {
          checkCopy(context, flow, sink, sink.retention, strictest);
          continue;
        }
        // A flow's @retain shared by several stores is reported once, for the strictest of them.
        if (reported.has(sink.retention.range.start)) continue;
        reported.add(sink.retention.range.start);
        const { category, limit } = strictest;
        const maximum = formatPeriod(limit.amount, limit.unit);
        context.report(
          messages.retentionExceedsMaximum,
          sink.retention.range,
          { retention: formatPeriod(sink.retention.amount, sink.retention.unit), maximum, category, provisional: limit.provisional },
          {
            related: [{ message: `'${category}' is ${sink.kind === 'message' ? 'sent in a message that waits in its queue or topic that long' : 'stored'} here`, range: sink.step.range }],
            fixes: [{ title: `Keep it ${maximum}`, edits: [{ range: sink.retention.range, newText: maximum }], isPreferred: true }],
          },
        );
      }
    }
  },
};

/**
 * A computed tracked property stores its value in the workflow's diagnostic logs (Azure Monitor),
 * outside Jig's retention: data about someone may go there only when jig.yaml declares the logs
 * and how long they keep data, and then no longer than its categories' maxima, as in a store. Data
 * the policy hides from run history is the run-history rule's (never allowed there); data about no
 * one (`system.*`) needs no declaration.
 */
function checkLogs(context: RuleContext, flow: FlowDecl, log: LogWrite): void {
  const carried = [...log.categories].filter(([category, origin]) => !origin.control && !context.policy.categories.get(category)?.secureInRunHistory);
  const declared = context.project.diagnosticLogs?.retention;
  if (!declared) {
    const about = carried.filter(([category]) => !context.policy.categories.get(category)?.aboutNoOne);
    if (about.length === 0) return;
    const { range, related } = pointAt(log.node.range, about[0]![1]);
    context.report(messages.trackedPropertyToUndeclaredLogs, range, { category: listCategories(about.map(([category]) => category)) }, related ? { related } : {});
    return;
  }
  let strictest: { category: string; limit: RetentionLimit } | undefined;
  for (const [category] of carried) {
    const limit = context.policy.categories.get(category)?.maxRetention;
    if (limit && (!strictest || limit.days < strictest.limit.days)) strictest = { category, limit };
  }
  if (!strictest) return;
  // A copy as a store's is (checkCopy): counted from when the data was first kept, and the time it waited in the run.
  // A raw action's or trigger's tracked properties (JSON) are not read: what they send counts from now.
  const value = log.node.kind === 'JsonMember' ? undefined : (log.node as Expression);
  const kept: KeptBefore = value ? context.data.keptBefore(context.model.categoriesOf(value), LOGS) : { seconds: 0 };
  // A tracked property's expression is a step's (`@tracked`), never a trigger's.
  const held = value ? heldInRun(context.model, flow, log.step as Step, value) : 0;
  const before = kept.seconds + held;
  if (declared.seconds + before <= strictest.limit.days * SECONDS_PER_DAY) return;
  context.report(messages.logsKeepTooLong, log.node.range, {
    retention: formatPeriod(declared.amount, declared.unit),
    maximum: formatPeriod(strictest.limit.amount, strictest.limit.unit),
    category: strictest.category,
    provisional: strictest.limit.provisional,
    ...(before > 0 && { before: `${formatDays(before / SECONDS_PER_DAY)} in ${keptIn(kept, held, 'action')}` }),
  });
}

/** No cell of the project: the logs are written by tracked properties, and read by no flow. */
const LOGS = 'logs:';

/**
 * A copy keeps data its own retention after the original may already have been kept for its own:
 * a store of data read from another container (or passed on from one, by a call or a message)
 * answers to the category's maximum with its retention and how long that data may already have
 * been kept, back to where it was first kept (ProjectFacts.keptBefore), and how long it may have
 * waited in the run before the store (flow/run-time.ts).
 */
function checkCopy(context: RuleContext, flow: FlowDecl, sink: StoreSink | MessageSink, retention: ResolvedDuration, strictest: { category: string; limit: RetentionLimit }): void {
  const cell = sink.kind === 'store' ? storeCell(sink.step.target) : messageCell(sink.step.target);
  const kept = context.data.keptBefore(context.model.categoriesOf(sink.step.value), cell);
  // The run kept what it waited with (flow/run-time.ts), after it was read from wherever it was kept.
  const held = heldInRun(context.model, flow, sink.step, sink.step.value);
  const before = held > 0 ? { seconds: kept.seconds + held, where: kept.where } : kept;
  const maximum = strictest.limit.days * SECONDS_PER_DAY;
  if (before.seconds === 0 || retention.seconds + before.seconds <= maximum) return;
  const left = Math.floor((maximum - before.seconds) / SECONDS_PER_DAY);
  context.report(
    messages.retentionExceededByCopy,
    retention.range,
    {
      retention: formatPeriod(retention.amount, retention.unit),
      before: formatDays(before.seconds / SECONDS_PER_DAY),
      source: keptIn(kept, held, sink.kind === 'store' ? 'store' : 'message'),
      maximum: formatPeriod(strictest.limit.amount, strictest.limit.unit),
      category: strictest.category,
      provisional: strictest.limit.provisional,
    },
    left >= 1 ? { fixes: [retainFix(sink, formatDays(left), `Keep the copy ${formatDays(left)}`)] } : {},
  );
}

/** A store cell as the source names it: `cosmos("db", "container")`; a message cell, its queue or topic. */
/** Where data was kept before a copy of it: the container it was first kept in, and the run that waited with it before `step`. */
function keptIn(kept: KeptBefore, held: number, step: string): string {
  const where = kept.where ? describeCell(kept.where) : 'the project';
  return held > 0 ? `${kept.seconds > 0 ? `${where} and ` : ''}its run, which waits before this ${step}` : where;
}

function describeCell(cell: string): string {
  if (cell.startsWith('message:')) return `the Service Bus queue or topic '${cell.slice(cell.indexOf('/') + 1)}'`;
  const [store, ...args] = cell.slice('store:'.length).split('/');
  return `${store}(${args.map((arg) => JSON.stringify(arg)).join(', ')})`;
}

/**
 * An HTTP write into a store the policy allows: Jig cannot set its documents' TTL (§2 reports the
 * others). Nor a message's: one written by HTTP into a Service Bus queue or topic waits there for
 * the entity's default time to live, unlimited unless its owner shortens it (`send` sets one).
 */
function checkHttpStore(context: RuleContext, sink: HttpSink): void {
  if (sink.tokenRequest) return; // a token request keeps nothing; its call is judged
  const write = writesWhatItSends(sink.call);
  for (const { storage, host } of destinationsOf(sink, context.model, context.policy, context.project, context.data)) {
    if (storage && context.policy.allowedStores.includes(storage.store)) {
      context.report(messages.retentionNotEnforced, sink.call.url.range, { service: storage.service });
    } else if (write && host !== undefined && isServiceBusHost(host)) {
      context.report(messages.retentionNotEnforced, sink.call.url.range, { service: "a Service Bus queue or topic by its REST API (only send … to servicebus gives a message a time to live, the flow's @retain)" });
    }
  }
}

/** The store kinds whose connector operation (Create blob, Insert row, Create item) takes no expiry, by the service they write to. */
const STORES_WITHOUT_EXPIRY: Readonly<Record<string, string>> = {
  blob: 'Azure Blob storage (store … in blob)',
  sql: 'Azure SQL (store … in sql)',
  sharepoint: 'a SharePoint list (store … in sharepoint)',
};

/** A store the policy allows whose data Jig cannot expire (§2 reports a store it does not allow). */
function checkStoreWithoutExpiry(context: RuleContext, sink: StoreSink): void {
  const kind = sink.step.target.store.name;
  const service = STORES_WITHOUT_EXPIRY[kind];
  if (service && context.policy.allowedStores.includes(kind)) {
    context.report(messages.retentionNotEnforced, sink.step.target.range, { service });
  }
}

/**
 * A store of documents read from the same container restarts their TTL, whether the flow read
 * them itself or was passed them (a child flow's request, a queue's message): it must shorten
 * their retention, below that of every other store into the container, and, since a shorter
 * rewrite repeated before they expire would keep them for ever too, write back the document the
 * flow read itself, whose expiry the emitted store keeps.
 */
function checkRewrite(context: RuleContext, sink: StoreSink): void {
  const cell = storeCell(sink.step.target);
  // Asked of the file's own model first: only a store of what came from the project (a read, a caller, a message) can rewrite.
  if (!readsProject(context.model.categoriesOf(sink.step.value))) return;
  const { rewrites, firstWrites, shortestFirstWrite: shortest } = context.data.rewriteAt(cell, sink.step.range.start);
  if (!rewrites) return;
  const container = targetText(sink.step.target);
  if (sink.retention && firstWrites && sink.retention.seconds < shortest) {
    // Shorter, but repeated before the documents expire it would still keep them for ever: only a
    // rewrite of the document the flow read itself is emitted to keep its expiry (flow/rewrites.ts).
    if (documentWrittenBack(context.model, sink.step)) return;
    context.report(messages.retentionRefreshedRepeatedly, sink.retention.range, { container });
    return;
  }
  const days = shortest / SECONDS_PER_DAY;
  context.report(
    messages.retentionRefreshed,
    sink.retention?.range ?? sink.step.range,
    { container, retention: Number.isFinite(days) ? formatDays(days) : 'any store that writes them first (none in this project)' },
    Number.isFinite(days) && days > 1 ? { fixes: [retainFix(sink, formatDays(Math.ceil(days) - 1), `Keep the rewritten documents ${formatDays(Math.ceil(days) - 1)}`)] } : {},
  );
}

/**
 * A message sent back into the queue or topic it was received from (by the flow its message
 * triggers, or through the project's other flows and queues: `rewriteAt` follows them as it does a
 * container's) gets a new time to live on each receipt, so the relay keeps the data for ever: unlike
 * a document's, a message's expiry is not read back, so no shorter retention ends it.
 */
function checkResend(context: RuleContext, flow: FlowDecl, sink: MessageSink): void {
  if (sink.step.target.store.name !== 'servicebus') return;
  if (!relays(flow, context.model.categoriesOf(sink.step.value))) return;
  if (!context.data.rewriteAt(messageCell(sink.step.target), sink.step.range.start).rewrites) return;
  context.report(messages.messageResent, sink.step.target.range, { entity: targetText(sink.step.target) });
}

/**
 * An event posted back to the Event Grid topic its data came from (the flow its event triggers, or
 * a ring through the project's flows and queues) is delivered again, and kept up to Event Grid's
 * retry period (24 hours) again, on each receipt: the relay keeps the data for ever, as a message
 * sent back into its queue does.
 */
function checkRepost(context: RuleContext, flow: FlowDecl, sink: HttpSink): void {
  if (sink.tokenRequest || !sink.call.body || !relays(flow, context.model.categoriesOf(sink.call.body))) return;
  for (const topic of topicsPostedBy(context.model, sink.step)) {
    if (!context.data.rewriteAt(eventCell(topic), sink.step.range.start).rewrites) continue;
    context.report(messages.messageResent, sink.call.url.range, { entity: `the Event Grid topic '${topic}'` });
    return;
  }
}

/** The store's own `@retain` set to `period` (added when the store takes its flow's); a message has only its flow's. */
function retainFix(sink: StoreSink | MessageSink, period: string, title: string): Fix {
  const own = sink.retention && (sink.kind === 'message' || (sink.retention.range.start >= sink.step.range.start && sink.retention.range.end <= sink.step.range.end));
  const edit = own
    ? { range: sink.retention!.range, newText: period }
    : { range: { start: sink.step.range.end, end: sink.step.range.end }, newText: ` @retain(${period})` };
  return { title, edits: [edit], isPreferred: true };
}

/**
 * Whether a flow's value holds what its run received, and so passes it on: what came with the
 * message or event that triggered it (a flow its queue, topic or list item starts), or from its
 * caller (a child flow's input). A relay through a container is its store's rewrite (JIG3806,
 * JIG3807), and a run started otherwise received no message, whatever inline code or a raw
 * action may read (they hold every queue's data for the policy, not one the run took).
 */
function relays(flow: FlowDecl, categories: ReadonlyMap<string, unknown>): boolean {
  const triggered = flow.trigger?.kind === 'MessageTrigger';
  for (const key of categories.keys()) {
    if (key === FOREIGN || !isPlaceholder(key)) continue;
    const cell = key.slice(1, key.lastIndexOf('#'));
    if (cell.endsWith('/')) continue;
    if (cell.startsWith('input:') || (triggered && cell.startsWith('message:'))) return true;
  }
  return false;
}

/** Whether categories hold data that came from the project (a placeholder of a cell). */
function readsProject(categories: ReadonlyMap<string, unknown>): boolean {
  for (const key of categories.keys()) if (key !== FOREIGN && isPlaceholder(key)) return true;
  return false;
}
