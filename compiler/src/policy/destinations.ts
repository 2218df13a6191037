/**
 * Where a sink really sends data, as §3 sees it: to the platform (the client's own resources and
 * the services bound to its tenant), or to a third party.
 *
 * - A URL is read as the runtime reads it (the WHATWG URL standard, `new URL`): a URL with user
 *   information (`user:pw@host`), a backslash, a scheme other than http(s), or anything `new URL`
 *   rejects is refused; the host matched is the one the request goes to. A URL built at run time
 *   names its host only when its literal start holds the whole authority (`https://host/…${x}`).
 * - A parameter is checked at every value it can take: its default and every plain value jig.yaml
 *   gives it (`jig deploy` checks the values it reads from the environment or Key Vault).
 * - A mail goes to its recipients: an address outside the mail domains the policy or the project
 *   names as the client's own is a third party, and a recipient computed at run time is unknown
 *   (a third party). Replying to the sender of the triggering mail answers the data subject with
 *   their own mail; anything else in the reply goes to a third party.
 * - A Service Bus message goes to its namespace's host (connectors/servicebus.ts), judged as a URL's,
 *   and to that of every other namespace the project names: the connection decides, not the name.
 * - An item stored in a SharePoint list goes to the site's tenant (connectors/sharepoint.ts), a
 *   blob to its storage account (and a blob read's name with it), a row to its SQL server, each
 *   judged by its host as a URL's; a Cosmos DB document is the platform's (§2 judges which stores
 *   are allowed).
 * - A Teams post goes to the team's members (connectors/teams.ts): the platform only when the
 *   project names the team as the client's own (jig.yaml `resources.teams`).
 * - A write to an endpoint of Microsoft Graph that delivers onward (mail, invitations, sharing,
 *   Teams messages, notifications), or to an Azure service that delivers every write onward (a
 *   Communication Services resource's mail and SMS, Web PubSub, SignalR), goes to whoever the
 *   request names: a third party.
 * - A `call connector` or `call service` goes to a place that cannot be known: a third party with no host.
 * - A `call function` goes to its function app's host (connectors/functions.ts), judged as a URL's.
 * - An `ActiveDirectoryOAuth` authentication's token request goes to its authority (Entra ID's
 *   sign-in service by default), and any `auth { … }` makes a request to a host every tenant shares
 *   one of whoever its credentials belong to.
 * - A response's `Location` header sends its caller on to that URL: judged as a call's URL.
 * - An HTTP write (POST, PUT, PATCH) to a storage endpoint (Blob, Table, Queue, Files, Data Lake,
 *   Cosmos DB's REST API) stores data, and answers to §2 and §8 as `store` does.
 */
import type { Expression, FlowDecl, HttpCall, LetValue, RecordLiteral } from '../syntax/tree.js';
import type { SemanticModel } from '../semantics/model.js';
import { parameterName } from '../semantics/annotations.js';
import type { HttpSink, OutboundSink } from '../flow/categories.js';
import type { DataResolver } from '../flow/project-data.js';
import { namespaceHost } from '../connectors/servicebus.js';
import { functionOf, functionUrl } from '../connectors/functions.js';
import { apiOf, apiUrl } from '../connectors/api-management.js';
import { normalizeTeamId } from '../connectors/teams.js';
import { siteHost } from '../connectors/sharepoint.js';
import type { Policy } from './model.js';
import { PARTIAL, parseUrl, printableUrl, urlPath } from '../util/url.js';
import { valuesOfUrl, type UrlText } from '../semantics/url-texts.js';
import { SHAREPOINT_HOSTS, storageService } from '../connectors/storage.js';
import { logicAppsTriggerDomainOf } from './multi-tenant.js';
import { runStartedAt } from '../connectors/logic-apps.js';
import { authorityOf, DEFAULT_AUTHORITY } from '../connectors/http-authentication.js';
import { followedUrls } from '../connectors/followed-headers.js';
import { GRAPH_HOSTS, RESOURCE_MANAGER_HOSTS, SIGN_IN_HOSTS, isTenantSharedService } from '../connectors/tenant-services.js';
import { writtenName } from '../syntax/tree.js';
import { writesWhatItSends } from '../semantics/declarations.js';
import { deliversOnward } from '../connectors/delivering-services.js';

