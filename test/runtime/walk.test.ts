/**
 * Walk termination: whatever a provider's paging does, a walk driven through
 * encoded cursors ends — normally, or with a unified error naming the
 * problem — in bounded requests, no record returned twice.
 */

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { collectPage, decodeCursor, encodeCursor, ProviderPageCache, UnifiedError, type FetchedPage, type PagePosition, type PageRequest, type PaginationStrategy } from '../../src/runtime/index.js';

const base = new URL('https://api.example.com/v1');

interface Case {
  name: string;
  strategy: PaginationStrategy;
  /** The page the provider answers for its n-th request. */
  answer: (n: number, request: PageRequest) => { items: number[]; body?: Record<string, unknown>; link?: string };
  maxPages?: number;
  problem: string;
}

const cursor: PaginationStrategy = { type: 'cursor', cursorParam: 'after', nextPath: ['next'], sizeParam: 'size', maxSize: 3 };
const link: PaginationStrategy = { type: 'link', source: 'header' };
const page: PaginationStrategy = { type: 'page', pageParam: 'page', firstPage: 1, totalPagesPath: ['pages'] };
const offset: PaginationStrategy = { type: 'offset', offsetParam: 'start', limitParam: 'limit', start: 0, totalPath: ['total'] };

const CASES: Case[] = [
  { name: 'a cursor answering the same next cursor', strategy: cursor, answer: (n) => ({ items: [n * 10, n * 10 + 1], body: { next: 'same' } }), problem: 'repeated-next-page' },
  { name: 'a cursor alternating between two', strategy: cursor, answer: (n) => ({ items: [n * 10], body: { next: n % 2 ? 'a' : 'b' } }), problem: 'repeated-next-page' },
  { name: 'a Link header pointing at itself', strategy: link, answer: (n) => ({ items: [n], link: '/v1/items?p=2' }), problem: 'repeated-next-page' },
  { name: 'page numbers ignored', strategy: page, answer: () => ({ items: [1, 2, 3], body: { pages: 99 } }), problem: 'repeated-records' },
  { name: 'new cursors, records of an earlier page', strategy: cursor, answer: (n) => ({ items: [n === 2 ? 0 : n * 10], body: { next: `c${n + 1}` } }), problem: 'repeated-records' },
  { name: 'records past the declared total', strategy: offset, answer: (n) => ({ items: [n * 10], body: { total: n === 0 ? 50 : 1 } }), problem: 'past-declared-total' },
  { name: 'pages without end', strategy: cursor, answer: (n) => ({ items: [n * 10], body: { next: `c${n + 1}` } }), maxPages: 7, problem: 'page-bound' },
];

async function walk(c: Case, limit: number) {
  const requests: PageRequest[] = [];
  const fetchPage = async (request: PageRequest): Promise<FetchedPage> => {
    const answer = c.answer(requests.length, request);
    requests.push(request);
    const headers = new Headers(answer.link ? { link: `<${answer.link}>; rel="next"` } : {});
    const body = { items: answer.items, ...answer.body };
    return { items: answer.items, body, headers, size: JSON.stringify(body).length };
  };
  const seen: unknown[] = [];
  // As connectors do: a provider page only partly used is kept for the next call, not asked for again.
  const cache = new ProviderPageCache();
  let cursorText: string | null = null;
  for (let call = 0; call < 100; call++) {
    // Through the encoded cursor, as a caller would: the trail must survive it.
    const start: PagePosition | null = cursorText === null ? null : decodeCursor('svc', cursorText, startKind(c.strategy));
    try {
      const collected = await collectPage(c.strategy, start, limit, base, fetchPage, { maxPages: c.maxPages ?? 100, cache });
      seen.push(...collected.items);
      if (collected.next === null) return { seen, requests, error: undefined };
      cursorText = encodeCursor('svc', collected.next);
    } catch (error) {
      return { seen, requests, error };
    }
  }
  throw new Error('the walk did not end');
}

function startKind(strategy: PaginationStrategy): PagePosition['kind'] {
  return ({ page: 'page', offset: 'offset', cursor: 'token', link: 'link', none: 'single' } as const)[strategy.type];
}

describe('walks that would never end', () => {
  for (const limit of [1, 2, 50]) {
    it.each(CASES.map((c) => [c.name, c] as const))(`limit ${limit}: %s`, async (_, c) => {
      const { seen, requests, error } = await walk(c, limit);
      expect(error).toBeInstanceOf(UnifiedError);
      expect(error).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502, detail: { problem: c.problem } });
      expect(new Set(seen).size).toBe(seen.length);
      expect(requests.length).toBeLessThanOrEqual(c.maxPages ?? 4);
    });
  }
});

describe('walk trails in cursors', () => {
  it('a cursor without a trail (issued before trails) still decodes', () => {
    const old = encodeCursor('svc', { kind: 'page', page: 3, skip: 0 });
    expect(decodeCursor('svc', old, 'page')).toEqual({ kind: 'page', page: 3, skip: 0 });
  });

  it.each([
    ['a trail with a bad fingerprint', { pages: 1, seen: 'short', records: '' }],
    ['a trail with too many fingerprints', { pages: 1, seen: 'A'.repeat(8 * 33), records: '' }],
    ['a trail with an unknown end', { pages: 1, seen: '', records: '', end: 'bored' }],
    ['a trail without a count', { seen: '', records: '' }],
  ])('%s is an InvalidCursorError (and is never issued)', (_, walkTrail) => {
    const position = { kind: 'page', page: 3, skip: 0, walk: walkTrail } as unknown as PagePosition;
    // Forged by hand: encodeCursor refuses to issue a cursor that would not be accepted back.
    const json = JSON.stringify({ v: 1, s: 'svc', p: position });
    const text = `${Buffer.from(json).toString('base64url')}.${createHash('sha256').update(json).digest('base64url').slice(0, 16)}`;
    expect(() => decodeCursor('svc', text, 'page')).toThrow(expect.objectContaining({ type_name: 'InvalidCursorError' }));
    expect(() => encodeCursor('svc', position)).toThrow(expect.objectContaining({ type_name: 'ConnectorExecutionError' }));
  });

  it('a walk that ends normally answers every record once and no error', async () => {
    const ends: Case = { name: 'ends', strategy: cursor, answer: (n) => ({ items: [n * 10, n * 10 + 1], body: { next: n < 4 ? `c${n + 1}` : null } }), problem: '' };
    const { seen, error } = await walk(ends, 3);
    expect(error).toBeUndefined();
    expect(seen).toEqual([0, 1, 10, 11, 20, 21, 30, 31, 40, 41]);
  });
});

describe('cursor size', () => {
  it('a cursor holding the longest link and a full trail is accepted', () => {
    const trail = { pages: 9999, seen: 'A'.repeat(8 * 32), records: 'B'.repeat(8 * 16) };
    const url = `https://api.example.com/v1/items?q=${'x'.repeat(2048 - 38)}`;
    const text = encodeCursor('svc', { kind: 'link', url, skip: 12, walk: trail });
    expect(decodeCursor('svc', text, 'link')).toEqual({ kind: 'link', url, skip: 12, walk: trail });
  });
});
