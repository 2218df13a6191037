/**
 * `jig fmt`: one canonical layout of a .jig file, printed from its tree. Two-space indents, one
 * step a line, flow annotations on their own lines, aligned type fields, single spaces around
 * operators, at most one blank line where the author left one, and a final newline.
 *
 * Lines are at most 100 columns wide where the language allows it (a long string or name cannot
 * break). The rules, chosen so every construct breaks the same way whoever wrote it:
 * - A record literal, array, argument list (calls, store targets, annotations), `headers { … }`
 *   block or `aggregate … { … }` body that does not fit is broken one entry a line, its closing
 *   bracket on a line of its own at the indentation of the line that opened it. Lists are broken
 *   outermost first; an inner list stays on one line if it fits there. No trailing commas: the
 *   grammar takes none in store targets and annotations, and one rule for every list reads best.
 *   A list with a line comment inside is always broken, so the comment stays with its entry.
 * - `send mail` always puts `to`, `subject` and `body` on continuation lines (one more indent).
 * - `call http` puts its clauses (`headers`, `body`, `returns`) on continuation lines when it has
 *   more than one, or when its one clause does not fit on the first line.
 * - `query … where … returns …` stays on one line when it fits; otherwise each clause goes on a
 *   continuation line.
 * - `store V in T` and `append V to X`: on one line when it fits; otherwise `in`/`to` goes on a
 *   continuation line when `store V` fits, else V itself is broken and the clause follows its
 *   closing bracket (`} in cosmos(…)`).
 * - A chain of `and` (or of `or`) that does not fit puts each further operand on a continuation
 *   line, the operator first; so does `if … then … else` with its `then` and `else`.
 * - A schedule trigger that does not fit puts its `on`, `at` and `in` on continuation lines.
 * - `parallel` writes each `} and {` on the line of the branch's closing brace, as `else` is.
 * - Any other step that does not fit breaks its lists (`let r = {`, `respond 200 body {`); an `if`,
 *   `for each`, `until` or `else if` header too, before its ` {`.
 * - Trailing step annotations are on continuation lines.
 *
 * Comments are not in the tree, so the printer carries them along by offset: each printed line
 * knows the source offsets its content starts and ends at; comments before a declaration, step or
 * list entry are printed above it, comments on the same source line after (or inside) a printed
 * line's content follow it. Strings are printed exactly as written, so escapes and interpolations
 * keep their meaning. A file with syntax errors is never formatted.
 */
import {
  BINARY_PRECEDENCE,
  COMPARISON_PRECEDENCE,
  NEGATION_PRECEDENCE,
  NOT_OPERAND_PRECEDENCE,
  NOT_PRECEDENCE,
  POSTFIX_PRECEDENCE,
} from './precedence.js';
import { flat, group, hardLine, indent, join, layout, line, mark, softLine, type Doc } from './layout.js';
import { parse, type Comment } from './parser.js';
import type { SourceFile } from './source.js';
import type * as Tree from './tree.js';

const INDENT = '  ';
const MAX_WIDTH = 100;

export function formatSource(source: SourceFile): { text: string } | undefined {
  const { file, diagnostics, comments } = parse(source);
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return undefined;
  return { text: new Printer(source.text, comments).file(file) };
}

/** An entry of a bracketed list, with where it is written. */
interface ListEntry {
  readonly doc: Doc;
  readonly range: Tree.Node['range'];
}

function precedenceOf(expression: Tree.Expression): number {
  switch (expression.kind) {
    case 'Where':
    case 'Select':
    case 'Conditional':
      return 0;
    case 'Binary':
      return BINARY_PRECEDENCE[expression.operator];
    case 'Unary':
      return expression.operator === 'not' ? NOT_PRECEDENCE : NEGATION_PRECEDENCE;
    default:
      return POSTFIX_PRECEDENCE;
  }
}

class Printer {
  private readonly lines: string[] = [];
  private depth = 0;
  private nextComment = 0;
  /** Where trailing comments start on the lines being printed (0: right after the content). */
  private commentColumn = 0;
  /** Source offset of the end of what was printed last: blank lines are judged from there. */
  private lastEnd = 0;

  constructor(
    private readonly text: string,
    private readonly comments: readonly Comment[],
  ) {}

  file(file: Tree.JigFile): string {
    let previous: Tree.Declaration | undefined;
    for (const declaration of file.declarations) {
      const isBlock = (d: Tree.Declaration | undefined) => d?.kind === 'TypeDecl' || d?.kind === 'Flow';
      const forceBlank = previous !== undefined && (isBlock(previous) || isBlock(declaration));
      this.leadingComments(declaration.range.start, forceBlank);
      this.declaration(declaration);
      previous = declaration;
    }
    this.leadingComments(this.text.length + 1, false);
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }

  // -------------------------------------------------------------------------------------------
  // Lines and comments