/** What the project adds to the policy's platform, and what jig.yaml says each parameter holds. */
export interface ProjectSettings {
  /** The client's own resources (jig.yaml `resources.hosts`). */
  readonly hosts: readonly string[];
  /** The client's own mail domains (jig.yaml `resources.mailDomains`). */
  readonly mailDomains: readonly string[];
  /** The client's own Teams teams, by group id (jig.yaml `resources.teams`). */
  readonly teams?: readonly string[];
  /**
   * The client's own Azure subscriptions, lower-cased (jig.yaml `resources.subscriptions` and
   * `deploy.subscription`): a resource a step names by its resource id is the client's only there.
   */
  readonly subscriptions?: readonly string[];
  /** The host each agent connection reaches (jig.yaml `resources.agentConnections`). */
  readonly agentConnections?: Readonly<Record<string, string>>;
  /**
   * The workflow's diagnostic logs, which receive its tracked properties, as jig.yaml declares them
   * (`diagnosticLogs.retention`): how long they keep what they receive. Absent: not declared.
   */
  readonly diagnosticLogs?: { readonly retention: { readonly amount: number; readonly unit: 'days' | 'weeks' | 'months' | 'years'; readonly seconds: number } };
  /** The plain values jig.yaml's `deploy.parameters` gives, by parameter; `deploy-time` for the environment or Key Vault. */
  readonly parameterValues: ReadonlyMap<string, string | 'deploy-time'>;
  /**
   * The values `jig deploy` read from the environment or Key Vault for `deploy-time` parameters,
   * checked as destinations before anything is written; the parameters stay values known only at
   * deploy time for every other purpose (rule 1).
   */
  readonly deployValues?: ReadonlyMap<string, string>;
}

export const NO_PROJECT_SETTINGS: ProjectSettings = { hosts: [], mailDomains: [], parameterValues: new Map() };

export interface Destination {
  /** True for the platform, false for a third party or a place that cannot be known. */
  readonly platform: boolean;
  /** The host (or, for a mail, the recipient's domain), when the text names it. */
  readonly host?: string;
  /** How the destination reads in a message (`'api.example.com'`, `a URL computed at run time`). */
  readonly description: string;
  /** Why the URL is refused (user information, a backslash, not a URL), when it is. */
  readonly refused?: string;
  /** The sender of the triggering mail: the data subject, for what came with their own mail. */
  readonly sender?: boolean;
  /** Entra ID's sign-in service, of a tenant the request names: where an app sends its secret for a token. */
  readonly signIn?: true;
  /**
   * Sent over plain `http:`: whoever is on the network path between the runtime and the host reads
   * it too, so it is no place of the platform's nor a processor's, whatever the host.
   */
  readonly cleartext?: true;
  /**
   * The storage service an HTTP write goes to (`Azure Blob storage`), and the store kind it is;
   * `dataOnly` for one that keeps the client's credentials and settings, a store only of data about
   * someone or a business (Key Vault, App Configuration).
   */
  readonly storage?: { readonly service: string; readonly store: string; readonly dataOnly?: true };
}

/**
 * A `call connector` goes through a connection Jig does not manage: the connector behind it and the
 * place it writes to are not in the source (the key is a name anyone may give any connection), so
 * it is a destination that cannot be known, a third party with no host.
 */
const connectorDestination = (key: string, via: string): Destination => ({
  platform: false,
  description: `wherever the connection '${key}' sends it (${via}: a connector Jig cannot identify)`,
});
const UNKNOWN_URL: Destination = { platform: false, description: 'a URL whose host is only known at run time' };
const UNKNOWN_FUNCTION: Destination = { platform: false, description: 'an Azure function whose app is only known at run time' };
const UNKNOWN_API: Destination = { platform: false, description: 'an API whose API Management instance is only known at run time' };
/** A `call workflow` starts a logic app Jig does not see: what it does with what it is sent cannot be known. */
const OTHER_WORKFLOW: Destination = { platform: false, description: 'another logic app, which Jig does not see (call workflow)' };
const UNKNOWN_RECIPIENT: Destination = { platform: false, description: 'a recipient only known at run time' };

/**
 * An agent's model, reached through its agent connection (connections.json `agentConnections`,
 * which Jig does not write): an Azure OpenAI or AI Foundry resource, or an LLM API behind API
 * Management (learn.microsoft.com/azure/logic-apps/agent-workflows-concepts, "Model source"). Its
 * endpoint is in the connection, so the workflow cannot say it: the platform only where jig.yaml
 * names the host the connection reaches (`resources.agentConnections`) and that host is judged the
 * platform as a URL's is (`*.openai.azure.com` is a suffix anyone can rent: `resources.hosts` must
 * name it); else a third party that cannot be known.
 */
function agentDestination(connection: string, policy: Policy, project: ProjectSettings): Destination {
  const host = Object.hasOwn(project.agentConnections ?? {}, connection) ? project.agentConnections![connection] : undefined;
  if (host === undefined) return { platform: false, description: `the model behind the agent connection '${connection}', which jig.yaml does not name (resources.agentConnections)` };
  const destination = urlDestination(`https://${host}/`, policy, project, false);
  return { ...destination, description: `the agent's model at ${destination.description} (connection '${connection}')` };
}

