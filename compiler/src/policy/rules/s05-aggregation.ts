/**
 * §5 Anonymization and aggregation: "Any industry-specific data we gather will be anonymized and
 * aggregated to ensure individual businesses are not identifiable."
 *
 * An identifying category (one that names a business or a person) is never an `aggregate … by`
 * key and never reaches an aggregate's output: it may be counted or summed, but `min` and `max`
 * return one record's value. The key and the field are judged by what they hold, wherever it came
 * from (a record built from a person's name is identifying whatever its field's declared
 * category), and a key under a condition holds what the condition reads, as it holds what the
 * `where` that chose the records reads. Groups under the policy's minimum size are dropped by the
 * emitter; a group counts records, so its source must be records as the flow read or received
 * them, not a list it builds, which may repeat one record as often as the minimum asks. And the
 * minimum is about businesses and people, not records: the emitter counts the distinct values of
 * the records' `@subject` fields that name someone, so a secondary flow may aggregate only records
 * whose type, as they were read, marks one that holds someone's name (JIG3504). Nor may it
 * aggregate one set of records twice, grouped or chosen otherwise: the difference of two such
 * aggregates is a group the minimum does not check (JIG3505).
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import type { CategoryFlow, SemanticModel } from '../../semantics/model.js';
import type { Expression, ForEachStep, LetStep, LetValue, NameRef, Node, RecordLiteral } from '../../syntax/tree.js';
import { walk } from '../../syntax/visit.js';
import type { AggregateUse } from '../../flow/categories.js';
import { pointAt, type PolicyRule, type RuleContext } from './rule.js';
import { recordsRead, subjectFieldsOfRecords } from '../../semantics/records-read.js';
import { storeCell } from '../../semantics/categories.js';

/** Aggregate functions that output a value of the field itself rather than a count or a total. */
const VALUE_REVEALING = new Set(['min', 'max']);

