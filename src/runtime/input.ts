/**
 * What the caller hands a connector, read once where it is handed over: the
 * params where an operation starts (`readParams`), the options where a
 * connector is created (`readConnectorOptions`, connector.ts). Everything
 * after (validation, the transformers, filters, `fields=`, the envelope, the
 * page cache) works on this copy of plain data, so no caller code runs again
 * once a request may be sent: a getter or Proxy trap that throws is the
 * caller's input error naming the member, before any request — not a failure
 * of the connector, and never after a write was sent. A getter answering
 * differently on each read cannot slip a value past validation either.
 */

import { validationError, type FieldIssue } from './errors.js';
import { setOwn } from './objects.js';

/** Deeper than any record of a unified API: past it a value is refused rather than walked (a stack overflow is no answer). */
const MAX_DEPTH = 64;

/** What a refusal says of a member that threw; what it threw is the caller's and is not repeated (it may hold anything). */
const unreadableMessage = 'could not be read: reading it threw (a getter or Proxy trap); pass plain data';

/**
 * `given`'s `members` (by default its own enumerable ones), each read once:
 * plain data (objects, arrays and their own enumerable members, holes kept)
 * is copied deep, `signal` is kept as given (an AbortSignal is no data).
 * Members of `body` (the record written) are named with dots as validation
 * names them (`customer.emails[0].email`); members of the others with
 * brackets, as the unified API's query parameters are (`filter[email]`).
 */
export function readParams<P extends object>(given: P | undefined, members?: readonly string[], body?: string): P {
  const { values, issues } = readMembers(given, members, (member) => (member === body ? 'dots' : 'brackets'), ['signal']);
  // An AbortSignal or nothing: anything else (a string, a look-alike object, a Proxy) would throw out of AbortSignal.any.
  if (values.signal !== undefined && !isAbortSignal(values.signal)) {
    delete values.signal;
    issues.push({ field: 'signal', message: 'must be an AbortSignal (from an AbortController, or AbortSignal.timeout)' });
  }
  if (issues.length > 0) throw validationError(issues);
  return values as P;
}

function isAbortSignal(value: unknown): value is AbortSignal {
  try {
    return value instanceof AbortSignal;
  } catch {
    // A Proxy whose getPrototypeOf trap throws.
    return false;
  }
}

/**
 * `given`'s `members` (by default its own enumerable ones) copied as
 * `readParams` does, `kept` ones taken as given, and an issue for each part
 * that could not be read (`params` when not even its members could be listed).
 */
export function readMembers(given: object | undefined | null, members: readonly string[] | undefined, naming: (member: string) => 'dots' | 'brackets', kept: readonly string[]): { values: Record<string, unknown>; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const values: Record<string, unknown> = {};
  if (given === undefined || given === null) return { values, issues };
  let names: readonly string[];
  try {
    names = members ?? Object.keys(given);
  } catch {
    return { values, issues: [{ field: 'params', message: unreadableMessage }] };
  }
  for (const member of names) {
    let value: unknown;
    try {
      value = (given as Record<string, unknown>)[member];
    } catch {
      issues.push({ field: member, message: unreadableMessage });
      continue;
    }
    if (value === undefined) continue;
    values[member] = kept.includes(member) ? value : copy(value, member, naming(member), [], issues);
  }
  return { values, issues };
}

/** A deep copy of plain data, adding an issue (and leaving the value out) for each part that cannot be read. */
function copy(value: unknown, field: string, naming: 'dots' | 'brackets', within: readonly object[], issues: FieldIssue[]): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (within.includes(value)) {
    issues.push({ field, message: 'refers to a value that holds it (a cycle), which cannot be sent' });
    return undefined;
  }
  if (within.length >= MAX_DEPTH) {
    issues.push({ field, message: `is nested more than ${MAX_DEPTH} levels deep` });
    return undefined;
  }
  const inside = [...within, value];
  let array: boolean;
  let keys: string[];
  try {
    array = Array.isArray(value);
    keys = Object.keys(value);
  } catch {
    issues.push({ field, message: unreadableMessage });
    return undefined;
  }
  const read = (key: string): { value: unknown } | undefined => {
    try {
      return { value: (value as Record<string, unknown>)[key] };
    } catch {
      return undefined;
    }
  };
  if (array) {
    const length = read('length');
    // A Proxy may claim any length; only an array's own kind is copied (`new Array` throws on the rest).
    if (length === undefined || !Number.isSafeInteger(length.value) || (length.value as number) < 0 || (length.value as number) >= 2 ** 32) {
      issues.push({ field, message: unreadableMessage });
      return undefined;
    }
    // Only the elements present are read, so a hole stays a hole (validation names it) and a sparse length costs nothing.
    const size = length.value as number;
    const out: unknown[] = new Array(size);
    for (const key of keys) {
      if (!/^(?:0|[1-9]\d*)$/.test(key) || Number(key) >= size) continue;
      const at = `${field}[${key}]`;
      const element = read(key);
      if (element === undefined) issues.push({ field: at, message: unreadableMessage });
      else out[Number(key)] = copy(element.value, at, naming, inside, issues);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const at = naming === 'dots' ? `${field}.${key}` : `${field}[${key}]`;
    const member = read(key);
    if (member === undefined) issues.push({ field: at, message: unreadableMessage });
    else setOwn(out, key, copy(member.value, at, naming, inside, issues));
  }
  return out;
}
