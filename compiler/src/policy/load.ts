/**
 * Loading a policy: a file read and checked on its own (read-file.ts), the chain of `extends`
 * resolved and merged, the taxonomy's inheritance applied, cross-references checked, and the
 * immutable Policy built. The core never reads files: the caller hands in the text and a resolver
 * for what `extends` names. `extends: jigajob` always means the policy embedded in the compiler.
 */
import embeddedText from './jigajob.policy.yaml';
import { embeddedPolicyValue } from './embedded-policy-value.js';
import type {
  CategoryDefinition,
  MixedSource,
  Policy,
  PolicySection,
  ProcessorDefinition,
  PurposeDefinition,
  RuleDefinition,
} from './model.js';
import { readPolicyFile, locate, describePath, type ParsedPolicyFile, type PolicyFileDiagnostic } from './read-file.js';
import { RULE_DIAGNOSTICS, type RuleId } from './rule-catalogue.js';
import { sha256Hex } from '../util/sha256.js';
import { parseRetention } from './retention.js';
import { weakeningsOf } from './weakening.js';
import { parentOf } from './model.js';
import * as catalogue from '../diagnostics/catalogue/policy.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { TextRange } from '../syntax/source.js';
import { suggest } from '../util/suggest.js';

export type { PolicyFileDiagnostic } from './read-file.js';

export const EMBEDDED_POLICY_ID = 'jigajob';
export const EMBEDDED_POLICY_NAME = '<embedded jigajob>';

/** The text of the embedded JigAjob policy (what `jig policy show` prints without `--policy`). */
export const embeddedPolicyText: string = embeddedText;

/**
 * Finds the policy file an `extends` names (a path relative to `fromFileName`). `fileName` is the
 * name diagnostics use and the key of cycle detection, so give the same name for the same file.
 * Undefined when there is no such file; `refused` when the file may not be read (not a regular
 * file, outside the project…), with the diagnostic to report at the `extends` value.
 */
export type PolicyResolver = (
  reference: string,
  fromFileName: string,
) => { readonly text: string; readonly fileName: string } | { readonly refused: (range: TextRange) => Diagnostic } | undefined;

export interface LoadPolicyResult {
  /** Absent when the file (or one it extends) has errors. */
  readonly policy?: Policy;
  readonly diagnostics: readonly PolicyFileDiagnostic[];
}

/** Entries of these maps are added or replaced, by key, by a file that extends another. */
const MERGED_MAPS = ['sections', 'categories', 'purposes', 'processors', 'mixedSources', 'rules'] as const;

let embedded: Policy | undefined;

/** The JigAjob policy shipped with the compiler: used when a project names no other. */
export function loadEmbeddedPolicy(): Policy {
  if (!embedded) {
    const result = loadPolicy(embeddedText, EMBEDDED_POLICY_NAME);
    if (!result.policy) {
      throw new Error(`The embedded policy is invalid: ${result.diagnostics.map((d) => d.message).join('; ')}`);
    }
    embedded = result.policy;
  }
  return embedded;
}

export function loadPolicy(text: string, fileName: string, resolve?: PolicyResolver): LoadPolicyResult {
  const chain = loadChain(text, fileName, resolve ?? (() => undefined), []);
  if (!chain.files) return { diagnostics: chain.diagnostics };
  const impostors = checkIdentities(chain.files);
  if (impostors.length > 0) return { diagnostics: impostors };
  const merged = merge(chain.files);
  const diagnostics = checkReferences(merged);
  if (diagnostics.length > 0) return { diagnostics };
  const policy = build(merged, chain.files);
  const weakenings = checkStrengthening(chain.files, policy);
  return weakenings.length > 0 ? { diagnostics: weakenings } : { policy, diagnostics: [] };
}

