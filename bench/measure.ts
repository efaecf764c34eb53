/** Timing helpers shared by the benchmark sections. */

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Keeps results alive so the engine cannot drop the work that made them. */
export const sink = { value: 0 };

export function consume(value: unknown): void {
  if (value && typeof value === 'object') sink.value += Object.keys(value).length;
  else sink.value += 1;
}

export interface Timed {
  name: string;
  /** Median nanoseconds per item over the measured rounds. */
  nsPerItem: number;
  rounds: number[];
}

/**
 * Runs each contender over `items`, `rounds` times after one warm-up pass,
 * interleaving contenders round by round so drift (thermal, GC, other work
 * on the machine) hits all alike. Each round starts with the next contender
 * in turn: in a fixed order the first ran measurably slower than the same
 * code later in the round (a Kustomer transformer 1.14–1.20× its hand-written
 * twin when run first, 1.02–1.04× when run second; 1.03–1.07× either way
 * when the order turns). A contender whose `run` returns a number measured
 * its own part of the work (the mapping of records it parsed first, say):
 * that many nanoseconds are counted instead of the call's wall time.
 */
export async function race(contenders: { name: string; run: (items: number) => void | number | Promise<void | number>; items: number }[], rounds: number): Promise<Timed[]> {
  const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (const contender of contenders) await contender.run(contender.items);
  for (let round = 0; round < rounds; round++) {
    for (let turn = 0; turn < contenders.length; turn++) {
      const contender = contenders[(round + turn) % contenders.length]!;
      const started = process.hrtime.bigint();
      const own = await contender.run(contender.items);
      const ns = typeof own === 'number' ? own : Number(process.hrtime.bigint() - started);
      times.get(contender.name)!.push(ns / contender.items);
    }
  }
  return contenders.map((c) => ({ name: c.name, nsPerItem: median(times.get(c.name)!), rounds: times.get(c.name)! }));
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
