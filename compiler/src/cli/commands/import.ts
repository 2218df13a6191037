/**
 * `jig import PATH… --out DIR [--check] [--format text|json]`: existing Logic Apps workflows →
 * `.jig` files. A PATH is a JSON file (a definition, an export, an ARM template, a Standard
 * `workflow.json`) or a folder: a Standard project's `*\/workflow.json`, else every `.json` in it.
 * The work is the import stage's (compiler/src/import/); this reads the files, writes the results
 * and prints the summary.
 */
import { loadEmbeddedPolicy } from '../../policy/load.js';
import { importSources, type ImportedWorkflow, type ImportSource } from '../../import/index.js';
import { nodeFileSystem, writeFilesAtomic } from '../../project/node-host.js';
import { normalizePath, relativePath, resolvePath } from '../../project/paths.js';
import { parseCommandArgs, usageText } from '../args.js';
import { ExitCode, UsageError, type Command } from '../command.js';

const options = {
  out: { type: 'string', short: 'o', valueName: 'DIR', description: 'Folder to write the .jig files to (required).' },
  check: { type: 'boolean', description: 'Build each imported source again (holes filled by placeholders) and compare it with the original.' },
  format: { type: 'string', choices: ['text', 'json'], valueName: 'FORMAT', description: 'How to print the summary (default text).' },
} as const;

export const command: Command = {
  name: 'import',
  summary: 'Import Logic Apps workflows (definitions, exports, ARM templates, Standard projects) as .jig files.',
  usage: usageText(
    'jig import PATH… --out DIR [--check] [--format text|json]',
    'Writes one .jig file per workflow. What the JSON cannot tell (data categories, purpose,\n' +
      'retention) is left for you to write: jig check asks for it. Actions Jig has no words for are\n' +
      'kept as raw actions. Exit code 0: every workflow imported (and, with --check, identical when\n' +
      'built again); 1: some were not; 2: usage or input error.',
    options,
  ),
  async run(context) {
    const { values, positionals, help } = parseCommandArgs('import', context.args, options);
    if (help) {
      context.stdout.write(command.usage);
      return ExitCode.Ok;
    }
    if (positionals.length === 0) throw new UsageError("jig import: no path given (see 'jig import --help')");
    if (!values.out) throw new UsageError("jig import: --out DIR is required (see 'jig import --help')");
    const cwd = normalizePath(context.cwd);
    const out = resolvePath(cwd, values.out);
    const sources: ImportSource[] = [];
    for (const path of positionals) {
      for (const fileName of await jsonFiles(resolvePath(cwd, path), path)) {
        let bytes: Uint8Array;
        try {
          bytes = await nodeFileSystem.readFile(fileName);
        } catch {
          throw new UsageError(`jig import: cannot read '${relativePath(cwd, fileName)}'`);
        }
        sources.push({ path: relativePath(cwd, fileName), text: new TextDecoder().decode(bytes).replace(/^\uFEFF/, '') });
      }
    }
    const results = importSources(sources, { policy: loadEmbeddedPolicy(), check: values.check ?? false });
    await writeFilesAtomic(results.flatMap((result) => (result.fileName && result.text ? [{ path: resolvePath(out, result.fileName), content: result.text }] : [])));

    if (values.format === 'json') context.stdout.write(`${JSON.stringify(results.map((result) => jsonReport(result, cwd, out)), null, 2)}\n`);
    else context.stdout.write(textReport(results, relativePath(cwd, out), values.check ?? false));
    const failed = results.some((result) => !result.text || (result.parity && !result.parity.identical));
    return failed ? ExitCode.Errors : ExitCode.Ok;
  },
};

/** The JSON files a path names: itself, or those of a folder. */
async function jsonFiles(path: string, shown: string): Promise<readonly string[]> {
  const stat = await nodeFileSystem.stat(path);
  if (!stat) throw new UsageError(`jig import: '${shown}' does not exist`);
  if (stat.kind !== 'directory') return [path];
  const standard = await nodeFileSystem.glob('**/workflow.json', path);
  const files = standard.length > 0 ? standard : await nodeFileSystem.glob('**/*.json', path);
  if (files.length === 0) throw new UsageError(`jig import: '${shown}' holds no .json file`);
  return [...files].sort();
}

