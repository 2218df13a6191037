import { describe, expect, it } from 'vitest';
import { decodeSource, firstInvalidUtf8, MAX_SOURCE_BYTES } from '../../compiler/src/syntax/decode.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('decodeSource', () => {
  it('decodes UTF-8 text', () => {
    const { source, diagnostics } = decodeSource('a.jig', utf8('flow f { fail "é ✓ \u{1F600}" }'));
    expect(diagnostics).toEqual([]);
    expect(source?.text).toBe('flow f { fail "é ✓ \u{1F600}" }');
    expect(source?.fileName).toBe('a.jig');
  });

  it('strips a byte order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('param a: string')]);
    expect(decodeSource('a.jig', bytes).source?.text).toBe('param a: string');
  });

  it('accepts an empty file', () => {
    const { source, diagnostics } = decodeSource('a.jig', new Uint8Array());
    expect(diagnostics).toEqual([]);
    expect(source?.text).toBe('');
  });

  it('refuses a binary file', () => {
    const { source, diagnostics } = decodeSource('a.jig', new Uint8Array([0x66, 0x00, 0x6c]));
    expect(source).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.range])).toEqual([['JIG0002', { start: 0, end: 0 }]]);
  });

  it('refuses invalid UTF-8 and names the first bad byte', () => {
    const bytes = new Uint8Array([...utf8('flow é'), 0xe9, 0x20, 0x41]);
    const { source, diagnostics } = decodeSource('a.jig', bytes);
    expect(source).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.range])).toEqual([['JIG0001', { start: 0, end: 0 }]]);
    expect(diagnostics[0]!.message).toContain('offset 7');
  });

  it('counts the offset of a bad byte from the start of the file, BOM included', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xff]);
    expect(decodeSource('a.jig', bytes).diagnostics[0]!.message).toContain('offset 4');
  });

  it('refuses a file over 10 MB', () => {
    const { source, diagnostics } = decodeSource('a.jig', new Uint8Array(MAX_SOURCE_BYTES + 1).fill(0x20));
    expect(source).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(['JIG0003']);
  });

  it('accepts a file of exactly 10 MB', () => {
    expect(decodeSource('a.jig', new Uint8Array(MAX_SOURCE_BYTES).fill(0x20)).diagnostics).toEqual([]);
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    [[0x41, 0xc0, 0x80], 1],          // overlong
    [[0xed, 0xa0, 0x80], 0],          // surrogate
    [[0xf4, 0x90, 0x80, 0x80], 0],    // above U+10FFFF
    [[0x41, 0xe2, 0x82], 1],          // truncated
    [[0x80], 0],                      // lone continuation byte
    [[0xe2, 0x82, 0xac, 0x41], 4],    // valid: the length
  ])('%j → %i', (bytes, offset) => {
    expect(firstInvalidUtf8(new Uint8Array(bytes))).toBe(offset);
  });

  it('agrees with the TextDecoder on what is valid', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let lead = 0x80; lead <= 0xff; lead++) {
      for (const second of [0x80, 0x90, 0xa0, 0xbf, 0xc0]) {
        const bytes = new Uint8Array([lead, second, 0x80, 0x80]);
        let valid = true;
        try {
          decoder.decode(bytes);
        } catch {
          valid = false;
        }
        expect(firstInvalidUtf8(bytes) === bytes.length, `${lead.toString(16)} ${second.toString(16)}`).toBe(valid);
      }
    }
  });
});
