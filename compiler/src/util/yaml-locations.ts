/**
 * A JSON-Schema finding about a YAML file (jig.yaml, a `.jig-test.yaml`) as a person reads it:
 * where it sits (the node at an ajv `instancePath`, or the unknown key itself for an
 * `additionalProperties` finding) and what it says, in the file's own terms.
 */
import type { ErrorObject } from 'ajv';
import { isMap, isPair, isScalar, type Document, type Node as YamlNode } from 'yaml';
import type { TextRange } from '../syntax/source.js';

export function rangeOfSchemaError(document: Document, error: ErrorObject, textLength: number): TextRange {
  return rangeOfInstancePath(document, error.instancePath, textLength, error.keyword === 'additionalProperties' ? error.params.additionalProperty : undefined);
}

/**
 * `unknown key 'x' in 'a.b'.`, `'a.b' must be a list.`…; `special` words a finding the file's
 * schema makes in its own terms (what an `anyOf` of that file accepts), or returns undefined.
 */
export function describeSchemaError(error: ErrorObject, special?: (error: ErrorObject, where: string) => string | undefined): string {
  const where = error.instancePath === '' ? 'the file' : `'${error.instancePath.slice(1).replace(/\//g, '.')}'`;
  const own = special?.(error, where);
  if (own !== undefined) return own;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key '${String(error.params.additionalProperty)}' in ${where}.`;
    case 'enum':
      return `${where} must be one of ${(error.params.allowedValues as unknown[]).map((v) => `'${String(v)}'`).join(', ')}.`;
    case 'required':
      return `${where} needs the key '${String(error.params.missingProperty)}'.`;
    case 'type':
      return `${where} must be ${error.params.type === 'object' ? 'a mapping' : error.params.type === 'array' ? 'a list' : `a ${String(error.params.type)}`}.`;
    case 'minLength':
      return `${where} must not be empty.`;
    default:
      return `${where} ${error.message ?? 'is invalid'}.`;
  }
}

export function rangeOfInstancePath(document: Document, instancePath: string, textLength: number, unknownKey?: unknown): TextRange {
  const path = instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const node = path.length === 0 ? document.contents : (document.getIn(path, true) as YamlNode | undefined);
  if (unknownKey !== undefined && isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === unknownKey);
    const key = pair && isScalar(pair.key) ? pair.key : undefined;
    if (key?.range) return { start: key.range[0], end: key.range[1] };
  }
  return rangeOfYamlNode(node, textLength);
}

export function rangeOfYamlNode(node: YamlNode | null | undefined, textLength: number): TextRange {
  return nodeRange(node) ?? { start: 0, end: Math.min(textLength, 1) };
}

/** Where a YAML node (or key, or alias) is written, when the parser recorded it. */
export function nodeRange(node: unknown): TextRange | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}
