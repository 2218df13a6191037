/**
 * Every category origin the analysis makes comes from `makeOrigin` (semantics/categories.ts): the same
 * four properties in one order, so that V8 gives all origins one hidden class and the reads that rank
 * and relabel them (once per category of every value read) stay monomorphic. An origin of another
 * layout (a literal `{ range, description }`, a spread that adds a property) fails here: it would still
 * be correct, but each layout is one more hidden class at those reads, which went megamorphic before
 * (speed26 measured 3.6% of a check's instructions). The layout is read as the order of the keys, which
 * is what V8's hidden class follows.
 */
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileText } from '../../compiler/src/compilation.js';
import { walk } from '../../compiler/src/syntax/visit.js';
import type { Expression, LetValue } from '../../compiler/src/syntax/tree.js';
import type { Shape } from '../../compiler/src/semantics/categories.js';
import type { CategoryFlow } from '../../compiler/src/semantics/model.js';
import { fixtureProject, fixtures, policyFor } from '../policy/helpers.js';

const project = fixtureProject();
const LAYOUT = ['range', 'description', 'mixedSource', 'control'];
const EXPRESSION_KINDS = new Set([
  'String', 'Number', 'Boolean', 'Null', 'Name', 'Member', 'Index', 'Call', 'Unary', 'Binary', 'Record', 'Array', 'Where', 'Select', 'Missing',
  'Query', 'Aggregate', 'HttpCall', 'FlowCall', 'Conditional', 'ParseJson', 'TimeOperation', 'TableOperation',
]);

const samples = ['violations', 'clean'].flatMap((folder) =>
  readdirSync(join(fixtures, folder))
    .filter((name) => name.endsWith('.jig'))
    .map((name) => join(folder, name)),
);

describe('every category origin has the one layout makeOrigin gives', () => {
  test.each(samples)('%s', (name) => {
    const path = join(fixtures, name);
    const text = readFileSync(path, 'utf8');
    const policy = policyFor(text);
    const compilation = compileText(path, text, { policy, project });
    const layouts = new Map<string, string>();
    const seen = new Set<unknown>();
    const note = (flow: CategoryFlow | undefined, where: string): void => {
      if (!flow || seen.has(flow)) return;
      seen.add(flow);
      for (const origin of flow.values()) {
        const layout = Object.keys(origin).join(',');
        if (layout !== LAYOUT.join(',') && !layouts.has(layout)) layouts.set(layout, `${where} '${origin.description}'`);
      }
    };
    const noteShape = (shape: Shape | undefined, where: string): void => {
      if (!shape || seen.has(shape)) return;
      seen.add(shape);
      note(shape.any, where);
      note(shape.selection, where);
      for (const field of shape.fields?.values() ?? []) noteShape(field, where);
      noteShape(shape.element, where);
    };
    const model = compilation.model;
    walk(compilation.syntax.file, (node) => {
      if (!EXPRESSION_KINDS.has(node.kind)) return;
      const where = `${node.kind} at ${node.range.start}`;
      note(model.categoriesOf(node as Expression | LetValue), where);
      noteShape(model.shapeOf(node as Expression | LetValue), where);
    });
    for (const data of compilation.policyResult.flows) {
      for (const source of data.sources) note(source.categories, 'a source');
      for (const sink of data.sinks) note(sink.categories, `a ${sink.kind} sink`);
      for (const variable of data.variables) note(variable.categories, 'a variable');
      for (const deletion of data.deletes) note(deletion.control, 'a delete');
      for (const touched of data.touched.values()) note(new Map([['', touched.origin]]), 'a touched category');
    }
    expect(seen.size).toBeGreaterThan(0);
    expect(Object.fromEntries(layouts)).toEqual({});
  });
});
