/**
 * Steps that leave the workflow: stores (Cosmos DB, Blob, SQL), Cosmos DB queries, HTTP calls
 * (and calls through a connection Jig does not manage), mail, Service Bus messages and child workflows, in the exact connector shapes of connectors.md (Consumption).
 */
import type {
  Block,
  DocumentOperation,
  Expression,
  FlowCall,
  HeaderEntry,
  HttpCall,
  LetStep,
  Node,
  ParseJsonOperation,
  QueryOperation,
  SendMailStep,
  SendMessageStep,
  StoreStep,
  StoreTarget,
  DeleteStep,
} from '../syntax/tree.js';
import type { Type } from '../semantics/types.js';
import { isNumeric, isStringLike, stripOptional } from '../semantics/relations.js';
import * as catalogue from '../diagnostics/catalogue/emit.js';
import type { ActionList } from './action-list.js';
import {
  apiConnection,
  apiConnectionWebhook,
  azureFunction,
  apiManagement,
  chunkText,
  xslt,
  liquid,
  compose,
  encodeOnce,
  encodeTwice,
  foreach,
  http,
  parseDocument,
  parseJson,
  serviceProvider,
  workflow,
  type Json,
  type WdlAction,
} from './builders.js';
import { requestParts } from '../syntax/visit.js';
import { documentPath, sql, toCosmosSql, type SqlParts } from './cosmos-sql.js';
import { literalValue, refer, stringLiteral, templateValue } from './wdl-strings.js';
import { CLIENT_SEND_HTML_MESSAGE, SEND_EMAIL_V2 } from '../connectors/office365.js';
import { SEND_MESSAGE, timeToLiveTicks } from '../connectors/servicebus.js';
import { POST_MESSAGE_TO_CHANNEL } from '../connectors/teams.js';
import { CHUNK_DEFAULTS } from '../connectors/document-operations.js';
import { POST_ITEM } from '../connectors/sharepoint.js';
import { WEBHOOK_METHOD } from '../connectors/webhooks.js';
import { functionOf } from '../connectors/functions.js';
import { apiOf } from '../connectors/api-management.js';
import type { FlowContext } from './flow-context.js';
import { describeExpression } from './naming.js';
import { jsonOf } from './raw.js';
import { documentCopied, documentWrittenBack } from '../flow/rewrites.js';
import { copyOf } from '../util/objects.js';
import { dropsRequestHeader } from '../util/http-headers.js';
import { COSMOS_MAX_TTL_SECONDS } from '../util/cosmos-ttl.js';
import { childBlocks } from '../semantics/binder.js';
import type { SemanticModel } from '../semantics/model.js';
import { writtenName } from '../syntax/tree.js';

/**
 * The account of a Cosmos DB path. The connection names the account; `AccountNameFromSettings` is
 * what the designer writes to use it, so one workflow works with whichever account it is wired to.
 */
const COSMOS_ACCOUNT = 'AccountNameFromSettings';

const argument = (target: StoreTarget, index: number): string => target.args[index]?.value ?? '';

function cosmosCollectionPath(target: StoreTarget): string {
  return `/cosmosdb/${encodeOnce(COSMOS_ACCOUNT)}/dbs/${encodeOnce(argument(target, 0))}/colls/${encodeOnce(argument(target, 1))}`;
}

// ---------------------------------------------------------------------------------------------
// store, delete

/** The document of its own container a Cosmos DB store writes back (flow/rewrites.ts), if any. */
type WrittenBack = ReturnType<typeof documentWrittenBack>;

/** What a store action writes: the value as the action's JSON, as an expression, and its type. */
interface Stored {
  readonly json: Json;
  /**
   * The value as one WDL expression, translated only when the store needs it. A function, not a
   * getter: a getter in an object literal gives each object a map of its own, and maps live in the
   * old generation until a full collection, keeping the whole file's tree and model with them.
   */
  readonly expression: () => string;
  readonly type: Type;
}

export function emitStore(ctx: FlowContext, list: ActionList, step: StoreStep): void {
  const translate = ctx.translator(list);
  const subject = describeExpression(step.value) || 'document';
  const categories = ctx.categoriesOf(step.value);
  const type = stripOptional(ctx.typeOf(step.value));
  if (type.kind === 'array') {
    // A list: each element is one document (one blob, one row), written by a For each.
    const loop = ctx.actionName(step, 'For_each', subject);
    const body = list.nested(loop);
    const item = refer('items', loop);
    const name = ctx.names.allocate(...storeNameWords(step, subject));
    addStoreAction(ctx, body, step, name, { json: `@${item}`, expression: () => item, type: type.element }, categories);
    // Each element's opt-out read sees the marks the elements before it wrote: one at a time.
    ctx.addAction(list, loop, foreach(translate.value(step.value), body.build(), readsOptOutMark(ctx.model, step) ? 1 : undefined), [], step);
    return;
  }
  const json = translate.value(step.value);
  // Translated once: a translation hoists the value's `where` and `select` into actions of their own.
  let expression = typeof json === 'string' && json.startsWith('@') && !json.startsWith('@@') && !json.startsWith('@{') ? json.slice(1) : undefined;
  const stored: Stored = { json, expression: () => (expression ??= translate.expression(step.value)), type };
  const name = ctx.actionName(step, ...storeNameWords(step, subject));
  addStoreAction(ctx, list, step, name, stored, categories);
}

