import { describe, expect, test } from 'vitest';
import { isMultiTenantPattern, MULTI_TENANT_SUFFIXES, multiTenantSuffixOf, notOnePartys } from '../../compiler/src/policy/multi-tenant.js';
import { embeddedPolicyText, loadPolicy } from '../../compiler/src/policy/load.js';
import { where } from './helpers.js';

describe('isMultiTenantPattern', () => {
  test.each([
    // A suffix anyone can rent names under, in each cloud.
    '*.azurewebsites.net',
    '*.windows.net',
    '*.blob.core.windows.net',
    '*.servicebus.windows.net',
    '*.documents.azure.com',
    '*.logic.azure.com',
    '*.vault.azure.net',
    '*.azure-api.net',
    '*.sharepoint.com',
    '*.webhook.office.com',
    '*.environment.api.powerplatform.com',
    '*.azurecr.io',
    '*.blob.core.usgovcloudapi.net',
    '*.azurewebsites.us',
    '*.documents.azure.cn',
    '*.chinacloudsites.cn',
    // Microsoft's other services that give each customer a name of its own: Dataverse and Dynamics
    // 365 environments, Health Data Services, IoT Central, Azure DevOps organizations, B2C tenants,
    // Entra's application proxy, Power Pages.
    '*.crm.dynamics.com',
    '*.api.crm4.dynamics.com',
    '*.crm.microsoftdynamics.us',
    '*.fhir.azurehealthcareapis.com',
    '*.azureiotcentral.com',
    '*.visualstudio.com',
    '*.b2clogin.com',
    '*.msappproxy.net',
    '*.powerappsportals.com',
    // Parents of one: they cover it.
    '*.core.windows.net',
    '*.net',
    '*.com',
    '*.io',
    '*',
    // Sub-zones Azure shares between customers.
    '*.scm.azurewebsites.net',
    '*.eastus.cloudapp.azure.com',
    // Case and a final dot change nothing.
    '*.AzureWebsites.NET',
    '*.sharepoint.com.',
    // Public suffixes, where anyone registers or rents a name: a country's second level, hosting services.
    '*.co.uk',
    '*.com.au',
    '*.github.io',
    '*.herokuapp.com',
    '*.s3.amazonaws.com',
    '*.cloudfront.net',
    // IPv4 addresses: a host whose last label is a number is an address (8.8.0.1), anyone's.
    '*.0.1',
    '*.168.1.1',
    '*.0x7f',
  ])('%s is', (pattern) => expect(isMultiTenantPattern(pattern)).toBe(true));

  test.each([
    'erp-contoso.azurewebsites.net',
    'contoso.sharepoint.com',
    'contosostorage.blob.core.windows.net',
    'graph.microsoft.com',
    'management.azure.com',
    '*.contoso.com',
    '*.microsoft.com',
    '*.example.com',
    '*.contoso.co.uk',
    // An address named whole is one resource; a domain with digits in its labels is a domain.
    '10.0.0.1',
    '*.contoso365.com',
    '*.1contoso.com',
    // A name that only ends with the same letters is another domain.
    '*.notazurewebsites.net',
  ])('%s is not', (pattern) => expect(isMultiTenantPattern(pattern)).toBe(false));

  test('every listed suffix is a lower-case domain, listed once, and makes its own wildcard multi-tenant', () => {
    expect(new Set(MULTI_TENANT_SUFFIXES).size).toBe(MULTI_TENANT_SUFFIXES.length);
    for (const suffix of MULTI_TENANT_SUFFIXES) {
      expect(suffix).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
      expect(isMultiTenantPattern(`*.${suffix}`), suffix).toBe(true);
      expect(isMultiTenantPattern(`tenant.${suffix}`), suffix).toBe(false);
    }
  });

  test('names the suffix a pattern is about', () => {
    expect(multiTenantSuffixOf('*.blob.core.windows.net')).toBe('windows.net');
    expect(multiTenantSuffixOf('*.azurewebsites.net')).toBe('azurewebsites.net');
    expect(multiTenantSuffixOf('*.example.com')).toBeUndefined();
    // A wildcard over a public suffix is named by it, not by a multi-tenant suffix below it.
    expect(['*.com', '*.net', '*.cn', '*.core.windows.net'].map(multiTenantSuffixOf)).toEqual(['com', 'net', 'cn', 'windows.net']);
  });
});