/** Every place a sink may send its data to (a parameter may take several values, a mail have several recipients). */
export function destinationsOf(sink: OutboundSink, model: SemanticModel, policy: Policy, project: ProjectSettings, data?: DataResolver): readonly Destination[] {
  // Asked by several rules of every sink; a sink belongs to one check.
  let destinations = destinationsBySink.get(sink);
  if (!destinations) {
    if (sink.kind === 'mail') destinations = recipientsOf(sink.step.to, model, policy, project);
    else if (sink.kind === 'store') destinations = storeDestinations(sink.step.target.store.name, sink.step.target.args[0]?.value, policy, project);
    else if (sink.kind === 'read') destinations = storeDestinations(sink.query.source.store.name, sink.query.source.args[0]?.value, policy, project);
    // The caller's agent follows a redirect (a Refresh, a Link, a report endpoint) with a request: each URL's host, as a call's.
    else if (sink.kind === 'redirect' && sink.link) destinations = [markupDestination(sink.link.url, policy, project)];
    else if (sink.kind === 'redirect') {
      destinations = urlTexts(sink.location, model, project).flatMap(({ text }) =>
        followedUrls(sink.header, text).map((url) => (url === undefined ? UNKNOWN_URL : urlDestination(url, policy, project, false))),
      );
    }
    else if (sink.kind === 'message') {
      const place = sink.step.target.args[0]?.value;
      destinations = sink.step.target.store.name === 'teams' ? [teamDestination(place, project)] : namespaceDestinations(place, data?.serviceBusNamespaces() ?? [], policy, project);
    }
    else if (sink.tokenRequest) destinations = tokenDestinations(sink.tokenRequest, model, policy, project);
    else if (sink.call.agent) destinations = [agentDestination(sink.call.connector?.value ?? '', policy, project)];
    else if (sink.call.workflow) destinations = [OTHER_WORKFLOW];
    // Every request sends its headers: a front end routes by its Host header (rule 3) whatever the
    // app a Function action's id names or the instance a call api's does.
    else if (sink.call.azureFunction) destinations = [...functionDestinations(sink.call, model, policy, project), ...hostHeaderDestinations(sink.call, policy, project)];
    else if (sink.call.apiPath) destinations = [...apiDestinations(sink.call, sink.call.apiPath.value ?? '/', model, policy, project), ...hostHeaderDestinations(sink.call, policy, project)];
    else if (sink.call.connector) destinations = [connectorDestination(sink.call.connector.value ?? '', sink.call.service ? 'call service' : 'call connector')];
    else {
      const write = writesWhatItSends(sink.call);
      // Each value the URL can take is judged on its own: its host, and whether a write there is delivered onward.
      destinations = urlTexts(sink.call.url, model, project).map(({ text, literal }) => {
        const destination = text === undefined ? UNKNOWN_URL : urlDestination(text, policy, project, write);
        if (write && delivers(destination, literal)) return deliveredOnward(destination);
        if (startsUnnamedRun(destination, literal)) return { platform: false, host: destination.host!, description: `a workflow at ${destination.description} that Jig cannot tie to a flow of the project (its trigger's path names it by a computed part)` };
        return sharedServiceTenant(write ? keptInTenant(destination, literal) : destination, sink.call, write);
      });
      destinations = [...destinations, ...hostHeaderDestinations(sink.call, policy, project)];
    }
    destinationsBySink.set(sink, destinations);
  }
  return destinations;
}

const destinationsBySink = new WeakMap<OutboundSink, readonly Destination[]>();

/**
 * An `ActiveDirectoryOAuth` authentication asks its authority for a token before the call
 * (connectors/http-authentication.ts), sending the client's id, the audience and the credential: to
 * Entra ID's sign-in service by default, which answers for whichever tenant the request names (an
 * app's secret may go there, data about someone is that tenant's), or to the authority written, at
 * each value it can take, judged as a URL's host.
 */
function tokenDestinations(request: RecordLiteral, model: SemanticModel, policy: Policy, project: ProjectSettings): Destination[] {
  const authority = authorityOf(request);
  const texts = authority ? urlTexts(authority, model, project) : [{ text: DEFAULT_AUTHORITY, literal: DEFAULT_AUTHORITY }];
  return texts.map(({ text }) => {
    if (text === undefined) return { platform: false, description: 'a token authority only known at run time' };
    const destination = urlDestination(text, policy, project, false);
    if (destination.refused || destination.host === undefined) return destination;
    if (SIGN_IN_HOSTS.test(destination.host.toLowerCase())) return { platform: false, host: destination.host, signIn: true, description: `the token authority ${destination.description}, which answers for whichever tenant the request names` };
    return { ...destination, description: `the token authority ${destination.description}` };
  });
}

/**
 * A URL that markup the recipient renders names (a mail's body, a Teams message, an HTML response):
 * their client fetches or follows it, taking what is written into it to its host.
 */
function markupDestination(url: string | undefined, policy: Policy, project: ProjectSettings): Destination {
  const destination = url === undefined ? UNKNOWN_URL : urlDestination(url, policy, project, false);
  if (destination.host === undefined && !destination.refused) return { platform: false, description: "a URL whose host its markup computes at run time (its reader's client fetches or follows it)" };
  return { ...destination, description: `${destination.description} (a URL its markup names, which its reader's client fetches or follows)` };
}