/** `Store_SUBJECT_in_CONTAINER` (a SQL table is the third argument). */
const storeNameWords = (step: StoreStep, subject: string): string[] => ['Store', subject, 'in', argument(step.target, step.target.store.name === 'sql' ? 2 : 1)];

function addStoreAction(ctx: FlowContext, list: ActionList, step: StoreStep, name: string, stored: Stored, categories: ReadonlySet<string>): void {
  const store = step.target.store.name;
  if (store === 'cosmos') {
    ctx.useConnection('documentdb');
    // Asked once: the opt-out mark and the ttl both read it, and it walks the stored value.
    const writtenBack = documentWrittenBack(ctx.model, step);
    const action = apiConnection('documentdb', {
      method: 'post',
      path: `/v2${cosmosCollectionPath(step.target)}/docs`,
      headers: { 'x-ms-documentdb-is-upsert': true },
      body: cosmosDocument(ctx, list, step, stored, writtenBack, optOutMarkOf(ctx, list, step, stored, name, writtenBack, categories)),
    });
    ctx.addAction(list, name, action, categories, step);
  } else if (store === 'blob') {
    const account = argument(step.target, 0);
    ctx.useConnection('azureblob');
    const action = apiConnection('azureblob', {
      method: 'post',
      path: `/v2/datasets/${encodeTwice(account)}/files`,
      queries: { folderPath: literalValue(`/${argument(step.target, 1)}`), name: '@{guid()}.json', queryParametersSingleEncoded: true },
      headers: { ReadFileMetadataFromServer: true },
      body: stored.json,
    });
    ctx.addAction(list, name, action, categories, step);
  } else if (store === 'sharepoint') {
    // "Create item" (connectors/sharepoint.ts): the value's fields are the item's columns.
    const [site, listName] = [0, 1].map((i) => argument(step.target, i));
    ctx.useConnection('sharepointonline');
    const action = apiConnection('sharepointonline', {
      method: POST_ITEM.method,
      path: `/datasets/${encodeTwice(site!)}/tables/${encodeTwice(listName!)}${POST_ITEM.pathSuffix}`,
      body: stored.json,
    });
    ctx.addAction(list, name, action, categories, step);
  } else if (store === 'sql') {
    const [server, database, table] = [0, 1, 2].map((i) => argument(step.target, i));
    ctx.useConnection('sql');
    const action = apiConnection('sql', {
      method: 'post',
      path: `/v2/datasets/${encodeTwice(server!)},${encodeTwice(database!)}/tables/${encodeTwice(table!)}/items`,
      body: stored.json,
    });
    ctx.addAction(list, name, action, categories, step);
  }
}

/**
 * The document a Cosmos DB upsert writes: the value with an `id` (its own `id` field, else a new
 * GUID) and the retention as `ttl` in seconds, so that Cosmos DB deletes it when it expires (§8).
 */
function cosmosDocument(ctx: FlowContext, list: ActionList, step: StoreStep, stored: Stored, writtenBack: WrittenBack, optOutMark: string | undefined): Json {
  const retention = ctx.model.retentionOf(step)?.seconds;
  if (retention !== undefined && retention > COSMOS_MAX_TTL_SECONDS) {
    const { amount, unit } = ctx.model.retentionOf(step)!;
    ctx.report(catalogue.retentionPastCosmosTtl(step.range, { retention: `${amount} ${unit}` }));
  }
  const ttl = retention === undefined ? undefined : ttlOf(ctx, list, writtenBack, retention);
  const id = idOf(stored.type);
  const field = ctx.policy.optOutField;
  if (stored.json !== null && typeof stored.json === 'object' && !Array.isArray(stored.json)) {
    // Fields are added below: a copy by copyOf keeps the documents' hidden classes shared (util/objects.ts).
    const document: Record<string, Json> = copyOf(stored.json as Record<string, Json>);
    if (id === 'none' && !('id' in document)) document.id = '@{guid()}';
    else if (id !== 'string') document.id = literalId(document.id ?? null, id);
    if (ttl !== undefined) document.ttl = typeof ttl === 'number' ? ttl : `@${ttl}`;
    if (optOutMark !== undefined && document[field] !== true) {
      const own = step.value.kind === 'Record' ? step.value.fields.find((entry) => entry.name.name === field) : undefined;
      document[field] = `@${own ? `or(${optOutMark}, ${markedValue(ctx.translator(list).expression(own.value))})` : optOutMark}`;
    }
    return document;
  }
  let document = stored.expression();
  // The value may hold a mark its type does not name (a request's body is stored whole): it is kept too.
  if (optOutMark !== undefined) document = `setProperty(${document}, ${stringLiteral(field)}, or(${optOutMark}, ${markedValue(`${document}?[${stringLiteral(field)}]`)}))`;
  if (id === 'none') document = `setProperty(${document}, 'id', guid())`;
  else if (id === 'optional') document = `setProperty(${document}, 'id', string(coalesce(${document}?['id'], guid())))`;
  else if (id !== 'string') document = `setProperty(${document}, 'id', string(${document}?['id']))`;
  if (ttl !== undefined) document = `setProperty(${document}, 'ttl', ${ttl})`;
  return `@${document}`;
}

