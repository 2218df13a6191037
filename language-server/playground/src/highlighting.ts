/**
 * Jig highlighting from the server's semantic tokens, which come from the compiler's own lexer
 * and model: the page keeps no grammar of its own to drift from the parser's. Each token becomes a
 * `cm-jig-<type>` mark; the marks follow edits until the next answer replaces them.
 */
import { LSPPlugin } from '@codemirror/lsp-client';
import { StateEffect, StateField, type Text } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import type * as lsp from 'vscode-languageserver-protocol';

const REFRESH_DELAY_MS = 80;

const setTokens = StateEffect.define<DecorationSet>();

const tokenMarks = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    for (const effect of transaction.effects) if (effect.is(setTokens)) return effect.value;
    return marks.map(transaction.changes);
  },
  provide: (field) => EditorView.decorations.from(field),
});

const refresher = ViewPlugin.fromClass(
  class {
    private pending: ReturnType<typeof setTimeout> | undefined;
    constructor(private readonly view: EditorView) {
      this.schedule();
    }
    update(update: ViewUpdate): void {
      if (update.docChanged) this.schedule();
    }
    destroy(): void {
      clearTimeout(this.pending);
    }
    private schedule(): void {
      clearTimeout(this.pending);
      this.pending = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
    }
    private async refresh(): Promise<void> {
      const plugin = LSPPlugin.get(this.view);
      if (!plugin) return;
      await plugin.client.initializing;
      plugin.client.sync();
      const basis = plugin.syncedDoc;
      const legend = plugin.client.serverCapabilities?.semanticTokensProvider?.legend;
      if (!legend) return;
      let answer: lsp.SemanticTokens | null;
      try {
        answer = await plugin.client.request<lsp.SemanticTokensParams, lsp.SemanticTokens | null>('textDocument/semanticTokens/full', {
          textDocument: { uri: plugin.uri },
        });
      } catch {
        return;
      }
      // A newer text was sent meanwhile: its own refresh is scheduled.
      if (!answer || plugin.syncedDoc !== basis || LSPPlugin.get(this.view) !== plugin) return;
      const marks = decodeTokens(answer.data, legend, basis).map(({ from, to, type }) =>
        markOf(type).range(plugin.unsyncedChanges.mapPos(from), plugin.unsyncedChanges.mapPos(to)),
      );
      this.view.dispatch({ effects: setTokens.of(Decoration.set(marks.filter((mark) => mark.from < mark.to), true)) });
    }
  },
);

const marksByType = new Map<string, Decoration>();
function markOf(type: string): Decoration {
  let mark = marksByType.get(type);
  if (!mark) marksByType.set(type, (mark = Decoration.mark({ class: `cm-jig-${type}` })));
  return mark;
}

/** LSP's relative encoding (line delta, start delta, length, type, modifiers) to offsets in `doc`. */
function decodeTokens(data: readonly number[], legend: lsp.SemanticTokensLegend, doc: Text): { from: number; to: number; type: string }[] {
  const tokens: { from: number; to: number; type: string }[] = [];
  let line = 0;
  let character = 0;
  for (let index = 0; index + 5 <= data.length; index += 5) {
    const lineDelta = data[index]!;
    line += lineDelta;
    character = lineDelta === 0 ? character + data[index + 1]! : data[index + 1]!;
    if (line >= doc.lines) break;
    const start = doc.line(line + 1).from + character;
    tokens.push({ from: start, to: Math.min(start + data[index + 2]!, doc.length), type: legend.tokenTypes[data[index + 3]!] ?? 'variable' });
  }
  return tokens;
}

export const semanticHighlighting = [tokenMarks, refresher];
