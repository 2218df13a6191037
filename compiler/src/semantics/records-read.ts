/**
 * Whom an aggregate's records are about (§5 counts a group's distinct subjects): the `@subject`
 * fields of the records' type as the flow read or received them, never of a type the flow gives
 * them afterwards. A typed `let` (`let rows: Sale[] = sales select { client: item.id, … }`) or a
 * loop over such a value says what the flow claims the values are, and a claim would turn each
 * record into a subject of its own: the group of five invoices of one client would count five
 * clients. So the records are followed back through `let`s (to the value, not its declared type),
 * `where`, `take`, `skip`, loop variables and field reads to where they were read (a query, the
 * trigger, a response, a `parse json` of what was received); a `select` builds new rows, which
 * mark no subject, and a conditional marks what both of its values mark.
 */
import type { Expression, ForEachStep, LetStep, LetValue, QueryOperation } from '../syntax/tree.js';
import type { SemanticModel } from './model.js';
import type { Type } from './types.js';
import { storedRecord, stripOptional, subjectFieldsOf } from './relations.js';

/** The records as read: their type, and the query that read them, when one did. */
export interface RecordsRead {
  /** Undefined where Jig cannot tell one type (a conditional between two). */
  readonly type: Type | undefined;
  readonly query?: QueryOperation;
}

/** Functions whose list is some of the elements of their list argument, as read. */
const NARROWING = new Set(['take', 'skip']);

/** The deepest chain of lets followed (a cycle cannot occur, but a long chain is cut short). */
const MAX_DEPTH = 32;

export function recordsRead(model: SemanticModel, node: Expression | LetValue, depth = 0): RecordsRead {
  if (depth > MAX_DEPTH) return { type: undefined };
  switch (node.kind) {
    case 'Name': {
      const declaring = model.symbolOf(node.name)?.declaringNode;
      if (declaring?.kind === 'Let') return recordsRead(model, (declaring as LetStep).value, depth + 1);
      if (declaring?.kind === 'ForEach') {
        const list = recordsRead(model, (declaring as ForEachStep).iterable, depth + 1);
        const bare = list.type && stripOptional(list.type);
        return { type: bare?.kind === 'array' ? bare.element : undefined, ...(list.query && { query: list.query }) };
      }
      break;
    }
    case 'Where':
      return recordsRead(model, node.source, depth + 1);
    case 'Call':
      if (NARROWING.has(node.callee.name) && node.args[0]) return recordsRead(model, node.args[0], depth + 1);
      break;
    case 'Member': {
      if (!node.member) break;
      const object = recordsRead(model, node.object, depth + 1);
      const record = object.type && stripOptional(object.type);
      // A value of no known record (the trigger, an untyped one) has the member's own type.
      if (record?.kind !== 'record') break;
      return { type: record.fields.get(node.member.name)?.type, ...(object.query && { query: object.query }) };
    }
    case 'Index': {
      const list = recordsRead(model, node.object, depth + 1);
      const bare = list.type && stripOptional(list.type);
      return { type: bare?.kind === 'array' ? bare.element : undefined, ...(list.query && { query: list.query }) };
    }
    case 'Conditional': {
      const then = recordsRead(model, node.then, depth + 1);
      const otherwise = recordsRead(model, node.else, depth + 1);
      // Either value may be the records: they count subjects only if both say the same fields do.
      return then.type === otherwise.type && then.query === otherwise.query ? then : { type: undefined };
    }
    case 'Query':
      return { type: model.typeOf(node), query: node };
  }
  return { type: model.typeOf(node) };
}

/**
 * The fields that tell whom each record an aggregate groups is about (relations.ts
 * `subjectFieldsOf`), of the records as read: none for rows the flow built.
 */
export function subjectFieldsOfRecords(
  model: SemanticModel,
  source: Expression | LetValue,
  identifying: (category: string) => boolean,
): readonly string[] {
  const { type } = recordsRead(model, source);
  return type && storedRecord(type) ? subjectFieldsOf(type, identifying) : [];
}