/**
 * A person's opt-out (§6) is a mark on the documents kept about them (the policy's `optOutField`,
 * set by the `jig rights` opt-out flow), which every query of a secondary flow leaves out. The
 * mark is the person's, not one document's: an upsert replaces the whole document, so a later
 * store of it (the next order of a contact who opted out, a correction) would drop the mark, and a
 * new document about them (their next visit, with a new GUID; a copy into this container) would
 * carry none, each putting the person back into every analysis. So a store of personal data (a
 * store with a data subject, `@subject`) marks what it writes when the document it replaces, or
 * any document of the container about the same subject, carries the mark: read from the document
 * when the flow writes back one it read from this container, else asked of the container just
 * before the write, by the document's id and by each subject field's value. Once set, no store
 * clears it. A copy of a document read from another container keeps that document's mark as well:
 * the person may have no document in this one yet.
 */
function optOutMarkOf(
  ctx: FlowContext,
  list: ActionList,
  step: StoreStep,
  stored: Stored,
  storeName: string,
  writtenBack: WrittenBack,
  /** What the stored value carries (`ctx.categoriesOf(step.value)`). */
  categories: ReadonlySet<string>,
): string | undefined {
  const subjects = ctx.model.subjectKeysOf(step);
  if (subjects.length === 0) return undefined;
  const field = ctx.policy.optOutField;
  const translate = ctx.translator(list);
  if (writtenBack) return markedDocument(translate.expression(writtenBack), field);
  const fieldOf = (name: string) => (step.value.kind === 'Record' ? step.value.fields.find((entry) => entry.name.name === name) : undefined);
  const valueOf = (name: string) => {
    const own = fieldOf(name);
    return own ? translate.expression(own.value) : `${stored.expression()}?[${stringLiteral(name)}]`;
  };
  const idField = fieldOf('id');
  const newId = idField?.value.kind === 'Call' && idField.value.callee.name === 'guid' && idField.value.args.length === 0;
  // A document with a new id replaces none: only its subject can be marked elsewhere in the container.
  const matches: SqlParts[] = [];
  const fields = new Set(subjects.map((key) => key.field));
  if (idOf(stored.type) !== 'none' && !newId) {
    // An id is never null (a document without one gets a GUID): its text, quoted.
    const escaped = `replace(replace(string(${valueOf('id')}), '\\', '\\\\'), '''', '\\''')`;
    matches.push(sql`c.id = '${[{ expression: escaped, isString: true }]}'`);
    fields.delete('id');
  }
  const record = stored.type.kind === 'record' ? stored.type : undefined;
  for (const subject of fields) {
    const type = record?.fields.get(subject)?.type;
    matches.push(sql`${documentPath(['c', subject])} = ${sqlValue(valueOf(subject), type !== undefined && isNumeric(stripOptional(type)))}`);
  }
  // One document says it: TOP 1, so that a person with many marked documents is one page, which the pagination guard reads whole.
  const either = matches.reduce<SqlParts>((all, match) => (all.length === 0 ? match : sql`${all} OR ${match}`), []);
  const read = ctx.names.allocate('Read', 'opt', 'out', 'of', storeName);
  // It answers with the id of another document of the container: hidden as what the container holds is.
  const mark = documentPath(['c', field]);
  const documents = emitCosmosQuery(ctx, list, step.target, read, sql`SELECT TOP 1 VALUE c.id FROM c WHERE (${either}) AND ${markedSql(mark)}`, new Set([...categories, ...ctx.heldIn(step.target)]));
  // A copy of one document of another container: the person may have no document here yet.
  const copied = documentCopied(ctx.model, step);
  const source = copied ? markedDocument(translate.expression(copied), field) : undefined;
  return source ? `or(${source}, not(empty(${documents})))` : `not(empty(${documents}))`;
}

/**
 * Whether a document carries the opt-out mark as every secondary flow's filter reads it (a query's
 * `NOT IS_DEFINED(c.f) OR c.f = false`, a list's `optOutItemCondition`): the field present and not
 * `false`. A mark another system wrote as `"true"`, `1` or `null` is one too, and a store keeps it
 * as `true`: writing `false` over it would put the person back into every analysis.
 */
function markedDocument(document: string, field: string): string {
  return `and(contains(${document}, ${stringLiteral(field)}), not(equals(${document}?[${stringLiteral(field)}], false)))`;
}

/**
 * The same of a mark the stored value brings (a record's `optOut`, a request body's): set unless
 * `false` or null, which a request's body or a record gives for a mark it does not say.
 */
const markedValue = (value: string): string => `not(equals(coalesce(${value}, false), false))`;

/**
 * The same in Cosmos DB SQL: defined and not `false`. A comparison of two types is undefined there
 * (`"true" = false`), hence `??`: `NOT (c.f = false)` alone would leave out a mark of `"true"`.
 */
const markedSql = (mark: string): string => `(IS_DEFINED(${mark}) AND NOT ((${mark} = false) ?? false))`;

/**
 * Whether a store asks its container for the opt-out mark just before it writes (optOutMarkOf, any
 * store of personal data but a document written back with the mark it was read with): a read,
 * then a write. Two such stores that run at once (passes of a concurrent For each) may both read
 * before either writes, and one loses the mark the other writes (its value's own, a copied
 * document's), which the source, storing one after the other, keeps.
 */
