/**
 * `jig report PATH… [--format md|json|html] [--policy FILE] [--output FILE]`: the data map of a
 * project. For each flow its purpose, categories, stores with retention, processors, what run
 * history hides and its waivers; for each Cosmos DB container the categories it holds and their
 * retention. Flows with errors are still mapped, and marked; the exit code is then 1.
 */
import { buildDataMap } from '../../report/datamap.js';
import { renderHtml } from '../../report/html.js';
import { renderMarkdown } from '../../report/markdown.js';
import { writeFileAtomic } from '../../project/node-host.js';
import { dirname, normalizePath, resolvePath } from '../../project/paths.js';
import type { Compilation } from '../../compilation.js';
import { diagnosticsOf, type WorkspaceFile } from '../../project/workspace.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { parseCommandArgs, usageText } from '../args.js';
import { ExitCode, type Command } from '../command.js';
import { openWorkspace, policyOption } from '../open-workspace.js';
import { writeDiagnostics } from '../output.js';

const options = {
  format: { type: 'string', choices: ['md', 'json', 'html'], valueName: 'FORMAT', description: 'The report format (default md).' },
  output: { type: 'string', short: 'o', valueName: 'FILE', description: 'Write the report to FILE instead of standard output.' },
  policy: policyOption,
} as const;

export const command: Command = {
  name: 'report',
  summary: 'Print the data map: which flow handles which data, where it is kept and for how long.',
  usage: usageText(
    'jig report PATH… [--format md|json|html] [--policy FILE] [--output FILE]',
    'Maps every flow of the given files and folders: purpose, data categories, stores and retention,\n' +
      'processors, data hidden from run history and waivers; and every Cosmos DB container with the\n' +
      'categories it holds (what access and deletion requests must reach). Exit code 0: mapped, no\n' +
      'errors; 1: mapped, but some flows have errors, or a file gave no flow because of its errors\n' +
      '(its findings are printed on stderr); 2: bad usage, or a broken project or policy file.',
    options,
  ),
  async run(context) {
    const { values, positionals, help } = parseCommandArgs('report', context.args, options);
    if (help) {
      context.stdout.write(command.usage);
      return ExitCode.Ok;
    }
    const workspace = await openWorkspace(context, 'report', positionals, values.policy);
    if (workspace.projectProblems.length > 0) {
      writeDiagnostics(context, 'pretty', workspace.projectProblems, workspace.files.length);
      return ExitCode.Usage;
    }
    const compilations = workspace.files.flatMap((file): Compilation[] => (file.compilation ? [file.compilation] : []));
    const cwd = normalizePath(context.cwd);
    const map = buildDataMap(compilations, reportBase(workspace.files, cwd));
    const text =
      values.format === 'json'
        ? `${JSON.stringify(map, null, 2)}\n`
        : values.format === 'html'
          ? renderHtml(map)
          : renderMarkdown(map);
    if (values.output !== undefined) await writeFileAtomic(resolvePath(cwd, normalizePath(values.output)), text);
    else context.stdout.write(text);
    // A file that gives the map no flow because of its errors (not text, a flow that does not
    // parse) would be missing from it unnoticed: its findings go to stderr, the map stays on stdout.
    const unmapped = workspace.files.filter((file) => !file.compilation || (file.compilation.policyResult.flows.length === 0 && hasErrors(diagnosticsOf(file))));
    if (unmapped.length > 0) {
      const findings = unmapped.map((file) => ({ source: file.source, diagnostics: diagnosticsOf(file) }));
      writeDiagnostics(context, 'pretty', findings, unmapped.length, workspace.sourceOf, context.stderr);
    }
    const broken = unmapped.length > 0 || map.flows.some((flow) => flow.errors > 0);
    return broken ? ExitCode.Errors : ExitCode.Ok;
  },
};

/** Paths are shown relative to the project's folder when the files are one project's, else to the working folder. */
function reportBase(files: readonly WorkspaceFile[], cwd: string): string {
  const configFiles = new Set(files.map((file) => file.project.configFile));
  const [only] = configFiles;
  return configFiles.size === 1 && only !== undefined ? dirname(only) : cwd;
}
