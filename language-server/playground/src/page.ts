/**
 * The playground page: an editor on one file of the examples project, the language server in a
 * web worker (worker.ts), and beside the source what the compiler makes of it. Everything the page
 * shows comes from the server; the page only lays it out.

 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentUnit } from '@codemirror/language';
import { lintGutter, lintKeymap } from '@codemirror/lint';
import {
  LSPClient,
  findReferencesKeymap,
  formatKeymap,
  hoverTooltips,
  jumpToDefinitionKeymap,
  renameKeymap,
  serverCompletion,
  signatureHelp,
} from '@codemirror/lsp-client';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { EditorSelection } from '@codemirror/state';
import {
  EditorView,
  crosshairCursor,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from '@codemirror/view';
import { examples, projectRoot } from 'jig-playground:project';
import { diagnosticsWithFixes, textOf, type Finding } from './diagnostics.js';
import { semanticHighlighting } from './highlighting.js';
import { Outputs, type Target } from './outputs.js';
import { RunPanel } from './run.js';
import { safeHtml } from './safe-html.js';
import { decodeFragment, encodeFragment, type SharedDocument } from './share.js';
import { workerTransport } from './transport.js';
import './style.css';

const DEFAULT_EXAMPLE = 'order_sync.jig';

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const picker = element<HTMLSelectElement>('example');
const targetPicker = element<HTMLSelectElement>('target');
const status = element<HTMLElement>('status');
const notice = element<HTMLElement>('notice');
const problems = element<HTMLElement>('problems');
const shareButton = element<HTMLButtonElement>('share');
const shareLink = element<HTMLInputElement>('share-link');

const uriOf = (name: string) => `file://${projectRoot}/${name}`;

const client = new LSPClient({
  rootUri: `file://${projectRoot}`,
  // The editor asks for completion itself; a snippet from the server arrives as an LSP snippet.
  initializationOptions: { snippets: true },
  // The first request waits for the worker to load the compiler.
  timeout: 15_000,
  sanitizeHTML: safeHtml,
  extensions: [
    serverCompletion(),
    hoverTooltips(),
    signatureHelp(),
    keymap.of([...formatKeymap, ...renameKeymap, ...jumpToDefinitionKeymap, ...findReferencesKeymap]),
    diagnosticsWithFixes((view, findings) => checked(view, findings)),
  ],
}).connect(workerTransport(new Worker(new URL('worker.js', import.meta.url))));

// For `npm run bench`: when the worker's server answered `initialize` (the compiler loaded).
void client.initializing.then(() => (document.body.dataset.serverReadyMs = String(Math.round(performance.now()))));

const outputs = new Outputs(client, { json: element('json'), dataMap: element('data-map') }, () => targetPicker.value as Target);

const runPanel = new RunPanel(client, {
  form: element('run-form'),
  flow: element('run-flow'),
  trigger: element('run-trigger'),
  body: element('run-body'),
  parameters: element('run-parameters'),
  mocks: element('run-mocks'),
  containers: element('run-containers'),
  now: element('run-now'),
  button: element('run-button'),
  error: element('run-error'),
  history: element('run-history'),
});

let view: EditorView | undefined;
let current: { name: string; uri: string } | undefined;

/** Shows a file of the project in the editor (a new document for the server: its own URI). */
function open(document: SharedDocument): void {
  view?.destroy();
  current = { name: document.name, uri: uriOf(document.name) };
  picker.value = document.name in examples ? document.name : '';
  showFindings([]);
  status.textContent = 'Checking…';
  status.dataset.state = 'checking';
  view = new EditorView({
    doc: document.text,
    parent: element('editor'),
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      indentUnit.of('  '),
      bracketMatching(),
      closeBrackets(),
      autocompletion(),
      rectangularSelection(),
      crosshairCursor(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      lintGutter(),
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap, indentWithTab]),
      semanticHighlighting,
      EditorView.contentAttributes.of({ 'aria-label': `Source of ${document.name}` }),
      client.plugin(current.uri, 'jig'),
    ],
  });
}

