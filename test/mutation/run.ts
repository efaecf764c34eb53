/**
 * `npm run mutate [-- --mappings zendesk,kickserv] [--timeout 120000] [--reasons-only]`:
 * every single-token mutant of each committed mapping, judged by the checker
 * and then by that connector's generated suite. Writes
 * test/mutation/results.json (scores and every survivor, with the reason it
 * may be equivalent from test/mutation/reasons.json) and, on a run over all
 * mappings, the score table in README.md.
 */

import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'js-yaml';
import { generate } from '../../src/generate.js';
import { repoRoot, tempProject } from '../support/project.js';
import { judge, runSuite, type Verdict } from './judge.js';
import { mutantsOf, type Mutant } from './mutator.js';
import { renderTable, type MappingScore, type Results } from './report.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const timeoutMs = Number(option('timeout') ?? 120_000);
// The default API's mappings and those of the others (`crm/hubspot` for mappings/crm/hubspot.yaml).
const entries = await readdir(path.join(repoRoot, 'mappings'), { withFileTypes: true });
const nested = await Promise.all(entries.filter((e) => e.isDirectory()).map(async (e) => (await readdir(path.join(repoRoot, 'mappings', e.name))).map((f) => `${e.name}/${f}`)));
const all = [...entries.filter((e) => e.isFile()).map((e) => e.name), ...nested.flat()].filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();
// `--reasons-only`: runs nothing; applies test/mutation/reasons.json to the last results and redraws the table.
const reasonsOnly = args.includes('--reasons-only');
const chosen = reasonsOnly ? [] : (option('mappings')?.split(',') ?? all);
const reasons = JSON.parse(await readFile(path.join(repoRoot, 'test/mutation/reasons.json'), 'utf8')) as Record<string, string>;
const resultsFile = path.join(repoRoot, 'test/mutation/results.json');

const scores: MappingScore[] = [];
for (const service of chosen) {
  const file = `mappings/${service}.yaml`;
  const text = await readFile(path.join(repoRoot, file), 'utf8');
  // A mapping in mappings/<api>/ keeps its provider's document in specs/providers/ like any other.
  const provider = path.posix.basename(service);
  const providerText = await readFile(path.join(repoRoot, 'specs/providers', `${provider}.yaml`), 'utf8');
  const mutants = mutantsOf(file, text, load(providerText));
  const project = await tempProject({ mappings: [provider] });
  try {
    const baseline = await generate({ root: project.root, mode: 'write' });
    const suite = await runSuite(project.root, service, timeoutMs);
    if (!suite.passed) throw new Error(`${service}: the unmutated connector's suite fails (${suite.detail})`);
    const score: MappingScore = { service, mutants: mutants.length, checker: 0, tests: 0, survivors: [], unpositioned: [] };
    const started = performance.now();
    for (const [i, mutant] of mutants.entries()) {
      const verdict = await judge(project.root, service, mutant, baseline.files, timeoutMs);
      record(score, mutant, verdict);
      process.stdout.write(`${service} ${i + 1}/${mutants.length} ${mutant.line}:${mutant.col} ${mutant.from} → ${mutant.to}: ${describe(verdict)}\n`);
    }
    scores.push(score);
    // Written after each mapping, so a run cut short keeps what it finished.
    await save();
    process.stdout.write(`${service}: ${score.mutants} mutants, ${score.checker} refused by the checker, ${score.tests} failed the suite, ${score.survivors.length} survived, ${score.unpositioned.length} refused without a position (${Math.round((performance.now() - started) / 1000)} s)\n`);
  } finally {
    await project.dispose();
  }
}

await save();
process.stdout.write(renderTable(await readResults()));


async function readResults(): Promise<Results> {
  return readFile(resultsFile, 'utf8').then((t) => JSON.parse(t) as Results, () => ({ mappings: [] }) as Results);
}

/** Merges this run's scores into results.json (a partial run keeps the other mappings' last results) and redraws the README table. */
async function save() {
  const previous = await readResults();
  const done = scores.map((s) => s.service);
  const merged: Results = { mappings: [...previous.mappings.filter((m) => !done.includes(m.service)), ...scores].sort((a, b) => (a.service < b.service ? -1 : 1)) };
  for (const mapping of merged.mappings) for (const survivor of mapping.survivors) survivor.reason = reasons[survivor.key] ?? survivor.reason;
  await writeFile(resultsFile, `${JSON.stringify(merged, null, 2)}\n`);
  const readmePath = path.join(repoRoot, 'README.md');
  const readme = await readFile(readmePath, 'utf8');
  const updated = readme.replace(/(<!-- mutation-score:start -->\n)[\s\S]*?(<!-- mutation-score:end -->)/, `$1${renderTable(merged)}$2`);
  if (updated !== readme) await writeFile(readmePath, updated);
}

function record(score: MappingScore, mutant: Mutant, verdict: Verdict) {
  const where = `${mutant.file}:${mutant.line}:${mutant.col}`;
  const mutation = `${mutant.at}: '${mutant.from}' → '${mutant.to}' (${mutant.kind}, ${mutant.how})`;
  if (verdict.outcome === 'checker') score.checker++;
  else if (verdict.outcome === 'tests') score.tests++;
  else if (verdict.outcome === 'unpositioned') score.unpositioned.push({ where, mutation, detail: verdict.detail });
  else {
    const reason = reasons[reasonKey(mutant)] ?? (verdict.identical ? 'equivalent: generates byte-identical output' : verdict.flaky ? `unexplained (the suite failed once, then passed: ${verdict.flaky})` : 'unexplained');
    score.survivors.push({ where, mutation, key: reasonKey(mutant), reason });
  }
}

function reasonKey(mutant: Mutant): string {
  return `${mutant.file} ${mutant.at} ${mutant.from} → ${mutant.to}`;
}

function describe(verdict: Verdict): string {
  switch (verdict.outcome) {
    case 'checker':
      return `checker (${verdict.diagnostic})`;
    case 'tests':
      return `tests (${verdict.detail})`;
    case 'unpositioned':
      return `REFUSED WITHOUT POSITION (${verdict.detail})`;
    case 'survived':
      return verdict.identical ? 'SURVIVED (identical output)' : verdict.flaky ? `SURVIVED (failed once, then passed: ${verdict.flaky})` : 'SURVIVED';
  }
}
