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
import { BAD_LIMITS, FAULTS, HOSTILE_IDS, REFUSED_IDS } from './support/fault-matrix.js';
import { READ_RUNS, ROUND_TRIP_RUNS } from './support/properties.js';
import { repoRoot } from './support/project.js';

/** Cursor cases and per-operation extras the fault matrix adds, as written in it. */
const CURSOR_CASES = 4;
const EXTRAS_PER_OPERATION = 3; // refused connection, caller abort, echoed credentials

interface Row {
  /** The row's first cell, which finds it in the README. */
  what: string;
  perUnit: number;
  unit: string;
  /** How many cases a connector's plan has, and how many units it has: they must agree with perUnit. */
  count: (connector: ConnectorIR, unified: UnifiedIR) => { cases: number; units: number };
}

const documented = (connector: ConnectorIR) => Object.values(faultPlan(connector)?.operations ?? {});
const withId = (connector: ConnectorIR) => documented(connector).filter((o) => o.input && typeof o.input === 'object' && 'id' in o.input).length;

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
];

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
        const { cases, units } = row.count(connector, ir.unified);
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
