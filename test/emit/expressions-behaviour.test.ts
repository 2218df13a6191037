/**
 * Property: a Jig expression computes, in the workflow Jig emits, what Jig's expression semantics
 * say it computes. Random well-typed expressions over integers, numbers, strings and booleans
 * (printed with no more parentheses than the precedence table needs) go into a flow's response;
 * the flow is compiled, its JSON runs in the engine on random inputs, and the answer is compared
 * with a small reference evaluator written from the README's language reference, independent of
 * both the emitter and the engine: integers divide by truncation, a `number` division divides as
 * floats (whatever the JSON value looks like), `+` joins strings, `and`/`or`/`if` compute both
 * sides (WDL's functions do), a division by zero or a substring out of range fails the run.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { expectAllEmittedValid } from './helpers.js';
import { compileJig } from './run-helpers.js';

type JigType = 'integer' | 'number' | 'string' | 'boolean';

/** An expression tree: how it prints in Jig, its precedence, its type, and how the reference computes it. */
interface Expr {
  readonly text: string;
  readonly precedence: number;
  readonly type: JigType;
  readonly evaluate: (input: Input) => Value;
}

type Value = bigint | number | string | boolean | null;
interface Input {
  readonly i: bigint;
  readonly j: bigint;
  readonly x: number;
  readonly y: number;
  readonly s: string;
  readonly t: string;
  readonly b: boolean;
  /** An optional string: null, or left out of the body. */
  readonly o: string | null | undefined;
  /** A UTC timestamp in 2025 (ISO 8601, `Z`), so that time zones cross their summer-time changes. */
  readonly d: string;
  /** An optional timestamp: null, left out, or near `d` (often the same instant) written at another UTC offset. */
  readonly e: string | null | undefined;
}

class Failure extends Error {}

// Precedence, loosest to tightest, as the README's operator table lists it.
const CONDITIONAL = 0;
const OR = 1;
const AND = 2;
const NOT = 3;
const COMPARISON = 4;
const ADDITIVE = 5;
const MULTIPLICATIVE = 6;
const UNARY = 7;
const ATOM = 8;

/** An operand printed at least as tight as `minimum` (a conditional is always parenthesized as an operand). */
function operand(e: Expr, minimum: number): string {
  return e.precedence < minimum || e.precedence === CONDITIONAL ? `(${e.text})` : e.text;
}

const asNumber = (v: Value): number => (typeof v === 'bigint' ? Number(v) : (v as number));

/** A value as `${…}` writes it: WDL's string() (True/False, a double's shortest digits). */
function textOf(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (v !== 0 && (Math.abs(v) >= 1e15 || Math.abs(v) < 1e-4)) throw new Unrepresentable();
    return String(v);
  }
  return v;
}

/** A value whose text .NET and JavaScript write differently (an exponent): the run is not compared. */
class Unrepresentable extends Error {}

/** Case changed character by character (WDL: "a character without an uppercase version stays unchanged"): ß stays ß. */
function changeCase(text: string, change: (ch: string) => string): string {
  return [...text].map((ch) => (change(ch).length === ch.length ? change(ch) : ch)).join('');
}
const upper = (text: string) => changeCase(text, (ch) => ch.toUpperCase());
const lower = (text: string) => changeCase(text, (ch) => ch.toLowerCase());

/** An array with each element once, in the order first seen (WDL's union). */
const unionOf = (...lists: string[][]): string[] => [...new Set(lists.flat())];

/** A wall-clock time in an IANA zone, as `yyyy-MM-dd HH:mm`. */
function wallClock(ms: number, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

function jigString(text: string): string {
  return `"${text.replace(/[\\"$\n\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', $: '\\$', '\n': '\\n', '\t': '\\t' })[c]!)}"`;
}

const ALPHABET = ['a', 'b', 'A', 'B', ' ', '@', '{', '}', '$', "'", '"', '\\', 'é', '\n', '@{', '${', "''", '@@', 'ß', 'Σ', 'İ', 'ﬁ'];
const text = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 5 }).map((parts) => parts.join(''));
const quarter = fc.integer({ min: -400, max: 400 }).map((n) => n / 4);
const smallInteger = fc.integer({ min: -50, max: 50 });

