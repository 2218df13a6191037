/**
 * §8 Data retention: "we are committed to storing data only for as long as necessary."
 *
 * A store's retention (its own `@retain`, else its flow's) may not exceed the policy's maximum for
 * any category it writes: the smallest maximum over them wins. The finding points at the `@retain`
 * that sets the period, says whether the maximum is provisional, and offers the maximum as a fix.
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import type { RetentionLimit } from '../model.js';
import { formatPeriod } from '../retention.js';
import type { PolicyRule } from './rule.js';

const SECONDS_PER_DAY = 86_400;

export const retention: PolicyRule = {
  id: 's08-retention',
  check(context) {
    const reported = new Set<number>();
    for (const { sinks } of context.flows) {
      for (const sink of sinks) {
        if (sink.kind !== 'store' || !sink.retention) continue;
        let strictest: { category: string; limit: RetentionLimit } | undefined;
        for (const category of sink.categories.keys()) {
          const limit = context.policy.categories.get(category)?.maxRetention;
          if (limit && (!strictest || limit.days < strictest.limit.days)) strictest = { category, limit };
        }
        if (!strictest || sink.retention.seconds <= strictest.limit.days * SECONDS_PER_DAY) continue;
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
            related: [{ message: `'${category}' is stored here`, range: sink.step.range }],
            fixes: [{ title: `Keep it ${maximum}`, edits: [{ range: sink.retention.range, newText: maximum }], isPreferred: true }],
          },
        );
      }
    }
  },
};
