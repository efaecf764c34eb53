/**
 * The README's figures are what the tests run. The Reliability table says how
 * many cases each unit (an operation, a connector…) gets; every row is
 * recomputed here from the fault matrix, the property tests and every
 * connector's plan, so a new provider changes no line of it. The list of
 * connectors is generated (generated/CONNECTORS.md), never kept by hand.
 * A mismatch names the README line to change and what it should read.
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceIds } from '../generated/index.gen.js';
import { faultPlan, propertyPlan } from '../src/emit/connector-test.js';
import { buildIR, defaultLayout } from '../src/ir/index.js';
import type { ConnectorIR, UnifiedIR } from '../src/ir/model.js';
import { BAD_LIMITS, FAULTS, HOSTILE_IDS, REFUSED_IDS, UNREADABLE_INPUTS } from './support/fault-matrix.js';
import { CONTROL_CHARACTERS, ECHO_FORMS, TEXT_CUTS } from './support/fault-secrets.js';
import { OVERSIZED_PAGES, walkFaultsFor, WALK_DRIVERS, WALK_FAULTS } from './support/fault-walks.js';
import { NOT_RECORDS } from './support/fault-writes.js';
import { READ_RUNS, ROUND_TRIP_RUNS } from './support/properties.js';
import { repoRoot } from './support/project.js';

/** Cursor cases and per-operation extras the fault matrix adds, as written in it. */
const CURSOR_CASES = 4;
const EXTRAS_PER_OPERATION = 3; // refused connection, caller abort, echoed credentials
const LOOKUP_FAULTS = 3; // a create's follow-up lookup: 404 throughout, 500 throughout, 404 then found
const RAW_MULTI_PAGE = 1; // a unified page spanning several provider pages

interface Row {
  /** The row's first cell, which finds it in the README. */
  what: string;
  perUnit: number;
  unit: string;
  /** How many cases a connector's plan has, and how many units it has: they must agree with perUnit. */
  count: (connector: ConnectorIR, unified: UnifiedIR) => { cases: number; units: number };
}

const documented = (connector: ConnectorIR) => Object.values(faultPlan(connector)?.operations ?? {});
const idOf = (o: { input?: unknown; idParam?: string }) => (o.input && typeof o.input === 'object' ? (o.input as Record<string, unknown>)[o.idParam ?? 'id'] : undefined);
const withId = (connector: ConnectorIR) => documented(connector).filter((o) => idOf(o) !== undefined).length;

