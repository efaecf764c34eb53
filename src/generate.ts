/**
 * One generation run: parse → ir → emit → write (or compare, for --check).
 * The CLI and the tests call this; it returns what happened instead of printing.
 */

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { GenerationError, type Diagnostic } from './diagnostics.js';
import { startEmitter, type Emitter } from './emit/emitter.js';
import { GENERATED_MARK } from './emit/header.js';
import { buildIR, defaultLayout, type ProjectLayout } from './ir/index.js';
import type { GenerationIR } from './ir/model.js';
import { byName } from './ir/order.js';
import { FINGERPRINT_FILE, fingerprintText, inputsFingerprint, outputsFingerprint } from './write/fingerprint.js';
import { compareOutput, ForeignFilesError, writeOutput, type Drift, type Scope, type WriteResult } from './write/writer.js';

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
  /** Where to emit: the CLI passes one started on a worker thread, whose start-up overlaps parsing; by default, in this thread. */
  emitter?: Emitter;
}

export interface GenerateResult {
  ir: GenerationIR;
  files: Map<string, string>;
  outDir: string;
  write?: WriteResult;
  drift?: Drift & { unchanged: string[] };
  elapsedMs: number;
  /** Connectors `providers` selected that were not generated before: the whole project was generated, so the registry lists them. */
  registered?: string[];
}

/** Problems with the output folder itself, found before anything is read or written. */
function outputFolderProblems(root: string, outDir: string, given: string, mode: GenerateOptions['mode']): Diagnostic[] {
  const relative = path.relative(outDir, root);
  // The project root, or a folder above it: replacing it would replace the project.
  if (mode === 'write' && (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative)))) {
    return [{ file: given, code: 'usage', message: '--out would replace the project itself (specs/, mappings/, src/ with it)', hint: 'choose a folder of its own, such as `generated` (the default)' }];
  }
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    return [{ file: given, code: 'usage', message: '--out is a file, not a folder', hint: 'choose a new folder, or one an earlier `npx generate` wrote' }];
  }
  return [];
}

/** A file in the output folder is this generator's when it carries the generated header (or is the fingerprint). */
function ownedByGenerator(file: string, head: string): boolean {
  return file === FINGERPRINT_FILE ? head.startsWith('inputs ') : head.includes(GENERATED_MARK);
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const layout = { ...defaultLayout(options.root), ...options.layout };
  const given = options.out ?? 'generated';
  const outDir = path.resolve(options.root, given);
  const problems = outputFolderProblems(options.root, outDir, given, options.mode);
  if (problems.length > 0) {
    options.emitter?.stop();
    throw new GenerationError(problems);
  }
  const emitter = options.emitter ?? startEmitter(options.root, { thread: false });
  let ir: GenerationIR;
  let partial = options.providers !== undefined && options.providers.length > 0;
  let registered: string[] | undefined;
  try {
    ir = await buildIR(layout, { ...(options.providers ? { providers: options.providers } : {}) });
    // A partial run leaves the shared files (the registry `index.gen.ts`, CONNECTORS.md, the fingerprint) as they are: a
    // connector generated for the first time would be written but unknown to `createConnector`. Then the whole project is.
    const unregistered = partial && options.mode === 'write' ? ir.connectors.filter((c) => !existsSync(path.join(outDir, c.folder, 'connector.gen.ts'))).map((c) => c.folder) : [];
    if (unregistered.length > 0) {
      registered = unregistered;
      partial = false;
      ir = await buildIR(layout);
    }
  } catch (error) {
    emitter.stop();
    throw error;
  }
  const emitted = emitter.emit(ir, outDir);
  // While the emitter works: the inputs' fingerprint, and on a worker thread, where each note points (the CLI prints them).
  const inputs = partial ? undefined : inputsFingerprint(options.root, layout.spec.split('/')[0], layout.mappings);
  if (emitter.threaded) for (const diagnostic of [...ir.warnings, ...ir.connectors.flatMap((connector) => connector.trusted)]) void diagnostic.position;
  let files = await emitted;
  let scope: Scope | undefined;
  if (partial) {
    // A partial run leaves shared files, the fingerprint among them, as they are.
    // The selected connectors' folders and their APIs' unified modules (`unified/`, `crm/unified/`).
    const owned = [...ir.connectors.map((c) => `${c.folder}/`), ...ir.apis.map((api) => (api.unified.folder ? `${api.unified.folder}/unified/` : 'unified/'))];
    scope = (file) => owned.some((prefix) => file.startsWith(prefix));
    files = new Map([...files].filter(([file]) => scope!(file)));
  } else {
    files.set(FINGERPRINT_FILE, fingerprintText(inputs!, outputsFingerprint(files)));
    files = new Map(byName([...files]));
  }
  const result: GenerateResult = { ir, files, outDir, elapsedMs: 0, ...(registered ? { registered } : {}) };
  if (options.mode === 'write') {
    try {
      result.write = await writeOutput(outDir, files, scope, ownedByGenerator);
    } catch (error) {
      if (!(error instanceof ForeignFilesError)) throw error;
      const shown = path.relative(options.root, outDir) || '.';
      throw new GenerationError(
        error.files.map((file) => ({
          file: `${shown}/${file}`,
          code: 'output-not-owned' as const,
          message: `was not written by connector-gen (no generated header), and this run would ${files.has(file) ? 'overwrite' : 'delete'} it`,
          hint: `move it out of ${shown}/ (the folder belongs to the generator), or choose another --out`,
        })),
      );
    }
  } else if (options.mode === 'check') result.drift = compareOutput(outDir, files, scope);
  result.elapsedMs = performance.now() - started;
  return result;
}
