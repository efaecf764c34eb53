/**
 * A provider list endpoint on 127.0.0.1 that pages a fixed set of records
 * the way a pagination strategy says: page numbers, offsets, body cursors,
 * next links or everything at once. Generated paging tests, the fault suite
 * and the benchmarks list through it.
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PaginationStrategy } from '../../src/runtime/index.js';

export interface SimulatorOptions {
  pagination: PaginationStrategy;
  /** Where the records array goes in a page body (`[]`: the body is the array). */
  recordsPath: readonly string[];
  /** The list endpoint's full path (base URL path included). */
  listPath: string;
  records: readonly unknown[];
  /** Page size when the provider chooses it (no size parameter). */
  defaultPageSize?: number;
  /** Extra members every page body carries. */
  pageExtras?: Record<string, unknown>;
  /** Milliseconds each answer is held back, standing in for a network round trip. */
  latencyMs?: number;
}

export interface ProviderSimulator {
  origin: string;
  /** Every request, as `METHOD path?query`. */
  requests: string[];
  close(): Promise<void>;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = target;
  path.forEach((name, i) => {
    if (i === path.length - 1) current[name] = value;
    else current = (current[name] ??= {}) as Record<string, unknown>;
  });
}

function page(options: SimulatorOptions, slice: readonly unknown[], extra: (body: Record<string, unknown>) => void): unknown {
  if (options.recordsPath.length === 0) return slice;
  const body: Record<string, unknown> = { ...(options.pageExtras ?? {}) };
  setPath(body, options.recordsPath, slice);
  extra(body);
  return body;
}

export async function startProviderSimulator(options: SimulatorOptions): Promise<ProviderSimulator> {
  const requests: string[] = [];
  const records = options.records;
  const fallbackSize = options.defaultPageSize ?? 25;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    if (request.method !== 'GET' || url.pathname !== options.listPath) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const query = url.searchParams;
    const sizeFrom = (param: string | undefined, max: number | undefined) => {
      const asked = param ? Number(query.get(param) ?? fallbackSize) : fallbackSize;
      return Math.max(1, Math.min(asked, max ?? Infinity));
    };
    const strategy = options.pagination;
    let body: unknown;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    switch (strategy.type) {
      case 'page': {
        const size = strategy.sizeParam ? sizeFrom(strategy.sizeParam, strategy.maxSize) : strategy.fixedSize ?? fallbackSize;
        const number = Number(query.get(strategy.pageParam) ?? strategy.firstPage);
        const from = (number - strategy.firstPage) * size;
        body = page(options, records.slice(from, from + size), (b) => {
          if (strategy.totalPagesPath) setPath(b, strategy.totalPagesPath, Math.ceil(records.length / size));
        });
        break;
      }
      case 'offset': {
        const limit = sizeFrom(strategy.limitParam, strategy.maxLimit);
        const offset = Number(query.get(strategy.offsetParam) ?? strategy.start) - strategy.start;
        body = page(options, records.slice(offset, offset + limit), (b) => {
          if (strategy.totalPath) setPath(b, strategy.totalPath, records.length);
          if (strategy.hasMorePath) setPath(b, strategy.hasMorePath, offset + limit < records.length);
        });
        break;
      }
      case 'cursor': {
        const size = strategy.sizeParam ? sizeFrom(strategy.sizeParam, strategy.maxSize) : fallbackSize;
        const token = query.get(strategy.cursorParam);
        const from = token ? Number(token.replace(/^c/, '')) : 0;
        const more = from + size < records.length;
        body = page(options, records.slice(from, from + size), (b) => {
          setPath(b, strategy.nextPath, more ? `c${from + size}` : null);
          if (strategy.hasMorePath) setPath(b, strategy.hasMorePath, more);
        });
        break;
      }
      case 'link': {
        const size = strategy.sizeParam ? sizeFrom(strategy.sizeParam, strategy.maxSize) : fallbackSize;
        const from = Number(query.get('offset') ?? 0);
        const more = from + size < records.length;
        const nextUrl = `${options.listPath}?offset=${from + size}${strategy.sizeParam ? `&${encodeURIComponent(strategy.sizeParam)}=${size}` : ''}`;
        body = page(options, records.slice(from, from + size), (b) => {
          if (strategy.source === 'body' && strategy.nextPath) setPath(b, strategy.nextPath, more ? nextUrl : null);
        });
        if (strategy.source === 'header' && more) headers.link = `<${nextUrl}>; rel="next"`;
        break;
      }
      case 'none':
        body = page(options, records, () => undefined);
        break;
    }
    const text = JSON.stringify(body);
    if (options.latencyMs) setTimeout(() => response.writeHead(200, headers).end(text), options.latencyMs);
    else response.writeHead(200, headers).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    // A walk the caller stopped leaves its aborted request's socket open on this side: closed here, not waited out.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `count` copies of `template` whose member at `idPath` is numbered from `first`, kept the template's id type. */
export function numberedRecords(template: Record<string, unknown>, idPath: readonly string[], count: number, first = 1000): Record<string, unknown>[] {
  const sample = idPath.reduce<unknown>((value, name) => (value as Record<string, unknown> | undefined)?.[name], template);
  return Array.from({ length: count }, (_, i) => {
    const record = structuredClone(template);
    const id = typeof sample === 'number' ? first + i : `${first + i}`;
    setPath(record, idPath, id);
    return record;
  });
}
