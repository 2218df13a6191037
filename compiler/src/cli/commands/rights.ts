/**
 * `jig rights PATH… [--check] [--policy FILE]`: writes the flows that serve data-subject requests
 * (§6) into the project's `rights/` folder, one file a kind of data subject, from the project's data
 * map. `--check` writes nothing and fails when a file is missing or differs (for CI).
 */
import { generateRights } from '../../rights/generate.js';
import { subjectsOf } from '../../rights/subjects.js';
import { nodeFileSystem, writeFileAtomic } from '../../project/node-host.js';
import { dirname, normalizePath, relativePath, resolvePath } from '../../project/paths.js';
import type { Compilation } from '../../compilation.js';
import { parseCommandArgs, usageText } from '../args.js';
import { ExitCode, type Command } from '../command.js';
import { openWorkspace, policyOption } from '../open-workspace.js';
import { writeDiagnostics } from '../output.js';

const options = {
  check: { type: 'boolean', description: 'Write nothing; exit 1 when a generated file is missing or differs.' },
  policy: policyOption,
} as const;

export const command: Command = {
  name: 'rights',
  summary: 'Generate the flows that serve data-subject requests: access, erasure, correction, opt-out.',
  usage: usageText(
    'jig rights PATH… [--check] [--policy FILE]',
    "Writes rights/KIND.jig into the project's folder for each kind of data subject (@subject(KIND)):\n" +
      'an access, an erasure, a correction and an opt-out flow over every container that keeps that\n' +
      "kind's personal data. Review the files and commit them; an unchanged project regenerates the same\n" +
      'bytes. Exit code 0: written (or, with --check, up to date); 1: some flow has errors, or --check\n' +
      'found a file to regenerate; 2: bad usage, or a broken project or policy file.',
    options,
  ),
  async run(context) {
    const { values, positionals, help } = parseCommandArgs('rights', context.args, options);
    if (help) {
      context.stdout.write(command.usage);
      return ExitCode.Ok;
    }
    const workspace = await openWorkspace(context, 'rights', positionals, values.policy);
    if (workspace.projectProblems.length > 0) {
      writeDiagnostics(context, 'pretty', workspace.projectProblems, workspace.files.length);
      return ExitCode.Usage;
    }
    const cwd = normalizePath(context.cwd);
    const configFiles = new Set(workspace.files.map((file) => file.project.configFile));
    if (configFiles.size > 1) {
      context.stderr.write('jig rights: the paths belong to more than one project; name one project at a time\n');
      return ExitCode.Usage;
    }
    const [configFile] = configFiles;
    // A project without a jig.yaml is its files' common folder.
    const folder = configFile !== undefined ? dirname(configFile) : commonFolder(workspace.files.map((file) => dirname(file.fileName)));
    const compilations = workspace.files.flatMap((file): Compilation[] => (file.compilation ? [file.compilation] : []));
    const policy = compilations[0]?.policy;
    if (!policy) {
      context.stderr.write('jig rights: no file of the project could be compiled\n');
      return ExitCode.Errors;
    }
    const files = generateRights(subjectsOf(compilations), policy);
    let stale = 0;
    for (const file of files) {
      const path = resolvePath(folder, file.path);
      const shown = relativePath(cwd, path);
      const bytes = await nodeFileSystem.readFile(path).catch(() => undefined);
      const current = bytes && new TextDecoder().decode(bytes);
      if (current === file.text) {
        context.stdout.write(`${shown}: up to date\n`);
        continue;
      }
      stale++;
      if (values.check) context.stdout.write(`${shown}: ${current === undefined ? 'missing' : 'differs'}; run jig rights\n`);
      else {
        await writeFileAtomic(path, file.text);
        context.stdout.write(`${shown}: written\n`);
      }
    }
    if (files.length === 0) context.stdout.write('No store keeps personal data under a subject key (@subject): nothing to serve.\n');
    const errors = compilations.some((compilation) => compilation.hasErrors);
    return errors || (values.check && stale > 0) ? ExitCode.Errors : ExitCode.Ok;
  },
};

function commonFolder(folders: readonly string[]): string {
  const [first = '/', ...rest] = folders;
  let common = first;
  for (const folder of rest) while (folder !== common && !folder.startsWith(`${common === '/' ? '' : common}/`)) common = dirname(common);
  return common;
}
