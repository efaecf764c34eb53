/**
 * Checks generated validators call: one function per JSON type, each adding
 * a `FieldIssue` per problem so a `RequestValidationError` can name every
 * bad field at once.
 */

import type { FieldIssue } from './errors.js';
import { closest } from './fields.js';
import { formatProblem } from './formats.js';
import { isObject } from './objects.js';

export interface ScalarRules {
  nullable?: boolean;
  enum?: readonly unknown[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  /** JSON Schema's (and OpenAPI 3.1's) numbers: a bound the value must lie strictly beyond. */
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
}

const patternCache = new Map<string, RegExp>();

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A spec's pattern as a RegExp: Unicode mode, or plain for patterns with identity escapes (`\'`) it rejects. */
export function patternOf(source: string): RegExp | undefined {
  let pattern = patternCache.get(source);
  if (!pattern) {
    for (const flags of ['u', '']) {
      try {
        pattern = new RegExp(source, flags);
        break;
      } catch {
        // try the next flavour
      }
    }
    if (!pattern) return undefined;
    patternCache.set(source, pattern);
  }
  return pattern;
}

/**
 * Whether `value` is a whole number of `step`s. A quotient within 1e-9 of a
 * whole number counts, as binary fractions make 19.99 / 0.01 come out just
 * short of 1999 (Ajv's `multipleOfPrecision: 9`, which the tests' schema checks use).
 */
export function isMultipleOf(value: number, step: number): boolean {
  const steps = value / step;
  return Math.abs(Math.round(steps) - steps) <= 1e-9;
}

/** Rules beyond the type: enum, length, pattern, format, range, multipleOf. */
export function checkRules(value: unknown, field: string, issues: FieldIssue[], rules: ScalarRules): void {
  if (rules.enum && !rules.enum.includes(value)) {
    issues.push({ field, message: `must be one of ${rules.enum.filter((v) => v !== null).map((v) => JSON.stringify(v)).join(', ')}` });
    return;
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (rules.minLength !== undefined && length < rules.minLength) issues.push({ field, message: rules.minLength === 1 ? 'must not be empty' : `must be at least ${rules.minLength} characters` });
    if (rules.maxLength !== undefined && length > rules.maxLength) issues.push({ field, message: `must be at most ${rules.maxLength} characters (got ${length})` });
    if (rules.pattern !== undefined && patternOf(rules.pattern)?.test(value) === false) issues.push({ field, message: `must match ${rules.pattern}` });
    const format = formatProblem(rules.format, value);
    if (format !== undefined) issues.push({ field, message: `must be ${format}` });
  }
  if (typeof value === 'number') {
    if (rules.minimum !== undefined && value < rules.minimum) issues.push({ field, message: `must be at least ${rules.minimum}` });
    if (rules.maximum !== undefined && value > rules.maximum) issues.push({ field, message: `must be at most ${rules.maximum}` });
    if (rules.exclusiveMinimum !== undefined && value <= rules.exclusiveMinimum) issues.push({ field, message: `must be more than ${rules.exclusiveMinimum}` });
    if (rules.exclusiveMaximum !== undefined && value >= rules.exclusiveMaximum) issues.push({ field, message: `must be less than ${rules.exclusiveMaximum}` });
    if (rules.multipleOf !== undefined && !isMultipleOf(value, rules.multipleOf)) issues.push({ field, message: `must be a multiple of ${rules.multipleOf}` });
  }
}

export function checkString(value: unknown, field: string, issues: FieldIssue[], rules: ScalarRules = {}): void {
  if (value === null && rules.nullable) return;
  if (typeof value !== 'string') return void issues.push({ field, message: `must be a string${rules.nullable ? ' or null' : ''}, not ${describe(value)}` });
  checkRules(value, field, issues, rules);
}

export function checkNumber(value: unknown, field: string, issues: FieldIssue[], rules: ScalarRules & { integer?: boolean } = {}): void {
  if (value === null && rules.nullable) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || (rules.integer && !Number.isInteger(value))) {
    return void issues.push({ field, message: `must be ${rules.integer ? 'an integer' : 'a number'}${rules.nullable ? ' or null' : ''}, not ${describe(value)}` });
  }
  checkRules(value, field, issues, rules);
}

export function checkBoolean(value: unknown, field: string, issues: FieldIssue[], rules: { nullable?: boolean } = {}): void {
  if (value === null && rules.nullable) return;
  if (typeof value !== 'boolean') issues.push({ field, message: `must be true or false${rules.nullable ? ' or null' : ''}, not ${describe(value)}` });
}

export function checkArray(
  value: unknown,
  field: string,
  issues: FieldIssue[],
  item: (value: unknown, field: string, issues: FieldIssue[]) => void,
  rules: { nullable?: boolean; maxItems?: number } = {},
): void {
  if (value === null && rules.nullable) return;
  if (!Array.isArray(value)) return void issues.push({ field, message: `must be an array${rules.nullable ? ' or null' : ''}, not ${describe(value)}` });
  // An absurdly long array is refused before it costs anything.
  const max = rules.maxItems ?? 1000;
  if (value.length > max) return void issues.push({ field, message: `must have at most ${max} elements` });
  // Every index, holes included: forEach skips a hole (`[a, , c]`), which the request would still send as an element.
  for (let index = 0; index < value.length; index++) {
    if (!(index in value)) issues.push({ field: `${field}[${index}]`, message: 'is missing (a hole in the array)' });
    else item(value[index], `${field}[${index}]`, issues);
  }
}

/**
 * Checks an object's members: unknown ones (when the schema forbids extra
 * members), read-only ones (on input), required ones. Returns the object
 * when its members can be checked further.
 */
export function checkObject(
  value: unknown,
  field: string,
  issues: FieldIssue[],
  shape: { known: readonly string[]; readOnly?: readonly string[]; required?: readonly string[]; closed: boolean; nullable?: boolean; typeName: string },
): Record<string, unknown> | undefined {
  if (value === null && shape.nullable) return undefined;
  if (!isObject(value)) {
    issues.push({ field, message: `must be an object${shape.nullable ? ' or null' : ''}, not ${describe(value)}` });
    return undefined;
  }
  const at = (name: string) => (field ? `${field}.${name}` : name);
  for (const name of Object.keys(value)) {
    if (shape.known.includes(name)) {
      if (shape.readOnly?.includes(name) && value[name] !== undefined) issues.push({ field: at(name), message: 'is read-only and cannot be written' });
      continue;
    }
    if (shape.closed) {
      const near = closest(name, shape.known.filter((k) => !shape.readOnly?.includes(k)));
      issues.push({ field: at(name), message: `is not a field of ${shape.typeName}${near ? `; did you mean '${near}'?` : ''}` });
    }
  }
  for (const name of shape.required ?? []) if (value[name] === undefined) issues.push({ field: at(name), message: 'is required' });
  return value;
}
