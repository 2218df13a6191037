/**
 * What a policy changes in the policy it extends, judged by direction (rule 7 of the soundness
 * rules): a policy that `extends` another keeps every promise of its base, so that a file pinned to
 * `policy jigajob >= …` is held to at least JigAjob's rules whatever policy the project names.
 *
 * It may add categories (each at least as protected as the category it is below), secondary
 * purposes, processors and sections, and make rules stricter and retentions shorter. It may not
 * widen the platform, the stores or the regions, make a category less protected (a new one below it
 * included), add a primary purpose or make one primary, widen a processor, make a mixed source carry less, make a
 * rule milder or waivable, narrow what a rule protects or widen what it allows, change the opt-out
 * field or lower the minimum group size. Both sides are built policies, so inheritance and merging
 * are already applied: only what the extending file's own keys change is compared.
 */
import { parentOf, type Policy, type RuleDefinition } from './model.js';
import type { RawPolicy } from './read-file.js';
import { ruleCategories } from './rules/rule.js';

export interface Weakening {
  /** Where in the extending file (its nearest existing node is reported). */
  readonly path: readonly (string | number)[];
  /** `adds 'x' to the platform hosts`: completes "WHERE …, which weakens BASE". */
  readonly what: string;
  /** Report at the key of the node at `path` (a category's name), not at its value. */
  readonly key?: boolean;
}

const SEVERITY_RANK: Record<RuleDefinition['severity'], number> = { info: 0, warning: 1, error: 2 };

/**
 * Rules whose `categories` list what they allow (what may be declassified, what a secondary flow may
 * pass on): a list may only shrink. Every other rule's list is what it protects: it may only grow.
 */
const ALLOWING_RULES: ReadonlySet<string> = new Set(['declassification', 's04-secondary-use']);

const covers = (ancestor: string, category: string) => category === ancestor || category.startsWith(`${ancestor}.`);

