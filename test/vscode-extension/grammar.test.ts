import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYWORDS } from '../../compiler/src/syntax/tree.js';
import { renderScopes, tokenize } from './tokenize.js';

const here = import.meta.dirname;
const fixtures = join(here, 'fixtures');
const golden = join(here, 'golden');
const examples = join(here, '..', '..', 'examples');
const update = process.env.JIG_UPDATE_BASELINES === '1';

function scopesOf(tokens: Awaited<ReturnType<typeof tokenize>>, text: string): string[][] {
  return tokens.filter((token) => token.text === text).map((token) => [...token.scopes]);
}

describe('TextMate grammar: golden scopes', () => {
  for (const name of readdirSync(fixtures).filter((file) => file.endsWith('.jig'))) {
    it(name, async () => {
      const actual = renderScopes(await tokenize(readFileSync(join(fixtures, name), 'utf8')));
      const goldenFile = join(golden, `${name}.scopes`);
      if (update || !existsSync(goldenFile)) writeFileSync(goldenFile, actual);
      expect(actual, `regenerate with JIG_UPDATE_BASELINES=1 if the change is intended`).toBe(
        readFileSync(goldenFile, 'utf8'),
      );
    });
  }
});

/** Keywords that the language also lets stand as names (`let mail = …`, `mail.from`, `{ body: … }`). */
function isName(scopes: readonly string[]): boolean {
  return ['variable.other.property.jig', 'variable.other.declaration.jig', 'variable.other.jig'].includes(scopes.at(-1) ?? '');
}

describe('TextMate grammar: the examples', () => {
  const files = existsSync(examples) ? readdirSync(examples).filter((file) => file.endsWith('.jig')) : [];
  for (const name of files) {
    it(`gives every character of ${name} a scope and every keyword a keyword scope`, async () => {
      const tokens = await tokenize(readFileSync(join(examples, name), 'utf8'));
      const unscoped = tokens.filter((token) => token.text.trim() !== '' && token.scopes.length === 0);
      expect(unscoped).toEqual([]);
      const keywordScope = /^(keyword|storage|constant\.language|variable\.language)\./;
      for (const token of tokens) {
        const inComment = token.scopes.some((scope) => scope.startsWith('comment.'));
        const inStringText = token.scopes.some((scope) => scope.startsWith('string.')) && !token.scopes.includes('meta.interpolation.jig');
        if (inComment || inStringText) continue;
        if ((KEYWORDS as readonly string[]).includes(token.text) && !isName(token.scopes)) {
          expect(token.scopes.at(-1), `${name}:${token.line + 1} ${token.text}`).toMatch(keywordScope);
        }
      }
    });
  }
});

