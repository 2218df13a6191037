import { describe, expect, it } from 'vitest';
import { parseText, slice } from './helpers.js';
import { MAX_EXPRESSION_DEPTH, MAX_NESTING_DEPTH } from '../../compiler/src/syntax/parser.js';
import type * as Tree from '../../compiler/src/syntax/tree.js';
import { walk } from '../../compiler/src/syntax/visit.js';
import { compileText } from '../../compiler/src/compilation.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';

function flows(text: string): Tree.FlowDecl[] {
  return parseText(text).file.declarations.filter((d): d is Tree.FlowDecl => d.kind === 'Flow');
}

function messages(text: string): string[] {
  return parseText(text).diagnostics.map((d) => d.message);
}

describe('recovery', () => {
  it('keeps the steps after a broken step', () => {
    const text = 'flow f {\n  trigger http post\n  let a = 1 +\n  store a in cosmos("d", "c")\n  respond 200\n}';
    const [flow] = flows(text);
    expect(flow!.body.steps.map((s) => s.kind)).toEqual(['Let', 'Store', 'Respond']);
    const let_ = flow!.body.steps[0] as Tree.LetStep;
    expect(let_.name.name).toBe('a');
    expect(let_.value.kind).toBe('Missing');
    expect(messages(text)).toEqual(["Expected an expression after '+' but found 'store'."]);
  });

  it('reports one error where the parser lost its way: what recovery meets on the rest of that line is no cause of its own', () => {
    // A record type written inline where the trigger takes `body TYPE`: recovery skips `{`, then
    // meets `x`, `@business…` and `}` on the same line, each unexpected because of the first.
    const head = 'type In { x: number @business.transaction }\n@purpose(automation, "r")\n@retain(30 days)\n@data(business.transaction)\n';
    const inline = `${head}flow f {\n  trigger http post { x: number @business.transaction }\n  respond 202\n}\n`;
    const parsed = parseText(inline).diagnostics;
    expect(parsed.map((d) => [d.code, slice(inline, d.range)])).toEqual([['JIG1001', '{']]);
    // Nor do later stages report what they make of recovery's guess on that line (here
    // `@business` read as an annotation of its own): the compiler gives the one syntax error.
    const compiled = compileText('inline.jig', inline, { policy: loadEmbeddedPolicy() }).diagnostics;
    expect(compiled.map((d) => d.code)).toEqual(['JIG1001']);
    // An error on another line is a cause of its own and is reported.
    const two = `${inline}flow g {\n  trigger http post\n  let y = 1 +\n}\n`;
    expect(parseText(two).diagnostics.map((d) => [d.range.start, slice(two, d.range)])).toEqual([
      [two.indexOf('{ x: number @', head.length), '{'],
      [two.lastIndexOf('}'), '}'],
    ]);
    // What a later stage finds before the error, or on another line, stands.
    const before = `${head}flow f {\n  trigger http post body In\n  let y = nosuch + * 2\n  respond 202\n}\n`;
    const codes = compileText('before.jig', before, { policy: loadEmbeddedPolicy() }).diagnostics.map((d) => d.code);
    expect(codes).toContain('JIG1001');
    expect(codes.filter((code) => !code.startsWith('JIG1'))).not.toEqual([]);
  });

  it('suggests the step keyword a misspelt word meant, with the fix', () => {
    const text = 'flow f {\n  trigger http post\n  stroe trigger.body in cosmos("d", "c")\n}';
    const [diagnostic, ...others] = parseText(text).diagnostics;
    expect(others).toEqual([]);
    expect(diagnostic!.message).toMatch(/^Expected a step .*but found 'stroe'\. Did you mean 'store'\?$/);
    expect(diagnostic!.fixes).toEqual([{ title: "Change to 'store'", edits: [{ range: diagnostic!.range, newText: 'store' }], isPreferred: true }]);
    expect(slice(text, diagnostic!.range)).toBe('stroe');
    // `scope`, a step keyword only before its block, is among the guesses.
    expect(messages('flow f {\n  trigger http post\n  scpoe {\n    wait 1 second\n  }\n}')[0]).toMatch(/but found 'scpoe'\. Did you mean 'scope'\?$/);
    // A word close to no keyword gets no guess.
    expect(messages('flow f {\n  trigger http post\n  banana 1\n}')[0]).not.toContain('Did you mean');
  });

  it('suggests the declaration keyword a misspelt word meant, at the top of a file', () => {
    expect(messages('flwo f {\n}\n')).toEqual(["Expected a declaration (policy, param, type or flow) but found 'flwo'. Did you mean 'flow'?"]);
    expect(messages('tpye T { a: string }\n')[0]).toMatch(/but found 'tpye'\. Did you mean 'type'\?$/);
    expect(messages('banana f {\n}\n')[0]).not.toContain('Did you mean');
  });

  it('keeps the next flow after a flow that is never closed', () => {
    const text = 'flow a {\n  let x = 1\n\n@purpose(automation, "r")\nflow b {\n  respond 200\n}\n';
    const parsed = flows(text);
    expect(parsed.map((f) => f.name.name)).toEqual(['a', 'b']);
    expect(parsed[1]!.annotations.map((a) => a.name.name)).toEqual(['purpose']);
    expect((parsed[0]!.body.steps[0] as Tree.LetStep).annotations).toEqual([]);
    const [unclosed, ...others] = parseText(text).diagnostics;
    expect(others).toEqual([]);
    expect(unclosed!.message).toBe("This '{' is never closed: add its '}' where its block ends.");
    expect(unclosed!.range.start).toBe(text.indexOf('{'));
    expect(unclosed!.related).toEqual([{ message: "the parser found '@purpose' here, with it still open", range: { start: text.indexOf('@purpose'), end: text.indexOf('@purpose') + 8 } }]);
  });

  it('keeps the flow after a category being typed at the end of a field, and a param after its annotations', () => {
    // `@personal.` runs into the next line: annotations followed by anything but `param` go to the
    // flow, whose recovery keeps the flow below them.
    const typing = 'type V {\n  name: string @personal.\n  email: string @personal.contact\n}\n\n@purpose(automation, "x")\nflow greeting {\n  trigger http post body V\n}\n';
    expect(flows(typing).map((flow) => flow.name.name)).toEqual(['greeting']);
    const param = parseText('@name("A#b"\nparam a: string\n@purpose(automation, "x")\nflow f {\n  trigger http post\n}\n');
    expect(param.file.declarations.map((d) => d.kind)).toEqual(['Param', 'Flow']);
  });

  it('skips junk between declarations', () => {
    const text = 'banana split\nflow a { respond 200 }\n';
    expect(flows(text).map((f) => f.name.name)).toEqual(['a']);
    expect(messages(text)).toEqual(["Expected a declaration (policy, param, type or flow) but found 'banana'."]);
  });

  it('says what was expected in words, never with token names', () => {
    const cases: [string, string][] = [
      ['flow f { let = 1 }', "Expected a name after 'let' but found '='."],
      ['flow f { let mail = 1 }', "Expected a name after 'let' but found the keyword 'mail', which cannot be used as a name."],
      ['flow f { frobnicate }', "Expected a step (let, var, set, append, store, delete, call, send, if, for each, switch, until, try, parallel, wait, respond or fail) after '{' but found 'frobnicate'."],
      ['type T { a: string @x.y 1 }', "Expected a field or '}' after 'y' but found '1'."],
      ['flow f { trigger ftp }', "Expected a trigger ('http', 'schedule' or 'mail') after 'trigger' but found 'ftp'."],
      ['flow f { wait 5 }', "Expected a name after '5' but found '}'."],
      ['type T { a string }', "Expected ':' after 'a' but found 'string'."],
      ['flow f { respond 200', "This '{' is never closed: add its '}' where its block ends."],
      ['param p: string = "a" "b"', 'Expected a declaration (policy, param, type or flow) but found a string.'],
    ];
    for (const [text, message] of cases) expect(messages(text)).toEqual([message]);
  });

  it('says what the newer constructs miss', () => {
    const cases: [string, string][] = [
      ['flow f { let a = if x then 1 }', "Expected 'else' after '1' but found '}'."],
      ['flow f { let a = if x 1 else 2 }', "Expected 'then' after 'x' but found '1'."],
      ['flow f { parallel { wait 1 second } }', "Expected 'and' and a second branch '{ … }' after the first branch of 'parallel' but found '}'."],
      ['flow f { let a = parse xml b as T }', "Expected 'json' or 'document' but found 'xml'."],
      ['flow f { let a = chunk text b by 5 }', "Expected a name after '5' but found '}'."],
      ['flow f { let a = parse json b }', "Expected a name or 'as' after 'b' but found '}'."],
      ['flow f { let a: = 1 }', "Expected a name after ':' but found '='."],
      ['flow f { trigger schedule every 1 week on }', "Expected a name after 'on' but found '}'."],
      ['flow f { trigger schedule every 1 day at 09:00, }', "Expected a number after ',' but found '}'."],
    ];
    for (const [text, message] of cases) expect(messages(text)).toEqual([message]);
  });

  it('keeps the steps after a broken parallel branch and a broken conditional', () => {
    const text = 'flow f {\n  parallel {\n    let a = 1 +\n  } and {\n    wait 1 second\n  }\n  let b = if a then 1 else\n  respond 200\n}';
    const [flow] = flows(text);
    expect(flow!.body.steps.map((s) => s.kind)).toEqual(['Parallel', 'Let', 'Respond']);
    expect((flow!.body.steps[0] as Tree.ParallelStep).branches.map((branch) => branch.steps.map((s) => s.kind))).toEqual([['Let'], ['Wait']]);
  });

  it('never invents a value the author did not write: the missing one is reported, and nothing is judged at no place', () => {
    // Found by mutating real files: recovery inserted the number of `by N tokens` that `carry`
    // replaced, and the check of the chunk's size then reported "not ." at line 1, column NaN.
    const policy = loadEmbeddedPolicy();
    const cases: [string, string][] = [
      ['  let c = chunk text "t" by carry tokens overlap 100', "Expected a number after 'by' but found 'carry'."],
      ['  wait 2 minutes\n  let d = trigger.body.a', ''],
      ['  store { id: "1" } in cosmos(, "c")', "Expected ')' after '(' but found ','."],
    ];
    for (const [steps, first] of cases) {
      const text = `@purpose(automation, "p")\n@data(system.operational)\n@retain(1 day)\nflow f {\n  trigger http post\n${steps}\n  respond 200\n}\n`;
      const { diagnostics, source } = compileText('f.jig', text, { policy });
      for (const d of diagnostics) {
        expect(Number.isFinite(d.range.start) && Number.isFinite(d.range.end), `${d.code} ${d.message}`).toBe(true);
        expect(d.message, d.code).not.toMatch(/not \.|''|NaN|undefined/);
        expect(source.positionAt(d.range.start).line, d.code).toBeGreaterThanOrEqual(4);
      }
      if (first) expect(diagnostics.filter((d) => d.code === 'JIG1001').map((d) => d.message)[0]).toBe(first);
    }
    // The mutated file itself: its trigger moved into the type, so the parse lost its way twice.
    const mutated = [
      'type Letter {',
      '  trigger http post body Letter',
      '  file:   string @personal.contact',
      '}',
      '@purpose(automation, "Index letters")',
      '@data(personal.contact)',
      '@retain(30 days)',
      'flow index_letters_kept {',
      '  let document = parse document trigger.body.file',
      '  let chunks = chunk text document.text by carry tokens overlap 100',
      '  store { id: guid(), sender: trigger.body.sender, chunks: chunks.value } in cosmos("jigajob", "letters") @subject(contact, sender)',
      '  respond 202',
      '}',
    ].join('\n');
    for (const d of compileText('m.jig', mutated, { policy }).diagnostics) {
      expect(Number.isFinite(d.range.start) && Number.isFinite(d.range.end), `${d.code} ${d.message}`).toBe(true);
    }
  });

  it('reports an impossible time of day', () => {
    const text = 'flow f { trigger schedule every 1 day at 25:70 }';
    const { diagnostics } = parseText(text);
    expect(diagnostics.map((d) => [d.code, slice(text, d.range)])).toEqual([['JIG1008', '25:70']]);
  });

  it('reports each mistake of a file once, in order', () => {
    const text = 'flow f {\n  let a = (1\n  let b = [2\n  let c = {d: }\n  respond 200\n}';
    const { diagnostics, file } = parseText(text);
    // The '(' and the '[' are never closed (each named where it opens); the record misses a value.
    expect(diagnostics.map((d) => [d.code, slice(text, d.range)])).toEqual([['JIG1009', '('], ['JIG1009', '['], ['JIG1001', '}']]);
    expect(diagnostics.map((d) => d.message).slice(0, 2)).toEqual(["This '(' is never closed: add its ')' after '1'.", "This '[' is never closed: add its ']' after '2'."]);
    const starts = diagnostics.map((d) => d.range.start);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect((file.declarations[0] as Tree.FlowDecl).body.steps.map((s) => s.kind)).toEqual(['Let', 'Let', 'Let', 'Respond']);
  });
});

