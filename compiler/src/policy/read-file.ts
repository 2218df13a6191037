/**
 * One policy file read on its own: YAML parsed into a document that keeps every node's position,
 * aliases expanded under a limit, and the result checked against policy.schema.json. Every
 * problem is reported at the line and column of the key or value it concerns, in that file.
 */
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from './policy.schema.json' with { type: 'json' };
import { precompiledPolicyValidator } from '../validate/precompiled-validators.js';
import schemaOptions from '../validate/schema-options.json' with { type: 'json' };
import { SourceFile, type TextRange } from '../syntax/source.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import * as catalogue from '../diagnostics/catalogue/policy.js';
import { suggest } from '../util/suggest.js';
import { MAX_YAML_ALIASES, parseYamlText, yamlValue } from '../util/yaml-text.js';
import { nodeRange } from '../util/yaml-locations.js';
import { isMultiTenantPattern, notOnePartys, notOnePartysMail } from './multi-tenant.js';

/** A diagnostic about a policy file, with the file it is in (a base file, for `extends`). */
export interface PolicyFileDiagnostic extends Diagnostic {
  readonly file: SourceFile;
}

/** A policy file's top-level value as the schema describes it (checked before it is trusted). */
export type RawPolicy = Record<string, unknown>;

export interface ParsedPolicyFile {
  readonly source: SourceFile;
  readonly document: Document;
  readonly raw: RawPolicy;
}


type Path = readonly (string | number)[];

/**
 * Reads a policy file. `value`, when given, is the file's value already parsed and validated
 * (the embedded policy in the bundle): then the YAML is parsed only if a finding needs a place in it.
 */
export function readPolicyFile(
  text: string,
  fileName: string,
  value?: RawPolicy,
): { file?: ParsedPolicyFile; diagnostics: PolicyFileDiagnostic[] } {
  const source = new SourceFile(fileName, text);
  if (value) {
    let document: Document | undefined;
    return {
      file: {
        source,
        get document() {
          return (document ??= parseYamlText(text).document);
        },
        raw: value,
      },
      diagnostics: [],
    };
  }
  const at = (range: TextRange, diagnostic: (range: TextRange) => Diagnostic): PolicyFileDiagnostic => ({
    ...diagnostic(range),
    file: source,
  });

  const { document, errors } = parseYamlText(text);
  if (errors.length > 0) return { diagnostics: errors.map((error) => at(error.range, (range) => catalogue.policyYamlSyntax(range, { detail: error.detail }))) };

  const read = yamlValue(document);
  if ('problem' in read) {
    const { range, aliases } = read.problem;
    return { diagnostics: [at(range, (where) => (aliases ? catalogue.policyAliasLimit(where, { limit: MAX_YAML_ALIASES }) : catalogue.policyYamlSyntax(where, { detail: read.problem.detail })))] };
  }
  const raw = read.value;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { diagnostics: [at(nodeRange(document.contents) ?? { start: 0, end: 0 }, (range) => catalogue.policyNotAMapping(range, {}))] };
  }

  const file: ParsedPolicyFile = { source, document, raw: raw as RawPolicy };
  const validate = schemaValidator();
  if (!validate(raw)) return { diagnostics: schemaDiagnostics(file, validate.errors ?? []) };
  const hosts = multiTenantHosts(file);
  return hosts.length > 0 ? { diagnostics: hosts } : { file, diagnostics: [] };
}

/**
 * What the schema cannot say: a wildcard over a suffix anyone can rent names every customer's
 * resources, so it is neither the platform nor where a processor is reached; nor is a host that
 * every customer's resources share (`prod-27.eastus.logic.azure.com`) the platform. A processor
 * may be reached anywhere (`*` alone: a business's own vendors, each at its own address).
 */
function multiTenantHosts(file: ParsedPolicyFile): PolicyFileDiagnostic[] {
  const platform = (file.raw['platform'] ?? {}) as RawPolicy;
  const lists: { path: Path; patterns: unknown; instead: string }[] = [
    { path: ['platform', 'hosts'], patterns: platform['hosts'], instead: "name the client's own resources (erp-contoso.azurewebsites.net), here or in jig.yaml's `resources.hosts`" },
    { path: ['platform', 'mailDomains'], patterns: platform['mailDomains'], instead: "name the client's own mail domains (contoso.com), here or in jig.yaml's `resources.mailDomains`" },
  ];
  for (const [id, processor] of Object.entries((file.raw['processors'] ?? {}) as Record<string, RawPolicy>)) {
    lists.push({ path: ['processors', id, 'hosts'], patterns: processor['hosts'], instead: "name the processor's own hosts, or `*` alone for a processor reached anywhere" });
  }
  const diagnostics: PolicyFileDiagnostic[] = [];
  for (const { path, patterns, instead } of lists) {
    (Array.isArray(patterns) ? (patterns as string[]) : []).forEach((pattern, index) => {
      if (path[0] === 'processors' && pattern === '*') return;
      // A processor is whoever it is, at a host it shares with others too; the platform is not.
      const why =
        path[0] === 'processors'
          ? isMultiTenantPattern(pattern)
            ? notOnePartys(pattern)
            : undefined
          : path[1] === 'mailDomains'
            ? notOnePartysMail(pattern)
            : notOnePartys(pattern);
      if (why === undefined) return;
      const itemPath = [...path, index];
      diagnostics.push({
        ...catalogue.policyInvalidValue(locate(file, itemPath), {
          where: describePath(itemPath),
          problem: `('${pattern}') ${why}: it covers every customer's resources, not one party's; ${instead}`,
        }),
        file: file.source,
      });
    });
  }
  return diagnostics.sort((a, b) => a.range.start - b.range.start);
}