export const aggregation: PolicyRule = {
  id: 's05-aggregation',
  check(context) {
    const names = (category: string) => context.policy.categories.get(category)?.identifying === true;
    for (const { flow, aggregates } of context.flows) {
      const purpose = context.model.annotationsOf(flow).purpose?.id;
      const secondary = purpose !== undefined && context.policy.purposes.get(purpose)?.kind === 'secondary';
      if (secondary && aggregates.length > 0) reportDifferences(context, aggregates);
      for (const { operation, key, fields } of aggregates) {
        const built = builtBy(context.model, operation.source, 0);
        if (built) context.report(messages.aggregateOfCopies, built.range, { source: describeBuilt(built), size: context.policy.minimumGroupSize });
        if (secondary && subjectsCounted(context, operation.source, names).length === 0) {
          context.report(messages.aggregateWithoutSubjects, operation.source.range, { purpose: purpose!, size: context.policy.minimumGroupSize });
        }
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

/**
 * The `@subject` fields the emitter counts a group's members by (records-read.ts: of the records
 * as read, not of a type the flow gives them), kept only where they hold someone's name: a query's
 * type says what the flow expects of the documents, and the project's stores say what is there
 * (rule 2), so a field that the container's writers fill with no identifying data (an id made by
 * `guid()`, an invoice number) counts records, whatever the query's type marks; and so does one
 * that a writer fills with a value it computed rather than copied (flow/copies.ts: the client's
 * mail joined to a new GUID names the client, but is new on every record). A container that no
 * flow of the project writes holds what the query declares.
 */
function subjectsCounted(context: RuleContext, source: Expression | LetValue, names: (category: string) => boolean): readonly string[] {
  const marked = subjectFieldsOfRecords(context.model, source, names);
  const { query } = recordsRead(context.model, source);
  if (marked.length === 0 || !query || query.source.store.name !== 'cosmos') return marked;
  const cell = storeCell(query.source);
  if (!context.data.sitesInto(cell).some(({ site }) => !site.removes)) return marked;
  return marked.filter((field) => [...context.data.valuesIn(cell, field)].some(names) && !context.data.computedIn(cell, field));
}

function identifying(context: RuleContext, categories: CategoryFlow | undefined): string | undefined {
  for (const category of categories?.keys() ?? []) if (context.policy.categories.get(category)?.identifying) return category;
  return undefined;
}

/** Functions whose list is the elements of their list argument, some of them, as read. */
const NARROWING = new Set(['take', 'skip']);

/**
 * Where the flow builds the list an aggregate groups, if it does: a list written out, a function's
 * result (`range`, `json`, `union`…), a `var` (set and appended to), a record the flow writes out
 * whose field holds the list, a `parse json` of a text it writes; followed through `let`s, `where`,
 * `select`, `take`, `skip`, conditionals and loop variables. What the flow reads or receives (a
 * query, the trigger, a response, a child flow's result) is not built by it.
 */
function builtBy(model: SemanticModel, node: Expression | LetValue | undefined, depth: number): Node | undefined {
  if (!node || depth > 16) return undefined;
  switch (node.kind) {
    case 'Array':
    case 'Record':
    case 'String':
      return node;
    case 'Where':
      return builtBy(model, node.source, depth + 1);
    case 'Select':
      return builtBy(model, node.source, depth + 1);
    case 'Conditional':
      return builtBy(model, node.then, depth + 1) ?? builtBy(model, node.else, depth + 1);
    case 'Member':
    case 'Index':
      return builtBy(model, node.object, depth + 1);
    case 'ParseJson':
      return builtBy(model, node.content, depth + 1);
    case 'Call':
      return NARROWING.has(node.callee.name) ? builtBy(model, node.args[0], depth + 1) : node;
    case 'Binary':
    case 'Unary':
      return node;
    case 'Name': {
      const symbol = model.symbolOf(node.name);
      const declaring = symbol?.declaringNode;
      if (symbol?.kind === 'var') return node;
      if (declaring?.kind === 'Let') return builtBy(model, (declaring as { value: LetValue }).value, depth + 1) && node;
      if (declaring?.kind === 'ForEach') return builtBy(model, (declaring as { iterable: Expression }).iterable, depth + 1) && node;
      return undefined;
    }
    default:
      return undefined;
  }
}

function describeBuilt(node: Node): string {
  switch (node.kind) {
    case 'Array':
      return 'a list written out';
    case 'Call':
      return `the result of ${(node as { callee: { name: string } }).callee.name}(…)`;
    case 'Name':
      return `'${(node as { name: { name: string } }).name.name}'`;
    default:
      return 'a value written out';
  }
}

/**
 * Where an aggregate's records come from, and what chose them, for comparing two aggregates of one
 * flow: followed back as recordsRead follows them (through `let`s, loop variables, field reads) to
 * a query's container, a name (the trigger) with the fields read of it, or the value that made them;
 * with every `where`, `take` and `skip` on the way, and a query's `where`.
 */
interface RecordsChosen {
  /** Undefined where Jig cannot follow them (a conditional, a value it computes): they may be any. */
  readonly origin: string | undefined;
  readonly choices: readonly Node[];
}

const UNFOLLOWED: RecordsChosen = { origin: undefined, choices: [] };

function recordsChosen(model: SemanticModel, node: Expression | LetValue, depth = 0): RecordsChosen {
  if (depth > 32) return UNFOLLOWED;
  const on = (inner: Expression | LetValue, choice?: Node): RecordsChosen => {
    const chosen = recordsChosen(model, inner, depth + 1);
    return choice ? { origin: chosen.origin, choices: [...chosen.choices, choice] } : chosen;
  };
  switch (node.kind) {
    case 'Name': {
      const symbol = model.symbolOf(node.name);
      const declaring = symbol?.declaringNode;
      if (declaring?.kind === 'Let') return on((declaring as LetStep).value);
      if (declaring?.kind === 'ForEach') return on((declaring as ForEachStep).iterable);
      return { origin: `name:${node.name.name}`, choices: [] };
    }
    case 'Where':
      return on(node.source, node);
    case 'Call':
      if ((node.callee.name === 'take' || node.callee.name === 'skip') && node.args[0]) return on(node.args[0], node);
      break;
    case 'Member': {
      if (!node.member) break;
      // A field of a record the flow writes out is what was put in it.
      const field = recordWrittenOut(model, node.object)?.fields.find((entry) => entry.name.name === node.member!.name);
      if (field) return on(field.value);
      const object = on(node.object);
      return object.origin === undefined ? UNFOLLOWED : { origin: `${object.origin}.${node.member.name}`, choices: object.choices };
    }
    case 'Index':
      return on(node.object, node);
    case 'Query':
      return { origin: storeCell(node.source), choices: node.where ? [node] : [] };
  }
  return UNFOLLOWED;
}

/** Whether a value reads a loop's variable or a `var`, which may differ on each pass of a loop. */
function readsPerPass(model: SemanticModel, node: Node): boolean {
  let found = false;
  walk(node, (child) => {
    if (found) return false;
    if (child.kind !== 'Name') return;
    const symbol = model.symbolOf((child as NameRef).name);
    found = symbol?.kind === 'var' || symbol?.declaringNode?.kind === 'ForEach';
  });
  return found;
}

/** The record literal a value is, through `let`s. */
function recordWrittenOut(model: SemanticModel, node: Expression | LetValue, depth = 0): RecordLiteral | undefined {
  if (depth > 32) return undefined;
  if (node.kind === 'Record') return node;
  if (node.kind !== 'Name') return undefined;
  const declaring = model.symbolOf(node.name)?.declaringNode;
  return declaring?.kind === 'Let' ? recordWrittenOut(model, (declaring as LetStep).value, depth + 1) : undefined;
}

/**
 * §5, differencing: the emitter drops each group under the minimum, but two aggregates of the same
 * records, chosen or grouped otherwise (by region and by industry; all of them and those over an
 * amount), give back what it dropped: the total of every region less the industries shown is the
 * industries dropped, and the total of all less that of most is the few left out. So a secondary
 * flow aggregates a set of records once, or again only with the same key over the same choice.
 */
function reportDifferences(context: RuleContext, flowAggregates: readonly AggregateUse[]): void {
  const seen: { use: AggregateUse; chosen: RecordsChosen }[] = [];
  for (const use of flowAggregates) {
    const chosen = recordsChosen(context.model, use.operation.source);
    // In a loop, a choice that reads what changes from pass to pass releases another choice each pass.
    if (chosen.choices.some((choice) => readsPerPass(context.model, choice))) {
      context.report(messages.aggregatesDiffer, use.operation.by.range, { name: use.step.name.name, size: context.policy.minimumGroupSize });
      seen.push({ use, chosen });
      continue;
    }
    const other = seen.find(
      (earlier) =>
        // Records Jig cannot follow may be any, those of the other aggregate too.
        (earlier.chosen.origin === undefined || chosen.origin === undefined || earlier.chosen.origin === chosen.origin) &&
        (earlier.use.operation.by.name !== use.operation.by.name ||
          earlier.chosen.choices.length !== chosen.choices.length ||
          earlier.chosen.choices.some((choice, index) => choice !== chosen.choices[index])),
    );
    if (other) {
      context.report(messages.aggregatesDiffer, use.operation.by.range, {
        name: use.step.name.name,
        other: other.use.step.name.name,
        size: context.policy.minimumGroupSize,
      });
    }
    seen.push({ use, chosen });
  }
}
