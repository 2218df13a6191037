/**
 * Integer arithmetic known when the flow is compiled (of literals, and of lets of such arithmetic)
 * that leaves 64 bits is JIG2073 at compile time; any other is what the engine computes when it
 * runs the emitted workflow, exactly. Differential: Jig's meaning (exact integers, `/` truncating
 * toward zero, `%` with the dividend's sign) against the engine's run of the emitted JSON.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compileText } from '../../compiler/src/compilation.js';
import { emitFixtureProject, expectAllEmittedValid, policy } from './helpers.js';
import { compileJig } from './run-helpers.js';

afterAll(() => expectAllEmittedValid());

/** The error codes of compiling `text` (as jig check finds them). */
function errorsOf(text: string) {
  return compileText('known.jig', text, { policy, project: emitFixtureProject }).diagnostics.filter((d) => d.severity === 'error');
}

const MAX = 2n ** 63n - 1n;
const MIN = -(2n ** 63n);

type Tree = { literal: bigint } | { name: 'a' } | { negate: Tree } | { operator: '+' | '-' | '*' | '/' | '%'; left: Tree; right: Tree };

/** Jig's meaning: the value, 'fails' (a division by zero, at run time), or 'refused' (a known result beyond 64 bits). */
type Meaning = bigint | 'fails' | 'refused';

function meaning(tree: Tree, a: Meaning): Meaning {
  if ('literal' in tree) return tree.literal;
  if ('name' in tree) return a;
  if ('negate' in tree) {
    const operand = meaning(tree.negate, a);
    if (typeof operand !== 'bigint') return operand;
    return -operand > MAX || -operand < MIN ? 'refused' : -operand;
  }
  const left = meaning(tree.left, a);
  const right = meaning(tree.right, a);
  if (left === 'refused' || right === 'refused') return 'refused';
  if (left === 'fails' || right === 'fails') return 'fails';
  if ((tree.operator === '/' || tree.operator === '%') && right === 0n) return 'fails';
  const value = { '+': left + right, '-': left - right, '*': left * right, '/': right === 0n ? 0n : left / right, '%': right === 0n ? 0n : left % right }[tree.operator];
  return value > MAX || value < MIN ? 'refused' : value;
}

function text(tree: Tree): string {
  if ('literal' in tree) return String(tree.literal);
  if ('name' in tree) return 'a';
  if ('negate' in tree) return `-(${text(tree.negate)})`;
  return `(${text(tree.left)} ${tree.operator} ${text(tree.right)})`;
}

const LITERALS = [0n, 1n, 2n, 3n, 7n, 3037000499n, 3037000500n, 4611686018427387904n, 9223372036854775806n, MAX];
const trees = (withName: boolean): fc.Arbitrary<Tree> =>
  fc.letrec<{ tree: Tree }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...LITERALS).map((literal): Tree => ({ literal })),
      ...(withName ? [fc.constant<Tree>({ name: 'a' })] : []),
      tie('tree').map((negate): Tree => ({ negate })),
      fc.record({ operator: fc.constantFrom('+', '-', '*', '/', '%'), left: tie('tree'), right: tie('tree') }) as fc.Arbitrary<Tree>,
    ),
  })).tree;

const flow = (first: Tree, second: Tree) => `type In {
  n: integer @system.operational
}

@purpose(automation, "Known arithmetic")
@data(system.operational)
@retain(1 day)
flow known {
  trigger http post body In
  let a = ${text(first)}
  let b = ${text(second)}
  respond 200 body { a: "\${a}", b: "\${b}" }
}
`;

describe('integer arithmetic known at compile time', () => {
  it('is refused (JIG2073) exactly when some known result leaves 64 bits; else the run computes it exactly, or fails dividing by zero', () => {
    fc.assert(
      fc.property(trees(false), trees(true), (first, second) => {
        const a = meaning(first, 0n);
        const b = meaning(second, a);
        const source = flow(first, second);
        const refused = a === 'refused' || b === 'refused';
        const codes = errorsOf(source).map((d) => d.code);
        expect(codes.includes('JIG2073'), source).toBe(refused);
        if (refused) return;
        const record = compileJig(source)({ trigger: { body: { n: 0 } } });
        if (a === 'fails' || b === 'fails') expect(record.status, source).toBe('Failed');
        else expect(record.response?.body, source).toEqual({ a: String(a), b: String(b) });
      }),
      { numRuns: 120 },
    );
  });

  it('names the arithmetic where its result first leaves 64 bits, once', () => {
    const diagnostics = errorsOf(flow({ literal: MAX }, { operator: '+', left: { operator: '+', left: { name: 'a' }, right: { literal: 1n } }, right: { literal: 1n } }));
    const errors = diagnostics.filter((d) => d.code === 'JIG2073');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/giving 9223372036854775808/);
  });
});