function jsonReport(result: ImportedWorkflow, cwd: string, out: string): unknown {
  return {
    source: result.source,
    name: result.name,
    imported: result.text !== undefined,
    ...(result.problem && { problem: result.problem }),
    ...(result.at && { line: result.at.line, column: result.at.column }),
    ...(result.fileName && { file: relativePath(cwd, resolvePath(out, result.fileName)) }),
    holes: result.holes,
    rawActions: result.rawActions,
    raw: result.raw,
    actions: result.actionCount,
    actionsInJig: result.expressedCount,
    ...(result.droppedParameters.length > 0 && { droppedParameters: result.droppedParameters }),
    ...(result.movedCredentials && { movedCredentials: result.movedCredentials }),
    ...(result.parity && {
      parity: {
        identical: result.parity.identical,
        ...(result.parity.problem && { problem: result.parity.problem }),
        differences: result.parity.differences,
      },
    }),
  };
}

function textReport(results: readonly ImportedWorkflow[], out: string, check: boolean): string {
  const lines: string[] = [];
  for (const result of results) {
    if (!result.text) {
      const place = result.at ? `${result.source}:${result.at.line}:${result.at.column}` : result.source;
      lines.push(`${place}: ${result.name}: not imported: ${result.problem}`);
      continue;
    }
    let line = `${result.source}: ${result.name} → ${out}/${result.fileName}: ${result.rawActions.length} raw action${result.rawActions.length === 1 ? '' : 's'}, ${result.holes.length} hole${result.holes.length === 1 ? '' : 's'}`;
    if (result.droppedParameters.length > 0) line += `; parameters left out: ${result.droppedParameters.join(', ')}`;
    if (result.movedCredentials) line += `; credentials written as text moved into secure parameters: ${result.movedCredentials.map((moved) => moved.parameter).join(', ')}`;
    if (result.parity) {
      if (result.parity.identical) line += '; parity: identical';
      else if (result.parity.problem) line += `; parity: not built: ${result.parity.problem}`;
      else line += `; parity: ${result.parity.differences.length} difference${result.parity.differences.length === 1 ? '' : 's'}`;
    }
    lines.push(line);
    if (result.parity) for (const difference of result.parity.differences.slice(0, 5)) lines.push(`  ${difference.action || '(definition)'} ${difference.at}: ${short(difference.original)} → ${short(difference.rebuilt)}`);
  }
  const imported = results.filter((result) => result.text).length;
  const actions = results.reduce((sum, result) => sum + result.actionCount, 0);
  const inJig = results.reduce((sum, result) => sum + result.expressedCount, 0);
  let summary = `${imported} of ${results.length} workflow${results.length === 1 ? '' : 's'} imported; ${inJig} of ${actions} actions written in Jig, the others kept as raw actions`;
  if (check) summary += `; ${results.filter((result) => result.parity?.identical).length} identical when built again`;
  lines.push(`${summary}.`);
  const reasons = rawReasons(results);
  if (reasons.length > 0) lines.push('Kept raw, by reason (actions):');
  for (const [reason, count] of reasons.slice(0, TOP_REASONS)) lines.push(`  ${String(count).padStart(4)}  ${reason}`);
  if (reasons.length > TOP_REASONS) lines.push(`  and ${reasons.length - TOP_REASONS} other reason${reasons.length - TOP_REASONS === 1 ? '' : 's'} (--format json lists each action's)`);
  return `${lines.join('\n')}\n`;
}

const TOP_REASONS = 10;

/** Why actions were kept raw, the names in them left out so that alike reasons add up, most actions first. */
function rawReasons(results: readonly ImportedWorkflow[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const raw of results.flatMap((result) => result.raw)) {
    const reason = raw.reason.replace(/'(?:[^']|'')*'/g, "'…'");
    counts.set(reason, (counts.get(reason) ?? 0) + raw.actions);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
