import { describe, expect, it } from 'vitest';
import { parse } from '../../compiler/src/syntax/parser.js';
import { SourceFile } from '../../compiler/src/syntax/source.js';
import type { Expression, FlowDecl, LetStep } from '../../compiler/src/syntax/tree.js';
import { NUMBER, STRING, type Type } from '../../compiler/src/semantics/types.js';
import { ExpressionTranslator, type ExpressionScope } from '../../compiler/src/emit/expressions.js';

/** The expression of `let x = TEXT` in a one-step flow. */
function expressionOf(text: string): Expression {
  const { file } = parse(new SourceFile('t.jig', `flow f {\n  let x = ${text}\n}\n`));
  const flow = file.declarations.find((d) => d.kind === 'Flow') as FlowDecl;
  return (flow.body.steps[0] as LetStep).value as Expression;
}

const NAMES: Record<string, string> = {
  n: "variables('n')",
  s: "variables('s')",
  invoice: "outputs('Compose_invoice')",
  line: "items('For_each_line')",
  item: 'item()',
  approvalsKey: "parameters('approvalsKey')",
};
const STRING_NAMES = new Set(['s', 'approvalsKey']);

const hoisted: string[] = [];
const scope: ExpressionScope = {
  reference: (name) => NAMES[name.name.name] ?? 'null',
  isTrigger: (name) => name.name.name === 'trigger',
  triggerMember: (member) => (member === 'body' ? 'triggerBody()' : `triggerOutputs()?['${member}']`),
  hoistListOperation: (expression) => {
    hoisted.push(expression.kind);
    return `body('${expression.kind === 'Where' ? 'Filter' : 'Select'}_x')`;
  },
  hoistValue: () => "outputs('Compose_record')",
  functionName: (name) => ({ toLower: 'toLower', length: 'length', utcNow: 'utcNow' })[name] ?? name,
  typeOf: (expression): Type =>
    expression.kind === 'String' || (expression.kind === 'Name' && STRING_NAMES.has(expression.name.name)) ? STRING : NUMBER,
};
const translator = new ExpressionTranslator(scope);
const wdl = (text: string) => translator.expression(expressionOf(text));
const value = (text: string) => translator.value(expressionOf(text));

describe('expressions → WDL', () => {
  it.each([
    ['trigger.body', 'triggerBody()'],
    ['trigger.body.amount', "triggerBody()?['amount']"],
    ['trigger.headers', "triggerOutputs()?['headers']"],
    ['invoice.vendor.name', "outputs('Compose_invoice')?['vendor']?['name']"],
    ['invoice.lines[0]', "outputs('Compose_invoice')?['lines'][0]"],
    ['line.qty', "items('For_each_line')?['qty']"],
    ['item.from', "item()?['from']"],
    ['n + 1', "add(variables('n'), 1)"],
    ['n - 1', "sub(variables('n'), 1)"],
    ['n * 2', "mul(variables('n'), 2)"],
    // n is a number here: its JSON value may be integral, and WDL's div would then truncate.
    ['n / 2', "div(float(variables('n')), 2)"],
    ['n / 2.5', "div(variables('n'), 2.5)"],
    ['n / -2.0', "div(variables('n'), -2.0)"],
    ['n + 1E3', "add(variables('n'), 1e3)"],
    ['n + 007', "add(variables('n'), 7)"],
    ['n % 2', "mod(variables('n'), 2)"],
    ['-n', "sub(0, variables('n'))"],
    ['-5', '-5'],
    ['n == 1', "equals(variables('n'), 1)"],
    ['n != 1', "not(equals(variables('n'), 1))"],
    ['n < 1', "less(variables('n'), 1)"],
    ['n <= 1', "lessOrEquals(variables('n'), 1)"],
    ['n > 1', "greater(variables('n'), 1)"],
    ['n >= 1', "greaterOrEquals(variables('n'), 1)"],
    ['n > 1 and n < 5', "and(greater(variables('n'), 1), less(variables('n'), 5))"],
    ['n > 1 or not (n < 5)', "or(greater(variables('n'), 1), not(less(variables('n'), 5)))"],
    ['s + "x"', "concat(variables('s'), 'x')"],
    ['s + n', "concat(variables('s'), string(variables('n')))"],
    ['toLower(s)', "toLower(variables('s'))"],
    ['utcNow()', 'utcNow()'],
    ['"it\'s"', "'it''s'"],
    ['"n = ${n}!"', "concat('n = ', string(variables('n')), '!')"],
    ['true', 'true'],
    ['null', 'null'],
    ['[1, n]', "createArray(1, variables('n'))"],
    // createArray takes at least one argument: `createArray()` fails the action.
    ['[]', "json('[]')"],
    ['{ a: 1 }', "outputs('Compose_record')"],
  ])('%s → %s', (source, expected) => {
    expect(wdl(source)).toBe(expected);
  });

  it('hoists list operations and reads their result', () => {
    hoisted.length = 0;
    expect(wdl('invoice.lines where item.qty > 0')).toBe("body('Filter_x')");
    expect(wdl('invoice.lines select { sku: item.sku }')).toBe("body('Select_x')");
    expect(hoisted).toEqual(['Where', 'Select']);
  });
});

describe('expressions → input values', () => {
  it('keeps literals literal', () => {
    expect(value('"text"')).toBe('text');
    expect(value('42')).toBe(42);
    expect(value('2.5')).toBe(2.5);
    expect(value('false')).toBe(false);
    expect(value('null')).toBeNull();
    expect(value('[1, "a"]')).toEqual([1, 'a']);
    expect(value('{ number: invoice.number, total: 3 }')).toEqual({
      number: "@outputs('Compose_invoice')?['number']",
      total: 3,
    });
  });

  it('writes other expressions as @-expressions and interpolations as @{…}', () => {
    expect(value('n + 1')).toBe("@add(variables('n'), 1)");
    expect(value('"Invoice ${invoice.number} has ${n} lines"')).toBe(
      "Invoice @{outputs('Compose_invoice')?['number']} has @{variables('n')} lines",
    );
  });

  it('references a secret parameter, never its value', () => {
    expect(value('approvalsKey')).toBe("@parameters('approvalsKey')");
  });

  it('escapes a literal @ at the start and a literal @{', () => {
    expect(value('"@home"')).toBe('@@home');
    expect(value('"a@b.com"')).toBe('a@b.com');
    // A value starting `@@` would be wholly literal, so a leading @ with interpolations is a concat.
    expect(value('"@${n}"')).toBe("@concat('@', string(variables('n')))");
    // An @ right before an interpolation would turn it into text (`@@{`): a concat instead.
    expect(value('"${s}@${s}"')).toBe("@concat(variables('s'), '@', variables('s'))");
    expect(value('"x @{y} ${s}"')).toBe("x @@{y} @{variables('s')}");
  });
});
