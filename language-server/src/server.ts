/**
 * The Jig language server, on any LSP connection: main.ts gives it stdio (or node IPC), a browser
 * worker can give it a message port. It holds the open documents and their compilations and routes
 * each request to the file of its feature; no file here touches Node APIs.
 */
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileSystem } from '../../compiler/src/index.js';
import { codeActions } from './code-actions.js';
import { completion, completionTriggerCharacters } from './completion.js';
import { definition, references } from './definition.js';
import { Compilations, diagnosticsOf, type CheckedDocument } from './documents.js';
import { foldingRanges } from './folding.js';
import { formatting } from './formatting.js';
import { hover } from './hover.js';
import { ProjectPolicies } from './project.js';
import { ProjectFlows } from './project-flows.js';
import { CheckScheduler } from './scheduler.js';
import {
  checkDocumentsRequest,
  compiledJsonRequest,
  dataMapRequest,
  runRequest,
  runnableFlowsRequest,
  type CheckDocumentsParams,
  type CheckDocumentsResult,
  type CompiledJsonParams,
  type CompiledJsonResult,
  type DataMapParams,
  type DataMapResult,
  type RunParams,
  type RunResult,
  type RunnableFlowsParams,
  type RunnableFlowsResult,
} from './protocol.js';
import { compiledJson, dataMap } from './reports.js';
import { DiagnosticsPublisher } from './publisher.js';
import { run, runnable } from './runs.js';
import { prepareRename, rename } from './rename.js';
import { semanticTokens, semanticTokensLegend } from './semantic-tokens.js';
import { readSettings, type ServerSettings } from './settings.js';
import { signatureHelp } from './signature-help.js';
import { documentSymbols } from './symbols.js';
import { uriToPath } from './uri.js';

export interface ServerHost {
  /** The file system jig.yaml and policy files are read from; absent: the embedded policy only. */
  readonly fs?: FileSystem;
}

export const serverInfo = { name: 'jig-language-server', version: '0.1.0' };

