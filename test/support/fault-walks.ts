/**
 * List walks that would never end, for the fault matrix: a provider whose
 * paging goes round in circles in each way a paging style can — the same
 * next page again, two next pages alternating, new next pages over the same
 * records, pages without end, records past the total it declared — built
 * from the connector's own pagination strategy and a documented record. And
 * a page of more tiny records than any page may hold.
 */

import { describe, expect, it } from 'vitest';
import { iterateAll, MAX_LIMIT, maxRecordsPerPage, type MappingIssue, type PaginationStrategy } from '../../src/runtime/index.js';
import type { FaultHarness } from './fault-matrix.js';
import { method, operationOf } from './fault-operations.js';
import { outcome, type ReceivedRequest, type RecordedAnswer } from './fault-server.js';
import { assertUnifiedError } from './unified-schema.js';
import { expectNoLeak, secretTraces } from './fault-secrets.js';
import { at } from './answer-paths.js';

export interface WalkTarget {
  strategy: PaginationStrategy;
  /** Where records sit in a page body that can also carry a next page. */
  recordsPath: readonly string[];
  /** Where a record's provider id is (made unique per page and record). */
  idPath: readonly string[];
  template: Record<string, unknown>;
  keep?: Readonly<Record<string, unknown>>;
}

/** What the provider answers for the page it was asked for (`ordinal`: 0 for the first page). */
interface WalkPage {
  /** Which record set the page holds: the same set means the same records. */
  set: number;
  /** The next page's token (cursor, link), or null for none. */
  next: string | null;
  /** The total to declare, where the strategy reads one (default: far more than is read). */
  total?: number;
  /** A member every record of this answer carries with its own value, as a provider stamping each answer (`fetched_at`). */
  stamp?: string;
}

export interface WalkFault {
  name: string;
  page: (ordinal: number) => WalkPage;
  /** The bound passed as `maxPagesPerWalk`. */
  maxPages?: number;
  /** What ends the walk: the error's `detail.problem`. */
  problem: string;
  /** Only for strategies that read a declared total. */
  needsTotal?: boolean;
}

export const WALK_FAULTS: WalkFault[] = [
  { name: 'the same next page again and again', page: () => ({ set: 0, next: 'same' }), problem: 'repeated' },
  { name: 'two next pages alternating', page: (ordinal) => ({ set: ordinal % 2, next: ordinal % 2 === 0 ? 'n1' : 'n0' }), problem: 'repeated' },
  { name: 'new next pages holding the same records', page: (ordinal) => ({ set: 0, next: `n${ordinal + 1}` }), problem: 'repeated-records' },
  { name: 'new next pages holding the same records, stamped anew in every answer', page: (ordinal) => ({ set: 0, next: `n${ordinal + 1}`, stamp: `answer ${ordinal}` }), problem: 'repeated-records' },
  { name: 'new pages without end, past maxPagesPerWalk', page: (ordinal) => ({ set: ordinal, next: `n${ordinal + 1}` }), maxPages: 5, problem: 'page-bound' },
  {
    name: 'records on a page past the total the provider declared',
    page: (ordinal) => ({ set: ordinal, next: `n${ordinal + 1}`, total: ordinal === 0 ? undefined : 1 }),
    problem: 'past-declared-total',
    needsTotal: true,
  },
];

/** How each walk is driven: page by page through cursors, and by `iterateAll`. */
export const WALK_DRIVERS = [
  { name: 'page by page with limit 1', limit: 1, iterate: false },
  { name: 'with iterateAll and limit 200', limit: 200, iterate: true },
] as const;

/** A provider whose first page points at `next` and whose second page is the last. */
function firstPagePointingAt(index: number, next: string): WalkFault {
  const page: WalkPage = index === 0 ? { set: 0, next } : { set: 1, next: null };
  return { name: 'one page', page: () => page, problem: '' };
}

/**
 * Walks a list as `driver` does until it ends: the ids answered, and the error
 * that ended it (undefined when the list ended normally). Page by page, at
 * most `calls` list calls are made.
 */
