import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { serializeJson } from '../../compiler/src/emit/serialize.js';
import { sha256Hex } from '../../compiler/src/util/sha256.js';

describe('serializeJson', () => {
  it('puts definition and operation keys in the conventional WDL order', () => {
    const definition = {
      metadata: { jig: 1 },
      actions: {
        Compose_x: { runAfter: {}, inputs: 'a', type: 'Compose' },
        If_y: {
          else: { actions: { Wait_1: { inputs: {}, type: 'Wait' } } },
          expression: '@true',
          type: 'If',
          actions: { Compose_z: { runAfter: {}, type: 'Compose', inputs: 1 } },
        },
      },
      triggers: { manual: { inputs: {}, kind: 'Http', type: 'Request' } },
      parameters: {},
      contentVersion: '1.0.0.0',
      $schema: 'S',
    };
    const text = serializeJson(definition, 'definition');
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(['$schema', 'contentVersion', 'parameters', 'triggers', 'actions', 'metadata']);
    expect(Object.keys(parsed.triggers.manual)).toEqual(['type', 'kind', 'inputs']);
    expect(Object.keys(parsed.actions.Compose_x)).toEqual(['type', 'inputs', 'runAfter']);
    expect(Object.keys(parsed.actions.If_y)).toEqual(['type', 'else', 'expression', 'actions']);
    expect(Object.keys(parsed.actions.If_y.actions.Compose_z)).toEqual(['type', 'inputs', 'runAfter']);
    expect(Object.keys(parsed.actions.If_y.else.actions.Wait_1)).toEqual(['type', 'inputs']);
  });

  it('leaves data that only looks like an operation in insertion order', () => {
    const text = serializeJson({ actions: { inputs: 1, type: 'x' } }, 'any');
    expect(Object.keys(JSON.parse(text).actions)).toEqual(['inputs', 'type']);
  });

  it('writes two-space indentation, compact empty containers, a final newline and no trailing spaces', () => {
    const text = serializeJson({ a: [], b: {}, c: [1, 'x'], d: null, e: undefined, f: -0 });
    expect(text).toBe('{\n  "a": [],\n  "b": {},\n  "c": [\n    1,\n    "x"\n  ],\n  "d": null,\n  "f": 0\n}\n');
  });

  it('orders ARM template and resource keys', () => {
    const text = serializeJson(
      { resources: [{ properties: { definition: { actions: {}, $schema: 's' }, state: 'Enabled' }, name: 'n', type: 't' }], $schema: 'x' },
      'armTemplate',
    );
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(['$schema', 'resources']);
    expect(Object.keys(parsed.resources[0])).toEqual(['type', 'name', 'properties']);
    expect(Object.keys(parsed.resources[0].properties)).toEqual(['state', 'definition']);
    expect(Object.keys(parsed.resources[0].properties.definition)).toEqual(['$schema', 'actions']);
  });

  it('is byte-stable and round-trips any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = serializeJson(value);
        expect(serializeJson(value)).toBe(text);
        expect(text.endsWith('\n')).toBe(true);
        expect(text).not.toMatch(/ +\n/);
        // -0 is written as 0, which parses back as 0.
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('refuses a value that JSON cannot write rather than writing something else', () => {
    expect(() => serializeJson({ actions: { a: { type: 'Compose', inputs: { n: 1n } } } }, 'definition')).toThrow(TypeError);
  });

  it('keeps a key named __proto__ as an ordinary key', () => {
    const actions = JSON.parse('{"__proto__": {"inputs": 1, "type": "Compose"}}') as Record<string, unknown>;
    expect(serializeJson({ actions }, 'definition')).toContain('"__proto__": {\n      "type": "Compose",\n      "inputs": 1\n    }');
  });
});

describe('sha256Hex', () => {
  it('matches node:crypto on ASCII, multi-byte text and block boundaries', () => {
    for (const text of ['', 'abc', 'é€😀', 'x'.repeat(55), 'x'.repeat(56), 'y'.repeat(64), 'z'.repeat(1000)]) {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });

  it('matches node:crypto on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});
