/**
 * The server's diagnostics in the editor, each with its quick fixes. @codemirror/lsp-client's own
 * `serverDiagnostics` shows messages only; here the fixes the compiler attaches (which the server
 * offers as code actions) become the lint tooltip's buttons and the problems list's, and the page
 * hears of every check of the current text (to refresh its panels).
 */
import type { LSPClient, LSPClientExtension } from '@codemirror/lsp-client';
import { LSPPlugin } from '@codemirror/lsp-client';
import { setDiagnostics, type Action, type Diagnostic as LintDiagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';
import { EditorView, ViewPlugin, type ViewUpdate } from '@codemirror/view';
import type * as lsp from 'vscode-languageserver-protocol';

/** A finding as the page shows it: the server's diagnostic, where it stands now, and its fixes. */
export interface Finding {
  readonly diagnostic: lsp.Diagnostic;
  readonly from: number;
  readonly to: number;
  readonly fixes: readonly Action[];
}

/** How long the editor waits after a keystroke before it sends the edit to the server. */
const SYNC_DELAY_MS = 50;

const severityNames = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' } as const;

export function diagnosticsWithFixes(onChecked: (view: EditorView, findings: readonly Finding[]) => void): LSPClientExtension {
  return {
    clientCapabilities: { textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } } },
    notificationHandlers: {
      'textDocument/publishDiagnostics': (client, params: lsp.PublishDiagnosticsParams) => {
        const file = client.workspace.getFile(params.uri);
        const view = file?.getView();
        if (!file || !view || (params.version != null && params.version !== file.version)) return false;
        void show(client, view, params, onChecked);
        return true;
      },
    },
    editorExtension: syncSoon,
  };
}

async function show(
  client: LSPClient,
  view: EditorView,
  params: lsp.PublishDiagnosticsParams,
  onChecked: (view: EditorView, findings: readonly Finding[]) => void,
): Promise<void> {
  const plugin = LSPPlugin.get(view);
  if (!plugin) return;
  const basis = plugin.syncedDoc;
  const actions = params.diagnostics.length === 0 ? [] : await codeActions(client, params, basis, plugin);
  // A newer text reached the server meanwhile: its own diagnostics are on their way.
  if (plugin.syncedDoc !== basis || LSPPlugin.get(view) !== plugin) return;
  const findings = params.diagnostics.map((diagnostic): Finding => {
    const fixes = actions
      .filter((action) => action.diagnostics?.some((fixed) => sameDiagnostic(fixed, diagnostic)))
      .map((action): Action => ({ name: action.title, apply: (target) => applyEdit(target, params.uri, basis, action) }));
    return {
      diagnostic,
      from: plugin.unsyncedChanges.mapPos(plugin.fromPosition(diagnostic.range.start, basis)),
      to: plugin.unsyncedChanges.mapPos(plugin.fromPosition(diagnostic.range.end, basis)),
      fixes,
    };
  });
  view.dispatch(
    setDiagnostics(
      view.state,
      findings.map(({ diagnostic, from, to, fixes }): LintDiagnostic => ({
        from,
        to,
        severity: severityNames[diagnostic.severity ?? 1],
        source: diagnostic.code === undefined ? 'jig' : String(diagnostic.code),
        message: textOf(diagnostic.message),
        actions: [...fixes],
      })),
    ),
  );
  onChecked(view, findings);
}

async function codeActions(client: LSPClient, params: lsp.PublishDiagnosticsParams, basis: Text, plugin: LSPPlugin): Promise<lsp.CodeAction[]> {
  try {
    const answer = await client.request<lsp.CodeActionParams, (lsp.CodeAction | lsp.Command)[] | null>('textDocument/codeAction', {
      textDocument: { uri: params.uri },
      range: { start: { line: 0, character: 0 }, end: plugin.toPosition(basis.length, basis) },
      context: { diagnostics: params.diagnostics, only: ['quickfix'] },
    });
    return (answer ?? []).filter((action): action is lsp.CodeAction => 'edit' in action && action.edit !== undefined);
  } catch {
    // No fixes is better than no diagnostics.
    return [];
  }
}

/** A diagnostic's message (LSP 3.18 lets it be Markdown; Jig's server sends plain text). */
export function textOf(message: string | lsp.MarkupContent): string {
  return typeof message === 'string' ? message : message.value;
}

function sameDiagnostic(a: lsp.Diagnostic, b: lsp.Diagnostic): boolean {
  return a.code === b.code && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
}

/** Applies a fix's edits, written against `basis`, to the editor's text if that is still `basis` as synced. */
function applyEdit(view: EditorView, uri: string, basis: Text, action: lsp.CodeAction): void {
  const plugin = LSPPlugin.get(view);
  const edits = action.edit?.changes?.[uri];
  if (!plugin || !edits || plugin.syncedDoc !== basis) return;
  view.dispatch({
    changes: edits.map((edit) => ({
      from: plugin.unsyncedChanges.mapPos(plugin.fromPosition(edit.range.start, basis)),
      to: plugin.unsyncedChanges.mapPos(plugin.fromPosition(edit.range.end, basis)),
      insert: edit.newText,
    })),
    userEvent: 'input.quickfix',
  });
}

/** Sends edits to the server shortly after the user stops typing (the server checks at once, the latest version only). */
const syncSoon = ViewPlugin.fromClass(
  class {
    private pending: ReturnType<typeof setTimeout> | undefined;
    constructor(private readonly view: EditorView) {}
    update(update: ViewUpdate): void {
      if (!update.docChanged) return;
      clearTimeout(this.pending);
      this.pending = setTimeout(() => LSPPlugin.get(this.view)?.client.sync(), SYNC_DELAY_MS);
    }
    destroy(): void {
      clearTimeout(this.pending);
    }
  },
);
