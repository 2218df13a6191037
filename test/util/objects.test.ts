/**
 * util/objects.ts: `extend` and `copyOf` are the spread they replace (same own properties, order,
 * values and prototype), and their copies share hidden classes where a spread followed by a new
 * property gives each object its own (Node 20's V8; util/objects.ts says why that matters). The
 * sinks the analysis makes for every step are checked the same way over every policy fixture: a sink
 * made again as `{ ...sink(…), extra }` fails here.
 */
import { describe, expect, it, test } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { compileText } from '../../compiler/src/compilation.js';
import { copyOf, extend } from '../../compiler/src/util/objects.js';
import { fixtureProject, fixtures, policyFor } from '../policy/helpers.js';

// V8's own test of whether two objects have one hidden class; the flag only lets functions compiled
// after it use the syntax. Each object is first moved off a class V8 has deprecated (a field
// generalised after the object was made: it moves on its next write anyway): one CI run of the
// whole suite, under load, found classes split that way in this file's checks, which a run alone
// never showed; a copy made by a spread has a class of its own, not a deprecated one, and still fails.
setFlagsFromString('--allow-natives-syntax');
const sameHiddenClass = new Function('a', 'b', '%TryMigrateInstance(a); %TryMigrateInstance(b); return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** Own keys (strings, then symbols, as V8 orders them), values and prototype: all a spread decides. */
const described = (value: object) => ({
  keys: Reflect.ownKeys(value),
  values: Reflect.ownKeys(value).map((key) => (value as Record<PropertyKey, unknown>)[key]),
  prototype: Object.getPrototypeOf(value),
});

// Keys such as JSON text may hold: integer-like ones (V8 puts them first), `__proto__` (JSON.parse
// makes it an own property), names a second object repeats.
const key = fc.oneof(fc.constantFrom('__proto__', 'a', 'b', 'type', 'inputs', '0', '10', '2', 'runAfter'), fc.string({ maxLength: 4 }));
const record = fc.dictionary(key, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 6 }).map((value) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>);

describe('extend and copyOf', () => {
  it('give what the spread gives', () => {
    fc.assert(
      fc.property(record, record, (base, extra) => {
        expect(described(extend(base, extra))).toEqual(described({ ...base, ...extra }));
        expect(described(copyOf(base))).toEqual(described({ ...base }));
      }),
      { numRuns: 500 },
    );
  });

  it('copy an own __proto__ as a property, not as the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
    const copy = extend(parsed, { b: 2 }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a', 'b']);
    expect(Object.keys(copyOf(parsed))).toEqual(['__proto__', 'a']);
  });

  it('make copies that share a hidden class', () => {
    const made = (index: number) => ({ kind: 'store', step: index, categories: new Map() });
    const copies = Array.from({ length: 20 }, (_, index) => extend(made(index), { retention: index }));
    for (const copy of copies) expect(sameHiddenClass(copy, copies[0]!)).toBe(true);
    const documents = Array.from({ length: 20 }, (_, index) => Object.assign(copyOf(made(index)), { ttl: index }));
    for (const document of documents) expect(sameHiddenClass(document, documents[0]!)).toBe(true);
  });
});

const project = fixtureProject();
const samples = ['violations', 'clean'].flatMap((folder) =>
  readdirSync(join(fixtures, folder))
    .filter((name) => name.endsWith('.jig'))
    .map((name) => join(folder, name)),
);

test('sinks of one kind and layout share a hidden class, over every policy fixture', () => {
  const firstOfLayout = new Map<string, object>();
  const differing = new Set<string>();
  for (const name of samples) {
    const path = join(fixtures, name);
    const text = readFileSync(path, 'utf8');
    const policy = policyFor(text);
    const result = compileText(path, text, { policy, project }).policyResult;
    for (const sink of result.flows.flatMap((data) => [...data.sinks, ...data.reads])) {
      // By kind too: a respond sink (the literal alone) and a store sink without retention (a copy)
      // have the same keys but were built differently, which is one more class, not one per sink.
      const layout = `${sink.kind}: ${Object.keys(sink).join(',')}`;
      const first = firstOfLayout.get(layout);
      if (!first) firstOfLayout.set(layout, sink);
      else if (!sameHiddenClass(first, sink)) differing.add(layout);
    }
  }
  expect(firstOfLayout.size).toBeGreaterThan(5);
  expect([...differing]).toEqual([]);
});
