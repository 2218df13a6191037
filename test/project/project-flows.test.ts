import { describe, expect, it } from 'vitest';
import { declarationLikeNames } from '../../compiler/src/project/project-flows.js';

describe('the names a text could declare as flows', () => {
  it('finds `flow NAME` with blanks and comments between, not a call, a longer word or an annotation', () => {
    const text = [
      'flow a {',
      'call flow b',
      'call\t flow c',
      'recall flow d',
      'xflow e',
      '@flow f',
      'flow /* note */ g',
      'flow // note',
      '  h',
      'xflow flow i',
      'call flow flow j',
    ].join('\n');
    expect([...declarationLikeNames(text)].sort()).toEqual(['a', 'd', 'g', 'h', 'i', 'j']);
  });

  it('finds nothing in a text without the keyword', () => {
    expect(declarationLikeNames('type Flow { a: string }').size).toBe(0);
  });
});
