import { describe, expect, test } from 'vitest';
import { analyse, flowOf } from './helpers.js';

describe('secrets', () => {
  test('may be passed in headers and call bodies, and named by a let', () => {
    const r = analyse(flowOf(`
  let k = key
  call http post url headers { "x-api-key": key, accept: "application/json" } body { apiKey: k }
  call flow g with { token: key }`) + `
flow g {
  trigger http post body Tok
}
type Tok { token: string @system.operational }`);
    // The child's body declares a string, and a secret is no string: the one diagnostic says so.
    expect(r.diagnostics.map((d) => [d.code, r.text(d.range)])).toEqual([['JIG2020', 'key']]);
  });

  test.each([
    ['store { id: "1", k: key } in cosmos("db", "c")', '{ id: "1", k: key }', 'a store'],
    ['respond 200 body { k: key }', '{ k: key }', 'a response'],
    ['send mail office365 to "a@b.c" subject key body "x"', 'key', 'a mail'],
    ['fail key', 'key', 'a failure message'],
    ['fail "bad key \${key}"', 'key', 'a string interpolation'],
    ['let x = "Bearer " + key', 'key', "the operator '+'"],
    ['let x = toLower(key)', 'key', 'the function toLower()'],
    ['call http get "https://x/\${key}"', 'key', 'a string interpolation'],
  ])('%s is refused', (step, at, sink) => {
    const r = analyse(flowOf(`  ${step}`));
    expect(r.diagnostics.map((d) => [d.code, r.text(d.range), d.message])).toEqual([
      ['JIG2050', at, `A secret may not be used in ${sink}; secrets may only be passed in HTTP headers or call bodies.`],
    ]);
  });

  test('a secret param may not have a default', () => {
    const r = analyse('param k: secret = "hunter2"');
    expect(r.diagnostics.map((d) => [d.code, r.text(d.range)])).toEqual([['JIG2051', '"hunter2"']]);
  });
});