  private line(content: string, sourceEnd: number): void {
    const index = this.lines.length;
    this.lines.push(INDENT.repeat(this.depth) + content);
    this.lastEnd = Math.max(this.lastEnd, sourceEnd);
    this.trailingComments(index, sourceEnd);
  }

  /**
   * Comments inside the printed content or after it on its source line. The last one goes at the
   * end of the line; any others (a line comment cannot be followed on its line) go above it.
   */
  private trailingComments(index: number, sourceEnd: number): void {
    this.lastEnd = Math.max(this.lastEnd, sourceEnd);
    const attached: Comment[] = [];
    while (this.nextComment < this.comments.length) {
      const comment = this.comments[this.nextComment]!;
      const inside = comment.range.start < sourceEnd;
      // Only a comment right after the printed content trails it: one after more content of the
      // same source line (a one-line block being expanded) waits for the line that content ends.
      const sameLine = !inside && /^[ \t]*$/.test(this.text.slice(sourceEnd, comment.range.start));
      if (!inside && !sameLine) break;
      if (comment.kind === 'block' && /[\r\n]/.test(comment.text) && !inside) break;
      attached.push(comment);
      this.nextComment++;
      sourceEnd = Math.max(sourceEnd, comment.range.end);
    }
    if (attached.length === 0) return;
    this.lastEnd = Math.max(this.lastEnd, sourceEnd);
    const last = attached.pop()!;
    this.lines[index] = `${this.lines[index]!.padEnd(this.commentColumn)}  ${last.text}`;
    const above = attached.map((comment) => INDENT.repeat(this.depth) + comment.text);
    this.lines.splice(index, 0, ...above);
  }

  /** Comments before `offset`, each on its own line, with the author's blank lines (at most one). */
  private leadingComments(offset: number, forceBlank: boolean, blankBeforeOffset = true): void {
    let blankDone = false;
    while (this.nextComment < this.comments.length && this.comments[this.nextComment]!.range.start < offset) {
      const comment = this.comments[this.nextComment++]!;
      this.blankLineIf(forceBlank && !blankDone ? true : this.blankInSource(comment.range.start));
      blankDone = true;
      for (const [i, line] of comment.text.split(/\r\n|\r|\n/).entries()) {
        this.lines.push(i === 0 ? INDENT.repeat(this.depth) + line : line);
      }
      this.lastEnd = comment.range.end;
    }
    if (blankBeforeOffset && offset <= this.text.length) this.blankLineIf(forceBlank && !blankDone ? true : this.blankInSource(offset));
  }

  private blankInSource(offset: number): boolean {
    const between = this.text.slice(this.lastEnd, offset);
    return (between.match(/\r\n|\r|\n/g)?.length ?? 0) >= 2;
  }

  /** Never right after an opening brace or at the top of the file. */
  private blankLineIf(wanted: boolean): void {
    const previous = this.lines[this.lines.length - 1];
    if (!wanted || previous === undefined || previous === '' || previous.endsWith('{')) return;
    this.lines.push('');
  }

  /** Comments left inside a block before its `}`, then the brace. */
  private closeBlock(closeOffset: number, suffix: Doc = ''): void {
    this.depth++;
    this.leadingComments(closeOffset, false, false);
    this.depth--;
    this.emit(['}', suffix, mark(undefined, closeOffset + 1)]);
  }

  // -------------------------------------------------------------------------------------------
  // Declarations

  private declaration(declaration: Tree.Declaration): void {
    switch (declaration.kind) {
      case 'PolicyPin': {
        const version = declaration.minVersion ? ` >= ${this.source(declaration.minVersion.range)}` : '';
        this.line(`policy ${declaration.policyId.name}${version}`, declaration.range.end);
        return;
      }
      case 'Param': {
        // Above the param, one a line, as a flow's.
        for (const annotation of declaration.annotations) {
          this.leadingComments(annotation.range.start, false);
          this.emit(this.annotation(annotation));
        }
        if (declaration.annotations.length > 0) this.leadingComments(declaration.name.range.start, false);
        const value = declaration.defaultValue ? [' = ', this.expression(declaration.defaultValue)] : [];
        this.emit([`param ${declaration.name.name}: ${this.typeRef(declaration.type)}`, value, mark(undefined, declaration.range.end)]);
        return;
      }
      case 'TypeDecl':
        this.typeDecl(declaration);
        return;
      case 'Flow':
        this.flow(declaration);
        return;
    }
  }

