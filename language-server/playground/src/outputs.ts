/**
 * The panels beside the source: the Logic Apps JSON the document emits (for the chosen target) and
 * its data map, both asked of the server (`jig/compiledJson`, `jig/dataMap`, as the VS Code
 * extension's commands do) after each check of the current text.
 */
import type { LSPClient } from '@codemirror/lsp-client';
import { marked } from 'marked';
import {
  compiledJsonRequest,
  dataMapRequest,
  type CompiledJsonParams,
  type CompiledJsonResult,
  type DataMapParams,
  type DataMapResult,
} from '../../src/protocol.js';
import { safeHtml } from './safe-html.js';

export type Target = NonNullable<CompiledJsonParams['target']>;

export interface OutputElements {
  readonly json: HTMLElement;
  readonly dataMap: HTMLElement;
}

/** Several checks in a row (a quick one, then the complete one) ask once. */
const REFRESH_DELAY_MS = 30;

export class Outputs {
  private pending: ReturnType<typeof setTimeout> | undefined;
  /** Answers to an older refresh than the latest are dropped. */
  private generation = 0;

  constructor(
    private readonly client: LSPClient,
    private readonly elements: OutputElements,
    private readonly target: () => Target,
  ) {}

  refresh(uri: string): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.ask(uri), REFRESH_DELAY_MS);
  }

  private async ask(uri: string): Promise<void> {
    const generation = ++this.generation;
    const [compiled, dataMap] = await Promise.all([
      this.client
        .request<CompiledJsonParams, CompiledJsonResult>(compiledJsonRequest, { uri, target: this.target() })
        .catch((error: unknown): CompiledJsonResult => ({ error: `The server did not answer: ${messageOf(error)}` })),
      this.client
        .request<DataMapParams, DataMapResult>(dataMapRequest, { uri })
        .catch((error: unknown): DataMapResult => ({ markdown: `The server did not answer: ${messageOf(error)}` })),
    ]);
    if (generation !== this.generation) return;
    const { json, dataMap: dataMapElement } = this.elements;
    json.textContent = compiled.json ?? compiled.error ?? '';
    json.dataset.state = compiled.json !== undefined ? 'emitted' : 'refused';
    dataMapElement.innerHTML = safeHtml(marked.parse(dataMap.markdown, { async: false }));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'object' && error && 'message' in error ? String(error.message) : String(error);
}
