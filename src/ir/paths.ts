/**
 * Field paths of the mapping language: `company_name`, `contact_person.email`,
 * `emails[type=primary].email`, `addresses[0].city`. Parsed here, resolved
 * against a schema here, with a "did you mean" at the first segment that
 * does not exist.
 */

import { closest } from '../runtime/fields.js';
import type { ConnectorIR, PathSegment } from './model.js';
import { describeType, type SchemaNode } from './schema.js';

export function parseFieldPath(text: string): PathSegment[] | { error: string } {
  const segments: PathSegment[] = [];
  let rest = text;
  while (rest.length > 0) {
    const match = /^([^.[\]]+)(?:\[(?:(\d+)|([^=\]]+)=([^\]]*))\])?/.exec(rest);
    if (!match) return { error: `cannot read path '${text}' at '${rest}'` };
    const [whole, name, index, key, value] = match;
    const segment: PathSegment = { name: name! };
    if (index !== undefined) segment.selector = { kind: 'index', index: Number(index) };
    else if (key !== undefined) segment.selector = { kind: 'match', key: key.trim(), value: value!.trim() };
    segments.push(segment);
    rest = rest.slice(whole.length);
    if (rest.startsWith('.')) {
      rest = rest.slice(1);
      if (rest === '') return { error: `path '${text}' ends with a dot` };
    } else if (rest.length > 0) return { error: `cannot read path '${text}' at '${rest}'` };
  }
  if (segments.length === 0) return { error: 'empty path' };
  return segments;
}

export function formatPath(segments: readonly PathSegment[]): string {
  return segments
    .map((segment) => {
      const selector = segment.selector
        ? segment.selector.kind === 'index'
          ? `[${segment.selector.index}]`
          : `[${segment.selector.key}=${segment.selector.value}]`
        : '';
      return segment.name + selector;
    })
    .join('.');
}

/**
 * The path a request sends for a mapping's `path`: `/`, the base URL itself
 * (a collection the base URL names), goes without a slash unless the
 * document's path for it ends in one. The connector and the drafter's
 * examples both send what this says.
 */
export function sentMappingPath(mappingPath: string, documentPath: string): string {
  return mappingPath === '/' && !documentPath.endsWith('/') ? '' : mappingPath;
}

/** Splits a plain dot path (`meta.after_cursor`); `$` is the document itself. */
export function dotPath(text: string): string[] {
  return text === '$' ? [] : text.split('.');
}

export interface ResolvedPath {
  /** The schema at the end of the path (an array element's member for selector paths). */
  leaf: SchemaNode;
  /** For each segment, the schema of the member it names. */
  steps: SchemaNode[];
}

export type PathProblem = {
  /** Index of the segment at fault. */
  segment: number;
  message: string;
  hint?: string;
  kind: 'unknown-field' | 'type-mismatch' | 'enum-value';
};

/**
 * Walks `segments` through `schema`. Objects are entered by member name;
 * arrays only through a selector (`[type=primary]`, `[0]`) unless
 * `allowArrayLeaf` lets the path end on the array itself.
 */