/** The range of the node at `path` (its key's range with `key`), or the nearest ancestor's. */
export function locate(file: ParsedPolicyFile, path: Path, key = false): TextRange {
  let node: unknown = file.document.contents;
  let keyNode: unknown;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => keyText(item.key) === String(segment));
      if (!pair) break;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      keyNode = undefined;
      node = node.items[segment];
    } else {
      break;
    }
    if (node === null || node === undefined) break;
  }
  const target = key && keyNode ? keyNode : (node ?? keyNode);
  return nodeRange(target) ?? nodeRange(keyNode) ?? { start: 0, end: firstLineEnd(file.source.text) };
}

/** How a path reads in a message: `categories[personal.minor].maxRetention`, `platform.hosts[2]`. */
export function describePath(path: Path): string {
  if (path.length === 0) return 'the policy';
  return path
    .map((segment, index) =>
      typeof segment === 'number' || segment.includes('.') ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  // ajv is CommonJS: imported from ESM, its class is the module's `default` member.
  return (compiled ??= precompiledPolicyValidator ?? new AjvModule.default(schemaOptions.policy).compile(schema));
}

function schemaDiagnostics(file: ParsedPolicyFile, errors: readonly ErrorObject[]): PolicyFileDiagnostic[] {
  const diagnostics: PolicyFileDiagnostic[] = [];
  const seen = new Set<string>();
  const report = (path: Path, key: boolean, build: (range: TextRange) => Diagnostic): void => {
    const range = locate(file, path, key);
    const diagnostic = build(range);
    const identity = `${range.start}:${diagnostic.code}:${diagnostic.message}`;
    if (seen.has(identity)) return;
    seen.add(identity);
    diagnostics.push({ ...diagnostic, file: file.source });
  };

  // A value that fits no branch of an `anyOf` is reported once, by the `anyOf`.
  const failedAlternatives = new Set(errors.filter((error) => error.keyword === 'anyOf').map((error) => error.instancePath));
  for (const error of errors) {
    // A property-name failure is reported once, by its `propertyNames` error, at the key.
    if (error.propertyName !== undefined || error.keyword === 'if') continue;
    if (error.keyword !== 'anyOf' && failedAlternatives.has(error.instancePath)) continue;
    const path = pointerToPath(error.instancePath);
    const where = describePath(path);
    switch (error.keyword) {
      case 'additionalProperties': {
        const extra = String((error.params as { additionalProperty: string }).additionalProperty);
        const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
        report([...path, extra], true, (range) =>
          catalogue.policyUnknownKey(range, { key: extra, where, suggestion: suggest(extra, known) }),
        );
        break;
      }
      case 'propertyNames': {
        const name = String((error.params as { propertyName: string }).propertyName);
        const allowed = (error.schema as { enum?: string[] }).enum;
        report([...path, name], true, (range) =>
          allowed
            ? catalogue.policyUnknownKey(range, { key: name, where, suggestion: suggest(name, allowed) })
            : catalogue.policyInvalidValue(range, { where: `Key '${name}' of ${where}`, problem: 'is not a valid name here' }),
        );
        break;
      }
      case 'required': {
        const missing = String((error.params as { missingProperty: string }).missingProperty);
        report(path, true, (range) => catalogue.policyMissingKey(range, { key: missing, where }));
        break;
      }
      default:
        report(path, false, (range) => catalogue.policyInvalidValue(range, { where, problem: describeProblem(error) }));
    }
  }
  return diagnostics.sort((a, b) => a.range.start - b.range.start);
}

function describeProblem(error: ErrorObject): string {
  const parentSchema = error.parentSchema as { description?: string } | undefined;
  switch (error.keyword) {
    case 'enum':
      return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => `'${String(v)}'`).join(', ')}`;
    case 'anyOf':
    case 'pattern':
      return parentSchema?.description
        ? `is not of the right form (${parentSchema.description.replace(/\.$/, '')})`
        : 'is not of the right form';
    default:
      return error.message ?? 'is not valid';
  }
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function firstLineEnd(text: string): number {
  const newline = text.search(/\r|\n/);
  return newline < 0 ? text.length : newline;
}
