import { describe, expect, test } from 'vitest';
import { analyse, analyseClean, flowOf, only } from './helpers.js';
import { BUILTINS, arityOf, signatureOf } from '../../compiler/src/semantics/builtins.js';

const REQUIRED = [
  'length', 'concat', 'toLower', 'toUpper', 'trim', 'contains', 'startsWith', 'endsWith', 'replace', 'substring', 'indexOf',
  'split', 'join', 'first', 'last', 'utcNow', 'addDays', 'addHours', 'addMinutes', 'formatDateTime', 'coalesce', 'string',
  'int', 'float', 'bool', 'empty', 'guid', 'min', 'max',
];

describe('the table', () => {
  test('has every required function, each with a WDL name and a doc line', () => {
    for (const name of REQUIRED) {
      const fn = BUILTINS.get(name);
      expect(fn, name).toBeDefined();
      expect(fn!.wdl).toMatch(/^[a-zA-Z]+$/);
      expect(fn!.doc.length).toBeGreaterThan(10);
    }
  });

  test('signatures and arities read as documented', () => {
    expect(signatureOf(BUILTINS.get('substring')!)).toBe('substring(text: string, start: integer, length?: integer): string');
    expect(signatureOf(BUILTINS.get('concat')!)).toBe('concat(...texts: string? | number? | boolean?): string');
    expect(arityOf(BUILTINS.get('substring')!)).toEqual({ min: 2, max: 3 });
    expect(arityOf(BUILTINS.get('concat')!)).toEqual({ min: 1, max: Infinity });
    expect(arityOf(BUILTINS.get('guid')!)).toEqual({ min: 0, max: 0 });
  });
});

describe('calls', () => {
  const r = analyseClean(flowOf(`
  let a = length(trigger.body.lines)
  let b = first(trigger.body.lines)
  let c = coalesce(trigger.body.contactName, "unknown")
  let d = coalesce(trigger.body.contactName, trigger.body.contactName)
  let e = max(1, 2)
  let f = max(1, 2.5)
  let g = addDays(utcNow(), 3)
  let h = split(trigger.body.number, "-")
  let i = concat("a", trigger.body.number, "c")
  let j = formatDateTime(trigger.body.issued, "yyyy")
  let k = int("42")
  let l = contains(trigger.body.lines, b)
  let m = concat("n", trigger.body.amount, true)
  let n = concat("n", trigger.body.contactName, null)`));

  test.each([
    ['length(trigger.body.lines)', 'integer'],
    ['first(trigger.body.lines)', 'Line?'],
    ['coalesce(trigger.body.contactName, "unknown")', 'string'],
    ['coalesce(trigger.body.contactName, trigger.body.contactName)', 'string?'],
    ['max(1, 2)', 'integer'],
    ['max(1, 2.5)', 'number'],
    ['addDays(utcNow(), 3)', 'datetime'],
    ['split(trigger.body.number, "-")', 'string[]'],
    ['concat("a", trigger.body.number, "c")', 'string'],
    ['concat("n", trigger.body.amount, true)', 'string'],
    // The service writes null as nothing in concat() (engine/functions/strings.ts), where toUpper() and split() fail on it.
    ['concat("n", trigger.body.contactName, null)', 'string'],
    ['formatDateTime(trigger.body.issued, "yyyy")', 'string'],
    ['int("42")', 'integer'],
  ])('%s is %s', (snippet, type) => {
    expect(r.typeText(snippet)).toBe(type);
  });

  test.each([
    ['toLowr(trigger.body.number)', 'JIG2040', 'toLowr', "'toLowr' is not a built-in function. Did you mean 'toLower'?"],
    ['toLower()', 'JIG2041', 'toLower()', "'toLower' takes 1 argument but is given 0."],
    ['substring("abc")', 'JIG2041', 'substring("abc")', "'substring' takes 2 to 3 arguments but is given 1."],
    ['concat()', 'JIG2041', 'concat()', "'concat' takes at least 1 argument but is given 0."],
    ['concat("n", trigger.body.lines)', 'JIG2020', 'trigger.body.lines', "The argument 'texts' of concat() expects 'string? | number? | boolean?' but this is 'Line[]'."],
    ['toLower(1)', 'JIG2020', '1', "The argument 'text' of toLower() expects 'string' but this is 'integer'."],
    ['addDays(trigger.body.amount, 1)', 'JIG2020', 'trigger.body.amount', "The argument 'timestamp' of addDays() expects 'datetime | string' but this is 'number'."],
    ['ticks(trigger.body.contactName)', 'JIG2020', 'trigger.body.contactName', "The argument 'timestamp' of ticks() expects 'datetime | string' but this is 'string?'. It may be absent; coalesce(…, \"\") gives it a default."],
    ['length(trigger.body.amount)', 'JIG2020', 'trigger.body.amount', "The argument 'value' of length() expects 'string | T[]' but this is 'number'."],
    ['toUpper(trigger.body.contactName)', 'JIG2020', 'trigger.body.contactName', "The argument 'text' of toUpper() expects 'string' but this is 'string?'. It may be absent; coalesce(…, \"\") gives it a default."],
  ])('%s', (call, code, at, message) => {
    const found = only(analyse(flowOf(`  let x = ${call}`)));
    expect([found.code, found.at, found.message]).toEqual([code, at, message]);
  });

  test('an unknown function offers its replacement as a fix', () => {
    const found = only(analyse(flowOf('  let x = toLowr("A")')));
    expect(found.diagnostic.fixes?.[0]?.edits[0]?.newText).toBe('toLower');
  });
});

describe('functions jig import meets in designer-made workflows', () => {
  test('setProperty, addProperty, union and rand carry what their arguments read; the time zone conversions are datetimes', () => {
    const r = analyseClean(flowOf('  let o = setProperty({ a: 1 }, "n", trigger.body.contactName)\n  let u = union([trigger.body.number], ["x"])\n  let t = convertToUtc(utcNow(), "W. Europe Standard Time")\n  let n = rand(1, 10)'));
    expect(r.categories('setProperty({ a: 1 }, "n", trigger.body.contactName)')).toEqual(['personal.name']);
    expect(r.categories('union([trigger.body.number], ["x"])')).toEqual(['business.transaction']);
    expect(r.typeText('convertToUtc(utcNow(), "W. Europe Standard Time")')).toBe('datetime');
    expect(r.typeText('rand(1, 10)')).toBe('integer');
    expect(r.typeText('union([trigger.body.number], ["x"])')).toBe('string[]');
  });
});