const rows: Row[] = [
  { what: `Provider faults (${FAULTS.length} kinds)`, perUnit: FAULTS.length, unit: 'operation', count: (c) => ({ cases: documented(c).length * FAULTS.length, units: documented(c).length }) },
  { what: 'Refused connection, caller abort and echoed credentials', perUnit: EXTRAS_PER_OPERATION, unit: 'operation', count: (c) => ({ cases: documented(c).length * EXTRAS_PER_OPERATION, units: documented(c).length }) },
  { what: 'Random provider records read', perUnit: READ_RUNS, unit: 'connector', count: (c, unified) => ({ cases: propertyPlan(c, unified) ? READ_RUNS : 0, units: 1 }) },
  {
    what: 'Random customers written and read back',
    perUnit: ROUND_TRIP_RUNS,
    unit: 'write operation',
    count: (c, unified) => {
      const writes = c.operations.filter((o) => !('unsupported' in o) && (o.unified.kind === 'create' || o.unified.kind === 'update')).length;
      const planned = propertyPlan(c, unified);
      return { cases: (planned ? Object.keys(planned.writes).length : 0) * ROUND_TRIP_RUNS, units: writes };
    },
  },
  { what: `Hostile ids (${HOSTILE_IDS.length} kept one path segment, ${REFUSED_IDS.length} refused)`, perUnit: HOSTILE_IDS.length + REFUSED_IDS.length, unit: 'operation with an id', count: (c) => ({ cases: withId(c) * (HOSTILE_IDS.length + REFUSED_IDS.length), units: withId(c) }) },
  { what: 'Invalid limits and cursors refused before any request', perUnit: BAD_LIMITS.length + CURSOR_CASES, unit: 'list operation', count: (c) => ({ cases: faultPlan(c)?.operations.customersAll ? BAD_LIMITS.length + CURSOR_CASES : 0, units: c.operations.some((o) => o.id === 'customersAll' && !('unsupported' in o)) ? 1 : 0 }) },
  {
    what: 'Params whose `raw` throws when read (a getter), refused before any request',
    perUnit: UNREADABLE_INPUTS.filter((c) => !c.writesOnly).length,
    unit: 'operation',
    count: (c) => ({ cases: documented(c).length * UNREADABLE_INPUTS.filter((u) => !u.writesOnly).length, units: documented(c).length }),
  },
  {
    what: 'Records to write that throw when read (a member\'s getter, a Proxy trap), refused before any request',
    perUnit: UNREADABLE_INPUTS.filter((c) => c.writesOnly).length,
    unit: 'create or update operation',
    count: (c) => {
      const writes = documented(c).filter((o) => o.kind === 'create' || o.kind === 'update').length;
      return { cases: writes * UNREADABLE_INPUTS.filter((u) => u.writesOnly).length, units: writes };
    },
  },
  {
    what: `Credentials echoed back in ${ECHO_FORMS.length + TEXT_CUTS.length} forms, looked for in errors, \`_raw\`, issues and log events`,
    perUnit: ECHO_FORMS.length + TEXT_CUTS.length,
    unit: 'operation',
    count: (c) => ({ cases: documented(c).length * (ECHO_FORMS.length + TEXT_CUTS.length), units: documented(c).length }),
  },
  {
    what: `Credentials and settings holding control characters (${CONTROL_CHARACTERS.length} kinds), refused at creation`,
    perUnit: CONTROL_CHARACTERS.length,
    unit: 'kind of connection value declared (credentials, settings)',
    count: (c) => {
      const kinds = faultPlan(c) ? (c.credentials.length ? 1 : 0) + (c.settings.length ? 1 : 0) : 0;
      return { cases: kinds * CONTROL_CHARACTERS.length, units: kinds };
    },
  },
  {
    what: `List walks that would not end (${WALK_FAULTS.length} kinds), each walked ${WALK_DRIVERS.length} ways`,
    perUnit: WALK_DRIVERS.length,
    unit: 'kind that applies to the list\'s paging',
    count: (c) => {
      const walks = walkedFaults(c);
      return { cases: walks * WALK_DRIVERS.length, units: walks };
    },
  },
  {
    what: 'A credential the provider writes into its next page address, kept out of the cursor and sent back as it was',
    perUnit: 1,
    unit: 'list operation with cursor or link paging',
    count: (c) => {
      const walked = walkedFaults(c) > 0 && (c.pagination.type === 'cursor' || c.pagination.type === 'link') && c.credentials.length > 0 ? 1 : 0;
      return { cases: walked, units: walked };
    },
  },
  {
    what: `A next page address holding a lone surrogate half, which could only be sent back as another, ending the list before it is sent, walked ${WALK_DRIVERS.length} ways`,
    perUnit: WALK_DRIVERS.length,
    unit: 'list operation with cursor or link paging',
    count: (c) => {
      const walked = walkedFaults(c) > 0 && (c.pagination.type === 'cursor' || c.pagination.type === 'link') ? 1 : 0;
      return { cases: walked * WALK_DRIVERS.length, units: walked };
    },
  },
  {
    what: `A list page of more tiny records than one page may hold (${OVERSIZED_PAGES.length} kinds), refused before it is parsed`,
    perUnit: OVERSIZED_PAGES.length,
    unit: 'list operation',
    count: (c) => {
      const lists = faultPlan(c)?.recordsPath ? documented(c).filter((o) => o.kind === 'list').length : 0;
      return { cases: lists * OVERSIZED_PAGES.length, units: lists };
    },
  },
  { what: '`_raw` of a unified page spanning several provider pages', perUnit: RAW_MULTI_PAGE, unit: 'paged list operation', count: (c) => ({ cases: walkedFaults(c) ? RAW_MULTI_PAGE : 0, units: walkedFaults(c) ? 1 : 0 }) },
  // fault-writes.ts: an unreadable answer, one cut off after the status, a 2xx the mapping does not list, 202 without a body;
  // and, where a create is never sent twice, the caller aborting while the answer arrives.
  {
    what: 'Creates accepted with an unreadable or cut-off answer, an unlisted 2xx, a 202 without a body or the caller aborting while it arrives, reported as created',
    perUnit: 5,
    unit: 'create operation sent once (one with an idempotency key is sent again instead, and has no abort case)',
    count: (c) => ({ cases: creates(c).length * (c.idempotencyHeader ? 4 : 5), units: creates(c).length }),
  },
  // fault-writes.ts: 303, 502 and 504 answers, and where a create is never sent twice, no answer within the timeout.
  {
    what: 'Creates answered 303, 502 or 504, or unanswered, said to be perhaps created, with what finds the record again',
    perUnit: 4,
    unit: 'create operation sent once (one with an idempotency key is sent again instead, and has no unanswered case)',
    count: (c) => ({ cases: creates(c).length * (c.idempotencyHeader ? 3 : 4), units: creates(c).length }),
  },
  { what: 'Two-step creates whose lookup fails or comes late', perUnit: LOOKUP_FAULTS, unit: 'create with a lookup', count: (c) => ({ cases: creates(c).filter((o) => o.answers.length > 1).length * LOOKUP_FAULTS, units: creates(c).filter((o) => o.answers.length > 1).length }) },
  { what: '`_raw` an object or null', perUnit: 1, unit: 'operation', count: (c) => ({ cases: documented(c).length, units: documented(c).length }) },
  {
    what: 'A get or update answered about another record than the one asked for',
    perUnit: 1,
    unit: 'get or update operation',
    count: (c) => {
      const asked = documented(c).filter((o) => (o.kind === 'get' || o.kind === 'update') && typeof idOf(o) === 'string').length;
      return { cases: asked, units: asked };
    },
  },
  {
    what: `Single reads of JSON that is not a record (${NOT_RECORDS.length} kinds)`,
    perUnit: 1,
    unit: 'kind that applies (a record without its id needs a known id path)',
    count: (c) => {
      const faults = faultPlan(c);
      const kinds = faults?.operations.customersOne && faults.recordPath ? NOT_RECORDS.length - (faults.paging?.idPath ? 0 : 1) : 0;
      return { cases: kinds, units: kinds };
    },
  },
];

