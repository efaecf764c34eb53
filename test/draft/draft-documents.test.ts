/**
 * `generate new --from` on the shapes published documents take that the
 * committed provider specs do not: each document here is the smallest one
 * showing a shape met in a real document (named in each test).
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftMapping, type Draft } from '../../src/draft/index.js';
import type { UnifiedIR } from '../../src/ir/model.js';
import { buildUnifiedIR } from '../../src/ir/unified.js';
import { loadOpenApi } from '../../src/parse/openapi.js';
import { repoRoot } from '../support/project.js';

let dir: string;
let unified: UnifiedIR;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'draft-documents-'));
  unified = buildUnifiedIR(await loadOpenApi(path.join(repoRoot, 'specs/customer-support.yaml'), 'specs/customer-support.yaml'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function draftOf(name: string, document: string, record?: string): Promise<Draft> {
  await writeFile(path.join(dir, `${name}.yaml`), document);
  const provider = await loadOpenApi(path.join(dir, `${name}.yaml`), `vendor/${name}.yaml`);
  return draftMapping({ service: name, provider, unified, from: `vendor/${name}.yaml`, ...(record ? { record } : {}), schemaPath: path.join(repoRoot, 'mappings/schema.json') });
}

type Case = { name: string; operation: string; exchanges: { request: { headers?: Record<string, string> }; response: { body?: unknown } }[] };
const mappingOf = (draft: Draft) => load(draft.text) as { connection: { headers?: Record<string, string> }; operations: Record<string, unknown>; examples: { cases: Case[] } };
const problemsOf = (draft: Draft) => draft.problems.map((p) => `${p.file}:${p.position?.line}: ${p.message}`);

/** Members shared by the documents below: a customer collection and its item. */
const paths = (list: string, one: string, extra = '') => `
paths:
  /customers:
    get:
${extra}      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: ${list}
  /customers/{id}:
    parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
    get:
${extra}      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: ${one}
`;

/** A document named `title` whose customers are listed as `list` and read one by one as `one`; `top` goes before its paths, `components` under `components:`. */
const documentOf = (title: string, parts: { list: string; one: string; extra?: string; top?: string; components: string }) => `openapi: 3.0.3
info: { title: ${title}, version: '1' }
servers: [{ url: 'https://api.example.com' }]
${parts.top ?? ''}${paths(parts.list, parts.one, parts.extra)}
components:
${parts.components}`;

/** A plain customer record, listed as an array of it. */
const customers = { list: "{ type: array, items: { $ref: '#/components/schemas/Customer' } }", one: "{ $ref: '#/components/schemas/Customer' }" };
const customerSchema = `  schemas:
    Customer:
      type: object
      properties:
        id: { type: string }
        email: { type: string }
`;

