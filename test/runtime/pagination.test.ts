/**
 * The paging window: whatever the provider's page size, cap or style, walking
 * unified pages by their next position returns every record once, in order.
 */

import { describe, expect, it } from 'vitest';
import { collectPage, ProviderPageCache, type FetchedPage, type PagePosition, type PageRequest, type PaginationStrategy } from '../../src/runtime/index.js';

const base = new URL('https://api.example.com/v1');

/** An in-memory provider serving `total` records the way `strategy` pages them. */
function provider(strategy: PaginationStrategy, total: number, chosenSize = 7) {
  const records = Array.from({ length: total }, (_, i) => i);
  const requests: PageRequest[] = [];
  const fetchPage = async (request: PageRequest): Promise<FetchedPage> => {
    const page = answer(request);
    return { ...page, size: JSON.stringify(page.body).length };
  };
  const answer = (request: PageRequest): Omit<FetchedPage, 'size'> => {
    requests.push(request);
    const q = request.url ? Object.fromEntries(request.url.searchParams) : request.query;
    const headers = new Headers();
    switch (strategy.type) {
      case 'page': {
        const size = strategy.sizeParam ? Math.min(Number(q[strategy.sizeParam]), strategy.maxSize ?? Infinity) : strategy.fixedSize ?? chosenSize;
        const page = Number(q[strategy.pageParam]);
        const items = records.slice((page - strategy.firstPage) * size, (page - strategy.firstPage + 1) * size);
        return { items, body: { items, pages: Math.ceil(total / size) }, headers };
      }
      case 'offset': {
        const limit = Math.min(Number(q[strategy.limitParam]), strategy.maxLimit ?? Infinity);
        const from = Number(q[strategy.offsetParam]) - strategy.start;
        const items = records.slice(from, from + limit);
        return { items, body: { items, total }, headers };
      }
      case 'cursor': {
        const size = Math.min(Number(q[strategy.sizeParam!] ?? chosenSize), strategy.maxSize ?? Infinity);
        const from = q[strategy.cursorParam] ? Number(q[strategy.cursorParam]) : 0;
        const items = records.slice(from, from + size);
        const more = from + size < total;
        return { items, body: { items, meta: { next: more ? String(from + size) : null, more } }, headers };
      }
      case 'link': {
        const from = Number(q.from ?? 0);
        const items = records.slice(from, from + chosenSize);
        const next = from + chosenSize < total ? `/v1/items?from=${from + chosenSize}` : null;
        return { items, body: { items, links: { next } }, headers };
      }
      case 'none':
        return { items: records, body: records, headers };
    }
  };
  return { fetchPage, requests };
}

async function walk(strategy: PaginationStrategy, total: number, limit: number, chosenSize?: number) {
  const { fetchPage, requests } = provider(strategy, total, chosenSize);
  const seen: unknown[] = [];
  let position: PagePosition | null = null;
  let pages = 0;
  do {
    const page = await collectPage(strategy, position, limit, base, fetchPage);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items);
    position = page.next;
    pages++;
  } while (position !== null && pages < 500);
  return { seen, requests, pages };
}

const strategies: [string, PaginationStrategy][] = [
  ['page numbers, provider-chosen size', { type: 'page', pageParam: 'page', firstPage: 1 }],
  ['page numbers, fixed size', { type: 'page', pageParam: 'page', firstPage: 1, fixedSize: 7 }],
  ['page numbers from 0 with a size cap', { type: 'page', pageParam: 'p', firstPage: 0, sizeParam: 'size', maxSize: 5 }],
  ['offset with a cap of 99 and a total', { type: 'offset', offsetParam: 'itemStart', limitParam: 'itemLimit', maxLimit: 99, start: 0, totalPath: ['total'] }],
  ['offset from 1 without a total', { type: 'offset', offsetParam: 'start', limitParam: 'count', start: 1 }],
  ['cursor with has_more', { type: 'cursor', cursorParam: 'after', sizeParam: 'size', maxSize: 100, nextPath: ['meta', 'next'], hasMorePath: ['meta', 'more'] }],
  ['cursor without a size parameter', { type: 'cursor', cursorParam: 'after', nextPath: ['meta', 'next'] }],
  ['next link in the body', { type: 'link', source: 'body', nextPath: ['links', 'next'] }],
  ['one list', { type: 'none' }],
];

describe.each(strategies)('%s', (_, strategy) => {
  it.each([
    [0, 2],
    [1, 20],
    [7, 2],
    [23, 3],
    [100, 200],
    [250, 150],
  ])('%i records with limit %i: every record once, in order', async (total, limit) => {
    const { seen } = await walk(strategy, total, limit);
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i));
  });
});

