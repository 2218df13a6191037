// The modules whose content a bundle computes when it is built, shared by every bundle of the
// compiler (scripts/build.mjs) and the browser playground (scripts/playground.mjs).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Compiling Jig's fixed JSON schemas costs ~300 ms a `jig build` (the workflow schema) and ~50 ms
// a `jig check` (the policy schema); the bundle gets Ajv's standalone code for them instead, in
// place of compiler/src/validate/precompiled-validators.ts (whose source exports are undefined, so
// that running from source compiles the schemas at run time with the same options).
const validateDir = join(root, 'compiler', 'src', 'validate');
const require = createRequire(import.meta.url);
const precompiledSchemas = {
  precompiledWorkflowValidator: { schema: 'compiler/src/validate/workflow.schema.json', options: 'workflow', fast: discriminatedSchema },
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
    const { schema: schemaPath, options, fast } = precompiledSchemas[exportName];
    const schema = fast ? fast(readJson(schemaPath)) : readJson(schemaPath);
    const ajv = new Ajv({ ...readJson('compiler/src/validate/schema-options.json')[options], discriminator: fast !== undefined, code: { source: true, esm: true } });
    ajv.compile(schema);
    standaloneSources.set(exportName, standaloneCode(ajv, { [exportName]: schema.$id }));
  }
  return standaloneSources.get(exportName);
}
/**
 * The same schema, accepting the same values, for the validator that runs on every output: an
 * operation's (or a trigger's) `allOf` of `if type is X then X's schema` becomes a `oneOf` that
 * Ajv's discriminator picks by `type`. Ajv evaluates every `if` of the chain for every action, and
 * each one that fails allocates an error it then throws away: half of a build's validation time.
 * The rewrite is made only where it cannot change what is accepted: every `if` tests only the tag's
 * `const`, every `then` is a `$ref` to a schema that requires the tag and holds it to that `const`,
 * and the tags are exactly the definition's `enum` of them (kept, with `type` and `required`). The
 * schema itself stays as written, for the validator that diagnoses an output that failed (a failed
 * `if` chain names errors a discriminator does not) and for running from source;
 * test/validate/discriminated-schema.test.ts compares the two on mutated outputs.
 */
export function discriminatedSchema(schema) {
  const definitions = { ...schema.definitions };
  for (const [name, definition] of Object.entries(definitions)) {
    const tagged = taggedBranches(definition, definitions);
    if (!tagged) continue;
    const { allOf, ...rest } = definition;
    definitions[name] = { ...rest, discriminator: { propertyName: tagged.tag }, oneOf: tagged.refs.map((ref) => ({ $ref: ref })) };
  }
  return { ...schema, definitions };
}