/**
 * A `call function` sends what it is passed to its function app, at the app's host
 * (connectors/functions.ts: `APP.azurewebsites.net`, a suffix anyone can rent): the platform only
 * when the policy or the project names that host, as for a `call http` there, and the id names an
 * app in one of the client's own subscriptions (an app's name is not unique across subscriptions,
 * so `…/sites/erp-contoso` in another tenant's is another app); an id Jig cannot read (computed at
 * run time, or no function's id) is a place that cannot be known. Each value the id can take (a
 * parameter's default, jig.yaml's values) is judged.
 */
function functionDestinations(call: HttpCall, model: SemanticModel, policy: Policy, project: ProjectSettings): Destination[] {
  return urlTexts(call.url, model, project).map(({ text }) => {
    const fn = text === undefined ? undefined : functionOf(text);
    if (!fn) return UNKNOWN_FUNCTION;
    const destination = inOwnSubscription(urlDestination(functionUrl(fn), policy, project, false), fn.subscription, project);
    return { ...destination, description: `the Azure function '${fn.name}' of the app ${destination.description}` };
  });
}

/**
 * A resource named by its resource id (a function's app, an API Management instance) is reached
 * through Resource Manager in the subscription the id names, whatever its name: the platform only
 * where that subscription is one of the client's own (jig.yaml `resources.subscriptions`, or the
 * one it deploys to).
 */
function inOwnSubscription(destination: Destination, subscription: string, project: ProjectSettings): Destination {
  if (!destination.platform || (project.subscriptions ?? []).includes(subscription)) return destination;
  return {
    ...destination,
    platform: false,
    description: `${destination.description} in the subscription '${subscription}', which jig.yaml does not name as the client's (resources.subscriptions)`,
  };
}

/**
 * A `call api` sends its request to its API Management instance's gateway
 * (connectors/api-management.ts: `NAME.azure-api.net`, a suffix every instance shares): the
 * platform only when the policy or the project names that host and the id names an instance in
 * one of the client's own subscriptions; the gateway passes it on to
 * backends Jig does not see, which the client who owns the instance answers for. An id Jig cannot
 * read is a place that cannot be known. Each value the id can take is judged.
 */
function apiDestinations(call: HttpCall, path: string, model: SemanticModel, policy: Policy, project: ProjectSettings): Destination[] {
  return urlTexts(call.url, model, project).map(({ text }) => {
    const api = text === undefined ? undefined : apiOf(text);
    if (!api) return UNKNOWN_API;
    const destination = inOwnSubscription(urlDestination(apiUrl(api, path), policy, project, false), api.subscription, project);
    return { ...destination, description: `the API '${api.api}' of the API Management instance ${destination.description}` };
  });
}

/**
 * A request to a trigger's URL on the client's own host starts a run of the workflow its path names,
 * whose request body holds what it sends, as a `call flow`'s child's does (flow/project-data.ts);
 * one whose name is computed may be any workflow, and what that run does with it cannot be seen.
 */
function startsUnnamedRun(destination: Destination, literal: string): boolean {
  if (!destination.platform || destination.host === undefined) return false;
  const run = runStartedAt(destination.host, literal);
  return run !== undefined && run.workflow === undefined;
}

/**
 * Who a `respond` answers: the caller of the flow's request trigger. The client hands out an
 * ordinary flow's signed URL, so that caller is the client's own (undefined here). A flow that
 * serves data subjects' requests (`@rights`) is for the subjects themselves, who call it with a key
 * naming a person, and nothing in it checks that the caller is that person: whoever asks, a third
 * party for what is kept about anyone.
 */
export function requesterOf(model: SemanticModel, flow: FlowDecl): Destination | undefined {
  const rights = model.annotationsOf(flow).rights;
  if (!rights) return undefined;
  return { platform: false, description: `the requester of a data-subject request (${rights.right}), whoever calls the flow, whom it does not verify` };
}

/**
 * Where a call may start a run of a logic app Jig cannot tie to a flow of the project, one of the
 * automation's among them: another workflow (`call workflow`), a connection Jig cannot identify, a
 * URL only known at run time, a Consumption trigger's host, or a path to a trigger
 * (`…/triggers/NAME/…`, a Standard app's `/api/WORKFLOW/triggers/…/invoke` or Resource Manager's
 * `…/workflows/NAME/triggers/…/run`). Undefined for a call that can only reach what it names.
 */
export function unseenRunStart(sink: HttpSink, model: SemanticModel, policy: Policy, project: ProjectSettings, data?: DataResolver): Destination | undefined {
  const call = sink.call;
  // An API Management gateway passes the request on to backends Jig does not see, a logic app's trigger among them.
  if (call.workflow || call.connector || call.apiPath) return destinationsOf(sink, model, policy, project, data)[0];
  // A function reaches the app its id names (connectors/functions.ts); one Jig cannot read may be any,
  // and so may a Host header computed at run time; one written may name a trigger's host.
  if (call.azureFunction) return destinationsOf(sink, model, policy, project, data).find((destination) => destination.host === undefined || logicAppsTriggerDomainOf(destination.host));
  for (const { text, literal } of urlTexts(call.url, model, project)) {
    if (text === undefined) return UNKNOWN_URL;
    const destination = urlDestination(text, policy, project, false);
    if (runStartedAt(destination.host ?? '', literal)) return destination;
  }
  // A front end routes by the Host header whatever the URL says (rule 3): one naming a trigger's
  // host, or one only known at run time, may start a workflow Jig cannot see as well.
  for (const destination of hostHeaderDestinations(call, policy, project)) {
    if (destination.host === undefined || logicAppsTriggerDomainOf(destination.host)) return destination;
  }
  return undefined;
}

