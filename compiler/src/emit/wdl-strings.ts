/**
 * How text becomes a JSON string value of a workflow definition, the one place that knows the
 * service's reading of `@` (Workflow Definition Language, "Expressions"; the designer's
 * ExpressionParser.parseTemplateExpression in Azure/LogicAppsUX libs/logic-apps-shared/src/parsers/
 * lib/expression/parser.ts reads them the same way):
 *
 * - a value that starts with `@@` is literal text, the first `@` dropped, and nothing after it is
 *   read (`"@@{x} @{y}"` is the text `@{x} @{y}`);
 * - a value that starts with `@` followed by anything but `{` is one expression;
 * - otherwise every `@{` opens an interpolation, closed by the first `}` outside a quoted WDL
 *   string, except an `@{` right after an `@`: that `@` is dropped and the `@{` is text. So
 *   `"@@{"` inside a value is the text `@{`, and a literal `@` cannot stand right before an
 *   interpolation (`"user@@{x}"` is the text `user@{x}`, not `user@` and the value of `x`).
 *
 * `literalValue` writes text so that it is read back unchanged; `templateValue` writes text and
 * expressions as an interpolation where that is read back as written, else as `@concat(…)`;
 * `expressionsIn` reads a value back (for the limit on an expression's length).
 */

/** A WDL string literal's body: a quote is doubled. */
export function escapeWdlString(text: string): string {
  return text.includes("'") ? text.replace(/'/g, "''") : text;
}

/** A WDL string literal (`'it''s'`), for use inside an expression. */
export function stringLiteral(text: string): string {
  return `'${escapeWdlString(text)}'`;
}

/** The workflow functions that name an action, a loop, a variable or a parameter by a string. */
export type NamingFunction = 'body' | 'outputs' | 'items' | 'variables' | 'actions' | 'result' | 'parameters' | 'appsetting';

/**
 * `body('Get_RG''s')`: the one way the emitter names an action (or loop, variable, parameter) inside
 * an expression. Names are written as WDL string literals, whose only escape is a doubled `'`
 * ("Expressions": "use two single quotes"); any other character (`@`, `{`, `}`, `[`, `]`, unicode)
 * is text inside a literal, including inside `@{…}`, which ends at the first `}` outside one.
 */
export function refer(fn: NamingFunction, name: string): string {
  return `${fn}(${stringLiteral(name)})`;
}

/** A JSON string value that the service reads as exactly `text`. */
export function literalValue(text: string): string {
  // After a leading `@@` nothing is read, so the rest stays as it is.
  if (text.startsWith('@')) return `@${text}`;
  return escapeInterpolatedText(text);
}

/** Text inside a value read as an interpolation: every `@{` is escaped as `@@{`. */
function escapeInterpolatedText(text: string): string {
  return text.includes('@{') ? text.replace(/@\{/g, '@@{') : text;
}

/**
 * One part of a string built at run time: literal text, or a WDL expression (inner text, no `@`),
 * with whether it is a string and whether it may be null (which an interpolation writes as nothing).
 */
/**
 * Whether a value that may be null is there, asked without comparing it with null: Microsoft's
 * reference says both that comparisons convert null to "" and that comparing null is not
 * comparing "", so `equals(x, null)` of an empty text is undetermined. The JSON text of `[value]`
 * (string() of an array, as the reference shows for an object) holds a quote when the value is
 * text (`[""]`, `["null"]`) and never when it is null (`[null]`); a value that may be other than
 * text (a number, a Boolean, a list, a record) is there when its text has a quote or, without its
 * spacing (which the reference leaves open: it shows `{ "name": … }`), is not `[null]`. Its text
 * without a quote holds no string, so no space of it is inside one; a test for `null` anywhere in
 * it read a list holding one (`[1, null]`, `[null]`) as absent.
 */
export function presenceTest(expression: string, isText: boolean): string {
  const json = `string(createArray(${expression}))`;
  if (isText) return `contains(${json}, '"')`;
  const compact = JSON_SPACING.reduce((text, space) => `replace(${text}, ${space}, '')`, json);
  return `or(contains(${json}, '"'), not(equals(${compact}, '[null]')))`;
}

/** The characters JSON may space its text with: space, tab, line feed, carriage return (WDL strings have no escapes). */
const JSON_SPACING = ["' '", "decodeUriComponent('%09')", "decodeUriComponent('%0A')", "decodeUriComponent('%0D')"];

export type TemplatePart = string | { readonly expression: string; readonly isString: boolean; readonly mayBeNull?: boolean };

/**
 * A JSON string value that evaluates to the parts joined: `Invoice @{x} received`, or, where an
 * interpolation would be misread (a leading `@`, an `@` right before an interpolation), the same
 * text as `@concat('Invoice ', x, …)`. A value of one expression alone is `@{x}`, which is a string
 * whatever `x` is.
 */
export function templateValue(parts: readonly TemplatePart[]): string {
  const merged = mergeText(parts);
  if (merged.every((part) => typeof part === 'string')) return literalValue(merged.join(''));
  if (!interpolationReadsBack(merged)) return `@${concatExpression(merged)}`;
  return merged.map((part) => (typeof part === 'string' ? escapeInterpolatedText(part) : `@{${part.expression}}`)).join('');
}

/** The parts as one WDL string expression: `concat('a', x, string(n))`, or the one part alone. */
export function concatExpression(parts: readonly TemplatePart[]): string {
  const texts = mergeText(parts).map((part) => {
    if (typeof part === 'string') return stringLiteral(part);
    // As `@{x}` does, a null part is written as nothing (coalesce before string(): the value may be null).
    const present = part.mayBeNull ? `coalesce(${part.expression}, '')` : part.expression;
    return part.isString ? present : `string(${present})`;
  });
  if (texts.length === 0) return "''";
  return texts.length === 1 ? texts[0]! : `concat(${texts.join(', ')})`;
}

/** Adjacent texts joined and empty texts dropped. */
function mergeText(parts: readonly TemplatePart[]): TemplatePart[] {
  const merged: TemplatePart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (typeof part === 'string') {
      if (part === '') continue;
      if (typeof last === 'string') merged[merged.length - 1] = last + part;
      else merged.push(part);
    } else {
      merged.push(part);
    }
  }
  return merged;
}

/**
 * Whether the interpolation form of merged parts is read as written: it must not start with a
 * literal `@` (the whole value would become literal or one expression), and no text may end with
 * an `@` right before an interpolation (the `@{` would become text).
 */
function interpolationReadsBack(parts: readonly TemplatePart[]): boolean {
  const first = parts[0];
  if (typeof first === 'string' && first.startsWith('@')) return false;
  return parts.every((part, index) => typeof part !== 'string' || !part.endsWith('@') || index === parts.length - 1);
}

/** The expressions the service reads in a JSON string value: the text after a leading `@`, or of each `@{…}`. */
export function expressionsIn(value: string): string[] {
  if (value.length < 2) return [];
  if (value[0] === '@' && value[1] !== '{') return value[1] === '@' ? [] : [value.slice(1)];
  const expressions: string[] = [];
  for (let at = value.indexOf('@{'); at >= 0; at = value.indexOf('@{', at + 1)) {
    if (at > 0 && value[at - 1] === '@') continue;
    const end = closingBrace(value, at + 2);
    expressions.push(value.slice(at + 2, end));
    at = end;
  }
  return expressions;
}

/** The index of the `}` that closes an `@{` (the end of the text when none does), skipping quoted WDL strings. */
function closingBrace(text: string, from: number): number {
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    if (text[i] === "'") quoted = !quoted;
    else if (text[i] === '}' && !quoted) return i;
  }
  return text.length;
}
