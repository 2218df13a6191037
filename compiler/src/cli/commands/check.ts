/** `jig check PATH…`: every diagnostic, what Logic Apps would refuse in the emitted workflows included; nothing is written. */
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { parseCommandArgs, usageText } from '../args.js';
import { ExitCode, type Command } from '../command.js';
import { compileOpenWorkspace, hasUnusablePolicy, policyOption, workspaceDiagnostics } from '../open-workspace.js';
import { formatOption, writeDiagnostics } from '../output.js';

const options = { format: formatOption, policy: policyOption };

export const command: Command = {
  name: 'check',
  summary: 'Check .jig files against the language and the privacy policy.',
  usage: usageText(
    'jig check PATH… [--format pretty|json|sarif|github] [--policy FILE]',
    'Checks each .jig file (a folder is searched for .jig files, a glob is expanded) and prints its\ndiagnostics. Exit code 0: no errors; 1: errors found; 2: bad usage or unusable input (an unreadable source; a\npolicy file that is missing, refused unread or no valid policy; a project file refused unread).',
    options,
  ),
  async run(context) {
    const { values, positionals, help } = parseCommandArgs('check', context.args, options);
    if (help) {
      context.stdout.write(command.usage);
      return ExitCode.Ok;
    }
    const { workspace, outcomes } = await compileOpenWorkspace(context, 'check', positionals, values.policy, false);
    const files = workspaceDiagnostics(workspace, outcomes);
    writeDiagnostics(context, values.format, files, workspace.files.length, workspace.sourceOf);
    if (hasUnusablePolicy(workspace.projectProblems)) return ExitCode.Usage;
    return files.some((file) => hasErrors(file.diagnostics)) || workspace.files.some((file) => !file.compilation)
      ? ExitCode.Errors
      : ExitCode.Ok;
  },
};