export function readsOptOutMark(model: SemanticModel, step: StoreStep): boolean {
  return step.target.store.name === 'cosmos' && model.subjectKeysOf(step).length > 0 && !documentWrittenBack(model, step);
}

/** Whether a block, at any depth, holds a store that reads the opt-out mark before it writes: its loop runs one pass at a time. */
export function keepsOptOutMark(model: SemanticModel, block: Block): boolean {
  return optOutKeepContainers(model, block).size > 0;
}

/**
 * The containers (`DATABASE/CONTAINER`) that the stores of a block, at any depth, read the opt-out
 * mark of before they write, those of the flows of the file it calls (`call flow`) included: a
 * child's runs started by passes at once race as the passes' own stores would.
 */
export function optOutKeepContainers(model: SemanticModel, block: Block, into = new Set<string>(), called = new Set<string>()): Set<string> {
  for (const step of block.steps) {
    if (step.kind === 'Store' && readsOptOutMark(model, step)) into.add(`${argument(step.target, 0)}/${argument(step.target, 1)}`);
    const call = step.kind === 'FlowCallStep' ? step.call : step.kind === 'Let' && step.value.kind === 'FlowCall' ? step.value : undefined;
    if (call && !called.has(call.flow.name)) {
      called.add(call.flow.name);
      const child = model.file.declarations.find((declaration) => declaration.kind === 'Flow' && declaration.name.name === call.flow.name);
      if (child?.kind === 'Flow') optOutKeepContainers(model, child.body, into, called);
    }
    for (const inner of childBlocks(step)) optOutKeepContainers(model, inner, into, called);
  }
  return into;
}

/**
 * A value spliced into the SQL of the opt-out check, as a `where` splices one (cosmos-sql.ts): a
 * text quoted, its `\` and `'` escaped, so that a value never becomes SQL; null as SQL's null,
 * which equals nothing.
 */
function sqlValue(value: string, numeric: boolean): SqlParts {
  const text = numeric ? `string(${value})` : `concat('''', replace(replace(string(${value}), '\\', '\\\\'), '''', '\\'''), '''')`;
  return [{ expression: `if(equals(${value}, null), 'null', ${text})`, isString: true }];
}

/** Seconds since 1970 now, as Cosmos DB writes a document's `_ts`. */
const EPOCH_SECONDS = "div(sub(ticks(utcNow()), ticks('1970-01-01T00:00:00Z')), 10000000)";

/**
 * A store's `ttl`: its retention in seconds; for a document written back into the container the
 * flow read it from (flow/rewrites.ts), the time it has left when that is shorter. Cosmos DB counts
 * a `ttl` from the last write, so the rewrite asks for the rest of the document's life, its `_ts`
 * plus its `ttl` less now (at least a second: a `ttl` of 0 is refused and -1 means never); a
 * document without a `ttl` of its own, or one that never expires, gets the store's retention.
 */
function ttlOf(ctx: FlowContext, list: ActionList, document: WrittenBack, seconds: number): number | string {
  if (!document) return seconds;
  const read = ctx.translator(list).expression(document);
  const own = `int(coalesce(${read}?['ttl'], -1))`;
  const left = `sub(add(int(coalesce(${read}?['_ts'], 0)), ${own}), ${EPOCH_SECONDS})`;
  return `if(less(${own}, 1), ${seconds}, min(${seconds}, max(1, ${left})))`;
}

/**
 * What a stored record's `id` needs: Cosmos DB takes only a string id (the document's `id`
 * property: "a string", required), so a number is written as its text, and an optional one left
 * out (or null) becomes a new GUID, as a record without `id` gets one, and so does a value of
 * no known type that has none.
 */
type IdKind = 'none' | 'string' | 'text' | 'optional';

function idOf(type: Type): IdKind {
  // A value of no known type (an untyped call's answer, a document read back and changed with
  // setProperty) keeps the id it has: a new GUID would store a copy instead of rewriting it.
  if (type.kind === 'any') return 'optional';
  const field = type.kind === 'record' ? type.fields.get('id') : undefined;
  if (!field) return 'none';
  // `id?: T` is typed T? too (a field left out reads as null).
  if (field.type.kind === 'optional') return 'optional';
  return field.type.kind === 'primitive' && (field.type.name === 'string' || field.type.name === 'datetime') ? 'string' : 'text';
}

/** A record literal's `id` value, written so that it is a string. */
function literalId(value: Json, kind: IdKind): Json {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return kind === 'optional' ? '@{guid()}' : value;
  const expression = value.startsWith('@') && !value.startsWith('@@') && !value.startsWith('@{') ? value.slice(1) : undefined;
  if (expression === undefined) return value;
  return kind === 'optional' ? `@{coalesce(${expression}, guid())}` : `@{${expression}}`;
}

/**
 * `delete ID from cosmos(…)`: Cosmos DB's "Delete a document (V2)" (`DeleteDocument_V2`: DELETE
 * on the document's path, CR; the .NET connector SDK's `DocumentDbClient.DeleteDocumentAsync`
 * takes the same account, database, collection and document id). The partition key value goes in
 * `x-ms-documentdb-raw-partitionkey` as JSON, a string quoted and a number bare (CR); without `partition`
 * it is the id, the key of a container partitioned on `/id`.
 */
