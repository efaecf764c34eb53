/**
 * Values the mapping writes itself — enum map keys and `enum_write`, a
 * provider `const`, fixed query, header and body values — checked against the
 * provider document's schema for where they go, by the rules the generated
 * validators use (src/runtime/validate.ts), so a value the build accepts is
 * one a connector's own checks would accept too.
 */

import { closest } from '../runtime/fields.js';
import { checkRules } from '../runtime/validate.js';
import type { FieldIssue } from '../runtime/errors.js';
import type { DiagnosticCode } from '../diagnostics.js';
import type { Template } from './model.js';
import { describeType, type SchemaNode } from './schema.js';

export interface ValueProblem {
  code: Extract<DiagnosticCode, 'type-mismatch' | 'enum-value'>;
  message: string;
  hint: string;
}

/**
 * How a value reaches the provider. `json`: as the typed value, except that
 * text for a number-typed member is sent as `Number(text)` (what the emitted
 * code does for a `const` and a body value). `text`: as text the provider
 * parses by the parameter's type (query, headers, form fields). `exact`: as
 * the value itself, as an example's answer holds it (a string is never a number).
 */
export type Carrier = 'json' | 'text' | 'exact';

/**
 * Why `value` is not acceptable where `schema` describes it (`what` names the
 * place: "provider 'role'", "query parameter 'role' of GET /users"), or
 * undefined when it is. A schema the document leaves untyped takes any value.
 */
export function valueProblem(schema: SchemaNode, value: string | number | boolean | null, what: string, carrier: Carrier): ValueProblem | undefined {
  // Alternatives without a shared type (a 3.1 type array, a oneOf of scalars): one of them must take it.
  if (schema.type === undefined && schema.anyOf && schema.anyOf.length > 0) {
    if (value === null && schema.nullable) return undefined;
    const problems = schema.anyOf.map((alternative) => valueProblem(alternative, value, what, carrier));
    if (problems.some((p) => p === undefined)) return schema.enum ? enumProblem(schema, value, what) : undefined;
    return { code: 'type-mismatch', message: `${JSON.stringify(value)} fits none of the types of ${what} (${describeType(schema)})`, hint: problems[0]!.hint };
  }
  if (value === null) {
    if (schema.nullable || schema.enum?.includes(null) || schema.type === undefined) return undefined;
    return { code: 'type-mismatch', message: `${what} is ${describeType(schema)}, and null is not one of its values`, hint: `the provider's document does not make it nullable: ${writeAs(schema)}` };
  }
  const typed = asSent(schema, value, carrier);
  if (typed === undefined) {
    const how = carrier === 'text' ? `is not ${article(schema)}` : `is sent as a number (Number(${JSON.stringify(value)})) and is not ${article(schema)}`;
    return { code: 'type-mismatch', message: `${JSON.stringify(value)} ${how}, and ${what} is ${describeType(schema)}`, hint: writeAs(schema) };
  }
  if (!fitsScalarType(schema, typed)) {
    return { code: 'type-mismatch', message: `${JSON.stringify(typed)} is ${typeof typed === 'number' ? 'a number' : `a ${typeof typed}`}, and ${what} is ${describeType(schema)}`, hint: writeAs(schema) };
  }
  if (schema.enum) return enumProblem(schema, typed, what);
  const issues: FieldIssue[] = [];
  const { minLength, maxLength, pattern, format, minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema;
  checkRules(typed, '', issues, { minLength, maxLength, pattern, format, minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf });
  if (issues.length > 0) {
    return { code: 'type-mismatch', message: `${JSON.stringify(value)} does not fit ${what}: ${issues.map((i) => i.message).join('; ')}`, hint: "write a value the provider's document allows there" };
  }
  return undefined;
}

/**
 * Why the text a mapping fixes for a query parameter or header is not one
 * the parameter takes. An array parameter's text is its elements as the
 * parameter's style sends them (`a,b` where `separator` is a comma, else
 * one element), each of which must be one `items` takes: no mapping can
 * write an array there, and HubSpot's `properties=a,b` is one.
 */
export function parameterValueProblem(schema: SchemaNode, text: string, what: string, separator: string | undefined): ValueProblem | undefined {
  if (schema.type !== 'array') return valueProblem(schema, text, what, 'text');
  if (!schema.items) return undefined;
  const elements = separator === undefined ? [text] : text.split(separator);
  const sent = separator === undefined ? 'one element, as each element is a value of its own' : `elements separated by '${separator}'`;
  for (const element of elements) {
    const problem = valueProblem(schema.items, element, `an element of ${what} (an array; the text is ${sent})`, 'text');
    if (problem) return problem;
  }
  return undefined;
}

/**
 * The same for a parameter declared with a JSON media type (`content:
 * application/json`): its text is JSON, checked as the value it parses to;
 * text that is not JSON, or JSON of another type, may be the string it is,
 * as providers take a bare word there. An object or array is taken at the mapping's word.
 */
export function jsonParameterValueProblem(schema: SchemaNode, text: string, what: string): ValueProblem | undefined {
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // A bare word: the string itself.
  }
  if (typeof value === 'object' && value !== null) return undefined;
  const problem = valueProblem(schema, value as string | number | boolean | null, what, 'exact');
  // `12` for a string is the bare word too.
  return problem && value !== text && valueProblem(schema, text, what, 'exact') === undefined ? undefined : problem;
}

