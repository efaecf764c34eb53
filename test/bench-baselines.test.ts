/**
 * The benchmark's baselines map exactly like the generated transformers:
 * the hand-written transformers (bench/handwritten) on every record, hostile
 * ones included, and the JSONata expressions (bench/jsonata) on well-formed
 * records — every record of the mapping's examples and 2,000 benchmark
 * records (bench/records.ts) per connector.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { toUnifiedCustomer as handIntercom } from '../bench/handwritten/intercom.js';
import { toUnifiedCustomer as handKickserv } from '../bench/handwritten/kickserv.js';
import { toUnifiedCustomer as handKustomer } from '../bench/handwritten/kustomer.js';
import { toUnifiedCustomer as handOmnidesk } from '../bench/handwritten/omnidesk.js';
import { toUnifiedCustomer as handRevnue } from '../bench/handwritten/revnue.js';
import { toUnifiedCustomer as handZendesk } from '../bench/handwritten/zendesk.js';
import { bindings } from '../bench/jsonata/bindings.js';
import { providerRecords, seeded } from '../bench/records.js';
import { toUnifiedCustomer as genIntercom } from '../generated/intercom/transformers.gen.js';
import { toUnifiedCustomer as genKickserv } from '../generated/kickserv/transformers.gen.js';
import { toUnifiedCustomer as genKustomer } from '../generated/kustomer/transformers.gen.js';
import { toUnifiedCustomer as genOmnidesk } from '../generated/omnidesk/transformers.gen.js';
import { toUnifiedCustomer as genRevnue } from '../generated/revnue/transformers.gen.js';
import { toUnifiedCustomer as genZendesk } from '../generated/zendesk/transformers.gen.js';
import type { CustomerSupportCustomer } from '../generated/unified/types.gen.js';
import { propertyPlan } from '../src/emit/connector-test.js';
import type { ConnectorIR, OperationIR } from '../src/ir/model.js';
import { buildIR, defaultLayout } from '../src/ir/index.js';
import { repoRoot } from './support/project.js';

type Transformer = (record: unknown) => CustomerSupportCustomer | undefined;

const transformers: Record<string, { generated: Transformer; handwritten: Transformer }> = {
  intercom: { generated: genIntercom, handwritten: handIntercom },
  kickserv: { generated: genKickserv, handwritten: handKickserv },
  kustomer: { generated: genKustomer, handwritten: handKustomer },
  omnidesk: { generated: genOmnidesk, handwritten: handOmnidesk },
  revnue: { generated: genRevnue, handwritten: handRevnue },
  zendesk: { generated: genZendesk, handwritten: handZendesk },
};

const BENCH_RECORDS = 2000;
const SEED = 42;

const ir = await buildIR(defaultLayout(repoRoot));

function at(value: unknown, names: readonly string[]): unknown {
  return names.reduce<unknown>((current, name) => (current && typeof current === 'object' ? (current as Record<string, unknown>)[name] : undefined), value);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every provider record the mapping's examples answer: list answers' record arrays and get answers' records. */
function exampleRecords(connector: ConnectorIR): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (const operation of connector.operations) {
    if ('unsupported' in operation) continue;
    const op: OperationIR = operation;
    for (const example of connector.examples?.cases ?? []) {
      if (example.operation !== op.id || example.expect.error) continue;
      for (const exchange of example.exchanges) {
        const body = exchange.response.body;
        if (op.unified.kind === 'list') {
          const list = op.recordsPaths.map((p) => at(body, p)).find(Array.isArray);
          if (list) records.push(...list.filter(isRecord));
        } else if (op.unified.kind === 'get' && op.recordPath) {
          const record = at(body, op.recordPath);
          if (isRecord(record)) records.push(record);
        }
      }
    }
  }
  return records;
}