export function emitDelete(ctx: FlowContext, list: ActionList, step: DeleteStep): void {
  const translate = ctx.translator(list);
  const name = ctx.actionName(step, 'Delete', describeExpression(step.id) || 'document', 'from', argument(step.target, 1));
  const key = step.partition ?? step.id;
  const keyType = ctx.typeOf(key);
  // An optional key left out is the empty string, as `@{…}` writes null.
  const keyExpression = keyType.kind === 'optional' ? `coalesce(${translate.expression(key)}, '')` : translate.expression(key);
  // A string key is written as a JSON string: its `\` and `"` escaped (a document id may hold `"`).
  const partitionKey = isNumeric(stripOptional(keyType)) ? `@{${keyExpression}}` : `"@{replace(replace(${keyExpression}, '\\', '\\\\'), '"', '\\"')}"`;
  ctx.useConnection('documentdb');
  const action = apiConnection('documentdb', {
    method: 'delete',
    path: `/v2${cosmosCollectionPath(step.target)}/docs/@{encodeURIComponent(${translate.expression(step.id)})}`,
    headers: { 'x-ms-documentdb-raw-partitionkey': partitionKey },
  });
  ctx.addAction(list, name, action, ctx.categoriesOf(step.id, step.partition), step);
}


// ---------------------------------------------------------------------------------------------
// query cosmos

/** The Cosmos DB SQL of a query: its `where`, and the opt-out filter in a secondary flow (§6). */
export function cosmosWhereClause(ctx: FlowContext, list: ActionList, operation: QueryOperation): SqlParts | undefined {
  const conditions: SqlParts[] = [];
  if (ctx.secondary) {
    const field = documentPath(['c', ctx.policy.optOutField]);
    conditions.push([`(NOT IS_DEFINED(${field}) OR ${field} = false)`]);
  }
  if (operation.where) {
    const translate = ctx.translator(list);
    const result = toCosmosSql(operation.where, {
      isDocument: (name) => ctx.symbolOf(name.name)?.kind === 'item',
      outsideValue: (expression) => translate.expression(expression),
      typeOf: (expression) => ctx.typeOf(expression),
    });
    if (!result.ok) {
      ctx.report(
        catalogue.untranslatableQueryFilter(result.node.range, { text: describeNode(result.node) }),
      );
      return undefined;
    }
    conditions.push(result.sql);
  }
  return conditions.length > 0 ? [' WHERE ', ...conditions.flatMap((condition, index) => (index === 0 ? condition : [' AND ', ...condition]))] : [];
}

function describeNode(node: Expression): string {
  switch (node.kind) {
    case 'Call':
      return `the function '${node.callee.name}'`;
    case 'Record':
      return 'a record literal';
    case 'Array':
      return 'an array literal';
    case 'Where':
      return "a nested 'where'";
    case 'Select':
      return "a 'select'";
    default:
      return `'${describeExpression(node)}'`;
  }
}

/**
 * A QueryDocuments V5 action; its documents are `body('NAME')?['value']`, read through a guard.
 * Cosmos DB splits a query's result into pages ("Pagination in Azure Cosmos DB for NoSQL": by item
 * count, response size, execution time) and the connector answers one page, with a
 * `ContinuationToken` for the next (QueryDocumentsResponse in Microsoft's connector SDK). Jig's
 * `query` means every document COND holds for: an erasure that deleted the first page only would
 * say it erased a person. So reading the documents fails (the action that reads them, as any
 * failure: a `try` catches it) while a token says more pages remain, rather than go on with part:
 * `body('Q')[if(no token, 'value', 'Q answered one page of several…')]` reads `value`, or a
 * property the answer does not have, which fails (no `?`) with that text in its message. The key
 * decides which property is read, not what it holds: the documents carry what they carried.
 */
export function emitCosmosQuery(
  ctx: FlowContext,
  list: ActionList,
  container: StoreTarget,
  name: string,
  queryText: SqlParts,
  categories: Iterable<string>,
  step?: Node,
): string {
  ctx.useConnection('documentdb');
  const action = apiConnection('documentdb', {
    method: 'get',
    path: `/v5${cosmosCollectionPath(container)}/query`,
    queries: { queryText: templateValue(queryText) },
  });
  ctx.addAction(list, name, action, categories, step);
  const answer = refer('body', name);
  const unread = stringLiteral(`${name} answered one page of several: Jig reads whole results only`);
  return `${answer}[if(empty(${answer}?['ContinuationToken']), 'value', ${unread})]`;
}

export function emitQuery(ctx: FlowContext, list: ActionList, operation: QueryOperation, letName: string, step: Node): string {
  if (operation.source.store.name === 'blob') return emitBlobRead(ctx, list, operation, letName, step);
  const where = cosmosWhereClause(ctx, list, operation) ?? [];
  const name = ctx.actionName(step, 'Query', letName);
  const categories = ctx.categoriesOf(operation, operation.where);
  return emitCosmosQuery(ctx, list, operation.source, name, sql`SELECT * FROM c${where}`, categories, step);
}

