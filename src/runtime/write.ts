/** What generated transformers call when writing unified values into provider records. */

import type { FieldIssue } from './errors.js';
import { isObject } from './objects.js';

/**
 * The element of a unified array a selector means: the first whose `key`
 * equals `value`; for the mapping's default slot also the first element
 * that names no `key` at all (a caller's untyped email is the primary one).
 */
export function pickElement<T extends object>(list: readonly T[] | null | undefined, key: string, value: unknown, untyped: boolean): T | undefined {
  if (!Array.isArray(list)) return undefined;
  for (const element of list) if (typeof element === 'object' && element !== null && (element as Record<string, unknown>)[key] === value) return element;
  if (untyped) {
    for (const element of list) {
      const own = isObject(element) ? (element as Record<string, unknown>)[key] : undefined;
      if (own === undefined || own === null) return element;
    }
  }
  return undefined;
}

/** The provider array element matching `key: value`, appended when missing. */
export function elementFor(list: Record<string, unknown>[], key: string, value: unknown): Record<string, unknown> {
  const found = list.find((element) => element[key] === value);
  if (found) return found;
  const created: Record<string, unknown> = { [key]: value };
  list.push(created);
  return created;
}

/** Absent for a `when` condition: undefined, null, empty string or empty array. */
export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * A step of a provider path being written: a member, an array element by
 * position (`lines[0]`), or the array element whose `key` is `value`
 * (`phones[type=mobile]`), made when missing.
 */
export type PathStep = string | { readonly name: string; readonly index: number } | { readonly name: string; readonly key: string; readonly value: unknown };

const define = (object: object, name: string | number, value: unknown) => Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });

/** Sets `value` at a nested path of a provider record being built, creating objects and array elements on the way. */
export function setIn(target: Record<string, unknown>, path: readonly PathStep[], value: unknown): void {
  let current: Record<string, unknown> = target;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    const last = i === path.length - 1;
    const name = typeof step === 'string' ? step : step.name;
    if (typeof step === 'string') {
      if (last) {
        define(current, name, value);
        return;
      }
      let next = Object.prototype.hasOwnProperty.call(current, name) ? current[name] : undefined;
      if (!isObject(next)) define(current, name, (next = {}));
      current = next as Record<string, unknown>;
      continue;
    }
    let list = Object.prototype.hasOwnProperty.call(current, name) ? current[name] : undefined;
    if (!Array.isArray(list)) define(current, name, (list = []));
    const array = list as unknown[];
    if ('index' in step) {
      // Positions before the one written are sent as null rather than as holes.
      while (array.length < step.index) array.push(null);
      if (last) {
        array[step.index] = value;
        return;
      }
      if (!isObject(array[step.index])) array[step.index] = {};
      current = array[step.index] as Record<string, unknown>;
      continue;
    }
    let element = array.find((candidate) => isObject(candidate) && candidate[step.key] === step.value) as Record<string, unknown> | undefined;
    if (!element) array.push((element = { [step.key]: step.value }));
    if (last) return;
    current = element;
  }
}

/**
 * What a write stores of a unified value (generated per operation from the
 * mapping): `true` for all of it, `members` for some members of an object,
 * `elements` for some elements of an array — every one, those whose `key`
 * holds one of `values` (the first for each; the first element without the
 * key stands for `untyped`), or the first `upTo`.
 */
export type StoredShape =
  | true
  | { readonly members: Readonly<Record<string, StoredShape>> }
  | { readonly elements: StoredShape; readonly every?: true; readonly key?: string; readonly values?: readonly unknown[]; readonly untyped?: unknown; readonly upTo?: number };

/** A value the write does not store: a member it has no field for, or an array element it does not pick. */
export interface UnstoredValue {
  field: string;
  kind: 'member' | 'element';
  /** For elements: how the write picks the elements it stores. */
  picks?: string;
}

const carries = (value: unknown): boolean =>
  value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0) && !(isObject(value) && Object.values(value).every((member) => !carries(member)));

/** Every value in `value` that `shape` does not store, as unified field paths below `field`. */
export function unstoredValues(value: unknown, shape: StoredShape, field: string, out: UnstoredValue[] = []): UnstoredValue[] {
  if (shape === true || !carries(value)) return out;
  if ('members' in shape) {
    if (!isObject(value)) return out;
    for (const [name, member] of Object.entries(value)) {
      if (!carries(member)) continue;
      const inner = Object.prototype.hasOwnProperty.call(shape.members, name) ? shape.members[name] : undefined;
      if (inner === undefined) out.push({ field: `${field}.${name}`, kind: 'member' });
      else unstoredValues(member, inner, `${field}.${name}`, out);
    }
    return out;
  }
  if (!Array.isArray(value)) return out;
  const stored = storedIndices(value, shape);
  value.forEach((element, index) => {
    const at = `${field}[${index}]`;
    if (stored.has(index)) unstoredValues(element, shape.elements, at, out);
    else if (carries(element)) out.push({ field: at, kind: 'element', picks: describePicks(shape) });
  });
  return out;
}

function storedIndices(list: readonly unknown[], shape: Exclude<StoredShape, true | { members: unknown }>): Set<number> {
  const stored = new Set<number>();
  if (shape.every) list.forEach((_, index) => stored.add(index));
  for (let index = 0; index < Math.min(shape.upTo ?? 0, list.length); index++) stored.add(index);
  if (shape.key !== undefined) {
    const key = shape.key;
    const own = (element: unknown) => (isObject(element) ? element[key] : undefined);
    for (const wanted of shape.values ?? []) {
      let index = list.findIndex((element) => own(element) === wanted);
      if (index < 0 && wanted === shape.untyped) index = list.findIndex((element) => own(element) === undefined || own(element) === null);
      if (index >= 0) stored.add(index);
    }
  }
  return stored;
}

