/**
 * One generation run: parse → ir → emit → write (or compare, for --check).
 * The CLI and the tests call this; it returns what happened instead of printing.
 */

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { GenerationError, type Diagnostic } from './diagnostics.js';
import { startEmitter, type Emitter } from './emit/emitter.js';
import { GENERATED_MARK } from './emit/header.js';
import { buildIR, defaultLayout, documentsReadBy, type ProjectLayout } from './ir/index.js';
import type { ApiIR, ConnectorIR, GenerationIR } from './ir/model.js';
import { byName } from './ir/order.js';
import { FINGERPRINT_FILE, fingerprintText, inputsRecord, outputsFingerprint, outputsOnDisk, partialFingerprint } from './write/fingerprint.js';
import { compareOutput, ForeignFilesError, writeOutput, type Drift, type Scope, type WriteResult } from './write/writer.js';

export interface GenerateOptions {
  /** Project root (absolute). */
  root: string;
  /** Output directory, relative to the root or absolute (default `generated`). */
  out?: string;
  /** Only these providers: their folders are written, with the files their APIs share and the fingerprint, which a whole run would write alike. */
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
  /** After a partial run, files left as they were though a whole run would write them otherwise, and why (the CLI warns). */
  leftStale?: { files: string[]; why: string };
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
  const providers = options.providers && options.providers.length > 0 ? options.providers : undefined;
  let ir: GenerationIR;
  let partial = providers !== undefined;
  let registered: string[] | undefined;
  // Why a partial run could not read every mapping of its providers' APIs, whose shared files then stay as they are.
  let unread: GenerationError | undefined;
  try {
    if (providers) {
      // Every mapping of the APIs the providers map is read, so the files those APIs share list each connector as its
      // mapping says; when another of them does not generate, the providers' own folders still are (`unread`).
      ({ unread, ...ir } = await buildIR(layout, { providers, wholeApis: true }));
    } else ir = await buildIR(layout);
    // A connector generated for the first time would be unknown to `createConnector` if the registry were not
    // written: then the whole project is generated.
    const unregistered = partial && options.mode === 'write' ? ir.connectors.filter((c) => providers!.includes(c.service) && !existsSync(path.join(outDir, c.folder, 'connector.gen.ts'))).map((c) => c.folder) : [];
    if (unregistered.length > 0) {
      registered = unregistered;
      partial = false;
      unread = undefined;
      ir = await buildIR(layout);
    }
  } catch (error) {
    emitter.stop();
    throw error;
  }
  const selection = partial ? new Selection(ir, providers!) : undefined;
  const emitted = selection ? emitter.emit(selection.emitted, outDir, selection.folders) : emitter.emit(ir, outDir);
  // While the emitter works: the inputs' fingerprint, and on a worker thread, where each note points (the CLI prints them).
  const inputs = inputsRecord(options.root, layout.spec.split('/')[0], layout.mappings);
  const readers = selection && !unread ? await documentsReadBy(layout) : undefined;
  if (emitter.threaded) for (const diagnostic of [...ir.warnings, ...ir.connectors.flatMap((connector) => connector.trusted)]) void diagnostic.position;
  let files = await emitted;
  let scope: Scope | undefined;
  let leftStale: GenerateResult['leftStale'];
  if (selection) {
    const emittedFiles = files;
    const owned = (file: string) => emittedFiles.has(file) || selection.prefixes.some((prefix) => file.startsWith(prefix));
    if (unread) {
      // The providers' folders and their APIs' unified modules only: the registry and the prose list every connector.
      files = new Map([...files].filter(([file]) => selection.prefixes.some((prefix) => file.startsWith(prefix))));
      scope = (file) => selection.prefixes.some((prefix) => file.startsWith(prefix));
      const shared = [...emittedFiles.keys()].filter((file) => !files.has(file));
      const failing = [...new Set(unread.diagnostics.map((d) => d.file))].sort();
      leftStale = { files: [...shared, FINGERPRINT_FILE].sort(), why: `${failing.join(', ')} ${failing.length === 1 ? 'does' : 'do'} not generate (\`npx generate\` reports why), and ${shared.length ? 'these list' : 'it records'} every connector` };
    } else {
      const regenerated = new Set(selection.connectors.map((c) => c.files.mapping));
      // What the folder holds once written: the files outside this run's scope as they are, the rest as emitted.
      const after = () => new Map<string, string | Buffer>([...[...outputsOnDisk(outDir)].filter(([file]) => !owned(file)), ...emittedFiles]);
      const fingerprint = partialFingerprint(options.root, outDir, inputs, (document) => readersOf(readers!, document), regenerated, after);
      if ('text' in fingerprint) files = new Map(byName([...files, [FINGERPRINT_FILE, fingerprint.text]]));
      else leftStale = { files: [FINGERPRINT_FILE], why: fingerprint.why };
      scope = (file) => owned(file) || (file === FINGERPRINT_FILE && files.has(file));
    }
    ir = selection.view;
  } else {
    files.set(FINGERPRINT_FILE, fingerprintText(inputs, outputsFingerprint(files)));
    files = new Map(byName([...files]));
  }
  const result: GenerateResult = { ir, files, outDir, elapsedMs: 0, ...(registered ? { registered } : {}), ...(leftStale && options.mode === 'write' ? { leftStale } : {}) };
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

/**
 * What a `--provider` run generates: the selected providers' connectors, whose own files it writes, and the APIs
 * they map, whose shared files it writes from every connector of the API (or, when not every mapping could be
 * read, only their unified modules).
 */
class Selection {
  readonly connectors: ConnectorIR[];
  /** The IR emitted: the APIs the providers map, each with all its connectors read. */
  readonly emitted: GenerationIR;
  /** The connectors whose own files are emitted. */
  readonly folders: string[];
  /** Folders the run owns outright: a file in them it does not write is removed. */
  readonly prefixes: string[];
  /** The run as it reports itself: the selected connectors, and the warnings of what they read. */
  readonly view: GenerationIR;