describe('provider page sizes', () => {
  it('asks an offset provider for at most its cap and fills a unified page of 150 with two requests', async () => {
    const strategy: PaginationStrategy = { type: 'offset', offsetParam: 'itemStart', limitParam: 'itemLimit', maxLimit: 99, start: 0, totalPath: ['total'] };
    const { fetchPage, requests } = provider(strategy, 300);
    const page = await collectPage(strategy, null, 150, base, fetchPage);
    expect(page.items).toHaveLength(150);
    expect(requests.map((r) => r.query)).toEqual([
      { itemStart: '0', itemLimit: '99' },
      { itemStart: '99', itemLimit: '51' },
    ]);
  });

  it('never follows a next link to another origin: the page is answered, and the next call fails before any request', async () => {
    const strategy: PaginationStrategy = { type: 'link', source: 'body', nextPath: ['links', 'next'] };
    let calls = 0;
    const fetchPage = async (): Promise<FetchedPage> => ({ items: [++calls], body: { links: { next: 'https://evil.example/steal' } }, headers: new Headers(), size: 50 });
    const page = await collectPage(strategy, null, 5, base, fetchPage);
    expect(page.items).toEqual([1]);
    const foreign = { type_name: 'ConnectorExecutionError', status_code: 502, detail: { reason: 'foreign next link' } };
    await expect(collectPage(strategy, page.next, 5, base, fetchPage)).rejects.toMatchObject(foreign);
    expect(calls).toBe(1);
    // With no record to answer, the page that meets it fails at once.
    const empty = async (): Promise<FetchedPage> => ({ items: [], body: { links: { next: 'https://evil.example/steal' } }, headers: new Headers(), size: 50 });
    await expect(collectPage(strategy, null, 5, base, empty)).rejects.toMatchObject(foreign);
  });

  it('reads a Link header as the UTF-8 its bytes are, so an `é` in it goes back as the provider wrote it', async () => {
    const strategy: PaginationStrategy = { type: 'link', source: 'header' };
    // As fetch hands over the header bytes `C3 A9`: one Latin-1 character per byte.
    const fetchPage = async (): Promise<FetchedPage> => ({ items: [1], body: {}, headers: new Headers({ link: '</v1/items?q=caf\u00c3\u00a9>; rel="next"' }), size: 2 });
    const page = await collectPage(strategy, null, 1, base, fetchPage);
    expect(page.next).toMatchObject({ kind: 'link', url: 'https://api.example.com/v1/items?q=caf%C3%A9' });
  });

  it('stops after a bounded number of empty pages that still point onwards', async () => {
    const strategy: PaginationStrategy = { type: 'cursor', cursorParam: 'after', nextPath: ['next'] };
    let calls = 0;
    const fetchPage = async (): Promise<FetchedPage> => ({ items: [], body: { next: `c${++calls}` }, headers: new Headers(), size: 20 });
    const page = await collectPage(strategy, null, 5, base, fetchPage);
    expect(page.items).toEqual([]);
    expect(calls).toBe(50);
    expect(page.next).not.toBeNull();
  });

  // A provider answering each empty page just inside the timeout held one call for all 50 pages (16 s at a 400 ms timeout).
  it("stops reading once the call's time is spent, after its first page, answering a cursor to go on from", async () => {
    const strategy: PaginationStrategy = { type: 'cursor', cursorParam: 'after', nextPath: ['next'] };
    let calls = 0;
    const asked: (string | undefined)[] = [];
    const slow = async (request: PageRequest): Promise<FetchedPage> => {
      asked.push(request.query.after);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { items: [], body: { next: `c${++calls}` }, headers: new Headers(), size: 20 };
    };
    const first = await collectPage(strategy, null, 5, base, slow, { callTimeMs: 1 });
    expect(calls).toBe(1);
    expect(first.items).toEqual([]);
    expect(first.next).toMatchObject({ kind: 'token', token: 'c1' });
    // The next call goes on from there, and with more time reads more pages, fewer than the 50 of a call unbounded in time.
    const second = await collectPage(strategy, first.next, 5, base, slow, { callTimeMs: 100 });
    expect(asked[1]).toBe('c1');
    const read = calls - 1;
    expect(read).toBeGreaterThan(1);
    expect(read).toBeLessThan(50);
    expect(second.next).toMatchObject({ kind: 'token', token: `c${calls}` });
  });
});

