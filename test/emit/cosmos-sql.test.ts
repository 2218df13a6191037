import { describe, expect, it } from 'vitest';
import { parse } from '../../compiler/src/syntax/parser.js';
import { SourceFile } from '../../compiler/src/syntax/source.js';
import type { Expression, FlowDecl, LetStep } from '../../compiler/src/syntax/tree.js';
import { arrayOf, BOOLEAN, INTEGER, NULL, NUMBER, optionalOf, STRING, type Type } from '../../compiler/src/semantics/types.js';
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
/** The SQL of a condition in a scope, as it reads with its run-time values as `@{…}`. */
const sqlIn = (inScope: Parameters<typeof toCosmosSql>[1]) => (text: string) => {
  const result = toCosmosSql(expressionOf(text), inScope);
  return result.ok ? sqlText(result.sql) : `untranslatable: ${result.node.kind}`;
};
const sql = sqlIn(scope);

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

describe('where → Cosmos DB SQL that keeps what the condition says', () => {
  // note: string? (null or left out), region: string, n: integer, tags: string[], flag: boolean;
  // outside values: trigger.body.want: string?, trigger.body.word: string.
  const types: Record<string, Type> = { note: optionalOf(STRING), region: STRING, n: INTEGER, tags: arrayOf(STRING), flag: BOOLEAN, want: optionalOf(STRING), word: STRING };
  const typed = {
    ...scope,
    typeOf: (expression: Expression): Type =>
      expression.kind === 'Null' ? NULL : expression.kind === 'Member' ? (types[expression.member?.name ?? ''] ?? NUMBER) : expression.kind === 'Number' ? INTEGER : STRING,
  };
  const translate = sqlIn(typed);

  it.each([
    // A WHERE drops undefined as it drops false: where the comparison is the condition, `=` is enough.
    ['item.note == "x"', "(c.note = 'x')"],
    ['item.region == "x"', "(c.region = 'x')"],
    // Under NOT, or for !=, undefined (a note null or left out) is no false: Jig's null != "x" holds.
    ['item.note != "x"', "NOT ((c.note = 'x') ?? false)"],
    ['not (item.note == "x")', "NOT (((c.note = 'x') ?? false))"],
    // Both may be null: equal when both are, a missing property read as null.
    ['item.note == null', '(((c.note ?? null) = null) ?? false)'],
    ['item.note != null', 'NOT (((c.note ?? null) = null) ?? false)'],
    // Text joins with ||, integers divide as integers, WDL's case rules, arrays' own functions.
    ['item.region + "x" == "ax"', "((c.region || 'x') = 'ax')"],
    ['item.n / 2 == 1', '(TRUNC(c.n / 2) = 1)'],
    ['startsWith(item.region, "eu")', "STARTSWITH(c.region, 'eu', true)"],
    ['indexOf(item.region, "U") == 1', "(INDEX_OF(LOWER(c.region), LOWER('U')) = 1)"],
    ['contains(item.tags, "a")', "ARRAY_CONTAINS(c.tags, 'a')"],
    ['length(item.tags) > 1', '(ARRAY_LENGTH(c.tags) > 1)'],
    ['concat(item.region, item.n) == "a1"', "(CONCAT(c.region, ToString(c.n)) = 'a1')"],
  ])('%s → %s', (source, expected) => {
    expect(translate(source)).toBe(expected);
  });

  it('splices a value that may be null as SQL null, not as nothing or an empty text', () => {
    // Whether the text is there is asked without equals(), which may read null as '' (Microsoft's reference says both).
    expect(translate('item.note == trigger.body.want')).toBe(
      "(((c.note ?? null) = @{if(contains(string(createArray(triggerBody()?['want'])), '\"'), concat('''', replace(replace(string(triggerBody()?['want']), '\\', '\\\\'), '''', '\\'''), ''''), 'null')}) ?? false)",
    );
  });

  it('has no form for what SQL would compute otherwise', () => {
    // A function of a value that may be null, and the text of a boolean (SQL writes true, WDL True).
    expect(translate('toLower(item.note) == "x"')).toBe('untranslatable: Call');
    expect(translate('item.region + item.flag == "x"')).toBe('untranslatable: Member');
  });
});
