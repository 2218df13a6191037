import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatSource } from '../../compiler/src/syntax/printer.js';
import { SourceFile } from '../../compiler/src/syntax/source.js';
import { walk } from '../../compiler/src/syntax/visit.js';
import { parseText, readFixture, withoutRanges } from './helpers.js';

const sample = readFixture('all-constructs.jig');

/** Pieces of Jig, so that random text is often almost Jig. */
const piece = fc.constantFrom(
  'flow', 'f', '{', '}', '(', ')', '[', ']', 'let', 'x', '=', '1', '"s"', '"${', '@purpose', 'if', 'else', 'trigger',
  'http', 'post', 'body', '.', ',', ':', 'where', 'select', 'not', '-', '+', '==', '\n', ' ', '/*', '*/', '//', '///',
  'type', 'T', '@a.b', 'store', 'in', 'cosmos', 'call', 'respond', '200', 'switch', 'case', 'default', 'try', 'catch',
);

function checkInvariants(text: string): void {
  const { file, diagnostics, comments } = parseText(text);
  for (const diagnostic of diagnostics) {
    expect(diagnostic.range.start).toBeGreaterThanOrEqual(0);
    expect(diagnostic.range.end).toBeLessThanOrEqual(text.length);
    expect(diagnostic.range.start).toBeLessThanOrEqual(diagnostic.range.end);
    expect(diagnostic.message).not.toMatch(/-->|<--|\[object|undefined|NaN|Token|EOF/);
  }
  walk(file, (node) => {
    expect(node.range.start, node.kind).toBeGreaterThanOrEqual(0);
    expect(node.range.end, node.kind).toBeLessThanOrEqual(text.length);
    expect(node.range.start, node.kind).toBeLessThanOrEqual(node.range.end);
  });
  for (const comment of comments) expect(text.slice(comment.range.start, comment.range.end)).toBe(comment.text);
  const formatted = formatSource(new SourceFile('fuzz.jig', text));
  if (formatted) {
    expect(formatSource(new SourceFile('fuzz.jig', formatted.text))?.text).toBe(formatted.text);
    expect(withoutRanges(parseText(formatted.text).file)).toEqual(withoutRanges(file));
  }
}

describe('robustness', () => {
  it('never throws on random token soup, and keeps every range inside the text', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => checkInvariants(pieces.join(' '))),
      { numRuns: 300 },
    );
  });

  it('never throws on any prefix or any one-character deletion of a real file', () => {
    for (let end = 0; end <= sample.length; end += 37) checkInvariants(sample.slice(0, end));
    for (let at = 0; at < sample.length; at += 53) checkInvariants(sample.slice(0, at) + sample.slice(at + 1));
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80, unit: 'binary' }), (text) => checkInvariants(text)), { numRuns: 300 });
  });
});
