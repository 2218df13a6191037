import { describe, expect, it } from 'vitest';
import { formatSource } from '../../compiler/src/syntax/printer.js';
import { SourceFile } from '../../compiler/src/syntax/source.js';
import { fixtureNames, parseText, readFixture, withoutRanges } from './helpers.js';

function format(text: string): string | undefined {
  return formatSource(new SourceFile('test.jig', text))?.text;
}

function commentTexts(text: string): string[] {
  return parseText(text).comments.map((c) => c.text.trim());
}

describe('formatter', () => {
  for (const name of fixtureNames()) {
    describe(name, () => {
      const original = readFixture(name);
      const once = format(original);

      it('formats', () => {
        expect(once).toBeDefined();
      });

      it('is idempotent', () => {
        expect(format(once!)).toBe(once);
      });

      it('preserves the tree', () => {
        expect(parseText(once!).diagnostics).toEqual([]);
        expect(withoutRanges(parseText(once!).file)).toEqual(withoutRanges(parseText(original).file));
      });

      it('preserves every comment', () => {
        expect(commentTexts(once!)).toEqual(commentTexts(original));
      });

      it('ends with one newline and has no trailing spaces or tabs', () => {
        expect(once!.endsWith('\n')).toBe(true);
        expect(once!.endsWith('\n\n')).toBe(false);
        expect(once!).not.toMatch(/[ \t]$/m);
        expect(once!).not.toMatch(/\t/);
      });
    });
  }

  it("keeps a field's annotations after its categories", () => {
    const text = 'type Person {\n  id: string @business.other\n  email: string @personal.contact,@personal.name   @subject( customer )\n}\n';
    const once = format(text)!;
    expect(once).toBe('type Person {\n  id:    string @business.other\n  email: string @personal.contact, @personal.name @subject(customer)\n}\n');
    expect(format(once)).toBe(once);
    expect(withoutRanges(parseText(once).file)).toEqual(withoutRanges(parseText(text).file));
  });

  it('lays a file out canonically', () => {
    expect(format(readFixture('messy.jig'))).toBe(
      [
        '// leading comment',
        'policy jigajob >= 2023-08-27',
        'param url: string = "https://x"  // the endpoint',
        '',
        'type Row {',
        '  /// the id',
        '  id:     string @business.identifier, @business.other',
        '  amount: number @business.transaction',
        '  nested: Row[]?',
        '}',
        '',
        '@purpose(automation, "r")',
        '@data(business.identifier)',
        '@retain(2 years)',
        'flow f {',
        '  trigger http post body Row',
        '  let a = (1 + 2) * 3  // math',
        '  let b = not a == 1 and a > 2',
        '  if a > 1 {',
        '    fail "x ${ a +1 }"',
        '  } else if a < 0 {',
        '    wait 1 day',
        '  } else {',
        '    respond 200 body { ok: true, n: a }',
        '  }',
        '  for each r in trigger.body.nested where item.amount > 0 select { id: item.id } {',
        '    /* in loop */',
        '    store r in cosmos("d", "c")',
        '      @retain(1 day)',
        '  }',
        '  call http post url',
        '    headers { "x-k": "v" }',
        '    body a',
        '    returns Row',
        '    @share(p, "why")',
        '  switch a {',
        '    case 1 {',
        '      respond 1',
        '    }',
        '    default {',
        '      respond 2',
        '    }',
        '  }  // after switch',
        '  try {',
        '    respond 3',
        '  } catch {',
        '    respond 4',
        '  }',
        '  let q = -(a + 1) - -a',
        '  let z = a where item > 1 select { v: item }',
        '}  // end of flow',
        '// trailing comment',
        '',
      ].join('\n'),
    );
  });

  it('aligns the trailing comments of type fields', () => {
    expect(format('type T {\n  a: string @x.y // one\n  longer: T[] // two\n}\n')).toBe(
      'type T {\n  a:      string @x.y  // one\n  longer: T[]          // two\n}\n',
    );
  });

  it('writes a field that may be left out as `name?:`, aligned with the others', () => {
    expect(format('type T {\n  a ?: string @x.y\n  longer: integer? @x.y\n}\n')).toBe('type T {\n  a?:     string   @x.y\n  longer: integer? @x.y\n}\n');
  });

  it("writes a param's annotations above it, one a line", () => {
    expect(format('/// Doc.\n@name( "A#b" )  param a: string = "x"\nparam b: string\n')).toBe('/// Doc.\n@name("A#b")\nparam a: string = "x"\nparam b: string\n');
  });

  it("lays out a Request trigger's schema as a raw trigger's JSON", () => {
    expect(format('flow f {\n  trigger http post schema { "type": "object", "enum": [ 1 ] }\n}\n')).toBe(
      'flow f {\n  trigger http post schema {\n    "type": "object",\n    "enum": [\n      1\n    ]\n  }\n}\n',
    );
  });

  it('keeps at most one blank line where the author left some', () => {
    expect(format('param a: string\n\n\n\nparam b: string\nparam c: string\n')).toBe(
      'param a: string\n\nparam b: string\nparam c: string\n',
    );
  });

  it('never formats a file with syntax errors', () => {
    expect(format('flow f { let a = }')).toBeUndefined();
    expect(format('fail "unterminated')).toBeUndefined();
  });

  it('formats an empty file to an empty file', () => {
    expect(format('')).toBe('');
    expect(format('\n\n  \n')).toBe('');
  });

  it('lays out the newer constructs', () => {
    const messy = [
      'flow f {',
      'trigger schedule   every 1 week on  monday,friday at 9:00,17:00',
      'let a :string=if x>1 then "a"   else "b"',
      'let p=parse   json   q as  T[]',
      'parallel{wait 1 second}and{ // second',
      'wait 2 seconds',
      '}   and   {',
      'call http get u @retry( fixed,3 times,10 seconds )',
      '}',
      '}',
    ].join('\n');
    expect(format(messy)).toBe(
      [
        'flow f {',
        '  trigger schedule every 1 week on monday, friday at 09:00, 17:00',
        '  let a: string = if x > 1 then "a" else "b"',
        '  let p = parse json q as T[]',
        '  parallel {',
        '    wait 1 second',
        '  } and {  // second',
        '    wait 2 seconds',
        '  } and {',
        '    call http get u',
        '      @retry(fixed, 3 times, 10 seconds)',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const days = 'monday, tuesday, wednesday, thursday, friday';
    expect(format(`flow f {\n  trigger schedule every 1 week on ${days} at 06:00, 18:00 in "W. Europe Standard Time"\n}\n`)).toBe(
      `flow f {\n  trigger schedule every 1 week\n    on ${days}\n    at 06:00, 18:00\n    in "W. Europe Standard Time"\n}\n`,
    );
    const long = `flow f {\n  let a = if ${'x'.repeat(40)} > 1 then ${'"y"'.repeat(1)} + "${'z'.repeat(40)}" else "w"\n}\n`;
    expect(format(long)).toBe(`flow f {\n  let a = if ${'x'.repeat(40)} > 1\n    then "y" + "${'z'.repeat(40)}"\n    else "w"\n}\n`);
    expect(format(format(long)!)).toBe(format(long));
  });

  it('lays out a raw action, one JSON member a line, its strings as written', () => {
    const text = 'flow f {\nraw action "A" { "type": "Compose", "inputs": {"a": [1, -2.5e3, true, null, "x\\ty"], "b": {}, "c": []} }\n}';
    expect(format(text)).toBe(
      [
        'flow f {',
        '  raw action "A" {',
        '    "type": "Compose",',
        '    "inputs": {',
        '      "a": [',
        '        1,',
        '        -2.5e3,',
        '        true,',
        '        null,',
        '        "x\\ty"',
        '      ],',
        '      "b": {},',
        '      "c": []',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('lays out a var without a value', () => {
    expect(format('flow f {\nvar   skus :string[]\n}')).toBe('flow f {\n  var skus: string[]\n}\n');
  });

  it('lays out a raw action that names its result', () => {
    expect(format('flow f {\nlet   rows =raw action "Get_rows" {"type": "Http"}\nlet raw = rows.body\n}')).toBe(
      'flow f {\n  let rows = raw action "Get_rows" {\n    "type": "Http"\n  }\n  let raw = rows.body\n}\n',
    );
  });

  it('lays out a raw trigger and a trigger without a method', () => {
    expect(format('flow f {\ntrigger raw "T" {"type": "Manual"}\n}')).toBe('flow f {\n  trigger raw "T" {\n    "type": "Manual"\n  }\n}\n');
    expect(format('flow f {\ntrigger   http\n}')).toBe('flow f {\n  trigger http\n}\n');
  });

  it('lays out delete', () => {
    expect(format('flow f {\ndelete  x.id   from cosmos( "d","c" )\ndelete x.id from cosmos("d", "c")partition   x.key @retry(none)\n}')).toBe(
      'flow f {\n  delete x.id from cosmos("d", "c")\n  delete x.id from cosmos("d", "c") partition x.key\n    @retry(none)\n}\n',
    );
    const long = `flow f {\n  delete ${'x'.repeat(50)}.id from cosmos("${'d'.repeat(30)}", "c") partition ${'k'.repeat(20)}\n}\n`;
    expect(format(format(long)!)).toBe(format(long));
  });

  it('lays out a Service Bus trigger and send', () => {
    expect(format('flow f {\ntrigger servicebus( "ns","orders" )   body Order\nsend  trigger.body   to servicebus("ns", "picking") @share(p, "r")\n}')).toBe(
      'flow f {\n  trigger servicebus("ns", "orders") body Order\n  send trigger.body to servicebus("ns", "picking")\n    @share(p, "r")\n}\n',
    );
    expect(format('flow f {\ntrigger servicebus("ns", "t", "s")\nsend mail office365 to "a@b.c" subject "s" body "b"\n}')).toBe(
      'flow f {\n  trigger servicebus("ns", "t", "s")\n  send mail office365\n    to "a@b.c"\n    subject "s"\n    body "b"\n}\n',
    );
  });

  it('lays out a blob read', () => {
    expect(format('flow f {\nlet r = query   blob("a","c")  name x.file returns   R\n}')).toBe('flow f {\n  let r = query blob("a", "c") name x.file returns R\n}\n');
  });

  it('keeps a comment written inside an expression', () => {
    const text = 'flow f {\n  let a = 1 + /* why */ 2\n  let b = { x: 1, // first\n    y: 2 }\n}\n';
    const once = format(text)!;
    expect(commentTexts(once)).toEqual(['/* why */', '// first']);
    expect(format(once)).toBe(once);
  });
});

describe('formatter: line endings and tabs', () => {
  it('reads CRLF and tab-indented files and writes LF with spaces', () => {
    const original = readFixture('invoice-intake.jig');
    const crlf = original.replace(/\n/g, '\r\n').replace(/^ {2}/gm, '\t');
    expect(parseText(crlf).diagnostics).toEqual([]);
    expect(format(crlf)).toBe(format(original));
  });
});
