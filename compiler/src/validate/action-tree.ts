/**
 * The actions of an emitted definition as a tree: each with its JSON Pointer, the action that holds
 * it and its depth, as the service counts them (top-level actions are depth 1; the actions of If,
 * else, Switch cases and default, Foreach, Until, Scope and an Agent's tools are one deeper than their holder).
 */
import { escapePointerSegment } from '../util/json-pointer.js';

export interface ActionNode {
  readonly name: string;
  readonly action: Readonly<Record<string, unknown>>;
  /** Lower-cased `type` ('' when absent). */
  readonly type: string;
  readonly pointer: string;
  readonly parent?: ActionNode;
  readonly depth: number;
  /** Index into `ActionTree.maps` of the actions map that holds it. */
  readonly mapIndex: number;
}

export interface ActionMap {
  readonly pointer: string;
  readonly parent?: ActionNode;
  readonly actions: readonly ActionNode[];
}

export interface ActionTree {
  /** Every action, map by map (each map in document order, outer maps first). */
  readonly actions: readonly ActionNode[];
  readonly maps: readonly ActionMap[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** An actions map still to be read. */
interface PendingMap {
  readonly map: unknown;
  readonly pointer: string;
  readonly parent: ActionNode | undefined;
  readonly depth: number;
}

/** Appends the nested actions maps an action holds, with their pointers, to `pending`. */
function pushChildMaps(node: ActionNode, pending: PendingMap[]): void {
  const action = node.action;
  const depth = node.depth + 1;
  if (isRecord(action.actions)) pending.push({ map: action.actions, pointer: `${node.pointer}/actions`, parent: node, depth });
  const otherwise = action.else;
  if (isRecord(otherwise) && isRecord(otherwise.actions)) {
    pending.push({ map: otherwise.actions, pointer: `${node.pointer}/else/actions`, parent: node, depth });
  }
  const byDefault = action.default;
  if (isRecord(byDefault) && isRecord(byDefault.actions)) {
    pending.push({ map: byDefault.actions, pointer: `${node.pointer}/default/actions`, parent: node, depth });
  }
  // A Switch's cases and an Agent's tools: named branches, each with its actions.
  pushBranchMaps(node, 'cases', pending);
  pushBranchMaps(node, 'tools', pending);
}

function pushBranchMaps(node: ActionNode, key: 'cases' | 'tools', pending: PendingMap[]): void {
  const branches = node.action[key];
  if (!isRecord(branches)) return;
  for (const name in branches) {
    const branch = branches[name];
    if (!Object.hasOwn(branches, name) || !isRecord(branch) || !isRecord(branch.actions)) continue;
    pending.push({ map: branch.actions, pointer: `${node.pointer}/${key}/${escapePointerSegment(name)}/actions`, parent: node, depth: node.depth + 1 });
  }
}

export function actionTree(definition: unknown): ActionTree {
  const actions: ActionNode[] = [];
  const maps: ActionMap[] = [];
  // An explicit stack: a pathological definition must not exhaust the call stack.
  const pending: PendingMap[] = [];
  if (isRecord(definition)) pending.push({ map: definition.actions, pointer: '/actions', parent: undefined, depth: 1 });
  while (pending.length > 0) {
    const { map, pointer, parent, depth } = pending.pop()!;
    if (!isRecord(map)) continue;
    const members: ActionNode[] = [];
    const mapIndex = maps.length;
    maps.push({ pointer, parent, actions: members });
    // This map's nested maps go on the stack in document order, then are reversed so that the
    // first is read next.
    const firstChild = pending.length;
    for (const name in map) {
      const action = map[name];
      if (!Object.hasOwn(map, name) || !isRecord(action)) continue;
      const node: ActionNode = {
        name,
        action,
        type: typeof action.type === 'string' ? action.type.toLowerCase() : '',
        pointer: `${pointer}/${escapePointerSegment(name)}`,
        parent,
        depth,
        mapIndex,
      };
      members.push(node);
      actions.push(node);
      pushChildMaps(node, pending);
    }
    for (let low = firstChild, high = pending.length - 1; low < high; low++, high--) {
      const swap = pending[low]!;
      pending[low] = pending[high]!;
      pending[high] = swap;
    }
  }
  return { actions, maps };
}

export function* ancestors(node: ActionNode): Generator<ActionNode> {
  for (let current = node.parent; current; current = current.parent) yield current;
}
