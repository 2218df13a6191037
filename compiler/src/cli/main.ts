/**
 * The `jig` executable. Commands load lazily, so `jig check` never pays for the Azure SDK that
 * `jig deploy` needs. Nothing escapes as a stack trace: a usage problem is one line and exit code
 * 2, anything unexpected is `jig: internal error: …` and exit code 2.
 */
import { workerData } from 'node:worker_threads';
import { suggest } from '../util/suggest.js';
import { ExitCode, UsageError, type CliContext, type Command } from './command.js';
import { version } from './version.js';
import { OutputError } from '../project/node-host.js';
import { normalizePath, relativePath } from '../project/paths.js';

const commands: Readonly<Record<string, () => Promise<{ command: Command }>>> = {
  check: () => import('./commands/check.js'),
  build: () => import('./commands/build.js'),
  fmt: () => import('./commands/fmt.js'),
  explain: () => import('./commands/explain.js'),
  policy: () => import('./commands/policy.js'),
  report: () => import('./commands/report.js'),
  rights: () => import('./commands/rights.js'),
  deploy: () => import('./commands/deploy.js'),
  eval: () => import('./commands/eval.js'),
  run: () => import('./commands/run.js'),
  test: () => import('./commands/test.js'),
  import: () => import('./commands/import.js'),
};

async function mainHelp(): Promise<string> {
  const loaded = await Promise.all(Object.values(commands).map(async (load) => (await load()).command));
  const width = Math.max(...loaded.map((command) => command.name.length));
  const rows = loaded.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n');
  return (
    'Usage: jig COMMAND [OPTIONS]\n\n' +
    'Jig compiles .jig flows, checks them against a privacy policy and emits Azure Logic Apps workflows.\n\n' +
    `Commands:\n${rows}\n\n` +
    "Run 'jig COMMAND --help' for a command's options; 'jig --version' prints the version.\n"
  );
}

async function run(context: CliContext): Promise<number> {
  const [name, ...args] = context.args;
  if (name === undefined) {
    context.stderr.write(await mainHelp());
    return ExitCode.Usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    context.stdout.write(await mainHelp());
    return ExitCode.Ok;
  }
  if (name === '--version' || name === '-v') {
    context.stdout.write(`${version}\n`);
    return ExitCode.Ok;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    const close = suggest(name.replace(/^-+/, ''), Object.keys(commands));
    const what = name.startsWith('-') ? `unknown option '${name}'` : `unknown command '${name}'`;
    throw new UsageError(`jig: ${what}${close ? `; did you mean 'jig ${close}'?` : ''} (see 'jig --help')`);
  }
  const { command } = await load();
  try {
    return await command.run({ ...context, args });
  } catch (error) {
    // A file or folder the command cannot write is the machine's or the command line's problem.
    if (!(error instanceof OutputError)) throw error;
    const relative = relativePath(normalizePath(context.cwd), error.path);
    throw new UsageError(`jig ${name}: cannot write the output: '${relative.startsWith('../') ? error.path : relative}' ${error.problem}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function internalError(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`jig: internal error: ${message.split('\n')[0]}\n`);
  process.exit(ExitCode.Usage);
}

async function main(): Promise<void> {
  // `jig check . | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  // A failure outside the awaited chain (a stray callback) is still one line, never a trace.
  process.on('uncaughtException', internalError);
  process.on('unhandledRejection', internalError);
  let code: number;
  try {
    code = await run({
      args: process.argv.slice(2),
      cwd: process.cwd(),
      env: process.env,
      stdout: process.stdout,
      stderr: process.stderr,
      readStdin,
    });
  } catch (error) {
    if (!(error instanceof UsageError)) internalError(error);
    process.stderr.write(`${error.message}\n`);
    code = ExitCode.Usage;
  }
  // Exit once stdout has drained, so no handle a command left open can keep the process alive.
  process.stdout.write('', () => process.exit(code));
}

// Not a top-level await: the bundle is CommonJS (compiler/bin/start-cli.cjs says why). A thread
// `jig check` started to check part of a large workspace runs that part, not the CLI (check-parts.ts).
if ((workerData as { jigCheckPart?: true } | undefined)?.jigCheckPart) void import('./check-parts.js').then((parts) => parts.runCheckPart());
else void main();
