/**
 * A definition Logic Apps itself refuses to save, for a reason the importer would otherwise carry
 * into the `.jig` it writes: a trigger or an action that is not a JSON object cannot be kept as a
 * raw action either (its JSON is what a raw action holds), so the workflow is not imported, and the
 * report says where.
 */
import { pointerOf } from '../util/json-pointer.js';
import { innerActionMaps } from '../engine/index.js';
import { isObject } from './wdl.js';

export interface MalformedPart {
  /** JSON Pointer of the part, relative to the definition. */
  readonly pointer: string;
  /** Completes "it is not imported: …". */
  readonly problem: string;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

/** The first trigger or action, at any depth, that is not an object; a map of them that is not one either. */
export function malformedPart(definition: Record<string, unknown>): MalformedPart | undefined {
  function entries(map: unknown, path: readonly string[], kind: 'trigger' | 'action'): MalformedPart | undefined {
    if (map === undefined) return undefined;
    if (!isObject(map)) return { pointer: pointerOf(path), problem: `its ${kind}s are ${describe(map)}, not an object of ${kind}s` };
    for (const [name, entry] of Object.entries(map)) {
      const at = [...path, name];
      if (!isObject(entry)) return { pointer: pointerOf(at), problem: `its ${kind} '${name}' is ${describe(entry)}, not an object` };
      if (kind === 'trigger') continue;
      for (const [path, inner] of innerActionMaps(entry)) {
        const found = entries(inner, [...at, ...path], 'action');
        if (found) return found;
      }
    }
    return undefined;
  }
  return entries(definition['triggers'], ['triggers'], 'trigger') ?? entries(definition['actions'], ['actions'], 'action');
}
