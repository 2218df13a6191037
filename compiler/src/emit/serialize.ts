/**
 * Byte-stable JSON for everything Jig writes. The same input gives the same bytes whatever order the
 * builders inserted keys in, so a rebuild without a source change shows no diff, deploy can compare
 * hashes, and baselines only move when the output really changes.
 *
 * Keys are put in the order Logic Apps authors and the designer write them (`$schema`,
 * `contentVersion`, `parameters`, `triggers`, `actions`… for a definition; `type`, `kind`, `inputs`,
 * `runAfter`… for an operation); keys with no conventional place keep their insertion order.
 * (JavaScript objects list integer-like keys such as `"200"` first whatever the insertion order;
 * that order is deterministic too, so it is kept.)
 */

/** What a JSON value is, so that the writer knows which conventional key order applies to it. */
export type JsonShape =
  | 'any'
  /** A WDL workflow definition. */
  | 'definition'
  /** `{ "definition": …, "parameters": … }` (Consumption) or `{ "definition": …, "kind": … }` (Standard). */
  | 'workflowFile'
  /** An ARM deployment template. */
  | 'armTemplate';

type Shape =
  | JsonShape
  | 'operationMap'
  | 'operation'
  | 'branch'
  | 'caseMap'
  | 'armResources'
  | 'armResource'
  | 'armWorkflowProperties';

const KEY_ORDER: Partial<Record<Shape, readonly string[]>> = {
  definition: ['$schema', 'contentVersion', 'parameters', 'triggers', 'actions', 'outputs', 'metadata'],
  workflowFile: ['definition', 'kind', 'parameters'],
  operation: ['type', 'kind', 'inputs', 'runAfter'],
  branch: ['case', 'actions'],
  armTemplate: ['$schema', 'contentVersion', 'parameters', 'variables', 'resources', 'outputs'],
  armResource: ['type', 'apiVersion', 'name', 'location', 'kind', 'identity', 'tags', 'properties', 'dependsOn'],
  armWorkflowProperties: ['state', 'definition', 'parameters'],
};

/** The shape of the value under `key` of a value of shape `shape`. */
function childShape(shape: Shape, key: string): Shape {
  switch (shape) {
    case 'definition':
      return key === 'triggers' || key === 'actions' ? 'operationMap' : 'any';
    case 'workflowFile':
      return key === 'definition' ? 'definition' : 'any';
    case 'operationMap':
      return 'operation';
    case 'operation':
      if (key === 'actions') return 'operationMap';
      if (key === 'else' || key === 'default') return 'branch';
      if (key === 'cases') return 'caseMap';
      return 'any';
    case 'caseMap':
      return 'branch';
    case 'branch':
      return key === 'actions' ? 'operationMap' : 'any';
    case 'armTemplate':
      return key === 'resources' ? 'armResources' : 'any';
    case 'armResources':
      return 'armResource';
    case 'armResource':
      return key === 'properties' ? 'armWorkflowProperties' : 'any';
    case 'armWorkflowProperties':
      return key === 'definition' ? 'definition' : 'any';
    default:
      return 'any';
  }
}

function orderedKeys(shape: Shape, value: Record<string, unknown>): string[] {
  const keys = Object.keys(value).filter((key) => value[key] !== undefined);
  const preferred = KEY_ORDER[shape];
  if (!preferred) return keys;
  const present = new Set(keys);
  return [...preferred.filter((key) => present.has(key)), ...keys.filter((key) => !preferred.includes(key))];
}

function writeNumber(value: number): string {
  // JSON has no NaN or Infinity; the builders never produce them, but a stray one must not make
  // unparsable output.
  if (!Number.isFinite(value)) return 'null';
  return Object.is(value, -0) ? '0' : String(value);
}

function write(value: unknown, shape: Shape, indent: string, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null');
  } else if (typeof value === 'string') {
    out.push(JSON.stringify(value));
  } else if (typeof value === 'number') {
    out.push(writeNumber(value));
  } else if (typeof value === 'boolean') {
    out.push(value ? 'true' : 'false');
  } else if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push('[]');
      return;
    }
    const inner = indent + '  ';
    const element = childShape(shape, '');
    out.push('[');
    value.forEach((item, index) => {
      out.push(index === 0 ? '\n' : ',\n', inner);
      write(item, element, inner, out);
    });
    out.push('\n', indent, ']');
  } else if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = orderedKeys(shape, record);
    if (keys.length === 0) {
      out.push('{}');
      return;
    }
    const inner = indent + '  ';
    out.push('{');
    keys.forEach((key, index) => {
      out.push(index === 0 ? '\n' : ',\n', inner, JSON.stringify(key), ': ');
      write(record[key], childShape(shape, key), inner, out);
    });
    out.push('\n', indent, '}');
  } else {
    // Functions, symbols and bigints are not JSON; reaching one is a bug in a builder.
    throw new TypeError(`Cannot serialize a ${typeof value} as JSON`);
  }
}

/** Two-space-indented JSON with a final newline, keys in the conventional order for `shape`. */
export function serializeJson(value: unknown, shape: JsonShape = 'any'): string {
  const out: string[] = [];
  write(value, shape, '', out);
  out.push('\n');
  return out.join('');
}

