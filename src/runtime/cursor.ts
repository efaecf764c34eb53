/**
 * Opaque unified cursors. A cursor carries where the next unified page
 * starts in the provider's own paging (page number, offset, provider cursor
 * or next link, plus how many records of that provider page were already
 * returned), and the trail of the walk so far (see `WalkTrail`). It is
 * versioned, bound to one service and checksummed, so a
 * tampered, truncated or foreign cursor is refused with `InvalidCursorError`
 * before any request is made.
 *
 * Issuing and accepting run the same checks (`readCursor`): a cursor the
 * connector cannot accept back is never handed out. When a provider's next
 * page address is too long to carry, or cannot be sent back as it was given
 * (ill-formed Unicode), the list call fails with a `ConnectorExecutionError`
 * saying so, instead of answering a cursor the next call would refuse as the
 * caller's fault.
 */

import { createHash } from 'node:crypto';
import { UnifiedError } from './errors.js';
import { isObject } from './objects.js';
import { isWellFormed } from './request.js';

const VERSION = 1;
/**
 * The longest cursor issued or accepted. Callers carry cursors in URLs (the
 * unified `links.next` holds one as `?cursor=`), and the usual request-line
 * limits are about 8 KB (nginx's 8k header buffers, Apache's 8190-byte
 * LimitRequestLine, most proxies and CDNs): 7 KB leaves 1 KB for the rest
 * of the URL. Bounding it also bounds what a caller can make us decode.
 */
export const MAX_CURSOR_LENGTH = 7168;
/**
 * The longest provider address (provider cursor or next link) a cursor
 * carries. Real providers' opaque cursors and next links run to a few hundred
 * characters, some (search-after keys, encrypted page tokens) to one or two
 * thousand; 4096 leaves room for those, and an address this long in
 * URL-safe characters still fits MAX_CURSOR_LENGTH with a full walk trail once
 * Base64-encoded (about 6.3 KB). One that JSON-escapes or UTF-8-encodes
 * longer (quotes, control or non-ASCII characters) may not: the length of
 * the encoded cursor is checked as well, when issued as when accepted.
 */
export const MAX_ADDRESS_LENGTH = 4096;

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

/**
 * The provider's next page address cannot be followed (another origin, a user
 * name or password in it) or carried in a cursor (ill-formed, too long), or
 * the provider says more records follow and gives no address to reach them
 * (none, an empty one, or a value of another kind than a cursor or link).
 */
export const addressEnds = ['foreign-next-link', 'ill-formed-next-cursor', 'ill-formed-next-link', 'next-address-too-long', 'next-link-with-credentials', 'no-next-address'] as const;
export type AddressEnd = (typeof addressEnds)[number];

/**
 * Why a walk ended: the provider went round in circles, or its next page
 * address is unusable. Either way the records of the page that met it are
 * answered, and the next call fails with the reason, before any request.
 */
export const walkEnds = ['repeated-next-page', 'repeated-records', 'past-declared-total', 'page-bound', ...addressEnds] as const;
export type WalkEnd = (typeof walkEnds)[number];

export function isAddressEnd(end: WalkEnd): end is AddressEnd {
  return (addressEnds as readonly string[]).includes(end);
}

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

/**
 * The cursor for `position`. It is checked as it will be when it comes back
 * (the very same `readCursor`), so the two can never drift apart: one that
 * would be refused fails here, as the connector's failure, not later as the
 * caller's. A provider address too long to carry is a `ConnectorExecutionError`
 * naming the lengths.
 */
export function encodeCursor(service: string, position: PagePosition): string {
  return checkedCursor(service, position, cursorText(service, position));
}

function cursorText(service: string, position: PagePosition): string {
  const payload = JSON.stringify({ v: VERSION, s: service, p: position });
  return `${Buffer.from(payload, 'utf8').toString('base64url')}.${checksum(payload)}`;
}

function checkedCursor(service: string, position: PagePosition, cursor: string): string {
  try {
    readCursor(service, cursor, position.kind);
  } catch (error) {
    if (error instanceof Refusal) throw unissuable(position, cursor, error.reason);
    throw error;
  }
  return cursor;
}

/**
 * The cursor a list answers for its next page. When the provider's next
 * address cannot be carried and this page answered records, the cursor ends
 * the walk instead: the records are not lost, and the next call fails with
 * the reason, before any request (as a walk going round in circles does).
 */
