/**
 * Triggers: Request (`trigger http`), Recurrence (`trigger schedule`), the Office 365 new-mail
 * notification (`trigger mail office365`, connectors/office365.ts) and the Service Bus message
 * received (`trigger servicebus(…)`, connectors/servicebus.ts) and the SharePoint new item
 * (`trigger sharepoint(…)`, connectors/sharepoint.ts) and the Event Grid resource event
 * (`trigger eventgrid(…)`, connectors/eventgrid.ts), in the shapes of connectors.md §1
 * and §5. A trigger whose output carries categories kept out of run history gets secure inputs and
 * outputs.
 */
import { jsonOf, parametersRead } from './raw.js';
import type { MailTrigger, MessageTrigger, ScheduleTrigger, TimeOfDay, Trigger } from '../syntax/tree.js';
import type { TextRange } from '../syntax/source.js';
import * as catalogue from '../diagnostics/catalogue/emit.js';
import { normalizeUnit } from '../semantics/durations.js';
import { MAIL_SOURCE_ID } from '../semantics/builtin-types.js';
import { connectionHost, encodeOnce, encodeTwice, timeInterval, type Json, type WaitUnit, type WdlTrigger } from './builders.js';
import type { FlowContext } from './flow-context.js';
import { literalValue, stringLiteral } from './wdl-strings.js';
import { ON_NEW_EMAIL_V3 } from '../connectors/office365.js';
import { DEFAULT_POLLING, GET_MESSAGE_FROM_QUEUE, GET_MESSAGE_FROM_TOPIC } from '../connectors/servicebus.js';
import { DEFAULT_POLLING as SHAREPOINT_POLLING, GET_ON_NEW_ITEMS } from '../connectors/sharepoint.js';
import { CREATE_SUBSCRIPTION, eventSource } from '../connectors/eventgrid.js';
import { extend } from '../util/objects.js';

/** The name of a chat's trigger, which the flow's first actions run after (workflow.ts). */
const CHAT_TRIGGER_NAME = 'When_a_new_chat_session_starts';

/** The trigger's name in the definition, as the designer names each kind. */
const TRIGGER_NAMES = {
  HttpTrigger: 'manual',
  ScheduleTrigger: 'Recurrence',
  MailTrigger: 'When_a_new_email_arrives',
  // The designer's conversational agent workflow (LogicAppsUX, apps/vs-code-designer
  // utils/codeless/templates.ts, getCodelessWorkflowTemplate for an agent workflow).
  ChatTrigger: CHAT_TRIGGER_NAME,
} as const satisfies Record<Exclude<Trigger['kind'], 'RawTrigger' | 'MessageTrigger'>, string>;

export function triggerName(trigger: Trigger): string {
  switch (trigger.kind) {
    case 'RawTrigger':
      // A raw trigger keeps its imported name.
      return trigger.name.value ?? 'trigger';
    case 'MessageTrigger':
      if (isSharePointList(trigger)) return 'When_an_item_is_created';
      if (trigger.source.store.name === 'eventgrid') return 'When_a_resource_event_occurs';
      return isTopicSubscription(trigger) ? 'When_a_message_is_received_in_a_topic_subscription' : 'When_a_message_is_received_in_a_queue';
    default:
      return TRIGGER_NAMES[trigger.kind];
  }
}

/** `servicebus("NAMESPACE", "TOPIC", "SUBSCRIPTION")`, as against a queue's two names. */
const isTopicSubscription = (trigger: MessageTrigger): boolean => trigger.source.args.length === 3;
/** `sharepoint("SITE", "LIST")`, as against a Service Bus entity. */
const isSharePointList = (trigger: MessageTrigger): boolean => trigger.source.store.name === 'sharepoint';

export function emitTrigger(ctx: FlowContext, trigger: Trigger): WdlTrigger {
  const bodyType = ctx.model.triggerBodyType(ctx.flow);
  const categories = ctx.triggerCategories();
  switch (trigger.kind) {
    case 'HttpTrigger':
      return ctx.privacy.protect(
        {
          type: 'Request',
          kind: 'Http',
          // A schema written out is the service's to apply; the body stays untyped for Jig.
          inputs: extend(trigger.method ? { method: trigger.method.toUpperCase() } : {}, {
            schema: trigger.schema ? jsonOf(trigger.schema) : bodyType ? ctx.schemaOf(bodyType) : {},
          }),
          // Without it the schema only describes the body: the service validates nothing and
          // runs the flow with whatever was posted. With it a body that does not fit is refused
          // (400, TriggerInputSchemaMismatch) and no run starts.
          operationOptions: 'EnableSchemaValidation',
        },
        categories,
      );
    case 'ScheduleTrigger':
      return { type: 'Recurrence', recurrence: recurrence(ctx, trigger) };
    case 'MailTrigger':
      for (const c of ctx.policy.mixedSources.get(MAIL_SOURCE_ID)?.categories ?? []) categories.add(c);
      return ctx.privacy.protect(mailTrigger(ctx, trigger), categories);
    case 'MessageTrigger':
      return ctx.privacy.protect(messageTrigger(ctx, trigger), categories);
    case 'ChatTrigger':
      // A Request trigger of kind Agent, without inputs (LogicAppsUX's template above). The agent's
      // name and description a designer may give it (inputs.agentName, agentDescription:
      // libs/logic-apps-shared designer-client-services manifests/a2arequest.ts) are not in the
      // reference schema's Request inputs, so Jig does not write them: jig import keeps such a trigger raw.
      return ctx.privacy.protect({ type: 'Request', kind: 'Agent' }, categories);
    case 'RawTrigger': {
      const json = jsonOf(trigger.body);
      for (const name of parametersRead(json)) {
        if (name === '$connections') ctx.rawReadsConnections = true;
        else ctx.usedParameters.add(name);
      }
      return json as unknown as WdlTrigger;
    }
  }
}


