import { describe, expect, test } from 'vitest';
import { analyse, analyseClean, flowOf, only } from './helpers.js';
import { isAssignable, joinTypes } from '../../compiler/src/semantics/relations.js';
import { ANY, DATETIME, ERROR, INTEGER, NULL, NUMBER, SECRET, STRING, arrayOf, optionalOf, typeToString } from '../../compiler/src/semantics/types.js';

describe('relations', () => {
  test('widening, optionals, arrays, secrets', () => {
    expect(isAssignable(INTEGER, NUMBER)).toBe(true);
    expect(isAssignable(NUMBER, INTEGER)).toBe(false);
    expect(isAssignable(DATETIME, STRING)).toBe(true);
    expect(isAssignable(STRING, DATETIME)).toBe(false);
    expect(isAssignable(STRING, optionalOf(STRING))).toBe(true);
    expect(isAssignable(optionalOf(STRING), STRING)).toBe(false);
    expect(isAssignable(NULL, optionalOf(INTEGER))).toBe(true);
    expect(isAssignable(NULL, INTEGER)).toBe(false);
    expect(isAssignable(arrayOf(INTEGER), arrayOf(NUMBER))).toBe(true);
    expect(isAssignable(SECRET, STRING)).toBe(false);
    expect(isAssignable(ANY, INTEGER) && isAssignable(ERROR, SECRET)).toBe(true);
  });

  test('joins', () => {
    expect(typeToString(joinTypes(INTEGER, NUMBER)!)).toBe('number');
    expect(typeToString(joinTypes(NULL, STRING)!)).toBe('string?');
    expect(typeToString(joinTypes(optionalOf(INTEGER), NUMBER)!)).toBe('number?');
    expect(joinTypes(STRING, INTEGER)).toBeUndefined();
  });
});

describe('types of expressions', () => {
  const r = analyseClean(flowOf(`
  let a = 1 + 2
  let b = 1 + 2.5
  let c = "x" + trigger.body.number
  let d = 7 / 2
  let e = trigger.body.amount > 10 and not trigger.body.number == "1"
  let f = trigger.body.contact.name
  let g = trigger.body.lines[0].qty
  let h = [1, 2.5]
  let i = [null, "x"]
  let j = trigger.body.issued < utcNow()
  let k = trigger.body.contactName == null
  let l = -trigger.body.amount
  let m = trigger.body.lines where item.qty > 0
  let n = { a: 1, b: "x" }
  let o = trigger.body.contact
  let p = [{ role: "user", content: "x" }, { role: "system", content: trigger.body.contactName, user: "u" }]
  let q = [[{ a: 1 }], [{ b: trigger.body.lines }]]`));

  test.each([
    ['1 + 2', 'integer'],
    ['1 + 2.5', 'number'],
    ['"x" + trigger.body.number', 'string'],
    ['7 / 2', 'integer'],
    ['trigger.body.amount > 10 and not trigger.body.number == "1"', 'boolean'],
    ['not trigger.body.number == "1"', 'boolean'],
    ['trigger.body.contact.name', 'string?'],
    ['trigger.body.lines[0].qty', 'integer'],
    ['[1, 2.5]', 'number[]'],
    ['[null, "x"]', '(string?)[]'],
    ['trigger.body.issued < utcNow()', 'boolean'],
    ['trigger.body.contactName == null', 'boolean'],
    ['-trigger.body.amount', 'number'],
    ['trigger.body.lines where item.qty > 0', 'Line[]'],
    ['{ a: 1, b: "x" }', '{ a: integer, b: string }'],
    ['trigger.body.contact', 'Contact?'],
    ['trigger.body', 'Invoice'],
    // A JSON array holds records of any shape: record literals join field by field, a field one lacks optional.
    ['[{ role: "user", content: "x" }, { role: "system", content: trigger.body.contactName, user: "u" }]', '{ role: string, content: string?, user: string? }[]'],
    ['[[{ a: 1 }], [{ b: trigger.body.lines }]]', '{ a: integer?, b: Line[]? }[][]'],
  ])('%s is %s', (snippet, type) => {
    expect(r.typeText(snippet)).toBe(type);
  });

  test('triggerBodyType per trigger kind', () => {
    const flow = r.model.file.declarations.find((d) => d.kind === 'Flow')!;
    expect(flow.kind === 'Flow' && typeToString(r.model.triggerBodyType(flow)!)).toBe('Invoice');
    const mail = analyseClean(`
flow m {
  trigger mail office365 folder "Inbox"
  let s = trigger.body.subject
}
flow s {
  trigger schedule every 1 day
  let t = trigger.scheduledTime
}`);
    const [m, s] = mail.model.file.declarations.filter((d) => d.kind === 'Flow');
    expect(m!.kind === 'Flow' && typeToString(mail.model.triggerBodyType(m!)!)).toBe('Mail');
    expect(s!.kind === 'Flow' && mail.model.triggerBodyType(s!)).toBeUndefined();
    expect(mail.typeText('trigger.scheduledTime')).toBe('datetime');
  });
});

