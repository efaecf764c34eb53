/**
 * `npx generate` — the command line. Exit codes:
 *   0  done (or, with --check, generated/ matches its inputs)
 *   1  --check found stale, missing or extra files
 *   2  an input is wrong (each problem printed as file:line:col)
 *   3  the generator itself failed (a bug: please report it)
 */

import { constants, existsSync, readdirSync, watch } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { formatAll, formatDiagnostic, GenerationError } from './diagnostics.js';
import type { GenerateResult } from './generate.js';
import { pascalCase } from './ir/names.js';
import { FINGERPRINT_FILE, fingerprintMatches } from './write/fingerprint.js';

// The pipeline (TypeScript, ts-morph, the YAML readers) loads only when a run needs it:
// `--check` on an unchanged tree answers from the fingerprint alone.
const pipeline = () => import('./generate.js');
const threadedEmitter = async (root: string) => (await import('./emit/emitter.js')).startEmitter(root, { thread: true });

export const EXIT = { ok: 0, drift: 1, input: 2, internal: 3 } as const;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: Io = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };

/** Warnings go to stderr and never change the exit code: the run itself succeeded. */
function warn(io: Io, result: GenerateResult): void {
  for (const warning of result.ir.warnings) io.err(formatDiagnostic(warning, 'warning'));
  // What was trusted on a mapping's word is worth seeing in a build log, but is not a fault. The sections of one mapping
  // share its connection, and each connector lists what it trusts there: printed once.
  const notes = new Set(result.ir.connectors.flatMap((connector) => connector.trusted.map((note) => formatDiagnostic(note, 'note'))));
  for (const note of notes) io.err(note);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function summary(result: GenerateResult): string {
  // A connector of another unified API, or of one resource of several, is named by its folder (`crm/hubspot/contacts`).
  const services = result.ir.connectors.map((c) => c.folder);
  const connectors = `${plural(services.length, 'connector')}${services.length ? ` (${services.join(', ')})` : ''}`;
  const seconds = (result.elapsedMs / 1000).toFixed(2);
  if (result.write) {
    const { written, unchanged, removed } = result.write;
    const widened = result.registered ? ` (all of them: ${result.registered.join(', ')} had not been generated before, and the registry, CONNECTORS.md and COVERAGE.md now list ${result.registered.length === 1 ? 'it' : 'them'})` : '';
    return `generated ${connectors}${widened}: ${plural(written.length, 'file')} written, ${unchanged.length} unchanged, ${removed.length} removed in ${seconds} s`;
  }
  return `checked ${connectors} in ${seconds} s`;
}

/**
 * What a partial run left as it was though a whole run would write it otherwise: said even with --quiet, since
 * `--check` fails on it, and a quiet run that exits 0 must not look like one that left generated/ up to date.
 */
function leftStale(io: Io, out: string, result: GenerateResult): void {
  if (!result.leftStale) return;
  const { files, why } = result.leftStale;
  io.err(`${files.map((file) => `${out}/${file}`).join(', ')}: warning: left as ${files.length === 1 ? 'it was' : 'they were'}, so \`npx generate --check\` fails until a whole run: ${why}\n  run \`npx generate\` (every provider) before committing`);
}

async function run(io: Io, action: () => Promise<number>, quiet = false): Promise<number> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof GenerationError) {
      // Errors and TODO warnings together, in file order, so one run shows everything to fix; with --quiet, the errors only.
      const warnings = quiet ? [] : error.warnings;
      for (const line of formatAll(error.diagnostics, warnings)) io.err(line);
      io.err(`${plural(error.diagnostics.length, 'problem')} found${warnings.length ? ` (and ${plural(warnings.length, 'warning')})` : ''}; nothing was written.`);
      return EXIT.input;
    }
    io.err(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.internal;
  }
}

function providerList(value: string, previous: string[] = []): string[] {
  const ids = value.split(',').map((id) => id.trim()).filter(Boolean);
  for (const id of ids) if (!/^[a-z][a-z0-9-]*$/.test(id)) throw new InvalidArgumentError(`'${id}' is not a service id (lower-case letters, digits, dashes)`);
  return [...previous, ...ids];
}

