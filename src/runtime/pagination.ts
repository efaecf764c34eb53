/**
 * Pagination drivers: every provider paging style behind one unified page of
 * `limit` records and one opaque cursor.
 *
 * A unified page is a window over the provider's pages: it starts at a
 * position (a provider page plus how many of its records were already
 * returned), takes records until `limit` is reached, and ends at the next
 * position. Provider pages smaller than `limit` are walked in one call;
 * larger ones are split across calls — so no record is lost or repeated
 * whatever the provider's page size or cap.
 */

import { TextDecoder } from 'node:util';
import { type PagePosition, UnusableAddress, type WalkEnd } from './cursor.js';
import { UnifiedError } from './errors.js';
import { defaultMaxResponseBytes } from './http.js';
import { getPath } from './objects.js';
import { isWellFormed } from './request.js';
import { DEFAULT_MAX_PAGES_PER_WALK, WalkGuard, walkError } from './walk.js';

export type PaginationStrategy =
  | {
      type: 'page';
      pageParam: string;
      firstPage: number;
      sizeParam?: string;
      maxSize?: number;
      /** The provider's fixed page size when it takes no size parameter. */
      fixedSize?: number;
      totalPagesPath?: readonly string[];
    }
  | {
      type: 'offset';
      offsetParam: string;
      limitParam: string;
      maxLimit?: number;
      /** The offset of the first record (0 or 1). */
      start: number;
      totalPath?: readonly string[];
      /** A flag in the answer saying more records follow (Pipedrive's `more_items_in_collection`). */
      hasMorePath?: readonly string[];
    }
  | {
      type: 'cursor';
      cursorParam: string;
      sizeParam?: string;
      maxSize?: number;
      nextPath: readonly string[];
      hasMorePath?: readonly string[];
    }
  | {
      type: 'link';
      source: 'body' | 'header';
      nextPath?: readonly string[];
      sizeParam?: string;
      maxSize?: number;
    }
  | { type: 'none' };

/** What the driver asks the connector to fetch: query parameters, or a whole next link. */
export interface PageRequest {
  query: Record<string, string>;
  url?: URL;
  /**
   * The most records the answer may hold (`maxRecordsPerPage`): past it the
   * page is refused. The connector passes it to `readJson`, which refuses a
   * longer list before it is parsed.
   */
  maxRecords: number;
}

export interface FetchedPage {
  items: readonly unknown[];
  body: unknown;
  headers: Headers;
  /** The length of the answer's text the page was read from: what keeping the page costs (see `ProviderPageCache`). */
  size: number;
}

export interface CollectedPage {
  items: unknown[];
  next: PagePosition | null;
  /** Provider bodies read for this unified page, in order (for `raw`). */
  bodies: unknown[];
}

// A provider answering empty pages that still point onwards must not keep us looping.
const MAX_PROVIDER_PAGES_PER_CALL = 50;

/** The fewest records a page may hold before it is refused: a provider may ignore a small size asked and answer its own default. */
export const MIN_RECORDS_BOUND = 10_000;
/** How many times the largest page the connector may ask for a page may hold. */
export const RECORDS_BOUND_FACTOR = 10;
/** The fewest bytes a record takes in a JSON list: `{"id":1234,"name":"Ada Byron"},` takes 31. */
export const MIN_RECORD_BYTES = 32;

/**
 * The most records one provider page may hold. A page is bounded in bytes
 * (`maxResponseBytes`), but 32 MiB of `{},` are eleven million records, which
 * cost seconds of CPU and a gigabyte to build and would be kept for the next
 * unified page. Where the connector asks for the page size, the bound is ten
 * times the largest page it may ask for (the provider's documented maximum,
 * else `asked`), and never under 10,000. Where the provider picks the size it
 * may not page the list at all and answer it whole, so only the answer bound
 * limits it: one record per 32 bytes of it (1,048,576 for 32 MiB).
 */
export function maxRecordsPerPage(strategy: PaginationStrategy, asked: number, maxResponseBytes = defaultMaxResponseBytes): number {
  const largest = largestPageAsked(strategy, asked);
  return Math.max(MIN_RECORDS_BOUND, largest === undefined ? Math.floor(maxResponseBytes / MIN_RECORD_BYTES) : RECORDS_BOUND_FACTOR * largest);
}

