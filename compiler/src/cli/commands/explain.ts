/**
 * `jig explain CODE`: the catalogue entry of a diagnostic, and for a policy rule the sentence of
 * the policy it enforces. Accepts the code (`JIG3301`, `jig3301`) or the entry's name
 * (`share-required`).
 */
import { catalogue, lookupCode } from '../../diagnostics/catalogue.js';
import { citation } from '../../diagnostics/format/pretty.js';
import { loadEmbeddedPolicy } from '../../policy/load.js';
import { ruleOfCode } from '../../policy/rule-catalogue.js';
import { suggest } from '../../util/suggest.js';
import { parseCommandArgs, usageText } from '../args.js';
import { ExitCode, UsageError, type Command } from '../command.js';

const options = {} as const;

export const command: Command = {
  name: 'explain',
  summary: 'Explain a diagnostic code.',
  usage: usageText(
    'jig explain CODE',
    'Prints what a diagnostic means and how to fix what it reports (e.g. `jig explain JIG1001`).',
    options,
  ),
  async run(context) {
    const { positionals, help } = parseCommandArgs('explain', context.args, options);
    if (help) {
      context.stdout.write(command.usage);
      return ExitCode.Ok;
    }
    if (positionals.length !== 1) {
      throw new UsageError("jig explain: give exactly one diagnostic code, e.g. 'jig explain JIG1001'");
    }
    const asked = positionals[0]!;
    const entry = lookupCode(asked) ?? [...catalogue.values()].find((candidate) => candidate.name === asked);
    if (!entry) {
      const names = [...catalogue.values()].flatMap((candidate) => [candidate.code, candidate.name]);
      const close = suggest(asked.toUpperCase().startsWith('JIG') ? asked.toUpperCase() : asked, names);
      throw new UsageError(`jig explain: unknown code '${asked}'${close ? `; did you mean '${close}'?` : ''}`);
    }

    const lines = [`${entry.code} ${entry.name} (${entry.severity})`, entry.title, '', wrap(entry.explanation, 100)];
    const ruleId = entry.area === 'policy' ? ruleOfCode(entry.code) : undefined;
    const policy = ruleId && loadEmbeddedPolicy();
    const rule = ruleId && policy ? policy.rules.get(ruleId) : undefined;
    if (policy && rule) {
      lines.push('', citation({ id: policy.id, version: policy.version, section: rule.section, quote: rule.quote }));
      lines.push(
        rule.waivable
          ? `Rule ${rule.id}: may be waived where justified with @allow(${rule.id}, "reason").`
          : `Rule ${rule.id}: cannot be waived.`,
      );
    }
    context.stdout.write(`${lines.join('\n')}\n`);
    return ExitCode.Ok;
  },
};

/** Breaks a paragraph at spaces so that no line is wider than `width` (a terminal's width). */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
