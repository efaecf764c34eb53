/**
 * Section 3: 10,000 customers listed end to end through each connector
 * against a provider simulator in another process (each answer held back
 * PAGE_LATENCY_MS, a network round trip), against a bare fetch loop over the
 * same provider pages that only parses them: records per second, with and
 * without prefetching the next page, and peak RSS while streaming.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createConnector, type ServiceId } from '../../generated/index.gen.js';
import { connectorNames } from '../../src/emit/connector.js';
import { propertyPlan } from '../../src/emit/connector-test.js';
import { buildIR, defaultLayout } from '../../src/ir/index.js';
import type { ConnectorIR, PaginationIR } from '../../src/ir/model.js';
import { getPath, iterateAll } from '../../src/runtime/index.js';
import { median } from '../measure.js';
import { countries } from '../../src/runtime/countries.js';
import { hintsFor, providerRecords } from '../records.js';

export const CUSTOMERS = 10_000;
export const PAGE_LATENCY_MS = 10;
const UNIFIED_LIMIT = 200;
const ROUNDS = 2;

export interface ListingRow {
  service: string;
  providerPageSize: number;
  bare: number;
  connector: number;
  prefetch: number;
  rssGrowthMb: number;
}

async function startSimulator(root: string, options: object): Promise<{ origin: string; child: ChildProcess; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'connector-gen-sim-'));
  await writeFile(path.join(dir, 'options.json'), JSON.stringify(options));
  const child = spawn(process.execPath, ['--import', 'tsx/esm', path.join(root, 'bench/simulator-process.ts'), path.join(dir, 'options.json')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const origin = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}`)));
  });
  return { origin, child, dir };
}

/** The provider page size a connector asks for with a unified limit of 200. */
function providerPageSize(pagination: PaginationIR, fallback: number): number {
  switch (pagination.type) {
    case 'page':
      return pagination.sizeParam ? Math.min(UNIFIED_LIMIT, pagination.maxSize ?? UNIFIED_LIMIT) : pagination.fixedSize ?? fallback;
    case 'offset':
      return Math.min(UNIFIED_LIMIT, pagination.maxLimit ?? UNIFIED_LIMIT);
    case 'cursor':
    case 'link':
      return pagination.sizeParam ? Math.min(UNIFIED_LIMIT, pagination.maxSize ?? UNIFIED_LIMIT) : fallback;
    case 'none':
      return CUSTOMERS;
  }
}

/** The same provider pages the connector reads, fetched and parsed, nothing more. */
async function bareLoop(origin: string, listPath: string, pagination: PaginationIR, recordsPath: readonly string[], size: number, headers: Record<string, string>): Promise<number> {
  let count = 0;
  const get = async (url: string) => (await (await fetch(url, { headers })).json()) as unknown;
  const records = (body: unknown) => (recordsPath.length ? getPath(body, recordsPath) : body) as unknown[];
  const base = origin + listPath;
  switch (pagination.type) {
    case 'page':
      for (let page = pagination.firstPage; ; page++) {
        const items = records(await get(`${base}?${pagination.pageParam}=${page}${pagination.sizeParam ? `&${pagination.sizeParam}=${size}` : ''}`));
        count += items.length;
        if (items.length < size) return count;
      }
    case 'offset':
      for (let offset = pagination.start; ; offset += size) {
        const items = records(await get(`${base}?${pagination.offsetParam}=${offset}&${pagination.limitParam}=${size}`));
        count += items.length;
        if (items.length < size) return count;
      }
    case 'cursor': {
      let cursor: unknown = null;
      do {
        const body = await get(`${base}?${pagination.sizeParam ? `${encodeURIComponent(pagination.sizeParam)}=${size}` : ''}${cursor ? `&${encodeURIComponent(pagination.cursorParam)}=${encodeURIComponent(String(cursor))}` : ''}`);
        count += records(body).length;
        cursor = getPath(body, pagination.nextPath);
      } while (cursor);
      return count;
    }
    case 'link': {
      let next: unknown = `${base}${pagination.sizeParam ? `?${pagination.sizeParam}=${size}` : ''}`;
      while (typeof next === 'string' && next) {
        const body = await get(new URL(next, origin).toString());
        count += records(body).length;
        next = pagination.source === 'body' ? getPath(body, pagination.nextPath ?? []) : undefined;
      }
      return count;
    }
    case 'none':
      return records(await get(base)).length;
  }
}

