/**
 * What a connector keeps in flight while a caller walks a list, and what
 * `iterateAll` prefetches: asserted on the order of events a loopback
 * provider sees (requests arriving, answers sent, connections closed), never
 * on time.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createKickservConnector, kickservBaseUrl } from '../../generated/kickserv/connector.gen.js';
import { createOmnideskConnector, omnideskBaseUrl } from '../../generated/omnidesk/connector.gen.js';
import { createIntercomConnector, intercomBaseUrl } from '../../generated/intercom/connector.gen.js';
import { createPipedriveContactsConnector } from '../../generated/crm/pipedrive/contacts/connector.gen.js';
import { type HttpEvent, iterateAll } from '../../src/runtime/index.js';

interface Held {
  url: URL;
  answer: () => void;
}

/**
 * A provider list endpoint that answers `body(url)`, at once or — while held —
 * only when the test says so; it logs every event in order.
 */
async function gatedProvider(listPath: string, body: (url: URL) => unknown, fails: (url: URL) => boolean = () => false) {
  const events: string[] = [];
  const held: Held[] = [];
  const waiters: { until: () => boolean; resolve: () => void }[] = [];
  let holding = false;
  let open = 0;
  let mostOpen = 0;
  const changed = () => {
    for (const waiter of [...waiters]) {
      if (waiter.until()) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const name = url.search.slice(1);
    events.push(`request ${name}`);
    open++;
    mostOpen = Math.max(mostOpen, open);
    let answered = false;
    response.on('close', () => {
      open--;
      if (!answered) events.push(`closed unanswered ${name}`);
      changed();
    });
    const answer = () => {
      answered = true;
      events.push(`answer ${name}`);
      if (fails(url)) response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"unavailable"}');
      else response.writeHead(url.pathname === listPath ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body(url)));
    };
    if (holding) held.push({ url, answer });
    else answer();
    changed();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    events,
    requests: () => events.filter((e) => e.startsWith('request ')).map((e) => e.slice('request '.length)),
    get mostOpen() {
      return mostOpen;
    },
    hold(on: boolean) {
      holding = on;
      if (!on) for (const h of held.splice(0)) h.answer();
    },
    held: () => held.map((h) => h.url.search.slice(1)),
    /**
     * Starts `call` with answers held back until `count` requests wait, then
     * answers them: the requests that were waiting, and what the call returned.
     */
    async holding<T>(count: number, call: () => Promise<T>): Promise<{ waiting: string[]; result: T }> {
      holding = true;
      const pending = call();
      await this.when(() => held.length === count);
      const waiting = held.map((h) => h.url.search.slice(1));
      this.hold(false);
      return { waiting, result: await pending };
    },
    /** Resolves once `until` holds (checked at every request and closed connection). */
    when(until: () => boolean): Promise<void> {
      if (until()) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ until, resolve }));
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Provider = Awaited<ReturnType<typeof gatedProvider>>;

let provider: Provider | undefined;
afterEach(async () => {
  await provider?.close();
  provider = undefined;
});

const kickservSettings = { account: 'acme' };

/** Connector options the tests vary: read-ahead, and a log of what the connector sends. */
interface ConnectionOptions {
  readAhead?: boolean;
  log?: (event: HttpEvent) => void;
}

/** A log that keeps the URL of every request the connector sends, as it sends it (before the provider sees it). */
function sentRequests(): { urls: string[]; log: (event: HttpEvent) => void } {
  const urls: string[] = [];
  return { urls, log: (event) => void (event.type === 'request' && urls.push(event.url)) };
}

/** Kickserv pages by number with a size it picks (here 5); `total` customers. */
async function kickserv(total: number, fails?: (url: URL) => boolean, options: ConnectionOptions = {}) {
  const base = new URL(kickservBaseUrl(kickservSettings)).pathname;
  provider = await gatedProvider(`${base}/customers.json`, (url) => {
    const page = Number(url.searchParams.get('customers_page'));
    const from = (page - 1) * 5;
    return { customers: Array.from({ length: Math.max(0, Math.min(5, total - from)) }, (_, i) => ({ customer_number: 1000 + from + i, name: 'Acme' })) };
  }, fails);
  return createKickservConnector({ settings: kickservSettings, credentials: { api_token: 'token-1234' }, baseUrl: provider.origin + base, retry: { attempts: 1 }, ...options });
}

const intercomSettings = { region_host: 'api.eu.intercom.io' };

