/**
 * Metamorphic soundness: each violation fixture, rewritten in ways that keep what its flows do,
 * still gets every policy finding it got before. A rule that is a pattern for one spelling (data
 * read straight from `trigger.body`, a step at the top of a flow, a call made by the flow itself)
 * rather than a rule about values loses its finding under one of these rewrites: the data passed
 * through a `let`, a record, a conditional, a one-element loop or a JSON round trip; the steps
 * wrapped in a scope, a branch, a `try`, a parallel or a loop of one pass; the request read back
 * through Parse JSON, a child flow's answer, the answer of the client's own service, or a store and
 * a query of it (rule 2: a value carries what flowed into it, wherever it went on the way); the
 * steps moved into another flow whose request type declares no category at all, started by `call
 * flow`, by a request to its trigger's URL, by a Service Bus message (to a queue, or to a topic
 * that the flow's subscription reads, or read from the queue's dead letters) or by a SharePoint item it creates (rule 2: a declared type
 * never removes what its senders pass in); each URL's host and each mail recipient's domain spelled
 * otherwise for the same destination (capitals, a default port, a percent-encoded letter, the
 * root's dot: rule 3). Three rewrites keep one bit of the data instead of the data: each value
 * interpolated into a step replaced by a constant it chooses, a step that sends a value sent a
 * constant under a condition on it, and one sent which of two racing `parallel` branches wrote a
 * variable last, one of them waiting under a condition on the value; the codes of the rules that rule 4 says control flow reaches
 * (sharing, secondary use, aggregation, minors) must stay. The findings' positions may move and a rewrite may add
 * findings (a child flow is one more door); only a lost code is a miss.
 *
 * Rewrites are also composed: a fixed sample of pairs (one rewrite applied to what another wrote)
 * finds a rule that holds for each door alone but not for two in a row (a record inside a child
 * flow's answer, a loop inside a catch).
 *
 * A rewrite that the language refuses (a new syntax or type error: `respond` inside a loop, an
 * optional value where a record is expected) tells nothing and is left out; each rewrite must
 * still apply to enough fixtures that the test keeps its reach as fixtures are added.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures } from './helpers.js';
import { CATEGORY_ANNOTATION, findings, requestFlows, type Finding, type RequestFlow } from './fixture-flows.js';

const isPolicyCode = (code: string) => code.startsWith('JIG3');
const unwaivedPolicyCodes = (list: readonly Finding[]) => new Set(list.filter((f) => isPolicyCode(f.code) && !f.waived).map((f) => f.code));

/** The lines of each flow's steps after its trigger, as [first, end) line indexes. */
function flowBodies(lines: readonly string[]): [number, number][] {
  const bodies: [number, number][] = [];
  for (let index = 0; index < lines.length; index++) {
    if (!/^flow\s/.test(lines[index]!)) continue;
    let trigger = index + 1;
    while (trigger < lines.length && !/^ {2}trigger\b/.test(lines[trigger]!)) trigger++;
    let first = trigger + 1;
    while (first < lines.length && /^ {4}/.test(lines[first]!)) first++; // the trigger's own continuation lines
    let end = first;
    while (end < lines.length && lines[end] !== '}') end++;
    if (end > first && end < lines.length) bodies.push([first, end]);
  }
  return bodies;
}

/** A rewrite of one flow's steps (lines), or undefined where it does not apply. */
type StepsRewrite = (steps: readonly string[]) => string[] | undefined;

const indented = (lines: readonly string[]) => lines.map((line) => (line.length ? `  ${line}` : line));
const wrapped = (open: string, ...close: string[]): StepsRewrite => (steps) => [`  ${open}`, ...indented(steps), ...close.map((line) => `  ${line}`)];

/** Replaces `trigger.body` outside string literals. */
function replaceOutsideStrings(text: string, pattern: RegExp, replacement: string): string {
  return text
    .split(/("(?:[^"\\]|\\.)*")/)
    .map((part, index) => (index % 2 ? part : part.replace(pattern, replacement)))
    .join('');
}

