/**
 * `aggregate SOURCE by FIELD { OUT: count() | sum(F) | avg(F) | min(F) | max(F) }`: anonymized,
 * aggregated data (§4, §5). Over a `query cosmos(…)` the grouping runs inside Cosmos DB (GROUP BY,
 * with the opt-out filter in its WHERE); over any other array it is built from Select, Filter
 * array and For each actions. Either way, groups smaller than the policy's minimum size are
 * dropped before anything reads the result. The minimum is about businesses and people: where the
 * records' type marks the fields that say whom a record is about (`@subject` on a field that names
 * someone), a group is kept only when each holds at least that many distinct values, not null
 * (Cosmos DB SQL has no COUNT(DISTINCT) in a GROUP BY, so a second query groups by the key and the
 * subject, one row for each subject of each group); otherwise (only in a flow of the automation,
 * JIG3504) it counts records.
 */
import type { AggregateOperation, AggregateOutput, Block, LetStep, Node, QueryOperation } from '../syntax/tree.js';
import { childBlocks } from '../semantics/binder.js';
import type { ActionList } from './action-list.js';
import { appendToArrayVariable, compose, condition, foreach, query, select, setVariable, type Json } from './builders.js';
import { documentPath, sql } from './cosmos-sql.js';
import type { FlowContext } from './flow-context.js';
import { refer, stringLiteral } from './wdl-strings.js';
import { cosmosWhereClause, emitCosmosQuery } from './steps-connectors.js';
import { isStringLike, storedRecord, stripOptional } from '../semantics/relations.js';
import { subjectFieldsOfRecords } from '../semantics/records-read.js';

/** The column a pushed-down query counts its groups in when the aggregate declares no `count()`. */
const GROUP_SIZE_COLUMN = 'jigGroupSize';

/**
 * The SQL column of each name of an aggregate (its key and outputs), and of the group size when it
 * declares no `count()`: the name itself, with `_` added to a word Cosmos DB SQL reserves, and more
 * `_` until no two columns share one, so that neither a reserved word nor a column the compiler
 * adds can ever take an author's name (`value` and `value_`, an output called `jigGroupSize`).
 */
function sqlColumns(names: readonly string[], counted: boolean): { aliasOf: Map<string, string>; groupSize?: string } {
  const used = new Set<string>();
  const fresh = (base: string): string => {
    let alias = base;
    while (used.has(alias.toLowerCase())) alias += '_';
    used.add(alias.toLowerCase());
    return alias;
  };
  // The author's names that need no change first: they keep them whatever else is added.
  const plain = names.filter((name) => !SQL_RESERVED.has(name.toUpperCase()));
  for (const name of plain) used.add(name.toLowerCase());
  const aliasOf = new Map<string, string>(plain.map((name) => [name, name]));
  for (const name of names) if (!aliasOf.has(name)) aliasOf.set(name, fresh(`${name}_`));
  return counted ? { aliasOf } : { aliasOf, groupSize: fresh(GROUP_SIZE_COLUMN) };
}

/** Finds the `query` lets that aggregates read directly (their grouping is pushed into the SQL). */
export function collectPushedDownSources(ctx: FlowContext, block: Block): void {
  for (const step of block.steps) {
    if (step.kind === 'Let' && step.value.kind === 'Aggregate' && sourceQuery(ctx, step.value)) {
      if (step.value.source.kind === 'Name') ctx.aggregateSources.add(step.value.source.name);
    }
    for (const child of childBlocks(step)) collectPushedDownSources(ctx, child);
  }
}

/** The query an aggregate reads when its source is the name of a `let … = query cosmos(…)`. */
function sourceQuery(ctx: FlowContext, operation: AggregateOperation): QueryOperation | undefined {
  if (operation.source.kind !== 'Name') return undefined;
  const declaring = ctx.symbolOf(operation.source.name)?.declaringNode as Node | undefined;
  return declaring?.kind === 'Let' && (declaring as LetStep).value.kind === 'Query'
    ? ((declaring as LetStep).value as QueryOperation)
    : undefined;
}

