/** Small object helpers that stay safe on hostile provider data. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sets an own data property. Plain assignment of a key such as `__proto__`
 * (which `JSON.parse` happily produces) would replace the prototype instead.
 */
export function setOwn(target: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** Reads an own member, never one inherited from a prototype. */
export function getOwn(source: unknown, key: string): unknown {
  return isObject(source) && Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
}

/** Follows a path of own members (array elements by index); `undefined` as soon as one is missing. */
export function getPath(source: unknown, path: readonly string[]): unknown {
  let current = source;
  for (const key of path) {
    current = Array.isArray(current) ? (/^\d+$/.test(key) ? current[Number(key)] : undefined) : getOwn(current, key);
    if (current === undefined) return undefined;
  }
  return current;
}

/** The first non-empty string at `path`; a `*` segment tries every member or element. */
export function findText(value: unknown, path: readonly string[]): string | undefined {
  if (path.length === 0) return typeof value === 'string' && value !== '' ? value : undefined;
  const [head, ...rest] = path;
  if (head === '*') {
    const members = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
    for (const member of members) {
      const found = findText(member, rest);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return findText(getPath(value, [head!]), rest);
}

/** A provider body as JSON when it parses, else as its text; an empty body is null. */
export function parseJsonOrText(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
