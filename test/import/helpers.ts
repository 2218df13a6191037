/** Shared helpers of the import tests: a definition of actions imported, checked and built again. */
import { importSources } from '../../compiler/src/import/index.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';

export const policy = loadEmbeddedPolicy();

/** The steps of the one flow a definition with an untyped HTTP trigger and these actions becomes. */
export function imported(actions: Record<string, unknown>, parameters: Record<string, unknown> = {}) {
  const definition = { parameters, triggers: { manual: { type: 'Request', kind: 'Http', inputs: { method: 'POST' } } }, actions };
  const [result] = importSources([{ path: 'w.json', text: JSON.stringify(definition) }], { policy, check: true });
  const text = result!.text!;
  const body = text.slice(text.indexOf('  trigger http post\n') + '  trigger http post\n'.length, text.lastIndexOf('}'));
  return { body, result: result! };
}

export const after = (name: string) => ({ [name]: ['Succeeded'] });
/** Why each raw action stays raw, by its path. */
export const reasons = (result: { raw: readonly { action: string; reason: string }[] }) => Object.fromEntries(result.raw.map((raw) => [raw.action, raw.reason]));
export const connections = { $connections: { type: 'Object', defaultValue: {} } };
