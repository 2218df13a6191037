/**
 * The reference checks every emitted workflow must pass, shared by the target and baseline tests:
 * Microsoft-modelled workflow definition schema (ajv, draft-07), the save rules (`save_rules.py`,
 * one python3 spawn for many files) and the official ARM schemas (ajv-draft-04). They live in
 * `../shared/wdl` beside the repository (CI clones it there), not in the repository itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unescapeArmLiterals } from '../../compiler/src/emit/targets/arm.js';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

// Both are CommonJS modules whose `module.exports` is also their `default`; NodeNext types the
// default import as the whole module.
const Ajv04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedWdl = resolve(repoRoot, '../shared/wdl');

const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8'));

let definitionValidator: ValidateFunction | undefined;

/** Errors of a WDL definition against shared/wdl/workflowdefinition.json (empty: valid). */
export function referenceSchemaErrors(definition: unknown): string[] {
  definitionValidator ??= new Ajv({ strict: false, allErrors: true }).compile(
    readJson(join(sharedWdl, 'workflowdefinition.json')),
  );
  return definitionValidator(definition) ? [] : describe(definitionValidator.errors);
}

function describe(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

export interface SaveRuleFile {
  readonly name: string;
  /** A bare definition, a `{ definition }` wrapper or an ARM template, as save_rules.py reads them. */
  readonly json: unknown;
}

/** Runs save_rules.py once over all files; returns its findings, one line each (empty: clean). */
export function saveRuleFindings(files: readonly SaveRuleFile[]): string[] {
  if (files.length === 0) return [];
  const folder = mkdtempSync(join(tmpdir(), 'jig-save-rules-'));
  try {
    const paths = files.map((file, index) => {
      const path = join(folder, `${index}-${file.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
      writeFileSync(path, JSON.stringify(file.json));
      return path;
    });
    const run = spawnSync('python3', [join(sharedWdl, 'save_rules.py'), ...paths], { encoding: 'utf8', timeout: 60_000 });
    if (run.status === 0) return [];
    if (run.status !== 1) throw new Error(`save_rules.py failed (${run.status}): ${run.stderr}`);
    return run.stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.replace(folder + '/', ''));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

let armValidator: ValidateFunction | undefined;

/**
 * Errors of an ARM template against the official deploymentTemplate 2019-04-01 schema and the
 * resource schemas of shared/wdl/arm. Two concessions, both because those files are all we have:
 * resource schemas the deployment template refers to but shared/wdl/arm does not hold stand in as
 * schemas nothing matches (except the catalogue of generated resource schemas, which stands in as
 * the one of them Jig writes: Microsoft.Web/connections 2016-06-01), and the 2016-06-01 workflow schema also accepts apiVersion 2019-05-01 (the
 * workflow properties Jig writes — state, definition, parameters — have the same shape in both).
 */
export function armSchemaErrors(template: unknown): string[] {
  armValidator ??= compileArmValidator();
  return armValidator(template) ? [] : describe(armValidator.errors);
}

function compileArmValidator(): ValidateFunction {
  const arm = join(sharedWdl, 'arm');
  const deploymentTemplate = readJson(join(arm, '2019-04-01__deploymentTemplate.json'));
  const logic = readJson(join(arm, '2016-06-01__Microsoft.Logic.json'));
  (logic as { resourceDefinitions: { workflows: { properties: { apiVersion: { enum: string[] } } } } })
    .resourceDefinitions.workflows.properties.apiVersion.enum.push('2019-05-01');
  const ajv = new Ajv04({ strict: false, allErrors: false });
  addFormats(ajv);
  ajv.addSchema(readJson(join(arm, 'common__definitions.json')));
  ajv.addSchema(logic);
  ajv.addSchema(readJson(join(arm, '2016-06-01__Microsoft.Web.json')));
  const known = new Set(
    [deploymentTemplate, logic, readJson(join(arm, '2016-06-01__Microsoft.Web.json')), readJson(join(arm, 'common__definitions.json'))].map(
      (schema) => String(schema.id).replace(/#$/, ''),
    ),
  );
  const referenced = new Map<string, Set<string>>();
  JSON.stringify(deploymentTemplate, (key, value) => {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('https://')) {
      const [url, fragment = ''] = value.split('#');
      if (!known.has(url!)) referenced.set(url!, (referenced.get(url!) ?? new Set()).add(fragment));
    }
    return value;
  });
  for (const [url, fragments] of referenced) {
    ajv.addSchema(url === AUTOGENERATED_RESOURCES ? connectionsOnly : neverMatching(url, fragments));
  }
  return ajv.compile(deploymentTemplate);
}

const AUTOGENERATED_RESOURCES = 'https://schema.management.azure.com/schemas/common/autogeneratedResources.json';
const connectionsOnly = {
  id: `${AUTOGENERATED_RESOURCES}#`,
  allOf: [
    { $ref: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#/definitions/resourceBase' },
    { $ref: 'https://schema.management.azure.com/schemas/2016-06-01/Microsoft.Web.json#/resourceDefinitions/connections' },
  ],
};

/** A stand-in schema at `url` whose every referenced fragment (`/resourceDefinitions/x`) matches nothing. */
function neverMatching(url: string, fragments: Set<string>): Record<string, unknown> {
  const schema: Record<string, unknown> = { id: `${url}#`, not: {} };
  for (const fragment of fragments) {
    let node = schema;
    const parts = fragment.split('/').filter(Boolean);
    parts.forEach((part, index) => {
      node[part] ??= index === parts.length - 1 ? { not: {} } : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return schema;
}

/** The workflow definitions inside an ARM template as the service receives them (`[[` unescaped). */
export function definitionsOfArmTemplate(template: unknown): unknown[] {
  const resources = (template as { resources?: { type?: string; properties?: { definition?: unknown } }[] }).resources ?? [];
  return resources
    .filter((resource) => resource.type === 'Microsoft.Logic/workflows')
    .map((resource) => unescapeArmLiterals(resource.properties?.definition));
}
