/**
 * Property-based tests every generated connector suite runs (fast-check):
 * random provider records never make the read transformer throw and always
 * read as a valid unified record; a random unified customer written for the
 * provider and read back keeps every field the mapping maps both ways,
 * except those the mapping declares lossy.
 */

import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countries } from '../../src/runtime/countries.js';
import type { FieldIssue, ReportIssue } from '../../src/runtime/index.js';
import { allowsNull, assertUnifiedRecord, unifiedSchema } from './unified-schema.js';

export const READ_RUNS = 500;
export const ROUND_TRIP_RUNS = 200;

/**
 * The runs are shared among several fixed seeds, each named in its test's
 * title, so a failure says how to replay it: `PROPERTY_SEED=<seed> npx vitest
 * run generated/<service>` runs that seed alone with all the runs. One seed
 * would let a connector pass by the luck of the values it happens to draw.
 */
export const PROPERTY_SEEDS: readonly number[] = process.env.PROPERTY_SEED ? [Number(process.env.PROPERTY_SEED)] : [20261123, 1, 4242, 987654321];
const perSeed = (runs: number) => Math.ceil(runs / PROPERTY_SEEDS.length);

/** A unified leaf the round trip fills, as the generator describes it from the IR. */
export interface RoundTripLeaf {
  /** Unified path, e.g. `company_name`, `emails[type=primary].email`, `addresses[0].city`. */
  path: string;
  type: 'string' | 'number' | 'integer' | 'boolean';
  /** Values that survive the trip (enum maps: only those written and read back as themselves). */
  values?: readonly (string | number | boolean)[];
  format?: string;
  /** The provider's constraints on the value it is written to. */
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  convert?: string;
  lossy?: string;
  /** The provider requires what it is written to: always given. */
  required?: boolean;
  /**
   * The provider requires the member this is written below (HubSpot's `properties`), which any one value below it
   * makes: of the leaves naming the same member, at least one is given, the others as they come.
   */
  anyOf?: string;
  /** Leaves with the same group are given or left out together (two halves of one provider value). */
  group?: string;
}

/** A unified array mapped element by element (`each`). */
export interface RoundTripArray {
  path: string;
  members: RoundTripLeaf[];
  lossy?: string;
  /** The provider requires the member it is written to: always given, with at least one element. */
  required?: boolean;
}

export interface PropertyTarget {
  service: string;
  read: (record: unknown, report?: ReportIssue) => unknown;
  /** Per write operation: the write transformer and the fields that travel both ways through it. */
  writes: Record<string, { write: (customer: never, issues: FieldIssue[], settings: Readonly<Record<string, string>>) => unknown; leaves: RoundTripLeaf[]; arrays: RoundTripArray[] }>;
  /** Where the written record sits in a record as read (`attributes` for JSON:API providers). */
  writeRoot: readonly string[];
  /**
   * Provider members (paths in a record as read) that the provider assigns when it stores a record and that the
   * read cannot do without (the id a unified record requires): a written record lacks them, so the round trip
   * takes them from the documented record.
   */
  assigned?: readonly string[];
  /** The unified record schema and the API it belongs to (`registerUnifiedApi`), when not the default API's customer. */
  record?: { schema: string; api: string; plural: string };
  /** A documented record of the provider, the seed of random ones. */
  sample: Record<string, unknown>;
  settings: Readonly<Record<string, string>>;
}

interface Segment {
  name: string;
  match?: { key: string; value: string };
  index?: number;
}

function parse(path: string): Segment[] {
  return path.split('.').map((part) => {
    const match = /^([^[]+)\[(?:(\d+)|([^=\]]+)=([^\]]*))\]$/.exec(part);
    if (!match) return { name: part };
    return match[2] !== undefined ? { name: match[1]!, index: Number(match[2]) } : { name: match[1]!, match: { key: match[3]!, value: match[4]! } };
  });
}

/** The value at a path (unified, or a provider member's: selectors pick array elements), or undefined. */
export function valueAt(record: unknown, path: string): unknown {
  let current: unknown = record;
  for (const segment of parse(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment.name];
    if (segment.match) current = Array.isArray(current) ? current.find((e) => e && typeof e === 'object' && (e as Record<string, unknown>)[segment.match!.key] === segment.match!.value) : undefined;
    else if (segment.index !== undefined) current = Array.isArray(current) ? current[segment.index] : undefined;
  }
  return current;
}

/** Sets a value at a path (unified, or a provider member's), creating selected elements (with their selector value) on the way. */
function setAt(record: Record<string, unknown>, path: string, value: unknown): void {
  const segments = parse(path);
  let current: Record<string, unknown> = record;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment.match || segment.index !== undefined) {
      const list = (current[segment.name] ??= []) as Record<string, unknown>[];
      let element = segment.match ? list.find((e) => e[segment.match!.key] === segment.match!.value) : list[segment.index!];
      if (!element) {
        element = segment.match ? { [segment.match.key]: segment.match.value } : {};
        if (segment.index !== undefined) list[segment.index] = element;
        else list.push(element);
      }
      current = element;
      return;
    }
    if (last) current[segment.name] = value;
    else current = (current[segment.name] ??= {}) as Record<string, unknown>;
  });
}