async function walkUntilEnd(list: (params: Record<string, unknown>) => Promise<unknown>, input: Record<string, unknown>, driver: (typeof WALK_DRIVERS)[number], calls: number): Promise<{ ids: string[]; ended: unknown }> {
  const params = { ...input, limit: driver.limit };
  const ids: string[] = [];
  if (driver.iterate) {
    try {
      for await (const record of iterateAll(list as Parameters<typeof iterateAll<{ id?: string | null }, Record<string, unknown>>>[0], params)) ids.push(String(record.id));
    } catch (error) {
      return { ids, ended: error };
    }
    return { ids, ended: undefined };
  }
  let cursor: string | null = null;
  for (let call = 0; call < calls; call++) {
    const page = await outcome(list({ ...params, cursor }));
    if (!page.ok) return { ids, ended: page.error };
    const envelope = page.value as { data: { id?: string | null }[]; meta: { cursors: { next: string | null } } };
    ids.push(...envelope.data.map((record) => String(record.id)));
    cursor = envelope.meta.cursors.next;
    if (cursor === null) break;
  }
  return { ids, ended: undefined };
}

export function hasDeclaredTotal(strategy: Pick<PaginationStrategy, 'type'> & { totalPath?: unknown; totalPagesPath?: unknown }): boolean {
  return (strategy.type === 'offset' && strategy.totalPath !== undefined) || (strategy.type === 'page' && strategy.totalPagesPath !== undefined);
}

/** The walk faults that apply to a strategy: none without paging; the total only where one is read. */
export function walkFaultsFor(strategy: Pick<PaginationStrategy, 'type'> & { totalPath?: unknown; totalPagesPath?: unknown }): WalkFault[] {
  if (strategy.type === 'none') return [];
  return WALK_FAULTS.filter((fault) => !fault.needsTotal || hasDeclaredTotal(strategy));
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = target;
  path.forEach((name, i) => {
    if (i === path.length - 1) current[name] = value;
    else current = (current[name] ??= {}) as Record<string, unknown>;
  });
}

/** Which page a request asks for, whatever the paging style: 0 for the first. */
function ordinalOf(strategy: PaginationStrategy, query: URLSearchParams): number {
  const token = (name: string) => Number(/^n(\d+)$/.exec(query.get(name) ?? '')?.[1] ?? (query.get(name) === 'same' ? 1 : 0));
  switch (strategy.type) {
    case 'page':
      return Number(query.get(strategy.pageParam) ?? strategy.firstPage) - strategy.firstPage;
    case 'offset':
      // Pages hold fewer records than asked for, so each offset is a page of its own.
      return Number(query.get(strategy.offsetParam) ?? strategy.start) - strategy.start;
    case 'cursor':
      return token(strategy.cursorParam);
    case 'link':
      return token('next');
    case 'none':
      return 0;
  }
}

/**
 * How many records a page holds: a few, but with page numbers what was asked
 * for, since a short page there reads as the last.
 */
function pageSize(strategy: PaginationStrategy, query: URLSearchParams): number {
  if (strategy.type !== 'page') {
    const param = strategy.type === 'offset' ? strategy.limitParam : strategy.type === 'none' ? undefined : strategy.sizeParam;
    const asked = param ? Number(query.get(param)) : NaN;
    return Number.isInteger(asked) && asked > 0 ? Math.min(asked, 3) : 3;
  }
  const asked = strategy.sizeParam ? Number(query.get(strategy.sizeParam)) : NaN;
  return Number.isInteger(asked) && asked > 0 ? Math.min(asked, 300) : (strategy.fixedSize ?? 3);
}

/**
 * A header value as the bytes a provider writes for `text` (UTF-8, a lone
 * surrogate half as the three bytes it would take), one Latin-1 character per
 * byte: Node writes header strings byte for byte, and refuses characters above U+00FF.
 */
