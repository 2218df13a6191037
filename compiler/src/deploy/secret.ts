/**
 * A secret parameter value. Only `reveal()` gives the value, and only `azure.ts` (when it builds
 * the request body) and `deploy-values.ts` (to check it against the policy, never to show it) call
 * it; every other way of turning a Secret into text (string conversion,
 * JSON, `console.log`/`util.inspect`) gives `[secret]`, so a stray log line or error message
 * cannot leak it.
 */
const REDACTED = '[secret]';

export class Secret {
  readonly #value: unknown;

  constructor(value: unknown) {
    this.#value = value;
  }

  reveal(): unknown {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}

/** `value` with every Secret inside it (at any depth) replaced by its value: for the request body only. */
export function revealSecrets(value: unknown): unknown {
  if (value instanceof Secret) return value.reveal();
  if (Array.isArray(value)) return value.map(revealSecrets);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, revealSecrets(item)]));
  }
  return value;
}