/** Values providers should not send, and some they do: wrong types, empty text, odd dates, names and codes. */
const awkward: unknown[] = [
  null, 0, -0, 1.5, -122.3997, 1e300, Number.NaN, Number.POSITIVE_INFINITY, 1719492777, 840, true, false,
  '', '   ', 'x', 'not an email', 'a@b', 'two@at@signs', ' spaced@example.com', 'Ada  King\tLovelace', ' Cher ', '\u00a0Ada\u2003Lovelace\u00a0',
  '2023-02-30T00:00:00Z', '2020-09-30T07:43:32.5+01:30', '2020-09-30 07:43:32Z', '2020-09-30T07:43:32.000Z', 'yesterday', '1700000000', '040', '840',
  'us', 'GBR', 'United Kingdom', 'the Netherlands', "Côte d'Ivoire", 'Atlantis', 'home', 'work', 'other', 'fax', 'mobile', 'email', 'telephone',
  [], {}, [null, 'x', 3, { type: 'email', value: 'a@b' }], { type: 'home', email: 'a@b', phone: '1' }, { id: 'nested' }, { data: { id: 7 } },
];

/** A copy of `value` with some members (and sometimes the whole) replaced by awkward values or dropped. */
function mutate(value: unknown, random: () => number, depth = 0): unknown {
  const pick = () => awkward[Math.floor(random() * awkward.length)];
  if (depth > 0 && random() < 0.15) return pick();
  if (Array.isArray(value)) {
    const copy = value.map((element) => mutate(element, random, depth + 1));
    if (random() < 0.2) copy.splice(Math.floor(random() * (copy.length + 1)), 0, pick());
    return copy;
  }
  if (isRecord(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (random() < 0.05) continue;
      copy[key] = mutate(member, random, depth + 1);
    }
    return copy;
  }
  return value;
}

const normalise = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

describe.each(Object.keys(transformers))('%s baselines', (service) => {
  const connector = ir.connectors.find((c) => c.service === service);
  if (!connector) throw new Error(`no connector ${service}`);
  const { generated, handwritten } = transformers[service]!;
  const sample = propertyPlan(connector, ir.apis.find((api) => api.connectors.includes(connector))!.unified)?.sample;
  if (!isRecord(sample)) throw new Error(`${service} has no sample record`);
  const examples = exampleRecords(connector);
  const bench = providerRecords(sample, BENCH_RECORDS, SEED);
  // Compiled once: compiling is the expensive part.
  const expression = jsonata(readFileSync(path.join(repoRoot, 'bench/jsonata', `${service}.jsonata`), 'utf8'));
  const variables = bindings(service);

  it('has example records to compare on', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it('hand-written: same output as the generated transformer, key for key', () => {
    const hostile = [null, undefined, 'record', 42, [], [sample], ...Array.from({ length: BENCH_RECORDS }, (_, i) => mutate(i % 2 ? sample : (examples[i % examples.length] ?? sample), seeded(SEED + i)))];
    for (const [index, record] of [...examples, ...bench, ...hostile].entries()) {
      const expected = generated(record);
      const actual = handwritten(record);
      // Compared here first, so the assertion (and its message) is built only for a record that differs.
      // Same key order too, so both build objects of the same shape.
      if (isDeepStrictEqual(actual, expected) && JSON.stringify(actual) === JSON.stringify(expected)) continue;
      expect(actual, `record ${index}: ${JSON.stringify(record)}`).toStrictEqual(expected);
      expect(JSON.stringify(actual), `record ${index}: key order`).toBe(JSON.stringify(expected));
    }
  });

  it('JSONata: same output as the generated transformer on well-formed records', async () => {
    for (const [index, record] of [...examples, ...bench].entries()) {
      const expected = normalise(generated(record));
      const actual = normalise(await expression.evaluate(record, variables));
      // Both are plain JSON after normalising: equal exactly when deeply equal.
      if (isDeepStrictEqual(actual, expected)) continue;
      expect(actual, `record ${index}: ${JSON.stringify(record)}`).toEqual(expected);
    }
  });
});
