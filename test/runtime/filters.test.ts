/** `filter[…]` and `sort[…]` of a unified list: sent on as the mapping says, or refused, never dropped. */

import { describe, expect, it } from 'vitest';
import { filterQuery, searchBody, searchFilters, UnifiedError, type ListFilterPlan } from '../../src/runtime/index.js';

const plan: ListFilterPlan = {
  known: ['email', 'name', 'owner_id', 'updated_since'],
  filters: { owner_id: 'user_id', updated_since: 'since' },
  sortable: ['created_at', 'name', 'updated_at'],
  sort: { fields: { name: 'name', updated_at: 'update_time' }, directions: { asc: 'ASC', desc: 'DESC' }, query: { sort: '{field} {direction}' } },
};

const failure = (run: () => unknown): UnifiedError => {
  try {
    run();
  } catch (error) {
    if (error instanceof UnifiedError) return error;
    throw error;
  }
  throw new Error('expected a UnifiedError');
};

describe('filterQuery', () => {
  it('sends mapped filters and the sort as the provider query parameters', () => {
    expect(filterQuery({ owner_id: '7', updated_since: '2024-01-01T00:00:00.000Z' }, { by: 'updated_at', direction: 'desc' }, plan)).toEqual({ user_id: '7', since: '2024-01-01T00:00:00.000Z', sort: 'update_time DESC' });
    expect(filterQuery(undefined, { by: 'name' }, plan)).toEqual({ sort: 'name ASC' });
    expect(filterQuery(undefined, undefined, plan)).toEqual({});
  });

  it('refuses a filter the spec defines and the provider cannot honour, naming it and those it can', () => {
    const error = failure(() => filterQuery({ email: 'a@b.example', owner_id: '7' }, undefined, plan));
    expect(error.toJSON()).toMatchObject({ status_code: 400, type_name: 'UnsupportedFiltersError', detail: { unsupported_filters: ['email'], supported_filters: ['owner_id', 'updated_since'] } });
  });

  it('refuses a sort field the provider cannot sort by', () => {
    const error = failure(() => filterQuery(undefined, { by: 'created_at', direction: 'asc' }, plan));
    expect(error.toJSON()).toMatchObject({ status_code: 400, type_name: 'UnsupportedSortFieldError', detail: { unsupported_sort_field: 'created_at', supported_sort_fields: ['name', 'updated_at'] } });
    expect(failure(() => filterQuery(undefined, { by: 'name' }, { ...plan, sort: undefined })).type_name).toBe('UnsupportedSortFieldError');
  });

  it('refuses what the spec does not define as a RequestValidationError naming each part', () => {
    const error = failure(() => filterQuery({ colour: 'red', owner_id: 7 }, { by: 'colour', direction: 'up', extra: 1 }, plan));
    expect(error.type_name).toBe('RequestValidationError');
    const fields = (error.detail as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(['filter[colour]', 'filter[owner_id]', 'sort[extra]', 'sort[by]', 'sort[direction]']);
    expect(failure(() => filterQuery('email=x', undefined, plan)).type_name).toBe('RequestValidationError');
  });
});

const searching: ListFilterPlan = {
  known: ['email', 'name', 'updated_since'],
  filters: {},
  sortable: ['name', 'updated_at'],
  search: {
    filters: { email: { field: 'email', operator: 'EQ' }, updated_since: { field: 'lastmodifieddate', operator: 'GTE' } },
    filter: { propertyName: '{field}', operator: '{operator}', value: '{value}' },
    sort: { fields: { updated_at: 'lastmodifieddate' }, directions: { asc: 'ASCENDING', desc: 'DESCENDING' }, element: { propertyName: '{field}', direction: '{direction}' } },
    body: { filterGroups: [{ filters: '{filters}' }], sorts: '{sorts}', properties: ['email'] },
    numeric: ['limit'],
  },
};

describe('searchFilters and searchBody', () => {
  it('a list with nothing to filter or sort is asked as usual', () => {
    expect(searchFilters(undefined, undefined, searching)).toBeUndefined();
    expect(filterQuery(undefined, undefined, searching)).toEqual({});
  });

  it('a filtered and sorted list is a search body with the page parameters as members', () => {
    const found = searchFilters({ email: 'a@b.example', updated_since: '2024-01-01T00:00:00.000Z' }, { by: 'updated_at', direction: 'desc' }, searching)!;
    expect(filterQuery({ email: 'a@b.example' }, undefined, searching)).toEqual({});
    expect(searchBody(searching.search!, found, { after: '42', limit: '10' })).toEqual({
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'a@b.example' }, { propertyName: 'lastmodifieddate', operator: 'GTE', value: '2024-01-01T00:00:00.000Z' }] }],
      sorts: [{ propertyName: 'lastmodifieddate', direction: 'DESCENDING' }],
      properties: ['email'],
      after: '42',
      limit: 10,
    });
  });

  it('what the search cannot do is refused, not dropped', () => {
    expect(failure(() => searchFilters({ name: 'Ada' }, undefined, searching)).toJSON()).toMatchObject({ type_name: 'UnsupportedFiltersError', detail: { unsupported_filters: ['name'], supported_filters: ['email', 'updated_since'] } });
    expect(failure(() => searchFilters(undefined, { by: 'name' }, searching)).type_name).toBe('UnsupportedSortFieldError');
    expect(failure(() => searchFilters({ colour: 'red' }, undefined, searching)).type_name).toBe('RequestValidationError');
  });
});
