/**
 * An independent reading of workflow-definition string values, for tests: what the service makes of
 * a JSON string value at run time. Written from the Workflow Definition Language reference
 * ("Expressions": a value starting with `@` is an expression, `@@` escapes a leading `@`, `@{…}`
 * interpolates, "My age is @@{parameters('myAge')}" stays literal) and the designer's
 * parseTemplateExpression (Azure/LogicAppsUX, libs/logic-apps-shared/src/parsers/lib/expression/
 * parser.ts), not from the emitter's code, so that the two can be checked against each other.
 *
 * `evaluate` runs the small part of the expression language the emitter's strings use: string and
 * number literals, `concat`, `string`, `replace`, `encodeURIComponent`, and names looked up in an
 * environment (`variables('x')`, `parameters('x')`, `triggerBody()?['x']`).
 */

/** What a string value is: literal text, one expression, or text with interpolated expressions. */
export type Reading =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'expression'; readonly expression: string }
  | { readonly kind: 'interpolation'; readonly segments: readonly ({ text: string } | { expression: string })[] };

export function readValue(value: string): Reading {
  const isTemplate = value.length >= 2 && (value[0] === '@' || value.indexOf('@{') > 0);
  if (!isTemplate) return { kind: 'literal', text: value };
  if (value[0] === '@' && value[1] !== '{') {
    return value[1] === '@' ? { kind: 'literal', text: value.slice(1) } : { kind: 'expression', expression: value.slice(1) };
  }
  const segments: ({ text: string } | { expression: string })[] = [];
  let text = '';
  let i = 0;
  while (i < value.length) {
    if (value[i] === '@' && value[i + 1] === '{') {
      if (i > 0 && value[i - 1] === '@') {
        // `@@{`: the `@` before stays, this one is dropped, `{` is text.
        i++;
        continue;
      }
      let end = i + 2;
      let quoted = false;
      while (end < value.length && (quoted || value[end] !== '}')) {
        if (value[end] === "'") quoted = !quoted;
        end++;
      }
      if (end >= value.length) throw new Error(`'@{' without '}' in ${JSON.stringify(value)}`);
      if (text) segments.push({ text });
      text = '';
      segments.push({ expression: value.slice(i + 2, end) });
      i = end + 1;
      continue;
    }
    text += value[i];
    i++;
  }
  if (text) segments.push({ text });
  return { kind: 'interpolation', segments };
}

export type Environment = Readonly<Record<string, unknown>>;

/** The text a string value becomes at run time, with names read from `env`. */
export function evaluateValue(value: string, env: Environment): unknown {
  const reading = readValue(value);
  switch (reading.kind) {
    case 'literal':
      return reading.text;
    case 'expression':
      return evaluate(reading.expression, env);
    case 'interpolation':
      return reading.segments.map((segment) => ('text' in segment ? segment.text : asText(evaluate(segment.expression, env)))).join('');
  }
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Evaluates one expression (the text after `@` or inside `@{…}`). */
export function evaluate(expression: string, env: Environment): unknown {
  let pos = 0;
  const skipSpace = () => {
    while (pos < expression.length && /\s/.test(expression[pos]!)) pos++;
  };
  const expect = (ch: string) => {
    skipSpace();
    if (expression[pos] !== ch) throw new Error(`expected '${ch}' at ${pos} in ${expression}`);
    pos++;
  };
  const value = (): unknown => {
    skipSpace();
    const ch = expression[pos];
    if (ch === "'") {
      let text = '';
      pos++;
      for (;;) {
        if (pos >= expression.length) throw new Error(`unterminated string in ${expression}`);
        if (expression[pos] === "'") {
          if (expression[pos + 1] === "'") {
            text += "'";
            pos += 2;
            continue;
          }
          pos++;
          return text;
        }
        text += expression[pos++];
      }
    }
    const number = /^-?\d+(\.\d+)?/.exec(expression.slice(pos));
    if (number) {
      pos += number[0].length;
      return Number(number[0]);
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expression.slice(pos));
    if (!name) throw new Error(`unexpected '${ch}' at ${pos} in ${expression}`);
    pos += name[0].length;
    if (name[0] === 'true' || name[0] === 'false') return name[0] === 'true';
    if (name[0] === 'null') return null;
    expect('(');
    const args: unknown[] = [];
    skipSpace();
    if (expression[pos] !== ')') {
      do {
        args.push(value());
        skipSpace();
      } while (expression[pos] === ',' && ++pos);
    }
    expect(')');
    let result = call(name[0], args, env);
    for (;;) {
      skipSpace();
      if (expression[pos] === '?') pos++;
      if (expression[pos] !== '[') break;
      pos++;
      const key = value();
      expect(']');
      result = (result as Record<string, unknown> | null | undefined)?.[String(key)] ?? null;
    }
    return result;
  };
  const result = value();
  skipSpace();
  if (pos !== expression.length) throw new Error(`trailing text at ${pos} in ${expression}`);
  return result;
}

function call(name: string, args: readonly unknown[], env: Environment): unknown {
  switch (name) {
    case 'concat':
      return args.map((arg) => {
        if (typeof arg !== 'string') throw new Error(`concat of a ${typeof arg}`);
        return arg;
      }).join('');
    case 'string':
      return asText(args[0]);
    case 'replace':
      return String(args[0]).split(String(args[1])).join(String(args[2]));
    case 'encodeURIComponent':
      return encodeURIComponent(String(args[0]));
    case 'variables':
    case 'parameters':
      return lookUp(env, `${name}:${String(args[0])}`);
    case 'triggerBody':
      return lookUp(env, 'triggerBody');
    default:
      throw new Error(`the test evaluator has no function '${name}'`);
  }
}

function lookUp(env: Environment, key: string): unknown {
  if (!(key in env)) throw new Error(`nothing named ${key} in the test environment`);
  return env[key];
}
