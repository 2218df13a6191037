/** `jig eval` as a user runs it: one expression, or a JSON array on standard input. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runJig } from './run-cli.js';

beforeAll(ensureBuilt, 60_000);

describe('jig eval', () => {
  it('prints the JSON value of an expression', () => {
    const run = runJig(['eval', '@add(1, 2)']);
    expect(run).toMatchObject({ status: 0, stdout: '3\n', stderr: '' });
    expect(runJig(['eval', "@json('{\"a\": [1, 2.5]}')"]).stdout).toBe('{"a":[1,2.5]}\n');
    expect(runJig(['eval', 'Total: @{mul(2, 21)}']).stdout).toBe('"Total: 42"\n');
  });

  it('uses --now as the clock', () => {
    expect(runJig(['eval', "@utcNow('D')", '--now', '2018-04-15T13:00:00Z']).stdout).toBe('"Sunday, April 15, 2018"\n');
  });

  it('prints an error on stderr and exits 1', () => {
    const run = runJig(['eval', '@div(1, 0)']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe("jig eval: The template language function 'div' cannot divide by zero.\n");
  });

  it('evaluates a JSON array from stdin, one result each, a bad one stopping nothing', () => {
    const run = runJig(['eval', '--stdin'], { input: JSON.stringify(['@add(1, 2)', '@nosuch()', "@xpath('<a/>', '/a')", 7, 'text']) });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { value: 3 },
      { error: "The template language function 'nosuch' is not defined or not valid." },
      { error: "The XPath expression '/a' (jig run evaluates only sum(/a/b) and count(/a/b) over element names) is not supported by jig run" },
      { error: 'Not a string: 7' },
      { value: 'text' },
    ]);
  });

  it('refuses stdin that is not a JSON array, and a missing expression, with exit 2', () => {
    expect(runJig(['eval', '--stdin'], { input: '{"a": 1}' })).toMatchObject({ status: 2, stderr: 'jig eval: standard input must be a JSON array of expression strings\n' });
    expect(runJig(['eval', '--stdin'], { input: '[1,' }).status).toBe(2);
    expect(runJig(['eval']).status).toBe(2);
    expect(runJig(['eval', '@x()', '--now', 'yesterday']).stderr).toMatch(/--now must be an ISO 8601 timestamp/);
  });
});