/**
 * A Service Bus step reaches the namespace of the workflow's `servicebus` connection, not the one
 * written: the emitted action names only the queue or topic. `jig deploy` gives every workflow of
 * the project that one connection, so a message may reach any namespace the project's steps and
 * triggers name, and is judged at each (the one written first).
 */
function namespaceDestinations(written: string | undefined, named: readonly string[], policy: Policy, project: ProjectSettings): Destination[] {
  const first = namespaceDestination(written, policy, project);
  const result = [first];
  const hosts = new Set([first.host]);
  for (const namespace of named) {
    const other = namespaceDestination(namespace, policy, project);
    if (hosts.has(other.host)) continue;
    hosts.add(other.host);
    result.push({ ...other, description: `${other.description} (the project's one servicebus connection may reach it)` });
  }
  return result;
}

/**
 * A Service Bus namespace is reached at its own host (`NAME.servicebus.windows.net`), a suffix
 * anyone can rent: it is the platform only when the policy or the project names it.
 */
function namespaceDestination(namespace: string | undefined, policy: Policy, project: ProjectSettings): Destination {
  if (!namespace) return { platform: false, description: 'a Service Bus namespace only known at run time' };
  const host = namespaceHost(namespace);
  return { platform: hostMatches(host, policy.platform.hosts) || hostMatches(host, project.hosts), host, description: `the Service Bus namespace '${host}'` };
}

/**
 * Where a store's data goes: Cosmos DB's is the platform (the documentdb connection's account);
 * a SharePoint site, a storage account and a SQL server are named in the emitted action, each
 * under a suffix anyone can rent (`*.sharepoint.com`, `*.blob.core.windows.net`,
 * `*.database.windows.net`), so they are the platform only when the policy or the project names
 * their host.
 */
function storeDestinations(store: string, place: string | undefined, policy: Policy, project: ProjectSettings): Destination[] {
  if (store === 'sharepoint') return [siteDestination(place, policy, project)];
  const suffix = STORE_HOST_SUFFIXES[store];
  if (suffix === undefined) return [];
  if (!place) return [{ platform: false, description: `a ${store} store only known at run time` }];
  const name = place.trim().toLowerCase().replace(/\.$/, '');
  const host = name.includes('.') ? name : `${name}${suffix}`;
  return [{ platform: hostMatches(host, policy.platform.hosts) || hostMatches(host, project.hosts), host, description: `'${host}'` }];
}

/** The host suffix of a store's account or server named without one (Azure's public cloud). */
const STORE_HOST_SUFFIXES: Readonly<Record<string, string>> = { blob: '.blob.core.windows.net', sql: '.database.windows.net' };

/**
 * A SharePoint site is in the tenant its address names (`contoso.sharepoint.com`), a name under a
 * suffix every Microsoft 365 customer has: it is the platform only when the policy or the project
 * names that host.
 */
function siteDestination(site: string | undefined, policy: Policy, project: ProjectSettings): Destination {
  const host = site === undefined ? undefined : siteHost(site);
  if (!host) return { platform: false, description: 'a SharePoint site only known at run time' };
  return { platform: hostMatches(host, policy.platform.hosts) || hostMatches(host, project.hosts), host, description: `the SharePoint site '${site}'` };
}

/**
 * A team is everyone in it, guests included, and a group id does not say whose tenant it is in: it
 * is the platform only when the project names it.
 */
function teamDestination(team: string | undefined, project: ProjectSettings): Destination {
  if (!team) return { platform: false, description: 'a Teams team only known at run time' };
  const own = (project.teams ?? []).some((id) => normalizeTeamId(id) === normalizeTeamId(team));
  return { platform: own, description: `the Teams team '${team}'` };
}

function urlDestination(text: string, policy: Policy, project: ProjectSettings, write: boolean): Destination {
  const parsed = parseUrl(text);
  // A refused URL may be one jig.yaml or Key Vault gave: printed without the credentials it may hold.
  if ('refused' in parsed) return { platform: false, description: `'${printableUrl(text)}'`, refused: parsed.refused };
  if (parsed.host === undefined) return UNKNOWN_URL;
  const host = parsed.host;
  const storage = write ? storageService(host, () => urlPath(text)) : undefined;
  if (parsed.cleartext) {
    return { platform: false, host, cleartext: true, description: `'${host}' over plain http, which anyone on the network path can read`, ...(storage && { storage }) };
  }
  return {
    platform: hostMatches(host, policy.platform.hosts) || hostMatches(host, project.hosts),
    host,
    description: `'${host}'`,
    ...(storage && { storage }),
  };
}


