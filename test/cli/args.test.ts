import { describe, expect, it } from 'vitest';
import { parseCommandArgs, usageText } from '../../compiler/src/cli/args.js';
import { UsageError } from '../../compiler/src/cli/command.js';

const specs = {
  out: { type: 'string', short: 'o', valueName: 'DIR', description: 'Output folder.' },
  format: { type: 'string', choices: ['pretty', 'json'], description: 'Format.' },
  check: { type: 'boolean', description: 'Only check.' },
} as const;

const parse = (args: string[]) => parseCommandArgs('build', args, specs);
const failure = (args: string[]) => {
  try {
    parse(args);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('command-line arguments', () => {
  it('reads options, short aliases and positionals', () => {
    const parsed = parse(['a.jig', '-o', 'dist', '--format=json', 'b.jig', '--check']);
    expect(parsed.values).toEqual({ out: 'dist', format: 'json', check: true });
    expect(parsed.positionals).toEqual(['a.jig', 'b.jig']);
    expect(parsed.help).toBe(false);
    expect(parse(['-h']).help).toBe(true);
  });

  it('names an unknown flag, suggests the one meant and points at --help', () => {
    expect(failure(['--chek'])).toBe("jig build: unknown option '--chek'; did you mean '--check'? (see 'jig build --help')");
    expect(failure(['--zzz'])).toBe("jig build: unknown option '--zzz' (see 'jig build --help')");
  });

  it('says which option lacks a value or takes none', () => {
    expect(failure(['--out'])).toBe("jig build: option '--out' needs a value (see 'jig build --help')");
    expect(failure(['--check=yes'])).toBe("jig build: option '--check' takes no value (see 'jig build --help')");
  });

  it('refuses a value outside the choices', () => {
    expect(failure(['--format', 'xml'])).toBe(
      "jig build: --format must be one of pretty, json, not 'xml' (see 'jig build --help')",
    );
  });

  it('refuses positionals where a command takes none', () => {
    expect(() => parseCommandArgs('x', ['extra'], {}, { allowPositionals: false })).toThrow("jig x: unexpected argument 'extra'");
  });
});

describe('usage text', () => {
  it('lists every option aligned, with its value name and choices', () => {
    expect(usageText('jig build PATH…', 'Builds.', specs)).toBe(
      [
        'Usage: jig build PATH…',
        '',
        'Builds.',
        '',
        'Options:',
        '  -o, --out DIR       Output folder.',
        '      --format VALUE  Format. (pretty | json)',
        '      --check         Only check.',
        '  -h, --help          Show this help.',
        '',
      ].join('\n'),
    );
  });
});
