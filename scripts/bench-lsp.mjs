// The language server's figures for `npm run bench` (issues 5 and 15): diagnostics after a
// one-character edit of a 2,000-line file (≤ 50 ms), completion in it (≤ 20 ms), and the server's
// memory after opening the examples and that file (< 150 MB). The real server runs as a child
// process with its default settings and is driven over stdio, as an editor drives it: each time
// runs from the moment the client sends the notification to the moment the diagnostics arrive,
// so whatever the server waits before checking is included.
//
// `scripts/bench.mjs` adds `languageServerSection` to its report; `node scripts/bench-lsp.mjs`
// prints the section alone.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const server = join(root, 'language-server', 'bin', 'jig-language-server.js');
const examplesDir = join(root, 'examples');
const benchDir = join(root, '.bench', 'language-server');
const TARGET_LINES = 2000;
const RUNS = 15;

/** invoice_intake's declarations once, then copies of its flow under new names, to 2,000 lines. */
function generateLargeFile() {
  const text = readFileSync(join(examplesDir, 'invoice_intake.jig'), 'utf8');
  const flowStart = text.search(/^@purpose/m);
  const header = text.slice(0, flowStart);
  const flow = text.slice(flowStart);
  const parts = [header];
  let lines = header.split('\n').length;
  for (let copy = 0; lines < TARGET_LINES; copy++) {
    const renamed = flow.replace(/\bflow invoice_intake\b/, `flow invoice_intake_${copy}`);
    parts.push(renamed);
    lines += renamed.split('\n').length;
  }
  return parts.join('\n');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The resident set of a process, from /proc (Linux); NaN elsewhere. */
function rssMB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) a process has used, in ms, from /proc (Linux, 10 ms ticks); NaN elsewhere. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

async function startServer(rootPath) {
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = [];
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].uri === params.uri && waiters[i].version === params.version) waiters.splice(i, 1)[0].resolve(params);
    }
  });
  /** Resolves with undefined when nothing is published for the version within `ms`. */
  const diagnosticsWithin = (uri, version, ms) =>
    Promise.race([new Promise((resolve) => waiters.push({ uri, version, resolve })), new Promise((resolve) => setTimeout(resolve, ms))]);
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(rootPath).href,
    workspaceFolders: [{ uri: pathToFileURL(rootPath).href, name: 'bench' }],
    capabilities: {},
  });
  await connection.sendNotification('initialized', {});
  const diagnosticsFor = (uri, version) => new Promise((resolve) => waiters.push({ uri, version, resolve }));
  return { child, connection, diagnosticsFor, diagnosticsWithin };
}