function headerBytes(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (code < 0x80) out += c;
    else if (code >= 0xd800 && code <= 0xdfff) out += String.fromCharCode(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else out += Buffer.from(c, 'utf8').toString('latin1');
  }
  return out;
}

/** The answer to one list request of a walk fault, and the ids of the records it holds. */
export function walkAnswer(target: WalkTarget, fault: WalkFault, request: ReceivedRequest, origin: string): RecordedAnswer {
  const { strategy } = target;
  const query = new URL(request.target, 'http://x').searchParams;
  const page = fault.page(ordinalOf(strategy, query));
  const sample = target.idPath.reduce<unknown>((value, name) => (value as Record<string, unknown> | undefined)?.[name], target.template);
  const records = Array.from({ length: pageSize(strategy, query) }, (_, i) => {
    const record = structuredClone(target.template);
    const id = 100_000 + page.set * 1000 + i;
    setPath(record, target.idPath, typeof sample === 'number' ? id : String(id));
    return { ...record, ...target.keep, ...(page.stamp !== undefined ? { fetched_at: page.stamp } : {}) };
  });
  const body: Record<string, unknown> = {};
  setPath(body, target.recordsPath, records);
  const headers: Record<string, string> = {};
  // Links carry the page size, as providers' links do.
  const size = strategy.type === 'link' && strategy.sizeParam ? `&${encodeURIComponent(strategy.sizeParam)}=${query.get(strategy.sizeParam) ?? ''}` : '';
  const link = page.next === null ? null : `${origin}/walk?next=${page.next}${size}`;
  switch (strategy.type) {
    case 'cursor':
      setPath(body, strategy.nextPath, page.next);
      if (strategy.hasMorePath) setPath(body, strategy.hasMorePath, page.next !== null);
      break;
    case 'link':
      if (strategy.source === 'header' && link) headers.link = headerBytes(`<${link}>; rel="next"`);
      if (strategy.source === 'body') setPath(body, strategy.nextPath ?? [], link);
      break;
    case 'page':
      if (strategy.totalPagesPath) setPath(body, strategy.totalPagesPath, page.total ?? 1_000_000);
      break;
    case 'offset':
      if (strategy.totalPath) setPath(body, strategy.totalPath, page.total ?? 1_000_000);
      if (strategy.hasMorePath) setPath(body, strategy.hasMorePath, page.next !== null);
      break;
    case 'none':
      break;
  }
  return { status: 200, headers, body: target.recordsPath.length === 0 ? records : body };
}

/**
 * Fault matrix: every list walk ends. Each walk fault is driven page by page
 * (the cursor carries the walk's trail) and by `iterateAll`; the walk must
 * end with a `ConnectorExecutionError` saying why, within a few requests, no
 * record answered twice. A list spanning several provider pages answers
 * `_raw` as `{ pages: [...] }`.
 */