describe('type errors point at the offending sub-expression', () => {
  test.each([
    ['let x = 1 + true', 'JIG2021', 'true', "The operator '+' needs a number but found 'boolean'."],
    // Jig writes add() for numbers and concat() for text: with neither type known it cannot choose (add() of texts fails the run).
    [
      'let x = setProperty({ k: "a" }, "k", "").k + setProperty({ k: "b" }, "k", "").k',
      'JIG2021',
      'setProperty({ k: "b" }, "k", "").k',
      "The operator '+' needs a number or a string on one side (string(x) or a typed let) but found values of no known type on both sides.",
    ],
    ['let x = "a" - 1', 'JIG2021', '"a"', "The operator '-' needs a number but found 'string'."],
    ['let x = 1 < "a"', 'JIG2021', '"a"', "The operator '<' needs a number but found 'string'."],
    ['let x = trigger.body.amount == "a"', 'JIG2021', '"a"', "The operator '==' needs a value comparable with 'number' but found 'string'."],
    ['let x = 1 and true', 'JIG2021', '1', "The operator 'and' needs a boolean but found 'integer'."],
    ['let x = not "a"', 'JIG2021', '"a"', "The operator 'not' needs a boolean but found 'string'."],
    ['let x = trigger.body.contactName + "!"', 'JIG2021', 'trigger.body.contactName', "The operator '+' needs a number or a string but found 'string?'."],
    ['if trigger.body.amount { wait 1 day }', 'JIG2020', 'trigger.body.amount', "The condition of 'if' expects 'boolean' but this is 'number'."],
    ['until 1 { wait 1 day }', 'JIG2020', '1', "The condition of 'until' expects 'boolean' but this is 'integer'."],
    ['let x = trigger.body.lines where item.sku', 'JIG2020', 'item.sku', "The condition of 'where' expects 'boolean' but this is 'string'."],
    ['var n: integer = 1.5', 'JIG2020', '1.5', "The var 'n' expects 'integer' but this is 'number'."],
    ['var n: string = trigger.body.contactName', 'JIG2020', 'trigger.body.contactName', "The var 'n' expects 'string' but this is 'string?'. It may be absent; coalesce(…, \"\") gives it a default."],
    ['var n: integer = 0\n  set n = "x"', 'JIG2020', '"x"', "The var 'n' expects 'integer' but this is 'string'."],
    ['var n: string[] = []\n  append 1 to n', 'JIG2020', '1', "Appending to 'n' expects 'string' but this is 'integer'."],
    ['var n: integer = 0\n  append 1 to n', 'JIG2020', 'n', "'append' expects an array or a string var but this is 'integer'."],
    ['let x = trigger.body.amount.value', 'JIG2022', 'value', "Cannot read '.value' from a value of type 'number'; only records have fields."],
    ['let x = trigger.body.lines.sku', 'JIG2022', 'sku', "Cannot read '.sku' from a value of type 'Line[]'; only records have fields."],
    ['let x = trigger.body.number[0]', 'JIG2023', 'trigger.body.number', "Cannot index a value of type 'string'; only arrays can be indexed with [i]."],
    ['let x = trigger.body.lines["${trigger.body.number}"]', 'JIG2020', '"${trigger.body.number}"', "An index expects 'integer' but this is 'string'."],
    ['let x = trigger.body.lines["a"]', 'JIG2022', 'a', "Cannot read '.a' from a value of type 'Line[]'; only records have fields."],
    ['for each x in trigger.body.amount { wait 1 day }', 'JIG2024', 'trigger.body.amount', "'for each' needs an array but this is 'number'."],
    ['let x = [1, "a"]', 'JIG2020', '"a"', "An array element expects 'integer' but this is 'string'."],
    // Declared records stay nominal: a Line and a Contact never join, nor a literal with a Line.
    ['let x = [trigger.body.lines[0], trigger.body.contact]', 'JIG2020', 'trigger.body.contact', "An array element expects 'Line' but this is 'Contact?'."],
    ['let x = [trigger.body.lines[0], { sku: "a" }]', 'JIG2020', '{ sku: "a" }', "An array element expects 'Line' but this is '{ sku: string }'."],
    ['let x = [{ a: 1 }, { a: "x" }]', 'JIG2020', '{ a: "x" }', "An array element expects '{ a: integer }' but this is '{ a: string }'."],
    // A field only some elements have may be absent: it is optional where it is read.
    ['let x = [{ a: 1 }, { b: "x" }]\n  let y: string = x[0].b', 'JIG2020', 'x[0].b', "The let 'y' expects 'string' but this is 'string?'. It may be absent; coalesce(…, \"\") gives it a default."],
    ['store 1 in cosmos("db", "c")', 'JIG2029', '1', "A store writes records (one, or each element of a list), but this is 'integer'."],
    ['let x = { a: 1, a: 2 }', 'JIG2008', 'a', "The field 'a' is written twice; remove one."],
  ])('%s', (steps, code, at, message) => {
    const found = only(analyse(flowOf(`  ${steps}`)));
    expect([found.code, found.at, found.message]).toEqual([code, at, message]);
  });

  test.each([
    ['var n: string = trigger.body.contactName', 'var n: string = coalesce(trigger.body.contactName, "")'],
    ['let n = toUpper(trigger.body.contactName)', 'let n = toUpper(coalesce(trigger.body.contactName, ""))'],
  ])('an optional value where its type is expected gets coalesce(x, default) as a fix: %s', (step, fixed) => {
    const text = flowOf(`  ${step}`);
    const { diagnostic } = only(analyse(text));
    const [fix] = diagnostic.fixes ?? [];
    expect(fix?.title).toBe('Give it a default: coalesce(…, "")');
    const edited = [...fix!.edits].sort((a, b) => b.range.start - a.range.start).reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
    expect(edited).toContain(`  ${fixed}\n`);
    expect(analyse(edited).diagnostics).toEqual([]);
  });

  test('a value of another type gets no coalesce', () => {
    const { diagnostic, message } = only(analyse(flowOf('  var n: integer = trigger.body.contactName')));
    expect(message).not.toContain('coalesce');
    expect(diagnostic.fixes).toBeUndefined();
  });

  test('member access on an optional record is null-safe and optional', () => {
    const r = analyseClean(flowOf('  let p = trigger.body.contact.phone'));
    expect(r.typeText('trigger.body.contact.phone')).toBe('string?');
  });

  test('an error type never produces a second diagnostic', () => {
    const r = analyse(flowOf('  let x = nope.a.b + 1 > nope2'));
    expect(r.codes).toEqual(['JIG2001', 'JIG2001']);
  });
});