function describePicks(shape: Exclude<StoredShape, true | { members: unknown }>): string {
  const parts: string[] = [];
  if (shape.key !== undefined) parts.push(`the first element whose ${shape.key} is ${(shape.values ?? []).map((v) => JSON.stringify(v)).join(', or ')}${shape.untyped !== undefined ? ` (one without a ${shape.key} counts as ${JSON.stringify(shape.untyped)})` : ''}`);
  if (shape.upTo) parts.push(`the first ${shape.upTo === 1 ? 'element' : `${shape.upTo} elements`}`);
  return parts.join('; and ');
}

/**
 * A provider's request schema, pruned to the members a write sends (generated
 * per create and update): the type and nullability of each value, the
 * members each object below the top requires, and its arrays' elements.
 */
export interface SentShape {
  readonly type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
  readonly nullable?: true;
  readonly required?: readonly string[];
  readonly members?: Readonly<Record<string, SentShape>>;
  readonly items?: SentShape;
}

/** Who is told what: the provider's name, the unified input's name, and the unified field each provider path is written from (`emails[].type` → `emails[].type`). */
export interface SentContext {
  readonly provider: string;
  readonly input: string;
  readonly sources: Readonly<Record<string, string>>;
}

const holds: Record<NonNullable<SentShape['type']>, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  integer: (value) => typeof value === 'number' && Number.isInteger(value),
  boolean: (value) => typeof value === 'boolean',
  object: isObject,
  array: Array.isArray,
};
const typeWords: Record<NonNullable<SentShape['type']>, string> = { string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false', object: 'an object', array: 'an array' };

/**
 * Checks a request body a write transformer built against what the
 * provider's request schema takes, before it is sent: a value of another
 * type, a null it takes none of (a gap before a later `lines[1]`), an
 * object (an array's element) without a member it requires. Each problem
 * is an issue at the unified field it is written from where one is known,
 * else at the input, naming the provider path.
 */
export function checkSentBody(body: Record<string, unknown>, shape: SentShape, context: SentContext, issues: FieldIssue[]): void {
  // A field the writer already refused (a string where true or false belongs) is said once, as the writer said it.
  const refused = new Set(issues.map((issue) => issue.field));
  const found: FieldIssue[] = [];
  visit(body, shape, [], context, found, false);
  for (const issue of found) if (!refused.has(issue.field)) issues.push(issue);
}

type SentStep = string | number;

function visit(value: unknown, shape: SentShape, path: SentStep[], context: SentContext, issues: FieldIssue[], inArray: boolean): void {
  if (value === undefined) return;
  if (value === null) {
    if (shape.nullable || shape.type === undefined) return;
    const where = providerPath(path);
    const message = inArray
      ? `is needed by ${context.provider}: a later element of ${providerPath(path.slice(0, -1))} is given, so ${where} would be sent as null, and its elements take ${typeWords[shape.type]}, not null`
      : `cannot be sent to ${context.provider} as null: its ${where} takes ${typeWords[shape.type]}`;
    issues.push({ field: sourceOf(path, context), message });
    return;
  }
  if (shape.type !== undefined && !holds[shape.type](value)) {
    issues.push({ field: sourceOf(path, context), message: `cannot be sent to ${context.provider}: its ${providerPath(path)} takes ${typeWords[shape.type]}, not ${describeSent(value)}` });
    return;
  }
  if (Array.isArray(value)) {
    if (shape.items) for (let index = 0; index < value.length; index++) visit(value[index], shape.items, [...path, index], context, issues, true);
    return;
  }
  if (!isObject(value)) return;
  for (const name of shape.required ?? []) {
    if (value[name] === undefined) issues.push({ field: sourceOf([...path, name], context, path), message: `is required by ${context.provider} (${providerPath([...path, name])})` });
  }
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    if (Object.prototype.hasOwnProperty.call(value, name)) visit(value[name], member, [...path, name], context, issues, false);
  }
}

function describeSent(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function providerPath(path: readonly SentStep[]): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}

/**
 * The unified field a provider path is written from: by its exact path
 * (`address.lines[0]`), else with every index as `[]` (`emails[].type`),
 * each `[]` of the unified path taking the index in turn. A member no line
 * writes is told at the object it belongs to (`fallback`), or the input.
 */
function sourceOf(path: readonly SentStep[], context: SentContext, fallback?: readonly SentStep[]): string {
  const exact = context.sources[providerPath(path)];
  if (exact !== undefined) return `${context.input}.${exact}`;
  const indices = path.filter((step): step is number => typeof step === 'number');
  const general = context.sources[providerPath(path.map((step) => (typeof step === 'number' ? -1 : step))).replace(/\[-1\]/g, '[]')];
  if (general !== undefined) {
    let i = 0;
    return `${context.input}.${general.replace(/\[\]/g, () => `[${indices[i++] ?? ''}]`)}`;
  }
  if (fallback && fallback.length > 0) {
    const [last] = fallback.slice(-1);
    const element = typeof last === 'number' ? sourceOf(fallback, context) : undefined;
    if (element !== undefined && element !== context.input) return element;
  }
  return context.input;
}
