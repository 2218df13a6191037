/**
 * `jig.yaml`, the project file. Like bicepconfig.json it is found by walking up from each source
 * file, and the nearest one wins. It is validated against a JSON Schema, unknown keys refused, and
 * every problem is a diagnostic at the line and column of the offending key or value.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isScalar, type Document, type Node as YamlNode } from 'yaml';
import { parseYamlText, yamlValue } from '../util/yaml-text.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Target } from '../emit/targets/options.js';
import { configInvalid, configSyntax, namedFileUnreadable } from '../diagnostics/catalogue/project.js';
import { SourceFile, type TextRange } from '../syntax/source.js';
import type { FileSystem } from './host.js';
import { precompiledConfigValidator } from '../validate/precompiled-validators.js';
import schemaOptions from '../validate/schema-options.json' with { type: 'json' };
import configSchema from './jig-config.schema.json' with { type: 'json' };
import { dirname, resolvePath } from './paths.js';
import { describeSchemaError, rangeOfSchemaError, rangeOfYamlNode } from '../util/yaml-locations.js';
import { notOnePartys, notOnePartysMail } from '../policy/multi-tenant.js';
import { projectRoots, readNamedFile } from './named-files.js';

/** Where a refusal of the whole file is reported: its start, shown without a code frame (the text is empty). */
const fileStart: TextRange = { start: 0, end: 0 };

export const CONFIG_FILE_NAME = 'jig.yaml';

/** A deploy parameter's value: given inline, read from an environment variable, or from Key Vault. */
export type DeployParameter =
  | string
  | number
  | boolean
  | { readonly env: string }
  | { readonly keyVault: { readonly vault: string; readonly secret: string } };

export interface DeployConfig {
  readonly subscription?: string;
  readonly resourceGroup?: string;
  readonly location?: string;
  /** The Azure Resource Manager endpoint (a test server, a sovereign cloud). */
  readonly endpoint?: string;
  readonly parameters?: Readonly<Record<string, DeployParameter>>;
  /** Settings of each managed API connection, by connector (`documentdb`, `office365`). */
  readonly connections?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The Cosmos DB account the `documentdb` connection is wired to, whose containers' time to live jig deploy verifies. */
  readonly cosmos?: { readonly account: string; readonly resourceGroup?: string };
}

export interface ProjectConfig {
  /** Absolute path of the jig.yaml. */
  readonly fileName: string;
  /** The folder of jig.yaml: the project's root. */
  readonly directory: string;
  /** Absolute path of the policy file, resolved against the project's root. */
  readonly policy?: string;
  /** Where the `policy` value stands in jig.yaml, and what it says, for a diagnostic about that file. */
  readonly policyRange?: TextRange;
  readonly policyWritten?: string;
  readonly target?: Target;
  /** Absolute path of the output folder. */
  readonly out?: string;
  readonly deploy?: DeployConfig;
  /** Where each key of `deploy.parameters` is written (0-based line and character), for jig deploy's findings about its value. */
  readonly deployParameterAt?: Readonly<Record<string, { readonly line: number; readonly character: number }>>;
  /** Where each key of `deploy.cosmos` (`account`, `resourceGroup`) is written, for jig deploy's findings about the account. */
  readonly deployCosmosAt?: Readonly<Record<string, { readonly line: number; readonly character: number }>>;
  /** The client's own resources: the platform in this project, beside the policy's (§3). */
  readonly resources?: ProjectResources;
  /** The workflow's diagnostic logs, where tracked properties go, and how long they keep them (`diagnosticLogs.retention`). */
  readonly diagnosticLogs?: { readonly retention: string };
}

export interface ProjectResources {
  /** Host names (`erp-contoso.azurewebsites.net`), or `*.domain` for a domain the client owns. */
  readonly hosts: readonly string[];
  readonly mailDomains: readonly string[];
  /** The client's own Microsoft Teams teams, by their Microsoft 365 group id. */
  readonly teams?: readonly string[];
  /** The client's own Azure subscriptions, by id: a resource a step names by its resource id is the client's only there. */
  readonly subscriptions?: readonly string[];
  /** The host of the Azure OpenAI or AI Foundry resource each agent connection (connections.json `agentConnections`) reaches. */
  readonly agentConnections?: Readonly<Record<string, string>>;
}

export interface ConfigReadResult {
  /** Absent when the file has errors: a broken project file must not be half-applied. */
  readonly config?: ProjectConfig;
  /** Empty when the file was refused unread (named-files.ts): no message may show its text. */
  readonly source: SourceFile;
  readonly diagnostics: readonly Diagnostic[];
}

/** A jig.yaml read from disk, with the folders its policy files may lie in. */
export interface ProjectFileRead extends ConfigReadResult {
  /** Real paths of the project's folder and of its repository's root (`projectRoots`). */
  readonly roots: readonly string[];
}

