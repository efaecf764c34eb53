/**
 * `fields=` — the caller's comma-separated list of dot paths
 * (`id,emails.email,addresses.city`) that trims a response to what was asked.
 */

import { distance as editDistance } from 'fastest-levenshtein';
import { UnifiedError } from './errors.js';
import { isObject, setOwn } from './objects.js';

/** The unified record's field tree, from the spec: `true` for a leaf, a subtree for an object or array of objects. */
export interface FieldTree {
  readonly [field: string]: true | FieldTree;
}

export type FieldSelection = Map<string, FieldSelection | true>;

/**
 * Parses `fields` against the record's field tree. Unknown paths are a
 * `RequestValidationError` naming them (with the closest known field), since
 * a silently empty response hides a typo.
 */
export function parseFields(fields: string | null | undefined, tree: FieldTree): FieldSelection | undefined {
  if (fields === undefined || fields === null) return undefined;
  if (typeof fields !== 'string') throw fieldsError([{ field: 'fields', message: 'must be a comma-separated string' }]);
  const selection: FieldSelection = new Map();
  const issues: { field: string; message: string }[] = [];
  for (const raw of fields.split(',')) {
    const path = raw.trim();
    if (path === '') continue;
    let node: FieldSelection = selection;
    let schema: FieldTree = tree;
    const parts = path.split('.');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const child: true | FieldTree | undefined = Object.prototype.hasOwnProperty.call(schema, part) ? schema[part] : undefined;
      if (child === undefined) {
        const known = Object.keys(schema);
        const hint = closest(part, known);
        issues.push({ field: 'fields', message: `unknown field '${path}'${hint ? `; did you mean '${[...parts.slice(0, i), hint].join('.')}'?` : ''}` });
        break;
      }
      const last = i === parts.length - 1;
      if (child === true && !last) {
        // A value has no members: `first_name.typo` (or `id.`) names nothing, and is not `first_name`.
        issues.push({ field: 'fields', message: `unknown field '${path}': '${parts.slice(0, i + 1).join('.')}' is a value, with no members; did you mean '${parts.slice(0, i + 1).join('.')}'?` });
        break;
      }
      const existing = node.get(part);
      if (last || child === true) {
        node.set(part, true); // asking for a parent includes all of it
        break;
      }
      if (existing === true) break;
      const next: FieldSelection = existing ?? new Map();
      node.set(part, next);
      node = next;
      schema = child;
    }
  }
  if (issues.length > 0) throw fieldsError(issues);
  return selection.size > 0 ? selection : undefined;
}

function fieldsError(issues: { field: string; message: string }[]): UnifiedError {
  return new UnifiedError('RequestValidationError', `Invalid fields parameter: ${issues.map((i) => i.message).join('; ')}`, {
    detail: { errors: issues },
  });
}

/** A copy of `record` holding only the selected paths (applied to each element of arrays). */
export function selectFields<T>(record: T, selection: FieldSelection | undefined): T {
  if (selection === undefined) return record;
  return pick(record, selection) as T;
}

function pick(value: unknown, selection: FieldSelection): unknown {
  if (Array.isArray(value)) return value.map((item) => pick(item, selection));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of selection) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    setOwn(out, key, sub === true ? value[key] : pick(value[key], sub));
  }
  return out;
}

/** The known name nearest to `name` by edit distance, when near enough to be a typo. */
export function closest(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  // Of names equally few edits away, the one that begins as the typed name does is likelier meant ('strt': 'start', not 'sort').
  const shared = (candidate: string) => {
    const other = candidate.toLowerCase();
    let i = 0;
    while (i < lower.length && i < other.length && lower[i] === other[i]) i++;
    return i;
  };
  let best: string | undefined;
  let bestDistance = Infinity;
  let bestShared = -1;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    const prefix = distance <= bestDistance ? shared(candidate) : 0;
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && (prefix > bestShared || (prefix === bestShared && candidate < best)))) {
      best = candidate;
      bestDistance = distance;
      bestShared = prefix;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