export function buildProgram(root: string, io: Io = defaultIo, setExit: (code: number) => void = (code) => (process.exitCode = code)): Command {
  const program = new Command('generate');
  // Usage mistakes are thrown, not exited on, so `main` can give them exit code 2 (subcommands inherit this).
  program.exitOverride();
  program
    .description('Generate typed connectors for the unified API from specs/ and mappings/ into generated/.')
    .option('--check', 'write nothing; list stale, missing and extra files and exit 1 if generated/ does not match its inputs')
    .option('--provider <ids>', "only these providers (comma-separated or repeated), with the registry, CONNECTORS.md and COVERAGE.md of their APIs and the fingerprint; a new one makes it a whole run", providerList)
    .option('--out <dir>', 'output directory', 'generated')
    .option('--watch', 'regenerate whenever a spec, mapping or template changes')
    .option('--quiet', 'print errors only (and, after --provider, what it had to leave stale)')
    .addHelpText(
      'after',
      `
Examples:
  npx generate                       write generated/ from specs/ and mappings/
  npx generate --check               in CI: fail when generated/ is out of date
  npx generate --provider <id>       regenerate one provider's connectors (mappings/<id>.yaml, mappings/<api>/<id>.yaml)
  npx generate validate              check every input, write nothing
  npx generate new acme              scaffold mappings/acme.yaml and specs/providers/acme.yaml
  npx generate new acme --from openapi.yaml   draft mappings/acme.yaml from the provider's OpenAPI document
  npx generate --watch               regenerate on every change

Exit codes: 0 done, 1 --check found drift, 2 an input is wrong, 3 internal error.`,
    )
    .showHelpAfterError()
    .action(async (options: { check?: boolean; provider?: string[]; out: string; watch?: boolean; quiet?: boolean }) => {
      const once = () =>
        run(io, async () => {
          if (options.check && !options.provider) {
            const started = performance.now();
            if (fingerprintMatches(root, path.resolve(root, options.out))) {
              // Mapping files of the default API and of the others (`mappings/<api>/`), without loading the generator.
              const entries = await readdir(path.join(root, 'mappings'), { withFileTypes: true }).catch(() => []);
              const nested = await Promise.all(entries.filter((e) => e.isDirectory()).map((e) => readdir(path.join(root, 'mappings', e.name)).catch(() => [] as string[])));
              const mappings = [...entries.filter((e) => !e.isDirectory()).map((e) => e.name), ...nested.flat()].filter((file) => /\.ya?ml$/.test(file)).length;
              if (!options.quiet) io.out(`checked ${plural(mappings, 'mapping')} in ${((performance.now() - started) / 1000).toFixed(2)} s: ${options.out}/ is up to date (inputs and output match its fingerprint)`);
              return EXIT.ok;
            }
          }
          // The emit worker starts loading ts-morph at once, while the pipeline's own modules load.
          const emitter = await threadedEmitter(root);
          const { generate } = await pipeline();
          const result = await generate({ root, out: options.out, mode: options.check ? 'check' : 'write', emitter, ...(options.provider ? { providers: options.provider } : {}) });
          if (!options.quiet) warn(io, result);
          leftStale(io, options.out, result);
          if (options.check) {
            const drift = result.drift!;
            const problems = [...drift.stale.map((f) => `stale:   ${f}`), ...drift.missing.map((f) => `missing: ${f}`), ...drift.extra.map((f) => `extra:   ${f}`)];
            if (problems.length > 0) {
              for (const line of problems) io.err(line);
              // Every generated module matches: what changed in the inputs (a comment, spacing) changes no code, only the record of the inputs.
              if (problems.length === 1 && drift.stale[0] === FINGERPRINT_FILE) io.err(`only ${FINGERPRINT_FILE} is stale: the inputs changed without changing any generated code (a comment, spacing), and ${FINGERPRINT_FILE} records them so that \`--check\` can answer without generating.`);
              io.err(`${options.out}/ does not match its inputs: run \`npx generate\` and commit the result.`);
              return EXIT.drift;
            }
            if (!options.quiet) io.out(`${summary(result)}: ${options.out}/ is up to date`);
            return EXIT.ok;
          }
          if (!options.quiet) io.out(summary(result));
          return EXIT.ok;
        }, options.quiet);
      const code = await once();
      if (!options.watch) return setExit(code);
      let timer: NodeJS.Timeout | undefined;
      let running = Promise.resolve();
      // Each folder is watched on its own: a recursive watch on Linux (Node 20) arms itself after an
      // asynchronous walk, so a change made right after "watching" could go unseen.
      for (const dir of watchedFolders(root, ['specs', 'mappings', 'templates'])) {
        watch(dir, () => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            running = running.then(async () => {
              await once();
            });
          }, 150);
        });
      }
      io.out('watching specs/, mappings/ and templates/ (Ctrl-C to stop)');
    });

  program
    .command('validate')
    .description('check the unified spec, every mapping and every provider spec; write nothing')
    .action(async () => {
      setExit(
        await run(io, async () => {
          const emitter = await threadedEmitter(root);
          const { generate } = await pipeline();
          const result = await generate({ root, mode: 'none', emitter });
          warn(io, result);
          io.out(`valid: ${plural(result.ir.connectors.length, 'connector')} (${result.ir.connectors.map((c) => c.folder).join(', ')})`);
          return EXIT.ok;
        }),
      );
    });

  program
    .command('new')
    .argument('<provider>', 'service id of the new provider, e.g. acme')
    .option('--from <provider-spec>', "draft the mapping from the provider's OpenAPI document (copied to specs/providers/<provider>.yaml)")
    .option('--record <schema>', 'with --from: the component schema of one record, when the document has several candidates')
    .option('--api <api>', 'with --from: draft a mapping of specs/<api>.yaml into mappings/<api>/<provider>.yaml instead of the default API')
    .option('--resource <name>', "with --api: the API's resource to map (tickets), when it has several")
    .description('scaffold mappings/<provider>.yaml and specs/providers/<provider>.yaml with TODOs to fill in, or with --from draft them from an OpenAPI document')
    .action(async (provider: string, options: { from?: string; record?: string; api?: string; resource?: string }) => {
      setExit(
        await run(io, async () => {
          if (!/^[a-z][a-z0-9-]{0,39}$/.test(provider)) {
            io.err(`'${provider}' is not a service id: use lower-case letters, digits and dashes, starting with a letter`);
            return EXIT.input;
          }
          const target = await draftTarget(root, io, options);
          if (typeof target === 'number') return target;
          const mapping = path.join(root, 'mappings', ...(target.api ? [target.api] : []), `${provider}.yaml`);
          const spec = path.join(root, 'specs', 'providers', `${provider}.yaml`);
          // A document already in place (`--from specs/providers/<provider>.yaml`) is drafted from where it is.
          const inPlace = options.from !== undefined && path.resolve(process.cwd(), options.from) === spec;
          for (const file of inPlace ? [mapping] : [mapping, spec]) {
            if (existsSync(file)) {
              // Drafting again (another --record, a fixed document) starts from the document already copied in.
              const specFile = `specs/providers/${provider}.yaml`;
              const mappingFile = path.relative(root, mapping).split(path.sep).join('/');
              const again = `npx generate new ${provider} --from ${specFile}${options.record ? ` --record ${options.record}` : ''}${target.api ? ` --api ${target.api}` : ''}${options.resource ? ` --resource ${options.resource}` : ''}`;
              const hint = existsSync(mapping)
                ? existsSync(spec)
                  ? `to draft it again, delete ${mappingFile} (and your edits to it) and run \`${again}\`, which drafts from the document already in ${specFile}`
                  : `it is a provider already mapped: choose another id, or delete ${mappingFile} to draft it anew`
                : `to draft from the document already there, run \`${again}\`; or choose another id`;
              io.err(`${path.relative(root, file)} already exists; nothing was written\n  ${hint}`);
              return EXIT.input;
            }
          }
          if (options.from) return draftProvider(root, io, provider, options.from, options.record, target);
          if (target.api) {
            // The stub document describes customers, the default API's resource: another API's provider is drafted from its own document.
            io.err(`--api ${target.api} needs --from: the stub document \`new\` writes without one describes customers; draft from the provider's OpenAPI document`);
            return EXIT.input;
          }
          if (options.record) {
            io.err('--record needs --from: it names the record schema in the document the draft is made from');
            return EXIT.input;
          }
          // Without a document, a stub one is written to describe the provider's API in, and the mapping drafted from it.
          const { loadTemplates } = await import('./parse/templates.js');
          const templates = await loadTemplates(root);
          const data = { service: provider, name: pascalCase(provider), typeName: pascalCase(provider) };
          await mkdir(path.dirname(spec), { recursive: true });
          await writeFile(spec, templates.scaffoldProviderSpec(data), { flag: 'wx' });
          io.out(`created specs/providers/${provider}.yaml, a stub of the provider's API with TODOs to fill in`);
          return draftProvider(root, io, provider, spec, undefined, target);
        }),
      );
    });

  return program;
}

