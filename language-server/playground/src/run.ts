/**
 * The Run panel: a flow of the document run on the compiler's local engine, in the worker, from
 * the workflow JSON the document emits (the server's `jig/runnableFlows` and `jig/run`, as `jig run`
 * runs it). The inputs are prefilled with samples of the flow's types until the visitor edits
 * them; the run history shows what the engine reports, hidden where Azure's run history hides it.
 */
import type { LSPClient } from '@codemirror/lsp-client';
import type { ActionRun, RunRecord, RunnableFlow } from '../../../compiler/src/index.js';
import {
  runRequest,
  runnableFlowsRequest,
  type RunParams,
  type RunResult,
  type RunnableFlowsParams,
  type RunnableFlowsResult,
} from '../../src/protocol.js';

export interface RunElements {
  readonly form: HTMLFormElement;
  readonly flow: HTMLSelectElement;
  readonly trigger: HTMLElement;
  readonly body: HTMLTextAreaElement;
  readonly parameters: HTMLTextAreaElement;
  readonly mocks: HTMLTextAreaElement;
  readonly containers: HTMLTextAreaElement;
  readonly now: HTMLInputElement;
  readonly button: HTMLButtonElement;
  readonly error: HTMLElement;
  readonly history: HTMLElement;
}

const HIDDEN = 'hidden by secureData, as in Azure';
const MARKS: Record<string, string> = { Succeeded: '✓', Failed: '✗', Skipped: '–', TimedOut: '⏱', Cancelled: '⊘', NotSupported: '?' };

const json = (value: unknown) => JSON.stringify(value, null, 2);

function node<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  element.append(...children);
  return element;
}

/** A value of the history, folded under its label; or the label saying it is hidden. */
function content(label: string, value: unknown, hidden: boolean | undefined): HTMLElement | undefined {
  if (hidden) return node('div', 'run-secured', `${label}: ${HIDDEN}`);
  if (value === undefined) return undefined;
  return node('details', 'run-content', node('summary', '', label), node('pre', '', json(value)));
}

/** The value of a JSON input (none when empty), or what is wrong with it, with its line and column. */
function parseJson(text: string, what: string): { value?: unknown; error?: string } {
  if (text.trim() === '') return {};
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    let message = (error as Error).message;
    const position = /at position (\d+)(?! \(line)/.exec(message);
    if (position) {
      const before = text.slice(0, Number(position[1]));
      const line = before.split('\n').length;
      message += ` (line ${line} column ${before.length - before.lastIndexOf('\n')})`;
    }
    return { error: `The ${what} is not JSON: ${message}` };
  }
}

export class RunPanel {
  private flows: readonly RunnableFlow[] = [];
  /** What each input was last filled with, so that what the visitor typed is never replaced. */
  private readonly filled = new Map<HTMLTextAreaElement, string>();
  private filledFlow: string | undefined;
  private uri: string | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor(
    private readonly client: LSPClient,
    private readonly elements: RunElements,
  ) {
    elements.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.run();
    });
    elements.flow.addEventListener('change', () => this.prefill(true));
  }

  /** After each check of the document at `uri`: which flows can run, and samples of their inputs. */
  refresh(uri: string): void {
    if (uri !== this.uri) {
      this.uri = uri;
      this.elements.history.replaceChildren();
      this.showError(undefined);
    }
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.ask(uri), 30);
  }

  private async ask(uri: string): Promise<void> {
    const generation = ++this.generation;
    const result = await this.client
      .request<RunnableFlowsParams, RunnableFlowsResult>(runnableFlowsRequest, { uri })
      .catch((error: unknown): RunnableFlowsResult => ({ error: `The server did not answer: ${String((error as Error)?.message ?? error)}` }));
    if (generation !== this.generation) return;
    this.flows = result.flows ?? [];
    const { flow, trigger, button } = this.elements;
    const chosen = flow.value;
    flow.replaceChildren(...this.flows.map((candidate) => new Option(candidate.name, candidate.name)));
    if (this.flows.some((candidate) => candidate.name === chosen)) flow.value = chosen;
    flow.disabled = this.flows.length < 2;
    button.disabled = this.flows.length === 0;
    trigger.textContent = result.error ?? '';
    this.prefill(false);
  }

  private selected(): RunnableFlow | undefined {
    return this.flows.find((candidate) => candidate.name === this.elements.flow.value);
  }

  /** Fills the inputs with the flow's samples: all of them for another flow, else those not edited. */
  private prefill(force: boolean): void {
    const flow = this.selected();
    if (!flow) return;
    const otherFlow = force || flow.name !== this.filledFlow;
    this.filledFlow = flow.name;
    const { body, parameters, mocks, trigger } = this.elements;
    trigger.textContent = flow.takesBody ? `Trigger: ${flow.trigger}` : `Trigger: ${flow.trigger}; it takes no body: the run starts at the start time.`;
    body.disabled = !flow.takesBody;
    const fill = (input: HTMLTextAreaElement, text: string) => {
      if (otherFlow || input.value === this.filled.get(input)) input.value = text;
      this.filled.set(input, text);
    };
    fill(body, flow.takesBody ? json(flow.sampleBody) : '');
    fill(parameters, json(flow.sampleParameters));
    fill(mocks, json(flow.sampleMocks));
  }

  private showError(message: string | undefined): void {
    this.elements.error.textContent = message ?? '';
    this.elements.error.hidden = message === undefined;
  }

  private async run(): Promise<void> {
    const flow = this.selected();
    if (!flow || !this.uri) return;
    const { body, parameters, mocks, containers, now, button, history } = this.elements;
    const inputs = {
      body: flow.takesBody ? parseJson(body.value, 'trigger body') : {},
      parameters: parseJson(parameters.value, 'parameters'),
      mocks: parseJson(mocks.value, 'mocks'),
      containers: parseJson(containers.value, 'Cosmos DB documents'),
    };
    const problem = Object.values(inputs).find((input) => input.error !== undefined);
    if (problem) {
      this.showError(problem.error);
      history.replaceChildren();
      return;
    }
    this.showError(undefined);
    button.disabled = true;
    history.setAttribute('aria-busy', 'true');
    const params: RunParams = {
      uri: this.uri,
      flow: flow.name,
      ...(inputs.body.value !== undefined && { body: inputs.body.value }),
      ...(inputs.parameters.value !== undefined && { parameters: inputs.parameters.value as Record<string, unknown> }),
      ...(inputs.mocks.value !== undefined && { mocks: inputs.mocks.value as Record<string, unknown> }),
      ...(inputs.containers.value !== undefined && { containers: inputs.containers.value as Record<string, unknown[]> }),
      ...(now.value.trim() !== '' && { now: now.value.trim() }),
    };
    const result = await this.client
      .request<RunParams, RunResult>(runRequest, params)
      .catch((error: unknown): RunResult => ({ error: `The server did not answer: ${String((error as Error)?.message ?? error)}` }));
    button.disabled = false;
    history.removeAttribute('aria-busy');
    if ('error' in result) {
      this.showError(result.error);
      history.replaceChildren();
      return;
    }
    history.replaceChildren(...runHistory(result.run));
  }
}

