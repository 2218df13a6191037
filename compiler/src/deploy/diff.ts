/**
 * A readable diff of a workflow definition, deployed against desired, for `--dry-run`. Both sides
 * are printed with sorted keys and two-space indentation, so that only real changes show, not the
 * order the service happened to return the keys in.
 */
import { structuredPatch } from 'diff';
import picocolors from 'picocolors';
import { withSortedKeys } from './hash.js';

/** A definition as the diff shows it: sorted keys, two-space indentation. */
export function definitionText(definition: unknown): string {
  return definition === undefined ? '' : `${JSON.stringify(withSortedKeys(definition), null, 2)}\n`;
}

/**
 * Unified diff lines (`---`, `+++`, `@@` hunks) from the deployed definition (absent for a new
 * workflow) to the desired one; empty when they are equal.
 */
export function definitionDiff(name: string, deployed: unknown, desired: unknown, options: { color?: boolean } = {}): string {
  const before = definitionText(deployed);
  const after = definitionText(desired);
  if (before === after) return '';
  const colors = picocolors.createColors(options.color ?? false);
  const patch = structuredPatch(
    deployed === undefined ? '/dev/null' : `${name} (deployed)`,
    `${name} (from source)`,
    before,
    after,
    undefined,
    undefined,
    { context: 3 },
  );
  const lines = [colors.bold(`--- ${patch.oldFileName}`), colors.bold(`+++ ${patch.newFileName}`)];
  for (const hunk of patch.hunks) {
    lines.push(colors.cyan(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`));
    for (const line of hunk.lines) {
      if (line.startsWith('+')) lines.push(colors.green(line));
      else if (line.startsWith('-')) lines.push(colors.red(line));
      else if (!line.startsWith('\\')) lines.push(line);
    }
  }
  return `${lines.join('\n')}\n`;
}
