import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, UnifiedError, type PagePosition } from '../../src/runtime/index.js';

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
    ['a huge string', 'A'.repeat(6000), 'too long'],
  ];

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
