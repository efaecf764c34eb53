/**
 * `filter[…]` and `sort[…]` of a unified list, turned into what the provider
 * takes as the mapping declares: query parameters of the list, or the body of
 * a search request where the list itself cannot filter. A filter or sort
 * field the spec defines but the provider cannot honour is refused
 * (`UnsupportedFiltersError`, `UnsupportedSortFieldError`), never dropped: a
 * list that ignored a filter would answer records the caller asked to leave out.
 */

import { UnifiedError, validationError, type FieldIssue } from './errors.js';
import { illFormedMessage, isWellFormed } from './request.js';

/** How a sort is sent: the provider field of each unified one and the provider's two directions. */
export interface SortPlan {
  fields: Readonly<Record<string, string>>;
  directions: Readonly<{ asc: string; desc: string }>;
}

export interface ListFilterPlan {
  /** The filter names the unified spec defines. */
  known: readonly string[];
  /** Unified filter name → the provider query parameter it is sent as. */
  filters: Readonly<Record<string, string>>;
  /** The `sort[by]` values the unified spec defines. */
  sortable: readonly string[];
  /** A sort sent as query parameters built from `{field}` and `{direction}`. */
  sort?: SortPlan & { query: Readonly<Record<string, string>> };
  /** Where the list cannot filter: the search request a filtered or sorted list is sent as instead. */
  search?: SearchPlan;
}

export interface SearchPlan {
  /** Unified filter name → the provider field and the comparison it is searched with. */
  filters: Readonly<Record<string, { field: string; operator: string }>>;
  /** One element of the body's filter list, built from `{field}`, `{operator}` and `{value}`. */
  filter: Readonly<Record<string, string>>;
  /** One element of the body's sort list, built from `{field}` and `{direction}`. */
  sort?: SortPlan & { element: Readonly<Record<string, string>> };
  /** The request body: the strings `{filters}` and `{sorts}` stand for the two lists, `{path.<name>}` for a parent of the call. */
  body: Readonly<Record<string, unknown>>;
  /** Paging parameters sent as body members that are numbers (the page size). */
  numeric: readonly string[];
}

/** What a list was asked to filter and sort on, checked against the spec. */
interface Asked {
  filters: [string, string][];
  sort: { by: string; direction: 'asc' | 'desc' } | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function asked(filter: unknown, sort: unknown, plan: ListFilterPlan): Asked {
  const issues: FieldIssue[] = [];
  const filters: [string, string][] = [];
  if (filter !== undefined && filter !== null) {
    if (!isObject(filter)) issues.push({ field: 'filter', message: 'must be an object of filter names and values' });
    else {
      for (const [name, value] of Object.entries(filter)) {
        if (value === undefined) continue;
        if (!plan.known.includes(name)) issues.push({ field: `filter[${name}]`, message: `is not a filter of this list (filters: ${plan.known.join(', ')})` });
        else if (typeof value !== 'string' || value === '') issues.push({ field: `filter[${name}]`, message: 'must be a non-empty string' });
        // Sent in a query string (or a search body): a lone surrogate half would be sent as U+FFFD, filtering on another value.
        else if (!isWellFormed(value)) issues.push({ field: `filter[${name}]`, message: illFormedMessage });
        else filters.push([name, value]);
      }
    }
  }
  let by: string | undefined;
  let direction: 'asc' | 'desc' = 'asc';
  if (sort !== undefined && sort !== null) {
    if (!isObject(sort)) issues.push({ field: 'sort', message: 'must be an object with `by` and `direction`' });
    else {
      for (const member of Object.keys(sort)) if (member !== 'by' && member !== 'direction') issues.push({ field: `sort[${member}]`, message: 'is not a sort member (by, direction)' });
      if (sort.by !== undefined && (typeof sort.by !== 'string' || !plan.sortable.includes(sort.by))) issues.push({ field: 'sort[by]', message: `must be one of ${plan.sortable.join(', ')}` });
      else if (typeof sort.by === 'string') by = sort.by;
      if (sort.direction !== undefined && sort.direction !== 'asc' && sort.direction !== 'desc') issues.push({ field: 'sort[direction]', message: 'must be asc or desc' });
      else if (sort.direction === 'desc') direction = 'desc';
    }
  }
  if (issues.length > 0) throw validationError(issues);
  return { filters, sort: by === undefined ? undefined : { by, direction } };
}

/** Refuses what the provider cannot honour: filters missing from `honoured`, a sort field missing from `sort`. */
function refuseUnsupported(request: Asked, honoured: readonly string[], sort: SortPlan | undefined): void {
  const unsupported = request.filters.map(([name]) => name).filter((name) => !honoured.includes(name));
  if (unsupported.length > 0) {
    const supported = [...honoured].sort();
    throw new UnifiedError('UnsupportedFiltersError', `This connector cannot filter on ${unsupported.join(', ')}${supported.length ? `; it filters on ${supported.join(', ')}` : '; it takes no filters'}`, {
      detail: { unsupported_filters: unsupported, supported_filters: supported },
    });
  }
  if (request.sort && sort?.fields[request.sort.by] === undefined) {
    const supported = Object.keys(sort?.fields ?? {}).sort();
    throw new UnifiedError('UnsupportedSortFieldError', `This connector cannot sort by ${request.sort.by}${supported.length ? `; it sorts by ${supported.join(', ')}` : '; it does not sort'}`, {
      detail: { unsupported_sort_field: request.sort.by, supported_sort_fields: supported },
    });
  }
}

const fill = (template: Readonly<Record<string, string>>, values: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(template).map(([name, text]) => [name, text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole)]));

