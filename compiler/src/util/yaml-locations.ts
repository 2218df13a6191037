/**
 * Where in a YAML document a JSON-Schema finding sits: the range of the node at an ajv
 * `instancePath`, or of the unknown key itself for an `additionalProperties` finding.
 */
import { isMap, isPair, isScalar, type Document, type Node as YamlNode } from 'yaml';
import type { TextRange } from '../syntax/source.js';

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
  const range = node && 'range' in node ? node.range : undefined;
  if (range) return { start: range[0], end: range[1] };
  return { start: 0, end: Math.min(textLength, 1) };
}
