/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff.
 * Values are escaped as the runner's command parser expects (`%`, CR and LF in the message; also
 * `:` and `,` in properties), or a message with a newline would end the command early.
 */
import { displayPath, effectiveSeverity, locate, messageOf, type Formatter } from './located.js';

const commandOf = { error: 'error', warning: 'warning', info: 'notice' } as const;

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export const formatGithub: Formatter = (files, _summary, options) => {
  const lines: string[] = [];
  for (const file of files) {
    const path = escapeProperty(displayPath(file.source.fileName, options.cwd));
    for (const diagnostic of file.diagnostics) {
      const { line, column, endLine, endColumn } = locate(file.source, diagnostic.range);
      const properties = `file=${path},line=${line},col=${column},endLine=${endLine},endColumn=${endColumn},title=${escapeProperty(diagnostic.code)}`;
      lines.push(`::${commandOf[effectiveSeverity(diagnostic)]} ${properties}::${escapeData(messageOf(diagnostic))}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
