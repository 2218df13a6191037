/**
 * Tokenizes text with the extension's TextMate grammar through vscode-textmate and the
 * Oniguruma WebAssembly build, as VS Code itself does.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

const root = join(import.meta.dirname, '..', '..');
export const grammarPath = join(root, 'vscode-extension', 'syntaxes', 'jig.tmLanguage.json');

export interface ScopedToken {
  readonly line: number;
  readonly text: string;
  /** Scopes innermost last, without the root `source.jig`. */
  readonly scopes: readonly string[];
}

let grammar: Promise<IGrammar> | undefined;

export function loadGrammar(): Promise<IGrammar> {
  return (grammar ??= (async () => {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName) =>
        scopeName === 'source.jig' ? parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
    });
    const loaded = await registry.loadGrammar('source.jig');
    if (!loaded) throw new Error('source.jig did not load');
    return loaded;
  })());
}

export async function tokenize(text: string): Promise<ScopedToken[]> {
  const jig = await loadGrammar();
  const tokens: ScopedToken[] = [];
  let state = INITIAL;
  text.split(/\r?\n/).forEach((lineText, line) => {
    const result = jig.tokenizeLine(lineText, state);
    for (const token of result.tokens) {
      tokens.push({ line, text: lineText.slice(token.startIndex, token.endIndex), scopes: token.scopes.slice(1) });
    }
    state = result.ruleStack;
  });
  return tokens;
}

/** One line a token, `text ⟶ scope scope …`, blank tokens left out: the golden file format. */
export function renderScopes(tokens: readonly ScopedToken[]): string {
  return (
    tokens
      .filter((token) => token.text.trim() !== '')
      .map((token) => `${token.line + 1}: ${JSON.stringify(token.text)} ${token.scopes.join(' ')}`)
      .join('\n') + '\n'
  );
}