let firstCheck = true;
function checked(checkedView: EditorView, findings: readonly Finding[]): void {
  if (checkedView !== view || !current) return;
  if (firstCheck) {
    firstCheck = false;
    // For `npm run bench`: milliseconds from the navigation to the first diagnostics shown.
    document.body.dataset.firstDiagnosticsMs = String(Math.round(performance.now()));
  }
  showFindings(findings);
  outputs.refresh(current.uri);
  runPanel.refresh(current.uri);
}

function showFindings(findings: readonly Finding[]): void {
  const count = (severity: number) => findings.filter((finding) => (finding.diagnostic.severity ?? 1) === severity).length;
  const errors = count(1);
  const warnings = count(2);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  status.textContent = errors + warnings === 0 ? 'No problems' : [plural(errors, 'error'), plural(warnings, 'warning')].join(' · ');
  status.dataset.state = errors > 0 ? 'errors' : warnings > 0 ? 'warnings' : 'clean';
  problems.replaceChildren(...findings.map(findingItem));
}

function findingItem(finding: Finding): HTMLLIElement {
  const { diagnostic } = finding;
  const item = document.createElement('li');
  item.className = `finding severity-${diagnostic.severity ?? 1}`;
  const where = document.createElement('button');
  where.className = 'where';
  where.textContent = `${diagnostic.code ?? ''} ${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`;
  where.title = 'Show in the source';
  where.addEventListener('click', () => {
    if (!view) return;
    view.dispatch({ selection: EditorSelection.range(finding.from, finding.to), scrollIntoView: true });
    view.focus();
  });
  const message = document.createElement('div');
  message.className = 'message';
  // The first line is the finding; the next ones cite the policy section it enforces.
  message.textContent = textOf(diagnostic.message);
  item.append(where, message);
  for (const fix of finding.fixes) {
    const button = document.createElement('button');
    button.className = 'fix';
    button.textContent = fix.name;
    button.addEventListener('click', () => view && fix.apply(view, finding.from, finding.to));
    item.append(button);
  }
  return item;
}

async function share(): Promise<void> {
  if (!view || !current) return;
  const fragment = await encodeFragment({ name: current.name, text: view.state.doc.toString() });
  window.history.replaceState(null, '', fragment);
  shareLink.value = location.href;
  shareLink.hidden = false;
  shareLink.select();
  try {
    await navigator.clipboard.writeText(location.href);
    shareButton.textContent = 'Link copied';
  } catch {
    shareButton.textContent = 'Copy the link';
  }
  setTimeout(() => (shareButton.textContent = 'Share'), 2000);
}

/** The document the URL's fragment carries, else the default example. */
async function openFromLocation(): Promise<void> {
  const shared = await decodeFragment(location.hash);
  if (shared && 'error' in shared) {
    open({ name: DEFAULT_EXAMPLE, text: examples[DEFAULT_EXAMPLE]! });
    notice.textContent = shared.error;
    notice.hidden = false;
    return;
  }
  notice.hidden = true;
  open(shared ?? { name: DEFAULT_EXAMPLE, text: examples[DEFAULT_EXAMPLE]! });
}

for (const name of Object.keys(examples)) picker.append(new Option(name.replace(/\.jig$/, ''), name));
picker.addEventListener('change', () => {
  if (!picker.value) return;
  // The link named the document that was shown; it names none now.
  window.history.replaceState(null, '', location.pathname + location.search);
  shareLink.hidden = true;
  open({ name: picker.value, text: examples[picker.value]! });
});
targetPicker.addEventListener('change', () => current && outputs.refresh(current.uri));
shareButton.addEventListener('click', () => void share());
window.addEventListener('hashchange', () => void openFromLocation());
for (const tab of document.querySelectorAll<HTMLButtonElement>('[role="tab"]')) {
  tab.addEventListener('click', () => {
    for (const other of document.querySelectorAll<HTMLButtonElement>('[role="tab"]')) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      element(other.getAttribute('aria-controls')!).hidden = !selected;
    }
  });
}
void openFromLocation();
