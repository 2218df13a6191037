/**
 * Validators of Jig's fixed JSON schemas as Ajv standalone code. Compiling the schemas at run time
 * costs about 300 ms a `jig build` (workflow.schema.json) and 50 ms a `jig check`
 * (policy.schema.json, and jig-config.schema.json); so scripts/build.mjs replaces this module in the bundle with the code Ajv
 * generates from those schemas with the options of schema-options.json. Run from source (tests,
 * the language server in development), the validators are absent and their users compile the
 * schemas themselves, with the same options.
 */
import type { ValidateFunction } from 'ajv';

export const precompiledWorkflowValidator: ValidateFunction | undefined = undefined;
export const precompiledPolicyValidator: ValidateFunction | undefined = undefined;
export const precompiledConfigValidator: ValidateFunction | undefined = undefined;