function actionItem(action: ActionRun | RunRecord['trigger'], trigger = false): HTMLLIElement {
  const scope = 'scope' in action ? action.scope : [];
  const repetition = 'repetition' in action && action.repetition ? ` [${Object.entries(action.repetition).map(([loop, index]) => `${loop} #${index + 1}`).join(', ')}]` : '';
  const code = 'code' in action && action.code && action.code !== action.status ? ` ${action.code}` : '';
  const mocked = 'mocked' in action ? action.mocked : undefined;
  const source = mocked === 'mock' ? 'mock' : mocked === 'simulated' ? 'simulated' : mocked === 'empty' ? 'no mock: empty success' : '';
  const item = node(
    'li',
    'run-action',
    node(
      'div',
      'run-line',
      node('span', 'run-mark', MARKS[action.status] ?? '?'),
      node('span', 'run-name', `${action.name}${repetition}`),
      node('span', 'run-type', trigger ? `${action.type} trigger` : action.type),
      node('span', 'run-status', `${action.status}${code}`),
      ...(source ? [node('span', 'run-source', source)] : []),
    ),
  );
  item.dataset.status = action.status;
  item.style.setProperty('--depth', String(scope.length));
  if ('error' in action && action.error && action.status !== 'Skipped') item.append(node('div', 'run-failure', `${action.error.code}: ${action.error.message}`));
  const parts = [content('Inputs', action.inputs, action.secured?.inputs), content('Outputs', action.outputs, action.secured?.outputs)];
  item.append(...parts.filter((part): part is HTMLElement => part !== undefined));
  for (const note of ('notes' in action && action.notes) || []) if (!note.startsWith('no mock')) item.append(node('div', 'run-note', note));
  return item;
}

function hiddenOr(value: unknown): string {
  return typeof value === 'string' && value.includes('hidden by secureData') ? HIDDEN : JSON.stringify(value);
}

/** The run as the portal's run history shows it, then the response and what the run did. */
export function runHistory(run: RunRecord): HTMLElement[] {
  const failure = run.notSupported ?? (run.error ? `${run.error.code}: ${run.error.message}` : '');
  const summary = node('div', 'run-summary', node('strong', 'run-status', run.status), ` Run of ${run.workflow}`, failure ? node('div', 'run-failure', failure) : '');
  summary.dataset.status = run.status;
  const actions = node('ol', 'run-actions', actionItem(run.trigger, true), ...run.actions.map((action) => actionItem(action)));
  actions.setAttribute('aria-label', 'Actions');
  const sections: HTMLElement[] = [summary, actions];
  if (run.response) {
    const { statusCode, body, action } = run.response;
    const response = node('div', 'run-response', node('h3', '', `Response ${statusCode}`), node('span', 'run-type', ` from ${action}`));
    response.id = 'run-response';
    if (body !== null && body !== undefined) response.append(node('pre', '', json(body)));
    sections.push(response);
  }
  const { stored, mails, requests, childRuns } = run.effects;
  const effects = [
    ...stored.map((document) => `Stored in ${document.database}/${document.container}${document.ttl !== undefined ? ` (ttl ${document.ttl} s)` : ''}: ${hiddenOr(document.document)}`),
    ...mails.map((mail) => (mail.to.includes('hidden by secureData') ? `Mail (${mail.action}): ${HIDDEN}` : `Mail to ${mail.to}: ${mail.subject}`)),
    ...requests.map((request) => `Request ${request.method} ${hiddenOr(request.uri).replace(/^"|"$/g, '')}`),
  ];
  const empty = [...new Set(run.actions.filter((action) => action.mocked === 'empty').map((action) => action.name))];
  if (empty.length > 0) effects.push(`No mock, so an empty success (200, no body): ${empty.join(', ')}`);
  effects.push(...run.notes);
  if (effects.length > 0) sections.push(node('ul', 'run-effects', ...effects.map((line) => node('li', '', line))));
  for (const child of childRuns) {
    sections.push(node('details', 'run-child', node('summary', '', `Child run of ${child.workflow} (${child.action}): ${child.run.status}`), ...runHistory(child.run)));
  }
  return sections;
}
