/**
 * An attempt's timeout counts the time the thread could have read the answer.
 * A provider on loopback answers at once; right after it has, the thread is
 * held up by synchronous work for several times the timeout (as a caller's
 * own work holds it). The answer lies unread in the socket when the timer
 * comes due: it is read, not thrown away as a timeout — and a create so
 * answered is confirmed, not reported as sent and unanswered. A provider that
 * never answers still ends the attempt when the thread is held up too.
 */

import { describe, expect, it } from 'vitest';
import { defaultRetryPolicy, ProviderHttpClient, Redactor, UnifiedError } from '../../src/runtime/index.js';
import { mount, type LoopbackHandler } from '../support/loopback.js';

const TIMEOUT_MS = 100;

const parked = new Int32Array(new SharedArrayBuffer(4));

/**
 * Holds this thread for `ms`, as synchronous work does: no timer fires and no
 * socket is read meanwhile. Blocked rather than spinning, so the core stays
 * free for the run's other worker; to the event loop the two are the same.
 */
function holdThread(ms: number): void {
  Atomics.wait(parked, 0, 0, ms);
}

/** A provider on the worker's shared loopback server, answering as `handle` does, and how many requests it got. */
async function provider(handle: LoopbackHandler) {
  let requests = 0;
  const mounted = await mount((request, response) => {
    requests++;
    handle(request, response);
  });
  return { url: new URL(`${mounted.origin}/customers`), requests: () => requests, close: async () => mounted.unmount() };
}

const client = () => new ProviderHttpClient({ service: 'test', fetch: globalThis.fetch, timeoutMs: TIMEOUT_MS, retry: { ...defaultRetryPolicy, attempts: 1 }, redactor: new Redactor([]) });

describe('a thread held up while the answer arrives', () => {
  it.each(['GET', 'POST'] as const)('%s answered in time is read, though the timer came due while the thread was busy', async (method) => {
    const answering = await provider((_, response) => {
      response.writeHead(method === 'POST' ? 201 : 200, { 'content-type': 'application/json' }).end('{"id":"c-1"}');
      holdThread(4 * TIMEOUT_MS);
    });
    try {
      const answer = await client().send({ method, url: answering.url, headers: {}, ...(method === 'POST' ? { body: '{"name":"Ada"}' } : {}) });
      expect(answer.status).toBe(method === 'POST' ? 201 : 200);
      expect(answer.text).toBe('{"id":"c-1"}');
      expect(answering.requests()).toBe(1);
    } finally {
      await answering.close();
    }
  });

  it('a provider that never answers still times out when the thread is held up as well', async () => {
    const silent = await provider(() => holdThread(4 * TIMEOUT_MS));
    try {
      const failed = await client()
        .send({ method: 'GET', url: silent.url, headers: {} })
        .then(() => undefined, (error: unknown) => error);
      expect(failed).toBeInstanceOf(UnifiedError);
      expect(failed).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 504 });
      expect(silent.requests()).toBe(1);
    } finally {
      await silent.close();
    }
  });
});