const RECURRENCE_POINTER = `/triggers/${TRIGGER_NAMES.ScheduleTrigger}/recurrence`;

/** The largest interval the service accepts for each frequency (Logic Apps limits). */
const MAXIMUM_INTERVAL: Record<WaitUnit, number> = {
  Second: 9_999_999,
  Minute: 72_000,
  Hour: 12_000,
  Day: 500,
  Week: 71,
  Month: 16,
};

function recurrence(ctx: FlowContext, trigger: ScheduleTrigger): Json {
  const unit = normalizeUnit(trigger.every.unit) ?? 'days';
  // Recurrence has no yearly frequency: a year is twelve months.
  const { count: interval, unit: frequency } = timeInterval(trigger.every.amount, unit);
  const maximum = MAXIMUM_INTERVAL[frequency];
  if (interval > maximum) {
    const every = `${trigger.every.amount} ${trigger.every.unit}`;
    ctx.report(catalogue.scheduleIntervalTooLong(trigger.every.range, { every, frequency, maximum }, { pointer: RECURRENCE_POINTER }));
  }
  const result: Record<string, Json> = { frequency, interval };
  const schedule: Record<string, Json> = {};
  const [firstDay] = trigger.days;
  if (firstDay) {
    if (frequency === 'Week') schedule.weekDays = trigger.days.map((day) => weekDayName(day.name));
    else ctx.report(catalogue.scheduleDaysIgnored(span(firstDay.range, trigger.days[trigger.days.length - 1]!.range), { unit }, { pointer: RECURRENCE_POINTER }));
  }
  const [firstTime] = trigger.times;
  if (firstTime) {
    const range = span(firstTime.range, trigger.times[trigger.times.length - 1]!.range);
    if (frequency === 'Day' || frequency === 'Week') {
      const { hours, minutes, missing } = timeGrid(trigger.times);
      if (missing.length > 0) ctx.report(catalogue.scheduleTimesCombine(range, { hours, minutes, missing }, { pointer: RECURRENCE_POINTER }));
      schedule.hours = hours;
      schedule.minutes = minutes;
    } else {
      ctx.report(catalogue.scheduleTimeIgnored(range, { unit }, { pointer: RECURRENCE_POINTER }));
    }
  }
  if (Object.keys(schedule).length > 0) result.schedule = schedule;
  const zone = trigger.timeZone?.value;
  if (zone) {
    // Microsoft documents timeZone as applying "only when you specify a start time": without one,
    // the hours would be read in UTC. A start in the past, at midnight in the zone, anchors the
    // times written with `at` there and changes nothing else (the first run is still the next
    // time of the schedule); UTC needs none.
    if (schedule.hours !== undefined && zone.toUpperCase() !== 'UTC') result.startTime = SCHEDULE_ANCHOR;
    result.timeZone = literalValue(zone);
  }
  return result;
}

/** The start time of a recurrence with times in a time zone: a Monday midnight in the past, in that zone. */
export const SCHEDULE_ANCHOR = '2024-01-01T00:00:00';

const span = (first: TextRange, last: TextRange): TextRange => ({ start: first.start, end: last.end });

/** `monday` → `Monday`, as the service spells week days (the checker has refused other words). */
function weekDayName(day: string): string {
  return day.charAt(0).toUpperCase() + day.slice(1).toLowerCase();
}

/**
 * A Recurrence runs at every combination of its `hours` and `minutes`, so the times written must
 * be such a grid: `09:00, 17:30` would also run at 09:30 and 17:00, which `missing` lists.
 */