function leaf(type: JigType): fc.Arbitrary<Expr> {
  const field = (name: Exclude<keyof Input, 'o' | 'e'>, t: JigType): Expr => ({ text: `trigger.body.${name}`, precedence: ATOM, type: t, evaluate: (input) => input[name] });
  switch (type) {
    case 'integer':
      return fc.oneof(
        fc.nat({ max: 50 }).map((n): Expr => ({ text: String(n), precedence: ATOM, type, evaluate: () => BigInt(n) })),
        fc.constantFrom(field('i', type), field('j', type)),
      );
    case 'number':
      return fc.oneof(
        fc.nat({ max: 200 }).map((n): Expr => {
          const literal = (n / 4).toFixed(2);
          return { text: literal, precedence: ATOM, type, evaluate: () => n / 4 };
        }),
        fc.constantFrom(field('x', type), field('y', type)),
      );
    case 'string':
      return fc.oneof(
        text.map((value): Expr => ({ text: jigString(value), precedence: ATOM, type, evaluate: () => value })),
        fc.constantFrom(field('s', type), field('t', type)),
      );
    case 'boolean':
      return fc.oneof(
        fc.boolean().map((value): Expr => ({ text: String(value), precedence: ATOM, type, evaluate: () => value })),
        fc.constant(field('b', type)),
      );
  }
}

function integerDivision(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Failure('division by zero');
  return a / b;
}

function arithmetic(op: '+' | '-' | '*' | '/' | '%', l: Expr, r: Expr): Expr {
  const type: JigType = l.type === 'integer' && r.type === 'integer' ? 'integer' : 'number';
  const precedence = op === '+' || op === '-' ? ADDITIVE : MULTIPLICATIVE;
  return {
    text: `${operand(l, precedence)} ${op} ${operand(r, precedence + 1)}`,
    precedence,
    type,
    evaluate: (input) => {
      const a = l.evaluate(input);
      const b = r.evaluate(input);
      if (type === 'integer') {
        const [x, y] = [a as bigint, b as bigint];
        switch (op) {
          case '+': return x + y;
          case '-': return x - y;
          case '*': return x * y;
          case '/': return integerDivision(x, y);
          case '%': if (y === 0n) throw new Failure('division by zero'); return x % y;
        }
      }
      const [x, y] = [asNumber(a), asNumber(b)];
      switch (op) {
        case '+': return x + y;
        case '-': return x - y;
        case '*': return x * y;
        case '/': if (y === 0) throw new Failure('division by zero'); return x / y;
        case '%': if (y === 0) throw new Failure('division by zero'); return x % y;
      }
    },
  };
}

