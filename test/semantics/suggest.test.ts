import { expect, test } from 'vitest';
import { editDistance, suggest } from '../../compiler/src/util/suggest.js';

test('the closest plausible candidate, case-only differences first', () => {
  expect(suggest('invoise', ['invoice', 'total'])).toBe('invoice');
  expect(suggest('Total', ['totals', 'total'])).toBe('total');
  expect(suggest('x', ['y'])).toBe('y');
  expect(suggest('amount', ['vendorEmail', 'lines'])).toBeUndefined();
  expect(suggest('same', ['same'])).toBeUndefined();
  // Ties go to the alphabetically first candidate, so messages are stable.
  expect(suggest('cat', ['cut', 'bat'])).toBe('bat');
});

test('edit distance', () => {
  expect(editDistance('kitten', 'sitting')).toBe(3);
  expect(editDistance('', 'abc')).toBe(3);
  expect(editDistance('abc', 'abc')).toBe(0);
  expect(editDistance('abcdef', 'uvwxyz', 2)).toBeGreaterThan(2);
});

test('a swap of neighbouring letters is one edit, so a transposed typo still finds its word', () => {
  expect(editDistance('buidl', 'build')).toBe(1);
  expect(editDistance('ab', 'ba')).toBe(1);
  expect(suggest('buidl', ['check', 'build', 'fmt'])).toBe('build');
  expect(suggest('chekc', ['check', 'build'])).toBe('check');
});