/**
 * A pin names a policy by its id, so an id must mean one policy: `jigajob` is the embedded policy
 * (or a byte-for-byte copy of it), and no file of a chain takes the id of a file it extends. Else a
 * copy of JigAjob's policy with its rules loosened, named `jigajob` at a later version, would satisfy
 * every `policy jigajob >= …` pin.
 */
function checkIdentities(files: readonly ParsedPolicyFile[]): PolicyFileDiagnostic[] {
  const diagnostics: PolicyFileDiagnostic[] = [];
  files.forEach((file, index) => {
    if (file.source.fileName === EMBEDDED_POLICY_NAME || file.source.text === embeddedText) return;
    const id = String(file.raw['id']);
    const owner = id === EMBEDDED_POLICY_ID ? "JigAjob's policy" : files.slice(index + 1).some((base) => String(base.raw['id']) === id) ? 'a policy it extends' : undefined;
    if (owner) diagnostics.push({ ...catalogue.policyIdTaken(locate(file, ['id']), { id, owner }), file: file.source });
  });
  return diagnostics;
}

/**
 * Each file of the chain only strengthens the policy it extends (weakening.ts), reported in that
 * file at the key that weakens it.
 */
function checkStrengthening(files: readonly ParsedPolicyFile[], policy: Policy): PolicyFileDiagnostic[] {
  const diagnostics: PolicyFileDiagnostic[] = [];
  let extended = policy;
  for (let index = 0; index < files.length - 1; index++) {
    const baseFiles = files.slice(index + 1);
    const base =
      baseFiles.length === 1 && baseFiles[0]!.source.fileName === EMBEDDED_POLICY_NAME
        ? loadEmbeddedPolicy()
        : build(merge(baseFiles), baseFiles);
    const file = files[index]!;
    for (const weakening of weakeningsOf(extended, base, file.raw)) {
      diagnostics.push({
        ...catalogue.policyExtendsWeakens(locate(file, weakening.path, weakening.key), {
          where: describePath(weakening.path),
          what: weakening.what,
          base: `${base.id} ${base.version}`,
        }),
        file: file.source,
      });
    }
    extended = base;
  }
  return diagnostics;
}

/** The file and every file it extends, the file itself first. */
function loadChain(
  text: string,
  fileName: string,
  resolve: PolicyResolver,
  visited: readonly string[],
): { files?: ParsedPolicyFile[]; diagnostics: PolicyFileDiagnostic[] } {
  // A copy of the bundled value: a load owns what it reads.
  const known = fileName === EMBEDDED_POLICY_NAME && text === embeddedText && embeddedPolicyValue ? structuredClone(embeddedPolicyValue) : undefined;
  const read = readPolicyFile(text, fileName, known);
  if (!read.file) return { diagnostics: read.diagnostics };
  const file = read.file;
  const reference = file.raw['extends'];
  if (typeof reference !== 'string') return { files: [file], diagnostics: [] };

  const fail = (build: (range: TextRange) => Diagnostic) => ({
    diagnostics: [{ ...build(locate(file, ['extends'])), file: file.source }],
  });
  const base =
    reference === EMBEDDED_POLICY_ID ? { text: embeddedText, fileName: EMBEDDED_POLICY_NAME } : resolve(reference, fileName);
  if (!base) return fail((range) => catalogue.policyExtendsNotFound(range, { reference }));
  if ('refused' in base) return fail(base.refused);
  const path = [...visited, fileName];
  if (path.includes(base.fileName)) {
    return fail((range) => catalogue.policyExtendsCycle(range, { chain: [...path, base.fileName].join(' → ') }));
  }
  const rest = loadChain(base.text, base.fileName, resolve, path);
  return rest.files ? { files: [file, ...rest.files], diagnostics: [] } : rest;
}

/** A merged map entry, with the file that defined it (where a later problem is reported). */
interface Entry {
  readonly value: Record<string, unknown>;
  readonly file: ParsedPolicyFile;
  readonly path: readonly string[];
}