function expression(type: JigType, depth: number): fc.Arbitrary<Expr> {
  if (depth <= 0) return leaf(type);
  const sub = (t: JigType) => expression(t, depth - 1);
  const numeric = fc.constantFrom<JigType>('integer', 'number');
  const conditional = fc.tuple(sub('boolean'), sub(type), sub(type)).map(([c, a, b]): Expr => ({
    text: `if ${operand(c, OR)} then ${operand(a, OR)} else ${operand(b, OR)}`,
    precedence: CONDITIONAL,
    type,
    // WDL's if() computes both branches: an error in either fails.
    evaluate: (input) => {
      const [cv, av, bv] = [c.evaluate(input), a.evaluate(input), b.evaluate(input)];
      return cv ? av : bv;
    },
  }));
  switch (type) {
    case 'integer':
      return fc.oneof(
        { weight: 2, arbitrary: leaf(type) },
        fc.tuple(fc.constantFrom('+', '-', '*', '/', '%' as const), sub('integer'), sub('integer')).map(([op, l, r]) => arithmetic(op, l, r)),
        sub('integer').map((e): Expr => {
          const inner = operand(e, UNARY);
          return { text: inner.startsWith('-') ? `-(${e.text})` : `-${inner}`, precedence: UNARY, type, evaluate: (input) => -(e.evaluate(input) as bigint) };
        }),
        sub('string').map((e): Expr => ({ text: `length(${e.text})`, precedence: ATOM, type, evaluate: (input) => BigInt((e.evaluate(input) as string).length) })),
        sub('integer').map((e): Expr => ({
          text: `dayOfWeek(addDays(trigger.body.d, ${e.text}))`,
          precedence: ATOM,
          type,
          evaluate: (input) => BigInt(new Date(Date.parse(input.d) + Number(e.evaluate(input) as bigint) * 86_400_000).getUTCDay()),
        })),
        sub('integer').map((e): Expr => ({ text: `rand(${e.text}, ${operand(e, ADDITIVE)} + 1)`, precedence: ATOM, type, evaluate: (input) => e.evaluate(input) })),
        fc.tuple(sub('string'), leaf('string')).map(([s, t]): Expr => ({
          text: `indexOf(${s.text}, ${t.text})`,
          precedence: ATOM,
          type,
          // Not case-sensitive, as the functions reference says.
          evaluate: (input) => BigInt(lower(s.evaluate(input) as string).indexOf(lower(t.evaluate(input) as string))),
        })),
        conditional,
      );
    case 'number':
      return fc.oneof(
        { weight: 2, arbitrary: leaf(type) },
        fc.tuple(fc.constantFrom('+', '-', '*', '/', '%' as const), numeric, numeric, fc.boolean()).chain(([op, a, b, leftIsNumber]) =>
          fc.tuple(sub(leftIsNumber ? 'number' : a), sub(leftIsNumber ? b : 'number')).map(([l, r]) => arithmetic(op, l, r)),
        ),
        conditional,
      );
    case 'string':
      return fc.oneof(
        { weight: 2, arbitrary: leaf(type) },
        fc.tuple(sub('string'), sub('string')).map(([l, r]): Expr => ({
          text: `${operand(l, ADDITIVE)} + ${operand(r, ADDITIVE + 1)}`,
          precedence: ADDITIVE,
          type,
          evaluate: (input) => (l.evaluate(input) as string) + (r.evaluate(input) as string),
        })),
        fc.tuple(text, fc.constantFrom<JigType>('integer', 'number', 'string', 'boolean'), text).chain(([before, t, after]) =>
          sub(t).map((e): Expr => ({
            text: `${jigString(before).slice(0, -1)}\${${e.text}}${jigString(after).slice(1)}`,
            precedence: ATOM,
            type,
            evaluate: (input) => before + textOf(e.evaluate(input)) + after,
          })),
        ),
        sub('string').map((e): Expr => ({
          text: `coalesce(trigger.body.o, ${e.text})`,
          precedence: ATOM,
          type,
          evaluate: (input) => {
            const fallback = e.evaluate(input);
            return input.o ?? fallback;
          },
        })),
        fc.tuple(text, text).map(([before, after]): Expr => ({
          text: `${jigString(before).slice(0, -1)}\${trigger.body.o}${jigString(after).slice(1)}`,
          precedence: ATOM,
          type,
          evaluate: (input) => before + (input.o ?? '') + after,
        })),
        fc.tuple(fc.constantFrom('toUpper', 'toLower', 'trim'), sub('string')).map(([f, e]): Expr => ({
          text: `${f}(${e.text})`,
          precedence: ATOM,
          type,
          evaluate: (input) => {
            const v = e.evaluate(input) as string;
            return f === 'toUpper' ? upper(v) : f === 'toLower' ? lower(v) : v.trim();
          },
        })),
        fc.tuple(sub('string'), text.filter((t) => t.length > 0), sub('string')).map(([s, old, replacement]): Expr => ({
          text: `replace(${s.text}, ${jigString(old)}, ${replacement.text})`,
          precedence: ATOM,
          type,
          evaluate: (input) => (s.evaluate(input) as string).split(old).join(replacement.evaluate(input) as string),
        })),
        // The object functions, over a record literal: what they set, add or leave is read back.
        fc.tuple(fc.constantFrom('setProperty', 'addProperty', 'removeProperty'), sub('string'), sub('string')).map(([f, a, b]): Expr => ({
          text:
            // What they answer is of no known type: string() makes it text, which `+` needs on one side (JIG2021).
            f === 'setProperty'
              ? `string(setProperty({ k: ${a.text} }, "k", ${b.text}).k)`
              : f === 'addProperty'
                ? `string(addProperty({ k: ${a.text} }, "j", ${b.text}).j)`
                : `coalesce(removeProperty({ k: ${a.text}, j: ${b.text} }, "k").k, "gone")`,
          precedence: ATOM,
          type,
          // Both values are computed (the record literal is), whichever the function keeps.
          evaluate: (input) => {
            const [, kept] = [a.evaluate(input), b.evaluate(input)];
            return f === 'removeProperty' ? 'gone' : kept;
          },
        })),
        fc.tuple(fc.constantFrom('union', 'take', 'skip', 'first', 'last'), sub('string'), sub('string'), fc.nat({ max: 3 })).map(([f, a, b, n]): Expr => ({
          text:
            f === 'union'
              ? `join(union(split(${a.text}, "a"), split(${b.text}, "a")), ";")`
              : f === 'first' || f === 'last'
                ? `coalesce(${f}(split(${a.text}, "a")), "none")`
                : `join(${f}(split(${a.text}, "a"), ${n}), "+")`,
          precedence: ATOM,
          type,
          evaluate: (input) => {
            const parts = (a.evaluate(input) as string).split('a');
            if (f === 'union') return unionOf(parts, (b.evaluate(input) as string).split('a')).join(';');
            // A split list is never empty: first and last are never null here.
            if (f === 'first') return parts[0]!;
            if (f === 'last') return parts[parts.length - 1]!;
            return (f === 'take' ? parts.slice(0, n) : parts.slice(n)).join('+');
          },
        })),
        fc.tuple(sub('integer'), fc.constantFrom(['W. Europe Standard Time', 'Europe/Berlin'], ['Eastern Standard Time', 'America/New_York'])).map(([hours, [zone, iana]]): Expr => ({
          text: `formatDateTime(convertFromUtc(addHours(trigger.body.d, ${hours.text}), ${jigString(zone)}), "yyyy-MM-dd HH:mm")`,
          precedence: ATOM,
          type,
          evaluate: (input) => wallClock(Date.parse(input.d) + Number(hours.evaluate(input) as bigint) * 3_600_000, iana),
        })),
        fc.tuple(sub('string'), fc.nat({ max: 4 }), fc.nat({ max: 4 })).map(([s, start, length]): Expr => ({
          text: `substring(${s.text}, ${start}, ${length})`,
          precedence: ATOM,
          type,
          evaluate: (input) => {
            const v = s.evaluate(input) as string;
            if (start + length > v.length) throw new Failure('substring out of range');
            return v.substring(start, start + length);
          },
        })),
        conditional,
      );
    case 'boolean': {
      const comparison = fc.tuple(fc.constantFrom('==', '!=', '<', '<=', '>', '>='), numeric, numeric).chain(([op, a, b]) =>
        fc.tuple(sub(a), sub(b)).map(([l, r]): Expr => ({
          text: `${operand(l, ADDITIVE)} ${op} ${operand(r, ADDITIVE)}`,
          precedence: COMPARISON,
          type: 'boolean',
          evaluate: (input) => {
            const [x, y] = [asNumber(l.evaluate(input)), asNumber(r.evaluate(input))];
            return { '==': x === y, '!=': x !== y, '<': x < y, '<=': x <= y, '>': x > y, '>=': x >= y }[op]!;
          },
        })),
      );
      const equality = fc.tuple(fc.constantFrom('==', '!='), fc.constantFrom<JigType>('string', 'boolean')).chain(([op, t]) =>
        fc.tuple(sub(t), sub(t)).map(([l, r]): Expr => ({
          text: `${operand(l, ADDITIVE)} ${op} ${operand(r, ADDITIVE)}`,
          precedence: COMPARISON,
          type: 'boolean',
          evaluate: (input) => (l.evaluate(input) === r.evaluate(input)) === (op === '=='),
        })),
      );
      const logical = fc.tuple(fc.constantFrom('and', 'or'), sub('boolean'), sub('boolean')).map(([op, l, r]): Expr => {
        const precedence = op === 'and' ? AND : OR;
        return {
          text: `${operand(l, precedence)} ${op} ${operand(r, precedence + 1)}`,
          precedence,
          type: 'boolean',
          // WDL's and() and or() are functions: both sides are computed.
          evaluate: (input) => {
            const [a, b] = [l.evaluate(input), r.evaluate(input)];
            return op === 'and' ? a === true && b === true : a === true || b === true;
          },
        };
      });
      const not = sub('boolean').map((e): Expr => ({ text: `not ${operand(e, NOT)}`, precedence: NOT, type: 'boolean', evaluate: (input) => !e.evaluate(input) }));
      const stringTest = fc.tuple(fc.constantFrom('contains', 'startsWith', 'endsWith'), sub('string'), leaf('string')).map(([f, s, t]): Expr => ({
        text: `${f}(${s.text}, ${t.text})`,
        precedence: ATOM,
        type: 'boolean',
        evaluate: (input) => {
          const [v, w] = [s.evaluate(input) as string, t.evaluate(input) as string];
          // contains is case-sensitive; startsWith and endsWith are not (the README's table).
          if (f === 'contains') return v.includes(w);
          return f === 'startsWith' ? lower(v).startsWith(lower(w)) : lower(v).endsWith(lower(w));
        },
      }));
      const isNull = fc.constantFrom('==', '!=').map((op): Expr => ({
        text: `trigger.body.o ${op} null`,
        precedence: COMPARISON,
        type: 'boolean',
        evaluate: (input) => (input.o == null) === (op === '=='),
      }));
      const element = fc.tuple(sub('string'), leaf('string')).map(([s, t]): Expr => ({
        text: `contains(split(${s.text}, "a"), ${t.text})`,
        precedence: ATOM,
        type: 'boolean',
        // An element of an array: equal, case and all.
        evaluate: (input) => (s.evaluate(input) as string).split('a').includes(t.evaluate(input) as string),
      }));
      // Datetimes, optional or not, are equal when they are the same instant (or both null), whatever their text.
      const instants = fc.tuple(fc.constantFrom('==', '!='), datetimeExpression, datetimeExpression).map(([op, l, r]): Expr => ({
        text: `${l.text} ${op} ${r.text}`,
        precedence: COMPARISON,
        type: 'boolean',
        evaluate: (input) => {
          const [a, b] = [l.evaluate(input), r.evaluate(input)];
          const same = a === null || b === null ? a === b : Date.parse(a as string) === Date.parse(b as string);
          return same === (op === '==');
        },
      }));
      return fc.oneof({ weight: 2, arbitrary: leaf(type) }, comparison, equality, logical, not, stringTest, isNull, element, instants, conditional);
    }
  }
}

