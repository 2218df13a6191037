/**
 * §9 Children's data: "We prioritize the safety of such data and comply with all relevant
 * regulations."
 *
 * Minors' data is never sent outside the platform, not even to a listed processor, and never used
 * by a flow with a secondary purpose. What a sink sends includes the categories of the conditions
 * it runs under. (Its short retention is §8's maximum for the category; its absence from run
 * history is the emitter's secure inputs and outputs.)
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import { covers, reaching } from '../../flow/categories.js';
import { destinationsOf, requesterOf } from '../destinations.js';
import { pointAt, ruleCategories, type PolicyRule } from './rule.js';

export const minors: PolicyRule = {
  id: 's09-minors',
  check(context) {
    const minorsData = ruleCategories(context.rule, context.policy);
    const isMinors = (category: string) => minorsData.some((m) => covers(m, category));
    for (const { flow, sinks, reads, touched } of context.flows) {
      const secondary = isSecondary(context, flow);
      for (const sink of [...sinks, ...reads]) {
        const carried = firstOf(reaching(sink), isMinors);
        if (!carried) continue;
        if (sink.kind === 'http' || sink.kind === 'mail' || sink.kind === 'message' || sink.kind === 'store' || sink.kind === 'read' || sink.kind === 'redirect') {
          // Not even to a listed processor; a reply to the sender may hold only their own mail.
          const outside = destinationsOf(sink, context.model, context.policy, context.project, context.data).find(
            (destination) => !destination.platform && !(destination.sender && !sink.foreign),
          );
          if (outside) {
            const { range, related } = pointAt(sink.node.range, carried[1]);
            context.report(messages.minorsDataShared, range, { destination: outside.description }, related ? { related } : {});
          }
        }
        // A rights flow answers whoever asks (requesterOf): not the platform.
        const requester = sink.kind === 'respond' ? requesterOf(context.model, flow) : undefined;
        if (requester) {
          const { range, related } = pointAt(sink.node.range, carried[1]);
          context.report(messages.minorsDataShared, range, { destination: requester.description }, related ? { related } : {});
        }
      }
      if (!secondary) continue;
      const reached = firstOf(touched, isMinors);
      if (reached) context.report(messages.minorsDataSecondaryUse, reached[1].origin.range, { purpose: context.model.annotationsOf(flow).purpose!.id });
    }
  },
};

function isSecondary(context: Parameters<PolicyRule['check']>[0], flow: Parameters<typeof context.model.annotationsOf>[0]): boolean {
  const purpose = context.model.annotationsOf(flow).purpose;
  return purpose !== undefined && context.policy.purposes.get(purpose.id)?.kind === 'secondary';
}

/** The first entry whose category matches, without copying the map (every sink of every flow is asked). */
function firstOf<V>(map: ReadonlyMap<string, V>, matches: (category: string) => boolean): [string, V] | undefined {
  for (const entry of map) if (matches(entry[0])) return entry;
  return undefined;
}
