// The fast parser (fast-parser.ts) reads files without syntax errors in front of the chevrotain
// grammar, which reads again every file where the fast parser gives up. Where the fast parser
// accepts a text, the result must be exactly the grammar's: the same tree (same nodes, fields, key
// order, ranges), the same diagnostics, the same comments. This compares the two on every .jig
// file of the repository, every ```jig block of the README, programs generated from the grammar
// (which the fast parser must accept) and mutants of them (which it must read exactly as the
// grammar, or give up).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, parseFastOnly, type ParseResult } from '../../compiler/src/syntax/parser.js';
import { SourceFile } from '../../compiler/src/syntax/source.js';
import { lexText } from '../../compiler/src/syntax/lexer.js';

const root = join(import.meta.dirname, '../..');

/** Generated programs a run (six times as many mutants); JIG_FAST_PARSER_RUNS=5000 searches longer. */
const RUNS = Number(process.env['JIG_FAST_PARSER_RUNS'] ?? 150);

/** The fast parser's reading of `text`, compared with the grammar's; whether it accepted. */
function compare(text: string): boolean {
  const source = new SourceFile('compared.jig', text);
  const fast = parseFastOnly(source);
  if (!fast) return false;
  const grammar = parse(source, { grammarOnly: true });
  expectSame(fast, grammar, text);
  return true;
}

function expectSame(fast: ParseResult, grammar: ParseResult, text: string): void {
  // JSON keeps the key order, which toStrictEqual does not compare; toStrictEqual sees what JSON drops.
  expect(JSON.stringify(fast.file), text).toBe(JSON.stringify(grammar.file));
  expect(fast, text).toStrictEqual(grammar);
}