export function describeWalks(harness: FaultHarness): void {
  const { target } = harness;
  const [listId, list] = operationOf(target, 'list') ?? [];
  const paging = target.paging;
  const template = list && target.recordsPath ? (at(list.answers[0]?.body, target.recordsPath) as unknown[] | undefined)?.find(isRecord) : undefined;
  // A list without paging has no walk to end (and vitest refuses a suite without tests).
  if (!list || !paging || !template || walkFaultsFor(paging.strategy).length === 0) return;
  const walk: WalkTarget = { strategy: paging.strategy, recordsPath: paging.recordsPath, idPath: paging.idPath, template, ...(target.keep ? { keep: target.keep } : {}) };

  describe.concurrent(`${target.service}: list walks that would not end`, () => {
    const cases = walkFaultsFor(paging.strategy).flatMap((fault) => WALK_DRIVERS.map((driver) => [`${fault.name}, ${driver.name}`, fault, driver] as const));
    it.each(cases)(`${listId}: %s`, async (_, fault, driver) => {
      const server = await harness.start((_, request) => ({ answer: walkAnswer(walk, fault, request, server.origin) }));
      const connector = harness.connect(server.origin, [], fault.maxPages ? { maxPagesPerWalk: fault.maxPages } : {});
      // Bounded, but past what the walk may read: a provider page can hold up to 300 records, served one per call.
      const { ids, ended } = await walkUntilEnd(method(connector, listId!), { ...list.input }, driver, 300 * ((fault.maxPages ?? 6) + 1));
      expect(ended, 'the walk ended without an error').toBeDefined();
      assertUnifiedError(ended);
      expect(ended).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502 });
      expect(String((ended.detail as { problem?: string }).problem)).toMatch(new RegExp(`^${fault.problem}`));
      expect(ended.message).toMatch(/stopped/);
      expect(new Set(ids).size, `records answered twice: ${ids.join(',')}`).toBe(ids.length);
      expect(server.requests).toBeLessThanOrEqual(fault.maxPages ?? 6);
    });

    // A provider may write the connection's key into its next link or cursor (`…&api_key=…`): the cursor goes to the caller.
    const strategyType = paging.strategy.type;
    if ((strategyType === 'cursor' || strategyType === 'link') && target.secrets.length > 0) {
      it(`${listId}: a credential the provider writes into its next page address stays out of the cursor, and goes back to the provider as it was`, async () => {
        const secret = target.secrets[0]!;
        const next = strategyType === 'link' ? `n1&key=${encodeURIComponent(secret)}` : `n1.${secret}`;
        const server = await harness.start((index, request) => ({ answer: walkAnswer(walk, firstPagePointingAt(index, next), request, server.origin) }));
        const connector = harness.connect(server.origin, []);
        const first = await outcome(method(connector, listId!)({ ...list.input, limit: 3 }));
        expect(first.ok, first.ok ? '' : JSON.stringify(first.error)).toBe(true);
        if (!first.ok) return;
        const envelope = first.value as { meta: { cursors: { next: string | null } } };
        const cursor = envelope.meta.cursors.next;
        expect(cursor).not.toBeNull();
        const decoded = Buffer.from(cursor!.split('.')[0]!, 'base64url').toString('utf8');
        expectNoLeak(`${JSON.stringify(first.value)}\n${decoded}`, secretTraces(target.secrets), 'the envelope and its cursor');
        const second = await outcome(method(connector, listId!)({ ...list.input, limit: 3, cursor }));
        expect(second.ok, second.ok ? '' : JSON.stringify(second.error)).toBe(true);
        const query = new URL(server.received[1]!.target, 'http://x').searchParams;
        if (strategyType === 'link') expect(query.get('key')).toBe(secret);
        else if (paging.strategy.type === 'cursor') expect(query.get(paging.strategy.cursorParam)).toBe(`n1.${secret}`);
      });
    }

    // A lone surrogate half cannot be sent back as it came: a query string or URL would carry U+FFFD instead, asking for another page.
    if (strategyType === 'cursor' || strategyType === 'link') {
      it.each(WALK_DRIVERS.map((driver) => [driver.name, driver] as const))(`${listId}: a next page address holding a lone surrogate half ends the list with a ConnectorExecutionError, and is never sent (%s)`, async (_, driver) => {
        const next = 'n1\uD800';
        const server = await harness.start((index, request) => ({ answer: walkAnswer(walk, firstPagePointingAt(index, next), request, server.origin) }));
        const { ids, ended } = await walkUntilEnd(method(harness.connect(server.origin, []), listId!), { ...list.input }, driver, 300);
        expect(ended, `the walk ended without an error after ${ids.length} records`).toBeDefined();
        assertUnifiedError(ended);
        expect(ended).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502, detail: { reason: 'ill-formed next page address' } });
        expect(new Set(ids).size, `records answered twice: ${ids.join(',')}`).toBe(ids.length);
        // Only the first page was asked for: the address it pointed at was never sent, as it was or otherwise.
        expect(server.received.map((request) => request.target)).toHaveLength(1);
      });
    }

    // Following it would send the connection's credentials to another host; the page that pointed there is still answered.
    if (strategyType === 'link') {
      it.each(WALK_DRIVERS.map((driver) => [driver.name, driver] as const))(`${listId}: a next link to another origin is never followed: the records before it are answered, and the list ends with a ConnectorExecutionError (%s)`, async (_, driver) => {
        const server = await harness.start((index, request) => ({ answer: walkAnswer(walk, firstPagePointingAt(index, 'n1'), request, 'http://elsewhere.example:8443') }));
        const { ids, ended } = await walkUntilEnd(method(harness.connect(server.origin, []), listId!), { ...list.input }, driver, 300);
        assertUnifiedError(ended);
        expect(ended).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502, detail: { reason: 'foreign next link' } });
        expect(ids.length, 'the first page\'s records were lost').toBeGreaterThan(0);
        expect(new Set(ids).size, `records answered twice: ${ids.join(',')}`).toBe(ids.length);
        expect(server.received).toHaveLength(1);
      });
    }

    // The origin leaves userinfo out: a link holding a password would be handed out in a cursor, and fetch refuses to send it.
    if (strategyType === 'link') {
      it(`${listId}: a next link holding a user name and password is never followed nor handed out: the records before it are answered, and the list ends with a ConnectorExecutionError`, async () => {
        const server = await harness.start((index, request) => ({ answer: walkAnswer(walk, firstPagePointingAt(index, 'n1'), request, server.origin.replace('http://', 'http://walker:s3cr3t-in-link@')) }));
        const connector = harness.connect(server.origin, []);
        const first = await outcome(method(connector, listId!)({ ...list.input, limit: 3 }));
        expect(first.ok, first.ok ? '' : JSON.stringify(first.error)).toBe(true);
        if (!first.ok) return;
        const envelope = first.value as { data: unknown[]; meta: { cursors: { next: string | null } } };
        expect(envelope.data.length, "the first page's records were lost").toBeGreaterThan(0);
        // Walked on from the first call's cursor: no cursor handed out holds the password, and the walk ends in the error.
        let cursor = envelope.meta.cursors.next;
        let ended: unknown;
        for (let call = 0; call < 300 && cursor !== null && ended === undefined; call++) {
          expect(Buffer.from(cursor.split('.')[0]!, 'base64url').toString('utf8')).not.toContain('s3cr3t-in-link');
          const next = await outcome(method(connector, listId!)({ ...list.input, limit: 3, cursor }));
          if (next.ok) cursor = (next.value as { meta: { cursors: { next: string | null } } }).meta.cursors.next;
          else ended = next.error;
        }
        assertUnifiedError(ended);
        expect(ended).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502, detail: { reason: 'next link with credentials' } });
        expect(JSON.stringify(ended)).not.toContain('s3cr3t-in-link');
        expect(server.received.every((request) => !request.target.includes('n1'))).toBe(true);
      });
    }

    // `has_more: true` beside no cursor (or an empty one) is not the list's end: a caller told it was would lose the rest.
    if (paging.strategy.type === 'cursor' && paging.strategy.hasMorePath) {
      it.each(WALK_DRIVERS.map((driver) => [driver.name, driver] as const))(`${listId}: more records said to follow, with an empty cursor: the records before it are answered, and the list ends with a ConnectorExecutionError, not as if it were done (%s)`, async (_, driver) => {
        const server = await harness.start((index, request) => ({ answer: walkAnswer(walk, firstPagePointingAt(index, ''), request, server.origin) }));
        const { ids, ended } = await walkUntilEnd(method(harness.connect(server.origin, []), listId!), { ...list.input }, driver, 300);
        expect(ended, `the walk ended as if done after ${ids.length} records`).toBeDefined();
        assertUnifiedError(ended);
        expect(ended).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502, detail: { reason: 'no next page address' } });
        expect(ids.length, "the first page's records were lost").toBeGreaterThan(0);
        expect(server.received).toHaveLength(1);
      });
    }

    // Page numbers with a size the provider does not cap below the unified page's (Zoho CRM's `per_page`, no maximum
    // declared): one provider page holds the whole unified page, whose _raw is then that page's answer.
    const strategy = paging.strategy;
    const onePage = strategy.type === 'page' && strategy.sizeParam !== undefined && (strategy.maxSize === undefined || strategy.maxSize >= 200);
    it(`${listId}: ${onePage ? 'a unified page of 200 is one provider page, whose answer is _raw' : 'a unified page spanning several provider pages answers _raw as { pages: [...] }'}`, async () => {
      const endless = walkFaultsFor(paging.strategy).find((fault) => fault.problem === 'page-bound')!;
      const answers: unknown[] = [];
      const server = await harness.start((_, request) => {
        const answer = walkAnswer(walk, endless, request, server.origin);
        answers.push(answer.body);
        return { answer };
      });
      const result = await outcome(harness.call(harness.connect(server.origin, []), listId!, list.input, { limit: 200, raw: true }));
      expect(result.ok, JSON.stringify(result)).toBe(true);
      const { data, _raw: raw } = (result as { value: { data: unknown[]; _raw?: unknown } }).value as { data: unknown[]; _raw: { pages?: unknown[] } };
      expect(isRecord(raw), `_raw is ${JSON.stringify(raw)?.slice(0, 200)}`).toBe(true);
      if (onePage) {
        expect(data).toHaveLength(200);
        expect(answers).toContainEqual(raw);
        return;
      }
      expect(Array.isArray(raw.pages)).toBe(true);
      expect(raw.pages!.length).toBeGreaterThan(1);
      expect(raw.pages!.length).toBeLessThanOrEqual(server.requests);
    });
  });
}

