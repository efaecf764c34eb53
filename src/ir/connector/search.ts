/**
 * A list's `search` request: its JSON body is a template held to the
 * search's request body schema, with the filter and sort elements and the
 * paging members put into it.
 */

import type { OperationDocument } from '../../parse/mapping.js';
import { closest } from '../../runtime/fields.js';
import { describeType, mediaSchemaPointer, type SchemaNode } from '../schema.js';
import { valueProblem } from '../values.js';
import { MEDIA_TYPES } from './bodies.js';
import type { ConnectorCheck } from './check.js';
import { checkPagingTypes, listAnswer } from './paging.js';

/**
 * A search request's JSON body is a template, and everything it sends must
 * be something the search's request body schema takes: the body's own
 * members and fixed values, a list where `{filters}` and `{sorts}` stand,
 * the members of the filter and sort elements put there, the operators and
 * directions those carry, and the paging parameters added to the body. A
 * misspelt member was sent all the same, and a search that ignores it
 * answers with every record, unfiltered or unsorted.
 */
export function checkSearchBody(check: ConnectorCheck, search: NonNullable<OperationDocument['search']>, at: (string | number)[], paging: readonly { name: string; at: (string | number)[] }[], statuses: readonly number[] | undefined) {
  const { provider, providerOperations, report } = check;
  const lookup = providerOperations.find(search.method, search.path);
  if (!('found' in lookup)) return; // reported at the search's path
  const root = searchBodySchema(check, search);
  if (!root) return;
  const where = `the search body of ${lookup.found.method} ${lookup.found.specPath} in ${provider.source.file}`;
  /** The element schema of the lists `{filters}` and `{sorts}` stand for. */
  const lists = new Map<string, SchemaNode | undefined>();
  /** `path` leads to the member's name: a key, or the value naming a paging parameter. */
  const unknownMember = (schema: SchemaNode, name: string, path: (string | number)[], what: string, target: 'key' | 'value' = 'key') => {
    const declared = [...schema.properties.keys()];
    const near = closest(name, declared);
    report(path, 'unknown-provider-field', `${what} has no member '${name}'`, near ? `did you mean '${near}'?` : `its members: ${declared.join(', ')}`, target);
  };
  const walk = (value: unknown, schema: SchemaNode | undefined, path: (string | number)[]): void => {
    if (value === '{filters}' || value === '{sorts}') {
      if (schema?.type !== undefined && schema.type !== 'array') report(path, 'type-mismatch', `'${value}' stands for a list, and ${where} takes ${describeType(schema)} here`, 'put it where the provider takes an array');
      else lists.set(value, schema?.items);
      return;
    }
    if (Array.isArray(value)) {
      if (schema?.type !== undefined && schema.type !== 'array') report(path, 'type-mismatch', `${where} takes ${describeType(schema)} here, not a list`);
      else value.forEach((element, index) => walk(element, schema?.items, [...path, index]));
      return;
    }
    if (typeof value === 'object' && value !== null) {
      if (schema?.type !== undefined && schema.type !== 'object') {
        report(path, 'type-mismatch', `${where} takes ${describeType(schema)} here, not an object`);
        return;
      }
      for (const [name, member] of Object.entries(value)) {
        const declared = schema?.properties.get(name);
        if (declared) walk(member, declared, [...path, name]);
        else if (schema && schema.properties.size > 0) unknownMember(schema, name, [...path, name], where);
      }
      return;
    }
    // A parent's `{path.<name>}` is filled from the call: searchBodyParents checks it.
    if (typeof value === 'string' && value.includes('{path.')) return;
    const literal = value as string | number | boolean | null;
    const problem = schema ? valueProblem(schema, literal, `'${path[path.length - 1]}' of ${where}`, 'json') : undefined;
    if (problem) report(path, problem.code, problem.message, problem.hint);
  };
  walk(search.body, root, [...at, 'body']);
  // The page's paging parameters travel as members of the body.
  for (const { name, at: named } of paging) if (root.properties.size > 0 && !root.properties.has(name)) unknownMember(root, name, named, `a search sends '${name}' as a member of its body, and ${where}`, 'value');
  if (paging.length > 0) checkPagingTypes(check, listAnswer(check, lookup.found, statuses), (name) => root.properties.get(name), where, 'member');
  /** A filter or sort element: its members, and the values its placeholders are filled with. */
  const element = (template: Record<string, string>, schema: SchemaNode | undefined, path: (string | number)[], fills: Readonly<Record<string, readonly [string, (string | number)[]][]>>) => {
    if (!schema) return;
    if (schema.type !== undefined && schema.type !== 'object') {
      report(path, 'type-mismatch', `the element is an object, and the list of ${where} holds ${describeType(schema)}`, 'put the placeholder where the provider takes a list of objects');
      return;
    }
    for (const [name, text] of Object.entries(template)) {
      const member = schema.properties.get(name);
      if (!member) {
        if (schema.properties.size > 0) unknownMember(schema, name, [...path, name], `the element of ${where}`);
        continue;
      }
      const placeholder = /^\{(\w+)\}$/.exec(text)?.[1];
      const values: readonly [string, (string | number)[]][] = placeholder === undefined ? [[text, [...path, name]]] : (fills[placeholder] ?? []);
      for (const [filled, filledAt] of values) {
        const problem = valueProblem(member, filled, `'${name}' of the element of ${where}`, 'json');
        if (problem) report(filledAt, problem.code, problem.message, problem.hint);
      }
    }
  };
  element(search.filter, lists.get('{filters}'), [...at, 'filter'], {
    operator: Object.entries(search.filters).map(([name, filter]) => [filter.operator, [...at, 'filters', name, 'operator']]),
    field: Object.entries(search.filters).map(([name, filter]) => [filter.field, [...at, 'filters', name, 'field']]),
  });
  if (search.sort) {
    element(search.sort.element, lists.get('{sorts}'), [...at, 'sort', 'element'], {
      direction: (['asc', 'desc'] as const).map((direction) => [search.sort!.directions[direction], [...at, 'sort', 'directions', direction]]),
      field: Object.entries(search.sort.fields).map(([name, field]) => [field, [...at, 'sort', 'fields', name]]),
    });
  }
}

