/**
 * `jig test [PATH…] [--reporter default|junit]`: runs the test files (`*.test.yaml`) found in the
 * paths (default: the working folder) on the local engine and prints a summary like vitest's, or
 * JUnit XML for CI. Exit code 0: every test passed; 1: a test failed or a test file has errors;
 * 2: bad usage.
 */
import { readFile } from 'node:fs/promises';
import pc from 'picocolors';
import { Document } from 'yaml';
import { formatters } from '../../diagnostics/format/index.js';
import { summarize } from '../../diagnostics/format/located.js';
import { nodeFileSystem } from '../../project/node-host.js';
import { normalizePath, relativePath, resolvePath } from '../../project/paths.js';
import { fileSystemPolicySource } from '../../project/policy-source.js';
import { RunExportError, testFromRun } from '../../testing/from-run.js';
import { formatJunit, formatTestReport, totalsOf } from '../../testing/report.js';
import { runTestFile, type TestFileOutcome } from '../../testing/runner.js';
import { testFileSchema } from '../../testing/test-file.js';
import { parseCommandArgs, usageText } from '../args.js';
import { ExitCode, UsageError, type Command } from '../command.js';
import { useColor } from '../output.js';
import { version } from '../version.js';
import { JsonTextError, parseJsonText } from '../../util/json-text.js';

const options = {
  reporter: { type: 'string', choices: ['default', 'junit'], valueName: 'REPORTER', description: 'How to report (default: a summary; junit: JUnit XML for CI).' },
  schema: { type: 'boolean', description: "Print the test files' JSON Schema and exit." },
  'from-run': { type: 'string', valueName: 'RUN.json', description: 'Print a test file that replays a run exported from Azure (its mocks and expectations).' },
} as const;

const TEST_FILE = /\.test\.ya?ml$/i;

async function testFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const found = new Set<string>();
  for (const given of paths) {
    const path = resolvePath(cwd, normalizePath(given));
    const stat = await nodeFileSystem.stat(path);
    if (stat?.kind === 'file') {
      if (!TEST_FILE.test(path)) throw new UsageError(`jig test: '${given}' is not a test file (*.test.yaml)`);
      found.add(path);
    } else if (stat?.kind === 'directory') {
      for (const file of await nodeFileSystem.glob('**/*.test.{yaml,yml}', path)) if (!/(^|\/)(node_modules|\.[^/]+)\//.test(relativePath(path, file))) found.add(file);
    } else {
      throw new UsageError(`jig test: '${given}' does not exist`);
    }
  }
  return [...found].sort();
}

async function testFileFromRun(path: string, given: string): Promise<string> {
  let exported: unknown;
  try {
    exported = parseJsonText(await readFile(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof JsonTextError ? `is ${error.message}` : `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    throw new UsageError(`jig test: the run '${given}' ${reason}`);
  }
  try {
    const { file, notes } = testFromRun(exported);
    const document = new Document(file);
    document.commentBefore = [` A test made by jig test --from-run ${given}: save it as FLOW.test.yaml beside the flow.`, ...notes.map((note) => ` ${note}`)].join('\n');
    return document.toString({ lineWidth: 0 });
  } catch (error) {
    if (error instanceof RunExportError) throw new UsageError(`jig test: the run '${given}': ${error.message}`);
    throw error;
  }
}

export const command: Command = {
  name: 'test',
  summary: 'Run the test files (*.test.yaml) of flows on the local engine.',
  usage: usageText(
    'jig test [PATH…] [--reporter default|junit] [--schema] [--from-run RUN.json]',
    'Runs every test file (*.test.yaml) in the given files and folders (default: the working folder):\n' +
      'the flow it tests runs for each test with its trigger input, mocks and containers, and must do\n' +
      'what the test expects. Exit code 0: every test passed; 1: a test failed or a file has errors.\n' +
      '--from-run prints a test file made from a run exported from Azure: the REST API\'s run with its\n' +
      "actions under \"actions\", their inputs and outputs downloaded from their links.",
    options,
  ),
  async run(context) {
    const { values, positionals, help } = parseCommandArgs('test', context.args, options);
    if (help) {
      context.stdout.write(command.usage);
      return ExitCode.Ok;
    }
    if (values.schema) {
      context.stdout.write(`${JSON.stringify(testFileSchema, null, 2)}\n`);
      return ExitCode.Ok;
    }
    const cwd = normalizePath(context.cwd);
    if (values['from-run'] !== undefined) {
      if (positionals.length > 0) throw new UsageError('jig test: --from-run takes no test paths');
      context.stdout.write(await testFileFromRun(resolvePath(cwd, normalizePath(values['from-run'])), values['from-run']));
      return ExitCode.Ok;
    }
    const files = await testFiles(positionals.length > 0 ? positionals : ['.'], cwd);
    if (files.length === 0) throw new UsageError(`jig test: no test files (*.test.yaml) in ${positionals.length > 0 ? positionals.join(', ') : 'the working folder'}`);
    const workspace = { fs: nodeFileSystem, cwd, policies: fileSystemPolicySource(nodeFileSystem) };
    const outcomes: TestFileOutcome[] = [];
    for (const file of files) outcomes.push(await runTestFile(file, workspace));
    const relative = (path: string) => relativePath(cwd, path);
    const color = useColor(context.stdout, context.env);
    const describeDiagnostics = (outcome: TestFileOutcome) =>
      formatters['pretty']!(outcome.diagnostics, summarize(outcome.diagnostics, 1), { cwd, color: false, version });
    if (values.reporter === 'junit') {
      context.stdout.write(formatJunit(outcomes, relative, describeDiagnostics));
    } else {
      for (const outcome of outcomes) if (outcome.diagnostics.length > 0) context.stdout.write(formatters['pretty']!(outcome.diagnostics, summarize(outcome.diagnostics, 1), { cwd, color, version }));
      const paint = (text: string, kind: 'pass' | 'fail' | 'dim') => (!color ? text : kind === 'pass' ? pc.green(text) : kind === 'fail' ? pc.red(text) : pc.dim(text));
      context.stdout.write(formatTestReport(outcomes, relative, paint));
    }
    const { files: fileTotals, tests } = totalsOf(outcomes);
    return fileTotals.failed > 0 || tests.failed > 0 ? ExitCode.Errors : ExitCode.Ok;
  },
};
