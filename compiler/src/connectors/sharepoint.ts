/**
 * What Jig uses of the SharePoint managed connector (`sharepointonline`), as Microsoft's sources
 * state it. The connector reference (learn.microsoft.com/connectors/sharepointonline) names the
 * operations; a list is a `table` of a `dataset`, the site's address, both path parameters encoded
 * twice (`x-ms-url-encoding: double`, as ../shared/notes/logic-apps-connectors.md notes for
 * SharePoint, SQL and Blob V2). The JSON the designer writes is taken from real workflows of
 * ../shared/wdl/corpus (C:):
 *
 * - "Create item" (`PostItem`): POST `/datasets/{dataset}/tables/{table}/items`, the body the new
 *   item's columns by their internal names (`Title`, …) (C:azlogicapps__templates-twitter-sharepoint,
 *   C:azlogicapps__templates-mailchimp-sharepoint, both with the site and list left empty for the
 *   user to fill in). It has no expiry: an item stays until someone deletes it.
 * - "When an item is created" (`GetOnNewItems`): a polling trigger, GET
 *   `/datasets/{dataset}/tables/{table}/onnewitems`, a batch (`x-ms-trigger: batch`) that the
 *   designer splits on `@triggerBody()?['value']`, so each run's `triggerBody()` is one item, and a
 *   `recurrence` of 3 minutes by default (C:azlogicapps__templates-sharepoint-list-email; its
 *   twin "When an existing item is modified", `onupdateditems`, C:azlogicapps__templates-
 *   sharepoint-modified). The site and list written as literals are encoded twice as the files
 *   polling a document library do (C:latemplates__ingest-index-ai-sharepoint-rag-default-workflow,
 *   `/datasets/@{encodeURIComponent(encodeURIComponent(…))}/tables/…/onnewfileitems`).
 * - The connection signs in with OAuth as a user of the tenant; the site's address names the
 *   tenant (`https://contoso.sharepoint.com/sites/sales`): that host is where an item goes, which
 *   is what the policy judges (policy/destinations.ts). `*.sharepoint.com` is a suffix every
 *   Microsoft 365 customer has a name under, so no wildcard over it is the client's
 *   (policy/multi-tenant.ts).
 */
import { parseUrl } from '../util/url.js';

/** "Create item": the path after the list. */
export const POST_ITEM = { operationId: 'PostItem', method: 'post', pathSuffix: '/items' } as const;

/** "When an item is created": the path after the list, and the batch the designer splits on. */
export const GET_ON_NEW_ITEMS = { operationId: 'GetOnNewItems', pathSuffix: '/onnewitems', splitOn: "@triggerBody()?['value']" } as const;

/** The designer's polling interval for the SharePoint triggers. */
export const DEFAULT_POLLING = { frequency: 'Minute', interval: 3 } as const;

/**
 * The host of a site's address (`contoso.sharepoint.com`), read as a request's URL is
 * (util/url.ts: user information and backslashes refused, `https://contoso.sharepoint.com\\@other…`
 * naming no site Jig can vouch for), or undefined when it is not such an https URL.
 */
export function siteHost(site: string): string | undefined {
  if (!/^https:\/\//i.test(site.trim())) return undefined;
  const parsed = parseUrl(site.trim());
  return 'host' in parsed && parsed.host !== undefined && !parsed.cleartext ? parsed.host.toLowerCase() : undefined;
}
