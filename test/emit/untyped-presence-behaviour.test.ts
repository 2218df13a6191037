/**
 * `x == null` of an untyped value says whether it is null, whatever else it is. The emitted test
 * asks whether the JSON text of `[x]` holds a quote (text) or, without its spacing, is not `[null]`;
 * it asked whether that text held `null` anywhere, so a list holding a null (`[1, null]`, `[null]`,
 * `[[null]]`) read as null: `v == null` was true, `v != null` false and `v == ""` took the list for
 * an empty text's absent twin. Differential property: random JSON values, read untyped with
 * json(), compared with null and with "" in Jig and in the engine's run of the emitted workflow.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { expectAllEmittedValid } from './helpers.js';
import { compileJig } from './run-helpers.js';

afterAll(() => expectAllEmittedValid());

const run = compileJig(`type Text {
  text: string @system.operational
}

@purpose(automation, "Tell what an untyped value is")
@data(system.operational)
@retain(1 day)
flow untyped_presence {
  trigger http post body Text
  let value = json(trigger.body.text)
  respond 200 body { isNull: value == null, notNull: value != null, isEmpty: value == "", nullFirst: null == value }
}
`);

/** Jig's meaning: null equals only null, "" only "". */
const meaning = (value: unknown) => ({ isNull: value === null, notNull: value !== null, isEmpty: value === '', nullFirst: value === null });

const answer = (value: unknown) => run({ trigger: { body: { text: JSON.stringify(value) } } });

describe('an untyped value compared with null', () => {
  it('a list holding a null is no null', () => {
    for (const value of [[null], [1, null], [null, true], [[null]], [], {}, { a: null }, 0, false, '', 'null', null]) {
      const record = answer(value);
      expect(record.status).toBe('Succeeded');
      expect([value, record.response?.body]).toEqual([value, meaning(value)]);
    }
  });

  it('differential: random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 2 }), (value) => {
        const record = answer(value);
        expect(record.status).toBe('Succeeded');
        expect(record.response?.body).toEqual(meaning(value));
      }),
      { numRuns: 200 },
    );
  });
});
