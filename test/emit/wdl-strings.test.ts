/**
 * Text in emitted JSON string values is read back by the service as the source wrote it: checked
 * against an independent reading of WDL strings (wdl-reading.ts), on examples and on random text
 * made of the characters that matter (`@`, `{`, `}`, quotes), both for the string functions alone
 * and through the whole compiler.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { expressionsIn, literalValue, templateValue, type TemplatePart } from '../../compiler/src/emit/wdl-strings.js';
import { sqlString } from '../../compiler/src/emit/cosmos-sql.js';
import { actionNamed, emitFlow, emitText, expectAllEmittedValid, flowFile } from './helpers.js';
import { evaluateValue, readValue, type Environment } from './wdl-reading.js';

const tricky = fc.constantFrom('@', '@', '@', '{', '}', "'", 'a', ' ', '$', '\\', '"', '@{', '@@');
const text = fc.array(tricky, { maxLength: 12 }).map((pieces) => pieces.join(''));

const ENV: Environment = {
  'variables:s': 'S@{not read}',
  'variables:n': 42,
  triggerBody: { number: 'N-1@{x}', amount: 12.5 },
};
const EXPRESSIONS = [
  { expression: "variables('s')", isString: true, text: 'S@{not read}' },
  { expression: "variables('n')", isString: false, text: '42' },
] as const;

describe('WDL string values', () => {
  it('a literal is read back as the same text', () => {
    fc.assert(
      fc.property(text, (value) => {
        const reading = readValue(literalValue(value));
        expect(reading.kind === 'expression' || (reading.kind === 'interpolation' && reading.segments.some((s) => 'expression' in s))).toBe(false);
        expect(evaluateValue(literalValue(value), {})).toBe(value);
        expect(expressionsIn(literalValue(value))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('text with expressions evaluates to the text and the values, joined', () => {
    const part = fc.oneof(text, fc.constantFrom(...EXPRESSIONS));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
        const template: TemplatePart[] = parts.map((p) => (typeof p === 'string' ? p : { expression: p.expression, isString: p.isString }));
        const expected = parts.map((p) => (typeof p === 'string' ? p : p.text)).join('');
        const value = templateValue(template);
        expect(evaluateValue(value, ENV)).toBe(expected);
        // The limit on an expression's length reads the same expressions back.
        const reading = readValue(value);
        const read = reading.kind === 'expression' ? [reading.expression] : reading.kind === 'literal' ? [] : reading.segments.flatMap((s) => ('expression' in s ? [s.expression] : []));
        expect(expressionsIn(value)).toEqual(read);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    // The cases: an `@` right before an interpolation is text, the value still inserted.
    [['', { expression: "variables('s')", isString: true }, '@', { expression: "variables('s')", isString: true }], "@concat(variables('s'), '@', variables('s'))"],
    [['user@', { expression: "variables('s')", isString: true }], "@concat('user@', variables('s'))"],
    [['@', { expression: "variables('n')", isString: false }], "@concat('@', string(variables('n')))"],
    // Otherwise an interpolation, `@{` in the text escaped.
    [['a @{b} ', { expression: "variables('s')", isString: true }, ' c@'], "a @@{b} @{variables('s')} c@"],
    [[{ expression: "variables('n')", isString: false }], "@{variables('n')}"],
  ] as [TemplatePart[], string][])('%j → %s', (parts, expected) => {
    expect(templateValue(parts)).toBe(expected);
  });

  it.each([
    ['@home', '@@home'],
    ['a@b.com', 'a@b.com'],
    ['x @{y}', 'x @@{y}'],
    ['@{y}', '@@{y}'],
    // After a leading @@ nothing is read: the rest is not escaped again.
    ['@a@{b}', '@@a@{b}'],
    ['@', '@@'],
    ['', ''],
  ])('the literal %j is written %j', (value, expected) => {
    expect(literalValue(value)).toBe(expected);
  });
});

/** A Jig string literal of parts: text (escaped for Jig) and `${…}` interpolations. */
function jigString(parts: readonly (string | { jig: string })[]): string {
  const body = parts
    .map((part) =>
      typeof part === 'string'
        ? part.replace(/[\\"$]/g, (ch) => `\\${ch}`)
        : `\${${part.jig}}`,
    )
    .join('');
  return `"${body}"`;
}

const INTERPOLATIONS = [
  { jig: 'trigger.body.number', text: 'N-1@{x}' },
  { jig: 'trigger.body.amount', text: '12.5' },
] as const;
const TRIGGER_ENV: Environment = { triggerBody: { number: 'N-1@{x}', amount: 12.5 } };

describe('strings through the compiler', () => {
  afterAll(() => expectAllEmittedValid());

  it('a mail address built from parts keeps its interpolations (`${user}@${domain}`, `user@${x}`)', () => {
    const workflow = emitFlow(`  respond 200 body { a: "\${trigger.body.number}@\${trigger.body.number}", b: "user@\${trigger.body.number}" }`);
    const body = (actionNamed(workflow, 'Respond_200').inputs as { body: { a: string; b: string } }).body;
    expect(body.a).not.toContain('@@{');
    expect(evaluateValue(body.a, TRIGGER_ENV)).toBe('N-1@{x}@N-1@{x}');
    expect(evaluateValue(body.b, TRIGGER_ENV)).toBe('user@N-1@{x}');
  });

  it('any string of text and interpolations evaluates to what the source says', () => {
    const part = fc.oneof(text, fc.constantFrom(...INTERPOLATIONS));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 5 }), (parts) => {
        const workflow = emitFlow(`  respond 200 body ${jigString(parts)}`);
        const body = (actionNamed(workflow, 'Respond_200').inputs as { body: string }).body;
        const expected = parts.map((p) => (typeof p === 'string' ? p : p.text)).join('');
        expect(evaluateValue(String(body), TRIGGER_ENV)).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('literal text in a query, a mail folder, a switch case and a time zone is read as written', () => {
    fc.assert(
      fc.property(text, (value) => {
        const literal = jigString([value]);
        // A case the service would read as an expression is JIG2026 (test/semantics): it has no Switch case.
        const switchable = !value.startsWith('@') && !value.includes('@{');
        const { workflows } = emitText(
          flowFile(
            `  let found = query cosmos("db", "orders") where item.number == ${literal} returns Order[]
  switch trigger.body.number {
    case ${switchable ? literal : '"other"'} { respond 200 body found }
  }`,
          ),
        );
        const query = actionNamed(workflows[0]!, 'Query_found').inputs as { queries: { queryText: string } };
        expect(evaluateValue(query.queries.queryText, {})).toBe(`SELECT * FROM c WHERE (c.number = ${sqlString(value)})`);
        const cases = Object.values(actionNamed(workflows[0]!, 'Switch_on_number').cases!);
        // Written as it is: the same whether the service reads it as a template or as a static value.
        if (switchable) expect([evaluateValue(String(cases[0]!.case), {}), cases[0]!.case]).toEqual([value, value]);
      }),
      { numRuns: 60 },
    );
    const mail = emitFlow('  store { id: trigger.body.id } in cosmos("db", "mails")', {
      trigger: 'trigger mail office365 folder "@{Inbox}"',
      data: 'business, personal, system.operational',
    });
    const fetch = (mail.definition.triggers.When_a_new_email_arrives!.inputs as { fetch: { queries: { folderPath: string } } }).fetch;
    expect(evaluateValue(fetch.queries.folderPath, {})).toBe('@{Inbox}');
    const schedule = emitFlow('  wait 1 second', { trigger: 'trigger schedule every 1 day at 02:00 in "@odd"' });
    expect(evaluateValue(String((schedule.definition.triggers.Recurrence!.recurrence as { timeZone: string }).timeZone), {})).toBe('@odd');
  });
});
