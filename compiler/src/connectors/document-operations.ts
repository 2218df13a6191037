/**
 * What Jig writes of the Data Operations "Parse a document" (`ParseDocument`) and "Chunk text"
 * (`ChunkText`) actions, built into the Logic Apps runtime (Consumption and Standard; no
 * connection, nothing leaves the run), as Microsoft's sources state them:
 *
 * - LogicAppsUX libs/logic-apps-shared/src/designer-client-services/lib/consumption/manifests/
 *   parsedocument.ts: inputs `{ content }` (required), outputs `body.text` (string), connector
 *   `connectionProviders/dataOperationNew`, settings `secureData` (inputs and outputs) and
 *   `trackedProperties`.
 * - …/manifests/chunktext.ts: inputs `chunkingStrategy` (`TokenSize`, the only one), `text`,
 *   `encodingModel` (default `cl100k_base`, one of the five below), `tokenSize` (1 to 8000,
 *   default 5000), `pageOverlapLength` (default 0), all required; outputs `body.value` (string
 *   array).
 * - learn.microsoft.com/azure/logic-apps/parse-document-chunk-text ("Parse or chunk content for
 *   workflows in Azure Logic Apps"): both are Data Operations actions, run by the service itself.
 *
 * The corpus (C: `../shared/wdl/corpus`) writes them so in its AI ingestion flows (e.g.
 * C:azlogicapps__LogicApps-AI-RAG-Demo-…), reading `body('Parse_a_document')?['text']` and
 * `body('Chunk_text')['value']`; about half of its ChunkText actions spell the three options with
 * a capital (`EncodingModel`, `TokenSize`, `PageOverlapLength`), as an older designer wrote them,
 * which Jig does not write (`jig import` keeps those raw).
 */

export const CHUNKING_STRATEGY = 'TokenSize';

/** The tokenizers' encoding models the designer offers (chunktext.ts `x-ms-editor-options`). */
export const ENCODING_MODELS: readonly string[] = ['r50k_base', 'p50k_base', 'p50k_edit', 'cl100k_base', 'cl200k_base'];

/** The values Jig writes for the options a `chunk text` leaves out: the designer's defaults. */
export const CHUNK_DEFAULTS = { encodingModel: 'cl100k_base', tokenSize: 5000, pageOverlapLength: 0 } as const;

/** The most tokens a chunk may hold (chunktext.ts `tokenSize.maximum`). */
export const MAX_TOKEN_SIZE = 8000;
