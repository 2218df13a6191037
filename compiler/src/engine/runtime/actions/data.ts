/** Data operations: Compose, ParseJson, Select, Query (Filter array), Join, Table. */
import { Ajv, type ValidateFunction } from 'ajv';
import { ExpressionError } from '../../errors.js';
import { stringOf, parseJsonText } from '../../functions/conversion-core.js';
import { arrayLabel, joinLabels, Label, objectLabel, type Traced } from '../../tracing/labels.js';
import { isObject, objectOf, toJson, typeOf, type Value } from '../../values.js';
import type { ActionContext, ActionResult } from '../context.js';

function inputs(context: ActionContext): Record<string, unknown> {
  const value = context.definition['inputs'];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ExpressionError(`The action '${context.name}' has no inputs object.`);
  return value as Record<string, unknown>;
}

/** The body of a data operation's outputs. */
function bodyOutputs(body: Traced): Traced {
  return { value: objectOf([['body', body.value]]), label: objectLabel(new Map([['body', body.label]])) };
}

export function compose(context: ActionContext): ActionResult {
  const value = context.run.evaluate(context.definition['inputs'] ?? null, context.frame, context.start);
  return { status: 'Succeeded', inputs: value, outputs: value };
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validators = new Map<string, ValidateFunction>();

/** A JSON schema's validator, compiled once a process (ParseJson's schema, a Request trigger's). */
export function validatorFor(schema: unknown, action: string): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    try {
      validate = ajv.compile(schema as object);
    } catch (error) {
      throw new ExpressionError(`The schema of the ParseJson action '${action}' is not a valid JSON schema: ${(error as Error).message}`);
    }
    validators.set(key, validate);
  }
  return validate;
}

export function parseJson(context: ActionContext): ActionResult {
  const fields = inputs(context);
  const content = context.run.evaluate(fields['content'] ?? null, context.frame, context.start);
  let body: Value = content.value;
  if (typeof body === 'string') body = parseJsonText(body, 'json');
  const schema = fields['schema'];
  const evaluatedInputs: Traced = { value: objectOf([['content', content.value], ['schema', schema === undefined ? null : (JSON.parse(JSON.stringify(schema)) as Value)]]), label: objectLabel(new Map([['content', content.label]])) };
  const outputs = bodyOutputs({ value: body, label: content.label });
  if (schema !== undefined && schema !== null && !(typeof schema === 'object' && Object.keys(schema).length === 0)) {
    const validate = validatorFor(schema, context.name);
    if (!validate(toJson(body))) {
      const errors = (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is not valid'}`);
      return {
        status: 'Failed',
        code: 'BadRequest',
        error: { code: 'ValidationFailed', message: `The schema validation failed: ${errors.join('; ')}.` },
        inputs: evaluatedInputs,
        outputs: { value: objectOf([['errors', errors]]), label: Label.EMPTY },
      };
    }
  }
  return { status: 'Succeeded', inputs: evaluatedInputs, outputs };
}

function fromArray(context: ActionContext, fields: Record<string, unknown>): Traced {
  const from = context.run.evaluate(fields['from'] ?? null, context.frame, context.start);
  if (!Array.isArray(from.value)) {
    throw new ExpressionError(`The 'from' property of '${context.name}' must be an array, not a value of type '${typeOf(from.value)}'.`);
  }
  return from;
}

export function select(context: ActionContext): ActionResult {
  const fields = inputs(context);
  const from = fromArray(context, fields);
  const items = (from.value as Value[]).map((value, index) => {
    const item: Traced = { value, label: from.label.item(index) };
    return context.run.withItem(item, () => context.run.evaluate(fields['select'] ?? null, context.frame, context.start));
  });
  const body: Traced = { value: items.map((item) => item.value), label: arrayLabel(items.map((item) => item.label)) };
  return { status: 'Succeeded', inputs: from, outputs: bodyOutputs(body) };
}

export function query(context: ActionContext): ActionResult {
  const fields = inputs(context);
  const from = fromArray(context, fields);
  const kept: Traced[] = [];
  const conditions: Label[] = [];
  (from.value as Value[]).forEach((value, index) => {
    const item: Traced = { value, label: from.label.item(index) };
    const keep = context.run.withItem(item, () => context.run.evaluate(fields['where'] ?? null, context.frame, context.start));
    if (typeof keep.value !== 'boolean') throw new ExpressionError(`The 'where' of '${context.name}' must give a Boolean for each item, not a value of type '${typeOf(keep.value)}'.`);
    conditions.push(keep.label);
    if (keep.value) kept.push(item);
  });
  // Which items were kept tells what the condition read.
  const body: Traced = { value: kept.map((item) => item.value), label: arrayLabel(kept.map((item) => item.label)).plus(joinLabels(conditions).all()) };
  return { status: 'Succeeded', inputs: from, outputs: bodyOutputs(body) };
}

export function join(context: ActionContext): ActionResult {
  const fields = inputs(context);
  const from = fromArray(context, fields);
  const separator = context.run.evaluate(fields['joinWith'] ?? '', context.frame, context.start);
  const body: Traced = { value: (from.value as Value[]).map(stringOf).join(stringOf(separator.value)), label: joinLabels([from.label, separator.label]) };
  return { status: 'Succeeded', inputs: from, outputs: bodyOutputs(body) };
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function table(context: ActionContext): ActionResult {
  const fields = inputs(context);
  const from = fromArray(context, fields);
  const format = String(fields['format'] ?? 'CSV').toUpperCase();
  if (format !== 'CSV' && format !== 'HTML') throw new ExpressionError(`The format of the Table '${context.name}' must be CSV or HTML, not '${String(fields['format'])}'.`);
  const rows = from.value as Value[];
  let headers: string[];
  let cells: string[][];
  if (Array.isArray(fields['columns'])) {
    const columns = fields['columns'] as Record<string, unknown>[];
    headers = columns.map((column) => stringOf(context.run.evaluate(column['header'] ?? '', context.frame, context.start).value));
    cells = rows.map((row, index) =>
      context.run.withItem({ value: row, label: from.label.item(index) }, () => columns.map((column) => stringOf(context.run.evaluate(column['value'] ?? null, context.frame, context.start).value))),
    );
  } else {
    headers = rows.length > 0 && isObject(rows[0]!) ? Object.keys(rows[0] as object) : [];
    cells = rows.map((row) => headers.map((header) => (isObject(row) ? stringOf(row[header] ?? null) : '')));
  }
  const text =
    format === 'CSV'
      ? [headers, ...cells].map((line) => line.map(csvCell).join(',')).join('\r\n')
      : `<table><thead><tr>${headers.map((h) => `<th>${htmlText(h)}</th>`).join('')}</tr></thead><tbody>${cells.map((line) => `<tr>${line.map((c) => `<td>${htmlText(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  return { status: 'Succeeded', inputs: from, outputs: bodyOutputs({ value: text, label: joinLabels([from.label]) }) };
}
