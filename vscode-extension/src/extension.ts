/**
 * The VS Code side of Jig: it starts the bundled language server and adds three commands. Every
 * language feature lives in the server (so that any editor gets it); this file only wires VS Code
 * to it, and stays small because no VS Code can run in CI to test it (tests stub the `vscode` module).
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  checkDocumentsRequest,
  compiledJsonRequest,
  dataMapRequest,
  type CheckDocumentsParams,
  type CheckDocumentsResult,
  type CompiledJsonParams,
  type CompiledJsonResult,
  type DataMapParams,
  type DataMapResult,
  type JigSettings,
} from '../../language-server/src/protocol.js';

/** The scheme of the read-only documents that show a source's compiled workflow JSON. */
export const compiledScheme = 'jig-compiled';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.cjs');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'jig' },
      { scheme: 'untitled', language: 'jig' },
    ],
    synchronize: {
      configurationSection: 'jig',
      // The server re-checks open files when the project file, a policy file or another flow changes.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,jig}'),
    },
    initializationOptions: settings(),
  };
  client = new LanguageClient('jig', 'Jig', serverOptions, clientOptions);

  const compiled = new CompiledJsonProvider(client);
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(compiledScheme, compiled),
    vscode.workspace.onDidSaveTextDocument((document) => compiled.sourceSaved(document.uri)),
    compiled,
    vscode.commands.registerCommand('jig.showCompiledJson', () => showCompiledJson()),
    vscode.commands.registerCommand('jig.checkWorkspace', () => checkWorkspace()),
    vscode.commands.registerCommand('jig.showDataMap', () => showDataMap()),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function settings(): JigSettings {
  const configuration = vscode.workspace.getConfiguration('jig');
  return { policyPath: configuration.get<string>('policyPath') ?? '', snippets: false };
}

function activeJigDocument(): vscode.TextDocument | undefined {
  const document = vscode.window.activeTextEditor?.document;
  if (document?.languageId === 'jig') return document;
  void vscode.window.showWarningMessage('Open a .jig file first.');
  return undefined;
}

/** `jig-compiled:/path/flow.jig.json?<source uri>`: the name shows in the tab, the query says which source. */
export function compiledUriFor(source: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: compiledScheme, path: `${source.path}.json`, query: source.toString() });
}

/** Serves the compiled JSON of a source and refreshes it whenever the source is saved. */
class CompiledJsonProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly shown = new Set<string>();

  constructor(private readonly languageClient: LanguageClient) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    this.shown.add(uri.toString());
    const params: CompiledJsonParams = { uri: uri.query };
    const result = await this.languageClient.sendRequest<CompiledJsonResult>(compiledJsonRequest, params);
    return result.json ?? `// ${result.error ?? 'Nothing was emitted.'}\n`;
  }

  sourceSaved(source: vscode.Uri): void {
    const compiledUri = compiledUriFor(source);
    if (this.shown.has(compiledUri.toString())) this.changed.fire(compiledUri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

async function showCompiledJson(): Promise<void> {
  const source = activeJigDocument();
  if (!source) return;
  const document = await vscode.workspace.openTextDocument(compiledUriFor(source.uri));
  // JSON with comments: a file with several flows shows one workflow after another, each under its name.
  await vscode.languages.setTextDocumentLanguage(document, 'jsonc');
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
}

async function checkWorkspace(): Promise<void> {
  if (!client) return;
  const uris = await vscode.workspace.findFiles('**/*.jig', '**/node_modules/**');
  const decoder = new TextDecoder();
  const documents = await Promise.all(
    uris.map(async (uri) => ({ uri: uri.toString(), text: decoder.decode(await vscode.workspace.fs.readFile(uri)) })),
  );
  const params: CheckDocumentsParams = { documents };
  const result = await client.sendRequest<CheckDocumentsResult>(checkDocumentsRequest, params);
  const summary = `Jig checked ${result.files} file(s): ${result.errors} error(s), ${result.warnings} warning(s).`;
  if (result.errors > 0) void vscode.window.showErrorMessage(summary);
  else void vscode.window.showInformationMessage(summary);
}

async function showDataMap(): Promise<void> {
  const source = activeJigDocument();
  if (!source || !client) return;
  const params: DataMapParams = { uri: source.uri.toString() };
  const result = await client.sendRequest<DataMapResult>(dataMapRequest, params);
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}
