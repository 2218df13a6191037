import { expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { SourceFile } from '../../compiler/src/syntax/source.js';
import { parse } from '../../compiler/src/syntax/parser.js';
import { analyze } from '../../compiler/src/semantics/checker.js';
import { testPolicy } from './helpers.js';

const EXAMPLES = new URL('../../examples/', import.meta.url);
const texts = readdirSync(EXAMPLES)
  .filter((name) => name.endsWith('.jig'))
  .map((name) => readFileSync(new URL(name, EXAMPLES), 'utf8'));
const policy = testPolicy();

/** Analyses a broken text and queries the model everywhere the editor would; nothing may throw. */
function survive(text: string): void {
  const model = analyze(parse(new SourceFile('broken.jig', text)).file, { policy });
  for (const diagnostic of model.diagnostics) {
    expect(diagnostic.range.start).toBeLessThanOrEqual(diagnostic.range.end);
    expect(diagnostic.message).not.toMatch(/undefined|\[object/);
  }
  for (let offset = 0; offset <= text.length; offset += 97) model.symbolsInScopeAt(offset);
}

test('every prefix of every example, cut at each line, analyses without throwing', () => {
  for (const text of texts) {
    const lines = text.split('\n');
    for (let i = 0; i <= lines.length; i++) survive(lines.slice(0, i).join('\n'));
  }
});

test('every example with one line removed analyses without throwing', () => {
  for (const text of texts) {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) survive([...lines.slice(0, i), ...lines.slice(i + 1)].join('\n'));
  }
});

test('deep nesting does not overflow', () => {
  const ifs = 200;
  const body = `${'if true {\n'.repeat(ifs)}wait 1 day\n${'}\n'.repeat(ifs)}`;
  survive(`flow f {\n  trigger schedule every 1 day\n${body}}\n`);
  survive(`flow f {\n  trigger schedule every 1 day\n  let x = ${'('.repeat(200)}1${')'.repeat(200)} + 1\n}\n`);
});
