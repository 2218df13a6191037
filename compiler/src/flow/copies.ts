/**
 * Whether a part of a value is a copy of what the flow read, or a value it computed (§5).
 *
 * An aggregate's group counts the distinct values of the records' `@subject` field (README,
 * Aggregates), which says how many businesses or people stand in the group only if each record
 * holds its subject's identifying value itself: a value computed from it and something new per
 * record (`"${client}-${guid()}"`, the client and the invoice number, the time of the store) counts
 * one client once per record, and five sales of one client pass as five clients. So a stored field
 * counts subjects only if every write of the project puts there a copy: a value read as it was
 * (a field of the trigger, of a query's document, of a response, of a loop's element), through
 * `let`s, field reads, `where`, `take`, `skip`, `first`, `last`, a conditional between copies, a
 * `coalesce` of copies, and `toLower`, `toUpper` and `trim`, which only make spellings of one value
 * alike (fewer distinct values, never more); or a constant, which is one value for every record.
 * Anything else the flow computes (an interpolation with more than one part, an operator, any
 * other function, a `var`, a `javascript` result, a time) is not a copy, whatever it holds. Of a
 * value whose fields Jig does not know apart (an untyped one, a list's elements), a field computed
 * anywhere in it counts for every field: `setProperty(doc, "id", guid())` then counts no subject.
 */
import type { SemanticModel } from '../semantics/model.js';
import type { Expression, ForEachStep, LetStep, LetValue } from '../syntax/tree.js';

/** A path segment: an element of a list. */
export const ELEMENT = '[]';
/** A path segment: any field of a record. */
export const ANY_FIELD = '*';

/** A path segment: any field of a record but those named (which a shape lists apart). */
export const anyFieldBut = (listed: Iterable<string>): string => `${ANY_FIELD}${[...listed].join('\n')}`;

/** The fields a path segment may be: `undefined` for every field, else the fields it is not (`except`), or the one it is. */
function segmentOf(segment: string | undefined): { every: true; except: readonly string[] } | { every: false; field: string } {
  if (segment === undefined) return { every: true, except: [] };
  if (segment.startsWith(ANY_FIELD)) return { every: true, except: segment.length > 1 ? segment.slice(1).split('\n') : [] };
  return { every: false, field: segment };
}

/** Functions whose value is (a part of) one of their arguments, as it was, or that argument made alike to its other spellings. */
const SAME_VALUE = new Set(['toLower', 'toUpper', 'trim', 'coalesce']);
/** Functions whose value is some of the elements of their first argument's list. */
const SOME_ELEMENTS = new Set(['take', 'skip']);
/** Functions whose value is one element of their first argument's list. */
const ONE_ELEMENT = new Set(['first', 'last']);

/** The deepest chain followed (lets cannot cycle, but a long chain is cut short: not a copy). */
const MAX_DEPTH = 48;

/**
 * Whether the part of `node`'s value at `path` (field names, `ELEMENT`, `ANY_FIELD`) is a copy of
 * what the flow read, or a constant. `items`: the list whose element `item` names, inside a `select`.
 */
export function isCopyAt(model: SemanticModel, node: LetValue, path: readonly string[], items?: Expression, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const next = depth + 1;
  switch (node.kind) {
    case 'String': {
      if (node.value !== undefined) return true;
      const [only, ...more] = node.parts;
      return more.length === 0 && only?.kind === 'Interpolation' && isCopyAt(model, only.expression, path, items, next);
    }
    case 'Number':
    case 'Boolean':
    case 'Null':
      return true;
    case 'Name': {
      const symbol = model.symbolOf(node.name);
      const declaring = symbol?.declaringNode;
      if (declaring?.kind === 'Let') return isCopyAt(model, (declaring as LetStep).value, path, undefined, next);
      if (declaring?.kind === 'ForEach') return isCopyAt(model, (declaring as ForEachStep).iterable, [ELEMENT, ...path], undefined, next);
      if (symbol?.kind === 'item') return items ? isCopyAt(model, items, [ELEMENT, ...path], undefined, next) : true;
      // A var holds whatever any set or append gives it.
      if (symbol?.kind === 'var') return false;
      // The trigger, a parameter: values read as they came.
      return true;
    }
    case 'Member':
      return node.member !== undefined && isCopyAt(model, node.object, [node.member.name, ...path], items, next);
    case 'Index':
      return isCopyAt(model, node.object, [ELEMENT, ...path], items, next);
    case 'Record': {
      const [first, ...rest] = path;
      const segment = segmentOf(first);
      if (segment.every) return node.fields.every((entry) => segment.except.includes(entry.name.name) || isCopyAt(model, entry.value, rest, items, next));
      const entry = node.fields.find((candidate) => candidate.name.name === segment.field);
      // A field the record does not write is absent: no value, which counts no one.
      return entry === undefined || isCopyAt(model, entry.value, rest, items, next);
    }
    case 'Array': {
      const rest = path[0] === ELEMENT ? path.slice(1) : path;
      return node.elements.every((element) => isCopyAt(model, element, rest, items, next));
    }
    case 'Where':
      return isCopyAt(model, node.source, path, items, next);
    case 'Select':
      // A select's rows are its projection, once for each element of its source (`item`).
      return isCopyAt(model, node.projection, path[0] === ELEMENT ? path.slice(1) : path, node.source, next);
    case 'Conditional':
      return isCopyAt(model, node.then, path, items, next) && isCopyAt(model, node.else, path, items, next);
    case 'Call': {
      const name = node.callee.name;
      const [first, second, third] = node.args;
      if (SAME_VALUE.has(name)) return node.args.every((arg) => isCopyAt(model, arg, path, items, next));
      if (SOME_ELEMENTS.has(name)) return first !== undefined && isCopyAt(model, first, path, items, next);
      if (ONE_ELEMENT.has(name)) return first !== undefined && isCopyAt(model, first, [ELEMENT, ...path], items, next);
      if ((name === 'setProperty' || name === 'addProperty') && first && second && third) {
        const [head, ...rest] = path;
        const segment = segmentOf(head);
        const set = second.kind === 'String' ? second.value : undefined;
        if (!segment.every && set !== undefined) {
          return segment.field === set ? isCopyAt(model, third, rest, items, next) : isCopyAt(model, first, path, items, next);
        }
        const setChecked = segment.every && set !== undefined && segment.except.includes(set);
        return (setChecked || isCopyAt(model, third, head === undefined ? [] : rest, items, next)) && isCopyAt(model, first, path, items, next);
      }
      if (name === 'removeProperty' && first) return isCopyAt(model, first, path, items, next);
      return false;
    }
    case 'Query':
    case 'HttpCall':
    case 'FlowCall':
    case 'DocumentOperation':
      // Read as the service, the child flow or the container answers.
      return true;
    case 'ParseJson':
      // The text's fields are its own: a copy only if the text is one.
      return isCopyAt(model, node.content, [], items, next);
    default:
      // An operator, an aggregate, a javascript result, a time, a table: computed by the flow.
      return false;
  }
}
