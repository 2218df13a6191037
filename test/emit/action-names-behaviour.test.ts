/**
 * Names of actions, loops and variables inside expressions: the emitter writes every one through
 * wdl-strings refer, as a WDL string literal whose only escape is a doubled `'`. Shown on any text
 * (quotes, `@`, `{`, `}`, `[`, `]`, unicode) by two independent readers (the engine's parser and
 * wdl-reading.ts), and through the whole compiler on names an author or `jig import` may give
 * (`@action("Get_RG's")`, as 11 actions of the corpus are named): the workflow runs in the engine
 * and does what its source says, and validates against the WDL schema and save_rules.py.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExpression } from '../../compiler/src/engine/expressions/parser.js';
import { refer, templateValue } from '../../compiler/src/emit/wdl-strings.js';
import { ACTION_NAME } from '../../compiler/src/util/action-names.js';
import { emitText, expectAllEmittedValid } from './helpers.js';
import { compileJig } from './run-helpers.js';
import { evaluateValue } from './wdl-reading.js';

afterAll(() => expectAllEmittedValid());

const tricky = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("'", "''", '@', '@{', '{', '}', '[', ']', '(', ')', ',', '.', '?', ' ', '"', '\\', 'é', '名', '😀') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom('a', 'Get_RG', 'body', "')") },
);
const anyName = fc.array(tricky, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));

describe('refer: a name inside an expression', () => {
  it('the engine parses it back as a call of the function on exactly that name', () => {
    fc.assert(
      fc.property(anyName, fc.constantFrom('body', 'outputs', 'items', 'variables', 'actions', 'result', 'parameters') as fc.Arbitrary<'body'>, (name, fn) => {
        const node = parseExpression(`${refer(fn, name)}?['x']`);
        expect(node.kind).toBe('access');
        const call = node.kind === 'access' ? node.target : node;
        expect(call).toMatchObject({ kind: 'call', name: fn, args: [{ kind: 'literal', value: name }] });
      }),
      { numRuns: 2000 },
    );
  });

  it('as a whole value and inside an interpolation, it reads the value of that name only', () => {
    fc.assert(
      fc.property(anyName, anyName, (name, other) => {
        fc.pre(name !== other);
        const env = { [`variables:${name}`]: 'V', [`variables:${other}`]: 'W' };
        expect(evaluateValue(`@${refer('variables', name)}`, env)).toBe('V');
        const value = templateValue(['<', { expression: refer('variables', name), isString: true }, '|', { expression: refer('variables', other), isString: true }, '>']);
        expect(evaluateValue(value, env)).toBe('<V|W>');
      }),
      { numRuns: 2000 },
    );
  });
});

/** A name `@action`/`@name` accepts: the characters of ACTION_NAME, `'` and `"` often, not only spaces. */
const writtenName = fc
  .array(fc.constantFrom("'", "'", "'", '"', ' ', '_', '.', '(', ')', '-', '[', ']', '=', 'a', 'B', '7'), { minLength: 1, maxLength: 12 })
  .map((chars) => `N${chars.join('')}`)
  .filter((name) => ACTION_NAME.test(name));

const HEADER = `type In {
  items: string[] @business.other
}
type Status {
  state: string @business.other
}
@purpose(automation, "Testing names with quotes")
@data(business.other)
@retain(1 day)`;

/**
 * A flow whose every kind of name an expression quotes is one of `names`: a variable (`variables`),
 * a Compose (`outputs`), a call whose body a ParseJson reads (`body`), a For each (`items`), a
 * Compose inside it, a try and its catch, the Response.
 */
function flowNamed(names: readonly string[]): string {
  const [variable, compose, call, loop, inner, attempt, recover, response] = names.map((n) => JSON.stringify(n));
  return `${HEADER}
flow behaviour {
  trigger http post body In
  var count: integer = 0 @name(${variable})
  let first = "x-\${trigger.body.items[0]}" @action(${compose})
  let status = call http get "https://status.azurewebsites.net/api/status" returns Status @retry(none) @action(${call})
  for each it in trigger.body.items {
    set count = count + 1
    let seen = "\${it}!" @action(${inner})
  } @action(${loop})
  set count = count * 1
  try {
    let again = "\${first}/\${status.state}" @action(${attempt})
  } catch {
    set count = 100
  } @action(${recover})
  respond 200 body { first: first, count: count, state: status.state } @action(${response})
}
`;
}

describe('names with quotes through the compiler', () => {
  it("a flow whose names hold ' and \" runs as its source says", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(writtenName, { minLength: 8, maxLength: 8, selector: (n) => n.toLowerCase() }),
        fc.array(fc.constantFrom('a', "b'c", '@{x}'), { minLength: 1, maxLength: 3 }),
        (names, items) => {
          const run = compileJig(flowNamed(names));
          const record = run({ trigger: { body: { items } }, mocks: { actions: { [names[2]!]: { responses: [{ status: 200, body: { state: "it's up" } }] } } } });
          expect(record.status).toBe('Succeeded');
          expect(record.response?.body).toEqual({ first: `x-${items[0]}`, count: items.length, state: "it's up" });
          // Each step ran under its own name: nothing failed and the loop's Compose ran once a pass.
          expect(record.actions.filter((a) => a.name === names[4] && a.status === 'Succeeded')).toHaveLength(items.length);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("the quote is doubled where an expression names the action, as it is where the definition's keys do", () => {
    const names = ["Initialize_count's", "Get_RG's", "Call 'status'", "For each 'item'", "Each's (seen)", "Try ''x''", "Catch 'x'", "Response's"];
    const { workflows } = emitText(flowNamed(names));
    const text = JSON.stringify(workflows[0]!.definition);
    expect(text).toContain(`"Get_RG's":`);
    expect(text).toContain(`outputs('Get_RG''s')`);
    expect(text).toContain(`body('Call ''status''')`);
    expect(text).toContain(`variables('Initialize_count''s')`);
    expect(text).not.toMatch(/\((body|outputs|items|variables)\('[^']*'[^',)]/);
  });
});
