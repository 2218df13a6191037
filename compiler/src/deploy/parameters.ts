/**
 * The values a workflow's parameters are deployed with, from jig.yaml's `deploy.parameters`: a plain
 * value, an environment variable or a Key Vault secret. A parameter declared secure (a `secret`
 * param: SecureString or SecureObject) is wrapped in a Secret as soon as it is read, and may not be
 * written in jig.yaml itself, which is committed with the project.
 */
import type { DeployParameter } from '../project/config.js';
import {
  environmentVariableMissing,
  keyVaultReadFailed,
  keyVaultReferenceInvalid,
  parameterValueInvalid,
  parameterValueMissing,
  secretGivenAsLiteral,
  unknownDeployParameter,
} from '../diagnostics/catalogue/deploy.js';
import { suggest } from '../util/suggest.js';
import { noRange, type DeployFinding, type SettingLocation } from './finding.js';
import { Secret } from './secret.js';

/** The parameter the emitter declares for managed connections; `connections.ts` fills it. */
export const CONNECTIONS_PARAMETER = '$connections';

export interface ResolvedParameter {
  /** The value, a Secret for secure parameters. */
  readonly value: unknown;
  /**
   * What the value is, as recorded in the `jig-parameters-hash` tag: the value itself for plain
   * parameters, only where it comes from for secure ones (a hash of a secret would leak it to anyone
   * who can read tags and guess).
   */
  readonly fingerprint: unknown;
  /** Where the value was read: `jig.yaml`, `environment variable NAME`, `Key Vault secret NAME`. */
  readonly source?: string;
}

export interface ParameterInput {
  readonly name: string;
  readonly definition: Readonly<Record<string, unknown>>;
  /** Values the deployment itself supplies (child workflow ids); jig.yaml is not asked for these. */
  readonly provided?: Readonly<Record<string, ResolvedParameter>>;
}

export interface ParameterSources {
  readonly settings: Readonly<Record<string, DeployParameter>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Reads a Key Vault secret's value; rejects with a readable reason. Without it (before signing
   * in), a Key Vault reference is only checked for form and its parameter gets no value.
   */
  readonly readKeyVaultSecret?: (vault: string, secret: string) => Promise<string>;
  /** Where jig.yaml gives the parameter NAME a value, for the findings about that value. */
  readonly settingAt?: (name: string) => SettingLocation | undefined;
}

export interface ResolvedParameters {
  /** By workflow name: the value of each parameter the workflow declares and jig.yaml gives. */
  readonly byWorkflow: ReadonlyMap<string, Readonly<Record<string, ResolvedParameter>>>;
  readonly findings: readonly DeployFinding[];
}

interface DeclaredParameter {
  readonly type: string;
  readonly hasDefault: boolean;
}

/** The parameters a definition declares, without `$connections`. */
export function declaredParameters(definition: Readonly<Record<string, unknown>>): Map<string, DeclaredParameter> {
  const declared = new Map<string, DeclaredParameter>();
  const parameters = definition['parameters'];
  if (parameters === null || typeof parameters !== 'object') return declared;
  for (const [name, declaration] of Object.entries(parameters as Record<string, unknown>)) {
    if (name === CONNECTIONS_PARAMETER || declaration === null || typeof declaration !== 'object') continue;
    const record = declaration as Record<string, unknown>;
    declared.set(name, { type: String(record['type'] ?? 'String'), hasDefault: 'defaultValue' in record });
  }
  return declared;
}

function isSecure(type: string): boolean {
  return /^secure(string|object)$/i.test(type);
}

export async function resolveParameters(
  workflows: readonly ParameterInput[],
  sources: ParameterSources,
): Promise<ResolvedParameters> {
  const findings: DeployFinding[] = [];
  const byWorkflow = new Map<string, Record<string, ResolvedParameter>>();
  // jig.yaml's parameters are project-wide by name: each is read (from env or Key Vault) once.
  const readings = new Map<string, Promise<ResolvedParameter | DeployFinding | undefined>>();
  const used = new Set<string>();

  for (const workflow of workflows) {
    const values: Record<string, ResolvedParameter> = { ...workflow.provided };
    for (const [name, declared] of declaredParameters(workflow.definition)) {
      if (workflow.provided?.[name]) continue;
      used.add(name);
      const setting = sources.settings[name];
      if (setting === undefined) {
        if (!declared.hasDefault) {
          findings.push({ workflow: workflow.name, diagnostic: parameterValueMissing(noRange, { workflow: workflow.name, parameter: name }) });
        }
        continue;
      }
      const key = `${name}\u0000${declared.type.toLowerCase()}`;
      let reading = readings.get(key);
      if (!reading) {
        reading = readParameter(name, declared.type, setting, sources).then((read) => (read && 'diagnostic' in read ? located(read, name, sources) : read));
        readings.set(key, reading);
      }
      const result = await reading;
      if (result === undefined) continue; // a Key Vault value, not read before signing in
      if ('diagnostic' in result) {
        if (!findings.includes(result)) findings.push(result);
      } else {
        values[name] = result;
      }
    }
    byWorkflow.set(workflow.name, values);
  }

  for (const name of Object.keys(sources.settings)) {
    if (used.has(name)) continue;
    const suggestion = suggest(name, used);
    findings.push(located({ diagnostic: unknownDeployParameter(noRange, { parameter: name, ...(suggestion && { suggestion }) }) }, name, sources));
  }
  return { byWorkflow, findings };
}

