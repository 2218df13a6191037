/**
 * The workflow schema's validator as Ajv standalone code. Compiling workflow.schema.json at run
 * time costs about 300 ms, a sixth of a build; so scripts/build.mjs replaces this module in the
 * bundle with the code Ajv generates from that schema and workflow-schema-options.json. Run from
 * source (tests, the language server in development), it is absent and validate-emitted.ts
 * compiles the schema itself.
 */
import type { ValidateFunction } from 'ajv';

export const precompiledWorkflowValidator: ValidateFunction | undefined = undefined;