/**
 * `new <id> --from <spec>`: the provider document is copied to
 * specs/providers/<id>.yaml as it is, and the mapping drafted from it. What
 * the draft could not settle is printed as warnings and left as TODOs.
 */
/** Which unified API and resource `new` drafts for: the default API, or `--api <api>` (specs/<api>.yaml, mapped in mappings/<api>/). */
interface DraftTarget {
  api?: string;
  resource?: string;
}

async function draftTarget(root: string, io: Io, options: { api?: string; resource?: string }): Promise<DraftTarget | number> {
  if (options.api === undefined) {
    if (options.resource !== undefined) {
      io.err('--resource needs --api: the default API has one resource; --api names the unified API whose resource it is');
      return EXIT.input;
    }
    return {};
  }
  const { defaultLayout, apiOf } = await import('./ir/index.js');
  const layout = defaultLayout(root);
  const spec = apiOf(layout, `${layout.mappings}/${options.api}/mapping.yaml`).spec;
  // The folder is the API's name in every path it reaches (mappings/<api>/, generated/<api>/), so it is held to what those allow.
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(options.api) || !existsSync(path.join(root, spec))) {
    const apis = readdirSync(path.join(root, path.dirname(spec)), { withFileTypes: true })
      .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name) && `${path.dirname(spec)}/${e.name}` !== layout.spec)
      .map((e) => e.name.replace(/\.ya?ml$/, ''))
      .sort();
    io.err(`--api ${options.api}: there is no ${spec}\n  ${apis.length ? `the other unified APIs are: ${apis.join(', ')}` : 'no other unified API is in specs/'}; put the unified API's OpenAPI document at ${spec} first`);
    return EXIT.input;
  }
  const [{ loadOpenApi }, { buildUnifiedIR }] = await Promise.all([import('./parse/openapi.js'), import('./ir/unified.js')]);
  const names = buildUnifiedIR(await loadOpenApi(path.join(root, spec), spec)).resources.map((r) => r.name);
  // A draft maps one resource: with several, silently taking the first would draft a mapping of a resource nobody asked for.
  const resource = options.resource ?? (names.length === 1 ? names[0] : undefined);
  if (resource === undefined || !names.includes(resource)) {
    const { closest } = await import('./runtime/fields.js');
    const near = options.resource === undefined ? undefined : closest(options.resource, names);
    io.err(`${options.resource === undefined ? `--api ${options.api}: name the resource to map with --resource` : `--resource ${options.resource}: ${spec} has no such resource${near ? `; did you mean '${near}'?` : ''}`}\n  its resources: ${names.join(', ') || 'none (no collection path answers data: [<record>])'}`);
    return EXIT.input;
  }
  return { api: options.api, resource };
}

