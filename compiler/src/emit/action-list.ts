/**
 * One `actions` map of a workflow under construction. Actions run in the order they were added:
 * each one's `runAfter` names the one before it (source order), except where a step asks for
 * another edge (a catch Scope runs after its try Scope failed) or other statuses (`@after`), and except in parallel branches,
 * which each start after what precedes them and are all waited for by what follows them.
 */
import type { RunStatus, WdlAction } from './builders.js';

/** An action a later one runs after, and on which of its statuses. */
export interface Predecessor {
  readonly name: string;
  readonly statuses: readonly RunStatus[];
  /** An action beside the chain (`aside`): waited for on these statuses whatever outcome a step's `@after` asks of the chain. */
  readonly beside?: boolean;
}

interface Entry {
  readonly kind: 'action';
  readonly name: string;
  readonly action: WdlAction;
  /** An explicit predecessor instead of the previous entry. */
  readonly after: Predecessor | undefined;
  /** Statuses of this action after which the next one runs (default: Succeeded). */
  readonly successorRunsOn: readonly RunStatus[];
  /**
   * A second action the next one also waits for, on these statuses (a catch's try), unless that
   * action starts its map (nothing before it can fail and skip it).
   */
  readonly successorAlsoAfter: Predecessor | undefined;
  /** The action brings its own `runAfter` (a raw action's, as imported). */
  readonly ownRunAfter: boolean;
  /**
   * The action runs beside the chain, after `after` only: what follows still runs after what
   * preceded it, and waits for this one to have run or been skipped.
   */
  readonly aside: boolean;
}

/** How an action beside the chain may have ended for what follows it to run: done, or not needed. */
const BESIDE_DONE: readonly RunStatus[] = ['Succeeded', 'Skipped'];

const SUCCEEDED: readonly RunStatus[] = ['Succeeded'];

/** Branches of one `parallel`: lists of the same map, each starting where the fork stands. */
interface Fork {
  readonly kind: 'fork';
  readonly branches: readonly ActionList[];
}

/** What follows runs after what precedes on these statuses instead (a step's `@after`). */
interface Outcomes {
  readonly kind: 'outcomes';
  readonly statuses: readonly RunStatus[];
  /** The actions the step before became, in order, when they are several, each run after the one before it succeeded. */
  readonly chain: readonly string[] | undefined;
  /**
   * After a `parallel`: the chains that the last steps of its branches became (a nested
   * `parallel`'s, at any depth), each waited for as `chain` is; a branch's last action otherwise.
   */
  readonly branchChains?: readonly (readonly string[])[];
}

/**
 * A step that becomes a chain of actions A1…An (each run after the one before succeeded) ended
 * in: succeeded, all succeeded; failed (timed out), one failed (timed out) and those after it were
 * skipped; skipped, all skipped. So what runs on some of those outcomes waits for every action of
 * the chain, each on the statuses it can have in them: the last action alone would tell a failure
 * of an earlier one from a skipped step by nothing (both leave it Skipped). Conjoined over the
 * chain, these sets admit exactly the chains of the outcomes asked for.
 */
const CHAIN_STATUSES: Record<'first' | 'middle' | 'last', Record<RunStatus, readonly RunStatus[]>> = {
  first: { Succeeded: ['Succeeded'], Failed: ['Succeeded', 'Failed'], TimedOut: ['Succeeded', 'TimedOut'], Skipped: ['Skipped'] },
  middle: { Succeeded: ['Succeeded'], Failed: ['Succeeded', 'Failed', 'Skipped'], TimedOut: ['Succeeded', 'TimedOut', 'Skipped'], Skipped: ['Skipped'] },
  last: { Succeeded: ['Succeeded'], Failed: ['Failed', 'Skipped'], TimedOut: ['TimedOut', 'Skipped'], Skipped: ['Skipped'] },
};

const STATUS_ORDER: readonly RunStatus[] = ['Succeeded', 'Failed', 'TimedOut', 'Skipped'];

export function chainOutcomes(chain: readonly string[], statuses: readonly RunStatus[]): Predecessor[] {
  return chain.map((name, index) => {
    const position = index === 0 ? 'first' : index === chain.length - 1 ? 'last' : 'middle';
    const allowed = new Set(statuses.flatMap((status) => CHAIN_STATUSES[position][status]));
    return { name, statuses: STATUS_ORDER.filter((status) => allowed.has(status)) };
  });
}

