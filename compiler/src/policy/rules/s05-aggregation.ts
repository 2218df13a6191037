/**
 * §5 Anonymization and aggregation: "Any industry-specific data we gather will be anonymized and
 * aggregated to ensure individual businesses are not identifiable."
 *
 * An identifying category (one that names a business or a person) is never an `aggregate … by`
 * key and never reaches an aggregate's output: it may be counted or summed, but `min` and `max`
 * return one record's value. (Groups under the policy's minimum size are dropped by the emitter.)
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import type { Identifier } from '../../syntax/tree.js';
import type { RecordType } from '../../semantics/types.js';
import type { PolicyRule, RuleContext } from './rule.js';

/** Aggregate functions that output a value of the field itself rather than a count or a total. */
const VALUE_REVEALING = new Set(['min', 'max']);

export const aggregation: PolicyRule = {
  id: 's05-aggregation',
  check(context) {
    for (const { aggregates } of context.flows) {
      for (const { operation } of aggregates) {
        const element = elementRecord(context, operation.source);
        if (!element) continue;
        const identifying = (field: Identifier) =>
          element.fields.get(field.name)?.categories.find((c) => context.policy.categories.get(c)?.identifying);
        const keyCategory = identifying(operation.by);
        if (keyCategory) {
          context.report(messages.identifyingAggregateKey, operation.by.range, { field: operation.by.name, category: keyCategory });
        }
        for (const output of operation.outputs) {
          if (!output.field || !VALUE_REVEALING.has(output.fn.name)) continue;
          const category = identifying(output.field);
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

/** The record type of the aggregated array's elements, when the model knows it. */
function elementRecord(context: RuleContext, source: Parameters<RuleContext['model']['typeOf']>[0]): RecordType | undefined {
  let type = context.model.typeOf(source);
  if (type.kind === 'optional') type = type.inner;
  if (type.kind !== 'array') return undefined;
  let element = type.element;
  if (element.kind === 'optional') element = element.inner;
  return element.kind === 'record' ? element : undefined;
}
