/**
 * The service limits and save rules a compiler can see in an emitted workflow, reported at compile
 * time at the step that caused them (the emitter's `pointers` lead from an action back to its step)
 * instead of as a refusal at deploy time. The limits and the rules' wording follow
 * shared/wdl/save_rules.py, which quotes the documentation each comes from.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import * as emitDiagnostics from '../diagnostics/catalogue/emit.js';
import type { TextRange } from '../syntax/source.js';
import { escapePointerSegment, pointerOf, pointerSegments } from '../util/json-pointer.js';
import { actionTree, ancestors, type ActionNode, type ActionTree } from '../validate/action-tree.js';
import type { EmittedWorkflow } from './workflow.js';
import { expressionsIn } from './wdl-strings.js';
import { CALLBACK_TYPES } from '../connectors/webhooks.js';

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

/**
 * What an agent's tool may not hold: Microsoft's guide to agent workflows says "Control flow actions
 * are unsupported" in a tool (create-autonomous-agent-workflows, "Limitations and known issues"), and
 * names them under Control: Condition, Switch, For each, Until, Scope, Terminate.
 */
const AGENT_TOOL_REFUSED = new Set(['if', 'switch', 'foreach', 'until', 'scope', 'terminate']);

/** The name of the tool of `agent` that holds `node`, one of the agent's own tool actions. */
function toolOf(agent: ActionNode, node: ActionNode): string {
  // The node's pointer is the agent's, then /tools/NAME/actions/ACTION.
  return pointerSegments(node.pointer.slice(agent.pointer.length))[1] ?? '';
}

