/**
 * Which run history a request reads (connectors/logic-apps.ts `historyReadAt`): the workflow its
 * path names, any workflow where it names none Jig can read, and none where it names no runs.
 */
import { describe, expect, test } from 'vitest';
import { historyReadAt } from '../../compiler/src/connectors/logic-apps.js';

const read = (url: string, computed = false) => historyReadAt(new URL(url.replace('${x}', 'x')).hostname, url.replace('${x}', '/'), computed);

describe('run history reads', () => {
  test.each([
    ['https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.Logic/workflows/Take_Invoice/runs?api-version=2019-05-01', 'Take_Invoice'],
    ['https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/microsoft.logic/WORKFLOWS/take/triggers/manual/histories', 'take'],
    ['https://management.usgovcloudapi.net/subscriptions/s/resourceGroups/rg/providers/Microsoft.Logic/workflows/take/runs/R/actions', 'take'],
    // Dot segments are resolved as the runtime resolves them: the workflow is the one they reach.
    ['https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.Logic/workflows/other/../take/runs', 'take'],
    ['https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.Logic/workflows/other/%2e%2e/take/runs', 'take'],
    ['https://app.azurewebsites.net/runtime/webhooks/workflow/api/management/workflows/take/runs?api-version=2018-11-01', 'take'],
    ['https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app/hostruntime/runtime/webhooks/workflow/api/management/workflows/take/runs', 'take'],
  ])('%s reads the runs of %s', (url, workflow) => {
    expect(read(url)).toEqual({ workflow });
  });

  test.each([
    // Ids, not names: a Consumption content link, a Standard one.
    'https://prod-27.eastus.logic.azure.com/workflows/0a1b2c/runs/R/actions/A/contents/ActionOutputs?sig=x',
    'https://app.azurewebsites.net/runtime/webhooks/workflow/scaleUnits/prod-00/workflows/0a1b/runs/R/contents/TriggerOutputs',
    'https://management.azure.com/batch?api-version=2020-06-01',
    // The diagnostic logs of runs: which actions ran, of every workflow that sends them there.
    'https://api.loganalytics.io/v1/workspaces/0a1b/query?query=AzureDiagnostics',
    'https://api.applicationinsights.io/v1/apps/0a1b/query',
    // A Standard app keeps its runs in a storage account (AzureWebJobsStorage) Jig does not know.
    "https://appstore.table.core.windows.net/flow0a1bactions()?$filter=PartitionKey eq 'x'",
    'https://appstore.blob.core.windows.net/flow0a1b-contents/run.json',
    'https://appstore.queue.core.windows.net/flow0a1bjobtriggers00/messages?peekonly=true',
    'https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs/api/query?api-version=2020-08-01',
    'https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app/hostruntime/runtime/webhooks/workflow/api/management/workflows',
  ])('%s may read any run', (url) => {
    expect(read(url)).toEqual({});
  });

  test('a write to a storage account reads no runs', () => {
    expect(historyReadAt('appstore.blob.core.windows.net', 'https://appstore.blob.core.windows.net/c/x.json', false, true)).toBeUndefined();
  });

  test('a computed path may read any run, and a computed workflow name names none', () => {
    expect(read('https://management.azure.com/subscriptions/s/${x}', true)).toEqual({});
    expect(read('https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.Logic/workflows/${x}/runs', true)).toEqual({});
  });

  test.each([
    'https://management.azure.com/subscriptions/s/resourceGroups/rg?api-version=2021-04-01',
    'https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.Logic/workflows/take?api-version=2019-05-01',
    'https://api.example.com/workflows/take/runs',
    'https://prod-27.eastus.logic.azure.com/workflows/0a1b/triggers/manual/paths/invoke?sig=x',
    'https://contoso.documents.azure.com/dbs/db/colls/c/docs',
  ])('%s reads no runs', (url) => {
    expect(read(url)).toBeUndefined();
  });
});
