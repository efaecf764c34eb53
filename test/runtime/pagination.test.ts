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

  it('never follows a next link to another origin', async () => {
    const strategy: PaginationStrategy = { type: 'link', source: 'body', nextPath: ['links', 'next'] };
    const fetchPage = async (): Promise<FetchedPage> => ({ items: [1], body: { links: { next: 'https://evil.example/steal' } }, headers: new Headers() });
    await expect(collectPage(strategy, null, 5, base, fetchPage)).rejects.toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502 });
  });

  it('reads a Link header as the UTF-8 its bytes are, so an `é` in it goes back as the provider wrote it', async () => {
    const strategy: PaginationStrategy = { type: 'link', source: 'header' };
    // As fetch hands over the header bytes `C3 A9`: one Latin-1 character per byte.
    const fetchPage = async (): Promise<FetchedPage> => ({ items: [1], body: {}, headers: new Headers({ link: '</v1/items?q=caf\u00c3\u00a9>; rel="next"' }) });
    const page = await collectPage(strategy, null, 1, base, fetchPage);
    expect(page.next).toMatchObject({ kind: 'link', url: 'https://api.example.com/v1/items?q=caf%C3%A9' });
  });

  it('stops after a bounded number of empty pages that still point onwards', async () => {
    const strategy: PaginationStrategy = { type: 'cursor', cursorParam: 'after', nextPath: ['next'] };
    let calls = 0;
    const fetchPage = async (): Promise<FetchedPage> => ({ items: [], body: { next: `c${++calls}` }, headers: new Headers() });
    const page = await collectPage(strategy, null, 5, base, fetchPage);
    expect(page.items).toEqual([]);
    expect(calls).toBe(50);
    expect(page.next).not.toBeNull();
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
      return { items, body: { total: 1000 }, headers: new Headers() };
    };
    const page = await collectPage(strategy, null, 200, base, fetchPage);
    expect(page.items).toHaveLength(200);
    expect(order).toEqual(['0', '99', '198']);
    expect(most).toBe(3);
  });
});