/** Intercom pages by cursor (`starting_after`), here 5 users a page; `total` users. */
async function intercom(total: number, options: ConnectionOptions = {}) {
  provider = await gatedProvider('/contacts', (url) => {
    const after = url.searchParams.get('starting_after');
    const from = after === null ? 0 : Number(after.slice(1)) * 5;
    const data = Array.from({ length: Math.max(0, Math.min(5, total - from)) }, (_, i) => ({ id: `u${from + i}`, role: 'user', name: 'Ada Lovelace' }));
    return { type: 'list', data, pages: from + 5 < total ? { next: { starting_after: `c${from / 5 + 1}` } } : {} };
  });
  return createIntercomConnector({ settings: intercomSettings, credentials: { access_token: 'token-1234' }, baseUrl: provider.origin + new URL(intercomBaseUrl(intercomSettings)).pathname.replace(/\/$/, ''), retry: { attempts: 1 }, onIssue: () => undefined, ...options });
}

/** The cursors a provider was asked for, in order (`first` for none). */
const cursorsAsked = () => provider!.requests().map((r) => new URLSearchParams(r).get('starting_after') ?? 'first');

/** The ids of every customer, read page by page through the list's cursors. */
async function walkIds(connector: ReturnType<typeof createKickservConnector>, limit: number): Promise<(string | undefined)[]> {
  const ids: (string | undefined)[] = [];
  let cursor: string | null = null;
  do {
    const page = await connector.customersAll({ limit, cursor });
    ids.push(...page.data.map((c) => c.id));
    cursor = page.meta?.cursors?.next ?? null;
  } while (cursor !== null);
  return ids;
}

const omnideskSettings = { account: 'acme', brand_id: '3' };

/** Omnidesk pages by offset, at most 99 a page, and declares its total. */
async function omnidesk(total: number) {
  const base = new URL(omnideskBaseUrl(omnideskSettings)).pathname.replace(/\/$/, '');
  provider = await gatedProvider(`${base}/customer`, (url) => {
    const start = Number(url.searchParams.get('itemStart'));
    const limit = Math.min(99, Number(url.searchParams.get('itemLimit')));
    const items = Array.from({ length: Math.max(0, Math.min(limit, total - start)) }, (_, i) => ({ id: start + i, full_name: `Customer ${start + i}` }));
    return { items, itemTotal: total };
  });
  return createOmnideskConnector({ settings: omnideskSettings, credentials: { api_key: 'od_key' }, baseUrl: provider.origin + base, retry: { attempts: 1 }, onIssue: () => undefined } as never);
}

