#!/usr/bin/env node
// `npm test`: the project's type-check (the `typecheck` script) and vitest, side by side. Vitest's workers
// spend much of a run waiting on loopback servers, and the type-check, run at a lower priority, fills
// that time instead of running first; the run fails if either fails, and the type-check's errors print last.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const exited = (child) => new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));

// The script is `node <compiler> <options>`: run by this Node directly, so the priority set below is the compiler's own
// (the native compiler it starts inherits it).
const [command, ...options] = scripts.typecheck.trim().split(/\s+/);
if (command !== 'node') throw new Error(`bin/test.js runs the typecheck script with node; it now starts with ${command}`);
// One thread: the cores are vitest's, and the compiler's own threads cost more CPU in all than they save here.
const typecheck = spawn(process.execPath, [...options, '--singleThreaded'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
try {
  setPriority(typecheck.pid, 10);
} catch {
  // Not allowed here: it then competes with the tests on equal terms, which is only slower.
}
const output = [];
typecheck.stdout.on('data', (chunk) => output.push(chunk));
typecheck.stderr.on('data', (chunk) => output.push(chunk));
// V8's collector on the thread it collects for, without helper threads: the cores are already the workers', and the
// helpers' share of them cost more CPU than it saved in pauses. Alternating whole runs: 46.0–51.8 s against 48.7–54.3 s
// in three pairs, 4 s less CPU each. A flag of the process, so given here rather than in vitest.config.ts.
const vitest = spawn(process.execPath, ['--single-threaded-gc', path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });

const [checked, tested] = await Promise.all([exited(typecheck), exited(vitest)]);
if (checked !== 0) {
  process.stderr.write(`\n${Buffer.concat(output).toString('utf8')}\nnpm test: the type-check (npm run typecheck) failed\n`);
  process.exit(checked);
}
process.exit(tested);