/** A datetime expression (its value an ISO 8601 text, or null for an optional one), printed as an atom. */
const datetimeExpression: fc.Arbitrary<Expr> = fc.oneof(
  fc.constant<Expr>({ text: 'trigger.body.d', precedence: ATOM, type: 'string', evaluate: (input) => input.d }),
  fc.constant<Expr>({ text: 'trigger.body.e', precedence: ATOM, type: 'string', evaluate: (input) => input.e ?? null }),
  fc.constant<Expr>({ text: 'coalesce(trigger.body.e, trigger.body.d)', precedence: ATOM, type: 'string', evaluate: (input) => input.e ?? input.d }),
  fc.integer({ min: -2, max: 2 }).map((hours): Expr => ({
    text: `addHours(trigger.body.d, ${hours})`,
    precedence: ATOM,
    type: 'string',
    evaluate: (input) => new Date(Date.parse(input.d) + hours * 3_600_000).toISOString(),
  })),
);

/** An instant written at a UTC offset of some hours (`2025-01-01T09:00:00+01:00`). */
function atOffset(ms: number, hours: number): string {
  const local = new Date(ms + hours * 3_600_000).toISOString().replace('.000Z', '');
  return hours === 0 ? `${local}Z` : `${local}${hours > 0 ? '+' : '-'}${String(Math.abs(hours)).padStart(2, '0')}:00`;
}