const repositoryFiles = execFileSync('git', ['ls-files', '*.jig'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((path) => path !== '');

const readmeBlocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```jig\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe('the fast parser reads as the grammar does', () => {
  it('every .jig file of the repository, and accepts those without a syntax error', () => {
    expect(repositoryFiles.length).toBeGreaterThan(100);
    let accepted = 0;
    for (const path of repositoryFiles) {
      const text = readFileSync(join(root, path), 'utf8');
      if (compare(text)) accepted++;
      else expect(parse(new SourceFile(path, text), { grammarOnly: true }).diagnostics.some(isSyntaxError), path).toBe(true);
    }
    expect(accepted).toBeGreaterThan(repositoryFiles.length / 2);
  });

  it("every ```jig block of the README", () => {
    expect(readmeBlocks.length).toBeGreaterThan(20);
    for (const text of readmeBlocks) compare(text);
  });

  it('programs generated from the grammar, which it accepts', () => {
    fc.assert(
      fc.property(program, separators, (tokens, between) => {
        expect(compare(layout(tokens, between)), layout(tokens, between)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('mutants of generated programs: the same reading, or it gives up', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(program, separators, mutations, (tokens, between, changes) => {
        if (compare(layout(mutate(tokens, changes), between))) accepted++;
        else refused++;
      }),
      { numRuns: 6 * RUNS },
    );
    // Both sides of the property are exercised.
    expect(accepted).toBeGreaterThan(RUNS / 5);
    expect(refused).toBeGreaterThan(RUNS / 5);
  }, 120_000);

  it('every prefix and every one-token deletion of a real file', () => {
    const text = readFileSync(join(root, 'test/syntax/fixtures/all-constructs.jig'), 'utf8');
    for (let end = 0; end <= text.length; end += 37) compare(text.slice(0, end));
    for (const token of lexText(text).tokens) compare(text.slice(0, token.startOffset) + text.slice(token.startOffset + token.image.length));
  });
});

/** A diagnostic the grammar reports for a token it did not expect (JIG1xxx of the parser, not the lexer's). */
function isSyntaxError(diagnostic: { code: string; message: string }): boolean {
  return diagnostic.code.startsWith('JIG1');
}

// ---------------------------------------------------------------------------------------------
// A generator of syntactically valid Jig, from the grammar: a program is a list of tokens (and
// `\n` where a line break matters), laid out with random whitespace and comments between them.

type Tokens = readonly string[];

const cat = (...parts: (Tokens | string)[]): string[] => parts.flatMap((part) => (typeof part === 'string' ? [part] : part));

const identifier = fc.constantFrom('a', 'b', 'order', 'x1', '_y', 'Items', 'raw', 'action', 'scope', 'schema', 'name', 'json', 'post', 'days');
/** Where a keyword may serve as a name (fields, members, record fields, header names). */
const anyName = fc.oneof(identifier, fc.constantFrom('type', 'body', 'from', 'select', 'where', 'in', 'to', 'default', 'not', 'if', 'flow', 'trigger'));
const string = fc.constantFrom('"s"', '""', '"a b"', '"\\n\\t\\"\\u{41}"', '"bad \\q escape"', '"$ and {"', '"x ${a} y"', '"${a.b + 1}"', '"${f("in ${b}")}"');
const number = fc.constantFrom('0', '1', '42', '2.5', '1e3', '007');
const typeRef: fc.Arbitrary<Tokens> = fc
  .tuple(fc.constantFrom('string', 'number', 'T', 'Order', 'datetime'), fc.array(fc.constantFrom(['[', ']'], ['?']), { maxLength: 2 }))
  .map(([name, suffixes]) => cat(name, ...suffixes));
const duration = fc.tuple(number, fc.constantFrom('minutes', 'hours', 'days', 's')).map(([amount, unit]) => [amount, unit]);

const { expression } = fc.letrec<{ expression: Tokens; operand: Tokens; primary: Tokens; postfix: Tokens }>((tie) => ({
  expression: fc
    .tuple(
      tie('operand'),
      fc.array(
        fc.oneof(
          { weight: 5, arbitrary: fc.tuple(fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', 'and', 'or', 'where'), tie('operand')).map(([op, operand]) => cat(op, operand)) },
          { weight: 1, arbitrary: recordOf(tie('expression')).map((record) => cat('select', record)) },
        ),
        { maxLength: 2 },
      ),
    )
    .map(([first, rest]) => cat(first, ...rest)),
  operand: fc.tuple(fc.array(fc.constantFrom('not', '-'), { maxLength: 2 }), tie('postfix')).map(([prefixes, postfix]) => cat(...prefixes, postfix)),
  postfix: fc
    .tuple(
      tie('primary'),
      fc.array(
        fc.oneof(
          anyName.map((name) => ['.', name]),
          // A keyword on the next line is no member: `a.` then a step (here, in the list, another name).
          fc.constant(['.', '\n', 'a']),
          tie('expression').map((index) => cat('[', index, ']')),
        ),
        { maxLength: 1 },
      ),
    )
    .map(([primary, suffixes]) => cat(primary, ...suffixes)),
  primary: fc.oneof(
    { maxDepth: 2, depthIdentifier: 'expression' },
    { weight: 4, arbitrary: identifier.map((name) => [name]) },
    { weight: 2, arbitrary: string.map((s) => [s]) },
    { weight: 2, arbitrary: number.map((n) => [n]) },
    { weight: 1, arbitrary: fc.constantFrom(['true'], ['false'], ['null'], ['trigger']) },
    { weight: 1, arbitrary: fc.tuple(identifier, listOf(tie('expression'), ',')).map(([name, args]) => cat(name, '(', args, ')')) },
    { weight: 1, arbitrary: tie('expression').map((inner) => cat('(', inner, ')')) },
    { weight: 1, arbitrary: recordOf(tie('expression')) },
    { weight: 1, arbitrary: listOf(tie('expression'), ',').map((elements) => cat('[', elements, ']')) },
    { weight: 1, arbitrary: fc.tuple(tie('expression'), tie('expression'), tie('expression')).map(([c, t, e]) => cat('if', c, 'then', t, 'else', e)) },
  ),
}));

function recordOf(value: fc.Arbitrary<Tokens>): fc.Arbitrary<Tokens> {
  return listOf(fc.tuple(anyName, value).map(([name, v]) => cat(name, ':', v)), ',').map((fields) => cat('{', fields, '}'));
}

/**
 * Items, each followed by a separator but the last, where it may be left out. (Jig lets leave out
 * every comma, but then the next item may continue this one: `[a [0]]` is an index, `{ a: x where:
 * 1 }` a where; the mutants leave them out.)
 */
function listOf(item: fc.Arbitrary<Tokens>, separator: string): fc.Arbitrary<Tokens> {
  return fc
    .tuple(fc.array(item, { maxLength: 2 }), fc.boolean())
    .map(([items, trailing]) => cat(...items.map((tokens, i) => cat(tokens, i < items.length - 1 || trailing ? [separator] : []))));
}

const storeTarget = fc.tuple(identifier, fc.array(string, { maxLength: 2 })).map(([store, args]) => cat(store, '(', args.flatMap((arg, i) => (i > 0 ? [',', arg] : [arg])), ')'));

const { jsonValue } = fc.letrec<{ jsonValue: Tokens }>((tie) => ({
  jsonValue: fc.oneof(
    { maxDepth: 2 },
    { weight: 3, arbitrary: fc.constantFrom(['"v"'], ['1'], ['-', '2'], ['true'], ['false'], ['null'], ['"${a}"']) },
    { weight: 1, arbitrary: listOf(fc.tuple(string, tie('jsonValue')).map(([key, value]) => cat(key, ':', value)), ',').map((members) => cat('{', members, '}')) },
    { weight: 1, arbitrary: listOf(tie('jsonValue'), ',').map((elements) => cat('[', elements, ']')) },
  ),
}));
const jsonObject = listOf(fc.tuple(string, jsonValue).map(([key, value]) => cat(key, ':', value)), ',').map((members) => cat('{', members, '}'));

const annotation = fc.oneof(
  fc.constantFrom(['@share'], ['@retain'], ['@purpose']),
  fc
    .array(fc.oneof(string.map((s) => [s]), duration, number.map((n) => [n]), fc.constantFrom(['business', '.', 'transaction'], ['s03', '-', 'sharing'], ['a', '-', '1'], ['crm'])), { maxLength: 3 })
    .map((args) => cat('@allow', '(', ...args.map((arg, i) => (i > 0 ? cat(',', arg) : arg)), ')')),
);

const entries = listOf(fc.tuple(fc.oneof(string, anyName), expression).map(([name, value]) => cat(name, ':', value)), ',');
const httpCall = fc
  .tuple(
    // call http METHOD, call connector "KEY" METHOD, or call service "KEY" "PROVIDER" (`connector`, `service` names elsewhere)
    fc.oneof(
      fc.constantFrom('get', 'post', 'delete').map((method) => ['http', method]),
      fc.tuple(string, fc.constantFrom('get', 'post', 'delete')).map(([key, method]) => ['connector', key, method]),
      fc.tuple(string, string).map(([key, provider]) => ['service', key, provider]),
    ),
    expression,
    fc.option(entries, { nil: undefined }),
    fc.option(entries, { nil: undefined }),
    fc.option(expression, { nil: undefined }),
    fc.option(typeRef, { nil: undefined }),
  )
  .map(([via, url, queries, headers, body, returns]) =>
    cat(
      'call',
      ...via,
      url,
      queries ? cat('queries', '{', queries, '}') : [],
      headers ? cat('headers', '{', headers, '}') : [],
      body ? cat('body', body) : [],
      returns ? cat('returns', returns) : [],
    ),
  );
const flowCall = fc.tuple(identifier, fc.option(expression, { nil: undefined })).map(([name, argument]) => cat('call', 'flow', name, argument ? cat('with', argument) : []));
const rawAction = fc.tuple(string, jsonObject).map(([name, body]) => cat('raw', 'action', name, body));

const letValue = fc.oneof(
  { weight: 5, arbitrary: expression },
  {
    weight: 1,
    arbitrary: fc
      .tuple(storeTarget, fc.option(expression, { nil: undefined }), fc.option(expression, { nil: undefined }), fc.option(typeRef, { nil: undefined }))
      .map(([source, name, where, returns]) => cat('query', source, name ? cat('name', name) : [], where ? cat('where', where) : [], returns ? cat('returns', returns) : [])),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(expression, anyName, listOf(fc.tuple(anyName, identifier, fc.option(anyName, { nil: undefined })).map(([name, fn, field]) => cat(name, ':', fn, '(', field ? [field] : [], ')')), ','))
      .map(([source, by, outputs]) => cat('aggregate', source, 'by', by, '{', outputs, '}')),
  },
  { weight: 1, arbitrary: httpCall },
  { weight: 1, arbitrary: flowCall },
  { weight: 1, arbitrary: fc.tuple(expression, fc.oneof(typeRef.map((type) => cat('as', type)), jsonObject.map((schema) => cat('schema', schema)))).map(([content, rest]) => cat('parse', 'json', content, rest)) },
);

const { steps } = fc.letrec<{ steps: Tokens; step: Tokens; block: Tokens }>((tie) => ({
  steps: fc.array(tie('step'), { maxLength: 3 }).map((list) => cat(...list)),
  block: tie('steps').map((inner) => cat('{', inner, '}')),
  step: fc
    .tuple(
      fc.oneof(
        { maxDepth: 2, depthIdentifier: 'step' },
        { weight: 4, arbitrary: fc.tuple(identifier, fc.option(typeRef, { nil: undefined }), letValue).map(([name, type, value]) => cat('let', name, type ? cat(':', type) : [], '=', value)) },
        { weight: 1, arbitrary: fc.tuple(identifier, fc.option(typeRef, { nil: undefined }), rawAction).map(([name, type, raw]) => cat('let', name, type ? cat(':', type) : [], '=', raw)) },
        { weight: 1, arbitrary: fc.tuple(identifier, typeRef, fc.option(expression, { nil: undefined })).map(([name, type, value]) => cat('var', name, ':', type, value ? cat('=', value) : [])) },
        { weight: 1, arbitrary: fc.tuple(identifier, expression).map(([name, value]) => cat('set', name, '=', value)) },
        { weight: 1, arbitrary: fc.tuple(expression, identifier).map(([value, name]) => cat('append', value, 'to', name)) },
        { weight: 1, arbitrary: fc.tuple(expression, storeTarget).map(([value, target]) => cat('store', value, 'in', target)) },
        { weight: 1, arbitrary: fc.tuple(expression, storeTarget, fc.option(expression, { nil: undefined })).map(([id, target, partition]) => cat('delete', id, 'from', target, partition ? cat('partition', partition) : [])) },
        { weight: 1, arbitrary: fc.oneof(httpCall, flowCall) },
        { weight: 1, arbitrary: fc.tuple(identifier, expression, expression, expression).map(([connector, to, subject, body]) => cat('send', 'mail', connector, 'to', to, 'subject', subject, 'body', body)) },
        { weight: 1, arbitrary: fc.tuple(expression, storeTarget).map(([value, target]) => cat('send', value, 'to', target)) },
        {
          weight: 2,
          arbitrary: fc
            .tuple(expression, tie('block'), fc.array(fc.tuple(expression, tie('block')), { maxLength: 2 }), fc.option(tie('block'), { nil: undefined }))
            .map(([condition, then, links, otherwise]) => cat('if', condition, then, ...links.map(([c, b]) => cat('else', 'if', c, b)), otherwise ? cat('else', otherwise) : [])),
        },
        { weight: 1, arbitrary: fc.tuple(identifier, expression, tie('block')).map(([name, items, body]) => cat('for', 'each', name, 'in', items, body)) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(expression, fc.array(fc.tuple(fc.constantFrom(['"a"'], ['1'], ['-', '2'], ['true'], ['false']), tie('block')), { maxLength: 2 }), fc.option(tie('block'), { nil: undefined }))
            .map(([subject, cases, fallback]) => cat('switch', subject, '{', ...cases.map(([value, body]) => cat('case', value, body)), fallback ? cat('default', fallback) : [], '}')),
        },
        { weight: 1, arbitrary: fc.tuple(expression, tie('block')).map(([condition, body]) => cat('until', condition, body)) },
        { weight: 1, arbitrary: fc.tuple(tie('block'), fc.option(tie('block'), { nil: undefined })).map(([body, handler]) => cat('try', body, handler ? cat('catch', handler) : [])) },
        { weight: 1, arbitrary: tie('block').map((body) => cat('scope', body)) },
        { weight: 1, arbitrary: duration.map((d) => cat('wait', d)) },
        { weight: 1, arbitrary: fc.tuple(number, fc.option(expression, { nil: undefined })).map(([status, body]) => cat('respond', status, body ? cat('body', body) : [])) },
        { weight: 1, arbitrary: expression.map((message) => cat('fail', message)) },
        { weight: 1, arbitrary: fc.array(tie('block'), { minLength: 2, maxLength: 3 }).map((branches) => cat('parallel', ...branches.map((b, i) => (i > 0 ? cat('and', b) : b)))) },
        { weight: 1, arbitrary: rawAction },
      ),
      fc.array(annotation, { maxLength: 2 }),
    )
    .map(([step, annotations]) => cat(step, ...annotations)),
}));

const trigger = fc.oneof(
  fc
    .tuple(fc.option(fc.constantFrom('post', 'get'), { nil: undefined }), fc.option(fc.oneof(typeRef.map((type) => cat('body', type)), jsonObject.map((schema) => cat('schema', schema))), { nil: undefined }))
    .map(([method, body]) => cat('trigger', 'http', method ? [method] : [], body ?? [])),
  fc
    .tuple(
      duration,
      fc.option(fc.array(fc.constantFrom('monday', 'friday'), { minLength: 1, maxLength: 2 }), { nil: undefined }),
      fc.option(fc.array(fc.constantFrom(['9', ':', '30'], ['25', ':', '00'], ['7', ':', '5']), { minLength: 1, maxLength: 2 }), { nil: undefined }),
      fc.option(string, { nil: undefined }),
    )
    .map(([every, days, times, zone]) =>
      cat('trigger', 'schedule', 'every', every, days ? cat('on', ...days.map((d, i) => (i > 0 ? cat(',', d) : [d]))) : [], times ? cat('at', ...times.map((t, i) => (i > 0 ? cat(',', t) : t))) : [], zone ? cat('in', zone) : []),
    ),
  fc.tuple(identifier, string).map(([connector, folder]) => cat('trigger', 'mail', connector, 'folder', folder)),
  fc.tuple(storeTarget, fc.option(typeRef, { nil: undefined })).map(([source, body]) => cat('trigger', source, body ? cat('body', body) : [])),
  fc.tuple(string, jsonObject).map(([name, body]) => cat('trigger', 'raw', name, body)),
);

const fieldTag = fc.oneof(
  fc.constantFrom(['@personal', '.', 'contact'], ['@business', '.', 'transaction'], ['@secret']),
  fc.constantFrom(['@subject', '(', 'customer', ')'], ['@a', '.', 'b', '(', '1', 'days', ',', '"x"', ')']),
);

const declaration = fc.oneof(
  fc.tuple(identifier, fc.option(fc.constantFrom('2024-01-31', '2', '"2024-01-31"'), { nil: undefined })).map(([id, version]) => cat('policy', id, version ? cat('>=', version) : [])),
  fc
    .tuple(fc.array(annotation, { maxLength: 2 }), identifier, typeRef, fc.option(expression, { nil: undefined }))
    .map(([annotations, name, type, value]) => cat(...annotations, 'param', name, ':', type, value ? cat('=', value) : [])),
  fc
    .tuple(
      identifier,
      fc.array(
        fc.tuple(anyName, fc.boolean(), typeRef, fc.array(fc.tuple(fieldTag, fc.boolean()), { maxLength: 3 })).map(([name, optional, type, tags]) =>
          cat(name, optional ? ['?'] : [], ':', type, ...tags.map(([tag, comma], i) => (i > 0 && comma ? cat(',', tag) : tag))),
        ),
        { maxLength: 3 },
      ),
    )
    .map(([name, fields]) => cat('type', name, '{', ...fields, '}')),
  fc
    .tuple(fc.array(annotation, { maxLength: 2 }), identifier, fc.option(trigger, { nil: undefined }), steps)
    .map(([annotations, name, trig, body]) => cat(...annotations, 'flow', name, '{', trig ?? [], body, '}')),
);

const program = fc.array(declaration, { minLength: 1, maxLength: 3 }).map((list) => cat(...list));

/** What stands between two tokens: whitespace, comments, doc comments (which attach to what follows). */
const separators = fc.array(fc.constantFrom(' ', ' ', ' ', '\n', '\n  ', ' /* c */ ', ' // c\n', '\n/// doc\n', '\n/// one\n/// two\n'), { minLength: 1, maxLength: 8 });

function layout(tokens: Tokens, between: readonly string[]): string {
  let text = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === '\n') {
      text += '\n';
      continue;
    }
    // A keyword after `.` is its member only on the `.`'s line.
    text += token + (token === '.' ? ' ' : between[i % between.length]!);
  }
  return text;
}

/** One change to a token list: delete, duplicate, swap with the next, or put a token before. */
const mutation = fc.tuple(
  fc.constantFrom('delete', 'duplicate', 'swap', 'insert'),
  fc.nat(),
  fc.constantFrom('{', '}', '(', ')', '[', ']', ',', ':', '.', '=', '-', 'not', 'if', 'else', 'let', 'a', 'scope', 'raw', 'action', '@x', '"s"', '1', 'select', 'where', 'and', 'flow', 'trigger'),
);
const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });

function mutate(tokens: Tokens, changes: readonly (readonly [string, number, string])[]): string[] {
  const result = [...tokens];
  for (const [change, at, token] of changes) {
    const i = result.length === 0 ? 0 : at % result.length;
    if (change === 'delete') result.splice(i, 1);
    else if (change === 'duplicate' && result.length > 0) result.splice(i, 0, result[i]!);
    else if (change === 'swap' && i + 1 < result.length) [result[i], result[i + 1]] = [result[i + 1]!, result[i]!];
    else result.splice(i, 0, token);
  }
  return result;
}