describe('record literals against an expected type', () => {
  test('missing, unknown and mistyped fields are reported one by one', () => {
    const r = analyse(flowOf(`
  var c: Contact? = { name: 1, phon: "x" }`));
    expect(r.diagnostics.map((d) => [d.code, r.text(d.range), d.message])).toEqual([
      ['JIG2025', '{ name: 1, phon: "x" }', "The record is missing the field 'phone' that 'Contact' requires."],
      ['JIG2020', '1', "The field 'name' of 'Contact' expects 'string' but this is 'integer'."],
      ['JIG2007', 'phon', "The type 'Contact' has no field 'phon'. Did you mean 'phone'?"],
    ]);
  });

  test('a record literal that fits takes the declared type; optional fields may be left out', () => {
    const r = analyseClean(flowOf(`
  var c: Contact? = { name: "a", phone: "b" }
  var i: Line = { sku: "s", qty: 1, price: 2 }
  let reply = call http post url body c returns Invoice
  var copy: Invoice = reply`));
    expect(r.typeText('{ name: "a", phone: "b" }')).toBe('Contact');
    expect(r.typeText('call http post url body c returns Invoice')).toBe('Invoice');
  });

  test('a declared record does not fit another declared record', () => {
    const found = only(analyse(flowOf('  var c: Line = trigger.body')));
    expect(found.message).toBe("The var 'c' expects 'Line' but this is 'Invoice'.");
  });
});

