/**
 * The function library of the template language, by family as Microsoft's reference orders it.
 * Names are matched ignoring case, as the service matches them (`utcnow()` is `utcNow()`).
 */
import { collectionFunctions } from './collections.js';
import { conversionFunctions } from './conversion.js';
import { dateFunctions } from './dates.js';
import { logicalFunctions } from './logical.js';
import { manipulationFunctions } from './manipulation.js';
import { mathFunctions } from './math.js';
import type { FunctionSpec } from './spec.js';
import { stringFunctions } from './strings.js';
import { uriFunctions } from './uris.js';
import { workflowFunctions } from './workflow.js';

export type { FunctionSpec } from './spec.js';

export const allFunctions: readonly FunctionSpec[] = [
  ...stringFunctions,
  ...collectionFunctions,
  ...logicalFunctions,
  ...conversionFunctions,
  ...mathFunctions,
  ...dateFunctions,
  ...workflowFunctions,
  ...uriFunctions,
  ...manipulationFunctions,
];

const byName = new Map(allFunctions.map((fn) => [fn.name.toLowerCase(), fn]));
if (byName.size !== allFunctions.length) throw new Error('A template language function is declared twice');

export function lookupFunction(name: string): FunctionSpec | undefined {
  return byName.get(name.toLowerCase());
}