describe('TextMate grammar: constructs', () => {
  it('tells annotations from data categories', async () => {
    const tokens = await tokenize('@data(business.email)\ntype T {\n  a: string @personal.name\n}');
    expect(scopesOf(tokens, 'data')).toEqual([['meta.annotation.jig', 'storage.type.annotation.jig']]);
    expect(scopesOf(tokens, 'business.email')).toEqual([['meta.annotation.jig', 'constant.other.jig']]);
    expect(scopesOf(tokens, 'personal.name')).toEqual([['constant.other.category.jig']]);
    expect(scopesOf(tokens, 'T')).toEqual([['entity.name.type.jig']]);
  });

  it('scopes a field that may be left out (`name?: T`) as a field with an optional mark', async () => {
    const tokens = await tokenize('type T {\n  nickname?: string @personal.name\n  age: integer?\n}');
    expect(scopesOf(tokens, 'nickname')).toEqual([['variable.other.property.jig']]);
    expect(scopesOf(tokens, '?')).toEqual([['keyword.operator.optional.jig'], ['keyword.operator.optional.jig']]);
    expect(scopesOf(tokens, ':')).toEqual([['punctuation.separator.key-value.jig'], ['punctuation.separator.key-value.jig']]);
  });

  it('scopes `html table` and `csv table` as keywords, and the words alone as names', async () => {
    const tokens = await tokenize('  let page = html table rows\n  let sheet = csv table rows\n  let table = html');
    expect(scopesOf(tokens, 'html')[0]).toEqual(['keyword.other.jig']);
    expect(scopesOf(tokens, 'csv')).toEqual([['keyword.other.jig']]);
    expect(scopesOf(tokens, 'table').slice(0, 2)).toEqual([['keyword.other.jig'], ['keyword.other.jig']]);
    expect(scopesOf(tokens, 'table')[2]!.at(-1)).not.toBe('keyword.other.jig');
    expect(scopesOf(tokens, 'html')[1]!.at(-1)).not.toBe('keyword.other.jig');
  });

  it("scopes a param's annotation above it as an annotation", async () => {
    const tokens = await tokenize('@name("FolderName_#workflowname#")\nparam folderName: string');
    expect(scopesOf(tokens, 'name')).toEqual([['meta.annotation.jig', 'storage.type.annotation.jig']]);
    expect(scopesOf(tokens, 'param')).toEqual([['storage.type.jig']]);
  });

  it('scopes interpolations inside strings as code', async () => {
    const tokens = await tokenize('fail "Invoice ${invoice.number} failed"');
    expect(scopesOf(tokens, 'fail')).toEqual([['keyword.control.jig']]);
    expect(scopesOf(tokens, '${')[0]).toEqual([
      'string.quoted.double.jig',
      'meta.interpolation.jig',
      'punctuation.section.interpolation.begin.jig',
    ]);
    expect(scopesOf(tokens, 'invoice')[0]).toContain('meta.interpolation.jig');
    expect(scopesOf(tokens, ' failed')[0]).toEqual(['string.quoted.double.jig']);
  });

  it('ends an unterminated string at the end of its line', async () => {
    const tokens = await tokenize('let a = "open\nlet b = 1');
    expect(scopesOf(tokens, 'let')).toEqual([['storage.type.jig'], ['storage.type.jig']]);
  });

  it('scopes durations, doc comments and block comments', async () => {
    const tokens = await tokenize('/// Doc.\n@retain(2 years) /* note */\nwait 5 minutes');
    expect(scopesOf(tokens, ' Doc.')).toEqual([['comment.line.documentation.jig']]);
    expect(scopesOf(tokens, 'years')).toEqual([['meta.annotation.jig', 'keyword.other.unit.jig']]);
    expect(scopesOf(tokens, 'minutes')).toEqual([['keyword.other.unit.jig']]);
    expect(scopesOf(tokens, ' note ')).toEqual([['comment.block.jig']]);
  });

  it('scopes the newer constructs: conditional values, parallel, parse json, schedules, @retry, delete', async () => {
    const text = [
      'trigger schedule every 1 week on monday at 09:00',
      'let a: string = if x then "y" else "z"',
      'let p = parse json q as T',
      'parallel {',
      '  call http get u @retry(fixed, 3 times, 10 seconds) @timeout(1 minute)',
      '} and {',
      '  wait 1 second',
      '}',
      'delete d.id from cosmos("db", "people") partition d.key',
    ].join('\n');
    const tokens = await tokenize(text);
    expect(scopesOf(tokens, 'on')).toEqual([['keyword.other.jig']]);
    expect(scopesOf(tokens, 'then')).toEqual([['keyword.control.jig']]);
    expect(scopesOf(tokens, 'parallel')).toEqual([['keyword.control.jig']]);
    expect(scopesOf(tokens, 'parse')).toEqual([['keyword.other.jig']]);
    expect(scopesOf(tokens, 'as')).toEqual([['keyword.other.jig']]);
    expect(scopesOf(tokens, 'retry')).toEqual([['meta.annotation.jig', 'storage.type.annotation.jig']]);
    expect(scopesOf(tokens, 'times')).toEqual([['meta.annotation.jig', 'keyword.other.unit.jig']]);
    expect(scopesOf(tokens, 'timeout')).toEqual([['meta.annotation.jig', 'storage.type.annotation.jig']]);
    for (const word of ['delete', 'from', 'partition']) expect(scopesOf(tokens, word)).toEqual([['keyword.other.jig']]);
  });

  it('scopes `scope` as a keyword before its block only: elsewhere it is a name', async () => {
    const block = await tokenize('scope {\n  wait 1 second\n}');
    expect(scopesOf(block, 'scope')).toEqual([['keyword.control.jig']]);
    const name = await tokenize('let scope = 1');
    expect(scopesOf(name, 'scope')).not.toContainEqual(['keyword.control.jig']);
  });
});