describe('one finding per cause', () => {
  const flow = (steps: string) => `flow f {\n  trigger http post\n${steps}\n  respond 200\n}\n`;

  it('names the brace a block left open, found by the indentation of the brace that closes the wrong one', () => {
    const text = flow('  for each x in [1, 2] {\n    let b = x\n  if b == 1 {\n    respond 201\n  }') + '\ntype T {\n  a: string @business.other\n}\n';
    const { diagnostics, file } = parseText(text);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['JIG1009', "This '{' is never closed: add its '}' where its block ends."]]);
    // The `{` of `for each`, not the flow's, which the last `}` (indented as the flow) was meant for.
    expect(diagnostics[0]!.range.start).toBe(text.indexOf('] {') + 2);
    expect(diagnostics[0]!.related![0]!.message).toBe("the parser found 'type' here, with it still open");
    expect(file.declarations.map((d) => d.kind)).toEqual(['Flow', 'TypeDecl']);
  });

  it('names the bracket or parenthesis left open, and where its closer goes', () => {
    expect(messages(flow('  let a = [1, 2\n  let b = a'))).toEqual(["This '[' is never closed: add its ']' after '2'."]);
    expect(messages(flow('  let a = max(1, "x"\n  let b = a'))).toEqual(["This '(' is never closed: add its ')' after the string."]);
  });

  it('reports a string left open once, at its opening quote, without the errors of its line', () => {
    const text = flow('  let a = { x: "abc, y: "d" }\n  let b = a');
    const { diagnostics, file } = parseText(text);
    expect(diagnostics.map((d) => d.code)).toEqual(['JIG1003']);
    expect(slice(text, diagnostics[0]!.range)).toBe('"');
    expect(diagnostics[0]!.message).toBe(
      'The string opened here is not closed: add a `"` before the end of the line. Quotes pair up from the start of the line, so `"abc, y: "` is read as one string: a quote may be missing there.',
    );
    // The `}` at the line's end still closes the record: the steps after it are read as written.
    expect((file.declarations[0] as Tree.FlowDecl).body.steps.map((s) => s.kind)).toEqual(['Let', 'Let', 'Respond']);
  });

  it('keeps the closing brackets after a string left open in a call', () => {
    const text = flow('  let a = max(1, "x)\n  let b = 2');
    const { diagnostics, file } = parseText(text);
    expect(diagnostics.map((d) => [d.code, slice(text, d.range)])).toEqual([['JIG1003', '"x']]);
    expect(diagnostics[0]!.message).toBe('The string opened here is not closed: add a `"` before the end of the line.');
    expect((file.declarations[0] as Tree.FlowDecl).body.steps.map((s) => s.kind)).toEqual(['Let', 'Let', 'Respond']);
  });

  it('leaves an error alone when every bracket before it is closed', () => {
    expect(messages('flow f { frobnicate }')[0]).toMatch(/^Expected a step .* but found 'frobnicate'\.$/);
    expect(messages('flow f {\n  let a = (1 + )\n}')).toEqual(["Expected an expression after '+' but found ')'."]);
  });
});

