/** What every emitter needs besides the IR: where files go and how they import each other. */

import path from 'node:path';
import { Printer } from './printer.js';

export interface EmitContext {
  printer: Printer;
  /** Import specifier of the runtime from a generated file (path relative to the output directory). */
  runtime(fromFile: string): string;
  /** Import specifier of another generated file, both relative to the output directory. */
  sibling(fromFile: string, toFile: string): string;
  /** Import specifier of a project file (hooks, test support) from a generated file. */
  project(fromFile: string, projectFile: string): string;
}

/**
 * `outDir` and `root` are absolute; output files are addressed relative to
 * `outDir`. Specifiers end in `.js`, as Node's ESM resolution wants.
 */
export function createEmitContext(root: string, outDir: string): EmitContext {
  const relative = (fromFile: string, target: string) => {
    const from = path.dirname(path.join(outDir, fromFile));
    let specifier = path.relative(from, target).split(path.sep).join('/');
    if (!specifier.startsWith('.')) specifier = `./${specifier}`;
    return specifier.replace(/\.ts$/, '.js');
  };
  return {
    printer: new Printer(),
    runtime: (fromFile) => relative(fromFile, path.join(root, 'src/runtime/index.js')),
    sibling: (fromFile, toFile) => relative(fromFile, path.join(outDir, toFile)),
    project: (fromFile, projectFile) => relative(fromFile, path.join(root, projectFile)),
  };
}
