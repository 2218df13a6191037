/**
 * The last gate of `jig build`: every output file is checked against Jig's own closed schema of the
 * definitions it emits (workflow.schema.json) before anything is written. A failure is a compiler
 * defect, reported as an internal-error diagnostic (JIG4150), and the build writes nothing.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { invalidOutput } from '../diagnostics/catalogue/emit.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { unescapeArmLiterals } from '../emit/targets/arm.js';
import type { OutputFile } from '../emit/targets/options.js';
import { pointerOf } from '../util/json-pointer.js';
import { locatePointer } from './json-locations.js';
import { precompiledWorkflowValidator } from './precompiled-validators.js';
import schemaOptions from './schema-options.json' with { type: 'json' };
import schema from './workflow.schema.json' with { type: 'json' };

let validator: ValidateFunction | undefined = precompiledWorkflowValidator;
let diagnosingValidator: ValidateFunction | undefined;

/**
 * The errors of a definition, none when it is valid. The validator that runs on every output stops
 * at the first error; only a definition that fails (a compiler defect) is validated again, with
 * every error collected, so that the finding can name the most specific one.
 */
function validateDefinition(written: unknown): readonly ErrorObject[] {
  const definition = withoutRawParts(written);
  // Compiled on first use when not precompiled: most editor sessions never build.
  validator ??= new Ajv(schemaOptions.workflow).compile(schema);
  if (validator(definition)) return [];
  diagnosingValidator ??= new Ajv(schemaOptions.workflowDiagnosis).compile(schema);
  return diagnosingValidator(definition) ? (validator.errors ?? []) : (diagnosingValidator.errors ?? []);
}

/**
 * The definition with each part written in the source as JSON (a raw action, a raw trigger: their
 * pointers are in `metadata.jig.raw`) replaced by a stand-in of what Jig writes: the schema says
 * what Jig writes, and a raw action of a type Jig never writes (Xslt), or with options it does not
 * (operationOptions), is the source's own JSON, not a compiler defect. A raw action keeps its
 * runAfter, which Jig's actions may name. The written definition itself is left as it is.
 */
function withoutRawParts(definition: unknown): unknown {
  const raw = (definition as { metadata?: { jig?: { raw?: unknown } } } | null)?.metadata?.jig?.raw;
  if (!Array.isArray(raw) || raw.length === 0) return definition;
  const copy = structuredClone(definition) as Record<string, unknown>;
  for (const pointer of raw) {
    if (typeof pointer !== 'string') continue;
    const path = pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
    const key = path.pop();
    let parent: unknown = copy;
    for (const part of path) parent = (parent as Record<string, unknown> | undefined)?.[part];
    if (key === undefined || parent === null || typeof parent !== 'object' || !Object.hasOwn(parent, key)) continue;
    const original = (parent as Record<string, unknown>)[key] as { runAfter?: unknown } | null;
    (parent as Record<string, unknown>)[key] =
      path[0] === 'triggers'
        ? { type: 'Request', kind: 'Http' }
        : { type: 'Compose', inputs: null, ...(original && typeof original === 'object' && original.runAfter !== undefined && { runAfter: original.runAfter }) };
  }
  return copy;
}

/**
 * A finding's range is in the output file's text (no .jig range can be trusted when the output
 * itself is wrong); the start of the file when the place cannot be found.
 */
const NO_RANGE = { start: 0, end: 0 };

export function validateEmitted(files: readonly OutputFile[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    // The value written is validated first: parsing every output again was most of the cost of
    // validation. The JSON text of a value that validates validates too (JSON.stringify only leaves
    // out undefined members, and writes as null the non-finite numbers no builder makes), so only a
    // value that fails is checked again, as the text that was written.
    if (file.json !== undefined && definitionsIn(file.json).every(({ definition }) => validateDefinition(definition).length === 0)) continue;
    let json: unknown;
    try {
      json = JSON.parse(file.content);
    } catch (error) {
      diagnostics.push(invalidOutput(NO_RANGE, { file: file.path, problem: `not JSON: ${(error as Error).message}` }));
      continue;
    }
    for (const { definition, path } of definitionsIn(json)) {
      const errors = validateDefinition(definition);
      if (errors.length === 0) continue;
      const error = mostSpecific(errors);
      const pointer = pointerOf(path) + error.instancePath;
      const range = locatePointer(file.content, pointer) ?? NO_RANGE;
      diagnostics.push(
        invalidOutput(range, { file: file.path, problem: `${pointer || '/'} ${describe(error)}` }, { pointer: error.instancePath }),
      );
    }
  }
  return diagnostics;
}

/** The workflow definitions in an output file, with their paths: none in host.json and the like. */
function definitionsIn(json: unknown): { definition: unknown; path: (string | number)[] }[] {
  if (json === null || typeof json !== 'object') return [];
  const record = json as Record<string, unknown>;
  if (Array.isArray(record.resources)) {
    return record.resources.flatMap((resource: unknown, index) => {
      const { type, properties } = (resource ?? {}) as { type?: unknown; properties?: { definition?: unknown } };
      if (type !== 'Microsoft.Logic/workflows') return [];
      return [{ definition: unescapeArmLiterals(properties?.definition), path: ['resources', index, 'properties', 'definition'] }];
    });
  }
  return 'definition' in record ? [{ definition: record.definition, path: ['definition'] }] : [];
}

/**
 * The error that says most: the deepest one, since a failed `if`/`then` of the schema also reports
 * every enclosing level.
 */
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject {
  const depth = (error: ErrorObject) => error.instancePath.split('/').length * 2 + (error.keyword === 'if' ? 0 : 1);
  return errors.reduce((best, error) => (depth(error) > depth(best) ? error : best));
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return `has the unexpected property '${String(params.additionalProperty)}'`;
  if (error.keyword === 'enum' || error.keyword === 'const') {
    return `${error.message ?? 'is not allowed'}: ${JSON.stringify(params.allowedValues ?? params.allowedValue)}`;
  }
  return error.message ?? error.keyword;
}
