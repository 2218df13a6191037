/**
 * A `for each` means its passes one after another: a loop whose body changes a variable must be
 * emitted to run one iteration at a time, since the service runs a For each's iterations in
 * parallel by default (20 at once) and Microsoft says variables written by parallel iterations
 * are unpredictable ("When you use variables in loops, run the loop sequentially so that variables
 * return predictable results": logic-apps-create-variables-store-values). The engine runs such
 * concurrent iterations in an order the service may take and the sequential loop never does (each
 * window of iterations last first), so a loop emitted without `repetitions: 1` answers
 * differently here. The property builds random loop bodies (strings and lists appended to, a
 * value overwritten, a value read back and rewritten, under `if`, in a nested `for each`, in an
 * `until`), compiles them, runs the emitted JSON in the engine and compares what the run answers
 * with the sequential meaning, computed by a reference written from the README.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runWorkflow } from '../../compiler/src/engine/index.js';
import type { RunRecord } from '../../compiler/src/engine/index.js';
import { expectAllEmittedValid } from './helpers.js';
import { compileJig } from './run-helpers.js';

afterAll(() => expectAllEmittedValid());

/** A statement of a loop body; `e` is the element of the innermost loop. */
type Statement =
  | { kind: 'appendText' }
  | { kind: 'appendList' }
  | { kind: 'overwrite' }
  | { kind: 'rewrite' }
  | { kind: 'if'; above: number; body: Statement[] }
  | { kind: 'inner'; body: Statement[] }
  | { kind: 'until'; body: Statement[] };

interface State {
  text: string;
  list: number[];
  last: number;
  acc: number;
}

function print(statements: readonly Statement[], element: string, indent: string, depth: number): string {
  return statements
    .map((s) => {
      switch (s.kind) {
        case 'appendText':
          return `${indent}set text = text + "\${${element}};"`;
        case 'appendList':
          return `${indent}append ${element} to list`;
        case 'overwrite':
          return `${indent}set last = ${element}`;
        case 'rewrite':
          // Reads the variable it sets: a Compose, then SetVariable (README: `set total = total / 4`).
          return `${indent}set acc = (acc * 3 + ${element}) % 1000003`;
        case 'if':
          return `${indent}if ${element} > ${s.above} {\n${print(s.body, element, indent + '  ', depth)}\n${indent}}`;
        case 'inner': {
          const name = `y${depth}`;
          return `${indent}for each ${name} in [${element}, ${element} + 1] {\n${print(s.body, name, indent + '  ', depth + 1)}\n${indent}}`;
        }
        case 'until':
          // The pass ends by appending, so the condition holds after one pass.
          return `${indent}until length(list) > 0 {\n${print([...s.body, { kind: 'appendList' }], element, indent + '  ', depth)}\n${indent}}`;
      }
    })
    .join('\n');
}

/** The sequential meaning: each pass in order, each statement in order. */
function run(statements: readonly Statement[], element: number, state: State): void {
  for (const s of statements) {
    switch (s.kind) {
      case 'appendText':
        state.text += `${element};`;
        break;
      case 'appendList':
        state.list.push(element);
        break;
      case 'overwrite':
        state.last = element;
        break;
      case 'rewrite':
        state.acc = (state.acc * 3 + element) % 1000003;
        break;
      case 'if':
        if (element > s.above) run(s.body, element, state);
        break;
      case 'inner':
        for (const y of [element, element + 1]) run(s.body, y, state);
        break;
      case 'until':
        // Its body ends by appending, so one pass makes the condition hold.
        run([...s.body, { kind: 'appendList' }], element, state);
        break;
    }
  }
}

/** The flow around a loop body under test, up to its first step. */
const HEADER = `type Batch {
  nums: integer[] @business.transaction
}

@purpose(automation, "Loop body under test")
@data(business.transaction)
@retain(30 days)
flow loop_body {
  trigger http post body Batch
`;

function source(body: readonly Statement[]): string {
  return `${HEADER}  var text: string = ""
  var list: integer[] = []
  var last: integer = -1
  var acc: integer = 1
  for each x in trigger.body.nums {
${print(body, 'x', '    ', 0)}
  }
  respond 200 body { text: text, list: list, last: last, acc: acc }
}
`;
}

