/**
 * `@purpose`, `@data` and `@retain` on every flow (policy §1 and §8): the annotations every other
 * rule reads. Each missing one is reported at the flow's name, with a fix that inserts it.
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import type { Fix } from '../../diagnostics/diagnostic.js';
import type { FlowDecl } from '../../syntax/tree.js';
import type { FlowData } from '../../flow/categories.js';
import type { Policy } from '../model.js';
import { formatPeriod } from '../retention.js';
import type { PolicyRule } from './rule.js';

/**
 * Inserts an annotation on its own line above the flow's first annotation (or the `flow` keyword).
 * Flows are top-level declarations, so the new line starts where that one does.
 */
export function insertAbove(flow: FlowDecl, annotation: string, title: string): Fix {
  const at = flow.annotations[0]?.range.start ?? flow.range.start;
  return { title, edits: [{ range: { start: at, end: at }, newText: `${annotation}\n` }], isPreferred: true };
}

export const purposeRequired: PolicyRule = {
  id: 'purpose-required',
  check(context) {
    for (const { flow } of context.flows) {
      if (context.model.annotationsOf(flow).purpose) continue;
      const primary = [...context.policy.purposes.values()].find((purpose) => purpose.kind === 'primary')?.id ?? 'automation';
      context.report(messages.missingPurpose, flow.name.range, { flow: flow.name.name }, {
        fixes: [insertAbove(flow, `@purpose(${primary}, "Describe the automation the client asked for")`, 'Add @purpose')],
      });
    }
  },
};

export const dataRequired: PolicyRule = {
  id: 'data-required',
  check(context) {
    for (const data of context.flows) {
      if (context.model.annotationsOf(data.flow).data) continue;
      const categories = [...data.touched.keys()].filter((id) => context.policy.categories.has(id));
      context.report(messages.missingData, data.flow.name.range, { flow: data.flow.name.name }, {
        fixes: categories.length
          ? [insertAbove(data.flow, `@data(${categories.join(', ')})`, `Declare @data(${categories.join(', ')})`)]
          : [],
      });
    }
  },
};

export const retainRequired: PolicyRule = {
  id: 'retain-required',
  check(context) {
    for (const data of context.flows) {
      if (context.model.annotationsOf(data.flow).retain) continue;
      const limit = longestAllowed(data, context.policy);
      context.report(messages.missingRetain, data.flow.name.range, { flow: data.flow.name.name }, {
        fixes: [insertAbove(data.flow, `@retain(${limit})`, `Add @retain(${limit})`)],
      });
    }
  },
};

/** The longest retention every category the flow stores allows (30 days when it stores nothing known). */
function longestAllowed(data: FlowData, policy: Policy): string {
  let best: { amount: number; unit: string; days: number } | undefined;
  for (const sink of data.sinks) {
    if (sink.kind !== 'store') continue;
    for (const category of sink.categories.keys()) {
      const limit = policy.categories.get(category)?.maxRetention;
      if (limit && (!best || limit.days < best.days)) best = limit;
    }
  }
  return best ? formatPeriod(best.amount, best.unit) : '30 days';
}
