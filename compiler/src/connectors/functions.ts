/**
 * An Azure function called by its resource id (`call function METHOD ID`): a Function action.
 * Microsoft's Workflow Definition Language reference ("Schema reference guide for trigger and
 * action types", Function action): `inputs.function.id` is
 * "/subscriptions/<Azure-subscription-ID>/resourceGroups/<Azure-resource-group>/providers/Microsoft.Web/sites/<Azure-function-app-name>/functions/<Azure-function-name>",
 * `method` "GET", "PUT", "POST", "PATCH", or "DELETE" ("If not specified, the default is the
 * "POST" method"), and optional `headers`, `body`, `queries`; when the workflow is saved, "the Logic
 * Apps engine gets and caches the trigger's URL, which is used at runtime" (the function's HTTP
 * trigger, on its app's host). The corpus writes it so: jeffhollan__LogicAppTemplateCreator's
 * INT001.Invoice and INT0005.Publish, Azure-Samples__azure-logic-apps-deployment-samples.
 */

/** `…/providers/Microsoft.Web/sites/APP/functions/NAME`, matched as Resource Manager does: ignoring case. */
const FUNCTION_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Web\/sites\/([^/]+)\/functions\/([^/]+)$/i;

/** A function app's name: what a host name's first label may hold (App Service names: letters, digits, hyphens). */
const APP_NAME = /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/i;

/**
 * The function app and function a resource id names, or undefined when it names none Jig can
 * read (computed, or not a function's id).
 */
export function functionOf(id: string): { readonly app: string; readonly name: string } | undefined {
  const match = FUNCTION_ID.exec(id);
  if (!match || !APP_NAME.test(match[1]!)) return undefined;
  return { app: match[1]!.toLowerCase(), name: match[2]! };
}

/**
 * The URL the service calls a function at: its app's default host in Azure's public cloud
 * (`APP.azurewebsites.net`, App Service's default domain) and the function's HTTP trigger route
 * (`/api/NAME`, Azure Functions' default route prefix: the reference says the function "can't have
 * any route defined"). A project names the host in jig.yaml when the app is the client's own.
 */
export function functionUrl(fn: { readonly app: string; readonly name: string }): string {
  return `https://${fn.app}.azurewebsites.net/api/${encodeURIComponent(fn.name)}`;
}
