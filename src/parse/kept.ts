/**
 * What a process keeps of the inputs it has read and checked, so an
 * unchanged one is not read again: a `--watch` session regenerates after
 * every edit, and a test run generates a few hundred projects.
 *
 * Kept in two parts, each the most recently used last. An input read once
 * waits in the first; one asked for again moves to the second, and only
 * inputs asked for again can push it out of there. So inputs read a single
 * time (every edit of a document being worked on, each broken copy a test
 * makes) come and go among themselves and never push out the documents read
 * over and over. With one list of sixteen, a test run's broken copies pushed
 * Intercom's 916 KB document out of each worker nine times, and the unified
 * spec seven.
 */
export class KeptInputs<T> {
  /** Read once, not asked for since. */
  private readonly once: T[] = [];
  /** Asked for again since it was read. */
  private readonly again: T[] = [];

  /** `capacity` of each part. */
  constructor(private readonly capacity: number) {}

  /** The kept input `matches` picks, now the most recently used; undefined when none is kept. */
  find(matches: (entry: T) => boolean): T | undefined {
    let at = this.again.findIndex(matches);
    if (at >= 0) {
      const [entry] = this.again.splice(at, 1);
      this.again.push(entry!);
      return entry;
    }
    at = this.once.findIndex(matches);
    if (at < 0) return undefined;
    const [entry] = this.once.splice(at, 1);
    this.again.push(entry!);
    // The one asked for again the longest ago goes back to wait among the inputs read once.
    if (this.again.length > this.capacity) this.keepOnce(this.again.shift()!);
    return entry;
  }

  /** Keeps an input just read. */
  add(entry: T): void {
    this.keepOnce(entry);
  }

  /** How many inputs are kept (for tests). */
  get size(): number {
    return this.once.length + this.again.length;
  }

  private keepOnce(entry: T): void {
    this.once.push(entry);
    if (this.once.length > this.capacity) this.once.shift();
  }
}
