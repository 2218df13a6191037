/**
 * The data map of a project: for every flow its purpose, the categories it handles, where it
 * stores them and for how long, whom it sends them to, what run history hides, and the waivers it
 * carries; for every Cosmos DB container the categories it holds and their retention, which is what
 * an access or deletion request under §6 must reach. Built from compilations (the policy check's
 * per-flow data map), so the report and the checker can never disagree.
 */
import type { Compilation } from '../compilation.js';
import { covers, reaching, type ReadSink, type RedirectSink, type Sink } from '../flow/categories.js';
import { rawActionCategories, rawActionsOf } from '../flow/raw-actions.js';
import { destinationsOf } from '../policy/destinations.js';
import { declassified } from '../diagnostics/catalogue/policy.js';
import { forEachStep } from '../syntax/visit.js';
import type { FlowDecl, QueryOperation, StoreTarget } from '../syntax/tree.js';
import type { CategoryFlow, Declassification, SemanticModel, SubjectKey, SubjectRight } from '../semantics/model.js';
import { formatPeriod } from '../policy/retention.js';
import type { Policy } from '../policy/model.js';
import { isAbsolutePath, relativePath } from '../project/paths.js';

export interface DataMapPolicy {
  readonly id: string;
  readonly version: string;
  readonly hash: string;
  readonly source: string;
}

export interface StoreEntry {
  readonly store: string;
  /** `database/container` as the store call names them. */
  readonly location: string;
  readonly categories: readonly string[];
  /** As written (`1 year`); absent when no @retain applies. */
  readonly retention?: string;
  readonly retentionSeconds?: number;
  /**
   * Whether the store removes the data when its retention ends: a Cosmos DB document's TTL. Blob
   * storage, SQL and SharePoint keep what is written until someone deletes it, whatever `@retain` says.
   */
  readonly enforced: boolean;
  /** The fields that identify the data subjects of the documents it writes (`@subject`). */
  readonly subjects: readonly SubjectKey[];
}

/** What every Cosmos DB retention of the map rests on, as the reports say it. */
export const RETENTION_PREMISE =
  "A Cosmos DB retention is each document's TTL, which ends it only where the container's time to live is on: jig deploy checks that before it writes anything (JIG6018).";

/** How long a store keeps its data, as the reports print it: the retention, or that nothing ends it. */
export function keptFor(store: { readonly store: string; readonly retention?: string; readonly enforced: boolean }): string {
  if (!store.enforced) return `until deleted (${store.store} keeps data without a lifetime${store.retention ? `; @retain(${store.retention}) is not enforced` : ''})`;
  return store.retention ?? 'no retention';
}

/** A container a flow queries, with what it reads there: what the project stores in it and what the query declares. */
export interface ReadEntry {
  readonly store: string;
  /** `database/container` as the query names them. */
  readonly location: string;
  readonly categories: readonly string[];
}

export interface SendEntry {
  /**
   * `raw`: a raw action, whose JSON Jig does not read; `store` and `read`: a store into, or a blob
   * read (its name) from, an account, server or site outside the platform; `redirect`: the URL a
   * response's Location header sends its caller on to.
   */
  readonly kind: 'http' | 'mail' | 'message' | 'respond' | 'flow' | 'raw' | 'store' | 'read' | 'redirect';
  /** A host, a connector, `the caller` or a child flow's name. */
  readonly destination: string;
  readonly platform: boolean;
  readonly processor?: string;
  readonly categories: readonly string[];
}

export interface WaiverEntry {
  readonly rule: string;
  readonly section?: string;
  readonly reason: string;
  readonly line: number;
  /** False when the waiver is refused (unknown or unwaivable rule, no reason). */
  readonly valid: boolean;
  /** Findings it waives. */
  readonly waives: readonly string[];
}

export interface DeclassificationEntry {
  readonly category: string;
  readonly reason: string;
  readonly line: number;
  /** False when the policy refuses it (JIG3014): the value keeps the category. */
  readonly allowed: boolean;
}