describe('walking with a page cache', () => {
  it.each([
    ['cursor pages of 150 under unified pages of 200', { type: 'cursor', cursorParam: 'after', sizeParam: 'size', maxSize: 150, nextPath: ['meta', 'next'], hasMorePath: ['meta', 'more'] } as PaginationStrategy, 1000, 200, 7],
    ['offset pages of 99 under unified pages of 200', { type: 'offset', offsetParam: 'itemStart', limitParam: 'itemLimit', maxLimit: 99, start: 0, totalPath: ['total'] } as PaginationStrategy, 1000, 200, 0],
    ['provider-sized pages of 7 under unified pages of 10', { type: 'page', pageParam: 'page', firstPage: 1 } as PaginationStrategy, 100, 10, 7],
  ])('%s: every record once, and no provider page asked for twice', async (_, strategy, total, limit, chosen) => {
    const { fetchPage, requests } = provider(strategy, total, chosen || 7);
    const cache = new ProviderPageCache();
    const seen: unknown[] = [];
    let position: PagePosition | null = null;
    do {
      const page = await collectPage(strategy, position, limit, base, fetchPage, { cache });
      seen.push(...page.items);
      position = page.next;
    } while (position !== null);
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i));
    const asked = requests.map((r) => JSON.stringify(r.query));
    expect(new Set(asked).size).toBe(asked.length);
  });

  it('requests the offset pages a unified page needs together, the current one first', async () => {
    const strategy: PaginationStrategy = { type: 'offset', offsetParam: 'itemStart', limitParam: 'itemLimit', maxLimit: 99, start: 0, totalPath: ['total'] };
    let inFlight = 0;
    let most = 0;
    const order: string[] = [];
    const fetchPage = async (request: PageRequest): Promise<FetchedPage> => {
      order.push(request.query.itemStart!);
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      const from = Number(request.query.itemStart);
      const items = Array.from({ length: Math.min(Number(request.query.itemLimit), 1000 - from) }, (_, i) => from + i);
      return { items, body: { total: 1000 }, headers: new Headers(), size: 14 + 4 * items.length };
    };
    const page = await collectPage(strategy, null, 200, base, fetchPage);
    expect(page.items).toHaveLength(200);
    expect(order).toEqual(['0', '99', '198']);
    expect(most).toBe(3);
  });
});

describe('the page cache bound by size', () => {
  const page = (size: number): FetchedPage => ({ items: [size], body: {}, headers: new Headers(), size });
  // Sizes are accounted as each kept page is answered: a turn of the event loop after `keep`.
  const settled = () => new Promise((resolve) => setImmediate(resolve));

  it('lets the oldest pages go when the answers kept would pass its bound, and keeps what fits', async () => {
    const cache = new ProviderPageCache({ maxSize: 100 });
    cache.keep('a', page(60));
    cache.keep('b', page(30));
    await settled();
    expect(cache.keptSize).toBe(90);
    cache.keep('c', page(50));
    await settled();
    expect(cache.keptSize).toBe(80);
    expect(cache.has('a')).toBe(false);
    expect(await cache.take('b')).toMatchObject({ size: 30 });
    expect(await cache.take('c')).toMatchObject({ size: 50 });
    expect(cache.keptSize).toBe(0);
  });

  it('counts a page still on its way once it is answered, and never keeps one larger than the bound alone', async () => {
    const cache = new ProviderPageCache({ maxSize: 100 });
    let answer!: (page: FetchedPage) => void;
    cache.keep('pending', new Promise<FetchedPage>((resolve) => (answer = resolve)));
    cache.keep('kept', page(70));
    await settled();
    expect(cache.keptSize).toBe(70);
    expect(cache.has('pending')).toBe(true);
    answer(page(40));
    await settled();
    // The page answered is kept, and the others make room for it, the first kept first.
    expect(cache.has('pending')).toBe(true);
    expect(cache.has('kept')).toBe(false);
    expect(cache.keptSize).toBe(40);
    cache.keep('huge', page(101));
    await settled();
    expect(cache.has('huge')).toBe(false);
    expect(cache.has('pending')).toBe(true);
    expect(cache.keptSize).toBe(40);
  });

  it('a page kept again under the same key is counted once', async () => {
    const cache = new ProviderPageCache({ maxSize: 100 });
    cache.keep('a', page(40));
    await settled();
    cache.keep('a', page(45));
    await settled();
    expect(cache.keptSize).toBe(45);
    expect(await cache.take('a')).toMatchObject({ size: 45 });
  });

  it('a walk whose pages do not all fit asks again for those let go, and still answers every record once', async () => {
    const strategy: PaginationStrategy = { type: 'offset', offsetParam: 'itemStart', limitParam: 'itemLimit', maxLimit: 99, start: 0, totalPath: ['total'] };
    const { fetchPage, requests } = provider(strategy, 1000);
    // Room for about one provider page of 99 records: the pages read ahead cannot all be kept.
    const cache = new ProviderPageCache({ maxSize: 500 });
    const seen: unknown[] = [];
    let position: PagePosition | null = null;
    do {
      const result = await collectPage(strategy, position, 200, base, fetchPage, { cache });
      seen.push(...result.items);
      expect(cache.keptSize).toBeLessThanOrEqual(500);
      position = result.next;
    } while (position !== null);
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const asked = requests.map((r) => JSON.stringify(r.query));
    expect(new Set(asked).size).toBeLessThan(asked.length);
  });
});
