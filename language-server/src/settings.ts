/**
 * The server's settings: from `initializationOptions`, then from `workspace/didChangeConfiguration`
 * (section `jig`). Any LSP client can send them; VS Code's come from the extension's contributes.
 */
import type { JigSettings } from './protocol.js';

export interface ServerSettings {
  /** Policy file path given by the user; '' for jig.yaml's or the embedded one. */
  readonly policyPath: string;
  readonly snippets: boolean;
  /** Where a diagnostic's code links to; the code (lower case) is appended. Absent: no link. */
  readonly explainBaseUrl?: string;
  /** A pause between the last edit and the check, in ms; 0: a document is checked as soon as the server is free. */
  readonly debounceMs: number;
}

export const defaultSettings: ServerSettings = { policyPath: '', snippets: true, debounceMs: 0 };

export function readSettings(value: unknown, base: ServerSettings = defaultSettings): ServerSettings {
  if (!value || typeof value !== 'object') return base;
  const raw = value as { [K in keyof JigSettings]?: unknown };
  return {
    policyPath: typeof raw.policyPath === 'string' ? raw.policyPath.trim() : base.policyPath,
    snippets: typeof raw.snippets === 'boolean' ? raw.snippets : base.snippets,
    explainBaseUrl: typeof raw.explainBaseUrl === 'string' && raw.explainBaseUrl ? raw.explainBaseUrl : base.explainBaseUrl,
    debounceMs:
      typeof raw.debounceMs === 'number' && raw.debounceMs >= 0 && raw.debounceMs <= 5000 ? raw.debounceMs : base.debounceMs,
  };
}