export class ActionList {
  private readonly entries: (Entry | Fork | Outcomes)[] = [];
  /** Where the last step written in this list began (beginStep), for an `@after` after the `parallel` it ends a branch of. */
  private lastStepStart: number | undefined;

  /**
   * The rest of a loop's pass after a step that may `fail`, inside the If that runs it only when
   * that step succeeded and no failure was recorded (steps.ts, unlessFailed): when the If is
   * skipped, every action in it is, whatever its `runAfter` says. Its branches share it.
   */
  guardedRest = false;

  /** A branch of a `parallel` that a step after it waits for (the parallel's join), at any depth of parallels. */
  joinedAfter = false;

  /** @param pointer JSON Pointer of this map in the definition (`/actions`, `/actions/X/actions`). */
  constructor(readonly pointer: string) {}

  /** Adds an action; returns its JSON Pointer. */
  add(
    name: string,
    action: WdlAction,
    options?: { after?: Predecessor; successorRunsOn?: RunStatus[]; successorAlsoAfter?: Predecessor; ownRunAfter?: boolean; aside?: boolean },
  ): string {
    // Every entry has the same keys, so that `place` reads them from one object shape.
    this.entries.push({
      kind: 'action',
      name,
      action,
      after: options?.after,
      successorRunsOn: options?.successorRunsOn ?? SUCCEEDED,
      successorAlsoAfter: options?.successorAlsoAfter,
      ownRunAfter: options?.ownRunAfter ?? false,
      aside: options?.aside ?? false,
    });
    return this.pointerOf(name);
  }

  /** Moves another list's actions (of the same map) after this one's. */
  addAll(other: ActionList): void {
    this.entries.push(...other.entries.splice(0));
  }

  /**
   * Adds `count` branches that start together after what precedes them; what is added to this
   * list afterwards runs after the last action of every branch. Returns the branches' lists.
   */
  fork(count: number): ActionList[] {
    const branches = Array.from({ length: count }, () => new ActionList(this.pointer));
    for (const branch of branches) branch.guardedRest = this.guardedRest;
    this.entries.push({ kind: 'fork', branches });
    return branches;
  }

  /**
   * The next action added runs after what precedes it on `statuses` (each predecessor's) instead
   * of on its success. Returns how many entries the list had, for `addedSince`.
   */
  runNextOn(statuses: readonly RunStatus[], stepStart?: number): number {
    const fork = stepStart === undefined ? undefined : this.forkAt(stepStart);
    if (fork) this.entries.push({ kind: 'outcomes', statuses, chain: undefined, branchChains: fork.flatMap((branch) => branch.lastStepChains()) });
    else this.entries.push({ kind: 'outcomes', statuses, chain: stepStart === undefined ? undefined : this.chainSince(stepStart) });
    return this.entries.length;
  }

  /** Notes that what is added next is one step's (its start, returned), for lastStepChains and lastStepAdded. */
  beginStep(): number {
    this.lastStepStart = this.entries.length;
    return this.lastStepStart;
  }

  /** The branches of the `parallel` whose fork entry stands at `start`, if one does. */
  forkAt(start: number): readonly ActionList[] | undefined {
    const entry = this.entries[start];
    return entry?.kind === 'fork' ? entry.branches : undefined;
  }

  /** Where the last step written in this list began, and whether it added an action (or a fork) of its own. */
  get lastStep(): { readonly start: number; readonly added: boolean } | undefined {
    return this.lastStepStart === undefined ? undefined : { start: this.lastStepStart, added: this.addedSince(this.lastStepStart) };
  }

  /**
   * The chains of actions the last step of this list became, for an `@after` after the `parallel`
   * whose branch this list is: its own, when it became several; those of its branches' last steps
   * when it is a `parallel` itself; none when it became one action (its tail is waited for as it is).
   */
  private lastStepChains(): (readonly string[])[] {
    if (this.lastStepStart === undefined) return [];
    const fork = this.forkAt(this.lastStepStart);
    if (fork) return fork.flatMap((branch) => branch.lastStepChains());
    const chain = this.chainSince(this.lastStepStart);
    return chain ? [chain] : [];
  }

  /** The names of the actions added since `size`, when they are two or more in a plain chain. */
  private chainSince(size: number): string[] | undefined {
    // What runs beside the chain is waited for as it is (place): the chain is the rest.
    const added = this.entries.slice(size).filter((entry) => entry.kind !== 'action' || !entry.aside);
    if (added.length < 2) return undefined;
    const names: string[] = [];
    for (const [index, entry] of added.entries()) {
      if (entry.kind !== 'action' || entry.ownRunAfter || entry.successorAlsoAfter) return undefined;
      if (index > 0 && entry.after) return undefined;
      if (index < added.length - 1 && (entry.successorRunsOn.length !== 1 || entry.successorRunsOn[0] !== 'Succeeded')) return undefined;
      names.push(entry.name);
    }
    return names;
  }