describe('generate new --from, on shapes of published documents', () => {
  it("writes nothing into the document: a list schema's own example (PagerDuty SCIM's UserListResponse) is copied before the records are put in it", async () => {
    const draft = await draftOf(
      'scim',
      documentOf('Scim', {
        list: "{ $ref: '#/components/schemas/UserList' }",
        one: "{ $ref: '#/components/schemas/User' }",
        components: `  schemas:
    User:
      type: object
      properties:
        id: { type: string }
        email: { type: string }
    UserList:
      type: object
      example: { Resources: [{ id: 'U1', email: 'one@example.com' }], totalResults: 1 }
      properties:
        Resources: { type: array, items: { $ref: '#/components/schemas/User' } }
        totalResults: { type: integer }
`,
      }),
      'User',
    );
    expect(problemsOf(draft)).toEqual([]);
    const list = mappingOf(draft).examples.cases.find((c) => c.operation === 'customersAll')!;
    expect(list.exchanges[0]!.response.body).toMatchObject({ Resources: [expect.objectContaining({ id: expect.any(String) })] });
  });

  it('drafts no connection or operation header the connector sets itself (PagerDuty declares a required Content-Type header)', async () => {
    const headers = `      parameters:
        - { name: Content-Type, in: header, required: true, schema: { type: string, enum: [application/json] } }
        - { name: Content-Length, in: header, required: true, schema: { type: integer } }
        - { name: Accept, in: header, required: true, schema: { type: string, enum: [application/json] } }
        - { name: X-Api-Version, in: header, required: true, schema: { type: string, enum: ['2'] } }
`;
    const draft = await draftOf(
      'headers',
      documentOf('Headers', { ...customers, extra: headers, components: customerSchema }),
    );
    expect(problemsOf(draft)).toEqual([]);
    expect(mappingOf(draft).connection.headers).toEqual({ 'X-Api-Version': '2' });
    expect(draft.text).not.toMatch(/Content-(Type|Length):|Accept:/);
  });

  it("drafts no header a sign-in method sends (apideck lists its API key headers as required parameters too)", async () => {
    const headers = `      parameters:
        - { name: x-app-id, in: header, required: true, schema: { type: string } }
        - { name: X-Api-Version, in: header, required: true, schema: { type: string, enum: ['2'] } }
`;
    const draft = await draftOf(
      'keys',
      documentOf('Keys', { ...customers, extra: headers, top: 'security: [{ appId: [] }]\n', components: `  securitySchemes:\n    appId: { type: apiKey, in: header, name: x-app-id }\n${customerSchema}` }),
    );
    expect(problemsOf(draft)).toEqual([]);
    expect(mappingOf(draft).connection.headers).toEqual({ 'X-Api-Version': '2' });
    expect(draft.text).toMatch(/type: header\n\s+name: x-app-id/);
  });

  it("drafts sign-in from the requirements of the operations it maps: a list that takes only an OAuth token signs in with it, and a scheme no drafted operation requires is left out", async () => {
    const draft = await draftOf(
      'oplevel',
      documentOf('Oplevel', {
        ...customers,
        top: 'security: [{ appKey: [] }]\n',
        components: `  securitySchemes:\n    appKey: { type: apiKey, in: header, name: x-api-key }\n    oauth: { type: oauth2, flows: { clientCredentials: { tokenUrl: 'https://api.example.com/token', scopes: {} } } }\n    legacy: { type: apiKey, in: query, name: key }\n${customerSchema}`,
      }).replace('  /customers:\n    get:\n', '  /customers:\n    get:\n      security: [{ oauth: [] }]\n'),
    );
    expect(problemsOf(draft)).toEqual([]);
    const mapping = load(draft.text) as { connection: { auth: unknown[] }; examples: { cases: Case[] } };
    expect(mapping.connection.auth).toEqual([
      { type: 'header', name: 'x-api-key', value: '{credentials.app_key}' },
      { type: 'bearer', token: '{credentials.access_token}' },
    ]);
    // Every credential is given to the cases, so each operation signs in with the first method it takes.
    expect(mapping.examples.cases.map((c) => [c.operation, c.exchanges[0]!.request.headers])).toEqual([
      ['customersAll', { authorization: 'Bearer test-access-token' }],
      ['customersOne', { 'x-api-key': 'test-app-key' }],
    ]);
  });

  it('drafts a requirement of two schemes at once as one method sending the key `with` it', async () => {
    const draft = await draftOf(
      'together',
      documentOf('Together', {
        ...customers,
        top: 'security: [{ token: [], appId: [] }]\n',
        components: `  securitySchemes:\n    token: { type: http, scheme: bearer }\n    appId: { type: apiKey, in: header, name: X-App-Id }\n${customerSchema}`,
      }),
    );
    expect(problemsOf(draft)).toEqual([]);
    const mapping = load(draft.text) as { connection: { auth: unknown[] }; examples: { cases: Case[] } };
    expect(mapping.connection.auth).toEqual([{ type: 'bearer', token: '{credentials.token}', with: [{ type: 'header', name: 'X-App-Id', value: '{credentials.app_id}' }] }]);
    expect(mapping.examples.cases.map((c) => c.exchanges[0]!.request.headers)).toEqual([
      { authorization: 'Bearer test-token', 'x-app-id': 'test-app-id' },
      { authorization: 'Bearer test-token', 'x-app-id': 'test-app-id' },
    ]);
  });

  it('drafts paging within exclusive bounds: a page number more than 0 starts at 1, and a size less than 101 is capped at 100', async () => {
    const bounded = `      parameters:
        - { name: page, in: query, schema: { type: integer, minimum: 0, exclusiveMinimum: true } }
        - { name: per_page, in: query, schema: { type: integer, maximum: 101, exclusiveMaximum: true } }
`;
    const draft = await draftOf('bounded', documentOf('Bounded', { ...customers, extra: bounded, components: customerSchema }));
    expect(problemsOf(draft)).toEqual([]);
    expect((load(draft.text) as { pagination: unknown }).pagination).toEqual({ type: 'page', page_param: 'page', first_page: 1, size_param: 'per_page', max_size: 100 });
  });

  it.each([
    ["an offset typed as text, which the answer gives back (Asana's next_page.offset), as cursor paging", '{ type: string }', 'offset', { type: 'cursor', cursor_param: 'offset', next: 'next_page.offset', size_param: 'limit', max_size: 100 }],
    ['an offset typed as digits (a pattern), as offset paging', "{ type: string, pattern: '^[0-9]+$' }", 'offset', { type: 'offset', offset_param: 'offset', limit_param: 'limit', max_limit: 100, start: 0 }],
    ['a page typed as text that the answer does not give back, as no paging, with a TODO', '{ type: string }', 'page', { type: 'none' }],
  ])('drafts %s', async (_, schema, name, pagination) => {
    const parameters = `      parameters:\n        - { name: ${name}, in: query, schema: ${schema} }\n        - { name: limit, in: query, schema: { type: integer, maximum: 100 } }\n`;
    const list = "{ type: object, properties: { results: { type: array, items: { $ref: '#/components/schemas/Customer' } }, next_page: { type: object, nullable: true, properties: { offset: { type: string } } } } }";
    const draft = await draftOf(`paging${name}`, documentOf('Paging', { ...customers, list, extra: parameters, components: customerSchema }));
    expect(problemsOf(draft)).toEqual([]);
    expect((load(draft.text) as { pagination: unknown }).pagination).toEqual(pagination);
    if (pagination.type === 'none') expect(draft.text.replace(/\n *# /g, ' ')).toMatch(/query parameter `page` takes a token, and the list answer holds no member that gives the next one\. TODO: describe the paging by hand/);
  });

  it('takes `example: null` for no example (HubSpot writes it on every schema and answer), so the answers are made from the schemas', async () => {
    const draft = await draftOf(
      'nulls',
      `openapi: 3.1.0
info: { title: Nulls, version: '1' }
servers: [{ url: 'https://api.example.com' }]
paths:
  /customers:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Page' }
              example: null
  /customers/{id}:
    parameters: [{ name: id, in: path, required: true, schema: { type: string }, example: null }]
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Customer' }
              example: null
components:
  schemas:
    Page:
      type: object
      example: null
      properties:
        results: { type: array, items: { $ref: '#/components/schemas/Customer' }, example: null }
    Customer:
      type: object
      example: null
      required: [id]
      properties:
        id: { type: string, example: null }
        email: { type: string, format: email, example: null }
        archived: { type: boolean, example: null }
        gone: { type: 'null', example: null }
`,
    );
    expect(problemsOf(draft)).toEqual([]);
    const cases = mappingOf(draft).examples.cases;
    expect(cases.find((c) => c.operation === 'customersAll')!.exchanges[0]!.response.body).toEqual({ results: [{ id: '1', email: 'ada@example.com', archived: false, gone: null }] });
    expect(cases.find((c) => c.operation === 'customersOne')!.exchanges[0]!.response.body).toEqual({ id: '1', email: 'ada@example.com', archived: false, gone: null });
  });

  it("finds the record in an answer that is the record and members of its own (Intercom's ShowContact: allOf the contact, plus enabled_push_messaging)", async () => {
    const draft = await draftOf(
      'allof',
      documentOf('AllOf', {
        list: "{ type: object, properties: { data: { type: array, items: { $ref: '#/components/schemas/contact' } } } }",
        one: "{ allOf: [{ $ref: '#/components/schemas/contact' }], properties: { enabled_push_messaging: { type: boolean } } }",
        components: customerSchema.replace('    Customer:', '    contact:'),
      }),
    );
    expect(problemsOf(draft)).toEqual([]);
    const { operations } = mappingOf(draft);
    expect(operations.customersOne).toMatchObject({ method: 'GET', path: '/customers/{id}', record: '$' });
  });

  it("drafts `fields: []` when no provider member matches a unified field (Redocly's Museum API: a record of dates and opening hours), never a null `fields`", async () => {
    const draft = await draftOf(
      'nofields',
      documentOf('NoFields', {
        ...customers,
        components: `  schemas:
    Customer:
      type: object
      properties:
        date: { type: string, format: date }
        timeOpen: { type: string }
`,
      }),
    );
    expect(problemsOf(draft)).toEqual([]);
    expect((load(draft.text) as { fields: unknown }).fields).toEqual([]);
  });

  /** Front's Core API, cut down: /accounts and /contacts side by side, HAL `_links`, and `_pagination.next` a URL beside a page_token parameter. */
  const front = `openapi: 3.0.0
info: { title: Core API, version: '1' }
servers: [{ url: 'https://api2.frontapp.com' }]
paths:
  /accounts:
    get:
      parameters: [{ name: limit, in: query, schema: { type: integer, maximum: 100 } }, { name: page_token, in: query, schema: { type: string } }]
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/AccountList' } } } }
  /accounts/{account_id}:
    parameters: [{ name: account_id, in: path, required: true, schema: { type: string } }]
    get:
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/AccountResponse' } } } }
  /contacts:
    get:
      parameters: [{ name: limit, in: query, schema: { type: integer, maximum: 100 } }, { name: page_token, in: query, schema: { type: string } }]
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/ContactList' } } } }
  /contacts/{contact_id}:
    parameters: [{ name: contact_id, in: path, required: true, schema: { type: string } }]
    get:
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/ContactResponse' } } } }
components:
  schemas:
    Pagination:
      type: object
      properties:
        next: { type: string, nullable: true, description: 'Link to next [page of results](https://dev.frontapp.com/docs/pagination)', example: 'https://yourCompany.api.frontapp.com/contacts?page_token=e0b5767c' }
    AccountList:
      type: object
      properties: { _pagination: { $ref: '#/components/schemas/Pagination' }, _results: { type: array, items: { $ref: '#/components/schemas/AccountResponse' } } }
    ContactList:
      type: object
      properties: { _pagination: { $ref: '#/components/schemas/Pagination' }, _results: { type: array, items: { $ref: '#/components/schemas/ContactResponse' } } }
    AccountResponse:
      type: object
      properties:
        id: { type: string }
        name: { type: string, description: Name of the account }
        created_at: { type: number }
    ContactResponse:
      type: object
      properties:
        _links:
          type: object
          properties:
            self: { type: string }
            related: { type: object, properties: { notes: { type: string, description: Link to contact notes, example: 'https://yourCompany.api.frontapp.com/contacts/crd_3cgz4ge/notes' } } }
        id: { type: string }
        name: { type: string, description: Contact name }
`;

  // Chatwoot's document: every path is below /api/v1/accounts/{account_id}, and the only top-level GET (/profile) holds the records too.
  const scoped = `openapi: 3.0.3
info: { title: Scoped, version: '1' }
servers: [{ url: 'https://app.example.com/' }]
paths:
  /api/v1/profile:
    get:
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: object, properties: { accounts: { type: array, items: { $ref: '#/components/schemas/Contact' } } } } } } }
  /api/v1/accounts/{account_id}/contacts:
    parameters: [{ name: account_id, in: path, required: true, schema: { type: integer }, example: 7 }]
    get:
      parameters: [{ name: page, in: query, schema: { type: integer } }]
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: object, properties: { payload: { type: array, items: { $ref: '#/components/schemas/Contact' } } } } } } }
  /api/v1/accounts/{account_id}/contacts/{id}:
    parameters:
      - { name: account_id, in: path, required: true, schema: { type: integer }, example: 7 }
      - { name: id, in: path, required: true, schema: { type: integer } }
    get:
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: object, properties: { payload: { $ref: '#/components/schemas/Contact' } } } } } }
    delete:
      responses:
        '200': { description: ok }
  /api/v1/accounts/{account_id}/contacts/{id}/labels:
    parameters:
      - { name: account_id, in: path, required: true, schema: { type: integer } }
      - { name: id, in: path, required: true, schema: { type: integer } }
    get:
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/Contact' } } } } }
components:
  schemas:
    Contact:
      type: object
      properties:
        id: { type: integer }
        email: { type: string }
        name: { type: string, description: The name of the contact }
`;

  it("finds a collection below the account it belongs to, and sends that account's id as a setting in the base URL (Chatwoot's /api/v1/accounts/{account_id}/contacts)", async () => {
    const draft = await draftOf('scoped', scoped);
    expect(problemsOf(draft)).toEqual([]);
    const mapping = load(draft.text) as { record: string; connection: { base_url: string; settings: Record<string, { example: string }> }; operations: Record<string, { path?: string } | string>; examples: { connection: { settings: Record<string, string> }; cases: Case[] } };
    expect(mapping.record).toBe('Contact');
    expect(mapping.connection.base_url).toBe('https://app.example.com/api/v1/accounts/{settings.account_id}');
    expect(mapping.examples.connection.settings).toEqual({ account_id: '7' });
    expect(mapping.operations).toMatchObject({ customersAll: { path: '/contacts' }, customersOne: { path: '/contacts/{id}' }, customersDelete: { path: '/contacts/{id}' } });
    const requests = mapping.examples.cases.map((c) => (c.exchanges[0]!.request as { path: string }).path);
    expect(requests).toEqual(['/api/v1/accounts/7/contacts', '/api/v1/accounts/7/contacts/1', '/api/v1/accounts/7/contacts/1']);
  });

  it('reads a name described as "the name of the contact" as a person\'s (Chatwoot)', async () => {
    const fields = (load((await draftOf('contactname', scoped)).text) as { fields: { unified: unknown; provider: string; convert?: string }[] }).fields;
    expect(fields).toContainEqual(expect.objectContaining({ unified: ['first_name', 'last_name'], provider: 'name', convert: 'full-name' }));
  });

  it("finds the item below a collection whose paths end in a slash (Gorgias' /api/users/ and /api/users/{id}/)", async () => {
    const draft = await draftOf(
      'slashed',
      documentOf('Slashed', { ...customers, components: customerSchema }).replace('  /customers:', '  /customers/:').replace('  /customers/{id}:', '  /customers/{id}/:'),
    );
    expect(problemsOf(draft)).toEqual([]);
    expect(mappingOf(draft).operations).toMatchObject({ customersAll: { path: '/customers/' }, customersOne: { path: '/customers/{id}/' } });
  });

  // 3.0 and 3.1 let a path's item be a `$ref`; before, the drafter saw no operations there (and a 3.1 one did not load).
  it('drafts the operations of a path item given by `$ref` (3.1 `components.pathItems`) at the path that names it', async () => {
    const plain = documentOf('Referred', { ...customers, components: customerSchema });
    const item = /  \/customers\/\{id\}:\n((?: {4}.*\n)+)/.exec(plain)!;
    // The item's members moved into `components.pathItems.Customer`, two spaces deeper.
    const document = plain
      .replace('openapi: 3.0.3', 'openapi: 3.1.0')
      .replace(item[0], "  /customers/{id}:\n    $ref: '#/components/pathItems/Customer'\n")
      .replace('components:\n', `components:\n  pathItems:\n    Customer:\n${item[1]!.replace(/^/gm, '  ').replace(/ {2}$/, '')}`);
    const draft = await draftOf('referred', document);
    expect(problemsOf(draft)).toEqual([]);
    expect(mappingOf(draft).operations).toMatchObject({ customersAll: { path: '/customers' }, customersOne: { path: '/customers/{id}' } });
  });

  /** A document with the customer collection and no item path: `more` lists what else it has, as path entries. */
  const withoutItemPaths = (more: string) => `openapi: 3.0.3
info: { title: Lookup, version: '1' }
servers: [{ url: 'https://api.example.com' }]
paths:
  /customers:
    get:
      responses:
        '200':
          description: ok
          content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/Customer' } } } }
${more}components:
${customerSchema}`;
  /** A request on one customer at `path` taking `parameter` in its query (required unless said), answering `answer`. */
  const byQuery = (method: string, path: string, parameter: string, answer: string, { body = '', required = true } = {}) => `  ${path}:
    ${method}:
      parameters: [{ name: ${parameter}, in: query, required: ${required}, schema: { type: string } }]
${body}      responses:
        '200':
          description: ok
          content: { application/json: { schema: ${answer} } }
`;

  it("finds requests on one record that take its id in the query, where the document has no item path (an RPC-style /customers.info?customer=, Slack's users.info?user=), and sends it as '{path.id}'", async () => {
    const customer = "{ $ref: '#/components/schemas/Customer' }";
    const draft = await draftOf(
      'lookup',
      withoutItemPaths(
        byQuery('get', '/customers.info', 'customer', `{ type: object, properties: { customer: ${customer} } }`) +
          byQuery('patch', '/customers.update', 'customer_id', customer, { body: `      requestBody: { content: { application/json: { schema: ${customer} } } }\n` }) +
          byQuery('delete', '/customers.delete', 'id', '{ type: object }'),
      ),
    );
    expect(problemsOf(draft)).toEqual([]);
    const mapping = mappingOf(draft);
    expect(mapping.operations).toMatchObject({
      customersOne: { method: 'GET', path: '/customers.info', query: { customer: '{path.id}' }, record: 'customer' },
      customersUpdate: { method: 'PATCH', path: '/customers.update', query: { customer_id: '{path.id}' } },
      customersDelete: { method: 'DELETE', path: '/customers.delete', query: { id: '{path.id}' } },
    });
    // No setting for those parameters: each call gives the id.
    expect(draft.text).not.toMatch(/Sent as the query parameter `(customer|customer_id|id)`/);
    // The example requests send the id there too, as the generated suite replays them.
    const got = mapping.examples.cases.find((c) => c.operation === 'customersOne')!;
    expect((got.exchanges[0]!.request as { query?: Record<string, string> }).query).toMatchObject({ customer: expect.any(String) });
  });

  it('takes no optional parameter, nor one named after something else, for the id', async () => {
    const draft = await draftOf('lookup-not', withoutItemPaths(byQuery('get', '/customers.info', 'customer', "{ $ref: '#/components/schemas/Customer' }", { required: false }) + byQuery('delete', '/customers.delete', 'team', '{ type: object }')));
    expect(mappingOf(draft).operations).toMatchObject({ customersOne: 'unsupported', customersDelete: 'unsupported' });
  });

  it('gives every further sign-in method a case of its own when the document has no get to show it with, only a list (Chatwoot has three API key schemes)', async () => {
    const draft = await draftOf(
      'listonly',
      `openapi: 3.0.3
info: { title: Listonly, version: '1' }
servers: [{ url: 'https://api.example.com' }]
security: [{ userKey: [] }, { botKey: [] }, { appKey: [] }]
paths:
  /customers:
    get:
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/Customer' } } } } }
components:
  securitySchemes:
    userKey: { type: apiKey, in: header, name: api_access_token }
    botKey: { type: apiKey, in: header, name: api_access_token }
    appKey: { type: apiKey, in: header, name: api_access_token }
${customerSchema}`,
    );
    expect(problemsOf(draft)).toEqual([]);
    const cases = mappingOf(draft).examples.cases;
    // Named apart although both send the same header: each case says whose credential it signs in with.
    expect(cases.map((c) => c.name)).toEqual(['lists one customer', 'lists one customer, signing in with the api_access_token header (bot_key)', 'lists one customer, signing in with the api_access_token header (app_key)']);
    expect(cases.map((c) => [c.operation, c.exchanges[0]!.request.headers])).toEqual([
      ['customersAll', { api_access_token: 'test-user-key' }],
      ['customersAll', { api_access_token: 'test-bot-key' }],
      ['customersAll', { api_access_token: 'test-app-key' }],
    ]);
  });

  /**
   * A customer document titled `title` whose list and get answer the records, each also answering `listAnswers` and
   * `getAnswers` (response lines), with `create` (a POST operation) beside the list and `members` added to the record.
   */
  const customerDocument = (title: string, parts: { listAnswers?: string; getAnswers?: string; create?: string; members?: string }) => `openapi: 3.0.3
info: { title: ${title}, version: '1' }
servers: [{ url: 'https://api.example.com' }]
paths:
  /customers:
    get:
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/Customer' } } } } }
${parts.listAnswers ?? ''}${parts.create ?? ''}  /customers/{id}:
    parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
    get:
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Customer' } } } }
${parts.getAnswers ?? ''}components:
${customerSchema}${parts.members ?? ''}`;

  /** A customer document whose get answers 404 with `notFound` and whose list answers 401 with `refused` (schemas, with an example or not). */
  const withErrors = (notFound: string, refused: string) =>
    customerDocument('Errors', {
      listAnswers: `        '401': { description: refused, content: { application/json: ${refused} } }\n`,
      getAnswers: `        '404': { description: not found, content: { application/json: ${notFound} } }\n`,
    });
  type ErrorCase = { name: string; operation: string; exchanges: { response: { status: number; body: unknown } }[]; expect: { error?: { type_name: string; message: string } } };

  it("drafts errors.message from the text members of the error answers (Intercom's errors[0].message, a top-level detail), each shown by an example case the suite replays", async () => {
    const draft = await draftOf(
      'errors',
      withErrors(
        "{ schema: { type: object, properties: { type: { type: string }, errors: { type: array, items: { type: object, properties: { code: { type: string }, message: { type: string } } } } } }, example: { type: error.list, errors: [{ code: not_found, message: Customer Not Found } ] } }",
        '{ schema: { type: object, properties: { status: { type: integer }, title: { type: string }, detail: { type: string } } } }',
      ),
    );
    expect(problemsOf(draft)).toEqual([]);
    const mapping = load(draft.text) as { errors: { message: string[] }; examples: { cases: ErrorCase[] } };
    // The get's 404 first: a message Intercom-style, from the document's own example; then the list's, from its schema.
    expect(mapping.errors.message).toEqual(['errors.0.message', 'detail']);
    const cases = mapping.examples.cases.filter((c) => c.expect.error);
    expect(cases.map((c) => [c.operation, c.exchanges[0]!.response.status, c.expect.error])).toEqual([
      ['customersOne', 404, { type_name: 'EntityNotFoundError', message: 'Customer Not Found' }],
      ['customersAll', 401, { type_name: 'UnauthorizedError', message: 'The request was refused (401)' }],
    ]);
    expect(cases[1]!.exchanges[0]!.response.body).toMatchObject({ detail: 'The request was refused (401)' });
  });

  it("samples an answer's success flag as true, and an error answer's as false (a list answer of `success: false` beside its records said it failed)", async () => {
    const envelope = "{ schema: { type: object, properties: { success: { type: boolean }, error: { type: object, properties: { message: { type: string } } } } } }";
    const draft = await draftOf('flags', withErrors(envelope, envelope).replace("schema: { type: array, items: { $ref: '#/components/schemas/Customer' } }", "schema: { type: object, properties: { success: { type: boolean }, data: { type: array, items: { $ref: '#/components/schemas/Customer' } } } }"));
    expect(problemsOf(draft)).toEqual([]);
    const cases = (load(draft.text) as { examples: { cases: ErrorCase[] } }).examples.cases;
    const list = cases.find((c) => c.operation === 'customersAll' && !c.expect.error)!;
    expect(list.exchanges[0]!.response.body).toMatchObject({ success: true });
    const failed = cases.find((c) => c.expect.error)!;
    expect(failed.exchanges[0]!.response.body).toMatchObject({ success: false, error: { message: failed.expect.error!.message } });
  });

  it('drafts no errors block where no error answer has a text member named as a message', async () => {
    const draft = await draftOf('silenterrors', withErrors('{ schema: { type: object, properties: { code: { type: integer } } } }', '{ schema: { type: string } }'));
    expect(problemsOf(draft)).toEqual([]);
    expect((load(draft.text) as { errors?: unknown }).errors).toBeUndefined();
  });

  // Gorgias's document: a `meta` beside each `id`, read by the list and by the get, printed twice and counted 14 for 7.
  it('reports a fault of the document in a schema several drafted requests read once, not once for each', async () => {
    const draft = await draftOf('twicefaulted', customerDocument('Faulted', { members: '        nickname: { type: string, meta: { internal: true } }\n' }));
    const faults = problemsOf(draft).filter((p) => /must NOT have additional properties 'meta'/.test(p));
    expect(faults).toEqual([expect.stringMatching(/^vendor\/twicefaulted\.yaml:\d+: invalid OpenAPI at #\/components\/schemas\/Customer\/properties\/nickname: must NOT have additional properties 'meta'$/)]);
  });

  it("drafts a create whose body holds the record as an array's one element (Zoho's `{ data: [record] }`) as `wrap: [data]`, its example sending that", async () => {
    const draft = await draftOf('listwrapped', customerDocument('ListWrapped', {
      create: "    post:\n      requestBody: { content: { application/json: { schema: { type: object, properties: { data: { type: array, items: { type: object, properties: { email: { type: string } } } } } } } } }\n      responses:\n        '201': { description: created, content: { application/json: { schema: { $ref: '#/components/schemas/Customer' } } } }\n",
    }));
    expect(problemsOf(draft)).toEqual([]);
    const mapping = load(draft.text) as { operations: { customersAdd: { body: { wrap: unknown } } }; examples: { cases: { operation: string; exchanges: { request: { body?: unknown } }[] }[] } };
    expect(mapping.operations.customersAdd.body.wrap).toEqual(['data']);
    const create = mapping.examples.cases.find((c) => c.operation === 'customersAdd')!;
    expect(create.exchanges[0]!.request.body).toEqual({ data: [{ email: expect.any(String) }] });
  });

  // Zoho CRM's records API: GET /crm/v8/{module_api_name} lists a module's records, each answered as `{ data: [record] }`.
  // The collection ends in a path parameter that is no id, so it was taken for an item and GET …/search drafted as the list.
  it('drafts a generic records API, whose collection ends in a parameter naming no id, as the base URL itself, its record answered in an array at data.0', async () => {
    const record = "{ type: object, properties: { data: { type: array, items: { $ref: '#/components/schemas/Record' } } } }";
    const draft = await draftOf('generic', `openapi: 3.0.3
info: { title: Generic, version: '1' }
servers: [{ url: 'https://api.example.com' }]
paths:
  /crm/{module_api_name}:
    parameters: [{ name: module_api_name, in: path, required: true, schema: { type: string } }]
    get:
      responses:
        '200': { description: ok, content: { application/json: { schema: ${record} } } }
  /crm/{module_api_name}/search:
    parameters: [{ name: module_api_name, in: path, required: true, schema: { type: string } }]
    get:
      responses:
        '200': { description: ok, content: { application/json: { schema: ${record} } } }
  /crm/{module_api_name}/{id}:
    parameters: [{ name: module_api_name, in: path, required: true, schema: { type: string } }, { name: id, in: path, required: true, schema: { type: string } }]
    get:
      responses:
        '200': { description: ok, content: { application/json: { schema: ${record} } } }
components:
  schemas:
    Record:
      type: object
      properties:
        id: { type: string }
        email: { type: string }
`, 'Record');
    expect(problemsOf(draft)).toEqual([]);
    const mapping = load(draft.text) as { connection: { base_url: string }; operations: Record<string, { path?: string; record?: string } | string>; examples: { cases: { operation: string; exchanges: { request: { path: string } }[] }[] } };
    expect(mapping.connection.base_url).toBe('https://api.example.com/crm/{settings.module_api_name}');
    // The module named as the resource is (the document gives no example): Zoho's modules are `Contacts`, `Leads`.
    expect((mapping.connection as unknown as { settings: Record<string, { example: string }> }).settings.module_api_name!.example).toBe('Customers');
    expect(mapping.operations.customersAll).toMatchObject({ path: '/' });
    expect(mapping.operations.customersOne).toMatchObject({ path: '/{id}', record: 'data.0' });
    // Sent as the connector sends it: the base URL's own path, no slash after it.
    const list = mapping.examples.cases.find((c) => c.operation === 'customersAll')!;
    expect(list.exchanges[0]!.request.path).toBe('/crm/Customers');
  });

  // Zoho CRM's create: `{ data: [record], trigger: [...] }` in, `oneOf: [{ data: [oneOf: [success, exception]] }, exception]` out,
  // each exception with a `details` of its own. The body was not wrapped (two members), and the id was read at the
  // exception's `details.id`, which the members of the oneOf taken together put at the top.
  it("drafts a create whose body holds the record in an array beside options as `wrap: [data]`, and reads the new id in its success answer's array, not an exception's", async () => {
    const exception = "{ type: object, properties: { code: { type: string }, details: { type: object, properties: { id: { type: string } } } } }";
    const draft = await draftOf('optioned', customerDocument('Optioned', {
      create: `    post:\n      requestBody: { content: { application/json: { schema: { type: object, properties: { data: { type: array, items: { $ref: '#/components/schemas/Customer' } }, trigger: { type: array, items: { type: string } } } } } } }\n      responses:\n        '200': { description: ok, content: { application/json: { schema: { oneOf: [ { type: object, properties: { data: { type: array, items: { oneOf: [ { $ref: '#/components/schemas/Success' }, { $ref: '#/components/schemas/Exception' } ] } } } }, { $ref: '#/components/schemas/Exception' } ] } } } }\n`,
      members: `    Success: { type: object, properties: { code: { type: string }, details: { type: object, properties: { id: { type: string } } } } }\n    Exception: ${exception}\n`,
    }));
    expect(problemsOf(draft)).toEqual([]);
    const mapping = load(draft.text) as { operations: { customersAdd: { body: { wrap: unknown }; id: unknown } } };
    expect(mapping.operations.customersAdd.body.wrap).toEqual(['data']);
    expect(mapping.operations.customersAdd.id).toBe('data.0.details.id');
  });

  /** A customer document whose create answers 201 as `created` says, not with the record. */
  const createAnswering = (created: string) =>
    customerDocument('Created', {
      create: `    post:\n      requestBody: { content: { application/json: { schema: { type: object, properties: { email: { type: string }, first_name: { type: string } } } } } }\n      responses:\n        '201': ${created}\n`,
      members: '        first_name: { type: string }\n',
    });

  it.each([
    ["a header named for it (Help Scout's Resource-ID, beside a Location)", '{ description: created, headers: { Resource-ID: { schema: { type: integer } }, Location: { schema: { type: string } } } }', { header: 'Resource-ID' }, { headers: { 'resource-id': '1' } }],
    ['the member of what it answers (a write result\'s data.id)', '{ description: created, content: { application/json: { schema: { type: object, properties: { data: { type: object, properties: { id: { type: string } } } } } } } }', 'data.id', { body: { data: { id: '1' } } }],
    ['the last segment of its Location', '{ description: created, headers: { Location: { schema: { type: string } } } }', { header: 'Location', last_segment: true }, { headers: { location: 'https://api.example.com/customers/1' } }],
  ])("drafts a create that answers no record with where the new id is: %s, and a case expecting that id", async (_, created, id, response) => {
    const draft = await draftOf('created', createAnswering(created));
    expect(problemsOf(draft)).toEqual([]);
    expect(draft.supported).toContain('customersAdd');
    const mapping = load(draft.text) as { operations: { customersAdd: { id?: unknown } }; examples: { cases: (Case & { expect: unknown })[] } };
    expect(mapping.operations.customersAdd.id).toEqual(id);
    const create = mapping.examples.cases.find((c) => c.operation === 'customersAdd')!;
    expect(create.exchanges[0]!.response).toMatchObject({ status: 201, ...response });
    expect(create.expect).toEqual({ status_code: 201, data: { id: '1' } });
  });

  it.each([
    ['Freshdesk: the key as user name and a fixed password', 'API key as user name, "X" as password.', { username: '{credentials.api_key}', password: 'X' }, ['api_key']],
    ["Kickserv: the token as both (curl -u TOKEN:TOKEN)", 'The API token as both user name and password.', { username: '{credentials.api_token}', password: '{credentials.api_token}' }, ['api_token']],
    ['the token as user name and as password', 'Send the API token as user name and as password.', { username: '{credentials.api_token}', password: '{credentials.api_token}' }, ['api_token']],
    ['a key as the user name and any password', 'Use your API key as the username; the password is ignored.', { username: '{credentials.api_key}', password: 'X' }, ['api_key']],
    ['Close: the key as the user name and the password left empty', 'Use your API key as the username and leave the password empty.', { username: '{credentials.api_key}', password: '' }, ['api_key']],
    ['a key as the user name and a blank password', 'API key as user name, with a blank password.', { username: '{credentials.api_key}', password: '' }, ['api_key']],
    ['a key said to be the user name, the password its own', 'Username: your API token. Password: your account password.', { username: '{credentials.api_token}', password: '{credentials.password}' }, ['api_token', 'password']],
    ['nothing said of a key: a user name and a password', 'Your login e-mail and password.', { username: '{credentials.username}', password: '{credentials.password}' }, ['username', 'password']],
  ])('drafts HTTP Basic as its description says (%s)', async (_, description, auth, credentials) => {
    const schemes = `  securitySchemes:\n    basic: { type: http, scheme: basic, description: ${JSON.stringify(description)} }\n`;
    const draft = await draftOf('basic', documentOf('Basic', { ...customers, top: 'security: [{ basic: [] }]\n', components: `${customerSchema}${schemes}` }));
    expect(problemsOf(draft)).toEqual([]);
    const mapping = load(draft.text) as { connection: { auth: unknown[]; credentials: Record<string, unknown> } };
    expect(mapping.connection.auth).toEqual([{ type: 'basic', ...auth }]);
    expect(Object.keys(mapping.connection.credentials)).toEqual(credentials);
  });

  it("reads a member held as a labelled value (Personio's `attributes.first_name: {label, value, type}`) at its value, by the wrapper's name, the id too, read only where no request takes it", async () => {
    const labelled = (type: string, extra = '') => `{ type: object, properties: { label: { type: string }, value: { type: ${type}${extra} }, type: { type: string } } }`;
    const components = `  schemas:
    Customer:
      type: object
      properties:
        type: { type: string }
        attributes:
          type: object
          properties:
            id: ${labelled('integer')}
            first_name: ${labelled('string')}
            email: ${labelled('string')}
            created_at: ${labelled('string', ', format: date-time')}
`;
    const draft = await draftOf('labelled', documentOf('Labelled', { ...customers, components }));
    expect(problemsOf(draft)).toEqual([]);
    const fields = (load(draft.text) as { fields: { unified: unknown; provider: string; convert?: string; direction?: string }[] }).fields;
    expect(fields.map((f) => [f.unified, f.provider, f.convert, f.direction])).toEqual(
      expect.arrayContaining([
        ['id', 'attributes.id.value', 'number-string', undefined],
        ['first_name', 'attributes.first_name.value', undefined, 'read'],
        ['emails[type=primary].email', 'attributes.email.value', undefined, 'read'],
        ['created_at', 'attributes.created_at.value', 'date-time', undefined],
      ]),
    );
    // The labels are the same for every record: no line reads one.
    expect(fields.some((f) => f.provider.endsWith('.label'))).toBe(false);
  });

  it.each([['background', "Help Scout's customer"], ['description', "Freshdesk's contact"]])("reads a customer's %s as its notes (%s)", async (member) => {
    const draft = await draftOf(`notes${member}`, documentOf('Notes', { ...customers, components: `${customerSchema}        ${member}: { type: string }\n` }));
    expect(problemsOf(draft)).toEqual([]);
    const fields = (load(draft.text) as { fields: { unified: unknown; provider: string }[] }).fields;
    expect(fields.map((f) => [f.unified, f.provider])).toContainEqual(['notes', member]);
  });

  it("reads created_datetime and updated_datetime as the record's timestamps (Gorgias)", async () => {
    const draft = await draftOf('datetimes', documentOf('Datetimes', { ...customers, components: `${customerSchema}        created_datetime: { type: string, format: date-time }\n        updated_datetime: { type: string, format: date-time }\n` }));
    expect(problemsOf(draft)).toEqual([]);
    const fields = (load(draft.text) as { fields: { unified: unknown; provider: string }[] }).fields;
    expect(fields.map((f) => [f.unified, f.provider])).toEqual(expect.arrayContaining([['created_at', 'created_datetime'], ['updated_at', 'updated_datetime']]));
  });

  it("reads date_created and date_updated as the record's timestamps (a probe's Help Scout document)", async () => {
    const draft = await draftOf('dated', documentOf('Dated', { ...customers, components: `${customerSchema}        date_created: { type: string, format: date-time }\n        date_updated: { type: string, format: date-time }\n` }));
    expect(problemsOf(draft)).toEqual([]);
    const fields = (load(draft.text) as { fields: { unified: unknown; provider: string }[] }).fields;
    expect(fields.map((f) => [f.unified, f.provider])).toEqual(expect.arrayContaining([['created_at', 'date_created'], ['updated_at', 'date_updated']]));
  });

  it("reads create_time and update_time as the record's timestamps (Google's API design names), and a date and time written `YYYY-MM-DD HH:MM:SS` as utc-spaced, not as an ISO date-time", async () => {
    const spaced = "{ type: string, description: 'When it was created, UTC, as YYYY-MM-DD HH:MM:SS' }";
    const draft = await draftOf('spaced', documentOf('Spaced', { ...customers, components: `${customerSchema}        create_time: ${spaced}\n        update_time: { type: string, example: '2024-01-10 09:00:00' }\n` }));
    expect(problemsOf(draft)).toEqual([]);
    const fields = (load(draft.text) as { fields: { unified: unknown; provider: string; convert?: string }[] }).fields;
    expect(fields.map((f) => [f.unified, f.provider, f.convert])).toEqual(expect.arrayContaining([['created_at', 'create_time', 'utc-spaced'], ['updated_at', 'update_time', 'utc-spaced']]));
    // Sure of UTC where the description says so; read as UTC, and said to be, where only the example shows the shape.
    expect(draft.lines.find((line) => line.provider === 'create_time')).toMatchObject({ confidence: 'high' });
    expect(draft.lines.find((line) => line.provider === 'update_time')).toMatchObject({ confidence: 'medium', reason: expect.stringContaining('read as UTC') });
  });

  it("matches a member the provider prefixes with its own name (`tally_notes` of the provider `tally`) without the prefix, and another provider's prefix not", async () => {
    const draft = await draftOf('tally', documentOf('Tally', { ...customers, components: `${customerSchema}        tally_notes: { type: string }\n        acme_tax_number: { type: string }\n` }));
    expect(problemsOf(draft)).toEqual([]);
    const fields = (load(draft.text) as { fields: { unified: unknown; provider: string }[] }).fields;
    expect(fields.map((f) => [f.unified, f.provider])).toContainEqual(['notes', 'tally_notes']);
    expect(fields.filter((f) => f.provider === 'acme_tax_number')).toEqual([]);
  });

  it("reads the id from the member the item path is addressed by, whatever its case (Twilio's /v1/Users/{Sid} and `sid`)", async () => {
    const draft = await draftOf(
      'sid',
      documentOf('Sid', { ...customers, components: customerSchema.replace('        id: { type: string }', '        sid: { type: string }') }).replace('/customers/{id}:', '/customers/{Sid}:').replace('{ name: id, in: path', '{ name: Sid, in: path'),
    );
    expect(problemsOf(draft)).toEqual([]);
    const mapping = load(draft.text) as { operations: Record<string, { path?: string }>; fields: { unified: unknown; provider: string }[] };
    expect(mapping.operations.customersOne?.path).toBe('/customers/{id}');
    expect(mapping.fields[0]).toEqual({ unified: 'id', provider: 'sid' });
  });

  it("maps the collection of people over one of accounts, and names the other with --record (Front has /accounts and /contacts)", async () => {
    const draft = await draftOf('front', front);
    expect(problemsOf(draft)).toEqual([]);
    const mapping = load(draft.text) as { record: string; operations: Record<string, { path?: string }> };
    expect(mapping.record).toBe('ContactResponse');
    expect(mapping.operations.customersAll?.path).toBe('/contacts');
    const comments = draft.text.replace(/\n# /g, ' ');
    expect(comments).toContain('TODO: GET /contacts answers ContactResponse records, mapped here; other collections could hold the customers: GET /accounts (AccountResponse)');
    expect(comments).toContain('--record AccountResponse');
  });

  it("drafts link paging for a `next` that is the next page's URL, even beside a page_token parameter (Front's _pagination.next)", async () => {
    const draft = await draftOf('frontpaging', front, 'ContactResponse');
    expect(problemsOf(draft)).toEqual([]);
    expect((load(draft.text) as { pagination: unknown }).pagination).toEqual({ type: 'link', source: 'body', next: '_pagination.next', size_param: 'limit', max_size: 100 });
  });

  it("reads no unified field from a link (Front's _links.related.notes is a URL), and a name described as a contact's as a person's", async () => {
    const draft = await draftOf('frontfields', front, 'ContactResponse');
    expect(problemsOf(draft)).toEqual([]);
    const fields = (load(draft.text) as { fields: { unified: unknown; provider: string }[] }).fields;
    expect(fields.map((f) => [f.unified, f.provider])).toEqual([
      ['id', 'id'],
      [['first_name', 'last_name'], 'name'],
    ]);
  });
});

/**
 * `generate new --api` for resources that are not customers: the collection
 * is found by the resource's own name and the words for it, and the field
 * lines by the unified record's members (names, titles, descriptions, types,
 * typed arrays), never by the customer's. Before, every resource was drafted
 * as customers: CRM companies from HubSpot's contacts, tickets from /users.
 */
describe('generate new --api, for a resource that is not a customer', () => {
  const apis = new Map<string, Promise<UnifiedIR>>();
  const unifiedOf = (file: string) => apis.get(file) ?? apis.set(file, loadOpenApi(path.join(repoRoot, file), file).then(buildUnifiedIR)).get(file)!;
  async function draftFor(api: string, unifiedFile: string, resource: string, specFile: string, record?: string): Promise<Draft> {
    const provider = await loadOpenApi(path.join(repoRoot, specFile), specFile);
    return draftMapping({ service: path.basename(specFile, '.yaml'), provider, unified: await unifiedOf(unifiedFile), from: specFile, api, resource, ...(record ? { record } : {}), schemaPath: path.join(repoRoot, 'mappings/schema.json') });
  }
  type Drafted = { record: string; pagination: unknown; operations: Record<string, { path?: string } | string>; fields: { unified: unknown; provider: string; convert?: string }[] };
  const pairs = (draft: Draft) => (load(draft.text) as Drafted).fields.map((f) => `${Array.isArray(f.unified) ? f.unified.join(' + ') : String(f.unified)} ← ${f.provider}${f.convert ? ` (${f.convert})` : ''}`);

  it.each([
    ['hubspot', 'Company', '/crm/v3/objects/companies', ['id ← id', 'name ← properties.name', 'description ← properties.description', 'industry ← properties.industry', 'annual_revenue ← properties.annualrevenue', 'number_of_employees ← properties.numberofemployees', 'phone_numbers[type=primary].number ← properties.phone', 'websites[type=primary].url ← properties.website', 'created_at ← createdAt (date-time)', 'updated_at ← updatedAt (date-time)']],
    ['pipedrive', 'Organization', '/organizations', ['id ← id (number-string)', 'name ← name', 'owner_id ← owner_id.id (number-string)', 'addresses[0].line1 ← address', 'addresses[0].city ← address_locality', 'addresses[0].postal_code ← address_postal_code']],
  ])("drafts CRM companies from %s's %s collection, with the company's field lines", async (provider, record, collection, lines) => {
    const draft = await draftFor('crm', 'specs/crm.yaml', 'companies', `specs/providers/${provider}.yaml`);
    expect(problemsOf(draft)).toEqual([]);
    const mapping = load(draft.text) as Drafted;
    expect(mapping.record).toBe(record);
    expect(mapping.operations).toMatchObject({ companiesAll: { path: collection }, companiesOne: { path: `${collection}/{id}` } });
    expect(pairs(draft)).toEqual(expect.arrayContaining(lines));
    // No person's or customer's field: the company record has no first name to fill from a contact's.
    expect(pairs(draft).filter((pair) => /^(first_name|last_name|emails)/.test(pair))).toEqual([]);
  });

  it("reads a CRM contact's job title from the noun phrase of its description (\"The job title of the contact\") and a website into the typed websites array", async () => {
    const draft = await draftFor('crm', 'specs/crm.yaml', 'contacts', 'specs/providers/hubspot.yaml');
    expect(problemsOf(draft)).toEqual([]);
    expect(pairs(draft)).toEqual(expect.arrayContaining(['title ← properties.jobtitle', 'websites[type=primary].url ← properties.website', 'phone_numbers[type=mobile].number ← properties.mobilephone', 'first_name ← properties.firstname']));
  });

  it("reads a nested record's id (Pipedrive's owner `{id, name, email}`), never its other members, as the record's own", async () => {
    const draft = await draftFor('crm', 'specs/crm.yaml', 'contacts', 'specs/providers/pipedrive.yaml');
    expect(problemsOf(draft)).toEqual([]);
    expect(pairs(draft)).toContain('owner_id ← owner_id.id (number-string)');
    expect(pairs(draft).filter((pair) => pair.includes('owner_id.') && !pair.includes('owner_id.id'))).toEqual([]);
  });

  it("reads a related record's id from the `{value, name}` its reads answer and writes the id alone its requests take (Pipedrive's org_id), its flag and timestamps by their usual names", async () => {
    const draft = await draftFor('crm', 'specs/crm.yaml', 'contacts', 'specs/providers/pipedrive.yaml');
    expect(problemsOf(draft)).toEqual([]);
    expect(pairs(draft)).toEqual(expect.arrayContaining(['company_id ← org_id.value (number-string)', 'company_id ← org_id (number-string)', 'company_name ← org_name', 'active ← active_flag', 'created_at ← add_time (utc-spaced)', 'updated_at ← update_time (utc-spaced)']));
    const fields = (load(draft.text) as { fields: { unified: unknown; provider: string; direction?: string }[] }).fields;
    expect(fields.filter((f) => f.unified === 'company_id').map((f) => [f.provider, f.direction])).toEqual([['org_id.value', 'read'], ['org_id', 'write']]);
  });

  it("reads HubSpot's `hubspot_owner_id` as the owner's id, its own name dropped", async () => {
    const draft = await draftFor('crm', 'specs/crm.yaml', 'companies', 'specs/providers/hubspot.yaml');
    expect(pairs(draft)).toContain('owner_id ← properties.hubspot_owner_id');
  });

  it("refuses a resource the document has no collection of (CRM notes from HubSpot's contacts and companies), rather than drafting another", async () => {
    await expect(draftFor('crm', 'specs/crm.yaml', 'notes', 'specs/providers/hubspot.yaml')).rejects.toThrow(/cannot tell which component schema is one note record/);
  });

  it("drafts tickets from an issue tracker's tasks, not its users: the id its item path is addressed by, the label, a nested creator's id, and an offset token as cursor paging (Asana's shape)", async () => {
    const draft = await draftFor('tickets', 'test/fixtures/tickets/unified.yaml', 'tickets', 'test/fixtures/tickets/provider.yaml');
    expect(problemsOf(draft)).toEqual([]);
    const mapping = load(draft.text) as Drafted;
    expect(mapping.record).toBe('TaskCompact');
    expect(mapping.operations).toMatchObject({ ticketsAll: { path: '/tasks' }, ticketsOne: { path: '/tasks/{id}' }, ticketsAdd: { path: '/tasks' }, ticketsDelete: { path: '/tasks/{id}' } });
    expect(pairs(draft)).toEqual(['id ← gid', 'created_by ← created_by.gid', 'subject ← name']);
    // Its `offset` is text the answer gives back in next_page.offset: sent as it came, never counted.
    expect(mapping.pagination).toEqual({ type: 'cursor', cursor_param: 'offset', next: 'next_page.offset', size_param: 'limit', max_size: 100 });
    // The last page of the list example ends as the provider's does: next_page null.
    const list = (load(draft.text) as { examples: { cases: Case[] } }).examples.cases.find((c) => c.operation === 'ticketsAll')!;
    expect(list.exchanges[0]!.response.body).toMatchObject({ next_page: null });
  });

  it("drafts the nested fixture's cards from its tasks without --record, the card's title from the task's name", async () => {
    const draft = await draftFor('nested', 'test/fixtures/nested/unified.yaml', 'cards', 'test/fixtures/nested/provider.yaml');
    expect(problemsOf(draft)).toEqual([]);
    expect((load(draft.text) as Drafted).record).toBe('Task');
    expect(pairs(draft)).toEqual(['id ← id (number-string)', 'created_at ← created (date-time)', 'title ← name']);
  });
});
