/**
 * The order test files start in. Vitest starts the longest first when it has
 * timings of an earlier run; a fresh clone has none, and vitest then starts
 * the largest files first, which leaves the short files that generate whole
 * projects or start the CLI (long, for their size) to the end, where one
 * worker runs them while the other has nothing left. Without timings, those
 * start first; with timings, vitest's own order stands.
 */

import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Files that generate projects, spawn the CLI or type-check, longest first as measured; any other file after them. */
const LONG_FOR_THEIR_SIZE = [
  'test/cli/bin.test.ts',
  'test/cli/cli.test.ts',
  'test/draft/draft-generates-1.test.ts',
  'test/generator/golden.test.ts',
  'test/draft/draft-generates-2.test.ts',
  'test/generator/spec-driven.test.ts',
  'test/bench-baselines.test.ts',
  'test/generator/published-documents.test.ts',
  'test/generator/nested.test.ts',
  'test/generator/hostile.test.ts',
  'test/generator/absent-records.test.ts',
  'test/generator/several-types.test.ts',
];

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const key = (file: TestSpecification) => `${file.project.name}:${path.relative(root, file.moduleId)}`;
    if (sorted.every((file) => this.ctx.cache.getFileTestResults(key(file)) !== undefined)) return sorted;
    const rank = (file: TestSpecification) => {
      const at = LONG_FOR_THEIR_SIZE.indexOf(path.relative(root, file.moduleId).split(path.sep).join('/'));
      return at < 0 ? LONG_FOR_THEIR_SIZE.length : at;
    };
    // Stable: among the rest, vitest's order (largest first) stands.
    return sorted.map((file, index) => ({ file, index })).sort((a, b) => rank(a.file) - rank(b.file) || a.index - b.index).map(({ file }) => file);
  }
}
