/**
 * The extension's own code, with the `vscode` module and the language client stubbed: no VS Code
 * can run here. What is checked is the wiring: the server it starts, the settings it sends, the
 * commands it registers and what each asks the server for.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({
  commands: new Map<string, () => Promise<void>>(),
  providers: new Map<string, { provideTextDocumentContent(uri: unknown): Promise<string>; onDidChange: unknown }>(),
  saveListeners: [] as ((document: { uri: unknown }) => void)[],
  requests: [] as { method: string; params: unknown }[],
  responses: new Map<string, unknown>(),
  clients: [] as { id: string; serverOptions: any; clientOptions: any; started: boolean }[],
  shown: [] as { document: any; options: any }[],
  messages: [] as string[],
  activeDocument: undefined as undefined | { languageId: string; uri: any },
  fired: [] as string[],
}));

class FakeUri {
  constructor(readonly scheme: string, readonly path: string, readonly query = '') {}
  static from(parts: { scheme: string; path: string; query?: string }): FakeUri {
    return new FakeUri(parts.scheme, parts.path, parts.query ?? '');
  }
  static file(path: string): FakeUri {
    return new FakeUri('file', path);
  }
  toString(): string {
    return `${this.scheme}:${this.scheme === 'file' ? '//' : ''}${this.path}${this.query ? `?${this.query}` : ''}`;
  }
}

vi.mock('vscode', () => ({
  Uri: FakeUri,
  ViewColumn: { Beside: -2 },
  EventEmitter: class {
    private listeners: ((value: unknown) => void)[] = [];
    event = (listener: (value: unknown) => void) => this.listeners.push(listener);
    fire(value: { toString(): string }) {
      state.fired.push(value.toString());
      for (const listener of this.listeners) listener(value);
    }
    dispose() {}
  },
  workspace: {
    getConfiguration: () => ({ get: (key: string) => (key === 'policyPath' ? 'policies/company.policy.yaml' : undefined) }),
    createFileSystemWatcher: (pattern: string) => ({ pattern }),
    registerTextDocumentContentProvider: (scheme: string, provider: any) => {
      state.providers.set(scheme, provider);
      return { dispose() {} };
    },
    onDidSaveTextDocument: (listener: (document: { uri: unknown }) => void) => {
      state.saveListeners.push(listener);
      return { dispose() {} };
    },
    openTextDocument: async (what: any) => ({ uri: what, what }),
    findFiles: async () => [FakeUri.file('/ws/a.jig'), FakeUri.file('/ws/b.jig')],
    fs: { readFile: async (uri: FakeUri) => new TextEncoder().encode(`// ${uri.path}`) },
  },
  languages: { setTextDocumentLanguage: async (document: unknown) => document },
  window: {
    get activeTextEditor() {
      return state.activeDocument && { document: state.activeDocument };
    },
    showTextDocument: async (document: unknown, options: unknown) => state.shown.push({ document, options }),
    showWarningMessage: async (message: string) => state.messages.push(`warning: ${message}`),
    showInformationMessage: async (message: string) => state.messages.push(`info: ${message}`),
    showErrorMessage: async (message: string) => state.messages.push(`error: ${message}`),
  },
  commands: {
    registerCommand: (id: string, run: () => Promise<void>) => {
      state.commands.set(id, run);
      return { dispose() {} };
    },
  },
}));

vi.mock('vscode-languageclient/node', () => ({
  TransportKind: { stdio: 0, ipc: 1 },
  LanguageClient: class {
    started = false;
    constructor(id: string, _name: string, serverOptions: unknown, clientOptions: unknown) {
      state.clients.push(this as any);
      Object.assign(this, { id, serverOptions, clientOptions });
    }
    async start() {
      this.started = true;
    }
    async stop() {
      this.started = false;
    }
    async sendRequest(method: string, params: unknown) {
      state.requests.push({ method, params });
      return state.responses.get(method);
    }
  },
}));

const extension = await import('../../vscode-extension/src/extension.js');

const context = {
  subscriptions: [] as unknown[],
  asAbsolutePath: (relative: string) => `/ext/${relative}`,
};

beforeEach(async () => {
  for (const key of Object.keys(state) as (keyof typeof state)[]) {
    const value = state[key];
    if (value instanceof Map) value.clear();
    else if (Array.isArray(value)) value.length = 0;
  }
  state.activeDocument = undefined;
  await extension.activate(context as never);
});

describe('the VS Code extension', () => {
  it('starts the bundled server over stdio with the settings, snippets left to VS Code', () => {
    const [client] = state.clients;
    expect(client!.started).toBe(true);
    expect(client!.serverOptions.run).toEqual({ module: '/ext/dist/server.cjs', transport: 0 });
    expect(client!.clientOptions.documentSelector).toContainEqual({ scheme: 'file', language: 'jig' });
    expect(client!.clientOptions.initializationOptions).toEqual({ policyPath: 'policies/company.policy.yaml', snippets: false });
    expect(client!.clientOptions.synchronize.configurationSection).toBe('jig');
  });

  it('registers the three commands', () => {
    expect([...state.commands.keys()].sort()).toEqual(['jig.checkWorkspace', 'jig.showCompiledJson', 'jig.showDataMap']);
  });

  it('shows the compiled JSON beside the source and refreshes it on save', async () => {
    state.activeDocument = { languageId: 'jig', uri: FakeUri.file('/ws/flow.jig') };
    await state.commands.get('jig.showCompiledJson')!();
    const shown = state.shown[0]!;
    expect(shown.options.viewColumn).toBe(-2);
    const compiledUri = shown.document.uri as FakeUri;
    expect(compiledUri.scheme).toBe('jig-compiled');
    expect(compiledUri.path).toBe('/ws/flow.jig.json');

    state.responses.set('jig/compiledJson', { json: '{"definition":{}}\n' });
    const text = await state.providers.get('jig-compiled')!.provideTextDocumentContent(compiledUri);
    expect(text).toBe('{"definition":{}}\n');
    expect(state.requests.at(-1)).toEqual({ method: 'jig/compiledJson', params: { uri: 'file:///ws/flow.jig' } });

    state.saveListeners[0]!({ uri: FakeUri.file('/ws/flow.jig') });
    expect(state.fired).toEqual([compiledUri.toString()]);
    state.saveListeners[0]!({ uri: FakeUri.file('/ws/other.jig') });
    expect(state.fired).toHaveLength(1);

    state.responses.set('jig/compiledJson', { error: 'Nothing is emitted while the file has 2 error(s).' });
    expect(await state.providers.get('jig-compiled')!.provideTextDocumentContent(compiledUri)).toContain('2 error(s)');
  });

  it('asks for a .jig file before showing anything', async () => {
    state.activeDocument = { languageId: 'json', uri: FakeUri.file('/ws/x.json') };
    await state.commands.get('jig.showDataMap')!();
    expect(state.messages).toEqual(['warning: Open a .jig file first.']);
    expect(state.requests).toEqual([]);
  });

  it('checks the workspace and reports the totals', async () => {
    state.responses.set('jig/checkDocuments', { files: 2, errors: 1, warnings: 3 });
    await state.commands.get('jig.checkWorkspace')!();
    expect(state.requests[0]).toEqual({
      method: 'jig/checkDocuments',
      params: {
        documents: [
          { uri: 'file:///ws/a.jig', text: '// /ws/a.jig' },
          { uri: 'file:///ws/b.jig', text: '// /ws/b.jig' },
        ],
      },
    });
    expect(state.messages).toEqual(['error: Jig checked 2 file(s): 1 error(s), 3 warning(s).']);
  });

  it('opens the data map as Markdown beside the source', async () => {
    state.activeDocument = { languageId: 'jig', uri: FakeUri.file('/ws/flow.jig') };
    state.responses.set('jig/dataMap', { markdown: '# Data map' });
    await state.commands.get('jig.showDataMap')!();
    expect(state.shown[0]!.document.what).toEqual({ language: 'markdown', content: '# Data map' });
  });

  it('stops the client on deactivation', async () => {
    await extension.deactivate();
    expect(state.clients[0]!.started).toBe(false);
  });
});
