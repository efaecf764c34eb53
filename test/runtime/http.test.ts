/**
 * The HTTP client refuses a request fetch could never send (a header value
 * holding a line break) once, before any attempt, instead of failing every
 * attempt as if the network had; and its log events are masked.
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { ConnectorContext, connectionSecrets, defaultRetryPolicy, MAX_TIMER_MS, parseRetryAfter, ProviderHttpClient, Redactor, timerMs, type HttpEvent } from '../../src/runtime/index.js';
import { kickservDefinition } from '../../generated/kickserv/connector.gen.js';

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

describe('Retry-After and timers', () => {
  const now = Date.UTC(2026, 10, 30, 12, 0, 0);

  it.each([
    ['delay-seconds', '120', 120_000],
    ['delay-seconds with spaces around', '  3  ', 3_000],
    ['an IMF-fixdate', 'Mon, 30 Nov 2026 12:00:10 GMT', 10_000],
    ['an RFC 850 date', 'Monday, 30-Nov-26 12:00:20 GMT', 20_000],
    ['an asctime date', 'Mon Nov 30 12:00:30 2026', 30_000],
    ['an HTTP date already past', 'Mon, 30 Nov 2026 11:00:00 GMT', 0],
  ])('%s is honoured', (_, value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each([['1.5'], ['-1'], ['soon'], ['2026-11-30T12:00:10Z'], ['30 Nov 2026'], ['']])('%j is no Retry-After (the backoff applies, not a retry at once)', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it('a timeout or delay beyond what a timer can wait waits the longest it can, not not at all', async () => {
    expect(timerMs(3e9)).toBe(MAX_TIMER_MS);
    expect(timerMs(-5)).toBe(0);
    // A slow provider and a timeout of 2^31 ms: answered, not timed out at once.
    const slow = createServer((_, response) => void setTimeout(() => response.writeHead(200).end('{}'), 150));
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const http = new ProviderHttpClient({ service: 'test', fetch: globalThis.fetch, timeoutMs: 2 ** 31, retry: { ...defaultRetryPolicy, attempts: 1 }, redactor: new Redactor([]) });
      const answer = await http.send({ method: 'GET', url: new URL(`http://127.0.0.1:${(slow.address() as AddressInfo).port}/x`), headers: {} });
      expect(answer.status).toBe(200);
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });
});

describe('an id read from a header', () => {
  const context = new ConnectorContext(kickservDefinition, { settings: { account: 'acme' }, credentials: { api_token: 'token-1234' } }, { baseUrl: 'https://app.kickserv.com/acme', secrets: ['token-1234'] });
  const answer = (location: string) => ({ status: 200, headers: new Headers({ location }), text: '', attempts: 1 });

  it('is the last segment of a Location, percent-escapes undone', () => {
    expect(context.idFromHeader('customersUpdate', answer('https://app.kickserv.com/acme/people/p%2042'), 'Location', true)).toBe('p 42');
  });

  it.each([['a broken percent-escape', '/people/p%E0%A4%A'], ['a URL that cannot be parsed', 'http://[oops/people/1']])('in %s is the provider\'s unreadable answer, not an unexpected failure', (_, location) => {
    expect(() => context.idFromHeader('customersUpdate', answer(location), 'Location', true)).toThrow(expect.objectContaining({ type_name: 'ConnectorExecutionError', status_code: 502, message: expect.stringMatching(/Location header/) }));
  });
});

describe('answer bodies', () => {
  /** A provider answering `body` (bytes) with `headers`, and how many requests it got. */
  async function answering(headers: Record<string, string>, body: Buffer) {
    let requests = 0;
    const server = createServer((_, response) => {
      requests++;
      response.writeHead(200, headers).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`),
      requests: () => requests,
      close: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }
  const http = (maxResponseBytes?: number) => new ProviderHttpClient({ service: 'test', fetch: globalThis.fetch, timeoutMs: 5_000, retry: { ...defaultRetryPolicy, attempts: 3, baseDelayMs: 1 }, redactor: new Redactor([]), ...(maxResponseBytes ? { maxResponseBytes } : {}) });

  // Not read, and not sent for again: answered under its status with the reason it is unread, as a body cut off on a create is.
  it('past maxResponseBytes, once decompressed, is unread under its status, not retried', async () => {
    const { gzipSync } = await import('node:zlib');
    // 200 KB of JSON that gzip makes about 300 bytes: the bound counts what it inflates to.
    const provider = await answering({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(Buffer.from(JSON.stringify({ pad: 'x'.repeat(200_000) }))));
    try {
      const answer = await http(100_000).send({ method: 'GET', url: provider.url, headers: {} });
      expect(answer).toMatchObject({ status: 200, text: '', unread: expect.stringMatching(/larger than 100000 bytes \(maxResponseBytes\)/), attempts: 1 });
      expect(provider.requests()).toBe(1);
      expect((await http().send({ method: 'GET', url: provider.url, headers: {} })).text.length).toBeGreaterThan(200_000);
    } finally {
      await provider.close();
    }
  });

  // The same bytes would come again: not a network fault, and not retried.
  it.each(['gzip', 'deflate', 'br'])('that its Content-Encoding (%s) cannot decompress is unread as malformed, not retried', async (encoding) => {
    const provider = await answering({ 'content-type': 'application/json', 'content-encoding': encoding }, Buffer.from('this is not compressed at all, not at all'));
    try {
      const answer = await http().send({ method: 'GET', url: provider.url, headers: {} });
      expect(answer).toMatchObject({ status: 200, text: '', unread: expect.stringMatching(/cannot be decompressed as its Content-Encoding says/), attempts: 1 });
      expect(provider.requests()).toBe(1);
    } finally {
      await provider.close();
    }
  });

  it('past maxResponseBytes by its declared length is refused without reading it', async () => {
    const provider = await answering({ 'content-type': 'application/json' }, Buffer.from(JSON.stringify({ pad: 'x'.repeat(200_000) })));
    try {
      const answer = await http(100_000).send({ method: 'GET', url: provider.url, headers: {} });
      expect(answer).toMatchObject({ status: 200, unread: expect.stringMatching(/larger than 100000 bytes/), attempts: 1 });
      expect(provider.requests()).toBe(1);
    } finally {
      await provider.close();
    }
  });

  it('past maxResponseBytes on a create sent with an idempotency key is answered as accepted, not a failure inviting another create', async () => {
    const provider = await answering({ 'content-type': 'application/json' }, Buffer.from(JSON.stringify({ pad: 'x'.repeat(200_000) })));
    try {
      const answer = await http(100_000).send({ method: 'POST', url: provider.url, headers: { 'idempotency-key': 'k-1' }, body: '{}', replayable: true });
      expect(answer).toMatchObject({ status: 200, unread: expect.stringMatching(/larger than 100000 bytes/), attempts: 1 });
      expect(provider.requests()).toBe(1);
    } finally {
      await provider.close();
    }
  });

  // An IIS or .NET error page in UTF-16, read as UTF-8, was `t\0o\0k\0…`: what it echoed showed once the NULs were
  // dropped (as terminals and log viewers do), and no mask could find it there.
  const withBom = (encoding: 'utf16le' | 'utf16be' | 'utf8', text: string) => {
    const mark = { utf16le: [0xff, 0xfe], utf16be: [0xfe, 0xff], utf8: [0xef, 0xbb, 0xbf] }[encoding];
    const le = Buffer.from(text, encoding === 'utf8' ? 'utf8' : 'utf16le');
    return Buffer.concat([Buffer.from(mark), encoding === 'utf16be' ? le.swap16() : le]);
  };
  it.each([
    ['UTF-16LE with its byte order mark, labelled UTF-8', 'application/json; charset=utf-8', withBom('utf16le', '{"name":"José"}')],
    ['UTF-16BE with its byte order mark, labelled ISO-8859-1', 'application/json; charset=ISO-8859-1', withBom('utf16be', '{"name":"José"}')],
    ['UTF-8 with its byte order mark, labelled ISO-8859-1', 'text/plain; charset=ISO-8859-1', withBom('utf8', '{"name":"José"}')],
    ['UTF-16LE without a mark or a charset', 'application/json', Buffer.from('{"name":"José"}', 'utf16le')],
    ['UTF-16BE without a mark or a charset', 'text/html', Buffer.from('{"name":"José"}', 'utf16le').swap16()],
  ])('%s is decoded in the encoding its bytes say, sized or streamed', async (_, type, body) => {
    for (const length of [{ 'content-length': String(body.length) }, { 'transfer-encoding': 'chunked' }] as Record<string, string>[]) {
      const provider = await answering({ 'content-type': type, ...length }, body);
      try {
        const text = (await http().send({ method: 'GET', url: provider.url, headers: {} })).text;
        expect(text).not.toContain('\u0000');
        expect(JSON.parse(text)).toEqual({ name: 'José' });
      } finally {
        await provider.close();
      }
    }
  });

  it('is decoded with the charset its content type names', async () => {
    const provider = await answering({ 'content-type': 'application/json; charset=ISO-8859-1' }, Buffer.from('{"name":"José"}', 'latin1'));
    try {
      expect(JSON.parse((await http().send({ method: 'GET', url: provider.url, headers: {} })).text)).toEqual({ name: 'José' });
    } finally {
      await provider.close();
    }
  });
});

describe("a list call's time", () => {
  it('is twice the timeout unless the caller says otherwise', () => {
    const connection = { baseUrl: 'https://app.kickserv.com/acme', secrets: ['token-1234'] };
    const given = { settings: { account: 'acme' }, credentials: { api_token: 'token-1234' } };
    expect(new ConnectorContext(kickservDefinition, { ...given, timeoutMs: 400 }, connection).listing('customersAll').callTimeMs).toBe(800);
    expect(new ConnectorContext(kickservDefinition, { ...given, callTimeMs: 5_000 }, connection).listing('customersAll').callTimeMs).toBe(5_000);
    expect(new ConnectorContext(kickservDefinition, given, connection).listing('customersAll').callTimeMs).toBe(60_000);
  });
});

describe('a single record read by a mapping that reads no id', () => {
  const context = new ConnectorContext(kickservDefinition, { settings: { account: 'acme' }, credentials: { api_token: 'token-1234' } }, { baseUrl: 'https://app.kickserv.com/acme', secrets: ['token-1234'] });
  const answer = { status: 200, headers: new Headers(), text: '', attempts: 1 };

  it('is answered with the id it was asked for, as an update is (a draft leaving Twilio Conversations\' `sid` unmapped answered a get without one)', () => {
    expect(context.readRecord('customersOne', answer, { first_name: 'Ada' }, ['customer'], false, '7')).toEqual({ first_name: 'Ada', id: '7' });
  });

  it('keeps the id it reads, and still refuses another one', () => {
    expect(context.readRecord('customersOne', answer, { id: '7' }, [], true, '7')).toEqual({ id: '7' });
    expect(() => context.readRecord('customersOne', answer, { id: '8' }, [], true, '7')).toThrow(expect.objectContaining({ type_name: 'ConnectorExecutionError' }));
  });
});

describe("a parent's id where the provider's body takes a number", () => {
  const context = new ConnectorContext(kickservDefinition, { settings: { account: 'acme' }, credentials: { api_token: 'token-1234' } }, { baseUrl: 'https://app.kickserv.com/acme', secrets: ['token-1234'] });

  it('is sent as the number its digits make', () => {
    expect(context.numericId('1201', 'board_id')).toBe(1201);
  });

  // Number() made them NaN (sent as null) or 0: a write to no board, or to another one.
  it.each(['b-1', '', ' ', 'Infinity'])('%j is refused before any request, naming the parameter', (id) => {
    expect(() => context.numericId(id, 'board_id')).toThrow(expect.objectContaining({ type_name: 'RequestValidationError', message: 'Invalid board_id: kickserv takes it as a number' }));
  });
});
