/**
 * Which HTTP writes are stores (connectors/storage.ts): a storage account's and Cosmos DB's data
 * endpoints by their host, and the endpoints of other services that keep what they are sent by host
 * and path, while those services' other endpoints (a search query, a key's encryption) keep nothing.
 */
import { describe, expect, test } from 'vitest';
import { storageService } from '../../compiler/src/connectors/storage.js';
import { urlPath } from '../../compiler/src/util/url.js';

const kept = (url: string) => storageService(new URL(url).hostname, () => urlPath(url))?.store;

describe('an HTTP write is a store', () => {
  test.each([
    ['https://contoso.blob.core.windows.net/kids/a.json', 'blob'],
    ['https://contoso.documents.azure.com/dbs/d/colls/c/docs', 'cosmos'],
    ['https://contoso-search.search.windows.net/indexes/contacts/docs/index?api-version=2024-07-01', 'search'],
    ["https://contoso-search.search.windows.net/indexes('contacts')/docs/search.index", 'search'],
    // The path as the runtime sends it: a dot segment that climbs back to docs/index is that endpoint.
    ['https://contoso-search.search.windows.net/indexes/contacts/docs/search/../index', 'search'],
    ['https://contoso-kv.vault.azure.net/secrets/contact-1?api-version=7.4', 'keyvault'],
    ['https://contoso-kv.vault.azure.net/certificates/c/import', 'keyvault'],
    ['https://contoso-config.azconfig.io/kv/contact:1', 'appconfig'],
    ['https://contoso-logs.eastus-1.ingest.monitor.azure.com/dataCollectionRules/dcr-1/streams/Custom-Contacts', 'logs'],
    ['https://0000.ods.opinsights.azure.com/api/logs?api-version=2016-04-01', 'logs'],
    ['https://ingest-contoso.eastus.kusto.windows.net/v1/rest/ingest/db/Contacts', 'dataexplorer'],
    ['https://contoso.api.crm.dynamics.com/api/data/v9.2/contacts', 'dataverse'],
    // A storage account with Azure DNS zone endpoints, and Cosmos DB's dedicated gateway.
    ['https://contoso.z07.blob.storage.azure.net/kids/a.json', 'blob'],
    ['https://contoso.z42.table.storage.azure.net/Kids', 'table'],
    ['https://contoso.sqlx.cosmos.azure.com/dbs/d/colls/c/docs', 'cosmos'],
    ['https://contoso-fhir.fhir.azurehealthcareapis.com/Patient/1', 'fhir'],
    ['https://contoso.azurehealthcareapis.com/Observation', 'fhir'],
    ['https://contoso.api.wus2.digitaltwins.azure.net/digitaltwins/kid-1?api-version=2023-10-31', 'digitaltwins'],
    ['https://contoso.azuredatalakestore.net/webhdfs/v1/kids/a.json?op=CREATE', 'blob'],
    ['https://contoso-ai.openai.azure.com/openai/files?api-version=2024-10-21', 'openai'],
    ['https://contoso-hub.azure-devices.net/twins/kid-1?api-version=2021-04-12', 'iothub'],
    ['https://contoso-hub.azure-devices.net/devices/kid-1/messages/deviceBound?api-version=2021-04-12', 'iothub'],
    ['https://adb-1234.5.azuredatabricks.net/api/2.0/fs/files/Volumes/main/kids/a.json', 'databricks'],
    ['https://contoso-ai.openai.azure.com/openai/threads/t1/messages?api-version=2024-05-01-preview', 'openai'],
  ])('%s: %s', (url, store) => expect(kept(url)).toBe(store));
});

describe('a write that keeps nothing of what it is sent', () => {
  test.each([
    'https://contoso-search.search.windows.net/indexes/contacts/docs/search?api-version=2024-07-01',
    'https://contoso-kv.vault.azure.net/keys/k/encrypt?api-version=7.4',
    'https://contoso.api.crm.dynamics.com/api/oauth2/token',
    'https://contoso.crm.dynamics.com/',
    'https://erp-contoso.azurewebsites.net/api/data/v9.2/contacts',
    'https://contoso-ai.openai.azure.com/openai/deployments/gpt/chat/completions?api-version=2024-10-21',
    'https://contoso.api.wus2.digitaltwins.azure.net/query?api-version=2023-10-31',
  ])('%s', (url) => expect(kept(url)).toBeUndefined());

  test('a vault of credentials and settings keeps data only when it is sent some', () => {
    expect(storageService('contoso-kv.vault.azure.net', () => '/secrets/s')?.dataOnly).toBe(true);
    expect(storageService('contoso.search.windows.net', () => '/indexes/i/docs/index')?.dataOnly).toBeUndefined();
  });
});