describe('provider pages in flight while a caller walks a list', () => {
  it('page numbers of a size the provider picks: the first unified page asks one page at a time, later ones ask every page they need at once', async () => {
    const connector = await kickserv(40);
    const first = await connector.customersAll({ limit: 10 });
    expect(first.data.map((c) => c.id)).toEqual(Array.from({ length: 10 }, (_, i) => String(1000 + i)));
    // No guess before the provider's first answer shows its page size.
    expect(provider!.events).toEqual(['request customers_page=1', 'answer customers_page=1', 'request customers_page=2', 'answer customers_page=2']);

    const second = await provider!.holding(2, () => connector.customersAll({ limit: 10, cursor: first.meta?.cursors?.next ?? null }));
    // Both pages of the second unified page are asked for before either is answered.
    expect(second.waiting).toEqual(['customers_page=3', 'customers_page=4']);
    expect(second.result.data.map((c) => c.id)).toEqual(Array.from({ length: 10 }, (_, i) => String(1010 + i)));
  });

  it('with readAhead: false, a walking caller\'s list call sends only the requests its own unified page needs', async () => {
    for (const readAhead of [true, false]) {
      const sent = sentRequests();
      const connector = await kickserv(40, undefined, { readAhead, log: sent.log });
      const first = await connector.customersAll({ limit: 10 });
      const second = await connector.customersAll({ limit: 10, cursor: first.meta?.cursors?.next ?? null });
      expect(second.data.map((c) => c.id)).toEqual(Array.from({ length: 10 }, (_, i) => String(1010 + i)));
      // Sent by the second call before it returned, or not at all.
      expect(sent.urls.some((url) => url.endsWith('customers_page=5'))).toBe(readAhead);
      if (readAhead) {
        // The default: the third unified page's provider pages are on their way before it is asked for.
        await provider!.when(() => provider!.requests().includes('customers_page=6'));
      } else {
        expect(provider!.requests()).toEqual(['customers_page=1', 'customers_page=2', 'customers_page=3', 'customers_page=4']);
        const third = await provider!.holding(2, () => connector.customersAll({ limit: 10, cursor: second.meta?.cursors?.next ?? null }));
        // Pages 5 and 6 are asked for by the third call itself, both at once.
        expect(third.waiting).toEqual(['customers_page=5', 'customers_page=6']);
        expect(third.result.data.map((c) => c.id)).toEqual(Array.from({ length: 10 }, (_, i) => String(1020 + i)));
        expect(provider!.requests()).toEqual(['customers_page=1', 'customers_page=2', 'customers_page=3', 'customers_page=4', 'customers_page=5', 'customers_page=6']);
      }
      await provider!.close();
      provider = undefined;
    }
  });

  it('cursors: walking, the next provider page is asked for as soon as its cursor is known; with readAhead: false, only by the call that needs it', async () => {
    // Unified pages of 10 end where a provider page ends; of 7, inside one (the rest of it is kept).
    for (const limit of [10, 7]) {
      for (const readAhead of [true, false]) {
        const sent = sentRequests();
        const connector = await intercom(40, { readAhead, log: sent.log });
        const first = await connector.customersAll({ limit });
        const second = await connector.customersAll({ limit, cursor: first.meta?.cursors?.next ?? null });
        expect(second.data.map((c) => c.id)).toEqual(Array.from({ length: limit }, (_, i) => `u${limit + i}`));
        // The first provider page of the third unified page not yet fetched (with 7, the rest of c2 is kept).
        const next = `c${Math.ceil((2 * limit) / 5)}`;
        // Sent by the second call before it returned, or not at all.
        expect(sent.urls.some((url) => new URL(url).searchParams.get('starting_after') === next)).toBe(readAhead);
        if (readAhead) await provider!.when(() => cursorsAsked().includes(next));
        else {
          const third = await provider!.holding(1, () => connector.customersAll({ limit, cursor: second.meta?.cursors?.next ?? null }));
          expect(third.waiting.map((r) => new URLSearchParams(r).get('starting_after'))).toEqual([next]);
          expect(third.result.data.map((c) => c.id)).toEqual(Array.from({ length: limit }, (_, i) => `u${2 * limit + i}`));
        }
        // Either way, no provider page is asked for twice.
        expect(new Set(cursorsAsked()).size).toBe(cursorsAsked().length);
        await provider!.close();
        provider = undefined;
      }
    }
  });

  it('page numbers: a whole walk reads every record once and asks for no provider page twice', async () => {
    const connector = await kickserv(43);
    const ids = await walkIds(connector, 10);
    expect(ids).toEqual(Array.from({ length: 43 }, (_, i) => String(1000 + i)));
    const asked = provider!.requests();
    expect(new Set(asked).size).toBe(asked.length);
    // Never more than one unified page's worth (two provider pages) at once.
    expect(provider!.mostOpen).toBeLessThanOrEqual(2);
  });

  it('a page read ahead that failed is asked for again by the unified page that needs it, which succeeds', async () => {
    let failures = 0;
    // Page 5 is read ahead by the second unified page and fails once.
    const connector = await kickserv(30, (url) => url.searchParams.get('customers_page') === '5' && failures++ === 0);
    const ids = await walkIds(connector, 10);
    expect(ids).toEqual(Array.from({ length: 30 }, (_, i) => String(1000 + i)));
    expect(failures).toBe(2);
    expect(provider!.requests().filter((r) => r === 'customers_page=5')).toHaveLength(2);
  });

  it('offsets: requests stay in flight across unified pages, within one unified page’s worth, never past the declared total', async () => {
    const connector = await omnidesk(1000);
    const ids: unknown[] = [];
    let cursor: string | null = null;
    const furthest = () => Math.max(...provider!.requests().map((r) => Number(new URLSearchParams(r).get('itemStart'))));
    do {
      const page = await connector.customersAll({ limit: 200, cursor });
      const walking = cursor !== null;
      ids.push(...page.data.map((c) => c.id));
      cursor = page.meta?.cursors?.next ?? null;
      // Walking, a page past the records answered so far is asked for without waiting for the next call.
      if (walking && cursor !== null) await provider!.when(() => furthest() >= ids.length);
    } while (cursor !== null);
    expect(ids).toEqual(Array.from({ length: 1000 }, (_, i) => String(i)));
    const asked = provider!.requests();
    expect(new Set(asked).size).toBe(asked.length);
    expect(asked.every((r) => Number(new URLSearchParams(r).get('itemStart')) < 1000)).toBe(true);
    expect(provider!.mostOpen).toBeLessThanOrEqual(3);
  });
});

