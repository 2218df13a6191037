/**
 * The snippets of the VS Code extension (vscode-extension/snippets/jig.json), offered by the server
 * to every other editor: one list, two deliveries. VS Code gets them from the extension and turns
 * the server's off (`snippets: false`), so they are not offered twice.
 */
import snippetFile from '../../vscode-extension/snippets/jig.json' with { type: 'json' };

export interface Snippet {
  readonly label: string;
  readonly prefix: string;
  readonly body: string;
  readonly description: string;
  /** Where it may start: a declaration at the top of the file, or a step inside a flow. */
  readonly place: 'declaration' | 'step';
}

const declarationPrefixes = new Set(['flow', 'flow-schedule', 'flow-mail', 'flow-servicebus', 'flow-sharepoint', 'type', 'param']);

export const snippets: readonly Snippet[] = Object.entries(
  snippetFile as Record<string, { prefix: string; body: string | string[]; description: string }>,
).map(([label, entry]) => ({
  label,
  prefix: entry.prefix,
  body: Array.isArray(entry.body) ? entry.body.join('\n') : entry.body,
  description: entry.description,
  place: declarationPrefixes.has(entry.prefix) ? 'declaration' : 'step',
}));
