/**
 * Section 2: cold `npx generate` in a temporary copy of the project — the
 * real connectors, then 10, 50 and 100 synthetic connectors made from
 * variations of the real mappings — and `--check` when nothing changed.
 * Each run is a fresh process: wall time and peak RSS.
 */

import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median } from '../measure.js';

export interface GenerationRow {
  what: string;
  connectors: number;
  wallMs: number;
  peakRssMb: number;
  msPerConnector: number;
}

/** Fresh-process runs per size (fewer for the big synthetic sets, whose runs take seconds). */
const runsFor = (connectors: number) => (connectors <= 10 ? 5 : 3);

async function timedRun(root: string, project: string, args: string[]): Promise<{ ms: number; rssMb: number }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--import', path.join(root, 'bench/report-usage.mjs'), path.join(root, 'bin/generate.js'), ...args], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stdout.resume();
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (code !== 0) throw new Error(`generate ${args.join(' ')} failed (${code}):\n${err}`);
  const rss = /BENCH_MAX_RSS_KB (\d+)/.exec(err);
  return { ms, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

async function project(root: string, mappings: Map<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'connector-gen-bench-'));
  await cp(path.join(root, 'specs'), path.join(dir, 'specs'), { recursive: true });
  await cp(path.join(root, 'templates'), path.join(dir, 'templates'), { recursive: true });
  await mkdir(path.join(dir, 'mappings'));
  await cp(path.join(root, 'mappings/schema.json'), path.join(dir, 'mappings/schema.json'));
  for (const [file, text] of mappings) await writeFile(path.join(dir, 'mappings', file), text);
  for (const file of ['package.json', 'package-lock.json', 'tsconfig.json']) await cp(path.join(root, file), path.join(dir, file));
  for (const linked of ['node_modules', 'src']) await symlink(path.join(root, linked), path.join(dir, linked), 'dir');
  return dir;
}

async function realMappings(root: string): Promise<Map<string, string>> {
  const files = (await readdir(path.join(root, 'mappings'))).filter((file) => file.endsWith('.yaml')).sort();
  return new Map(await Promise.all(files.map(async (file) => [file, await readFile(path.join(root, 'mappings', file), 'utf8')] as [string, string])));
}

/** `count` connectors cycling through the real mappings, renamed, each using its original provider spec. */
function synthetic(real: Map<string, string>, count: number): Map<string, string> {
  const originals = [...real];
  const out = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const [file, text] = originals[i % originals.length]!;
    const service = file.replace(/\.yaml$/, '');
    const renamed = `${service}-v${i}`;
    out.set(
      `${renamed}.yaml`,
      text.replace(/^service: .*$/m, `service: ${renamed}\nprovider_spec: specs/providers/${service}.yaml`).replace(/^name: (.*)$/m, `name: $1 ${i}`),
    );
  }
  return out;
}

async function measure(root: string, what: string, mappings: Map<string, string>, check = false): Promise<GenerationRow[]> {
  const dir = await project(root, mappings);
  try {
    const runs: { ms: number; rssMb: number }[] = [];
    for (let i = 0; i < runsFor(mappings.size); i++) {
      await rm(path.join(dir, 'generated'), { recursive: true, force: true });
      runs.push(await timedRun(root, dir, []));
    }
    const rows: GenerationRow[] = [
      {
        what,
        connectors: mappings.size,
        wallMs: median(runs.map((r) => r.ms)),
        peakRssMb: Math.max(...runs.map((r) => r.rssMb)),
        msPerConnector: median(runs.map((r) => r.ms)) / mappings.size,
      },
    ];
    if (check) {
      const checks: { ms: number; rssMb: number }[] = [];
      for (let i = 0; i < 5; i++) checks.push(await timedRun(root, dir, ['--check']));
      rows.push({ what: `${what}: --check, nothing changed`, connectors: mappings.size, wallMs: median(checks.map((r) => r.ms)), peakRssMb: Math.max(...checks.map((r) => r.rssMb)), msPerConnector: median(checks.map((r) => r.ms)) / mappings.size });
    }
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runGeneration(root: string): Promise<GenerationRow[]> {
  const real = await realMappings(root);
  const rows = await measure(root, 'real connectors', real, true);
  for (const size of [10, 50, 100]) rows.push(...(await measure(root, `${size} synthetic connectors`, synthetic(real, size))));
  return rows;
}
