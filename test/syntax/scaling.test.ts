import { describe, expect, it } from 'vitest';
import { parseText, readFixture } from './helpers.js';

/**
 * Not a benchmark (the machine is shared): a guard against work that grows faster than the
 * input. A file ten times longer must not cost much more than ten times as much.
 */
describe('scaling', () => {
  const unit = readFixture('all-constructs.jig');

  function cpuMillis(copies: number): number {
    const text = Array(copies).fill(unit).join('\n');
    parseText(text);
    const before = process.cpuUsage();
    const { diagnostics } = parseText(text);
    const used = process.cpuUsage(before);
    expect(diagnostics).toEqual([]);
    return (used.user + used.system) / 1000;
  }

  it('parses in time linear in the length of the file', () => {
    const small = Math.max(1, cpuMillis(10));
    const large = cpuMillis(100);
    expect(large / small).toBeLessThan(30);
  });

  it('parses 10,000 lines within a generous bound', () => {
    expect(cpuMillis(Math.ceil(10_000 / unit.split('\n').length))).toBeLessThan(3_000);
  });
});