const alpha2 = countries.map((country) => country.alpha2);

/** Values for one leaf that the unified schema and the provider's constraints both accept. */
function leafValue(leaf: RoundTripLeaf): fc.Arbitrary<unknown> {
  if (leaf.values) return fc.constantFrom(...leaf.values);
  if (leaf.convert === 'country-numeric' || leaf.convert === 'country-name') return fc.constantFrom(...alpha2);
  if (leaf.type === 'boolean') return fc.boolean();
  if (leaf.type === 'integer') return fc.integer({ min: -1e6, max: 1e6 });
  if (leaf.type === 'number') return fc.double({ min: -1e6, max: 1e6, noNaN: true });
  if (leaf.convert === 'number-string') return fc.integer({ min: 0, max: 1e9 }).map(String);
  if (leaf.format === 'date-time') return fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
  if (leaf.format === 'email') return fc.emailAddress().filter((email) => email.length <= (leaf.maxLength ?? 254));
  if (leaf.format === 'date') return fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (leaf.format === 'uri') return fc.webUrl().filter((url) => url.length <= (leaf.maxLength ?? 2048));
  if (leaf.format === 'uuid') return fc.uuid();
  const maxLength = Math.min(leaf.maxLength ?? 40, 40);
  const minLength = Math.max(leaf.minLength ?? 1, 1);
  if (leaf.pattern) {
    return fc
      .stringMatching(new RegExp(leaf.pattern, 'u'))
      .filter((s) => [...s].length >= minLength && [...s].length <= maxLength && s.trim() === s && s.trim() !== '');
  }
  // Text the provider keeps as written: no surrounding whitespace, nothing empty.
  return fc.string({ minLength, maxLength, unit: 'grapheme-ascii' }).filter((s) => s.trim() === s && s.trim() !== '');
}

export function customerArbitrary(leaves: readonly RoundTripLeaf[], arrays: readonly RoundTripArray[]): fc.Arbitrary<Record<string, unknown>> {
  // One presence decision per group of leaves, one value per leaf.
  const groups = [...new Set(leaves.map((leaf, i) => leaf.group ?? `#${i}`))];
  const groupOf = (leaf: RoundTripLeaf, i: number) => groups.indexOf(leaf.group ?? `#${i}`);
  // Per required member, the groups any one of which makes it: where none came out present, the first is.
  const makers = new Map<string, number[]>();
  leaves.forEach((leaf, i) => {
    if (leaf.anyOf !== undefined && !makers.get(leaf.anyOf)?.includes(groupOf(leaf, i))) makers.set(leaf.anyOf, [...(makers.get(leaf.anyOf) ?? []), groupOf(leaf, i)]);
  });
  const presence = fc
    .tuple(...groups.map((group) => (leaves.some((leaf, i) => (leaf.group ?? `#${i}`) === group && leaf.required) ? fc.constant(true) : fc.boolean())))
    .map((present) => {
      const out = [...present];
      for (const made of makers.values()) if (!made.some((group) => out[group])) out[made[0]!] = true;
      return out;
    });
  const leafParts = fc.tuple(presence, fc.tuple(...leaves.map(leafValue))).map(([present, values]) => values.map((value, i) => (present[groupOf(leaves[i]!, i)] ? value : undefined)));
  const arrayParts = arrays.map((array) => {
    const elements = fc.array(
      fc.tuple(...array.members.map((member) => leafValue(member))).map((values) => Object.fromEntries(array.members.map((member, i) => [member.path, values[i]]))),
      { minLength: array.required ? 1 : 0, maxLength: 3 },
    );
    return array.required ? elements : fc.option(elements, { nil: undefined, freq: 4 });
  });
  return fc.tuple(leafParts, fc.tuple(...arrayParts)).map(([leafValues, arrayValues]) => {
    const customer: Record<string, unknown> = {};
    leaves.forEach((leaf, i) => {
      if (leafValues[i] !== undefined) setAt(customer, leaf.path, leafValues[i]);
    });
    arrays.forEach((array, i) => {
      if (arrayValues[i] !== undefined) customer[array.path] = arrayValues[i];
    });
    return customer;
  });
}

