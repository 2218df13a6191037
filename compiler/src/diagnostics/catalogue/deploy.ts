/**
 * JIG6001–JIG6999: deploying to Azure (`jig deploy`). These findings concern the deployment, not a
 * place in a source file, so `jig deploy` prints them as `CODE workflow: message` lines; they live in
 * the catalogue so that `jig explain JIG60nn` tells a pipeline's reader what to do.
 */
import { define } from '../definition.js';

export const credentialUnavailable = define<{ detail: string }>({
  code: 'JIG6001',
  name: 'credential-unavailable',
  area: 'deploy',
  severity: 'error',
  title: 'No Azure credential is available',
  message: ({ detail }) =>
    `No Azure credential${detail ? ` (${detail})` : ''}: run \`az login\`, or set AZURE_TENANT_ID and AZURE_CLIENT_ID with AZURE_CLIENT_SECRET (service principal) or AZURE_FEDERATED_TOKEN_FILE (federated identity).`,
  explanation:
    '`jig deploy` signs in with DefaultAzureCredential, which tries, in order: a service principal or federated identity from environment variables (AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE), workload identity, managed identity, then the developer tools (Azure CLI, Azure PowerShell, Azure Developer CLI). On a laptop, run `az login` once. In GitHub Actions, run `azure/login` with OpenID Connect before `jig deploy`. AZURE_TOKEN_CREDENTIALS=AzureCliCredential (or `dev`, `prod`) restricts the chain to one credential or one group, which makes a failure quicker and its cause clearer. Jig asks for a token before it reads or writes anything, so a missing credential never leaves a deployment half done.',
});

export const deploySettingMissing = define<{ setting: string; flag: string; key: string }>({
  code: 'JIG6002',
  name: 'deploy-setting-missing',
  area: 'deploy',
  severity: 'error',
  title: 'A deployment setting (subscription, resource group, location) is missing',
  message: ({ setting, flag, key }) => `No ${setting} to deploy to: pass --${flag} or set deploy.${key} in jig.yaml.`,
  explanation:
    'Every workflow is deployed into one subscription, resource group and location. Give them in the `deploy:` block of the project\'s jig.yaml (`subscription`, `resourceGroup`, `location`) or on the command line (`--subscription`, `--resource-group`, `--location`); the command line wins.',
});

export const parameterValueMissing = define<{ workflow: string; parameter: string }>({
  code: 'JIG6003',
  name: 'parameter-value-missing',
  area: 'deploy',
  severity: 'error',
  title: 'A workflow parameter without a default has no value to deploy with',
  message: ({ workflow, parameter }) =>
    `Workflow '${workflow}' needs a value for parameter '${parameter}', which has no default: set deploy.parameters.${parameter} in jig.yaml.`,
  explanation:
    'A `param` without a default (and every `secret` param) needs a value when the workflow is deployed. Give it in jig.yaml under `deploy.parameters`: a plain value (`approvalsUrl: https://…`), an environment variable (`approvalsKey: { env: APPROVALS_KEY }`) or a Key Vault secret (`approvalsKey: { keyVault: { vault: my-vault, secret: approvals-key } }`).',
});

export const secretGivenAsLiteral = define<{ parameter: string }>({
  code: 'JIG6004',
  name: 'secret-given-as-literal',
  area: 'deploy',
  severity: 'error',
  title: 'A secret parameter is written as a plain value in jig.yaml',
  message: ({ parameter }) =>
    `Parameter '${parameter}' is a secret, but jig.yaml gives it as a plain value: use { env: NAME } or { keyVault: { vault, secret } } so that the secret stays out of the repository.`,
  explanation:
    'jig.yaml is committed with the project, so a secret written in it is a leaked secret. A `secret` param takes its value from an environment variable (set from your CI system\'s secret store) or from an Azure Key Vault secret, which Jig reads at deploy time with the same credential it deploys with. Jig never prints, logs or writes a secret\'s value; it only sends it to Azure as the workflow\'s securestring parameter.',
});

export const environmentVariableMissing = define<{ parameter: string; variable: string }>({
  code: 'JIG6005',
  name: 'environment-variable-missing',
  area: 'deploy',
  severity: 'error',
  title: 'A parameter reads an environment variable that is not set',
  message: ({ parameter, variable }) =>
    `Parameter '${parameter}' reads environment variable ${variable}, which is not set.`,
  explanation:
    'A parameter given as `{ env: NAME }` in jig.yaml takes the value of that environment variable when `jig deploy` runs. In GitHub Actions, map a repository secret to it with `env: NAME: ${{ secrets.NAME }}` on the deploy step. An empty variable counts as set.',
});