describe("hosts every customer's resources share", () => {
  test.each([
    'prod-27.eastus.logic.azure.com',
    'dc.services.visualstudio.com',
    // Azure DevOps, Power BI, Fabric and OneLake, Bot Framework: the path or a key names the organization.
    'dev.azure.com',
    'vssps.dev.azure.com',
    'api.powerbi.com',
    'onelake.dfs.fabric.microsoft.com',
    'api.fabric.microsoft.com',
    'directline.botframework.com',
    // Azure's and others' APIs where a key or the path picks the customer's resource or channel.
    'us.atlas.microsoft.com',
    'westus.api.cognitive.microsoft.com',
    'eastus.tts.speech.microsoft.com',
    'api.loganalytics.io',
    'westus2.monitoring.azure.com',
    'eastus.api.azureml.ms',
    'hooks.slack.com',
    'discord.com',
    'api.sendgrid.com',
  ])('%s names no one party', (host) => expect(notOnePartys(host)).toMatch(/every customer's resources sit at the same names/));

  test.each(['contoso.crm.dynamics.com', 'contoso.visualstudio.com', 'graph.microsoft.com'])('%s is one party', (host) => expect(notOnePartys(host)).toBeUndefined());
});

describe('a policy file', () => {
  const policyWith = (yaml: string) => loadPolicy(`id: x\nversion: "1"\nextends: jigajob\n${yaml}`, 'x.policy.yaml');

  test('may not reach a processor at a wildcard over a multi-tenant suffix', () => {
    const { policy, diagnostics } = policyWith(
      'processors:\n  crm:\n    description: A CRM.\n    hosts: [crm-acme.azurewebsites.net, "*.azurewebsites.net"]\n    categories: [business]\n',
    );
    expect(policy).toBeUndefined();
    expect(diagnostics.map(where)).toEqual(['JIG3952 7:41']);
    expect(diagnostics[0]!.message).toBe(
      "processors.crm.hosts[1] ('*.azurewebsites.net') is a wildcard over azurewebsites.net, where anyone can rent a name: it covers every customer's resources, not one party's; name the processor's own hosts, or `*` alone for a processor reached anywhere.",
    );
  });

  test("may not name a mail domain where anyone can open a mailbox as the platform's", () => {
    // A policy of its own (an extension may not widen the platform at all, JIG3953).
    const text = embeddedPolicyText.replace(/^id: jigajob$/m, 'id: own').replace(/^  mailDomains: \[\]$/m, '  mailDomains: [contoso.com, outlook.com]');
    expect(text).toContain('mailDomains: [contoso.com, outlook.com]');
    const { policy, diagnostics } = loadPolicy(text, 'own.policy.yaml');
    expect(policy).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(['JIG3952']);
    expect(diagnostics[0]!.message).toContain("platform.mailDomains[1] ('outlook.com') is a mail domain where anyone can open a mailbox (outlook.com)");
  });

  test('may say a processor is reached anywhere, with `*` alone', () => {
    const { policy, diagnostics } = policyWith('processors:\n  vendors:\n    description: Vendors.\n    hosts: ["*"]\n    categories: [business.transaction]\n');
    expect(diagnostics).toEqual([]);
    expect(policy?.processors.get('vendors')?.hosts).toEqual(['*']);
  });

  test('reports a host that is no host once, naming every form allowed', () => {
    const { diagnostics } = policyWith('processors:\n  p:\n    description: P.\n    hosts: ["Bad Host"]\n    categories: []\n');
    expect(diagnostics.map((d) => d.message)).toEqual([
      'processors.p.hosts[0] is not of the right form (A host name, `*.` and a domain for any of its subdomains, or `*` alone).',
    ]);
  });

  test('names the platform by hosts bound to the client, never by a wildcard over a multi-tenant suffix', () => {
    const { policy, diagnostics } = policyWith('platform:\n  hosts: [graph.microsoft.com, "*.contoso.com", "*.logic.azure.com"]\n  connectors: [office365]\n');
    expect(policy).toBeUndefined();
    expect(diagnostics.map(where)).toEqual(['JIG3952 5:49']);
    expect(diagnostics[0]!.message).toContain("platform.hosts[2] ('*.logic.azure.com') is a wildcard over azure.com, where anyone can rent a name");
  });

  test("names no host every customer's resources share as the platform; a processor may be reached at one", () => {
    const { policy, diagnostics } = policyWith('platform:\n  hosts: [graph.microsoft.com, prod-00.westus.logic.azure.com]\n  connectors: [office365]\n');
    expect(policy).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(['JIG3952']);
    expect(diagnostics[0]!.message).toContain("platform.hosts[1] ('prod-00.westus.logic.azure.com') is a host of logic.azure.com, where every customer's resources sit at the same names");
    const processor = policyWith('processors:\n  partner:\n    description: A partner workflow.\n    hosts: [prod-00.westus.logic.azure.com]\n    categories: [business]\n');
    expect(processor.diagnostics).toEqual([]);
  });

  test('names no wildcard over IPv4 addresses as the platform or a processor', () => {
    const platform = policyWith('platform:\n  hosts: [graph.microsoft.com, "*.0.1"]\n  connectors: [office365]\n');
    expect(platform.policy).toBeUndefined();
    expect(platform.diagnostics.map((d) => d.code)).toEqual(['JIG3952']);
    expect(platform.diagnostics[0]!.message).toContain("platform.hosts[1] ('*.0.1') is a wildcard over 0.1");
    const processor = policyWith('processors:\n  crm:\n    description: A CRM.\n    hosts: ["*.168.1.1"]\n    categories: [business]\n');
    expect(processor.diagnostics.map((d) => d.code)).toEqual(['JIG3952']);
  });

  test('the embedded policy names no wildcard over a multi-tenant suffix as the platform', () => {
    const { policy, diagnostics } = loadPolicy('id: x\nversion: "1"\nextends: jigajob\n', 'x.policy.yaml');
    expect(diagnostics).toEqual([]);
    expect(policy!.platform.hosts.filter(isMultiTenantPattern)).toEqual([]);
  });

  test("names the client's mail domains, never a wildcard over a multi-tenant suffix", () => {
    // A policy of its own: one that extends JigAjob's may not widen its platform (weakening.ts).
    const own = (domains: string) => loadPolicy(embeddedPolicyText.replace(/^id: jigajob$/m, 'id: contoso').replace('  mailDomains: []', `  mailDomains: ${domains}`), 'own.policy.yaml');
    expect(own('[contoso.com, "*.contoso.com"]').policy?.platform.mailDomains).toEqual(['contoso.com', '*.contoso.com']);
    const { diagnostics } = own('["*.onmicrosoft.com"]');
    expect(diagnostics.map((d) => d.code)).toEqual(['JIG3952']);
    expect(diagnostics[0]!.message).toContain("platform.mailDomains[0] ('*.onmicrosoft.com') is a wildcard over onmicrosoft.com");
  });
});
