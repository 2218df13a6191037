/**
 * The `ttl` Cosmos DB takes on an item: "Item TTL value must be a nonzero positive integer less
 * than or equal to 2147483647, or -1 which means the item never expires", and "Setting TTL to null
 * on an item isn't supported" (Microsoft, "Time to Live (TTL) in Azure Cosmos DB"). Shared by the
 * emitter, which refuses a retention it could not write, and the engine's simulated Cosmos DB,
 * which refuses such an item as the service does.
 */

/** The longest `ttl`, in seconds: some 68 years. */
export const COSMOS_MAX_TTL_SECONDS = 2_147_483_647;

/** Whether Cosmos DB takes this value as an item's `ttl`. */
export function isCosmosTtl(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && (value === -1 || (value >= 1 && value <= COSMOS_MAX_TTL_SECONDS));
}
