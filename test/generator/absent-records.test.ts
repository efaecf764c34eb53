/**
 * A list answer whose records member is absent. Where the provider's document
 * writes a `required` list that leaves it out (HAL's `_embedded`, which Help
 * Scout omits from an empty page), absence is an empty page; where the
 * document writes no `required` there, it says nothing, and an answer without
 * records stays a fault, as does a body of another shape — unless the mapping
 * says why absence is an empty page (`undocumented.records_absent`), which is
 * refused where the document already says so or the request reads no records.
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerationError } from '../../src/diagnostics.js';
import { generate } from '../../src/generate.js';
import { tempProject, type TempProject } from '../support/project.js';

type Connector = { customersAll(params: { limit?: number }): Promise<{ data: unknown[]; meta?: { cursors?: { next: string | null } } }> };
type Factory = (options: Record<string, unknown>) => Connector;

/** A Kickserv connector generated from its document with `edit` made to it, and a provider answering `body` to every list. */
async function kickserv(edit: (document: string) => string, mapping: (text: string) => string = (text) => text): Promise<{ project: TempProject; factory: Factory }> {
  const project = await tempProject({ mappings: ['kickserv'] });
  await project.edit('specs/providers/kickserv.yaml', edit);
  // The documented list answer with the page number the edited document requires.
  await project.edit('mappings/kickserv.yaml', (t) => mapping(t.replace('            body:\n              customers:\n', '            body:\n              page: 1\n              customers:\n')));
  await generate({ root: project.root, mode: 'write' });
  const module = await project.load<{ createKickservConnector: Factory }>('generated/kickserv/connector.gen.ts');
  return { project, factory: module.createKickservConnector };
}

async function answering(body: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createServer((_, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function list(factory: Factory, body: string): Promise<{ ok: true; data: unknown[]; next: string | null } | { ok: false; error: { type_name?: string; message?: string } }> {
  const provider = await answering(body);
  try {
    const connector = factory({ settings: { account: 'acme' }, credentials: { api_token: 'token-1234' }, baseUrl: provider.origin, retry: { attempts: 1 }, onIssue: () => undefined });
    const page = await connector.customersAll({ limit: 10 });
    return { ok: true, data: page.data, next: page.meta?.cursors?.next ?? null };
  } catch (error) {
    return { ok: false, error: error as { type_name?: string; message?: string } };
  } finally {
    await provider.close();
  }
}

const listSchema = '    CustomerList:\n      type: object\n      properties:\n';
const requiredPage = (t: string) => t.replace(listSchema, `    CustomerList:\n      type: object\n      required: [page]\n      properties:\n        page:\n          type: integer\n`);
const silentPage = (t: string) => t.replace(listSchema, `${listSchema}        page:\n          type: integer\n`);
const WHY = 'the API leaves an empty array out of its JSON';
/** The mapping's word that an answer without records is an empty page, on `operation`. */
const vouch = (operation: string, records = '    records: customers\n') => (t: string) => {
  const at = t.indexOf(`  ${operation}:\n`);
  const end = t.indexOf('\n  customers', at + 1);
  const block = t.slice(at, end);
  const anchor = block.includes(records) ? records : '    status: [200]\n';
  return t.slice(0, at) + block.replace(anchor, `${anchor}    undocumented:\n      records_absent: ${WHY}\n`) + t.slice(end);
};

describe('a list answer without its records member', () => {
  let declared: { project: TempProject; factory: Factory };
  let silent: { project: TempProject; factory: Factory };
  let vouched: { project: TempProject; factory: Factory };
  beforeAll(async () => {
    // The document says which members a page always has, and the records are not among them.
    declared = await kickserv(requiredPage);
    silent = await kickserv(silentPage);
    vouched = await kickserv(silentPage, vouch('customersAll'));
  }, 60_000);
  afterAll(async () => {
    await declared.project.dispose();
    await silent.project.dispose();
    await vouched.project.dispose();
  });

  it("is an empty page, the list's end, where the document's required list leaves it out", async () => {
    expect(await list(declared.factory, '{"page":1}')).toEqual({ ok: true, data: [], next: null });
  });

  it('is still a fault where the document writes no required list, and a body of another shape is one either way', async () => {
    const undeclared = await list(silent.factory, '{"page":1}');
    expect(undeclared.ok).toBe(false);
    expect(undeclared.ok ? undefined : undeclared.error.message).toMatch(/no records array at customers/);
    for (const body of ['"customers"', '[]']) {
      const other = await list(declared.factory, body);
      expect(other.ok, body).toBe(false);
    }
  });

  it("is an empty page where the document says nothing but the mapping says why (undocumented.records_absent), named as a note; a body of another shape is still a fault", async () => {
    expect(await list(vouched.factory, '{"page":1}')).toEqual({ ok: true, data: [], next: null });
    for (const body of ['"customers"', '[]', '{"customers":"none"}']) expect((await list(vouched.factory, body)).ok, body).toBe(false);
    const result = await generate({ root: vouched.project.root, mode: 'none' });
    const note = result.ir.connectors[0]!.trusted.find((d) => d.message.includes('is an empty page'));
    expect(note?.message).toBe("an answer without 'customers' is an empty page; trusted on the mapping's word");
    expect(note?.hint).toBe(WHY);
  });

  it.each([
    ['where the document already leaves the records out of its required list', requiredPage, 'customersAll', /already leaves 'customers' out of its `required` list, so an answer without it is an empty page; it needs no vouching/],
    ['on a request that reads no records', silentPage, 'customersOne', /this request reads no `records`/],
  ])('the mapping word is refused %s, at its line', async (_, document, operation, message) => {
    const project = await tempProject({ mappings: ['kickserv'] });
    try {
      await project.edit('specs/providers/kickserv.yaml', document);
      await project.edit('mappings/kickserv.yaml', (t) => vouch(operation)(t.replace('            body:\n              customers:\n', '            body:\n              page: 1\n              customers:\n')));
      const error = await generate({ root: project.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(GenerationError);
      const found = (error as GenerationError).diagnostics.find((d) => message.test(d.message));
      expect(found, (error as GenerationError).message).toBeDefined();
      expect(found?.file).toBe('mappings/kickserv.yaml');
      const line = (await project.read('mappings/kickserv.yaml')).split('\n').findIndex((l) => l.includes('records_absent:')) + 1;
      expect(found?.position?.line).toBe(line);
      expect(found?.hint).toBe('remove `undocumented.records_absent`');
    } finally {
      await project.dispose();
    }
  });
});
