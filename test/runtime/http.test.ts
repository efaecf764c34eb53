/**
 * The HTTP client refuses a request fetch could never send (a header value
 * holding a line break) once, before any attempt, instead of failing every
 * attempt as if the network had; and its log events are masked.
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionSecrets, defaultRetryPolicy, ProviderHttpClient, Redactor, type HttpEvent } from '../../src/runtime/index.js';

let requests = 0;
const server = createServer((_, response) => {
  requests++;
  response.writeHead(503).end('{"error":"token kst_secret_key_42 refused"}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function client(events: HttpEvent[], waits: number[]) {
  return new ProviderHttpClient({
    service: 'test',
    fetch: globalThis.fetch,
    timeoutMs: 5_000,
    retry: { ...defaultRetryPolicy, attempts: 3, baseDelayMs: 1 },
    redactor: new Redactor(connectionSecrets(['kst_secret_key_42'])),
    log: (event) => events.push(event),
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
}

describe('ProviderHttpClient', () => {
  it.each([
    ['a line break', 'Bearer kst_secret_key_42\n_more'],
    ['a NUL', 'Bearer kst_secret_key_42\u0000'],
    ['a character beyond Latin-1', 'Bearer kst_secret_key_42\u20ac'],
  ])('a header value holding %s is refused before any attempt, unretried and unechoed', async (_, value) => {
    const events: HttpEvent[] = [];
    const waits: number[] = [];
    const before = requests;
    const error = await client(events, waits)
      .send({ method: 'GET', url: new URL(`${origin}/x?key=kst_secret_key_42`), headers: { authorization: value } })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ type_name: 'ConnectorExecutionError', detail: { reason: 'invalid header', headers: ['authorization'] } });
    expect(requests).toBe(before);
    expect(waits).toEqual([]);
    const text = JSON.stringify(error) + (error as Error).message + JSON.stringify(events);
    expect(text).not.toContain('kst_secret_key_42');
  });

  it('log events are masked, reasons and URLs included', async () => {
    const events: HttpEvent[] = [];
    await client(events, []).send({ method: 'GET', url: new URL(`${origin}/x?key=kst_secret_key_42`), headers: {} });
    expect(events.map((event) => event.type)).toEqual(['request', 'response', 'retry', 'request', 'response', 'retry', 'request', 'response']);
    expect(JSON.stringify(events)).not.toContain('kst_secret_key_42');
  });
});
