/**
 * The contract between `main.ts` and each command of `commands/`. A command gets its arguments
 * and its streams, and returns an exit code: 0 clean, 1 errors found, 2 usage or input error.
 * Commands never call process.exit, so that tests can run them in-process too.
 */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliContext {
  /** The arguments after the command name. */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** All of standard input, for the commands that read it (`jig eval --stdin`). */
  readonly readStdin?: () => Promise<string>;
}

export interface Command {
  readonly name: string;
  /** One line for `jig --help`. */
  readonly summary: string;
  /** The full usage text for `jig CMD --help`. */
  readonly usage: string;
  run(context: CliContext): Promise<number>;
}

export const ExitCode = { Ok: 0, Errors: 1, Usage: 2 } as const;

/** A bad flag, a missing path, an unreadable input: printed as one line, exit code 2. */
export class UsageError extends Error {}
