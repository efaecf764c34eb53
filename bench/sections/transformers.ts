/**
 * Section 1: provider → unified over 100,000 realistic records per connector:
 * the generated transformer, a hand-written one of the same mapping,
 * JSON.parse of the same records (the floor: the bytes must be parsed
 * anyway), and a JSONata expression of the same mapping. The transformers
 * map each page of records just after it is parsed, as a connector does;
 * mapped from records parsed at the start instead (a hundred megabytes of
 * old objects), memory latency was most of what was measured.
 */

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import jsonata from 'jsonata';
import { propertyPlan } from '../../src/emit/connector-test.js';
import { buildIR, defaultLayout } from '../../src/ir/index.js';
import type { ConnectorIR, GenerationIR } from '../../src/ir/model.js';
import { consume, race } from '../measure.js';
import { countries } from '../../src/runtime/countries.js';
import { hintsFor, providerRecords } from '../records.js';

export const RECORDS = 100_000;
/** JSONata evaluates asynchronously and ~1000× slower: a slice keeps the section short; ns/record is what is compared. */
export const JSONATA_RECORDS = 3_000;
const ROUNDS = 7;
/** Records per provider page, parsed together and then mapped. */
export const PAGE = 100;

type Transform = (record: unknown) => unknown;

export interface TransformerRow {
  service: string;
  recordBytes: number;
  generated: number;
  handwritten: number | null;
  /** Over records parsed when the section began (out of cache), not page by page. */
  generatedAhead: number;
  handwrittenAhead: number | null;
  jsonParse: number;
  jsonata: number | null;
  /** ns/record of each round (rounds interleaved), for the spread. */
  generatedRounds: number[];
  jsonParseRounds: number[];
}

/** The default API's connectors: the ones the goals, the hand-written baselines and the JSONata expressions are for. */
function measured(ir: GenerationIR): ConnectorIR[] {
  return ir.apis.find((api) => api.unified.folder === '')?.connectors ?? [];
}

export async function measuredServices(root: string): Promise<string[]> {
  return measured(await buildIR(defaultLayout(root))).map((connector) => connector.service);
}

/** The rows of `services` (all measured connectors when absent). */
export async function runTransformers(root: string, services?: readonly string[]): Promise<TransformerRow[]> {
  const ir = await buildIR(defaultLayout(root));
  const rows: TransformerRow[] = [];
  for (const connector of measured(ir).filter((c) => !services || services.includes(c.service))) {
    const sample = propertyPlan(connector, ir.apis.find((api) => api.connectors.includes(connector))!.unified)?.sample as Record<string, unknown> | undefined;
    if (!sample) continue;
    const records = providerRecords(sample, RECORDS, 7, hintsFor(connector.fields, countries)).map((record) => JSON.parse(JSON.stringify(record)) as Record<string, unknown>);
    const texts = records.map((record) => JSON.stringify(record));
    const generated = ((await import(pathToFileURL(path.join(root, 'generated', connector.service, 'transformers.gen.ts')).href)) as Record<string, Transform>).toUnifiedCustomer!;
    const handFile = path.join(root, 'bench/handwritten', `${connector.service}.ts`);
    const handwritten = existsSync(handFile) ? ((await import(pathToFileURL(handFile).href)) as Record<string, Transform>).toUnifiedCustomer! : undefined;
    const expressionFile = path.join(root, 'bench/jsonata', `${connector.service}.jsonata`);
    let expression: ReturnType<typeof jsonata> | undefined;
    let bindings: Record<string, unknown> = {};
    if (existsSync(expressionFile)) {
      expression = jsonata(await readFile(expressionFile, 'utf8'));
      const bindingsModule = path.join(root, 'bench/jsonata/bindings.ts');
      if (existsSync(bindingsModule)) bindings = ((await import(pathToFileURL(bindingsModule).href)) as { bindings(service: string): Record<string, unknown> }).bindings(connector.service);
    }
    // As a connector maps them: a provider page is parsed, then its records are mapped while they are fresh.
    // Only the mapping is timed; the parsing is the JSON.parse contender's.
    const paged = (transform: Transform) => (count: number) => {
      let mapping = 0n;
      const page: unknown[] = new Array(PAGE);
      for (let start = 0; start < count; start += PAGE) {
        const size = Math.min(PAGE, count - start);
        for (let i = 0; i < size; i++) page[i] = JSON.parse(texts[start + i]!);
        const started = process.hrtime.bigint();
        for (let i = 0; i < size; i++) consume(transform(page[i]));
        mapping += process.hrtime.bigint() - started;
      }
      return Number(mapping);
    };
    // The records parsed when the section began, long since moved to the old generation: no connector maps records
    // that way, but it is how this bench measured before, and it shows what memory latency adds (no goal).
    const ahead = (transform: Transform) => (count: number) => {
      for (let i = 0; i < count; i++) consume(transform(records[i]));
    };
    const contenders = [
      { name: 'generated', run: paged(generated), items: RECORDS },
      ...(handwritten ? [{ name: 'handwritten', run: paged(handwritten), items: RECORDS }] : []),
      { name: 'generatedAhead', run: ahead(generated), items: RECORDS },
      ...(handwritten ? [{ name: 'handwrittenAhead', run: ahead(handwritten), items: RECORDS }] : []),
      {
        name: 'jsonParse',
        run: (count: number) => {
          for (let i = 0; i < count; i++) consume(JSON.parse(texts[i]!));
        },
        items: RECORDS,
      },
      ...(expression
        ? [
            {
              name: 'jsonata',
              run: async (count: number) => {
                for (let i = 0; i < count; i++) consume(await expression.evaluate(records[i], bindings));
              },
              items: JSONATA_RECORDS,
            },
          ]
        : []),
    ];
    const timed = await race(contenders, ROUNDS);
    const of = (name: string) => timed.find((t) => t.name === name)?.nsPerItem ?? null;
    rows.push({
      service: connector.service,
      recordBytes: Math.round(texts.reduce((sum, text) => sum + text.length, 0) / texts.length),
      generated: of('generated')!,
      handwritten: of('handwritten'),
      generatedAhead: of('generatedAhead')!,
      handwrittenAhead: of('handwrittenAhead'),
      jsonParse: of('jsonParse')!,
      jsonata: of('jsonata'),
      generatedRounds: timed.find((t) => t.name === 'generated')!.rounds,
      jsonParseRounds: timed.find((t) => t.name === 'jsonParse')!.rounds,
    });
  }
  return rows;
}
