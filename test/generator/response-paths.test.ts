/**
 * Paths into provider answers (`records`, `record`, `id`, `then.id`, paging)
 * are resolved against the response schema declared for the operation's
 * success status. A JSON answer whose schema is not given is taken at the
 * mapping's word; an answer declared without a body, or only as another
 * media type than JSON, is read only where the mapping vouches for it.
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
    '/blobs/{blob_id}': { get: { responses: { '200': { description: 'JSON, its shape not given.', content: { 'application/json': {} } } } } },
    '/files/{file_id}': { get: { responses: { '200': { description: 'The file, as XML or CSV.', content: { 'text/csv': { schema: { type: 'string' } }, 'application/xml': { schema: item } } } } } },
    '/things': { get: { responses: { '2XX': json({ type: 'object', properties: { data: { type: 'array', items: item }, meta: { type: 'object', properties: { total: { type: 'integer' } } } } }) } } },
    '/others': {
      get: { responses: { default: json({ type: 'object', properties: { data: { type: 'array', items: item }, count: { type: 'string', pattern: '^[0-9]+$' }, label: { type: 'string' }, more: { type: 'boolean' }, next: { type: 'integer' } } }) } },
      post: { responses: { '201': json({ type: 'object', properties: { item } }), '404': { description: 'Not found.' } } },
      // Box's delete: a 204 beside a `default` that documents the errors.
      delete: { responses: { '204': { description: 'Removed.' }, default: json({ type: 'object', properties: { code: { type: 'string' } } }) } },
    },
    // A JSON answer beside one declared without a body, one declared as XML, and a 204.
    '/exports/{export_id}': {
      get: { responses: { '200': json(item), '202': { description: 'Accepted; the export is not ready.' }, '203': { description: 'As XML.', content: { 'application/xml': { schema: item } } }, '204': { description: 'Nothing to export.' } } },
    },
    // The record as the body of one status, wrapped in another's.
    '/records/{record_id}': { get: { responses: { '200': json({ $ref: '#/components/schemas/Record' }), '203': json({ type: 'object', properties: { record: { $ref: '#/components/schemas/Record' } } }) } } },
  },
  components: { schemas: { Record: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } } } },
};

/** `record`: the component the mapping's `record` names, which `record`/`records` paths must reach. */
function checked(yaml: string, record?: string): { problems: Diagnostic[]; trusted: Diagnostic[] } {
  const source = YamlSource.parse(yaml, 'mappings/test.yaml');
  const resolver = new SchemaResolver(provider);
  const problems: Diagnostic[] = [];
  const trusted: Diagnostic[] = [];
  const recordSchema = record ? resolver.node(['components', 'schemas', record]) : undefined;
  checkResponsePaths({ mapping: source.value as MappingDocument, source, resolver, operations: new ProviderOperations(resolver, 'provider.yaml', ''), providerFile: 'provider.yaml', problems, trusted, ...(recordSchema ? { record: recordSchema } : {}) });
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
      `${at(yaml, 1, 'meta')} 'meta': meta is object, not a count (a number) in the 2XX response of GET /things (provider.yaml) | its members: total; ${vouch('meta')}`,
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

  it('are checked against a `default` answer, which covers any status', () => {
    expect(problemsOf('pagination: { type: offset, offset_param: o, limit_param: l, total: count, has_more: more }\noperations:\n  customersAll: { method: GET, path: /others, status: [203], records: data }\n')).toEqual([]);
    const yaml = 'operations:\n  customersAll: { method: GET, path: /others, status: [203], records: dta }\n';
    expect(problemsOf(yaml).map(shown)).toEqual([`${at(yaml, 2, 'dta')} 'dta': the body has no member 'dta' in the default response of GET /others (provider.yaml) | did you mean 'data'?; ${vouch('dta')}`]);
  });

  it('a success status falls to `default` only where the operation declares no success answer (beside a 204, `default` is the errors)', () => {
    const yaml = 'operations:\n  customersDelete: { method: DELETE, path: /others, status: [200] }\n';
    expect(problemsOf(yaml).map((d) => `${d.position?.line}:${d.position?.col} ${d.message}`)).toEqual([`${at(yaml, 2, '200')} DELETE /others in provider.yaml declares no 200 answer`]);
    expect(problemsOf('operations:\n  customersDelete: { method: DELETE, path: /others, status: [204] }\n')).toEqual([]);
  });

  it('a status the document does not declare is an error at the status, naming those it declares', () => {
    const yaml = 'operations:\n  customersAdd: { method: POST, path: /others, status: [200, 201], id: item.idd }\n  customersAll: { method: GET, path: /items, records: results }\n  customersOne: { method: GET, path: /things, status: [301], record: data }\n';
    expect(problemsOf(yaml).map(shown)).toEqual([
      // 201 is declared: the paths are checked against it all the same.
      `${at(yaml, 2, '200')} POST /others in provider.yaml declares no 200 answer | it declares 201: list it in \`status\`; or if the provider answers 200 although its document omits it, say so with a reason: \`undocumented: { status: { 200: <where it is documented> } }\` on this request`,
      `${at(yaml, 2, 'item.idd')} 'item.idd': item has no member 'idd' in the 201 response of POST /others (provider.yaml) | did you mean 'item.id'?; ${vouch('item.idd')}`,
      `${at(yaml, 4, '301')} GET /things in provider.yaml declares no 301 answer, so what this request reads from its answer could not be checked | it declares 2XX: list it in \`status\`; or if the provider answers 301 although its document omits it, say so with a reason: \`undocumented: { status: { 301: <where it is documented> } }\` on this request`,
    ]);
    // Without `status` the request expects 200, and the operation is where that is said.
    const bare = 'operations:\n  customersAdd: { method: POST, path: /items, id: item.id }\n';
    expect(problemsOf(bare).map((d) => `${d.position?.line}:${d.position?.col} ${d.message}`)).toEqual(['2:3 POST /items in provider.yaml declares no 200 answer (a request without `status` expects 200), so what this request reads from its answer could not be checked']);
  });

  it('a status the document omits may be vouched for with a reason, and is then a note; a needless or unlisted vouch is an error', () => {
    const yaml = 'operations:\n  customersAdd:\n    method: POST\n    path: /items\n    status: [200]\n    id: item.idd\n    undocumented:\n      status:\n        200: the create reference shows 200\n';
    const { problems, trusted } = checked(yaml);
    expect(problems).toEqual([]);
    expect(trusted.map(shown)).toEqual([`${at(yaml, 9, '200')} POST /items in provider.yaml declares no 200 answer, so what this request reads from its answer is not checked; trusted on the mapping's word | the create reference shows 200`]);
    const needless = 'operations:\n  customersAdd:\n    method: POST\n    path: /items\n    status: [201]\n    id: item.id\n    undocumented:\n      status:\n        201: declared already\n        204: not listed\n';
    expect(problemsOf(needless).map((d) => d.message)).toEqual(['201 is declared by POST /items in provider.yaml (as 201); it needs no vouching', 'this request lists no status 204']);
  });

  it('paging paths lead to the type the runtime reads there', () => {
    // A cursor may be a number; a count may be digits in a string said to hold only digits.
    expect(problemsOf('pagination: { type: cursor, cursor_param: c, next: next, has_more: more }\noperations:\n  customersAll: { method: GET, path: /others, status: [200], records: data }\n')).toEqual([]);
    expect(problemsOf('pagination: { type: page, page_param: p, total_pages: count }\noperations:\n  customersAll: { method: GET, path: /others, status: [200], records: data }\n')).toEqual([]);
    const yaml = 'pagination: { type: link, source: body, next: next }\noperations:\n  customersAll: { method: GET, path: /others, status: [200], records: data }\n';
    expect(problemsOf(yaml).map(shown)).toEqual([`${at(yaml, 1, 'next }')} 'next': next is integer, not a link (a string) in the default response of GET /others (provider.yaml) | members of the body that are strings: count, label; ${vouch('next')}`]);
    const total = 'pagination: { type: offset, offset_param: o, limit_param: l, total: label, has_more: count }\noperations:\n  customersAll: { method: GET, path: /others, status: [200], records: data }\n';
    expect(problemsOf(total).map((d) => d.message)).toEqual([
      "'label': label is string, not a count (a number) in the default response of GET /others (provider.yaml)",
      "'count': count is string, not a flag (a boolean) in the default response of GET /others (provider.yaml)",
    ]);
  });

  it('are taken at the mapping\'s word where the document declares a JSON body without its schema', () => {
    expect(problemsOf('operations:\n  customersOne: { method: GET, path: "/blobs/{id}", record: anything.at.all }\n')).toEqual([]);
  });

  // The connector asks for JSON and parses it: an answer the document declares with no body, or as something else, does not hold what the mapping reads.
  const unread: [string, string, string, string][] = [
    [
      'an answer declared without a body',
      'operations:\n  customersOne: { method: GET, path: "/items/{id}", record: anything.at.all }\n',
      'anything.at.all',
      "'anything.at.all' is read from a JSON body, and provider.yaml declares the 200 response of GET /items/{item_id} without a body | if the provider answers a JSON body there although its document omits it, say so with a reason: `undocumented: { answer: { anything.at.all: <where it is documented> } }` on this request",
    ],
    [
      'an answer declared only as media types other than JSON',
      'operations:\n  customersOne: { method: GET, path: "/files/{id}", record: $ }\n',
      '$ }',
      "'$' is read from a JSON body, and provider.yaml declares the 200 response of GET /files/{file_id} as application/xml, text/csv only, not JSON (the connector asks for and parses JSON) | map a request whose answer the document declares as JSON; or if the provider answers JSON there too (asked for with `accept: application/json`) although its document does not say so, say so with a reason: `undocumented: { answer: { $: <where it is documented> } }` on this request",
    ],
  ];
  it.each(unread)('are refused from %s, at the path', (_, yaml, needle, want) => {
    expect(problemsOf(yaml).map(shown)).toEqual([`${at(yaml, 2, needle)} ${want}`]);
  });

  it('may be vouched for where the document declares no JSON body, and are then notes', () => {
    const yaml = 'operations:\n  customersOne:\n    method: GET\n    path: "/files/{id}"\n    record: $\n    undocumented: { answer: { $: the files reference answers JSON to accept application/json } }\n';
    const { problems, trusted } = checked(yaml);
    expect(problems).toEqual([]);
    expect(trusted.map(shown)).toEqual([`${at(yaml, 6, '$:')} '$' is read as JSON, and provider.yaml declares the 200 response of GET /files/{file_id} as application/xml, text/csv only, not JSON; trusted on the mapping's word | the files reference answers JSON to accept application/json`]);
  });

  // Every listed status's answer is checked: one declared without a body, or not as JSON, beside a JSON answer that holds
  // the path lacks it as a JSON answer without the member does, and is named with the status to drop.
  it('are refused from a listed answer not declared as JSON beside one that is, naming its status', () => {
    const yaml = 'operations:\n  customersOne: { method: GET, path: "/exports/{id}", status: [200, 202], record: name }\n';
    expect(problemsOf(yaml).map(shown)).toEqual([
      `${at(yaml, 2, 'name }')} 'name' is read from a JSON body, and provider.yaml declares the 202 response of GET /exports/{export_id} without a body, though its 200 response has it | the answer of each listed status must hold it: drop 202 from \`status\` if its answer never does; or ${vouch('name')}`,
    ]);
    const xml = yaml.replace('[200, 202]', '[200, 203]');
    expect(problemsOf(xml).map(shown)).toEqual([
      `${at(xml, 2, 'name }')} 'name' is read from a JSON body, and provider.yaml declares the 203 response of GET /exports/{export_id} as application/xml only, not JSON (the connector asks for and parses JSON), though its 200 response has it | the answer of each listed status must hold it: drop 203 from \`status\` if its answer never does; or ${vouch('name')}`,
    ]);
    // Where the JSON answer lacks the path too, it leads, with its nearest member.
    const typo = 'operations:\n  customersOne: { method: GET, path: "/exports/{id}", status: [202, 200, 203], record: nam }\n';
    expect(problemsOf(typo).map(shown)).toEqual([
      `${at(typo, 2, 'nam }')} 'nam': the body has no member 'nam' in the 200 response of GET /exports/{export_id} (provider.yaml), and provider.yaml declares the 202 response of GET /exports/{export_id} without a body, and the 203 response of GET /exports/{export_id} as application/xml only, not JSON (the connector asks for and parses JSON) | did you mean 'name'?; ${vouch('nam')}`,
    ]);
    // A 204 has no body by HTTP's definition: said once, at the status.
    expect(problemsOf(yaml.replace('[200, 202]', '[200, 204]')).map((d) => d.message)).toEqual([
      "a 204 No Content answer of GET /exports/{export_id} has no body, so what this request reads from its answer ('name') is not in it",
    ]);
    const vouched = 'operations:\n  customersOne:\n    method: GET\n    path: "/exports/{id}"\n    status: [200, 202]\n    record: name\n    undocumented: { answer: { name: the exports guide shows the 202 body } }\n';
    const { problems, trusted } = checked(vouched);
    expect(problems).toEqual([]);
    expect(trusted.map(shown)).toEqual([`${at(vouched, 7, 'name:')} 'name' is read as JSON, and provider.yaml declares the 202 response of GET /exports/{export_id} without a body; trusted on the mapping's word | the exports guide shows the 202 body`]);
  });

  // Every listed status's answer is checked, and a `record` path must reach the record in each: the connector reads the
  // fields from whichever the provider sends.
  it('must reach the record in the answer of every listed status, naming those where it does not', () => {
    const yaml = 'record: Record\nfields: [{ provider: id }, { provider: name }]\noperations:\n  customersOne: { method: GET, path: "/records/{id}", status: [200, 203], record: $ }\n';
    expect(checked(yaml, 'Record').problems.map(shown)).toEqual([
      `${at(yaml, 4, '$ }')} '$' is an object in the 203 response of GET /records/{record_id} (provider.yaml), not Record, the record the fields are read from (it has no id, name, which the fields read), though its 200 response has Record there | the answer of each listed status must hold it: drop 203 from \`status\` if its answer never does; or ${vouch('$')}`,
    ]);
    // Held to the 203 alone, the path is said with where that answer holds the record.
    const only = yaml.replace('[200, 203]', '[203]');
    expect(checked(only, 'Record').problems.map(shown)).toEqual([
      `${at(only, 4, '$ }')} '$' is an object in the 203 response of GET /records/{record_id} (provider.yaml), not Record, the record the fields are read from (it has no id, name, which the fields read) | the answer holds Record at 'record': \`record: record\``,
    ]);
    expect(checked(yaml.replace('[200, 203]', '[200]'), 'Record').problems).toEqual([]);
  });
});
