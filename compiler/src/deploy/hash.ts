/**
 * Order-independent hashes of JSON values. The service may hand a definition back with its keys in
 * another order than Jig wrote them, so a hash over the text as written would report drift that is
 * not there; keys are sorted at every level before hashing (and before diffing, see diff.ts).
 */
import { sha256Hex } from '../util/sha256.js';

/** A copy of a JSON value with the keys of every object in sorted order. */
export function withSortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withSortedKeys);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .filter((key) => record[key] !== undefined)
        .map((key) => [key, withSortedKeys(record[key])]),
    );
  }
  return value;
}

/** `sha256:<hex>` of the compact JSON of `value` with sorted keys: the form of every `jig-*-hash` tag. */
export function jsonHash(value: unknown): string {
  return `sha256:${sha256Hex(JSON.stringify(withSortedKeys(value)) ?? 'null')}`;
}
