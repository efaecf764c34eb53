/**
 * The fault matrix every connector's generated suite runs: a loopback
 * provider that injects one fault per case (rate limits in both Retry-After
 * forms, 5xx, resets, hangs, refused connections, aborts, malformed, HTML,
 * empty and truncated answers, wrong-typed records, hostile ids, bad input)
 * and checks the unified outcome and how many requests the provider saw.
 * A create must never reach the provider twice. Its other groups, one file
 * each: credentials echoed in every form and malformed ones (fault-leaks.ts),
 * list walks that would not end (fault-walks.ts), creates accepted but not
 * confirmed, `_raw` shapes and bodies that are not a record (fault-writes.ts).
 */

import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeCursor, UnifiedError, type ConnectorDefinition, type ConnectorOptions, type MappingIssue, type PaginationStrategy } from '../../src/runtime/index.js';
import { FaultServer, outcome, type Behaviour, type RecordedAnswer } from './fault-server.js';
import { declarePublic, errorText, expectNoLeak, secretTraces } from './fault-secrets.js';
import { assertUnifiedError, assertUnifiedResult } from './unified-schema.js';
import { describeConfirmedWrites } from './fault-writes.js';
import { method, operationOf } from './fault-operations.js';
import { describeLeaks } from './fault-leaks.js';
import { at, replace } from './answer-paths.js';
import { describeOversizedPages, describeWalks } from './fault-walks.js';
import { invalidRecord } from './invalid-record.js';

export type { RecordedAnswer } from './fault-server.js';

/** An operation of the unified API (`customersAll`, `contactsOne`, …). */
export type OperationId = string;

export type { AnyConnector } from './fault-operations.js';
import type { AnyConnector } from './fault-operations.js';
export type Kind = 'list' | 'get' | 'create' | 'update' | 'delete';

/** What the matrix varies per case: everything but the connection itself. */
export type ConnectionTuning = Omit<Partial<ConnectorOptions<unknown, unknown>>, 'settings' | 'credentials'>;

/** A supported operation as the matrix calls it: its kind, a call that succeeds, and the answers it takes. */
export interface FaultOperation {
  kind: Kind;
  input: Record<string, unknown>;
  answers: RecordedAnswer[];
  /** The param holding the record's id, where the spec names it otherwise than `id` (`ticket_id`). */
  idParam?: string;
  /** Where the id goes when the path does not take it: a query parameter, or a body member by its path (`?task=<id>`). */
  idIn?: { query: string } | { body: string[] };
  /** A parent's path parameters (`board_id`) from the example: every call carries them. */
  parents?: Record<string, string>;
}

export interface FaultTarget {
  service: string;
  /** The connector against `origin`; `connection` replaces settings or credentials (the matrix's malformed ones). */
  connect(origin: string, options: ConnectionTuning, connection?: { settings?: Record<string, unknown>; credentials?: Record<string, unknown> }): AnyConnector;
  /** The unified API whose schemas answers are checked against (`registerUnifiedApi`); the default one when absent. */
  api?: string;
  /** The member of create and update params holding the record (`customer` when absent). */
  bodyParam?: string;
  /** The unified record schema that record is checked against (`Contact`); the default API's customer when absent. */
  recordSchema?: string;
  /** Credential values, which must never show in anything the connector hands back. */
  secrets: readonly string[];
  /** The settings and credentials the suite connects with. */
  settings: Readonly<Record<string, string>>;
  credentials: Readonly<Record<string, string>>;
  /** The settings and credentials the connector declares. */
  definition: Pick<ConnectorDefinition, 'settings' | 'credentials'>;
  /** Per supported operation: a call that succeeds, and the provider answers it takes (from the mapping's examples). */
  operations: Partial<Record<OperationId, FaultOperation>>;
  /** Where records sit in the answers of the list and the get. */
  recordsPath?: readonly string[];
  recordPath?: readonly string[];
  /** Record members the connector filters on (`where`); scrambling leaves them alone so the records stay in scope. */
  keep?: Readonly<Record<string, unknown>>;
  /** The mapping reads no field: a record of the wrong types has nothing in it to report. */
  readsNoField?: boolean;
  /** How the list pages, where records go in a page that can point onwards, and where a record's provider id is. */
  paging?: { strategy: PaginationStrategy; recordsPath: readonly string[]; idPath: readonly string[] };
  /** The mapping sends an idempotency key with creates, so a create may be sent again like any other request. */
  idempotentCreates?: boolean;
}

const ATTEMPTS = 3;