/**
 * `query blob("ACCOUNT", "CONTAINER") name EXPR returns T`: Azure Blob "Get blob content using
 * path (V2)" (`GetFileContentByPath_V2`, learn.microsoft.com/connectors/azureblob): GET
 * `/v2/datasets/{account}/GetFileContentByPath` with the blob's path in `queries.path` and
 * `inferContentType` (the queries of C:latemplates__accelerator-index-retrieve-ai-sharepoint-
 * aisearch-ingest-index-ai-sharepoint-rag-workflow; the account encoded twice, as Create blob (V2)
 * in connectors.md). A blob Jig writes is `….json`, so its content comes back as JSON; a Parse JSON
 * with T's schema checks it, as `call http … returns T` does.
 */
function emitBlobRead(ctx: FlowContext, list: ActionList, operation: QueryOperation, letName: string, step: Node): string {
  const translate = ctx.translator(list);
  const name = ctx.actionName(step, 'Get', letName);
  const blob = operation.name ? `@{${translate.expression(operation.name)}}` : '';
  ctx.useConnection('azureblob');
  const action = apiConnection('azureblob', {
    method: 'get',
    path: `/v2/datasets/${encodeTwice(argument(operation.source, 0))}/GetFileContentByPath`,
    queries: { path: `${literalValue(`/${argument(operation.source, 1)}/`)}${blob}`, inferContentType: true, queryParametersSingleEncoded: true },
  });
  const categories = ctx.categoriesOf(operation, operation.name);
  ctx.addAction(list, name, action, categories, step);
  const parse = ctx.names.allocate('Parse', letName);
  ctx.addAction(list, parse, parseJson(`@${refer('body', name)}`, ctx.schemaOf(ctx.model.typeOf(operation))), ctx.categoriesOf(operation));
  return refer('body', parse);
}

// ---------------------------------------------------------------------------------------------
// call http

/** What an HTTP call is named after: its `let`, else its URL's parameter or host. */
function httpSubject(call: HttpCall): string {
  const url = call.url;
  if (url.kind === 'Name') return url.name.name.replace(/(Url|Uri|Endpoint)$/i, '') || url.name.name;
  const text = url.kind === 'String' ? (url.parts[0]?.kind === 'Text' ? url.parts[0].text : '') : '';
  const host = /^[a-z]+:\/\/([^/:.]+)/i.exec(text)?.[1];
  return host ?? describeExpression(url);
}

/** What an API Management call is named after: the instance its id names, else its id. */
function apiSubject(call: HttpCall): string {
  const api = call.url.kind === 'String' && call.url.value !== undefined ? apiOf(call.url.value) : undefined;
  return api?.service ?? describeExpression(call.url);
}

/** What a function call is named after: the function its id names, else its id. */
function functionSubject(call: HttpCall): string {
  const fn = call.url.kind === 'String' && call.url.value !== undefined ? functionOf(call.url.value) : undefined;
  return fn?.name ?? describeExpression(call.url);
}

/**
 * An Http action (`call http`), an ApiConnection through the connection the call names (`call
 * connector`: a connection Jig does not manage, so the workflow declares `$connections` without
 * wiring it), or a ServiceProvider action (`call service`: a Standard built-in operation through
 * the app's built-in connection of that name, which Jig does not manage either), and a Parse JSON
 * of its body when the call `returns` a type.
 */
export function emitHttpCall(ctx: FlowContext, list: ActionList, call: HttpCall, step: Node, letName?: string): string {
  const translate = ctx.translator(list);
  const subject = letName ?? (call.connector ? call.connector.value ?? '' : call.workflow ? 'workflow' : call.azureFunction ? functionSubject(call) : call.apiPath ? apiSubject(call) : httpSubject(call));
  const name = ctx.actionName(step, 'Call', subject);
  const entries = (list: readonly HeaderEntry[] | undefined): Record<string, Json> | undefined => {
    if (!list || list.length === 0) return undefined;
    return Object.fromEntries(list.map((entry) => [writtenName(entry) ?? '', translate.value(entry.value)]));
  };
  const [queries, headers] = [entries(call.queries), entries(call.headers)];
  const body = call.body ? translate.value(call.body) : undefined;
  const webhook = call.connector !== undefined && call.method?.name === WEBHOOK_METHOD;
  let action: WdlAction;
  if (call.service) {
    const operation = translate.value(call.url);
    action = serviceProvider(call.connector?.value ?? '', call.service.value ?? '', typeof operation === 'string' ? operation : String(operation), body);
  } else if (call.workflow) {
    action = workflow(translate.value(call.url), body, call.triggerName?.value, headers);
  } else if (call.azureFunction) {
    action = azureFunction(translate.value(call.url), call.method?.name ?? '', queries, headers, body);
  } else if (call.apiPath) {
    action = apiManagement(translate.value(call.url), call.method?.name ?? '', call.apiPath.value ?? '/', call.subscriptionKey && translate.value(call.subscriptionKey), queries, headers, body);
  } else if (call.connector) {
    ctx.rawReadsConnections = true;
    const path = translate.value(call.url);
    const request = { path: typeof path === 'string' ? path : String(path), queries, headers, body };
    action = webhook ? apiConnectionWebhook(call.connector.value ?? '', request) : apiConnection(call.connector.value ?? '', { method: call.method?.name ?? '', ...request });
  } else {
    action = http(call.method?.name ?? '', translate.value(call.url), queries, headers, body, call.auth && translate.value(call.auth));
    for (const entry of call.headers ?? []) {
      const header = writtenName(entry) ?? '';
      if (dropsRequestHeader(header, call.method?.name ?? '')) ctx.report(catalogue.httpHeaderDropped(entry.name.range, { header, method: (call.method?.name ?? '').toUpperCase() }));
    }
  }
  const sent = ctx.categoriesOf(...requestParts(call));
  const received = ctx.categoriesOf(call);
  ctx.addAction(list, name, action, [...sent, ...received], step);
  // `@outputs`: the name stands for the call's outputs (its status code, headers and body), next-page link and all.
  if (!call.returns && step.kind === 'Let' && ctx.model.callOptionsOf(step as LetStep).outputs) return refer('outputs', name);
  // Only an answer the flow reads (a `let`) need be whole.
  // (A webhook's answer is what the connector posts to the callback URL: no list operation's page.)
  const paged = letName !== undefined && call.connector !== undefined && call.workflow === undefined && !webhook;
  if (!call.returns) {
    if (!paged) return refer('body', name);
    // Read once, right after the call: a run with a partial answer stops before doing anything with it.
    const whole = ctx.names.allocate('Whole', subject);
    ctx.addAction(list, whole, compose(`@${wholeAnswer(name)}`), received);
    return refer('outputs', whole);
  }
  const parse = ctx.names.allocate('Parse', subject);
  ctx.addAction(list, parse, parseJson(`@${paged ? wholeAnswer(name) : refer('body', name)}`, ctx.schemaOf(ctx.model.typeOf(call))), received);
  return refer('body', parse);
}

