/**
 * `@data` covers every category that reaches the flow (§1), reported at the step or trigger that
 * brings the category in. Where a mixed-account source (the mailbox) brings personal data in, the
 * finding cites §1's rule; minors' data cites §9's: those sections are why the data arrives.
 * And its converse, a warning: a declared category that no data of the flow carries.
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import type { Fix, RelatedInformation } from '../../diagnostics/diagnostic.js';
import type { TextRange } from '../../syntax/source.js';
import type { Expression, FlowCall } from '../../syntax/tree.js';
import { describePath } from '../../semantics/categories.js';
import { dataListEnd } from '../../semantics/annotations.js';
import type { CategoryFlow, CategoryOrigin, DataListEnd } from '../../semantics/model.js';
import { covers, type Sink } from '../../flow/categories.js';
import { pointAt, type PolicyRule, type RuleContext } from './rule.js';

const MINORS_RULE = 's09-minors';
const PERSONAL_RULE = 's01-personal-purpose';

export const dataCoverage: PolicyRule = {
  id: 'data-coverage',
  check(context) {
    const minors = context.policy.rules.get(MINORS_RULE);
    const personal = context.policy.rules.get(PERSONAL_RULE);
    for (const { flow, touched, sinks } of context.flows) {
      const data = context.model.annotationsOf(flow).data;
      checkChildFlows(context, sinks);
      if (!data) continue; // data-required reports the whole annotation missing
      const declared = data.categories.map((category) => category.id);
      // Technical data about no one (`aboutNoOne`, JigAjob's `system.*`) need not be declared.
      const undeclared = [...touched].filter(([category]) => {
        const definition = context.policy.categories.get(category);
        return definition !== undefined && !definition.aboutNoOne && !declared.some((d) => covers(d, category));
      });
      if (undeclared.length === 0) continue;
      const fix = addToData(dataListEnd(flow), undeclared.map(([category]) => category));
      // One finding for each place that brings undeclared data in, naming every category it brings.
      const byOrigin = new Map<string, { origin: CategoryOrigin; categories: string[] }>();
      for (const [category, { origin }] of undeclared) {
        const key = `${origin.range.start}:${origin.range.end}`;
        const group = byOrigin.get(key) ?? { origin, categories: [] };
        group.categories.push(category);
        byOrigin.set(key, group);
      }
      for (const { origin, categories } of byOrigin.values()) {
        // Minors' data is why the strictest section applies: §9 before the mixed source's §1.
        const cite =
          minors && categories.some((category) => (minors.categories ?? ['personal.minor']).some((m) => covers(m, category)))
            ? minors
            : origin.mixedSource && personal
              ? personal
              : undefined;
        context.report(
          messages.undeclaredCategory,
          origin.range,
          { categories, origin: origin.description },
          { fixes: fix ? [fix] : [], ...(cite && { cite }) },
        );
      }
    }
  },
};

/**
 * What `call flow NAME with …` passes must be declared by the child, which is checked for that
 * data, where the category is protected (identifying, or hidden from run history): those are the
 * ones that would lose their protection if relabelled on the way. Business data moving between
 * business categories (a transaction mentioned in a document) is not a finding.
 */
function checkChildFlows(context: RuleContext, sinks: readonly Sink[]): void {
  for (const sink of sinks) {
    if (sink.kind !== 'flow') continue;
    const child = context.model.calledFlow(sink.call.flow);
    if (!child) continue;
    const declared = 'kind' in child ? context.model.annotationsOf(child).data?.categories.map((c) => c.id) : child.categories;
    if (!declared) continue; // the child's own missing @data is reported there
    const undeclaredIn = (flow: CategoryFlow) =>
      [...flow].filter(([category]) => {
        const definition = context.policy.categories.get(category);
        return definition && (definition.identifying || definition.secureInRunHistory) && !declared.some((d) => covers(d, category));
      });
    const undeclared = undeclaredIn(sink.categories);
    if (undeclared.length === 0) continue;
    // One fix declares all the call passes: in the child's own file when it is another one.
    const fix = addToData(
      'kind' in child ? dataListEnd(child) : child.dataListEnd,
      undeclared.map(([category]) => category),
      'kind' in child ? { name: child.name.name } : { name: child.name, fileName: child.fileName },
    );
    for (const part of argumentParts(context, sink.call, undeclared, undeclaredIn)) {
      const categories = part.carried.map(([category]) => category);
      const origins = part.carried.map(([, origin]) => origin);
      const { range, related } = anchor(part.node.range, origins);
      context.report(
        messages.childFlowUndeclaredCategory,
        range,
        { categories, flow: sink.call.flow.name, argument: describeArgument(part.node, origins), ...(part.parameter && { parameter: part.parameter }) },
        { ...(related && { related }), ...(fix && { fixes: [fix] }) },
      );
    }
  }
}

