/**
 * `jig rights PATH… [--check] [--mailbox ADDRESS] [--policy FILE]`: writes the flows that serve
 * data-subject requests (§6) into the project's `rights/` folder, one file a kind of data subject,
 * from the project's data map. `--check` writes nothing and fails when a file is missing or differs
 * (for CI). An access request's export goes to the client's own mailbox: `--mailbox`, else
 * `privacy@` the first of the client's own mail domains.
 */
import { generateRights } from '../../rights/generate.js';
import { ownMailDomains } from '../../policy/destinations.js';
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
  mailbox: {
    type: 'string',
    description: "The client's own address an access request's export is mailed to (default: privacy@ the first mail domain of jig.yaml's resources.mailDomains).",
  },
  policy: policyOption,
} as const;

export const command: Command = {
  name: 'rights',
  summary: 'Generate the flows that serve data-subject requests: access, erasure, correction, opt-out.',
  usage: usageText(
    'jig rights PATH… [--check] [--mailbox ADDRESS] [--policy FILE]',
    "Writes rights/KIND.jig into the project's folder for each kind of data subject (@subject(KIND)):\n" +
      'an access, an erasure, a correction and an opt-out flow over every container that keeps that\n' +
      "kind's personal data. The access flow mails what it finds to the client's own mailbox, whose staff\n" +
      "check the requester's identity before passing it on. Review the files and commit them; an\n" +
      'unchanged project regenerates the same bytes. Exit code 0: written (or, with --check, up to date); 1: some flow has errors, or --check\n' +
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
    const mailbox = values.mailbox ?? defaultMailbox(ownMailDomains(policy, compilations[0]!.projectSettings));
    if (mailbox === undefined || !PLAIN_ADDRESS.test(mailbox)) {
      context.stderr.write(
        mailbox === undefined
          ? "jig rights: name the client's own mailbox that access requests are mailed to (--mailbox ADDRESS), or its mail domain in jig.yaml (resources.mailDomains)\n"
          : `jig rights: --mailbox ${JSON.stringify(mailbox)} is not one plain address (local@domain)\n`,
      );
      return ExitCode.Usage;
    }
    const files = generateRights(subjectsOf(compilations), policy, mailbox);
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
    // What does not compile is not served (a store into a container named by a computed value):
    // say so, or the exit code would be the only sign.
    if (errors) context.stderr.write(`jig rights: some files have errors, and what they store is not served; 'jig check' shows them\n`);
    return errors || (values.check && stale > 0) ? ExitCode.Errors : ExitCode.Ok;
  },
};

/** One address, written into a Jig string as it is: no `$`, quote, separator or space. */
const PLAIN_ADDRESS = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;

/** `privacy@` the first of the client's own mail domains that names one domain (not a pattern). */
function defaultMailbox(domains: readonly string[]): string | undefined {
  const domain = domains.find((candidate) => !candidate.includes('*'));
  return domain === undefined ? undefined : `privacy@${domain}`;
}

function commonFolder(folders: readonly string[]): string {
  const [first = '/', ...rest] = folders;
  let common = first;
  for (const folder of rest) while (folder !== common && !folder.startsWith(`${common === '/' ? '' : common}/`)) common = dirname(common);
  return common;
}
