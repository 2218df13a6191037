/**
 * §5 Anonymization and aggregation: "Any industry-specific data we gather will be anonymized and
 * aggregated to ensure individual businesses are not identifiable."
 *
 * An identifying category (one that names a business or a person) is never an `aggregate … by`
 * key and never reaches an aggregate's output: it may be counted or summed, but `min` and `max`
 * return one record's value. The key and the field are judged by what they hold, wherever it came
 * from (a record built from a person's name is identifying whatever its field's declared
 * category), and a key under a condition holds what the condition reads, as it holds what the
 * `where` that chose the records reads. (Groups under the
 * policy's minimum size are dropped by the emitter.)
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import type { CategoryFlow } from '../../semantics/model.js';
import { pointAt, type PolicyRule, type RuleContext } from './rule.js';

/** Aggregate functions that output a value of the field itself rather than a count or a total. */
const VALUE_REVEALING = new Set(['min', 'max']);

export const aggregation: PolicyRule = {
  id: 's05-aggregation',
  check(context) {
    for (const { aggregates } of context.flows) {
      for (const { operation, key, fields } of aggregates) {
        const keyCategory = identifying(context, key);
        if (keyCategory) {
          // A key may hold what it reads through a condition or a `where`: the origin says which.
          const { related } = pointAt(operation.by.range, key.get(keyCategory)!);
          context.report(messages.identifyingAggregateKey, operation.by.range, { field: operation.by.name, category: keyCategory }, related ? { related } : {});
        }
        for (const output of operation.outputs) {
          if (!output.field || !VALUE_REVEALING.has(output.fn.name)) continue;
          const category = identifying(context, fields.get(output.field));
          if (category) {
            context.report(messages.identifyingAggregateOutput, output.field.range, {
              field: output.field.name,
              category,
              fn: output.fn.name,
            });
          }
        }
      }
    }
  },
};

function identifying(context: RuleContext, categories: CategoryFlow | undefined): string | undefined {
  for (const category of categories?.keys() ?? []) if (context.policy.categories.get(category)?.identifying) return category;
  return undefined;
}