async function draftProvider(root: string, io: Io, provider: string, from: string, record: string | undefined, target: DraftTarget): Promise<number> {
  const source = path.resolve(process.cwd(), from);
  if (!existsSync(source)) {
    io.err(`--from ${from}: no such file`);
    return EXIT.input;
  }
  const [{ loadOpenApi }, { buildUnifiedIR }, { draftMapping }, { copyFile }, { defaultLayout }, { bundledDocument, placedInSources }] = await Promise.all([import('./parse/openapi.js'), import('./ir/unified.js'), import('./draft/index.js'), import('node:fs/promises'), import('./ir/index.js'), import('./parse/bundle.js')]);
  const { apiOf } = await import('./ir/index.js');
  const specFile = `specs/providers/${provider}.yaml`;
  // The default unified API (the one `mappings/*.yaml` map), or the one --api names.
  const layout = defaultLayout(root);
  const mappingFile = `${layout.mappings}/${target.api ? `${target.api}/` : ''}${provider}.yaml`;
  const unifiedSpec = target.api ? apiOf(layout, mappingFile).spec : layout.spec;
  const unified = buildUnifiedIR(await loadOpenApi(path.join(root, unifiedSpec), unifiedSpec));
  // A document split over several files is drafted from, and committed as, its bundle.
  // Files inside the project are named from its root, as every message names them; others by their full path.
  const display = (file: string) => {
    const relative = path.relative(root, file);
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
  };
  const bundle = path.resolve(root, specFile) === source ? undefined : await bundledDocument(source, display);
  await mkdir(path.join(root, 'specs/providers'), { recursive: true });
  if (bundle !== undefined) await writeFile(path.join(root, specFile), bundle, { flag: 'wx' });
  const read = bundle !== undefined ? path.join(root, specFile) : source;
  let draft: ReturnType<typeof draftMapping>;
  try {
    const document = await loadOpenApi(read, path.relative(root, read).split(path.sep).join('/'));
    draft = draftMapping({ service: provider, provider: document, unified, from: path.relative(root, source).split(path.sep).join('/') || from, ...(record ? { record } : {}), ...(target.api ? { api: target.api } : {}), ...(target.resource ? { resource: target.resource } : {}), schemaPath: path.join(root, 'mappings/schema.json') });
  } catch (error) {
    // The bundle was written to be read: a document that does not load, or a draft refused, leaves nothing behind.
    if (bundle !== undefined) await rm(path.join(root, specFile), { force: true });
    // So what is wrong in it is named in the files it came from.
    if (bundle !== undefined && error instanceof GenerationError) throw new GenerationError(await placedInSources(error.diagnostics, specFile, source, display));
    throw error;
  }
  if (bundle === undefined && path.resolve(root, specFile) !== source) await copyFile(source, path.join(root, specFile), constants.COPYFILE_EXCL);
  await mkdir(path.dirname(path.join(root, mappingFile)), { recursive: true });
  await writeFile(path.join(root, mappingFile), draft.text, { flag: 'wx' });
  // What keeps the draft from generating is what `npx generate` will report: errors, named in the copy it reads.
  const given = path.relative(root, read).split(path.sep).join('/');
  for (const problem of draft.problems) io.err(formatDiagnostic(problem.file === given ? { ...problem, file: specFile } : problem));
  const counts = draft.lines.reduce<Record<string, number>>((acc, line) => ({ ...acc, [line.confidence]: (acc[line.confidence] ?? 0) + 1 }), {});
  const copied = path.resolve(root, specFile) === source ? '' : bundle !== undefined ? `; bundled the document and the files it refers to into ${specFile}` : `; copied the document to ${specFile}`;
  io.out(`drafted ${mappingFile} from ${from}${target.resource ? ` (${target.api}: ${target.resource})` : ''}: ${plural(draft.lines.length, 'field line')} (${['high', 'medium', 'low'].map((c) => `${counts[c] ?? 0} ${c}`).join(', ')} confidence)${copied}`);
  const errors = draft.problems.length;
  // A connector that does nothing generates and passes its suite: it must not read as a draft to check and run.
  if (errors === 0 && draft.supported.length === 0) {
    for (const [id, why] of Object.entries(draft.unsupported)) io.err(`${mappingFile}: warning: ${id} is drafted unsupported: ${why.replace(/^TODO: /, '')}`);
    io.out(`the draft maps no operation: every one is unsupported (above); check that ${record ? `--record ${record}` : 'the record schema it picked'} is what the provider's collection answers, and map the operations by hand (README: Adding a provider)`);
    return EXIT.ok;
  }
  io.out(errors ? `the draft does not generate yet: \`npx generate\` reports the ${plural(errors, 'error')} above; fix ${errors === 1 ? 'it' : 'them'}, then run \`npx generate\`` : 'check its field lines and TODOs, then run `npx generate` and `npm test`');
  return EXIT.ok;
}

/**
 * The project a command run inside it works on: the nearest folder, from
 * `start` up, with a package.json beside mappings/ or specs/. Run from a
 * subfolder, `npx generate` still finds its inputs and templates.
 */
export function projectRoot(start: string): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && (existsSync(path.join(dir, 'mappings')) || existsSync(path.join(dir, 'specs')))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start);
  }
}

export async function main(argv: readonly string[], root = projectRoot(process.cwd())): Promise<void> {
  try {
    await buildProgram(root).parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Help and version are answers; anything else commander stops on (an unknown option, a missing argument) is a wrong input.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.input;
  }
}

/** The folders below `root` that `names` are, with every folder inside them. */
function watchedFolders(root: string, names: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    out.push(dir);
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) walk(path.join(dir, entry.name));
  };
  for (const name of names) if (existsSync(path.join(root, name))) walk(path.join(root, name));
  return out;
}
