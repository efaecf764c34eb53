/**
 * `filter[…]` and `sort[…]` of a unified list, turned into the provider's
 * query parameters as the mapping declares. A filter or sort field the spec
 * defines but the provider cannot honour is refused (`UnsupportedFiltersError`,
 * `UnsupportedSortFieldError`), never dropped: a list that ignored a filter
 * would answer records the caller asked to leave out.
 */

import { UnifiedError, validationError, type FieldIssue } from './errors.js';

export interface ListFilterPlan {
  /** The filter names the unified spec defines. */
  known: readonly string[];
  /** Unified filter name → the provider query parameter it is sent as. */
  filters: Readonly<Record<string, string>>;
  /** The `sort[by]` values the unified spec defines. */
  sortable: readonly string[];
  /** How a sort is sent: the provider field of each unified one, its two directions, and the query parameters built from `{field}` and `{direction}`. */
  sort?: { fields: Readonly<Record<string, string>>; directions: Readonly<{ asc: string; desc: string }>; query: Readonly<Record<string, string>> };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The provider query parameters for a list's `filter` and `sort`; throws before any request when it cannot honour them. */
export function filterQuery(filter: unknown, sort: unknown, plan: ListFilterPlan): Record<string, string> {
  const query: Record<string, string> = {};
  const issues: FieldIssue[] = [];
  const unsupported: string[] = [];
  if (filter !== undefined && filter !== null) {
    if (!isObject(filter)) issues.push({ field: 'filter', message: 'must be an object of filter names and values' });
    else {
      for (const [name, value] of Object.entries(filter)) {
        if (value === undefined) continue;
        if (!plan.known.includes(name)) issues.push({ field: `filter[${name}]`, message: `is not a filter of this list (filters: ${plan.known.join(', ')})` });
        else if (typeof value !== 'string' || value === '') issues.push({ field: `filter[${name}]`, message: 'must be a non-empty string' });
        else if (plan.filters[name] === undefined) unsupported.push(name);
        else query[plan.filters[name]!] = value;
      }
    }
  }
  let sortBy: string | undefined;
  let direction: 'asc' | 'desc' = 'asc';
  if (sort !== undefined && sort !== null) {
    if (!isObject(sort)) issues.push({ field: 'sort', message: 'must be an object with `by` and `direction`' });
    else {
      for (const member of Object.keys(sort)) if (member !== 'by' && member !== 'direction') issues.push({ field: `sort[${member}]`, message: 'is not a sort member (by, direction)' });
      if (sort.by !== undefined && (typeof sort.by !== 'string' || !plan.sortable.includes(sort.by))) issues.push({ field: 'sort[by]', message: `must be one of ${plan.sortable.join(', ')}` });
      else if (typeof sort.by === 'string') sortBy = sort.by;
      if (sort.direction !== undefined && sort.direction !== 'asc' && sort.direction !== 'desc') issues.push({ field: 'sort[direction]', message: 'must be asc or desc' });
      else if (sort.direction === 'desc') direction = 'desc';
    }
  }
  if (issues.length > 0) throw validationError(issues);
  if (unsupported.length > 0) {
    const supported = Object.keys(plan.filters).sort();
    throw new UnifiedError('UnsupportedFiltersError', `This connector cannot filter on ${unsupported.join(', ')}${supported.length ? `; it filters on ${supported.join(', ')}` : '; it takes no filters'}`, {
      detail: { unsupported_filters: unsupported, supported_filters: supported },
    });
  }
  if (sortBy !== undefined) {
    const field = plan.sort?.fields[sortBy];
    if (!plan.sort || field === undefined) {
      const supported = Object.keys(plan.sort?.fields ?? {}).sort();
      throw new UnifiedError('UnsupportedSortFieldError', `This connector cannot sort by ${sortBy}${supported.length ? `; it sorts by ${supported.join(', ')}` : '; it does not sort'}`, {
        detail: { unsupported_sort_field: sortBy, supported_sort_fields: supported },
      });
    }
    for (const [name, template] of Object.entries(plan.sort.query)) {
      query[name] = template.replace(/\{field\}/g, field).replace(/\{direction\}/g, plan.sort.directions[direction]);
    }
  }
  return query;
}