  constructor(ir: GenerationIR, providers: readonly string[]) {
    const chosen = (c: ConnectorIR) => providers.includes(c.service);
    this.connectors = ir.connectors.filter(chosen);
    const apis = ir.apis.filter((api) => api.connectors.some(chosen));
    this.emitted = { apis, connectors: apis.flatMap((api) => api.connectors), warnings: ir.warnings };
    this.folders = this.connectors.map((c) => c.folder);
    // A provider's sections share its folder (crm/hubspot/), so a section no longer mapped is removed with it.
    const under = (api: ApiIR) => (api.unified.folder ? `${api.unified.folder}/` : '');
    this.prefixes = [...new Set(apis.flatMap((api) => [...api.connectors.filter(chosen).map((c) => `${under(api)}${c.service}/`), `${under(api)}unified/`]))];
    // Warnings about files only the other connectors read are theirs: a whole run prints them.
    const theirs = new Set(this.connectors.flatMap((c) => [c.files.mapping, c.files.providerSpec]));
    const others = new Set(ir.connectors.filter((c) => !chosen(c)).flatMap((c) => [c.files.mapping, c.files.providerSpec]).filter((file) => !theirs.has(file)));
    const view = (api: ApiIR): ApiIR => ({ ...api, connectors: api.connectors.filter(chosen) });
    this.view = { apis: apis.map(view), connectors: this.connectors, warnings: ir.warnings.filter((w) => !others.has(w.file)) };
  }
}

/** The mappings that read a document, or undefined when one that might cannot be read. */
function readersOf(readers: ReadonlyMap<string, readonly string[] | undefined>, document: string): string[] | undefined {
  if ([...readers.values()].some((files) => files === undefined)) return undefined;
  return [...readers].filter(([, files]) => files!.includes(document)).map(([mapping]) => mapping);
}
