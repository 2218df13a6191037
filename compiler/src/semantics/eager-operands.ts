/**
 * Guards that do not guard. `if C then A else B`, `a and b` and `a or b` are WDL's `if()`, `and()`
 * and `or()`: functions, whose arguments the service computes, all of them, before it calls them.
 * So a value that fails on some data (an element read out of range, `int` of a text that is no
 * number, a division by zero) fails the run even where the condition, or the left side, was
 * written to keep it from running: `if length(xs) == 0 then "none" else xs[0]` fails on an empty
 * list. This finds such a value in a branch (or the right side) that reads what the condition (the
 * left side) tests, and warns there (JIG2035): a guard written in Jig that the workflow does not keep.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import * as messages from '../diagnostics/catalogue/semantics.js';
import type { Expression, FlowDecl, Node } from '../syntax/tree.js';
import { forEachChild } from '../syntax/visit.js';
import { failingParts } from './control.js';
import type { Type } from './types.js';

export function unguardedFailures(flow: FlowDecl, typeOf: (value: Expression) => Type): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<Node>();
  const check = (construct: string, test: Expression, computed: readonly Expression[]) => {
    const tested = pathsIn(test);
    if (tested.length === 0) return;
    for (const site of computed.flatMap((operand) => failingSitesIn(operand, typeOf))) {
      if (reported.has(site.node)) continue;
      const path = site.paths.find((read) => tested.some((guard) => related(read, guard)));
      if (path === undefined) continue;
      reported.add(site.node);
      diagnostics.push(messages.guardComputedAnyway(site.node.range, { construct, operation: describe(site.node), path }));
    }
  };
  const visit = (node: Node): void => {
    if (node.kind === 'Conditional') check("'if … then … else'", node.condition, [node.then, node.else]);
    else if (node.kind === 'Binary' && (node.operator === 'and' || node.operator === 'or')) check(`'${node.operator}'`, node.left, [node.right]);
    forEachChild(node, visit);
  };
  visit(flow);
  return diagnostics;
}

interface FailingSite {
  /** The expression that fails (an element read, a call, a divisor's operation). */
  readonly node: Node;
  /** The paths (`trigger.body.lines`) that what decides its failure reads. */
  readonly paths: readonly string[];
}

/** Every expression in `root` that may fail on the data, with the paths that decide it. */
function failingSitesIn(root: Expression, typeOf: (value: Expression) => Type): FailingSite[] {
  const sites: FailingSite[] = [];
  const visit = (node: Node): void => {
    // The warning points at the operation (a division, not its divisor), the paths come from what decides it.
    const deciding = failingParts(node, typeOf);
    if (deciding.length > 0) sites.push({ node, paths: deciding.flatMap(pathsIn) });
    forEachChild(node, visit);
  };
  visit(root);
  return sites;
}

/** The names and field reads (`trigger.body.lines`, `order.id`, `n`) an expression holds, each written out. */
function pathsIn(root: Node): string[] {
  const paths: string[] = [];
  const visit = (node: Node): void => {
    const path = pathOf(node);
    if (path !== undefined) {
      paths.push(path);
      return;
    }
    forEachChild(node, visit);
  };
  visit(root);
  return paths;
}

/** `a.b.c` for a name and its field reads, else undefined. */
function pathOf(node: Node): string | undefined {
  if (node.kind === 'Name') return node.name.name;
  if (node.kind !== 'Member' || !node.member) return undefined;
  const object = pathOf(node.object);
  return object === undefined ? undefined : `${object}.${node.member.name}`;
}

/** The same value, or one holding the other (`order` and `order.lines`). */
function related(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

function describe(node: Node): string {
  switch (node.kind) {
    case 'Index':
      return 'this element read';
    case 'Call':
      return `${node.callee.name}()`;
    case 'Binary':
      return node.operator === '%' ? 'this remainder' : 'this division';
    default:
      return 'this value';
  }
}
