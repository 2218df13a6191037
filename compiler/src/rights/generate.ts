/**
 * `jig rights`: the flows that serve data-subject requests (§6), one file a kind of data subject,
 * one flow a right, written from the project's data map (subjects.ts):
 *
 * - access: an HTTP request with a subject's key; queries every container that holds their data
 *   and mails one export document to the client's own mailbox, whose staff check that the
 *   requester is the person before passing it on;
 * - erasure: deletes every one of those documents and records that the request was served;
 * - correction: rewrites those documents with the personal fields the request gives;
 * - opt-out: rewrites them with the policy's opt-out field set, which every query of a flow with a
 *   secondary purpose filters on.
 *
 * Whoever knows the trigger's URL may call a rights flow with anyone's key, and nothing in the flow
 * can tell that the caller is that person (s03-sharing's JIG3307): every flow answers `202` before
 * it reads anything, so that its answer says nothing of what is kept about anyone, not even whether
 * there is something; what an access finds goes to the client's own mailbox, not to the caller.
 *
 * The text is built from sorted data and put through the formatter, so that an unchanged project
 * regenerates the same bytes.
 */
import type { Policy } from '../policy/model.js';
import type { SubjectRight } from '../semantics/model.js';
import { formatSource } from '../syntax/printer.js';
import { SourceFile } from '../syntax/source.js';
import { KEYWORDS } from '../syntax/tree.js';
import { typeToString } from '../semantics/types.js';
import type { DocumentField, SubjectContainer, SubjectKind } from './subjects.js';
import { PERSONAL } from './subjects.js';
import { covers } from '../flow/categories.js';
import { rightsFlowName } from '../flow/serving-flows.js';

type Right = SubjectRight;

/** The folder of the project the files are written to. */
export const RIGHTS_FOLDER = 'rights';
/** The container an erasure records its requests in, in the database of the first container. */
export const REQUESTS_CONTAINER = 'subject-requests';

export interface RightsFile {
  readonly kind: string;
  /** Relative to the project's folder, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

const SECONDS_PER_DAY = 86_400;

/**
 * @param mailbox the client's own address that an access request's export is mailed to (a mail
 *   domain of the platform, else the check reports it as a share with a third party).
 */
export function generateRights(kinds: readonly SubjectKind[], policy: Policy, mailbox: string): RightsFile[] {
  return kinds.map((subject) => {
    const text = new RightsWriter(subject, policy, mailbox).file();
    // The formatter aligns the types' columns and breaks long lines as `jig fmt` would.
    const formatted = formatSource(new SourceFile(`${subject.kind}.jig`, text))?.text ?? text;
    return { kind: subject.kind, path: `${RIGHTS_FOLDER}/${subject.kind}.jig`, text: formatted };
  });
}

const pascal = (text: string) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => `${part[0]!.toUpperCase()}${part.slice(1)}`)
    .join('');
const camel = (text: string) => {
  const name = pascal(text);
  return name === '' ? '' : `${name[0]!.toLowerCase()}${name.slice(1)}`;
};
const quote = (text: string) => JSON.stringify(text);
const RESERVED = new Set<string>([...KEYWORDS, 'trigger', 'item', 'key']);

interface Container {
  readonly source: SubjectContainer;
  /** The name of the `let` that holds its documents. */
  readonly variable: string;
  /** The document type. */
  readonly type: string;
  readonly target: string;
}

class RightsWriter {
  private readonly kindType: string;
  private readonly containers: Container[];
  /** The category of what only identifies documents (`system.operational` in JigAjob). */
  private readonly neutral: string;
  private readonly types: string[] = [];
  /** Whether some field holds nothing categorised (its type names `neutral`). */
  private usesNeutral = false;

  constructor(
    private readonly subject: SubjectKind,
    private readonly policy: Policy,
    private readonly mailbox: string,
  ) {
    this.kindType = pascal(subject.kind);
    const used = new Set<string>();
    this.containers = subject.containers.map((source) => {
      const base = camel(source.args[source.args.length - 1] ?? 'documents') || 'documents';
      let variable = RESERVED.has(base) ? `${base}Documents` : base;
      for (let n = 2; used.has(variable); n++) variable = `${base}${n}`;
      used.add(variable);
      return { source, variable, type: `${this.kindType}${pascal(variable)}`, target: `cosmos(${source.args.map(quote).join(', ')})` };
    });
    // The most specific category about no one (JigAjob: system.operational).
    const aboutNoOne = [...policy.categories.values()].filter((category) => category.aboutNoOne).map((category) => category.id);
    this.neutral = aboutNoOne.sort((a, b) => b.split('.').length - a.split('.').length || a.localeCompare(b))[0] ?? [...policy.categories.keys()][0] ?? 'system';
  }

