/**
 * §4 Data usage: "Outside of the primary purpose of automating tasks, we may use anonymized and
 * aggregated data for marketing, analytics, and research purposes."
 *
 * In a flow whose purpose is secondary, every sink (store, HTTP call, mail, response, child flow)
 * receives only what the rule allows: anonymized aggregates, and technical data about no one.
 * Business data may be read, but only to be aggregated.
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import { covers } from '../../flow/categories.js';
import { pointAt, ruleCategories, type PolicyRule } from './rule.js';

const SINK_NAMES = { store: 'store', http: 'HTTP call', mail: 'mail', respond: 'response', flow: 'child flow call' } as const;

export const secondaryUse: PolicyRule = {
  id: 's04-secondary-use',
  check(context) {
    const allowed = ruleCategories(context.rule, ['aggregate.anonymized', 'system.operational']);
    for (const { flow, sinks } of context.flows) {
      const purpose = context.model.annotationsOf(flow).purpose;
      if (!purpose || context.policy.purposes.get(purpose.id)?.kind !== 'secondary') continue;
      for (const sink of sinks) {
        if (sink.kind === 'fail') continue;
        for (const [category, origin] of sink.categories) {
          if (allowed.some((a) => covers(a, category))) continue;
          const { range, related } = pointAt(sink.node.range, origin);
          context.report(
            messages.secondaryUseOfRawData,
            range,
            { purpose: purpose.id, category, sink: SINK_NAMES[sink.kind] },
            related ? { related } : {},
          );
          break; // one finding a sink: the fix (aggregate first) is the same for every category
        }
      }
    }
  },
};
