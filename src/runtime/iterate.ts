/**
 * Every record of a list, one unified page at a time, as an async iterator:
 * records stream through instead of piling up. With `prefetch` the walk runs
 * ahead of the caller: the next unified page is requested as soon as the one
 * before it has arrived, while the caller still works on earlier records, so
 * that a page is ready when asked for — at most `prefetch` pages ahead
 * (`true`: one), so memory stays bounded. A caller that stops early cancels
 * what is still in flight.
 */

import { readParams } from './input.js';

export interface ListPage<T> {
  data: T[];
  meta?: { cursors?: { next?: string | null } };
}

export interface IterateOptions {
  /** Unified pages requested ahead of the one the caller is on (`true`: 1; default none). */
  prefetch?: boolean | number;
}

function depthOf(prefetch: IterateOptions['prefetch']): number {
  if (prefetch === true) return 1;
  return typeof prefetch === 'number' && Number.isSafeInteger(prefetch) && prefetch > 0 ? prefetch : 0;
}

export async function* iterateAll<T, P extends { cursor?: string | null }>(
  list: (params?: P) => Promise<ListPage<T>>,
  given: NoInfer<P>,
  options: IterateOptions = {},
): AsyncGenerator<T, void, undefined> {
  const depth = depthOf(options.prefetch);
  // Read once, as the list reads its own: a member that throws when read is a RequestValidationError naming it, not a raw error out of the walk.
  const params = readParams(given);
  // Aborted when the caller stops early: requests still in flight are cancelled, their sockets freed.
  const stopped = new AbortController();
  const callerSignal = (params as { signal?: AbortSignal }).signal;
  const signal = callerSignal ? AbortSignal.any([callerSignal, stopped.signal]) : stopped.signal;
  // Unified pages requested and not yet handed to the caller, in order; the last may still be on its way.
  const pages: Promise<ListPage<T>>[] = [];
  let next: string | null = params.cursor ?? null;
  let first = true;
  let requesting = false;
  let failed = false;
  // Each unified page's cursor comes in the one before it, so one request at a time, each sent as soon as the last arrives.
  const fill = (room: number) => {
    if (requesting || failed || stopped.signal.aborted || pages.length >= room || (next === null && !first)) return;
    first = false;
    requesting = true;
    const page = list({ ...params, cursor: next, signal } as P);
    pages.push(page);
    page.then(
      (answered) => {
        requesting = false;
        next = answered.meta?.cursors?.next ?? null;
        fill(depth);
      },
      () => {
        requesting = false;
        failed = true;
      },
    );
    // Its failure is the caller's when it reaches that page (the promise is awaited then); not before.
    page.catch(() => undefined);
  };
  let finished = false;
  try {
    fill(1);
    while (pages.length > 0) {
      const page = await pages.shift()!;
      // The caller is on this page now: room for `depth` more behind it.
      fill(depth);
      for (const record of page.data) yield record;
      fill(1);
    }
    finished = true;
  } finally {
    if (!finished) stopped.abort();
  }
}
