/**
 * The mutation harness itself, cheaply: the mutator makes the mutants it
 * should on the fixture mapping, each a one-scalar change, always the same;
 * and a sample of mutants of a real mapping is refused by the checker with
 * its position. Full runs are `npm run mutate`.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempProject, type TempProject } from '../support/project.js';
import { checkerVerdict } from './judge.js';
import { renderTable, type Results } from './report.js';
import { mutantsOf, type Mutant } from './mutator.js';

const fixture = (file: string) => readFileSync(path.join(repoRoot, 'test/fixtures/acme', file), 'utf8');
const text = fixture('mapping.yaml');
const provider = load(fixture('provider.yaml'));
const mutants = mutantsOf('test/fixtures/acme/mapping.yaml', text, provider);
const at = (where: string) => mutants.filter((m) => m.at === where).map((m) => m.to);

describe('the mutator on the fixture mapping', () => {
  it('is deterministic and in file order', () => {
    expect(mutantsOf('test/fixtures/acme/mapping.yaml', text, provider)).toEqual(mutants);
    const order = mutants.map((m) => m.line * 10_000 + m.col);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('changes exactly one scalar per mutant, where it says', () => {
    const lines = text.split('\n');
    for (const mutant of mutants) {
      const changed = mutant.text.split('\n');
      expect(changed.length, mutant.at).toBe(lines.length);
      const differing = lines.flatMap((line, i) => (line === changed[i] ? [] : [i + 1]));
      expect(differing, `${mutant.at} → ${mutant.to}`).toEqual([mutant.line]);
      expect(changed[mutant.line - 1]!.slice(0, mutant.col - 1)).toBe(lines[mutant.line - 1]!.slice(0, mutant.col - 1));
      expect(load(mutant.text)).not.toEqual(load(text));
    }
  });

  it('covers every class of token', () => {
    expect(new Set(mutants.map((m) => m.kind))).toEqual(new Set(['provider-field', 'selector', 'response-path', 'template', 'operation-path', 'parameter', 'where']));
  });

  it('renames, drops and moves operation path segments', () => {
    expect(at('operations.customersOne.path').sort()).toEqual(['/peoples/{id}', '/{id}', '/{id}/people']);
  });

  it('swaps names for siblings from the provider schema, inside `each` too', () => {
    // The fixture's phone element has exactly the members `kind` and `value`.
    expect(at('fields.4.each.0.provider')).toEqual(['kind']);
    expect(at('fields.4.each.1.provider')).toEqual(['value']);
    // The other declared setting, not a made-up one.
    expect(at('connection.headers.X-Acme-Version')).toEqual(['{settings.tenant}']);
  });

  it('moves indexes and changes selector keys', () => {
    expect(at('fields.8.unified')).toEqual(['addresses[1].country']);
    expect(at('fields.3.unified')).toContain('emails[types=primary].email');
  });

  it('mutates each segment of response paths', () => {
    const id = mutants.filter((m) => m.at === 'operations.customersAdd.then.id');
    expect(id.map((m) => m.to.split('.').filter((s, i) => s !== 'person.id'.split('.')[i]).length)).toEqual([1, 1]);
    expect(at('pagination.total_pages')).toHaveLength(1);
  });
});

describe('checker kills, sampled on a real mapping', () => {
  let project: TempProject;
  const service = 'kickserv';
  const file = `mappings/${service}.yaml`;
  const real = mutantsOf(file, readFileSync(path.join(repoRoot, file), 'utf8'), load(readFileSync(path.join(repoRoot, 'specs/providers', `${service}.yaml`), 'utf8')));
  const first = (test: (m: Mutant) => boolean) => {
    const found = real.find(test);
    if (!found) throw new Error('no such mutant');
    return found;
  };
  const sample = [
    first((m) => m.at.endsWith('.records')),
    first((m) => m.kind === 'operation-path' && m.how.includes('dropped')),
    first((m) => m.kind === 'template'),
  ];

  beforeAll(async () => {
    project = await tempProject({ mappings: [service] });
  });
  afterAll(() => project.dispose());

  it.each(sample.map((m) => [`${m.at}: ${m.from} → ${m.to}`, m] as const))('%s fails generation at its line', async (_, mutant) => {
    await project.write(file, mutant.text);
    const verdict = await checkerVerdict(project.root, file);
    expect(verdict).toEqual({ refused: expect.stringMatching(new RegExp(`^${file}:${mutant.line}:${mutant.col}: error: `)) });
  });
});

describe('the committed results', () => {
  it('are what the README shows', () => {
    const results = JSON.parse(readFileSync(path.join(repoRoot, 'test/mutation/results.json'), 'utf8')) as Results;
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain(`<!-- mutation-score:start -->\n${renderTable(results)}<!-- mutation-score:end -->`);
  });

  it('give each survivor a reason', () => {
    const results = JSON.parse(readFileSync(path.join(repoRoot, 'test/mutation/results.json'), 'utf8')) as Results;
    for (const mapping of results.mappings) for (const survivor of mapping.survivors) expect(survivor.reason, survivor.where).not.toBe('unexplained');
  });
});
