import { getPublicSuffix } from 'tldts';
import { LOGIC_APPS_TRIGGER_DOMAINS } from '../connectors/logic-apps.js';

/**
 * DNS suffixes under which anyone can rent a name: a subscription creates `anything.azurewebsites.net`,
 * `anything.blob.core.windows.net`, `anything.sharepoint.com`. A wildcard over one of them names every
 * customer's resources, not the client's, so it cannot stand for "the platform" (§3): the policy and
 * jig.yaml name the client's own resources one by one, or by a domain the client owns.
 *
 * Taken from Microsoft's lists of service endpoints in each cloud:
 * - Public DNS zones of Azure services (the "Public DNS zone forwarders" column, commercial, government
 *   and China): https://learn.microsoft.com/azure/private-link/private-endpoint-dns
 * - Azure Government endpoint mapping:
 *   https://learn.microsoft.com/azure/azure-government/compare-azure-government-global-azure
 * - Azure operated by 21Vianet endpoints: https://learn.microsoft.com/azure/china/resources-developer-guide
 * - Microsoft 365 tenant names (`contoso.sharepoint.com`, `contoso.onmicrosoft.com`, and their GCC High
 *   and 21Vianet forms): https://learn.microsoft.com/microsoft-365/enterprise/urls-and-ip-address-ranges
 * - Dataverse and Dynamics 365 environments' URLs in each cloud (`ORG.crm.dynamics.com`,
 *   `ORG.crm.microsoftdynamics.us`, `ORG.crm.appsplatform.us`, `ORG.crm.dynamics.cn`):
 *   https://learn.microsoft.com/power-platform/admin/new-datacenter-regions
 * Where a service's names sit under a shared parent (`*.blob.core.windows.net`, `*.documents.azure.com`),
 * the parent is listed: every wildcard above, at or below it is refused.
 */
export const MULTI_TENANT_SUFFIXES: readonly string[] = [
  // Azure (commercial)
  'windows.net', // core.windows.net (blob, table, queue, file, dfs, web), database, servicebus, search, redis.cache
  'azure.com', // documents, cosmos, logic, cloudapp, batch, cognitiveservices, openai, database (postgres, mysql), monitor…
  'azure.net', // vault, vaultcore, eventgrid, datafactory, digitaltwins, afs, notebooks, cache…
  'azurewebsites.net', // App Service, Functions, Logic Apps Standard (and scm.azurewebsites.net)
  'azure-api.net', // API Management
  'azurestaticapps.net',
  'azureedge.net', // Azure CDN
  'azurefd.net', // Azure Front Door
  'cloudapp.net', // Cloud Services (classic)
  'trafficmanager.net',
  'azurecr.io', // Container Registry
  'azurecontainerapps.io',
  'azmk8s.io', // AKS API servers
  'azconfig.io', // App Configuration
  'azure-devices.net', // IoT Hub
  'azure-automation.net',
  'azuresynapse.net',
  'azurehdinsight.net',
  'azuredatabricks.net',
  'azuredatalakestore.net', // Data Lake Storage Gen1 accounts
  'azuredatalakeanalytics.net',
  'devtunnels.ms', // Dev Tunnels: anyone's tunnel at TUNNEL-PORT.REGION.devtunnels.ms
  'signalr.net',
  'windowsazure.com', // Backup, Site Recovery
  'azurehealthcareapis.com', // Health Data Services: WORKSPACE-FHIR.fhir.azurehealthcareapis.com
  'azureiotcentral.com', // IoT Central applications
  'azure-devices-provisioning.net', // IoT Hub Device Provisioning
  'azuremicroservices.io', // Spring Apps
  'aroapp.io', // Red Hat OpenShift
  'azureml.ms', // Machine Learning workspaces (WORKSPACE.REGION.api.azureml.ms)
  'msappproxy.net', // Entra application proxy: APP-TENANT.msappproxy.net
  'b2clogin.com', // Azure AD B2C tenants
  'ciamlogin.com', // Entra External ID tenants
  'visualstudio.com', // Azure DevOps organizations (ORG.visualstudio.com)
  // Dynamics 365 and Dataverse environments (ORG.crm.dynamics.com, ORG.api.crm4.dynamics.com,
  // ORG.operations.dynamics.com), Power Pages sites
  'dynamics.com',
  'powerappsportals.com',
  // Microsoft 365 tenants
  'sharepoint.com',
  'onmicrosoft.com',
  'webhook.office.com', // Teams incoming webhooks: contoso.webhook.office.com posts into that tenant's channels
  // Power Platform environments (Power Automate flows' HTTP triggers)
  'api.powerplatform.com',
  // Azure Government
  'usgovcloudapi.net', // core, database, servicebus, vault, batch, cloudapp, redis.cache…
  'azure.us', // documents, cosmos, logic, cognitiveservices, azconfig, botframework…
  'azurewebsites.us',
  'azure-api.us',
  'azurecr.us',
  'usgovcloudapp.net',
  'usgovtrafficmanager.net',
  'azure-devices.us',
  'azure-automation.us',
  'azurehdinsight.us',
  'windows.us', // search.windows.us
  'windowsazure.us',
  'sharepoint.us',
  'onmicrosoft.us',
  'microsoftdynamics.us', // Dataverse, GCC High (ORG.crm.microsoftdynamics.us)
  'appsplatform.us', // Dataverse, DoD (ORG.crm.appsplatform.us)
  'azurehealthcareapis.us',
  'powerappsportals.us',
  // Azure operated by 21Vianet
  'chinacloudapi.cn', // core, database, servicebus, cloudapp, batch…
  'azure.cn', // documents, cosmos, vault, logic…
  'chinacloudsites.cn', // App Service
  'chinacloudapp.cn',
  'azure-api.cn',
  'azurecr.cn',
  'trafficmanager.cn',
  'azure-devices.cn',
  'sharepoint.cn',
  'partner.onmschina.cn',
  'dynamics.cn', // Dataverse (ORG.crm.dynamics.cn)
];

