// The Langium peer (../shared/bench/langium-jig: Langium 4.4 checking Jig's syntax with scoping
// and a few validations, no types and no policy) and `jig check` on the same files, whole processes,
// interleaved so that both see the same load: the target is jig at least 6× faster. The
// workspace is the peer's own (its scripts/gen_workspace.py, 1,350 files), made as its run.sh makes
// it. Skipped, with a note, until the peer has been installed and bundled (its run.sh does both).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const peer = join(root, '..', 'shared', 'bench', 'langium-jig');
const peerCli = join(peer, 'out', 'cli.cjs');
const jig = join(root, 'compiler', 'bin', 'jig.cjs');
const workspace = join(root, '.bench', 'langium-workspace');
const RUNS = 3;
const FILES = 1350;

function generate() {
  if (existsSync(workspace) && readdirSync(workspace).filter((name) => name.endsWith('.jig')).length === FILES) return true;
  const made = spawnSync('python3', [join(peer, 'scripts', 'gen_workspace.py'), workspace, String(FILES)], { encoding: 'utf8' });
  if (made.status !== 0) return false;
  // As run.sh does: a list stored as it is becomes a loop storing each element.
  for (const name of readdirSync(workspace).filter((entry) => entry.endsWith('.jig'))) {
    const path = join(workspace, name);
    const text = readFileSync(path, 'utf8');
    const changed = text.replace(/^ {2}store trends in (cosmos\([^)]*\))$/gm, '  for each t in trends {\n    store t in $1\n  }');
    if (changed !== text) writeFileSync(path, changed);
  }
  return true;
}

/** Wall seconds and peak RSS of one whole-process run. */
function timed(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, rssMB: Number(result.stderr.trim().split('\n').at(-1)) / 1024, status: result.status, last: result.stdout.trim().split('\n').at(-1) ?? '' };
}

const median = (runs) => [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];

export const langiumSection = {
  title: 'Langium peer (../shared/bench/langium-jig) and jig check on its workspace, interleaved',
  run() {
    if (!existsSync(peerCli)) return [{ name: 'Langium peer', seconds: NaN, note: 'not installed: run ../shared/bench/langium-jig/run.sh once' }];
    if (!generate()) return [{ name: 'Langium peer', seconds: NaN, note: "its workspace generator failed (python3 scripts/gen_workspace.py)" }];
    const peerRuns = [];
    const jigRuns = [];
    for (let run = 0; run < RUNS; run++) {
      peerRuns.push(timed([peerCli, 'check', workspace]));
      jigRuns.push(timed([jig, 'check', workspace, '--format', 'json']));
    }
    const peerRun = median(peerRuns);
    const jigRun = median(jigRuns);
    let summary = '';
    try {
      const { files, lines } = JSON.parse(peerRun.last);
      summary = `${files} files, ${lines.toLocaleString('en-US')} lines; `;
    } catch {
      summary = `the peer's last line: ${peerRun.last}; `;
    }
    const ratio = peerRun.seconds / jigRun.seconds;
    return [
      { name: 'Langium peer check', seconds: peerRun.seconds, rssMB: peerRun.rssMB, note: `${summary}median of ${RUNS}` },
      {
        name: 'jig check, same files',
        seconds: jigRun.seconds,
        rssMB: jigRun.rssMB,
        target: { seconds: Number((peerRun.seconds / 6).toFixed(2)) },
        note: `${ratio.toFixed(1)}× faster than the peer (target 6×); exit ${jigRun.status}; median of ${RUNS}`,
      },
    ];
  },
};