describe('declarations and steps', () => {
  test('a field of primitive type needs a category; a record field takes its fields\'', () => {
    const r = analyse(`
type A { x: string  y: string[] @business.other }
type B { a: A @business.other  list: A[] }`);
    expect(r.diagnostics.map((d) => [d.code, r.text(d.range), d.severity])).toEqual([
      ['JIG2009', 'x', 'error'],
      ['JIG2010', 'business.other', 'warning'],
    ]);
    expect(r.diagnostics[0]!.message).toBe("The field 'x: string' has no data category; add one, e.g. '@business.other' or '@personal.name'.");
  });

  test('secret is for params only', () => {
    const r = analyse(`
type A { x: secret @business.other }
flow f {
  trigger http post body A
  var s: secret = "x"
}`);
    expect(r.codes).toEqual(['JIG2011', 'JIG2011']);
  });

  test('switch cases match the subject, once each', () => {
    const r = analyse(flowOf(`
  switch trigger.body.number {
    case "a" { wait 1 day }
    case 1 { wait 1 day }
    case "a" { wait 1 day }
  }
  switch trigger.body.amount {
    case 1 { wait 1 day }
  }
  switch length(trigger.body.lines) {
    case 1 { wait 1 day }
    case 2.5 { wait 1 day }
  }`));
    expect(r.diagnostics.map((d) => [r.text(d.range), d.message])).toEqual([
      ['1', 'The case 1 is an integer but the switch compares a string.'],
      ['"a"', 'The case "a" appears twice; the second can never run.'],
      ['trigger.body.amount', "A switch compares a string or an integer, not 'number'; use if … else if … instead."],
      ['2.5', 'The case 2.5 is a number but the switch compares an integer.'],
    ]);
  });

  test('a switch case that Logic Apps would read as an expression has no Switch case', () => {
    const r = analyse(flowOf(`
  switch trigger.body.number {
    case "@home" { wait 1 day }
    case "a@{b}" { wait 1 day }
    case "a@b" { wait 1 day }
    case "@" { wait 1 day }
  }`));
    expect(r.diagnostics.map((d) => [d.code, r.text(d.range)])).toEqual([
      ['JIG2026', '"@home"'],
      ['JIG2026', '"a@{b}"'],
      ['JIG2026', '"@"'],
    ]);
    expect(r.diagnostics[0]!.message).toBe(`The case "@home" starts with '@' or holds '@{', which Logic Apps reads as an expression where a Switch case must be a static value; write if … == "@home" instead.`);
  });

  test('respond status, wait and schedule units', () => {
    const r = analyse(flowOf(`
  respond 99
  respond 600
  respond 302
  respond 101
  respond 200
  wait 0 days
  wait 2 fortnights`) + `
flow s {
  trigger schedule every 1 decade
}`);
    expect(r.diagnostics.map((d) => [d.code, r.text(d.range)])).toEqual([
      ['JIG2027', '99'],
      ['JIG2027', '600'],
      ['JIG2027', '302'],
      ['JIG2027', '101'],
      ['JIG2028', '0 days'],
      ['JIG2028', 'fortnights'],
      ['JIG2028', 'decade'],
    ]);
  });

  test('stores, queries, aggregates and HTTP calls', () => {
    const r = analyse(flowOf(`
  store trigger.body in cosmoss("db", "c")
  store trigger.body in cosmos("db")
  let q = query cosmos("db", "c") returns Line
  let a = aggregate trigger.body.lines by skus { n: count(), t: sum(sku), m: median(qty), x: max(price) }
  call http pots url`));
    expect(r.diagnostics.map((d) => [d.code, r.text(d.range)])).toEqual([
      ['JIG2030', 'cosmoss'],
      ['JIG2030', 'cosmos("db")'],
      ['JIG2031', 'Line'],
      ['JIG2007', 'skus'],
      ['JIG2031', 'sku'],
      ['JIG2031', 'median'],
      ['JIG2030', 'pots'],
    ]);
    expect(r.diagnostics[0]!.message).toBe("'cosmoss' is not a store. Did you mean 'cosmos'?");
  });

  test('an aggregate yields rows of its key and outputs', () => {
    const r = analyseClean(flowOf(`
  let a = aggregate trigger.body.lines by sku { n: count(), total: sum(price), top: max(qty), mean: avg(qty) }`));
    expect(r.typeText('aggregate trigger.body.lines by sku { n: count(), total: sum(price), top: max(qty), mean: avg(qty) }')).toBe(
      '{ sku: string, n: integer, total: number, top: integer, mean: number }[]',
    );
  });

  test('a query returns its declared array and types its filter', () => {
    const r = analyseClean(flowOf(`
  let q = query cosmos("db", "c") where item.qty > 1 and item.sku == "x" returns Line[]`));
    expect(r.typeText('query cosmos("db", "c") where item.qty > 1 and item.sku == "x" returns Line[]')).toBe('Line[]');
    expect(r.typeText('item.qty')).toBe('integer');
  });

  test('a flow without a trigger is reported', () => {
    // `trigger` still names something, so reading it is not reported a second time.
    const found = only(analyse('flow f {\n  let t = trigger.body\n}'));
    expect([found.code, found.at]).toEqual(['JIG2033', 'f']);
  });

  test('a schedule trigger has no body; header names are given once', () => {
    const r = analyse(`
flow s {
  trigger schedule every 1 day
  let b = trigger.body
  call http get "https://x" headers { Accept: "a", accept: "b" }
}`);
    expect(r.diagnostics.map((d) => [d.code, r.text(d.range)])).toEqual([
      ['JIG2033', 'body'],
      ['JIG2008', 'accept'],
    ]);
    expect(r.diagnostics[0]!.message).toBe("A schedule trigger has no body; 'trigger.scheduledTime' is the time the run was scheduled for.");
  });

  test.each([
    ['send mail outlook to "a" subject "b" body "c"', 'JIG2030', 'outlook', "'outlook' is not a mail connector. Did you mean 'office365'?"],
    ['let q = query cosmos("db", "c")', 'JIG2031', 'query cosmos("db", "c")', "A query needs the type of its documents: add 'returns TYPE[]'."],
    ['let q = query sql("a", "b", "c") returns Line[]', 'JIG2030', 'sql', "Only cosmos(…) can be queried, not 'sql'. Did you mean 'cosmos'?"],
    ['let q = query blob("a", "c") returns Line', 'JIG2031', 'query blob("a", "c") returns Line', "A blob is read by its name: add 'name EXPR'."],
    ['let a = aggregate trigger.body.lines by sku { n: count(qty) }', 'JIG2031', 'qty', 'count() counts the records of a group and takes no field.'],
    ['let a = aggregate trigger.body.lines by sku { n: min(sku) }', 'JIG2031', 'sku', "min() needs a numeric or datetime field, but 'sku' is 'string'."],
    ['let a = aggregate trigger.body.amount by sku { n: count() }', 'JIG2024', 'trigger.body.amount', "'aggregate' needs an array but this is 'number'."],
    ['store trigger.body in cosmos("db", "\${trigger.body.id}")', 'JIG2030', '"\${trigger.body.id}"', 'The cosmos names are fixed at deployment: write them as plain strings, without ${…}.'],
    ['call flow f', 'JIG2032', 'call flow f', "The flow 'f' expects a body of type 'Invoice': add 'with { … }'."],
    // A name Cosmos DB holds no resource under: the connector's path would name another container, or none.
    ...[
      ['"invoices/"', "holds '/'"],
      ['"invoices "', 'ends in a space'],
      ['"in#voices"', "holds '#'"],
      ['"in\\\\voices"', "holds '\\'"],
      ['""', 'is empty'],
      [`"${'x'.repeat(256)}"`, 'has 256'],
    ].map(([name, problem]) => [
      `store trigger.body in cosmos("db", ${name})`,
      'JIG2030',
      name,
      `A Cosmos DB database or container is named by 1 to 255 characters without '/', '\\', '?' or '#', and not ending in a space: this one ${problem}.`,
    ]),
  ])('%s', (steps, code, at, message) => {
    const found = only(analyse(flowOf(`  ${steps}`)));
    expect([found.code, found.at, found.message]).toEqual([code, at, message]);
  });
});

