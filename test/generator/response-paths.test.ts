/**
 * Paths into provider answers (`records`, `record`, `id`, `then.id`, paging)
 * are resolved against the response schema declared for the operation's
 * success status, and taken at the mapping's word where none is declared.
 */

import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { ProviderOperations } from '../../src/ir/provider-operations.js';
import { checkResponsePaths } from '../../src/ir/responses.js';
import { SchemaResolver } from '../../src/ir/schema.js';
import type { MappingDocument } from '../../src/parse/mapping.js';
import { YamlSource } from '../../src/parse/source.js';

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const item = { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } };
const provider = {
  openapi: '3.0.3',
  paths: {
    '/items': {
      get: { responses: { '200': json({ oneOf: [{ type: 'array', items: item }, { type: 'object', properties: { results: { type: 'array', items: item }, next: { type: 'string', nullable: true } } }] }) } },
      post: { responses: { '201': json({ type: 'object', properties: { item } }) } },
    },
    '/items/{item_id}': { get: { responses: { '200': { description: 'The item; its body is not described.' } } } },
    '/things': { get: { responses: { '2XX': json({ type: 'object', properties: { data: { type: 'array', items: item }, meta: { type: 'object', properties: { total: { type: 'integer' } } } } }) } } },
  },
};

function checked(yaml: string): { problems: Diagnostic[]; trusted: Diagnostic[] } {
  const source = YamlSource.parse(yaml, 'mappings/test.yaml');
  const resolver = new SchemaResolver(provider);
  const problems: Diagnostic[] = [];
  const trusted: Diagnostic[] = [];
  checkResponsePaths({ mapping: source.value as MappingDocument, source, resolver, operations: new ProviderOperations(resolver, 'provider.yaml', ''), providerFile: 'provider.yaml', problems, trusted });
  return { problems, trusted };
}

const problemsOf = (yaml: string) => checked(yaml).problems;
/** The way out every refused answer path offers. */
const vouch = (path: string) => `if the provider sends it although its document omits it, say so with a reason: \`undocumented: { answer: { ${path}: <where it is documented> } }\` on this request`;

/** `line:col` of the first `needle` on line `line` of `yaml`. */
const at = (yaml: string, line: number, needle: string) => `${line}:${yaml.split('\n')[line - 1]!.indexOf(needle) + 1}`;
const shown = (d: Diagnostic) => `${d.position?.line}:${d.position?.col} ${d.message}${d.hint ? ` | ${d.hint}` : ''}`;

describe('paths into provider answers', () => {
  it('follow each alternative of a union answer', () => {
    expect(problemsOf('pagination: { type: link, source: body, next: next }\noperations:\n  customersAll: { method: GET, path: /items, records: [results, $] }\n')).toEqual([]);
  });

  it('name the closest member of the declared answer, at the path', () => {
    const yaml = 'operations:\n  customersAll: { method: GET, path: /items, records: [resultz, $] }\n  customersAdd: { method: POST, path: /items, status: [201], id: item.ids }\n';
    expect(problemsOf(yaml).map(shown)).toEqual([
      `${at(yaml, 3, 'item.ids')} 'item.ids': item has no member 'ids' in the 201 response of POST /items (provider.yaml) | did you mean 'item.id'?; ${vouch('item.ids')}`,
      `${at(yaml, 2, 'resultz')} 'resultz': the body has no member 'resultz' in the 200 response of GET /items (provider.yaml) | did you mean 'results'?; ${vouch('resultz')}`,
    ]);
  });

  it('are checked against a status class (2XX) and for their kind of value', () => {
    expect(problemsOf('pagination: { type: offset, offset_param: o, limit_param: l, total: meta.total }\noperations:\n  customersAll: { method: GET, path: /things, records: data }\n')).toEqual([]);
    const yaml = 'pagination: { type: offset, offset_param: o, limit_param: l, total: meta }\noperations:\n  customersAll: { method: GET, path: /things, records: meta }\n';
    expect(problemsOf(yaml).map(shown)).toEqual([
      `${at(yaml, 3, 'meta')} 'meta': meta is object, not an array of records in the 2XX response of GET /things (provider.yaml) | ${vouch('meta')}`,
      `${at(yaml, 1, 'meta')} 'meta': meta is object, not a single value in the 2XX response of GET /things (provider.yaml) | its members: total; ${vouch('meta')}`,
    ]);
  });

  it('may be vouched for with a reason where the document omits them, and are then notes', () => {
    const yaml = 'pagination: { type: offset, offset_param: o, limit_param: l, total: meta.count }\noperations:\n  customersAll:\n    method: GET\n    path: /things\n    records: data\n    undocumented:\n      answer:\n        meta.count: the paging guide documents meta.count\n';
    const { problems, trusted } = checked(yaml);
    expect(problems).toEqual([]);
    expect(trusted.map(shown)).toEqual([`${at(yaml, 9, 'meta.count')} 'meta.count' is not in the 2XX response of GET /things as provider.yaml declares it (meta has no member 'count'); trusted on the mapping's word | the paging guide documents meta.count`]);
  });

  it('vouching for a path the document declares, or one the request does not read, is an error', () => {
    const yaml = 'operations:\n  customersAll:\n    method: GET\n    path: /things\n    records: data\n    undocumented:\n      answer:\n        data: declared already\n        meta.next: never read\n';
    expect(problemsOf(yaml).map((d) => d.message)).toEqual(["'data' is in the 2XX response of GET /things as provider.yaml declares it; it needs no vouching", "customersAll reads no answer path 'meta.next'"]);
  });

  it('are taken at the mapping\'s word where the document declares no body', () => {
    expect(problemsOf('operations:\n  customersOne: { method: GET, path: "/items/{id}", record: anything.at.all }\n')).toEqual([]);
  });
});