describe('iterateAll with prefetch', () => {
  it('requests the next unified page while the caller still works on the current one', async () => {
    const connector = await kickserv(40);
    const log: string[] = [];
    let count = 0;
    for await (const customer of iterateAll(connector.customersAll, { limit: 10 }, { prefetch: true })) {
      if (++count === 10) {
        // The caller's work on page one ends only once the provider has seen page two's first request.
        await provider!.when(() => provider!.requests().includes('customers_page=3'));
        log.push('page one done');
      }
      if (customer.id === '1010') log.push('page two started');
    }
    expect(count).toBe(40);
    expect(log).toEqual(['page one done', 'page two started']);
  });

  it('stays a bounded number of unified pages ahead of a caller that does not move on', async () => {
    const connector = await kickserv(100);
    const iterator = iterateAll(connector.customersAll, { limit: 10 }, { prefetch: 2 })[Symbol.asyncIterator]();
    await iterator.next();
    // Two unified pages ahead of the first (pages 3–6); the walk then waits for the caller.
    await provider!.when(() => provider!.requests().includes('customers_page=6'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const asked = provider!.requests().map((r) => Number(new URLSearchParams(r).get('customers_page')));
    // Past those, the connector's own read-ahead of one unified page's worth (pages 7–8) at most.
    expect(Math.max(...asked)).toBeLessThanOrEqual(8);
    await iterator.return!(undefined);
  });

  it('a caller that stops early cancels the page in flight: its connection is closed, nothing is left to fail later', async () => {
    const connector = await kickserv(100);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let count = 0;
      for await (const _ of iterateAll(connector.customersAll, { limit: 10 }, { prefetch: true })) {
        if (++count === 1) {
          // The next unified page is on its way and the provider holds it back.
          provider!.hold(true);
          await provider!.when(() => provider!.held().length > 0);
          break;
        }
      }
      // The held request's connection is closed by the client, unanswered.
      await provider!.when(() => provider!.events.some((e) => e.startsWith('closed unanswered')));
      const closed = provider!.events.filter((e) => e.startsWith('closed unanswered')).map((e) => e.slice('closed unanswered '.length));
      expect(closed.length).toBeGreaterThan(0);
      expect(closed.every((name) => provider!.held().includes(name))).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('pages kept for a walk belong to the list call that asked for them', () => {
  /** Pipedrive persons by owner, endless: offset `start`, and `user_id` filters by owner. */
  const persons = (url: URL) => {
    const start = Number(url.searchParams.get('start') ?? 0);
    const size = Number(url.searchParams.get('limit') ?? 100);
    const owner = Number(url.searchParams.get('user_id') ?? 0);
    return {
      success: true,
      data: Array.from({ length: size }, (_, i) => ({ id: owner * 1000 + start + i + 1, name: `Person ${start + i + 1}`, owner_id: { id: owner } })),
      additional_data: { pagination: { start, limit: size, more_items_in_collection: true } },
    };
  };
  /** The owners of every contact on the first `pages` unified pages of a walk filtered by `owner`. */
  const ownersWalked = async (connector: ReturnType<typeof createPipedriveContactsConnector>, owner: string, pages: number) => {
    const owners: unknown[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < pages; i++) {
      const page = await connector.contactsAll({ filter: { owner_id: owner }, limit: 2, ...(cursor ? { cursor } : {}) });
      owners.push(...page.data.map((contact) => contact.owner_id));
      cursor = page.meta?.cursors?.next ?? null;
    }
    return owners;
  };

  /** Each request as `owner@start`, in the order they arrived. */
  const asked = () => provider!.requests().map((r) => new URLSearchParams(r)).map((q) => `${q.get('user_id')}@${q.get('start')}`);

  it('a walk with another filter asks for its own pages, never taking those read ahead for the first', async () => {
    provider = await gatedProvider('/api/v1/persons', persons);
    const connector = createPipedriveContactsConnector({ settings: { company_domain: 'acme' }, credentials: { api_token: 'token' }, baseUrl: `${provider.origin}/api/v1`, retry: { attempts: 1 } });
    // The first walk stops after two pages, leaving its read-ahead of the third kept.
    expect(await ownersWalked(connector, '1', 2)).toEqual(['1', '1', '1', '1']);
    await provider.when(() => provider!.requests().length === 3);
    expect(asked()).toEqual(['1@0', '1@2', '1@4']);
    expect(await ownersWalked(connector, '2', 3)).toEqual(['2', '2', '2', '2', '2', '2']);
    // Its own pages 1–3 and its read-ahead of page 4.
    await provider.when(() => provider!.requests().length === 7);
    expect(asked().slice(3)).toEqual(['2@0', '2@2', '2@4', '2@6']);
  });

  it('the same walk again takes what the first read ahead', async () => {
    provider = await gatedProvider('/api/v1/persons', persons);
    const connector = createPipedriveContactsConnector({ settings: { company_domain: 'acme' }, credentials: { api_token: 'token' }, baseUrl: `${provider.origin}/api/v1`, retry: { attempts: 1 } });
    await ownersWalked(connector, '1', 2);
    await provider.when(() => provider!.requests().length === 3);
    // Pages 1 and 2 again, page 3 from what the first walk kept, and a read-ahead of page 4.
    expect(await ownersWalked(connector, '1', 3)).toEqual(['1', '1', '1', '1', '1', '1']);
    await provider.when(() => provider!.requests().length === 6);
    expect(asked()).toEqual(['1@0', '1@2', '1@4', '1@0', '1@2', '1@6']);
  });
});
