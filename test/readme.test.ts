/**
 * The README's figures are what the tests run: the Reliability table is
 * recomputed here from the fault matrix, the property tests and every
 * connector's plan, and must match line for line. The connector table
 * lists exactly the connectors the registry has.
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceIds } from '../generated/index.gen.js';
import { faultPlan, propertyPlan } from '../src/emit/connector-test.js';
import { buildIR, defaultLayout } from '../src/ir/index.js';
import { BAD_LIMITS, FAULTS, HOSTILE_IDS, REFUSED_IDS } from './support/fault-matrix.js';
import { CONTROL_CHARACTERS, ECHO_FORMS, TEXT_CUTS } from './support/fault-secrets.js';
import { walkFaultsFor, WALK_DRIVERS, WALK_FAULTS } from './support/fault-walks.js';
import { NOT_RECORDS } from './support/fault-writes.js';
import { READ_RUNS, ROUND_TRIP_RUNS } from './support/properties.js';
import { repoRoot } from './support/project.js';

/** Cursor cases and per-operation extras the fault matrix adds, as written in it. */
const CURSOR_CASES = 4;
const EXTRAS_PER_OPERATION = 3; // refused connection, caller abort, echoed credentials
const LOOKUP_FAULTS = 3; // a create's follow-up lookup: 404 throughout, 500 throughout, 404 then found
const RAW_MULTI_PAGE = 1; // a unified page spanning several provider pages

describe('README', () => {
  it('Reliability figures match what the tests count', async () => {
    const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
    const ir = await buildIR(defaultLayout(repoRoot));
    const rows = new Map<string, number[]>();
    const add = (name: string, perConnector: number) => rows.set(name, [...(rows.get(name) ?? []), perConnector]);
    for (const connector of ir.connectors) {
      const faults = faultPlan(connector);
      const properties = propertyPlan(connector, ir.unified);
      const operations = Object.values(faults?.operations ?? {});
      const withId = operations.filter((o) => o.input && typeof o.input === 'object' && 'id' in o.input).length;
      add('faults', operations.length * FAULTS.length);
      add('extras', operations.length * EXTRAS_PER_OPERATION);
      add('records', properties ? READ_RUNS : 0);
      add('round trips', properties ? Object.keys(properties.writes).length * ROUND_TRIP_RUNS : 0);
      add('ids', withId * (HOSTILE_IDS.length + REFUSED_IDS.length));
      add('limits', faults?.operations.customersAll ? BAD_LIMITS.length + CURSOR_CASES : 0);
      add('echoes', operations.length * (ECHO_FORMS.length + TEXT_CUTS.length));
      add('malformed', faults ? CONTROL_CHARACTERS.length * ((connector.credentials.length ? 1 : 0) + (connector.settings.length ? 1 : 0)) : 0);
      const walks = faults?.operations.customersAll && faults.recordsPath && faults.paging ? walkFaultsFor(connector.pagination).length : 0;
      add('walks', walks ? walks * WALK_DRIVERS.length + RAW_MULTI_PAGE : 0);
      add('creates', operations.filter((o) => o.kind === 'create').reduce((sum, o) => sum + 1 + (o.answers.length > 1 ? LOOKUP_FAULTS : 0), 0));
      const notRecords = faults?.operations.customersOne && faults.recordPath ? NOT_RECORDS.length - (faults.paging?.idPath ? 0 : 1) : 0;
      add('bodies', operations.length + notRecords);
    }
    const expected = (name: string) => {
      const values = rows.get(name)!;
      const same = values.every((v) => v === values[0]);
      return { per: same ? String(values[0]) : 'varies', total: String(values.reduce((a, b) => a + b, 0)) };
    };
    const lines: [string, string][] = [
      ['faults', `| Provider faults (${FAULTS.length} kinds) on every operation | ${expected('faults').per} | ${ir.connectors.length} | ${expected('faults').total} |`],
      ['extras', `| Refused connection, caller abort and echoed credentials on every operation | ${expected('extras').per} | ${ir.connectors.length} | ${expected('extras').total} |`],
      ['records', `| Random provider records read | ${expected('records').per} | ${ir.connectors.length} | ${expected('records').total} |`],
      ['round trips', `| Random customers written and read back | ${expected('round trips').per} | ${ir.connectors.length} | ${expected('round trips').total} |`],
      ['ids', `| Hostile ids (${HOSTILE_IDS.length} kept one path segment, ${REFUSED_IDS.length} refused) | ${expected('ids').per} | ${ir.connectors.length} | ${expected('ids').total} |`],
      ['limits', `| Invalid limits and cursors refused before any request | ${expected('limits').per} | ${ir.connectors.length} | ${expected('limits').total} |`],
      ['echoes', `| Credentials echoed in ${ECHO_FORMS.length + TEXT_CUTS.length} forms on every operation, looked for in errors, \`_raw\`, issues and log events | ${expected('echoes').per} | ${ir.connectors.length} | ${expected('echoes').total} |`],
      ['malformed', `| Credentials and settings holding control characters (${CONTROL_CHARACTERS.length} kinds), refused at creation | ${expected('malformed').per} | ${ir.connectors.length} | ${expected('malformed').total} |`],
      ['walks', `| List walks that would not end (${WALK_FAULTS.length} kinds, ${WALK_DRIVERS.length} ways), and \`_raw\` over several pages | ${expected('walks').per} | ${ir.connectors.length} | ${expected('walks').total} |`],
      ['creates', `| Creates accepted but not confirmed (an unreadable answer; a failing or late lookup) | ${expected('creates').per} | ${ir.connectors.length} | ${expected('creates').total} |`],
      ['bodies', `| \`_raw\` an object on every operation; single reads of JSON that is not a record | ${expected('bodies').per} | ${ir.connectors.length} | ${expected('bodies').total} |`],
    ];
    for (const [, line] of lines) expect(readme).toContain(line);
    // The fault matrix is every row but the property tests.
    const matrix = ['faults', 'extras', 'ids', 'limits', 'echoes', 'malformed', 'walks', 'creates', 'bodies'].reduce((sum, name) => sum + Number(expected(name).total), 0);
    expect(readme).toContain(`The fault matrix runs ${matrix.toLocaleString('en-US')} cases`);
  });

  it('lists every connector the registry has, and no other', async () => {
    const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| `([a-z][a-z0-9-]*)` \|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...serviceIds].sort());
  });
});
