/**
 * The service limits and save rules a compiler can see in an emitted workflow, reported at compile
 * time at the step that caused them (the emitter's `pointers` lead from an action back to its step)
 * instead of as a refusal at deploy time. The limits and the rules' wording follow
 * shared/wdl/save_rules.py, which quotes the documentation each comes from.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import * as emitDiagnostics from '../diagnostics/catalogue/emit.js';
import type { TextRange } from '../syntax/source.js';
import { escapePointerSegment, pointerOf } from '../util/json-pointer.js';
import { actionTree, ancestors, type ActionNode, type ActionTree } from '../validate/action-tree.js';
import type { EmittedWorkflow } from './workflow.js';
import { expressionsIn } from './wdl-strings.js';

/** From Microsoft's "Limits and configuration reference for Azure Logic Apps". */
export const LIMITS = {
  actionsPerWorkflow: 500,
  nestingDepth: 8,
  switchCases: 25,
  nameLength: 80,
  expressionLength: 8192,
  variablesPerWorkflow: 250,
  parametersPerWorkflow: 50,
} as const;

const LOOP_TYPES = new Set(['foreach', 'until']);

export function checkLimits(workflow: EmittedWorkflow): Diagnostic[] {
  const definition = workflow.definition as unknown as Record<string, unknown>;
  const tree = actionTree(definition);
  const locate = locator(workflow);
  const diagnostics: Diagnostic[] = [];
  const report = (pointer: string, build: (range: TextRange) => Diagnostic) => diagnostics.push(build(locate(pointer)));

  const actionCount = tree.actions.length;
  if (actionCount > LIMITS.actionsPerWorkflow) {
    report('/actions', (range) =>
      emitDiagnostics.tooManyActions(range, { count: actionCount, limit: LIMITS.actionsPerWorkflow }, { pointer: '/actions' }),
    );
  }

  const parameterCount = Object.keys((definition.parameters as object | undefined) ?? {}).length;
  if (parameterCount > LIMITS.parametersPerWorkflow) {
    report('/parameters', (range) =>
      emitDiagnostics.tooManyParameters(range, { count: parameterCount, limit: LIMITS.parametersPerWorkflow }, { pointer: '/parameters' }),
    );
  }

  const variableCount = tree.actions
    .filter((node) => node.type === 'initializevariable')
    .reduce((sum, node) => sum + variablesDeclaredBy(node), 0);
  if (variableCount > LIMITS.variablesPerWorkflow) {
    report('/actions', (range) =>
      emitDiagnostics.tooManyVariables(range, { count: variableCount, limit: LIMITS.variablesPerWorkflow }, { pointer: '/actions' }),
    );
  }

  const triggers = (definition.triggers as Record<string, { type?: unknown }> | undefined) ?? {};
  for (const name of Object.keys(triggers)) checkName(name, pointerOf(['triggers', name]));
  for (const node of tree.actions) {
    checkName(node.name, node.pointer);
    checkPlacement(node);
    if (node.depth === LIMITS.nestingDepth + 1) {
      // Only the first level past the limit: the deeper actions follow from it.
      report(node.pointer, (range) =>
        emitDiagnostics.nestingTooDeep(range, { action: node.name, depth: node.depth, limit: LIMITS.nestingDepth }, { pointer: node.pointer }),
      );
    }
    const cases = node.type === 'switch' ? Object.keys((node.action.cases as object | undefined) ?? {}).length : 0;
    if (cases > LIMITS.switchCases) {
      report(node.pointer, (range) =>
        emitDiagnostics.tooManySwitchCases(range, { action: node.name, count: cases, limit: LIMITS.switchCases }, { pointer: node.pointer }),
      );
    }
  }
  checkResponses(tree, triggers);
  checkRunAfter(tree, new Set(Object.keys(triggers).map((name) => name.toLowerCase())));
  for (const [pointer, length] of longExpressions(definition)) {
    report(pointer, (range) =>
      emitDiagnostics.expressionTooLong(range, { length, limit: LIMITS.expressionLength }, { pointer }),
    );
  }
  return diagnostics;

  function checkName(name: string, pointer: string): void {
    if (name.length <= LIMITS.nameLength) return;
    report(pointer, (range) =>
      emitDiagnostics.nameTooLong(range, { name, length: name.length, limit: LIMITS.nameLength }, { pointer }),
    );
  }

  function checkPlacement(node: ActionNode): void {
    if (node.type === 'terminate' || node.type === 'response') {
      const loop = [...ancestors(node)].find((holder) => LOOP_TYPES.has(holder.type));
      if (loop) {
        report(node.pointer, (range) =>
          emitDiagnostics.actionInLoop(
            range,
            { action: node.name, type: String(node.action.type), loop: loop.name },
            { pointer: node.pointer },
          ),
        );
      }
    }
    if (node.type === 'initializevariable' && node.parent) {
      const holder = node.parent.name;
      report(node.pointer, (range) =>
        emitDiagnostics.variableNotTopLevel(range, { action: node.name, holder }, { pointer: node.pointer }),
      );
    }
  }

  function checkResponses(tree: ActionTree, triggers: Record<string, { type?: unknown }>): void {
    const others = Object.entries(triggers).filter(([, trigger]) => String(trigger.type).toLowerCase() !== 'request');
    if (Object.keys(triggers).length > 0 && others.length === 0) return;
    const trigger =
      others.length > 0 ? others.map(([name, t]) => `the ${String(t.type)} trigger '${name}'`).join(', ') : 'no trigger';
    for (const node of tree.actions.filter((candidate) => candidate.type === 'response')) {
      report(node.pointer, (range) =>
        emitDiagnostics.responseWithoutRequestTrigger(range, { action: node.name, trigger }, { pointer: node.pointer }),
      );
    }
  }

  function checkRunAfter(tree: ActionTree, triggerNames: ReadonlySet<string>): void {
    const byName = new Map(tree.actions.map((node) => [node.name.toLowerCase(), node]));
    for (const map of tree.maps) {
      if (map.actions.length === 0) continue;
      const local = new Map(map.actions.map((node) => [node.name.toLowerCase(), node]));
      const predecessors = new Map<ActionNode, ActionNode[]>();
      for (const node of map.actions) {
        const runAfter = node.action.runAfter;
        const names = runAfter && typeof runAfter === 'object' ? Object.keys(runAfter) : [];
        predecessors.set(node, []);
        for (const name of names) {
          const sibling = local.get(name.toLowerCase());
          if (sibling) {
            predecessors.get(node)!.push(sibling);
            continue;
          }
          const problem = triggerNames.has(name.toLowerCase())
            ? `runs after the trigger '${name}' (an action that starts after the trigger has an empty runAfter)`
            : byName.has(name.toLowerCase())
              ? `runs after '${name}', which belongs to another actions map (${byName.get(name.toLowerCase())!.pointer})`
              : `runs after '${name}', which doesn't exist`;
          const pointer = `${node.pointer}/runAfter/${escapePointerSegment(name)}`;
          report(pointer, (range) => emitDiagnostics.invalidRunAfter(range, { action: node.name, problem }, { pointer }));
        }
      }
      const starts = map.actions.filter((node) => predecessors.get(node)!.length === 0 && isEmptyRunAfter(node));
      if (starts.length === 0) {
        const first = map.actions[0]!;
        report(map.pointer, (range) =>
          emitDiagnostics.invalidRunAfter(
            range,
            { action: first.name, problem: 'and every other action of its actions map run after another action, so none can start' },
            { pointer: map.pointer },
          ),
        );
      }
      const cycle = findCycle(map.actions, predecessors);
      if (cycle) {
        const first = cycle[0]!;
        const pointer = `${first.pointer}/runAfter`;
        report(pointer, (range) =>
          emitDiagnostics.invalidRunAfter(
            range,
            { action: first.name, problem: `is on a runAfter cycle (${cycle.map((node) => `'${node.name}'`).join(' → ')}), so none of them can start` },
            { pointer },
          ),
        );
      }
    }
  }
}

