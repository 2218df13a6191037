/**
 * Microsoft's services that one host serves to every tenant: Microsoft Graph, Azure Resource
 * Manager and Microsoft Entra ID's sign-in service, in every cloud. Which tenant a request reaches
 * there is not in its host: the credentials it carries decide (a token is one tenant's), and the
 * sign-in service serves the tenant its path names. The policy judges them in
 * policy/destinations.ts.
 *
 * Hosts from Microsoft's national-cloud endpoint lists:
 * https://learn.microsoft.com/graph/deployments (Graph),
 * https://learn.microsoft.com/azure/azure-government/compare-azure-government-global-azure and
 * https://learn.microsoft.com/azure/china/resources-developer-guide (Resource Manager, Entra ID).
 */

/** Microsoft Graph in every cloud: the platform, in the caller's own tenant. */
export const GRAPH_HOSTS = /^(graph\.microsoft\.(com|us)|dod-graph\.microsoft\.us|microsoftgraph\.chinacloudapi\.cn)$/;

/** Azure Resource Manager in every cloud (and the classic Service Management API). */
export const RESOURCE_MANAGER_HOSTS = /^(management\.(azure\.com|usgovcloudapi\.net|chinacloudapi\.cn|core\.windows\.net|core\.usgovcloudapi\.net|core\.chinacloudapi\.cn))$/;

/** Microsoft Entra ID's sign-in (token) service in every cloud, which serves whichever tenant a request's path names. */
export const SIGN_IN_HOSTS = /^(login\.(microsoftonline\.com|microsoftonline\.us|windows\.net|chinacloudapi\.cn|partner\.microsoftonline\.cn)|sts\.windows\.net)$/;

/** A Graph path that names a SharePoint site, a drive or a list: where the project's SharePoint stores keep data. */
export const GRAPH_STORE_PATH = /\/(sites|drives|lists)(\/|\?|$)/i;

/**
 * Exchange Online's own REST API and Exchange Web Services (`outlook.office.com/api/…`,
 * `outlook.office365.com/EWS/…`), in every cloud: a tenant's mailboxes, reached at a host every
 * tenant shares (the token picks the tenant).
 */
const OUTLOOK_HOSTS = /^(outlook\.office\.com|outlook\.office365\.com|outlook\.office365\.us|outlook-dod\.office365\.us|partner\.outlook\.cn)$/;

/**
 * Whether a request to `host` (its URL's literal text `literal`) may answer with what the tenant's
 * Microsoft 365 holds about its people: its mailboxes (mail, calendars, contacts), its directory
 * (users' names, addresses, phones), its chats. Those mix business and personal accounts as the
 * mailbox does (the policy's mixed source). Every Graph request but one that names a site, a
 * drive or a list, which answers with what is kept there (storage.ts `cellsReadAt`: the project's
 * SharePoint stores); every request to Outlook's REST API.
 */
export function readsMailbox(host: string, literal: string): boolean {
  const name = host.toLowerCase();
  if (OUTLOOK_HOSTS.test(name)) return true;
  return GRAPH_HOSTS.test(name) && !GRAPH_STORE_PATH.test(literal);
}


/** Whether a host is one of these services, shared by every tenant. */
export const isTenantSharedService = (host: string): boolean => {
  const name = host.toLowerCase();
  return GRAPH_HOSTS.test(name) || RESOURCE_MANAGER_HOSTS.test(name) || SIGN_IN_HOSTS.test(name);
};