const baseInput = fc.record({
  i: smallInteger.map(BigInt),
  j: smallInteger.map(BigInt),
  // A number field often arrives as an integral JSON value.
  x: fc.oneof(smallInteger, quarter),
  y: fc.oneof(smallInteger, quarter),
  s: text,
  t: text,
  b: fc.boolean(),
  o: fc.oneof(text, fc.constant(null), fc.constant(undefined)),
  d: fc.integer({ min: 0, max: 365 * 24 - 1 }).map((hour) => new Date(Date.UTC(2025, 0, 1) + hour * 3_600_000).toISOString().replace('.000Z', 'Z')),
});

const input: fc.Arbitrary<Input> = fc
  .tuple(
    baseInput,
    fc.oneof(
      fc.constant(null),
      fc.constant(undefined),
      // Mostly `d`'s own instant, so that text and instant disagree often.
      { weight: 4, arbitrary: fc.tuple(fc.constantFrom(0, 0, 0, 1, -1), fc.constantFrom(1, -5, 0)) },
    ),
  )
  .map(([base, e]) => ({ ...base, e: Array.isArray(e) ? atOffset(Date.parse(base.d) + e[0] * 3_600_000, e[1]) : e }));

const FILE = (expression: string) => `type In {
  i: integer @business.other
  j: integer @business.other
  x: number  @business.other
  y: number  @business.other
  s: string  @business.other
  t: string  @business.other
  b: boolean @business.other
  o: string? @business.other
  d: datetime @business.other
  e: datetime? @business.other
}

@purpose(automation, "Expressions compute what the source says")
@data(business.other)
@retain(1 day)
flow expression_behaviour {
  trigger http post body In
  let computed = ${expression}
  respond 200 body { value: computed, inline: ${expression} }
}
`;