export function emitAggregate(ctx: FlowContext, list: ActionList, operation: AggregateOperation, letName: string, step: Node): string {
  const pushed = sourceQuery(ctx, operation);
  return pushed
    ? pushIntoCosmos(ctx, list, operation, pushed, letName, step)
    : aggregateArray(ctx, list, operation, letName, step);
}

function pushIntoCosmos(
  ctx: FlowContext,
  list: ActionList,
  operation: AggregateOperation,
  source: QueryOperation,
  letName: string,
  step: Node,
): string {
  const by = operation.by.name;
  const key = documentPath(['c', by]);
  const names = [by, ...operation.outputs.map((out) => out.name.name)];
  const count = operation.outputs.find((out) => out.fn.name === 'count');
  const { aliasOf, groupSize } = sqlColumns(names, count !== undefined);
  const columnAlias = (name: string) => aliasOf.get(name)!;
  const columns = [`${key} AS ${columnAlias(by)}`, ...operation.outputs.map((out) => `${sqlAggregate(out)} AS ${columnAlias(out.name.name)}`)];
  const sizeColumn = count ? columnAlias(count.name.name) : groupSize!;
  if (!count) columns.push(`COUNT(1) AS ${sizeColumn}`);
  const where = cosmosWhereClause(ctx, list, source) ?? [];
  const queryText = sql`SELECT ${columns.join(', ')} FROM c${where} GROUP BY ${key}`;
  const categories = [...ctx.categoriesOf(source.where), ...ctx.categoriesOf(operation.source)];
  const rows = emitCosmosQuery(ctx, list, source.source, ctx.names.allocate('Query', letName), queryText, categories, step);

  const subjects = subjectsOf(ctx, operation);
  let kept: string;
  if (subjects.length === 0) {
    const filter = ctx.names.allocate('Drop_small_groups_of', letName);
    list.add(filter, query(`@${rows}`, `@greaterOrEquals(item()?[${stringLiteral(sizeColumn)}], ${ctx.policy.minimumGroupSize})`));
    kept = refer('body', filter);
  } else {
    // One row for each subject of each group: the key and the subject, grouped by both.
    const pairs = subjects.map((subject) => {
      // Text is compared ignoring case and surrounding spaces: `Ann@x.example ` is Ann's mailbox too.
      const path = documentPath(['c', subject]);
      const value = isTextField(ctx, operation, subject) ? `LOWER(TRIM(${path}))` : path;
      const pairsText = sql`SELECT ${key} AS k, ${value} AS s FROM c${where} GROUP BY ${key}, ${value}`;
      return emitCosmosQuery(ctx, list, source.source, ctx.names.allocate('Query', subject, 'of_groups_of', letName), pairsText, categories);
    });
    kept = keepGroupsOfEnoughSubjects(ctx, list, letName, `@${rows}`, columnAlias(by), subjects, pairs, categories);
  }
  if (count && names.every((name) => columnAlias(name) === name)) return kept;
  // Only the declared columns leave the aggregate, under their own names.
  const projection: Record<string, Json> = {};
  for (const name of names) projection[name] = `@item()?[${stringLiteral(columnAlias(name))}]`;
  const name = ctx.names.allocate('Select', letName);
  list.add(name, select(`@${kept}`, projection));
  return refer('body', name);
}

/**
 * Whether a subject value names someone: not null, and not blank (`""` or spaces, which after
 * LOWER(TRIM()) would count as one more distinct subject though they name no one). Written with
 * string(), which Microsoft documents turns null into "", rather than `equals(s, null)`, which
 * the reference leaves undetermined for "" (it says comparisons convert null to "").
 */
function namesSomeone(value: string): string {
  return `not(empty(trim(string(${value}))))`;
}

/** Whether a field of the aggregated records is text, whose case and surrounding spaces name no one else. */
function isTextField(ctx: FlowContext, operation: AggregateOperation, field: string): boolean {
  const type = storedRecord(ctx.typeOf(operation.source))?.fields.get(field)?.type;
  return type !== undefined && isStringLike(stripOptional(type));
}

