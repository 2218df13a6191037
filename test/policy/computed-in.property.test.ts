/**
 * Whether a cell's field may hold a value a flow computed (ProjectFacts.computedIn, §5: such a
 * field counts no subjects) is kept by question and extended as files add sites: a workspace check
 * asks it after each file. Property: for any project of writes between cells (copies through other
 * cells' fields, the rest of a value, conditions, cells read by a prefix), asked after each file,
 * in any order, it answers what the same files added at once answer, and what a plain walk of
 * every write answers.
 */
import { expect, test } from 'vitest';
import fc from 'fast-check';
import { ProjectFacts, reviveFileWrites, type DataWrite, type FileWrites, type WriteSite } from '../../compiler/src/flow/project-data.js';
import { CONTROL, REST } from '../../compiler/src/semantics/categories.js';
import type { CategoryFlow } from '../../compiler/src/semantics/model.js';

const CELLS = ['store:cosmos/db/a', 'store:cosmos/db/b', 'store:cosmos/other/c', 'message:servicebus/q', 'input:child'] as const;
/** Cells read by a prefix: every cell under it. */
const PREFIXES = ['store:cosmos/*', 'store:cosmos/db/*', 'store:*'] as const;
const FIELDS = ['id', 'name'] as const;
const origin = { range: { start: 0, end: 0 }, description: '' } as unknown as CategoryFlow extends Map<string, infer O> ? O : never;

/** What a write's categories read: a field of a cell, the rest of a cell, its conditions, or a category. */
const read = fc.oneof(
  fc.record({ cell: fc.constantFrom(...CELLS, ...PREFIXES), field: fc.constantFrom(...FIELDS, REST, CONTROL) }),
  fc.constant({ cell: undefined, field: 'personal.name' }),
);
const writeArb = fc.record({
  cell: fc.constantFrom(...CELLS),
  field: fc.constantFrom(...FIELDS, REST, CONTROL),
  reads: fc.array(read, { maxLength: 3 }),
  computed: fc.boolean(),
});
const fileArb = fc.array(fc.array(writeArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 });

type Write = { cell: string; field: string; reads: { cell: string | undefined; field: string }[]; computed: boolean };

function categoriesOf(reads: Write['reads']): CategoryFlow {
  const categories = new Map();
  for (const { cell, field } of reads) categories.set(cell === undefined ? field : `?${cell}#${field}`, origin);
  return categories;
}

/** A file's writes as plain data (as another thread hands them over): one site a list of writes, all into the first write's cell. */
function fileWrites(name: string, sites: Write[][]): FileWrites {
  const plain = { sites: [] as WriteSite[], namespaces: [], purposes: new Map(), writes: new Map<WriteSite, DataWrite[]>(), rewriting: new Set(), otherCellsRead: new Map() };
  sites.forEach((writes, index) => {
    const site: WriteSite = { cell: writes[0]!.cell, flow: `${name}_${index}`, fileName: name, at: index };
    plain.sites.push(site);
    plain.writes.set(
      site,
      writes.map((write) => ({ cell: site.cell, field: write.field, flow: site.flow, categories: categoriesOf(write.reads), ...(write.computed && { computed: true as const }) })),
    );
  });
  return reviveFileWrites(plain as unknown as FileWrites);
}

/** The answer walked plainly: every write into a field reached, the cells a prefix names among those written. */
function plainly(files: FileWrites[], cell: string, field: string): boolean {
  const sites = files.flatMap((file) => file.sites.map((site) => ({ site, file })));
  const named = (name: string) => (name.endsWith('*') ? [...new Set(sites.map(({ site }) => site.cell))].filter((each) => each.startsWith(name.slice(0, -1))) : [name]);
  const seen = new Set<string>();
  const queue = named(cell).map((each) => [each, field] as const);
  while (queue.length > 0) {
    const [at, asked] = queue.pop()!;
    if (seen.has(`${at}\n${asked}`)) continue;
    seen.add(`${at}\n${asked}`);
    for (const { site, file } of sites) {
      if (site.cell !== at) continue;
      for (const write of file.writesOf(site)) {
        if ((write.field !== asked && write.field !== REST) || write.categories.size === 0) continue;
        if (write.computed) return true;
        for (const key of write.categories.keys()) {
          if (!key.startsWith('?')) continue;
          const [readCell, readField] = key.slice(1).split('#') as [string, string];
          if (readField === CONTROL) continue;
          for (const each of named(readCell)) queue.push([each, readField === REST ? asked : readField]);
        }
      }
    }
  }
  return false;
}

const QUESTIONS = [...CELLS, ...PREFIXES].flatMap((cell) => FIELDS.map((field) => [cell, field] as const));

test('a computed value in a field is found as files are added, as when they are added at once', () => {
  let found = 0;
  let notFound = 0;
  fc.assert(
    fc.property(fc.array(fileArb, { minLength: 1, maxLength: 5 }), (project) => {
      const files = project.map((sites, index) => fileWrites(`f${index}.jig`, sites));
      const growing = new ProjectFacts();
      files.forEach((file, index) => {
        growing.addWrites(`f${index}.jig`, file);
        const fresh = new ProjectFacts();
        for (let each = 0; each <= index; each++) fresh.addWrites(`f${each}.jig`, files[each]!);
        for (const [cell, field] of QUESTIONS) {
          const answer = growing.computedIn(cell, field);
          expect(answer, `${cell} ${field} after f${index}`).toBe(fresh.computedIn(cell, field));
          expect(answer, `${cell} ${field} after f${index}, walked plainly`).toBe(plainly(files.slice(0, index + 1), cell, field));
          if (answer) found++;
          else notFound++;
        }
      });
    }),
    { numRuns: 300 },
  );
  // Both answers are common: the property says something of each.
  expect(found).toBeGreaterThan(1000);
  expect(notFound).toBeGreaterThan(1000);
});