type Expected = { readonly value: unknown } | { readonly fails: true } | undefined;

function expected(e: Expr, given: Input): Expected {
  try {
    const value = e.evaluate(given);
    if (typeof value === 'number' && e.type === 'string') return undefined;
    // As JSON carries it: -0 is 0.
    return { value: JSON.parse(JSON.stringify(typeof value === 'bigint' ? Number(value) : value)) };
  } catch (error) {
    if (error instanceof Failure) return { fails: true };
    if (error instanceof Unrepresentable) return undefined;
    throw error;
  }
}

afterAll(() => expectAllEmittedValid());

describe('expressions at run time', () => {
  it.each<JigType>(['integer', 'number', 'string', 'boolean'])('a random %s expression answers what the reference evaluator computes', (type) => {
    fc.assert(
      fc.property(expression(type, 3), fc.array(input, { minLength: 2, maxLength: 3 }), (e, inputs) => {
        const run = compileJig(FILE(e.text));
        for (const given of inputs) {
          const want = expected(e, given);
          if (want === undefined) continue;
          const { o, e: when, ...rest } = given;
          const body = { ...rest, i: Number(given.i), j: Number(given.j), ...(o !== undefined && { o }), ...(when !== undefined && { e: when }) };
          const record = run({ trigger: { body } });
          if ('fails' in want) {
            expect(record.status, `${e.text} on ${JSON.stringify(body)}`).toBe('Failed');
            expect(record.response).toBeUndefined();
          } else {
            expect(record.status, `${e.text} on ${JSON.stringify(body)}: ${JSON.stringify(record.error)}`).toBe('Succeeded');
            expect(record.response?.body, `${e.text} on ${JSON.stringify(body)}`).toEqual({ value: want.value, inline: want.value });
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
