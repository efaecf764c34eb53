/**
 * Fault matrix: answers are honest. A create the provider accepted is never
 * reported as a plain failure — an unreadable answer or a failing follow-up
 * lookup is a `CreatedNotConfirmedError` that says the record exists and
 * carries what finds it again, and the lookup is retried. `_raw` is always an
 * object (or null). A single-record read of a body that is JSON but not a
 * record is a `ConnectorExecutionError`.
 */

import { describe, expect, it } from 'vitest';
import { CreatedNotConfirmedError } from '../../src/runtime/index.js';
import type { FaultHarness } from './fault-matrix.js';
import { method, operationOf } from './fault-operations.js';
import { outcome, type ReceivedRequest, type RecordedAnswer } from './fault-server.js';
import { assertUnifiedError, assertUnifiedResult } from './unified-schema.js';

const HTML = '<!doctype html><html><body><h1>Created</h1></body></html>';

/** The lookup's answer when it fails: status and body, or `found` for the documented answer. */
const LOOKUP_FAULTS: { name: string; lookups: (index: number) => RecordedAnswer | 'found'; success: boolean }[] = [
  { name: 'the follow-up lookup answers 404 every time', lookups: () => ({ status: 404, body: { error: 'not found' } }), success: false },
  { name: 'the follow-up lookup answers 500 every time', lookups: () => ({ status: 500, body: { error: 'boom' } }), success: false },
  { name: 'the follow-up lookup answers 404 once, then finds it (retried with backoff)', lookups: (index) => (index === 0 ? { status: 404, body: { error: 'not yet' } } : 'found'), success: true },
];

/** Bodies that are JSON but not one record, for a single-record read. */
export const NOT_RECORDS: { name: string; body: (documented: unknown, recordPath: readonly string[], idPath: readonly string[] | undefined) => unknown }[] = [
  { name: 'an empty object', body: () => ({}) },
  { name: 'an empty array', body: () => [] },
  { name: 'null', body: () => null },
  // The loopback provider sends a string body as it is: this one is JSON text holding a string.
  { name: 'a string', body: () => JSON.stringify('a customer') },
  { name: 'a record without its id', body: (documented, recordPath, idPath) => withoutMember(documented, [...recordPath, ...(idPath ?? [])]) },
];

/** An id like `id` that is another: its last character changed within its kind (a digit, a letter), so its format holds. */
export function anotherId(id: string): string {
  const last = id.at(-1) ?? '';
  const other = /\d/.test(last) ? String((Number(last) + 1) % 10) : /[a-z]/i.test(last) ? (last.toLowerCase() === 'a' ? 'b' : 'a') : `${last}2`;
  return id.slice(0, -1) + other;
}

/**
 * The documented answer, about another record than `id`: every value naming
 * it (the id as text or number, a URL ending in it as in a Location header)
 * names another id instead.
 */
function aboutAnotherRecord(answer: RecordedAnswer, id: string): RecordedAnswer {
  const other = anotherId(id);
  const swap = (value: unknown): unknown => {
    if (typeof value === 'string') return value === id ? other : value.endsWith(`/${id}`) ? `${value.slice(0, -id.length)}${other}` : value;
    if (typeof value === 'number') return String(value) === id ? Number(other) : value;
    if (Array.isArray(value)) return value.map(swap);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, swap(member)]));
    return value;
  };
  return { ...answer, ...(answer.headers ? { headers: swap(answer.headers) as Record<string, string> } : {}), body: swap(answer.body) };
}

function withoutMember(body: unknown, path: readonly string[]): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  let current = copy;
  for (const name of path.slice(0, -1)) current = current[name] as Record<string, unknown>;
  delete current[path[path.length - 1]!];
  return copy;
}

/** The create (the first request) reached the provider once: every later request was something else (a lookup). */
function expectSentOnce(server: { received: readonly ReceivedRequest[] }): void {
  const [create] = server.received;
  expect(server.received.filter((request) => request.method === create!.method && request.target === create!.target)).toHaveLength(1);
}

