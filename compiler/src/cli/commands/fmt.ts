/**
 * `jig fmt PATH… [--check]`: rewrites files in the one canonical layout. A file that does not
 * parse is left alone (formatting it could lose text), and rewrites are atomic.
 */
import { nodeFileSystem, writeFileAtomic } from '../../project/node-host.js';
import { normalizePath, relativePath } from '../../project/paths.js';
import { expandPaths } from '../../project/workspace.js';
import { decodeSource } from '../../syntax/decode.js';
import { formatSource } from '../../syntax/printer.js';
import { parseCommandArgs, usageText } from '../args.js';
import { ExitCode, UsageError, type Command } from '../command.js';
import { reportingInputErrors } from '../open-workspace.js';

const options = {
  check: { type: 'boolean', description: 'Change nothing; list the files that are not formatted and exit 1 if any.' },
} as const;

export const command: Command = {
  name: 'fmt',
  summary: 'Format .jig files.',
  usage: usageText(
    'jig fmt PATH… [--check]',
    'Rewrites each .jig file in the canonical layout. Files with syntax errors are reported and left\nunchanged. Exit code 0: all formatted; 1: a file needs formatting (--check) or could not be formatted.',
    options,
  ),
  async run(context) {
    const { values, positionals, help } = parseCommandArgs('fmt', context.args, options);
    if (help) {
      context.stdout.write(command.usage);
      return ExitCode.Ok;
    }
    if (positionals.length === 0) throw new UsageError("jig fmt: no path given (see 'jig fmt --help')");
    const cwd = normalizePath(context.cwd);
    const fileNames = await reportingInputErrors('fmt', expandPaths(nodeFileSystem, cwd, positionals));

    let failed = false;
    for (const fileName of fileNames) {
      const shown = relativePath(cwd, fileName);
      let bytes: Uint8Array;
      try {
        bytes = await nodeFileSystem.readFile(fileName);
      } catch {
        throw new UsageError(`jig fmt: cannot read '${shown}'`);
      }
      const { source } = decodeSource(fileName, bytes);
      const formatted = source && formatSource(source);
      if (!source || !formatted) {
        context.stderr.write(`jig fmt: ${shown}: not formatted: it has errors ('jig check ${shown}' shows them)\n`);
        failed = true;
      } else if (formatted.text !== source.text) {
        if (values.check) {
          context.stdout.write(`${shown}\n`);
          failed = true;
        } else {
          await writeFileAtomic(fileName, formatted.text);
          context.stdout.write(`formatted ${shown}\n`);
        }
      }
    }
    return failed ? ExitCode.Errors : ExitCode.Ok;
  },
};