export function resolvePath(schema: SchemaNode, segments: readonly PathSegment[], options: { allowArrayLeaf?: boolean } = {}): ResolvedPath | PathProblem {
  let current = schema;
  const steps: SchemaNode[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const properties = current.properties;
    // A map's members are whatever its additionalProperties say; a schema with declared members
    // must name them, or a typo would resolve silently.
    const member = properties.get(segment.name) ?? (properties.size === 0 && typeof current.additionalProperties === 'object' ? current.additionalProperties : undefined);
    if (!member) {
      const near = closest(segment.name, [...properties.keys()]);
      // A member one level down, under the schema's only member that holds it: a request that nests the record
      // (`{ employee: { first_name } }`) refused every field line with no word of where they are.
      const holders = [...properties].filter(([, child]) => child.properties.has(segment.name)).map(([name]) => name);
      const nested = holders.length === 1 ? formatPath([...segments.slice(0, i), { name: holders[0]! }, ...segments.slice(i)]) : undefined;
      return {
        segment: i,
        kind: 'unknown-field',
        message: `'${segment.name}' is not a field of ${current.name ?? (i === 0 ? 'the record' : formatPath(segments.slice(0, i)))}`,
        // The whole path with the one name mended (`attributes.first_name.value`, not `attributes.first_name`).
        hint: near
          ? `did you mean '${formatPath([...segments.slice(0, i), { ...segment, name: near }, ...segments.slice(i + 1)])}'?`
          : nested
            ? `it is a member of '${holders[0]}': did you mean '${nested}'?${i === 0 ? ` (a request body that nests the record under '${holders[0]}' is written with \`body.wrap: ${holders[0]}\`)` : ''}`
            : `known fields: ${[...properties.keys()].join(', ') || '(none)'}`,
      };
    }
    steps.push(member);
    const last = i === segments.length - 1;
    if (member.type === 'array') {
      if (!segment.selector) {
        if (last && options.allowArrayLeaf) return { leaf: member, steps };
        return {
          segment: i,
          kind: 'type-mismatch',
          message: `'${segment.name}' is an array; pick elements with a selector`,
          hint: `for example '${segment.name}[type=primary]' or '${segment.name}[0]', or map the whole array with 'each'`,
        };
      }
      const item = member.items;
      if (!item) return { segment: i, kind: 'type-mismatch', message: `'${segment.name}' is an array without an item schema` };
      if (segment.selector.kind === 'match') {
        const key = item.properties.get(segment.selector.key);
        if (!key) {
          const near = closest(segment.selector.key, [...item.properties.keys()]);
          return {
            segment: i,
            kind: 'unknown-field',
            message: `the elements of '${segment.name}' have no field '${segment.selector.key}' to select on`,
            ...(near ? { hint: `did you mean '[${near}=${segment.selector.value}]'?` } : {}),
          };
        }
        const typed = typedSelectorValue(key, String(segment.selector.value));
        if (typed === undefined) {
          return {
            segment: i,
            kind: 'type-mismatch',
            message: `'${segment.selector.value}' cannot be a value of ${segment.name}[].${segment.selector.key}, which is ${describeType(key)}`,
            hint: key.type === 'boolean' ? `write '[${segment.selector.key}=true]' or '[${segment.selector.key}=false]'` : `write a ${key.type} after '='`,
          };
        }
        // Elements are compared with ===, so a boolean or numeric key is matched by its typed value.
        (segment.selector as { value: string | number | boolean }).value = typed;
        if (key.enum && !key.enum.map(String).includes(String(segment.selector.value))) {
          const near = closest(String(segment.selector.value), key.enum.map(String));
          return {
            segment: i,
            kind: 'enum-value',
            message: `'${segment.selector.value}' is not a value of ${segment.name}[].${segment.selector.key}`,
            hint: `${near ? `did you mean '${near}'? ` : ''}values: ${key.enum.map(String).join(', ')}`,
          };
        }
      }
      current = item;
      if (last) return { leaf: item, steps };
      continue;
    }
    if (segment.selector) {
      return { segment: i, kind: 'type-mismatch', message: `'${segment.name}' is ${describeType(member)}, not an array; it takes no selector` };
    }
    if (last) return { leaf: member, steps };
    if (member.type !== 'object' && member.properties.size === 0 && typeof member.additionalProperties !== 'object') {
      return { segment: i, kind: 'type-mismatch', message: `'${segment.name}' is ${describeType(member)}; it has no fields`, hint: `'${segment.name}' is a value itself: end the path there ('${formatPath(segments.slice(0, i + 1))}')` };
    }
    current = member;
  }
  return { leaf: current, steps };
}

/** The selector text as its key's type: a boolean, a number, or the text itself; undefined when it is none of its type. */
function typedSelectorValue(key: SchemaNode, text: string): string | number | boolean | undefined {
  if (key.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : undefined;
  if (key.type === 'integer' || key.type === 'number') {
    const number = Number(text);
    if (text.trim() === '' || !Number.isFinite(number) || (key.type === 'integer' && !Number.isInteger(number))) return undefined;
    return number;
  }
  return text;
}

export function isPathProblem(value: ResolvedPath | PathProblem): value is PathProblem {
  return 'message' in value;
}

/** Where a provider record's id is: the provider member the unified id is read from, when that is one plain member path. */
export function recordIdPath(connector: ConnectorIR): string[] | undefined {
  const field = connector.fields.find((f) => f.kind === 'scalar' && f.direction.read && f.unified.length === 1 && f.unified[0]!.name === 'id' && !f.unified[0]!.selector);
  if (!field || field.kind !== 'scalar' || field.provider.some((s) => s.selector)) return undefined;
  return field.provider.map((s) => s.name);
}