describe('a field that may be left out (`name?: T`)', () => {
  const declarations = `
type Invoice {
  number:    string  @business.transaction
  note?:     string  @business.other
  reference: string? @business.other
}`;
  const r = analyseClean(flowOf(`  let n = trigger.body.note\n  let m = trigger.body.reference`, declarations));

  test('reads as `T?`, exactly as a `T?` field does, with the categories it declares', () => {
    expect(r.typeText('trigger.body.note')).toBe('string?');
    expect(r.categories('trigger.body.note')).toEqual(r.categories('trigger.body.reference'));
    expect(r.categories('trigger.body.note')).toEqual(['business.other']);
  });

  test('is not a T: it may be absent', () => {
    const found = only(analyse(flowOf('  var n: string = trigger.body.note', declarations)));
    expect([found.code, found.at]).toEqual(['JIG2020', 'trigger.body.note']);
  });

  test('a record literal may leave it out or give a T, not a value that may be null (the schema refuses null)', () => {
    analyseClean(flowOf('  let a: Invoice = { number: "1" }\n  let b: Invoice = { number: "1", note: "x", reference: null }', declarations));
    const found = only(analyse(flowOf('  let c: Invoice = { number: "1", note: trigger.body.reference }', declarations)));
    expect(found.code).toBe('JIG2020');
  });
});