/** Formats of text that may be all digits: an id of such a format can go where a number is taken. */
const NUMERIC_FORMATS = ['int32', 'int64', 'integer', 'number', 'decimal'];

/**
 * Why an id the caller gives (of the unified parameter's schema `id`) cannot
 * go where `schema` describes it, as one value (`alone`: the template is the
 * id and nothing else; text around it makes text). An id is text of the
 * caller's: it fits a text member, or a number one where its digits make the
 * number; never a flag, an object or an array, nor a fixed set of values, a
 * different format or, for a number, a format that is never digits (a uuid).
 */
export function idTargetProblem(schema: SchemaNode, id: SchemaNode, alone: boolean, what: string): ValueProblem | undefined {
  if (schema.type === undefined && schema.anyOf && schema.anyOf.length > 0) {
    const problems = schema.anyOf.map((alternative) => idTargetProblem(alternative, id, alone, what));
    return problems.some((p) => p === undefined) ? undefined : problems[0];
  }
  const mismatch = (why: string, hint: string): ValueProblem => ({ code: 'type-mismatch', message: `${what} is ${describeType(schema)}, and ${why}`, hint });
  if (schema.enum) return { code: 'enum-value', message: `${what} takes only ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}, and an id is any the caller gives`, hint: 'send the parent where the provider takes its id' };
  switch (schema.type) {
    case undefined:
    case 'string':
      if (alone && schema.format !== undefined && id.format !== undefined && schema.format !== id.format) return mismatch(`the id is ${describeType(id)}`, "send the parent where the provider takes an id of the unified parameter's format");
      return undefined;
    case 'integer':
    case 'number':
      if (!alone) return mismatch('text around the id makes text, never a number', 'send the id alone');
      if (id.format !== undefined && !NUMERIC_FORMATS.includes(id.format)) return mismatch(`the id is ${describeType(id)}, never a number`, "send the parent where the provider takes an id of the unified parameter's format");
      return undefined;
    default:
      return mismatch('an id is one value of text', schema.type === 'array' ? 'send it as a list of one' : 'send the parent where the provider takes its id');
  }
}

/** The literal text of a template with no placeholders; undefined when it has any (its value is known only at run time). */
export function literalText(template: Template): string | undefined {
  return template.parts.every((part) => part.kind === 'text') ? template.parts.map((part) => (part.kind === 'text' ? part.text : '')).join('') : undefined;
}

function enumProblem(schema: SchemaNode, value: unknown, what: string): ValueProblem | undefined {
  const values = schema.enum!;
  if (values.includes(value)) return undefined;
  const listed = values.filter((v) => v !== null).map(String);
  const near = typeof value === 'string' ? closest(value, listed) : undefined;
  return { code: 'enum-value', message: `${JSON.stringify(value)} is not a value of ${what}`, hint: `${near ? `did you mean '${near}'? ` : ''}values: ${listed.join(', ')}` };
}

/** The value as the provider receives it; undefined when the text cannot become the number or flag it must be. */
function asSent(schema: SchemaNode, value: string | number | boolean, carrier: Carrier): string | number | boolean | undefined {
  if (typeof value !== 'string' || carrier === 'exact') return carrier === 'text' ? asSent(schema, String(value), carrier) : value;
  const numeric = schema.type === 'integer' || schema.type === 'number';
  if (carrier === 'json' && !numeric) return value;
  if (numeric) {
    if (value.trim() === '' || !Number.isFinite(Number(value))) return undefined;
    const number = Number(value);
    return schema.type === 'integer' && !Number.isInteger(number) ? undefined : number;
  }
  if (schema.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : undefined;
  return value;
}

/** Whether a scalar is of this schema's type (integer apart from number; untyped schemas take anything, objects and arrays no scalar). */
export function fitsScalarType(schema: SchemaNode, value: unknown): boolean {
  switch (schema.type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'object':
    case 'array':
      return false;
    default:
      return true;
  }
}

function article(schema: SchemaNode): string {
  return schema.type === 'integer' ? 'an integer' : schema.type === 'number' ? 'a number' : schema.type === 'boolean' ? 'true or false' : `a ${schema.type}`;
}

/** What to write instead, for the hint. */
/** What to write instead of a value of the wrong kind (a fixed value's, an example answer's). */
export function writeAs(schema: SchemaNode): string {
  const listed = schema.enum?.filter((v) => v !== null).map(String);
  if (listed && listed.length > 0) return `values: ${listed.join(', ')}`;
  switch (schema.type) {
    case 'object':
      return 'write an object there';
    case 'array':
      return 'write an array there';
    case 'boolean':
      return 'write true or false';
    case 'integer':
      return 'write an integer';
    case 'number':
      return 'write a number';
    case 'string':
      return 'write text (quote it)';
    default:
      return `write a value of type ${describeType(schema)}`;
  }
}
