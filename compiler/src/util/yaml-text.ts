/**
 * The YAML files users give Jig (policy files, jig.yaml, test files, run inputs) read into values one
 * way: each syntax error at its place; an alias bomb ("billion laughs": `&a [*b, *b, …]` nested)
 * refused at its first alias rather than expanded; nesting that exhausts the parser's stack said as
 * such, not as "Maximum call stack size exceeded"; a number that is infinite or not a number refused.
 */
import { parseDocument, visit, type Document } from 'yaml';
import type { TextRange } from '../syntax/source.js';
import { nodeRange } from './yaml-locations.js';

/** How many times aliases may be expanded in one file. */
export const MAX_YAML_ALIASES = 100;

export interface YamlProblem {
  readonly range: TextRange;
  /** What is wrong, in one line. */
  readonly detail: string;
  /** Refused for expanding aliases too often (not a syntax error). */
  readonly aliases?: true;
}

/** The document and its syntax errors (duplicate keys included). */
export function parseYamlText(text: string): { document: Document; errors: YamlProblem[] } {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const errors = document.errors.map((error) => ({
    range: { start: error.pos[0], end: Math.max(error.pos[1], error.pos[0]) },
    // The position is the diagnostic's; the message repeats it.
    detail: error.message.includes('Maximum call stack size exceeded') ? 'it nests too deeply to be read' : error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
  }));
  return { document, errors };
}

/** The value of a document without syntax errors, or why it has none. */
export function yamlValue(document: Document): { value: unknown } | { problem: YamlProblem } {
  const unbounded = nonFiniteNumber(document);
  if (unbounded) return { problem: unbounded };
  try {
    return { value: document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown };
  } catch (error) {
    if (error instanceof ReferenceError) {
      return { problem: { range: firstAliasRange(document), aliases: true, detail: `it expands YAML aliases more than ${MAX_YAML_ALIASES} times, as a "billion laughs" file does, and is refused` } };
    }
    if (error instanceof RangeError) return { problem: { range: { start: 0, end: 0 }, detail: 'it nests too deeply to be read' } };
    throw error;
  }
}

/**
 * A number YAML reads as infinite or as not a number (`.inf`, `.nan`, `1e400`): what Jig reads
 * becomes JSON, which has neither, and a check such as "at least the policy's minimum group size"
 * holds of no group at `.inf` yet passes a schema's `integer` (JSON Schema validators take Infinity
 * for one), so it is refused where it is written.
 */
function nonFiniteNumber(document: Document): YamlProblem | undefined {
  let found: YamlProblem | undefined;
  visit(document, {
    Scalar(_, scalar) {
      if (typeof scalar.value !== 'number' || Number.isFinite(scalar.value)) return undefined;
      found = { range: nodeRange(scalar) ?? { start: 0, end: 0 }, detail: `${String(scalar.source ?? scalar.value)} is no finite number` };
      return visit.BREAK;
    },
  });
  return found;
}

function firstAliasRange(document: Document): TextRange {
  let found: TextRange | undefined;
  visit(document, {
    Alias(_, alias) {
      found = nodeRange(alias);
      return visit.BREAK;
    },
  });
  return found ?? { start: 0, end: 0 };
}