describe('deep nesting', () => {
  const nestedIfs = (depth: number) => `flow f {\n${'if x {\n'.repeat(depth)}respond 1\n${'}\n'.repeat(depth)}}\n`;
  const nestedParens = (depth: number) => `flow f {\n  let a = ${'('.repeat(depth)}1${')'.repeat(depth)}\n}\n`;

  function ifDepth(block: Tree.Block): number {
    let depth = 0;
    let current = block;
    while (current.steps[0]?.kind === 'If') {
      current = (current.steps[0] as Tree.IfStep).then;
      depth++;
    }
    return depth;
  }

  it('parses 200 nested ifs', () => {
    const { diagnostics, file } = parseText(nestedIfs(200));
    expect(diagnostics).toEqual([]);
    expect(ifDepth((file.declarations[0] as Tree.FlowDecl).body)).toBe(200);
  });

  it('parses 200 nested parentheses', () => {
    const { diagnostics, file } = parseText(nestedParens(200));
    expect(diagnostics).toEqual([]);
    expect(((file.declarations[0] as Tree.FlowDecl).body.steps[0] as Tree.LetStep).value).toMatchObject({ kind: 'Number', value: 1 });
  });

  it('reports nesting beyond the limit instead of overflowing the stack', () => {
    for (const text of [nestedIfs(300), nestedParens(1000), nestedParens(100_000), `flow f { let a = ${'['.repeat(5000)} }`]) {
      const { diagnostics } = parseText(text);
      expect(diagnostics.map((d) => d.code)).toContain('JIG1005');
    }
    const { diagnostics, file } = parseText(nestedIfs(300));
    expect(diagnostics.map((d) => d.code)).toEqual(['JIG1005']);
    expect(diagnostics[0]!.message).toContain(`more than ${MAX_NESTING_DEPTH} levels`);
    expect(ifDepth((file.declarations[0] as Tree.FlowDecl).body)).toBe(MAX_NESTING_DEPTH);
  });

  const elseIfChain = (links: number) =>
    `flow f {\n  if x == 0 {\n    respond 1\n  }${Array.from({ length: links }, (_, i) => ` else if x == ${i + 1} {\n    respond 1\n  }`).join('')} else {\n    respond 2\n  }\n}\n`;

  /** The If steps of the chain that starts the flow, and its final `else` block if it kept one. */
  function chainOf(file: Tree.JigFile): { links: Tree.IfStep[]; otherwise?: Tree.Block } {
    const links: Tree.IfStep[] = [];
    let current: Tree.Block | Tree.IfStep | undefined = (file.declarations[0] as Tree.FlowDecl).body.steps[0] as Tree.IfStep;
    while (current?.kind === 'If') {
      links.push(current);
      current = current.else;
    }
    return { links, ...(current && { otherwise: current }) };
  }

  it('reads an else-if chain into Ifs nested in the else of the one before, each reaching to the end of the chain', () => {
    const text = elseIfChain(200);
    const { diagnostics, file } = parseText(text);
    expect(diagnostics).toEqual([]);
    const { links, otherwise } = chainOf(file);
    expect(links).toHaveLength(201);
    expect(links.map((link) => slice(text, link.condition.range))).toEqual(Array.from({ length: 201 }, (_, i) => `x == ${i}`));
    const end = text.lastIndexOf('}', text.length - 3) + 1;
    expect(new Set(links.map((link) => link.range.end))).toEqual(new Set([end]));
    expect(slice(text, links[7]!.range).startsWith('if x == 7 {')).toBe(true);
    expect(otherwise?.steps.map((step) => step.kind)).toEqual(['Respond']);
  });

  it('cuts an else-if chain of thousands where it nests the steps past the limit (JIG1016), without overflowing the stack', () => {
    const text = elseIfChain(5_000);
    const { diagnostics, file } = parseText(text);
    expect(diagnostics.map((d) => d.code)).toEqual(['JIG1016']);
    expect(diagnostics[0]!.message).toContain(`more than ${MAX_NESTING_DEPTH} levels deep`);
    // The flow's block is a level, and each link one more: the link at MAX_NESTING_DEPTH + 1 is cut with the rest.
    const { links, otherwise } = chainOf(file);
    expect(links).toHaveLength(MAX_NESTING_DEPTH);
    expect(otherwise).toBeUndefined();
    expect(slice(text, diagnostics[0]!.range)).toBe('if');
    expect(text.slice(diagnostics[0]!.range.start).startsWith(`if x == ${MAX_NESTING_DEPTH} {`)).toBe(true);
  });

  it('counts blocks and else-ifs alike: a chain at the bottom of nested blocks is cut sooner', () => {
    const text = `flow f {\n${'if x {\n'.repeat(200)}${elseIfChain(100).split('\n').slice(1, -2).join('\n')}\n${'}\n'.repeat(200)}}\n`;
    const { diagnostics } = parseText(text);
    expect(diagnostics.map((d) => d.code)).toEqual(['JIG1016']);
  });

  it('survives an error at the bottom of a deep nest', () => {
    const text = `flow f {\n${'if x {\n'.repeat(240)}let a = = 1\n${'}\n'.repeat(240)}}\nflow g { respond 1 }\n`;
    const result = parseText(text);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(flows(text).map((f) => f.name.name)).toEqual(['f', 'g']);
  });
});