  private typeDecl(declaration: Tree.TypeDecl): void {
    this.line(`type ${declaration.name.name} {`, this.braceAfter(declaration.name.range.end));
    // Names, types, categories and trailing comments each start in one column.
    const names = declaration.fields.map((field) => `${field.name.name}${field.optionalMark ? '?' : ''}:`);
    const nameWidth = Math.max(0, ...names.map((name) => name.length));
    const types = declaration.fields.map((field) => this.typeRef(field.type));
    const typeWidth = Math.max(0, ...types.map((type) => type.length));
    const contents = declaration.fields.map((field, i) => {
      const name = names[i]!.padEnd(nameWidth);
      const categories = field.categories.map((category) => `@${category.text}`).join(', ');
      // A field's annotations are short (`@subject(customer)`): they follow its categories on its line.
      const annotations = field.annotations.map((a) => `@${a.name.name}${a.argsRange ? `(${a.args.map((arg) => this.annotationArg(arg)).join(', ')})` : ''}`);
      return [`${name} ${types[i]!.padEnd(typeWidth)}`, categories, ...annotations].filter(Boolean).join(' ').trimEnd();
    });
    this.depth++;
    this.commentColumn = INDENT.length * this.depth + Math.max(0, ...contents.map((content) => content.length));
    declaration.fields.forEach((field, i) => {
      this.leadingComments(field.range.start, false);
      this.line(contents[i]!, field.range.end);
    });
    this.commentColumn = 0;
    this.depth--;
    this.closeBlock(declaration.range.end - 1);
  }

  private flow(flow: Tree.FlowDecl): void {
    for (const annotation of flow.annotations) {
      this.leadingComments(annotation.range.start, false);
      this.emit(this.annotation(annotation));
    }
    this.leadingComments(flow.name.range.start, false);
    this.line(`flow ${flow.name.name} {`, flow.body.range.start + 1);
    this.depth++;
    if (flow.trigger) {
      this.leadingComments(flow.trigger.range.start, false);
      this.trigger(flow.trigger);
    }
    this.steps(flow.body.steps);
    this.depth--;
    this.closeBlock(flow.body.range.end - 1);
  }

  private annotation(annotation: Tree.Annotation): Doc {
    const name = `@${annotation.name.name}`;
    const done = mark(undefined, annotation.range.end);
    if (!annotation.argsRange) return [name, done];
    const args = annotation.args.map((arg) => ({ doc: this.annotationArg(arg), range: arg.range }));
    return [name, this.list('(', annotation.argsRange.start, args, ')', annotation.argsRange.end - 1, false), done];
  }

  private annotationArg(arg: Tree.AnnotationArg): string {
    switch (arg.kind) {
      case 'DottedName':
        return arg.text;
      case 'String':
        return this.source(arg.range);
      case 'Duration':
        return this.duration(arg);
      case 'Number':
        return arg.text;
      default: {
        // `@count(EXPR)`'s expression, as written; in parentheses when it starts with a number
        // (`@count((2 * n))`: `@count(2 …` is read as a literal).
        const text = this.source(arg.range);
        return /^\d/.test(text) ? `(${text})` : text;
      }
    }
  }

  /** The trigger line; a schedule too long for it puts its `on`, `at` and `in` on continuation lines. */
  private trigger(trigger: Tree.Trigger): void {
    const done = mark(undefined, trigger.range.end);
    switch (trigger.kind) {
      case 'HttpTrigger':
        this.emit([
          `trigger http${trigger.method ? ` ${trigger.method}` : ''}${trigger.bodyType ? ` body ${this.typeRef(trigger.bodyType)}` : ''}`,
          trigger.schema ? [' schema ', this.json(trigger.schema)] : '',
          done,
        ]);
        return;
      case 'ScheduleTrigger': {
        const time = (at: Tree.TimeOfDay) => `${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')}`;
        const clauses = [
          ...(trigger.days.length > 0 ? [`on ${trigger.days.map((day) => day.name).join(', ')}`] : []),
          ...(trigger.times.length > 0 ? [`at ${trigger.times.map(time).join(', ')}`] : []),
          ...(trigger.timeZone ? [`in ${this.source(trigger.timeZone.range)}`] : []),
        ];
        const head = `trigger schedule every ${this.duration(trigger.every)}`;
        this.emit(
          [head, clauses.map((clause) => [' ', clause]), done],
          [head, indent(clauses.map((clause) => [hardLine, clause])), done],
        );
        return;
      }
      case 'MailTrigger':
        this.emit([`trigger mail ${trigger.connector.name} folder ${this.source(trigger.folder.range)}`, done]);
        return;
      case 'MessageTrigger':
        this.emit([
          'trigger ',
          this.storeTarget(trigger.source),
          trigger.bodyType ? ` body ${this.typeRef(trigger.bodyType)}` : '',
          done,
        ]);
        return;
      case 'RawTrigger':
        this.emit([`trigger raw ${this.source(trigger.name.range)} `, this.json(trigger.body), done]);
        return;
      case 'ChatTrigger':
        this.emit(['trigger chat', done]);
        return;
    }
  }

  private duration(duration: Tree.Duration): string {
    return `${this.source({ start: duration.range.start, end: duration.unitRange.start }).trim()} ${duration.unit}`;
  }