let compiledValidator: ValidateFunction | undefined = precompiledConfigValidator;
function validator(): ValidateFunction {
  // Run from source there is no precompiled validator; compile with the bundle's options.
  compiledValidator ??= new Ajv(schemaOptions.config).compile(configSchema);
  return compiledValidator;
}

/** Reads and validates the text of a jig.yaml at `fileName` (an absolute path). */
/**
 * jig.yaml's text with the values of `deploy.parameters` masked, offsets kept (each character of a
 * value becomes `*`): a value written there may be a secret (refused at deploy, JIG6004, but
 * written), and a code frame of a nearby line would print it into a CI log. Read by lines, so that
 * a file YAML cannot parse is masked too: every line indented under a `parameters:` key, after its
 * own key, unless the value is a reference (`{ env: … }`, `{ keyVault: … }`), and a flow mapping
 * written on the key's own line, whole.
 */
export function withoutParameterValues(text: string): string {
  const lines = text.split(/(?<=\n)/);
  let under: number | undefined;
  return lines
    .map((line) => {
      const indent = /^[ \t]*/.exec(line)![0].length;
      const content = line.trimEnd();
      if (content.trim() === '' || content.trim().startsWith('#')) return line;
      if (under !== undefined && indent <= under) under = undefined;
      if (under === undefined) {
        const parameters = /^[ \t]*parameters[ \t]*:/.exec(content);
        if (!parameters) return line;
        under = indent;
        // A flow mapping written on the key's line (`parameters: { erpKey: "…" }`): all of it.
        const inline = line.slice(parameters[0].length, content.length);
        return /^[ \t]*(#.*)?$/.test(inline) ? line : line.slice(0, parameters[0].length) + inline.replace(/[^ \t]/g, '*') + line.slice(content.length);
      }
      const colon = /^[ \t]*(?:-[ \t]*)?(?:"[^"]*"|'[^']*'|[^:#{[]+):(?=[ \t]|$)/.exec(line);
      const start = colon ? colon[0].length : indent;
      const value = line.slice(start, content.length);
      if (/^[ \t]*\{[ \t]*(env|keyVault)[ \t]*:/.test(value)) return line;
      return line.slice(0, start) + value.replace(/[^ \t]/g, '*') + line.slice(content.length);
    })
    .join('');
}

export function parseConfig(fileName: string, text: string): ConfigReadResult {
  // What a diagnostic's code frame of jig.yaml shows: every value `deploy.parameters` gives hidden.
  const source = new SourceFile(fileName, withoutParameterValues(text));
  const { document, errors } = parseYamlText(text);
  if (errors.length > 0) return { source, diagnostics: errors.map((error) => configSyntax(error.range, { detail: error.detail })) };
  const read = yamlValue(document);
  if ('problem' in read) return { source, diagnostics: [configSyntax(read.problem.range, { detail: read.problem.detail })] };
  // An empty file is an empty project file: every key is optional.
  const value = read.value ?? {};
  const validate = validator();
  if (!validate(value)) {
    const diagnostics = (validate.errors ?? [])
      .filter((error) => !isSubsumed(error, validate.errors ?? []))
      .map((error) => configInvalid(rangeOfSchemaError(document, error, text.length), { problem: describeSchemaError(error, describeConfigError) }));
    return { source, diagnostics };
  }

  const raw = value as {
    policy?: string;
    target?: Target;
    out?: string;
    deploy?: DeployConfig;
    resources?: { hosts?: string[]; mailDomains?: string[]; teams?: string[]; subscriptions?: string[]; agentConnections?: Record<string, string> };
    diagnosticLogs?: { retention: string };
  };
  const multiTenant = multiTenantResources(document, raw.resources, text.length);
  if (multiTenant.length > 0) return { source, diagnostics: multiTenant };
  const directory = dirname(fileName);
  return {
    source,
    diagnostics: [],
    config: {
      fileName,
      directory,
      ...(raw.policy !== undefined && {
        policy: resolvePath(directory, raw.policy),
        policyWritten: raw.policy,
        policyRange: rangeOfYamlNode(document.get('policy', true) as YamlNode | undefined, text.length),
      }),
      ...(raw.target !== undefined && { target: raw.target }),
      ...(raw.out !== undefined && { out: resolvePath(directory, raw.out) }),
      ...(raw.deploy !== undefined && { deploy: raw.deploy }),
      ...(raw.deploy?.parameters !== undefined && { deployParameterAt: keyPositions(document, ['deploy', 'parameters'], source) }),
      ...(raw.deploy?.cosmos !== undefined && { deployCosmosAt: keyPositions(document, ['deploy', 'cosmos'], source) }),
      ...(raw.diagnosticLogs !== undefined && { diagnosticLogs: raw.diagnosticLogs }),
      ...(raw.resources !== undefined && {
        resources: {
          hosts: raw.resources.hosts ?? [],
          mailDomains: raw.resources.mailDomains ?? [],
          ...(raw.resources.teams && { teams: raw.resources.teams }),
          ...(raw.resources.subscriptions && { subscriptions: raw.resources.subscriptions }),
          ...(raw.resources.agentConnections && { agentConnections: raw.resources.agentConnections }),
        },
      }),
    },
  };
}

/** Where each key of the mapping at `path` is written. */
function keyPositions(document: Document, path: readonly string[], source: SourceFile): Record<string, { line: number; character: number }> {
  const positions: Record<string, { line: number; character: number }> = {};
  const mapping = document.getIn(path, true);
  if (!isMap(mapping)) return positions;
  for (const { key } of mapping.items) {
    if (isScalar(key) && key.range) positions[String(key.value)] = source.positionAt(key.range[0]);
  }
  return positions;
}

/**
 * The client's own resources are named, not matched by a wildcard over a suffix anyone can rent
 * (`*.azurewebsites.net` would make every customer's app the platform), nor by a host that every
 * customer's resources share (`prod-27.eastus.logic.azure.com`, every workflow's trigger there).
 */
function multiTenantResources(
  document: Document,
  resources: { hosts?: string[]; mailDomains?: string[] } | undefined,
  textLength: number,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const key of ['hosts', 'mailDomains'] as const) {
    (resources?.[key] ?? []).forEach((pattern, index) => {
      const why = key === 'mailDomains' ? notOnePartysMail(pattern) : notOnePartys(pattern);
      if (why === undefined) return;
      const node = document.getIn(['resources', key, index], true) as YamlNode | undefined;
      diagnostics.push(
        configInvalid(rangeOfYamlNode(node, textLength), {
          problem: `'resources.${key}[${index}]' ('${pattern}') ${why}: it would make ${key === 'hosts' ? "every customer's resources the client's" : 'every mailbox there the client\'s'}. Name the client's own (${key === 'hosts' ? 'erp-contoso.azurewebsites.net' : 'contoso.com'}).`,
        }),
      );
    });
  }
  return diagnostics;
}

/**
 * Finds the jig.yaml that governs each folder, walking up from it; each jig.yaml is read once
 * however many files share it.
 */
export class ConfigLocator {
  private readonly byDirectory = new Map<string, Promise<string | undefined>>();
  private readonly byFile = new Map<string, Promise<ProjectFileRead>>();

  constructor(private readonly fs: FileSystem) {}

  /** The path of the nearest jig.yaml at or above `directory`, if any. */
  find(directory: string): Promise<string | undefined> {
    let found = this.byDirectory.get(directory);
    if (!found) {
      found = this.search(directory);
      this.byDirectory.set(directory, found);
    }
    return found;
  }

  read(fileName: string): Promise<ProjectFileRead> {
    let result = this.byFile.get(fileName);
    if (!result) {
      result = this.readCarefully(fileName);
      this.byFile.set(fileName, result);
    }
    return result;
  }

  private async readCarefully(fileName: string): Promise<ProjectFileRead> {
    const roots = await projectRoots(this.fs, dirname(fileName));
    const read = await readNamedFile(this.fs, fileName, { what: 'project file', written: CONFIG_FILE_NAME, roots });
    if (read.status === 'read') return { ...parseConfig(fileName, read.text), roots };
    const problem =
      read.status === 'missing'
        ? namedFileUnreadable(fileStart, { what: 'project file', path: CONFIG_FILE_NAME, reason: 'it disappeared while it was read' })
        : read.problem(fileStart);
    return { source: new SourceFile(fileName, ''), diagnostics: [problem], roots };
  }

  private async search(directory: string): Promise<string | undefined> {
    const candidate = resolvePath(directory, CONFIG_FILE_NAME);
    // A jig.yaml that is a folder or a FIFO is refused when read, not passed over for the one above.
    if (await this.fs.stat(candidate)) return candidate;
    const parent = dirname(directory);
    return parent === directory ? undefined : this.find(parent);
  }
}

/** `anyOf` reports each branch's failure and then its own; one message is enough. */
function isSubsumed(error: ErrorObject, all: readonly ErrorObject[]): boolean {
  return all.some(
    (other) => other !== error && other.keyword === 'anyOf' && error.schemaPath.startsWith(other.schemaPath.replace(/\/anyOf$/, '/anyOf/')),
  );
}

/** What jig.yaml's schema accepts, in its terms; the rest as every YAML file's findings read. */
function describeConfigError(error: ErrorObject, where: string): string | undefined {
  if (error.keyword === 'anyOf') return `${where} must be a value, {env: NAME} or {keyVault: {vault, secret}}.`;
  if (error.keyword !== 'pattern') return undefined;
  if (where.startsWith("'resources.teams")) return `${where} must be a team's Microsoft 365 group id (a GUID).`;
  if (where.startsWith("'resources.subscriptions")) return `${where} must be an Azure subscription's id (a GUID).`;
  if (where.startsWith("'diagnosticLogs.retention")) return `${where} must be a period of whole days, weeks, months or years (90 days, 2 years).`;
  return where.startsWith("'resources.") ? `${where} must be a host name, or *.domain.` : `${where} must be an http:// or https:// URL.`;
}

