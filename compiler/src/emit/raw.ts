/**
 * The escape hatch (`raw action`, `trigger raw`): the JSON its text stands for, and the
 * parameters its expressions read, which the definition must declare.
 */
import type { JsonValue } from '../syntax/tree.js';
import type { Json } from './builders.js';

/** The JSON a raw action's text stands for. */
export function jsonOf(node: JsonValue): Json {
  switch (node.kind) {
    case 'JsonObject':
      return Object.fromEntries(node.members.map((member) => [member.key.value ?? '', jsonOf(member.value)]));
    case 'JsonArray':
      return node.elements.map(jsonOf);
    case 'String':
      return node.value ?? '';
    case 'JsonNumber':
    case 'JsonLiteral':
      return node.value;
  }
}

/** The names in `parameters('NAME')` anywhere in a raw action's strings. */
export function parametersRead(value: Json): Set<string> {
  const names = new Set<string>();
  const visit = (inner: Json): void => {
    if (typeof inner === 'string') {
      // A word of its own: agentParameters('NAME') reads no parameter.
      for (const match of inner.matchAll(/\bparameters\(\s*'((?:[^']|'')*)'\s*\)/gi)) names.add(match[1]!.replace(/''/g, "'"));
    } else if (Array.isArray(inner)) inner.forEach(visit);
    else if (inner !== null && typeof inner === 'object') Object.values(inner).forEach(visit);
  };
  visit(value);
  return names;
}