export const keyVaultReadFailed = define<{ parameter: string; vault: string; secret: string; reason: string }>({
  code: 'JIG6006',
  name: 'key-vault-read-failed',
  area: 'deploy',
  severity: 'error',
  title: 'A Key Vault secret for a parameter could not be read',
  message: ({ parameter, vault, secret, reason }) =>
    `Could not read secret '${secret}' from Key Vault '${vault}' for parameter '${parameter}': ${reason}`,
  explanation:
    'A parameter given as `{ keyVault: { vault, secret } }` is read from Azure Key Vault at deploy time with the deploying identity. `vault` is the vault\'s name (`https://NAME.vault.azure.net`) or its full https URL (other clouds). The identity needs the "Key Vault Secrets User" role (or a `get` access policy on secrets).',
});

export const connectionNotConfigured = define<{ workflow: string; api: string }>({
  code: 'JIG6007',
  name: 'connection-not-configured',
  area: 'deploy',
  severity: 'error',
  title: 'A workflow uses a managed connector that jig.yaml names no connection for',
  message: ({ workflow, api }) =>
    `Workflow '${workflow}' uses the managed connector '${api}', but jig.yaml names no connection for it: add deploy.connections.${api}.`,
  explanation:
    'Managed connectors (Cosmos DB `documentdb`, `office365`, `azureblob`, `sql`) reach their service through an API connection resource (Microsoft.Web/connections) that exists in the resource group. `jig deploy` does not create connections, because they hold credentials or need an interactive consent; it wires the workflow to the ones jig.yaml names: `deploy.connections.documentdb: { name: cosmos-conn }` (or a full `id`). The workflow\'s `$connections` parameter is filled from these.',
});

export const connectionNotManagedApi = define<{ workflow: string; api: string; setting: string; given: string; expected: string }>({
  code: 'JIG6021',
  name: 'connection-not-managed-api',
  area: 'deploy',
  severity: 'error',
  title: "jig.yaml wires a connector's steps to something other than Microsoft's managed API of that name",
  message: ({ workflow, api, setting, given, expected }) =>
    `Workflow '${workflow}' sends its '${api}' steps through deploy.connections.${api}.${setting} '${given}', which is not ${expected}: the steps were checked as the '${api}' connector, and would send their data wherever that goes instead. Nothing was deployed.`,
  explanation:
    "Jig's policy checks judge each connector step by the connector it names: a `documentdb` store is the client's Cosmos DB, an `office365` mail goes to its recipients, a `servicebus` message to the project's namespaces. The workflow reaches the service through the API connection jig.yaml names under `deploy.connections.API`, so that connection must be one to Microsoft's managed API of that name: `id`, when given, `/subscriptions/SUB/providers/Microsoft.Web/locations/REGION/managedApis/API` (not a custom connector, `Microsoft.Web/customApis/…`, nor another API), and `connectionId`, when given, a `Microsoft.Web/connections` resource. Otherwise the data would go where no check looked.",
});

export const unknownDeployParameter = define<{ parameter: string; suggestion?: string }>({
  code: 'JIG6008',
  name: 'unknown-deploy-parameter',
  area: 'deploy',
  severity: 'warning',
  title: 'jig.yaml gives a value for a parameter that no deployed workflow declares',
  message: ({ parameter, suggestion }) =>
    `deploy.parameters.${parameter} is not a parameter of any workflow being deployed${suggestion ? `; did you mean '${suggestion}'?` : '.'}`,
  explanation:
    'A value in `deploy.parameters` that no workflow uses is usually a misspelled parameter name, or a parameter that was removed from the source. It is ignored.',
});

export const parameterValueInvalid = define<{ parameter: string; type: string; source: string }>({
  code: 'JIG6009',
  name: 'parameter-value-invalid',
  area: 'deploy',
  severity: 'error',
  title: 'A parameter value does not fit the parameter\'s type',
  message: ({ parameter, type, source }) =>
    `Parameter '${parameter}' is of type ${type}, but the value from ${source} is not a valid ${type}.`,
  explanation:
    'Values from environment variables and Key Vault are text; Jig converts them to the parameter\'s type: Int and Float from a number, Bool from `true` or `false`, Array and Object from JSON. The message names where the value came from but never repeats it, since it may be a secret.',
});

export const workflowDrifted = define<{ workflow: string }>({
  code: 'JIG6010',
  name: 'workflow-drifted',
  area: 'deploy',
  severity: 'error',
  title: 'A deployed workflow was changed outside Jig since its last deploy',
  message: ({ workflow }) =>
    `Workflow '${workflow}' was changed outside Jig since it was last deployed (its definition no longer matches its jig-definition-hash tag); not overwritten. Review the change (jig deploy --dry-run shows it), then rerun with --force to replace it.`,
  explanation:
    'Every deploy records a hash of the definition in the workflow\'s `jig-definition-hash` tag. When the deployed definition no longer matches that hash, someone edited the workflow in the portal or with another tool. Overwriting it silently would throw that change away, so `jig deploy` refuses and exits 1. Bring the change into the .jig source, or confirm that it should be discarded, and rerun with `--force`.',
});