export interface FlowEntry {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly policy: DataMapPolicy;
  readonly purpose?: { readonly id: string; readonly kind?: 'primary' | 'secondary'; readonly reason: string };
  readonly declared: readonly string[];
  /** Every category that reaches the flow. */
  readonly categories: readonly string[];
  readonly retention?: string;
  readonly stores: readonly StoreEntry[];
  /** The containers it queries. */
  readonly reads: readonly ReadEntry[];
  readonly sends: readonly SendEntry[];
  readonly processors: readonly string[];
  /** Categories hidden from run history (secure inputs and outputs); `trigger`: the trigger's too. */
  readonly secureData: { readonly trigger: boolean; readonly categories: readonly string[] };
  readonly waivers: readonly WaiverEntry[];
  /** Every `@declassify` of the flow: where the author said a value no longer holds a category. */
  readonly declassifications: readonly DeclassificationEntry[];
  /** Errors the policy check or earlier stages found: a flow with errors is not deployable. */
  readonly errors: number;
  /** `@rights(RIGHT, KIND)`: the data-subject requests it serves (§6). */
  readonly rights?: { readonly right: string; readonly kind: string };
}

export interface ContainerEntry {
  readonly store: string;
  readonly location: string;
  /** What the flows that write it store there, and what those that query it read. */
  readonly categories: readonly string[];
  /** Whether it holds personal data: access and deletion requests (§6) must reach it. */
  readonly personal: boolean;
  /** Whose data it holds: each kind of data subject, by the field that identifies them. */
  readonly subjects: readonly SubjectKey[];
  readonly writers: readonly { readonly flow: string; readonly retention?: string; readonly retentionSeconds?: number }[];
  /** The flows that query it. */
  readonly readers: readonly string[];
  /** The longest retention of any writer, or `until deleted` for a store that enforces none (`enforced`). */
  readonly longestRetention?: string;
  /** Whether the store removes data when its writers' retention ends (Cosmos DB only). */
  readonly enforced: boolean;
}

/** The rights of data subjects, as the reports name them, in the order they list them. */
export const RIGHT_LABELS: Readonly<Record<SubjectRight, string>> = { access: 'Access', erasure: 'Erasure', correction: 'Correction', optOut: 'Opt-out' };

/** One kind of data subject (`@subject(KIND)`): where their data lives, who receives it, which flows serve their requests. */
export interface SubjectEntry {
  readonly kind: string;
  readonly containers: readonly {
    readonly store: string;
    readonly location: string;
    /** The fields that identify them there. */
    readonly keys: readonly string[];
    readonly categories: readonly string[];
    readonly longestRetention?: string;
  }[];
  /** What the flows that keep or read their data send of personal data, and where. */
  readonly recipients: readonly { readonly flow: string; readonly kind: SendEntry['kind']; readonly destination: string; readonly processor?: string; readonly categories: readonly string[] }[];
  /** The flow that serves each right, by right (access, erasure, correction, optOut). */
  readonly rights: readonly { readonly right: string; readonly flow: string; readonly file: string }[];
}

/**
 * What the checks count as the client's own (the platform) and the outside parties data may go to,
 * for one policy and one project: every "platform" and "shared with" of the map rests on these
 * lists, so the privacy officer reviews them as the map's premises. A project's own resources come
 * from its jig.yaml, which a pull request can change: the report shows them beside the policy's.
 */
export interface TrustEntry {
  /** The policy's id. */
  readonly policy: string;
  readonly platform: { readonly hosts: readonly string[]; readonly connectors: readonly string[]; readonly mailDomains: readonly string[] };
  /** jig.yaml `resources`. */
  readonly project: { readonly hosts: readonly string[]; readonly mailDomains: readonly string[]; readonly teams: readonly string[]; readonly subscriptions: readonly string[] };
  /** The policy's processors, with the flows of the map that share data with each. */
  readonly processors: readonly { readonly id: string; readonly hosts: readonly string[]; readonly categories: readonly string[]; readonly flows: readonly string[] }[];
}

export interface DataMap {
  readonly policies: readonly DataMapPolicy[];
  readonly flows: readonly FlowEntry[];
  readonly containers: readonly ContainerEntry[];
  readonly subjects: readonly SubjectEntry[];
  readonly trust: readonly TrustEntry[];
}

