/**
 * Type-checks what a temporary project generated, with the native TypeScript
 * compiler (`typescript-native`, the one `npm run typecheck` uses) and the
 * project's tsconfig.json (test/support/project.ts): the project's own files
 * (generated/, mappings/) and everything they import — the runtime and the
 * test support, through the project's links — with every diagnostic in them.
 * A child process, awaited: the worker's other tests go on meanwhile. On one
 * thread: the test workers have the cores, and the compiler's own threads
 * cost more CPU in all than they save.
 */

import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const compiler = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript-native/package.json')), 'bin/tsc');

/** Every diagnostic, as tsc prints them; empty when the project type-checks. */
export async function typeCheck(root: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(process.execPath, [compiler, '-p', path.join(root, 'tsconfig.json'), '--noEmit', '--pretty', 'false', '--singleThreaded'], { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const printed = `${stdout}${stderr}`.trim();
      // A failure that printed nothing (the compiler missing, killed) must not read as a clean check.
      resolve(error && printed === '' ? `tsc failed: ${error.message}` : printed);
    });
  });
}
