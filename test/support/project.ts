/**
 * A throwaway copy of the project's inputs in a temporary directory, so
 * tests can break a mapping or change the spec and run the real generator
 * (and the CLI) without touching the repository.
 */

import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TempProject {
  root: string;
  read(file: string): Promise<string>;
  write(file: string, content: string): Promise<void>;
  /** Rewrites a file through `change`. */
  edit(file: string, change: (text: string) => string): Promise<void>;
  /** A module of the project (a generated transformer), imported in this run: its exports, as the test types them. */
  load<T>(file: string): Promise<T>;
  dispose(): Promise<void>;
}

/**
 * Copies specs/, mappings/ and templates/ (and with `withGenerated`, the
 * committed generated/). src/, test/ and node_modules/ are linked, so
 * generated code in the copy imports the real runtime and type-checks.
 */
export async function tempProject(options: { withGenerated?: boolean; mappings?: readonly string[] } = {}): Promise<TempProject> {
  // Made with synchronous calls: a project is a hundred-odd small files, and an async copy makes several
  // thread-pool round trips of each, which a run of a few hundred projects waits on in all.
  const root = mkdtempSync(path.join(tmpdir(), 'connector-gen-'));
  const selected = (name: string) => !options.mappings || options.mappings.includes(name.replace(/\.ya?ml$/, ''));
  // With a provider selection, only their provider specs come along.
  copyTree(path.join(repoRoot, 'specs'), path.join(root, 'specs'), (source) => path.basename(path.dirname(source)) !== 'providers' || selected(path.basename(source)));
  copyTree(path.join(repoRoot, 'templates'), path.join(root, 'templates'));
  copyTree(path.join(repoRoot, 'mappings'), path.join(root, 'mappings'), (source) => !/\.ya?ml$/.test(source) || selected(path.basename(source)));
  if (options.withGenerated) copyTree(path.join(repoRoot, 'generated'), path.join(root, 'generated'));
  for (const linked of ['src', 'test', 'bench', 'node_modules']) symlinkSync(path.join(repoRoot, linked), path.join(root, linked), 'dir');
  // The copy type-checks its own output and what it imports (the runtime, the test support), not the linked
  // src/ and test/ as a whole: the repository's tests import the repository's own connectors.
  const tsconfig = JSON.parse(readFileSync(path.join(repoRoot, 'tsconfig.json'), 'utf8')) as { include: string[] };
  tsconfig.include = ['generated', 'mappings'];
  writeFileSync(path.join(root, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  for (const file of ['package.json', 'vitest.config.ts']) writeFileSync(path.join(root, file), readFileSync(path.join(repoRoot, file)));
  return {
    root,
    read: (file) => readFile(path.join(root, file), 'utf8'),
    write: (file, content) => writeFile(path.join(root, file), content),
    async edit(file, change) {
      const text = await readFile(path.join(root, file), 'utf8');
      const changed = change(text);
      if (changed === text) throw new Error(`edit of ${file} changed nothing`);
      await writeFile(path.join(root, file), changed);
    },
    load: async <T>(file: string) => (await import(pathToFileURL(path.join(root, file)).href)) as T,
    dispose: async () => removeTree(root),
  };
}

/**
 * Copies the files of `from` that `wanted` keeps (all by default) into `to`. One system call a file and one
 * a folder: `cpSync` checks each entry several times over, which in a run of a few hundred projects added up.
 */
function copyTree(from: string, to: string, wanted: (file: string) => boolean = () => true): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) copyTree(source, path.join(to, entry.name), wanted);
    else if (wanted(source)) copyFileSync(source, path.join(to, entry.name));
  }
}

/** Removes `dir` and what it holds, links removed rather than followed (a project's src/ links to the repository's). */
function removeTree(dir: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) removeTree(full);
    else unlinkSync(full);
  }
  rmdirSync(dir);
}

/**
 * Every file and folder under `dir` with its inode, size and change time: equal before and after exactly when
 * nothing under `dir` was written, created, removed or replaced, even with the same bytes (any write moves a
 * file's change time, which no call can set back). A fraction of the cost of reading every file (`snapshotTree`)
 * where the question is whether a run touched the folder at all.
 */
export function treeState(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (current: string) => {
    let entries: string[];
    try {
      entries = readdirSync(current);
    } catch {
      return;
    }
    for (const entry of entries.sort()) {
      const full = path.join(current, entry);
      const info = lstatSync(full, { bigint: true });
      out.set(path.relative(dir, full), `${info.isDirectory() ? 'folder' : info.isSymbolicLink() ? 'link' : 'file'} ${info.ino} ${info.size} ${info.ctimeNs}`);
      if (info.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out;
}

/**
 * Every file under `dir` with its content, for before/after comparisons. Read
 * synchronously: a tree is a few dozen small files, and one call per file
 * costs less than the four thread-pool round trips an async read makes of it.
 */
export async function snapshotTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = (current: string) => {
    let entries: string[];
    try {
      entries = readdirSync(current);
    } catch {
      return;
    }
    for (const entry of entries.sort()) {
      const full = path.join(current, entry);
      const info = lstatSync(full);
      // A link (a project's src/, node_modules/) is recorded as where it points, not read through.
      if (info.isSymbolicLink()) out.set(path.relative(dir, full), `-> ${readlinkSync(full)}`);
      else if (info.isDirectory()) walk(full);
      else out.set(path.relative(dir, full), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out;
}
