/**
 * Property: `query cosmos(…) where COND` keeps the documents that COND holds for, as the same COND
 * does over a list (`docs where COND`, a Query action that WDL evaluates). Cosmos DB SQL is not
 * WDL: a missing property is undefined, a comparison of values of two types (null and a string) is
 * undefined and NOT of undefined is undefined, so a row is dropped where Jig's condition holds;
 * `+` does not join strings, `/` divides integers as doubles, STARTSWITH and INDEX_OF heed case
 * (WDL's startsWith and indexOf do not), CONTAINS and LENGTH are of strings only. Random conditions
 * over documents whose optional fields are null, left out or set run both ways in the engine,
 * whose simulated container follows Cosmos DB's documented rules (test/engine checks those), and
 * the two must keep the same documents.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { World } from '../../compiler/src/engine/index.js';
import { expectAllEmittedValid } from './helpers.js';
import { compileJig } from './run-helpers.js';

const FILE = (condition: string) => `type Doc {
  id:     string   @business.other
  region: string   @business.other
  note:   string?  @business.other
  label?: string   @business.other
  n:      integer  @business.other
  x:      number   @business.other
  flag:   boolean  @business.other
  tags:   string[] @business.other
}
type Batch {
  docs: Doc[]
  want: string?  @business.other
  k:    integer? @business.other
}

@purpose(automation, "A query keeps what its condition says")
@data(business.other)
@retain(1 day)
flow where_behaviour {
  trigger http post body Batch
  let stored = query cosmos("jigajob", "docs") where ${condition} returns Doc[]
  let listed = trigger.body.docs where ${condition}
  respond 200 body { stored: stored, listed: listed }
}
`;

const WORDS = ['eu', 'EU', 'Eu', 'us', 'e', ''];
const word = fc.constantFrom(...WORDS);
const quoted = (text: string) => JSON.stringify(text);

/** A condition over `item`, printed fully parenthesized where it combines others. */
function condition(depth: number): fc.Arbitrary<string> {
  const optional = fc.constantFrom('item.note', 'item.label');
  const atom = fc.oneof(
    fc.tuple(optional, fc.constantFrom('==', '!=')).map(([field, op]) => `${field} ${op} null`),
    fc.tuple(optional, fc.constantFrom('==', '!='), word).map(([field, op, w]) => `${field} ${op} ${quoted(w)}`),
    fc.tuple(fc.constantFrom('==', '!='), word).map(([op, w]) => `${quoted(w)} ${op} item.note`),
    fc.tuple(fc.constantFrom('==', '!='), word).map(([op, w]) => `item.region ${op} ${quoted(w)}`),
    fc.constantFrom('item.note == item.label', 'item.note != item.label', 'item.label == item.region'),
    // Values from outside the document, spliced into the query text, null included.
    fc.tuple(fc.constantFrom('item.note', 'item.region'), fc.constantFrom('==', '!=')).map(([field, op]) => `${field} ${op} trigger.body.want`),
    fc.constantFrom('==', '!=').map((op) => `item.n ${op} trigger.body.k`),
    fc.tuple(fc.constantFrom('<', '<=', '>', '>='), fc.integer({ min: -3, max: 3 })).map(([op, k]) => `item.n ${op} ${k}`),
    fc.tuple(fc.constantFrom('<', '>='), fc.constantFrom('0.5', '1.0', '-1.5')).map(([op, q]) => `item.x ${op} ${q}`),
    fc.constantFrom('item.flag', 'item.flag == false'),
    fc.tuple(fc.constantFrom('startsWith', 'endsWith', 'contains'), word).map(([f, w]) => `${f}(item.region, ${quoted(w)})`),
    fc.tuple(word, fc.integer({ min: -1, max: 1 })).map(([w, k]) => `indexOf(item.region, ${quoted(w)}) == ${k}`),
    fc.tuple(word, word).map(([a, b]) => `item.region + ${quoted(a)} == ${quoted(b)}`),
    fc.tuple(fc.constantFrom('/', '%'), fc.constantFrom(2, 3, -2), fc.integer({ min: -2, max: 2 })).map(([op, d, k]) => `item.n ${op} ${d} == ${k}`),
    word.map((w) => `contains(item.tags, ${quoted(w)})`),
    fc.tuple(fc.constantFrom('item.tags', 'item.region'), fc.integer({ min: 0, max: 2 })).map(([list, k]) => `length(${list}) == ${k}`),
    word.map((w) => `toLower(item.region) == ${quoted(w)}`),
  );
  if (depth <= 0) return atom;
  const sub = condition(depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: atom },
    sub.map((c) => `not (${c})`),
    fc.tuple(fc.constantFrom('and', 'or'), sub, sub).map(([op, a, b]) => `(${a}) ${op} (${b})`),
  );
}

const document = fc.record(
  {
    region: word,
    note: fc.oneof(fc.constant(null), word),
    label: word,
    n: fc.integer({ min: -4, max: 4 }),
    x: fc.constantFrom(-2, -1.5, 0, 0.5, 1, 2.5),
    flag: fc.boolean(),
    tags: fc.array(word, { maxLength: 2 }),
  },
  // `note` (T?) and `label` (label?: T) may be left out of the document.
  { requiredKeys: ['region', 'n', 'x', 'flag', 'tags'] },
);

afterAll(() => expectAllEmittedValid());

describe('query cosmos … where', () => {
  it('keeps the documents its condition holds for, as the same condition over a list does', () => {
    fc.assert(
      fc.property(condition(2), fc.array(document, { minLength: 1, maxLength: 6 }), fc.option(word), fc.option(fc.integer({ min: -2, max: 2 })), (where, generated, want, k) => {
        const docs = generated.map((doc, index) => ({ id: `D-${index}`, ...doc }));
        const record = compileJig(FILE(where))({ trigger: { body: { docs, want, k } }, world: new World({ 'jigajob/docs': docs }) });
        expect(record.status, `${where}: ${JSON.stringify(record.error)}`).toBe('Succeeded');
        const ids = (list: unknown) => (list as { id: string }[]).map((doc) => doc.id).sort();
        const body = record.response?.body as { stored: unknown; listed: unknown };
        expect(ids(body.stored), `${where} over ${JSON.stringify(docs)}`).toEqual(ids(body.listed));
      }),
      { numRuns: 150 },
    );
  });
});
