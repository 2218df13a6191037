/** `jig fmt` at a width of 100 columns: the layout rules of the printer's header comment, one by one. */
import { describe, expect, it } from 'vitest';
import { formatSource } from '../../compiler/src/syntax/printer.js';
import { SourceFile } from '../../compiler/src/syntax/source.js';
import { parseText, withoutRanges } from './helpers.js';

function format(text: string): string {
  const formatted = formatSource(new SourceFile('test.jig', text))?.text;
  if (formatted === undefined) throw new Error(`not formatted:\n${text}`);
  return formatted;
}

/** A flow around `steps` (each a line, two-space indented in the result). */
function inFlow(...steps: string[]): string {
  return ['flow f {', ...steps.map((step) => `  ${step}`), '}', ''].join('\n');
}

/** Formats `steps` inside a flow and checks the result is stable and the same tree. */
function formatSteps(...steps: string[]): string {
  const original = inFlow(...steps);
  const once = format(original);
  expect(format(once)).toBe(once);
  expect(withoutRanges(parseText(once).file)).toEqual(withoutRanges(parseText(original).file));
  return once;
}

function widest(text: string): number {
  return Math.max(...text.split('\n').map((line) => line.length));
}

const long = (n: number) => `"${'x'.repeat(n)}"`;

describe('formatter: records, arrays and argument lists', () => {
  it('keeps a list that fits on one line, even if the author broke it', () => {
    expect(formatSteps('let r = {', '  a: 1,', '  b: [1, 2]', '}')).toBe(inFlow('let r = { a: 1, b: [1, 2] }'));
  });

  it('breaks a record that does not fit one field a line, without trailing commas', () => {
    expect(formatSteps(`let r = { first: ${long(40)}, second: ${long(40)} }`)).toBe(
      inFlow('let r = {', `  first: ${long(40)},`, `  second: ${long(40)}`, '}'),
    );
  });

  it('breaks the outer list first and keeps inner lists that fit on one line', () => {
    expect(formatSteps(`respond 200 body { a: { b: 1, c: 2 }, d: [${long(30)}, ${long(30)}], e: 1 }`)).toBe(
      inFlow('respond 200 body {', '  a: { b: 1, c: 2 },', `  d: [${long(30)}, ${long(30)}],`, '  e: 1', '}'),
    );
  });

  it('breaks an argument list and an array one entry a line', () => {
    expect(formatSteps(`let s = concat(${long(40)}, ${long(40)}, [${long(45)}, ${long(45)}])`)).toBe(
      inFlow('let s = concat(', `  ${long(40)},`, `  ${long(40)},`, '  [', `    ${long(45)},`, `    ${long(45)}`, '  ]', ')'),
    );
  });

  it('breaks an annotation argument list that does not fit', () => {
    const annotation = `@purpose(automation, ${long(100)})`;
    expect(format(`${annotation}\nflow f {\n}\n`)).toBe(`@purpose(\n  automation,\n  ${long(100)}\n)\nflow f {\n}\n`);
  });

  it('never breaks inside a string: a line that cannot fit stays long', () => {
    const text = formatSteps(`fail ${long(120)}`);
    expect(text).toBe(inFlow(`fail ${long(120)}`));
  });

  it('counts the indentation: the same record fits at the top of a flow and breaks deep inside', () => {
    const record = `{ name: ${long(33)}, value: ${long(33)} }`;
    expect(formatSteps(`let r = ${record}`)).toBe(inFlow(`let r = ${record}`));
    const nested = formatSteps('if true {', '  if true {', '    if true {', `      let r = ${record}`, '    }', '  }', '}');
    expect(nested).toContain('        let r = {\n          name: ');
    expect(widest(nested)).toBeLessThanOrEqual(100);
  });
});

describe('formatter: conditions', () => {
  it('breaks a long chain of and (or of or) before each operator, one operand a line', () => {
    const test = `contains(name, ${long(40)})`;
    expect(formatSteps(`if ${test} and ${test} {`, '}')).toBe(inFlow(`if ${test}`, `  and ${test} {`, '}'));
    expect(formatSteps('if a', '  or b {', '}')).toBe(inFlow('if a or b {', '}'));
  });

  it('breaks an else if condition the same way, after its closing brace', () => {
    const test = `contains(name, ${long(40)})`;
    expect(formatSteps('if a {', `} else if ${test} or ${test} {`, '}')).toBe(
      inFlow('if a {', `} else if ${test}`, `  or ${test} {`, '}'),
    );
  });

  it('breaks a long where clause of a query on its continuation line', () => {
    const test = `item.name == ${long(40)}`;
    expect(formatSteps(`let q = query cosmos("d", "c") where ${test} and ${test} returns T[]`)).toBe(
      inFlow('let q = query cosmos("d", "c")', `  where ${test}`, `    and ${test}`, '  returns T[]'),
    );
  });
});