function walkedFaults(connector: ConnectorIR): number {
  const faults = faultPlan(connector);
  return faults?.operations.customersAll && faults.recordsPath && faults.paging ? walkFaultsFor(connector.pagination).length : 0;
}

function creates(connector: ConnectorIR) {
  return documented(connector).filter((o) => o.kind === 'create');
}

/** `README.md:<line>` of the row whose first cell is `what`, or of the table when it has none. */
function rowProblem(lines: string[], row: Row): string | undefined {
  const want = `| ${row.what} | ${row.perUnit} | ${row.unit} |`;
  // Found by the words before any parenthesis, so a changed count inside one still finds its row.
  const key = `| ${row.what.split(' (')[0]}`;
  const index = lines.findIndex((line) => line.startsWith(key));
  if (index >= 0) return lines[index] === want ? undefined : `README.md:${index + 1}: change\n  ${lines[index]}\nto\n  ${want}`;
  const table = lines.findIndex((line) => line.startsWith('| What is tried |'));
  return `README.md:${table + 1}: the Reliability table has no row '${row.what}'; add\n  ${want}`;
}

describe('README', () => {
  it('Reliability figures match what the tests run, row by row', async () => {
    const lines = (await readFile(path.join(repoRoot, 'README.md'), 'utf8')).split('\n');
    const ir = await buildIR(defaultLayout(repoRoot));
    const problems: string[] = [];
    for (const row of rows) {
      const problem = rowProblem(lines, row);
      if (problem) problems.push(problem);
      // The per-unit figure is true of every connector, or the row would have to say "varies".
      for (const connector of ir.connectors) {
        const { cases, units } = row.count(connector, ir.apis.find((api) => api.connectors.includes(connector))!.unified);
        if (cases !== row.perUnit * units) problems.push(`${connector.service}: '${row.what}' runs ${cases} cases over ${units} ${row.unit}(s), not ${row.perUnit} each`);
      }
    }
    expect(problems.join('\n\n')).toBe('');
  });

  it('names no connector table of its own: the connectors are listed in generated/CONNECTORS.md', async () => {
    const lines = (await readFile(path.join(repoRoot, 'README.md'), 'utf8')).split('\n');
    const tables = lines.map((line, i) => ({ line: i + 1, text: line })).filter((l) => l.text.startsWith('| Service id |'));
    expect(tables.map((l) => `README.md:${l.line}: a hand-kept table of connectors; the list lives in generated/CONNECTORS.md`)).toEqual([]);
    const generated = await readFile(path.join(repoRoot, 'generated/CONNECTORS.md'), 'utf8');
    const rowsThere = [...generated.matchAll(/^\| \[`([a-z][a-z0-9-]*)`\]/gm)].map((m) => m[1]);
    expect(rowsThere).toEqual([...serviceIds].sort());
  });
});