function located(finding: DeployFinding, name: string, sources: ParameterSources): DeployFinding {
  const at = sources.settingAt?.(name);
  return at ? { ...finding, at } : finding;
}

async function readParameter(
  name: string,
  type: string,
  setting: DeployParameter,
  sources: ParameterSources,
): Promise<ResolvedParameter | DeployFinding | undefined> {
  const secure = isSecure(type);
  if (typeof setting !== 'object') {
    if (secure) return { diagnostic: secretGivenAsLiteral(noRange, { parameter: name }) };
    return typed(name, type, setting, 'jig.yaml', { value: setting });
  }
  if ('env' in setting) {
    const raw = sources.env[setting.env];
    if (raw === undefined) return { diagnostic: environmentVariableMissing(noRange, { parameter: name, variable: setting.env }) };
    return typed(name, type, raw, `environment variable ${setting.env}`, { env: setting.env });
  }
  const { vault, secret } = setting.keyVault;
  const problem = keyVaultReferenceProblem(vault, secret);
  if (problem) return { diagnostic: keyVaultReferenceInvalid(noRange, { parameter: name, problem }) };
  if (!sources.readKeyVaultSecret) return undefined;
  let raw: string;
  try {
    raw = await sources.readKeyVaultSecret(vault, secret);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { diagnostic: keyVaultReadFailed(noRange, { parameter: name, vault, secret, reason }) };
  }
  return typed(name, type, raw, `Key Vault secret ${secret}`, { keyVault: { vault, secret } });
}

/**
 * Why a Key Vault reference cannot name a secret (Key Vault's naming rules: azure-docs
 * articles/key-vault/general/about-keys-secrets-certificates.md, and resource-name-rules.md for
 * Microsoft.KeyVault/vaults), or undefined. A vault given as an https URL (another cloud, a test
 * server) is taken as it is.
 */
export function keyVaultReferenceProblem(vault: string, secret: string): string | undefined {
  if (/^https:\/\//i.test(vault)) {
    if (!URL.canParse(vault)) return `'${vault}' is not a URL`;
  } else if (/^[a-z]+:/i.test(vault)) {
    return `vault '${vault}' must be a vault's name or an https:// URL`;
  } else if (!/^[a-z](?:-?[a-z0-9])+$/i.test(vault) || vault.length < 3 || vault.length > 24) {
    return `'${vault}' is not a vault name (3 to 24 letters, digits and single hyphens, starting with a letter and ending with a letter or digit)`;
  }
  if (!/^[a-z0-9-]{1,127}$/i.test(secret)) return `'${secret}' is not a secret name (1 to 127 letters, digits and hyphens)`;
  return undefined;
}

/** Converts text from env or Key Vault to the parameter's type; a secure value becomes a Secret. */
function typed(
  name: string,
  type: string,
  raw: string | number | boolean,
  from: string,
  origin: unknown,
): ResolvedParameter | DeployFinding {
  const value = convert(type, raw);
  if (value === undefined) return { diagnostic: parameterValueInvalid(noRange, { parameter: name, type, source: from }) };
  if (isSecure(type)) return { value: new Secret(value), fingerprint: origin, source: from };
  return { value, fingerprint: { value }, source: from };
}

function convert(type: string, raw: string | number | boolean): unknown {
  switch (type.toLowerCase()) {
    case 'int': {
      const number = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      return Number.isInteger(number) ? number : undefined;
    }
    case 'float': {
      const number = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      return Number.isFinite(number) ? number : undefined;
    }
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      return raw === 'true' ? true : raw === 'false' ? false : undefined;
    case 'array':
    case 'object':
    case 'secureobject': {
      if (typeof raw !== 'string') return undefined;
      try {
        const parsed: unknown = JSON.parse(raw);
        const isArray = Array.isArray(parsed);
        if (type.toLowerCase() === 'array' ? !isArray : isArray || parsed === null || typeof parsed !== 'object') return undefined;
        return parsed;
      } catch {
        return undefined;
      }
    }
    default:
      return String(raw);
  }
}