/** Random provider records: anything at all, and the documented record with members replaced by anything. */
function providerRecord(sample: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(sample);
  // Each member: kept (mostly), replaced by anything, or left out.
  const member = (key: string) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(sample[key]) },
      { weight: 1, arbitrary: fc.anything({ withNullPrototype: true, withObjectString: true }) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
  const mutated = fc.tuple(...keys.map(member)).map((values) => Object.fromEntries(keys.map((key, i) => [key, values[i]] as const).filter(([, v]) => v !== undefined)));
  return fc.oneof(mutated, fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true }), fc.dictionary(fc.string(), fc.anything()));
}

/** The members a unified record requires and does not allow to be null: a record that cannot give one is no record of it. */
function requiredMembers(schemaName = 'CustomerSupportCustomer', api = 'unified'): string[] {
  const record = unifiedSchema({ $ref: `#/definitions/${schemaName}` }, api);
  return (record.required ?? []).filter((name) => !allowsNull(record.properties?.[name] ?? {}, api));
}

/** `expect(actual).toEqual(expected)`, asserted (and its message made) only when the two are not already strictly equal. */
function expectEqual(actual: unknown, expected: unknown, message: () => string): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual, message()).toEqual(expected);
}

export function describeProperties(target: PropertyTarget): void {
  describe(`${target.service}: properties`, () => {
    const required = requiredMembers(target.record?.schema, target.record?.api);
    it.each(PROPERTY_SEEDS)(`${perSeed(READ_RUNS)} random provider records never make the read transformer throw, and read as valid unified records (seed %i)`, (seed) => {
      // The documented record is read, so a read that gives nothing for every record fails here.
      expect(target.read(target.sample), JSON.stringify(target.sample)).toBeDefined();
      fc.assert(
        fc.property(providerRecord(target.sample), (record) => {
          const problems: { field: string; problem: string }[] = [];
          const customer = target.read(record, (field, problem) => problems.push({ field, problem }));
          if (customer === undefined) {
            // A record reads as nothing only when it is not an object, or when it gives no value for a member the
            // unified record requires and does not allow to be null (Card's id): the read reports which, by name.
            const object = record !== null && typeof record === 'object' && !Array.isArray(record);
            if (!object) expect(problems.length).toBeGreaterThan(0);
            else expect(problems.filter(({ field, problem }) => required.includes(field) && /^is required\b/.test(problem)), JSON.stringify(problems)).not.toEqual([]);
            return;
          }
          assertUnifiedRecord(customer, target.record?.schema, target.record?.api);
        }),
        { numRuns: perSeed(READ_RUNS), seed },
      );
    });

    for (const [operation, { write, leaves, arrays }] of Object.entries(target.writes)) {
      if (leaves.length === 0 && arrays.length === 0) continue;
      it.each(PROPERTY_SEEDS)(`${perSeed(ROUND_TRIP_RUNS)} random ${target.record?.plural ?? 'customers'} keep every field mapped both ways through ${operation} and back (seed %i)`, (seed) => {
        let checked = 0;
        fc.assert(
          fc.property(customerArbitrary(leaves, arrays), (customer) => {
            const issues: FieldIssue[] = [];
            const written = write(customer as never, issues, target.settings);
            // Each comparison below is made in plain code first, and asserted (with its message) only where it
            // differs: an expect() per field and run is thousands of calls per suite, for the same verdicts.
            if (issues.length > 0) expect(issues, JSON.stringify(customer)).toEqual([]);
            let provider: unknown = written;
            for (const name of [...target.writeRoot].reverse()) provider = { [name]: provider };
            // As the provider stores it: with the members it assigns (its id), where the written record has none.
            for (const path of target.assigned ?? []) if (valueAt(provider, path) === undefined) setAt(provider as Record<string, unknown>, path, valueAt(target.sample, path));
            const back = target.read(provider);
            if (back === undefined) expect(back, `${JSON.stringify(provider)} read back`).toBeDefined();
            for (const leaf of leaves) {
              const given = valueAt(customer, leaf.path);
              if (given === undefined || leaf.lossy) continue;
              const read = valueAt(back, leaf.path);
              expectEqual(read, given, () => `${leaf.path} of ${JSON.stringify(customer)}`);
              checked++;
            }
            for (const array of arrays) {
              const given = customer[array.path] as Record<string, unknown>[] | undefined;
              if (given === undefined || array.lossy) continue;
              const read = ((back as Record<string, unknown>)[array.path] ?? []) as Record<string, unknown>[];
              if (read.length !== given.length) expect(read).toHaveLength(given.length);
              given.forEach((element, i) => {
                for (const member of array.members) {
                  if (member.lossy || element[member.path] === undefined) continue;
                  expectEqual(read[i]?.[member.path], element[member.path], () => `${array.path}[${i}].${member.path}`);
                }
              });
              checked++;
            }
          }),
          { numRuns: perSeed(ROUND_TRIP_RUNS), seed },
        );
        // The property must have compared something, or it proves nothing.
        expect(checked).toBeGreaterThan(0);
      });
    }
  });
}