export const workflowNotManagedByJig = define<{ workflow: string }>({
  code: 'JIG6011',
  name: 'workflow-not-managed-by-jig',
  area: 'deploy',
  severity: 'error',
  title: 'A workflow of the same name exists but was not deployed by Jig',
  message: ({ workflow }) =>
    `Workflow '${workflow}' already exists but was not deployed by Jig (it has no jig-definition-hash tag); not overwritten. Rerun with --force to take it over.`,
  explanation:
    'A Logic App with the flow\'s name is already in the resource group, and nothing shows that Jig wrote it. It may be another team\'s workflow. Rename the flow, deploy to another resource group, or take the workflow over with `--force`.',
});

export const validationRefused = define<{ workflow: string; code: string; message: string }>({
  code: 'JIG6012',
  name: 'validation-refused',
  area: 'deploy',
  severity: 'error',
  title: 'Azure refused a workflow when validating it',
  message: ({ workflow, code, message }) => `Azure refused workflow '${workflow}': ${code}: ${message}`,
  explanation:
    'Before writing a workflow, `jig deploy` asks Logic Apps to validate it (the `validate` operation), which checks what the compiler cannot see: that connections exist, that expressions evaluate against the real connectors, that the location supports Logic Apps. The service\'s own code and message are shown. Nothing was written for this workflow.',
});

export const deployFailed = define<{ workflow: string; operation: string; message: string }>({
  code: 'JIG6013',
  name: 'deploy-failed',
  area: 'deploy',
  severity: 'error',
  title: 'A request to Azure for a workflow failed',
  message: ({ workflow, operation, message }) => `${operation} workflow '${workflow}' failed: ${message}`,
  explanation:
    'A read, validation or write of the workflow failed after retries (throttling and transient errors are retried with backoff, honouring Retry-After). The summary says which workflows are in place and which are not; `jig deploy` is safe to run again, and unchanged workflows are left alone.',
});

export const credentialRejected = define<{ detail: string }>({
  code: 'JIG6014',
  name: 'credential-rejected',
  area: 'deploy',
  severity: 'error',
  title: 'An Azure credential was found, and Azure rejected it',
  message: ({ detail }) =>
    `The Azure credential was rejected${detail ? ` (${detail})` : ''}: check the client id, tenant and secret, certificate or federated token that AZURE_* name, or run \`az login\` again.`,
  explanation:
    'DefaultAzureCredential found a credential to try (a service principal or federated identity from AZURE_* variables, a managed identity, the Azure CLI\'s login) and Microsoft Entra ID refused it: a wrong or expired client secret, an unknown client id or tenant, a federated token whose issuer or subject the app registration does not trust. Unlike JIG6001 (nothing to sign in with), signing in the same way again will not help: fix the credential. The identity platform\'s own reason (an AADSTS code) is shown. Nothing was read or written in Azure.',
});

export const keyVaultReferenceInvalid = define<{ parameter: string; problem: string }>({
  code: 'JIG6015',
  name: 'key-vault-reference-invalid',
  area: 'deploy',
  severity: 'error',
  title: 'A Key Vault reference in jig.yaml names no possible vault or secret',
  message: ({ parameter, problem }) => `Parameter '${parameter}' reads Key Vault, but ${problem}.`,
  explanation:
    'A parameter given as `{ keyVault: { vault, secret } }` is read at deploy time. `vault` is a vault\'s name (3 to 24 letters, digits and single hyphens, starting with a letter and ending with a letter or digit: `https://NAME.vault.azure.net`) or a full https URL (other clouds); `secret` is a secret\'s name (1 to 127 letters, digits and hyphens). Jig checks these before it signs in, so that every configuration problem shows at once, credentials or not.',
});

export const deployValueBreaksPolicy = define<{ parameters: string; where: string; finding: string }>({
  code: 'JIG6016',
  name: 'deploy-value-breaks-policy',
  area: 'deploy',
  severity: 'error',
  title: 'A parameter value read at deploy time sends data where the policy forbids',
  message: ({ parameters, where, finding }) =>
    `With the value${parameters.includes(',') ? 's' : ''} read at deploy time for ${parameters}, ${where} breaks the policy: ${finding}. Nothing was deployed.`,
  explanation:
    "A URL or mail parameter is checked at every value it can take (§3): its default and every plain value jig.yaml gives it are checked by `jig check`; a value jig.yaml reads from the environment or Key Vault exists only when `jig deploy` runs, so deploy checks the flow again with it before writing anything, and refuses the deployment when the value sends data outside the platform, to a processor not reached there, or anywhere else the policy forbids. The policy's finding is quoted, except for a secure parameter's, which could show part of the secret: then only its code is. Point the parameter at one of the client's own resources (jig.yaml's `resources`), or share with a processor the policy lists there.",
});