export function checkLimits(workflow: EmittedWorkflow): Diagnostic[] {
  const definition = workflow.definition as unknown as Record<string, unknown>;
  const tree = actionTree(definition);
  // Most workflows are within every limit: the map from pointers to steps is made for the first finding.
  let locate: ((pointer: string) => TextRange) | undefined;
  const diagnostics: Diagnostic[] = [];
  const report = (pointer: string, build: (range: TextRange) => Diagnostic) => diagnostics.push(build((locate ??= locator(workflow))(pointer)));

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

  // Index loops over the actions: a check runs this once a workflow, mostly before V8 optimises it,
  // and an iterator allocates a result per action in unoptimised code.
  const actions = tree.actions;
  let variableCount = 0;
  for (let index = 0; index < actions.length; index++) {
    const node = actions[index]!;
    if (node.type === 'initializevariable') variableCount += variablesDeclaredBy(node);
  }
  if (variableCount > LIMITS.variablesPerWorkflow) {
    report('/actions', (range) =>
      emitDiagnostics.tooManyVariables(range, { count: variableCount, limit: LIMITS.variablesPerWorkflow }, { pointer: '/actions' }),
    );
  }

  const triggers = (definition.triggers as Record<string, { type?: unknown; kind?: unknown; runtimeConfiguration?: unknown }> | undefined) ?? {};
  const triggerNames = Object.keys(triggers);
  for (let index = 0; index < triggerNames.length; index++) {
    const name = triggerNames[index]!;
    if (name.length > LIMITS.nameLength) checkName(name, pointerOf(['triggers', name]));
  }
  let responses = false;
  // The tools (their actions maps) already told of their control flow.
  const toolsReported = new Set<number>();
  for (let index = 0; index < actions.length; index++) {
    const node = actions[index]!;
    if (node.name.length > LIMITS.nameLength) checkName(node.name, node.pointer);
    if (node.type === 'response') responses = true;
    checkPlacement(node);
    if (node.depth === LIMITS.nestingDepth + 1) {
      // Only the first level past the limit: the deeper actions follow from it.
      report(node.pointer, (range) =>
        emitDiagnostics.nestingTooDeep(range, { action: node.name, depth: node.depth, limit: LIMITS.nestingDepth }, { pointer: node.pointer }),
      );
    }
    if (node.action.trackedProperties !== undefined) checkTracked(node, triggers);
    if (node.type === 'switch') {
      const cases = Object.keys((node.action.cases as object | undefined) ?? {}).length;
      if (cases > LIMITS.switchCases) {
        report(node.pointer, (range) =>
          emitDiagnostics.tooManySwitchCases(range, { action: node.name, count: cases, limit: LIMITS.switchCases }, { pointer: node.pointer }),
        );
      }
    }
  }
  if (responses) checkResponses(tree, triggers);
  checkRunAfter(tree, triggerNames, agentTriggers(triggers));
  // One walk over the strings asks what the string checks look for; most workflows have none.
  const inActions = stringsHold(definition.actions, LONG_STRING | RESULT_CALL | CALLBACK_CALL);
  if ((inActions & RESULT_CALL) !== 0) checkResults(tree);
  if ((inActions & CALLBACK_CALL) !== 0) checkCallbacks(tree);
  checkCodeDependencies(tree);
  const long = (inActions & LONG_STRING) !== 0 || outsideActionsHoldLong(definition);
  for (const [pointer, length] of long ? longExpressions(definition) : []) {
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

  /**
   * Logic Apps refuses tracked properties on an action whose inputs or outputs are secure, and
   * ones that reference a trigger whose are (learn.microsoft.com/azure/logic-apps/
   * monitor-workflows-collect-diagnostic-data, "Tracked properties": "aren't allowed on a trigger
   * or action that has secure inputs, secure outputs, or both. They're also not allowed to
   * reference another trigger or action that has" them). Jig secures an action or a trigger that
   * carries data the policy hides from run history, so a tracked property there cannot be kept.
   */
  function checkTracked(node: ActionNode, triggers: Record<string, { runtimeConfiguration?: unknown }>): void {
    const secure = (operation: { runtimeConfiguration?: unknown }) => (operation.runtimeConfiguration as { secureData?: unknown } | undefined)?.secureData !== undefined;
    const readsTrigger = /\btrigger(?:body|outputs)?\s*\(/i.test(JSON.stringify(node.action.trackedProperties));
    const problem = secure(node.action)
      ? 'whose inputs or outputs are hidden from run history'
      : readsTrigger && Object.values(triggers).some(secure)
        ? 'that reads the trigger, whose inputs or outputs are hidden from run history'
        : undefined;
    if (problem) report(node.pointer, (range) => emitDiagnostics.trackedOnSecureData(range, { action: node.name, problem }, { pointer: node.pointer }));
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
    if (node.parent?.type === 'agent' && (AGENT_TOOL_REFUSED.has(node.type) || node.type === 'response')) {
      // Only a tool's own actions (what a control flow action holds is refused with it), and one
      // finding a tool for its control flow: a `try` is two Scopes, and the step is told once.
      const agent = node.parent;
      const tool = toolOf(agent, node);
      const reason = node.type === 'response' ? 'response' : 'control';
      if (reason === 'response' || !toolsReported.has(node.mapIndex)) {
        if (reason === 'control') toolsReported.add(node.mapIndex);
        report(node.pointer, (range) =>
          emitDiagnostics.agentToolAction(
            range,
            { action: node.name, type: String(node.action.type), tool, agent: agent.name, reason },
            { pointer: node.pointer },
          ),
        );
      }
    }
    if (node.type === 'agent') checkEmptyTools(node);
    if (node.type === 'initializevariable' && node.parent) {
      const holder = node.parent.name;
      report(node.pointer, (range) =>
        emitDiagnostics.variableNotTopLevel(range, { action: node.name, holder }, { pointer: node.pointer }),
      );
    }
  }

  /** A tool must hold at least one action (create-autonomous-agent-workflows, "Limitations and known issues"). */
  function checkEmptyTools(agent: ActionNode): void {
    const tools = agent.action.tools;
    if (tools === null || typeof tools !== 'object') return;
    for (const [tool, body] of Object.entries(tools as Record<string, unknown>)) {
      // A tool of another kind (an MCP server's, `"type": "McpClientTool"`) holds no actions.
      if (body === null || typeof body !== 'object' || 'type' in body) continue;
      const actions = (body as { actions?: unknown }).actions;
      if (actions !== null && typeof actions === 'object' && Object.keys(actions).length > 0) continue;
      const pointer = `${agent.pointer}/tools/${escapePointerSegment(tool)}`;
      report(pointer, (range) => emitDiagnostics.agentToolAction(range, { action: '', type: '', tool, agent: agent.name, reason: 'empty' }, { pointer }));
    }
  }

  /**
   * `result('A')` names an action that holds actions (a Scope, For each, Until, If or Switch) and
   * that has run before: one on the runAfter path of the action that reads it (or of an action
   * holding it), or inside one (save_rules.py rule 6; the functions reference, "result": "the
   * top-level actions in the specified scoped action").
   */
  function checkResults(tree: ActionTree): void {
    const byName = new Map(tree.actions.map((other) => [other.name.toLowerCase(), other]));
    for (const node of tree.actions) {
      for (const [pointer, name] of resultReferences(node)) {
        const target = byName.get(name.toLowerCase());
        const problem = !target
          ? `names '${name}', which is no action of the workflow`
          : !SCOPED_TYPES.has(target.type)
            ? `names '${target.name}', a ${String(target.action.type)} action, which holds no actions`
            : !ranBefore(tree, node, target)
              ? `names '${target.name}', which has not run when '${node.name}' runs (it is not on its runAfter path, nor inside an action that is)`
              : undefined;
        if (problem) report(pointer, (range) => emitDiagnostics.resultNotScope(range, { action: node.name, problem }, { pointer }));
      }
    }
  }

  /**
   * A JavaScriptCode's explicitDependencies name the actions whose outputs its code is given: each
   * an action of the workflow that has run when the code runs (else the service finds no outputs
   * in its workflowContext and fails the action: Microsoft's inline code guide), and none of those
   * the guide says cannot be one: a variable's action, a For each or an Until.
   */
  function checkCodeDependencies(tree: ActionTree): void {
    let byName: Map<string, ActionNode> | undefined;
    for (const node of tree.actions) {
      if (node.type !== 'javascriptcode') continue;
      const inputs = node.action.inputs as { explicitDependencies?: { actions?: unknown } } | undefined;
      const names = inputs?.explicitDependencies?.actions;
      if (!Array.isArray(names)) continue;
      byName ??= new Map(tree.actions.map((other) => [other.name.toLowerCase(), other]));
      names.forEach((name, index) => {
        // A name an expression computes (a raw action's) is the service's to evaluate.
        if (typeof name !== 'string' || name.startsWith('@')) return;
        const target = byName!.get(name.toLowerCase());
        const problem = !target
          ? `names '${name}', which is no action of the workflow`
          : NO_DEPENDENCY_TYPES.has(target.type)
            ? `names '${target.name}', an action of type ${String(target.action.type)}, which Logic Apps does not give code as a dependency (no variable's action, no loop)`
            : !ranBefore(tree, node, target)
              ? `names '${target.name}', which has not run when '${node.name}' runs (it is not on its runAfter path, nor inside an action that is)`
              : undefined;
        const pointer = `${node.pointer}/inputs/explicitDependencies/actions/${index}`;
        if (problem) report(pointer, (range) => emitDiagnostics.codeDependencyNotAction(range, { action: node.name, problem }, { pointer }));
      });
    }
  }

  /**
   * `listCallbackUrl()` only in a webhook action (connectors/webhooks.ts, CALLBACK_TYPES): the
   * service has no callback URL to give any other action, and refuses the workflow.
   */
  function checkCallbacks(tree: ActionTree): void {
    for (const node of tree.actions) {
      if (CALLBACK_TYPES.has(node.type)) continue;
      for (const [pointer] of functionReferences(node, /\blistCallbackUrl\(\s*\)/gi)) {
        report(pointer, (range) => emitDiagnostics.callbackOutsideWebhook(range, { action: node.name, type: String(node.action.type) }, { pointer }));
      }
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

  /**
   * Each actions map's "runs after" graph: every name a sibling's, some action free to start, no
   * cycle. Nodes are numbered within their map; the names of the whole tree are looked up only
   * for a name that is not a sibling's.
   */
  function checkRunAfter(tree: ActionTree, triggerNames: readonly string[], startsAfter: ReadonlySet<string>): void {
    let byName: Map<string, ActionNode> | undefined;
    let triggersByName: Set<string> | undefined;
    // The edges of one map, as pairs (action, the sibling it runs after), by index: made into lists
    // of predecessors only for a map that may have a cycle. One array for every map.
    const edges: number[] = [];
    for (let mapIndex = 0; mapIndex < tree.maps.length; mapIndex++) {
      const map = tree.maps[mapIndex]!;
      const members = map.actions;
      if (members.length === 0) continue;
      const siblingOf = siblingFinder(members);
      edges.length = 0;
      let canStart = false;
      // Whether every edge leads to an earlier sibling: then there is no cycle (most maps, chained in order).
      let backwards = true;
      for (let index = 0; index < members.length; index++) {
        const node = members[index]!;
        const runAfter = node.action.runAfter;
        let preceding = false;
        let empty = true;
        // A top-level action that runs after a conversational agent's trigger only starts its map (as save_rules.py reads it).
        const afterAgentTrigger =
          startsAfter.size > 0 && map.pointer === '/actions' && runAfter !== null && typeof runAfter === 'object' && Object.keys(runAfter).length > 0 && Object.keys(runAfter).every((name) => startsAfter.has(name.toLowerCase()));
        if (!afterAgentTrigger && runAfter !== null && typeof runAfter === 'object') {
          for (const name in runAfter) {
            if (!Object.hasOwn(runAfter, name)) continue;
            empty = false;
            const sibling = siblingOf(name);
            if (sibling !== undefined) {
              preceding = true;
              edges.push(index, sibling);
              if (sibling >= index) backwards = false;
              continue;
            }
            triggersByName ??= new Set(triggerNames.map((trigger) => trigger.toLowerCase()));
            byName ??= new Map(tree.actions.map((other) => [other.name.toLowerCase(), other]));
            const problem = triggersByName.has(name.toLowerCase())
              ? `runs after the trigger '${name}' (an action that starts after the trigger has an empty runAfter)`
              : byName.has(name.toLowerCase())
                ? `runs after '${name}', which belongs to another actions map (${byName.get(name.toLowerCase())!.pointer})`
                : `runs after '${name}', which doesn't exist`;
            const pointer = `${node.pointer}/runAfter/${escapePointerSegment(name)}`;
            report(pointer, (range) => emitDiagnostics.invalidRunAfter(range, { action: node.name, problem }, { pointer }));
          }
        }
        if (!preceding && (runAfter === undefined || (empty && runAfter !== null && typeof runAfter === 'object'))) canStart = true;
      }
      if (!canStart) {
        const first = members[0]!;
        report(map.pointer, (range) =>
          emitDiagnostics.invalidRunAfter(
            range,
            { action: first.name, problem: 'and every other action of its actions map run after another action, so none can start' },
            { pointer: map.pointer },
          ),
        );
      }
      const cycle = backwards ? undefined : findCycle(predecessorsOf(members.length, edges));
      if (cycle) {
        const first = members[cycle[0]!]!;
        const pointer = `${first.pointer}/runAfter`;
        report(pointer, (range) =>
          emitDiagnostics.invalidRunAfter(
            range,
            { action: first.name, problem: `is on a runAfter cycle (${cycle.map((index) => `'${members[index]!.name}'`).join(' → ')}), so none of them can start` },
            { pointer },
          ),
        );
      }
    }
  }
}

/** Each action's predecessors (by index in its map), from the pairs (action, predecessor) in `edges`, in order. */
function predecessorsOf(count: number, edges: readonly number[]): number[][] {
  const predecessors: number[][] = Array.from({ length: count }, () => []);
  for (let index = 0; index < edges.length; index += 2) predecessors[edges[index]!]!.push(edges[index + 1]!);
  return predecessors;
}

/** The actions whose results `result()` returns: those that hold actions. */
const SCOPED_TYPES = new Set(['scope', 'foreach', 'until', 'if', 'switch']);

/** Each `result('NAME')` in an action's own inputs (not in the actions it holds): where, and NAME. */
function resultReferences(node: ActionNode): [string, string][] {
  return functionReferences(node, /\bresult\(\s*'((?:[^']|'')*)'\s*\)/gi);
}

/** Where a function's calls (matched by `call`) stand in an action's own properties, with their first argument (a name: `''` doubled undone). */
function functionReferences(node: ActionNode, call: RegExp): [string, string][] {
  const found: [string, string][] = [];
  const visit = (value: unknown, pointer: string): void => {
    if (typeof value === 'string') {
      for (const expression of expressionsIn(value)) {
        for (const match of expression.matchAll(call)) found.push([pointer, (match[1] ?? '').replace(/''/g, "'")]);
      }
    } else if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${pointer}/${index}`));
    else if (value !== null && typeof value === 'object') {
      for (const [key, member] of Object.entries(value)) visit(member, `${pointer}/${escapePointerSegment(key)}`);
    }
  };
  for (const [key, member] of Object.entries(node.action)) {
    if (!['actions', 'else', 'default', 'cases', 'runAfter'].includes(key)) visit(member, `${node.pointer}/${escapePointerSegment(key)}`);
  }
  return found;
}

/** Whether `target` has run when `node` runs: it, or an action holding it, is on the runAfter path of `node` or of an action holding `node`. */
/** The actions Microsoft's inline code guide says cannot be an Execute JavaScript Code action's explicit dependencies. */
const NO_DEPENDENCY_TYPES: ReadonlySet<string> = new Set(['initializevariable', 'setvariable', 'incrementvariable', 'decrementvariable', 'appendtoarrayvariable', 'appendtostringvariable', 'foreach', 'until']);

function ranBefore(tree: ActionTree, node: ActionNode, target: ActionNode): boolean {
  const holders = new Set<ActionNode>([target, ...ancestors(target)]);
  for (const from of [node, ...ancestors(node)]) {
    const siblings = tree.maps[from.mapIndex]!.actions;
    const seen = new Set<ActionNode>();
    const pending = [from];
    while (pending.length > 0) {
      const current = pending.pop()!;
      const runAfter = current.action.runAfter;
      if (runAfter === null || typeof runAfter !== 'object') continue;
      for (const name of Object.keys(runAfter)) {
        const before = siblings.find((sibling) => sibling.name.toLowerCase() === name.toLowerCase());
        if (!before || seen.has(before)) continue;
        if (holders.has(before)) return true;
        seen.add(before);
        pending.push(before);
      }
    }
  }
  return false;
}

/**
 * Finds a name among the actions of one map, ignoring case (of two names that differ only in case,
 * the later one): a look through the few names of most maps, a Map for a long one.
 */
function siblingFinder(members: readonly ActionNode[]): (name: string) => number | undefined {
  const lowered = members.map((node) => node.name.toLowerCase());
  if (lowered.length > 8) {
    const index = new Map<string, number>();
    for (let i = 0; i < lowered.length; i++) index.set(lowered[i]!, i);
    return (name) => index.get(name.toLowerCase());
  }
  return (name) => {
    const wanted = name.toLowerCase();
    for (let i = lowered.length - 1; i >= 0; i--) if (lowered[i] === wanted) return i;
    return undefined;
  };
}

function variablesDeclaredBy(node: ActionNode): number {
  const variables = (node.action.inputs as { variables?: unknown } | undefined)?.variables;
  return Array.isArray(variables) ? variables.length : 0;
}

const VISITING = 1;
const DONE = 2;

/** One cycle of the "runs after" graph of one actions map (by index in the map), when it has one. */
function findCycle(predecessors: readonly (readonly number[])[]): number[] | undefined {
  const state: number[] = new Array<number>(predecessors.length).fill(0);
  // Iterative depth-first search; `path` is the chain of nodes being visited, `next` the
  // predecessor each of them looks at next.
  const path: number[] = [];
  const next: number[] = [];
  for (let start = 0; start < predecessors.length; start++) {
    if (state[start] !== 0) continue;
    state[start] = VISITING;
    path.push(start);
    next.push(0);
    while (path.length > 0) {
      const top = path.length - 1;
      const preds = predecessors[path[top]!]!;
      if (next[top]! < preds.length) {
        const pred = preds[next[top]!++]!;
        if (state[pred] === VISITING) return path.slice(path.indexOf(pred)).reverse();
        if (state[pred] === 0) {
          state[pred] = VISITING;
          path.push(pred);
          next.push(0);
        }
      } else {
        state[path[top]!] = DONE;
        path.pop();
        next.pop();
      }
    }
  }
  return undefined;
}

/**
 * The expressions longer than the limit, with the pointer of the string holding them: a whole
 * `@…` string, or each `@{…}` inside a text (wdl-strings.ts). Every string of every workflow
 * passes here; a first walk only asks whether any string is long enough to hold one, so that the
 * path is kept, and made a pointer, only in a workflow that has one.
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

/** A string longer than the limit on an expression (as `longExpressions` reads strings). */
const LONG_STRING = 1;
/**
 * A string that names the function `result(` (any case): `resultReferences` finds a reference only
 * in such a string, so a workflow without one needs no `checkResults`.
 */
const RESULT_CALL = 2;
const RESULT_CALL_TEXT = /result\(/i;
/** A string that names `listCallbackUrl(` (any case): `checkCallbacks` finds a call only in such a string. */
const CALLBACK_CALL = 4;
const CALLBACK_CALL_TEXT = /listCallbackUrl\(/i;

/**
 * Which of the `wanted` kinds of string stand anywhere in `value` (walked as `longExpressions` walks
 * it), stopping once all are found. A walk, not `JSON.stringify`: a check runs this over every
 * workflow, and the JSON text of a workflow's actions (with its lower-cased copy) was the largest
 * allocation of the limits.
 */
function stringsHold(value: unknown, wanted: number): number {
  if (typeof value === 'string') {
    let found = value.length > LIMITS.expressionLength ? LONG_STRING : 0;
    if ((wanted & RESULT_CALL) !== 0 && value.length >= 7 && RESULT_CALL_TEXT.test(value)) found |= RESULT_CALL;
    if ((wanted & CALLBACK_CALL) !== 0 && value.length >= 16 && CALLBACK_CALL_TEXT.test(value)) found |= CALLBACK_CALL;
    return found & wanted;
  }
  if (value === null || typeof value !== 'object') return 0;
  let found = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && found !== wanted; i++) found |= stringsHold(value[i], wanted & ~found);
    return found;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    found |= stringsHold(record[key], wanted & ~found);
    if (found === wanted) break;
  }
  return found;
}

/** Whether a string longer than the limit on an expression stands in a definition outside its actions. */
function outsideActionsHoldLong(definition: Record<string, unknown>): boolean {
  for (const key in definition) {
    if (key !== 'actions' && stringsHold(definition[key], LONG_STRING) !== 0) return true;
  }
  return false;
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

/**
 * The triggers (lower case) that top-level actions may name in their runAfter: a conversational
 * agent's chat trigger (Request of kind Agent), after which Microsoft's agent workflows start their
 * agent by name (`"runAfter": { "When_a_new_chat_session_starts": ["Succeeded"] }`: the
 * logicapps-labs transaction-repair-agent sample and LogicAppsUX's A2A mocks in ../shared/wdl),
 * where no runAfter names any other trigger (an empty one starts after it).
 */
function agentTriggers(triggers: Record<string, { type?: unknown; kind?: unknown }>): Set<string> {
  const names = new Set<string>();
  for (const name in triggers) {
    if (!Object.hasOwn(triggers, name)) continue;
    const trigger = triggers[name];
    // Most triggers have no kind: asked first.
    if (String(trigger?.kind ?? '').toLowerCase() === 'agent' && String(trigger?.type ?? '').toLowerCase() === 'request') names.add(name.toLowerCase());
  }
  return names;
}
