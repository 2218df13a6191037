// `npm run corpus`: jig import --check over the real workflows of ../shared/wdl/corpus and
// ../shared/wdl/corpus2, one table a corpus: how many were imported without an internal error,
// how many were imported at all (their trigger has a Jig form), how many are identical when built
// again, and the share of actions (each use counted) written in Jig rather than kept raw.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const jig = join(root, 'compiler', 'bin', 'jig.cjs');
const corpora = ['corpus', 'corpus2'].map((name) => join(root, '..', 'shared', 'wdl', name));

spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
const TOP_REASONS = 25;
const percent = (part, whole) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);

for (const corpus of corpora) {
  if (!existsSync(corpus)) {
    console.log(`${corpus}: not found`);
    continue;
  }
  const out = mkdtempSync(join(tmpdir(), 'jig-corpus-'));
  const run = spawnSync(process.execPath, [jig, 'import', corpus, '--out', out, '--check', '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  rmSync(out, { recursive: true, force: true });
  if (run.status === 2 || !run.stdout.startsWith('[')) {
    console.log(`${corpus}: jig import failed (exit ${run.status}):\n${run.stderr}`);
    process.exitCode = 1;
    continue;
  }
  const report = JSON.parse(run.stdout);
  const files = new Set(report.map((entry) => entry.source)).size;
  const internal = report.filter((entry) => /internal error/i.test(entry.problem ?? '')).length;
  const imported = report.filter((entry) => entry.imported).length;
  const identical = report.filter((entry) => entry.parity?.identical).length;
  const actions = report.reduce((sum, entry) => sum + entry.actions, 0);
  const inJig = report.reduce((sum, entry) => sum + entry.actionsInJig, 0);
  const reasons = new Map();
  for (const entry of report.filter((e) => !e.imported)) {
    const reason = (entry.problem ?? '').replace(/'[^']*'/g, "'…'");
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  console.log(`\n${corpus.split('/').slice(-1)[0]}: ${report.length} workflows in ${files} files`);
  console.log(`  read without an internal error   ${report.length - internal} of ${report.length}   ${percent(report.length - internal, report.length)}`);
  console.log(`  imported                         ${imported} of ${report.length}   ${percent(imported, report.length)}`);
  console.log(`  parity-identical                 ${identical} of ${report.length}   ${percent(identical, report.length)}`);
  console.log(`  actions written in Jig           ${inJig} of ${actions}   ${percent(inJig, actions)}`);
  if (reasons.size > 0) console.log('  not imported, by reason:');
  for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`    ${String(count).padStart(4)}  ${reason}`);
  // Why actions stay raw (jig import's own reason for each), the names in them left out so that
  // alike reasons add up: the actions they hold, and in how many workflows.
  const raw = new Map();
  for (const entry of report) {
    for (const action of entry.raw) {
      const reason = action.reason.replace(/'(?:[^']|'')*'/g, "'…'").replace(/ at \/[^ ]*/g, ' at …').replace(/\b(JIG\d{4}) .*/, '$1');
      const tally = raw.get(reason) ?? { actions: 0, workflows: new Set() };
      tally.actions += action.actions;
      tally.workflows.add(entry.source + entry.name);
      raw.set(reason, tally);
    }
  }
  console.log(`  kept raw, by reason (actions, workflows), top ${TOP_REASONS}:`);
  for (const [reason, tally] of [...raw].sort((a, b) => b[1].actions - a[1].actions).slice(0, TOP_REASONS)) {
    console.log(`    ${String(tally.actions).padStart(4)} ${String(tally.workflows.size).padStart(4)}  ${reason}`);
  }
}