export function startServer(connection: Connection, host: ServerHost = {}): void {
  const documents = new TextDocuments(TextDocument);
  let settings: ServerSettings = readSettings(undefined);
  let workspaceRoot: string | undefined;
  let watchesFilesDynamically = false;
  const policies = new ProjectPolicies(host.fs, () => workspaceRoot, () => settings.policyPath);
  const openText = (path: string): string | undefined =>
    documents.all().find((document) => uriToPath(document.uri) === path)?.getText();
  const compilations = new Compilations(policies, new ProjectFlows(host.fs, openText));

  /** A failing feature must never take the server down: it answers nothing and logs why. */
  const safely =
    <P, R>(name: string, handler: (params: P) => Promise<R> | R, fallback: R) =>
    async (params: P): Promise<R> => {
      try {
        return await handler(params);
      } catch (error) {
        // A deliberate refusal (an invalid new name) goes back to the client as it is.
        if (error instanceof ResponseError) throw error;
        connection.console.error(`jig: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return fallback;
      }
    };

  /** The compilation of an open document, or undefined when the document is not open. */
  const checked = async (uri: string): Promise<CheckedDocument | undefined> => {
    const document = documents.get(uri);
    return document ? compilations.get(document) : undefined;
  };

  /**
   * A request about one open document, answered from its compilation; `none` when the document is
   * not open (and, through `safely`, when the feature fails).
   */
  const aboutDocument =
    <P extends { readonly textDocument: { readonly uri: string } }, R>(
      name: string,
      none: R,
      answer: (doc: CheckedDocument, params: P) => Promise<R> | R,
    ) =>
    safely(name, async (params: P): Promise<R> => {
      const doc = await checked(params.textDocument.uri);
      return doc ? answer(doc, params) : none;
    }, none);

  // When a document's flows change as callers see them, the other open documents check again.
  const publisher = new DiagnosticsPublisher(connection, documents, compilations, () => settings.explainBaseUrl, (changedUri) => {
    compilations.invalidateFlows();
    for (const document of documents.all()) if (document.uri !== changedUri) checks.schedule(document);
  });
  const checks = new CheckScheduler((uri) => documents.get(uri), (document) => publisher.check(document), () => settings.debounceMs);

  const recheckAll = (): void => {
    compilations.invalidateAll();
    publisher.forgetCompleteChecks();
    for (const document of documents.all()) checks.schedule(document, true);
  };

  connection.onInitialize((params): InitializeResult => {
    settings = readSettings(params.initializationOptions, settings);
    const rootUri = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    workspaceRoot = rootUri ? uriToPath(rootUri) : undefined;
    watchesFilesDynamically = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: completionTriggerCharacters, resolveProvider: false },
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: semanticTokensLegend, full: true },
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo,
    };
  });

  connection.onInitialized(() => {
    // Clients that cannot register watchers (or watch by themselves, as VS Code's extension does
    // through `synchronize.fileEvents`) still send didChangeWatchedFiles; we handle both.
    if (watchesFilesDynamically) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/*.jig' }],
      });
    }
  });

  connection.onDidChangeConfiguration((params) => {
    const section = (params.settings as { jig?: unknown } | undefined)?.jig;
    if (section === undefined) return;
    settings = readSettings(section, settings);
    recheckAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (params.changes.some((change) => /\.(ya?ml)$/i.test(change.uri))) recheckAll();
    else if (params.changes.some((change) => /\.jig$/i.test(change.uri))) {
      compilations.invalidateFlows();
      publisher.forgetCompleteChecks();
      for (const document of documents.all()) checks.schedule(document, true);
    }
  });

  // TextDocuments reports an open as a content change too: the open is checked at once, its
  // echo as a change is skipped, and real edits wait for the user to pause.
  const justOpened = new Set<string>();
  documents.onDidOpen(({ document }) => {
    justOpened.add(document.uri);
    checks.schedule(document, true);
  });
  documents.onDidChangeContent(({ document }) => {
    if (justOpened.delete(document.uri)) return;
    checks.schedule(document);
  });
  documents.onDidClose(({ document }) => {
    justOpened.delete(document.uri);
    checks.cancel(document.uri);
    compilations.forget(document.uri);
    void publisher.closed(document.uri);
  });

  connection.onHover(aboutDocument('hover', null, (doc, params) => hover(doc, params.position)));
  connection.onCompletion(aboutDocument('completion', [], (doc, params) => completion(doc, params.position, { snippets: settings.snippets })));
  connection.onSignatureHelp(aboutDocument('signature help', null, (doc, params) => signatureHelp(doc, params.position)));
  connection.onDefinition(aboutDocument('definition', null, (doc, params) => definition(doc, params.position)));
  connection.onReferences(aboutDocument('references', [], (doc, params) => references(doc, params.position, params.context.includeDeclaration)));
  connection.onPrepareRename(aboutDocument('prepare rename', null, (doc, params) => prepareRename(doc, params.position)));
  connection.onRenameRequest(aboutDocument('rename', null, (doc, params) => rename(doc, params.position, params.newName)));
  connection.onDocumentSymbol(aboutDocument('document symbols', [], (doc) => documentSymbols(doc)));
  connection.onFoldingRanges(aboutDocument('folding', [], (doc) => foldingRanges(doc)));
  connection.languages.semanticTokens.on(aboutDocument('semantic tokens', { data: [] }, (doc) => semanticTokens(doc)));
  connection.onDocumentFormatting(aboutDocument('formatting', [], (doc) => formatting(doc)));
  connection.onCodeAction(aboutDocument('code actions', [], (doc, params) => codeActions(doc, params.range, params.context)));

  connection.onRequest(compiledJsonRequest, safely('compiled JSON', async (params: CompiledJsonParams): Promise<CompiledJsonResult> => {
    const doc = await checked(params.uri);
    return doc ? compiledJson(doc, params.target) : { error: 'The file is not open in the editor.' };
  }, { error: 'The compiler failed on this file; see the Jig output channel.' }));
  connection.onRequest(dataMapRequest, safely('data map', async (params: DataMapParams): Promise<DataMapResult> => {
    const doc = await checked(params.uri);
    return { markdown: doc ? dataMap(doc) : 'The file is not open in the editor.' };
  }, { markdown: 'The compiler failed on this file; see the Jig output channel.' }));
  connection.onRequest(runnableFlowsRequest, safely('runnable flows', async (params: RunnableFlowsParams): Promise<RunnableFlowsResult> => {
    const doc = await checked(params.uri);
    return doc ? runnable(doc) : { error: 'The file is not open in the editor.' };
  }, { error: 'The compiler failed on this file; see the Jig output channel.' }));
  connection.onRequest(runRequest, safely('run', async (params: RunParams): Promise<RunResult> => {
    const doc = await checked(params.uri);
    return doc ? run(doc, params, (flow) => compilations.declaring(doc, flow)) : { error: 'The file is not open in the editor.' };
  }, { error: 'The engine failed on this run; see the Jig output channel.' }));
  connection.onRequest(checkDocumentsRequest, safely('check documents', async (params: CheckDocumentsParams): Promise<CheckDocumentsResult> => {
    let errors = 0;
    let warnings = 0;
    for (const { uri, text } of params.documents) {
      const open = documents.get(uri);
      const result = open ? await compilations.get(open) : await compilations.once(uri, text);
      const [fileErrors, fileWarnings] = await publisher.publish(result, diagnosticsOf(result), open?.version);
      errors += fileErrors;
      warnings += fileWarnings;
    }
    return { files: params.documents.length, errors, warnings };
  }, { files: 0, errors: 0, warnings: 0 }));

  documents.listen(connection);
  connection.listen();
}
