import { describe, expect, it } from 'vitest';
import { parse } from '../../compiler/src/syntax/parser.js';
import { SourceFile } from '../../compiler/src/syntax/source.js';
import type { Expression, FlowDecl, LetStep } from '../../compiler/src/syntax/tree.js';
import { NUMBER, STRING } from '../../compiler/src/semantics/types.js';
import { documentPath, sqlString, sqlText, toCosmosSql } from '../../compiler/src/emit/cosmos-sql.js';

function expressionOf(text: string): Expression {
  const { file } = parse(new SourceFile('t.jig', `flow f {\n  let x = ${text}\n}\n`));
  return ((file.declarations.find((d) => d.kind === 'Flow') as FlowDecl).body.steps[0] as LetStep).value as Expression;
}

const scope = {
  isDocument: (name: { name: { name: string } }) => name.name.name === 'item',
  outsideValue: (expression: Expression) =>
    expression.kind === 'Member' ? `triggerBody()?['${expression.member?.name}']` : `parameters('p')`,
  typeOf: (expression: Expression) =>
    expression.kind === 'Member' && expression.member?.name === 'vendor' ? STRING : NUMBER,
};
const sql = (text: string) => {
  const result = toCosmosSql(expressionOf(text), scope);
  return result.ok ? sqlText(result.sql) : `untranslatable: ${result.node.kind}`;
};

describe('where → Cosmos DB SQL', () => {
  it.each([
    ['item.amount > 100', '(c.amount > 100)'],
    ['item.vendor == "ACME"', "(c.vendor = 'ACME')"],
    ['item.a.b != 1', '(c.a.b != 1)'],
    ['item.x >= 1 and not (item.y < 2)', '((c.x >= 1) AND NOT ((c.y < 2)))'],
    ['item.x == 1 or item.x == 2', '((c.x = 1) OR (c.x = 2))'],
    ['contains(toLower(item.name), "x")', "CONTAINS(LOWER(c.name), 'x')"],
    ['item.done == true', '(c.done = true)'],
    ['item.note == null', '(c.note = null)'],
  ])('%s → %s', (source, expected) => {
    expect(sql(source)).toBe(expected);
  });

  it('splices values from outside the document in at run time, strings quoted and escaped', () => {
    expect(sql('item.amount > trigger.body.minimum')).toBe("(c.amount > @{triggerBody()?['minimum']})");
    expect(sql('item.vendor == trigger.body.vendor')).toBe(
      "(c.vendor = '@{replace(replace(string(triggerBody()?['vendor']), '\\', '\\\\'), '''', '\\''')}')",
    );
  });

  it('refuses what SQL cannot express', () => {
    expect(sql('formatDateTime(item.date) == "x"')).toBe('untranslatable: Call');
    expect(sql('item.tags == [1, 2]')).toBe('untranslatable: Array');
  });

  it('quotes literals and paths', () => {
    expect(sqlString("O'Brien \\ co")).toBe("'O\\'Brien \\\\ co'");
    expect(documentPath(['c', 'optOut'])).toBe('c.optOut');
    expect(documentPath(['c', 'first name'])).toBe('c["first name"]');
  });
});