/** The fields of the aggregated records, as read, that say whom each is about (semantics/records-read.ts). */
function subjectsOf(ctx: FlowContext, operation: AggregateOperation): readonly string[] {
  return subjectFieldsOfRecords(ctx.model, operation.source, (category) => ctx.policy.categories.get(category)?.identifying === true);
}

/**
 * For each group row of `from`, the distinct subjects of its group (a Filter array of the rows of
 * `pairs`, one for each subject of each group, of the row's key and not null), and the row appended
 * to the result when each subject field has at least the minimum of them. Returns the result.
 */
function keepGroupsOfEnoughSubjects(
  ctx: FlowContext,
  list: ActionList,
  letName: string,
  from: string,
  keyColumn: string,
  subjects: readonly string[],
  pairs: readonly string[],
  categories: Iterable<string>,
): string {
  const variable = emptyResultVariable(ctx, list, `${letName}_groups`);
  const loop = ctx.names.allocate('For_each_group_of', letName);
  const body = list.nested(loop);
  const sizes = subjects.map((subject, index) => {
    const filter = ctx.names.allocate('Filter', subject, 'of_group_of', letName);
    const ofGroup = `@and(equals(item()?['k'], ${refer('items', loop)}?[${stringLiteral(keyColumn)}]), ${namesSomeone("item()?['s']")})`;
    ctx.addAction(body, filter, query(`@${pairs[index]}`, ofGroup), categories);
    return `greaterOrEquals(length(${refer('body', filter)}), ${ctx.policy.minimumGroupSize})`;
  });
  const checkName = ctx.names.allocate('Condition_group_of', letName, 'has_enough_subjects');
  const check = body.nested(checkName);
  check.add(ctx.names.allocate('Append_group_to', variable), appendToArrayVariable(variable, `@${refer('items', loop)}`));
  body.add(checkName, condition(`@${sizes.length === 1 ? sizes[0] : `and(${sizes.join(', ')})`}`, check.build()));
  list.add(loop, foreach(from, body.build(), 1));
  return refer('variables', variable);
}

/**
 * The variable an aggregate appends its groups to, empty where the aggregate stands: the service
 * initialises a variable once, at the top level, so an aggregate in a loop's body (or an `until`'s)
 * would otherwise answer each pass with the groups of every pass before it too.
 */
function emptyResultVariable(ctx: FlowContext, list: ActionList, preferred: string): string {
  const { variable } = ctx.hoistVariable(preferred, 'Array', []);
  if (list.pointer !== '/actions') ctx.addAction(list, ctx.names.allocate('Empty', variable), setVariable(variable, []), []);
  return variable;
}

/** Cosmos DB SQL's reserved words, which cannot be column aliases. */
const SQL_RESERVED = new Set(
  ('AND ARRAY AS ASC BETWEEN BY CASE CAST CONVERT CROSS DESC DISTINCT ELSE END ESCAPE EXISTS FALSE FOR FROM ' +
    'GROUP IN INNER INSERT INTO IS JOIN LEFT LIKE LIMIT NOT NULL OFFSET OR ORDER OUTER OVER RIGHT SELECT SET ' +
    'THEN TOP TRUE UDF UNDEFINED UPDATE VALUE WHEN WHERE WITH').split(' '),
);

/** A column's alias in the SQL: its name, unless that is a reserved word. */

function sqlAggregate(out: AggregateOutput): string {
  const field = out.field ? documentPath(['c', out.field.name]) : '';
  switch (out.fn.name) {
    case 'sum':
      return `SUM(${field})`;
    case 'avg':
      return `AVG(${field})`;
    case 'min':
      return `MIN(${field})`;
    case 'max':
      return `MAX(${field})`;
    default:
      return 'COUNT(1)';
  }
}

/**
 * Grouping an array in the workflow: the distinct keys (a Select of the key, united with itself),
 * then for each key a Filter array of its group, the group's figures, and an append of the group
 * to the result when it is large enough.
 */
