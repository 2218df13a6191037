/**
 * What run history hides of an action, by the rules Microsoft documents ("Secure data in run
 * history", learn.microsoft.com/azure/logic-apps/logic-apps-securing-a-logic-app#obfuscate;
 * ../shared/notes/logic-apps-connectors.md §7):
 * - `runtimeConfiguration.secureData` hides the inputs and/or outputs it names; on Compose, Parse
 *   JSON and Response, secure inputs hide the outputs too;
 * - an action whose inputs explicitly use the outputs of a trigger or action that has secure inputs
 *   or outputs of its own has its inputs hidden (and, for Compose, Parse JSON and Response, its
 *   outputs), without its own setting turned on;
 * - except that the outputs of a Compose, Parse JSON or Response hide nothing downstream: an action
 *   reading them shows its inputs and outputs.
 * So hiding spreads one step, and only from an action's own setting.
 */
export interface Hidden {
  readonly inputs: boolean;
  readonly outputs: boolean;
}

/** Actions whose outputs are their inputs: the service hides both when the inputs are hidden. */
const OUTPUTS_ARE_INPUTS = new Set(['compose', 'parsejson', 'response']);

/** What the action's (or trigger's) own `runtimeConfiguration.secureData` hides. */
export function secureDataOf(definition: Record<string, unknown>, type = ''): Hidden | undefined {
  const secure = ((definition['runtimeConfiguration'] ?? {}) as Record<string, unknown>)['secureData'] as Record<string, unknown> | undefined;
  const properties = secure?.['properties'];
  if (!Array.isArray(properties)) return undefined;
  const names = properties.map((p) => String(p).toLowerCase());
  const inputs = names.includes('inputs');
  return { inputs, outputs: names.includes('outputs') || (inputs && OUTPUTS_ARE_INPUTS.has(type.toLowerCase())) };
}

/** Whether reading this trigger's or action's outputs hides the reader's inputs. */
export function hidesReaders(definition: Record<string, unknown>, type: string): boolean {
  return secureDataOf(definition, type) !== undefined && !OUTPUTS_ARE_INPUTS.has(type.toLowerCase());
}

/** What an expression names explicitly: actions by `outputs`, `body`, `actions`, and the trigger. */
export interface ExplicitReads {
  readonly actions: ReadonlySet<string>;
  readonly trigger: boolean;
}

const ACTION_READ = /\b(?:outputs|body|actions)\s*\(\s*'((?:[^']|'')*)'\s*\)/gi;
const TRIGGER_READ = /\btrigger(?:Body|Outputs|FormDataValue|FormDataMultiValues|MultipartBody)?\s*\(/i;

/** The part of an action's definition that its inputs are evaluated from (a scope's actions are not). */
function inputsPart(definition: Record<string, unknown>, type: string): unknown {
  switch (type.toLowerCase()) {
    case 'foreach':
      return definition['foreach'];
    case 'if':
    case 'switch':
    case 'until':
      return definition['expression'];
    default:
      return definition['inputs'];
  }
}

/** What an action's own inputs (not its nested actions') read explicitly. */
export function explicitReads(definition: Record<string, unknown>, type: string): ExplicitReads {
  const actions = new Set<string>();
  let trigger = false;
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (!value.includes('@')) return;
      for (const match of value.matchAll(ACTION_READ)) actions.add(match[1]!.replace(/''/g, "'"));
      if (TRIGGER_READ.test(value)) trigger = true;
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  visit(inputsPart(definition, type));
  return { actions, trigger };
}

/**
 * What run history hides of an action: its own setting, and what the explicit reads of outputs
 * that hide their readers add.
 */
export function hiddenInHistory(definition: Record<string, unknown>, type: string, readsHidingSource: (reads: ExplicitReads) => boolean): Hidden | undefined {
  const own = secureDataOf(definition, type);
  if (own?.inputs && own.outputs) return own;
  if (!readsHidingSource(explicitReads(definition, type))) return own;
  return { inputs: true, outputs: (own?.outputs ?? false) || OUTPUTS_ARE_INPUTS.has(type.toLowerCase()) };
}