export function describeConfirmedWrites(harness: FaultHarness): void {
  const { target, operations } = harness;

  const creates = operations.filter(([, o]) => o.kind === 'create');
  // vitest refuses a suite without tests.
  if (creates.length > 0) describe.concurrent(`${target.service}: creates accepted but not confirmed`, () => {
    for (const [operation, { kind, input, answers }] of creates) {
      const expectNotConfirmed = (error: unknown, createdStatus: number) => {
        assertUnifiedError(error);
        expect(error).toBeInstanceOf(CreatedNotConfirmedError);
        expect(error.type_name).toBe('ConnectorExecutionError');
        expect(error.message).toMatch(/created the .*could not be confirmed/);
        expect(error.message).toMatch(/Do not create it again/);
        const detail = error.detail as { created?: boolean; steps?: { step: string; provider_status: number | null }[]; reconcile?: Record<string, string>; cause?: { message: string } };
        expect(detail.created).toBe(true);
        expect(detail.steps?.[0]).toEqual({ step: 'create', provider_status: createdStatus });
        return detail;
      };

      it(`${operation}: accepted (${answers[0]!.status}) with an unreadable answer is created, not confirmed, and not sent again`, async () => {
        const server = await harness.start((index) => (index === 0 ? { raw: { status: answers[0]!.status, headers: { 'content-type': 'text/html' }, body: HTML } } : { answer: answers[index] ?? answers[answers.length - 1]! }));
        const result = await outcome(harness.call(harness.connect(server.origin, []), operation, input));
        expect(result.ok).toBe(false);
        if (!result.ok) expectNotConfirmed(result.error, answers[0]!.status);
        expectSentOnce(server);
        expect(kind).toBe('create');
      });

      if (target.idempotentCreates) {
        it(`${operation}: accepted (${answers[0]!.status}) with the answer cut off mid-body is sent again with the same idempotency key`, async () => {
          const server = await harness.start((index) => (index === 0 ? { truncate: true, status: answers[0]!.status } : { answer: answers[index - 1] ?? answers[answers.length - 1]! }));
          const result = await outcome(harness.call(harness.connect(server.origin, []), operation, input));
          expect(result.ok, result.ok ? '' : `failed: ${JSON.stringify(result.error)}`).toBe(true);
          const [first, again] = server.received;
          const keys = (request: typeof first) => Object.entries(request!.headers).filter(([name]) => name.includes('idempotency'));
          expect(keys(first).length).toBe(1);
          expect(keys(again)).toEqual(keys(first));
          expect(again!.target).toBe(first!.target);
        });
      } else {
        it(`${operation}: accepted (${answers[0]!.status}) with the answer cut off mid-body is created, not confirmed, and not sent again`, async () => {
          const server = await harness.start((index) => (index === 0 ? { truncate: true, status: answers[0]!.status } : { answer: answers[index] ?? answers[answers.length - 1]! }));
          const result = await outcome(harness.call(harness.connect(server.origin, []), operation, input));
          expect(result.ok).toBe(false);
          if (!result.ok) expect(expectNotConfirmed(result.error, answers[0]!.status).cause).toMatchObject({ message: expect.stringMatching(/cut off/) });
          expectSentOnce(server);
        });
      }

      if (!target.idempotentCreates) {
        it(`${operation}: accepted (${answers[0]!.status}), the caller aborting while the answer arrives, is created, not confirmed`, async () => {
          const server = await harness.start((index) => (index === 0 ? { stall: true, status: answers[0]!.status } : { answer: answers[index] ?? answers[answers.length - 1]! }));
          const controller = new AbortController();
          // Aborted once the connector holds the provider's status and the rest is still to come: a timer started when the
          // request arrived could fire before the status reaches a busy client, which is then a plain abort, not this case.
          const abortOnceAnswered: typeof fetch = async (request, init) => {
            const response = await fetch(request, init);
            setTimeout(() => controller.abort(), 10);
            return response;
          };
          const result = await outcome(harness.call(harness.connect(server.origin, [], { fetch: abortOnceAnswered }), operation, input, { signal: controller.signal }));
          expect(result.ok).toBe(false);
          if (!result.ok) expectNotConfirmed(result.error, answers[0]!.status);
          expectSentOnce(server);
        });
      }

      // A failure that may come after the provider made the record: the error says it may exist, with what finds it again
      // (a plain failure invites a second create, and a duplicate).
      const mayExist = [
        { name: 'answered 303 See Other, pointing at its result', behaviour: { raw: { status: 303, headers: { location: '/created/9001' }, body: '' } } },
        { name: 'answered 502 Bad Gateway', behaviour: { answer: { status: 502, body: { error: 'upstream failed' } } } },
        { name: 'answered 504 Gateway Timeout', behaviour: { answer: { status: 504, body: { error: 'upstream timed out' } } } },
        // Sent again with the same idempotency key where there is one: only a create sent once is left unknown.
        ...(target.idempotentCreates ? [] : [{ name: 'unanswered within the timeout', behaviour: { hang: true } as const }]),
      ];
      it.each(mayExist.map((c) => [c.name, c] as const))(`${operation}: %s may have been created: the error says so, with what finds it again`, async (_, { behaviour }) => {
        const server = await harness.start(() => behaviour);
        // A hang waits out the connector's timeout, as short as the matrix's own hang cases'.
        const result = await outcome(harness.call(harness.connect(server.origin, [], { timeoutMs: 300 }), operation, input));
        expect(result.ok).toBe(false);
        if (result.ok) return;
        assertUnifiedError(result.error);
        expect(result.error.message).toMatch(/may have been created: look it up.* before creating it again\.$/);
        const detail = result.error.detail as { created?: unknown; reconcile?: Record<string, string>; location?: string };
        expect(detail.created).toBe('unknown');
        if (target.idempotentCreates) expect(Object.keys(detail.reconcile ?? {}).filter((name) => /idempotency/i.test(name))).toHaveLength(1);
        if ('raw' in behaviour) expect(detail.location).toBe('/created/9001');
        if (!target.idempotentCreates) expectSentOnce(server);
      });

      // Any 2xx is the provider accepting the record, documented or not.
      const otherSuccess = [200, 201, 202].find((status) => status !== answers[0]!.status)!;
      it(`${operation}: accepted with ${otherSuccess}, a status the mapping does not list, reads the documented answer`, async () => {
        const server = await harness.start((index) => ({ answer: index === 0 ? { ...answers[0]!, status: otherSuccess } : (answers[index] ?? answers[answers.length - 1]!) }));
        const result = await outcome(harness.call(harness.connect(server.origin, []), operation, input));
        expect(result.ok, result.ok ? '' : `failed: ${JSON.stringify(result.error)}`).toBe(true);
        if (result.ok) assertUnifiedResult(operation, result.value, target.api);
        expect(server.requests).toBe(answers.length);
      });

      it(`${operation}: accepted with 202 and no body is created, not confirmed, and not sent again`, async () => {
        const server = await harness.start((index) => (index === 0 ? { raw: { status: 202, headers: {}, body: '' } } : { answer: answers[index] ?? answers[answers.length - 1]! }));
        const result = await outcome(harness.call(harness.connect(server.origin, []), operation, input));
        // A create confirmed by a lookup, or whose id is in a header, may still find it; otherwise it is unconfirmed.
        if (!result.ok) expectNotConfirmed(result.error, 202);
        expectSentOnce(server);
      });

      // Only creates whose answer lacks the id and are followed by a lookup.
      if (answers.length < 2) continue;
      it.each(LOOKUP_FAULTS.map((fault) => [fault.name, fault] as const))(`${operation}: %s`, async (_, fault) => {
        const server = await harness.start((index) => {
          if (index === 0) return { answer: answers[0]! };
          const lookup = fault.lookups(index - 1);
          return { answer: lookup === 'found' ? answers[1]! : lookup };
        });
        const waits: number[] = [];
        const result = await outcome(harness.call(harness.connect(server.origin, waits), operation, input));
        const created = server.received[0]!;
        // The create itself went out once; every later request was the lookup.
        expect(server.received.slice(1).every((request) => request.target !== created.target)).toBe(true);
        if (fault.success) {
          expect(result.ok, JSON.stringify(result)).toBe(true);
          if (result.ok) assertUnifiedResult(operation, result.value, target.api);
          expect(server.requests).toBe(3);
          expect(waits.length).toBeGreaterThanOrEqual(1);
          return;
        }
        expect(result.ok).toBe(false);
        if (result.ok) return;
        const detail = expectNotConfirmed(result.error, answers[0]!.status);
        expect(server.requests).toBe(1 + harness.attempts);
        expect(detail.steps?.[1]).toMatchObject({ step: 'confirm', attempts: harness.attempts });
        // What finds the record again was sent with the create.
        const keys = Object.values(detail.reconcile ?? {});
        expect(keys.length).toBeGreaterThan(0);
        for (const value of keys) expect(created.body + JSON.stringify(created.headers)).toContain(value);
        for (const value of keys) expect((result.error as Error).message).toContain(value);
      });
    }
  });

  if (operations.length > 0) describe.concurrent(`${target.service}: raw payloads and single-record bodies`, () => {
    for (const [operation, { input, answers }] of operations) {
      it(`${operation}: _raw is an object or null, never an array`, async () => {
        const server = await harness.start((index) => ({ answer: answers[index] ?? answers[answers.length - 1]! }));
        const result = await outcome(harness.call(harness.connect(server.origin, []), operation, input, { raw: true }));
        expect(result.ok, JSON.stringify(result)).toBe(true);
        if (!result.ok) return;
        assertUnifiedResult(operation, result.value, target.api);
        const envelope = result.value as Record<string, unknown>;
        expect('_raw' in envelope).toBe(true);
        const raw = envelope._raw;
        expect(raw === null || (typeof raw === 'object' && !Array.isArray(raw)), `_raw is ${JSON.stringify(raw)}`).toBe(true);
        const bodies = answers.filter((answer) => answer.status !== 204 && answer.body !== undefined && answer.body !== '');
        if (bodies.length === 0) expect(raw).toBeNull();
        const several = raw as { pages?: unknown[]; responses?: unknown[] };
        if (bodies.length > 1) expect(several.pages ?? several.responses).toHaveLength(bodies.length);
      });
    }

    // A get or update answered with another record than the one asked for (a provider's cache, a redirect followed, a bug) is no answer about it.
    for (const [operation, { kind, input, answers, idParam = 'id' }] of operations.filter(([, o]) => (o.kind === 'get' || o.kind === 'update') && typeof o.input[o.idParam ?? 'id'] === 'string')) {
      const id = input[idParam] as string;
      const carriesId = kind === 'get' && target.recordPath !== undefined && target.paging?.idPath !== undefined;
      it(`${operation}: an answer about another record than ${JSON.stringify(id)} is a ConnectorExecutionError, never answered as that record`, async () => {
        const server = await harness.start((index) => ({ answer: aboutAnotherRecord(answers[index] ?? answers[answers.length - 1]!, id) }));
        const result = await outcome(harness.call(harness.connect(server.origin, []), operation, input));
        // An update answer may carry no id to tell (only what was asked for is answered then); a get's record always does.
        if (result.ok && !carriesId) {
          expect((result.value as { data: { id?: unknown } }).data.id).toBe(id);
          return;
        }
        expect(result.ok, `answered ${JSON.stringify(result)}`).toBe(false);
        if (result.ok) return;
        assertUnifiedError(result.error);
        expect(result.error).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502 });
        expect(result.error.message).toContain(JSON.stringify(anotherId(id)));
        expect(server.requests).toBe(1);
      });
    }

    const [oneId, one] = operationOf(target, 'get') ?? [];
    if (oneId && one && target.recordPath) {
      const recordPath = target.recordPath;
      const cases = NOT_RECORDS.filter((c) => c.name !== 'a record without its id' || target.paging?.idPath);
      it.each(cases.map((c) => [c.name, c] as const))(`${oneId}: %s is a ConnectorExecutionError naming what was expected`, async (_, notRecord) => {
        const body = notRecord.body(one.answers[0]!.body, recordPath, target.paging?.idPath);
        const server = await harness.start(() => ({ answer: { status: one.answers[0]!.status, body } }));
        const result = await outcome(harness.call(harness.connect(server.origin, []), oneId, one.input));
        expect(result.ok, `answered ${JSON.stringify(result)}`).toBe(false);
        if (result.ok) return;
        assertUnifiedError(result.error);
        expect(result.error).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502 });
        expect(result.error.message).toMatch(/expected a \w+ record/);
        expect(server.requests).toBe(1);
      });
    }
  });
}