export const languageServerSection = {
  title: 'Language server (stdio, default settings, as a client sees it)',
  async run() {
    if (!existsSync(join(root, 'language-server', 'dist', 'server.js'))) {
      return [{ name: 'language server', seconds: NaN, note: 'not built (npm run build)' }];
    }
    rmSync(benchDir, { recursive: true, force: true });
    mkdirSync(benchDir, { recursive: true });
    cpSync(examplesDir, benchDir, { recursive: true });
    const largeText = generateLargeFile();
    const largeFile = join(benchDir, 'large.jig');
    writeFileSync(largeFile, largeText);
    const lines = largeText.split('\n');

    const { child, connection, diagnosticsFor, diagnosticsWithin } = await startServer(benchDir);
    try {
      const open = async (file, text) => {
        const uri = pathToFileURL(file).href;
        const published = diagnosticsFor(uri, 1);
        await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'jig', version: 1, text } });
        return { uri, diagnostics: (await published).diagnostics };
      };
      for (const name of readdirSync(benchDir).filter((file) => file.endsWith('.jig') && file !== 'large.jig')) {
        await open(join(benchDir, name), readFileSync(join(benchDir, name), 'utf8'));
      }
      const large = await open(largeFile, largeText);
      const memoryOpened = rssMB(child.pid);

      // One character typed and taken back, alternately, in the middle of the file.
      const editLine = lines.findIndex((line, index) => index > lines.length / 2 && line.includes('respond 202'));
      const column = lines[editLine].indexOf('202') + 3;
      // The server answers an edit inside a flow twice: that flow's findings first (the rest
      // kept from the last check), then the complete check.
      const editTimes = [];
      const completeTimes = [];
      let cpuTotal = 0;
      let version = 1;
      for (let run = 0; run < RUNS; run++) {
        version++;
        const insert = run % 2 === 0;
        const range = insert
          ? { start: { line: editLine, character: column }, end: { line: editLine, character: column } }
          : { start: { line: editLine, character: column }, end: { line: editLine, character: column + 1 } };
        const published = diagnosticsFor(large.uri, version);
        const cpuBefore = cpuMs(child.pid);
        const started = performance.now();
        await connection.sendNotification('textDocument/didChange', {
          textDocument: { uri: large.uri, version },
          contentChanges: [{ range, text: insert ? ' ' : '' }],
        });
        await published;
        editTimes.push(performance.now() - started);
        const complete = await diagnosticsWithin(large.uri, version, 500);
        completeTimes.push(complete ? performance.now() - started : editTimes.at(-1));
        cpuTotal += cpuMs(child.pid) - cpuBefore;
      }
      // Wall time counts whatever else the machine runs; the server's own CPU time does not.
      const cpuPerEdit = cpuTotal / RUNS;

      // Typing: eight characters, one every 60 ms (a fast typist), each sent as an editor sends
      // it; timed from the last keystroke to the diagnostics of the text it leaves. Checks of the
      // versions typed past must not hold these up.
      const TYPED = 8;
      const typingTimes = [];
      for (let burst = 0; burst < 5; burst++) {
        for (let typed = 0; typed < TYPED; typed++) {
          version++;
          const at = { line: editLine, character: column + typed };
          const published = typed === TYPED - 1 ? diagnosticsFor(large.uri, version) : undefined;
          const started = performance.now();
          await connection.sendNotification('textDocument/didChange', {
            textDocument: { uri: large.uri, version },
            contentChanges: [{ range: { start: at, end: at }, text: 'x' }],
          });
          if (published) {
            await published;
            typingTimes.push(performance.now() - started);
          } else await new Promise((resolve) => setTimeout(resolve, 60));
        }
        version++;
        const restored = diagnosticsFor(large.uri, version);
        await connection.sendNotification('textDocument/didChange', {
          textDocument: { uri: large.uri, version },
          contentChanges: [{ range: { start: { line: editLine, character: column }, end: { line: editLine, character: column + TYPED } }, text: '' }],
        });
        await restored;
        await diagnosticsWithin(large.uri, version, 500);
      }

      // Completion of the fields after `invoice.` in the last flow of the file.
      const memberLine = lines.findLastIndex((line) => line.includes('if invoice.amount'));
      const position = { line: memberLine, character: lines[memberLine].indexOf('invoice.') + 'invoice.'.length };
      const completionTimes = [];
      let fields = 0;
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const items = await connection.sendRequest('textDocument/completion', { textDocument: { uri: large.uri }, position });
        completionTimes.push(performance.now() - started);
        fields = items.length;
      }
      const memoryAfterEdits = rssMB(child.pid);

      return [
        {
          name: `first diagnostics after a 1-character edit of a ${lines.length.toLocaleString('en-US')}-line file`,
          seconds: median(editTimes) / 1000,
          target: { seconds: 0.05 },
          note: `median of ${RUNS}, slowest ${Math.round(Math.max(...editTimes))} ms; the edited flow's findings first`,
        },
        {
          name: 'complete diagnostics of that file after the edit',
          seconds: median(completeTimes) / 1000,
          note: `median of ${RUNS}, slowest ${Math.round(Math.max(...completeTimes))} ms; server CPU for both answers ${Math.round(cpuPerEdit)} ms an edit`,
        },
        {
          name: `diagnostics after typing ${TYPED} characters, 60 ms apart, in that file`,
          seconds: median(typingTimes) / 1000,
          target: { seconds: 0.05 },
          note: `from the last keystroke; median of ${typingTimes.length}, slowest ${Math.round(Math.max(...typingTimes))} ms`,
        },
        {
          name: 'completion after `invoice.` in that file',
          seconds: median(completionTimes) / 1000,
          target: { seconds: 0.02 },
          note: `median of ${RUNS}, slowest ${Math.round(Math.max(...completionTimes))} ms; ${fields} items`,
        },
        {
          name: 'server memory, examples and the large file open',
          seconds: NaN,
          rssMB: memoryOpened,
          target: { rssMB: 150 },
          note: `resident set of the server process; ${Math.round(memoryAfterEdits)} MB after the edits and completions above (garbage not yet collected)`,
        },
      ];
    } finally {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      connection.dispose();
    }
  },
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = await languageServerSection.run();
  console.log(languageServerSection.title);
  for (const row of rows) {
    const time = Number.isFinite(row.seconds) ? `${(row.seconds * 1000).toFixed(1)} ms` : '';
    const memory = Number.isFinite(row.rssMB) ? `${row.rssMB.toFixed(0)} MB` : '';
    const target = [row.target?.seconds !== undefined && `≤ ${row.target.seconds * 1000} ms`, row.target?.rssMB !== undefined && `< ${row.target.rssMB} MB`]
      .filter(Boolean)
      .join(', ');
    const met = (row.target?.seconds === undefined || row.seconds <= row.target.seconds) && (row.target?.rssMB === undefined || row.rssMB < row.target.rssMB);
    const verdict = target ? ` (target ${target}: ${met ? 'ok' : 'MISSED'})` : '';
    console.log(`  ${row.name}: ${[time, memory].filter(Boolean).join(', ')}${verdict}; ${row.note ?? ''}`);
  }
}
