/**
 * What happened to one mutant: refused by the checker with a position in
 * the mapping, caught by the connector's generated suite, or survived.
 * Runs the real generator in-process on a temporary copy of the project.
 */

import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GenerationError, formatDiagnostic } from '../../src/diagnostics.js';
import { generate } from '../../src/generate.js';
import type { Mutant } from './mutator.js';

export type Verdict =
  | { outcome: 'checker'; diagnostic: string }
  | { outcome: 'tests'; detail: string }
  /** `flaky`: the suite failed once and then passed: not counted as a kill. */
  | { outcome: 'survived'; identical: boolean; flaky?: string }
  /** Refused, but with no position in the mapping, or the generator crashed: neither counts as a kill. */
  | { outcome: 'unpositioned'; detail: string };

/** The generator's verdict alone: refused with a position in `file`, or the files it would write. */
export async function checkerVerdict(root: string, file: string): Promise<{ refused: string } | { unpositioned: string } | { files: Map<string, string> }> {
  try {
    const result = await generate({ root, mode: 'none' });
    return { files: result.files };
  } catch (error) {
    if (!(error instanceof GenerationError)) return { unpositioned: `crashed: ${String(error).split('\n')[0]}` };
    const positioned = error.diagnostics.find((d) => d.file === file && d.position !== undefined);
    return positioned ? { refused: formatDiagnostic(positioned).split('\n')[0]! } : { unpositioned: error.message.split('\n')[0]! };
  }
}

/**
 * Runs `generated/<service>`'s suite in a child vitest, stopping at the first
 * test that fails three times running (a timing-sensitive test can fail once on a loaded machine).
 */
export function runSuite(root: string, service: string, timeoutMs: number): Promise<{ passed: boolean; detail: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', `generated/${service}`, '--bail=1', '--retry=2', '--reporter=dot'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const failed = /FAIL\s+\S+.*$/m.exec(output)?.[0] ?? /(\d+ failed)/.exec(output)?.[0] ?? (code === null ? `no verdict within ${timeoutMs} ms` : `exit ${code}`);
      resolve({ passed: code === 0, detail: code === 0 ? 'passed' : failed.trim().slice(0, 200) });
    });
  });
}

/**
 * Judges `mutant` in the project at `root` (a temporary copy holding only
 * this mapping), given the files the unmutated mapping generates.
 */
export async function judge(root: string, service: string, mutant: Mutant, baseline: Map<string, string>, timeoutMs: number): Promise<Verdict> {
  const mappingPath = path.join(root, mutant.file);
  const original = await readFile(mappingPath, 'utf8');
  await writeFile(mappingPath, mutant.text);
  try {
    const checked = await checkerVerdict(root, mutant.file);
    if ('refused' in checked) return { outcome: 'checker', diagnostic: checked.refused };
    if ('unpositioned' in checked) return { outcome: 'unpositioned', detail: checked.unpositioned };
    // The fingerprint hashes the inputs, so it differs for any edit; the rest is what the mapping means.
    const identical = [...checked.files].every(([file, content]) => file === '.fingerprint' || baseline.get(file) === content) && checked.files.size === baseline.size;
    if (identical) return { outcome: 'survived', identical: true };
    await generate({ root, mode: 'write' });
    const suite = await runSuite(root, service, timeoutMs);
    if (suite.passed) return { outcome: 'survived', identical: false };
    // And a kill must fail a second run too.
    const again = await runSuite(root, service, timeoutMs);
    return again.passed ? { outcome: 'survived', identical: false, flaky: suite.detail } : { outcome: 'tests', detail: again.detail };
  } finally {
    await writeFile(mappingPath, original);
  }
}
