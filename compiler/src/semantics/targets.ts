/**
 * The `KIND("…", …)` of a step or trigger: which kinds each place takes, and the names each kind
 * takes, in order (`cosmos("DATABASE", "CONTAINER")`). The names are fixed at deployment, so they
 * are plain strings.
 */
import type { StoreTarget } from '../syntax/tree.js';
import * as messages from '../diagnostics/catalogue/semantics.js';
import { suggest } from '../util/suggest.js';
import { siteHost } from '../connectors/sharepoint.js';
import { eventSource, SUPPORTED_RESOURCES } from '../connectors/eventgrid.js';
import type { AnalysisContext } from './context.js';

/** By kind, each list of names the kind accepts (a Service Bus trigger reads a queue, or a topic's subscription). */
export type TargetShapes = Readonly<Record<string, readonly (readonly string[])[]>>;

/** Where `store`, `query` and `delete` write and read. */
export const STORE_TARGETS: TargetShapes = {
  cosmos: [['database', 'container']],
  blob: [['account', 'container']],
  sql: [['server', 'database', 'table']],
  sharepoint: [['site', 'list']],
};

/** Where `send EXPR to …` sends a message: a Service Bus queue or topic, a Teams channel. */
export const MESSAGE_TARGETS: TargetShapes = { servicebus: [['namespace', 'queue or topic']], teams: [['team', 'channel']] };

/** What a service's trigger receives from: a queue, or a topic's subscription; a SharePoint list's new items; a resource's events. */
export const MESSAGE_SOURCES: TargetShapes = {
  servicebus: [['namespace', 'queue'], ['namespace', 'topic', 'subscription']],
  sharepoint: [['site', 'list']],
  eventgrid: [['resource id'], ['resource id', 'event type']],
};

/** Reports a kind `shapes` does not list (`what`: `a store`), a wrong number of names, a name computed at run time. */
/** A place as messages write it, with the names it was given: `cosmos("crm", "contacts")`. */
export function targetText(target: StoreTarget): string {
  return `${target.store.name}(${target.args.map((arg) => JSON.stringify(arg.value ?? '')).join(', ')})`;
}

export function checkTarget(context: AnalysisContext, target: StoreTarget, shapes: TargetShapes, what: string): boolean {
  const kind = target.store.name;
  if (kind === '') return false; // a parse error, reported as such
  const accepted = shapes[kind];
  if (!accepted) {
    context.report(messages.invalidTarget(target.store.range, { reason: `'${kind}' is not ${what}.`, suggestion: suggest(kind, Object.keys(shapes)) }));
    return false;
  }
  if (!accepted.some((names) => names.length === target.args.length)) {
    const forms = accepted.map((names) => `${names.length} strings (${names.join(', ')})`).join(' or ');
    context.report(messages.invalidTarget(target.range, { reason: `${kind}(…) takes ${forms}; found ${target.args.length}.` }));
  }
  for (const arg of target.args) {
    if (arg.value === undefined) {
      context.report(messages.invalidTarget(arg.range, { reason: `The ${kind} names are fixed at deployment: write them as plain strings, without \${…}.` }));
    }
  }
  if (kind === 'cosmos') {
    for (const arg of target.args) {
      const problem = arg.value === undefined ? undefined : cosmosNameProblem(arg.value);
      if (problem) context.report(messages.invalidTarget(arg.range, { reason: `A Cosmos DB database or container is named by 1 to 255 characters without '/', '\\', '?' or '#', and not ending in a space: ${problem}.` }));
    }
  }
  const site = target.args[0];
  if (kind === 'sharepoint' && site?.value !== undefined && siteHost(site.value) === undefined) {
    // The site's host is where its items are, which the policy judges (§3).
    context.report(messages.invalidTarget(site.range, { reason: "A SharePoint site is named by its address, 'https://TENANT.sharepoint.com/sites/NAME'." }));
  }
  if (kind === 'eventgrid' && site?.value !== undefined && eventSource(site.value) === undefined) {
    context.report(
      messages.invalidTarget(site.range, {
        reason: `An Event Grid source is a resource id ('/subscriptions/ID/resourceGroups/GROUP[/providers/PROVIDER/TYPE/NAME]') of ${SUPPORTED_RESOURCES}.`,
      }),
    );
  }
  return true;
}

/**
 * Why Cosmos DB could hold no database or container of this name (its resource ids: 1 to 255
 * characters, none of `/`, `\`, `?`, `#`, no trailing space). Such a name is not one the data map
 * can match: the connector's path would name another resource (`pupils/` is the path of `pupils`)
 * or none, so where a store of it goes, and which query reads it back, is unknown.
 */
function cosmosNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'this one is empty';
  if (name.length > 255) return `this one has ${name.length}`;
  const bad = /[/\\?#]/.exec(name);
  if (bad) return `this one holds '${bad[0]}'`;
  if (name.endsWith(' ')) return 'this one ends in a space';
  return undefined;
}
