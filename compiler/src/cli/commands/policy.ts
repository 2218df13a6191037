/**
 * `jig policy show [--policy FILE] [--format text|json]`: the policy a project is checked against,
 * its rules grouped by the section of the policy text they enforce, with the sentence each quotes.
 * `jig policy check FILE`: validates a policy file (and what it extends); exit 0 when valid, 2 with
 * every problem at file:line:col otherwise. `jig policy schema`: the JSON Schema of policy files,
 * for editors.
 */
import schema from '../../policy/policy.schema.json' with { type: 'json' };
import { loadEmbeddedPolicy } from '../../policy/load.js';
import type { Policy, RuleDefinition } from '../../policy/model.js';
import { loadPolicyFile } from '../../project/policy-source.js';
import { nodeFileSystem } from '../../project/node-host.js';
import { projectRoots, refusalMessage } from '../../project/named-files.js';
import { dirname, normalizePath, resolvePath } from '../../project/paths.js';
import { parseCommandArgs, usageText } from '../args.js';
import { ExitCode, UsageError, type CliContext, type Command } from '../command.js';
import { writeDiagnostics } from '../output.js';

const options = {
  policy: { type: 'string', valueName: 'FILE', description: 'The policy file to show (default: the embedded JigAjob policy).' },
  format: { type: 'string', choices: ['text', 'json'], valueName: 'FORMAT', description: 'How `show` prints (default text).' },
} as const;

export const command: Command = {
  name: 'policy',
  summary: 'Show a privacy policy, or check a policy file.',
  usage: usageText(
    'jig policy show [--policy FILE] [--format text|json]\n       jig policy check FILE\n       jig policy schema',
    'show: the rules of a policy, grouped by the section they enforce, with its taxonomy and purposes.\n' +
      'check: validate a policy file (and every file it extends); exit 0 if valid, 2 otherwise.\n' +
      'schema: print the JSON Schema of policy files (for editors).',
    options,
  ),
  async run(context) {
    const { values, positionals, help } = parseCommandArgs('policy', context.args, options);
    if (help) {
      context.stdout.write(command.usage);
      return ExitCode.Ok;
    }
    const [action, ...rest] = positionals;
    switch (action) {
      case 'show': {
        if (rest.length > 0) throw new UsageError("jig policy show: unexpected argument (use --policy FILE)");
        const policy = values.policy === undefined ? loadEmbeddedPolicy() : await loadOrReport(context, values.policy);
        if (!policy) return ExitCode.Usage;
        context.stdout.write(values.format === 'json' ? `${JSON.stringify(policyToJson(policy), null, 2)}\n` : showPolicy(policy));
        return ExitCode.Ok;
      }
      case 'check': {
        if (rest.length !== 1) throw new UsageError("jig policy check: give exactly one policy file (see 'jig policy --help')");
        const policy = await loadOrReport(context, rest[0]!);
        if (!policy) return ExitCode.Usage;
        context.stdout.write(
          `${rest[0]}: policy ${policy.id} ${policy.version} is valid (${policy.rules.size} rules, ${policy.categories.size} categories, ${policy.processors.size} processors).\n`,
        );
        return ExitCode.Ok;
      }
      case 'schema':
        context.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
        return ExitCode.Ok;
      default:
        throw new UsageError(
          `jig policy: ${action === undefined ? 'no action given' : `unknown action '${action}'`}; use show, check or schema (see 'jig policy --help')`,
        );
    }
  },
};

/**
 * The policy file at `path`, or undefined once its problems are printed. It and the files it extends
 * are read only inside its own folder and repository, as a project's policy is inside the project's.
 */
async function loadOrReport(context: CliContext, path: string): Promise<Policy | undefined> {
  const absolute = resolvePath(normalizePath(context.cwd), normalizePath(path));
  const roots = await projectRoots(nodeFileSystem, dirname(absolute));
  const loaded = await loadPolicyFile(nodeFileSystem, { path: absolute, written: path, roots });
  if ('missing' in loaded) throw new UsageError(`jig policy: no such file '${path}'`);
  if ('refused' in loaded) throw new UsageError(`jig policy: ${refusalMessage(loaded.refused)}`);
  if (loaded.problems.length > 0) {
    writeDiagnostics(context, 'pretty', loaded.problems, loaded.problems.length);
    return undefined;
  }
  return loaded.policy;
}

function showPolicy(policy: Policy): string {
  const lines: string[] = [
    `${policy.title} (policy ${policy.id} ${policy.version}, last updated ${policy.lastUpdated})`,
    `source ${policy.sourceName}${policy.extends ? `, extends ${policy.extends}` : ''}; ${policy.hash}`,
    '',
  ];
  const rulesBySection = new Map<string, RuleDefinition[]>();
  for (const rule of policy.rules.values()) rulesBySection.set(rule.section, [...(rulesBySection.get(rule.section) ?? []), rule]);
  const sectionNumbers = [...new Set([...policy.sections.keys(), ...rulesBySection.keys()])].sort((a, b) => Number(a) - Number(b));
  for (const number of sectionNumbers) {
    const section = policy.sections.get(number);
    lines.push(`§${number} ${section?.title ?? ''}`.trimEnd());
    for (const rule of rulesBySection.get(number) ?? []) {
      lines.push(
        `  ${rule.code} ${rule.id} (${rule.severity}${rule.waivable ? ', waivable' : ''})`,
        `    "${rule.quote}"`,
        ...(rule.description ? [`    ${rule.description}`] : []),
      );
    }
    if (!rulesBySection.has(number)) lines.push('  (no rule)');
  }
  lines.push('', 'Categories:');
  for (const category of policy.categories.values()) {
    const traits = [
      category.identifying && 'identifying',
      category.secureInRunHistory && 'secure in run history',
      category.aboutNoOne && 'about no one: need not be declared',
      category.maxRetention &&
        `kept at most ${category.maxRetention.amount} ${category.maxRetention.unit}${category.maxRetention.provisional ? ' (provisional)' : ''}`,
    ].filter(Boolean);
    lines.push(`  ${category.id}${traits.length ? ` [${traits.join('; ')}]` : ''}: ${category.description}`);
  }
  lines.push('', 'Purposes:');
  for (const purpose of policy.purposes.values()) lines.push(`  ${purpose.id} (${purpose.kind}): ${purpose.description}`);
  lines.push('', 'Processors:');
  if (policy.processors.size === 0) lines.push('  (none)');
  for (const processor of policy.processors.values()) {
    lines.push(`  ${processor.id} at ${processor.hosts.join(', ')}: may receive ${processor.categories.join(', ') || 'nothing'}`);
  }
  lines.push('', 'Sources mixing business and personal accounts:');
  for (const source of policy.mixedSources.values()) lines.push(`  ${source.id}: ${source.categories.join(', ')}`);
  lines.push(
    '',
    `Stores allowed: ${policy.allowedStores.join(', ')}`,
    `Platform hosts: ${policy.platform.hosts.join(', ')}`,
    `Platform connectors: ${policy.platform.connectors.join(', ')}`,
    `Platform mail domains: ${policy.platform.mailDomains.join(', ') || '(none)'}`,
    `Regions: ${policy.regions.join(', ')}`,
    `Opt-out field: ${policy.optOutField}; minimum aggregate group size: ${policy.minimumGroupSize}`,
  );
  return `${lines.join('\n')}\n`;
}

/** The Policy with its maps as plain objects, in file order. */
export function policyToJson(policy: Policy): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(policy).map(([key, value]) => [key, value instanceof Map ? Object.fromEntries(value) : value]),
  );
}