interface Fault {
  name: string;
  /** The first request's behaviour (later ones replay the recorded answers), or every request's. */
  first?: Behaviour | (() => Behaviour);
  every?: Behaviour;
  timeoutMs?: number;
  expect: (context: { kind: Kind; replayable: boolean; answers: number }) => {
    type?: string;
    status?: number;
    requests: number | 'at-least-1';
    success?: boolean;
    /** Success and this error are both right (an update or delete may not need the answer). */
    orError?: boolean;
    /** What the error's message says. */
    message?: RegExp;
    waited?: (waits: number[]) => void;
  };
}

const retryThenSucceed = (replayable: boolean, answers: number, failStatus: number, type = 'ConnectorExecutionError') =>
  replayable ? { success: true, requests: 1 + answers } : { type, status: failStatus, requests: 1 };

/** The faults tried on every operation of every connector. */
export const FAULTS: Fault[] = [
  {
    name: '429 with Retry-After in seconds, then success (a 429 was not acted on: even a create retries)',
    first: { answer: { status: 429, headers: { 'retry-after': '2' }, body: { error: 'slow down' } } },
    expect: ({ answers }) => ({ success: true, requests: 1 + answers, waited: (waits) => expect(waits[0]).toBe(2000) }),
  },
  {
    name: '429 with Retry-After as an HTTP date, then success',
    // Made when the request arrives: an HTTP date is absolute.
    first: () => ({ answer: { status: 429, headers: { 'retry-after': new Date(Date.now() + 3_000).toUTCString() }, body: { error: 'slow down' } } }),
    expect: ({ answers }) => ({ success: true, requests: 1 + answers, waited: (waits) => expect(waits[0]).toBeGreaterThan(0) }),
  },
  {
    name: '429 on every attempt',
    every: { answer: { status: 429, headers: { 'retry-after': '1' }, body: { error: 'rate limited' } } },
    expect: () => ({ type: 'ConnectorRateLimitError', status: 429, requests: ATTEMPTS }),
  },
  {
    name: '503, then success (retried unless it is a create)',
    first: { answer: { status: 503, body: { error: 'unavailable' } } },
    expect: ({ replayable, answers }) => retryThenSucceed(replayable, answers, 503),
  },
  {
    name: '502, then success',
    first: { answer: { status: 502, body: 'Bad Gateway' } },
    expect: ({ replayable, answers }) => retryThenSucceed(replayable, answers, 502),
  },
  {
    name: '504, then success',
    first: { answer: { status: 504, body: 'Gateway Timeout' } },
    expect: ({ replayable, answers }) => retryThenSucceed(replayable, answers, 504),
  },
  {
    name: '503 on every attempt',
    every: { answer: { status: 503, body: { error: 'down' } } },
    expect: ({ replayable }) => ({ type: 'ConnectorExecutionError', status: 503, requests: replayable ? ATTEMPTS : 1 }),
  },
  {
    name: '500 (not retried)',
    every: { answer: { status: 500, body: { error: 'boom' } } },
    expect: () => ({ type: 'ConnectorExecutionError', status: 500, requests: 1 }),
  },
  {
    name: 'a status past 599 (no HTTP status: a 502, not passed on)',
    every: { answer: { status: 600, body: { error: 'what' } } },
    expect: () => ({ type: 'ConnectorExecutionError', status: 502, requests: 1 }),
  },
  {
    name: '401',
    every: { answer: { status: 401, body: { error: 'bad credentials' } } },
    expect: () => ({ type: 'UnauthorizedError', status: 401, requests: 1 }),
  },
  {
    name: 'connection reset, then success (a create may have been received: not retried, and not said unreached)',
    first: { reset: true },
    expect: ({ replayable, answers }) => ({ ...retryThenSucceed(replayable, answers, 502), message: /^The connection to the provider failed before its answer could be read/ }),
  },
  {
    name: 'no answer within the timeout, then success',
    first: { hang: true },
    // Every attempt has this long, the answered ones too. The cases beside it hold the thread at times: an answered
    // attempt overran 250 ms once in four runs, when a timer that came due late still counted. A timer held up by
    // the thread now gives that time back (src/runtime/deadline.ts), so only a provider's silence runs into it.
    timeoutMs: 300,
    expect: ({ replayable, answers }) => retryThenSucceed(replayable, answers, 504),
  },
  {
    name: 'a body cut off mid-way, then success',
    first: { truncate: true },
    expect: ({ replayable, answers }) => retryThenSucceed(replayable, answers, 502),
  },
  {
    name: 'malformed JSON with 200',
    every: { raw: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"customers": [{"id": 1,' } },
    expect: () => ({ type: 'ConnectorExecutionError', status: 502, requests: 1 }),
  },
  {
    name: 'an HTML error page with 200',
    every: { raw: { status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><html><body><h1>Maintenance</h1></body></html>' } },
    expect: () => ({ type: 'ConnectorExecutionError', status: 502, requests: 1 }),
  },
  {
    name: 'an empty body with 200',
    every: { raw: { status: 200, headers: {}, body: '' } },
    // Updates and deletes need nothing from the answer; the rest must say it is unreadable.
    expect: ({ kind }) => ({ type: 'ConnectorExecutionError', status: 502, requests: 'at-least-1', orError: kind === 'update' || kind === 'delete' }),
  },
  {
    name: 'JSON of the wrong shape with 200 (an array where an object is due, or the reverse)',
    every: { raw: { status: 200, headers: { 'content-type': 'application/json' }, body: '"surprise"' } },
    expect: ({ kind }) => ({ type: 'ConnectorExecutionError', status: 502, requests: 'at-least-1', orError: kind === 'update' || kind === 'delete' }),
  },
];

/** A record with every member but `keep` replaced by values of the wrong type, deep. */
function scrambleRecord(record: unknown, keep: Readonly<Record<string, unknown>> = {}): unknown {
  const scrambled = scramble(record);
  if (scrambled && typeof scrambled === 'object' && !Array.isArray(scrambled)) return { ...scrambled, ...keep };
  return scrambled;
}

/** Members of a value replaced by values of the wrong type, deep. */
function scramble(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return depth % 2 === 0 ? 12345 : { unexpected: value };
  if (typeof value === 'number') return 'not a number';
  if (typeof value === 'boolean') return 'yes';
  if (value === null) return [];
  if (Array.isArray(value)) return value.length ? value.map((item, i) => (i === 0 ? 'not an object' : scramble(item, depth + 1))) : { not: 'an array' };
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scramble(v, depth + 1)]));
  return value;
}

/** What a throwing getter or Proxy trap of the caller throws: it must show nowhere in what the connector answers. */
const CALLER_THROWS = 'caller-thrown-d41d8cd9';
const throwing = () => {
  throw new Error(CALLER_THROWS);
};

/**
 * Caller input that throws while it is read, and the field the refusal names:
 * the params' `raw` as a getter (every operation), and for writes the record
 * (`body`) with a member's getter throwing, or as a Proxy whose traps throw.
 */
export const UNREADABLE_INPUTS: { name: string; writesOnly: boolean; params: (input: Record<string, unknown>, body: string) => { params: Record<string, unknown>; field: string } }[] = [
  {
    name: 'params whose raw getter throws',
    writesOnly: false,
    params: (input) => ({ params: Object.defineProperty({ ...structuredClone(input) }, 'raw', { get: throwing, enumerable: true }), field: 'raw' }),
  },
  {
    name: 'a record one of whose members throws when read',
    writesOnly: true,
    params: (input, body) => {
      const record = structuredClone(input[body]) as Record<string, unknown>;
      const member = Object.keys(record)[0]!;
      return { params: { ...structuredClone(input), [body]: Object.defineProperty(record, member, { get: throwing, enumerable: true }) }, field: `${body}.${member}` };
    },
  },
  {
    name: 'a record that is a Proxy whose traps throw',
    writesOnly: true,
    params: (input, body) => ({ params: { ...structuredClone(input), [body]: new Proxy({}, { ownKeys: throwing, get: throwing, has: throwing, getOwnPropertyDescriptor: throwing, getPrototypeOf: throwing }) }, field: body }),
  },
];

export const HOSTILE_IDS = ['../admin', 'a/b?x=1', '%2e%2e', '..%2f..%2fadmin', 'x#fragment', 'id with spaces', '\u2028', 'a\\b'];
export const REFUSED_IDS = ['', '.', '..'];
export const BAD_LIMITS: unknown[] = [0, 201, -1, 1.5, '20', Number.NaN, null as unknown as number];

/**
 * An origin on 127.0.0.1 that refuses connections. Not the port of a server
 * just closed: tests running at the same time (concurrent cases, other
 * workers) listen on port 0 and may be handed that very port. A port below
 * the ephemeral range is never handed out, so one that refuses now keeps
 * refusing; fetch's blocked ports are left out. Found once per worker.
 */
let refusing: Promise<string> | undefined;
export function refusingOrigin(): Promise<string> {
  refusing ??= (async () => {
    for (const port of [2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 18]) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port });
        socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
        socket.on('connect', () => (socket.destroy(), resolve(false)));
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
      });
      if (refused) return `http://127.0.0.1:${port}`;
    }
    throw new Error('no port below the ephemeral range refuses connections on 127.0.0.1 here');
  })();
  return refusing;
}

