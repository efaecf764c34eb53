/** What generated transformers call when writing unified values into provider records. */

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

/** Sets `value` at a nested path of a provider record being built, creating objects on the way. */
export function setIn(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = target;
  for (let i = 0; i < path.length - 1; i++) {
    const name = path[i]!;
    let next = Object.prototype.hasOwnProperty.call(current, name) ? current[name] : undefined;
    if (!isObject(next)) {
      next = {};
      Object.defineProperty(current, name, { value: next, enumerable: true, writable: true, configurable: true });
    }
    current = next as Record<string, unknown>;
  }
  Object.defineProperty(current, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
}
