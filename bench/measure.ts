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
 * interleaving contenders round by round so drift (thermal, GC) hits all alike.
 */
export async function race(contenders: { name: string; run: (items: number) => void | Promise<void>; items: number }[], rounds: number): Promise<Timed[]> {
  const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (const contender of contenders) await contender.run(contender.items);
  for (let round = 0; round < rounds; round++) {
    for (const contender of contenders) {
      const started = process.hrtime.bigint();
      await contender.run(contender.items);
      times.get(contender.name)!.push(Number(process.hrtime.bigint() - started) / contender.items);
    }
  }
  return contenders.map((c) => ({ name: c.name, nsPerItem: median(times.get(c.name)!), rounds: times.get(c.name)! }));
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
