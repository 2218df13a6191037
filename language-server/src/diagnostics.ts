/**
 * Compiler diagnostics → LSP diagnostics, and their publication, each with the version it is of.
 */
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type DiagnosticRelatedInformation,
} from 'vscode-languageserver';
import type { Diagnostic, SourceFile } from '../../compiler/src/index.js';
import { toLspRange } from './positions.js';
import { pathToUri } from './uri.js';

const severities = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
} as const;

/** Findings of something declared but unused (`unused-category`, `unused-waiver`): editors grey it out. */
const unnecessaryCodeNames = /^unused-/;

export interface ConversionContext {
  readonly source: SourceFile;
  /** The URI of `source`. */
  readonly uri: string;
  readonly explainBaseUrl?: string;
  /** The text of another file named by related information, when the server has it. */
  readonly otherSource?: (fileName: string) => SourceFile | undefined;
  /** The catalogue name of a code (`unused-category`), for tags. */
  readonly nameOf?: (code: string) => string | undefined;
}

export function toLspDiagnostic(diagnostic: Diagnostic, context: ConversionContext): LspDiagnostic {
  const result: LspDiagnostic = {
    range: toLspRange(context.source, diagnostic.range),
    severity: diagnostic.waived ? DiagnosticSeverity.Information : severities[diagnostic.severity],
    code: diagnostic.code,
    source: 'jig',
    message: messageOf(diagnostic),
  };
  if (context.explainBaseUrl) {
    result.codeDescription = { href: `${context.explainBaseUrl}${diagnostic.code.toLowerCase()}` };
  }
  const related = relatedOf(diagnostic, context);
  if (related.length > 0) result.relatedInformation = related;
  if (unnecessaryCodeNames.test(context.nameOf?.(diagnostic.code) ?? '')) result.tags = [DiagnosticTag.Unnecessary];
  return result;
}

function messageOf(diagnostic: Diagnostic): string {
  let message = diagnostic.message;
  if (diagnostic.policy) {
    message += `\n${diagnostic.policy.id} policy §${diagnostic.policy.section}`;
    if (diagnostic.policy.quote) message += `: "${diagnostic.policy.quote}"`;
  }
  if (diagnostic.waived) message += `\nWaived: ${diagnostic.waived.reason}`;
  return message;
}

function relatedOf(diagnostic: Diagnostic, context: ConversionContext): DiagnosticRelatedInformation[] {
  const related: DiagnosticRelatedInformation[] = [];
  for (const item of diagnostic.related ?? []) {
    if (item.fileName === undefined || item.fileName === context.source.fileName) {
      related.push({ message: item.message, location: { uri: context.uri, range: toLspRange(context.source, item.range) } });
      continue;
    }
    const other = context.otherSource?.(item.fileName);
    const range = other ? toLspRange(other, item.range) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    related.push({ message: item.message, location: { uri: pathToUri(item.fileName), range } });
  }
  if (diagnostic.waived) {
    related.push({
      message: 'The waiver',
      location: { uri: context.uri, range: toLspRange(context.source, diagnostic.waived.range) },
    });
  }
  return related;
}

export async function publish(connection: Connection, uri: string, diagnostics: LspDiagnostic[], version?: number): Promise<void> {
  await connection.sendDiagnostics({ uri, version, diagnostics });
}