  private typeRef(type: Tree.TypeRef): string {
    switch (type.kind) {
      case 'NamedType':
        return type.name.name;
      case 'ArrayType':
        return `${this.typeRef(type.element)}[]`;
      case 'OptionalType':
        return `${this.typeRef(type.inner)}?`;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Steps

  private steps(steps: readonly Tree.Step[]): void {
    for (const step of steps) {
      this.leadingComments(step.range.start, false);
      this.step(step);
      this.stepAnnotations(step.annotations);
    }
  }

  private stepAnnotations(annotations: readonly Tree.Annotation[]): void {
    this.depth++;
    for (const annotation of annotations) {
      this.leadingComments(annotation.range.start, false);
      this.emit(this.annotation(annotation));
    }
    this.depth--;
  }

  /** A block's steps and its closing brace; the caller has printed the line that opens it. */
  private blockBody(block: Tree.Block, suffix: Doc = ''): void {
    this.depth++;
    this.steps(block.steps);
    this.depth--;
    this.closeBlock(block.range.end - 1, suffix);
  }

  /** A line that opens a block: its content, ` {`, and the offset just past that brace. */
  private blockHeader(content: Doc, braceEnd: number): void {
    this.emit([content, ' {', mark(undefined, braceEnd)]);
  }

  private step(step: Tree.Step): void {
    switch (step.kind) {
      case 'Let':
        this.letStep(step);
        return;
      case 'Var':
        if (!step.value) this.emit([`var ${step.name.name}: ${this.typeRef(step.type)}`, mark(undefined, step.type.range.end)]);
        else this.emit([`var ${step.name.name}: ${this.typeRef(step.type)} = `, this.expression(step.value), mark(undefined, step.value.range.end)]);
        return;
      case 'Set':
        this.emit([`set ${step.target.name} = `, this.expression(step.value), mark(undefined, step.value.range.end)]);
        return;
      case 'Append':
        this.valueThenClause(['append ', this.expression(step.value)], ['to ', step.target.name], step.target.range.end);
        return;
      case 'Store':
        this.valueThenClause(['store ', this.expression(step.value)], ['in ', this.storeTarget(step.target)], step.target.range.end);
        return;
      case 'Delete': {
        const clause: Doc = step.partition
          ? ['from ', this.storeTarget(step.target), ' partition ', this.expression(step.partition)]
          : ['from ', this.storeTarget(step.target)];
        this.valueThenClause(['delete ', this.expression(step.id)], clause, (step.partition ?? step.target).range.end);
        return;
      }
      case 'SendMessage':
        this.valueThenClause(['send ', this.expression(step.value)], ['to ', this.storeTarget(step.target)], step.target.range.end);
        return;
      case 'RawAction':
        this.emit([`${step.result ? `let ${step.result.name} = ` : ''}raw action ${this.source(step.name.range)} `, this.json(step.body), mark(undefined, step.body.range.end)]);
        return;
      case 'HttpCallStep':
        this.httpCall('', step.call);
        return;
      case 'Agent':
        this.agent(step);
        return;
      case 'FlowCallStep':
        this.emit([this.flowCall(step.call), mark(undefined, step.call.range.end)]);
        return;
      case 'SendMail':
        this.emit([
          `send mail ${step.connector.name}`,
          indent([
            this.clause('to ', step.to),
            this.clause('subject ', step.subject),
            this.clause('body ', step.body),
          ]),
        ]);
        return;
      case 'If':
        this.blockHeader(['if ', this.expression(step.condition)], step.then.range.start + 1);
        this.ifBranches(step);
        return;
      case 'ForEach':
        this.blockHeader([`for each ${step.variable.name} in `, this.expression(step.iterable)], step.body.range.start + 1);
        this.blockBody(step.body);
        return;
      case 'Switch':
        this.switchStep(step);
        return;
      case 'Until':
        this.blockHeader(['until ', this.expression(step.condition)], step.body.range.start + 1);
        this.blockBody(step.body);
        return;
      case 'Try':
        this.line(step.scope ? 'scope {' : 'try {', step.body.range.start + 1);
        if (step.catch) {
          this.blockBody(step.body, ' catch {');
          this.trailingComments(this.lines.length - 1, step.catch.range.start + 1);
          this.blockBody(step.catch);
        } else this.blockBody(step.body);
        return;
      case 'Wait':
        if (step.until) this.emit(['wait until ', this.expression(step.until), mark(undefined, step.until.range.end)]);
        else if (step.duration) this.line(`wait ${this.duration(step.duration)}`, step.range.end);
        // An operand reads plainly before its unit, as a time operation's amount; anything else in
        // parentheses (`wait (n + 1) minutes`), and a number too (`wait 5 minutes` is the literal form).
        else if (step.amount) this.emit(['wait ', this.expression(step.amount, step.amount.kind === 'Number' ? Infinity : POSTFIX_PRECEDENCE), ` ${step.unit?.name ?? ''}`, mark(undefined, step.range.end)]);
        return;
      case 'Respond': {
        const headers = step.headers ? [' ', this.headers('headers', step.headers, step.status.range.end)] : [];
        const body = step.body ? [' body ', this.expression(step.body)] : [];
        // A computed status in parentheses unless it reads plainly (a name, a field, a call), as a wait's amount.
        const status = step.status.kind === 'Number' ? step.status.text : this.expression(step.status, POSTFIX_PRECEDENCE);
        this.emit(['respond ', status, headers, body, mark(undefined, step.body?.range.end ?? step.headers?.at(-1)?.range.end ?? step.status.range.end)]);
        return;
      }
      case 'Fail':
        this.emit(['fail ', this.expression(step.message), mark(undefined, step.message.range.end)]);
        return;
      case 'Stop':
        this.emit([`stop ${step.status.name}`, mark(undefined, step.status.range.end)]);
        return;
      case 'Parallel':
        this.line('parallel {', step.branches[0]!.range.start + 1);
        step.branches.forEach((branch, i) => {
          const next = step.branches[i + 1];
          if (!next) {
            this.blockBody(branch);
            return;
          }
          this.blockBody(branch, ' and {');
          this.trailingComments(this.lines.length - 1, next.range.start + 1);
        });
        return;
    }
  }

  /** A clause of a step on a continuation line of its own (inside an `indent`). */
  private clause(keyword: string, value: Tree.Expression): Doc {
    return [hardLine, this.clauseDoc(keyword, value, this.expression(value))];
  }

  /** A step's clause (`where …`, `body …`), marked with where its value is written. */
  private clauseDoc(keyword: string, value: Tree.Node, printed: Doc): Doc {
    return [mark(value.range.start, undefined), keyword, printed, mark(undefined, value.range.end)];
  }

  /** `store V in T`, `append V to X`: see the header comment for the three layouts, tried in order. */
  private valueThenClause(value: Doc, clause: Doc, end: number): void {
    const done = mark(undefined, end);
    this.emit(
      flat([value, ' ', clause, done]),
      [flat(value), indent([hardLine, clause]), done],
      [value, ' ', clause, done],
    );
  }

  private letStep(step: Tree.LetStep): void {
    const prefix = `let ${step.name.name}${step.type ? `: ${this.typeRef(step.type)}` : ''} = `;
    const value = step.value;
    const done = mark(undefined, value.range.end);
    switch (value.kind) {
      case 'HttpCall':
        this.httpCall(prefix, value);
        return;
      case 'FlowCall':
        this.emit([prefix, this.flowCall(value), done]);
        return;
      case 'Query': {
        const head = [prefix, 'query ', this.storeTarget(value.source)];
        const clauses: Doc[] = [];
        if (value.name) clauses.push(this.clauseDoc('name ', value.name, this.expression(value.name, 1)));
        if (value.where) clauses.push(this.clauseDoc('where ', value.where, this.expression(value.where, 1)));
        if (value.returns) clauses.push(this.clauseDoc('returns ', value.returns, this.typeRef(value.returns)));
        this.emit(
          flat([head, clauses.map((clause) => [' ', clause]), done]),
          [head, indent(clauses.map((clause) => [hardLine, clause])), done],
        );
        return;
      }
      case 'Aggregate': {
        const outputs = value.outputs.map((output) => ({
          doc: `${output.name.name}: ${output.fn.name}(${output.field?.name ?? ''})`,
          range: output.range,
        }));
        const open = this.text.indexOf('{', value.by.range.end);
        const body = this.list('{', open, outputs, '}', value.range.end - 1, true);
        this.emit([prefix, 'aggregate ', this.expression(value.source), ` by ${value.by.name} `, body, done]);
        return;
      }
      case 'ParseJson': {
        const head = [prefix, 'parse json ', this.expression(value.content)];
        const type = value.type ? this.clauseDoc('as ', value.type, this.typeRef(value.type)) : ['schema ', value.schema ? this.json(value.schema) : '{}'];
        this.emit(flat([head, ' ', type, done]), [head, indent([hardLine, type]), done]);
        return;
      }
      case 'InlineCode':
        this.emit([prefix, 'javascript ', this.source(value.code.range), done]);
        return;
      case 'TableOperation':
        this.emit([prefix, `${value.format} table `, this.expression(value.from), ...(value.columns ? [' columns ', this.expression(value.columns)] : []), done]);
        return;
      case 'TimeOperation': {
        // An amount other than a number, a name or a call is put in parentheses, so that its unit follows it plainly.
        const amount = value.amount ? [' ', this.expression(value.amount, POSTFIX_PRECEDENCE), ` ${value.unit?.name ?? ''}`] : [];
        const base = value.base ? [value.operation === 'add' ? ' to ' : value.operation === 'subtract' ? ' from ' : ' ', this.expression(value.base)] : [];
        const zones = value.sourceZone && value.destinationZone ? [' from ', this.expression(value.sourceZone), ' to ', this.expression(value.destinationZone)] : [];
        const format = value.format ? [' format ', this.expression(value.format)] : [];
        this.emit([prefix, `${value.operation} time`, ...amount, ...base, ...zones, ...format, done]);
        return;
      }
      case 'DocumentOperation': {
        const options = [
          value.tokens ? ` by ${value.tokens.text} tokens` : '',
          value.overlap ? ` overlap ${value.overlap.text}` : '',
          value.encoding ? ` encoding ${this.source(value.encoding.range)}` : '',
          value.map ? ` with ${value.map.source === 'account' ? '' : `${value.map.source} `}map ${this.source(value.map.name.range)}` : '',
        ];
        const head = [prefix, `${value.operation} `, value.liquidKind ? `${this.source(value.liquidKind.range)} ` : '', this.expression(value.content), ...options];
        if (value.parameters) {
          const parameters = this.headers('parameters', value.parameters, value.map?.name.range.end ?? value.content.range.end);
          this.emit(flat([...head, ' ', parameters, done]), [...head, indent([hardLine, parameters]), done]);
          return;
        }
        this.emit([...head, done]);
        return;
      }
      default:
        this.emit([prefix, this.expression(value), done]);
    }
  }

  /** `agent … messages … [options { … }]`, then its `tools { … }` block, one tool a block. */
  private agent(step: Tree.AgentStep): void {
    const request = step.request;
    const connection = request.connector ? this.source(request.connector.range) : '""';
    const head = [`${step.result ? `let ${step.result.name} = ` : ''}agent ${connection} model ${this.source(request.url.range)}`, mark(undefined, request.url.range.end)];
    const clauses: Doc[] = [];
    if (request.body) clauses.push(this.clauseDoc('messages ', request.body, this.expression(request.body)));
    if (step.options) clauses.push(['options ', this.json(step.options), mark(undefined, step.options.range.end)]);
    if (step.tools.length === 0) {
      this.emit([head, indent(clauses.map((clause) => [hardLine, clause]))]);
      return;
    }
    // The tools block's braces are not in the tree: found in the text around the tools.
    const open = this.text.indexOf('{', step.options?.range.end ?? request.range.end);
    const close = this.text.lastIndexOf('}', (step.annotations[0]?.range.start ?? step.range.end) - 1);
    this.emit([head, indent([...clauses.map((clause) => [hardLine, clause]), hardLine, 'tools {', mark(undefined, open + 1)])]);
    this.depth += 2;
    for (const tool of step.tools) {
      this.leadingComments(tool.range.start, false);
      const schema = tool.schema ? [' schema ', this.json(tool.schema)] : '';
      this.blockHeader([`tool ${tool.name.name} ${this.source(tool.description.range)}`, schema], tool.body.range.start + 1);
      this.blockBody(tool.body);
    }
    this.depth--;
    this.closeBlock(close);
    this.depth--;
  }

  private httpCall(prefix: string, call: Tree.HttpCall): void {
    const via = call.service && call.connector
      ? `service ${this.source(call.connector.range)} ${this.source(call.service.range)}`
      : call.workflow
        ? 'workflow'
        : `${call.connector ? `connector ${this.source(call.connector.range)}` : call.azureFunction ? 'function' : call.apiPath ? 'api' : 'http'} ${call.method?.name ?? ''}`;
    const triggerName = call.triggerName ? ` trigger ${this.source(call.triggerName.range)}` : '';
    const apiPath = call.apiPath ? ` ${this.source(call.apiPath.range)}` : '';
    const head = [prefix, `call ${via} `, this.expression(call.url), triggerName, apiPath, mark(undefined, call.triggerName?.range.end ?? call.apiPath?.range.end ?? call.url.range.end)];
    const clauses: Doc[] = [];
    if (call.subscriptionKey) clauses.push(this.clauseDoc('key ', call.subscriptionKey, this.expression(call.subscriptionKey)));
    if (call.queries) clauses.push(this.headers('queries', call.queries, call.url.range.end));
    if (call.headers) clauses.push(this.headers('headers', call.headers, call.queries?.at(-1)?.range.end ?? call.url.range.end));
    if (call.auth) clauses.push(this.clauseDoc('auth ', call.auth, this.expression(call.auth)));
    if (call.body) clauses.push(this.clauseDoc('body ', call.body, this.expression(call.body)));
    if (call.returns) clauses.push(this.clauseDoc('returns ', call.returns, this.typeRef(call.returns)));
    const continued = [head, indent(clauses.map((clause) => [hardLine, clause]))];
    if (clauses.length === 1) this.emit(flat([head, ' ', clauses[0]!]), continued);
    else this.emit(continued);
  }

  /** `headers { … }` or `queries { … }`. */
  private headers(keyword: string, headers: readonly Tree.HeaderEntry[], after: number): Doc {
    const first = headers[0];
    const last = headers[headers.length - 1];
    if (!first || !last) return `${keyword} {}`;
    const entries = headers.map((header) => {
      const name = header.name.kind === 'String' ? this.source(header.name.range) : header.name.name;
      return { doc: [`${name}: `, this.expression(header.value)], range: header.range };
    });
    const open = Math.max(after, this.text.lastIndexOf('{', first.range.start));
    return [`${keyword} `, this.list('{', open, entries, '}', this.text.indexOf('}', last.range.end), true)];
  }

  private flowCall(call: Tree.FlowCall): Doc {
    return [`call flow ${call.flow.name}`, call.argument ? [' with ', this.expression(call.argument)] : []];
  }

  private storeTarget(target: Tree.StoreTarget): Doc {
    const args = target.args.map((arg) => ({ doc: this.source(arg.range), range: arg.range }));
    const open = this.text.indexOf('(', target.store.range.end);
    return [target.store.name, this.list('(', open, args, ')', target.range.end - 1, false)];
  }

  /** The branches of an `if`; each `else` header shares the line of the `}` before it. */
  private ifBranches(step: Tree.IfStep): void {
    const otherwise = step.else;
    if (!otherwise) {
      this.blockBody(step.then);
      return;
    }
    if (otherwise.kind === 'If') {
      this.blockBody(step.then, [' else if ', this.expression(otherwise.condition), ' {']);
      this.trailingComments(this.lines.length - 1, otherwise.then.range.start + 1);
      this.ifBranches(otherwise);
      return;
    }
    this.blockBody(step.then, ' else {');
    this.trailingComments(this.lines.length - 1, otherwise.range.start + 1);
    this.blockBody(otherwise);
  }

  private switchStep(step: Tree.SwitchStep): void {
    this.blockHeader(['switch ', this.expression(step.subject)], this.braceAfter(step.subject.range.end));
    this.depth++;
    for (const switchCase of step.cases) {
      this.leadingComments(switchCase.range.start, false);
      this.line(`case ${this.caseValue(switchCase.value)} {`, switchCase.body.range.start + 1);
      this.blockBody(switchCase.body);
    }
    if (step.default) {
      this.leadingComments(step.default.range.start, false);
      this.line('default {', step.default.range.start + 1);
      this.blockBody(step.default);
    }
    this.depth--;
    // The step's range includes its trailing annotations; its `}` is the last one before them.
    this.closeBlock(this.text.lastIndexOf('}', (step.annotations[0]?.range.start ?? step.range.end) - 1));
  }

  /** Offset just past the `{` that follows `offset` (the brace that opens a switch). */
  private braceAfter(offset: number): number {
    const brace = this.text.indexOf('{', offset);
    return brace < 0 ? offset : brace + 1;
  }

  private caseValue(value: Tree.SwitchCase['value']): string {
    switch (value.kind) {
      case 'String':
        return this.source(value.range);
      case 'Number':
        return value.text;
      case 'Boolean':
        return String(value.value);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Layout

  /**
   * Prints a document at the current depth: the first of `layouts` whose lines all fit in the
   * width (the last one if none does). Comments written before an entry of a broken list go above
   * its line.
   */
  private emit(...layouts: Doc[]): void {
    const width = MAX_WIDTH - INDENT.length * this.depth;
    let chosen = layout(layouts[0]!, width, INDENT.length);
    for (const candidate of layouts.slice(1)) {
      if (chosen.every((laid) => INDENT.length * laid.indent + laid.text.length <= width)) break;
      chosen = layout(candidate, width, INDENT.length);
    }
    const base = this.depth;
    for (const [i, laid] of chosen.entries()) {
      // Comments before a list's closing bracket belong with its entries, one level in.
      this.depth = base + laid.indent + (/^[)\]}]/.test(laid.text) ? 1 : 0);
      if (i > 0 && laid.start !== undefined) this.leadingComments(laid.start, false, false);
      this.depth = base + laid.indent;
      this.line(laid.text, laid.end);
    }
    this.depth = base;
  }

  /**
   * A bracketed list: on one line when it fits (`{ a: 1 }`, `f(a, b)`), else one entry a line.
   * `open` and `close` are the source offsets of the brackets.
   */
  private list(openText: string, open: number, entries: readonly ListEntry[], closeText: string, close: number, spaced: boolean): Doc {
    const opened = [openText, mark(undefined, open + 1)];
    const closed = [mark(close, undefined), closeText, mark(undefined, close + 1)];
    if (entries.length === 0) return [opened, closed];
    const items = entries.map((entry, i) => [
      mark(entry.range.start, undefined),
      entry.doc,
      i < entries.length - 1 ? ',' : '',
      mark(undefined, this.afterComma(entry.range.end)),
    ]);
    const gap = spaced ? line : softLine;
    return group([opened, indent([gap, join(line, items)]), gap, closed], this.hasLineComment(open, close));
  }

  /** Just past the comma that follows `offset` on its line, if there is one. */
  private afterComma(offset: number): number {
    const match = /^[ \t]*,/.exec(this.text.slice(offset, offset + 200));
    return match ? offset + match[0].length : offset;
  }

  /** Whether a comment that ends its line is written between two offsets. */
  private hasLineComment(from: number, to: number): boolean {
    let low = 0;
    let high = this.comments.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.comments[middle]!.range.start <= from) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < this.comments.length && this.comments[i]!.range.start < to; i++) {
      const comment = this.comments[i]!;
      if (comment.kind !== 'block' || /[\r\n]/.test(comment.text)) return true;
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private expression(expression: Tree.Expression, minimum = 0): Doc {
    const printed = this.bareExpression(expression);
    return precedenceOf(expression) < minimum ? ['(', printed, ')'] : printed;
  }

  private bareExpression(expression: Tree.Expression): Doc {
    switch (expression.kind) {
      case 'String':
        return this.source(expression.range);
      case 'Number':
        return expression.text;
      case 'Boolean':
        return String(expression.value);
      case 'Null':
        return 'null';
      case 'Name':
        return expression.name.name;
      case 'Member':
        if (expression.quoted && expression.member) return [this.expression(expression.object, POSTFIX_PRECEDENCE), '[', this.quoted(expression.member), ']'];
        return [this.expression(expression.object, POSTFIX_PRECEDENCE), `.${expression.member?.name ?? ''}`];
      case 'Index':
        return [this.expression(expression.object, POSTFIX_PRECEDENCE), '[', this.expression(expression.index), ']'];
      case 'Call': {
        const args = expression.args.map((arg) => ({ doc: this.expression(arg), range: arg.range }));
        const open = this.text.indexOf('(', expression.callee.range.end);
        return [expression.callee.name, this.list('(', open, args, ')', expression.range.end - 1, false)];
      }
      case 'Unary':
        return expression.operator === 'not'
          ? ['not ', this.expression(expression.operand, NOT_OPERAND_PRECEDENCE)]
          : ['-', this.expression(expression.operand, NEGATION_PRECEDENCE)];
      case 'Binary': {
        if (expression.operator === 'and' || expression.operator === 'or') return this.logicalChain(expression);
        const level = BINARY_PRECEDENCE[expression.operator];
        const leftMinimum = level === COMPARISON_PRECEDENCE ? level + 1 : level;
        return [this.expression(expression.left, leftMinimum), ` ${expression.operator} `, this.expression(expression.right, level + 1)];
      }
      case 'Record':
        return this.record(expression);
      case 'Array': {
        const elements = expression.elements.map((element) => ({ doc: this.expression(element), range: element.range }));
        return this.list('[', expression.range.start, elements, ']', expression.range.end - 1, false);
      }
      case 'Where':
        return [this.expression(expression.source), ' where ', this.expression(expression.condition, 1)];
      case 'Select':
        return [this.expression(expression.source), ' select ', expression.projection.kind === 'Record' ? this.record(expression.projection) : this.expression(expression.projection, POSTFIX_PRECEDENCE)];
      case 'Conditional':
        return group([
          'if ',
          this.expression(expression.condition),
          indent([line, 'then ', this.expression(expression.then), line, 'else ', this.expression(expression.else)]),
        ]);
      case 'Missing':
        return '';
    }
  }

  /** `a and b and c`: on one line when it fits, else each further operand on a continuation line. */
  private logicalChain(expression: Tree.BinaryExpression): Doc {
    const operator = expression.operator;
    const level = BINARY_PRECEDENCE[operator];
    const operands: Tree.Expression[] = [expression.right];
    let left = expression.left;
    while (left.kind === 'Binary' && left.operator === operator) {
      operands.unshift(left.right);
      left = left.left;
    }
    const rest = operands.map((operand) => [line, `${operator} `, this.expression(operand, level + 1)]);
    return group([this.expression(left, level), indent(rest)]);
  }

  private record(record: Tree.RecordLiteral): Doc {
    const fields = record.fields.map((field) => ({ doc: [field.quoted ? this.quoted(field.name) : field.name.name, ': ', this.expression(field.value)], range: field.range }));
    return this.list('{', record.range.start, fields, '}', record.range.end - 1, true);
  }

  /** A name written as a string (`"Site Country"`), as written: its range is the text between the quotes. */
  private quoted(name: Tree.Identifier): string {
    return this.text.slice(name.range.start - 1, name.range.end + 1);
  }

  /** A raw action's JSON, one member or element a line; strings as written. */
  private json(node: Tree.JsonValue): Doc {
    switch (node.kind) {
      case 'JsonObject':
        if (node.members.length === 0) return '{}';
        return ['{', indent([hardLine, join([',', hardLine], node.members.map((member) => [this.source(member.key.range), ': ', this.json(member.value)]))]), hardLine, '}'];
      case 'JsonArray':
        if (node.elements.length === 0) return '[]';
        return ['[', indent([hardLine, join([',', hardLine], node.elements.map((element) => this.json(element)))]), hardLine, ']'];
      case 'JsonNumber':
        return node.text;
      case 'JsonLiteral':
        return String(node.value);
      case 'String':
        return this.source(node.range);
    }
  }

  private source(range: Tree.Node['range']): string {
    return this.text.slice(range.start, range.end);
  }
}
