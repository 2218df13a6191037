/**
 * Drives the real language server: spawns `node language-server/bin/jig-language-server.js
 * --stdio` (bundled by `npm run build`) and talks LSP to it over stdio with vscode-jsonrpc, as
 * Neovim, eglot or VS Code would.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import {
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ShowMessageNotification,
  DidChangeConfigurationNotification,
  type FileEvent,
  type InitializeResult,
  type Position,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { ensureBundle, repoRoot } from '../support/bundles.js';

export { repoRoot };
export const serverBin = join(repoRoot, 'language-server', 'bin', 'jig-language-server.js');

/** Builds the bundles when a source is newer than the server bundle (`npm test` has built already). */
export function ensureBuilt(): void {
  ensureBundle('language-server/dist/server.js', ['language-server/src', 'compiler/src']);
}

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

export class LspClient {
  readonly connection: MessageConnection;
  readonly stderr: string[] = [];
  /** `window/logMessage` texts: the server logs there every request that failed inside it. */
  readonly logs: string[] = [];
  /** `window/showMessage` texts: what the server tells the user outside any file. */
  readonly messages: string[] = [];
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: { accept: (params: PublishDiagnosticsParams) => boolean; resolve: (params: PublishDiagnosticsParams) => void }[] = [];
  private readonly versions = new Map<string, number>();
  exited: Promise<number | null>;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    this.connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = this.diagnostics.get(params.uri) ?? [];
      list.push(params);
      this.diagnostics.set(params.uri, list);
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        if (this.waiters[i]!.accept(params)) {
          this.waiters[i]!.resolve(params);
          this.waiters.splice(i, 1);
        }
      }
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params.message);
    });
    this.connection.onNotification(ShowMessageNotification.type, (params) => {
      this.messages.push(params.message);
    });
    // The server asks to register file watchers; any client answers such requests.
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/configuration', () => []);
    this.connection.listen();
  }

  static async start(
    options: { rootPath?: string; initializationOptions?: unknown; watchDynamically?: boolean; serverPath?: string } = {},
  ): Promise<{ client: LspClient; initialize: InitializeResult }> {
    const child = spawn(process.execPath, [options.serverPath ?? serverBin, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(child);
    const initialize = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: options.rootPath ? fileUri(options.rootPath) : null,
      workspaceFolders: options.rootPath ? [{ uri: fileUri(options.rootPath), name: 'root' }] : null,
      capabilities: {
        workspace: { didChangeWatchedFiles: { dynamicRegistration: options.watchDynamically ?? false } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
      initializationOptions: options.initializationOptions ?? {},
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return { client, initialize };
  }

  /**
   * The next diagnostics published for `uri` (at `version`, when given). Rejects after `timeoutMs`
   * with what the server logged, so that a check that failed inside the server fails the test
   * with its reason instead of a test timeout.
   */
  nextDiagnostics(uri: string, version?: number, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no diagnostics for ${uri} (version ${version ?? 'any'}) within ${timeoutMs} ms; server log: ${this.logs.join('\n') || 'empty'}`));
      }, timeoutMs);
      this.waiters.push({
        accept: (params) => params.uri === uri && (version === undefined || params.version === version),
        resolve: (params) => {
          clearTimeout(timer);
          resolve(params);
        },
      });
    });
  }

  /** Every diagnostics notification received for `uri`, oldest first. */
  published(uri: string): readonly PublishDiagnosticsParams[] {
    return this.diagnostics.get(uri) ?? [];
  }

  async open(uri: string, text: string): Promise<PublishDiagnosticsParams> {
    this.versions.set(uri, 1);
    const published = this.nextDiagnostics(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'jig', version: 1, text },
    });
    return published;
  }

  /** Replaces the whole text (a client may always send a full-text change). */
  async change(uri: string, text: string): Promise<PublishDiagnosticsParams> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const published = this.nextDiagnostics(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return published;
  }

  /** An incremental edit: replace the range with `text`. Does not wait for diagnostics. */
  async edit(uri: string, range: { start: Position; end: Position }, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async configure(settings: unknown): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    }
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }
}

/** Where `marker` first occurs in `text`, as an LSP position (plus `delta` characters). */
export function positionOf(text: string, marker: string, delta = 0, occurrence = 0): Position {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(marker, index + 1);
    if (index < 0) throw new Error(`'${marker}' not found`);
  }
  const offset = index + delta;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before.at(-1)!.length };
}
