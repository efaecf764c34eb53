/**
 * What narrows a list: its `filters` and `sort` against the unified
 * operation's and sent as the provider's query parameters (each sort value
 * one the parameter takes), a `search` request instead, and `where`, which
 * keeps the records of an answer by a member's value.
 */

import type { OperationDocument } from '../../parse/mapping.js';
import { closest } from '../../runtime/fields.js';
import type { ListFiltersIR, OperationIR, UnifiedOperation } from '../model.js';
import { byName, canonical } from '../order.js';
import { describeType } from '../schema.js';
import { fitsScalarType, jsonParameterValueProblem, parameterValueProblem, valueProblem } from '../values.js';
import type { ConnectorCheck } from './check.js';
import { parentsOf, pathPieces } from './operations.js';
import { paginationQuery } from './paging.js';
import { checkProviderOperation, checkRequiredParameters, sentParameter } from './requests.js';
import { checkSearchBody, searchBodyParents, searchBodySchema } from './search.js';

/**
 * A list's `filters` and `sort` against what the unified operation defines
 * (its `filter` object's members, its `sort[by]` values); what a list takes
 * and the mapping does not send on is refused at run time, never dropped.
 */
export function listFiltersIR(check: ConnectorCheck, operation: UnifiedOperation, document: OperationDocument, at: (string | number)[]): ListFiltersIR | undefined {
  const { mapping, unified, report } = check;
  const filterParam = operation.params.find((p) => p.in === 'query' && p.name === 'filter');
  const sortParam = operation.params.find((p) => p.in === 'query' && p.name === 'sort');
  const known = filterParam ? [...filterParam.schema.properties.keys()] : [];
  const sortable = (sortParam?.schema.properties.get('by')?.enum ?? []).filter((v): v is string => typeof v === 'string');
  if (document.filters && !filterParam) report([...at, 'filters'], 'schema', `${operation.id} takes no \`filter\` in ${unified.file}`, 'remove `filters`', 'key');
  if (document.sort && !sortParam) report([...at, 'sort'], 'schema', `${operation.id} takes no \`sort\` in ${unified.file}`, 'remove `sort`', 'key');
  for (const name of Object.keys(document.filters ?? {})) {
    if (filterParam && !known.includes(name)) {
      const near = closest(name, known);
      report([...at, 'filters', name], 'unknown-unified-field', `'${name}' is not a filter of ${operation.id} in ${unified.file}`, `${near ? `did you mean '${near}'? ` : ''}its filters: ${known.join(', ')}`, 'key');
    }
  }
  for (const name of Object.keys(document.sort?.fields ?? {})) {
    if (sortParam && !sortable.includes(name)) {
      const near = closest(name, sortable);
      report([...at, 'sort', 'fields', name], 'unknown-unified-field', `'${name}' is not a sort[by] value of ${operation.id} in ${unified.file}`, `${near ? `did you mean '${near}'? ` : ''}its sort fields: ${sortable.join(', ')}`, 'key');
    }
  }
  for (const [name, value] of Object.entries(document.sort?.query ?? {})) {
    const stray = value.match(/\{(?!field\}|direction\})[^}]*\}/);
    if (stray) report([...at, 'sort', 'query', name], 'invalid-template', `'${stray[0]}' is not a sort placeholder`, 'a sort parameter is built from {field} and {direction}');
    else if (document.sort) checkSortValues(check, document, document.sort, name, value, at);
  }
  const search = document.search;
  let searchPieces: OperationIR['path'] = [];
  let searchParents: { name: string; numeric: boolean }[] = [];
  if (search) {
    const searched = checkProviderOperation(check, search.method, search.path, [...at, 'search', 'path'], operation.id);
    // Its paging goes in its body: only what every request sends is sent besides.
    if (searched) checkRequiredParameters(check, searched, { kind: 'search', query: [], headers: [] }, `the ${operation.id} search`, [...at, 'search']);
    // A filtered list is sent as the search alone: a parent its path (or body) leaves out would search every parent's records.
    const sent = (searchPieces = pathPieces(check, search.path, operation, [...at, 'search', 'path']));
    searchParents = searchBodyParents(check, search, parentsOf(operation), operation.path, [...at, 'search']);
    for (const param of operation.params) {
      if (param.in !== 'path' || param.name === operation.idParam || document.ignores?.[param.name] !== undefined) continue;
      if (searchParents.some((placed) => placed.name === param.name)) continue;
      if (!sent.some((piece) => piece.kind === 'param' && piece.name === param.name)) report([...at, 'search', 'path'], 'invalid-template', `the search path sends no '{${param.name}}': a filtered or sorted ${operation.id} would answer the records of every ${param.name}, not the one a caller gives (a path parameter of ${operation.path})`, `put '{${param.name}}' where the provider's search takes it in its path, or '{path.${param.name}}' in its body`);
    }
    checkSearchBody(check, search, [...at, 'search'], operation.kind === 'list' ? paginationQuery(mapping.pagination) : [], document.status);
    for (const name of Object.keys(search.filters)) {
      if (!known.includes(name)) {
        const near = closest(name, known);
        report([...at, 'search', 'filters', name], 'unknown-unified-field', `'${name}' is not a filter of ${operation.id} in ${unified.file}`, `${near ? `did you mean '${near}'? ` : ''}its filters: ${known.join(', ')}`, 'key');
      }
    }
    for (const name of Object.keys(search.sort?.fields ?? {})) {
      if (!sortable.includes(name)) {
        const near = closest(name, sortable);
        report([...at, 'search', 'sort', 'fields', name], 'unknown-unified-field', `'${name}' is not a sort[by] value of ${operation.id} in ${unified.file}`, `${near ? `did you mean '${near}'? ` : ''}its sort fields: ${sortable.join(', ')}`, 'key');
      }
    }
    if (!JSON.stringify(search.body).includes('"{filters}"')) report([...at, 'search', 'body'], 'invalid-template', 'the search body has no place for the filters', "put the string '{filters}' where the provider takes its list of filters");
    if (search.sort && !JSON.stringify(search.body).includes('"{sorts}"')) report([...at, 'search', 'body'], 'invalid-template', 'the search body has no place for the sort', "put the string '{sorts}' where the provider takes its list of sorts");
  }
  if ((!filterParam && !sortParam) || operation.kind !== 'list') return undefined;
  const p = mapping.pagination;
  // Numbers the paging counts travel in a search body as JSON numbers, unless the body types the member otherwise.
  const counted = p?.type === 'page' ? [p.page_param, p.size_param] : p?.type === 'offset' ? [p.offset_param, p.limit_param] : p?.type === 'cursor' || p?.type === 'link' ? [p.size_param] : [];
  const searchRoot = search ? searchBodySchema(check, search) : undefined;
  const numeric = paginationQuery(p)
    .map(({ name }) => name)
    .filter((name) => {
      const member = searchRoot?.properties.get(name);
      return member?.type === 'integer' || member?.type === 'number' || (member?.type === undefined && counted.includes(name));
    });
  return {
    search: search
      ? {
          method: search.method.toUpperCase(),
          path: search.path,
          pieces: searchPieces,
          filters: byName(Object.entries(search.filters)).map(([name, f]) => ({ name, field: f.field, operator: f.operator })),
          filter: canonical(search.filter),
          sort: search.sort
            ? { fields: byName(Object.entries(search.sort.fields)).map(([u, p]) => ({ unified: u, provider: p })), directions: { asc: search.sort.directions.asc, desc: search.sort.directions.desc }, element: canonical(search.sort.element) }
            : undefined,
          body: canonical(search.body),
          numeric,
          parents: searchParents,
        }
      : undefined,
    known,
    filters: byName(Object.entries(document.filters ?? {})).map(([name, query]) => ({ name, query })),
    sortable,
    sort: document.sort
      ? {
          fields: byName(Object.entries(document.sort.fields)).map(([unifiedName, providerName]) => ({ unified: unifiedName, provider: providerName })),
          directions: { asc: document.sort.directions.asc, desc: document.sort.directions.desc },
          query: byName(Object.entries(document.sort.query)).map(([name, value]) => ({ name, value })),
        }
      : undefined,
  };
}

