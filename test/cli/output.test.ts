import { describe, expect, it } from 'vitest';
import { useColor } from '../../compiler/src/cli/output.js';

describe('colour', () => {
  const terminal = { write: () => true, isTTY: true };
  const pipe = { write: () => true };

  it('is used on a terminal unless NO_COLOR is set to something', () => {
    expect(useColor(terminal, {})).toBe(true);
    expect(useColor(terminal, { NO_COLOR: '' })).toBe(true);
    expect(useColor(terminal, { NO_COLOR: '1' })).toBe(false);
  });

  it('is never used in a pipe or a file', () => {
    expect(useColor(pipe, {})).toBe(false);
  });
});