export function nextPageCursor(service: string, position: PagePosition, answered: boolean): string {
  const cursor = cursorText(service, position);
  let end: AddressEnd | undefined;
  try {
    return checkedCursor(service, position, cursor);
  } catch (error) {
    // Only a refusal of the provider's address (not one of ours) ends the walk in its place.
    end = answered ? unissuableEnd(position, cursor) : undefined;
    if (end === undefined) throw error;
  }
  const trail = position.walk ?? { pages: 0, seen: '', records: '' };
  const ended: PagePosition = position.kind === 'token' ? { kind: 'token', token: '', skip: 0, walk: { ...trail, end } } : { kind: 'link', url: '', skip: 0, walk: { ...trail, end } };
  return encodeCursor(service, ended);
}

/** The position a cursor holds; a cursor this connector would not have issued is an `InvalidCursorError`. */
export function decodeCursor(service: string, cursor: unknown, expected: PositionKind): PagePosition {
  try {
    return readCursor(service, cursor, expected);
  } catch (error) {
    if (error instanceof Refusal) throw invalid(error.reason);
    throw error;
  }
}

/** Why `readCursor` refuses a cursor: whose fault it is depends on who made it (see encodeCursor and decodeCursor). */
class Refusal {
  constructor(readonly reason: string) {}
}

const refuse = (reason: string): Refusal => new Refusal(reason);

function invalid(reason: string): UnifiedError {
  return new UnifiedError('InvalidCursorError', `Invalid cursor: ${reason}`, {
    detail: { reason, hint: 'Use a cursor from meta.cursors of a response of the same connector.' },
  });
}

/**
 * A provider's next page address that cannot be sent back as it was given: a
 * lone surrogate half (or, in a header, bytes that are not UTF-8) would go out
 * as U+FFFD, asking the provider for another page than the one it pointed at.
 */
export function illFormedAddress(what: 'cursor' | 'link'): UnifiedError {
  return new UnifiedError(
    'ConnectorExecutionError',
    `The provider's next page address cannot be sent back as it was given: its ${what} is not well-formed Unicode (a lone surrogate half, or bytes that are not UTF-8); the list cannot be walked past this page`,
    { status: 502, detail: { reason: 'ill-formed next page address', address: what } },
  );
}

/** A next-page link to another origin: following it would send the connection's credentials there. */
export function foreignNextLink(): UnifiedError {
  return new UnifiedError('ConnectorExecutionError', 'The provider sent a next-page link to another origin; it was not followed', {
    status: 502,
    detail: { reason: 'foreign next link' },
  });
}

/** The provider's next page address is too long to carry in a cursor; `measured` when known (on the call that met it). */
function addressTooLong(measured?: { what: 'cursor' | 'link'; address: number; cursor: number }): UnifiedError {
  const why = measured
    ? `: its ${measured.what} is ${measured.address} characters (at most ${MAX_ADDRESS_LENGTH}), making a cursor of ${measured.cursor} characters (at most ${MAX_CURSOR_LENGTH})`
    : ` (at most ${MAX_ADDRESS_LENGTH} characters, and ${MAX_CURSOR_LENGTH} once in a cursor)`;
  return new UnifiedError('ConnectorExecutionError', `The provider's next page address is too long to carry in a cursor${why}; the list cannot be walked past this page`, {
    status: 502,
    detail: {
      reason: 'next page address too long',
      ...(measured ? { address_length: measured.address } : {}),
      max_address_length: MAX_ADDRESS_LENGTH,
      ...(measured ? { cursor_length: measured.cursor } : {}),
      max_cursor_length: MAX_CURSOR_LENGTH,
    },
  });
}

/** The error a walk ended by an unusable next page address answers, on the call after the page that met it. */
export function addressEndError(end: AddressEnd): UnifiedError {
  switch (end) {
    case 'foreign-next-link':
      return foreignNextLink();
    case 'ill-formed-next-cursor':
      return illFormedAddress('cursor');
    case 'ill-formed-next-link':
      return illFormedAddress('link');
    case 'next-address-too-long':
      return addressTooLong();
    case 'next-link-with-credentials':
      return new UnifiedError('ConnectorExecutionError', "The provider's next-page link holds a user name or password; it was not followed, nor handed out in a cursor", {
        status: 502,
        detail: { reason: 'next link with credentials' },
      });
    case 'no-next-address':
      return new UnifiedError('ConnectorExecutionError', 'The provider said more records follow but gave no next page address that can be followed (none, an empty one, or a value that is no cursor or link); the list cannot be walked past this page', {
        status: 502,
        detail: { reason: 'no next page address' },
      });
  }
}

