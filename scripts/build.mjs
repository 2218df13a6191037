// Bundles the CLI, the language server and the VS Code extension with esbuild. Bundling keeps
// process start fast (chevrotain alone costs ~250 ms unbundled) and lets the .vsix ship without
// node_modules. Type checking is separate (`npm run typecheck`): esbuild only strips types.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
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

// Compiling the workflow schema costs ~300 ms a `jig build`; the bundle gets Ajv's standalone code
// for it instead, in place of compiler/src/validate/precompiled-workflow-validator.ts (whose
// source export is undefined, so that running from source compiles the schema at run time).
const validateDir = join(root, 'compiler', 'src', 'validate');
const require = createRequire(import.meta.url);
let workflowValidatorSource;
function precompiledWorkflowValidatorSource() {
  return (workflowValidatorSource ??= generateWorkflowValidatorSource());
}
function generateWorkflowValidatorSource() {
  const { Ajv } = require('ajv');
  const standaloneCode = require('ajv/dist/standalone').default;
  const readJson = (name) => JSON.parse(readFileSync(join(validateDir, name), 'utf8'));
  const schema = readJson('workflow.schema.json');
  const ajv = new Ajv({ ...readJson('workflow-schema-options.json'), code: { source: true, esm: true } });
  ajv.compile(schema);
  return standaloneCode(ajv, { precompiledWorkflowValidator: schema.$id });
}
const precompiledValidators = {
  name: 'precompiled-validators',
  setup(build) {
    build.onResolve({ filter: /[/\\]precompiled-workflow-validator\.js$/ }, (args) =>
      args.resolveDir === validateDir ? { path: join(validateDir, 'precompiled-workflow-validator.generated.js') } : undefined,
    );
    build.onLoad({ filter: /precompiled-workflow-validator\.generated\.js$/ }, () => ({
      contents: precompiledWorkflowValidatorSource(),
      loader: 'js',
      resolveDir: validateDir,
    }));
  },
};

const targets = [
  {
    entry: 'compiler/src/cli/main.ts',
    outfile: 'compiler/dist/cli.js',
    format: 'esm',
    // The Azure SDK is loaded only by `jig deploy`, from node_modules, with a dynamic import.
    external: ['@azure/*'],
    banner: requireShim,
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
      sourcemap: 'linked',
      logLevel: 'warning',
      // The JSON schemas and the embedded policy are imported as text and bundled in.
      loader: { '.yaml': 'text' },
      plugins: [precompiledValidators],
    });
  } catch {
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
