/**
 * Provider JSON read without losing integers beyond 2^53: they are kept as
 * their digits, so an id such as 9007199254740993 is not answered as
 * another record's (…992). And not built at all when it holds more objects
 * and lists than an answer may (`MAX_JSON_CONTAINERS`): 32 MiB of `[` nested
 * sixteen million deep cost JSON.parse tens of seconds and gigabytes. Nor
 * when it holds more values than an answer may (`maxValuesPerAnswer`, one per
 * 8 bytes of `maxResponseBytes`): one record of 16 million numbers cost as
 * much as the largest page of real records. Nor when one of its objects holds
 * more members than an object may (`MAX_OBJECT_MEMBERS`).
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../generated/zendesk/connector.gen.js';
import { containersOver, MAX_JSON_CONTAINERS, MAX_OBJECT_MEMBERS, maxValuesPerAnswer, parseProviderJson, TooManyContainers, TooManyMembers, valuesOver } from '../../src/runtime/objects.js';

/**
 * A Zendesk connector whose provider, on loopback, answers every request with `body` (status 200 until
 * `answerWith` changes it), and every text JSON.parse is given meanwhile: an answer refused before it is
 * parsed never reaches it.
 */
async function withZendeskAnswering(body: string, run: (scene: { connector: ReturnType<typeof createZendeskConnector>; parsed: string[]; answerWith(status: number): void }) => Promise<void>): Promise<void> {
  let status = 200;
  const server = createServer((_, response) => response.writeHead(status, { 'content-type': 'application/json' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const parsed: string[] = [];
  const parse = JSON.parse;
  JSON.parse = ((source: string, reviver?: Parameters<typeof parse>[1]) => (parsed.push(source), parse(source, reviver))) as typeof JSON.parse;
  try {
    const connector = createZendeskConnector({ settings: { subdomain: 'acme' }, credentials: { access_token: 'zd-token-1234' }, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`, retry: { attempts: 1 } });
    await run({ connector, parsed, answerWith: (next) => (status = next) });
  } finally {
    JSON.parse = parse;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('parseProviderJson', () => {
  it.each([
    ['an id beyond 2^53', '{"id":9007199254740993}', { id: '9007199254740993' }],
    ['a negative one, in an array', '[-12345678901234567891, 1]', ['-12345678901234567891', 1]],
    ['2^53 - 1 itself, exact as a number', '{"id":9007199254740991}', { id: 9007199254740991 }],
    ['digits inside a string, escaped quotes before them', '{"note":"a \\"12345678901234567891\\" b","n":12345678901234567891}', { note: 'a "12345678901234567891" b', n: '12345678901234567891' }],
    ['a fraction (not an integer), and a small integer written with an exponent, as numbers', '{"a":1234567890123456.75,"b":12e3,"c":-0.0,"d":1e400}', { a: 1234567890123456.75, b: 12000, c: -0, d: Number.POSITIVE_INFINITY }],
    // Some encoders write a large integer with a fraction of zeros or an exponent: the same integer, kept exact.
    ['an id beyond 2^53 written with a zero fraction', '{"id":9007199254740993.0}', { id: '9007199254740993' }],
    ['an id beyond 2^53 written with an exponent', '{"a":9007199254740993e0,"b":9.007199254740993e15,"c":1e16,"d":-12345678901234567e3}', { a: '9007199254740993', b: '9007199254740993', c: '10000000000000000', d: '-12345678901234567000' }],
  ])('%s', (_, text, parsed) => {
    expect(parseProviderJson(text)).toEqual(parsed);
  });

  it('finds an integer beyond 2^53 wherever it stands in the text, at every place modulo 16 and at either end', () => {
    for (let pad = 0; pad < 34; pad++) {
      const filler = '7'.repeat(pad % 3) + 'x'.repeat(pad);
      for (const digits of ['9007199254740993', '12345678901234567891']) {
        expect(parseProviderJson(`{"p":"${filler}","n":${digits}}`), `${pad}, ${digits}`).toEqual({ p: filler, n: digits });
        expect(parseProviderJson(`${' '.repeat(pad)}${digits}`), `${pad}, ${digits} alone`).toBe(digits);
      }
      // Fifteen digits a number holds exactly, beside other digits that are no part of them.
      expect(parseProviderJson(`{"p":"${filler}","n":[123456789012345,6]}`)).toEqual({ p: filler, n: [123456789012345, 6] });
    }
  });

  it('refuses what JSON.parse refuses', () => {
    expect(() => parseProviderJson('{"id": 12345678901234567891')).toThrow(SyntaxError);
  });
});

describe('a provider id beyond 2^53, through a connector', () => {
  it('is answered exactly, never as the id of another record', async () => {
    const server = createServer((_, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"user":{"id":9007199254740993,"name":"Ada Lovelace","email":"ada@example.com"}}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const connector = createZendeskConnector({ settings: { subdomain: 'acme' }, credentials: { access_token: 'zd-token-1234' }, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`, retry: { attempts: 1 } });
      const answer = await connector.customersOne({ id: '9007199254740993' });
      expect(answer.data.id).toBe('9007199254740993');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('an answer of more objects and lists than an answer may hold', () => {
  const nested = (depth: number) => `{"user":{"id":7,"name":${'['.repeat(depth)}${']'.repeat(depth)}}}`;

  it('is refused before JSON.parse builds any of them, naming the count', () => {
    const error = (() => {
      try {
        parseProviderJson(`[${'{},'.repeat(MAX_JSON_CONTAINERS)}{}]`);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(TooManyContainers);
    expect((error as TooManyContainers).count).toBe(MAX_JSON_CONTAINERS + 2);
  });

  it.each<[string, string, number, number | undefined]>([
    ['exactly the bound', '[[],{}]', 3, undefined],
    ['one more', '[[],{},[]]', 3, 4],
    ['nested', '[[[[]]]]', 3, 4],
    ['brackets inside strings, escaped quotes too, are not counted', '["[[[{{{", "\\"[{", {}]', 2, undefined],
  ])('counted on the text: %s', (_, text, bound, count) => {
    expect(containersOver(text, bound)).toBe(count);
  });

  it('strings are skipped where JSON ends them, whatever run of backslashes precedes a quote', () => {
    // Strings of quotes, backslashes, brackets and commas, written as JSON writes them: none of it is a container.
    const alphabet = ['"', '\\', '[', '{', ',', 'a'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 2000; n++) {
      const inside = Array.from({ length: 1 + Math.floor(next() * 16) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      const text = `[${JSON.stringify(inside)},[],${JSON.stringify(inside)},{}]`;
      expect(containersOver(text, 2), text).toBe(3);
    }
  });

  it('a long string of brackets is read', () => {
    expect(parseProviderJson(JSON.stringify({ note: '{['.repeat(MAX_JSON_CONTAINERS) }))).toMatchObject({ note: expect.any(String) });
  });

  it('through a connector: nested a million deep, a get is a ConnectorExecutionError saying so, and an error answer keeps its status', async () => {
    const body = nested(MAX_JSON_CONTAINERS);
    await withZendeskAnswering(body, async ({ connector, parsed, answerWith }) => {
      const failed = await connector.customersOne({ id: '7' }).catch((error: unknown) => error);
      expect(failed).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502, detail: { reason: `it holds ${MAX_JSON_CONTAINERS + 2} objects and lists, more than the ${MAX_JSON_CONTAINERS} an answer may` } });
      answerWith(400);
      const refused = await connector.customersOne({ id: '7' }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 400, detail: { provider_status: 400 } });
      expect(parsed.filter((source) => source === body)).toEqual([]);
    });
  });
});

describe('an answer of more values than an answer may hold', () => {
  it('the bound is one value per 8 bytes of maxResponseBytes', () => {
    expect(maxValuesPerAnswer(32 * 1024 * 1024)).toBe(4_194_304);
    expect(maxValuesPerAnswer(64 * 1024)).toBe(8192);
  });

  // Texts padded past twice the bound with spaces, so the count is made, not skipped as too short to hold more.
  const padded = (text: string, bound: number) => text + ' '.repeat(2 * bound);
  it.each<[string, string, number, boolean]>([
    ['exactly the bound', '[1,2,[3]]', 4, false],
    ['one more', '[1,2,[3,4]]', 4, true],
    ['object members count, their names do not', '{"a":1,"b":{"c":2,"d":3}}', 4, false],
    ['empty lists and objects hold none', '[[],{},[ ],{ }]', 4, false],
    ['commas and brackets inside strings, escaped quotes too, are not values', '["a,b,c","[\\",{,]"]', 2, false],
    ['a record holding a long list of numbers', `{"user":{"id":7,"tags":[${'0,'.repeat(20)}0]}}`, 20, true],
  ])('counted on the text: %s', (_, text, bound, over) => {
    expect(valuesOver(padded(text, bound), bound)).toBe(over);
  });

  it('a text too short to hold more is not counted', () => {
    expect(valuesOver('[1,2,3,4,5]', 5)).toBe(false);
  });

  it('through a connector: a get or a page holding more is a ConnectorExecutionError naming the bound and the option, before it is parsed', async () => {
    const numbers = (count: number) => `[${Array.from({ length: count }, () => '0').join(',')}]`;
    const user = (id: number, tags: number) => `{"id":${id},"name":"Ada Lovelace","email":"ada@example.com","tags":${numbers(tags)}}`;
    // 64 KiB of answer: 8,192 values.
    const answers: Record<string, string> = {
      '/api/v2/users/7': `{"user":${user(7, 10_000)}}`,
      '/api/v2/users/8': `{"user":${user(8, 8_000)}}`,
      '/api/v2/users': `{"users":[${user(1, 5_000)},${user(2, 5_000)}],"meta":{"has_more":false}}`,
    };
    const server = createServer((request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(answers[new URL(request.url!, 'http://x').pathname]));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const parsed: string[] = [];
    const parse = JSON.parse;
    JSON.parse = ((source: string, reviver?: Parameters<typeof parse>[1]) => (parsed.push(source), parse(source, reviver))) as typeof JSON.parse;
    try {
      const connector = createZendeskConnector({ settings: { subdomain: 'acme' }, credentials: { access_token: 'zd-token-1234' }, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`, retry: { attempts: 1 }, maxResponseBytes: 64 * 1024 });
      const reason = 'it holds more than the 8192 values (list elements and object members) an answer may: one per 8 bytes of maxResponseBytes, which raises it';
      for (const call of [() => connector.customersOne({ id: '7' }), () => connector.customersAll({ limit: 20 })]) {
        const failed = await call().catch((error: unknown) => error);
        expect(failed).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502, detail: { reason, provider_status: 200 } });
        expect((failed as Error).message).toMatch(/^zendesk sent an unreadable answer to customers(One|All): it holds more than the 8192 values/);
      }
      expect(parsed.filter((source) => source.includes('"tags"'))).toEqual([]);
      // Within the bound, the same record is read.
      expect((await connector.customersOne({ id: '8' })).data.id).toBe('8');
    } finally {
      JSON.parse = parse;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('an error answer longer than an error report', () => {
  it('is kept in detail.provider_error as the first 500 characters of its text, masked; a short one whole', async () => {
    const details = (count: number) => Array.from({ length: count }, (_, index) => `{"description":"Email ${index} is invalid","error":"InvalidValue"}`).join(',');
    const body = (count: number) => `{"error":"RecordInvalid","description":"token zd-token-1234 refused","details":{"email":[${details(count)}]}}`;
    let answer = body(1_000);
    // Past the 16 KiB an error body is kept whole up to (MAX_PROVIDER_ERROR_CHARS).
    expect(answer.length).toBeGreaterThan(16 * 1024);
    const server = createServer((_, response) => response.writeHead(422, { 'content-type': 'application/json' }).end(answer));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const connector = createZendeskConnector({ settings: { subdomain: 'acme' }, credentials: { access_token: 'zd-token-1234' }, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`, retry: { attempts: 1 } });
      const failed = (await connector.customersOne({ id: '7' }).catch((error: unknown) => error)) as { message: string; detail: { provider_error: unknown } };
      // The message is still read from the body.
      expect(failed).toMatchObject({ type_name: 'RequestValidationError', message: 'Email 0 is invalid' });
      expect(failed.detail.provider_error).toEqual(`${'{"error":"RecordInvalid","description":"token [REDACTED] refused","details":{"email":['}${details(1_000)}`.slice(0, 500) + '…');
      expect(JSON.stringify(failed).length).toBeLessThan(2_000);
      answer = body(2);
      const short = (await connector.customersOne({ id: '7' }).catch((error: unknown) => error)) as { detail: { provider_error: unknown } };
      expect(short.detail.provider_error).toMatchObject({ error: 'RecordInvalid', description: 'token [REDACTED] refused', details: { email: [{ error: 'InvalidValue' }, { error: 'InvalidValue' }] } });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('an answer with an object of more members than an object may hold', () => {
  // One object of `count` distinct member names, inside a record as a provider would nest it.
  const wide = (count: number) => `{"user":{"id":7,"custom":{${Array.from({ length: count }, (_, i) => `"f${i}":1`).join(',')}}}}`;

  it('is refused before JSON.parse builds it, naming the count', () => {
    const error = (() => {
      try {
        parseProviderJson(wide(MAX_OBJECT_MEMBERS + 1));
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(TooManyMembers);
    expect((error as TooManyMembers).count).toBe(MAX_OBJECT_MEMBERS + 1);
  });

  it.each<[string, () => string]>([
    ['exactly the bound', () => wide(MAX_OBJECT_MEMBERS)],
    ['as many members and more, spread over objects of a thousand', () => `[${Array.from({ length: 101 }, (_, o) => `{${Array.from({ length: 1000 }, (_, i) => `"f${o}_${i}":1`).join(',')}}`).join(',')}]`],
    ['a list of as many values (a list is bounded by the records it may hold)', () => `{"ids":[${'1,'.repeat(MAX_OBJECT_MEMBERS + 1)}1]}`],
    ['commas inside a member\'s string, escaped quotes too', () => `{"note":"${'a\\",'.repeat(MAX_OBJECT_MEMBERS + 1)}"}`],
  ])('is read: %s', (_, text) => {
    expect(() => parseProviderJson(text())).not.toThrow();
  });

  it('a text cut off inside a wide object is refused too, as JSON.parse would build it all before failing', () => {
    expect(() => parseProviderJson(wide(MAX_OBJECT_MEMBERS + 1).slice(0, -3))).toThrow(TooManyMembers);
  });

  it('through a connector: a get is a ConnectorExecutionError saying so, and the text never reaches JSON.parse', async () => {
    const body = wide(MAX_OBJECT_MEMBERS + 1);
    await withZendeskAnswering(body, async ({ connector, parsed }) => {
      const failed = await connector.customersOne({ id: '7' }).catch((error: unknown) => error);
      expect(failed).toMatchObject({ type_name: 'ConnectorExecutionError', status_code: 502, detail: { reason: `one of its objects holds ${MAX_OBJECT_MEMBERS + 1} members, more than the ${MAX_OBJECT_MEMBERS} an object may` } });
      expect(parsed.filter((source) => source === body)).toEqual([]);
    });
  });
});
