/**
 * An API that Azure API Management publishes, called by its resource id (`call api METHOD ID
 * "PATH"`): an ApiManagement action. Its inputs (LogicAppsUX's logicAppsV2 ApiManagementInputs,
 * as the designer writes them, and the corpus: jeffhollan__LogicAppTemplateCreator's APIM test
 * files): `api.id`, the API's resource id
 * (`/subscriptions/…/resourceGroups/…/providers/Microsoft.ApiManagement/service/NAME/apis/API`),
 * `method`, `pathTemplate` `{ template, parameters }`, `subscriptionKey`, `queries`, `headers`,
 * `body`, and a `retryPolicy`. The service sends the request to the instance's gateway, by default
 * `NAME.azure-api.net` (learn.microsoft.com/azure/api-management/configure-custom-domain: "By
 * default, … the API Management gateway endpoint … <apim-service-name>.azure-api.net"), a suffix
 * every API Management customer shares: the platform only when jig.yaml names that host, and the
 * gateway passes the request on to backends Jig does not see.
 */

/** `…/providers/Microsoft.ApiManagement/service/NAME/apis/API`, matched as Resource Manager does: ignoring case. */
const API_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/[^/]+\/providers\/Microsoft\.ApiManagement\/service\/([^/]+)\/apis\/([^/]+)$/i;

/** An API Management instance's name: 1 to 50 letters, digits and hyphens, starting with a letter (a host name's first label). */
const SERVICE_NAME = /^[a-z](?:[a-z0-9-]{0,48}[a-z0-9])?$/i;

/**
 * The instance and API a resource id names, and the subscription the instance is in, or undefined
 * when it names none Jig can read (computed, or not an API's id).
 */
export function apiOf(id: string): { readonly subscription: string; readonly service: string; readonly api: string } | undefined {
  const match = API_ID.exec(id);
  if (!match || !SERVICE_NAME.test(match[2]!)) return undefined;
  return { subscription: match[1]!.toLowerCase(), service: match[2]!.toLowerCase(), api: match[3]! };
}

/** The URL the service calls an API at: its instance's default gateway in Azure's public cloud and the operation's path. */
export function apiUrl(api: { readonly service: string }, path: string): string {
  return `https://${api.service}.azure-api.net${path.startsWith('/') ? path : `/${path}`}`;
}
