/**
 * The forms a workflow comes in, all reduced to a definition and the parameter values deployed
 * with it: a bare definition (`{$schema, triggers, actions, …}`), a `{definition, parameters}`
 * export (Consumption, as `jig build` writes it, or the REST API's `properties`), an ARM template
 * with one or more `Microsoft.Logic/workflows` resources, and a Standard `workflow.json`.
 */

export interface WorkflowDocument {
  readonly name: string;
  readonly definition: Record<string, unknown>;
  /** Parameter values deployed with the definition (`parameters.NAME.value`). */
  readonly parameterValues: Record<string, unknown>;
  /** JSON Pointer of the definition in the file it was read from, so that a report can say where its parts are. */
  readonly pointer?: string;
  /** Read from a Standard workflow.json (`kind` Stateful or Stateless): a single-tenant app's limits apply. */
  readonly standard?: boolean;
}

export class DocumentError extends Error {
  override readonly name = 'DocumentError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looksLikeDefinition(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && (isRecord(value['triggers']) || isRecord(value['actions']) || typeof value['$schema'] === 'string' && String(value['$schema']).includes('workflowdefinition'));
}

function valuesOf(parameters: unknown): Record<string, unknown> {
  if (!isRecord(parameters)) return {};
  const out: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(parameters)) if (isRecord(entry) && 'value' in entry) out[name] = entry['value'];
  return out;
}

/** Every workflow a JSON document holds. `fallbackName` names one that carries no name. */
export function workflowsOf(json: unknown, fallbackName: string): WorkflowDocument[] {
  if (looksLikeDefinition(json)) return [{ name: fallbackName, definition: json, parameterValues: {}, pointer: '' }];
  if (!isRecord(json)) throw new DocumentError('The document is not a JSON object, so it holds no workflow.');
  if (looksLikeDefinition(json['definition'])) {
    const standard = /^(stateful|stateless)$/i.test(String(json['kind'] ?? ''));
    return [{ name: typeof json['name'] === 'string' ? json['name'] : fallbackName, definition: json['definition'], parameterValues: valuesOf(json['parameters']), pointer: '/definition', ...(standard && { standard }) }];
  }
  const properties = json['properties'];
  if (isRecord(properties) && looksLikeDefinition(properties['definition'])) {
    return [{ name: typeof json['name'] === 'string' ? json['name'] : fallbackName, definition: properties['definition'], parameterValues: valuesOf(properties['parameters']), pointer: '/properties/definition' }];
  }
  if (Array.isArray(json['resources'])) {
    const workflows = json['resources'].flatMap((resource, index): WorkflowDocument[] => {
      if (!isRecord(resource) || String(resource['type']).toLowerCase() !== 'microsoft.logic/workflows') return [];
      const props = resource['properties'];
      if (!isRecord(props) || !looksLikeDefinition(props['definition'])) return [];
      return [{ name: armName(resource['name'], fallbackName), definition: props['definition'], parameterValues: valuesOf(props['parameters']), pointer: `/resources/${index}/properties/definition` }];
    });
    if (workflows.length > 0) return workflows;
    throw new DocumentError('The ARM template has no Microsoft.Logic/workflows resource with a definition.');
  }
  throw new DocumentError('The document is neither a workflow definition, a {definition, parameters} export, an ARM template nor a Standard workflow.json.');
}

/** `[parameters('logicAppName')]` and other ARM expressions name nothing: use the file's name. */
function armName(name: unknown, fallback: string): string {
  if (typeof name !== 'string' || name.startsWith('[')) return fallback;
  return name.split('/').pop() ?? fallback;
}

/** An action of a definition wherever it is nested, with the scopes around it (outermost first). */
export interface NestedAction {
  readonly name: string;
  readonly action: Record<string, unknown>;
  readonly scope: readonly string[];
}

/** Every action of a definition, those inside scopes, branches, cases and loops included. */
export function* nestedActions(definition: Record<string, unknown>): Generator<NestedAction> {
  function* visit(actions: unknown, scope: readonly string[]): Generator<NestedAction> {
    if (!isRecord(actions)) return;
    for (const [name, entry] of Object.entries(actions)) {
      const action = isRecord(entry) ? entry : {};
      yield { name, action, scope };
      for (const [, inner] of innerActionMaps(action)) yield* visit(inner, [...scope, name]);
    }
  }
  yield* visit(definition['actions'], []);
}

/**
 * The maps of actions an action holds (a scope's or a loop's, an If's else branch, a Switch's
 * default and cases), each with its path in the action and as written, whatever its JSON.
 */
export function innerActionMaps(action: Record<string, unknown>): [path: readonly string[], actions: unknown][] {
  const maps: [readonly string[], unknown][] = [[['actions'], action['actions']]];
  if (isRecord(action['else'])) maps.push([['else', 'actions'], action['else']['actions']]);
  if (isRecord(action['default'])) maps.push([['default', 'actions'], action['default']['actions']]);
  if (isRecord(action['cases'])) for (const [name, branch] of Object.entries(action['cases'])) if (isRecord(branch)) maps.push([['cases', name, 'actions'], branch['actions']]);
  return maps;
}
