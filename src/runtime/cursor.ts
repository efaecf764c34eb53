/**
 * Opaque unified cursors. A cursor carries where the next unified page
 * starts in the provider's own paging (page number, offset, provider cursor
 * or next link, plus how many records of that provider page were already
 * returned), and the trail of the walk so far (see `WalkTrail`). It is
 * versioned, bound to one service and checksummed, so a
 * tampered, truncated or foreign cursor is refused with `InvalidCursorError`
 * before any request is made.
 */

import { createHash } from 'node:crypto';
import { UnifiedError } from './errors.js';
import { isObject } from './objects.js';

const VERSION = 1;
// Room for the longest link (MAX_TOKEN_LENGTH) with the walk trail, once Base64-encoded.
const MAX_CURSOR_LENGTH = 5120;
const MAX_TOKEN_LENGTH = 2048;

/**
 * What a walk has seen so far, carried from one unified page to the next in
 * the cursor itself (the caller drives the walk, so there is nowhere else to
 * keep it): how many provider pages were read, short fingerprints of the last
 * page addresses and of the last pages' first records, and — once the provider is
 * caught going round in circles — why the walk ends, so the next call
 * answers that error without a request.
 */
export interface WalkTrail {
  pages: number;
  /** Fingerprints of page addresses read (page number, offset, provider cursor or link), oldest first, packed. */
  seen: string;
  /** Fingerprints of the first record of each page read, oldest first, packed. */
  records: string;
  end?: WalkEnd;
}

export const walkEnds = ['repeated-next-page', 'repeated-records', 'past-declared-total', 'page-bound'] as const;
export type WalkEnd = (typeof walkEnds)[number];

/** Length of one fingerprint in a trail (48 bits, base64url). */
export const FINGERPRINT_LENGTH = 8;
/** Fingerprints a trail keeps: a loop longer than this is still ended by the page bound. */
export const TRAIL_ADDRESSES = 32;
export const TRAIL_RECORDS = 16;

export type PagePosition = (
  /** `observed`: records a page held when the provider picks the size (plans the requests sent together). */
  | { kind: 'page'; page: number; size?: number; skip: number; observed?: number }
  /** `skip`: records of the page at `offset` already returned (absent in older cursors: none). */
  | { kind: 'offset'; offset: number; size?: number; skip?: number }
  | { kind: 'token'; token: string; size?: number; skip: number }
  | { kind: 'link'; url: string; skip: number }
  | { kind: 'single'; skip: number }
) & { walk?: WalkTrail };

export type PositionKind = PagePosition['kind'];

function checksum(payload: string): string {
  return createHash('sha256').update(payload).digest('base64url').slice(0, 16);
}

export function encodeCursor(service: string, position: PagePosition): string {
  const payload = JSON.stringify({ v: VERSION, s: service, p: position });
  return `${Buffer.from(payload, 'utf8').toString('base64url')}.${checksum(payload)}`;
}

function invalid(reason: string): UnifiedError {
  return new UnifiedError('InvalidCursorError', `Invalid cursor: ${reason}`, {
    detail: { reason, hint: 'Use a cursor from meta.cursors of a response of the same connector.' },
  });
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

export function decodeCursor(service: string, cursor: unknown, expected: PositionKind): PagePosition {
  if (typeof cursor !== 'string' || cursor.length === 0) throw invalid('a cursor is a non-empty string');
  if (cursor.length > MAX_CURSOR_LENGTH) throw invalid('too long');
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{16})$/.exec(cursor);
  if (!match) throw invalid('malformed or truncated');
  const payload = Buffer.from(match[1]!, 'base64url').toString('utf8');
  if (checksum(payload) !== match[2]) throw invalid('checksum mismatch (tampered or truncated)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    throw invalid('malformed');
  }
  if (!isObject(parsed) || parsed.v !== VERSION) throw invalid('unsupported cursor version');
  if (parsed.s !== service) throw invalid(`issued by another connector, not ${service}`);
  const position = parsed.p;
  if (!isObject(position) || position.kind !== expected) throw invalid(`not a ${expected} cursor`);
  const sizeOk = position.size === undefined || (isCount(position.size) && position.size > 0);
  const walk = walkTrailOf(position.walk);
  const decoded = (found: PagePosition): PagePosition => (walk ? { ...found, walk } : found);
  switch (expected) {
    case 'page':
      if (isCount(position.page) && isCount(position.skip) && sizeOk && (position.observed === undefined || (isCount(position.observed) && position.observed > 0))) {
        return decoded({ kind: 'page', page: position.page, skip: position.skip, ...(position.size ? { size: position.size as number } : {}), ...(position.observed ? { observed: position.observed as number } : {}) });
      }
      break;
    case 'offset':
      if (isCount(position.offset) && sizeOk && (position.skip === undefined || isCount(position.skip))) {
        return decoded({ kind: 'offset', offset: position.offset, ...(position.size ? { size: position.size as number } : {}), ...(position.skip ? { skip: position.skip as number } : {}) });
      }
      break;
    case 'token':
      // An empty token is the first page (resumed part-way through).
      if (typeof position.token === 'string' && position.token.length <= MAX_TOKEN_LENGTH && isCount(position.skip) && sizeOk) {
        return decoded({ kind: 'token', token: position.token, skip: position.skip, ...(position.size ? { size: position.size as number } : {}) });
      }
      break;
    case 'link':
      if (typeof position.url === 'string' && position.url.length <= MAX_TOKEN_LENGTH && isCount(position.skip)) {
        return decoded({ kind: 'link', url: position.url, skip: position.skip });
      }
      break;
    case 'single':
      if (isCount(position.skip)) return decoded({ kind: 'single', skip: position.skip });
      break;
  }
  throw invalid('malformed position');
}

const packed = (value: unknown, most: number): value is string =>
  typeof value === 'string' && value.length % FINGERPRINT_LENGTH === 0 && value.length <= most * FINGERPRINT_LENGTH && /^[A-Za-z0-9_-]*$/.test(value);

/** A cursor's walk trail, refused when malformed (a cursor of an older version has none). */
function walkTrailOf(value: unknown): WalkTrail | undefined {
  if (value === undefined) return undefined;
  if (isObject(value) && isCount(value.pages) && packed(value.seen, TRAIL_ADDRESSES) && packed(value.records, TRAIL_RECORDS)) {
    if (value.end === undefined) return { pages: value.pages, seen: value.seen, records: value.records };
    if ((walkEnds as readonly unknown[]).includes(value.end)) return { pages: value.pages, seen: value.seen, records: value.records, end: value.end as WalkEnd };
  }
  throw invalid('malformed walk trail');
}
