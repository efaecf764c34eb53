/**
 * Ends list walks that would never end. A provider that points again at a
 * page it already sent, answers the same records whatever page it is asked
 * for, serves records past the total it declared, or simply never stops,
 * would otherwise keep a caller (or `iterateAll`) looping and collecting
 * duplicates. Every paging style is checked the same way, on what a walk has
 * read so far: the `WalkTrail` the cursor carries between unified pages.
 */

import { createHash } from 'node:crypto';
import { addressEndError, FINGERPRINT_LENGTH, isAddressEnd, TRAIL_ADDRESSES, TRAIL_RECORDS, type AddressEnd, type PagePosition, type WalkEnd, type WalkTrail } from './cursor.js';
import { UnifiedError } from './errors.js';

/** Provider pages one walk may read unless the caller says otherwise (`maxPagesPerWalk`). */
export const DEFAULT_MAX_PAGES_PER_WALK = 10_000;

function fingerprint(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, FINGERPRINT_LENGTH);
}

function unpack(packed: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < packed.length; i += FINGERPRINT_LENGTH) out.push(packed.slice(i, i + FINGERPRINT_LENGTH));
  return out;
}

/** The provider page a position points at, whatever record of it the unified page starts from. */
export function pageAddress(position: PagePosition): string {
  switch (position.kind) {
    case 'page':
      return `page ${position.page} ${position.size ?? ''}`;
    case 'offset':
      return `offset ${position.offset}`;
    case 'token':
      return `token ${position.token}`;
    case 'link':
      return `link ${position.url}`;
    case 'single':
      return 'single';
  }
}

/** A position starting a provider page not read yet in this walk (not the rest of a page already read). */
export function startsNewPage(position: PagePosition): boolean {
  return (position.skip ?? 0) === 0;
}

export class WalkGuard {
  /** Provider pages requested in this walk (read, or fetched ahead): what the bound counts. */
  pages: number;
  readonly end: WalkEnd | undefined;
  private readonly seen: string[];
  private readonly records: string[];

  constructor(
    trail: WalkTrail | undefined,
    readonly maxPages: number,
  ) {
    this.pages = trail?.pages ?? 0;
    this.seen = unpack(trail?.seen ?? '');
    this.records = unpack(trail?.records ?? '');
    this.end = trail?.end;
  }

  /** Provider pages this walk may still read. */
  get remaining(): number {
    return Math.max(0, this.maxPages - this.pages);
  }

  hasSeen(position: PagePosition): boolean {
    return this.seen.includes(fingerprint(pageAddress(position)));
  }

  /**
   * Records one provider page read at `position`. A new page starting with
   * the first record of a page already read is refused, its records unused.
   */
  read(position: PagePosition, items: readonly unknown[], recordId?: readonly string[]): WalkEnd | undefined {
    const address = fingerprint(pageAddress(position));
    if (!startsNewPage(position)) return undefined;
    if (!this.seen.includes(address)) this.seen.push(address);
    if (items.length > 0) {
      // A page starting with the first record of a page already read repeats it (one hash a page: walks stay fast).
      const first = fingerprint(recordIdentity(items[0], recordId));
      if (this.records.includes(first)) return 'repeated-records';
      this.records.push(first);
    }
    return undefined;
  }

  /** The trail to carry in the next cursor; with `end`, that cursor ends the walk. */
  trail(end?: WalkEnd): WalkTrail {
    return {
      pages: this.pages,
      seen: this.seen.slice(-TRAIL_ADDRESSES).join(''),
      records: this.records.slice(-TRAIL_RECORDS).join(''),
      ...(end ? { end } : {}),
    };
  }
}

/**
 * What makes a record the same record: its id where the mapping says where
 * that is and the record has one; otherwise all of it, members in any order
 * (a provider may write them in another order each time), nesting bounded.
 */
function recordIdentity(record: unknown, recordId: readonly string[] | undefined): string {
  if (recordId && recordId.length > 0) {
    let id: unknown = record;
    for (const name of recordId) id = id !== null && typeof id === 'object' && !Array.isArray(id) ? (id as Record<string, unknown>)[name] : undefined;
    if (typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) return `id ${typeof id} ${id}`;
  }
  return canonical(record, 0);
}

/** JSON with members sorted; past depth 32 a value is written as its kind only, so any nesting is safe to walk. */
function canonical(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (depth >= 32) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item, depth + 1)).join(',')}]`;
  const object = value as Record<string, unknown>;
  return `{${Object.keys(object).sort().map((key) => `${JSON.stringify(key)}:${canonical(object[key], depth + 1)}`).join(',')}}`;
}

const endReasons: Record<Exclude<WalkEnd, AddressEnd>, string> = {
  'repeated-next-page': 'pointed again at a next page it had already sent in this walk',
  'repeated-records': 'answered a page whose records repeat a page already read in this walk',
  'past-declared-total': 'sent records on a page past the total it declared',
  'page-bound': 'kept pointing at more pages',
};

/** The unified error that ends a walk; records returned before it are never repeated. */
export function walkError(end: WalkEnd, pages: number, maxPages: number): UnifiedError {
  if (isAddressEnd(end)) return addressEndError(end);
  const bound = end === 'page-bound' ? ` than one walk may read (maxPagesPerWalk: ${maxPages})` : '';
  const message = `The list was stopped after ${pages} provider pages: the provider ${endReasons[end]}${bound}. Records already returned were not repeated.`;
  return new UnifiedError('ConnectorExecutionError', message, {
    status: 502,
    detail: { reason: end === 'page-bound' ? 'page bound' : 'paging loop', problem: end, pages, max_pages: maxPages },
  });
}
