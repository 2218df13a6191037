import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childrenOf, findNodeAt, walk } from '../../compiler/src/syntax/visit.js';
import { fixtureNames, parseText, readFixture, slice } from './helpers.js';
import type * as Tree from '../../compiler/src/syntax/tree.js';

const text = readFixture('all-constructs.jig');
const { file } = parseText(text);

/** Every object with a `kind` reachable through properties: what a walk must visit. */
function reachable(node: unknown, found: Set<unknown> = new Set()): Set<unknown> {
  if (Array.isArray(node)) for (const item of node) reachable(item, found);
  else if (node && typeof node === 'object') {
    const kind = (node as { kind?: string }).kind;
    if (kind && kind !== 'Text' && kind !== 'Interpolation') found.add(node);
    for (const [key, value] of Object.entries(node)) if (!key.endsWith('ange')) reachable(value, found);
  }
  return found;
}

/** Constructs the fixtures and the examples write seldom or never, each child filled in. */
const rareConstructs = `type T {
  a: string @x.y
  b?: number[]
}
flow a {
  trigger servicebus("ns", "q") body T
  let r = query cosmos("db", "c") name "n" where x == 1 returns T[]
  let g = aggregate r by a { total: sum(b), n: count() }
  delete r.id from cosmos("db", "c") partition "p"
  let h = call http get "u" headers { "x": "1", y: "2" } body { a: 1 } returns T
  let p = parse json "x" as T?
  call flow b with { a: [1, -2] }
  send mail office to "a" subject "s" body "b"
  send r to servicebus("ns", "q")
  raw action "A" { "k": [1, true, null, { "z": -1.5 }] }
}
flow b {
  trigger raw "t" { "type": "Request" }
  respond 200
}
flow c {
  trigger http post schema { "type": "object" }
  respond 200 body if a then 1 else 2
}
`;

describe('walk', () => {
  it('visits every node once, parents first, in source order', () => {
    const visited: Tree.Node[] = [];
    walk(file, (node) => {
      visited.push(node);
    });
    expect(new Set(visited).size).toBe(visited.length);
    expect(new Set(visited)).toEqual(reachable(file));
    const interpolated = visited.find((n) => n.kind === 'Member' && slice(text, n.range) === 'customer.name');
    expect(interpolated).toBeDefined();
  });

  it('visits every node of every fixture and example, each once', () => {
    const examplesDir = join(import.meta.dirname, '../../examples');
    const texts = [
      rareConstructs,
      ...fixtureNames().map(readFixture),
      ...readdirSync(examplesDir).filter((name) => name.endsWith('.jig')).map((name) => readFileSync(join(examplesDir, name), 'utf8')),
    ];
    const kinds = new Set<string>();
    for (const source of texts) {
      const { file: tree, diagnostics } = parseText(source);
      expect(diagnostics.filter((diagnostic) => diagnostic.code.startsWith('JIG10'))).toEqual([]);
      const visited: Tree.Node[] = [];
      walk(tree, (node) => {
        visited.push(node);
        kinds.add(node.kind);
      });
      expect(new Set(visited).size).toBe(visited.length);
      expect(new Set(visited)).toEqual(reachable(tree));
    }
    expect(kinds.size).toBeGreaterThan(50);
  });

  it('lists children in source order (a flow\'s trigger before its body)', () => {
    walk(file, (node) => {
      const children = childrenOf(node).filter((child) => !(node.kind === 'Flow' && child.kind === 'Block'));
      const starts = children.map((child) => child.range.start);
      expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    });
  });

  it('skips the children of a node when the visitor returns false', () => {
    const kinds: string[] = [];
    walk(file, (node) => {
      kinds.push(node.kind);
      return node.kind !== 'Flow';
    });
    expect(kinds).not.toContain('Block');
    expect(kinds.filter((k) => k === 'Flow')).toHaveLength(4);
  });

  it('walks a very deep tree without overflowing the stack', () => {
    // Built by hand: the parser cuts an expression this deep (JIG1015), but a walk must not care.
    const range = { start: 0, end: 1 };
    const one = (): Tree.Expression => ({ kind: 'Number', value: 1, isInteger: true, text: '1', range });
    let deep: Tree.Expression = one();
    for (let i = 0; i < 20000; i++) deep = { kind: 'Binary', operator: '+', operatorRange: range, left: deep, right: one(), range };
    let count = 0;
    walk(deep, () => {
      count++;
    });
    expect(count).toBeGreaterThan(40000);
  });
});

describe('findNodeAt', () => {
  it('finds the innermost node and its ancestors', () => {
    const offset = text.indexOf('item.id ==') + 6;
    const { node, ancestors } = findNodeAt(file, offset);
    expect(node).toMatchObject({ kind: 'Identifier', name: 'id' });
    expect(ancestors.map((a) => a.kind)).toEqual(['File', 'Flow', 'Block', 'Let', 'Query', 'Binary', 'Member']);
  });

  it('finds a name when the cursor is just after it', () => {
    const offset = text.indexOf('let customer') + 'let customer'.length;
    expect(findNodeAt(file, offset).node).toMatchObject({ kind: 'Identifier', name: 'customer' });
  });

  it('finds an expression inside an interpolation', () => {
    const offset = text.indexOf('${customer.id}"') + 3;
    const { node, ancestors } = findNodeAt(file, offset);
    expect(node).toMatchObject({ kind: 'Identifier', name: 'customer' });
    expect(ancestors.map((a) => a.kind)).toContain('String');
  });

  it('finds the trigger, written inside the body of its flow', () => {
    const offset = text.indexOf('trigger http post') + 9;
    const { node, ancestors } = findNodeAt(file, offset);
    expect(node.kind).toBe('HttpTrigger');
    expect(ancestors.map((a) => a.kind)).toEqual(['File', 'Flow']);
  });

  it('returns the file where no declaration is', () => {
    expect(findNodeAt(file, 0).node.kind).toBe('File');
  });
});
