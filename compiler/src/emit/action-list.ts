/**
 * One `actions` map of a workflow under construction. Actions run in the order they were added:
 * each one's `runAfter` names the one before it (source order), except where a step asks for
 * another edge (a catch Scope runs after its try Scope failed).
 */
import type { RunStatus, WdlAction } from './builders.js';

interface Entry {
  readonly name: string;
  readonly action: WdlAction;
  /** An explicit predecessor instead of the previous entry. */
  readonly after?: { readonly name: string; readonly statuses: RunStatus[] };
  /** Statuses of this action after which the next one runs (default: Succeeded). */
  readonly successorRunsOn?: RunStatus[];
}

export class ActionList {
  private readonly entries: Entry[] = [];

  /** @param pointer JSON Pointer of this map in the definition (`/actions`, `/actions/X/actions`). */
  constructor(readonly pointer: string) {}

  /** Adds an action; returns its JSON Pointer. */
  add(
    name: string,
    action: WdlAction,
    options: { after?: Entry['after']; successorRunsOn?: RunStatus[] } = {},
  ): string {
    this.entries.push({ name, action, ...options });
    return this.pointerOf(name);
  }

  /** Moves another list's actions (of the same map) after this one's. */
  addAll(other: ActionList): void {
    this.entries.push(...other.entries.splice(0));
  }

  pointerOf(name: string): string {
    return `${this.pointer}/${name}`;
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** Pointer of the `actions` map nested in an action of this list (`…/NAME/actions`). */
  nested(name: string, ...path: string[]): ActionList {
    return new ActionList([this.pointerOf(name), ...path, 'actions'].join('/'));
  }

  /** The `actions` object, with `runAfter` chained in order. */
  build(): Record<string, WdlAction> {
    const actions: Record<string, WdlAction> = {};
    let previous: Entry | undefined;
    for (const entry of this.entries) {
      const runAfter: Record<string, RunStatus[]> = {};
      if (entry.after) runAfter[entry.after.name] = [...entry.after.statuses];
      else if (previous) runAfter[previous.name] = [...(previous.successorRunsOn ?? ['Succeeded'])];
      // Set on the action itself, which belongs to this list alone; the serializer puts the key in
      // its conventional place (serialize.ts).
      entry.action.runAfter = runAfter;
      actions[entry.name] = entry.action;
      previous = entry;
    }
    return actions;
  }
}
