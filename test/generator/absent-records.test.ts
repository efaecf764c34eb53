/**
 * A list answer whose records member is absent. Where the provider's document
 * writes a `required` list that leaves it out (HAL's `_embedded`, which Help
 * Scout omits from an empty page), absence is an empty page; where the
 * document writes no `required` there, it says nothing, and an answer without
 * records stays a fault, as does a body of another shape.
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/generate.js';
import { tempProject, type TempProject } from '../support/project.js';

type Connector = { customersAll(params: { limit?: number }): Promise<{ data: unknown[]; meta?: { cursors?: { next: string | null } } }> };
type Factory = (options: Record<string, unknown>) => Connector;

/** A Kickserv connector generated from its document with `edit` made to it, and a provider answering `body` to every list. */
async function kickserv(edit: (document: string) => string): Promise<{ project: TempProject; factory: Factory }> {
  const project = await tempProject({ mappings: ['kickserv'] });
  await project.edit('specs/providers/kickserv.yaml', edit);
  // The documented list answer with the page number the edited document requires.
  await project.edit('mappings/kickserv.yaml', (t) => t.replace('            body:\n              customers:\n', '            body:\n              page: 1\n              customers:\n'));
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

describe('a list answer without its records member', () => {
  let declared: { project: TempProject; factory: Factory };
  let silent: { project: TempProject; factory: Factory };
  beforeAll(async () => {
    // The document says which members a page always has, and the records are not among them.
    declared = await kickserv((t) => t.replace(listSchema, `    CustomerList:\n      type: object\n      required: [page]\n      properties:\n        page:\n          type: integer\n`));
    silent = await kickserv((t) => t.replace(listSchema, `${listSchema}        page:\n          type: integer\n`));
  }, 60_000);
  afterAll(async () => {
    await declared.project.dispose();
    await silent.project.dispose();
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
});
