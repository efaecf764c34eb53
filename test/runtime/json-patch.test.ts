import { describe, expect, it } from 'vitest';
import { patchOperations } from '../../src/runtime/index.js';

describe('an update as JSON Patch operations (RFC 6902)', () => {
  it.each([
    ['a value', { name: 'Ada' }, [{ op: 'add', path: '/name', value: 'Ada' }]],
    ['null clears', { phone: null }, [{ op: 'add', path: '/phone', value: null }]],
    ['objects member by member, so what was not given stays', { address: { city: 'London', zip: 'SW1' } }, [{ op: 'add', path: '/address/city', value: 'London' }, { op: 'add', path: '/address/zip', value: 'SW1' }]],
    ['an array whole', { tags: ['a', 'b'] }, [{ op: 'add', path: '/tags', value: ['a', 'b'] }]],
    ['an empty object as a value', { custom: {} }, [{ op: 'add', path: '/custom', value: {} }]],
    ['~ and / escaped in member names', { 'a/b~c': 1 }, [{ op: 'add', path: '/a~1b~0c', value: 1 }]],
    ['undefined members sent as nothing', { name: undefined, id: 7 }, [{ op: 'add', path: '/id', value: 7 }]],
  ])('%s', (_, record, operations) => {
    expect(patchOperations(record as Record<string, unknown>)).toEqual(operations);
  });
});
