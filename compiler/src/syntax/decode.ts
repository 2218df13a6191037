/**
 * Bytes to source text. The only place that sees a file's raw bytes: everything after it works on
 * a SourceFile. A file that is not UTF-8 text gets one diagnostic at its start and no source.
 */
import { SourceFile } from './source.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import * as inputDiagnostics from '../diagnostics/catalogue/input.js';

/** Larger source files are refused (the language server must stay responsive). */
export const MAX_SOURCE_BYTES = 10 * 1024 * 1024;

export interface DecodeResult {
  readonly source?: SourceFile;
  readonly diagnostics: Diagnostic[];
}

const fileStart = { start: 0, end: 0 };

/** One decoder for every file: making one costs more than decoding a small file. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeSource(fileName: string, bytes: Uint8Array): DecodeResult {
  if (bytes.length > MAX_SOURCE_BYTES) {
    return { diagnostics: [inputDiagnostics.fileTooLarge(fileStart, { size: bytes.length, limit: MAX_SOURCE_BYTES })] };
  }
  const decoded = decodeUtf8Text(bytes);
  if ('binary' in decoded) return { diagnostics: [inputDiagnostics.fileIsBinary(fileStart, {})] };
  if ('invalidAt' in decoded) return { diagnostics: [inputDiagnostics.fileNotUtf8(fileStart, { offset: decoded.invalidAt })] };
  return { source: new SourceFile(fileName, decoded.text), diagnostics: [] };
}

/**
 * Bytes as UTF-8 text (a byte order mark dropped), or why they are not text: NUL bytes, which no
 * text file holds, or the offset of the first byte that is not UTF-8. Sources, policy files and
 * project files are all read through it.
 */
export function decodeUtf8Text(bytes: Uint8Array): { text: string } | { binary: true } | { invalidAt: number } {
  if (bytes.includes(0)) return { binary: true };
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const content = hasBom ? bytes.subarray(3) : bytes;
  try {
    return { text: utf8.decode(content) };
  } catch {
    return { invalidAt: firstInvalidUtf8(content) + (hasBom ? 3 : 0) };
  }
}

/**
 * Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (the
 * TextDecoder says only that there is one). Follows the table of well-formed sequences of the
 * Unicode standard (§3.9): no overlong forms, no surrogates, nothing above U+10FFFF.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      else if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      else if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k];
      if (byte === undefined) return i;
      const min = k === 1 ? low : 0x80;
      const max = k === 1 ? high : 0xbf;
      if (byte < min || byte > max) return i;
    }
    i += length;
  }
  return bytes.length;
}