/** The taxonomy root whose data access and deletion requests are about (§6). */
const PERSONAL = 'personal';

/**
 * `base`: the folder the map's file paths are relative to (the project's, where the report maps
 * one project), so that a report reads the same wherever it is made.
 */
export function buildDataMap(compilations: readonly Compilation[], base?: string): DataMap {
  const display = (path: string) => (base !== undefined && isAbsolutePath(path) ? relativePath(base, path) : path);
  const policies = new Map<string, DataMapPolicy>();
  const flows: FlowEntry[] = [];
  const trust = new Map<string, { policy: Policy; project: TrustEntry['project']; flows: FlowEntry[] }>();
  for (const compilation of compilations) {
    const policy = compilation.policy;
    const policyEntry = { id: policy.id, version: policy.version, hash: policy.hash, source: display(policy.sourceName) };
    policies.set(policy.hash, policyEntry);
    const entries = flowEntries(compilation, policyEntry, display(compilation.source.fileName));
    flows.push(...entries);
    // The subscriptions too: a function app or an API Management instance there is the client's own.
    const { hosts, mailDomains, teams = [], subscriptions = [] } = compilation.projectSettings;
    const project = { hosts, mailDomains, teams, subscriptions };
    const key = JSON.stringify([policy.hash, project]);
    const entry = trust.get(key) ?? { policy, project, flows: [] };
    entry.flows.push(...entries);
    trust.set(key, entry);
  }
  const containers = containersOf(flows);
  return { policies: [...policies.values()], flows, containers, subjects: subjectsOf(flows, containers), trust: [...trust.values()].map(trustEntry) };
}

function trustEntry({ policy, project, flows }: { policy: Policy; project: TrustEntry['project']; flows: readonly FlowEntry[] }): TrustEntry {
  return {
    policy: policy.id,
    platform: { hosts: policy.platform.hosts, connectors: policy.platform.connectors, mailDomains: policy.platform.mailDomains },
    project,
    processors: [...policy.processors.values()].map((processor) => ({
      id: processor.id,
      hosts: processor.hosts,
      categories: processor.categories,
      flows: flows.filter((flow) => flow.processors.includes(processor.id)).map((flow) => flow.name),
    })),
  };
}

function flowEntries(compilation: Compilation, policyEntry: DataMapPolicy, file: string): FlowEntry[] {
  const { model, policy, source } = compilation;
  const { flows, waivers } = compilation.policyResult;
  const diagnostics = compilation.diagnostics;
  const lineOf = (offset: number) => source.positionAt(offset).line + 1;

  return flows.map((data) => {
    const { flow } = data;
    const annotations = model.annotationsOf(flow);
    const inFlow = (start: number) => start >= Math.min(flow.range.start, ...flow.annotations.map((a) => a.range.start)) && start <= flow.range.end;
    const categories = [...data.touched.keys()];
    const sends = [...[...data.sinks, ...data.reads].flatMap((sink) => sendEntry(sink, compilation)), ...rawActionSends(compilation, flow)];
    const purposeKind = annotations.purpose && policy.purposes.get(annotations.purpose.id)?.kind;
    const triggerSource = data.sources.find((s) => s.kind.endsWith('-trigger'));
    return {
      name: flow.name.name,
      file,
      line: lineOf(flow.name.range.start),
      policy: policyEntry,
      ...(annotations.purpose && {
        purpose: { id: annotations.purpose.id, reason: annotations.purpose.reason, ...(purposeKind && { kind: purposeKind }) },
      }),
      declared: annotations.data?.categories.map((c) => c.id) ?? [],
      categories,
      ...(annotations.retain && { retention: formatPeriod(annotations.retain.amount, annotations.retain.unit) }),
      stores: data.sinks.flatMap((sink) => (sink.kind === 'store' ? [storeEntry(sink, model)] : [])),
      reads: data.sources.flatMap((source) => (source.value?.kind === 'Query' ? [readEntry(source.value, source.categories)] : [])),
      sends,
      processors: [...new Set(sends.flatMap((send) => (send.processor ? [send.processor] : [])))],
      secureData: {
        trigger: [...(triggerSource?.categories.keys() ?? [])].some((c) => isSecure(policy, c)),
        categories: categories.filter((c) => isSecure(policy, c)),
      },
      waivers: waivers
        .filter((w) => w.flow === flow)
        .map((w) => ({
          rule: w.rule?.id ?? w.waiver.rule,
          ...(w.rule && { section: w.rule.section }),
          reason: w.waiver.reason,
          line: lineOf(w.waiver.range.start),
          valid: w.valid,
          waives: diagnostics
            .filter((d) => d.waived && d.waived.range.start === w.waiver.range.start)
            .map((d) => `${d.code} line ${lineOf(d.range.start)}`),
        })),
      declassifications: declassificationsOf(flow, model).map((d) => ({
        category: d.category,
        reason: d.reason,
        line: lineOf(d.range.start),
        allowed: diagnostics.some((found) => found.code === declassified.code && found.range.start === d.range.start),
      })),
      errors: diagnostics.filter((d) => d.severity === 'error' && !d.waived && inFlow(d.range.start)).length,
      ...(annotations.rights && { rights: { right: annotations.rights.right, kind: annotations.rights.kind } }),
    };
  });
}

