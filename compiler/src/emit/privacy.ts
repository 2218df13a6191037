/**
 * How the policy shows in the emitted workflow: which actions hide their data from run history
 * (§8, §9), and the opt-out filter that flows with a secondary purpose apply (§6). The policy
 * checker decides whether a flow is allowed; this module only makes the workflow keep the promise.
 */
import type { Policy } from '../policy/model.js';
import { parentOf } from '../policy/model.js';
import type { RuntimeConfiguration, WdlAction, WdlTrigger } from './builders.js';
import { extend } from '../util/objects.js';
import { SECRET } from '../semantics/categories.js';

/** Action types on which the service ignores or refuses secure inputs (connectors.md §7). */
const NO_SECURE_DATA = new Set([
  'InitializeVariable',
  'SetVariable',
  'IncrementVariable',
  'DecrementVariable',
  'AppendToArrayVariable',
  'AppendToStringVariable',
  'Foreach',
  'If',
  'Scope',
  'Switch',
  'Terminate',
  'Until',
  'Recurrence',
]);

/** Types that take secure inputs only; hiding their inputs hides their outputs too (§7). */
const SECURE_INPUTS_ONLY = new Set(['Compose', 'ParseJson', 'Response', 'Wait']);

/** Stands among an action's categories when its data may hold a secret: always hidden from run history. */
export const SECRET_DATA = SECRET;

/** Whether each category asked about must stay out of run history, by policy: every flow of a policy asks the same. */
const securityByPolicy = new WeakMap<Policy, Map<string, boolean>>();

export class RunHistoryPrivacy {
  private readonly cache: Map<string, boolean>;

  constructor(private readonly policy: Policy) {
    let cache = securityByPolicy.get(policy);
    if (!cache) securityByPolicy.set(policy, (cache = new Map()));
    this.cache = cache;
  }

  /** Whether a category, or one of its ancestors, must stay out of run history. */
  isSecure(category: string): boolean {
    if (category === SECRET_DATA) return true;
    const cached = this.cache.get(category);
    if (cached !== undefined) return cached;
    let secure = false;
    for (let id: string | undefined = category; id !== undefined && !secure; id = this.policy.categories.get(id)?.parent ?? parentOf(id)) {
      secure = this.policy.categories.get(id)?.secureInRunHistory ?? false;
    }
    this.cache.set(category, secure);
    return secure;
  }

  needsSecureData(categories: Iterable<string>): boolean {
    for (const category of categories) if (this.isSecure(category)) return true;
    return false;
  }

  /**
   * Whether run history hides the inputs of what reads this action's outputs: Logic Apps hides an
   * action's inputs where they explicitly use outputs that a trigger's or action's own secureData
   * hides, but not those of a Compose, Parse JSON or Response (learn.microsoft.com/azure/logic-apps/
   * logic-apps-securing-a-logic-app#obfuscate, "Considerations"; connectors.md §7).
   */
  hidesReaders(operation: WdlAction | WdlTrigger): boolean {
    return operation.runtimeConfiguration?.secureData !== undefined && !SECURE_INPUTS_ONLY.has(operation.type);
  }

  /** Marks an action or trigger secure where its type supports it; a no-op otherwise. */
  protect<T extends WdlAction | WdlTrigger>(operation: T, categories: Iterable<string>): T {
    if (NO_SECURE_DATA.has(operation.type) || !this.needsSecureData(categories)) return operation;
    const properties: ('inputs' | 'outputs')[] = SECURE_INPUTS_ONLY.has(operation.type) ? ['inputs'] : ['inputs', 'outputs'];
    const runtimeConfiguration: RuntimeConfiguration = {
      ...operation.runtimeConfiguration,
      secureData: { properties },
    };
    return extend(operation, { runtimeConfiguration }) as T;
  }
}

/** Whether the flow's purpose is a secondary one (§4, §6): its reads must exclude opted-out records. */
export function isSecondaryPurpose(policy: Policy, purpose: string | undefined): boolean {
  return purpose !== undefined && policy.purposes.get(purpose)?.kind === 'secondary';
}
