/**
 * What generated transformers call to read provider values. Each reader
 * accepts anything (provider data is untrusted), returns the unified value
 * or null, and reports a value of the wrong type instead of throwing.
 */

import { isObject, type JsonObject } from './objects.js';
import { formatProblem } from './formats.js';
import { patternOf } from './validate.js';

/** Receives a problem with one field of one record. */
export type ReportIssue = (field: string, problem: string) => void;

export const ignoreIssue: ReportIssue = () => undefined;

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? 'a long string' : `the string ${JSON.stringify(value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

export function readString(value: unknown, field: string, report: ReportIssue): string | null {
  if (typeof value === 'string') return value;
  if (value !== undefined && value !== null) report(field, `expected a string, got ${describeValue(value)}`);
  return null;
}

export function readNumber(value: unknown, field: string, report: ReportIssue): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value !== undefined && value !== null) report(field, `expected a number, got ${describeValue(value)}`);
  return null;
}

export function readInteger(value: unknown, field: string, report: ReportIssue): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (value !== undefined && value !== null) report(field, `expected an integer, got ${describeValue(value)}`);
  return null;
}

export function readBoolean(value: unknown, field: string, report: ReportIssue): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value !== undefined && value !== null) report(field, `expected true or false, got ${describeValue(value)}`);
  return null;
}

/** Reads through a converter; a value it cannot convert is reported and read as null. */
export function readConverted<U>(value: unknown, convert: (value: unknown) => U | undefined, field: string, report: ReportIssue): U | null {
  if (value === undefined || value === null) return null;
  const converted = convert(value);
  if (converted === undefined) {
    report(field, `cannot convert ${describeValue(value)}`);
    return null;
  }
  return converted;
}

/** An object member of a record, or undefined (reported when it is something else). */
export function readObject(value: unknown, field: string, report: ReportIssue): JsonObject | undefined {
  if (isObject(value)) return value;
  if (value !== undefined && value !== null) report(field, `expected an object, got ${describeValue(value)}`);
  return undefined;
}

export function readArray(value: unknown, field: string, report: ReportIssue): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== undefined && value !== null) report(field, `expected an array, got ${describeValue(value)}`);
  return [];
}

/*
 * The selectors of a provider path (`phones[type=mobile]`, `lines[0]`): an
 * array that is missing or holds no such element reads as nothing, but a
 * value of another type where the array belongs (`lines: "one line"`), or an
 * element of another type where an object belongs, is reported, as
 * `readObject` and `readArray` report theirs. `field` names the provider path.
 */

/** The first element of `list` whose `key` equals `value`, as an object. */
export function findElement(list: unknown, key: string, value: unknown, field: string, report: ReportIssue): JsonObject | undefined {
  if (!Array.isArray(list)) return notAnArray(list, field, report);
  for (const element of list) if (isObject(element) && element[key] === value) return element;
  return undefined;
}

/** The element at `index` of a provider array, of any type (`lines[0]`); undefined when there is none. */
export function valueAt(list: unknown, index: number, field: string, report: ReportIssue): unknown {
  return Array.isArray(list) ? (list[index] as unknown) : notAnArray(list, field, report);
}

export function elementAt(list: unknown, index: number, field: string, report: ReportIssue): JsonObject | undefined {
  if (!Array.isArray(list)) return notAnArray(list, field, report);
  const element: unknown = list[index];
  if (isObject(element)) return element;
  if (element !== undefined && element !== null) report(`${field}[${index}]`, `expected an object, got ${describeValue(element)}`);
  return undefined;
}

function notAnArray(value: unknown, field: string, report: ReportIssue): undefined {
  if (value !== undefined && value !== null) report(field, `expected an array, got ${describeValue(value)}`);
  return undefined;
}

/**
 * A provider scalar into a unified field that takes several (`anyOf` string,
 * number, boolean: a custom field's value): kept as it is where its type is
 * one of `types`, else reported and null. Objects and arrays are refused.
 */
export function readScalarOf(value: unknown, types: readonly ('string' | 'number' | 'integer' | 'boolean')[], field: string, report: ReportIssue): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && types.includes('string')) return value;
  if (typeof value === 'boolean' && types.includes('boolean')) return value;
  if (typeof value === 'number' && Number.isFinite(value) && (types.includes('number') || (types.includes('integer') && Number.isInteger(value)))) return value;
  report(field, `expected ${types.join(' or ')}, got ${describeValue(value)}`);
  return null;
}

/** A string that must be one of the unified enum's values. */
export function readOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string, report: ReportIssue): T | null {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  if (value !== undefined && value !== null) report(field, `expected one of ${allowed.join(', ')}, got ${describeValue(value)}`);
  return null;
}

/**
 * A provider value that does not fit the unified field (an email that is not
 * one, an empty required string) is unmappable: reported and read as null,
 * so what a connector answers always validates against the spec.
 */
export function fitUnified<T>(value: T | null, rules: { minLength?: number; maxLength?: number; format?: string; pattern?: string }, field: string, report: ReportIssue): T | null {
  if (typeof value !== 'string') return value;
  // Code points, counted only when UTF-16 units could disagree with a bound (one or two units each): past twice the
  // maxLength a text is longer whatever it holds, and a provider's megabytes are not spread into an array to be counted.
  const units = value.length;
  const needsCount = (rules.maxLength !== undefined && units > rules.maxLength && units <= 2 * rules.maxLength) || (rules.minLength !== undefined && units < rules.minLength * 2);
  const length = needsCount ? [...value].length : units;
  let problem: string | undefined;
  if (rules.minLength !== undefined && length < rules.minLength) problem = rules.minLength === 1 ? 'is empty' : `is shorter than ${rules.minLength} characters`;
  else if (rules.maxLength !== undefined && length > rules.maxLength) problem = `is longer than ${rules.maxLength} characters`;
  else if (formatProblem(rules.format, value) !== undefined) problem = `is not ${formatProblem(rules.format, value)}`;
  else if (rules.pattern !== undefined && !safeTest(rules.pattern, value)) problem = `does not match ${rules.pattern}`;
  if (problem === undefined) return value;
  report(field, `${describeValue(value)} ${problem}`);
  return null;
}

function safeTest(pattern: string, value: string): boolean {
  return patternOf(pattern)?.test(value) ?? true;
}
