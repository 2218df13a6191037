import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { SourceFile } from '../../compiler/src/syntax/source.js';
import { parse } from '../../compiler/src/syntax/parser.js';
import { analyze } from '../../compiler/src/semantics/checker.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import type { ExternalFlow, FlowResolver, SemanticModel } from '../../compiler/src/semantics/model.js';
import type { FlowDecl } from '../../compiler/src/syntax/tree.js';

const EXAMPLES = '../../examples/';
const names = readdirSync(new URL(EXAMPLES, import.meta.url)).filter((name) => name.endsWith('.jig'));
const policy = loadEmbeddedPolicy();
const read = (name: string) => parse(new SourceFile(name, readFileSync(new URL(EXAMPLES + name, import.meta.url), 'utf8')));

/** The project's flows as `call flow` sees them, as the workspace will hand them over. */
function projectFlows(): FlowResolver {
  const flows = new Map<string, ExternalFlow>();
  for (const name of names) {
    const file = read(name).file;
    const model = analyze(file, { policy });
    for (const flow of file.declarations.filter((d): d is FlowDecl => d.kind === 'Flow')) {
      flows.set(flow.name.name, {
        name: flow.name.name,
        fileName: name,
        range: flow.name.range,
        inputType: model.triggerBodyType(flow),
        hasRequestTrigger: flow.trigger?.kind === 'HttpTrigger',
        categories: model.annotationsOf(flow).data?.categories.map((c) => c.id) ?? [],
      });
    }
  }
  return { resolve: (name) => flows.get(name), names: () => [...flows.keys()], mayBeCalledElsewhere: () => true };
}

describe('the examples', () => {
  const flows = projectFlows();
  test.each(names)('%s has no semantic diagnostics', (name) => {
    const parsed = read(name);
    const model: SemanticModel = analyze(parsed.file, { policy, flows });
    expect(model.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });
});

// How fast is `npm run bench`'s to say (a timed assertion fails on a loaded machine, not on slow code).
test('a large file of many flows is analysed without a finding', () => {
  const flow = (i: number) => `
@purpose(automation, "x")
@data(business)
@retain(1 year)
flow f${i} {
  trigger http post body T
  let t = trigger.body
  var total: number = 0
  for each line in t.lines {
    set total = total + line.qty * line.price
    if line.qty > 1 and toLower(line.sku) == "x" {
      store { id: guid(), sku: line.sku, total: total } in cosmos("db", "c")
    }
  }
  respond 200 body { total: total }
}`;
  const text = `type L { sku: string @business.transaction  qty: integer @business.transaction  price: number @business.transaction }
type T { lines: L[] }
${Array.from({ length: 2000 }, (_, i) => flow(i)).join('\n')}`;
  const parsed = parse(new SourceFile('big.jig', text));
  const model = analyze(parsed.file, { policy });
  expect(model.diagnostics).toEqual([]);
  expect(model.globals.size).toBe(2002);
});
