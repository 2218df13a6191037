/**
 * Signature help for built-in function calls. The call is found in the text before the cursor (an
 * unclosed `name(`), since a call being typed has no closing parenthesis for the parser to see.
 */
import type { Position, SignatureHelp } from 'vscode-languageserver';
import { BUILTINS, parameterAt, signatureOf } from '../../compiler/src/index.js';
import type { CheckedDocument } from './documents.js';

export function signatureHelp(document: CheckedDocument, position: Position): SignatureHelp | null {
  const source = document.compilation.source;
  const offset = source.offsetAt(position);
  const call = openCallBefore(source.text, offset);
  if (!call) return null;
  const fn = BUILTINS.get(call.name);
  if (!fn) return null;
  const parameter = parameterAt(fn, call.argumentIndex);
  return {
    signatures: [
      {
        label: signatureOf(fn),
        documentation: fn.doc,
        parameters: fn.parameters.map((p) => ({ label: `${p.rest ? '...' : ''}${p.name}${p.optional ? '?' : ''}: ${p.display}` })),
      },
    ],
    activeSignature: 0,
    activeParameter: parameter ? fn.parameters.indexOf(parameter) : fn.parameters.length,
  };
}

/**
 * The innermost call whose `(` is open at `offset`, with the index of the argument the cursor is
 * in: scanning back over balanced brackets and strings, at most 2,000 characters back.
 */
export function openCallBefore(text: string, offset: number): { name: string; argumentIndex: number } | undefined {
  let depth = 0;
  let commas = 0;
  const limit = Math.max(0, offset - 2000);
  for (let i = offset - 1; i >= limit; i--) {
    const ch = text[i]!;
    if (ch === '"') {
      // Skip back over a string literal.
      let j = i - 1;
      while (j >= limit && !(text[j] === '"' && text[j - 1] !== '\\')) j--;
      i = j;
      continue;
    }
    if (ch === ')' || ch === ']' || ch === '}') depth++;
    else if (ch === '[' || ch === '{') {
      if (depth === 0) return undefined;
      depth--;
    } else if (ch === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const name = /([A-Za-z_]\w*)\s*$/.exec(text.slice(Math.max(0, i - 64), i));
      return name ? { name: name[1]!, argumentIndex: commas } : undefined;
    } else if (ch === ',' && depth === 0) commas++;
  }
  return undefined;
}