function aggregateArray(ctx: FlowContext, list: ActionList, operation: AggregateOperation, letName: string, step: Node): string {
  const translate = ctx.translator(list);
  const categories = ctx.categoriesOf(operation.source);
  const by = stringLiteral(operation.by.name);
  let from = translate.value(operation.source);
  if (typeof from !== 'string' || !from.startsWith('@')) {
    const composed = ctx.names.allocate('Compose_source_of', letName);
    ctx.addAction(list, composed, compose(from), categories);
    from = `@${refer('outputs', composed)}`;
  }
  if (ctx.secondary && ctx.holdsRecords(operation.source)) {
    const kept = ctx.names.allocate('Drop_opted_out_from', letName);
    ctx.addAction(list, kept, query(from, `@${ctx.optOutItemCondition()}`), categories);
    from = `@${refer('body', kept)}`;
  }
  const keys = ctx.names.allocate('Select_keys_of', letName);
  ctx.addAction(list, keys, select(from, `@item()?[${by}]`), categories, step);

  const variable = emptyResultVariable(ctx, list, letName);
  const loop = ctx.names.allocate('For_each_group_of', letName);
  const body = list.nested(loop);
  const group = ctx.names.allocate('Filter_group_of', letName);
  ctx.addAction(body, group, query(from, `@equals(item()?[${by}], ${refer('items', loop)})`), categories);
  const members = refer('body', group);

  const valuesOf = new Map<string, string>();
  for (const out of operation.outputs) {
    const field = out.field?.name;
    if (!field || out.fn.name === 'count' || valuesOf.has(field)) continue;
    const name = ctx.names.allocate('Select', field, 'of_group_of', letName);
    ctx.addAction(body, name, select(`@${members}`, `@item()?[${stringLiteral(field)}]`), categories);
    valuesOf.set(field, refer('body', name));
  }
  const row: Record<string, Json> = { [operation.by.name]: `@${refer('items', loop)}` };
  for (const out of operation.outputs) {
    row[out.name.name] = `@${arrayAggregate(out, members, valuesOf.get(out.field?.name ?? '') ?? members)}`;
  }
  // A group's size is how many distinct businesses or people it holds, where the records say whom
  // they are about: each subject field's values, not null, united with themselves to drop repeats.
  const sizes = subjectsOf(ctx, operation).map((subject) => {
    const named = ctx.names.allocate('Filter', subject, 'of_group_of', letName);
    ctx.addAction(body, named, query(`@${members}`, `@${namesSomeone(`item()?[${stringLiteral(subject)}]`)}`), categories);
    const values = ctx.names.allocate('Select', subject, 'of_group_of', letName);
    const value = `item()?[${stringLiteral(subject)}]`;
    // Text is compared ignoring case and surrounding spaces, as in the pushed-down query.
    ctx.addAction(body, values, select(`@${refer('body', named)}`, isTextField(ctx, operation, subject) ? `@toLower(trim(${value}))` : `@${value}`), categories);
    return `greaterOrEquals(length(union(${refer('body', values)}, ${refer('body', values)})), ${ctx.policy.minimumGroupSize})`;
  });
  if (sizes.length === 0) sizes.push(`greaterOrEquals(length(${members}), ${ctx.policy.minimumGroupSize})`);
  const checkName = ctx.names.allocate('Condition_group_of', letName, 'is_large_enough');
  const check = body.nested(checkName);
  check.add(ctx.names.allocate('Append_group_to', variable), appendToArrayVariable(variable, row));
  body.add(checkName, condition(`@${sizes.length === 1 ? sizes[0] : `and(${sizes.join(', ')})`}`, check.build()));
  list.add(loop, foreach(`@union(${refer('body', keys)}, ${refer('body', keys)})`, body.build(), 1));
  return refer('variables', variable);
}

/** One figure of a group; WDL has no sum of an array, so XPath's `sum` over its XML form gives it. */
function arrayAggregate(out: AggregateOutput, members: string, values: string): string {
  const sum = `xpath(xml(json(concat('{"r":{"v":', string(${values}), '}}'))), 'sum(/r/v)')`;
  switch (out.fn.name) {
    case 'sum':
      return sum;
    case 'avg':
      return `div(${sum}, length(${members}))`;
    case 'min':
      return `min(${values})`;
    case 'max':
      return `max(${values})`;
    default:
      return `length(${members})`;
  }
}
