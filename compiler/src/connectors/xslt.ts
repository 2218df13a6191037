/**
 * An XSLT map applied by Logic Apps (`transform xml EXPR with [app | data] map "NAME"`): an Xslt
 * action. Microsoft's sources write it three ways, by where the map is kept:
 * - an integration account's map (Consumption, and Standard linked to one): `inputs.integrationAccount.map.name`,
 *   with the map's parameters as `inputs.xsltParameters` (azure-docs logic-apps-enterprise-integration-transform,
 *   "Transform XML"; the corpus's jeffhollan__LogicAppTemplateCreator tests, INT0012C and INT0040);
 * - a Standard app's own map (its `Artifacts/Maps` folder): `inputs.map: { source: "LogicApp", name }`;
 * - a Data Mapper map of a Standard app, the same with `"kind": "DataMapper"` (the designer's
 *   "Transform using Data Mapper XSLT": latemplates__send-alerts-business-process-tracking,
 *   logicappunit__call-data-mapper-workflow).
 * The map runs inside the service (the integration account is the client's own resource, and a
 * Standard app's map its own file): nothing leaves the platform, and what it writes is made from
 * its content and its parameters.
 */
import type { XsltMapSource } from '../syntax/tree.js';

/** `map.source` of a Standard app's own map. */
export const APP_MAP_SOURCE = 'LogicApp';

/** The action's `kind` for a Data Mapper map. */
export const DATA_MAPPER_KIND = 'DataMapper';

/** The inputs and kind an Xslt action has for a map kept so. */
export function xsltShape(source: XsltMapSource, name: string): { readonly kind?: string; readonly map: Record<string, unknown> } {
  if (source === 'account') return { map: { integrationAccount: { map: { name } } } };
  return { ...(source === 'data' && { kind: DATA_MAPPER_KIND }), map: { map: { source: APP_MAP_SOURCE, name } } };
}
