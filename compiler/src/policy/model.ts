/**
 * The privacy policy as the compiler sees it, after loading, `extends` resolution and validation
 * (`load.ts`). The YAML file is data: another company writes its own and the same compiler
 * enforces it. Every rule cites the section of the policy text it comes from.
 */

export interface RetentionLimit {
  readonly amount: number;
  readonly unit: 'days' | 'weeks' | 'months' | 'years';
  /** The limit in days (months count 30 days, years 365), for comparisons. */
  readonly days: number;
  /** True while the policy text leaves the period open (§8): messages say the figure is provisional. */
  readonly provisional: boolean;
}

export interface CategoryDefinition {
  /** Full dotted id (`personal.minor`). */
  readonly id: string;
  readonly parent?: string;
  readonly description: string;
  /** Names a person or a business: may be counted but never be an aggregate key or output (§5). */
  readonly identifying: boolean;
  /** Hidden from run history: actions that carry it get `secureData` on inputs and outputs. */
  readonly secureInRunHistory: boolean;
  /** Technical data about no one (run ids, timestamps): a flow need not declare it in `@data`. */
  readonly aboutNoOne: boolean;
  /** The longest a value of this category may be kept; inherited from the parent when absent. */
  readonly maxRetention?: RetentionLimit;
}

export interface PurposeDefinition {
  readonly id: string;
  /** `primary`: the automation a client asked for; `secondary`: marketing, analytics, research (§4). */
  readonly kind: 'primary' | 'secondary';
  readonly description: string;
}

export interface ProcessorDefinition {
  readonly id: string;
  readonly description: string;
  /** Host patterns (`*.example.com`) the processor is reached at. */
  readonly hosts: readonly string[];
  /** Categories the processor may receive (a parent covers its children). */
  readonly categories: readonly string[];
}

/** A source that mixes business and personal accounts and so carries their categories (§1, §9). */
export interface MixedSource {
  /** `office365.mail` for the Office 365 mailbox. */
  readonly id: string;
  readonly description: string;
  readonly categories: readonly string[];
}

export interface RuleDefinition {
  /** Stable rule id (`s03-sharing`). */
  readonly id: string;
  /** The JIGnnnn code of the diagnostics it produces. */
  readonly code: string;
  /** Section number of the policy text (`"3"`). */
  readonly section: string;
  /** The sentence of the policy text the rule enforces. */
  readonly quote: string;
  readonly severity: 'error' | 'warning' | 'info';
  /** Whether `@allow(rule, "reason")` may waive it. */
  readonly waivable: boolean;
  readonly description: string;
  /**
   * The categories the rule is about, for rules that take them (s01: personal data; s04: what a
   * secondary flow may pass on; s09: minors' data). Absent: the rule's built-in default.
   */
  readonly categories?: readonly string[];
}

export interface PolicySection {
  readonly number: string;
  readonly title: string;
  readonly text: string;
}

export interface Policy {
  readonly id: string;
  readonly version: string;
  readonly lastUpdated: string;
  readonly extends?: string;
  /** This policy and those it extends, nearest first: a file's `policy ID >= VERSION` may pin any of them. */
  readonly lineage: readonly { readonly id: string; readonly version: string }[];
  readonly title: string;
  /** Where it was loaded from (`<embedded jigajob>` or a path). */
  readonly sourceName: string;
  /** `sha256:` of the policy file's text (and its bases'), recorded in every emitted workflow. */
  readonly hash: string;
  readonly sections: ReadonlyMap<string, PolicySection>;
  readonly categories: ReadonlyMap<string, CategoryDefinition>;
  readonly purposes: ReadonlyMap<string, PurposeDefinition>;
  /** Store kinds data may be written to (`cosmos`). */
  readonly allowedStores: readonly string[];
  /**
   * What is not a third party (§3): hosts bound to the client's own tenant (never a wildcard over a
   * suffix anyone can rent, see multi-tenant.ts), managed connectors, and the client's own mail
   * domains. A project adds its own resources in jig.yaml (`ProjectConfig.resources`).
   */
  readonly platform: {
    readonly hosts: readonly string[];
    readonly connectors: readonly string[];
    readonly mailDomains: readonly string[];
  };
  readonly processors: ReadonlyMap<string, ProcessorDefinition>;
  readonly mixedSources: ReadonlyMap<string, MixedSource>;
  /** Azure regions of the policy's operations (§7). */
  readonly regions: readonly string[];
  /** The document field that marks a record as opted out of non-essential processing (§6). */
  readonly optOutField: string;
  /** Groups smaller than this are dropped from aggregates (§5). */
  readonly minimumGroupSize: number;
  readonly rules: ReadonlyMap<string, RuleDefinition>;
}

/** The category a dotted id is below (`personal` of `personal.minor`); none for a top-level one. */
export function parentOf(categoryId: string): string | undefined {
  const dot = categoryId.lastIndexOf('.');
  return dot < 0 ? undefined : categoryId.slice(0, dot);
}
