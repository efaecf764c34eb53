#!/usr/bin/env node
// `npx generate`. Runs the compiled CLI in dist/ (built from src/ by `npm ci`,
// through the `prepare` script) when it is at least as new as every file in
// src/; otherwise runs the TypeScript sources through tsx, so an edited src/
// never runs stale.
import module from 'node:module';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Node 22+: keep V8's compiled code between runs (TypeScript itself is most of start-up).
module.enableCompileCache?.();

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : statSync(file).mtimeMs);
  }
  return newest;
}

function compiledIsCurrent() {
  try {
    return statSync(path.join(root, 'dist/.built')).mtimeMs >= newestSource(path.join(root, 'src'));
  } catch {
    return false;
  }
}

let cli;
if (compiledIsCurrent()) {
  cli = await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli.ts');
}
await cli.main(process.argv.slice(2));
