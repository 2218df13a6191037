/**
 * §4 Data usage: "Outside of the primary purpose of automating tasks, we may use anonymized and
 * aggregated data for marketing, analytics, and research purposes."
 *
 * In a flow whose purpose is secondary, every sink (store, HTTP call, mail, message, response, child flow,
 * failure message, tracked property, and a delete, which acts on the record its key names) receives only what the rule allows: anonymized aggregates, and technical data
 * about no one; the conditions a sink runs under count as what it receives (a counter changed in a
 * loop over raw records is a count with no minimum group size). Business data may be read, but
 * only to be aggregated; personal data not even declared, since whatever Jig cannot see into
 * counts as holding every declared category. A run serves the purpose of the flow that starts it,
 * so a flow of the automation may not be started by a secondary one (JIG3403), nor may a secondary
 * flow start a workflow Jig cannot tie to a flow of the project (JIG3404).
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import { covers, reaching, type Sink } from '../../flow/categories.js';
import { startingCellOf } from '../../semantics/categories.js';
import { unseenRunStart } from '../destinations.js';
import type { FlowDecl } from '../../syntax/tree.js';
import { pointAt, ruleCategories, type PolicyRule, type RuleContext } from './rule.js';

const SINK_NAMES = { store: 'store', http: 'HTTP call', mail: 'mail', message: 'Service Bus message', respond: 'response', flow: 'child flow call', fail: 'failure message' } as const;

const sinkName = (sink: Sink): string => (sink.kind === 'message' && sink.step.target.store.name === 'teams' ? 'Teams message' : SINK_NAMES[sink.kind]);

/** The personal data that a secondary purpose may never hold (s01's categories when the policy names them). */
const PERSONAL_RULE = 's01-personal-purpose';

export const secondaryUse: PolicyRule = {
  id: 's04-secondary-use',
  check(context) {
    const allowed = ruleCategories(context.rule, context.policy);
    const personalRule = context.policy.rules.get(PERSONAL_RULE);
    const personal = personalRule ? ruleCategories(personalRule, context.policy) : ['personal'];
    for (const { flow, sinks, deletes, logs } of context.flows) {
      const annotations = context.model.annotationsOf(flow);
      const purpose = annotations.purpose;
      if (!purpose) continue;
      if (context.policy.purposes.get(purpose.id)?.kind !== 'secondary') {
        reportSecondaryStarter(context, flow, purpose.id);
        continue;
      }
      for (const declared of annotations.data?.categories ?? []) {
        // `@data(personal)` declares it; so does a child of it, and a parent (`@data(personal)` covers `personal.name`).
        if (personal.some((p) => covers(p, declared.id) || covers(declared.id, p))) {
          context.report(messages.secondaryPurposeDeclaresPersonal, declared.range, { purpose: purpose.id, category: declared.id });
        }
      }
      for (const sink of sinks) {
        // A token request starts no run: its call, the sink before it, is judged.
        if (sink.kind === 'http' && !sink.tokenRequest) {
          const unseen = unseenRunStart(sink, context.model, context.policy, context.project, context.data);
          if (unseen) context.report(messages.secondaryFlowStartsUnseenRun, sink.call.url.range, { purpose: purpose.id, destination: unseen.description });
        }
        for (const [category, origin] of reaching(sink)) {
          if (allowed.some((a) => covers(a, category))) continue;
          const { range, related } = pointAt(sink.node.range, origin);
          context.report(
            messages.secondaryUseOfRawData,
            range,
            { purpose: purpose.id, category, sink: sinkName(sink) },
            related ? { related } : {},
          );
          break; // one finding a sink: the fix (aggregate first) is the same for every category
        }
      }
      // The diagnostic logs keep what a tracked property sends them, a store of their own (rule 6).
      for (const log of logs) {
        const raw = [...log.categories].find(([category]) => !allowed.some((a) => covers(a, category)));
        if (!raw) continue;
        const { range, related } = pointAt(log.node.range, raw[1]);
        context.report(messages.secondaryUseOfRawData, range, { purpose: purpose.id, category: raw[0], sink: 'tracked property (the diagnostic logs)' }, related ? { related } : {});
      }
      // A delete discloses nothing, but it acts on one record, chosen by what its key and its
      // conditions read: deleting the large sales is a use of each sale's amount, not of an aggregate.
      for (const use of deletes) {
        for (const [category, origin] of reaching(use)) {
          if (allowed.some((a) => covers(a, category))) continue;
          const { range, related } = pointAt(use.step.id.range, origin);
          context.report(messages.secondaryUseOfRawData, range, { purpose: purpose.id, category, sink: 'delete' }, related ? { related } : {});
          break;
        }
      }
    }
  },
};

/**
 * A flow of the automation that a secondary-purpose flow starts (calls it, or sends, posts or
 * stores what its trigger reads) runs for that purpose: what it reads, shares and keeps then
 * serves it, outside every check above, and its queries are not filtered on opt-outs (§6).
 * Reported once, at its trigger, naming the first such flow.
 */
function reportSecondaryStarter(context: RuleContext, flow: FlowDecl, purpose: string): void {
  const cell = startingCellOf(flow);
  if (cell === undefined || !flow.trigger) return;
  const starter = context.data
    .startersOf(cell)
    .find((candidate) => candidate.purpose !== undefined && context.policy.purposes.get(candidate.purpose)?.kind === 'secondary');
  if (!starter) return;
  context.report(messages.secondaryFlowStartsPrimary, flow.trigger.range, { flow: flow.name.name, purpose, starter: starter.flow, starterPurpose: starter.purpose! });
}
