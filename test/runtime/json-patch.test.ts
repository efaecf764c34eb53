import { describe, expect, it } from 'vitest';
import { encodeBody, patchOperations, type PatchOps } from '../../src/runtime/index.js';

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

// A provider whose document allows only some operations (Help Scout's PatchOperation.op is [replace, remove]).
describe('JSON Patch operations the provider allows', () => {
  const replaceRemove: PatchOps = { set: 'replace', clear: 'remove' };
  it.each<[string, PatchOps, Record<string, unknown>, unknown[]]>([
    ['a value with replace', replaceRemove, { name: 'Ada' }, [{ op: 'replace', path: '/name', value: 'Ada' }]],
    ['a clear as remove, with no value', replaceRemove, { phone: null }, [{ op: 'remove', path: '/phone' }]],
    ['nested members alike', replaceRemove, { address: { city: 'London', zip: null } }, [{ op: 'replace', path: '/address/city', value: 'London' }, { op: 'remove', path: '/address/zip' }]],
    ['an array whole, with replace', replaceRemove, { tags: ['a'] }, [{ op: 'replace', path: '/tags', value: ['a'] }]],
    ['a clear as replace with null where remove is not allowed', { set: 'replace', clear: 'replace' }, { name: 'Ada', phone: null }, [{ op: 'replace', path: '/name', value: 'Ada' }, { op: 'replace', path: '/phone', value: null }]],
    ['add and remove', { set: 'add', clear: 'remove' }, { name: 'Ada', phone: null }, [{ op: 'add', path: '/name', value: 'Ada' }, { op: 'remove', path: '/phone' }]],
  ])('%s', (_, ops, record, operations) => {
    expect(patchOperations(record, '', ops)).toEqual(operations);
  });

  it('encodeBody sends the operations its patch option names, and add where it names none', () => {
    expect(JSON.parse(encodeBody('json-patch', { name: 'Ada', phone: null }, { patch: replaceRemove }) as string)).toEqual([
      { op: 'replace', path: '/name', value: 'Ada' },
      { op: 'remove', path: '/phone' },
    ]);
    expect(JSON.parse(encodeBody('json-patch', { name: 'Ada', phone: null }) as string)).toEqual([
      { op: 'add', path: '/name', value: 'Ada' },
      { op: 'add', path: '/phone', value: null },
    ]);
  });
});
