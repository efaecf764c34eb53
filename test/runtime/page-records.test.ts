/**
 * A provider page bounded in records, not only in bytes: 32 MiB of `{},` are
 * eleven million records. A page holding more than `maxRecordsPerPage` is a
 * `ConnectorExecutionError` — refused on its text before it is parsed when the
 * connector reads it (`readJson`), and as it arrives in the walk whatever
 * reads it, so it is never kept for the next unified page.
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../generated/zendesk/connector.gen.js';
import {
  collectPage,
  listLongerThan,
  maxRecordsPerPage,
  MIN_RECORDS_BOUND,
  ProviderPageCache,
  SCAN_BEFORE_PARSE_BYTES,
  UnifiedError,
  type FetchedPage,
  type PageRequest,
  type PaginationStrategy,
} from '../../src/runtime/index.js';

const base = new URL('https://api.example.com/v1');

describe('maxRecordsPerPage', () => {
  it.each<[string, PaginationStrategy, number, number]>([
    ['a size asked, under a documented maximum: ten times it, at least 10,000', { type: 'cursor', cursorParam: 'after', nextPath: ['next'], sizeParam: 'size', maxSize: 100 }, 20, MIN_RECORDS_BOUND],
    ['a documented maximum of 5,000', { type: 'page', pageParam: 'page', firstPage: 1, sizeParam: 'per_page', maxSize: 5000 }, 20, 50_000],
    ['offsets with no documented maximum: ten times the size asked', { type: 'offset', offsetParam: 'offset', limitParam: 'limit', start: 0 }, 2000, 20_000],
    ['a page size the provider fixes', { type: 'page', pageParam: 'page', firstPage: 1, fixedSize: 3000 }, 20, 30_000],
    ['page numbers, the provider picking the size: a record per 32 bytes of the answer bound', { type: 'page', pageParam: 'page', firstPage: 1 }, 20, 1_048_576],
    ['links without a size', { type: 'link', source: 'body', nextPath: ['next'] }, 20, 1_048_576],
    ['no paging: the list comes whole', { type: 'none' }, 20, 1_048_576],
  ])('%s', (_, strategy, asked, bound) => {
    expect(maxRecordsPerPage(strategy, asked)).toBe(bound);
  });

  it('where the provider picks the size, the bound follows maxResponseBytes, never under 10,000', () => {
    expect(maxRecordsPerPage({ type: 'none' }, 20, 64 * 1024 * 1024)).toBe(2_097_152);
    expect(maxRecordsPerPage({ type: 'none' }, 20, 64 * 1024)).toBe(MIN_RECORDS_BOUND);
  });
});

describe('listLongerThan', () => {
  it.each<[string, string, number, number | undefined]>([
    ['a list of exactly the bound', '{"data":[1,2,3]}', 3, undefined],
    ['one item more', '{"data":[1,2,3,4]}', 3, 4],
    ['a bare list of objects', '[{},{},{},{}]', 3, 4],
    ['commas in members and nested lists are not the list’s', '{"data":[{"a":1,"b":2,"c":3},[1,2,3]],"x":[1,2]}', 3, undefined],
    ['a nested list over the bound', '{"data":[{"tags":[1,2,3,4,5]}]}', 4, 5],
    ['brackets and commas inside strings, escaped quotes too', '["a,b,c,d,e","[\\",\\",\\",\\"]"]', 2, undefined],
    ['a text cut off inside a long list', '{"data":[{},{},{},{},{}', 3, 5],
    ['an empty list', '{"data":[],"a":",,,,,,"}', 2, undefined],
  ])('%s', (_, text, bound, found) => {
    expect(listLongerThan(text, bound)).toBe(found);
  });
});

describe('collectPage and a page of more records than it may hold', () => {
  const strategy: PaginationStrategy = { type: 'page', pageParam: 'page', firstPage: 1, sizeParam: 'size', maxSize: 100 };
  const page = (length: number): FetchedPage => ({ items: Array.from({ length }, () => ({})), body: {}, headers: new Headers(), size: 3 * length });

  it('is a ConnectorExecutionError naming the count and the bound', async () => {
    const asked: PageRequest[] = [];
    const failed = await collectPage(strategy, null, 20, base, async (request) => (asked.push(request), page(MIN_RECORDS_BOUND + 1))).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(UnifiedError);
    expect(failed).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502, detail: { reason: 'too many records', records: MIN_RECORDS_BOUND + 1, max_records: MIN_RECORDS_BOUND } });
    expect((failed as Error).message).toMatch(/10001 items, more than the 10000 records/);
    // The bound travels with the request, for the connector to refuse the text before it is parsed.
    expect(asked.map((request) => request.maxRecords)).toEqual([MIN_RECORDS_BOUND]);
  });

  it('a page of exactly the bound is read', async () => {
    const read = await collectPage(strategy, null, 20, base, async () => page(MIN_RECORDS_BOUND));
    expect(read.items).toHaveLength(20);
  });

  it('a page over the bound requested ahead is never kept for the next unified page', async () => {
    const cache = new ProviderPageCache();
    const sizes = [100, MIN_RECORDS_BOUND + 1];
    let served = 0;
    const fetchPage = async (): Promise<FetchedPage> => page(sizes[Math.min(served++, sizes.length - 1)]!);
    // Walking (from a cursor's position), page 2 is requested ahead as soon as page 1 fills the unified page.
    const first = await collectPage(strategy, { kind: 'page', page: 1, skip: 0, size: 100 }, 100, base, fetchPage, { cache });
    expect(first.items).toHaveLength(100);
    expect(served).toBe(2);
    const second = await collectPage(strategy, first.next, 100, base, fetchPage, { cache }).catch((error: unknown) => error);
    expect(second).toMatchObject({ type_name: 'ConnectorExecutionError', detail: { reason: 'too many records' } });
    // Refused as it arrived, not kept: the next unified page asked for it again.
    expect(served).toBe(3);
  });
});

describe('a connector answered a page of tiny records', () => {
  it.each([
    ['empty objects', '{}'],
    ['numbers', '1'],
  ])('%s: refused before the page is parsed, no record transformed or reported', async (_, item) => {
    // A text past SCAN_BEFORE_PARSE_BYTES: a shorter one is parsed and its records counted after.
    const count = Math.ceil(SCAN_BEFORE_PARSE_BYTES / (item.length + 1)) + 1;
    const text = `{"users":[${Array.from({ length: count }, () => item).join(',')}],"meta":{"has_more":true,"after_cursor":"n2"}}`;
    const server = createServer((_, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(text));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const parsed: string[] = [];
    const parse = JSON.parse;
    // Seen through JSON.parse: the page's text never reaches it.
    JSON.parse = ((source: string, reviver?: Parameters<typeof parse>[1]) => (parsed.push(source), parse(source, reviver))) as typeof JSON.parse;
    try {
      let issues = 0;
      const connector = createZendeskConnector({ settings: { subdomain: 'acme' }, credentials: { access_token: 'zd-token-1234' }, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`, retry: { attempts: 1 }, onIssue: () => issues++ });
      const failed = await connector.customersAll({ limit: 20 }).catch((error: unknown) => error);
      expect(failed).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502, detail: { operation: 'customersAll', reason: 'too many records', records: count, max_records: MIN_RECORDS_BOUND } });
      expect((failed as Error).message).toMatch(new RegExp(`^zendesk answered a page holding a list of ${count} items`));
      expect(parsed.filter((source) => source === text)).toEqual([]);
      expect(issues).toBe(0);
    } finally {
      JSON.parse = parse;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
