/**
 * `jig fmt`: one canonical layout of a .jig file, printed from its tree. Two-space indents, one
 * step a line, the clauses of a `call http`/`send mail` and trailing step annotations on
 * continuation lines, flow annotations on their own lines, aligned type fields, single spaces
 * around operators, at most one blank line where the author left one, and a final newline.
 *
 * Comments are not in the tree, so the printer carries them along by offset: each printed line
 * knows the source offset its content ends at; comments before a declaration or step are printed
 * above it, comments on the same source line after (or inside) a printed line's content follow it.
 * Strings are printed exactly as written, so escapes and interpolations keep their meaning.
 * A file with syntax errors is never formatted.
 */
import {
  BINARY_PRECEDENCE,
  COMPARISON_PRECEDENCE,
  NEGATION_PRECEDENCE,
  NOT_OPERAND_PRECEDENCE,
  NOT_PRECEDENCE,
  POSTFIX_PRECEDENCE,
} from './precedence.js';
import { parse, type Comment } from './parser.js';
import type { SourceFile } from './source.js';
import type * as Tree from './tree.js';

const INDENT = '  ';

export function formatSource(source: SourceFile): { text: string } | undefined {
  const { file, diagnostics, comments } = parse(source);
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return undefined;
  return { text: new Printer(source.text, comments).file(file) };
}



