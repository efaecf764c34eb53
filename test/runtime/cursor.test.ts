import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, isWellFormed, MAX_ADDRESS_LENGTH, MAX_CURSOR_LENGTH, UnifiedError, type PagePosition, type WalkTrail } from '../../src/runtime/index.js';

describe('opaque cursors', () => {
  const positions: [string, PagePosition][] = [
    ['page', { kind: 'page', page: 3, skip: 1, size: 25 }],
    ['offset', { kind: 'offset', offset: 198 }],
    ['offset resumed inside a kept page', { kind: 'offset', offset: 198, skip: 2 }],
    ['page with the size the provider showed', { kind: 'page', page: 3, skip: 0, observed: 100 }],
    ['provider cursor', { kind: 'token', token: 'WzE3MTk0OTUxMDAwMDAsIjY2N2Qi', skip: 0, size: 150 }],
    ['first page resumed', { kind: 'token', token: '', skip: 2 }],
    ['next link', { kind: 'link', url: 'https://api.example.com/v1/customers?page=2', skip: 0 }],
    ['single list', { kind: 'single', skip: 40 }],
  ];

  it.each(positions)('round-trips a %s position', (_, position) => {
    const cursor = encodeCursor('kickserv', position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16}$/);
    expect(decodeCursor('kickserv', cursor, position.kind)).toEqual(position);
  });

  const valid = encodeCursor('kickserv', { kind: 'page', page: 2, skip: 0 });
  const [payload, check] = valid.split('.') as [string, string];
  const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
  const forged = (p: unknown) => {
    const json = JSON.stringify({ v: 1, s: 'kickserv', p });
    return `${Buffer.from(json).toString('base64url')}.${createHash('sha256').update(json).digest('base64url').slice(0, 16)}`;
  };

  const refused: [string, unknown, string][] = [
    ['a number', 42, 'non-empty string'],
    ['an empty string', '', 'non-empty string'],
    ['a truncated cursor', valid.slice(0, -3), 'malformed or truncated'],
    ['a cursor missing its checksum', payload, 'malformed or truncated'],
    ['a tampered payload', `${flip(payload, 5)}.${check}`, 'checksum mismatch'],
    ['a tampered checksum', `${payload}.${flip(check, 0)}`, 'checksum mismatch'],
    ['a cursor of another connector', encodeCursor('zendesk', { kind: 'page', page: 2, skip: 0 }), 'another connector'],
    ['a cursor of another paging kind', encodeCursor('kickserv', { kind: 'offset', offset: 2 }), 'not a page cursor'],
    ['a negative page', forged({ kind: 'page', page: -1, skip: 0 }), 'malformed position'],
    ['a fractional skip', forged({ kind: 'page', page: 1, skip: 0.5 }), 'malformed position'],
    ['a page size shown as zero', forged({ kind: 'page', page: 1, skip: 0, observed: 0 }), 'malformed position'],
    ['a page size shown as text', forged({ kind: 'page', page: 1, skip: 0, observed: '100' }), 'malformed position'],
    ['garbage', '!!!not a cursor!!!', 'malformed or truncated'],
    ['a huge string', 'A'.repeat(MAX_CURSOR_LENGTH + 1), 'too long'],
  ];

  it.each([
    ['provider cursor', 'token', { kind: 'token', token: 'abc\uD800', skip: 0 }],
    ['provider link', 'link', { kind: 'link', url: 'https://api.example.com/v1/items?after=\uDC00x', skip: 0 }],
  ] as const)('refuses a %s holding a lone surrogate half with InvalidCursorError (it could not be sent as it is)', (_, kind, position) => {
    expect(() => decodeCursor('kickserv', forged(position), kind)).toThrow(expect.objectContaining({ type_name: 'InvalidCursorError', message: expect.stringContaining('not well-formed Unicode') }));
  });

  it('refuses an offset cursor whose skip is not a count', () => {
    const json = JSON.stringify({ v: 1, s: 'kickserv', p: { kind: 'offset', offset: 99, skip: -1 } });
    const cursor = `${Buffer.from(json).toString('base64url')}.${createHash('sha256').update(json).digest('base64url').slice(0, 16)}`;
    expect(() => decodeCursor('kickserv', cursor, 'offset')).toThrow(/malformed position/);
  });

  it.each(refused)('refuses %s with InvalidCursorError', (_, cursor, reason) => {
    let caught: unknown;
    try {
      decodeCursor('kickserv', cursor, 'page');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnifiedError);
    expect((caught as UnifiedError).type_name).toBe('InvalidCursorError');
    expect((caught as UnifiedError).status_code).toBe(400);
    expect((caught as UnifiedError).message).toContain(reason);
  });
});