/**
 * The provider query parameters for a list's `filter` and `sort`; throws
 * before any request when it cannot honour them. A list with a search plan
 * answers `{}` when something is asked: `searchFilters` sends it instead.
 */
export function filterQuery(filter: unknown, sort: unknown, plan: ListFilterPlan): Record<string, string> {
  const request = asked(filter, sort, plan);
  if (plan.search && (request.filters.length > 0 || request.sort)) return {};
  refuseUnsupported(request, Object.keys(plan.filters), plan.sort);
  const query: Record<string, string> = {};
  for (const [name, value] of request.filters) query[plan.filters[name]!] = value;
  if (request.sort && plan.sort) Object.assign(query, fill(plan.sort.query, { field: plan.sort.fields[request.sort.by]!, direction: plan.sort.directions[request.sort.direction] }));
  return query;
}

/** The filter and sort elements of a search, when the list has a search plan and something to filter or sort on; otherwise undefined. */
export function searchFilters(filter: unknown, sort: unknown, plan: ListFilterPlan): { filters: Record<string, string>[]; sorts: Record<string, string>[] } | undefined {
  const search = plan.search;
  if (!search) return undefined;
  const request = asked(filter, sort, plan);
  if (request.filters.length === 0 && !request.sort) return undefined;
  refuseUnsupported(request, Object.keys(search.filters), search.sort);
  const filters = request.filters.map(([name, value]) => fill(search.filter, { field: search.filters[name]!.field, operator: search.filters[name]!.operator, value }));
  const sorts = request.sort && search.sort ? [fill(search.sort.element, { field: search.sort.fields[request.sort.by]!, direction: search.sort.directions[request.sort.direction] })] : [];
  return { filters, sorts };
}

/**
 * The search request body: the plan's body with its filter and sort lists,
 * the call's parents where it says `{path.<name>}` (checked by the caller,
 * numbers where the body takes one), and the page's paging parameters as
 * members.
 */
export function searchBody(plan: SearchPlan, found: { filters: Record<string, string>[]; sorts: Record<string, string>[] }, paging: Readonly<Record<string, string | undefined>>, parents: Readonly<Record<string, string | number>> = {}): Record<string, unknown> {
  const place = (value: unknown): unknown => {
    if (value === '{filters}') return found.filters;
    if (value === '{sorts}') return found.sorts;
    if (typeof value === 'string' && value.startsWith('{path.') && value.endsWith('}') && Object.hasOwn(parents, value.slice(6, -1))) return parents[value.slice(6, -1)];
    if (Array.isArray(value)) return value.map(place);
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, place(child)]));
    return value;
  };
  const body = place(plan.body) as Record<string, unknown>;
  for (const [name, value] of Object.entries(paging)) {
    if (value !== undefined) body[name] = plan.numeric.includes(name) && /^\d+$/.test(value) ? Number(value) : value;
  }
  return body;
}