  file(): string {
    const kind = this.subject.kind;
    for (const container of this.containers) this.documentType(container.type, this.withId(container.source.fields));
    const out = [
      `/// Requests of a ${kind} under policy section 6 (access, erasure, correction, opt-out), served`,
      `/// from every container that holds a ${kind}'s personal data: ${this.containers.map((c) => c.source.location).join(', ')}.`,
      '/// Generated by `jig rights` from the data map: review it and commit it. When a flow starts',
      `/// keeping a ${kind}'s data elsewhere, \`jig check\` says so; run \`jig rights\` again.`,
      '',
      `type ${this.kindType}Request {`,
      `  key: string @${this.keyCategory()}`,
      '}',
      '',
      `type ${this.kindType}Correction {`,
      `  key: string @${this.keyCategory()}`,
      ...this.correctable().map((field) => `  ${field.name}: ${typeToString(field.type)}? ${this.categoryList(field.categories)}`),
      '}',
      '',
      ...this.types,
      this.access(),
      this.erasure(),
      this.correction(),
      this.optOut(),
    ];
    return `${out.join('\n')}\n`;
  }

  /** What the key holds: the category of the first key field that is personal, else an identifier. */
  private keyCategory(): string {
    for (const container of this.containers) {
      for (const key of container.source.keys) {
        const field = container.source.fields.find((candidate) => candidate.name === key);
        const personal = field?.categories.find((category) => covers(PERSONAL, category));
        if (personal) return personal;
      }
    }
    return this.policy.categories.has('personal.identifier') ? 'personal.identifier' : PERSONAL;
  }

  /** Declares a document type (and the types of its nested records), in the order they are needed. */
  private documentType(name: string, fields: readonly DocumentField[]): void {
    const lines = fields.map((field) => {
      let type = typeToString(field.type);
      if (field.fields) {
        const nested = `${name}${pascal(field.name)}`;
        this.documentType(nested, field.fields);
        type = field.type.kind === 'array' ? `${nested}[]` : nested;
      }
      if (!field.fields && field.categories.length === 0) this.usesNeutral = true;
      const categories = field.fields ? '' : ` ${this.categoryList(field.categories.length ? field.categories : [this.neutral])}`;
      return `  ${field.name}: ${type}${field.optional ? '?' : ''}${categories}`;
    });
    this.types.push(`type ${name} {`, ...lines, '}', '');
  }

  /** The personal fields of one value a correction may change, each once (the first container's type wins). */
  private correctable(): DocumentField[] {
    const found = new Map<string, DocumentField>();
    for (const { source } of this.containers) {
      for (const field of source.fields) {
        if (field.fields || field.type.kind === 'array' || found.has(field.name)) continue;
        if (field.categories.some((category) => covers(PERSONAL, category))) found.set(field.name, field);
      }
    }
    return [...found.values()];
  }

  /** Documents are deleted and rewritten by their `id`, which Cosmos DB gives every document. */
  private withId(fields: readonly DocumentField[]): readonly DocumentField[] {
    if (fields.some((field) => field.name === 'id')) return fields;
    this.usesNeutral = true;
    return [{ name: 'id', type: { kind: 'primitive', name: 'string' } as DocumentField['type'], categories: [this.neutral], optional: false }, ...fields];
  }

  /** `@a, @b`, a parent category standing for all its children (so that a field's line stays short). */
  private categoryList(categories: readonly string[]): string {
    return this.collapse(categories).map((category) => `@${category}`).join(', ');
  }

  /** The categories, sorted, a parent standing for its children where all of them (two or more) are there. */
  private collapse(categories: Iterable<string>): string[] {
    let set = new Set(categories);
    for (let changed = true; changed; ) {
      changed = false;
      for (const parent of this.policy.categories.keys()) {
        const children = [...this.policy.categories.keys()].filter((id) => id.startsWith(`${parent}.`) && !id.slice(parent.length + 1).includes('.'));
        if (set.has(parent) || children.length < 2 || !children.every((child) => set.has(child))) continue;
        set = new Set([...[...set].filter((id) => !children.includes(id)), parent]);
        changed = true;
      }
    }
    return [...set].sort();
  }

  private correctionOf(container: Container): ReadonlySet<string> {
    const correctable = new Map(this.correctable().map((field) => [field.name, typeToString(field.type)]));
    return new Set(container.source.fields.filter((field) => !field.fields && correctable.get(field.name) === typeToString(field.type)).map((field) => field.name));
  }

  private categories(extra: readonly string[] = []): string {
    const all = new Set<string>([this.keyCategory(), ...extra]);
    for (const { source } of this.containers) source.categories.forEach((category) => all.add(category));
    for (const field of this.containers.flatMap((c) => c.source.fields)) collectCategories(field, all);
    // A parent category covers its children: declare the most general ones only once.
    const sorted = this.collapse(all);
    return sorted.filter((category) => !sorted.some((other) => other !== category && covers(other, category))).join(', ');
  }

  private header(right: Right, purpose: string, retain: string): string[] {
    return [`@purpose(automation, ${quote(purpose)})`, `@data(${this.categories(this.usesNeutral ? [this.neutral] : [])})`, `@retain(${retain})`, `@rights(${right}, ${this.subject.kind})`];
  }