/**
 * Whether a host pattern is a wildcard over names anyone can rent: `*` alone, or `*.x` where `x` is a
 * multi-tenant suffix, a parent of one (`*.net`, `*.core.windows.net`'s `windows.net`) or a name under
 * one (`*.blob.core.windows.net`, `*.scm.azurewebsites.net`: Azure's own sub-zones are shared too),
 * or a public suffix (the Public Suffix List, its private section included: `*.co.uk`, `*.github.io`,
 * `*.herokuapp.com`, where anyone registers or rents a name under it), or IPv4 addresses (`*.0.1`,
 * whose last label is a number: a URL's host there is an address, anyone's). An exact name
 * (`erp-contoso.azurewebsites.net`) is one resource, never a multi-tenant pattern.
 */
export function isMultiTenantPattern(pattern: string): boolean {
  const lower = pattern.toLowerCase().replace(/\.$/, '');
  if (lower === '*') return true;
  if (!lower.startsWith('*.')) return false;
  return multiTenantSuffixOf(lower) !== undefined;
}

/** The multi-tenant suffix or public suffix a wildcard pattern covers or falls under, for messages. */
export function multiTenantSuffixOf(pattern: string): string | undefined {
  const domain = pattern.toLowerCase().replace(/\.$/, '').replace(/^\*\.?/, '');
  if (domain === '') return MULTI_TENANT_SUFFIXES[0];
  const atOrAbove = MULTI_TENANT_SUFFIXES.find((suffix) => suffix === domain || domain.endsWith(`.${suffix}`));
  if (atOrAbove) return atOrAbove;
  // A host whose last label is a number is an IPv4 address to the URL standard (`8.8.0.1`,
  // `0x7f.0.1`): a wildcard over one (`*.0.1`) covers addresses anyone may hold, not a domain.
  if (/^(\d+|0x[0-9a-f]*)$/i.test(domain.slice(domain.lastIndexOf('.') + 1))) return domain;
  // `*.com` is refused for covering azure.com, but what it is, first, is a wildcard over `com`.
  if (getPublicSuffix(domain, { allowPrivateDomains: true }) === domain) return domain;
  return MULTI_TENANT_SUFFIXES.find((suffix) => suffix.endsWith(`.${domain}`));
}


/**
 * Domains whose hosts serve every customer's resources at one name, told apart by the request's
 * path or a key in it, not by the host: a Consumption workflow's trigger URL
 * (`prod-27.eastus.logic.azure.com/workflows/ID/…`, every customer's workflows in the region),
 * Application Insights' ingestion endpoints (the connection string's key picks the resource),
 * Outlook's REST API and its old incoming-webhook URLs (the token or the path picks the tenant).
 * Naming one of their hosts, even exactly, names everyone's resources there.
 *
 * Taken from Microsoft's lists of endpoints:
 * - Logic Apps' regional endpoints: https://learn.microsoft.com/azure/logic-apps/logic-apps-limits-and-config
 *   (inbound and outbound IP addresses and endpoints, per region and cloud)
 * - Application Insights' ingestion endpoints: https://learn.microsoft.com/azure/azure-monitor/fundamentals/azure-monitor-network-access
 * - Exchange Online: https://learn.microsoft.com/microsoft-365/enterprise/urls-and-ip-address-ranges
 */