/** The trigger's body read through `let __b = BIND` (or a `var`) and every later read of it replaced by `USE`. */
const throughLet = (bind: string, use: string, keyword = 'let', type = ''): StepsRewrite => (steps) => {
  const text = steps.join('\n');
  const next = replaceOutsideStrings(text, /\btrigger\.body\b/g, use);
  return next === text ? undefined : [`  ${keyword} __b${type} = ${bind}`, ...next.split('\n')];
};

/** The trigger's body put in `__b` by the steps `prelude`, and every later read of it replaced by `__b`. */
const throughSteps = (...prelude: string[]): StepsRewrite => (steps) => {
  const text = steps.join('\n');
  const next = replaceOutsideStrings(text, /\btrigger\.body\b/g, '__b');
  return next === text ? undefined : [...prelude.map((line) => `  ${line}`), ...next.split('\n')];
};

/** After each `let NAME = …`, a record holding it, read in its place from then on. */
const letsThroughRecords: StepsRewrite = (steps) => {
  const out: string[] = [];
  const names: string[] = [];
  for (const line of steps) {
    let next = line;
    for (const name of names) next = replaceOutsideStrings(next, new RegExp(`(?<![.\\w])${name}\\b(?!\\s*=)`, 'g'), `${name}__r.v`);
    out.push(next);
    const declared = /^(\s*)let (\w+)(?:\s*:[^=]+)? = /.exec(line);
    // Only a one-line `let`: a block or a literal that goes on is left as it is.
    if (declared && !/[{([]\s*$/.test(line)) {
      out.push(`${declared[1]}let ${declared[2]}__r = { v: ${declared[2]} }`);
      names.push(declared[2]!);
    }
  }
  return names.length ? out : undefined;
};

/** What a step sends as its body, sent by another clause (`body …` wrapped, or a header). */
const sentAs = (clause: (value: string) => string): StepsRewrite => (steps) => {
  const text = steps.join('\n');
  const next = text.replace(/\bbody (trigger\.body[\w.]*)/g, (_, value: string) => clause(value));
  return next === text ? undefined : next.split('\n');
};

/** Where the `${…}` that opens at `start` of `text` closes (after its `}`), nested braces and strings skipped. */
function interpolationEnd(text: string, start: number): number | undefined {
  let depth = 0;
  for (let at = start + 2; at < text.length; at++) {
    const char = text[at];
    if (char === '"') {
      at++;
      while (at < text.length && text[at] !== '"') {
        if (text[at] === '\\') at++;
        else if (text.startsWith('${', at)) at = (interpolationEnd(text, at) ?? text.length) - 1;
        at++;
      }
    } else if (char === '{') depth++;
    else if (char === '}') {
      if (depth === 0) return at + 1;
      depth--;
    } else if (char === '\n') return undefined;
  }
  return undefined;
}

/**
 * Rule 4, in an expression: each value interpolated into a step's text replaced by a constant
 * that the value chooses (`${if string(V) == "" then "0" else "1"}`). What is sent now tells
 * one bit of the value instead of the value: for sharing and secondary use it carries it still.
 */
const interpolationsChosenByValue: StepsRewrite = (steps) => {
  let changed = false;
  const out = steps.map((line) => {
    if (/^\s*(let|var)\b/.test(line)) return line;
    let next = '';
    let at = 0;
    for (let open = line.indexOf('${'); open >= 0; open = line.indexOf('${', at)) {
      const end = interpolationEnd(line, open);
      if (end === undefined) break;
      next += `${line.slice(at, open)}\${if string(${line.slice(open + 2, end - 1)}) == "" then "0" else "1"}`;
      at = end;
      changed = true;
    }
    return next + line.slice(at);
  });
  return changed ? out : undefined;
};

/**
 * Each step that sends `trigger.body…` as its body (not a `let`, `var` or `respond`) replaced by
 * what `make` writes from its indent, the step up to `body`, the value sent and the step's
 * annotations on the lines below it (which go with it), and its index among those replaced.
 */
const sendingStepsReplaced =
  (make: (indent: string, head: string, value: string, annotations: readonly string[], index: number) => string[]): StepsRewrite =>
  (steps) => {
    const out: string[] = [];
    let replaced = 0;
    for (let index = 0; index < steps.length; index++) {
      const sent = /^(\s*)(.*)\bbody (trigger\.body[\w.]*)\s*$/.exec(steps[index]!);
      if (!sent || /^\s*(let|var|respond)\b/.test(steps[index]!)) {
        out.push(steps[index]!);
        continue;
      }
      const indent = sent[1]!;
      const annotations: string[] = [];
      while (index + 1 < steps.length && steps[index + 1]!.startsWith(`${indent}  @`)) annotations.push(steps[++index]!);
      out.push(...make(indent, sent[2]!, sent[3]!, annotations, replaced++));
    }
    return replaced > 0 ? out : undefined;
  };

/** Rule 4, on a step: one that sends `trigger.body…` as its body sends a constant instead, under a condition on that value. */
const sentUnderCondition = sendingStepsReplaced((indent, head, value, annotations) => [
  `${indent}if string(${value}) != "~" {`,
  `${indent}  ${head}body "0"`,
  ...annotations.map((line) => `  ${line}`),
  `${indent}}`,
]);

/**
 * Rule 4, through timing: one that sends `trigger.body…` as its body sends instead which of two
 * `parallel` branches set a variable last, one of them waiting only under a condition on that value.
 */
const sentByRace = sendingStepsReplaced((indent, head, value, annotations, index) => [
  `${indent}var __race${index}: string = "none"`,
  `${indent}parallel {`,
  `${indent}  if string(${value}) != "~" {`,
  `${indent}    wait 1 second`,
  `${indent}  }`,
  `${indent}  set __race${index} = "first"`,
  `${indent}} and {`,
  `${indent}  set __race${index} = "second"`,
  `${indent}}`,
  `${indent}${head}body __race${index}`,
  ...annotations,
]);

/** The rewrites that keep only one bit of the data: the codes of the rules that rule 4 says it reaches (§3, §4, §5, §9). */
const BIT_REWRITES = new Set(['each interpolated value a constant it chooses', 'sent as a constant under a condition on it', 'sent as which branch of a race won, one waiting on it']);
const reachedByControlFlow = (code: string) => /^JIG3[3459]/.test(code);

const STEP_REWRITES: Readonly<Record<string, StepsRewrite>> = {
  'in a scope': wrapped('scope {', '}'),
  'in an if that holds': wrapped('if 1 == 1 {', '}'),
  'in an else': (steps) => ['  if 1 == 2 {', '  } else {', ...indented(steps), '  }'],
  'in a loop of one pass': wrapped('for each __pass in [1] {', '}'),
  'in a try': wrapped('try {', '} catch {', '}'),
  'in a switch case': (steps) => ['  switch "a" {', '    case "a" {', ...indented(indented(steps)), '    }', '  }'],
  'in an until of one pass': wrapped('until 1 == 1 {', '}'),
  'in a parallel branch': wrapped('parallel {', '} and {', '}'),
  'through a let': throughLet('trigger.body', '__b'),
  'through a record': throughLet('{ v: trigger.body }', '__b.v'),
  'through a conditional': throughLet('if 1 == 1 then trigger.body else trigger.body', '__b'),
  'through a var': throughLet('trigger.body', '__b', 'var', ': any'),
  'through coalesce': throughLet('coalesce(trigger.body, trigger.body)', '__b'),
  'through JSON text': throughLet('json(string(trigger.body))', '__b'),
  'through a loop variable': (steps) => {
    const text = steps.join('\n');
    const next = replaceOutsideStrings(text, /\btrigger\.body\b/g, '__each');
    return next === text ? undefined : ['  for each __each in [trigger.body] {', ...indented(next.split('\n')), '  }'];
  },
  "every let through a record": letsThroughRecords,
  'each interpolated value a constant it chooses': interpolationsChosenByValue,
  'sent as a constant under a condition on it': sentUnderCondition,
  'sent as which branch of a race won, one waiting on it': sentByRace,
  'through a var set in a branch': throughSteps('var __b: any = {}', 'if 1 == 1 {', '  set __b = trigger.body', '}'),
  'through a list appended to': throughSteps('var __l: any[] = []', 'append trigger.body to __l', 'let __b = __l[0]'),
  'through a filter of one element': throughSteps('let __w = [trigger.body] where 1 == 1', 'let __b = __w[0]'),
  'through a select of one element': throughSteps('let __s = [trigger.body] select { v: item }', 'let __b = __s[0].v'),
  'through a var set in a loop of one pass': throughSteps('var __b: any = {}', 'for each __x in [trigger.body] {', '  set __b = __x', '}'),
  'through a var set in an until': throughSteps('var __b: any = {}', 'until 1 == 1 {', '  set __b = trigger.body', '}'),
  'through a var set in a parallel branch': throughSteps('var __b: any = {}', 'parallel {', '  set __b = trigger.body', '} and {', '  set __b = trigger.body', '}'),
  'through a var set in a catch': throughSteps('var __b: any = {}', 'try {', '  fail "first"', '} catch {', '  set __b = trigger.body', '}'),
  'through a var set in a switch case': throughSteps('var __b: any = {}', 'switch "a" {', '  case "a" {', '    set __b = trigger.body', '  }', '}'),
  'through the first of a list': throughLet('first([trigger.body])', '__b'),
  'through a union with nothing': throughLet('union([trigger.body], [])[0]', '__b'),
  'through text replaced': throughLet('json(replace(string(trigger.body), "~~", "~~"))', '__b'),
  'through text cut to its length': throughLet('json(substring(string(trigger.body), 0, length(string(trigger.body))))', '__b'),
  'through interpolated text': throughLet('json("${string(trigger.body)}")', '__b'),
  'through text split and joined': throughLet('json(join(split(string(trigger.body), ","), ","))', '__b'),
  'through base64': throughLet('json(base64ToString(base64(string(trigger.body))))', '__b'),
  'sent inside a record': sentAs((value) => `body { w: ${value} }`),
  'sent as text': sentAs((value) => `body string(${value})`),
  'sent in a header': sentAs((value) => `headers { "x-sent": string(${value}) }`),
  'in a catch after a fail': (steps) => ['  try {', '    fail "first"', '  } catch {', ...indented(steps), '  }'],
};

function rewriteSteps(text: string, rewrite: StepsRewrite): string | undefined {
  let lines = text.split('\n');
  let changed = false;
  // The last flow first, so that the earlier flows' line indexes hold.
  for (const [first, end] of flowBodies(lines).reverse()) {
    const steps = rewrite(lines.slice(first, end));
    if (!steps) continue;
    lines = [...lines.slice(0, first), ...steps, ...lines.slice(end)];
    changed = true;
  }
  return changed ? lines.join('\n') : undefined;
}

/** `TYPE__bare`: TYPE with every category replaced by `system.operational`, which no rule protects. */
const bareType = (flow: RequestFlow) => flow.declaration!.replace(`type ${flow.type} {`, `type ${flow.type}__bare {`).replace(CATEGORY_ANNOTATION, '@system.operational');

interface MovedFlow {
  /** The steps the flow keeps after its trigger. */
  readonly steps: readonly string[];
  /** Declarations to add to the file. */
  readonly added?: string;
}

/**
 * Each request flow's steps replaced as `rewrite` says, and what it adds put at the end of the
 * file; each TYPE__bare a rewrite names is declared once.
 */
function rewriteRequestFlows(text: string, rewrite: (flow: RequestFlow) => MovedFlow | undefined): string | undefined {
  let out = text;
  let added = '';
  const bare = new Set<string>();
  for (const flow of requestFlows(text)) {
    const moved = rewrite(flow);
    if (!moved) continue;
    out = out.replace(flow.text, `${flow.annotations}flow ${flow.name} {\n  trigger http post body ${flow.type}\n${moved.steps.join('\n')}\n}`);
    added += moved.added ?? '';
    if (moved.added?.includes(`${flow.type}__bare`) && !bare.has(flow.type)) {
      added += `\n${bareType(flow)}\n`;
      bare.add(flow.type);
    }
  }
  return out === text ? undefined : out + added;
}

/** Whether another flow calls this one: it answers and fails to its caller, and moving its steps elsewhere changes what the caller sees. */
const isCalled = (text: string, flow: RequestFlow) => new RegExp(`\\bcall flow ${flow.name}\\b`).test(text);

/** A flow of the request flow's annotations, started by `trigger`, running its steps. */
const relayed = (flow: RequestFlow, name: string, trigger: string, steps: readonly string[]) => `\n${flow.annotations}flow ${name} {\n  ${trigger}\n${steps.join('\n')}\n}\n`;

/** The request read through `let __b = BIND`, and every later read of it replaced by `__b`. */
const requestThrough = (bind: (flow: RequestFlow) => string, added?: (flow: RequestFlow) => string) => (text: string) =>
  rewriteRequestFlows(text, (flow) => {
    const steps = throughLet(bind(flow), '__b')(flow.steps);
    return steps && { steps, added: added?.(flow) };
  });

/**
 * The request's steps moved into another flow of the same annotations whose request type declares
 * no category: started by `call flow` with the request's fields, or by a request to its trigger's
 * URL on the client's own app.
 */
const movedInto = (start: (flow: RequestFlow, child: string) => string) => (text: string) =>
  rewriteRequestFlows(text, (flow) => {
    if (!flow.declaration || isCalled(text, flow)) return undefined;
    const child = `${flow.name}__child`;
    return { steps: [`  ${start(flow, child)}`], added: relayed(flow, child, `trigger http post body ${flow.type}__bare`, flow.steps) };
  });

const fieldsOf = (flow: RequestFlow) => [...flow.declaration!.matchAll(/^\s+(\w+)\??\s*:/gm)].map(([, field]) => `${field}: trigger.body.${field}`).join(', ');

/**
 * Each URL literal's host (`"https://HOST…`) written as `spell` writes it: the same host for the
 * WHATWG URL parser that the runtime uses (rule 3), so the same destination.
 */
const urlHostsSpelled = (spell: (host: string) => string) => (text: string) => {
  const next = text.replace(/"https:\/\/([a-z0-9.-]+)(?=[/:"?])/g, (_, host: string) => `"${spell(host)}`);
  return next === text ? undefined : next;
};

/** Each mail recipient's domain written in capitals, which mail's domains ignore. */
const recipientDomainsInCapitals = (text: string) => {
  const next = text.replace(/(\bto "[^"@$]+@)([a-z0-9.-]+)"/g, (_, local: string, domain: string) => `${local}${domain.toUpperCase()}"`);
  return next === text ? undefined : next;
};

/**
 * The request's steps moved into a flow of the same annotations that a Service Bus trigger starts,
 * reading the entity the request is sent to by `path` (the entity itself, a topic's subscription,
 * a queue's dead letters), its body typed TYPE`suffix` (`__bare`: no category at all).
 */
const movedBehindServiceBus = (name: string, path: (entity: string) => string, suffix = '__bare') => (text: string) =>
  rewriteRequestFlows(text, (flow) => {
    if (isCalled(text, flow)) return undefined;
    const entity = `relay-${flow.name.replace(/_/g, '-')}`;
    const receiver = relayed(flow, `${flow.name}__${name}`, `trigger servicebus("contoso-orders", "${path(entity)}") body ${flow.type}${suffix}`, flow.steps);
    return { steps: [`  send trigger.body to servicebus("contoso-orders", "${entity}")`], added: receiver };
  });

const REWRITES: Readonly<Record<string, (text: string) => string | undefined>> = {
  'URL hosts in capitals': urlHostsSpelled((host) => `https://${host.toUpperCase()}`),
  'URL schemes in capitals': urlHostsSpelled((host) => `HTTPS://${host}`),
  'URL hosts with their default port': urlHostsSpelled((host) => `https://${host}:443`),
  'URL hosts with a letter percent-encoded': urlHostsSpelled((host) => `https://${host.replace(/[a-z]/, (letter) => `%${letter.charCodeAt(0).toString(16)}`)}`),
  'mail recipients whose domain is in capitals': recipientDomainsInCapitals,
  'URL hosts ending in a dot': urlHostsSpelled((host) => `https://${host}.`),
  ...Object.fromEntries(Object.entries(STEP_REWRITES).map(([name, rewrite]) => [name, (text: string) => rewriteSteps(text, rewrite)])),
  'moved into a child flow that declares no category': movedInto((flow, child) => `call flow ${child} with { ${fieldsOf(flow)} }`),
  "moved into a flow that declares no category, started by its trigger's URL": movedInto(
    (_, child) => `call http post "https://planner-contoso.azurewebsites.net/api/${child}/triggers/manual/invoke" body trigger.body`,
  ),
  'moved into a flow that receives it from a Service Bus queue': movedBehindServiceBus('receiver', (entity) => entity, ''),
  "moved into a flow that receives it from a Service Bus topic's subscription": movedBehindServiceBus('subscriber', (entity) => `${entity}/subscriptions/all`),
  "moved into a flow that receives it from a Service Bus queue's dead letters": movedBehindServiceBus('dead_letters', (entity) => `${entity}/$DeadLetterQueue`),
  'moved into a flow that receives it as a SharePoint item': (text) =>
    rewriteRequestFlows(text, (flow) => {
      if (isCalled(text, flow)) return undefined;
      const list = `Relay ${flow.name.replace(/_/g, ' ')}`;
      const receiver = relayed(flow, `${flow.name}__listener`, `trigger sharepoint("https://contoso.sharepoint.com/sites/relay", "${list}") body ${flow.type}__bare`, flow.steps);
      return { steps: [`  store trigger.body in sharepoint("https://contoso.sharepoint.com/sites/relay", "${list}")`], added: receiver };
    }),
  'through Parse JSON as its type': requestThrough((flow) => `parse json string(trigger.body) as ${flow.type}`),
  "through a child flow's answer": requestThrough(
    (flow) => `call flow ${flow.name}__echo with trigger.body`,
    (flow) => relayed(flow, `${flow.name}__echo`, `trigger http post body ${flow.type}`, ['  respond 200 body trigger.body']),
  ),
  "through the answer of the client's own service": requestThrough((flow) => `call http post "https://ocr-contoso.azurewebsites.net/echo" body trigger.body returns ${flow.type}`),
  'through a blob written and read back': (text) =>
    rewriteRequestFlows(text, (flow) => {
      const container = `relay-${flow.name.replace(/_/g, '-')}`;
      const steps = throughLet(`query blob("contosoreports", "${container}") name "${flow.name}" returns ${flow.type}`, '__b')(flow.steps);
      return steps && { steps: [`  store trigger.body in blob("contosoreports", "${container}")`, ...steps] };
    }),
  'moved into a scheduled flow that reads what it stores': (text) =>
    rewriteRequestFlows(text, (flow) => {
      if (isCalled(text, flow)) return undefined;
      const container = `relay-${flow.name.replace(/_/g, '-')}`;
      const steps = throughLet('__d', '__d')(flow.steps);
      const moved = steps && replaceOutsideStrings(flow.steps.join('\n'), /\btrigger\.body\b/g, '__d');
      if (!moved) return undefined;
      const reader = relayed(flow, `${flow.name}__later`, 'trigger schedule every 1 day', [
        `  let __kept = query cosmos("jigajob", "${container}") returns ${flow.type}__bare[]`,
        '  for each __d in __kept {',
        ...indented(moved.split('\n')),
        '  }',
      ]);
      return { steps: [`  store trigger.body in cosmos("jigajob", "${container}")`, '  respond 202'], added: reader };
    }),
  'through a store and a query': (text) =>
    rewriteRequestFlows(text, (flow) => {
      const container = `relay-${flow.name.replace(/_/g, '-')}`;
      const steps = throughLet('trigger.body', '__d')(flow.steps)?.slice(1);
      if (!steps) return undefined;
      return {
        steps: [`  store trigger.body in cosmos("jigajob", "${container}")`, `  let __kept = query cosmos("jigajob", "${container}") returns ${flow.type}[]`, '  for each __d in __kept {', ...indented(steps), '  }'],
      };
    }),
};

const violations = readdirSync(join(fixtures, 'violations'))
  .filter((name) => name.endsWith('.jig'))
  .map((name) => ({ name, path: join(fixtures, 'violations', name) }));

/** How many fixtures each rewrite applied to without a new syntax or type error. */
const applied = new Map<string, number>();

/** A fixture's findings before any rewrite. */
interface Before {
  readonly expected: ReadonlySet<string>;
  readonly knownCodes: ReadonlySet<string>;
}

function before(path: string, text: string): Before {
  const found = findings(path, text);
  return { expected: unwaivedPolicyCodes(found), knownCodes: new Set(found.map((f) => f.code)) };
}

/**
 * The policy codes a rewritten fixture lost, or undefined where the rewrite tells nothing (it did
 * not apply, or the language refuses what it wrote). `rewriteNames` are the rewrites it went through.
 */
function lostCodes(path: string, text: Before, rewritten: string | undefined, rewriteNames: readonly string[]): string[] | undefined {
  if (rewritten === undefined) return undefined;
  const after = findings(path, rewritten);
  if (after.some((f) => f.error && !isPolicyCode(f.code) && !text.knownCodes.has(f.code))) return undefined;
  const kept = unwaivedPolicyCodes(after);
  // A blob read may read every flow's run history (README, query blob): a category declared and unused before is used now.
  if (rewriteNames.includes('through a blob written and read back')) kept.add('JIG3005');
  const keepsOneBit = rewriteNames.some((name) => BIT_REWRITES.has(name));
  return [...text.expected].filter((code) => !kept.has(code) && (!keepsOneBit || reachedByControlFlow(code)));
}

describe('a violation fixture keeps its findings when rewritten without changing what it does', () => {
  test.each(violations)('$name', ({ name, path }) => {
    const text = readFileSync(path, 'utf8');
    const found = before(path, text);
    const lost: string[] = [];
    for (const [rewriteName, rewrite] of Object.entries(REWRITES)) {
      const missing = lostCodes(path, found, rewrite(text), [rewriteName]);
      if (missing === undefined) continue;
      applied.set(rewriteName, (applied.get(rewriteName) ?? 0) + 1);
      if (missing.length) lost.push(`${rewriteName}: ${missing.join(', ')}`);
    }
    expect(lost, name).toEqual([]);
  });

  test('each rewrite applies to enough fixtures to test something', () => {
    for (const rewriteName of Object.keys(REWRITES)) expect(applied.get(rewriteName) ?? 0, rewriteName).toBeGreaterThanOrEqual(5);
  });
});

/**
 * Two rewrites that do not keep what a flow does when composed: a rewrite of a URL's spelling
 * applied twice writes a URL that is refused or names another host (`host..`, `:443:443`), and a
 * rewrite of what a step sends, after the steps moved behind a request to a child's URL, changes
 * what the child receives (its fields are no longer in the body it reads).
 */
const composesBadly = (first: string, second: string) =>
  (first === second && first.startsWith('URL ')) || (first.startsWith('moved into') && second.startsWith('sent '));

/** Sampled pairs a run: each pair checked costs a compile of the fixture (a few ms). */
const PAIRS = 400;

describe('a violation fixture keeps its findings through two rewrites in a row', () => {
  const names = Object.keys(REWRITES);
  const samples = fc.sample(fc.tuple(fc.nat(violations.length - 1), fc.constantFrom(...names), fc.constantFrom(...names)), {
    numRuns: PAIRS,
    seed: Number(process.env.METAMORPHIC_SEED ?? 20261208),
  });
  test('sampled pairs of rewrites', () => {
    const befores = new Map<string, { text: string; found: Before }>();
    const lost: string[] = [];
    let checked = 0;
    for (const [index, first, second] of samples) {
      if (composesBadly(first, second)) continue;
      const { name, path } = violations[index]!;
      let fixture = befores.get(path);
      if (!fixture) {
        const text = readFileSync(path, 'utf8');
        fixture = { text, found: before(path, text) };
        befores.set(path, fixture);
      }
      const once = REWRITES[first]!(fixture.text);
      const missing = lostCodes(path, fixture.found, once === undefined ? undefined : REWRITES[second]!(once), [first, second]);
      if (missing === undefined) continue;
      checked++;
      if (missing.length) lost.push(`${name}: ${first}, then ${second}: ${missing.join(', ')}`);
    }
    expect(lost).toEqual([]);
    // Most pairs apply; a run where few do tests little (a rewrite broken, the fixtures moved).
    expect(checked).toBeGreaterThan(PAIRS / 3);
  }, 120_000);
});