/** The provider query parameters a list's filters and sort are sent as, with where the mapping names each. */
export function filterQueryNames(document: OperationDocument, at: (string | number)[]): { name: string; at: (string | number)[]; target?: 'key' }[] {
  return [
    ...Object.entries(document.filters ?? {}).map(([name, query]) => ({ name: query, at: [...at, 'filters', name] })),
    ...Object.keys(document.sort?.query ?? {}).map((name) => ({ name, at: [...at, 'sort', 'query', name], target: 'key' as const })),
  ];
}

/**
 * A sort parameter's values are known at build time, each sort field with
 * each direction in its template: every one must be a value the provider's
 * parameter takes (its enum, pattern…), like a fixed value. A direction the
 * provider does not know was sent all the same, and the list came back
 * unsorted or refused. Reported at the direction, or at the field, that no
 * value built with it fits.
 */
function checkSortValues(check: ConnectorCheck, document: OperationDocument, sort: NonNullable<OperationDocument['sort']>, name: string, value: string, at: (string | number)[]) {
  const { resolver, providerOperations, report } = check;
  const lookup = providerOperations.find(document.method, document.path);
  if (!('found' in lookup)) return; // reported at the operation's path
  // The parameter itself, or the member of a deepObject one (`sort[by]`).
  const parameter = sentParameter(check, lookup.found, 'query', name);
  if (!parameter?.schema) return;
  const { schema, what } = parameter;
  const problemOf = (field: string, direction: string) => {
    const text = value.replaceAll('{field}', field).replaceAll('{direction}', direction);
    return parameter.json ? jsonParameterValueProblem(schema, text, what) : parameterValueProblem(schema, text, what, parameter.separator);
  };
  const fields = Object.entries(sort.fields);
  const directions = Object.entries(sort.directions) as [string, string][];
  // A direction that fits with no field is the direction's fault; then a field that fits with no good direction is the field's.
  const good = directions.filter(([key, direction]) => {
    const problems = fields.map(([, field]) => problemOf(field, direction));
    if (fields.length === 0 || problems.some((p) => p === undefined)) return true;
    report([...at, 'sort', 'directions', key], problems[0]!.code, `${problems[0]!.message} (the sort by ${fields[0]![0]}, ${key})`, problems[0]!.hint);
    return false;
  });
  if (good.length === 0) return;
  for (const [key, field] of fields) {
    const problem = good.map(([, direction]) => problemOf(field, direction)).find((p) => p !== undefined);
    if (problem) report([...at, 'sort', 'fields', key], problem.code, `${problem.message} (the sort by ${key})`, problem.hint);
  }
}

