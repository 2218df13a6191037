/**
 * What `jig run` and `jig test` print: a run history like the portal's (each action with its
 * status, inputs and outputs, hidden where Azure hides them), a summary of test results like
 * vitest's, and JUnit XML for CI.
 */
import type { ActionRun, RunRecord } from '../engine/index.js';
import type { TestFileOutcome } from './runner.js';

const MARKS: Record<string, string> = { Succeeded: '✓', Failed: '✗', Skipped: '-', TimedOut: '⏱', Cancelled: '⊘' };
const HIDDEN = '(hidden by secureData, as in Azure)';

function compact(value: unknown, width: number): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function elapsed(start: string, end: string): string {
  const ms = Date.parse(end) - Date.parse(start);
  if (!Number.isFinite(ms) || ms <= 0) return '';
  if (ms < 1000) return ` ${ms}ms`;
  if (ms < 120_000) return ` ${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)}s`;
  return ` ${Math.round(ms / 60_000)}m`;
}

function actionLines(action: ActionRun, width: number): string[] {
  const indent = '  '.repeat(action.scope.length);
  const where = action.repetition ? ` [${Object.entries(action.repetition).map(([loop, index]) => `${loop} #${index + 1}`).join(', ')}]` : '';
  const source = action.mocked === 'mock' ? ' (mock)' : action.mocked === 'simulated' ? ' (simulated)' : action.mocked === 'empty' ? ' (no mock: empty success)' : '';
  const lines = [`${indent}${MARKS[action.status] ?? '?'} ${action.name}${where}  ${action.type}  ${action.status}${action.code && action.code !== action.status ? ` ${action.code}` : ''}${elapsed(action.startTime, action.endTime)}${source}`];
  const detail = `${indent}    `;
  if (action.error && action.status !== 'Skipped') lines.push(`${detail}error: ${action.error.code}: ${action.error.message}`);
  if (action.secured?.inputs) lines.push(`${detail}inputs: ${HIDDEN}`);
  else if (action.inputs !== undefined) lines.push(`${detail}inputs: ${compact(action.inputs, width)}`);
  if (action.secured?.outputs) lines.push(`${detail}outputs: ${HIDDEN}`);
  else if (action.outputs !== undefined) lines.push(`${detail}outputs: ${compact(action.outputs, width)}`);
  for (const retry of action.retryHistory ?? []) lines.push(`${detail}retry after ${retry.code} at ${retry.endTime}`);
  for (const note of action.notes ?? []) if (!note.startsWith('no mock')) lines.push(`${detail}note: ${note}`);
  return lines;
}

/** The names of the actions whose inputs are secured, in this run and (`child/Action`) its child runs. */
function securedActions(record: RunRecord, prefix = ''): Set<string> {
  const names = new Set(record.actions.filter((action) => action.secured?.inputs).map((action) => `${prefix}${action.name}`));
  for (const child of record.effects.childRuns) for (const name of securedActions(child.run, `${prefix}${child.run.workflow}/`)) names.add(name);
  return names;
}

/**
 * The run as its history may show it: what a secured action stored, mailed or requested is hidden
 * in the record of effects too, as its inputs are (the record itself keeps it for expectations).
 */
export function runHistoryView(record: RunRecord): RunRecord {
  const secured = securedActions(record);
  if (secured.size === 0) return record;
  const { stored, mails, requests, childRuns } = record.effects;
  return {
    ...record,
    effects: {
      ...record.effects,
      stored: stored.map((document) => (secured.has(document.action) ? { ...document, document: HIDDEN } : document)),
      mails: mails.map((mail) => (secured.has(mail.action) ? { action: mail.action, to: HIDDEN, subject: HIDDEN, body: HIDDEN } : mail)),
      requests: requests.map((request) => (secured.has(request.action) ? { action: request.action, method: request.method, uri: HIDDEN } : request)),
      childRuns: childRuns.map((child) => ({ ...child, run: runHistoryView(child.run) })),
    },
  };
}