describe('cursors issued are cursors accepted', () => {
  // The longest trail a walk carries, with the longest counts.
  const trail: WalkTrail = { pages: Number.MAX_SAFE_INTEGER, seen: 'A'.repeat(8 * 32), records: 'B'.repeat(8 * 16), end: 'repeated-next-page' };
  const lengths = [0, 1, 2047, 2048, 2049, 3000, MAX_ADDRESS_LENGTH - 1, MAX_ADDRESS_LENGTH, MAX_ADDRESS_LENGTH + 1, 8000];
  // Characters that cost one, two (a quote), six (a control character) or several (UTF-8, a lone surrogate half) once encoded.
  const alphabets = ['x', '"', '\u0001', 'é', '😀', '\uD800'];
  const addresses = (kind: 'token' | 'link'): PagePosition[] =>
    lengths.flatMap((length) =>
      alphabets.map((letter): PagePosition => {
        const text = letter.repeat(length).slice(0, length);
        return kind === 'token'
          ? { kind: 'token', token: text, skip: Number.MAX_SAFE_INTEGER, size: 100, walk: trail }
          : { kind: 'link', url: `https://api.example.com/v1/items?q=${text}`.slice(0, Math.max(length, 1)), skip: 3, walk: trail };
      }),
    );

  const addressOf = (position: PagePosition) => (position.kind === 'token' ? position.token : position.kind === 'link' ? position.url : '');

  it.each(['token', 'link'] as const)('every %s position either round-trips or is refused as a ConnectorExecutionError when issued', (kind) => {
    let issued = 0;
    let refused = 0;
    for (const position of addresses(kind)) {
      let cursor: string;
      try {
        cursor = encodeCursor('a-rather-long-service-name/with/a/path', position);
      } catch (error) {
        expect(error).toBeInstanceOf(UnifiedError);
        expect((error as UnifiedError).type_name).toBe('ConnectorExecutionError');
        const detail = (error as UnifiedError).detail as { reason?: string };
        // An address that cannot be sent as it is (a lone surrogate half, or half of a pair cut off) is refused whatever its length.
        if (detail.reason === 'ill-formed next page address') expect(isWellFormed(addressOf(position))).toBe(false);
        else expect(detail).toMatchObject({ reason: 'next page address too long', max_address_length: MAX_ADDRESS_LENGTH, max_cursor_length: MAX_CURSOR_LENGTH });
        refused++;
        continue;
      }
      issued++;
      expect(isWellFormed(addressOf(position))).toBe(true);
      expect(cursor.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
      expect(decodeCursor('a-rather-long-service-name/with/a/path', cursor, kind)).toEqual(position);
    }
    expect(issued).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it('an address of URL-safe characters up to the address limit is always issued, with the longest trail', () => {
    for (const length of [2049, MAX_ADDRESS_LENGTH]) {
      const token = 'Az09-._~'.repeat(length).slice(0, length);
      const position: PagePosition = { kind: 'token', token, skip: Number.MAX_SAFE_INTEGER, size: Number.MAX_SAFE_INTEGER, walk: trail };
      expect(decodeCursor('a-rather-long-service-name/with/a/path', encodeCursor('a-rather-long-service-name/with/a/path', position), 'token')).toEqual(position);
      const url = `https://api.example.com/v1/items?after=${token}`.slice(0, length);
      const link: PagePosition = { kind: 'link', url, skip: Number.MAX_SAFE_INTEGER, walk: trail };
      expect(decodeCursor('a-rather-long-service-name/with/a/path', encodeCursor('a-rather-long-service-name/with/a/path', link), 'link')).toEqual(link);
    }
  });

  it('an address past the limit is refused when issued, naming both lengths', () => {
    const token = 'x'.repeat(MAX_ADDRESS_LENGTH + 1);
    expect(() => encodeCursor('svc', { kind: 'token', token, skip: 0 })).toThrow(
      expect.objectContaining({ type_name: 'ConnectorExecutionError', message: expect.stringContaining(`its cursor is ${MAX_ADDRESS_LENGTH + 1} characters (at most ${MAX_ADDRESS_LENGTH})`) }),
    );
  });
});
