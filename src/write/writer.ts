/**
 * The only module that writes to disk. Output is staged in a temporary
 * directory next to the target and swapped in with renames, so an
 * interrupted or failed run leaves `generated/` exactly as it was. Files
 * whose bytes did not change are not rewritten (their mtime stays).
 */

import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Drift {
  /** Files whose content differs from what generation produces. */
  stale: string[];
  /** Files generation produces that are not on disk. */
  missing: string[];
  /** Files on disk that generation no longer produces. */
  extra: string[];
}

export interface WriteResult extends Drift {
  written: string[];
  unchanged: string[];
  removed: string[];
}

// The output folder is listed, compared and staged with synchronous calls: a few dozen small files, one after
// another, for each of which an async call would cost thread-pool round trips with nothing to overlap them.
function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, base));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

/**
 * Files a run would overwrite or delete but did not write itself (no
 * generated header): the run stops instead, so a mistaken `--out` or a note
 * left in `generated/` is never lost.
 */
export class ForeignFilesError extends Error {
  constructor(
    readonly outDir: string,
    readonly files: readonly string[],
  ) {
    super(`${outDir} holds files connector-gen did not write: ${files.join(', ')}`);
    this.name = 'ForeignFilesError';
  }
}

/** Decides from a file's name and first bytes whether an earlier run wrote it. */
export type Ownership = (file: string, head: string) => boolean;

function headOf(file: string): string {
  const handle = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(512);
    const bytesRead = readSync(handle, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    closeSync(handle);
  }
}

/** Which output files a run owns; files outside it are left alone (a `--provider` run). */
export type Scope = (file: string) => boolean;

const everything: Scope = () => true;

/** Compares `files` (relative path → content) with `outDir` without writing. */
export function compareOutput(outDir: string, files: ReadonlyMap<string, string>, scope: Scope = everything): Drift & { unchanged: string[] } {
  const onDisk = new Set(listFiles(outDir).filter(scope));
  const stale: string[] = [];
  const missing: string[] = [];
  const unchanged: string[] = [];
  for (const [file, content] of files) {
    if (!onDisk.has(file)) missing.push(file);
    else (readFileSync(path.join(outDir, file), 'utf8') === content ? unchanged : stale).push(file);
  }
  const extra = [...onDisk].filter((file) => !files.has(file));
  return { stale: stale.sort(), missing: missing.sort(), extra: extra.sort(), unchanged: unchanged.sort() };
}

/**
 * Makes `outDir` hold exactly `files`. The new tree is built in a sibling
 * staging directory (unchanged files are hard-linked or copied, so their
 * inode and mtime survive), then swapped in with two renames.
 */
export async function writeOutput(outDir: string, files: ReadonlyMap<string, string>, scope: Scope = everything, owns?: Ownership): Promise<WriteResult> {
  const drift = compareOutput(outDir, files, scope);
  const result: WriteResult = { ...drift, written: [...drift.stale, ...drift.missing].sort(), removed: drift.extra };
  if (result.written.length === 0 && result.removed.length === 0) return result;
  if (owns) {
    const replaced = [...drift.stale, ...drift.extra].sort();
    const heads = replaced.map((file) => headOf(path.join(outDir, file)));
    const foreign = replaced.filter((file, i) => !owns(file, heads[i]!));
    if (foreign.length > 0) throw new ForeignFilesError(outDir, foreign);
  }

  const parent = path.dirname(outDir);
  mkdirSync(parent, { recursive: true });
  const token = randomBytes(6).toString('hex');
  const staging = path.join(parent, `.${path.basename(outDir)}.staging-${token}`);
  const retired = path.join(parent, `.${path.basename(outDir)}.previous-${token}`);
  const unchanged = new Set(drift.unchanged);
  try {
    // Files outside the run's scope move over untouched.
    for (const file of listFiles(outDir).filter((f) => !scope(f))) {
      const target = path.join(staging, file);
      mkdirSync(path.dirname(target), { recursive: true });
      preserve(path.join(outDir, file), target);
    }
    for (const [file, content] of files) {
      const target = path.join(staging, file);
      mkdirSync(path.dirname(target), { recursive: true });
      if (unchanged.has(file)) preserve(path.join(outDir, file), target);
      else writeFileExclusive(target, content);
    }
    if (existsSync(outDir)) {
      renameSync(outDir, retired);
      try {
        renameSync(staging, outDir);
      } catch (error) {
        renameSync(retired, outDir); // put the old tree back before failing
        throw error;
      }
      rmSync(retired, { recursive: true, force: true });
    } else {
      renameSync(staging, outDir);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return result;
}

function preserve(source: string, target: string): void {
  try {
    linkSync(source, target);
  } catch {
    copyFileSync(source, target);
    const { atime, mtime } = statSync(source);
    utimesSync(target, atime, mtime);
  }
}

function writeFileExclusive(target: string, content: string): void {
  writeFileSync(target, content, { encoding: 'utf8', flag: 'wx' });
}
