/**
 * What Jig writes of a Standard logic app's built-in operations (`call service`), as Microsoft's
 * sources state them. A built-in ("service provider") operation is an action of type
 * `ServiceProvider` whose `inputs` are the operation's `parameters` and a
 * `serviceProviderConfiguration` naming the app's built-in connection (`connectionName`, a key of
 * connections.json `serviceProviderConnections`), the operation (`operationId`) and the provider
 * (`serviceProviderId`, `/serviceProviders/NAME`); a retry policy goes in `inputs` as on an
 * ApiConnection. ../shared/notes/logic-apps-connectors.md §4 ("Built-in operations", from the
 * LogicAppsUX designer's mocks and a Standard sample) gives the shape and the connections.json
 * entry; the corpus (C:) writes it so for every provider it uses:
 *
 * - C:azlogicapps__LogicApps-AI-RAG-Demo-SampleAIWorkflows-RAG-Ingestion-Workflow-workflow: Azure
 *   OpenAI `getArrayEmbeddings` (`/serviceProviders/openai`) with a fixed retry policy in its inputs,
 *   Azure AI Search `indexDocuments` (`/serviceProviders/azureaisearch`).
 * - C:azlogicapps__arc-enabled-logic-app-sample-src-RatingsWorkflow-workflow: Blob `uploadBlob`
 *   (`/serviceProviders/AzureBlob`, parameters `containerName`, `blobName`, `content`).
 * - corpus2's Azure__logicapps-migration-agent ServiceProviderTest workflow: Service Bus, Storage
 *   queues, Tables and File System operations side by side, each `{parameters, serviceProviderConfiguration}`.
 *
 * Jig does not model each provider's operations: the connection's settings (its account, namespace
 * or endpoint) are in the app's connections.json and app settings, not in the workflow, so the
 * policy cannot know where a built-in operation writes (policy/destinations.ts treats it as a
 * `call connector`: a third party that cannot be known).
 */

/** The prefix of every built-in provider's id: `/serviceProviders/azureTables`. */
export const SERVICE_PROVIDER_PREFIX = '/serviceProviders/';

/** A provider's or an operation's name as the service writes them (`azureTables`, `getEntity`, `AzureBlob`). */
export const SERVICE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,79}$/;
