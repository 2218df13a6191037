/**
 * `@purpose`, `@data` and `@retain` on every flow (policy §1 and §8): the annotations every other
 * rule reads. Each missing one is reported at the flow's name, with a fix that inserts it.
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import type { Fix } from '../../diagnostics/diagnostic.js';
import type { Annotation, AnnotationArg, FlowDecl } from '../../syntax/tree.js';
import type { FlowData } from '../../flow/categories.js';
import type { Policy, RetentionLimit } from '../model.js';
import { nonFiniteRetention } from '../../semantics/annotations.js';
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

/**
 * §8: "@retain is mandatory and finite". A flow with no `@retain` is reported at its name; a
 * `@retain` (on the flow or on a store) that states no finite period at its argument. A `@retain`
 * whose shape the semantic check refuses (`@retain(0 days)`) is reported there, once, not as missing.
 */
export const retainRequired: PolicyRule = {
  id: 'retain-required',
  check(context) {
    for (const data of context.flows) {
      const { period, bound } = strictestMaximum(storedCategories(data), context.policy);
      const written = [data.flow.annotations, ...data.sinks.map((sink) => (sink.kind === 'store' ? sink.step.annotations : []))].map(firstRetain);
      for (const annotation of written) {
        const arg = annotation && nonFiniteRetention(annotation);
        if (!arg) continue;
        const maximum = bound && { maximumOf: bound.category, provisional: bound.provisional };
        context.report(messages.retentionNotFinite, arg.range, { written: writtenAs(arg), suggestion: period, ...maximum }, {
          fixes: [{ title: `Keep it ${period}`, edits: [{ range: arg.range, newText: period }], isPreferred: true }],
        });
      }
      if (written[0]) continue;
      // Proposed: the shortest of the maxima of every category the flow handles, stored or not,
      // so that the fix keeps data no longer than the most protected of them allows.
      const handled = new Set([...data.touched.keys(), ...(context.model.annotationsOf(data.flow).data?.categories.map((c) => c.id) ?? [])]);
      const proposed = strictestMaximum(handled, context.policy).period;
      context.report(messages.missingRetain, data.flow.name.range, { flow: data.flow.name.name }, {
        fixes: [insertAbove(data.flow, `@retain(${proposed})`, `Add @retain(${proposed})`)],
      });
    }
  },
};

/** The first @retain among annotations: a second one is a duplicate, which the semantic check reports. */
function firstRetain(annotations: readonly Annotation[]): Annotation | undefined {
  return annotations.find((annotation) => annotation.name.name === 'retain');
}

/** How a retention argument reads in a message: its name, its quoted text, or its amount and unit. */
function writtenAs(arg: AnnotationArg): string {
  switch (arg.kind) {
    case 'DottedName':
      return arg.text;
    case 'String':
      return JSON.stringify(arg.value ?? '');
    case 'Duration':
      return `${arg.amount} ${arg.unit}`;
    case 'Number':
      return String(arg.value);
    default:
      // An expression (only `@count` takes one, and never on a retention).
      return 'an expression';
  }
}

function storedCategories(data: FlowData): string[] {
  return data.sinks.flatMap((sink) => (sink.kind === 'store' ? [...sink.categories.keys()] : []));
}

/** The longest retention every one of the categories allows (30 days when none has a maximum), and whose maximum that is. */
function strictestMaximum(categories: Iterable<string>, policy: Policy): { period: string; bound?: { category: string; provisional: boolean } } {
  let best: { category: string; limit: RetentionLimit } | undefined;
  for (const category of categories) {
    const limit = policy.categories.get(category)?.maxRetention;
    if (limit && (!best || limit.days < best.limit.days)) best = { category, limit };
  }
  if (!best) return { period: '30 days' };
  return {
    period: formatPeriod(best.limit.amount, best.limit.unit),
    bound: { category: best.category, provisional: best.limit.provisional },
  };
}