/** The largest page the connector may ask the provider for, or undefined where the provider picks. */
function largestPageAsked(strategy: PaginationStrategy, asked: number): number | undefined {
  switch (strategy.type) {
    case 'page':
      return strategy.sizeParam ? (strategy.maxSize ?? asked) : strategy.fixedSize;
    case 'offset':
      return strategy.maxLimit ?? asked;
    case 'cursor':
    case 'link':
      return strategy.sizeParam ? (strategy.maxSize ?? asked) : undefined;
    case 'none':
      return undefined;
  }
}

/**
 * The unified error for a provider page holding a list of `count` items, more
 * than the `bound` records a page may hold: nothing of the page is used.
 */
export function tooManyRecords(count: number, bound: number, detail: Record<string, unknown> = {}, who = 'The provider'): UnifiedError {
  return new UnifiedError('ConnectorExecutionError', `${who} answered a page holding a list of ${count} items, more than the ${bound} records one page of this list may hold; none of it was used`, {
    status: 502,
    detail: { ...detail, reason: 'too many records', records: count, max_records: bound },
  });
}

/** The kind of position a strategy's cursors hold (the generator bakes it into each connector too). */
export function positionKind(strategy: Pick<PaginationStrategy, 'type'>): PagePosition['kind'] {
  switch (strategy.type) {
    case 'page':
      return 'page';
    case 'offset':
      return 'offset';
    case 'cursor':
      return 'token';
    case 'link':
      return 'link';
    case 'none':
      return 'single';
  }
}

function firstPosition(strategy: PaginationStrategy, limit: number): PagePosition {
  // (limit here is the provider page size to ask for: the unified limit, or more when records are filtered)
  switch (strategy.type) {
    case 'page':
      return { kind: 'page', page: strategy.firstPage, skip: 0, ...(strategy.sizeParam ? { size: capped(limit, strategy.maxSize) } : {}) };
    case 'offset':
      return { kind: 'offset', offset: strategy.start };
    case 'cursor':
      return { kind: 'token', token: '', skip: 0, ...(strategy.sizeParam ? { size: capped(limit, strategy.maxSize) } : {}) };
    case 'link':
      return { kind: 'link', url: '', skip: 0 };
    case 'none':
      return { kind: 'single', skip: 0 };
  }
}

function capped(limit: number, max: number | undefined): number {
  return max !== undefined ? Math.min(limit, max) : limit;
}

function skipOf(position: PagePosition): number {
  return position.skip ?? 0;
}

function withSkip(position: PagePosition, skip: number): PagePosition {
  return { ...position, skip };
}

interface CachedPage {
  page: Promise<FetchedPage>;
  until: number;
  /** The page's `size` once it is answered; 0 while it is on its way. */
  size: number;
}

/** What a page cache keeps at most: the sizes of two answers as large as the connector reads. */
export function maxKeptSize(maxResponseBytes = defaultMaxResponseBytes): number {
  return 2 * maxResponseBytes;
}

/**
 * Provider pages requested but not (or not fully) used by one unified page:
 * the next unified page of the same walk starts in them, so they are kept
 * briefly — answered or still on their way — instead of being asked for
 * again. Each is handed out once; one that fails is forgotten, so the next
 * unified page asks for it itself and sees its own error.
 *
 * Bounded by count and by the sizes of the answers kept: a provider answering
 * pages near the largest a connector reads would otherwise have sixteen of
 * them held (half a gigabyte of text, and more once parsed). A page just
 * answered is kept and the others, first kept first, are let go until it
 * fits (as the count bound lets the first go), and asked for again if a walk
 * reaches them; a page larger than the bound alone is not kept.
 */
export class ProviderPageCache {
  private readonly pages = new Map<string, CachedPage>();
  /** The sizes of the answered pages kept. */
  private kept = 0;

  private readonly capacity: number;
  private readonly ttlMs: number;
  private readonly maxSize: number;