const TTL_EXPLANATION =
  "Jig writes each Cosmos DB document with a `ttl` field (the store's or the flow's `@retain`, in seconds), and `jig report` says the data is kept that long. Cosmos DB applies an item's `ttl` only when its container's time to live (`DefaultTimeToLive`, `defaultTtl` in Resource Manager) is on; a container created with the defaults has it off, and then every document is kept for ever, whatever its `ttl` says. So before writing any workflow, `jig deploy` reads every container the workflows store into, through Resource Manager with the deploying identity (the Reader role on the account is enough), and deploys nothing unless each has time to live on: `-1` (on, no default) or a number of seconds. A container default only applies to documents without their own `ttl`, which Jig's never are; a default shorter than a flow's retention would end documents written by other programs sooner, not Jig's.";

export const cosmosRetentionUnverified = define<{ containers: string; reason: string }>({
  code: 'JIG6017',
  name: 'cosmos-retention-unverified',
  area: 'deploy',
  severity: 'error',
  title: 'The workflows store into Cosmos DB, and Jig cannot verify that the containers end the data',
  message: ({ containers, reason }) =>
    `The workflows store into Cosmos DB (${containers}), and Jig cannot verify that time to live is on there, without which every document's \`ttl\` is ignored and the data is kept for ever: ${reason}.`,
  explanation: `${TTL_EXPLANATION} To read the containers, Jig needs the Cosmos DB account the \`documentdb\` connection is wired to: \`deploy.cosmos: { account: NAME }\` in jig.yaml (with \`resourceGroup: NAME\` when the account is in another resource group than the workflows). A retention Jig cannot verify is not certified: the deployment stops.`,
});

export const cosmosContainerTtlOff = define<{ container: string; account: string; workflows: string; fix: string }>({
  code: 'JIG6018',
  name: 'cosmos-container-ttl-off',
  area: 'deploy',
  severity: 'error',
  title: 'A Cosmos DB container the workflows store into has time to live off',
  message: ({ container, account, workflows, fix }) =>
    `Cosmos DB container '${container}' (account '${account}'), where ${workflows} store${workflows.includes(',') ? '' : 's'} documents, has time to live off: the \`ttl\` Jig writes on each document is ignored and the data would be kept for ever. Turn it on (no default): \`${fix}\`. Nothing was deployed.`,
  explanation: `${TTL_EXPLANATION} Turn time to live on with \`az cosmosdb sql container update --resource-group RG --account-name ACCOUNT --database-name DB --name CONTAINER --ttl -1\`, in the portal's Data Explorer (Settings → Time to Live → On (no default)), or with \`defaultTtl: -1\` in the container's Bicep/ARM resource.`,
});

export const cosmosContainerMissing = define<{ container: string; account: string; workflows: string }>({
  code: 'JIG6019',
  name: 'cosmos-container-missing',
  area: 'deploy',
  severity: 'error',
  title: 'A Cosmos DB container the workflows store into does not exist',
  message: ({ container, account, workflows }) =>
    `Cosmos DB container '${container}' does not exist in account '${account}' (or the account or database does not), and ${workflows} store${workflows.includes(',') ? '' : 's'} into it: create it with time to live on (\`--ttl -1\`), or check deploy.cosmos in jig.yaml. Nothing was deployed.`,
  explanation: `${TTL_EXPLANATION} A store into a container that does not exist fails at run time; create the container (with \`az cosmosdb sql container create … --ttl -1\`) before deploying, or correct the account (\`deploy.cosmos.account\`, \`deploy.cosmos.resourceGroup\`).`,
});

export const cosmosContainerReadFailed = define<{ container: string; account: string; message: string }>({
  code: 'JIG6020',
  name: 'cosmos-container-read-failed',
  area: 'deploy',
  severity: 'error',
  title: "Reading a Cosmos DB container's time to live failed",
  message: ({ container, account, message }) =>
    `Reading Cosmos DB container '${container}' (account '${account}') to verify its time to live failed: ${message}. Nothing was deployed.`,
  explanation: `${TTL_EXPLANATION} A read that fails (no permission on the account: 403; throttling after retries) leaves the retention unverified, and an unverified retention is not certified: the deployment stops. Give the deploying identity read access to the Cosmos DB account (the Reader role, or Cosmos DB Account Reader), and run again.`,
});