/**
 * The parents a search body sends as `{path.<name>}` (the whole of a string
 * in it), as the provider's search takes the board it searches in
 * (`{"project": "{path.board_id}"}`): each a parent of the unified path
 * (closest name suggested), put where the body takes an id, text or a
 * number (sent as one), else an error.
 */
export function searchBodyParents(check: ConnectorCheck, search: NonNullable<OperationDocument['search']>, parents: readonly string[], unifiedPath: string, at: (string | number)[]): { name: string; numeric: boolean }[] {
  const { report } = check;
  const root = searchBodySchema(check, search);
  const placed: { name: string; numeric: boolean }[] = [];
  const walk = (value: unknown, schema: SchemaNode | undefined, path: (string | number)[]): void => {
    if (Array.isArray(value)) value.forEach((element, index) => walk(element, schema?.items, [...path, index]));
    else if (typeof value === 'object' && value !== null) for (const [name, member] of Object.entries(value)) walk(member, schema?.properties.get(name), [...path, name]);
    else if (typeof value === 'string' && value.includes('{path.')) {
      const name = /^\{path\.([^}]*)\}$/.exec(value)?.[1];
      // Only a whole string is filled: `board-{path.board_id}` would go out as written.
      if (name === undefined) {
        report(path, 'invalid-template', `'${value}': a search body sends a parent as a string of its own, and this one holds more`, `write '{path.<name>}' alone`);
        return;
      }
      if (!parents.includes(name)) {
        const near = closest(name, [...parents]);
        report(path, 'invalid-template', `'${value}' is not a path parameter of ${unifiedPath}`, near ? `did you mean '{path.${near}}'?` : parents.length ? `its parents: ${parents.map((p) => `'{path.${p}}'`).join(', ')}` : 'the list has no parent to send');
        return;
      }
      const type = schema?.type;
      if (type !== undefined && type !== 'string' && type !== 'integer' && type !== 'number') {
        report(path, 'type-mismatch', `'${value}' sends an id, and the search body takes ${describeType(schema!)} here`, 'put it where the provider takes the id of the parent');
        return;
      }
      if (!placed.some((p) => p.name === name)) placed.push({ name, numeric: type === 'integer' || type === 'number' });
    }
  };
  walk(search.body, root, [...at, 'body']);
  return placed;
}

/** The JSON request body schema of a search, if the document declares the search and its body. */
export function searchBodySchema(check: ConnectorCheck, search: NonNullable<OperationDocument['search']>): SchemaNode | undefined {
  const { resolver, providerOperations } = check;
  const lookup = providerOperations.find(search.method, search.path);
  const pointer = 'found' in lookup ? mediaSchemaPointer(resolver, [...lookup.found.pointer, 'requestBody'], (types) => types.filter((type) => MEDIA_TYPES.json.test(type)).sort()[0]) : undefined;
  return pointer ? resolver.node(pointer) : undefined;
}
