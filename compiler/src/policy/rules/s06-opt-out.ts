/**
 * §6 Opt-out and data control: "You have the right to opt-out of any data collection that isn't
 * essential for the creation of your automation flows."
 *
 * In a flow with a secondary purpose, opted-out records are excluded by construction: the emitter
 * filters every `query cosmos` and aggregate on the policy's opt-out field. Records that arrive any
 * other way (an HTTP request, a mailbox, a Service Bus message, a SharePoint item, an Event Grid
 * event, a raw trigger, a chat, an HTTP response, a child flow's or a raw action's result) bypass that
 * filter, so a secondary flow
 * may not read categorised data from them. Waivable, with a reason: a sender may already exclude
 * opted-out records. (Access and deletion requests are served by the data map, `jig report`.)
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import type { SourceKind } from '../../flow/categories.js';
import type { PolicyRule } from './rule.js';

const UNFILTERABLE: Partial<Record<SourceKind, string>> = {
  'http-trigger': 'the HTTP request that triggers the flow',
  'mail-trigger': 'the mailbox that triggers the flow',
  'message-trigger': 'the Service Bus queue or subscription that triggers the flow',
  'list-trigger': 'the SharePoint list whose new items trigger the flow',
  'event-trigger': 'the Event Grid events that trigger the flow',
  // Imported as it was: whatever it reads (a connector's records), no query of Jig's filters it.
  'raw-trigger': 'the raw trigger of the flow',
  'chat-trigger': 'the chat that triggers the flow',
  'blob-read': 'a blob, which no query filters',
  'http-response': 'an HTTP response',
  'flow-result': "a child flow's result",
  // Its JSON may query any container or call anything: what it returns no filter of Jig's has seen.
  'raw-result': "a raw action's result (or a var it writes)",
};

export const optOut: PolicyRule = {
  id: 's06-opt-out',
  check(context) {
    for (const { flow, sources } of context.flows) {
      const purpose = context.model.annotationsOf(flow).purpose;
      if (!purpose || context.policy.purposes.get(purpose.id)?.kind !== 'secondary') continue;
      for (const source of sources) {
        const description = UNFILTERABLE[source.kind];
        if (!description || source.categories.size === 0) continue;
        const anchor = source.node.kind === 'RawAction' ? (source.node.result ?? source.node.name) : (source.value ?? source.node);
        context.report(messages.optOutUnfilterable, anchor.range, { purpose: purpose.id, source: description });
      }
    }
  },
};
