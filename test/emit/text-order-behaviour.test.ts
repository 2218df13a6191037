/**
 * Ordering two strings: Microsoft's reference says `less` and the others compare strings, with
 * lowercase words for examples; how the service orders other text (case, accents, punctuation,
 * culture) is not documented. Jig refuses `<` of two strings (JIG2021); the engine orders two
 * strings only where the plausible orders agree, and stops NotSupported where they do not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileText } from '../../compiler/src/compilation.js';
import { evaluateString } from '../../compiler/src/engine/index.js';
import { emitFixtureProject, policy } from './helpers.js';

const errorsOf = (condition: string) =>
  compileText(
    'order.jig',
    `type In {
  a: string @system.operational
  b: string @system.operational
  t: datetime @system.operational
  n: integer @system.operational
}

@purpose(automation, "Ordering")
@data(system.operational)
@retain(1 day)
flow order {
  trigger http post body In
  let kept = query cosmos("jigajob", "rows") where ${condition.replace(/trigger\.body\.a/g, 'item.a')} returns In[]
  respond 200 body { holds: ${condition}, kept: length(kept) }
}
`,
    { policy, project: emitFixtureProject },
  ).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);

describe('ordering two strings', () => {
  it('is JIG2021 in an expression and in a query, for each ordering operator', () => {
    for (const operator of ['<', '<=', '>', '>=']) {
      expect(errorsOf(`trigger.body.a ${operator} "m"`)).toEqual(['JIG2021', 'JIG2021']);
      expect(errorsOf(`trigger.body.a ${operator} trigger.body.b`)).toEqual(['JIG2021', 'JIG2021']);
    }
  });

  it('a datetime beside text, numbers, and == of text still compile', () => {
    expect(errorsOf('trigger.body.t < "2025-01-01T00:00:00Z"')).toEqual([]);
    expect(errorsOf('trigger.body.n < 3')).toEqual([]);
    expect(errorsOf('trigger.body.a == "m"')).toEqual([]);
    expect(errorsOf('length(trigger.body.a) < 3')).toEqual([]);
  });
});

describe('the engine orders two strings', () => {
  const less = (a: string, b: string) => evaluateString(`@less('${a.replace(/'/g, "''")}', '${b.replace(/'/g, "''")}')`);

  it("as Microsoft's examples do, and where case, accents or punctuation make the orders differ, stops NotSupported", () => {
    expect(less('apple', 'banana')).toMatchObject({ value: true });
    expect(less('2018-02-01', '2018-01-01')).toMatchObject({ value: false });
    for (const [a, b] of [['a', 'B'], ['B', 'a'], ['_x', 'ax'], ['é', 'f'], ['Zebra', 'apple']]) {
      expect(JSON.stringify(less(a!, b!)), `${a} ${b}`).toMatch(/NotSupported|not supported/);
    }
  });

  it('gives an order only where ordinal, case-blind and invariant-culture orders agree (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'B', 'z', 'Z', '0', '9', '_', '-', ' ', 'é', 'E'), maxLength: 4 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        const result = less(a, b);
        const ordinal = a < b ? -1 : a > b ? 1 : 0;
        const upper = a.toUpperCase() < b.toUpperCase() ? -1 : a.toUpperCase() > b.toUpperCase() ? 1 : 0;
        const culture = Math.sign(new Intl.Collator('en', { sensitivity: 'variant' }).compare(a, b));
        if (ordinal === upper && ordinal === culture) expect(result).toMatchObject({ value: ordinal < 0 });
        else expect('value' in result).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