function precedenceOf(expression: Tree.Expression): number {
  switch (expression.kind) {
    case 'Where':
    case 'Select':
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
  private closeBlock(closeOffset: number, suffix = ''): void {
    this.depth++;
    this.leadingComments(closeOffset, false, false);
    this.depth--;
    this.line(`}${suffix}`, closeOffset + 1);
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
        const value = declaration.defaultValue ? ` = ${this.expression(declaration.defaultValue)}` : '';
        this.line(`param ${declaration.name.name}: ${this.typeRef(declaration.type)}${value}`, declaration.range.end);
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
    const nameWidth = Math.max(0, ...declaration.fields.map((field) => field.name.name.length + 1));
    const types = declaration.fields.map((field) => this.typeRef(field.type));
    const typeWidth = Math.max(0, ...types.map((type) => type.length));
    const contents = declaration.fields.map((field, i) => {
      const name = `${field.name.name}:`.padEnd(nameWidth);
      const categories = field.categories.map((category) => `@${category.text}`).join(', ');
      return `${name} ${types[i]!.padEnd(typeWidth)} ${categories}`.trimEnd();
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
      this.line(this.annotation(annotation), annotation.range.end);
    }
    this.leadingComments(flow.name.range.start, false);
    this.line(`flow ${flow.name.name} {`, flow.body.range.start + 1);
    this.depth++;
    if (flow.trigger) {
      this.leadingComments(flow.trigger.range.start, false);
      this.line(this.trigger(flow.trigger), flow.trigger.range.end);
    }
    this.steps(flow.body.steps);
    this.depth--;
    this.closeBlock(flow.body.range.end - 1);
  }

  private annotation(annotation: Tree.Annotation): string {
    if (!annotation.argsRange) return `@${annotation.name.name}`;
    return `@${annotation.name.name}(${annotation.args.map((arg) => this.annotationArg(arg)).join(', ')})`;
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
    }
  }

  private trigger(trigger: Tree.Trigger): string {
    switch (trigger.kind) {
      case 'HttpTrigger':
        return `trigger http ${trigger.method}${trigger.bodyType ? ` body ${this.typeRef(trigger.bodyType)}` : ''}`;
      case 'ScheduleTrigger': {
        const at = trigger.at
          ? ` at ${String(trigger.at.hour).padStart(2, '0')}:${String(trigger.at.minute).padStart(2, '0')}`
          : '';
        const zone = trigger.timeZone ? ` in ${this.source(trigger.timeZone.range)}` : '';
        return `trigger schedule every ${this.duration(trigger.every)}${at}${zone}`;
      }
      case 'MailTrigger':
        return `trigger mail ${trigger.connector.name} folder ${this.source(trigger.folder.range)}`;
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
      this.line(this.annotation(annotation), annotation.range.end);
    }
    this.depth--;
  }

  /** A block's steps and its closing brace; the caller has printed the line that opens it. */
  private blockBody(block: Tree.Block, suffix = ''): void {
    this.depth++;
    this.steps(block.steps);
    this.depth--;
    this.closeBlock(block.range.end - 1, suffix);
  }

  private step(step: Tree.Step): void {
    const end = step.range.end;
    switch (step.kind) {
      case 'Let':
        this.letStep(step);
        return;
      case 'Var':
        this.line(`var ${step.name.name}: ${this.typeRef(step.type)} = ${this.expression(step.value)}`, step.value.range.end);
        return;
      case 'Set':
        this.line(`set ${step.target.name} = ${this.expression(step.value)}`, step.value.range.end);
        return;
      case 'Append':
        this.line(`append ${this.expression(step.value)} to ${step.target.name}`, step.target.range.end);
        return;
      case 'Store':
        this.line(`store ${this.expression(step.value)} in ${this.storeTarget(step.target)}`, step.target.range.end);
        return;
      case 'HttpCallStep':
        this.httpCall('', step.call);
        return;
      case 'FlowCallStep':
        this.line(this.flowCall(step.call), step.call.range.end);
        return;
      case 'SendMail':
        this.line(`send mail ${step.connector.name} to ${this.expression(step.to)}`, step.to.range.end);
        this.continuation(`subject ${this.expression(step.subject)}`, step.subject.range.end);
        this.continuation(`body ${this.expression(step.body)}`, step.body.range.end);
        return;
      case 'If':
        this.ifStep(step);
        return;
      case 'ForEach':
        this.line(`for each ${step.variable.name} in ${this.expression(step.iterable)} {`, step.body.range.start + 1);
        this.blockBody(step.body);
        return;
      case 'Switch':
        this.switchStep(step);
        return;
      case 'Until':
        this.line(`until ${this.expression(step.condition)} {`, step.body.range.start + 1);
        this.blockBody(step.body);
        return;
      case 'Try':
        this.line('try {', step.body.range.start + 1);
        if (step.catch) {
          this.blockBody(step.body, ' catch {');
          this.trailingComments(this.lines.length - 1, step.catch.range.start + 1);
          this.blockBody(step.catch);
        } else this.blockBody(step.body);
        return;
      case 'Wait':
        this.line(`wait ${this.duration(step.duration)}`, end);
        return;
      case 'Respond':
        this.line(`respond ${step.status.text}${step.body ? ` body ${this.expression(step.body)}` : ''}`, step.body?.range.end ?? step.status.range.end);
        return;
      case 'Fail':
        this.line(`fail ${this.expression(step.message)}`, step.message.range.end);
        return;
    }
  }

  private continuation(content: string, sourceEnd: number): void {
    this.depth++;
    this.line(content, sourceEnd);
    this.depth--;
  }

  private letStep(step: Tree.LetStep): void {
    const prefix = `let ${step.name.name} = `;
    const value = step.value;
    switch (value.kind) {
      case 'HttpCall':
        this.httpCall(prefix, value);
        return;
      case 'FlowCall':
        this.line(prefix + this.flowCall(value), value.range.end);
        return;
      case 'Query': {
        const where = value.where ? ` where ${this.expression(value.where, 1)}` : '';
        const returns = value.returns ? ` returns ${this.typeRef(value.returns)}` : '';
        this.line(`${prefix}query ${this.storeTarget(value.source)}${where}${returns}`, value.range.end);
        return;
      }
      case 'Aggregate': {
        const outputs = value.outputs
          .map((output) => `${output.name.name}: ${output.fn.name}(${output.field?.name ?? ''})`)
          .join(', ');
        const body = outputs ? `{ ${outputs} }` : '{}';
        this.line(`${prefix}aggregate ${this.expression(value.source)} by ${value.by.name} ${body}`, value.range.end);
        return;
      }
      default:
        this.line(prefix + this.expression(value), value.range.end);
    }
  }

  private httpCall(prefix: string, call: Tree.HttpCall): void {
    this.line(`${prefix}call http ${call.method.name} ${this.expression(call.url)}`, call.url.range.end);
    if (call.headers) {
      const entries = call.headers.map((header) => {
        const name = header.name.kind === 'String' ? this.source(header.name.range) : header.name.name;
        return `${name}: ${this.expression(header.value)}`;
      });
      const headersEnd = call.headers[call.headers.length - 1]?.range.end ?? call.url.range.end;
      this.continuation(entries.length > 0 ? `headers { ${entries.join(', ')} }` : 'headers {}', headersEnd);
    }
    if (call.body) this.continuation(`body ${this.expression(call.body)}`, call.body.range.end);
    if (call.returns) this.continuation(`returns ${this.typeRef(call.returns)}`, call.returns.range.end);
  }

  private flowCall(call: Tree.FlowCall): string {
    return `call flow ${call.flow.name}${call.argument ? ` with ${this.expression(call.argument)}` : ''}`;
  }

  private storeTarget(target: Tree.StoreTarget): string {
    return `${target.store.name}(${target.args.map((arg) => this.source(arg.range)).join(', ')})`;
  }

  private ifStep(step: Tree.IfStep): void {
    this.line(`if ${this.expression(step.condition)} {`, step.then.range.start + 1);
    this.ifBranches(step);
  }

  /** The branches of an `if`; each `else` header shares the line of the `}` before it. */
  private ifBranches(step: Tree.IfStep): void {
    const otherwise = step.else;
    if (!otherwise) {
      this.blockBody(step.then);
      return;
    }
    if (otherwise.kind === 'If') {
      this.blockBody(step.then, ` else if ${this.expression(otherwise.condition)} {`);
      this.trailingComments(this.lines.length - 1, otherwise.then.range.start + 1);
      this.ifBranches(otherwise);
      return;
    }
    this.blockBody(step.then, ' else {');
    this.trailingComments(this.lines.length - 1, otherwise.range.start + 1);
    this.blockBody(otherwise);
  }

  private switchStep(step: Tree.SwitchStep): void {
    this.line(`switch ${this.expression(step.subject)} {`, this.braceAfter(step.subject.range.end));
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
  // Expressions

  private expression(expression: Tree.Expression, minimum = 0): string {
    const printed = this.bareExpression(expression);
    return precedenceOf(expression) < minimum ? `(${printed})` : printed;
  }

  private bareExpression(expression: Tree.Expression): string {
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
        return `${this.expression(expression.object, POSTFIX_PRECEDENCE)}.${expression.member?.name ?? ''}`;
      case 'Index':
        return `${this.expression(expression.object, POSTFIX_PRECEDENCE)}[${this.expression(expression.index)}]`;
      case 'Call':
        return `${expression.callee.name}(${expression.args.map((arg) => this.expression(arg)).join(', ')})`;
      case 'Unary':
        return expression.operator === 'not'
          ? `not ${this.expression(expression.operand, NOT_OPERAND_PRECEDENCE)}`
          : `-${this.expression(expression.operand, NEGATION_PRECEDENCE)}`;
      case 'Binary': {
        const level = BINARY_PRECEDENCE[expression.operator];
        const leftMinimum = level === COMPARISON_PRECEDENCE ? level + 1 : level;
        return `${this.expression(expression.left, leftMinimum)} ${expression.operator} ${this.expression(expression.right, level + 1)}`;
      }
      case 'Record':
        return this.record(expression);
      case 'Array':
        return `[${expression.elements.map((element) => this.expression(element)).join(', ')}]`;
      case 'Where':
        return `${this.expression(expression.source)} where ${this.expression(expression.condition, 1)}`;
      case 'Select':
        return `${this.expression(expression.source)} select ${this.record(expression.projection)}`;
      case 'Missing':
        return '';
    }
  }

  private record(record: Tree.RecordLiteral): string {
    if (record.fields.length === 0) return '{}';
    return `{ ${record.fields.map((field) => `${field.name.name}: ${this.expression(field.value)}`).join(', ')} }`;
  }

  private source(range: Tree.Node['range']): string {
    return this.text.slice(range.start, range.end);
  }
}