describe('formatter: comments in broken lists', () => {
  it('breaks a list that holds a line comment and keeps the comment with its entry', () => {
    expect(formatSteps('let r = { a: 1, // the first', '  b: 2 }')).toBe(inFlow('let r = {', '  a: 1,  // the first', '  b: 2', '}'));
  });

  it('breaks a list with a line comment even where the step would fit on one line', () => {
    expect(formatSteps('store { a: 1, // the first', '  b: 2 } in cosmos("d", "c")')).toBe(
      inFlow('store {', '  a: 1,  // the first', '  b: 2', '} in cosmos("d", "c")'),
    );
  });

  it('keeps a comment above the entry it was written above', () => {
    expect(formatSteps('let r = {', '  // why b', '  b: 2,', '  c: 3', '}')).toBe(
      inFlow('let r = {', '  // why b', '  b: 2,', '  c: 3', '}'),
    );
  });

  it('keeps a comment written before the closing bracket of a list below its last entry', () => {
    expect(formatSteps('let r = {', '  a: 1', '  // more to come', '}')).toBe(inFlow('let r = {', '  a: 1', '  // more to come', '}'));
  });

  it('keeps a comment after the closing bracket of a broken list on that line', () => {
    const text = formatSteps(`let r = { first: ${long(40)}, second: ${long(40)} }  // done`, 'wait 1 day');
    expect(text).toContain(`  }  // done\n  wait 1 day\n`);
  });
});

describe('formatter: step clauses', () => {
  it('puts every clause of send mail on a continuation line, however short', () => {
    expect(formatSteps('send mail office365 to a subject "s" body "b"')).toBe(
      inFlow('send mail office365', '  to a', '  subject "s"', '  body "b"'),
    );
  });

  it('keeps a call http with one clause on one line when it fits', () => {
    expect(formatSteps('call http post url', '  body payment')).toBe(inFlow('call http post url body payment'));
  });

  it('moves the one clause of a call http that does not fit to a continuation line', () => {
    expect(formatSteps(`call http post url body { first: ${long(30)}, second: ${long(30)} }`)).toBe(
      inFlow('call http post url', `  body { first: ${long(30)}, second: ${long(30)} }`),
    );
  });

  it('puts the clauses of a call http with more than one on continuation lines, however short', () => {
    expect(formatSteps('let r = call http post url body a returns T')).toBe(inFlow('let r = call http post url', '  body a', '  returns T'));
    expect(formatSteps('call http get url headers { a: "1", b: "2" } body x')).toBe(
      inFlow('call http get url', '  headers { a: "1", b: "2" }', '  body x'),
    );
  });

  it('breaks a headers block that does not fit one header a line', () => {
    expect(formatSteps(`call http get url headers { "x-first": ${long(40)}, "x-second": ${long(40)} } returns T`)).toBe(
      inFlow('call http get url', '  headers {', `    "x-first": ${long(40)},`, `    "x-second": ${long(40)}`, '  }', '  returns T'),
    );
  });

  it('keeps a query that fits on one line and puts each clause of one that does not on its own line', () => {
    expect(formatSteps('let q = query cosmos("d", "c")', '  where item.a > 1', '  returns T[]')).toBe(
      inFlow('let q = query cosmos("d", "c") where item.a > 1 returns T[]'),
    );
    expect(formatSteps(`let q = query cosmos("database", "container") where item.name == ${long(30)} returns T[]`)).toBe(
      inFlow('let q = query cosmos("database", "container")', `  where item.name == ${long(30)}`, '  returns T[]'),
    );
    expect(formatSteps(`let q = query cosmos("database", "container-with-a-rather-long-name-for-the-test-of-width") returns T[]`)).toBe(
      inFlow('let q = query cosmos("database", "container-with-a-rather-long-name-for-the-test-of-width")', '  returns T[]'),
    );
  });

  it('breaks the body of an aggregate that does not fit one output a line', () => {
    expect(formatSteps('let a = aggregate rows by region { n: count(), total: sum(amount), mean: avg(amount), top: max(amount) }')).toBe(
      inFlow('let a = aggregate rows by region {', '  n: count(),', '  total: sum(amount),', '  mean: avg(amount),', '  top: max(amount)', '}'),
    );
    expect(formatSteps('let a = aggregate rows by region {', '  n: count()', '}')).toBe(inFlow('let a = aggregate rows by region { n: count() }'));
  });

  it('lays out store … in … on one line, then with in on a continuation line, then around the broken value', () => {
    expect(formatSteps('store { a: 1 }', '  in cosmos("d", "c")')).toBe(inFlow('store { a: 1 } in cosmos("d", "c")'));
    const record = `{ first: ${long(28)}, second: ${long(28)} }`;
    expect(formatSteps(`store ${record} in cosmos("database", "container")`)).toBe(
      inFlow(`store ${record}`, '  in cosmos("database", "container")'),
    );
    expect(formatSteps(`store { first: ${long(45)}, second: ${long(45)} } in cosmos("d", "c")`)).toBe(
      inFlow('store {', `  first: ${long(45)},`, `  second: ${long(45)}`, '} in cosmos("d", "c")'),
    );
  });

  it('lays out append … to … like store', () => {
    expect(formatSteps(`append [${long(40)}, ${long(40)}] to items`)).toBe(
      inFlow(`append [${long(40)}, ${long(40)}]`, '  to items'),
    );
  });

  it('keeps trailing step annotations on continuation lines', () => {
    expect(formatSteps('store x in cosmos("d", "c") @retain(1 day)')).toBe(inFlow('store x in cosmos("d", "c")', '  @retain(1 day)'));
  });
});

describe('formatter: comments on continuation lines', () => {
  it('keeps a comment after a clause with that clause', () => {
    const where = `item.name == ${long(60)}`;
    expect(formatSteps(`let q = query cosmos("d", "c")  // the source`, `  where ${where}  // the filter`, '  returns T[]')).toBe(
      inFlow('let q = query cosmos("d", "c")  // the source', `  where ${where}  // the filter`, '  returns T[]'),
    );
    expect(formatSteps('let r = call http post url  // where', '  body a  // what', '  returns T  // reply')).toBe(
      inFlow('let r = call http post url  // where', '  body a  // what', '  returns T  // reply'),
    );
  });
});