async function connectorFor(root: string, connector: ConnectorIR, origin: string) {
  const names = connectorNames(connector);
  const module = (await import(pathToFileURL(path.join(root, 'generated', connector.service, 'connector.gen.ts')).href)) as Record<string, (s: Record<string, string>) => string>;
  const basePath = new URL(module[names.baseUrl]!(connector.examples!.settings)).pathname.replace(/\/$/, '');
  const instance = createConnector(connector.service as ServiceId, {
    settings: connector.examples!.settings,
    credentials: connector.examples!.credentials,
    baseUrl: origin + basePath,
    onIssue: () => undefined,
  } as never);
  return { instance, basePath };
}

export async function runListing(root: string): Promise<ListingRow[]> {
  const ir = await buildIR(defaultLayout(root));
  const rows: ListingRow[] = [];
  for (const connector of ir.connectors) {
    const list = connector.operations.find((o) => !('unsupported' in o) && o.unified.kind === 'list');
    const sample = propertyPlan(connector, ir.unified)?.sample as Record<string, unknown> | undefined;
    if (!list || 'unsupported' in list || !sample || !connector.examples) continue;
    const size = providerPageSize(connector.pagination, 100);
    const listPathOnly = list.path.map((p) => (p.kind === 'text' ? p.text : '')).join('');
    const { basePath } = await connectorFor(root, connector, 'http://127.0.0.1:1');
    const simulator = await startSimulator(root, {
      pagination: connector.pagination,
      recordsPath: list.recordsPaths[0],
      listPath: basePath + listPathOnly,
      records: providerRecords(sample, CUSTOMERS, 11, hintsFor(connector.fields, countries)),
      defaultPageSize: size,
      latencyMs: PAGE_LATENCY_MS,
    });
    try {
      const { instance } = await connectorFor(root, connector, simulator.origin);
      const times = { bare: [] as number[], connector: [] as number[], prefetch: [] as number[] };
      let rssGrowthMb = 0;
      for (let round = 0; round <= ROUNDS; round++) {
        const timed = async (work: () => Promise<number>) => {
          const started = process.hrtime.bigint();
          const count = await work();
          if (count !== CUSTOMERS) throw new Error(`${connector.service}: listed ${count} of ${CUSTOMERS}`);
          return CUSTOMERS / (Number(process.hrtime.bigint() - started) / 1e9);
        };
        const bare = await timed(() => bareLoop(simulator.origin, basePath + listPathOnly, connector.pagination, list.recordsPaths[0] ?? [], size, {}));
        const rssBefore = process.memoryUsage().rss;
        let rssPeak = rssBefore;
        const stream = (prefetch: boolean) => async () => {
          let count = 0;
          for await (const _ of iterateAll(instance.customersAll, { limit: UNIFIED_LIMIT }, { prefetch })) {
            if (++count % 1000 === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
          }
          return count;
        };
        const sequential = await timed(stream(false));
        const prefetched = await timed(stream(true));
        if (round === 0) continue; // warm-up
        times.bare.push(bare);
        times.connector.push(sequential);
        times.prefetch.push(prefetched);
        rssGrowthMb = Math.max(rssGrowthMb, (rssPeak - rssBefore) / 1024 / 1024);
      }
      rows.push({ service: connector.service, providerPageSize: size, bare: median(times.bare), connector: median(times.connector), prefetch: median(times.prefetch), rssGrowthMb });
    } finally {
      simulator.child.kill('SIGTERM');
      await rm(simulator.dir, { recursive: true, force: true });
    }
  }
  return rows;
}
