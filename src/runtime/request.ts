/** Building provider requests: URLs from templates, query strings and body encodings. */

import { UnifiedError, validationError } from './errors.js';
import { isObject } from './objects.js';

// With the `u` flag a surrogate pair is one code point, so only a lone surrogate half is a `Cs` code point.
const loneSurrogate = /\p{Cs}/u;

/**
 * Whether a string is well-formed UTF-16 (no lone surrogate half). An
 * ill-formed one cannot be sent as it is: encodeURIComponent throws a raw
 * `URIError` on it, and URLSearchParams, FormData and UTF-8 encoding replace
 * it with U+FFFD, so the provider would be asked about a different value.
 */
export function isWellFormed(value: string): boolean {
  return !loneSurrogate.test(value);
}

/** What a `RequestValidationError` says of an ill-formed string. */
export const illFormedMessage = 'must be well-formed Unicode text (it holds a lone surrogate half)';

/** Refuses an id that is not well-formed: it goes into a request path, where it would be another id or a raw URIError. */
export function checkWellFormedId(value: string): void {
  if (isWellFormed(value)) return;
  throw new UnifiedError('RequestValidationError', 'Invalid id: it must be well-formed Unicode text', {
    detail: { errors: [{ field: 'id', message: illFormedMessage }] },
  });
}

/**
 * Encodes one path parameter. Every character that could change the path or
 * query (`/`, `?`, `#`, `%`, `..`) is percent-encoded, and a segment made only
 * of dots is refused: `../admin` or `a/b?x=1` can never redirect a call.
 */
export function pathSegment(value: string): string {
  if (value === '' || /^\.+$/.test(value)) {
    throw new UnifiedError('RequestValidationError', 'Invalid id: it must be a non-empty identifier', {
      detail: { errors: [{ field: 'id', message: 'must not be empty or made of dots only' }] },
    });
  }
  // Checked here too (callers' ids already are, in ConnectorContext.id): encodeURIComponent would throw a raw URIError.
  checkWellFormedId(value);
  // encodeURIComponent leaves . ! ' ( ) * unescaped; escape the ones that matter in paths.
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Joins the base URL and a path already built from encoded segments, then adds the query. */
export function buildUrl(baseUrl: URL, path: string, query: Readonly<Record<string, string | undefined>> = {}): URL {
  const base = baseUrl.toString().replace(/\/+$/, '');
  const url = new URL(base + path);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url;
}

export type BodyEncoding = 'json' | 'form' | 'multipart' | 'json-patch';

export const contentTypes: Record<BodyEncoding, string | undefined> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  // fetch sets the multipart boundary itself.
  multipart: undefined,
  'json-patch': 'application/json-patch+json',
};

/**
 * The JSON Patch operations an update sends: `set` writes a value, `clear`
 * empties one (null in the record). The provider's document may allow only
 * some (Help Scout's takes `replace` and `remove`, never `add`); the
 * generator picks them from it. `add` for both where it says nothing.
 */
export interface PatchOps {
  set: 'add' | 'replace';
  clear: 'add' | 'replace' | 'remove';
}

export type PatchOperation = { op: 'add' | 'replace'; path: string; value: unknown } | { op: 'remove'; path: string };

const defaultPatchOps: PatchOps = { set: 'add', clear: 'add' };

/**
 * An update as a JSON Patch (RFC 6902): one operation per value the record
 * holds, objects entered member by member so that what the input did not
 * give stays as it is. A value is sent with `ops.set`; null clears, with
 * `ops.clear` (`remove` sends no value); an array is replaced as a whole, as
 * a given unified array is.
 */
export function patchOperations(record: Record<string, unknown>, prefix = '', ops: PatchOps = defaultPatchOps): PatchOperation[] {
  const out: PatchOperation[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined) continue;
    const path = `${prefix}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0) out.push(...patchOperations(value as Record<string, unknown>, path, ops));
    else if (value === null && ops.clear === 'remove') out.push({ op: 'remove', path });
    else out.push({ op: value === null ? ops.clear : ops.set, path, value });
  }
  return out;
}

function scalarText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Flattens a provider body for form encodings: nested objects as `a[b]`, arrays as `a[]`. */
function formEntries(body: Record<string, unknown>, prefix = ''): [string, string][] {
  const entries: [string, string][] = [];
  for (const [key, value] of Object.entries(body)) {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (Array.isArray(value)) {
      for (const item of value) {
        if (isObject(item)) entries.push(...formEntries(item, `${name}[]`));
        else {
          const text = scalarText(item);
          if (text !== undefined) entries.push([`${name}[]`, text]);
        }
      }
    } else if (isObject(value)) entries.push(...formEntries(value, name));
    else {
      const text = scalarText(value);
      if (text !== undefined) entries.push([name, text]);
    }
  }
  return entries;
}

/**
 * A form body's entries, refused before any request when one is ill-formed:
 * URLSearchParams and FormData would send U+FFFD in its place, writing a
 * different value than the caller gave (JSON bodies keep it escaped).
 */
function wellFormedEntries(body: Record<string, unknown>): [string, string][] {
  const entries = formEntries(body);
  const bad = entries.filter(([name, value]) => !isWellFormed(name) || !isWellFormed(value));
  if (bad.length > 0) throw validationError(bad.map(([name]) => ({ field: name, message: illFormedMessage })));
  return entries;
}

export function encodeBody(encoding: BodyEncoding, body: Record<string, unknown>, options: { patch?: PatchOps } = {}): string | URLSearchParams | FormData {
  switch (encoding) {
    case 'json':
      return JSON.stringify(body);
    case 'json-patch':
      return JSON.stringify(patchOperations(body, '', options.patch));
    case 'form':
      return new URLSearchParams(wellFormedEntries(body));
    case 'multipart': {
      const form = new FormData();
      for (const [name, value] of wellFormedEntries(body)) form.append(name, value);
      return form;
    }
  }
}