/** Thrown while reading a page's next address that cannot be used; the page's records are still answered (see collectPage). */
export class UnusableAddress extends Error {
  constructor(readonly end: AddressEnd) {
    super(end);
  }
}

/** A cursor that could not be issued: the provider's next page address is too long to carry or ill-formed (or, were it ever so, a malformed position of ours). */
function unissuable(position: PagePosition, cursor: string, reason: string): UnifiedError {
  const end = unissuableEnd(position, cursor);
  if (end === 'next-address-too-long') return addressTooLong({ what: position.kind === 'token' ? 'cursor' : 'link', address: addressOf(position)!.length, cursor: cursor.length });
  if (end !== undefined) return addressEndError(end);
  return new UnifiedError('ConnectorExecutionError', `A cursor for the next page could not be issued: ${reason}`, { status: 500, detail: { reason: 'cursor not issuable', refusal: reason } });
}

function addressOf(position: PagePosition): string | undefined {
  return position.kind === 'token' ? position.token : position.kind === 'link' ? position.url : undefined;
}

/** Why the provider's address in `position` cannot be carried in `cursor`, if that is why it was refused. */
function unissuableEnd(position: PagePosition, cursor: string): AddressEnd | undefined {
  const address = addressOf(position);
  if (address === undefined) return undefined;
  if (address.length > MAX_ADDRESS_LENGTH || cursor.length > MAX_CURSOR_LENGTH) return 'next-address-too-long';
  if (!isWellFormed(address)) return position.kind === 'token' ? 'ill-formed-next-cursor' : 'ill-formed-next-link';
  return undefined;
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** Why a provider address cannot be carried in a cursor, if it cannot: too long, or not sendable as it is. */
function addressProblem(address: string, what: 'cursor' | 'link'): string | undefined {
  if (address.length > MAX_ADDRESS_LENGTH) return `provider ${what} too long (at most ${MAX_ADDRESS_LENGTH} characters)`;
  if (!isWellFormed(address)) return `provider ${what} not well-formed Unicode (a lone surrogate half)`;
  return undefined;
}

/** The checks a cursor passes, issued or accepted; throws a `Refusal`. */
function readCursor(service: string, cursor: unknown, expected: PositionKind): PagePosition {
  if (typeof cursor !== 'string' || cursor.length === 0) throw refuse('a cursor is a non-empty string');
  if (cursor.length > MAX_CURSOR_LENGTH) throw refuse(`too long (${cursor.length} characters, at most ${MAX_CURSOR_LENGTH})`);
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{16})$/.exec(cursor);
  if (!match) throw refuse('malformed or truncated');
  const payload = Buffer.from(match[1]!, 'base64url').toString('utf8');
  if (checksum(payload) !== match[2]) throw refuse('checksum mismatch (tampered or truncated)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    throw refuse('malformed');
  }
  if (!isObject(parsed) || parsed.v !== VERSION) throw refuse('unsupported cursor version');
  if (parsed.s !== service) throw refuse(`issued by another connector, not ${service}`);
  const position = parsed.p;
  if (!isObject(position) || position.kind !== expected) throw refuse(`not a ${expected} cursor`);
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
    case 'token': {
      // An empty token is the first page (resumed part-way through).
      const problem = typeof position.token === 'string' ? addressProblem(position.token, 'cursor') : 'malformed position';
      if (problem) throw refuse(problem);
      if (isCount(position.skip) && sizeOk) {
        return decoded({ kind: 'token', token: position.token as string, skip: position.skip, ...(position.size ? { size: position.size as number } : {}) });
      }
      break;
    }
    case 'link': {
      const problem = typeof position.url === 'string' ? addressProblem(position.url, 'link') : 'malformed position';
      if (problem) throw refuse(problem);
      if (isCount(position.skip)) return decoded({ kind: 'link', url: position.url as string, skip: position.skip });
      break;
    }
    case 'single':
      if (isCount(position.skip)) return decoded({ kind: 'single', skip: position.skip });
      break;
  }
  throw refuse('malformed position');
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
  throw refuse('malformed walk trail');
}
