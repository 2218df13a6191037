/**
 * Where a request starts a run of a workflow, and which one: a Consumption workflow's trigger
 * endpoint (every customer's workflows in a region answer at one host,
 * `prod-27.eastus.logic.azure.com/workflows/ID/triggers/…`, the workflow named by an id that is not
 * its name), a path that names a workflow's trigger (a Standard app's
 * `/api/WORKFLOW/triggers/NAME/invoke`, Resource Manager's `…/workflows/WORKFLOW/triggers/NAME/run`),
 * any other path that names a trigger, and a Workflow action's resource id (`call workflow`). Such a
 * run may be one of the project's flows (`jig deploy` names each workflow after its flow), which
 * answers the request with what it responds (semantics/store-reads.ts); the policy also refuses
 * such a call to a secondary flow (policy/destinations.ts `unseenRunStart`).
 *
 * Logic Apps' regional endpoints: https://learn.microsoft.com/azure/logic-apps/logic-apps-limits-and-config
 * (inbound and outbound IP addresses and endpoints, per region and cloud).
 */
import { PARTIAL, urlPath } from '../util/url.js';
import { RESOURCE_MANAGER_HOSTS } from './tenant-services.js';
import { storageService } from './storage.js';

/** Where a Consumption workflow's request triggers answer, in each cloud. */
export const LOGIC_APPS_TRIGGER_DOMAINS: readonly string[] = ['logic.azure.com', 'logic.azure.us', 'logic.azure.cn'];

/** Whether a host is a Consumption trigger endpoint (at or under one of the domains; any case, a trailing dot). */
export function isLogicAppsTriggerHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return LOGIC_APPS_TRIGGER_DOMAINS.some((domain) => name === domain || name.endsWith(`.${domain}`));
}

/** What a request may start: no run (undefined), a run of the workflow named (`workflow`), or of one Jig cannot name (`{}`). */
export interface RunStart {
  readonly workflow?: string;
}

