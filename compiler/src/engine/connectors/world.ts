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
   * What the pass of a concurrent loop that is running reads (`concurrently`): the containers as
   * its window of passes found them, with its own writes; absent outside such a pass.
   */
  private view: Map<string, Value[]> | undefined;

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
    return (this.view ?? this.containers).get(World.key(database, container)) ?? [];
  }

  /** Inserts or replaces (by `id`) a document; returns what is stored. */
  upsert(database: string, container: string, document: Value): Value {
    const stored = cloneValue(document);
    upsertInto(this.containers, World.key(database, container), stored);
    if (this.view) upsertInto(this.view, World.key(database, container), stored);
    return stored;
  }

  /** Removes the document with this `id`; whether there was one. */
  remove(database: string, container: string, id: string): boolean {
    const key = World.key(database, container);
    if (this.view) removeFrom(this.view, key, id);
    return removeFrom(this.containers, key, id);
  }

  /**
   * Runs the passes of a window of a concurrent For each (`passes`, each a function that runs one
   * pass), in the interleaving that a read-then-write loses most in: every pass reads the
   * containers as the window found them (and its own writes), not what the window's other passes
   * wrote, as when all passes of the window start together and each reads before the others'
   * writes land, a schedule the service may take (Microsoft: a For each's iterations run in
   * parallel by default, up to 20 at once; logic-apps-control-flow-loops). Writes land in the
   * world as they happen. A flow that reads, then writes what it read decides (the §6 opt-out
   * mark a store keeps) thus loses another pass's write here as it could in Azure, where running
   * the passes one after another would hide it. Returns what each pass returned.
   */
  concurrently<T>(passes: readonly (() => T)[]): T[] {
    const outer = this.view;
    const window = copyOf(outer ?? this.containers);
    try {
      return passes.map((pass) => {
        this.view = copyOf(window);
        return pass();
      });
    } finally {
      this.view = outer;
    }
  }

  /** The containers as they are (what is written, whichever pass reads what). */
  snapshot(): Record<string, unknown[]> {
    return Object.fromEntries([...this.containers].map(([key, documents]) => [key, JSON.parse(JSON.stringify(documents)) as unknown[]]));
  }
}

function upsertInto(containers: Map<string, Value[]>, key: string, stored: Value): void {
  const list = containers.get(key) ?? [];
  const id = isObject(stored) ? stored['id'] : undefined;
  const index = id === undefined ? -1 : list.findIndex((existing) => isObject(existing) && existing['id'] === id);
  if (index >= 0) list[index] = stored;
  else list.push(stored);
  containers.set(key, list);
}

function removeFrom(containers: Map<string, Value[]>, key: string, id: string): boolean {
  const list = containers.get(key) ?? [];
  const index = list.findIndex((existing) => isObject(existing) && existing['id'] === id);
  if (index < 0) return false;
  list.splice(index, 1);
  return true;
}

/** A copy of the lists (documents are replaced whole on write, never changed in place, so they are shared). */
const copyOf = (containers: ReadonlyMap<string, Value[]>): Map<string, Value[]> => new Map([...containers].map(([key, list]) => [key, [...list]]));
