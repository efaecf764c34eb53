/**
 * The only module that writes to disk. Output is staged in a temporary
 * directory next to the target and swapped in with renames, so an
 * interrupted or failed run leaves `generated/` exactly as it was. Files
 * whose bytes did not change are not rewritten (their mtime stays).
 */

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, link, mkdir, open, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
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

async function listFiles(dir: string, base = dir): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
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

async function headOf(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Which output files a run owns; files outside it are left alone (a `--provider` run). */
export type Scope = (file: string) => boolean;

const everything: Scope = () => true;

/** Compares `files` (relative path → content) with `outDir` without writing. */
export async function compareOutput(outDir: string, files: ReadonlyMap<string, string>, scope: Scope = everything): Promise<Drift & { unchanged: string[] }> {
  const onDisk = new Set((await listFiles(outDir)).filter(scope));
  const stale: string[] = [];
  const missing: string[] = [];
  const unchanged: string[] = [];
  await Promise.all(
    [...files].map(async ([file, content]) => {
      if (!onDisk.has(file)) return void missing.push(file);
      const current = await readFile(path.join(outDir, file), 'utf8');
      (current === content ? unchanged : stale).push(file);
    }),
  );
  const extra = [...onDisk].filter((file) => !files.has(file));
  return { stale: stale.sort(), missing: missing.sort(), extra: extra.sort(), unchanged: unchanged.sort() };
}

/**
 * Makes `outDir` hold exactly `files`. The new tree is built in a sibling
 * staging directory (unchanged files are hard-linked or copied, so their
 * inode and mtime survive), then swapped in with two renames.
 */
export async function writeOutput(outDir: string, files: ReadonlyMap<string, string>, scope: Scope = everything, owns?: Ownership): Promise<WriteResult> {
  const drift = await compareOutput(outDir, files, scope);
  const result: WriteResult = { ...drift, written: [...drift.stale, ...drift.missing].sort(), removed: drift.extra };
  if (result.written.length === 0 && result.removed.length === 0) return result;
  if (owns) {
    const replaced = [...drift.stale, ...drift.extra].sort();
    const heads = await Promise.all(replaced.map((file) => headOf(path.join(outDir, file))));
    const foreign = replaced.filter((file, i) => !owns(file, heads[i]!));
    if (foreign.length > 0) throw new ForeignFilesError(outDir, foreign);
  }

  const parent = path.dirname(outDir);
  await mkdir(parent, { recursive: true });
  const token = randomBytes(6).toString('hex');
  const staging = path.join(parent, `.${path.basename(outDir)}.staging-${token}`);
  const retired = path.join(parent, `.${path.basename(outDir)}.previous-${token}`);
  const unchanged = new Set(drift.unchanged);
  try {
    // Files outside the run's scope move over untouched.
    for (const file of (await listFiles(outDir)).filter((f) => !scope(f))) {
      const target = path.join(staging, file);
      await mkdir(path.dirname(target), { recursive: true });
      await preserve(path.join(outDir, file), target);
    }
    for (const [file, content] of files) {
      const target = path.join(staging, file);
      await mkdir(path.dirname(target), { recursive: true });
      if (unchanged.has(file)) await preserve(path.join(outDir, file), target);
      else await writeFileExclusive(target, content);
    }
    if (existsSync(outDir)) {
      await rename(outDir, retired);
      try {
        await rename(staging, outDir);
      } catch (error) {
        await rename(retired, outDir); // put the old tree back before failing
        throw error;
      }
      await rm(retired, { recursive: true, force: true });
    } else {
      await rename(staging, outDir);
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return result;
}

async function preserve(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
  } catch {
    await copyFile(source, target);
    const { atime, mtime } = await stat(source);
    await utimes(target, atime, mtime);
  }
}

async function writeFileExclusive(target: string, content: string): Promise<void> {
  await writeFile(target, content, { encoding: 'utf8', flag: 'wx' });
}