/**
 * The properties by which a managed connector's answer says it is one page of several: the
 * OData `@odata.nextLink` (and `odata.nextLink`) of an ItemsList (SQL Server's and SharePoint's
 * "Get rows"/"Get items", Dataverse's "List rows"), `nextLink` and `nextPageMarker` of a
 * BlobMetadataPage (Blob's, OneDrive's listings), Cosmos DB's `ContinuationToken` (the Azure
 * Connectors SDK's generated models). Microsoft ("Get more data, items, or records by using
 * pagination in Azure Logic Apps"): past the connector's page size "the action returns only the
 * first page of results".
 */
export const NEXT_PAGE_PROPERTIES = ['@odata.nextLink', 'odata.nextLink', 'nextLink', 'nextPageMarker', 'ContinuationToken'] as const;

/**
 * What a `call connector` or `call service` answers, read whole or not at all: a list operation
 * past its page size answers its first page and a next-page link, and a flow that went on with that
 * page (an erasure, an export) would do part of what it says. So the body is read as
 * `outputs('X')[if(<a next-page property>, 'X answered one page of several: …', 'body')]`: the
 * action that reads it fails (no `?`: the outputs have no such property; a `try` catches it) while
 * a page follows. `contains` asks an object for a key; what is not an object (text, a list,
 * nothing) is asked as `{}`, since `contains` of text is a substring and of null or a number fails:
 * `string()` of an object starts with `{` (text that does too is asked as text, which at worst
 * fails a run that held no next page: loud, never partial). `@outputs` reads the raw outputs, link
 * and all, for a flow that follows pages itself.
 */
function wholeAnswer(name: string): string {
  const body = refer('body', name);
  const asObject = `if(startsWith(string(${body}), '{'), ${body}, json('{}'))`;
  const more = NEXT_PAGE_PROPERTIES.map((property) => `contains(${asObject}, ${stringLiteral(property)})`).join(', ');
  const unread = stringLiteral(`${name} answered one page of several: Jig reads whole answers only`);
  return `${refer('outputs', name)}[if(or(${more}), ${unread}, 'body')]`;
}

/** `parse json EXPR as TYPE` (TYPE's schema) or `… schema { JSON }` (as written): a Parse JSON action; its result is its body. */
export function emitParseJson(ctx: FlowContext, list: ActionList, operation: ParseJsonOperation, step: Node, letName: string): string {
  const name = ctx.actionName(step, 'Parse', letName);
  const content = ctx.translator(list).value(operation.content);
  const schema = operation.schema ? jsonOf(operation.schema) : ctx.schemaOf(ctx.model.typeOf(operation));
  ctx.addAction(list, name, parseJson(content, schema), ctx.categoriesOf(operation), step);
  return refer('body', name);
}

/** `parse document EXPR` or `chunk text EXPR …`: a ParseDocument or ChunkText action; its result is its body. */
export function emitDocumentOperation(ctx: FlowContext, list: ActionList, operation: DocumentOperation, step: Node, letName: string): string {
  const translate = ctx.translator(list);
  const content = translate.value(operation.content);
  if (operation.operation === 'transform xml') {
    const parameters = operation.parameters?.length
      ? Object.fromEntries(operation.parameters.map((entry) => [writtenName(entry) ?? '', translate.value(entry.value)]))
      : undefined;
    const name = ctx.actionName(step, 'Transform', letName);
    ctx.addAction(list, name, xslt(content, operation.map?.source ?? 'account', operation.map?.name.value ?? '', parameters), ctx.categoriesOf(operation), step);
    return refer('body', name);
  }
  if (operation.operation === 'transform liquid') {
    const name = ctx.actionName(step, 'Transform', letName);
    ctx.addAction(list, name, liquid(content, operation.liquidKind?.value ?? '', operation.map?.source ?? 'account', operation.map?.name.value ?? ''), ctx.categoriesOf(operation), step);
    return refer('body', name);
  }
  const action =
    operation.operation === 'parse document'
      ? parseDocument(content)
      : chunkText(content, {
          encodingModel: operation.encoding?.value ?? CHUNK_DEFAULTS.encodingModel,
          tokenSize: operation.tokens?.value ?? CHUNK_DEFAULTS.tokenSize,
          pageOverlapLength: operation.overlap?.value ?? CHUNK_DEFAULTS.pageOverlapLength,
        });
  const name = ctx.actionName(step, operation.operation === 'parse document' ? 'Parse' : 'Chunk', letName);
  ctx.addAction(list, name, action, ctx.categoriesOf(operation), step);
  return refer('body', name);
}