export function formatRunHistory(run: RunRecord, width = 160): string {
  const record = runHistoryView(run);
  const lines: string[] = [];
  const error = record.notSupported ? ` — ${record.notSupported}` : record.error ? ` — ${record.error.code}: ${record.error.message}` : '';
  lines.push(`Run of ${record.workflow}: ${record.status}${error}`);
  lines.push(`  ${record.startTime} → ${record.endTime}`);
  const trigger = record.trigger;
  lines.push(`${MARKS[trigger.status] ?? '?'} ${trigger.name}  ${trigger.type} trigger  ${trigger.status}${trigger.scheduledTime ? ` (scheduled ${trigger.scheduledTime})` : ''}`);
  if (trigger.secured?.outputs) lines.push(`    outputs: ${HIDDEN}`);
  else if (trigger.outputs !== undefined) lines.push(`    outputs: ${compact(trigger.outputs, width)}`);
  for (const action of record.actions) lines.push(...actionLines(action, width));
  if (record.response) lines.push(`Response ${record.response.statusCode} (${record.response.action})${record.response.body === null ? '' : `: ${compact(record.response.body, width)}`}`);
  const { stored, mails, requests, childRuns } = record.effects;
  for (const document of stored) lines.push(`Stored in ${document.database}/${document.container}${document.ttl !== undefined ? ` (ttl ${document.ttl} s)` : ' (no ttl)'}: ${document.document === HIDDEN ? HIDDEN : compact(document.document, width)}`);
  for (const mail of mails) lines.push(mail.to === HIDDEN ? `Mail (${mail.action}): ${HIDDEN}` : `Mail to ${mail.to}: ${mail.subject}`);
  for (const request of requests) lines.push(`Request ${request.method} ${request.uri}`);
  for (const child of childRuns) lines.push(`Child run ${child.workflow} (${child.action}): ${child.run.status}`);
  const empty = record.actions.filter((action) => action.mocked === 'empty').map((action) => action.name);
  if (empty.length > 0) lines.push(`No mock, so an empty success: ${[...new Set(empty)].join(', ')}`);
  for (const note of record.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
}

export interface TestTotals {
  readonly files: { passed: number; failed: number };
  readonly tests: { passed: number; failed: number };
}

export function totalsOf(outcomes: readonly TestFileOutcome[]): TestTotals {
  const files = { passed: 0, failed: 0 };
  const tests = { passed: 0, failed: 0 };
  for (const outcome of outcomes) {
    const failed = outcome.diagnostics.length > 0 || outcome.tests.some((test) => test.failures.length > 0);
    if (failed) files.failed++;
    else files.passed++;
    for (const test of outcome.tests) {
      if (test.failures.length > 0) tests.failed++;
      else tests.passed++;
    }
  }
  return { files, tests };
}

function ms(value: number): string {
  return `${Math.round(value)}ms`;
}

/** The vitest-like report: one line a file, one a test, the failures' reasons, the totals. */
export function formatTestReport(outcomes: readonly TestFileOutcome[], relative: (path: string) => string, color: (text: string, kind: 'pass' | 'fail' | 'dim') => string = (t) => t): string {
  const lines: string[] = [];
  for (const outcome of outcomes) {
    const failed = outcome.diagnostics.length > 0 || outcome.tests.some((test) => test.failures.length > 0);
    const total = outcome.tests.reduce((sum, test) => sum + test.durationMs, 0);
    lines.push(`${failed ? color('✗', 'fail') : color('✓', 'pass')} ${relative(outcome.path)}${outcome.workflow ? color(` (${outcome.workflow})`, 'dim') : ''} ${color(`${outcome.tests.length} test${outcome.tests.length === 1 ? '' : 's'} ${ms(total)}`, 'dim')}`);
    for (const test of outcome.tests) {
      const ok = test.failures.length === 0;
      lines.push(`   ${ok ? color('✓', 'pass') : color('✗', 'fail')} ${test.name} ${color(ms(test.durationMs), 'dim')}`);
      for (const failure of test.failures) lines.push(`      ${color('→', 'fail')} ${failure}`);
    }
  }
  const { files, tests } = totalsOf(outcomes);
  const part = (counts: { passed: number; failed: number }) =>
    `${counts.failed > 0 ? `${color(`${counts.failed} failed`, 'fail')} | ` : ''}${color(`${counts.passed} passed`, 'pass')} (${counts.passed + counts.failed})`;
  lines.push('');
  lines.push(` Test Files  ${part(files)}`);
  lines.push(`      Tests  ${part(tests)}`);
  return `${lines.join('\n')}\n`;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JUnit XML, as CI systems read it. A file that could not run is a test case with an error. */
export function formatJunit(outcomes: readonly TestFileOutcome[], relative: (path: string) => string, describeDiagnostics: (outcome: TestFileOutcome) => string): string {
  const { tests } = totalsOf(outcomes);
  const errors = outcomes.filter((outcome) => outcome.diagnostics.length > 0).length;
  const seconds = (value: number) => (value / 1000).toFixed(3);
  const total = outcomes.flatMap((outcome) => outcome.tests).reduce((sum, test) => sum + test.durationMs, 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="jig test" tests="${tests.passed + tests.failed + errors}" failures="${tests.failed}" errors="${errors}" time="${seconds(total)}">`];
  for (const outcome of outcomes) {
    const name = xml(relative(outcome.path));
    const failures = outcome.tests.filter((test) => test.failures.length > 0).length;
    const time = outcome.tests.reduce((sum, test) => sum + test.durationMs, 0);
    const hasError = outcome.diagnostics.length > 0;
    lines.push(`  <testsuite name="${name}" tests="${outcome.tests.length + (hasError ? 1 : 0)}" failures="${failures}" errors="${hasError ? 1 : 0}" time="${seconds(time)}">`);
    if (hasError) lines.push(`    <testcase classname="${name}" name="(test file)" time="0"><error message="the test file could not run">${xml(describeDiagnostics(outcome))}</error></testcase>`);
    for (const test of outcome.tests) {
      const open = `    <testcase classname="${name}" name="${xml(test.name)}" time="${seconds(test.durationMs)}"`;
      if (test.failures.length === 0) lines.push(`${open} />`);
      else lines.push(`${open}><failure message="${xml(test.failures[0]!)}">${xml(test.failures.join('\n'))}</failure></testcase>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
