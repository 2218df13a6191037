/** Formatting with the formatter of `jig fmt`, as one edit replacing the whole text when it changed. */
import type { TextEdit } from 'vscode-languageserver';
import { formatSource } from '../../compiler/src/index.js';
import type { CheckedDocument } from './documents.js';

/** Jig has one layout (`jig fmt`'s), so the client's tab size and spacing options do not apply. */
export function formatting(document: CheckedDocument): TextEdit[] {
  const { source } = document.compilation;
  // The formatter declines a file with syntax errors (undefined), as `jig fmt` does.
  const formatted = formatSource(source)?.text;
  if (formatted === undefined || formatted === source.text) return [];
  return [{ range: { start: source.positionAt(0), end: source.positionAt(source.text.length) }, newText: formatted }];
}