/** What the matrix's groups share: the target, its loopback providers, and how to connect and call. */
export interface FaultHarness {
  target: FaultTarget;
  operations: [OperationId, FaultOperation][];
  /** Attempts each request gets (the retry policy the matrix connects with). */
  attempts: number;
  start(script: ConstructorParameters<typeof FaultServer>[0]): Promise<FaultServer>;
  connect(origin: string, waits: number[], extra?: ConnectionTuning, connection?: Parameters<FaultTarget['connect']>[2]): AnyConnector;
  call(connector: AnyConnector, operation: OperationId, input: Record<string, unknown>, extra?: Record<string, unknown>): Promise<unknown>;
}

/** Registers the fault matrix for one connector. */
export function describeFaults(target: FaultTarget): void {
  // Every envelope names it: a secret that begins with it is not cut short where an answer shows the service.
  declarePublic(target.service);
  const servers: FaultServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  const connect = (origin: string, waits: number[], extra: ConnectionTuning = {}, connection?: Parameters<FaultTarget['connect']>[2]) =>
    target.connect(
      origin,
      {
        retry: { attempts: ATTEMPTS, baseDelayMs: 1, maxDelayMs: 60_000, maxElapsedMs: 120_000 },
        sleep: async (ms) => {
          waits.push(ms);
        },
        onIssue: () => undefined,
        ...extra,
      },
      connection,
    );

  const call = (connector: AnyConnector, operation: OperationId, input: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    method(connector, operation)({ ...structuredClone(input), ...extra });

  const expectNoSecrets = (value: unknown, headers: readonly string[] = []) => {
    expectNoLeak(value instanceof Error ? errorText(value) : JSON.stringify(value) ?? '', secretTraces(target.secrets, headers), 'the answer');
  };

  const operations = Object.entries(target.operations) as [OperationId, NonNullable<FaultTarget['operations'][OperationId]>][];
  const harness: FaultHarness = {
    target,
    operations,
    attempts: ATTEMPTS,
    start: async (script) => {
      const server = await new FaultServer(script).start();
      servers.push(server);
      return server;
    },
    connect,
    call,
  };

  /** One fault tried on one operation: the provider behaves so, and the connector's outcome is the one due. */
  const faultCase = (fault: Fault, [operation, { kind, input, answers }]: (typeof operations)[number]) => {
    const replayable = kind !== 'create' || target.idempotentCreates === true;
    it(`${operation}: ${fault.name}`, async () => {
      const server = await harness.start((index) => {
        if (fault.every) return fault.every;
        if (index === 0) return typeof fault.first === 'function' ? fault.first() : fault.first!;
        return { answer: answers[index - 1] ?? answers[answers.length - 1]! };
      });
      const waits: number[] = [];
      const result = await outcome(call(connect(server.origin, waits, fault.timeoutMs ? { timeoutMs: fault.timeoutMs } : {}), operation, input));
      const wanted = fault.expect({ kind, replayable, answers: answers.length });
      if (wanted.success || (wanted.orError && result.ok)) {
        expect(result.ok, result.ok ? '' : `failed: ${JSON.stringify((result as { error: unknown }).error)}`).toBe(true);
        if (result.ok) assertUnifiedResult(operation, result.value, target.api);
      } else {
        expect(result.ok).toBe(false);
        if (!result.ok) {
          assertUnifiedError(result.error);
          expect(result.error.type_name).toBe(wanted.type);
          if (wanted.status !== undefined) expect(result.error.status_code).toBe(wanted.status);
          if (wanted.message) expect(result.error.message).toMatch(wanted.message);
          expectNoSecrets(result.error);
        }
      }
      if (wanted.requests === 'at-least-1') expect(server.requests).toBeGreaterThanOrEqual(1);
      else expect(server.requests).toBe(wanted.requests);
      wanted.waited?.(waits);
      // No create reaches the provider twice, whatever the fault.
      const first = typeof fault.first === 'function' ? fault.first() : fault.first;
      if (kind === 'create' && !replayable && first && !('answer' in first && first.answer.status === 429)) expect(server.requests).toBeLessThanOrEqual(answers.length);
    });
  };

  // Every group of the matrix is concurrent: vitest runs consecutive concurrent groups side by side. Each case
  // has its own provider and connector, and much of a case is waiting.
  describeLeaks(harness);
  describeWalks(harness);
  describeOversizedPages(harness);
  describeConfirmedWrites(harness);

  describe.concurrent(`${target.service}: provider faults`, () => {
    // The hangs, which wait out a timeout, start first, so that wait overlaps the rest of the matrix instead of adding to it.
    const hangsFirst = [...FAULTS].sort((a, b) => Number(b.timeoutMs !== undefined) - Number(a.timeoutMs !== undefined));
    for (const fault of hangsFirst) for (const entry of operations) faultCase(fault, entry);

    for (const [operation, { input, answers }] of operations) {
      it(`${operation}: a refused connection is retried (nothing was sent), then a ConnectorExecutionError`, async () => {
        const origin = await refusingOrigin();
        const waits: number[] = [];
        const result = await outcome(call(connect(origin, waits), operation, input));
        expect(result.ok).toBe(false);
        if (!result.ok) {
          assertUnifiedError(result.error);
          expect(result.error).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502 });
        }
        expect(waits).toHaveLength(ATTEMPTS - 1);
      });

      it(`${operation}: the caller's AbortSignal ends it at once`, async () => {
        const server = await harness.start(() => ({ hang: true }));
        const controller = new AbortController();
        // Aborted once the provider holds the request, however long it took to get there.
        server.onRequest = () => setTimeout(() => controller.abort(), 10);
        const connector = connect(server.origin, []);
        const result = await outcome(call(connector, operation, input, { signal: controller.signal }));
        expect(result.ok).toBe(false);
        if (!result.ok) {
          assertUnifiedError(result.error);
          expect(result.error).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 499 });
        }
        expect(server.requests).toBe(1);
      });

      it(`${operation}: credentials echoed by the provider are masked in errors and raw payloads`, async () => {
        const echo = { error: `token ${target.secrets.join(' and ')} is not valid`, authorization: target.secrets[0] ?? 'x', seen: target.secrets };
        const failing = await harness.start(() => ({ answer: { status: 400, body: echo } }));
        const failed = await outcome(call(connect(failing.origin, []), operation, input));
        expect(failed.ok).toBe(false);
        if (!failed.ok) expectNoSecrets(failed.error);
        const succeeding = await harness.start((index) => {
          const answer = answers[index] ?? answers[answers.length - 1]!;
          return { answer: { ...answer, body: answer.body && typeof answer.body === 'object' && !Array.isArray(answer.body) ? { ...answer.body, echo } : answer.body } };
        });
        const raw = await outcome(call(connect(succeeding.origin, []), operation, input, { raw: true }));
        if (raw.ok) expectNoSecrets(raw.value);
        else expectNoSecrets(raw.error);
      });
    }

    /**
     * The list called with limit 200 against a provider whose first page is `page` (the rest as recorded), and the
     * issues it reported. With limit 200 the connector may ask for several provider pages at once, and they may reach
     * the provider in any order: the page changed is the one it asked for first (as its fetch saw it), not the first to arrive.
     */
    const listWithFirstPage = async (listId: OperationId, list: FaultOperation, page: unknown) => {
      const sent: string[] = [];
      let others = 0;
      const server = await harness.start((_, request) => {
        if (sent[0]?.slice(server.origin.length) === request.target) return { answer: { ...list.answers[0]!, body: page } };
        return { answer: list.answers[Math.min(++others, list.answers.length - 1)]! };
      });
      const issues: MappingIssue[] = [];
      const fetchInOrder: typeof fetch = (input, init) => {
        sent.push(input instanceof Request ? input.url : String(input));
        return fetch(input, init);
      };
      const result = await outcome(call(connect(server.origin, [], { onIssue: (issue) => issues.push(issue), fetch: fetchInOrder }), listId, list.input, { limit: 200 }));
      return { result, issues };
    };

    const listing = operationOf(target, 'list');
    if (listing && target.recordsPath) {
      const [listId, list] = listing;
      const recordsPath = target.recordsPath;
      it(`${listId}: records of the wrong types read as nulls, are reported, and the rest of the page is kept`, async () => {
        const body = list.answers[0]!.body;
        const records = at(body, recordsPath) as unknown[];
        const { result, issues } = await listWithFirstPage(listId, list, replace(body, recordsPath, [...records.map((record) => scrambleRecord(record, target.keep)), 42, null, ...records]));
        expect(result.ok, JSON.stringify(result)).toBe(true);
        if (result.ok) {
          assertUnifiedResult(listId, result.value, target.api);
          // The two records that are not objects are dropped and reported; the well-formed ones are all kept.
          expect((result.value as { data: unknown[] }).data.length).toBeGreaterThanOrEqual(records.length);
        }
        // The number and the null in the page are reported as records that are not objects.
        expect(issues.filter((issue) => issue.field === '' && /object/.test(issue.problem) && issue.index !== undefined)).toHaveLength(2);
        if (!target.readsNoField) expect(issues.length).toBeGreaterThan(2);
      });
    }

    if (listing && target.recordsPath && target.paging) {
      const [listId, list] = listing;
      const recordsPath = target.recordsPath;
      const idPath = target.paging.idPath;
      // A get refuses such a record; a list answers it as listed, and says so: nothing can address it by its id.
      it(`${listId}: a record listed without its id is reported by its place on the page, and the rest of the page kept`, async () => {
        const body = list.answers[0]!.body;
        const records = at(body, recordsPath) as unknown[];
        const { result, issues } = await listWithFirstPage(listId, list, replace(body, recordsPath, [replace(records[0], idPath, undefined), ...records.slice(1)]));
        expect(result.ok, JSON.stringify(result)).toBe(true);
        const data = result.ok ? (result.value as { data: { id?: unknown }[] }).data : [];
        // Answered without an id, or, where the unified record requires one (Card's), read as no record: said either way.
        const said = issues.filter((issue) => issue.field === 'id' && issue.index === 0);
        expect(said, JSON.stringify(issues)).toHaveLength(1);
        if (/without its id/.test(said[0]!.problem)) expect(data[0]?.id ?? null).toBeNull();
        else expect(said[0]!.problem).toMatch(/^is required\b/);
        // The rest of the page is kept.
        expect(data.length).toBeGreaterThanOrEqual(records.length - 1);
      });
    }

    const removal = operationOf(target, 'delete');
    if (removal) {
      const [deleteId, remove] = removal;
      // A success status the mapping does not list (202, or 200 with a body where it lists 204): the record is gone, and an error
      // would send the caller to delete it again, into a 404.
      const listed = new Set(remove.answers.map((answer) => answer.status));
      const other = [202, 200, 204].find((status) => !listed.has(status))!;
      it(`${deleteId}: another success status than the mapping lists (${other}) is a delete done, and reported`, async () => {
        const server = await harness.start(() => ({ answer: { status: other, ...(other === 204 ? {} : { body: { ok: true } }) } }));
        const issues: MappingIssue[] = [];
        const result = await outcome(call(connect(server.origin, [], { onIssue: (issue) => issues.push(issue) }), deleteId, remove.input));
        expect(result.ok, JSON.stringify(result)).toBe(true);
        if (result.ok) assertUnifiedResult(deleteId, result.value, target.api);
        expect(issues.filter((issue) => issue.operation === deleteId && new RegExp(`answered ${other}\\b.*taken as deleted`).test(issue.problem))).toHaveLength(1);
        expect(server.received).toHaveLength(1);
      });

      // The first attempt deleted it and its answer was lost; the retry finds nothing. The record is gone: not "not found".
      it(`${deleteId}: a 404 to a retry, after an attempt whose answer was lost, is a delete done, and reported`, async () => {
        const server = await harness.start((index) => (index === 0 ? { reset: true } : { answer: { status: 404, body: { error: 'not found' } } }));
        const issues: MappingIssue[] = [];
        const result = await outcome(call(connect(server.origin, [], { onIssue: (issue) => issues.push(issue) }), deleteId, remove.input));
        expect(result.ok, JSON.stringify(result)).toBe(true);
        if (result.ok) assertUnifiedResult(deleteId, result.value, target.api);
        expect(issues.filter((issue) => issue.operation === deleteId && /answered 404\b.*after earlier attempts.*taken as deleted/.test(issue.problem))).toHaveLength(1);
        expect(server.received).toHaveLength(2);
      });

      it(`${deleteId}: a 404 to the first attempt is still EntityNotFoundError`, async () => {
        const server = await harness.start(() => ({ answer: { status: 404, body: { error: 'not found' } } }));
        const result = await outcome(call(connect(server.origin, []), deleteId, remove.input));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toMatchObject({ type_name: 'EntityNotFoundError' });
      });
    }

    const single = operationOf(target, 'get');
    if (single && target.recordPath) {
      const [oneId, one] = single;
      const recordPath = target.recordPath;
      it(`${oneId}: a record of the wrong types still answers a valid envelope`, async () => {
        const body = one.answers[0]!.body;
        const server = await harness.start(() => ({ answer: { ...one.answers[0]!, body: replace(body, recordPath, scrambleRecord(at(body, recordPath), target.keep)) } }));
        const issues: MappingIssue[] = [];
        const result = await outcome(call(connect(server.origin, [], { onIssue: (issue) => issues.push(issue) }), oneId, one.input));
        if (result.ok) assertUnifiedResult(oneId, result.value, target.api);
        else assertUnifiedError(result.error);
        expect(result.ok || (result.error as UnifiedError).status_code === 502).toBe(true);
      });
    }
  });

  describe.concurrent(`${target.service}: hostile and invalid input`, () => {
    const [listId, list] = operationOf(target, 'list') ?? [];
    const withId = operations.filter(([, o]) => (o.idParam ?? 'id') in o.input);
    // What would throw out of AbortSignal.any, raw: a string, a look-alike, a Proxy whose traps throw.
    const notSignals: [string, () => unknown][] = [
      ['a string', () => 'abort'],
      ['an object that looks like one', () => ({ aborted: false, addEventListener() {}, removeEventListener() {} })],
      ['a Proxy whose traps throw', () => new Proxy({}, { get: () => { throw new Error('trap'); }, getPrototypeOf: () => { throw new Error('trap'); } })],
    ];
    for (const [operation, { input, answers }] of operations) {
      // One case for the three: each is refused before any request, so they share a provider that must hear nothing.
      it(`${operation}: a signal that is ${notSignals.map(([name]) => name).join(', or ')}, not an AbortSignal, is a RequestValidationError naming it, before any request`, async () => {
        const server = await harness.start(() => ({ answer: answers[0]! }));
        for (const [name, signal] of notSignals) {
          const result = await outcome(call(connect(server.origin, []), operation, input, { signal: signal() }));
          expect(result.ok, name).toBe(false);
          if (!result.ok) {
            assertUnifiedError(result.error);
            expect(result.error, name).toMatchObject({ type_name: 'RequestValidationError', detail: { errors: [expect.objectContaining({ field: 'signal' })] } });
            expect(result.error.message).not.toContain('trap');
          }
        }
        expect(server.requests).toBe(0);
      });
    }
    for (const [operation, { input, answers, idParam = 'id', idIn }] of withId) {
      if (idIn) {
        const where = 'query' in idIn ? `query parameter '${idIn.query}'` : `body member '${idIn.body.join('.')}'`;
        it.each(HOSTILE_IDS)(`${operation}: id %j arrives whole as ${where}, and the path stays the example's`, async (id) => {
          const server = await harness.start((index) => ({ answer: answers[index] ?? answers[answers.length - 1]! }));
          await outcome(call(connect(server.origin, []), operation, input, { [idParam]: id }));
          expect(server.received.length).toBeGreaterThanOrEqual(1);
          const [sent] = server.received;
          const url = new URL(sent!.target, 'http://x');
          // The example's own call, to compare paths: the id takes no part in it.
          const example = await harness.start((index) => ({ answer: answers[index] ?? answers[answers.length - 1]! }));
          await outcome(call(connect(example.origin, []), operation, input));
          expect(url.pathname).toBe(new URL(example.received[0]!.target, 'http://x').pathname);
          expect(url.hash).toBe('');
          if ('query' in idIn) {
            // One parameter of that name, holding the id as given: '&', '=' and '#' did not split it.
            expect(url.searchParams.getAll(idIn.query)).toHaveLength(1);
            expect(url.searchParams.get(idIn.query)).toContain(id);
            expect(url.searchParams.has('x')).toBe(false);
          } else {
            const form = /form-urlencoded/.test(sent!.headers['content-type'] ?? '');
            const member = form ? new URLSearchParams(sent!.body).get(idIn.body.join('.')) : at(JSON.parse(sent!.body), idIn.body);
            expect(String(Array.isArray(member) ? member[0] : member)).toContain(id);
          }
        });
      } else it.each(HOSTILE_IDS)(`${operation}: id %j stays one encoded path segment`, async (id) => {
        const server = await harness.start((index) => ({ answer: answers[index] ?? answers[answers.length - 1]! }));
        await outcome(call(connect(server.origin, []), operation, input, { [idParam]: id }));
        expect(server.paths.length).toBeGreaterThanOrEqual(1);
        const url = new URL(server.paths[0]!, 'http://x');
        expect(url.pathname).toContain(encodeURIComponent(id).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
        expect(url.pathname).not.toMatch(/\/\.\.?(\/|$)/);
        // An id that escaped its segment ('../admin') lands as a segment of its own; a provider's `/admins` collection is none.
        expect(url.pathname.split('/')).not.toContain('admin');
        expect(url.hash).toBe('');
      });
      // Dots alone would climb out of a path segment; in a query parameter or body member they are an id like any other.
      it.each(idIn ? REFUSED_IDS.filter((id) => !/^\.+$/.test(id)) : REFUSED_IDS)(`${operation}: id %j is refused before any request`, async (id) => {
        const server = await harness.start(() => ({ answer: answers[0]! }));
        const result = await outcome(call(connect(server.origin, []), operation, input, { [idParam]: id }));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toMatchObject({ type_name: 'RequestValidationError' });
        expect(server.requests).toBe(0);
      });
    }

    if (list) {
      it.each(BAD_LIMITS.map((limit) => [String(limit), limit] as const))(`${listId}: limit %s is refused before any request`, async (_, limit) => {
        const server = await harness.start(() => ({ answer: list.answers[0]! }));
        const result = await outcome(call(connect(server.origin, []), listId!, list.parents ?? {}, { limit }));
        if (limit === null) {
          // null means "not given": the default applies.
          expect(result.ok).toBe(true);
          return;
        }
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toMatchObject({ type_name: 'RequestValidationError', detail: { errors: [{ field: 'limit' }] } });
        expect(server.requests).toBe(0);
      });

      const cursors: [string, string][] = [
        ['a tampered cursor', `x${encodeCursor(target.service, { kind: 'page', page: 2, skip: 0 }).slice(1)}`],
        ['a cursor of another connector', encodeCursor(`not-${target.service}`, { kind: 'offset', offset: 10 })],
        ['a truncated cursor', encodeCursor(target.service, { kind: 'single', skip: 3 }).slice(0, 10)],
        ['garbage', '../../etc/passwd'],
      ];
      it.each(cursors)(`${listId}: %s is an InvalidCursorError before any request`, async (_, cursor) => {
        const server = await harness.start(() => ({ answer: list.answers[0]! }));
        const result = await outcome(call(connect(server.origin, []), listId!, list.parents ?? {}, { cursor }));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toMatchObject({ type_name: 'InvalidCursorError', status_code: 400 });
        expect(server.requests).toBe(0);
      });
    }

    for (const [operation, { kind, input, answers }] of operations) {
      const body = target.bodyParam ?? 'customer';
      const writes = kind === 'create' || kind === 'update';
      const cases = UNREADABLE_INPUTS.filter((c) => writes || !c.writesOnly);
      it.each(cases.map((c) => [c.name, c] as const))(`${operation}: %s is a RequestValidationError naming it, and nothing is sent`, async (_, unreadable) => {
        const server = await harness.start(() => ({ answer: answers[0]! }));
        const { params, field } = unreadable.params(input, body);
        const result = await outcome(method(connect(server.origin, []), operation)(params));
        expect(result.ok).toBe(false);
        if (!result.ok) {
          assertUnifiedError(result.error);
          expect(result.error).toMatchObject({ type_name: 'RequestValidationError', status_code: 400 });
          expect(((result.error.detail as { errors: { field: string }[] }).errors ?? []).map((e) => e.field)).toContain(field);
          // Nothing of what the caller's code threw (its message, its stack) is passed on.
          expect(errorText(result.error)).not.toContain(CALLER_THROWS);
        }
        expect(server.requests).toBe(0);
      });
    }

    for (const [operation, { input, answers }] of operations.filter(([, o]) => o.kind === 'create' || o.kind === 'update')) {
      const body = target.bodyParam ?? 'customer';
      it(`${operation}: an invalid ${body} is one RequestValidationError naming every bad field, and nothing is sent`, async () => {
        const server = await harness.start(() => ({ answer: answers[0]! }));
        // Made from the record's own schema: each member it describes given a value it refuses.
        const { record, bad } = invalidRecord(target.recordSchema ?? 'CustomerSupportCustomer', target.api);
        const result = await outcome(call(connect(server.origin, []), operation, input, { [body]: record }));
        expect(result.ok).toBe(false);
        if (!result.ok) {
          assertUnifiedError(result.error);
          expect(result.error.type_name).toBe('RequestValidationError');
          const fields = ((result.error.detail as { errors: { field: string }[] }).errors ?? []).map((e) => e.field);
          expect([...new Set(fields)].sort()).toEqual(bad.map((field) => `${body}.${field}`).sort());
        }
        expect(server.requests).toBe(0);
      });
    }
  });
}
