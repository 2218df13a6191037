/**
 * The managed connectors Jig's own steps use, whose `$connections` keys are these API names. `jig
 * deploy` wires every reference to such a key, in a step Jig writes, a `call connector` or a raw
 * action's JSON alike, to Microsoft's managed API of that name (deploy/connections.ts, JIG6021): a
 * connection so named is that API. Any other key is a connection Jig cannot identify.
 */
export const MANAGED_APIS = [
  'documentdb',
  'office365',
  'azureblob',
  'sql',
  'servicebus',
  'teams',
  'sharepointonline',
  'azureeventgrid',
  // Microsoft Defender for Cloud's workflow automation: a trigger each, no action (Microsoft's
  // connector references, learn.microsoft.com/connectors/ascalert and /connectors/ascassessment:
  // an alert, a recommendation). Jig writes no step of theirs; a raw trigger of theirs is imported
  // (jig import), and deploy wires the key to that API, so what the trigger answers is an alert
  // or a recommendation, no credential (connectors/credentials.ts connectionCredential).
  'ascalert',
  'ascassessment',
  // Microsoft Sentinel's: triggers on an incident, an alert or an entity, and actions on a
  // workspace's incidents, entities, watchlists and threat indicators, none of which answers a
  // credential (learn.microsoft.com/connectors/azuresentinel, "Supported triggers and actions in
  // Microsoft Sentinel playbooks").
  'azuresentinel',
] as const;

export type ManagedApi = (typeof MANAGED_APIS)[number];

/**
 * The connections that read what the tenant's Microsoft 365 holds about its people, which mixes
 * business and personal accounts as the policy's mixed source (the mailbox) does: Office 365's
 * mail, calendars and contacts, Teams' chats.
 */
const PEOPLE_APIS: ReadonlySet<string> = new Set<ManagedApi>(['office365', 'teams']);

/**
 * Whether a connection of this `$connections` key reads the mailbox: one of those. A key Jig cannot
 * identify (`office365_1`, `azuretables_1`) names a connection of any API, whose answer holds what
 * its flow declares (README, rule 1), as every value Jig cannot know does.
 */
export function connectionReadsMailbox(key: string): boolean {
  return PEOPLE_APIS.has(key.toLowerCase());
}

/**
 * Whether a `$connections` key is one of the managed APIs `jig deploy` wires to Microsoft's API of
 * that name, as written (deploy/connections.ts checks those keys only): any other names a connection
 * of any API.
 */
export function isManagedApi(key: string): boolean {
  return (MANAGED_APIS as readonly string[]).includes(key);
}