/** A path that names a trigger (in a URL, or anywhere in a text: project/project-flows.ts). */
export const TRIGGER_PATH = /\/triggers\//i;
/** A path that names the workflow whose trigger it names (a computed part stands as an empty segment, and names none). */
const NAMED_TRIGGER_PATH = /\/(?:workflows|api)\/([^/?#]+)\/triggers\//i;

/** What a request to `host`, its URL's literal text `literal`, may start. */
export function runStartedAt(host: string, literal: string): RunStart | undefined {
  if (isLogicAppsTriggerHost(host)) return {};
  if (!TRIGGER_PATH.test(literal)) return undefined;
  const named = NAMED_TRIGGER_PATH.exec(literal)?.[1];
  return named === undefined ? {} : { workflow: decoded(named) };
}

/**
 * Run history read by HTTP: Resource Manager's workflow API (`…/providers/Microsoft.Logic/workflows/
 * NAME/runs`, `…/runs/RUN/actions`, `…/triggers/NAME/histories`, `…/versions`; Microsoft, "Workflow
 * Runs - List", "Workflow Run Actions - List", "Workflow Trigger Histories - List"), a Standard app's
 * management API (`/runtime/webhooks/workflow/api/management/workflows/NAME/runs`, at the app's
 * host or through Resource Manager's `…/sites/APP/hostruntime/…`), and the links to an action's
 * inputs and outputs that those answers hold (`inputsLink`, `outputsLink`: a Consumption workflow's
 * at its region's trigger host, `…/workflows/ID/runs/…/contents/…`, a Standard app's under
 * `/runtime/webhooks/workflow/scaleUnits/…`), the diagnostic logs Azure Monitor keeps of runs, and
 * the storage account a Standard app keeps its runs in (its tables, queues and blobs, secured
 * inputs and outputs included: `AzureWebJobsStorage`, which Jig does not know, so any account's).
 * What a run of the project's flows held reaches whoever reads them (semantics/store-reads.ts
 * `historyCell`).
 */
/** A Standard app's workflow runtime: its management API and the links to its runs' contents. */
const STANDARD_RUNTIME_PATH = /\/runtime\/webhooks\/workflow\//i;
/** The workflow a Standard app's management API names (a computed part stands as an empty segment). */
const STANDARD_MANAGED_WORKFLOW = /\/runtime\/webhooks\/workflow\/api\/management\/workflows\/([^/]*)(?:\/|$)/i;
/** Something under a workflow resource of Resource Manager's (its runs, triggers, versions), and the workflow's name. */
const WORKFLOW_PART = /\/workflows\/([^/]*)\/[^/]/i;
/**
 * Azure Monitor's query APIs, where a workflow's diagnostic logs go (Log Analytics' workspaces,
 * Application Insights' components: which actions of which run ran, and when): at their own hosts
 * (`api.loganalytics.io`, `api.applicationinsights.io`, the `azure.com` names, other clouds'), and
 * through Resource Manager (`…/providers/Microsoft.OperationalInsights/workspaces/W/api/query`,
 * `…/providers/microsoft.insights/components/C/api/query`). They name no workflow.
 */
const MONITOR_QUERY_HOSTS = /^api\.(?:loganalytics|applicationinsights)\.(?:io|azure\.com|us|azure\.us|azure\.cn)$/i;
const MONITOR_QUERY_PATH = /\/providers\/microsoft\.(?:operationalinsights\/workspaces|insights\/components)\//i;
/** Resource Manager's batch endpoint, whose body holds requests to any path. */
const BATCH_PATH = /^\/batch(?:\/|$)/i;

/**
 * Whose run history a request to `host` may read: none (undefined), the workflow named
 * (`workflow`), or any (`{}`: named by an id, computed, or a path Jig cannot read). `literal` is the
 * URL's literal text (a computed part stands as `/`), `computed` whether any part of it is computed,
 * `write` whether the request writes (POST, PUT, PATCH, DELETE).
 */
export function historyReadAt(host: string, literal: string, computed: boolean, write = false): RunStart | undefined {
  const path = urlPath(literal);
  // A content link names the workflow by an id, not its name.
  if (isLogicAppsTriggerHost(host)) return /\/runs\//i.test(path) || computed ? {} : undefined;
  if (STANDARD_RUNTIME_PATH.test(path)) return namedOrAny(STANDARD_MANAGED_WORKFLOW.exec(path)?.[1]);
  const name = host.toLowerCase().replace(/\.$/, '');
  if (MONITOR_QUERY_HOSTS.test(name)) return {};
  // A write there (a blob put, an entity inserted) reads none of it.
  const storage = storageService(name);
  if (storage && storage.store !== 'cosmos') return write ? undefined : {};
  if (!RESOURCE_MANAGER_HOSTS.test(name)) return undefined;
  if (MONITOR_QUERY_PATH.test(path)) return {};
  const part = WORKFLOW_PART.exec(path);
  if (part) return namedOrAny(part[1]);
  // A path computed at run time, or a batch of requests, may name any workflow's runs.
  return computed || BATCH_PATH.test(path) ? {} : undefined;
}

const namedOrAny = (name: string | undefined): RunStart => (name ? { workflow: decoded(name) } : {});

/**
 * The workflow a Workflow action's id names: a Consumption workflow's resource id
 * (`/subscriptions/…/providers/Microsoft.Logic/workflows/NAME`), or a Standard app's workflow by its
 * name; undefined where the id is computed (`text` undefined or only its start known).
 */
export function workflowOfId(text: string | undefined): string | undefined {
  if (text === undefined || text.endsWith(PARTIAL)) return undefined;
  const id = text.trim().replace(/\/+$/, '');
  const at = id.toLowerCase().lastIndexOf('/workflows/');
  const name = at >= 0 ? id.slice(at + '/workflows/'.length) : id;
  return name === '' || name.includes('/') ? undefined : decoded(name);
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