  /** How many entries the list holds: what `addedSince` compares. */
  get size(): number {
    return this.entries.length;
  }

  /** Whether an action (or a fork) was added after the list had `size` entries. */
  addedSince(size: number): boolean {
    // Asked twice a step: read in place, no copy of the entries.
    for (let index = size; index < this.entries.length; index++) if (this.entries[index]!.kind !== 'outcomes') return true;
    return false;
  }

  pointerOf(name: string): string {
    return `${this.pointer}/${name}`;
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** Pointer of the `actions` map nested in an action of this list (`…/NAME/actions`). */
  nested(name: string, ...path: string[]): ActionList {
    let pointer = this.pointerOf(name);
    for (const segment of path) pointer += `/${segment}`;
    return new ActionList(`${pointer}/actions`);
  }

  /** The `actions` object, with `runAfter` chained in order, the first after `start` (nothing: the trigger). */
  build(start: readonly Predecessor[] = []): Record<string, WdlAction> {
    const actions = keyedByName<WdlAction>();
    this.place(actions, start);
    return actions;
  }

  /** Puts this list's actions into `actions`, the first after `tails`; returns the new tails. */
  private place(actions: Record<string, WdlAction>, tails: readonly Predecessor[]): readonly Predecessor[] {
    let current = tails;
    for (const entry of this.entries) {
      if (entry.kind === 'outcomes' && entry.branchChains) {
        // Each branch's tail on these statuses; one that ends a chain, with the chain's actions.
        const chains = new Map(entry.branchChains.map((chain) => [chain.at(-1)!, chain]));
        current = current.flatMap((tail) => {
          const chain = chains.get(tail.name);
          return tail.beside ? [tail] : chain ? chainOutcomes(chain, entry.statuses) : [{ name: tail.name, statuses: entry.statuses }];
        });
        continue;
      }
      if (entry.kind === 'outcomes') {
        const beside = current.filter((tail) => tail.beside);
        current = entry.chain
          ? [...chainOutcomes(entry.chain, entry.statuses), ...beside]
          : current.map((tail) => (tail.beside ? tail : { name: tail.name, statuses: entry.statuses }));
        continue;
      }
      if (entry.kind === 'fork') {
        const joined = new Map<string, Predecessor>();
        for (const branch of entry.branches) for (const tail of branch.place(actions, current)) joined.set(tail.name, tail);
        current = [...joined.values()];
        continue;
      }
      // Set on the action itself, which belongs to this list alone; the serializer puts the key in
      // its conventional place (serialize.ts).
      if (!entry.ownRunAfter) entry.action.runAfter = runAfter(entry.after ? [entry.after] : current);
      actions[entry.name] = entry.action;
      if (entry.aside) {
        current = [...current, { name: entry.name, statuses: BESIDE_DONE, beside: true }];
        continue;
      }
      const own: Predecessor = { name: entry.name, statuses: entry.successorRunsOn };
      const also = entry.successorAlsoAfter;
      current = also && !startsMap(actions, also.name) ? [own, also] : [own];
    }
    return current;
  }
}

/** Whether the action `name` already placed runs first in its map (its `runAfter` is empty). */
function startsMap(actions: Record<string, WdlAction>, name: string): boolean {
  return Object.keys(actions[name]?.runAfter ?? {}).length === 0;
}

/** A `runAfter`: each predecessor with its statuses (an array of the action's own). */
function runAfter(predecessors: readonly Predecessor[]): Record<string, RunStatus[]> {
  const result = keyedByName<RunStatus[]>();
  for (const predecessor of predecessors) result[predecessor.name] = predecessor.statuses.slice();
  return result;
}

/**
 * An object keyed by action names, made without a prototype: V8 keeps such an object as a
 * dictionary from the start. A literal `{}` given a property of every name a workflow's actions
 * have would get a hidden class of its own for each new name, in a tree of transitions that every
 * other workflow's names extend (every file of a workspace names its own actions): in a callgrind
 * of the bench's check, new transitions took 2% of the main thread's instructions. Keys keep
 * their order, and JSON.stringify writes such an object as any other.
 */
function keyedByName<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