const leaf = fc.constantFrom<Statement>({ kind: 'appendText' }, { kind: 'appendList' }, { kind: 'overwrite' }, { kind: 'rewrite' });
const statements: fc.Arbitrary<Statement[]> = fc.letrec<{ list: Statement[]; one: Statement }>((tie) => ({
  list: fc.array(tie('one'), { minLength: 1, maxLength: 3 }),
  one: fc.oneof(
    { maxDepth: 3, withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constant('if' as const), above: fc.integer({ min: 0, max: 6 }), body: tie('list') }),
    fc.record({ kind: fc.constant('inner' as const), body: tie('list') }),
    fc.record({ kind: fc.constant('until' as const), body: tie('list') }),
  ),
})).list;

/** A flow whose one for each over `nums` runs `body` (its lines, indented), answering the list `list`. */
function listFlow(body: string, loopAnnotations = ''): string {
  return `${HEADER}  var list: integer[] = []
  for each x in trigger.body.nums {
${body}
  }${loopAnnotations}
  respond 200 body { list: list }
}
`;
}

const outcome = (record: RunRecord) => ({ status: record.status, body: record.response?.body });

describe('a for each whose body changes a variable runs its passes in order', () => {
  it('answers what the passes, run one after another, compute (property over random bodies)', () => {
    fc.assert(
      fc.property(statements, fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 2, maxLength: 6 }), (body, nums) => {
        const text = source(body);
        const state: State = { text: '', list: [], last: -1, acc: 1 };
        for (const x of nums) run(body, x, state);
        const record = compileJig(text)({ trigger: { body: { nums } } });
        expect(outcome(record), text).toEqual({ status: 'Succeeded', body: state });
        // No iterations raced: every loop that writes ran one pass at a time.
        expect(record.actions.flatMap((a) => a.notes ?? []).filter((n) => /write variables/.test(n)), text).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('a write the body holds anywhere keeps the loop sequential: a fail (its message list), a write two blocks down, a write in an until', () => {
    const cases: [string, string, unknown][] = [
      ['a fail (its message list)', '    if x > 100 {\n      fail "too big ${x}"\n    }\n    append x to list', { list: [3, 1, 2] }],
      ['a write two blocks down', '    if x > 0 {\n      for each y in [x] {\n        append y to list\n      }\n    }', { list: [3, 1, 2] }],
      ['a write in an until', '    until true {\n      append x to list\n    }', { list: [3, 1, 2] }],
    ];
    for (const [what, body, expected] of cases) {
      const text = listFlow(body);
      const record = compileJig(text)({ trigger: { body: { nums: [3, 1, 2] } } });
      expect(record.response?.body, what).toEqual(expected);
    }
  });

  it('@concurrent races as written: the engine runs such iterations in an order the service may take, not in index order', () => {
    const text = listFlow('    append x to list', ' @concurrent(2)');
    const record = compileJig(text)({ trigger: { body: { nums: [1, 2, 3, 4, 5] } } });
    expect(record.response?.body).toEqual({ list: [2, 1, 4, 3, 5] });
    expect(record.actions.flatMap((a) => a.notes ?? []).join('\n')).toMatch(/write variables: in Azure their order is not fixed/);
  });
});

describe('the engine runs concurrent iterations that write variables out of index order', () => {
  const loop = (extra: Record<string, unknown>, count = 3) =>
    runWorkflow({
      name: 'loop',
      parameterValues: {},
      definition: {
        triggers: { manual: { type: 'Request', kind: 'Http', inputs: {} } },
        actions: {
          Init: { type: 'InitializeVariable', runAfter: {}, inputs: { variables: [{ name: 'seen', type: 'Array', value: [] }] } },
          Each: {
            type: 'Foreach',
            runAfter: { Init: ['Succeeded'] },
            foreach: `@range(0, ${count})`,
            actions: { Add: { type: 'AppendToArrayVariable', runAfter: {}, inputs: { name: 'seen', value: "@items('Each')" } } },
            ...extra,
          },
          Answer: { type: 'Response', kind: 'Http', runAfter: { Each: ['Succeeded'] }, inputs: { statusCode: 200, body: "@variables('seen')" } },
        },
      },
    });

  it('by default (20 at once): the window of three last first', () => {
    expect(loop({}).response?.body).toEqual([2, 1, 0]);
  });
  it('with repetitions N: each window of N last first', () => {
    expect(loop({ runtimeConfiguration: { concurrency: { repetitions: 2 } } }, 5).response?.body).toEqual([1, 0, 3, 2, 4]);
  });
  it('sequential (repetitions 1 or Sequential): in index order', () => {
    expect(loop({ runtimeConfiguration: { concurrency: { repetitions: 1 } } }).response?.body).toEqual([0, 1, 2]);
    expect(loop({ operationOptions: 'Sequential' }).response?.body).toEqual([0, 1, 2]);
  });
});
