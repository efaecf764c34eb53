/**
 * One generation run: parse → ir → emit → write (or compare, for --check).
 * The CLI and the tests call this; it returns what happened instead of printing.
 */

import path from 'node:path';
import { createEmitContext } from './emit/context.js';
import { emitAll } from './emit/index.js';
import { buildIR, defaultLayout, type ProjectLayout } from './ir/index.js';
import type { GenerationIR } from './ir/model.js';
import { loadTemplates } from './parse/templates.js';
import { FINGERPRINT_FILE, fingerprintText, inputsFingerprint, outputsFingerprint } from './write/fingerprint.js';
import { compareOutput, writeOutput, type Drift, type Scope, type WriteResult } from './write/writer.js';

export interface GenerateOptions {
  /** Project root (absolute). */
  root: string;
  /** Output directory, relative to the root or absolute (default `generated`). */
  out?: string;
  /** Only these providers (their folders are written; shared files are left as they are). */
  providers?: readonly string[];
  /** `check`: compare only; `write`: write; `none`: build and emit, touch nothing (validate). */
  mode: 'write' | 'check' | 'none';
  layout?: Partial<ProjectLayout>;
}

export interface GenerateResult {
  ir: GenerationIR;
  files: Map<string, string>;
  outDir: string;
  write?: WriteResult;
  drift?: Drift & { unchanged: string[] };
  elapsedMs: number;
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const layout = { ...defaultLayout(options.root), ...options.layout };
  const outDir = path.resolve(options.root, options.out ?? 'generated');
  const [ir, templates] = await Promise.all([buildIR(layout, { ...(options.providers ? { providers: options.providers } : {}) }), loadTemplates(options.root)]);
  const context = createEmitContext(options.root, outDir, templates);
  let files = emitAll(ir, context);
  let scope: Scope | undefined;
  if (options.providers && options.providers.length > 0) {
    // A partial run leaves shared files, the fingerprint among them, as they are.
    const owned = new Set(options.providers);
    scope = (file) => owned.has(file.split('/')[0]!) || file.startsWith('unified/');
    files = new Map([...files].filter(([file]) => scope!(file)));
  } else {
    files.set(FINGERPRINT_FILE, fingerprintText(await inputsFingerprint(options.root, layout.spec.split('/')[0], layout.mappings), outputsFingerprint(files)));
    files = new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  const result: GenerateResult = { ir, files, outDir, elapsedMs: 0 };
  if (options.mode === 'write') result.write = await writeOutput(outDir, files, scope);
  else if (options.mode === 'check') result.drift = await compareOutput(outDir, files, scope);
  result.elapsedMs = performance.now() - started;
  return result;
}