function isEmptyRunAfter(node: ActionNode): boolean {
  const runAfter = node.action.runAfter;
  return runAfter === undefined || (typeof runAfter === 'object' && runAfter !== null && Object.keys(runAfter).length === 0);
}

function variablesDeclaredBy(node: ActionNode): number {
  const variables = (node.action.inputs as { variables?: unknown } | undefined)?.variables;
  return Array.isArray(variables) ? variables.length : 0;
}

/** One cycle of the "runs after" graph of one actions map, when it has one. */
function findCycle(nodes: readonly ActionNode[], predecessors: ReadonlyMap<ActionNode, readonly ActionNode[]>): ActionNode[] | undefined {
  const state = new Map<ActionNode, 'visiting' | 'done'>();
  for (const start of nodes) {
    if (state.has(start)) continue;
    // Iterative depth-first search; `path` is the chain of nodes being visited.
    const path: ActionNode[] = [];
    const stack: { node: ActionNode; next: number }[] = [{ node: start, next: 0 }];
    state.set(start, 'visiting');
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const preds = predecessors.get(top.node) ?? [];
      if (top.next < preds.length) {
        const pred = preds[top.next++]!;
        const seen = state.get(pred);
        if (seen === 'visiting') return path.slice(path.indexOf(pred)).reverse();
        if (seen === undefined) {
          state.set(pred, 'visiting');
          path.push(pred);
          stack.push({ node: pred, next: 0 });
        }
      } else {
        state.set(top.node, 'done');
        path.pop();
        stack.pop();
      }
    }
  }
  return undefined;
}

/**
 * The expressions longer than the limit, with the pointer of the string holding them: a whole
 * `@…` string, or each `@{…}` inside a text (wdl-strings.ts). Every string of every
 * workflow passes here, so the path is kept as segments and made a pointer only for a finding.
 */
function longExpressions(definition: unknown): [string, number][] {
  const found: [string, number][] = [];
  const path: (string | number)[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.length <= LIMITS.expressionLength) return;
      const length = expressionLengths(value).find((length) => length > LIMITS.expressionLength);
      if (length !== undefined) found.push([pointerOf(path), length]);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i]);
        path.pop();
      }
    } else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key in record) {
        path.push(key);
        visit(record[key]);
        path.pop();
      }
    }
  };
  visit(definition);
  return found;
}

/** The lengths of the expressions in one definition string. */
export function expressionLengths(text: string): number[] {
  if (text.length <= LIMITS.expressionLength) return [];
  return expressionsIn(text).map((expression) => expression.length);
}

/**
 * Maps a pointer into the definition to the source range of the step it came from: the step whose
 * action's pointer is the longest prefix of it, else the flow's name.
 */
function locator(workflow: EmittedWorkflow): (pointer: string) => TextRange {
  const byPointer = new Map<string, TextRange>();
  for (const [node, pointer] of workflow.pointers) {
    if (!byPointer.has(pointer)) byPointer.set(pointer, node.range);
  }
  const fallback = workflow.flow.name.range;
  return (pointer) => {
    for (let prefix = pointer; prefix !== ''; prefix = prefix.slice(0, prefix.lastIndexOf('/'))) {
      const range = byPointer.get(prefix);
      if (range) return range;
    }
    return fallback;
  };
}
