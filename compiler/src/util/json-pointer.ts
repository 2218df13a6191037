/** RFC 6901 JSON Pointers: how diagnostics and emitted workflows name a place in a definition. */

/** One reference token: `~` and `/` escaped. */
export function escapePointerSegment(segment: string | number): string {
  const text = String(segment);
  return text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text;
}

export function pointerOf(path: readonly (string | number)[]): string {
  return path.map((part) => '/' + escapePointerSegment(part)).join('');
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at `pointer` inside `root`, or undefined when the path does not exist. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  let current: unknown = root;
  for (const segment of pointerSegments(pointer)) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
