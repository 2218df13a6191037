// Bundles the CLI, the language server and the VS Code extension with esbuild. Bundling keeps
// process start fast (chevrotain alone costs ~250 ms unbundled) and lets the .vsix ship without
// node_modules. Type checking is separate (`npm run typecheck`): esbuild only strips types.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Bundled CommonJS dependencies (ajv, yaml) call require() for Node built-ins; an ESM bundle has
// no require of its own, so give it one.
const requireShim = "import { createRequire as __jigCreateRequire } from 'node:module'; const require = __jigCreateRequire(import.meta.url);";
// The other way round: bundled ESM dependencies (fdir, under tinyglobby) read import.meta.url,
// which a CommonJS bundle does not have; give them the bundle's own file URL.
const importMetaShim = "const __jigImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";
const importMetaDefine = { 'import.meta.url': '__jigImportMetaUrl' };

// Compiling Jig's fixed JSON schemas costs ~300 ms a `jig build` (the workflow schema) and ~50 ms
// a `jig check` (the policy schema); the bundle gets Ajv's standalone code for them instead, in
// place of compiler/src/validate/precompiled-validators.ts (whose source exports are undefined, so
// that running from source compiles the schemas at run time with the same options).
const validateDir = join(root, 'compiler', 'src', 'validate');
const require = createRequire(import.meta.url);
const precompiledSchemas = {
  precompiledWorkflowValidator: { schema: 'compiler/src/validate/workflow.schema.json', options: 'workflow' },
  precompiledPolicyValidator: { schema: 'compiler/src/policy/policy.schema.json', options: 'policy' },
  precompiledConfigValidator: { schema: 'compiler/src/project/jig-config.schema.json', options: 'config' },
};
const standaloneSources = new Map();
/** One validator's module: Ajv's standalone code, generated once a build. */
function standaloneSource(exportName) {
  if (!standaloneSources.has(exportName)) {
    const { Ajv } = require('ajv');
    const standaloneCode = require('ajv/dist/standalone').default;
    const readJson = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
    const { schema: schemaPath, options } = precompiledSchemas[exportName];
    const schema = readJson(schemaPath);
    const ajv = new Ajv({ ...readJson('compiler/src/validate/schema-options.json')[options], code: { source: true, esm: true } });
    ajv.compile(schema);
    standaloneSources.set(exportName, standaloneCode(ajv, { [exportName]: schema.$id }));
  }
  return standaloneSources.get(exportName);
}
/**
 * The embedded policy's value (compiler/src/policy/embedded-policy-value.ts): jigajob.policy.yaml
 * parsed as the policy loader parses it and validated against the policy schema; a policy that
 * fails fails the build.
 */
function embeddedPolicyValueSource() {
  const { parseDocument } = require('yaml');
  const { Ajv } = require('ajv');
  const readJson = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
  const document = parseDocument(readFileSync(join(root, 'compiler/src/policy/jigajob.policy.yaml'), 'utf8'), { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) throw new Error(`jigajob.policy.yaml: ${document.errors[0].message}`);
  const value = document.toJS({ maxAliasCount: 100 });
  const validate = new Ajv(readJson('compiler/src/validate/schema-options.json').policy).compile(readJson('compiler/src/policy/policy.schema.json'));
  if (!validate(value)) throw new Error(`jigajob.policy.yaml does not match policy.schema.json: ${JSON.stringify(validate.errors?.[0])}`);
  return `export const embeddedPolicyValue = ${JSON.stringify(value)};`;
}

/** Modules whose content the build computes: the embedded policy's value, the schemas' validators. */
const buildTimeModules = {
  name: 'build-time-modules',
  setup(build) {
    build.onResolve({ filter: /[/\\]embedded-policy-value\.js$/ }, (args) =>
      args.resolveDir.startsWith(join(root, 'compiler', 'src')) ? { path: 'embedded-policy-value', namespace: 'build-time-values' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'build-time-values' }, () => ({ contents: embeddedPolicyValueSource(), loader: 'js' }));
    build.onResolve({ filter: /[/\\]precompiled-validators\.js$/ }, (args) =>
      args.resolveDir.startsWith(join(root, 'compiler', 'src')) ? { path: 'all', namespace: 'precompiled-validators' } : undefined,
    );
    build.onResolve({ filter: /^precompiled:/ }, (args) => ({ path: args.path.slice('precompiled:'.length), namespace: 'precompiled-validators' }));
    build.onLoad({ filter: /.*/, namespace: 'precompiled-validators' }, (args) => ({
      contents:
        args.path === 'all'
          ? Object.keys(precompiledSchemas).map((name) => `export { ${name} } from 'precompiled:${name}';`).join('\n')
          : standaloneSource(args.path),
      loader: 'js',
      resolveDir: validateDir,
    }));
  },
};

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
    await build({
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
      plugins: [buildTimeModules],
    });
  } catch {
    failed = true;
  }
}
if (!failed) failed = !asciiOnly(join(root, 'compiler', 'dist', 'cli.cjs')) || !recordCodeCache();
process.exit(failed ? 1 : 0);

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
