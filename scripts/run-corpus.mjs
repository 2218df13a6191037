// `node scripts/run-corpus.mjs [FOLDER…]`: runs every workflow of the real-workflow corpora
// (../shared/wdl/corpus and ../shared/wdl/corpus2 by default) on jig's engine and prints how many
// ran to completion (Succeeded or Failed, as a run in Azure ends), how many stopped at a named
// feature the engine does not support (grouped by feature), and how many failed inside the engine
// (an exception: a defect of the engine; the target is none, and the script then exits 1).
//
// There is no recorded input, so the inputs are generated from shapes: a Request trigger's body
// from its JSON schema, a known connector trigger's body and a known connector operation's answer
// from the connector's response shape (the engine's catalogue); other calls get the engine's empty
// success. The engine is bundled from compiler/src with esbuild, so the script runs on the sources.
import { readdirSync, readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const folders = process.argv.length > 2 ? process.argv.slice(2) : [join(root, '..', 'shared', 'wdl', 'corpus'), join(root, '..', 'shared', 'wdl', 'corpus2')];

const bundled = await build({
  entryPoints: [join(root, 'compiler', 'src', 'engine', 'index.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  write: false,
  logLevel: 'error',
});
const bundlePath = join(mkdtempSync(join(tmpdir(), 'jig-corpus-')), 'engine.mjs');
writeFileSync(bundlePath, bundled.outputFiles[0].text);
const engine = await import(pathToFileURL(bundlePath).href);
const { runWorkflow, workflowsOf, World, sampleTriggerInput, sampleOperationMocks, DocumentError } = engine;

const operationMocks = sampleOperationMocks();

/** A NotSupported message without the names of the workflow's own actions, to group by feature. */
function featureOf(message) {
  return message
    .replace(/ \(action '[^']*'\)/g, '')
    .replace(/ of '[^']*'/g, '')
    .replace(/ \(at '[^']*'\)/g, '')
    .replace(/query( text)? '[^']*'/g, 'query')
    .split(' is not supported by jig run')[0];
}

const counts = { files: 0, workflows: 0, notWorkflows: 0, succeeded: 0, failed: 0, other: 0, notSupported: 0, engineFailures: 0 };
const features = new Map();
/** Why the Failed runs failed: the error code of the first action that failed, with a cause. */
const failedBy = new Map();
const failures = [];
const started = performance.now();
for (const folder of folders) {
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.json')).sort()) {
    counts.files++;
    let documents;
    try {
      documents = workflowsOf(JSON.parse(readFileSync(join(folder, name), 'utf8')), basename(name, '.json'));
    } catch (error) {
      if (error instanceof DocumentError || error instanceof SyntaxError) {
        counts.notWorkflows++;
        continue;
      }
      throw error;
    }
    for (const document of documents) {
      counts.workflows++;
      try {
        const record = runWorkflow(document, { trigger: sampleTriggerInput(document.definition), mocks: { actions: {}, operations: operationMocks }, world: new World() });
        if (record.status === 'Succeeded') counts.succeeded++;
        else if (record.status === 'Failed') {
          counts.failed++;
          const first = record.actions.find((action) => action.status === 'Failed' && action.error && action.error.code !== 'ActionFailed');
          const cause = first ? `${first.error.code}: ${first.error.message.replace(/'[^']*'/g, "'…'").slice(0, 110)}` : record.error?.code ?? 'unknown';
          failedBy.set(cause, (failedBy.get(cause) ?? 0) + 1);
        }
        else if (record.status === 'NotSupported') {
          counts.notSupported++;
          const feature = featureOf(record.notSupported ?? '');
          features.set(feature, (features.get(feature) ?? 0) + 1);
        } else counts.other++;
      } catch (error) {
        counts.engineFailures++;
        failures.push(`${name} (${document.name}): ${error instanceof Error ? `${error.name}: ${error.message}\n    ${(error.stack ?? '').split('\n')[1]?.trim() ?? ''}` : String(error)}`);
      }
    }
  }
}
const seconds = (performance.now() - started) / 1000;

const completed = counts.succeeded + counts.failed + counts.other;
console.log(`jig run over ${counts.files} files (${folders.map((folder) => basename(folder)).join(', ')}): ${counts.workflows} workflows, ${counts.notWorkflows} files hold none`);
console.log(`  ran to completion:          ${completed} (${counts.succeeded} Succeeded, ${counts.failed} Failed${counts.other ? `, ${counts.other} Cancelled` : ''})`);
for (const [cause, count] of [...failedBy].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 12)) console.log(`    ${String(count).padStart(4)}  ${cause}`);
if (failedBy.size > 12) console.log(`          (${failedBy.size - 12} other causes)`);
console.log(`  stopped at a named feature: ${counts.notSupported}`);
for (const [feature, count] of [...features].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) console.log(`    ${String(count).padStart(4)}  ${feature}`);
console.log(`  failed inside the engine:   ${counts.engineFailures}`);
for (const failure of failures) console.log(`    ${failure}`);
console.log(`  ${seconds.toFixed(1)} s in all, ${((seconds * 1000) / Math.max(1, counts.workflows)).toFixed(1)} ms a workflow`);
process.exitCode = counts.engineFailures > 0 ? 1 : 0;
