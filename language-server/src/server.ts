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
import type { FileSystem } from '../../compiler/src/project/host.js';
import { Compilation, SourceFile, lookupCode, type Diagnostic } from '../../compiler/src/index.js';
import { codeActions } from './code-actions.js';
import { completion, completionTriggerCharacters } from './completion.js';
import { definition, references } from './definition.js';
import { DebouncedChecks, publish, toLspDiagnostic } from './diagnostics.js';
import { Compilations, diagnosticsOf, type CheckedDocument } from './documents.js';
import { foldingRanges } from './folding.js';
import { formatting } from './formatting.js';
import { hover } from './hover.js';
import { ProjectPolicies } from './project.js';
import { ProjectFlows } from './project-flows.js';
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
} from './protocol.js';
import { compiledJson, dataMap } from './reports.js';
import { mergeQuickCheck, planQuickCheck, type CompleteCheck } from './quick-check.js';
import { prepareRename, rename } from './rename.js';
import { semanticTokens, semanticTokensLegend } from './semantic-tokens.js';
import { readSettings, type ServerSettings } from './settings.js';
import { signatureHelp } from './signature-help.js';
import { documentSymbols } from './symbols.js';
import { pathToUri, uriToPath } from './uri.js';

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
  /** What was last published on each project and policy file, so that fixing them clears them. */
  const publishedFileDiagnostics = new Map<string, string>();

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

  /** The last complete check of each open document, from which the next edit is answered quickly. */
  const completeChecks = new Map<string, CompleteCheck>();

  const check = async (document: TextDocument): Promise<void> => {
    const isCurrent = (version: number): boolean => documents.get(document.uri)?.version === version;
    try {
      const result = await compilations.get(document);
      // The user typed on while we checked: a newer check is already scheduled.
      if (!isCurrent(result.version)) return;
      const previous = completeChecks.get(document.uri);
      const plan = previous && !result.policy.broken ? planQuickCheck(previous, result.compilation.source.text) : undefined;
      if (plan) {
        const { compilation } = result;
        const masked = new Compilation(new SourceFile(compilation.source.fileName, plan.masked), compilation.options);
        await publishChecked(result, mergeQuickCheck(plan, masked.diagnostics), result.version);
        // Let a newer edit, already waiting, supersede the complete check.
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (!isCurrent(result.version)) return;
      }
      const diagnostics = diagnosticsOf(result);
      completeChecks.set(document.uri, { text: result.compilation.source.text, file: result.compilation.syntax.file, diagnostics });
      await publishChecked(result, diagnostics, result.version);
    } catch (error) {
      connection.console.error(`jig: check of ${document.uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };

  /** Publishes a document's findings and those of its project and policy files; returns the error and warning counts. */
  const publishChecked = async (result: CheckedDocument, diagnostics: readonly Diagnostic[], version?: number): Promise<[number, number]> => {
    const source = result.compilation.source;
    await publish(
      connection,
      result.uri,
      diagnostics.map((diagnostic) =>
        toLspDiagnostic(diagnostic, {
          source,
          uri: result.uri,
          explainBaseUrl: settings.explainBaseUrl,
          otherSource: result.otherSource,
          nameOf: (code) => lookupCode(code)?.name,
        }),
      ),
      version,
    );
    for (const [fileName, entry] of result.policy.fileDiagnostics) {
      const uri = pathToUri(fileName);
      const converted = entry.diagnostics.map((diagnostic) => toLspDiagnostic(diagnostic, { source: entry.source, uri }));
      // Every open document of a project reports its jig.yaml; publish each change once.
      const key = JSON.stringify(converted);
      if ((publishedFileDiagnostics.get(uri) ?? '[]') === key) continue;
      publishedFileDiagnostics.set(uri, key);
      await publish(connection, uri, converted);
    }
    const errors = diagnostics.filter((d) => d.severity === 'error' && !d.waived).length;
    const warnings = diagnostics.filter((d) => d.severity === 'warning' && !d.waived).length;
    return [errors, warnings];
  };

  const checks = new DebouncedChecks(() => settings.debounceMs, check);

  const recheckAll = (): void => {
    compilations.invalidateAll();
    completeChecks.clear();
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
      completeChecks.clear();
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
    completeChecks.delete(document.uri);
    checks.cancel(document.uri);
    compilations.forget(document.uri);
    void publish(connection, document.uri, []);
  });

  connection.onHover(safely('hover', async (params) => {
    const doc = await checked(params.textDocument.uri);
    return doc ? hover(doc, params.position) : null;
  }, null));
  connection.onCompletion(safely('completion', async (params) => {
    const doc = await checked(params.textDocument.uri);
    return doc ? completion(doc, params.position, { snippets: settings.snippets }) : [];
  }, []));
  connection.onSignatureHelp(safely('signature help', async (params) => {
    const doc = await checked(params.textDocument.uri);
    return doc ? signatureHelp(doc, params.position) : null;
  }, null));
  connection.onDefinition(safely('definition', async (params) => {
    const doc = await checked(params.textDocument.uri);
    return doc ? definition(doc, params.position) : null;
  }, null));
  connection.onReferences(safely('references', async (params) => {
    const doc = await checked(params.textDocument.uri);
    return doc ? references(doc, params.position, params.context.includeDeclaration) : [];
  }, []));
  connection.onPrepareRename(safely('prepare rename', async (params) => {
    const doc = await checked(params.textDocument.uri);
    return doc ? prepareRename(doc, params.position) : null;
  }, null));
  connection.onRenameRequest(safely('rename', async (params) => {
    const doc = await checked(params.textDocument.uri);
    return doc ? rename(doc, params.position, params.newName) : null;
  }, null));
  connection.onDocumentSymbol(safely('document symbols', async (params) => {
    const doc = await checked(params.textDocument.uri);
    return doc ? documentSymbols(doc) : [];
  }, []));
  connection.onFoldingRanges(safely('folding', async (params) => {
    const doc = await checked(params.textDocument.uri);
    return doc ? foldingRanges(doc) : [];
  }, []));
  connection.languages.semanticTokens.on(safely('semantic tokens', async (params) => {
    const doc = await checked(params.textDocument.uri);
    return doc ? semanticTokens(doc) : { data: [] };
  }, { data: [] }));
  connection.onDocumentFormatting(safely('formatting', async (params) => {
    const doc = await checked(params.textDocument.uri);
    return doc ? formatting(doc) : [];
  }, []));
  connection.onCodeAction(safely('code actions', async (params) => {
    const doc = await checked(params.textDocument.uri);
    return doc ? codeActions(doc, params.range, params.context) : [];
  }, []));

  connection.onRequest(compiledJsonRequest, safely('compiled JSON', async (params: CompiledJsonParams): Promise<CompiledJsonResult> => {
    const doc = await checked(params.uri);
    return doc ? compiledJson(doc) : { error: 'The file is not open in the editor.' };
  }, { error: 'The compiler failed on this file; see the Jig output channel.' }));
  connection.onRequest(dataMapRequest, safely('data map', async (params: DataMapParams): Promise<DataMapResult> => {
    const doc = await checked(params.uri);
    return { markdown: doc ? dataMap(doc) : 'The file is not open in the editor.' };
  }, { markdown: 'The compiler failed on this file; see the Jig output channel.' }));
  connection.onRequest(checkDocumentsRequest, safely('check documents', async (params: CheckDocumentsParams): Promise<CheckDocumentsResult> => {
    let errors = 0;
    let warnings = 0;
    for (const { uri, text } of params.documents) {
      const open = documents.get(uri);
      const result = open ? await compilations.get(open) : await compilations.once(uri, text);
      const [fileErrors, fileWarnings] = await publishChecked(result, diagnosticsOf(result), open?.version);
      errors += fileErrors;
      warnings += fileWarnings;
    }
    return { files: params.documents.length, errors, warnings };
  }, { files: 0, errors: 0, warnings: 0 }));

  documents.listen(connection);
  connection.listen();
}
