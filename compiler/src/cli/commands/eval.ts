/**
 * `jig eval EXPRESSION` and `jig eval --stdin`: evaluates workflow expressions as `jig run`'s
 * engine does, against an empty run (no parameters, variables or actions). One expression prints
 * its JSON value (exit 0) or its error (exit 1); `--stdin` reads a JSON array of expression
 * strings and prints a JSON array with `{"value": …}` or `{"error": "…"}` for each, so that one
 * bad expression never stops the others.
 */
import { evaluateString } from '../../engine/index.js';
import { parseCommandArgs, usageText } from '../args.js';
import { ExitCode, UsageError, type Command } from '../command.js';
import { parseJsonText } from '../../util/json-text.js';

const options = {
  stdin: { type: 'boolean', description: 'Read a JSON array of expression strings from standard input.' },
  now: { type: 'string', valueName: 'TIMESTAMP', description: "The run's clock for utcNow() and friends (default: the current time)." },
} as const;

export const command: Command = {
  name: 'eval',
  summary: 'Evaluate workflow expressions as the engine of jig run does.',
  usage: usageText(
    "jig eval '@EXPRESSION' [--now TIMESTAMP] | jig eval --stdin [--now TIMESTAMP]",
    "Evaluates a JSON string of a workflow definition: '@add(1, 2)' is an expression, 'Total: @{…}'\n" +
      "interpolates, '@@' escapes an '@'. Expressions that read a run's state see an empty run. Prints\n" +
      'the JSON value; with --stdin, reads a JSON array of strings and prints an array of {"value"} or\n' +
      '{"error"} objects. Exit code 0: evaluated (with --stdin: always); 1: the expression failed.',
    options,
  ),
  async run(context) {
    const { values, positionals, help } = parseCommandArgs('eval', context.args, options);
    if (help) {
      context.stdout.write(command.usage);
      return ExitCode.Ok;
    }
    let now: (() => number) | undefined;
    if (values.now !== undefined) {
      const ms = Date.parse(values.now);
      if (Number.isNaN(ms)) throw new UsageError(`jig eval: --now must be an ISO 8601 timestamp, not '${values.now}'`);
      now = () => ms;
    }
    const evaluate = (source: string) => evaluateString(source, now ? { now } : {});
    if (values.stdin) {
      if (positionals.length > 0) throw new UsageError("jig eval: give expressions either as an argument or with --stdin, not both (see 'jig eval --help')");
      const text = (await context.readStdin?.()) ?? '';
      let input: unknown;
      try {
        input = parseJsonText(text);
      } catch (error) {
        throw new UsageError(`jig eval: standard input is ${(error as Error).message}`);
      }
      if (!Array.isArray(input)) throw new UsageError('jig eval: standard input must be a JSON array of expression strings');
      const results = input.map((item) => (typeof item === 'string' ? evaluate(item) : { error: `Not a string: ${JSON.stringify(item)}` }));
      context.stdout.write(`${JSON.stringify(results)}\n`);
      return ExitCode.Ok;
    }
    if (positionals.length !== 1) throw new UsageError("jig eval: give one expression, e.g. jig eval '@add(1, 2)' (see 'jig eval --help')");
    const result = evaluate(positionals[0]!);
    if ('error' in result) {
      context.stderr.write(`jig eval: ${result.error}\n`);
      return ExitCode.Errors;
    }
    context.stdout.write(`${JSON.stringify(result.value)}\n`);
    return ExitCode.Ok;
  },
};
