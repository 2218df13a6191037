/**
 * Command-line parsing on `util.parseArgs` (strict): unknown flags, missing values and values
 * outside a flag's choices become one-line usage errors that name the flag and the help command.
 */
import { parseArgs } from 'node:util';
import { suggest } from '../util/suggest.js';
import { UsageError } from './command.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** The values a string option accepts. */
  readonly choices?: readonly string[];
  /** `DIR`, `FILE`…: how the value reads in the usage text. */
  readonly valueName?: string;
  readonly description: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export type ParsedValues<Specs extends OptionSpecs> = {
  readonly [Name in keyof Specs]?: Specs[Name]['type'] extends 'boolean' ? boolean : string;
};

export interface ParsedArgs<Specs extends OptionSpecs> {
  readonly values: ParsedValues<Specs>;
  readonly positionals: readonly string[];
  /** `--help` or `-h` was given: the command prints its usage and does nothing else. */
  readonly help: boolean;
}

const helpOption: OptionSpec = { type: 'boolean', short: 'h', description: 'Show this help.' };

export function parseCommandArgs<Specs extends OptionSpecs>(
  commandName: string,
  args: readonly string[],
  specs: Specs,
  { allowPositionals = true }: { allowPositionals?: boolean } = {},
): ParsedArgs<Specs> {
  const all: Record<string, OptionSpec> = { ...specs, help: helpOption };
  const options = Object.fromEntries(
    Object.entries(all).map(([name, spec]) => [name, { type: spec.type, ...(spec.short && { short: spec.short }) }]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError(`jig ${commandName}: ${describeParseError(error, all)} (see 'jig ${commandName} --help')`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  for (const [name, spec] of Object.entries(all)) {
    const value = values[name];
    if (spec.choices && typeof value === 'string' && !spec.choices.includes(value)) {
      throw new UsageError(
        `jig ${commandName}: --${name} must be one of ${spec.choices.join(', ')}, not '${value}' (see 'jig ${commandName} --help')`,
      );
    }
  }
  return {
    values: values as ParsedValues<Specs>,
    positionals: parsed.positionals,
    help: values.help === true,
  };
}

function describeParseError(error: unknown, specs: Record<string, OptionSpec>): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  // `Option '-o, --out <value>' argument missing` names the long form last.
  const flag = /'(?:-\w, )?(-{1,2}[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const name = flag?.replace(/^-+/, '') ?? '';
      const close = suggest(name, Object.keys(specs));
      return `unknown option '${flag}'${close ? `; did you mean '--${close}'?` : ''}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return specs[flag?.replace(/^-+/, '') ?? '']?.type === 'boolean'
        ? `option '${flag}' takes no value`
        : `option '${flag}' needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(message)?.[0] ?? ''}`.trim();
    default:
      return message.split('\n')[0]!;
  }
}

/** The usage text of a command: its synopsis, what it does and its options, aligned. */
export function usageText(synopsis: string, description: string, specs: OptionSpecs): string {
  const rows = Object.entries({ ...specs, help: helpOption }).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
    const choices = spec.choices ? ` (${spec.choices.join(' | ')})` : '';
    return [flag, `${spec.description}${choices}`] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  const options = rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`).join('\n');
  return `Usage: ${synopsis}\n\n${description}\n\nOptions:\n${options}\n`;
}
