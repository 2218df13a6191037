// `npm run bench`: how fast the real CLI is on a large workspace, beside a JSON baseline.
//
// Generates in .bench/ a project of 1,000 .jig files (100,000 lines, give or take a few: two or
// three example flows a file) made from the example flows, each file's declarations renamed so
// that the project stays valid; then times, as child processes (process start included, as a user
// sees it), `jig check` and `jig build` on it and `jig check` of one 500-line file (the median of
// three runs for the workspace, of five for the file), with peak memory from /usr/bin/time. The
// baseline is JSON.parse + JSON.stringify of the emitted workflows: the least any compiler of this
// output does.
//
// The report is a list of sections: the compiler's, the JSON baseline, the language server's
// (scripts/bench-lsp.mjs), the browser playground's (scripts/bench-playground.mjs), the engine's
// (scripts/bench-engine.mjs), and the Langium peer's beside jig's (scripts/bench-langium.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { languageServerSection } from './bench-lsp.mjs';
import { engineSection } from './bench-engine.mjs';
import { playgroundSection } from './bench-playground.mjs';
import { langiumSection } from './bench-langium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, '.bench');
const jig = join(root, 'compiler', 'bin', 'jig.cjs');
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Workspace generation

const examplesDir = join(root, 'examples');
const exampleNames = readdirSync(examplesDir).filter((name) => name.endsWith('.jig')).sort();
const examples = exampleNames.map((name) => readFileSync(join(examplesDir, name), 'utf8'));
/** A flow other examples call (`call flow notify_accounting`) stays under its own name, once. */
const CALLED_FLOWS = new Set(['notify_accounting.jig']);

/** One example with every name it declares suffixed, so that copies do not collide. */
function renamed(text, suffix) {
  const declared = [...text.matchAll(/^\s*(?:param|type|flow)\s+(\w+)/gm)].map((match) => match[1]);
  let result = text.replace(/^policy\s.*$/gm, '');
  for (const name of declared) result = result.replace(new RegExp(`\\b${name}\\b`, 'g'), `${name}_${suffix}`);
  return result;
}

/**
 * Writes `text` unless the file already holds it. A second bench run then deletes and rewrites
 * nothing: on this machine's disk (ext4 mounted with `discard`) the blocks of deleted files are
 * trimmed a few seconds later, and writes made meanwhile (a build's) slow down several times over,
 * which would measure the disk's housekeeping rather than the compiler.
 */
function writeIfChanged(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  writeFileSync(path, text);
}

function generateWorkspace(directory, fileCount, targetLines) {
  const written = new Set();
  const write = (name, text) => {
    writeIfChanged(join(directory, name), text);
    written.add(name);
  };
  for (const name of readdirSync(join(examplesDir, 'policy'))) write(join('policy', name), readFileSync(join(examplesDir, 'policy', name), 'utf8'));
  write('jig.yaml', readFileSync(join(examplesDir, 'jig.yaml'), 'utf8').replace(/^out:.*$/m, 'out: ../out'));
  for (const name of CALLED_FLOWS) write(name, readFileSync(join(examplesDir, name), 'utf8'));
  const pool = examples.filter((_, index) => !CALLED_FLOWS.has(exampleNames[index]));
  const called = [...CALLED_FLOWS].reduce((sum, name) => sum + readFileSync(join(examplesDir, name), 'utf8').split('\n').length, 0);
  const fileTarget = (targetLines - called) / (fileCount - CALLED_FLOWS.size);
  let lines = 0;
  let bytes = 0;
  let flows = 0;
  let next = 0;
  for (let i = 0; i < fileCount - CALLED_FLOWS.size; i++) {
    // Examples in rotation, so every construct appears throughout, as many a file as keeps the
    // workspace on course for its size in lines (two or three: some 100 lines a file).
    const parts = [];
    const target = Math.round((i + 1) * fileTarget);
    for (;;) {
      const part = renamed(pool[next % pool.length], `${i}_${parts.length}`);
      const offBy = (list) => Math.abs(lines + (list.length === 0 ? 0 : list.join('\n').split('\n').length) - target);
      if (parts.length > 0 && offBy([...parts, part]) >= offBy(parts)) break;
      parts.push(part);
      next++;
    }
    const text = parts.join('\n');
    write(`flows_${String(i).padStart(4, '0')}.jig`, text);
    lines += text.split('\n').length;
    bytes += Buffer.byteLength(text);
    flows += parts.length;
  }
  for (const name of CALLED_FLOWS) {
    const text = readFileSync(join(directory, name), 'utf8');
    lines += text.split('\n').length;
    bytes += Buffer.byteLength(text);
  }
  // A file left from another size of workspace would be checked too.
  for (const name of readdirSync(directory)) {
    if (name.endsWith('.jig') && !written.has(name)) rmSync(join(directory, name));
  }
  return { lines, bytes, flows: flows + CALLED_FLOWS.size };
}

