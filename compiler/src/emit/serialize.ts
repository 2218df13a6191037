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
  workflowFile: ['definition', 'kind', 'parameters', 'runtimeConfiguration'],
  operation: ['type', 'kind', 'inputs', 'runAfter'],
  branch: ['case', 'actions'],
  armTemplate: ['$schema', 'contentVersion', 'parameters', 'variables', 'resources', 'outputs'],
  armResource: ['type', 'apiVersion', 'name', 'location', 'kind', 'identity', 'tags', 'properties', 'dependsOn'],
  armWorkflowProperties: ['state', 'definition', 'parameters', 'runtimeConfiguration'],
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

/**
 * `value` with the keys of every object of a known shape in their conventional order. Only those
 * objects are copied; a subtree of shape `any` (inputs, schemas, expressions: most of a workflow)
 * is shared as it is, and the native `JSON.stringify` writes it.
 */
function ordered(value: unknown, shape: Shape): unknown {
  if (shape === 'any' || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const element = childShape(shape, '');
    return element === 'any' ? value : value.map((item) => ordered(item, element));
  }
  const record = value as Record<string, unknown>;
  const preferred = KEY_ORDER[shape];
  const result: Record<string, unknown> = {};
  if (preferred) {
    for (const key of preferred) {
      if (record[key] !== undefined && Object.prototype.hasOwnProperty.call(record, key)) result[key] = ordered(record[key], childShape(shape, key));
    }
  }
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key) || (preferred && preferred.includes(key))) continue;
    const value = ordered(record[key], childShape(shape, key));
    // Defined, not assigned, so that a key such as `__proto__` stays an ordinary key.
    if (key === '__proto__') Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
    else result[key] = value;
  }
  return result;
}

/** Two-space-indented JSON with a final newline, keys in the conventional order for `shape`. */
export function serializeJson(value: unknown, shape: JsonShape = 'any'): string {
  // JSON.stringify writes NaN and Infinity as null and -0 as 0, as JSON requires.
  return `${JSON.stringify(ordered(value, shape), null, 2) ?? 'null'}\n`;
}

/** An output file of JSON: its text, and the value written (see `OutputFile.json`). */
export function jsonFile(path: string, value: unknown, shape: JsonShape = 'any'): { path: string; content: string; json: unknown } {
  return { path, content: serializeJson(value, shape), json: value };
}
