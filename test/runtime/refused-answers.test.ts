/**
 * Answers Node's fetch (undici) refuses to read although the provider, or a
 * proxy before it, did send them: an interim `100 Continue` nobody asked for
 * (undici takes no 100 at all: nodejs/undici#197), a `101 Switching
 * Protocols` to a request that asked for no upgrade, a header section past
 * `http.maxHeaderSize`; and answers that are not well-formed HTTP (undici's
 * parser errors, `HPE_*`). fetch throws `fetch failed` as for a reset; the
 * connector says what the answer was, and does not send the request again,
 * since the same answer would come back. Other interim answers (103) fetch
 * passes over: they are no failure. Played by a raw node:net server.
 */

import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../generated/zendesk/connector.gen.js';
import { CreatedNotConfirmedError, defaultRetryPolicy, ProviderHttpClient, Redactor } from '../../src/runtime/index.js';
import { assertUnifiedError } from '../support/unified-schema.js';

const user = '{"user":{"id":7,"name":"Ada Lovelace","email":"ada@example.com"}}';
const final = (status = '200 OK') => `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(user)}\r\n\r\n${user}`;

/** A provider that answers every request it reads with `answer`, and counts the requests. */
async function rawProvider(answer: string): Promise<{ baseUrl: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      // One answer per request head received (a request body, if any, comes with it or after: never a head).
      while (/\r\n\r\n/.test(head)) {
        const end = head.indexOf('\r\n\r\n') + 4;
        if (/^(GET|POST|PUT|PATCH|DELETE) /.test(head)) {
          requests++;
          socket.write(answer);
        }
        head = head.slice(end);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`,
    requests: () => requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Runs `check` against a provider answering every request with `answer`, and closes it after. */
async function withRawProvider(answer: string, check: (provider: Awaited<ReturnType<typeof rawProvider>>) => Promise<void>): Promise<void> {
  const provider = await rawProvider(answer);
  try {
    await check(provider);
  } finally {
    await provider.close();
  }
}

const connect = (baseUrl: string) => createZendeskConnector({ settings: { subdomain: 'acme' }, credentials: { access_token: 'zd-token-1234' }, baseUrl, retry: { attempts: 4, baseDelayMs: 1 }, sleep: async () => undefined });

const REFUSED: [string, string, RegExp][] = [
  ['an unsolicited 100 Continue before the answer', `HTTP/1.1 100 Continue\r\n\r\n${final()}`, /^The provider's answer could not be read: it began with an interim "100 Continue" that was not asked for/],
  ['a 101 Switching Protocols to a request asking for no upgrade', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n', /^The provider's answer could not be read: it answered "101 Switching Protocols"/],
  ['a header section of a megabyte', final().replace('\r\n', `\r\nX-Padding: ${'a'.repeat(1024 * 1024)}\r\n`), /^The provider's answer could not be read: its header section is larger than Node's fetch reads/],
];

describe('an answer fetch refuses to read', () => {
  it.each(REFUSED)('%s: a ConnectorExecutionError saying so, sent once', async (_, answer, message) => {
    await withRawProvider(answer, async (provider) => {
      const failed = await connect(provider.baseUrl).customersOne({ id: '7' }).catch((error: unknown) => error);
      assertUnifiedError(failed);
      expect(failed).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502, detail: { reason: 'answer refused by fetch', attempts: 1, retried: false } });
      expect(failed.message).toMatch(message);
      expect(failed.message).not.toMatch(/could not reach/i);
      // A read, retried on a reset, is not sent again: the same answer would come back.
      expect(provider.requests()).toBe(1);
    });
  });

  it('a create answered after an unsolicited 100 Continue is not sent again, and says the provider may have it', async () => {
    await withRawProvider(`HTTP/1.1 100 Continue\r\n\r\n${final('201 Created')}`, async (provider) => {
      const failed = await connect(provider.baseUrl).customersAdd({ customer: { first_name: 'Ada', last_name: 'Lovelace', emails: [{ email: 'ada@example.com', type: 'primary' }] } }).catch((error: unknown) => error);
      assertUnifiedError(failed);
      expect(failed).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502, detail: { reason: 'answer refused by fetch', retried: false, note: 'not retried: the provider may have received it' } });
      expect(failed.message).toMatch(/100 Continue/);
      expect(provider.requests()).toBe(1);
    });
  });

  it('a 103 Early Hints before the answer is passed over', async () => {
    await withRawProvider(`HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n${final()}`, async (provider) => {
      const answer = await connect(provider.baseUrl).customersOne({ id: '7' });
      expect(answer.data.id).toBe('7');
      expect(provider.requests()).toBe(1);
    });
  });
});

const chunked = (status: string, size: string) => `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${size}\r\n${user}\r\n0\r\n\r\n`;

const MALFORMED: [string, string, RegExp][] = [
  ['a status line without a status', `HTTP/1.1 abc OK\r\nContent-Length: 2\r\n\r\n{}`, /its status line holds no three-digit status \(HPE_INVALID_STATUS\)$/],
  ['something other than HTTP (an SSH banner)', 'SSH-2.0-OpenSSH_9.6\r\n', /it does not begin with "HTTP\/" \(something other than an HTTP server answered\)/],
  ['a header value holding a control character', final().replace('\r\n', '\r\nX-Trace: a\u0001b\r\n'), /a header holds a character HTTP does not allow there/],
  ['Content-Length given twice, differently', final().replace('\r\n', '\r\nContent-Length: 3\r\n'), /Duplicate Content-Length \(HPE_UNEXPECTED_CONTENT_LENGTH\)/],
  ['Content-Length beside Transfer-Encoding: chunked', chunked('200 OK', Buffer.byteLength(user).toString(16)).replace('\r\n', '\r\nContent-Length: 3\r\n'), /Content-Length can't be present with Transfer-Encoding/],
];

describe('an answer that is not well-formed HTTP', () => {
  it.each(MALFORMED)('%s: a ConnectorExecutionError saying what is malformed, sent once', async (_, answer, message) => {
    await withRawProvider(answer, async (provider) => {
      const failed = await connect(provider.baseUrl).customersOne({ id: '7' }).catch((error: unknown) => error);
      assertUnifiedError(failed);
      expect(failed).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502, detail: { reason: 'malformed answer', attempts: 1, retried: false, note: 'not retried: the same answer would come again' } });
      expect(failed.message).toMatch(/^The provider's answer is not well-formed HTTP: /);
      expect(failed.message).toMatch(message);
      // A read is retried on a reset, not on a malformed answer: the same answer would come back.
      expect(provider.requests()).toBe(1);
    });
  });

  it('a body whose chunk size is not hexadecimal, under 200: an unreadable answer, sent once', async () => {
    await withRawProvider(chunked('200 OK', 'zz'), async (provider) => {
      const failed = await connect(provider.baseUrl).customersOne({ id: '7' }).catch((error: unknown) => error);
      assertUnifiedError(failed);
      expect(failed).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502, detail: { provider_status: 200 } });
      expect(failed.message).toBe('zendesk sent an unreadable answer to customersOne: the answer is not well-formed HTTP: a chunk of its body announces a size that is not a hexadecimal number (HPE_INVALID_CHUNK_SIZE)');
      expect(provider.requests()).toBe(1);
    });
  });

  const customer = { first_name: 'Ada', last_name: 'Lovelace', emails: [{ email: 'ada@example.com', type: 'primary' as const }] };

  it('a create answered with a malformed status line is not sent again, and says the provider may have it', async () => {
    await withRawProvider('HTTP/1.1 abc Created\r\nContent-Length: 2\r\n\r\n{}', async (provider) => {
      const failed = await connect(provider.baseUrl).customersAdd({ customer }).catch((error: unknown) => error);
      assertUnifiedError(failed);
      expect(failed).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502, detail: { reason: 'malformed answer', retried: false, note: 'not retried: the provider may have received it' } });
      expect(provider.requests()).toBe(1);
    });
  });

  it('a create accepted (201) with a malformed body is created, not confirmed', async () => {
    await withRawProvider(chunked('201 Created', 'zz'), async (provider) => {
      const failed = await connect(provider.baseUrl).customersAdd({ customer }).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(CreatedNotConfirmedError);
      expect(failed).toMatchObject({ detail: { created: true, steps: [{ step: 'create', provider_status: 201 }, { step: 'confirm' }], cause: { message: expect.stringMatching(/the answer is not well-formed HTTP: a chunk of its body/) } } });
      expect(provider.requests()).toBe(1);
    });
  });

  it('a create sent with an idempotency key, accepted (201) with a malformed body, is answered as accepted, not sent again', async () => {
    // A replayable create is retried on a cut-off body; a malformed one would come the same, and the 201 says it was created.
    await withRawProvider(chunked('201 Created', 'zz'), async (provider) => {
      const http = new ProviderHttpClient({ service: 'test', fetch: globalThis.fetch, timeoutMs: 5_000, retry: { ...defaultRetryPolicy, attempts: 4, baseDelayMs: 1 }, redactor: new Redactor([]) });
      const answer = await http.send({ method: 'POST', url: new URL(`${provider.baseUrl}/users`), headers: { 'idempotency-key': 'k-1' }, body: '{}', replayable: true });
      expect(answer).toMatchObject({ status: 201, text: '', unread: expect.stringMatching(/^the answer is not well-formed HTTP: /), attempts: 1 });
      expect(provider.requests()).toBe(1);
    });
  });
});
