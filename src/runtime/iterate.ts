/**
 * Every record of a list, one unified page at a time, as an async iterator:
 * records stream through instead of piling up, and with `prefetch` the next
 * page is requested while the caller works through the current one.
 */

export interface ListPage<T> {
  data: T[];
  meta?: { cursors?: { next?: string | null } };
}

export async function* iterateAll<T, P extends { cursor?: string | null }>(
  list: (params?: P) => Promise<ListPage<T>>,
  params: NoInfer<P>,
  options: { prefetch?: boolean } = {},
): AsyncGenerator<T, void, undefined> {
  let pending: Promise<ListPage<T>> | undefined = list({ ...params, cursor: params.cursor ?? null });
  try {
    while (pending) {
      const page: ListPage<T> = await pending;
      const next = page.meta?.cursors?.next ?? null;
      pending = undefined;
      // Ask for the next page before handing out this one's records.
      if (next !== null && options.prefetch) pending = list({ ...params, cursor: next });
      for (const record of page.data) yield record;
      if (next !== null && !options.prefetch) pending = list({ ...params, cursor: next });
    }
  } finally {
    // A caller that stops early leaves a prefetched page behind: its failure is nobody's to see.
    pending?.catch(() => undefined);
  }
}
