/**
 * Section 2: cold generation, each run a fresh process writing into an empty
 * folder: the six real connectors through `npx generate` and through
 * `node bin/generate.js`, against the peer `openapi-typescript` writing the
 * types of the same unified spec (rounds interleaved, so load on the machine
 * hits all three alike); `--check` when nothing changed; then, in temporary
 * copies of the project, 10, 50 and 100 synthetic connectors, each with a
 * provider spec of its own (distinct files, so nothing read is shared).
 */

import { execFileSync, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median } from '../measure.js';

export interface GenerationRow {
  what: string;
  /** Which command: the peer, or one of ours. */
  kind: 'peer' | 'npx' | 'node' | 'check' | 'synthetic';
  connectors: number;
  wallMs: number;
  /** Every round's wall time, in the order run. */
  roundsMs: number[];
  /** CPU time (user + system, every thread, every process the command starts), median over rounds. */
  cpuMs: number;
  peakRssMb: number;
  msPerConnector: number;
}

const ROUNDS_REAL = 7;
/** Fewer rounds for the big synthetic sets, whose runs take seconds. */
const runsFor = (connectors: number) => (connectors <= 10 ? 5 : 3);

interface Run {
  ms: number;
  rssMb: number;
  cpuMs: number;
}

async function timedRun(root: string, cwd: string, command: string, args: string[], label: string): Promise<Run> {
  const started = process.hrtime.bigint();
  // The peak RSS reporter is preloaded through NODE_OPTIONS so it reaches the process npx starts too.
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${path.join(root, 'bench/report-usage.mjs')}`.trim() };
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stdout.resume();
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (code !== 0) throw new Error(`${label} failed (${code}):\n${err}`);
  // npx reports its own (smaller) process too: the largest is the generator's.
  const rss = [...err.matchAll(/BENCH_MAX_RSS_KB (\d+)/g)].map((m) => Number(m[1]));
  // npx's own process counts too: it is part of what the command costs.
  const cpu = [...err.matchAll(/BENCH_CPU_US (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  return { ms, rssMb: rss.length ? Math.max(...rss) / 1024 : NaN, cpuMs: cpu / 1000 };
}

async function project(root: string, mappings: Map<string, string>, providerSpecs = new Map<string, string>()): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'connector-gen-bench-'));
  await cp(path.join(root, 'specs'), path.join(dir, 'specs'), { recursive: true });
  for (const [file, text] of providerSpecs) await writeFile(path.join(dir, 'specs/providers', file), text);
  await cp(path.join(root, 'templates'), path.join(dir, 'templates'), { recursive: true });
  await mkdir(path.join(dir, 'mappings'));
  await cp(path.join(root, 'mappings/schema.json'), path.join(dir, 'mappings/schema.json'));
  for (const [file, text] of mappings) await writeFile(path.join(dir, 'mappings', file), text);
  for (const file of ['package.json', 'package-lock.json', 'tsconfig.json']) await cp(path.join(root, file), path.join(dir, file), { preserveTimestamps: true });
  for (const linked of ['node_modules', 'src', 'bin', 'dist']) await symlink(path.join(root, linked), path.join(dir, linked), 'dir');
  return dir;
}

async function realMappings(root: string): Promise<Map<string, string>> {
  const files = (await readdir(path.join(root, 'mappings'))).filter((file) => file.endsWith('.yaml')).sort();
  return new Map(await Promise.all(files.map(async (file) => [file, await readFile(path.join(root, 'mappings', file), 'utf8')] as [string, string])));
}

/**
 * `count` connectors cycling through the real mappings, renamed, each with a
 * provider spec file of its own (the original with its title numbered), so
 * every connector's spec is read, parsed and validated afresh.
 */
async function synthetic(root: string, real: Map<string, string>, count: number): Promise<{ mappings: Map<string, string>; specs: Map<string, string> }> {
  const originals = [...real];
  const mappings = new Map<string, string>();
  const specs = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const [file, text] = originals[i % originals.length]!;
    const service = file.replace(/\.yaml$/, '');
    const renamed = `${service}-v${i}`;
    mappings.set(`${renamed}.yaml`, text.replace(/^service: .*$/m, `service: ${renamed}`).replace(/^name: (.*)$/m, `name: $1 ${i}`));
    const spec = await readFile(path.join(root, 'specs/providers', `${service}.yaml`), 'utf8');
    const distinct = spec.replace(/^( {2}title: .*)$/m, `$1 (variant ${i})`);
    if (distinct === spec) throw new Error(`specs/providers/${service}.yaml has no info title to vary`);
    specs.set(`${renamed}.yaml`, distinct);
  }
  return { mappings, specs };
}

function row(what: string, kind: GenerationRow['kind'], connectors: number, runs: Run[]): GenerationRow {
  const wallMs = median(runs.map((r) => r.ms));
  return { what, kind, connectors, wallMs, roundsMs: runs.map((r) => r.ms), cpuMs: median(runs.map((r) => r.cpuMs)), peakRssMb: Math.max(...runs.map((r) => r.rssMb)), msPerConnector: wallMs / connectors };
}

/**
 * The six real connectors by both commands, and the peer on the same unified
 * spec, round by round, in the repository itself (where a user types
 * `npx generate`), each writing into a temporary folder.
 */
async function measureReal(root: string, real: Map<string, string>): Promise<GenerationRow[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'connector-gen-bench-'));
  // The goals are for the six customer-support connectors: a copy of the project with their mappings only
  // (the repository's CRM mappings would add four connectors and a 300 KB spec the peer does not read).
  const six = await project(root, real);
  const out = path.join(dir, 'generated');
  const clean = () => rm(out, { recursive: true, force: true });
  const contenders: { what: string; kind: GenerationRow['kind']; command: string; args: string[]; cwd?: string }[] = [
    {
      what: 'openapi-typescript: types of specs/customer-support.yaml (peer)',
      kind: 'peer',
      command: process.execPath,
      args: [path.join(root, 'node_modules/openapi-typescript/bin/cli.js'), 'specs/customer-support.yaml', '-o', path.join(out, 'customer-support.d.ts')],
    },
    { what: '`node bin/generate.js`, six real connectors', kind: 'node', command: process.execPath, args: [path.join(six, 'bin/generate.js'), '--out', out] },
    // npx resolves the package's own bin only in the repository itself, where the CRM mappings are generated too.
    { what: '`npx generate` in the repository, every committed mapping', kind: 'npx', command: 'npx', args: ['--no-install', 'generate', '--out', out], cwd: root },
  ];
  try {
    const runs = new Map(contenders.map((c) => [c, [] as Run[]]));
    for (const contender of contenders) {
      await clean();
      await timedRun(root, contender.cwd ?? six, contender.command, contender.args, contender.what); // warm-up: the file cache, not the process
    }
    for (let round = 0; round < ROUNDS_REAL; round++) {
      for (const contender of contenders) {
        await clean();
        runs.get(contender)!.push(await timedRun(root, contender.cwd ?? six, contender.command, contender.args, contender.what));
      }
    }
    // The last round's last contender is npx: count what it wrote.
    const repositoryConnectors = await countConnectors(out);
    const rows = contenders.map((c) => row(c.kind === 'npx' ? `${c.what} (${repositoryConnectors} connectors)` : c.what, c.kind, c.kind === 'peer' ? 1 : c.kind === 'npx' ? repositoryConnectors : real.size, runs.get(c)!));
    const checks: Run[] = [];
    await timedRun(root, six, process.execPath, [path.join(six, 'bin/generate.js')], 'generate');
    for (let i = 0; i < ROUNDS_REAL; i++) checks.push(await timedRun(root, six, process.execPath, [path.join(six, 'bin/generate.js'), '--check'], 'generate --check'));
    rows.push(row('`node bin/generate.js --check`, nothing changed', 'check', real.size, checks));
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(six, { recursive: true, force: true });
  }
}

/** Folders below `dir` holding a generated connector module. */
async function countConnectors(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name === 'connector.gen.ts').length;
}

async function measureSynthetic(root: string, real: Map<string, string>, size: number): Promise<GenerationRow> {
  const { mappings, specs } = await synthetic(root, real, size);
  const dir = await project(root, mappings, specs);
  try {
    const runs: Run[] = [];
    for (let i = 0; i < runsFor(size); i++) {
      await rm(path.join(dir, 'generated'), { recursive: true, force: true });
      runs.push(await timedRun(root, dir, process.execPath, [path.join(dir, 'bin/generate.js')], `generate (${size} connectors)`));
    }
    return row(`${size} synthetic connectors, distinct provider specs`, 'synthetic', size, runs);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runGeneration(root: string): Promise<GenerationRow[]> {
  // What `npm ci` leaves: the compiled CLI and precompiled validators, current with src/ (else bin/generate.js would run the sources through tsx).
  execFileSync('npm', ['run', '--silent', 'prepare'], { cwd: root, stdio: 'inherit' });
  const real = await realMappings(root);
  const rows = await measureReal(root, real);
  for (const size of [10, 50, 100]) rows.push(await measureSynthetic(root, real, size));
  return rows;
}
