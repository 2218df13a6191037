/** The formatter's document layout: groups on one line when they fit, marks carried to lines. */
import { describe, expect, it } from 'vitest';
import { group, hardLine, indent, join, layout, line, mark, softLine, type Doc } from '../../compiler/src/syntax/layout.js';

const list = (items: readonly Doc[]): Doc => group(['[', indent([softLine, join([',', line], items)]), softLine, ']']);
const texts = (doc: Doc, width: number) => layout(doc, width, 2).map((laid) => '  '.repeat(laid.indent) + laid.text);

describe('layout', () => {
  it('prints a group on one line when it fits, and breaks every line of it when it does not', () => {
    const doc = list(['aaa', 'bbb', 'ccc']);
    expect(texts(doc, 15)).toEqual(['[aaa, bbb, ccc]']);
    expect(texts(doc, 14)).toEqual(['[', '  aaa,', '  bbb,', '  ccc', ']']);
  });

  it('judges an inner group again once the outer one is broken', () => {
    const doc = list([list(['a', 'b']), 'cccccccccc']);
    expect(texts(doc, 12)).toEqual(['[', '  [a, b],', '  cccccccccc', ']']);
  });

  it('counts the text after a group, up to the next line break, against the width', () => {
    const doc = ['x = ', list(['aa', 'bb']), ' + tail'];
    expect(texts(doc, 19)).toEqual(['x = [aa, bb] + tail']);
    expect(texts(doc, 18)).toEqual(['x = [', '  aa,', '  bb', '] + tail']);
  });

  it('breaks every group around a hard line', () => {
    expect(texts(group(['a', line, 'b', hardLine, 'c']), 80)).toEqual(['a', 'b', 'c']);
    expect(texts(group(['a', line, 'b'], true), 80)).toEqual(['a', 'b']);
  });

  it('tells each line the source offsets its marked content starts and ends at', () => {
    const doc = group(['{', mark(undefined, 1), indent([line, mark(5, undefined), 'a', mark(undefined, 9)]), line, '}', mark(undefined, 12)], true);
    expect(layout(doc, 80, 2).map(({ start, end }) => [start, end])).toEqual([
      [undefined, 1],
      [5, 9],
      [undefined, 12],
    ]);
  });
});
