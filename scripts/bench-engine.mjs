// The engine's section of `npm run bench`: the run time of each example's tests in process (the
// engine's run and the checks of what the test expects; the flows are compiled once, before), and
// `jig test examples` as a user runs it, process start and compilation included.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { buildTimeModules } from './build-time-modules.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = join(root, 'examples');
const jig = join(root, 'compiler', 'bin', 'jig.cjs');
const RUNS = 5;

/** The test runner and a Node file system, bundled from the sources. */
async function loadRunner() {
  const bundled = await build({
    stdin: {
      contents: [
        "export { runTestFile } from './compiler/src/testing/runner.ts';",
        "export { nodeFileSystem } from './compiler/src/project/node-host.ts';",
        "export { fileSystemPolicySource } from './compiler/src/project/policy-source.ts';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    // The validators compiled at build time require ajv's runtime helpers: an ES module has no
    // `require` of its own, so the bundle gets one (esbuild's shim uses it when it exists).
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    write: false,
    logLevel: 'error',
    // As scripts/build.mjs bundles the compiler; the dependencies stay in node_modules.
    loader: { '.yaml': 'text' },
    plugins: [buildTimeModules],
    packages: 'external',
  });
  // Inside the repository, so that its imports find node_modules.
  mkdirSync(join(root, '.bench'), { recursive: true });
  const path = join(root, '.bench', 'engine-runner.mjs');
  writeFileSync(path, bundled.outputFiles[0].text);
  return import(pathToFileURL(path).href);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export const engineSection = {
  title: 'Engine (jig test: each example\'s runs in process; jig test examples as a process)',
  async run() {
    const { runTestFile, nodeFileSystem, fileSystemPolicySource } = await loadRunner();
    const options = { fs: nodeFileSystem, cwd: root, policies: fileSystemPolicySource(nodeFileSystem) };
    const rows = [];
    for (const name of readdirSync(examplesDir).filter((file) => file.endsWith('.test.yaml')).sort()) {
      const path = join(examplesDir, name);
      // Each call compiles the flow again; the tests' own durations time the engine alone.
      const outcomes = [];
      for (let run = 0; run < RUNS + 1; run++) outcomes.push(await runTestFile(path, options));
      const measured = outcomes.slice(1); // the first run warms the JIT
      const tests = measured[0].tests.length;
      const slowest = median(measured.map((outcome) => Math.max(...outcome.tests.map((test) => test.durationMs))));
      const failed = measured[0].tests.filter((test) => test.failures.length > 0).length;
      rows.push({
        name: `run ${measured[0].workflow ?? name} (slowest of ${tests} test${tests === 1 ? '' : 's'})`,
        seconds: slowest / 1000,
        target: { seconds: 0.05 },
        note: `median of ${RUNS}${failed ? `; ${failed} FAILED` : ''}`,
      });
    }
    const processRuns = Array.from({ length: 3 }, () => {
      const started = process.hrtime.bigint();
      const result = spawnSync(process.execPath, [jig, 'test', 'examples'], { cwd: root, encoding: 'utf8' });
      return { seconds: Number(process.hrtime.bigint() - started) / 1e9, status: result.status };
    });
    const whole = median(processRuns.map((run) => run.seconds));
    rows.push({ name: 'jig test examples (whole process)', seconds: whole, target: { seconds: 2 }, note: `median of 3; exit ${processRuns.map((run) => run.status).join(', ')}` });
    return rows;
  },
};