/**
 * Pages of tiny records, more than any page of the list may hold (a provider
 * page is bounded in bytes, and 32 MiB of `{},` are eleven million records).
 */
export const OVERSIZED_PAGES = [
  { name: 'empty objects', item: {} },
  { name: 'numbers', item: 1 },
] as const;

/**
 * Fault matrix: a list page holding more records than a page of the list may
 * is a ConnectorExecutionError naming the count and the bound, sent once, no
 * record of it transformed or reported. Every list, paged or not.
 */
export function describeOversizedPages(harness: FaultHarness): void {
  const { target } = harness;
  const [listId, list] = operationOf(target, 'list') ?? [];
  if (!list || !target.recordsPath) return;
  const recordsPath = target.recordsPath;
  // Answers bounded at 320 KiB: where the provider picks the page size that bounds the records too (10,240), and the page stays small.
  const maxResponseBytes = 320 * 1024;
  // One more than the bound of the connector's paging at the largest limit (a list without a walk plan: a page whose size the provider picks).
  const count = maxRecordsPerPage(target.paging?.strategy ?? { type: 'none' }, MAX_LIMIT, maxResponseBytes) + 1;

  describe.concurrent(`${target.service}: a list page of more records than a page may hold`, () => {
    it.each(OVERSIZED_PAGES.map((page) => [page.name, page.item] as const))(`${listId}: ${count} %s`, async (_, item) => {
      const records = Array.from({ length: count }, () => item);
      const documented = list.answers[0]!;
      const body = recordsPath.length === 0 ? records : structuredClone(documented.body) as Record<string, unknown>;
      if (recordsPath.length > 0) setPath(body as Record<string, unknown>, recordsPath, records);
      const server = await harness.start(() => ({ answer: { ...documented, body } }));
      const issues: MappingIssue[] = [];
      const result = await outcome(harness.call(harness.connect(server.origin, [], { maxResponseBytes, onIssue: (issue) => issues.push(issue) }), listId!, list.input));
      expect(result.ok, 'the page was answered').toBe(false);
      if (result.ok) return;
      assertUnifiedError(result.error);
      expect(result.error).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502, detail: { reason: 'too many records', records: count } });
      expect((result.error.detail as { max_records: number }).max_records).toBeLessThan(count);
      expect(result.error.message).toContain(`${count} items`);
      expect(issues).toEqual([]);
      // The same page would come again: not retried.
      expect(server.requests).toBe(1);
    });
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