// ---------------------------------------------------------------------------------------------
// send mail, call flow

export function emitSendMail(ctx: FlowContext, list: ActionList, step: SendMailStep): void {
  const translate = ctx.translator(list);
  ctx.useConnection('office365');
  const name = ctx.actionName(step, 'Send_mail_to', describeExpression(step.to));
  const message = CLIENT_SEND_HTML_MESSAGE;
  const action = apiConnection('office365', {
    method: SEND_EMAIL_V2.method,
    path: SEND_EMAIL_V2.path,
    body: {
      [message.to]: translate.value(step.to),
      [message.subject]: translate.value(step.subject),
      [message.body]: translate.value(step.body),
      [message.importance]: 'Normal',
    },
  });
  ctx.addAction(list, name, action, ctx.categoriesOf(step.to, step.subject, step.body), step);
}

/**
 * `send EXPR to servicebus("NAMESPACE", "ENTITY")`: Service Bus "Send message" to a queue or topic
 * (connectors/servicebus.ts). The connection names the namespace. The content goes in base64: a
 * string as its text, any other value as its JSON. A message waits in its entity until a receiver
 * takes it, so it carries the flow's `@retain` as its time to live (§8), as a document its `ttl`.
 */
export function emitSendMessage(ctx: FlowContext, list: ActionList, step: SendMessageStep): void {
  if (step.target.store.name === 'teams') return emitTeamsPost(ctx, list, step);
  const translate = ctx.translator(list);
  ctx.useConnection('servicebus');
  const entity = argument(step.target, 1);
  const name = ctx.actionName(step, 'Send', describeExpression(step.value) || 'message', 'to', entity);
  const value = translate.expression(step.value);
  const text = isStringLike(stripOptional(ctx.typeOf(step.value)));
  const retention = ctx.model.retentionOf(step)?.seconds;
  const action = apiConnection('servicebus', {
    method: SEND_MESSAGE.method,
    path: `/${encodeTwice(entity)}${SEND_MESSAGE.pathSuffix}`,
    queries: { ...SEND_MESSAGE.queries },
    body: {
      [SEND_MESSAGE.content]: text ? `@{base64(${value})}` : `@{base64(string(${value}))}`,
      [SEND_MESSAGE.contentType]: text ? 'text/plain' : 'application/json',
      ...(retention !== undefined && { [SEND_MESSAGE.timeToLive]: timeToLiveTicks(retention) }),
    },
  });
  ctx.addAction(list, name, action, ctx.categoriesOf(step.value), step);
}

/**
 * `send EXPR to teams("TEAM", "CHANNEL")`: Microsoft Teams "Post message in a chat or channel" in
 * a channel, as the Flow bot (connectors/teams.ts). The message is the string, HTML as Teams shows it.
 */
function emitTeamsPost(ctx: FlowContext, list: ActionList, step: SendMessageStep): void {
  const translate = ctx.translator(list);
  ctx.useConnection('teams');
  const post = POST_MESSAGE_TO_CHANNEL;
  // The designer's name for the action (the corpus's own), numbered when a flow posts more than once.
  const name = ctx.actionName(step, 'Post_message_in_a_chat_or_channel');
  const action = apiConnection('teams', {
    method: post.method,
    path: post.path,
    body: {
      [post.recipient]: { [post.groupId]: literalValue(argument(step.target, 0)), [post.channelId]: literalValue(argument(step.target, 1)) },
      [post.messageBody]: translate.value(step.value),
    },
  });
  ctx.addAction(list, name, action, ctx.categoriesOf(step.value), step);
}

/** The definition parameter that holds a child workflow's resource id. */
export const childWorkflowParameter = (flow: string): string => `workflowId_${flow}`;

export function emitFlowCall(ctx: FlowContext, list: ActionList, call: FlowCall, step: Node, letName?: string): string {
  const translate = ctx.translator(list);
  const flowName = call.flow.name;
  ctx.childFlows.add(flowName);
  const name = ctx.actionName(step, 'Call', letName ?? flowName);
  const action = workflow(
    `@${refer('parameters', childWorkflowParameter(flowName))}`,
    call.argument ? translate.value(call.argument) : undefined,
    'manual',
  );
  const pointer = ctx.addAction(list, name, action, ctx.categoriesOf(call.argument, call), step);
  ctx.childFlowActions.set(pointer, flowName);
  return refer('body', name);
}
