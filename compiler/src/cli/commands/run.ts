/**
 * `jig run FILE[:FLOW] [--input BODY.json] [--mock MOCKS.yaml] [--params PARAMS.yaml]`: runs one
 * workflow on the engine and prints its run history. FILE is a .jig file (built first, as
 * `jig build` would) or a workflow JSON file in any of its forms. Exit code 0: the run succeeded;
 * 1: it failed (or the file has errors); 2: bad usage or input.
 */
import { readFile } from 'node:fs/promises';
import { SourceFile } from '../../syntax/source.js';
import { parseYamlText, yamlValue } from '../../util/yaml-text.js';
import { DEFAULT_START, runWorkflow, World } from '../../engine/index.js';
import { nodeFileSystem } from '../../project/node-host.js';
import { normalizePath, resolvePath } from '../../project/paths.js';
import { fileSystemPolicySource } from '../../project/policy-source.js';
import { mocksOf } from '../../testing/mocks.js';
import { formatRunHistory, runHistoryView } from '../../testing/report.js';
import { jigWorkflows, jsonWorkflows, pickWorkflow } from '../../testing/workflows.js';
import { parseCommandArgs, usageText } from '../args.js';
import { ExitCode, UsageError, type CliContext, type Command } from '../command.js';
import { writeDiagnostics } from '../output.js';
import { parseJsonText } from '../../util/json-text.js';

const options = {
  input: { type: 'string', valueName: 'FILE', description: "The trigger's body, as JSON (default: none)." },
  mock: { type: 'string', valueName: 'FILE', description: 'Mocks, as YAML or JSON: by action name or connector operation (see jig test).' },
  params: { type: 'string', valueName: 'FILE', description: "The workflow's parameter values, as YAML or JSON." },
  now: { type: 'string', valueName: 'TIMESTAMP', description: 'When the run starts (default 2025-01-01T00:00:00Z).' },
  format: { type: 'string', choices: ['pretty', 'json'], valueName: 'FORMAT', description: 'The run history as text or as JSON (default pretty).' },
} as const;

async function readInput(context: CliContext, path: string, what: string, yaml: boolean): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolvePath(normalizePath(context.cwd), normalizePath(path)), 'utf8');
  } catch (error) {
    throw new UsageError(`jig run: cannot read the ${what} '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!yaml) {
    try {
      return parseJsonText(text);
    } catch (error) {
      throw new UsageError(`jig run: the ${what} '${path}' is ${(error as Error).message}`);
    }
  }
  const { document, errors } = parseYamlText(text);
  const read = errors.length === 0 ? yamlValue(document) : { problem: errors[0]! };
  if ('problem' in read) {
    const { line, character } = new SourceFile(path, text).positionAt(read.problem.range.start);
    throw new UsageError(`jig run: the ${what} '${path}' is not valid YAML: ${read.problem.detail} at line ${line + 1}, column ${character + 1}`);
  }
  const value = read.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`jig run: the ${what} '${path}' must be a mapping`);
  return value;
}

/** `FILE:FLOW` → the file and the flow (a drive letter's colon is not a separator). */
function splitTarget(target: string): { file: string; flow?: string } {
  const match = /^(.+\.(?:jig|json)):([^:/\\]+)$/i.exec(target);
  return match ? { file: match[1]!, flow: match[2]! } : { file: target };
}

export const command: Command = {
  name: 'run',
  summary: 'Run one workflow on the local engine and print its run history.',
  usage: usageText(
    'jig run FILE[:FLOW] [--input BODY.json] [--mock MOCKS.yaml] [--params PARAMS.yaml] [--now TIMESTAMP] [--format pretty|json]',
    'Runs a flow of a .jig file (built first) or a workflow JSON file (a definition, a {definition, …}\n' +
      "export, an ARM template, a Standard workflow.json) without Azure. Calls without a mock get an\n" +
      'empty success, which the history says. Exit code 0: the run succeeded; 1: it did not.',
    options,
  ),
  async run(context) {
    const { values, positionals, help } = parseCommandArgs('run', context.args, options);
    if (help) {
      context.stdout.write(command.usage);
      return ExitCode.Ok;
    }
    if (positionals.length !== 1) throw new UsageError("jig run: give one FILE[:FLOW] (see 'jig run --help')");
    const { file, flow } = splitTarget(positionals[0]!);
    const cwd = normalizePath(context.cwd);
    const path = resolvePath(cwd, normalizePath(file));
    const stat = await nodeFileSystem.stat(path);
    if (stat?.kind !== 'file') throw new UsageError(`jig run: '${file}' is not a file`);
    let startTime = DEFAULT_START;
    if (values.now !== undefined) {
      startTime = Date.parse(values.now);
      if (Number.isNaN(startTime)) throw new UsageError(`jig run: --now must be an ISO 8601 timestamp, not '${values.now}'`);
    }
    const body = values.input !== undefined ? await readInput(context, values.input, 'input', false) : undefined;
    const mocks = values.mock !== undefined ? ((await readInput(context, values.mock, 'mock file', true)) as Record<string, unknown>) : undefined;
    const params = values.params !== undefined ? ((await readInput(context, values.params, 'parameters file', true)) as Record<string, unknown>) : undefined;
    let set;
    if (path.endsWith('.jig')) set = await jigWorkflows(path, { fs: nodeFileSystem, cwd, policies: fileSystemPolicySource(nodeFileSystem) });
    else set = jsonWorkflows(file, await readFile(path, 'utf8'));
    if (set.diagnostics.some((entry) => entry.diagnostics.some((d) => d.severity === 'error'))) {
      writeDiagnostics(context, 'pretty', set.diagnostics, set.diagnostics.length);
      return ExitCode.Errors;
    }
    const picked = pickWorkflow(set, flow, file, path);
    if (!picked.document) throw new UsageError(`jig run: ${picked.problem}`);
    let mockSet;
    try {
      mockSet = mocksOf(mocks);
    } catch (error) {
      throw new UsageError(`jig run: the mock file: ${(error as Error).message}`);
    }
    const record = runWorkflow(picked.document, {
      ...(body !== undefined && { trigger: { body } }),
      parameters: { ...set.parameters, ...params },
      mocks: mockSet,
      startTime,
      world: new World(),
      childWorkflow: set.childWorkflow,
    });
    context.stdout.write(values.format === 'json' ? `${JSON.stringify(runHistoryView(record), null, 2)}\n` : formatRunHistory(record));
    return record.status === 'Succeeded' ? ExitCode.Ok : ExitCode.Errors;
  },
};
