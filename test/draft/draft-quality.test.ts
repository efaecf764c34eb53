/**
 * Measures `generate new --from` honestly: for each committed provider (and
 * the acme fixture, whose spec the drafter's vocabulary was not written
 * against) a mapping is drafted from the provider spec alone and its field
 * lines compared with the hand-written mapping's; for the mappings of other
 * unified APIs (CRM), each resource section's. The README reports the
 * figures; each row it has must be what this measures now.
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/project.js';
import { measuredDrafts, type MeasuredDraft } from './drafts.js';

const GOAL = { precision: 0.9, recall: 0.7 };

const row = (m: MeasuredDraft) => `| \`${m.id}\` | ${m.score.drafted} | ${m.score.written} | ${m.score.matched} | ${m.score.precision.toFixed(2)} | ${m.score.recall.toFixed(2)} |`;

describe('drafting a mapping from each provider spec', () => {
  let measured: MeasuredDraft[];
  beforeAll(async () => {
    measured = await measuredDrafts();
  }, 120_000);

  it('checks as npx generate would, so the draft generates as it stands', () => {
    for (const m of measured) expect(m.draft.problems.map((p) => `${p.file}:${p.position?.line}: ${p.message}`), m.id).toEqual([]);
  });

  it('marks every field line with its confidence and the reason', () => {
    for (const m of measured) {
      for (const line of m.draft.lines) {
        expect(['high', 'medium', 'low'], m.id).toContain(line.confidence);
        expect(line.reason.length, `${m.id}: ${String(line.unified)}`).toBeGreaterThan(5);
        expect(m.draft.text).toContain(`# ${line.confidence}: ${line.reason.slice(0, 40)}`);
      }
    }
  });

  it('the README reports precision and recall as measured, row by row', async () => {
    const lines = (await readFile(path.join(repoRoot, 'README.md'), 'utf8')).split('\n');
    const header = lines.findIndex((l) => l.startsWith('| Drafted from |'));
    expect(header, 'README.md has no table starting `| Drafted from |`').toBeGreaterThan(0);
    const problems: string[] = [];
    for (let i = header + 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
      const id = /^\| `([^`]+)` \|/.exec(lines[i]!)?.[1];
      const found = measured.find((m) => m.id === id);
      if (!found) problems.push(`README.md:${i + 1}: no provider '${id}' is measured; remove the row`);
      else if (lines[i] !== row(found)) problems.push(`README.md:${i + 1}: change\n  ${lines[i]}\nto\n  ${row(found)}`);
    }
    for (const m of measured) console.log(`${row(m)}   ${m.score.precision >= GOAL.precision && m.score.recall >= GOAL.recall ? 'goal met' : 'below goal'}`);
    expect(problems.join('\n\n')).toBe('');
  });

  it('is precise for every provider of the default API the README reports: at least 0.9 of the drafted field lines are the hand-written ones', async () => {
    // A provider added since has no row yet: it is measured and printed above, not held to the goal. Nor are the
    // sections of other APIs' mappings, whose hand-written lines leave out members the documents have (the README says which).
    const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
    const reported = measured.filter((m) => m.api === undefined && readme.includes(`| \`${m.id}\` |`));
    expect(reported.length).toBeGreaterThan(0);
    for (const m of reported) expect(m.score.precision, `${m.id}: extra ${m.score.extra.join(', ')}`).toBeGreaterThanOrEqual(GOAL.precision);
  });
});
