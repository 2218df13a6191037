/**
 * Where a JSON Pointer's value stands in a JSON text, so that a finding about an output file can be
 * shown at its place in the file. Only well-formed JSON is searched (the files are Jig's own output).
 */
import type { TextRange } from '../syntax/source.js';
import { pointerSegments } from '../util/json-pointer.js';

export function locatePointer(text: string, pointer: string): TextRange | undefined {
  const target = pointerSegments(pointer);
  let at = 0;

  const skipSpace = () => {
    while (at < text.length && ' \t\r\n'.includes(text[at]!)) at++;
  };
  const readString = (): string => {
    const start = at++;
    while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const skipValue = () => {
    if (text[at] === '"') {
      readString();
      return;
    }
    if (text[at] === '{' || text[at] === '[') {
      let depth = 0;
      do {
        if (text[at] === '"') {
          readString();
          continue;
        }
        if (text[at] === '{' || text[at] === '[') depth++;
        else if (text[at] === '}' || text[at] === ']') depth--;
        at++;
      } while (depth > 0 && at < text.length);
      return;
    }
    while (at < text.length && !',}] \t\r\n'.includes(text[at]!)) at++;
  };

  skipSpace();
  for (const segment of target) {
    const open = text[at];
    if (open !== '{' && open !== '[') return undefined;
    at++;
    let found = false;
    for (let index = 0; ; index++) {
      skipSpace();
      if (text[at] === '}' || text[at] === ']' || at >= text.length) return undefined;
      let key = String(index);
      if (open === '{') {
        key = readString();
        skipSpace();
        at++; // the colon
        skipSpace();
      }
      if (key === segment) {
        found = true;
        break;
      }
      skipValue();
      skipSpace();
      if (text[at] === ',') at++;
    }
    if (!found) return undefined;
  }
  const start = at;
  skipValue();
  return { start, end: at };
}