/**
 * `where` keeps the records whose member equals a value, compared as JSON
 * values: the member must be one the provider's record has, and the value
 * one it can hold (the text "1" never equals the number 1). A misspelt
 * member or a value of another type matched no record, and every list came
 * back empty.
 */
export function checkWhere(check: ConnectorCheck, where: readonly { key: string; value: string | number | boolean }[], at: (string | number)[]) {
  const { mapping, provider, record, report } = check;
  if (record.properties.size === 0) return;
  for (const { key, value } of where) {
    const member = record.properties.get(key);
    if (!member) {
      const declared = [...record.properties.keys()];
      const near = closest(key, declared);
      report([...at, key], 'unknown-provider-field', `'${key}' is not a member of ${mapping.record} in ${provider.source.file}, so no record would match`, near ? `did you mean '${near}'?` : `its members: ${declared.join(', ')}`, 'key');
      continue;
    }
    const what = `'${key}' of ${mapping.record}`;
    if (member.writeOnly) {
      report([...at, key], 'read-only-in-request', `${what} is writeOnly in ${provider.source.file} and is never answered, so no record would match`, 'keep records by a member the answers hold');
      continue;
    }
    if (member.type !== undefined && member.anyOf === undefined && !fitsScalarType(member, value)) {
      report([...at, key], 'type-mismatch', `${what} is ${describeType(member)}, and ${JSON.stringify(value)} is compared as ${typeof value === 'string' ? 'text' : typeof value}: no record would match`, `write the value as the member holds it${member.type === 'string' ? ` (quoted: '${String(value)}')` : ''}`);
      continue;
    }
    const problem = valueProblem(member, value, what, 'json');
    if (problem) report([...at, key], problem.code, problem.message, problem.hint);
  }
}