/** The tag and the branches' `$ref`s of a definition that discriminatedSchema may rewrite; undefined otherwise. */
function taggedBranches(definition, definitions) {
  const { allOf, properties, required } = definition ?? {};
  if (!Array.isArray(allOf) || allOf.length === 0 || Object.keys(definition).some((key) => !['type', 'required', 'properties', 'allOf'].includes(key))) return undefined;
  const tag = Object.keys(allOf[0]?.if?.properties ?? {})[0];
  const tags = properties?.[tag]?.enum;
  if (tag === undefined || !Array.isArray(tags) || !required?.includes(tag)) return undefined;
  const refs = [];
  const seen = new Set();
  for (const branch of allOf) {
    const test = branch?.if?.properties?.[tag];
    const ref = branch?.then?.$ref;
    if (Object.keys(branch ?? {}).length !== 2 || Object.keys(branch.if).length !== 1 || Object.keys(branch.if.properties).length !== 1) return undefined;
    if (Object.keys(test ?? {}).length !== 1 || typeof test.const !== 'string' || Object.keys(branch.then).length !== 1) return undefined;
    const target = typeof ref === 'string' && ref.startsWith('#/definitions/') ? definitions[ref.slice('#/definitions/'.length)] : undefined;
    if (target?.properties?.[tag]?.const !== test.const || Object.keys(target.properties[tag]).length !== 1 || !target.required?.includes(tag)) return undefined;
    if (seen.has(test.const)) return undefined;
    seen.add(test.const);
    refs.push(ref);
  }
  return seen.size === tags.length && tags.every((value) => seen.has(value)) ? { tag, refs } : undefined;
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

/**
 * The Windows time-zone names' IANA zones (compiler/src/engine/functions/windows-zones.ts): the
 * answer windows-iana gives for each name it knows, as a table.
 */
export function windowsZoneTable() {
  const { WINDOWS_TO_IANA_MAP, findIana } = require('windows-iana');
  return Object.fromEntries([...new Set(WINDOWS_TO_IANA_MAP.map((entry) => entry.windowsName))].map((name) => [name, findIana(name)[0]]));
}

function windowsZonesSource() {
  return [
    `const zones = new Map(Object.entries(${JSON.stringify(windowsZoneTable())}));`,
    'export function windowsZone(name) { return zones.get(name); }',
  ].join('\n');
}

/** What the compiler imports of each package `loaded-at-first-use` stands for: the same names, requiring the package when used. */
const LOADED_AT_FIRST_USE = {
  tldts: "export function getPublicSuffix(...args) { return require('tldts').getPublicSuffix(...args); }",
  // `new Ajv(options)` and, as policy/read-file.ts imports it, `new AjvModule.default(options)`: the constructor returns Ajv's own instance.
  ajv: "export class Ajv { constructor(options) { return new (require('ajv').Ajv)(options); } }\nexport default { default: Ajv };",
};

/** Modules whose content the build computes: the embedded policy's value, the schemas' validators, the time-zone table. */
export const buildTimeModules = {
  name: 'build-time-modules',
  setup(build) {
    build.onResolve({ filter: /[/\\]embedded-policy-value\.js$/ }, (args) =>
      args.resolveDir.startsWith(join(root, 'compiler', 'src')) ? { path: 'embedded-policy-value', namespace: 'build-time-values' } : undefined,
    );
    build.onResolve({ filter: /[/\\]windows-zones\.js$/ }, (args) =>
      args.resolveDir.startsWith(join(root, 'compiler', 'src')) ? { path: 'windows-zones', namespace: 'build-time-values' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'build-time-values' }, (args) => ({
      contents: args.path === 'windows-zones' ? windowsZonesSource() : embeddedPolicyValueSource(),
      loader: 'js',
    }));
    // Packages loaded at their first use rather than at every start: tldts builds its Public Suffix
    // trie as it loads, which only a wildcard outside Azure's and Microsoft 365's suffixes needs
    // (policy/multi-tenant.ts); Ajv compiles schemas only in the engine (jig run, jig test) and when
    // a workflow fails its precompiled validator, not in a check. The compiler's import resolves to a
    // module that requires the package at the first call (esbuild bundles it as a CommonJS module,
    // initialised at its first require).
    build.onResolve({ filter: /^(tldts|ajv)$/ }, (args) =>
      args.importer.startsWith(join(root, 'compiler', 'src')) ? { path: args.path, namespace: 'loaded-at-first-use' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'loaded-at-first-use' }, (args) => ({ contents: LOADED_AT_FIRST_USE[args.path], loader: 'js', resolveDir: root }));
    // fdir (under tinyglobby) looks for picomatch in node_modules as it loads, for a glob() of its own
    // that tinyglobby never calls (it filters with the picomatch bundled with it): resolving and
    // compiling it from node_modules cost every start some 10 ms. In the bundle fdir finds none.
    build.onResolve({ filter: /^module$/ }, (args) =>
      /[/\\]fdir[/\\]dist[/\\]/.test(args.importer) ? { path: 'fdir-require', namespace: 'no-optional-require' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'no-optional-require' }, () => ({
      contents: "export function createRequire() { const absent = (name) => { throw new Error(`${name} is not bundled`); }; absent.resolve = absent; return absent; }",
      loader: 'js',
    }));
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