const locationOf = (target: StoreTarget) => target.args.map((arg) => arg.value ?? '…').join('/');

function storeEntry(sink: Sink & { kind: 'store' }, model: SemanticModel): StoreEntry {
  const target = sink.step.target;
  return {
    store: target.store.name,
    location: locationOf(target),
    categories: [...sink.categories.keys()],
    subjects: model.subjectKeysOf(sink.step),
    enforced: target.store.name === 'cosmos',
    ...(sink.retention && {
      retention: formatPeriod(sink.retention.amount, sink.retention.unit),
      retentionSeconds: sink.retention.seconds,
    }),
  };
}

function readEntry(query: QueryOperation, categories: CategoryFlow): ReadEntry {
  return { store: query.source.store.name, location: locationOf(query.source), categories: [...categories.keys()] };
}

/**
 * A raw action's JSON is not read: as the checker counts it (flow/raw-actions.ts), it may send every
 * category its flow declares and the project keeps to a place Jig cannot know, and the map says so
 * rather than nothing.
 */
function rawActionSends(compilation: Compilation, flow: FlowDecl): SendEntry[] {
  const raw = rawActionsOf(flow);
  if (raw.length === 0) return [];
  return raw.map((node) => ({
    kind: 'raw',
    destination: `a place only its JSON names (raw action '${node.name.value ?? ''}')`,
    platform: false,
    categories: rawActionCategories(compilation.model, flow, compilation.resolver, node),
  }));
}

function sendEntry(sink: Sink | ReadSink | RedirectSink, compilation: Compilation): SendEntry[] {
  const categories = [...reaching(sink).keys()];
  switch (sink.kind) {
    case 'http':
    case 'mail':
    case 'message':
    // A redirect: the caller's user agent takes what its URL holds on to the URL's host.
    case 'redirect':
      return destinationsOf(sink, compilation.model, compilation.policy, compilation.projectSettings, compilation.resolver).map((destination) => ({
        kind: sink.kind,
        destination: destination.host ?? destination.description,
        platform: destination.platform,
        ...(sink.share && { processor: sink.share.processor }),
        categories,
      }));
    case 'respond':
      return categories.length ? [{ kind: 'respond', destination: 'the caller', platform: false, categories }] : [];
    case 'flow':
      return [{ kind: 'flow', destination: sink.call.flow.name, platform: true, categories }];
    case 'store':
    case 'read':
      // Listed under stores and reads; a sharing besides only where the account, server or site is
      // not the client's: a store sends what it keeps there, a blob read the name it asks for.
      return destinationsOf(sink, compilation.model, compilation.policy, compilation.projectSettings, compilation.resolver)
        .filter((destination) => !destination.platform)
        .map((destination) => ({
          kind: sink.kind,
          destination: destination.host ?? destination.description,
          platform: false,
          ...(sink.share && { processor: sink.share.processor }),
          categories,
        }));
    default:
      return [];
  }
}

