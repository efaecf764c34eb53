/**
 * Realistic provider records for the benchmarks, generated deterministically
 * from a seed: each connector's documented record (from its mapping's
 * examples) with every value varied the way real data varies — dates stay
 * dates in the provider's format, emails stay emails, enum members stay
 * members — and text lengthened until a record is 1–2 KB of JSON.
 */

/** A small, fast, seeded generator (mulberry32). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = 'north river street avenue house office lake park hill market station garden bridge tower mill road square court field harbour valley'.split(' ');

function text(random: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += (out ? ' ' : '') + words[Math.floor(random() * words.length)];
  return out.slice(0, Math.max(1, length));
}

const isoWithOffset = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A value like `sample`, varied; `scale` lengthens free text. */
function vary(sample: unknown, random: () => number, scale: number, key: string): unknown {
  if (sample === null) return random() < 0.8 ? null : text(random, 8);
  if (typeof sample === 'number') return Number.isInteger(sample) ? Math.floor(random() * (sample > 1e9 ? 2e9 : 1e7)) : Math.round(random() * 1e6) / 100;
  if (typeof sample === 'boolean') return random() < 0.5;
  if (Array.isArray(sample)) {
    if (sample.length === 0) return [];
    const count = 1 + Math.floor(random() * Math.max(1, sample.length));
    return Array.from({ length: count }, (_, i) => vary(sample[i % sample.length], random, scale, key));
  }
  if (typeof sample === 'object') return Object.fromEntries(Object.entries(sample as Record<string, unknown>).map(([k, v]) => [k, vary(v, random, scale, k)]));
  const value = String(sample);
  const date = isoWithOffset.exec(value);
  if (date) {
    const ms = Date.UTC(2015, 0, 1) + Math.floor(random() * 3e11);
    const iso = new Date(ms).toISOString();
    // Keep the provider's shape: its offset and whether it writes milliseconds.
    const core = date[7] ? iso.slice(0, 23) : iso.slice(0, 19);
    return `${core}${date[8] === 'Z' ? 'Z' : date[8]}`;
  }
  if (value.includes('@')) return `${text(random, 6).replace(/ /g, '.')}${Math.floor(random() * 1000)}@example.com`;
  // Phone numbers stay phone numbers: the same punctuation, other digits.
  if (/^\+?[\d\s().-]{6,}$/.test(value)) return value.replace(/\d/g, () => String(Math.floor(random() * 10)));
  // Short codes (enum members, types, country codes) stay as documented.
  if (value.length <= 12 && !value.includes(' ')) return value;
  return text(random, Math.round(value.length * scale * (0.7 + random() * 0.6)));
}

/** Provider members whose values must come from a known set (countries), by dot path. */
export type ValueHints = ReadonlyMap<string, () => unknown>;

function setAt(record: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current: unknown = record;
  for (let i = 0; i < path.length - 1; i++) {
    current = (current as Record<string, unknown> | undefined)?.[path[i]!];
    if (!current || typeof current !== 'object') return;
  }
  if (current && typeof current === 'object' && path[path.length - 1]! in (current as object)) (current as Record<string, unknown>)[path[path.length - 1]!] = value;
}

/** `count` records like `sample`, each 1–2 KB of JSON; `hints` keep members such as countries realistic. */
export function providerRecords(sample: Record<string, unknown>, count: number, seed = 42, hints: ValueHints = new Map()): Record<string, unknown>[] {
  const size = JSON.stringify(sample).length;
  const scale = Math.max(1, 1500 / size);
  const random = seeded(seed);
  const records: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const record = vary(sample, random, scale, '') as Record<string, unknown>;
    // A provider with a short documented record still answers with more than
    // the mapping reads (custom fields, flags): unmapped members make up 1 KB.
    for (const [path, value] of hints) setAt(record, path.split('.'), value());
    for (let n = 1; JSON.stringify(record).length < 1024; n++) record[`custom_field_${n}`] = text(random, 60 + Math.floor(random() * 60));
    records.push(record);
  }
  return records;
}

/** Realistic values for provider members the mapping converts from a closed set (countries). */
export function hintsFor(fields: readonly { kind: string; convert?: string; provider?: readonly { name: string; selector?: unknown }[]; direction: { read: boolean } }[], countries: readonly { alpha2: string; numeric: number; name: string }[], seed = 5): ValueHints {
  const random = seeded(seed);
  const pick = () => countries[Math.floor(random() * countries.length)]!;
  const hints = new Map<string, () => unknown>();
  for (const field of fields) {
    if (field.kind !== 'scalar' || !field.direction.read || !field.provider || field.provider.some((s) => s.selector)) continue;
    const path = field.provider.map((s) => s.name).join('.');
    if (field.convert === 'country-name') hints.set(path, () => pick().name);
    if (field.convert === 'country-numeric') hints.set(path, () => pick().numeric);
  }
  return hints;
}