interface MergedPolicy {
  readonly top: ParsedPolicyFile;
  /** Every other top-level key, the nearest file's value winning. */
  readonly scalars: Record<string, unknown>;
  readonly maps: Record<(typeof MERGED_MAPS)[number], Map<string, Entry>>;
}

function merge(files: readonly ParsedPolicyFile[]): MergedPolicy {
  const scalars: MergedPolicy['scalars'] = {};
  const maps = Object.fromEntries(MERGED_MAPS.map((name) => [name, new Map<string, Entry>()])) as MergedPolicy['maps'];
  // Base first, so that each file overrides what it extends.
  for (const file of [...files].reverse()) {
    for (const [key, value] of Object.entries(file.raw)) {
      if ((MERGED_MAPS as readonly string[]).includes(key)) {
        const map = maps[key as (typeof MERGED_MAPS)[number]];
        for (const [entryKey, entryValue] of Object.entries((value ?? {}) as Record<string, unknown>)) {
          map.set(entryKey, { value: entryValue as Record<string, unknown>, file, path: [key, entryKey] });
        }
      } else {
        scalars[key] = value;
      }
    }
  }
  return { top: files[0]!, scalars, maps };
}

/** What the schema cannot see: the taxonomy's parents and the categories other parts name. */
function checkReferences(merged: MergedPolicy): PolicyFileDiagnostic[] {
  const diagnostics: PolicyFileDiagnostic[] = [];
  const categories = merged.maps.categories;
  const report = (file: ParsedPolicyFile, path: readonly (string | number)[], key: boolean, build: (range: TextRange) => Diagnostic) =>
    diagnostics.push({ ...build(locate(file, path, key)), file: file.source });

  for (const [id, entry] of categories) {
    const parent = parentOf(id);
    if (parent !== undefined && !categories.has(parent)) {
      report(entry.file, entry.path, true, (range) => catalogue.policyCategoryParentMissing(range, { category: id, parent }));
    }
  }
  for (const mapName of ['processors', 'mixedSources', 'rules'] as const) {
    for (const entry of merged.maps[mapName].values()) {
      const named = (entry.value['categories'] ?? []) as string[];
      named.forEach((category, index) => {
        if (categories.has(category)) return;
        report(entry.file, [...entry.path, 'categories', index], false, (range) =>
          catalogue.policyUnknownCategoryReference(range, {
            category,
            where: describePath(entry.path),
            suggestion: suggest(category, categories.keys()),
          }),
        );
      });
    }
  }
  if (![...merged.maps.purposes.values()].some((entry) => entry.value['kind'] === 'primary')) {
    report(merged.top, ['purposes'], true, (range) => catalogue.policyNoPrimaryPurpose(range, {}));
  }
  return diagnostics;
}

