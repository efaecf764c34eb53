/**
 * Provider JSON read without losing integers beyond 2^53: they are kept as
 * their digits, so an id such as 9007199254740993 is not answered as
 * another record's (…992).
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../generated/zendesk/connector.gen.js';
import { parseProviderJson } from '../../src/runtime/objects.js';

describe('parseProviderJson', () => {
  it.each([
    ['an id beyond 2^53', '{"id":9007199254740993}', { id: '9007199254740993' }],
    ['a negative one, in an array', '[-12345678901234567891, 1]', ['-12345678901234567891', 1]],
    ['2^53 - 1 itself, exact as a number', '{"id":9007199254740991}', { id: 9007199254740991 }],
    ['digits inside a string, escaped quotes before them', '{"note":"a \\"12345678901234567891\\" b","n":12345678901234567891}', { note: 'a "12345678901234567891" b', n: '12345678901234567891' }],
    ['a fraction or an exponent (not an integer literal)', '{"a":1234567890123456.75,"b":12345678901234567e3}', { a: 1234567890123456.75, b: 12345678901234567e3 }],
  ])('%s', (_, text, parsed) => {
    expect(parseProviderJson(text)).toEqual(parsed);
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
