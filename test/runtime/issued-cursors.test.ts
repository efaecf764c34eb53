/**
 * A cursor a connector hands out in `meta.cursors.next` is accepted back:
 * real generated connectors walking a loopback provider whose next page
 * addresses are long. An address too long to carry never becomes a cursor
 * the next call refuses as the caller's fault: the records of the page that
 * met it are answered, with a cursor whose call fails with a
 * `ConnectorExecutionError` saying why, before any request.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../generated/zendesk/connector.gen.js';
import { createKustomerConnector } from '../../generated/kustomer/connector.gen.js';
import { createHubspotContactsConnector } from '../../generated/crm/hubspot/contacts/connector.gen.js';
import { MAX_ADDRESS_LENGTH, MAX_CURSOR_LENGTH, UnifiedError } from '../../src/runtime/index.js';

/** A provider answering `answer(url)` as JSON to every request, logging the URLs asked for. */
async function provider(answer: (url: URL, origin: string) => unknown) {
  const requests: URL[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', origin);
    requests.push(url);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer(url, origin)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  running.push(server);
  return { origin, requests };
}

const running: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function failure(call: Promise<unknown>): Promise<UnifiedError> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(UnifiedError);
  return outcome as UnifiedError;
}

const zendeskUser = (id: number) => ({ id, name: `User ${id}`, email: `user${id}@example.com`, role: 'end-user' });

/** Zendesk: page 1 points on with `after_cursor` = `token`, page 2 (asked with that cursor) is the last. */
function zendesk(token: string) {
  return provider((url) => {
    const after = url.searchParams.get('page[after]');
    if (after === null) return { users: [zendeskUser(1)], meta: { has_more: true, after_cursor: token } };
    return { users: [zendeskUser(after === token ? 2 : 99)], meta: { has_more: false, after_cursor: null } };
  });
}

const connectZendesk = (origin: string) =>
  createZendeskConnector({ settings: { subdomain: 'example' }, credentials: { api_token: 'token-1234', email: 'jdoe@example.com' }, baseUrl: `${origin}/api/v2`, retry: { attempts: 1 }, readAhead: false, onIssue: () => undefined });

describe('cursors issued over long provider addresses', () => {
  it.each([2049, 4000, MAX_ADDRESS_LENGTH])('Zendesk: an after_cursor of %i characters is carried and accepted back', async (length) => {
    const token = 'c'.repeat(length);
    const { origin, requests } = await zendesk(token);
    const connector = connectZendesk(origin);
    const first = await connector.customersAll({ limit: 1 });
    const next = first.meta?.cursors?.next ?? null;
    expect(next).not.toBeNull();
    expect(next!.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
    const second = await connector.customersAll({ limit: 1, cursor: next });
    expect(second.data.map((c) => c.id)).toEqual(['2']);
    expect(requests.at(-1)!.searchParams.get('page[after]')).toBe(token);
  });

  it('Zendesk: an after_cursor longer than a cursor carries: the page is answered, and the call its cursor makes fails as a ConnectorExecutionError, sending nothing', async () => {
    const { origin, requests } = await zendesk('c'.repeat(MAX_ADDRESS_LENGTH + 1));
    const connector = connectZendesk(origin);
    const first = await connector.customersAll({ limit: 1 });
    expect(first.data.map((c) => c.id)).toEqual(['1']);
    const next = first.meta?.cursors?.next ?? null;
    expect(next).not.toBeNull();
    const error = await failure(connector.customersAll({ limit: 1, cursor: next }));
    expect(error.type_name).toBe('ConnectorExecutionError');
    expect(error.message).toContain('next page address is too long');
    expect(error.detail).toMatchObject({ reason: 'next page address too long', max_address_length: MAX_ADDRESS_LENGTH, max_cursor_length: MAX_CURSOR_LENGTH });
    expect(requests).toHaveLength(1);
  });

  it('Kustomer: a links.next longer than 2048 characters is carried and accepted back', async () => {
    const { origin, requests } = await provider((url, at) => {
      if (!url.searchParams.has('after')) return { data: [{ type: 'customer', id: 'c1', attributes: { name: 'One' } }], links: { next: `${at}/v1/customers?after=${'k'.repeat(2100)}` } };
      return { data: [{ type: 'customer', id: 'c2', attributes: { name: 'Two' } }], links: { next: null } };
    });
    const connector = createKustomerConnector({ settings: { host: 'acme.api.kustomerapp.com' }, credentials: { api_key: 'kst_key' }, baseUrl: `${origin}/v1`, retry: { attempts: 1 }, readAhead: false, onIssue: () => undefined });
    const first = await connector.customersAll({ limit: 1 });
    expect(first.meta?.cursors?.next ?? null).not.toBeNull();
    const second = await connector.customersAll({ limit: 1, cursor: first.meta?.cursors?.next ?? null });
    expect(second.data.map((c) => c.id)).toEqual(['c2']);
    expect(requests.at(-1)!.searchParams.get('after')).toBe('k'.repeat(2100));
  });

  it('HubSpot: an `after` that JSON-escapes past the cursor limit: the page is answered, and the walk ends on the next call, sending nothing', async () => {
    // 2000 characters, under the address limit, but each control character is six in JSON: about 8 KB once encoded.
    const after = '"\u0001\u001f'.repeat(667).slice(0, 2000);
    const { origin, requests } = await provider((url) => {
      if (!url.searchParams.has('after')) return { results: [{ id: '1', properties: { firstname: 'Ann' } }], paging: { next: { after } } };
      return { results: [{ id: '2', properties: { firstname: 'Bob' } }] };
    });
    const connector = createHubspotContactsConnector({ settings: {}, credentials: { access_token: 'token-1234' }, baseUrl: origin, retry: { attempts: 1 }, readAhead: false, onIssue: () => undefined });
    const first = await connector.contactsAll({ limit: 1 });
    expect(first.data.map((c) => c.id)).toEqual(['1']);
    const next = first.meta?.cursors?.next ?? null;
    expect(next!.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
    const error = await failure(connector.contactsAll({ limit: 1, cursor: next }));
    expect(error.type_name).toBe('ConnectorExecutionError');
    expect(error.message).toContain('next page address is too long');
    expect(requests).toHaveLength(1);
  });
});