function timeGrid(times: readonly TimeOfDay[]): { hours: number[]; minutes: number[]; missing: string[] } {
  const sorted = (values: number[]) => [...new Set(values)].sort((a, b) => a - b);
  const hours = sorted(times.map((time) => time.hour));
  const minutes = sorted(times.map((time) => time.minute));
  const written = new Set(times.map((time) => time.hour * 60 + time.minute));
  const missing: string[] = [];
  for (const hour of hours) {
    for (const minute of minutes) {
      if (!written.has(hour * 60 + minute)) missing.push(`${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
    }
  }
  return { hours, minutes, missing };
}

function mailTrigger(ctx: FlowContext, trigger: MailTrigger): WdlTrigger {
  ctx.useConnection('office365');
  const folderPath = literalValue(trigger.folder.value ?? 'Inbox');
  return {
    type: 'ApiConnectionNotification',
    // One run a message: `triggerBody()` is then one GraphClientReceiveMessage, the `Mail` type.
    splitOn: `@triggerBody()?[${stringLiteral(ON_NEW_EMAIL_V3.batchProperty)}]`,
    inputs: {
      host: connectionHost('office365'),
      fetch: {
        method: 'get',
        pathTemplate: { template: ON_NEW_EMAIL_V3.path },
        queries: { folderPath, ...ON_NEW_EMAIL_V3.queries },
      },
      subscribe: {
        method: 'post',
        pathTemplate: { template: ON_NEW_EMAIL_V3.subscribePath },
        body: { NotificationUrl: '@{listCallbackUrl()}' },
        queries: { folderPath, ...ON_NEW_EMAIL_V3.subscribeQueries },
      },
    },
  };
}

/**
 * Service Bus "When a message is received in a queue (auto-complete)", or in a topic
 * subscription: a polling ApiConnection trigger (connectors/servicebus.ts), one message a run.
 */
function messageTrigger(ctx: FlowContext, trigger: MessageTrigger): WdlTrigger {
  if (isSharePointList(trigger)) return newItemTrigger(ctx, trigger);
  if (trigger.source.store.name === 'eventgrid') return resourceEventTrigger(ctx, trigger);
  ctx.useConnection('servicebus');
  const [, entity = '', subscription = ''] = trigger.source.args.map((arg) => arg.value ?? '');
  const operation = isTopicSubscription(trigger) ? GET_MESSAGE_FROM_TOPIC : GET_MESSAGE_FROM_QUEUE;
  const path = isTopicSubscription(trigger)
    ? `/${encodeTwice(entity)}${GET_MESSAGE_FROM_TOPIC.subscriptions}${encodeOnce(subscription)}${operation.pathSuffix}`
    : `/${encodeTwice(entity)}${operation.pathSuffix}`;
  return {
    type: 'ApiConnection',
    inputs: { host: connectionHost('servicebus'), method: 'get', path, queries: { ...operation.queries } },
    recurrence: { ...DEFAULT_POLLING },
  };
}

/**
 * SharePoint "When an item is created": a polling ApiConnection trigger (connectors/sharepoint.ts)
 * split on the batch's items, so each run reads one item.
 */
function newItemTrigger(ctx: FlowContext, trigger: MessageTrigger): WdlTrigger {
  ctx.useConnection('sharepointonline');
  const [site = '', list = ''] = trigger.source.args.map((arg) => arg.value ?? '');
  return {
    type: 'ApiConnection',
    inputs: { host: connectionHost('sharepointonline'), method: 'get', path: `/datasets/${encodeTwice(site)}/tables/${encodeTwice(list)}${GET_ON_NEW_ITEMS.pathSuffix}` },
    recurrence: { ...SHAREPOINT_POLLING },
    splitOn: GET_ON_NEW_ITEMS.splitOn,
  };
}

/**
 * Event Grid "When a resource event occurs": a webhook trigger that subscribes to the resource's
 * events of one type (or all) and runs once for each event posted (connectors/eventgrid.ts).
 */
function resourceEventTrigger(ctx: FlowContext, trigger: MessageTrigger): WdlTrigger {
  ctx.useConnection('azureeventgrid');
  const [resourceId = '', eventType] = trigger.source.args.map((arg) => arg.value ?? '');
  const source = eventSource(resourceId) ?? { subscription: '', resourceType: '' };
  const operation = CREATE_SUBSCRIPTION;
  return {
    type: 'ApiConnectionWebhook',
    inputs: {
      host: connectionHost('azureeventgrid'),
      path: `/subscriptions/${encodeOnce(source.subscription)}/providers/${encodeOnce(source.resourceType)}${operation.pathSuffix}`,
      queries: { ...operation.queries },
      body: {
        properties: {
          topic: literalValue(resourceId),
          destination: { endpointType: 'webhook', properties: { endpointUrl: operation.endpointUrl } },
          ...(eventType !== undefined && { filter: { includedEventTypes: [literalValue(eventType)] } }),
        },
      },
    },
    splitOn: operation.splitOn,
  };
}