  constructor(bounds: { capacity?: number; ttlMs?: number; maxSize?: number } = {}) {
    this.capacity = bounds.capacity ?? 16;
    this.ttlMs = bounds.ttlMs ?? 30_000;
    this.maxSize = bounds.maxSize ?? maxKeptSize();
  }

  take(key: string): Promise<FetchedPage> | undefined {
    const entry = this.pages.get(key);
    if (!entry) return undefined;
    this.drop(key);
    return entry.until >= Date.now() ? entry.page : undefined;
  }

  /** Whether a page is kept (answered or on its way), without taking it. */
  has(key: string): boolean {
    const entry = this.pages.get(key);
    return entry !== undefined && entry.until >= Date.now();
  }

  keep(key: string, page: FetchedPage | Promise<FetchedPage>): void {
    this.drop(key);
    if (this.pages.size >= this.capacity) this.drop(this.pages.keys().next().value!);
    const entry: CachedPage = { page: Promise.resolve(page), until: Date.now() + this.ttlMs, size: 0 };
    this.pages.set(key, entry);
    entry.page.then(
      (answered) => {
        if (this.pages.get(key) !== entry) return;
        // A page larger than the bound on its own is not kept; otherwise the oldest others make room for it.
        if (answered.size > this.maxSize) return void this.drop(key);
        entry.size = answered.size;
        this.kept += answered.size;
        for (const [other, kept] of this.pages) {
          if (this.kept <= this.maxSize) break;
          if (kept !== entry) this.drop(other);
        }
      },
      // Nobody waits on a failed read-ahead: drop it so that the page is asked for again.
      () => {
        if (this.pages.get(key) === entry) this.drop(key);
      },
    );
  }

  /** The sizes of the answered pages kept (for tests of the bound). */
  get keptSize(): number {
    return this.kept;
  }

  private drop(key: string): void {
    const entry = this.pages.get(key);
    if (!entry) return;
    this.kept -= entry.size;
    this.pages.delete(key);
  }
}

export interface CollectOptions {
  /** Ask the provider for pages of (at least) this size: records are filtered on our side. */
  providerPageSize?: number;
  /**
   * Where pages requested ahead wait for the next unified page of the walk.
   * Without it, only the provider pages this unified page needs are requested.
   */
  cache?: ProviderPageCache;
  /** Provider requests in flight at once when page addresses can be computed ahead (page numbers, offsets). */
  parallel?: number;
  /** Provider pages one walk may read in all (default `DEFAULT_MAX_PAGES_PER_WALK`). */
  maxPages?: number;
  /** Walking, keep the next unified page's provider requests in flight (default true; see `ConnectorOptions.readAhead`). */
  readAhead?: boolean;
  /**
   * What the provider's answer depends on besides the page position (the
   * operation, the caller's filters and sorts), which the page request does not
   * carry: kept pages are handed only to a walk of the same scope, so a list
   * filtered otherwise never receives another filter's pages.
   */
  scope?: string;
  /**
   * Where a provider record's own id is: a page is recognised as one already
   * read by the id of its first record, so a provider that answers the same
   * records stamped anew (a `fetched_at` per answer) is still caught going round.
   */
  recordId?: readonly string[];
  /** Keeps the connection's credentials out of provider addresses kept in positions, and so out of cursors (see `CredentialMarkers`). */
  markers?: AddressMarkers;
  /** The connection's answer bound, which bounds a page whose size the provider picks (see `maxRecordsPerPage`). */
  maxResponseBytes?: number;
  /**
   * Milliseconds one call may spend reading provider pages after its first:
   * past them it answers the records it has, with a cursor to go on from, as
   * it does after MAX_PROVIDER_PAGES_PER_CALL pages (see `ConnectorOptions.callTimeMs`).
   */
  callTimeMs?: number;
}

/** Credentials in a provider's next link or cursor, written as markers while kept and put back when the request is made. */
export interface AddressMarkers {
  hide(address: string): string;
  reveal(address: string): string;
}

function withAddress(position: PagePosition | null, change: (address: string) => string): PagePosition | null {
  if (position?.kind === 'token') return { ...position, token: change(position.token) };
  if (position?.kind === 'link') return { ...position, url: change(position.url) };
  return position;
}