  private queries(body: string): string[] {
    return this.containers.map(
      (container) =>
        `  let ${container.variable} = query ${container.target}\n` +
        `    where ${container.source.keys.map((key) => `item.${key} == ${body}.key`).join(' or ')}\n` +
        `    returns ${container.type}[]`,
    );
  }

  private access(): string {
    const kind = this.subject.kind;
    const exported = ['key: trigger.body.key', ...this.containers.map((c) => `${c.variable}: ${c.variable}`)].join(', ');
    return [
      `/// Mails every document kept about a ${kind}, by container, to the client's own mailbox, where the`,
      '/// requester\'s identity is checked before the export is passed on: the caller is answered only',
      '/// that the request was received, since whoever knows the URL may ask with anyone\'s key.',
      ...this.header('access', `Give a ${kind} the data kept about them, on request (policy section 6)`, '1 day'),
      `flow ${rightsFlowName('access', kind)} {`,
      `  trigger http post body ${this.kindType}Request`,
      '  respond 202',
      '',
      ...this.queries('trigger.body'),
      '',
      `  send mail office365 to ${quote(this.mailbox)}`,
      `    subject ${quote(`Access request of a ${kind} (policy section 6): check the requester's identity before passing this on`)}`,
      `    body string({ ${exported} })`,
      '}',
      '',
    ].join('\n');
  }

  private erasure(): string {
    const kind = this.subject.kind;
    const database = this.containers[0]?.source.args[0] ?? 'jigajob';
    return [
      `/// Deletes every document kept about a ${kind}, and records that the request was served (when, not whose).`,
      ...this.header('erasure', `Delete the data kept about a ${kind}, on request (policy section 6)`, '1 year'),
      `flow ${rightsFlowName('erasure', kind)} {`,
      `  trigger http post body ${this.kindType}Request`,
      '  respond 202',
      '',
      ...this.queries('trigger.body'),
      '',
      ...this.containers.map((c) => `  for each document in ${c.variable} {\n    delete document.id from ${c.target}\n  }`),
      '',
      `  store { id: guid(), right: "erasure", kind: ${quote(kind)}, servedAt: utcNow() }`,
      `    in cosmos(${quote(database)}, ${quote(REQUESTS_CONTAINER)})`,
      '}',
      '',
    ].join('\n');
  }

  private correction(): string {
    const kind = this.subject.kind;
    return this.rewrite(
      'correction',
      `/// Rewrites every document kept about a ${kind} with the personal fields the request gives.`,
      `Correct the data kept about a ${kind}, on request (policy section 6)`,
      `${this.kindType}Correction`,
      (container, field) => (this.correctionOf(container).has(field) ? `coalesce(trigger.body.${field}, document.${field})` : `document.${field}`),
      [],
    );
  }

  private optOut(): string {
    const kind = this.subject.kind;
    const field = this.policy.optOutField;
    return this.rewrite(
      'optOut',
      `/// Marks every document kept about a ${kind} as opted out (\`${field}\`): flows with a secondary purpose skip them.`,
      `Record a ${kind}'s opt-out of non-essential use, on request (policy section 6)`,
      `${this.kindType}Request`,
      (_, name) => `document.${name}`,
      [`${field}: true`],
    );
  }

  /**
   * Upserts each document again. A rewrite restarts the document's TTL, so it keeps the documents
   * a day less than the container's shortest retention (§8, JIG3806).
   */
  private rewrite(right: Right, doc: string, purpose: string, bodyType: string, value: (container: Container, field: string) => string, extra: readonly string[]): string {
    const kind = this.subject.kind;
    const loops = this.containers.map((container) => {
      const fields = this.withId(container.source.fields)
        .filter((field) => !extra.some((assignment) => assignment.startsWith(`${field.name}:`)))
        .map((field) => `      ${field.name}: ${value(container, field.name)}`);
      const days = Math.max(1, Math.floor((container.source.shortestRetention ?? SECONDS_PER_DAY * 2) / SECONDS_PER_DAY) - 1);
      return [
        `  for each document in ${container.variable} {`,
        '    store {',
        [...fields, ...extra.map((assignment) => `      ${assignment}`)].join(',\n'),
        `    } in ${container.target}`,
        `      @retain(${days} ${days === 1 ? 'day' : 'days'}) @subject(${kind}, ${container.source.keys[0]})`,
        '  }',
      ].join('\n');
    });
    return [
      doc,
      ...this.header(right, purpose, '1 day'),
      `flow ${rightsFlowName(right, kind)} {`,
      `  trigger http post body ${bodyType}`,
      '  respond 202',
      '',
      ...this.queries('trigger.body'),
      '',
      ...loops,
      '}',
      '',
    ].join('\n');
  }
}


function collectCategories(field: DocumentField, into: Set<string>): void {
  field.categories.forEach((category) => into.add(category));
  field.fields?.forEach((nested) => collectCategories(nested, into));
}