function generateSingleFile(directory, targetLines) {
  for (const name of readdirSync(join(examplesDir, 'policy'))) writeIfChanged(join(directory, 'policy', name), readFileSync(join(examplesDir, 'policy', name), 'utf8'));
  writeIfChanged(join(directory, 'jig.yaml'), readFileSync(join(examplesDir, 'jig.yaml'), 'utf8'));
  for (const name of CALLED_FLOWS) writeIfChanged(join(directory, name), readFileSync(join(examplesDir, name), 'utf8'));
  const pool = examples.filter((_, index) => !CALLED_FLOWS.has(exampleNames[index]));
  const parts = [];
  let lines = 0;
  for (let k = 0; lines < targetLines; k++) {
    const part = renamed(pool[k % pool.length], String(k));
    parts.push(part);
    lines += part.split('\n').length;
  }
  const text = parts.join('\n');
  const file = join(directory, 'single.jig');
  writeIfChanged(file, text);
  return { file, lines: text.split('\n').length, bytes: Buffer.byteLength(text) };
}

// ---------------------------------------------------------------------------------------------
// Measuring

const hasGnuTime = existsSync('/usr/bin/time');

/**
 * Runs a command; wall time in seconds, and (of the child, via GNU time) peak RSS in MB and CPU
 * seconds, user and system, of all its threads: on a machine others are using, the CPU time moves
 * much less than the wall time.
 */