type Carried = readonly (readonly [string, CategoryOrigin])[];

/** A part of what `call flow NAME with ARGUMENT` passes: a field of a record (`parameter`), else the whole argument. */
interface ArgumentPart {
  readonly node: Expression | FlowCall;
  readonly parameter?: string;
  readonly carried: Carried;
}

/** One part for each field of a record argument that carries undeclared data, else the whole argument. */
function argumentParts(context: RuleContext, call: FlowCall, carried: Carried, undeclaredIn: (flow: CategoryFlow) => Carried): ArgumentPart[] {
  if (carried.length === 0) return [];
  const argument = call.argument;
  if (argument?.kind !== 'Record') return [{ node: argument ?? call, carried }];
  const parts = argument.fields.flatMap((field) => {
    const inField = undeclaredIn(context.model.categoriesOf(field.value));
    return inField.length > 0 ? [{ node: field.value, parameter: field.name.name, carried: inField }] : [];
  });
  const seen = new Set(parts.flatMap((part) => part.carried.map(([category]) => category)));
  const rest = carried.filter(([category]) => !seen.has(category));
  return rest.length > 0 ? [...parts, { node: argument, carried: rest }] : parts;
}

/** The argument in the caller's words: its path (`trigger.body.name`), else where its data comes from. */
function describeArgument(node: Expression | FlowCall, origins: readonly CategoryOrigin[]): string {
  const path = node.kind === 'FlowCall' ? undefined : describePath(node);
  if (path !== undefined && path !== 'the expression') return path;
  const sources = [...new Set(origins.map((origin) => origin.description))];
  return sources.length === 1 ? sources[0]! : `a value made from ${sources.slice(0, -1).join(', ')} and ${sources.at(-1)}`;
}

/** Where the finding points: at the one place the data comes from inside the part, else at the part. */
function anchor(part: TextRange, origins: readonly CategoryOrigin[]): { range: TextRange; related?: RelatedInformation[] } {
  const [first] = origins;
  if (origins.every((origin) => origin.range.start === first!.range.start && origin.range.end === first!.range.end)) return pointAt(part, first!);
  const related = origins.flatMap((origin) => pointAt(part, origin).related ?? []);
  const unique = new Map(related.map((item) => [`${item.range.start}:${item.range.end}`, item]));
  return { range: part, ...(unique.size > 0 && { related: [...unique.values()] }) };
}

export const unusedCategory: PolicyRule = {
  id: 'unused-category',
  check(context) {
    for (const { flow, touched } of context.flows) {
      const data = context.model.annotationsOf(flow).data;
      for (const declared of data?.categories ?? []) {
        if (!context.policy.categories.has(declared.id)) continue; // unknown: reported as such
        if (coversAny(declared.id, touched.keys())) continue;
        context.report(messages.unusedCategory, declared.range, { category: declared.id }, {
          fixes: [{ title: `Remove '${declared.id}' from @data`, edits: [removal(data!.categories, declared)] }],
        });
      }
    }
  },
};

type Listed = { readonly id: string; readonly range: { readonly start: number; readonly end: number } };

/** Removes one entry of an argument list with the comma that joins it to its neighbour. */
function removal(list: readonly Listed[], entry: Listed) {
  const index = list.indexOf(entry);
  const next = list[index + 1];
  const previous = list[index - 1];
  if (next) return { range: { start: entry.range.start, end: next.range.start }, newText: '' };
  if (previous) return { range: { start: previous.range.end, end: entry.range.end }, newText: '' };
  return { range: entry.range, newText: '' };
}

/**
 * Appends categories to a flow's `@data(…)` list; `child` is the called flow whose list it is,
 * named in the title, with its file when that is another one.
 */
function addToData(list: DataListEnd | undefined, categories: readonly string[], child?: { name: string; fileName?: string }): Fix | undefined {
  if (!list) return undefined;
  const at = { start: list.offset, end: list.offset };
  return {
    title: `Declare ${categories.join(', ')} in ${child ? `${child.name}'s ` : ''}@data`,
    edits: [{ range: at, newText: `${list.listsSome ? ', ' : ''}${categories.join(', ')}`, ...(child?.fileName !== undefined && { fileName: child.fileName }) }],
    isPreferred: true,
  };
}

function coversAny(covering: string, categories: Iterable<string>): boolean {
  for (const category of categories) if (covers(covering, category)) return true;
  return false;
}
