/**
 * A Liquid map applied by Logic Apps (`transform liquid "KIND" EXPR with [app] map "NAME"`): a
 * Liquid action. Its kind says what it reads and writes (LogicAppsUX,
 * libs/logic-apps-shared/src/designer-client-services/lib/base/operationmanifest.ts: the kinds
 * JsonToJson, JsonToText, XmlToJson and XmlToText; consumption/manifests/liquid.ts: the content is
 * JSON for a Json kind and XML text for an Xml one, the result an object for a …ToJson kind and text
 * for a …ToText one). The map is kept where an Xslt action's is (connectors/xslt.ts): an integration
 * account's (`inputs.integrationAccount.map.name`, the manifest's `integrationAccount`; the corpus's
 * jeffhollan__LogicAppTemplateCreator IntegrationAccountMaps test) or a Standard app's own
 * (`inputs.map: { source: "LogicApp", name }`, its Artifacts/Maps; sahinozd__LogicAppsStandard.Testing's
 * sample workflow). The map runs inside the service: nothing leaves the platform, and what it
 * writes is made from its content.
 */

/** The kinds of a Liquid action, as the designer writes them. */
export const LIQUID_KINDS = ['JsonToJson', 'JsonToText', 'XmlToJson', 'XmlToText'] as const;

/** Whether a kind's result is text (else a JSON value). */
export const writesText = (kind: string): boolean => kind.endsWith('ToText');