/**
 * The values a URL can take (semantics/url-texts.ts), with each value jig.yaml gives a parameter
 * and the value `jig deploy` read for it from the environment or Key Vault.
 */
function urlTexts(url: Expression | LetValue, model: SemanticModel, project: ProjectSettings): readonly UrlText[] {
  return valuesOfUrl(url, (name) => model.symbolOf(name), (param) => {
    // jig.yaml gives values by the workflow parameter's name (`@name("…")`, else the param's).
    const given = project.parameterValues.get(parameterName(param));
    // Values read from the environment or Key Vault: only `jig deploy` knows them (deploy/deploy-values.ts).
    const resolved = project.deployValues?.get(parameterName(param));
    return [...(given !== undefined && given !== 'deploy-time' ? [given] : []), ...(resolved !== undefined ? [resolved] : [])];
  });
}

// ---------------------------------------------------------------------------------------------
// Mail

function recipientsOf(to: Expression, model: SemanticModel, policy: Policy, project: ProjectSettings): Destination[] {
  if (isTriggeringSender(to, model)) return [{ platform: false, sender: true, description: 'the sender of the triggering mail' }];
  const result: Destination[] = [];
  for (const { text } of urlTexts(to, model, project)) {
    if (text === undefined || text.endsWith(PARTIAL)) {
      result.push(UNKNOWN_RECIPIENT);
      continue;
    }
    for (const address of text.split(/[;,]/).map((part) => part.trim()).filter((part) => part !== '')) {
      const domain = mailDomain(address);
      if (!domain) {
        result.push({ platform: false, description: `'${address}', which is no mail address` });
        continue;
      }
      const own = hostMatches(domain, policyMailDomains(policy)) || hostMatches(domain, project.mailDomains);
      result.push({ platform: own, host: domain, description: `'${address}'${own ? '' : ", outside the client's mail domains"}` });
    }
  }
  return result.length > 0 ? result : [UNKNOWN_RECIPIENT];
}

/**
 * The domain of a recipient written as `local@domain` or `Name <local@domain>`, lower-cased; none
 * for anything else. The address must be one plain address (one `@`, no space, no angle bracket
 * but the pair around it, a local part that names no other address, a domain of letters, digits,
 * hyphens and dots, a name without `@`): a text that a mail service might read as another address
 * (`<kid@outside.example> a@own.example`, `kid@outside.example <a@own.example>`, a line break, a
 * second `@`) names no recipient Jig can vouch for, and is a third party.
 */
