/**
 * The simulated world the managed connectors act on during runs: Cosmos DB containers (by
 * `database/container`), each a list of documents. A test states what the containers hold before
 * the run; upserts add to them, deletes remove from them and queries read them, so that a flow reading what another stored,
 * or an analytics flow's opt-out filter, can be seen working.
 */
import { cloneValue, fromJson, isObject, type Value } from '../values.js';

export class World {
  private readonly containers = new Map<string, Value[]>();

  /**
   * @param pageSize the most documents one query page holds (none: every result is one page). Cosmos
   *   DB splits a query's result into pages (by item count, size, time: "Pagination in Azure Cosmos
   *   DB for NoSQL") and Query documents V5 answers one, with a `ContinuationToken` for the rest.
   */
  constructor(
    initial: Readonly<Record<string, readonly unknown[]>> = {},
    readonly pageSize?: number,
  ) {
    for (const [key, documents] of Object.entries(initial)) this.containers.set(key, documents.map(fromJson));
  }

  static key(database: string, container: string): string {
    return `${database}/${container}`;
  }

  documents(database: string, container: string): readonly Value[] {
    return this.containers.get(World.key(database, container)) ?? [];
  }

  /** Inserts or replaces (by `id`) a document; returns what is stored. */
  upsert(database: string, container: string, document: Value): Value {
    const key = World.key(database, container);
    const list = this.containers.get(key) ?? [];
    const stored = cloneValue(document);
    const id = isObject(stored) ? stored['id'] : undefined;
    const index = id === undefined ? -1 : list.findIndex((existing) => isObject(existing) && existing['id'] === id);
    if (index >= 0) list[index] = stored;
    else list.push(stored);
    this.containers.set(key, list);
    return stored;
  }

  /** Removes the document with this `id`; whether there was one. */
  remove(database: string, container: string, id: string): boolean {
    const list = this.containers.get(World.key(database, container)) ?? [];
    const index = list.findIndex((existing) => isObject(existing) && existing['id'] === id);
    if (index < 0) return false;
    list.splice(index, 1);
    return true;
  }

  snapshot(): Record<string, unknown[]> {
    return Object.fromEntries([...this.containers].map(([key, documents]) => [key, JSON.parse(JSON.stringify(documents)) as unknown[]]));
  }
}
