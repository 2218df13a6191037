/**
 * §9 Children's data: "We prioritize the safety of such data and comply with all relevant
 * regulations."
 *
 * Minors' data is never sent outside the platform, not even to a listed processor, and never used
 * by a flow with a secondary purpose. (Its short retention is §8's maximum for the category; its
 * absence from run history is the emitter's secure inputs and outputs.)
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import { covers } from '../../flow/categories.js';
import { destinationOf } from '../destinations.js';
import { pointAt, ruleCategories, type PolicyRule } from './rule.js';

export const minors: PolicyRule = {
  id: 's09-minors',
  check(context) {
    const minorsData = ruleCategories(context.rule, ['personal.minor']);
    const isMinors = (category: string) => minorsData.some((m) => covers(m, category));
    for (const { flow, sinks, touched } of context.flows) {
      for (const sink of sinks) {
        if (sink.kind !== 'http' && sink.kind !== 'mail') continue;
        const carried = firstOf(sink.categories, isMinors);
        if (!carried) continue;
        const destination = destinationOf(sink, context.model, context.policy);
        if (destination.platform) continue;
        const { range, related } = pointAt(sink.node.range, carried[1]);
        context.report(messages.minorsDataShared, range, { destination: destination.description }, related ? { related } : {});
      }

      const purpose = context.model.annotationsOf(flow).purpose;
      if (!purpose || context.policy.purposes.get(purpose.id)?.kind !== 'secondary') continue;
      const reached = firstOf(touched, isMinors);
      if (reached) context.report(messages.minorsDataSecondaryUse, reached[1].origin.range, { purpose: purpose.id });
    }
  },
};

/** The first entry whose category matches, without copying the map (every sink of every flow is asked). */
function firstOf<V>(map: ReadonlyMap<string, V>, matches: (category: string) => boolean): [string, V] | undefined {
  for (const entry of map) if (matches(entry[0])) return entry;
  return undefined;
}
