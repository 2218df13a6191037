/**
 * `jig explain CODE`: the catalogue entry of a diagnostic, and for a policy rule the sentence of
 * the policy it enforces. Accepts the code (`JIG3301`, `jig3301`, `3301`), the entry's name
 * (`share-required`), or a rule's id as `@allow` spells it (`s03-sharing`: every code of the rule).
 */
import { catalogue, lookupCode } from '../../diagnostics/catalogue.js';
import type { DiagnosticBuilder } from '../../diagnostics/definition.js';
import { citation } from '../../diagnostics/format/pretty.js';
import { loadEmbeddedPolicy } from '../../policy/load.js';
import { isRuleId, RULE_DIAGNOSTICS, RULE_IDS, ruleOfCode, type RuleId } from '../../policy/rule-catalogue.js';
import { suggest } from '../../util/suggest.js';
import { parseCommandArgs, usageText } from '../args.js';
import { ExitCode, UsageError, type Command } from '../command.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyBuilder = DiagnosticBuilder<any>;

const options = {} as const;

export const command: Command = {
  name: 'explain',
  summary: 'Explain a diagnostic code or a policy rule.',
  usage: usageText(
    'jig explain CODE|RULE',
    'Prints what a diagnostic means and how to fix what it reports. CODE is a code (`JIG3301`, `3301`)\n' +
      "or its name (`share-required`); RULE is a policy rule's id as @allow spells it (`s03-sharing`),\n" +
      'which explains every code of the rule.',
    options,
  ),
  async run(context) {
    const { positionals, help } = parseCommandArgs('explain', context.args, options);
    if (help) {
      context.stdout.write(command.usage);
      return ExitCode.Ok;
    }
    if (positionals.length !== 1) {
      throw new UsageError("jig explain: give exactly one diagnostic code or rule, e.g. 'jig explain JIG1001'");
    }
    const asked = positionals[0]!.trim();
    if (isRuleId(asked)) {
      context.stdout.write(`${explainRule(asked).join('\n')}\n`);
      return ExitCode.Ok;
    }
    const entry = findEntry(asked);
    if (!entry) {
      const names = [...catalogue.values()].flatMap((candidate) => [candidate.code, candidate.name]);
      const close = suggest(/^(jig)?\d+$/i.test(asked) ? codeOf(asked) : asked, [...names, ...RULE_IDS]);
      throw new UsageError(`jig explain: unknown code or rule '${asked}'${close ? `; did you mean '${close}'?` : ''}`);
    }
    const lines = explainEntry(entry);
    const ruleId = entry.area === 'policy' ? ruleOfCode(entry.code) : undefined;
    if (ruleId) lines.push('', ...ruleCitation(ruleId));
    context.stdout.write(`${lines.join('\n')}\n`);
    return ExitCode.Ok;
  },
};

/** `3301` and `jig3301` are `JIG3301`. */
function codeOf(asked: string): string {
  return /^\d+$/.test(asked) ? `JIG${asked}` : asked.toUpperCase();
}

function findEntry(asked: string): AnyBuilder | undefined {
  return lookupCode(codeOf(asked)) ?? [...catalogue.values()].find((candidate) => candidate.name === asked);
}

function explainEntry(entry: AnyBuilder): string[] {
  return [`${entry.code} ${entry.name} (${entry.severity})`, entry.title, '', wrap(entry.explanation, 100)];
}

/** The policy's sentence for a rule and whether `@allow` may waive it (from the embedded policy). */
function ruleCitation(ruleId: RuleId): string[] {
  const policy = loadEmbeddedPolicy();
  const rule = policy?.rules.get(ruleId);
  if (!policy || !rule) return [`Rule ${ruleId}: not part of the embedded policy; a company policy may enable it.`];
  return [
    citation({ id: policy.id, version: policy.version, section: rule.section, quote: rule.quote }),
    rule.waivable
      ? `Rule ${rule.id}: may be waived where justified with @allow(${rule.id}, "reason").`
      : `Rule ${rule.id}: cannot be waived.`,
  ];
}

/** A rule: its citation once, then every code it reports, in the catalogue's words. */
function explainRule(ruleId: RuleId): string[] {
  const entries: readonly AnyBuilder[] = RULE_DIAGNOSTICS[ruleId];
  const codes = entries.map((entry) => entry.code).join(', ');
  const lines = [`Rule ${ruleId}: reports ${codes}.`, ...ruleCitation(ruleId)];
  for (const entry of entries) lines.push('', ...explainEntry(entry));
  return lines;
}

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