function measure(args, options = {}) {
  const command = hasGnuTime ? '/usr/bin/time' : process.execPath;
  const fullArgs = hasGnuTime ? ['-f', '%M %U %S', process.execPath, jig, ...args] : [jig, ...args];
  const started = process.hrtime.bigint();
  const result = spawnSync(command, fullArgs, { cwd: options.cwd ?? root, encoding: 'utf8', maxBuffer: 256 * MB });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [rssKb, user, system] = hasGnuTime ? result.stderr.trim().split('\n').at(-1).split(' ').map(Number) : [NaN, NaN, NaN];
  let summary;
  try {
    summary = JSON.parse(result.stdout).summary;
  } catch {
    summary = undefined;
  }
  return { seconds, cpuSeconds: user + system, rssMB: rssKb / 1024, status: result.status, summary, stderr: result.stderr };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// ---------------------------------------------------------------------------------------------
// Sections: each returns rows { name, seconds, lines?, bytes?, rssMB?, target?: { seconds?, rssMB? }, note? }

/** Runs of each workspace measurement; the median is reported, the spread in the note. */
const RUNS = 3;

/** The run of median time, with the spread of all runs. */
function medianRun(runs) {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  const middle = sorted[Math.floor(sorted.length / 2)];
  return { ...middle, spread: `median of ${runs.length}, ${Math.round(sorted[0].seconds * 1000)}–${Math.round(sorted.at(-1).seconds * 1000)} ms` };
}

const outRoot = join(benchDir, 'out');

const compilerSection = {
  title: 'Compiler (jig CLI, process start included)',
  run() {
    const workspace = join(benchDir, 'workspace');
    // The issue's workspace: 1,000 files of flows, about 100,000 lines.
    const size = generateWorkspace(workspace, 1000, 100_000);
    const workspaceName = `1,000 files (${size.lines.toLocaleString('en-US')} lines, ${size.flows.toLocaleString('en-US')} flows)`;
    const single = generateSingleFile(join(benchDir, 'single'), 500);
    // Left by an interrupted run; each build below writes into a folder of its own.
    rmSync(outRoot, { recursive: true, force: true });

    measure(['check', single.file, '--format', 'json']); // warm the file cache
    const check = medianRun(Array.from({ length: RUNS }, () => measure(['check', workspace, '--format', 'json'])));
    const build = medianRun(Array.from({ length: RUNS }, (_, run) => measure(['build', workspace, '--out', join(outRoot, String(run)), '--format', 'json'])));
    const singleRuns = Array.from({ length: 5 }, () => measure(['check', single.file, '--format', 'json']));
    const singleTime = median(singleRuns.map((run) => run.seconds));

    const note = (run) =>
      (run.summary ? `${run.summary.errors} errors, ${run.summary.warnings} warnings in ${run.summary.files} files` : `exit ${run.status}: ${run.stderr.trim().split('\n')[0]}`) +
      (run.spread ? `; ${run.spread}` : '') +
      (Number.isFinite(run.cpuSeconds) ? `; CPU ${run.cpuSeconds.toFixed(2)} s, all threads` : '');
    const { flows: _flows, ...measured } = size;
    return [
      { name: `check ${workspaceName}`, seconds: check.seconds, ...measured, rssMB: check.rssMB, target: { seconds: 1, rssMB: 250 }, note: note(check) },
      { name: `check + build ${workspaceName}`, seconds: build.seconds, ...measured, rssMB: build.rssMB, target: { seconds: 2, rssMB: 250 }, note: note(build) },
      { name: 'check one 500-line file', seconds: singleTime, lines: single.lines, bytes: single.bytes, rssMB: singleRuns[0].rssMB, target: { seconds: 0.3 }, note: note(singleRuns[0]) },
    ];
  },
};

const baselineSection = {
  title: 'Baseline: JSON.parse + JSON.stringify of the emitted workflows (in process)',
  run() {
    const out = join(outRoot, '0');
    const texts = existsSync(out) ? readdirSync(out).filter((name) => name.endsWith('.json')).map((name) => readFileSync(join(out, name), 'utf8')) : [];
    if (texts.length === 0) return [{ name: 'JSON round trip', seconds: NaN, note: 'no emitted workflows to measure' }];
    const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    const lines = texts.reduce((sum, text) => sum + JSON.stringify(JSON.parse(text), null, 2).split('\n').length, 0);
    const times = [];
    for (let run = 0; run < 5; run++) {
      const started = process.hrtime.bigint();
      for (const text of texts) JSON.stringify(JSON.parse(text));
      times.push(Number(process.hrtime.bigint() - started) / 1e9);
    }
    return [{ name: `JSON round trip of ${texts.length} workflows`, seconds: median(times), lines, bytes, note: 'lines counted as pretty-printed JSON' }];
  },
};

export const sections = [compilerSection, baselineSection, langiumSection, engineSection, languageServerSection, playgroundSection];

// ---------------------------------------------------------------------------------------------
// Report

function fmt(value, digits, unit = '') {
  return Number.isFinite(value) ? `${value.toFixed(digits)}${unit}` : '—';
}

function printRows(rows) {
  const table = rows.map((row) => {
    const missed = [];
    if (row.target?.seconds !== undefined && !(row.seconds <= row.target.seconds)) missed.push(`> ${row.target.seconds} s`);
    if (row.target?.rssMB !== undefined && !(row.rssMB < row.target.rssMB)) missed.push(`≥ ${row.target.rssMB} MB`);
    const target = row.target ? [row.target.seconds !== undefined && `≤ ${row.target.seconds} s`, row.target.rssMB !== undefined && `< ${row.target.rssMB} MB`].filter(Boolean).join(', ') : '';
    return [
      row.name,
      fmt(row.seconds * 1000, 0, ' ms'),
      row.lines ? `${Math.round(row.lines / row.seconds).toLocaleString('en-US')} lines/s` : '',
      row.bytes ? fmt(row.bytes / MB / row.seconds, 1, ' MB/s') : '',
      fmt(row.rssMB, 0, ' MB'),
      target && `${target} ${missed.length ? `MISSED (${missed.join(', ')})` : 'ok'}`,
      row.note ?? '',
    ];
  });
  const headers = ['', 'time', 'throughput', '', 'peak RSS', 'target', ''];
  const widths = headers.map((header, column) => Math.max(header.length, ...table.map((row) => row[column].length)));
  for (const row of [headers, ...table]) console.log(row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
}

if (!existsSync(join(root, 'compiler', 'dist', 'cli.cjs'))) {
  console.error('bench: build first (npm run build)');
  process.exit(2);
}
// Every time below is wall time, as a user sees it: on a machine others share, read it beside the load.
const load = () => loadavg().map((value) => value.toFixed(1)).join(', ');
console.log(`Load average ${load()} (1, 5, 15 min) on ${availableParallelism()} cores at the start.`);
// `npm run bench -- compiler lsp`: only the sections whose titles name one of the words given.
const wanted = process.argv.slice(2).map((word) => word.toLowerCase());
const chosen = wanted.length === 0 ? sections : sections.filter((section) => wanted.some((word) => section.title.toLowerCase().includes(word)));
try {
  for (const section of chosen) {
    console.log(`\n${section.title}`);
    printRows(await section.run());
  }
  console.log(`\nLoad average ${load()} at the end.`);
} finally {
  // Removed last, after every measurement (see writeIfChanged).
  rmSync(outRoot, { recursive: true, force: true });
}
const size = statSync(join(root, 'compiler', 'dist', 'cli.cjs')).size;
console.log(`\nCLI bundle: ${(size / MB).toFixed(2)} MB. Node ${process.version}.`);