function build(merged: MergedPolicy, files: readonly ParsedPolicyFile[]): Policy {
  const scalar = <T>(key: string, fallback: T): T => (merged.scalars[key] as T | undefined) ?? fallback;
  const entries = <T>(name: (typeof MERGED_MAPS)[number], make: (id: string, value: Record<string, unknown>) => T) =>
    new Map([...merged.maps[name]].map(([id, entry]) => [id, make(id, entry.value)] as const));

  const id = scalar<string>('id', '');
  const version = scalar<string>('version', '');
  const platform = scalar<{ hosts?: string[]; connectors?: string[]; mailDomains?: string[] }>('platform', {});
  let hash: string | undefined;

  return {
    id,
    version,
    lastUpdated: scalar('lastUpdated', version),
    extends: merged.top.raw['extends'] as string | undefined,
    // Each file of the chain names its own id and version; the file itself comes first.
    lineage: files.map((file) => ({ id: String(file.raw['id']), version: String(file.raw['version']) })),
    title: scalar('title', id),
    sourceName: merged.top.source.fileName,
    // Base files first, each text length-prefixed, so that no two chains hash alike. Computed on first
    // use: only emission and deploy need it, and hashing in plain JS is not free at every `jig check`.
    get hash(): string {
      return (hash ??= `sha256:${sha256Hex([...files].reverse().map((file) => `${file.source.text.length}:${file.source.text}`).join('\n'))}`);
    },
    sections: entries<PolicySection>('sections', (number, value) => ({
      number,
      title: String(value['title']),
      text: String(value['text']),
    })),
    categories: buildCategories(merged.maps.categories),
    purposes: entries<PurposeDefinition>('purposes', (purposeId, value) => ({
      id: purposeId,
      kind: value['kind'] as PurposeDefinition['kind'],
      description: String(value['description']),
    })),
    allowedStores: scalar<string[]>('allowedStores', []),
    platform: { hosts: platform.hosts ?? [], connectors: platform.connectors ?? [], mailDomains: platform.mailDomains ?? [] },
    processors: entries<ProcessorDefinition>('processors', (processorId, value) => ({
      id: processorId,
      description: String(value['description']),
      hosts: value['hosts'] as string[],
      categories: value['categories'] as string[],
    })),
    mixedSources: entries<MixedSource>('mixedSources', (sourceId, value) => ({
      id: sourceId,
      description: String(value['description']),
      categories: value['categories'] as string[],
    })),
    regions: scalar<string[]>('regions', []),
    optOutField: scalar('optOutField', 'optOut'),
    minimumGroupSize: scalar('minimumGroupSize', 1),
    rules: entries<RuleDefinition>('rules', (ruleId, value) => ({
      id: ruleId,
      code: RULE_DIAGNOSTICS[ruleId as RuleId][0].code,
      section: String(value['section']),
      quote: String(value['quote']),
      severity: value['severity'] as RuleDefinition['severity'],
      waivable: value['waivable'] as boolean,
      description: String(value['description'] ?? ''),
      ...(value['categories'] ? { categories: value['categories'] as string[] } : {}),
    })),
  };
}

/**
 * The order `localeCompare` gives category ids (`[a-z][a-z0-9_]*` joined by dots): `_`, then `.`,
 * then digits, then letters, as in Unicode's root collation. Without its cost: the first
 * `localeCompare` of a process loads ICU's collator, some 6 ms of every command.
 */
export function compareCategoryIds(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const difference = collationRank(a.charCodeAt(i)) - collationRank(b.charCodeAt(i));
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

function collationRank(code: number): number {
  if (code === 0x5f) return 0; // _
  if (code === 0x2e) return 1; // .
  return code + 2;
}

/** Parents before children, so that each child inherits from a finished parent. */
function buildCategories(entries: ReadonlyMap<string, Entry>): Map<string, CategoryDefinition> {
  const built = new Map<string, CategoryDefinition>();
  const ids = [...entries.keys()].sort((a, b) => a.split('.').length - b.split('.').length || compareCategoryIds(a, b));
  for (const id of ids) {
    const value = entries.get(id)!.value;
    const parentId = parentOf(id);
    const parent = parentId === undefined ? undefined : built.get(parentId);
    const retention = value['maxRetention'] as { period: string; provisional?: boolean } | undefined;
    const maxRetention = retention ? parseRetention(retention.period, retention.provisional ?? false) : parent?.maxRetention;
    built.set(id, {
      id,
      ...(parentId !== undefined ? { parent: parentId } : {}),
      description: String(value['description']),
      identifying: (value['identifying'] as boolean | undefined) ?? parent?.identifying ?? false,
      secureInRunHistory: (value['secureInRunHistory'] as boolean | undefined) ?? parent?.secureInRunHistory ?? false,
      aboutNoOne: (value['aboutNoOne'] as boolean | undefined) ?? parent?.aboutNoOne ?? false,
      ...(maxRetention ? { maxRetention } : {}),
    });
  }
  // Keep the file's order for display (`jig policy show`), not the build order.
  return new Map([...entries.keys()].map((id) => [id, built.get(id)!]));
}