describe('deep expressions', () => {
  const flowWith = (expression: string) => `flow f {\n  trigger schedule every 1 day\n  var n: integer = 0\n  let x = ${expression}\n  respond 1\n}\n`;

  it('parses a chain of operators, member accesses or minus signs up to the limit as it is', () => {
    for (const text of [flowWith(Array(300).fill('n').join(' + ')), flowWith(`trigger${'.a'.repeat(300)}`)]) {
      expect(parseText(text).diagnostics).toEqual([]);
    }
  });

  it('cuts a chain of thousands at the limit (JIG1015) instead of overflowing a later stage', () => {
    for (const text of [
      flowWith(`${'not '.repeat(20_000)}n == 1`),
      flowWith(`${'- '.repeat(5_000)}n`),
      flowWith(`if n == 0 then 0${Array.from({ length: 3_000 }, (_, i) => ` else if n == ${i + 1} then ${i + 1}`).join('')} else 1`),
      flowWith(Array(20_000).fill('n').join(' + ')),
      flowWith(Array(5_000).fill('n').join(' * ') + ' - 1'),
      flowWith(`trigger${'.a'.repeat(5_000)}`),
      flowWith(`[${Array(3_000).fill('n').join(' + ')}]`),
      flowWith(`"\${${Array(3_000).fill('n').join(' + ')}}"`),
    ]) {
      const { diagnostics, file } = parseText(text);
      // One finding per expression, though an `else if` chain is cut in its condition and its `else`.
      expect(diagnostics.map((d) => d.code)).toEqual(['JIG1015']);
      expect(diagnostics[0]!.message).toContain(`more than ${MAX_EXPRESSION_DEPTH} levels`);
      let deepest = 0;
      const depth = new Map<Tree.Node, number>();
      walk(file, (node, parent) => {
        const d = (parent ? depth.get(parent) ?? 0 : 0) + 1;
        depth.set(node, d);
        deepest = Math.max(deepest, d);
      });
      expect(deepest).toBeLessThan(MAX_EXPRESSION_DEPTH + 20);
    }
  });

  it('reports each too-deep expression of a file once, each where it is cut', () => {
    const chain = `if n == 0 then 0${Array.from({ length: 1_000 }, (_, i) => ` else if n == ${i + 1} then ${i + 1}`).join('')} else 1`;
    const { diagnostics } = parseText(flowWith(`[${chain}, ${chain}]`));
    expect(diagnostics.map((d) => d.code)).toEqual(['JIG1015']);
    const two = parseText(flowWith(chain).replace(chain, `${chain}\n  let other = ${Array(3_000).fill('n').join(' + ')}`));
    expect(two.diagnostics.map((d) => d.code)).toEqual(['JIG1015', 'JIG1015']);
  });

  it('reads prefix operators as before: not takes a comparison, minus what follows it', () => {
    const { file } = parseText(flowWith('not - n == 1 and not not n > 2'));
    const value = ((file.declarations[0] as Tree.FlowDecl).body.steps[1] as Tree.LetStep).value as Tree.BinaryExpression;
    expect(value.operator).toBe('and');
    expect(value.left).toMatchObject({ kind: 'Unary', operator: 'not', operand: { kind: 'Binary', operator: '==', left: { kind: 'Unary', operator: '-' } } });
    expect(value.right).toMatchObject({ kind: 'Unary', operator: 'not', operand: { kind: 'Unary', operator: 'not', operand: { kind: 'Binary', operator: '>' } } });
  });

  it('says where the parser ran out of stack in what nests without brackets (JIG1017), and compiles none of the file', () => {
    const text = flowWith(`${'if n == 1 then '.repeat(20_000)}1${' else 2'.repeat(20_000)}`);
    const { diagnostics, file } = parseText(text);
    expect(diagnostics.map((d) => d.code)).toEqual(['JIG1017']);
    expect(diagnostics[0]!.range.start).toBeGreaterThan(text.indexOf('let x'));
    expect(diagnostics[0]!.range.start).toBeLessThan(text.indexOf(' else 2'));
    expect(file.declarations).toEqual([]);
  });
});
