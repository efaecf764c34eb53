/**
 * Section 3: 10,000 customers listed end to end through each connector
 * against a provider simulator in another process (each answer held back
 * PAGE_LATENCY_MS, a network round trip), against a bare fetch loop over the
 * same provider pages that only parses them — given the same number of
 * requests in flight as the connector (as many as a unified page takes, at
 * most CONCURRENCY, where page addresses are known ahead), and sequential as
 * its own row, so what concurrency buys is shown apart from what the
 * connector costs. Prefetch is measured with consumers that work on each
 * unified page about as long as fetching it took, with nothing requested
 * ahead of the caller (`readAhead: false`, no prefetch) and with prefetching:
 * one writing pages out (gzip and a file: the thread stays free, the goal's
 * row) and one hashing them (the thread is busy: its own row).
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, open, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { createConnector, type ServiceId } from '../../generated/index.gen.js';
import { connectorNames } from '../../src/emit/names.js';
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
const ROUNDS = 3;
/** The connectors' default: provider requests in flight at once when addresses are known ahead (src/runtime/pagination.ts). */
export const CONCURRENCY = 4;

export interface ListingRow {
  service: string;
  providerPageSize: number;
  /** Provider pages in flight at once, for the connector and the bare loop alike. */
  inFlight: number;
  /** Records per second (medians), and each round's figure. */
  bareSequential: number;
  bare: number;
  connector: number;
  connectorRounds: number[];
  bareRounds: number[];
  /**
   * Total ms to list everything with a consumer writing each page out (asynchronous work): with nothing
   * requested ahead (`readAhead: false`, no prefetch), with the defaults (the connector's read-ahead),
   * and with the defaults and prefetch; each round's ratio of the last to the first.
   */
  writingMs: number;
  writingDefaultMs: number;
  writingPrefetchMs: number;
  writingRatioRounds: number[];
  /** The same with a consumer hashing each page (synchronous work: the thread is busy), without the defaults' column. */
  hashingMs: number;
  hashingPrefetchMs: number;
  hashingRatioRounds: number[];
  /** ms of work the consumer does per unified page. */
  workPerPageMs: number;
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

/**
 * Provider requests a walking connector keeps in flight: with page numbers or
 * offsets as many as a unified page takes (up to CONCURRENCY), across unified
 * pages; with cursors and links one at a time (each address comes in the last
 * answer).
 */
function inFlightFor(pagination: PaginationIR, size: number): number {
  if (pagination.type !== 'page' && pagination.type !== 'offset') return 1;
  return Math.max(1, Math.min(CONCURRENCY, Math.ceil(UNIFIED_LIMIT / size)));
}

/** The same provider pages the connector reads, fetched and parsed, nothing more; `inFlight` computable pages at once. */
async function bareLoop(origin: string, listPath: string, pagination: PaginationIR, recordsPath: readonly string[], size: number, headers: Record<string, string>, inFlight: number): Promise<number> {
  let count = 0;
  const get = async (url: string) => (await (await fetch(url, { headers })).json()) as unknown;
  const records = (body: unknown) => (recordsPath.length ? getPath(body, recordsPath) : body) as unknown[];
  const base = origin + listPath;
  /** Pages `at(0)`, `at(1)`, … in order, `inFlight` requests always outstanding, until one comes back short. */
  const batches = async (at: (index: number) => string) => {
    let next = 0;
    const pending: Promise<unknown[]>[] = [];
    const send = () => {
      const page = get(at(next++)).then(records);
      page.catch(() => undefined);
      pending.push(page);
    };
    for (let i = 0; i < inFlight; i++) send();
    try {
      for (;;) {
        const items = await pending.shift()!;
        count += items.length;
        if (items.length < size) return count;
        send();
      }
    } finally {
      // The pages asked for past the end: answered (empty) before the next measurement starts.
      await Promise.allSettled(pending);
    }
  };
  switch (pagination.type) {
    case 'page':
      return batches((i) => `${base}?${pagination.pageParam}=${pagination.firstPage + i}${pagination.sizeParam ? `&${pagination.sizeParam}=${size}` : ''}`);
    case 'offset':
      return batches((i) => `${base}?${pagination.offsetParam}=${pagination.start + i * size}&${pagination.limitParam}=${size}`);
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

const gzipped = promisify(gzip);

/**
 * A consumer that keeps the thread busy: its records serialised and hashed,
 * again until `ms` are spent. While it runs nothing else can: no answer is
 * read, no request sent.
 */
function hashPage(page: readonly unknown[], ms: number): void {
  const until = performance.now() + ms;
  const text = JSON.stringify(page);
  do createHash('sha256').update(text).digest();
  while (performance.now() < until);
}

/**
 * A consumer that writes each unified page out, as an export would: its
 * records serialised, gzip-compressed by zlib's thread pool and appended to a
 * file, again until `ms` are spent. The thread is free while zlib and the
 * disk work, as with any asynchronous sink (a database, a queue, a socket).
 */
async function writePage(page: readonly unknown[], ms: number, file: FileHandle): Promise<void> {
  const until = performance.now() + ms;
  const text = JSON.stringify(page);
  do await file.write(await gzipped(text));
  while (performance.now() < until);
}

/** The path the connector's base URL has with the example settings (`/api/v2`): the simulator serves the lists under it. */
async function basePathOf(root: string, connector: ConnectorIR): Promise<string> {
  const module = (await import(pathToFileURL(path.join(root, 'generated', connector.service, 'connector.gen.ts')).href)) as Record<string, (s: Record<string, string>) => string>;
  return new URL(module[connectorNames(connector).baseUrl]!(connector.examples!.settings)).pathname.replace(/\/$/, '');
}

async function connectorFor(root: string, connector: ConnectorIR, origin: string, options: { readAhead?: boolean } = {}) {
  const basePath = await basePathOf(root, connector);
  const instance = createConnector(connector.service as ServiceId, {
    settings: connector.examples!.settings,
    credentials: connector.examples!.credentials,
    baseUrl: origin + basePath,
    onIssue: () => undefined,
    ...options,
  } as never);
  return { instance, basePath };
}

export async function runListing(root: string, services?: readonly string[]): Promise<ListingRow[]> {
  const ir = await buildIR(defaultLayout(root));
  const rows: ListingRow[] = [];
  // The default API's connectors: the ones the goals, the hand-written baselines and the JSONata expressions are for.
  const measured = ir.apis.find((api) => api.unified.folder === '')?.connectors ?? [];
  for (const connector of measured) {
    if (services && !services.includes(connector.service)) continue;
    const list = connector.operations.find((o) => !('unsupported' in o) && o.unified.kind === 'list');
    const sample = propertyPlan(connector, ir.apis.find((api) => api.connectors.includes(connector))!.unified)?.sample as Record<string, unknown> | undefined;
    if (!list || 'unsupported' in list || !sample || !connector.examples) continue;
    const size = providerPageSize(connector.pagination, 100);
    const listPathOnly = list.path.map((p) => (p.kind === 'text' ? p.text : '')).join('');
    const basePath = await basePathOf(root, connector);
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
      // Nothing requested ahead of the caller: the no-prefetch side of the prefetch rows.
      const { instance: onDemand } = await connectorFor(root, connector, simulator.origin, { readAhead: false });
      const inFlight = inFlightFor(connector.pagination, size);
      const listPath = basePath + listPathOnly;
      const times = { bareSequential: [] as number[], bare: [] as number[], connector: [] as number[], writing: [] as number[], writingDefault: [] as number[], writingPrefetch: [] as number[], hashing: [] as number[], hashingPrefetch: [] as number[], work: [] as number[] };
      let rssGrowthMb = 0;
      const timedMs = async (work: () => Promise<number>) => {
        const started = process.hrtime.bigint();
        const count = await work();
        if (count !== CUSTOMERS) throw new Error(`${connector.service}: listed ${count} of ${CUSTOMERS}`);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const perSecond = (ms: number) => CUSTOMERS / (ms / 1000);
      const sink = await open(path.join(simulator.dir, 'export.jsonl.gz'), 'w');
      try {
        for (let round = 0; round <= ROUNDS; round++) {
          const bareSequential = await timedMs(() => bareLoop(simulator.origin, listPath, connector.pagination, list.recordsPaths[0] ?? [], size, {}, 1));
          const bare = await timedMs(() => bareLoop(simulator.origin, listPath, connector.pagination, list.recordsPaths[0] ?? [], size, {}, inFlight));
          const rssBefore = process.memoryUsage().rss;
          let rssPeak = rssBefore;
          /** Every record through iterateAll; with `consume`, each unified page handed to it as it is finished. */
          const stream = (prefetch: boolean, consume?: (page: unknown[]) => void | Promise<void>, lister: typeof instance = instance) => async () => {
            let count = 0;
            let page: unknown[] = [];
            for await (const record of iterateAll(lister.customersAll, { limit: UNIFIED_LIMIT }, { prefetch })) {
              if (++count % 1000 === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
              if (!consume) continue;
              page.push(record);
              if (page.length === UNIFIED_LIMIT) {
                await consume(page);
                page = [];
              }
            }
            if (consume && page.length > 0) await consume(page);
            return count;
          };
          const sequential = await timedMs(stream(false));
          // Each consumer works on a page about as long as fetching it took in this round's run just now.
          const workMs = sequential / Math.ceil(CUSTOMERS / UNIFIED_LIMIT);
          const write = (page: unknown[]) => writePage(page, workMs, sink);
          const hash = (page: unknown[]) => hashPage(page, workMs);
          await sink.truncate(0);
          const writing = await timedMs(stream(false, write, onDemand));
          await sink.truncate(0);
          const writingDefault = await timedMs(stream(false, write));
          await sink.truncate(0);
          const writingPrefetch = await timedMs(stream(true, write));
          const hashing = await timedMs(stream(false, hash, onDemand));
          const hashingPrefetch = await timedMs(stream(true, hash));
          if (round === 0) continue; // warm-up
          times.bareSequential.push(perSecond(bareSequential));
          times.bare.push(perSecond(bare));
          times.connector.push(perSecond(sequential));
          times.writing.push(writing);
          times.writingDefault.push(writingDefault);
          times.writingPrefetch.push(writingPrefetch);
          times.hashing.push(hashing);
          times.hashingPrefetch.push(hashingPrefetch);
          times.work.push(workMs);
          rssGrowthMb = Math.max(rssGrowthMb, (rssPeak - rssBefore) / 1024 / 1024);
        }
      } finally {
        await sink.close();
      }
      rows.push({
        service: connector.service,
        providerPageSize: size,
        inFlight,
        bareSequential: median(times.bareSequential),
        bare: median(times.bare),
        connector: median(times.connector),
        connectorRounds: times.connector,
        bareRounds: times.bare,
        writingMs: median(times.writing),
        writingDefaultMs: median(times.writingDefault),
        writingPrefetchMs: median(times.writingPrefetch),
        writingRatioRounds: times.writingPrefetch.map((ms, i) => ms / times.writing[i]!),
        hashingMs: median(times.hashing),
        hashingPrefetchMs: median(times.hashingPrefetch),
        hashingRatioRounds: times.hashingPrefetch.map((ms, i) => ms / times.hashing[i]!),
        workPerPageMs: median(times.work),
        rssGrowthMb,
      });
    } finally {
      simulator.child.kill('SIGTERM');
      await rm(simulator.dir, { recursive: true, force: true });
    }
  }
  return rows;
}