export const SHARED_BY_PATH: readonly string[] = [
  ...LOGIC_APPS_TRIGGER_DOMAINS,
  'applicationinsights.azure.com',
  'applicationinsights.azure.us',
  'applicationinsights.azure.cn',
  'services.visualstudio.com', // dc.services.visualstudio.com, Application Insights' first ingestion endpoint
  'outlook.office.com',
  'outlook.office365.com',
  // Azure DevOps (dev.azure.com/ORG/…), Power BI's REST API and push datasets (api.powerbi.com/…/groups/ID/…),
  // Microsoft Fabric and OneLake (onelake.dfs.fabric.microsoft.com/WORKSPACE/…), Bot Framework's
  // Direct Line: every organization's, workspace's or bot's at one host, told apart by the path or a key.
  'dev.azure.com',
  'api.powerbi.com',
  'fabric.microsoft.com',
  'botframework.com',
  // Azure services a key or an id in the path picks the resource of, at hosts every customer's share:
  // Azure Maps (us.atlas.microsoft.com, its data registry keeps uploads), Azure AI services' regional
  // endpoints (westus.api.cognitive.microsoft.com), Translator's and Speech's, and Log Analytics' and
  // Application Insights' query APIs (api.loganalytics.io/v1/workspaces/ID/…).
  'atlas.microsoft.com',
  'api.cognitive.microsoft.com',
  'cognitive.microsofttranslator.com',
  'speech.microsoft.com',
  'api.loganalytics.io',
  'api.loganalytics.azure.com',
  'api.applicationinsights.io',
  // Azure Monitor's custom metrics ingestion (westus2.monitoring.azure.com/RESOURCE-ID/metrics) and
  // Azure Machine Learning's regional APIs (eastus.api.azureml.ms/…/workspaces/NAME/…).
  'monitoring.azure.com',
  'api.azureml.ms',
  // Services outside Azure whose API or webhooks every customer reaches at one host, the key or the
  // path picking the account, workspace or channel: a processor of the policy, never the client's own.
  'hooks.slack.com',
  'discord.com',
  'discordapp.com',
  'api.github.com',
  'api.sendgrid.com',
  'api.twilio.com',
  'api.mailgun.net',
  'hooks.zapier.com',
  'webhook.site',
];

/** The domain of `domains` a host or host pattern (`*.x`, a trailing dot, any case) is at or under, if any. */
function domainAtOrUnder(pattern: string, domains: readonly string[]): string | undefined {
  const domain = pattern.toLowerCase().replace(/\.$/, '').replace(/^\*\./, '');
  return domains.find((listed) => domain === listed || domain.endsWith(`.${listed}`));
}

/** The domain of Consumption trigger endpoints a host is at or under, if any: a request there may start any customer's workflow. */
export function logicAppsTriggerDomainOf(host: string): string | undefined {
  return domainAtOrUnder(host, LOGIC_APPS_TRIGGER_DOMAINS);
}

/** The domain of SHARED_BY_PATH a host or host pattern is at or under, if any. */
export function sharedByPathOf(pattern: string): string | undefined {
  return domainAtOrUnder(pattern, SHARED_BY_PATH);
}

/**
 * Mail domains where anyone can open a mailbox (consumer mail): naming one as the client's own would
 * make every one of its users the client, and mail to any of them the platform's. The largest free
 * providers, some under a country's suffix too; a list, not every provider (the README says so).
 */
export const OPEN_MAIL_DOMAINS: readonly string[] = [
  'outlook.com',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.fr',
  'live.com',
  'msn.com',
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.fr',
  'ymail.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.net',
  'gmx.de',
  'web.de',
  'mail.com',
  'yandex.com',
  'yandex.ru',
  'zoho.com',
  'qq.com',
  '163.com',
];

/**
 * Why a mail domain pattern cannot name one party's mailboxes, or undefined: a domain (or a
 * wildcard over one) where anyone can open a mailbox, or what makes a host pattern no one party's.
 */
export function notOnePartysMail(pattern: string): string | undefined {
  const open = domainAtOrUnder(pattern, OPEN_MAIL_DOMAINS);
  if (open !== undefined) return `is a mail domain where anyone can open a mailbox (${open})`;
  return notOnePartys(pattern);
}

/**
 * Why a host pattern cannot name one party's resources (the platform's, the client's own), or
 * undefined: a wildcard over names anyone can rent, or a host every customer's resources share.
 */
export function notOnePartys(pattern: string): string | undefined {
  if (isMultiTenantPattern(pattern)) return `is a wildcard over ${multiTenantSuffixOf(pattern)}, where anyone can rent a name`;
  const shared = sharedByPathOf(pattern);
  return shared === undefined ? undefined : `is a host of ${shared}, where every customer's resources sit at the same names, told apart by the request's path or key`;
}
