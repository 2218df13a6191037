/**
 * The services whose answers are credentials: what a request to them answers may be a secret, as a
 * `secret` param is (semantics/categories.ts SECRET), whatever type the flow gives it.
 *
 * - Key Vault, in every cloud (and its Managed HSM): its secrets, keys and certificates.
 * - Resource Manager's actions that list or regenerate a resource's credentials: `listKeys`,
 *   `listSecrets`, `listConnectionStrings`, `listCallbackUrl` (a trigger's signed URL), a web app's
 *   `config/appsettings/list`, `regenerateKey`, … (every `list…` and `regenerate…` action: ARM's
 *   convention for them, "Resource functions for ARM templates", list*), and a path whose every
 *   segment is computed at run time, which may be one.
 * - Microsoft Graph's new credentials of an application or a service principal (`addPassword`,
 *   `addKey`).
 */
import { urlPath } from '../util/url.js';
import { isManagedApi } from './managed-apis.js';

const KEY_VAULT_HOSTS = /\.(vault\.azure\.net|vault\.azure\.cn|vault\.usgovcloudapi\.net|vault\.microsoftazure\.de|managedhsm\.azure\.net)$/;
const RESOURCE_MANAGER_HOSTS = /^management\.(azure\.com|usgovcloudapi\.net|chinacloudapi\.cn)$/;
const GRAPH_HOSTS = /^(graph\.microsoft\.com|graph\.microsoft\.us|dod-graph\.microsoft\.us|microsoftgraph\.chinacloudapi\.cn)$/;

/** A Resource Manager action that answers credentials: a path segment `list…` or `regenerate…`. */
const CREDENTIAL_ACTION = /^(list|regenerate)/i;
/** Graph's actions that make a credential and answer it. */
const GRAPH_CREDENTIAL_ACTION = /^(addPassword|addKey)$/i;

/**
 * Whether a request to `host` may answer a credential: `service` where the URL names a service or
 * an action that answers them, `run time` where it is a Resource Manager path computed whole, which
 * may name any action (what the URL says cannot tell); undefined where it cannot. `literal` is the
 * URL's literal text, a computed part standing as `/` (url-texts.ts), `partial` whether a part is
 * computed.
 */
export function credentialReadAt(host: string, literal: string, partial: boolean): 'service' | 'run time' | undefined {
  const name = host.toLowerCase();
  if (KEY_VAULT_HOSTS.test(name)) return 'service';
  const resourceManager = RESOURCE_MANAGER_HOSTS.test(name);
  if (!resourceManager && !GRAPH_HOSTS.test(name)) return undefined;
  const path = urlPath(literal);
  const segments = path.split('/').map(decodeSegment).filter((segment) => segment !== '');
  // A Resource Manager path computed whole may name any action.
  if (resourceManager && partial && segments.length === 0) return 'run time';
  const action = resourceManager ? CREDENTIAL_ACTION : GRAPH_CREDENTIAL_ACTION;
  return segments.some((segment) => action.test(segment.replace(/\(.*$/, ''))) ? 'service' : undefined;
}

/**
 * Whether a connection of this `$connections` key may answer a credential: Key Vault's managed
 * connector (its key as `jig import` and the designer name it: `keyvault`, `keyvault_1`) does
 * (`service`), and so may every key Jig cannot identify (connectors/managed-apis.ts: a name anyone
 * may give a connection of any API, Key Vault's and Resource Manager's included), which only the
 * deployment knows (`run time`), as what it answers holds every category its flow declares (rule 1).
 */
export function connectionCredential(key: string): 'service' | 'run time' | undefined {
  if (/keyvault/i.test(key)) return 'service';
  return isManagedApi(key) ? undefined : 'run time';
}

/** A Standard built-in provider that answers credentials: Key Vault's (`/serviceProviders/keyVault`), or one computed. */
export function providerCredential(provider: string | undefined): 'service' | 'run time' | undefined {
  if (provider === undefined || provider === '' || provider.startsWith('@')) return 'run time';
  return /keyvault/i.test(provider) ? 'service' : undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