function declassificationsOf(flow: FlowDecl, model: SemanticModel): Declassification[] {
  const result: Declassification[] = [];
  forEachStep(flow.body, (step) => result.push(...model.declassificationsOf(step)));
  return result;
}

function isSecure(policy: Policy, category: string): boolean {
  return policy.categories.get(category)?.secureInRunHistory ?? false;
}

function containersOf(flows: readonly FlowEntry[]): ContainerEntry[] {
  interface Gathered {
    store: string;
    location: string;
    categories: Set<string>;
    subjects: Map<string, SubjectKey>;
    writers: ContainerEntry['writers'][number][];
    readers: string[];
  }
  const containers = new Map<string, Gathered>();
  const containerOf = (store: string, location: string) => {
    const key = `${store}:${location}`;
    let entry = containers.get(key);
    if (!entry) containers.set(key, (entry = { store, location, categories: new Set(), subjects: new Map(), writers: [], readers: [] }));
    return entry;
  };
  for (const flow of flows) {
    for (const store of flow.stores) {
      const entry = containerOf(store.store, store.location);
      store.categories.forEach((c) => entry.categories.add(c));
      for (const key of store.subjects) entry.subjects.set(`${key.kind}:${key.field}`, key);
      entry.writers.push({
        flow: flow.name,
        ...(store.retention && { retention: store.retention, retentionSeconds: store.retentionSeconds! }),
      });
    }
    for (const read of flow.reads) {
      const entry = containerOf(read.store, read.location);
      read.categories.forEach((c) => entry.categories.add(c));
      if (!entry.readers.includes(flow.name)) entry.readers.push(flow.name);
    }
  }
  return [...containers.values()]
    .sort((a, b) => `${a.store}:${a.location}`.localeCompare(`${b.store}:${b.location}`))
    .map((entry) => {
      const longest = entry.writers.reduce<(typeof entry.writers)[number] | undefined>(
        (best, writer) => (writer.retentionSeconds !== undefined && (!best || writer.retentionSeconds > best.retentionSeconds!) ? writer : best),
        undefined,
      );
      const categories = [...entry.categories].sort();
      return {
        store: entry.store,
        location: entry.location,
        categories,
        personal: categories.some((c) => covers(PERSONAL, c)),
        subjects: [...entry.subjects.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.field.localeCompare(b.field)),
        writers: entry.writers,
        readers: entry.readers,
        enforced: entry.store === 'cosmos',
        ...(entry.store !== 'cosmos' ? { longestRetention: 'until deleted' } : longest?.retention && { longestRetention: longest.retention }),
      };
    });
}

function subjectsOf(flows: readonly FlowEntry[], containers: readonly ContainerEntry[]): SubjectEntry[] {
  const kinds = [...new Set(containers.flatMap((container) => container.subjects.map((key) => key.kind)))].sort();
  return kinds.map((kind) => {
    const theirs = containers.filter((container) => container.personal && container.subjects.some((key) => key.kind === kind));
    const locations = new Set(theirs.map((container) => `${container.store}:${container.location}`));
    const touches = (flow: FlowEntry) =>
      !flow.rights && [...flow.stores, ...flow.reads].some((entry) => locations.has(`${entry.store}:${entry.location}`));
    const recipients = flows.filter(touches).flatMap((flow) =>
      flow.sends.flatMap((send) => {
        const categories = send.categories.filter((category) => covers(PERSONAL, category));
        return categories.length === 0
          ? []
          : [{ flow: flow.name, kind: send.kind, destination: send.destination, ...(send.processor && { processor: send.processor }), categories }];
      }),
    );
    return {
      kind,
      containers: theirs.map((container) => ({
        store: container.store,
        location: container.location,
        keys: container.subjects.filter((key) => key.kind === kind).map((key) => key.field),
        categories: container.categories,
        ...(container.longestRetention && { longestRetention: container.longestRetention }),
      })),
      recipients,
      rights: flows.flatMap((flow) => (flow.rights?.kind === kind ? [{ right: flow.rights.right, flow: flow.name, file: flow.file }] : [])),
    };
  });
}