function requestKey(request: PageRequest, scope: string): string {
  const position = request.url ? request.url.toString() : JSON.stringify(Object.entries(request.query).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${scope}\n${position}`;
}

/**
 * Fetches the unified page that starts at `start` (the first page when null).
 * `baseUrl` bounds next links: a link to another origin is never followed,
 * because the request would carry the connection's credentials there.
 *
 * With page numbers and offsets the following provider pages' addresses are
 * known in advance, so they are requested together (up to `parallel` at
 * once); with cursors and links each address comes in the previous answer,
 * so the next provider page is requested as soon as its address is known.
 * When the caller is walking the list (it passed a cursor), there is a cache
 * and read-ahead is on, provider requests are kept in flight across unified
 * pages: as many as one unified page takes (at most `parallel`), as a bare
 * loop reading the provider's pages would, bounded by the total the provider
 * declared; with cursors and links, the next provider page.
 *
 * The walk ends with a `ConnectorExecutionError` when the provider goes round
 * in circles (see walk.ts). When this unified page already holds records, they
 * are answered first and the error comes with the next call, before any request.
 */
export async function collectPage(
  strategy: PaginationStrategy,
  start: PagePosition | null,
  limit: number,
  baseUrl: URL,
  fetchPage: (request: PageRequest) => Promise<FetchedPage>,
  options: CollectOptions = {},
): Promise<CollectedPage> {
  const floor = options.providerPageSize ?? 0;
  const walk = new WalkGuard(start?.walk, positiveCount(options.maxPages) ?? DEFAULT_MAX_PAGES_PER_WALK);
  if (walk.end) throw walkError(walk.end, walk.pages, walk.maxPages);
  const cache = options.cache;
  const scope = options.scope ?? '';
  // A cursor means the caller walks on: the pages after this unified page will be asked for too.
  const walking = start !== null && cache !== undefined && options.readAhead !== false;
  const parallel = Math.max(1, positiveCount(options.parallel) ?? 4);
  let position = withoutTrail(start) ?? firstPosition(strategy, options.providerPageSize ?? limit);
  // Records a provider page holds when the provider picks the size: learnt from its answers, carried in the cursor.
  const observedBefore = position.kind === 'page' ? position.observed : undefined;
  let observed = observedBefore;
  const items: unknown[] = [];
  const bodies: unknown[] = [];
  const ahead = new Map<string, Promise<FetchedPage>>();
  // Walking, offset pages are asked for whole, so the one a unified page ends in serves the next from the cache.
  const ask = (wanted: number) => (walking && strategy.type === 'offset' ? Math.max(limit, floor) : Math.max(wanted, floor));
  const markers = options.markers;
  const maxRecords = maxRecordsPerPage(strategy, Math.max(limit, floor), options.maxResponseBytes);
  const requestFor = (at: PagePosition, size: number): PageRequest => ({ ...pageRequest(strategy, markers ? withAddress(at, (address) => markers.reveal(address))! : at, size, baseUrl), maxRecords });
  // A provider address a position keeps (and so a cursor) holds markers where it held credentials.
  const hidden = (position: PagePosition | null) => (markers ? withAddress(position, (address) => markers.hide(address)) : position);
  // Every provider request counts against the walk's bound, those sent ahead included.
  const fetchCounted = (request: PageRequest) => {
    walk.pages++;
    return fetchPage(request).then((page) => {
      // Refused as it arrives, read ahead or not: a page past the bound is never kept, taken from or transformed.
      if (page.items.length > maxRecords) throw tooManyRecords(page.items.length, maxRecords);
      return page;
    });
  };
  const load = async (at: PagePosition, size: number): Promise<{ page: FetchedPage; key: string } | undefined> => {
    const request = requestFor(at, size);
    const key = requestKey(request, scope);
    const sent = ahead.get(key);
    if (sent) {
      ahead.delete(key);
      return { page: await sent, key };
    }
    const kept = cache?.take(key);
    if (kept) {
      // Requested ahead by an earlier call (perhaps under its abort signal): a failure there is asked again here.
      const page = await kept.catch(() => undefined);
      if (page) return { page, key };
    }
    if (walk.remaining === 0) return undefined;
    return { page: await fetchCounted(request), key };
  };
  let shortPages = false;
  // What the provider declared in its last answer: no page past it is requested ahead.
  let declaredEnd: number | undefined;
  const send = (pages: readonly { at: PagePosition; size: number }[]) => {
    for (const { at, size } of pages) {
      const request = requestFor(at, size);
      const key = requestKey(request, scope);
      if (ahead.has(key) || cache?.has(key) || walk.remaining === 0) continue;
      const pending = fetchCounted(request);
      // Its failure matters only if the page is reached (then it is awaited and thrown).
      pending.catch(() => undefined);
      ahead.set(key, pending);
    }
  };
  // With cursors and links each address comes in the answer before it, so at most the next provider page can be on its way.
  const chained = strategy.type === 'cursor' || strategy.type === 'link';
  // Walking, the next unified page's provider pages are on their way before this one is answered, as a bare loop's would be.
  // `kept`: the next unified page starts inside this provider page, answered at `at` and kept.
  const keepInFlight = (from: PagePosition, kept?: { at: PagePosition; page: FetchedPage }) => {
    if (!walking || shortPages) return;
    if (chained) {
      // The next page's address is known (it is `from`, or it came in the kept page), and is needed unless the kept rest fills the unified page.
      const rest = kept ? kept.page.items.length - skipOf(from) : 0;
      const at = kept ? (rest < limit ? nextAddress(() => hidden(nextPosition(strategy, kept.at, kept.page, baseUrl))) : null) : from;
      if (at !== null && !walk.hasSeen(at)) send([{ at, size: ask(limit - rest) }]);
      return;
    }
    if (declaredEnd !== undefined && ((from.kind === 'page' && from.page >= declaredEnd) || (from.kind === 'offset' && from.offset >= declaredEnd))) return;
    const plan = { parallel, unified: Math.max(limit, floor), walking, observed, declaredEnd };
    const following = pagesAhead(strategy, from, limit, ask, plan);
    if (following.length > 0 || spanKnown(strategy, from, observed)) send([{ at: from, size: ask(limit) }, ...following]);
  };
  const withObserved = (at: PagePosition): PagePosition => (at.kind === 'page' && observed !== undefined ? { ...at, observed } : at);
  const resumeAt = (at: PagePosition): PagePosition => ({ ...withObserved(at), walk: walk.trail() });
  // The provider is going round in circles, or pointed where no request may go: answer what this page holds, and end the walk on the next call.
  const stop = (end: WalkEnd, at: PagePosition): CollectedPage => {
    if (items.length === 0) throw walkError(end, walk.pages, walk.maxPages);
    return { items, next: { ...withObserved(at), walk: walk.trail(end) }, bodies };
  };
  const started = performance.now();
  try {
    for (let round = 0; round < MAX_PROVIDER_PAGES_PER_CALL; round++) {
      // A provider answering empty pages that point onwards, each just inside the timeout, held one call for minutes.
      if (round > 0 && options.callTimeMs !== undefined && performance.now() - started >= options.callTimeMs) break;
      const wanted = limit - items.length;
      // This page's request goes out first, then those after it whose addresses are known (within the walk's bound).
      const loading = load(position, ask(wanted));
      // A size learnt in this very call is not planned with: a provider caught looping on its second page costs no more.
      if (!shortPages) send(pagesAhead(strategy, position, wanted, ask, { parallel, unified: Math.max(limit, floor), walking, observed: observedBefore, declaredEnd }));
      const loaded = await loading;
      if (loaded === undefined) return stop('page-bound', position);
      const { page, key } = loaded;
      // An offset page shorter than asked (a silent cap): addresses computed ahead would miss, so stop sending them.
      if (strategy.type === 'offset' && page.items.length < capped(ask(wanted), strategy.maxLimit)) shortPages = true;
      if (position.kind === 'page' && position.size === undefined && page.items.length > 0 && skipOf(position) === 0) observed = page.items.length;
      declaredEnd = declaredCountOf(strategy, page.body);
      const repeated = walk.read(position, page.items, options.recordId);
      if (repeated) return stop(repeated, position);
      if (pastDeclaredTotal(strategy, position, page)) return stop('past-declared-total', position);
      bodies.push(page.body);
      const skip = skipOf(position);
      const taken = page.items.slice(skip, skip + wanted);
      items.push(...taken);
      const consumed = skip + taken.length;
      if (consumed < page.items.length) {
        // The provider page holds more than this unified page needs: resume inside it.
        cache?.keep(key, page);
        keepInFlight(withSkip(position, consumed), { at: position, page });
        return { items, next: resumeAt(withSkip(position, consumed)), bodies };
      }
      let following: PagePosition | null;
      try {
        following = hidden(nextPosition(strategy, position, page, baseUrl));
      } catch (error) {
        // An address that cannot be followed or sent back: this page's records are answered, and the next call fails.
        if (error instanceof UnusableAddress) return stop(error.end, position);
        throw error;
      }
      if (following === null) return { items, next: null, bodies };
      if (walk.hasSeen(following)) return stop('repeated-next-page', following);
      position = following;
      if (items.length >= limit) {
        keepInFlight(position);
        return { items, next: resumeAt(position), bodies };
      }
    }
    return { items, next: resumeAt(position), bodies };
  } finally {
    // Pages requested ahead but not reached: the next unified page starts there (they may still be on their way).
    for (const [key, pending] of ahead) cache?.keep(key, pending);
  }
}

function positiveCount(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function withoutTrail(position: PagePosition | null): PagePosition | null {
  if (position === null || position.walk === undefined) return position;
  const { walk: _trail, ...rest } = position;
  return rest as PagePosition;
}

/** A count the provider declared (a number, or digits in a string); anything else declares nothing. */
function declaredCount(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

/** The first page number or offset past the end the provider declared in a page body, if it declares one. */
function declaredCountOf(strategy: PaginationStrategy, body: unknown): number | undefined {
  if (strategy.type === 'page' && strategy.totalPagesPath) {
    const total = declaredCount(getPath(body, strategy.totalPagesPath));
    return total === undefined ? undefined : strategy.firstPage + total;
  }
  if (strategy.type === 'offset' && strategy.totalPath) {
    const total = declaredCount(getPath(body, strategy.totalPath));
    return total === undefined ? undefined : strategy.start + total;
  }
  return undefined;
}

/** Records on a page the provider's own total says does not exist. */
function pastDeclaredTotal(strategy: PaginationStrategy, position: PagePosition, page: FetchedPage): boolean {
  if (page.items.length === 0) return false;
  if (strategy.type === 'page' && strategy.totalPagesPath && position.kind === 'page') {
    const total = declaredCount(getPath(page.body, strategy.totalPagesPath));
    return total !== undefined && position.page > strategy.firstPage + total - 1;
  }
  if (strategy.type === 'offset' && strategy.totalPath && position.kind === 'offset') {
    const total = declaredCount(getPath(page.body, strategy.totalPath));
    return total !== undefined && position.offset - strategy.start >= total;
  }
  return false;
}

/** Whether the provider pages after `position` have computable addresses (page numbers of a known size, offsets). */
function spanKnown(strategy: PaginationStrategy, position: PagePosition, observed: number | undefined): boolean {
  if (strategy.type === 'offset') return position.kind === 'offset';
  return strategy.type === 'page' && position.kind === 'page' && (position.size ?? strategy.fixedSize ?? observed) !== undefined;
}

interface AheadPlan {
  parallel: number;
  /** Records a whole unified page asks the provider for. */
  unified: number;
  walking: boolean;
  observed: number | undefined;
  declaredEnd: number | undefined;
}

/**
 * For strategies whose following addresses are computable (page numbers,
 * offsets), the provider pages after `position` to request now, each with
 * the size its own request will ask for: those this unified page needs, and
 * while walking, enough to keep one unified page's worth in flight (never
 * more than `parallel` in all, never past the declared end). Without a known
 * page size nothing is requested ahead: a page more is a guess, and a caller
 * after the first page alone would pay for it.
 */
function pagesAhead(strategy: PaginationStrategy, position: PagePosition, wanted: number, ask: (wanted: number) => number, plan: AheadPlan): { at: PagePosition; size: number }[] {
  const out: { at: PagePosition; size: number }[] = [];
  if (plan.parallel <= 1) return out;
  let span: number | undefined;
  if (strategy.type === 'offset' && position.kind === 'offset') span = capped(ask(wanted), strategy.maxLimit);
  else if (strategy.type === 'page' && position.kind === 'page') span = position.size ?? strategy.fixedSize ?? plan.observed;
  if (!span) return out;
  const needed = Math.ceil((skipOf(position) + wanted) / span);
  const perUnifiedPage = Math.ceil(plan.unified / span);
  const count = Math.min(plan.parallel, Math.max(needed, plan.walking ? perUnifiedPage : 1)) - 1;
  if (strategy.type === 'offset' && position.kind === 'offset') {
    // Not walking, each page asks only for what is still wanted (the last one may be short).
    let remaining = Math.max(0, ask(wanted) - (span - skipOf(position)));
    for (let i = 1, offset = position.offset + span; i <= count; i++, offset += span) {
      if (plan.declaredEnd !== undefined && offset >= plan.declaredEnd) break;
      if (!plan.walking && remaining <= 0) break;
      out.push({ at: { kind: 'offset', offset }, size: plan.walking ? ask(wanted) : remaining });
      remaining -= Math.min(remaining, span);
    }
  } else if (position.kind === 'page') {
    for (let i = 1; i <= count; i++) {
      if (plan.declaredEnd !== undefined && position.page + i >= plan.declaredEnd) break;
      out.push({ at: { ...position, page: position.page + i, skip: 0 }, size: wanted });
    }
  }
  return out;
}

function pageRequest(strategy: PaginationStrategy, position: PagePosition, wanted: number, baseUrl: URL): Omit<PageRequest, 'maxRecords'> {
  const query: Record<string, string> = {};
  switch (strategy.type) {
    case 'page': {
      if (position.kind !== 'page') break;
      query[strategy.pageParam] = String(position.page);
      if (strategy.sizeParam) query[strategy.sizeParam] = String(position.size ?? capped(wanted, strategy.maxSize));
      break;
    }
    case 'offset': {
      if (position.kind !== 'offset') break;
      query[strategy.offsetParam] = String(position.offset);
      query[strategy.limitParam] = String(capped(wanted, strategy.maxLimit));
      break;
    }
    case 'cursor': {
      if (position.kind !== 'token') break;
      if (position.token !== '') query[strategy.cursorParam] = position.token;
      if (strategy.sizeParam) query[strategy.sizeParam] = String(position.size ?? capped(wanted, strategy.maxSize));
      break;
    }
    case 'link': {
      if (position.kind !== 'link') break;
      if (position.url !== '') return { query, url: sameOriginUrl(position.url, baseUrl, 'cursor') };
      if (strategy.sizeParam) query[strategy.sizeParam] = String(capped(wanted, strategy.maxSize));
      break;
    }
    case 'none':
      break;
  }
  return { query };
}

/** The next page's position, or null where there is none or it cannot be followed (that is for the call that reaches it to say). */
function nextAddress(next: () => PagePosition | null): PagePosition | null {
  try {
    return next();
  } catch {
    return null;
  }
}

function nextPosition(strategy: PaginationStrategy, position: PagePosition, page: FetchedPage, baseUrl: URL): PagePosition | null {
  const count = page.items.length;
  switch (strategy.type) {
    case 'page': {
      if (position.kind !== 'page' || count === 0) return null;
      if (strategy.totalPagesPath) {
        const total = declaredCount(getPath(page.body, strategy.totalPagesPath));
        if (total !== undefined && position.page >= strategy.firstPage + total - 1) return null;
      }
      const size = position.size ?? strategy.fixedSize;
      if (size !== undefined && count < size) return null;
      return { ...position, page: position.page + 1, skip: 0 };
    }
    case 'offset': {
      if (position.kind !== 'offset' || count === 0) return null;
      if (strategy.hasMorePath && getPath(page.body, strategy.hasMorePath) !== true) return null;
      const offset = position.offset + count;
      if (strategy.totalPath) {
        const total = declaredCount(getPath(page.body, strategy.totalPath));
        if (total !== undefined && offset - strategy.start >= total) return null;
      }
      return { kind: 'offset', offset };
    }
    case 'cursor': {
      if (position.kind !== 'token') return null;
      const more = strategy.hasMorePath ? getPath(page.body, strategy.hasMorePath) : undefined;
      if (strategy.hasMorePath && more !== true) return null;
      const token = getPath(page.body, strategy.nextPath);
      // More said to follow, and nothing to ask for them with: not the list's end, though no page can follow.
      if (more === true && (token === undefined || token === null || token === '')) throw new UnusableAddress('no-next-address');
      // A cursor of another kind (an object, a list, `true`) is no end of the list either; null, false, absent or empty is.
      if (token !== undefined && token !== null && token !== false && typeof token !== 'string' && typeof token !== 'number') throw new UnusableAddress('no-next-address');
      if (typeof token !== 'string' && typeof token !== 'number') return null;
      // The same cursor again is a loop, caught by the walk's trail; an empty one is the end.
      if (String(token) === '') return null;
      // Refused here, before a request or a read-ahead sends it: the query string would carry U+FFFD instead.
      if (!isWellFormed(String(token))) throw new UnusableAddress('ill-formed-next-cursor');
      return { kind: 'token', token: String(token), skip: 0, ...(position.size ? { size: position.size } : {}) };
    }
    case 'link': {
      const found = strategy.source === 'header' ? nextFromLinkHeader(page.headers.get('link')) : getPath(page.body, strategy.nextPath ?? []);
      // A link of another kind (a number, an object, `true`) is no end of the list; null, false, absent or empty is.
      if (found !== undefined && found !== null && found !== false && typeof found !== 'string') throw new UnusableAddress('no-next-address');
      if (typeof found !== 'string' || found === '') return null;
      const link = strategy.source === 'header' ? headerText(found) : found;
      // The URL parser would write U+FFFD in place of a lone surrogate half: a link to another page.
      if (link === undefined || !isWellFormed(link)) throw new UnusableAddress('ill-formed-next-link');
      const url = sameOriginUrl(link, baseUrl, 'provider');
      return { kind: 'link', url: url.toString(), skip: 0 };
    }
    case 'none':
      return null;
  }
}

/** Resolves a (possibly relative) link and refuses to leave the provider's origin. */
function sameOriginUrl(link: string, baseUrl: URL, from: 'cursor' | 'provider'): URL {
  let url: URL;
  try {
    url = new URL(link, baseUrl);
  } catch {
    url = new URL('invalid:');
  }
  if (url.origin !== baseUrl.origin || !(url.protocol === 'https:' || url.protocol === 'http:')) {
    if (from === 'cursor') {
      throw new UnifiedError('InvalidCursorError', 'Invalid cursor: its link leaves the provider', {
        detail: { reason: 'foreign link' },
      });
    }
    throw new UnusableAddress('foreign-next-link');
  }
  // The origin leaves a user name and password out: one in the link would be handed out in a cursor, and fetch refuses to send it.
  if (url.username !== '' || url.password !== '') {
    if (from === 'cursor') throw new UnifiedError('InvalidCursorError', 'Invalid cursor: its link holds a user name or password', { detail: { reason: 'link with credentials' } });
    throw new UnusableAddress('next-link-with-credentials');
  }
  return url;
}

/**
 * A header value as the text its bytes spell in UTF-8, or undefined when they
 * spell none (a lone surrogate half's bytes among them). fetch hands header
 * bytes over one character per byte (Latin-1): read as they are, a link's `é`
 * (two bytes) would go back as two other characters, another address.
 */
function headerText(value: string): string | undefined {
  if (!/[^\x00-\x7f]/.test(value)) return value;
  try {
    return strictUtf8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return undefined;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The `rel="next"` target of an RFC 8288 Link header. */
export function nextFromLinkHeader(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel="?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2]!)) return match[1];
  }
  return undefined;
}
