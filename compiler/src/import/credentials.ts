/**
 * Jig never writes a credential as text in a workflow (README, "HTTP calls, parameters and
 * secrets"): whoever reads the definition, its source or its repository would read it. A literal
 * credential in what jig import reads (a Basic password, a client certificate or its password, an
 * OAuth client secret, a Raw Authorization value: connectors/http-authentication.ts; an API
 * Management subscription key: connectors/api-management.ts) is moved into
 * a secure parameter of its own, without a default, which the deployment gives, before the
 * workflow is translated; the import report names each move as a difference from the original
 * (index.ts), never a silent change, and shows no credential.
 */
import { AUTHENTICATION_TYPES } from '../connectors/http-authentication.js';
import { isObject, type JsonObject } from './wdl.js';
import type { Difference } from './parity.js';

export interface MovedCredential {
  /** The action, as a path of action names. */
  readonly action: string;
  /** Where in it (`inputs.authentication.password`). */
  readonly at: string;
  /** The secure workflow parameter that now holds it. */
  readonly parameter: string;
}

/** The definition with each literal credential read from a new secure parameter, and the moves. */
export function moveCredentials(definition: JsonObject): { definition: JsonObject; moved: MovedCredential[] } {
  const moved: MovedCredential[] = [];
  const parameters: JsonObject = isObject(definition.parameters) ? { ...definition.parameters } : {};
  const taken = new Set(Object.keys(parameters).map((name) => name.toLowerCase()));
  const parameterFor = (action: string, key: string): string => {
    const base = `${action.split('/').at(-1)!.replace(/[^A-Za-z0-9_]/g, '_')}_${key}`;
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    taken.add(name.toLowerCase());
    parameters[name] = { type: 'SecureString' };
    return name;
  };
  const actions = (value: unknown, path: string): unknown => {
    if (!isObject(value)) return value;
    return Object.fromEntries(Object.entries(value).map(([name, action]) => [name, actionWithout(action, path ? `${path}/${name}` : name)]));
  };
  const actionWithout = (action: unknown, path: string): unknown => {
    if (!isObject(action)) return action;
    let result: JsonObject = action;
    const inputs = isObject(action.inputs) ? action.inputs : undefined;
    const authentication = inputs && isObject(inputs.authentication) ? inputs.authentication : undefined;
    const shape = typeof authentication?.type === 'string' && String(action.type).toLowerCase() === 'http' ? AUTHENTICATION_TYPES[authentication.type] : undefined;
    if (inputs && authentication && shape) {
      const rewritten: JsonObject = { ...authentication };
      for (const key of shape.credentials) {
        if (!isLiteral(rewritten[key])) continue;
        const parameter = parameterFor(path, key);
        rewritten[key] = `@parameters('${parameter}')`;
        moved.push({ action: path, at: `inputs.authentication.${key}`, parameter });
      }
      result = { ...result, inputs: { ...inputs, authentication: rewritten } };
    }
    // An API Management call's subscription key (connectors/api-management.ts).
    if (inputs && String(action.type).toLowerCase() === 'apimanagement' && isLiteral(inputs.subscriptionKey)) {
      const parameter = parameterFor(path, 'subscriptionKey');
      result = { ...result, inputs: { ...inputs, subscriptionKey: `@parameters('${parameter}')` } };
      moved.push({ action: path, at: 'inputs.subscriptionKey', parameter });
    }
    // Actions hold actions: a scope's, a loop's, a condition's branches, a switch's cases.
    if ('actions' in result) result = { ...result, actions: actions(result.actions, path) };
    if (isObject(result.else)) result = { ...result, else: { ...result.else, actions: actions(result.else.actions, path) } };
    if (isObject(result.default)) result = { ...result, default: { ...result.default, actions: actions(result.default.actions, path) } };
    if (isObject(result.cases)) {
      const cases = result.cases;
      result = { ...result, cases: Object.fromEntries(Object.entries(cases).map(([key, branch]) => [key, isObject(branch) ? { ...branch, actions: actions(branch.actions, path) } : branch])) };
    }
    return result;
  };
  const rewritten = { ...definition, actions: actions(definition.actions, '') };
  if (moved.length === 0) return { definition, moved };
  return { definition: { ...rewritten, parameters }, moved };
}

/** A credential written as text: a string that is no expression (an empty one is a placeholder the deployment fills). */
function isLiteral(value: unknown): value is string {
  return typeof value === 'string' && !(value.startsWith('@') && !value.startsWith('@@'));
}

/** Each move as the parity check reports a difference: what the original held is not shown. */
export function credentialDifferences(moved: readonly MovedCredential[]): Difference[] {
  return moved.map(({ action, at, parameter }) => ({
    action,
    at,
    original: 'a credential written as text (not shown)',
    rebuilt: `@parameters('${parameter}'): a secure parameter the deployment gives (Jig writes no credential as text)`,
  }));
}
