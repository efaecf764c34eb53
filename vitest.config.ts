import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/support/sequencer.js';

// The workers' young generation at 64 MB a half rather than V8's 16: a run allocates short-lived objects
// fast (generation, parsing answers, loopback HTTP), and with a smaller nursery they were copied out and
// collected far more often. Measured over whole runs on a two-core machine: 16 MB, median 62 s against 54 s
// at 32 MB; then 32 MB against 64 MB in six alternating pairs, 64 MB the faster in each, medians 53.7 and 48.4 s.
// Set here, before vitest starts its worker threads, whose heaps take it from the process's flags.
setFlagsFromString('--max-semi-space-size=64');

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'generated/**/*.gen.test.ts'],
    // Worker threads, and test files sharing a worker's module cache: the generator
    // (TypeScript and ts-morph among it) loads once per worker, not once per file.
    // Tests hold no module-level state of their own that another file could see.
    pool: 'threads',
    isolate: false,
    // A worker per core. Vitest's default for a run keeps one core for its main process, which mostly
    // waits: on a two-core machine that is a single worker, running every file one after another.
    maxWorkers: availableParallelism(),
    // On a fresh clone (no timings yet), the files long for their size start first.
    sequence: { sequencer: LongestFirstSequencer },
    // Concurrent cases (the fault matrix's) mostly wait on loopback providers and timeouts: ten at once
    // per worker overlap those waits (vitest's default is five).
    maxConcurrency: 10,
    // Connector suites start loopback servers; keep them bounded.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Warnings from connectors under test are asserted where they matter, not printed.
    silent: 'passed-only',
  },
});
