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
import { emitText, expectAllEmittedValid } from './helpers.js';
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

/**
 * A `var` declared in a loop's body, and an aggregate there, are each pass's own: the var starts
 * again on each pass, the aggregate answers that pass's groups. The workflow keeps both in one
 * variable of the run, set again on each pass, which is the source's meaning only when the passes
 * run one after another. `@concurrent` would let passes read each other's value, so it is refused
 * there (JIG4122); a var declared outside the loop is the run's, and `@concurrent` says its passes
 * may race on it (README, `@concurrent`). The engine runs the actions of a pass together, so it
 * cannot show the interleaving the service may take: the refusal is checked at compile time, and
 * the sequential loop's answer in the engine.
 */
describe("JIG4122: a pass's own variable in a loop whose passes run at once", () => {
  const BODIES: [string, string][] = [
    ['a var in the body', '    var mine: integer = x * 10\n    append mine + 1 to list'],
    ['a var without a value, then set', '    var mine: integer\n    set mine = mine + x\n    append mine to list'],
    ['a var under an if', '    if x > 0 {\n      var mine: integer = x\n      append mine to list\n    }'],
    ['a var in a try', '    try {\n      var mine: integer = x\n      append mine to list\n    } catch {\n      append 0 to list\n    }'],
    ['a var in an inner for each (sequential, but in a concurrent pass)', '    for each y in [x] {\n      var mine: integer = y\n      append mine to list\n    }'],
    ['a var in an until', '    until length(list) > 100 or true {\n      var mine: integer = x\n      append mine to list\n    }'],
    ['a var in a parallel branch', '    parallel {\n      var mine: integer = x\n      append mine to list\n    } and {\n      append 0 - x to list\n    }'],
  ];

  it.each(BODIES)('%s: refused under @concurrent, at the annotation', (_what, body) => {
    const text = listFlow(body, ' @concurrent(5)');
    const { diagnostics } = emitText(text);
    const found = diagnostics.filter((d) => d.code === 'JIG4122');
    expect(found).toHaveLength(1);
    expect(text.slice(found[0]!.range.start, found[0]!.range.end)).toBe('@concurrent(5)');
    // Without a limit (the service's default of 20 at once) too.
    expect(emitText(listFlow(body, ' @concurrent')).diagnostics.map((d) => d.code)).toContain('JIG4122');
  });

  it.each(BODIES)('%s: without @concurrent (or with @concurrent(1)) each pass has its own value, as the engine runs it', (_what, body) => {
    for (const annotations of ['', ' @concurrent(1)']) {
      const text = listFlow(body, annotations);
      expect(emitText(text).diagnostics.filter((d) => d.severity === 'error'), text).toEqual([]);
      const record = compileJig(text)({ trigger: { body: { nums: [3, 1, 2] } } });
      expect(record.status, text).toBe('Succeeded');
      const list = (record.response?.body as { list: number[] }).list;
      // Each pass appended what its own value says, in the passes' order.
      const expected = _what.startsWith('a var in the body') ? [31, 11, 21] : _what.includes('parallel') ? undefined : [3, 1, 2];
      if (expected) expect(list, text).toEqual(expected);
      else expect([...list].sort((a, b) => a - b), text).toEqual([-3, -2, -1, 1, 2, 3]);
    }
  });

  it("a var declared outside the loop is the run's: @concurrent races on it as written (no finding)", () => {
    const text = listFlow('    set last = x\n    append last to list', ' @concurrent(5)').replace('  var list: integer[] = []', '  var list: integer[] = []\n  var last: integer = 0');
    expect(emitText(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a @concurrent loop inside another for each runs one pass at a time in the service: its var is no race (no finding)', () => {
    const text = listFlow('    for each y in [x, x] {\n      var mine: integer = y\n      append mine to list\n    } @concurrent(5)');
    expect(emitText(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const record = compileJig(text)({ trigger: { body: { nums: [3, 1] } } });
    expect(record.response?.body).toEqual({ list: [3, 3, 1, 1] });
  });
});

describe("JIG4122 as a property: a var at any depth of a loop's body", () => {
  /** The blocks a `var` may stand in, one inside another, innermost last. */
  type Wrapper = 'if' | 'try' | 'scope' | 'until' | 'inner' | 'parallel';
  const wrap = (wrapper: Wrapper, body: string, depth: number): string => {
    const pad = '  '.repeat(depth + 2);
    switch (wrapper) {
      case 'if':
        return `${pad}if x >= 0 {\n${body}\n${pad}}`;
      case 'try':
        return `${pad}try {\n${body}\n${pad}} catch {\n${pad}  append -1 to list\n${pad}}`;
      case 'scope':
        return `${pad}scope {\n${body}\n${pad}}`;
      case 'until':
        return `${pad}until true {\n${body}\n${pad}}`;
      case 'inner':
        return `${pad}for each y${depth} in [x] {\n${body}\n${pad}}`;
      case 'parallel':
        return `${pad}parallel {\n${body}\n${pad}} and {\n${pad}  append 0 to list\n${pad}}`;
    }
  };

  it('is reported exactly when the loop runs its passes at once, and without @concurrent each pass has its own value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<Wrapper>('if', 'try', 'scope', 'until', 'inner', 'parallel'), { maxLength: 3 }),
        fc.constantFrom('', ' @concurrent', ' @concurrent(1)', ' @concurrent(3)'),
        fc.boolean(),
        (wrappers, annotation, nested) => {
          let body = `${'  '.repeat(wrappers.length + 2)}var mine: integer = x * 10\n${'  '.repeat(wrappers.length + 2)}append mine + 1 to list`;
          for (let depth = wrappers.length - 1; depth >= 0; depth--) body = wrap(wrappers[depth]!, body, depth);
          // Inside another for each the service runs the loop one pass at a time, whatever it says.
          const loop = `  for each x in trigger.body.nums {\n${body}\n  }${annotation}`;
          const text = `${HEADER}  var list: integer[] = []\n${nested ? `  for each round in [1] {\n${loop}\n  }` : loop}\n  respond 200 body { list: list }\n}\n`;
          const concurrent = annotation !== '' && annotation !== ' @concurrent(1)' && !nested;
          const found = emitText(text).diagnostics.filter((d) => d.code === 'JIG4122');
          expect(found.length, text).toBe(concurrent ? 1 : 0);
          if (concurrent) return;
          const record = compileJig(text)({ trigger: { body: { nums: [3, 1, 2] } } });
          expect(record.status, text).toBe('Succeeded');
          const list = (record.response?.body as { list: number[] }).list.filter((n) => n > 0);
          expect(list, text).toEqual([31, 11, 21]);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("JIG4122: an aggregate in a loop whose passes run at once", () => {
  const text = (annotations: string) => `type Row {
  k: string  @business.transaction
  v: integer @business.transaction
}
type Shop {
  rows: Row[]
}
type Shops {
  shops: Shop[]
}

@purpose(automation, "Count each shop's rows by key")
@data(business.transaction, aggregate.anonymized)
@retain(30 days)
flow per_shop {
  trigger http post body Shops
  var counts: integer[] = []
  for each shop in trigger.body.shops {
    let groups = aggregate shop.rows by k { n: count() }
    append length(groups) to counts
  }${annotations}
  respond 200 body { counts: counts }
}
`;

  it('is refused under @concurrent: the passes would empty and fill one variable of groups together', () => {
    const found = emitText(text(' @concurrent(4)')).diagnostics.filter((d) => d.code === 'JIG4122');
    expect(found.map((d) => d.message)).toEqual([expect.stringContaining("The aggregate 'groups' in this loop's body")]);
  });

  it("without it, each pass answers its own shop's groups", () => {
    // Groups smaller than the policy's minimum (5) are dropped (§5): the third shop answers none.
    const rows = (k: string, n: number) => Array.from({ length: n }, (_, v) => ({ k, v }));
    const shops = [{ rows: [...rows('a', 5), ...rows('b', 6)] }, { rows: rows('a', 7) }, { rows: rows('c', 4) }];
    const record = compileJig(text(''))({ trigger: { body: { shops } } });
    expect(record.response?.body).toEqual({ counts: [2, 1, 0] });
  });
});
