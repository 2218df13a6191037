// Bundles the CLI, the language server and the VS Code extension with esbuild. Bundling keeps
// process start fast (chevrotain alone costs ~250 ms unbundled) and lets the .vsix ship without
// node_modules. Type checking is separate (`npm run typecheck`): esbuild only strips types.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTimeModules } from './build-time-modules.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Bundled CommonJS dependencies (ajv, yaml) call require() for Node built-ins; an ESM bundle has
// no require of its own, so give it one.
const requireShim = "import { createRequire as __jigCreateRequire } from 'node:module'; const require = __jigCreateRequire(import.meta.url);";
// The other way round: bundled ESM dependencies (fdir, under tinyglobby) read import.meta.url,
// which a CommonJS bundle does not have; give them the bundle's own file URL.
const importMetaShim = "const __jigImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";
const importMetaDefine = { 'import.meta.url': '__jigImportMetaUrl' };

const targets = [
  {
    entry: 'compiler/src/cli/main.ts',
    // CommonJS, so that compiler/bin/start-cli.cjs can run it with a V8 code cache (vm.Script).
    outfile: 'compiler/dist/cli.cjs',
    format: 'cjs',
    // The Azure SDK is loaded only by `jig deploy`, from node_modules: its dynamic imports become
    // require() calls (a vm.Script has no module loader of its own; the SDK ships CommonJS).
    external: ['@azure/*'],
    supported: { 'dynamic-import': false },
    banner: importMetaShim,
    define: importMetaDefine,
    // Without comments and indentation the bundle is read and hashed faster at every start; the
    // source map (linked) keeps it readable.
    minifyWhitespace: true,
  },
  {
    entry: 'language-server/src/main.ts',
    outfile: 'language-server/dist/server.js',
    format: 'esm',
    external: [],
    banner: requireShim,
  },
  {
    entry: 'language-server/src/main.ts',
    outfile: 'vscode-extension/dist/server.cjs',
    format: 'cjs',
    external: [],
    banner: importMetaShim,
    define: importMetaDefine,
  },
  {
    entry: 'vscode-extension/src/extension.ts',
    outfile: 'vscode-extension/dist/extension.cjs',
    format: 'cjs',
    external: ['vscode'],
  },
];

let failed = false;
for (const target of targets) {
  const entry = join(root, target.entry);
  if (!existsSync(entry)) continue;
  try {
    const { outputFiles } = await build({
      entryPoints: [entry],
      outfile: join(root, target.outfile),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: target.format,
      external: target.external,
      banner: target.banner ? { js: target.banner } : undefined,
      define: target.define,
      supported: target.supported,
      minifyWhitespace: target.minifyWhitespace,
      sourcemap: 'linked',
      logLevel: 'warning',
      // The JSON schemas and the embedded policy are imported as text and bundled in.
      loader: { '.yaml': 'text' },
      // jsonc-parser's "main" is a UMD wrapper whose requires esbuild cannot follow; its ES build can be bundled.
      alias: { 'jsonc-parser': join(root, 'node_modules', 'jsonc-parser', 'lib', 'esm', 'main.js') },
      plugins: [buildTimeModules],
      write: false,
    });
    for (const file of outputFiles) writeAtomically(file.path, file.contents);
  } catch {
    failed = true;
  }
}
if (!failed) failed = !asciiOnly(join(root, 'compiler', 'dist', 'cli.cjs')) || !recordCodeCache();
process.exit(failed ? 1 : 0);

/**
 * Tests rebuild the bundles when a source is newer (test/support/bundles.ts) while other tests run
 * them: a bundle written in place could be started half-written. A rename replaces it whole.
 */
function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, contents);
  renameSync(partial, path);
}

/** compiler/bin/start-cli.cjs reads the CLI bundle as latin1, which is right for ASCII only. */
function asciiOnly(path) {
  const offset = readFileSync(path).findIndex((byte) => byte > 0x7f);
  if (offset >= 0) console.error(`build: ${path} is not ASCII (byte ${offset}); start-cli.cjs reads it as latin1`);
  return offset < 0;
}

/**
 * The CLI's code cache, recorded from a build of the examples (which also checks them): the code
 * cache holds the functions that run, so the run should be the one users make most.
 */
function recordCodeCache() {
  const cache = join(root, 'compiler', 'dist', 'cli.cjs.cache');
  rmSync(cache, { force: true });
  const out = mkdtempSync(join(tmpdir(), 'jig-code-cache-'));
  try {
    const run = spawnSync(
      process.execPath,
      [join(root, 'scripts', 'record-code-cache.mjs'), 'build', join(root, 'examples'), '--out', out, '--format', 'json'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    // Exit 1 (an example with errors) still records: the cache is of what ran, not a verdict.
    if ((run.status !== 0 && run.status !== 1) || !existsSync(cache)) {
      console.error(`build: recording the CLI's code cache failed (exit ${run.status}): ${run.stderr.trim().split('\n')[0] ?? ''}`);
      return false;
    }
    return true;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
