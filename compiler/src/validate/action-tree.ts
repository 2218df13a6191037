/**
 * The actions of an emitted definition as a tree: each with its JSON Pointer, the action that holds
 * it and its depth, as the service counts them (top-level actions are depth 1; the actions of If,
 * else, Switch cases and default, Foreach, Until and Scope are one deeper than their holder).
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

/** The nested actions maps an action holds, with their pointers. */
function childMaps(action: Record<string, unknown>, pointer: string): [Record<string, unknown>, string][] {
  const maps: [Record<string, unknown>, string][] = [];
  if (isRecord(action.actions)) maps.push([action.actions, `${pointer}/actions`]);
  for (const key of ['else', 'default']) {
    const branch = action[key];
    if (isRecord(branch) && isRecord(branch.actions)) maps.push([branch.actions, `${pointer}/${key}/actions`]);
  }
  if (isRecord(action.cases)) {
    for (const [name, branch] of Object.entries(action.cases)) {
      if (isRecord(branch) && isRecord(branch.actions)) maps.push([branch.actions, `${pointer}/cases/${escapePointerSegment(name)}/actions`]);
    }
  }
  return maps;
}

export function actionTree(definition: unknown): ActionTree {
  const actions: ActionNode[] = [];
  const maps: ActionMap[] = [];
  // An explicit stack: a pathological definition must not exhaust the call stack.
  const pending: { map: unknown; pointer: string; parent?: ActionNode; depth: number }[] = [];
  if (isRecord(definition)) pending.push({ map: definition.actions, pointer: '/actions', depth: 1 });
  while (pending.length > 0) {
    const { map, pointer, parent, depth } = pending.pop()!;
    if (!isRecord(map)) continue;
    const members: ActionNode[] = [];
    const mapIndex = maps.length;
    maps.push({ pointer, parent, actions: members });
    const children: typeof pending = [];
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
      for (const [child, childPointer] of childMaps(action, node.pointer)) {
        children.push({ map: child, pointer: childPointer, parent: node, depth: depth + 1 });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]!);
  }
  return { actions, maps };
}

export function* ancestors(node: ActionNode): Generator<ActionNode> {
  for (let current = node.parent; current; current = current.parent) yield current;
}
