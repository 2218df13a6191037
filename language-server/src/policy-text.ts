/**
 * How the active policy reads in the editor: the rules behind an annotation, with the section and
 * the sentence each enforces, and one-line descriptions of categories, purposes and processors.
 * Hover and completion both show these.
 */
import type { Policy, RuleDefinition } from '../../compiler/src/index.js';

/** The policy rules each flow or step annotation exists for (rules the policy lacks are skipped). */
const rulesOfAnnotation: Readonly<Record<string, readonly string[]>> = {
  purpose: ['purpose-required', 's01-personal-purpose', 's04-secondary-use'],
  data: ['data-required', 'data-coverage', 'unused-category'],
  retain: ['retain-required', 's08-retention'],
  share: ['s03-sharing', 's09-minors'],
  allow: [],
};

/** The annotations of a flow. */
export const annotationNames = Object.keys(rulesOfAnnotation);
/** The annotations of a param (written above it, as a flow's). */
export const paramAnnotationNames = ['name'];
/** The annotations of a step. */
export const stepAnnotationNames = ['share', 'allow', 'retain', 'declassify', 'retry', 'timeout', 'identity', 'chunked', 'outputs', 'synchronous', 'paginate', 'concurrent', 'action', 'code', 'after', 'name', 'tracked', 'dependencies'];

/** What an annotation is for, as the language sketch says, for hover and completion. */
export const annotationSummaries: Readonly<Record<string, string>> = {
  purpose: '`@purpose(PURPOSE, "reason")`: why the flow exists; PURPOSE is one the policy lists.',
  data: '`@data(CATEGORY, …)`: every data category the flow touches.',
  retain: '`@retain(N UNIT)`: how long anything the flow persists is kept.',
  share: '`@share(PROCESSOR, "reason")`: data this step sends out of the platform goes to a listed processor.',
  allow: '`@allow(RULE, "reason")`: waives one rule here, where the policy makes it waivable; every waiver is reported.',
  declassify: '`@declassify(CATEGORY, "reason")` on a `let`: its value no longer carries CATEGORY.',
  retry: '`@retry(none)`, `@retry(fixed, N times, INTERVAL)` or `@retry(exponential, N times, INTERVAL[, MIN, MAX])` on a call: how it is retried after a 408, 429 or 5xx.',
  timeout: '`@timeout(N UNIT)` on a call or an `until`: how long it may run.',
  identity: '`@identity` or `@identity("AUDIENCE")` on a `call http`: it authenticates with the workflow\'s managed identity (a token for AUDIENCE).',
  paginate: '`@paginate(N)` on a `call connector`: the service follows the operation\'s next pages until at least N items are there, 1 to 100,000 (`runtimeConfiguration.paginationPolicy`).',
  synchronous: '`@synchronous` on a `call http`, `call connector` or `call workflow`: it does not follow the asynchronous pattern, a 202 answer is its result (`operationOptions: DisableAsyncPattern`).',
  chunked: '`@chunked` on a `call http` or `call connector`: a large message moves in chunks (the action\'s `runtimeConfiguration.contentTransfer`).',
  outputs: '`@outputs` on a `let` of a call without `returns`: the name stands for the call\'s outputs, `NAME.statusCode`, `NAME.headers` and `NAME.body` (`outputs(\'A\')`), of no known type; on a `let` of `javascript`, for the code action\'s outputs (`outputs(\'A\')`).',
  concurrent: '`@concurrent` or `@concurrent(N)` on a `for each`: its iterations run at once (at most N, 1 to 50), even when they write a `var`, which then races as in Logic Apps.',
  action: '`@action("NAME")` on a step: the name of the action it becomes (what `jig import` writes, to keep an imported workflow\'s names).',
  code: '`@code("CODE")` or `@code(none)` on a `fail` outside loops: the code of the run\'s error (`JigFail` without it), or none.',
  after: '`@after(failed, skipped, timedout, succeeded)` on a step: it runs once the step before it ended so (any of those listed), instead of only once it succeeded.',
  tracked: '`@tracked("NAME", "VALUE")` on a step: a tracked property of the action it becomes, plain text, which Logic Apps sends to the diagnostic logs (no `${…}`: the logs are out of the policy\'s sight).',
  name: '`@name("NAME")` above a param, or on a `var`: the name of the workflow parameter or variable it becomes (what `jig import` writes for a name that is not a Jig name).',
  dependencies: '`@dependencies(trigger, "NAME", …)` on a `let` of `javascript`: the code is given the outputs of the trigger and of the actions named, which ran before it (the action\'s `explicitDependencies`).',
};

export function rulesFor(annotation: string, policy: Policy): RuleDefinition[] {
  if (annotation === 'allow') return [...policy.rules.values()].filter((rule) => rule.waivable);
  return (rulesOfAnnotation[annotation] ?? []).flatMap((id) => policy.rules.get(id) ?? []);
}

export function describeRule(rule: RuleDefinition, policy: Policy): string {
  const section = policy.sections.get(rule.section);
  const heading = `**${rule.id}** (${rule.code}, §${rule.section}${section ? ` ${section.title}` : ''})`;
  return `${heading}: ${rule.description}\n\n> ${rule.quote}`;
}

export function describeCategory(id: string, policy: Policy): string | undefined {
  const category = policy.categories.get(id);
  if (!category) return undefined;
  const facts: string[] = [];
  if (category.identifying) facts.push('identifying (never an aggregate key or output, §5)');
  if (category.secureInRunHistory) facts.push('hidden from run history');
  const retention = maxRetentionOf(id, policy);
  if (retention) facts.push(`kept at most ${retention}`);
  return `**${id}**: ${category.description}${facts.length > 0 ? `\n\n${facts.join('; ')}.` : ''}`;
}

/** A category's own maximum retention, else its nearest parent's. */
function maxRetentionOf(id: string, policy: Policy): string | undefined {
  for (let current: string | undefined = id; current; current = policy.categories.get(current)?.parent) {
    const limit = policy.categories.get(current)?.maxRetention;
    if (limit) return `${limit.amount} ${limit.unit}${limit.provisional ? ' (provisional, §8)' : ''}`;
  }
  return undefined;
}

export function describePurpose(id: string, policy: Policy): string | undefined {
  const purpose = policy.purposes.get(id);
  return purpose && `**${id}** (${purpose.kind} purpose): ${purpose.description}`;
}

export function describeProcessor(id: string, policy: Policy): string | undefined {
  const processor = policy.processors.get(id);
  if (!processor) return undefined;
  return `**${id}** (processor): ${processor.description}\n\nHosts: ${processor.hosts.join(', ') || 'none'}. May receive: ${processor.categories.join(', ') || 'nothing'}.`;
}

export function policyHeading(policy: Policy): string {
  return `${policy.title} (${policy.id} ${policy.version})`;
}