export function weakeningsOf(extended: Policy, base: Policy, raw: RawPolicy): Weakening[] {
  const found: Weakening[] = [];
  const rawList = (key: string, sub?: string): unknown[] => {
    const top = raw[key] as Record<string, unknown> | unknown[] | undefined;
    const list = sub === undefined ? top : (top as Record<string, unknown> | undefined)?.[sub];
    return Array.isArray(list) ? list : [];
  };
  const added = (values: readonly string[], allowed: readonly string[], path: string[], what: (value: string) => string) => {
    for (const value of values) {
      if (allowed.includes(value)) continue;
      const index = rawList(path[0]!, path[1]).indexOf(value);
      found.push({ path: index >= 0 ? [...path, index] : path, what: what(value) });
    }
  };

  added(extended.platform.hosts, base.platform.hosts, ['platform', 'hosts'], (host) => `adds '${host}' to the platform's hosts`);
  added(extended.platform.connectors, base.platform.connectors, ['platform', 'connectors'], (c) => `adds the connector '${c}' to the platform`);
  added(extended.platform.mailDomains, base.platform.mailDomains, ['platform', 'mailDomains'], (d) => `adds the mail domain '${d}' to the platform`);
  added(extended.allowedStores, base.allowedStores, ['allowedStores'], (store) => `allows storing data in '${store}'`);
  added(extended.regions, base.regions, ['regions'], (region) => `allows the region '${region}'`);

  // What the base promises of a category it names holds for every category below it too: a new
  // `personal.minor.grade` is minors' data, so it is judged against `personal.minor` (its nearest
  // ancestor the base names), as a redefined `personal.minor` is against itself.
  for (const [id, after] of extended.categories) {
    const baseId = nearestInBase(id, base);
    const before = baseId === undefined ? undefined : base.categories.get(baseId);
    if (!before) continue;
    const at = { path: categoryPath(id, raw), key: true };
    // A redefined category is compared with itself, a new one with the ancestor it inherits from.
    const unlike = baseId === id ? '' : `, unlike '${baseId}' that it is below`;
    if (before.identifying && !after.identifying) found.push({ ...at, what: baseId === id ? `makes '${id}' no longer identifying` : `makes '${id}' not identifying${unlike}` });
    if (before.secureInRunHistory && !after.secureInRunHistory) found.push({ ...at, what: baseId === id ? `no longer hides '${id}' in run history` : `does not hide '${id}' in run history${unlike}` });
    if (!before.aboutNoOne && after.aboutNoOne) found.push({ ...at, what: `makes '${id}' data about no one${unlike}` });
    if (before.maxRetention && (!after.maxRetention || after.maxRetention.days > before.maxRetention.days)) {
      const longer = after.maxRetention ? `${after.maxRetention.amount} ${after.maxRetention.unit}` : 'without limit';
      found.push({ ...at, what: `keeps '${id}' ${longer}, longer than ${before.maxRetention.amount} ${before.maxRetention.unit}${baseId === id ? '' : ` ('${baseId}', that it is below)`}` });
    }
  }

  // A primary purpose may use raw data (§1: only the automation the client asked for); every other
  // purpose gets only anonymized aggregates (§4). So a purpose the base has not is added as secondary.
  for (const [id, after] of extended.purposes) {
    const before = base.purposes.get(id);
    if (after.kind !== 'primary' || before?.kind === 'primary') continue;
    found.push({ path: ['purposes', id, 'kind'], what: before ? `makes the secondary purpose '${id}' primary` : `adds the primary purpose '${id}', which may use raw data as the automation does` });
  }

  for (const [id, before] of base.processors) {
    const after = extended.processors.get(id);
    if (!after) continue;
    for (const host of after.hosts.filter((host) => !before.hosts.includes(host))) {
      found.push({ path: ['processors', id, 'hosts'], what: `reaches the processor '${id}' at '${host}' too` });
    }
    for (const category of after.categories.filter((category) => !before.categories.some((b) => covers(b, category)))) {
      found.push({ path: ['processors', id, 'categories'], what: `lets the processor '${id}' receive '${category}'` });
    }
  }

  for (const [id, before] of base.mixedSources) {
    const after = extended.mixedSources.get(id);
    for (const category of before.categories.filter((category) => after && !after.categories.some((a) => covers(a, category)))) {
      found.push({ path: ['mixedSources', id, 'categories'], what: `no longer counts '${category}' in what '${id}' carries` });
    }
  }

  for (const [id, before] of base.rules) {
    const after = extended.rules.get(id);
    if (!after) continue;
    if (SEVERITY_RANK[after.severity] < SEVERITY_RANK[before.severity]) {
      found.push({ path: ['rules', id, 'severity'], what: `lowers '${id}' from ${before.severity} to ${after.severity}` });
    }
    if (after.waivable && !before.waivable) found.push({ path: ['rules', id, 'waivable'], what: `makes '${id}' waivable` });
    // What each side applies, its entry's list or the rule's default: a base entry without a list
    // protects its default (s06-rights-coverage: all personal data), which a list may narrow, and an
    // extending entry without one applies the default, which may allow more (declassification: all).
    const beforeCategories = ruleCategories(before, base);
    const afterCategories = ruleCategories(after, extended);
    const path = ['rules', id, 'categories'];
    if (ALLOWING_RULES.has(id)) {
      for (const category of afterCategories.filter((category) => !beforeCategories.some((b) => covers(b, category)))) {
        found.push({ path, what: `lets '${id}' allow '${category}'` });
      }
    } else {
      for (const category of beforeCategories.filter((category) => !afterCategories.some((a) => covers(a, category)))) {
        found.push({ path, what: `stops '${id}' protecting '${category}'` });
      }
    }
  }

  if (extended.optOutField !== base.optOutField) {
    found.push({ path: ['optOutField'], what: `changes the opt-out field from '${base.optOutField}' to '${extended.optOutField}'` });
  }
  if (extended.minimumGroupSize < base.minimumGroupSize) {
    found.push({ path: ['minimumGroupSize'], what: `lowers the minimum group size from ${base.minimumGroupSize} to ${extended.minimumGroupSize}` });
  }
  return found;
}

/** The category itself when the base names it, else its nearest ancestor the base names. */
function nearestInBase(id: string, base: Policy): string | undefined {
  return selfAndAncestors(id).find((category) => base.categories.has(category));
}

/** The category's own entry in the file, or the nearest ancestor the file redefines (it inherits from it). */
function categoryPath(id: string, raw: RawPolicy): readonly string[] {
  const categories = (raw['categories'] ?? {}) as Record<string, unknown>;
  const named = selfAndAncestors(id).find((category) => category in categories);
  return named === undefined ? ['categories'] : ['categories', named];
}

/** `personal.minor.grade`, `personal.minor`, `personal`: nearest first. */
function selfAndAncestors(id: string): string[] {
  const chain: string[] = [];
  for (let current: string | undefined = id; current !== undefined; current = parentOf(current)) chain.push(current);
  return chain;
}
