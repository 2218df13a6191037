/**
 * `jig build PATH… --out DIR`: checks like `check`, then writes each project's workflows in the
 * chosen target's layout. A file with errors contributes nothing, and every file is written
 * atomically, so the output folder never holds a half-written workflow.
 */
import { join } from 'node:path';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { renderTarget, TARGETS, type TargetOptions } from '../../emit/targets/index.js';
import { validateEmitted } from '../../validate/index.js';
import { SourceFile } from '../../syntax/source.js';
import type { DeployConfig } from '../../project/config.js';
import { writeFilesAtomic } from '../../project/node-host.js';
import { normalizePath, resolvePath } from '../../project/paths.js';
import { emitWorkspace } from '../../project/emission.js';
import { parseCommandArgs, usageText } from '../args.js';
import { ExitCode, UsageError, type Command } from '../command.js';
import { compileOpenWorkspace, policyOption } from '../open-workspace.js';
import { formatOption, writeDiagnostics } from '../output.js';

const options = {
  out: { type: 'string', short: 'o', valueName: 'DIR', description: "Output folder (default: jig.yaml's `out`)." },
  target: {
    type: 'string',
    choices: TARGETS,
    valueName: 'TARGET',
    description: "Output layout (default: jig.yaml's `target`, else consumption).",
  },
  format: formatOption,
  policy: policyOption,
} as const;

export const command: Command = {
  name: 'build',
  summary: 'Check .jig files and write their Logic Apps workflows.',
  usage: usageText(
    'jig build PATH… --out DIR [--target consumption|arm|standard] [--format …] [--policy FILE]',
    'Checks each .jig file as `jig check` does and writes the workflows of every file without errors\nto DIR (one <flow>.json per flow for the consumption target). A file with errors writes nothing.',
    options,
  ),
  async run(context) {
    const { values, positionals, help } = parseCommandArgs('build', context.args, options);
    if (help) {
      context.stdout.write(command.usage);
      return ExitCode.Ok;
    }
    const { workspace, outcomes } = await compileOpenWorkspace(context, 'build', positionals, values.policy, true);
    const outFlag = values.out !== undefined ? resolvePath(normalizePath(context.cwd), values.out) : undefined;
    if (outFlag === undefined && workspace.files.some((file) => file.project.config?.out === undefined)) {
      throw new UsageError("jig build: no output folder: give --out DIR or set `out` in jig.yaml (see 'jig build --help')");
    }

    const emission = emitWorkspace(workspace, outcomes);
    const files = [...emission.files];

    // Everything is rendered and validated before the first file is written: output that fails
    // validation is a compiler defect, and then nothing at all is written.
    const outputs: { path: string; content: string }[] = [];
    let invalidOutput = false;
    for (const { project, workflows } of emission.projects) {
      const target = (values.target as (typeof TARGETS)[number] | undefined) ?? project.config?.target ?? 'consumption';
      const outDirectory = outFlag ?? project.config!.out!;
      const rendered = renderTarget(target, workflows, targetOptions(project.config?.deploy));
      for (const output of rendered) {
        outputs.push({ path: join(outDirectory, ...output.path.split('/')), content: output.content });
      }
      for (const output of rendered) {
        const diagnostics = validateEmitted([output]);
        if (diagnostics.length === 0) continue;
        invalidOutput ||= hasErrors(diagnostics);
        files.push({ source: new SourceFile(join(outDirectory, output.path), output.content), diagnostics });
      }
    }
    const written = invalidOutput ? 0 : outputs.length;
    if (!invalidOutput) await writeFilesAtomic(outputs);

    const summary = writeDiagnostics(context, values.format, files, workspace.files.length);
    if (written > 0) context.stderr.write(`jig build: wrote ${written} file${written === 1 ? '' : 's'}\n`);
    return emission.hasErrors || summary.errors > 0 ? ExitCode.Errors : ExitCode.Ok;
  },
};

function targetOptions(deploy: DeployConfig | undefined): TargetOptions {
  const connections = Object.fromEntries(
    Object.entries(deploy?.connections ?? {}).map(([api, settings]) => [
      api,
      typeof settings.connectionName === 'string' ? { connectionName: settings.connectionName } : {},
    ]),
  );
  return { ...(deploy?.location && { location: deploy.location }), connections };
}