function mailDomain(address: string): string | undefined {
  const form = /^(?:([^<>]*)<([^<>\s]+)>|([^<>\s]+))$/.exec(address);
  const plain = form?.[2] ?? form?.[3];
  if (!plain) return undefined;
  // A name that holds an address (`kid@outside.example <office@own.example>`, quoted or not) is
  // no phrase of RFC 5322: a lenient parser reads it as a recipient of its own (Python's
  // `getaddresses` reads both addresses there, and `parseaddr` only the first).
  if (form?.[1]?.includes('@')) return undefined;
  const at = plain.indexOf('@');
  if (at <= 0 || plain.indexOf('@', at + 1) >= 0) return undefined;
  // A local part that routes onward: `kid%outside.example@own.example` (the percent hack) and
  // `outside.example!kid@own.example` (a bang path), which mail servers such as Postfix rewrite to
  // the address they name by default; a quoted or commented local part hides another address.
  if (/[%!"\\()[\]:]/.test(plain.slice(0, at))) return undefined;
  const domain = plain.slice(at + 1).toLowerCase().replace(/\.$/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain) ? domain : undefined;
}

/** `trigger.body.from` in a flow started by a mail (directly or through a `let`): the person who wrote it. */
function isTriggeringSender(to: Expression, model: SemanticModel): boolean {
  const from = through(to, model);
  if (from?.kind !== 'Member' || from.member?.name !== 'from') return false;
  const body = through(from.object, model);
  if (body?.kind !== 'Member' || body.member?.name !== 'body') return false;
  const trigger = through(body.object, model);
  if (trigger?.kind !== 'Name') return false;
  const symbol = model.symbolOf(trigger.name);
  return symbol?.kind === 'trigger' && symbol.flow?.trigger?.kind === 'MailTrigger';
}

/** The expression a name stands for when a `let` binds it to one (followed a few times), else the expression. */
function through(expression: Expression, model: SemanticModel): Expression | undefined {
  let current: Expression = expression;
  for (let depth = 0; depth < 8 && current.kind === 'Name'; depth++) {
    const declaring = model.symbolOf(current.name)?.declaringNode;
    if (declaring?.kind !== 'Let' || !isExpression(declaring.value)) return current;
    current = declaring.value;
  }
  return current;
}

function isExpression(value: LetValue): value is Expression {
  return value.kind !== 'Query' && value.kind !== 'Aggregate' && value.kind !== 'HttpCall' && value.kind !== 'FlowCall';
}

// ---------------------------------------------------------------------------------------------
// Services that deliver onward


/**
 * Graph's endpoints that deliver what they are sent beyond the tenant, to whoever the request
 * names: a mail sent, replied to or forwarded; an invitation; a sharing invite, link or grant; a
 * Teams chat or channel message (a chat may hold outside people); an activity notification; a
 * subscription, whose change notifications go to the URL it gives.
 */
const GRAPH_DELIVERY = /\/(sendmail|send|reply|replyall|forward|invitations|invite|createlink|grant|permissions|subscriptions|sendactivitynotification[a-z]*)(\/|\?|$)|\/(chats|channels)\/[^/]+\/messages(\/|\?|$)/i;

/**
 * Graph's endpoints that keep what they are sent in the tenant's own stores and tell no one: a
 * SharePoint list and its items, a drive's files (To Do's lists too). Graph's other writes may
 * reach people, and which do is not for Jig to know endpoint by endpoint (rule 1): an event's
 * attendees get invitations, a mailbox's automatic replies and rules answer and forward to anyone,
 * a `$batch` holds any request, a change to the directory is seen by the tenant's guests.
 */
const GRAPH_KEEPING = /\/(lists|drives?)(\/|\?|$)/i;

/**
 * A SharePoint site's REST API keeps what it is sent in a list (its items), a folder or a file
 * (`/_api/web/lists…`, `/_api/web/GetFolderByServerRelativeUrl(…)/Files/add(…)`, the older
 * `/_vti_bin/listdata.svc`); its other writes may reach people, as Graph's do: a mail sent
 * (`SP.Utilities.Utility.SendEmail`), an object shared, a role assigned, a user added.
 */
const SHAREPOINT_KEEPING = /\/_api\/(web\/)?(lists|getlist|getfolderby[a-z]*|getfileby[a-z]*|folders|files)(\/|\(|\?|$)|\/_vti_bin\/listdata\.svc(\/|$)/i;
const SHAREPOINT_DELIVERY = /sendemail|share|sharing|roleassignment|roleinheritance|invite|siteusers|sitegroups|ensureuser|permission/i;

/**
 * Whether a write to a platform host goes on to people the request names: a service that delivers
 * every write onward (connectors/delivering-services.ts: Azure Communication Services' mail and
 * SMS, Web PubSub, SignalR), or the literal text of its URL (every part of an interpolated string
 * written in place) names one of Graph's or a SharePoint site's delivering endpoints, or none of
 * those that only keep what they are sent.
 */
function delivers(destination: Destination, urlLiteral: string): boolean {
  if (!destination.platform || destination.host === undefined) return false;
  const host = destination.host.toLowerCase();
  if (deliversOnward(host)) return true;
  if (GRAPH_HOSTS.test(host)) return GRAPH_DELIVERY.test(urlLiteral) || !GRAPH_KEEPING.test(urlPath(urlLiteral));
  if (!SHAREPOINT_HOSTS.test(host)) return false;
  const path = urlPath(urlLiteral);
  return SHAREPOINT_DELIVERY.test(path) || !SHAREPOINT_KEEPING.test(path);
}

/**
 * A write that Graph or a SharePoint site keeps (a list's items, a drive's or a folder's files) is a
 * store by another door than `store`, as an HTTP write to Blob storage is: §2 judges its kind
 * (SharePoint), §8 its retention (none Jig can set), §6 whether a rights flow can reach it.
 */
function keptInTenant(destination: Destination, urlLiteral: string): Destination {
  const host = destination.host?.toLowerCase();
  if (host === undefined || destination.storage) return destination;
  if (GRAPH_HOSTS.test(host) && !GRAPH_DELIVERY.test(urlLiteral) && GRAPH_KEEPING.test(urlPath(urlLiteral))) {
    return { ...destination, storage: { service: 'SharePoint or OneDrive through Microsoft Graph', store: 'sharepoint' } };
  }
  // The path only for a SharePoint host: parsing the URL costs more than the rest, at every write.
  const path = SHAREPOINT_HOSTS.test(host) ? urlPath(urlLiteral) : undefined;
  if (path !== undefined && !SHAREPOINT_DELIVERY.test(path) && SHAREPOINT_KEEPING.test(path)) {
    return { ...destination, storage: { service: "a SharePoint site's REST API", store: 'sharepoint' } };
  }
  return destination;
}

/** A platform service that delivers onward sends to a place only known at run time (rule 1): a third party. */
function deliveredOnward(destination: Destination): Destination {
  return {
    platform: false,
    host: destination.host!,
    description: `${destination.description}, which delivers what it is sent to whoever the request names`,
  };
}

// ---------------------------------------------------------------------------------------------
// Services every tenant shares

/**
 * One host of Microsoft's serves every tenant (Graph, Resource Manager, Entra ID's sign-in
 * service; connectors/tenant-services.ts), so the request, not the host, decides whose tenant the
 * data reaches. It is the client's own only when the request is made as the workflow, with its
 * managed identity (`@identity`), or with no credentials at all (then it reaches no tenant):
 * - credentials of its own (an `Authorization` header) make it a request of whoever they belong
 *   to, another tenant as readily as the client's;
 * - the sign-in service answers for the tenant the request's path names, which Jig cannot tell
 *   from the client's (a user name sent there is logged in that tenant);
 * - a write to Resource Manager creates or runs what sends anywhere (a workflow, a deployment, a
 *   connection's proxy that sends a mail), so where its data goes is only known at run time.
 */
function sharedServiceTenant(destination: Destination, call: HttpCall, write: boolean): Destination {
  const host = destination.host;
  if (!destination.platform || host === undefined || !isTenantSharedService(host)) return destination;
  const name = host.toLowerCase();
  if (SIGN_IN_HOSTS.test(name)) return { platform: false, host, signIn: true, description: `${destination.description}, which answers for whichever tenant the request's path names` };
  const because = ownCredentials(call)
      ? `as whoever the ${call.auth ? 'credentials of its auth { … }' : 'Authorization header it is sent with'} belong${call.auth ? '' : 's'} to (another tenant as readily as the client's)`
      : write && RESOURCE_MANAGER_HOSTS.test(name)
        ? 'which creates or runs what sends it anywhere (a workflow, a deployment, a connection\'s proxy)'
        : undefined;
  return because === undefined ? destination : { platform: false, host, description: `${destination.description}, ${because}` };
}

/**
 * Whether a request carries credentials of its own: an `Authorization` header, in any case, or an
 * `auth { … }` (a user's password, a raw Authorization value, a certificate, an app's token from
 * whichever tenant its `tenant` names), which Logic Apps sends as one.
 */
function ownCredentials(call: HttpCall): boolean {
  return call.auth !== undefined || headersNamed(call, 'authorization').length > 0;
}

/** The headers of a call with that (lower-case) name in any case, and any whose name is not plain text (refused by the parser, JIG1001: it could stand for that one). */
function headersNamed(call: HttpCall, name: string): HttpCall['headers'] & {} {
  return (call.headers ?? []).filter((header) => {
    const written = writtenName(header);
    return written === undefined || written.toLowerCase() === name;
  });
}

/**
 * A `Host` header names the site a request asks for, and a front end that serves many sites at one
 * address (App Service, Front Door, API Management, any CDN) routes the request by it, whatever the
 * URL's host: `https://erp-contoso.azurewebsites.net` with `Host: collector.azurewebsites.net`
 * reaches another customer's app. So its value is a destination as the URL's host is: a written
 * name judged by itself, anything computed a host only known at run time.
 */
function hostHeaderDestinations(call: HttpCall, policy: Policy, project: ProjectSettings): Destination[] {
  return headersNamed(call, 'host').map(({ value }) => {
    const written = value.kind === 'String' ? value.value : undefined;
    if (written === undefined) return { platform: false, description: 'a Host header only known at run time' };
    const parsed = parseUrl(`https://${written.trim()}/`);
    if ('refused' in parsed || parsed.host === undefined) return { platform: false, description: `the Host header '${written}'`, refused: "it is no host name a request's Host header can hold" };
    const host = parsed.host;
    return { platform: hostMatches(host, policy.platform.hosts) || hostMatches(host, project.hosts), host, description: `'${host}' (the request's Host header)` };
  });
}

// ---------------------------------------------------------------------------------------------
// Host patterns

/** Whether `host` is one of `patterns`: a name, `*.domain` for any subdomain of it, or `*` for any host. */
export function hostMatches(host: string, patterns: readonly string[]): boolean {
  const name = host.toLowerCase();
  const { exact, suffixes, any } = hostPatterns(patterns);
  if (any || exact.has(name)) return true;
  for (const suffix of suffixes) if (name.endsWith(suffix)) return true;
  return false;
}

/** A policy's host patterns, lower-cased and split once (every HTTP call of every file asks). */
const compiledPatterns = new WeakMap<readonly string[], { exact: Set<string>; suffixes: string[]; any: boolean }>();

function hostPatterns(patterns: readonly string[]): { exact: Set<string>; suffixes: string[]; any: boolean } {
  let compiled = compiledPatterns.get(patterns);
  if (!compiled) {
    const lower = patterns.map((pattern) => pattern.toLowerCase());
    // `*.example.com` matches any name ending in `.example.com`; `*` alone, any host.
    compiled = {
      exact: new Set(lower.filter((pattern) => !pattern.startsWith('*'))),
      suffixes: lower.filter((pattern) => pattern.startsWith('*.')).map((pattern) => pattern.slice(1)),
      any: lower.includes('*'),
    };
    compiledPatterns.set(patterns, compiled);
  }
  return compiled;
}

/** The client's own mail domains the policy names (a company policy; JigAjob names none). */
/** The client's own mail domains: the project's, then the policy's (patterns such as `*.contoso.example` included). */
export function ownMailDomains(policy: Policy, project: ProjectSettings): readonly string[] {
  return [...project.mailDomains, ...policyMailDomains(policy)];
}

function policyMailDomains(policy: Policy): readonly string[] {
  return (policy.platform as { readonly mailDomains?: readonly string[] }).mailDomains ?? [];
}
