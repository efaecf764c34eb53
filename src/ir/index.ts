/**
 * Builds the whole IR from the project's inputs: the unified spec and every
 * mapping with its provider spec. All problems across all inputs are
 * collected and reported together.
 */

import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import path from 'node:path';
import { GenerationError, sortDiagnostics, type Diagnostic, type Position } from '../diagnostics.js';
import { loadMapping, type ExampleDocument, type MappingDocument, type MappingSource } from '../parse/mapping.js';
import { exportedNames } from '../parse/hooks.js';
import { loadOpenApi, type OpenApiSource } from '../parse/openapi.js';
import type { YamlSource } from '../parse/source.js';
import { buildConnectorIR } from './connector/index.js';
import { closest } from '../runtime/fields.js';
import { AcrossParts } from './across-parts.js';
import type { ApiIR, ConnectorIR, GenerationIR, UnifiedIR, UnifiedResource } from './model.js';
import { buildUnifiedIR, schemasOf } from './unified.js';

export interface ProjectLayout {
  /** Absolute project root. */
  root: string;
  /** Paths below the root. `spec` is the default unified API, the one `mappings/*.yaml` map; `mappings/<api>/*.yaml` map `specs/<api>.yaml`. */
  spec: string;
  mappings: string;
  schema: string;
}

export function defaultLayout(root: string): ProjectLayout {
  return { root, spec: 'specs/customer-support.yaml', mappings: 'mappings', schema: 'mappings/schema.json' };
}

const display = (file: string) => file.split(path.sep).join('/');

const isYaml = (name: string) => name.endsWith('.yaml') || name.endsWith('.yml');

/** Every mapping file: `mappings/*.yaml` for the default unified API, then `mappings/<api>/*.yaml` for `specs/<api>.yaml`. */
export async function listMappingFiles(layout: ProjectLayout): Promise<string[]> {
  const entries = await readdir(path.join(layout.root, layout.mappings), { withFileTypes: true }).catch(() => []);
  const top = entries.filter((entry) => !entry.isDirectory() && isYaml(entry.name)).map((entry) => entry.name).sort();
  const nested: string[] = [];
  for (const folder of entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()) {
    const names = await readdir(path.join(layout.root, layout.mappings, folder)).catch(() => [] as string[]);
    nested.push(...names.filter(isYaml).sort().map((name) => `${folder}/${name}`));
  }
  return [...top, ...nested].map((name) => display(path.join(layout.mappings, name)));
}

/** The unified API a mapping file maps: its output folder ('' for the default API) and spec file. */
export function apiOf(layout: ProjectLayout, mappingFile: string): { folder: string; spec: string } {
  const folder = path.posix.relative(layout.mappings.split(path.sep).join('/'), path.posix.dirname(mappingFile));
  return folder === '' ? { folder, spec: layout.spec } : { folder, spec: `${path.posix.dirname(layout.spec)}/${folder}.yaml` };
}

/**
 * With `providers`, only their mappings are read; with `wholeApis` as well, every mapping of each unified API one of
 * them maps, so that API's shared files (registry, CONNECTORS.md, COVERAGE.md) can list all its connectors.
 *
 * The providers' own mappings are read first. Their problems are the answer (the others are not read: a run that
 * cannot generate its providers has nothing to write, and the others cost most of the time). When only another
 * mapping fails, the IR is the providers' own and `unread` says why the shared files cannot be written.
 */
export async function buildIR(layout: ProjectLayout, options: { providers?: readonly string[]; wholeApis?: boolean } = {}): Promise<GenerationIR & { unread?: GenerationError }> {
  const problems: Diagnostic[] = [];
  const collect = async <T>(work: Promise<T>): Promise<T | undefined> => {
    try {
      return await work;
    } catch (error) {
      if (error instanceof GenerationError) {
        problems.push(...error.diagnostics);
        return undefined;
      }
      throw error;
    }
  };

  const files = await listMappingFiles(layout);
  const wanted = options.providers && options.providers.length > 0 ? new Set(options.providers) : undefined;
  const chosen = wanted ? files.filter((file) => wanted.has(path.basename(file).replace(/\.ya?ml$/, ''))) : files;
  const apisChosen = new Set(chosen.map((file) => apiOf(layout, file).folder));
  const others = wanted && options.wholeApis ? files.filter((file) => !chosen.includes(file) && apisChosen.has(apiOf(layout, file).folder)) : [];
  let selected = [...chosen, ...others];
  if (wanted) {
    const known = new Set(files.map((file) => path.basename(file).replace(/\.ya?ml$/, '')));
    for (const id of wanted) {
      if (!known.has(id)) {
        const near = closest(id, [...known]);
        problems.push({ file: display(layout.mappings), code: 'usage', message: `--provider ${id}: there is no ${display(layout.mappings)}/${id}.yaml`, hint: `${near ? `did you mean '${near}'? ` : ''}(providers: ${[...known].sort().join(', ') || 'none yet; `npx generate new <id>` scaffolds one'})` });
      }
    }
  }

  // The default API is always read; another only when a selected mapping maps it.
  const specFiles = [...new Set([layout.spec, ...selected.map((file) => apiOf(layout, file).spec)])].sort();
  const load = (file: string) => collect(loadMapping(path.join(layout.root, file), file, path.join(layout.root, layout.schema)));
  const [specs, ownMappings] = await Promise.all([
    Promise.all(
      specFiles.map(async (file) => {
        if (file !== layout.spec && !existsSync(path.join(layout.root, file))) return undefined; // reported per mapping below
        const spec = await collect(loadOpenApi(path.join(layout.root, file), display(file)));
        // The unified API is the contract every connector is generated against: any rule it breaks is an error.
        problems.push(...(spec?.faults.map((fault) => fault.diagnostic) ?? []));
        const folder = file === layout.spec ? '' : path.posix.basename(file).replace(/\.ya?ml$/, '');
        return spec ? collect(Promise.resolve().then(() => buildUnifiedIR(spec, folder))) : undefined;
      }),
    ),
    Promise.all(chosen.map(load)),
  ]);
  const unifiedBySpec = new Map(specFiles.map((file, i) => [file, specs[i]]));
  const defaultUnified = unifiedBySpec.get(layout.spec);

  const providerSpecs = new Map<string, Promise<OpenApiSource | undefined>>();
  const loadProvider = (file: string) => {
    if (!providerSpecs.has(file)) providerSpecs.set(file, collect(loadOpenApi(path.join(layout.root, file), file)));
    return providerSpecs.get(file)!;
  };

  const connectors: ConnectorIR[] = [];
  const warnings: Diagnostic[] = [];
  const seen = new Map<string, string>();
  /** Reads the loaded mappings of `list` (in its order) into connectors, problems and warnings. */
  const build = async (list: readonly string[], mappings: readonly (MappingSource | undefined)[]) => {
    await Promise.all(
      mappings.map(async (loaded, i) => {
        if (!loaded) return;
        const file = list[i]!;
        const { mapping, source, problems: refusedBySchema, refused } = loaded as MappingSource;
        problems.push(...refusedBySchema);
        const stem = path.basename(file).replace(/\.ya?ml$/, '');
        if (mapping.service !== stem) {
          problems.push(source.diagnostic(['service'], { code: 'schema', message: `service '${mapping.service}' does not match the file name '${path.basename(file)}'`, hint: `rename the file to ${mapping.service}.yaml or set \`service: ${stem}\`` }));
          return;
        }
        const api = apiOf(layout, file);
        const key = `${api.folder}/${mapping.service}`;
        if (seen.has(key)) {
          problems.push(source.diagnostic(['service'], { code: 'duplicate-target', message: `service '${mapping.service}' is also defined by ${seen.get(key)}` }));
          return;
        }
        seen.set(key, file);
        if (!existsSync(path.join(layout.root, api.spec))) {
          problems.push(source.diagnostic(['service'], { code: 'io', message: `${file} maps the unified API of its folder, and '${api.spec}' does not exist`, hint: `a mapping in ${path.posix.dirname(file)}/ maps ${api.spec}; move the mapping, or add the spec` }, 'key'));
          return;
        }
        const providerFile = providerSpecOf(mapping);
        if (!existsSync(path.join(layout.root, providerFile))) {
          problems.push(source.diagnostic(mapping.provider_spec ? ['provider_spec'] : ['service'], { code: 'io', message: `provider spec '${providerFile}' does not exist`, hint: 'write the provider OpenAPI description there, or point `provider_spec` at it' }));
          return;
        }
        let hooksFile: string | undefined;
        let hookExports: ReadonlySet<string> | undefined;
        if (mapping.hooks !== undefined) {
          if (!existsSync(path.join(layout.root, mapping.hooks))) {
            problems.push(source.diagnostic(['hooks'], { code: 'io', message: `hooks module '${mapping.hooks}' does not exist` }));
            return;
          }
          hooksFile = display(path.normalize(mapping.hooks));
          hookExports = exportedNames(await readFile(path.join(layout.root, mapping.hooks), 'utf8'));
        }
        const provider = await loadProvider(display(path.normalize(providerFile)));
        const unified = unifiedBySpec.get(api.spec);
        if (!provider || !unified) return;
        warnings.push(...leftTodos(source), ...leftTodos(provider.source));
        // The connection is shared by every part: its alternatives are checked once, against the cases of all, by the
        // last part, when every part has said which methods its operations sign in with.
        const exercise = { source, cases: connectionCases(mapping) };
        const signInByOperation = new Map<string, number[]>();
        const acrossParts = new AcrossParts();
        const parts = mappedResources(mapping, source, unified, problems);
        const found: Diagnostic[] = [];
        for (const [index, part] of parts.entries()) {
          warnings.push(...untestedOperations(part.mapping, part.source), ...untestedReads(part.mapping, part.source, part.resource));
          const folder = [api.folder, mapping.service, part.section].filter(Boolean).join('/');
          const connector = buildConnectorIR({ mapping: part.mapping, mappingSource: part.source, provider, unified, resource: part.resource, folder, section: part.section, hooksFile, hookExports, exercise: index === parts.length - 1 ? exercise : null, signInByOperation, acrossParts, warnings }, found);
          if (connector && refusedBySchema.length === 0) connectors.push(connector);
        }
        // What the parts share is checked once, over all of them; what it finds goes where the parts' problems went.
        acrossParts.report();
        // A problem inside a part the schema refused follows from that refusal; it is reported once, as the schema error.
        problems.push(...found.filter((d) => d.file !== source.file || !refused.some((span) => within(d.position, span))));
      }),
    );
  };
  await build(chosen, ownMappings);
  let unread: GenerationError | undefined;
  if (others.length > 0 && problems.length === 0) {
    const own = { connectors: connectors.length, warnings: warnings.length, documents: new Set(providerSpecs.keys()) };
    await build(others, await Promise.all(others.map(load)));
    if (problems.length > 0) {
      // Another mapping of their APIs does not generate: the providers' own folders still can, as if read alone.
      unread = new GenerationError(sortDiagnostics(problems.splice(0)), warnings.slice(own.warnings));
      connectors.length = own.connectors;
      warnings.length = own.warnings;
      for (const document of [...providerSpecs.keys()]) if (!own.documents.has(document)) providerSpecs.delete(document);
      selected = chosen;
    }
  }

  // Rules a provider document breaks where no mapped operation is affected: worth seeing, not the connectors' fault.
  for (const provider of await Promise.all(providerSpecs.values())) {
    for (const { diagnostic } of provider?.faults ?? []) {
      if (!problems.includes(diagnostic)) warnings.push({ ...diagnostic, message: `${diagnostic.message}; no mapped operation is affected` });
    }
  }
  // A provider spec shared by several mappings is reported once: the same warning at the same place (two on one line,
  // as a flow-style line or a path of two undeclared variables holds, are two).
  const unique = sortDiagnostics([...new Map(warnings.map((w) => [`${w.file}:${w.position?.line}:${w.position?.col}:${w.message}`, w])).values()]);
  // The parts of one mapping share its connection, so a problem there is found once per part: reported once.
  const distinct = [...new Map(problems.map((d) => [`${d.file}:${d.position?.line}:${d.position?.col}:${d.message}`, d])).values()];
  if (distinct.length > 0 || !defaultUnified) throw new GenerationError(sortDiagnostics(distinct), unique);
  connectors.sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  const apis: ApiIR[] = [];
  for (const unified of [...new Set(specs)].filter((u): u is UnifiedIR => u !== undefined).sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0))) {
    const own = connectors.filter((connector) => unified.resources.includes(connector.resource));
    if (unified !== defaultUnified && own.length === 0) continue;
    // A partial run writes the API's shared unified modules too: they must still cover what the other mappings map.
    const others = wanted ? await resourcesMappedBy(layout, files.filter((file) => !selected.includes(file) && apiOf(layout, file).folder === unified.folder), unified) : new Set<string>();
    const mapped = unified.resources.filter((resource) => others.has(resource.name) || own.some((connector) => connector.resource === resource));
    // Before any mapping the default API's files describe all of it.
    const resources = mapped.length > 0 ? mapped : unified.resources;
    apis.push({ unified, connectors: own, resources, schemas: schemasOf(resources) });
  }
  return { apis, connectors: apis.flatMap((api) => api.connectors), warnings: unique, ...(unread ? { unread } : {}) };
}

/** The provider document a mapping reads: its `provider_spec`, or the one named after its service. */
function providerSpecOf(mapping: { provider_spec?: string; service: string }): string {
  return mapping.provider_spec ?? `specs/providers/${mapping.service}.yaml`;
}

/**
 * The documents each mapping file reads, read cheaply (its YAML only, nothing checked): itself and its provider
 * document. A mapping that does not parse reads what cannot be known: undefined.
 */
export async function documentsReadBy(layout: ProjectLayout): Promise<Map<string, string[] | undefined>> {
  const out = new Map<string, string[] | undefined>();
  for (const file of await listMappingFiles(layout)) {
    let document: unknown;
    try {
      document = loadYaml(await readFile(path.join(layout.root, file), 'utf8'), { schema: CORE_SCHEMA });
    } catch {
      document = undefined;
    }
    const { provider_spec, service } = (typeof document === 'object' && document !== null ? document : {}) as { provider_spec?: unknown; service?: unknown };
    const known = (provider_spec === undefined || typeof provider_spec === 'string') && typeof service === 'string';
    out.set(file, known ? [file, display(path.normalize(providerSpecOf({ service, ...(provider_spec !== undefined ? { provider_spec } : {}) })))] : undefined);
  }
  return out;
}

/**
 * The parts of a mapping, one per unified resource it maps: each section
 * under `resources`, or the whole mapping for the resource its operations
 * belong to. A section reads as a mapping of its own (the top-level
 * connection, errors and example connection with the section's record,
 * paging, operations, fields and cases); its messages point into the section.
 */
function mappedResources(mapping: MappingDocument, source: YamlSource, unified: UnifiedIR, problems: Diagnostic[]): { mapping: MappingDocument; source: YamlSource; resource: UnifiedResource; section: string | undefined }[] {
  const names = unified.resources.map((resource) => resource.name);
  if (mapping.resources === undefined) {
    for (const key of ['record', 'operations', 'fields'] as const) {
      if (mapping[key] === undefined) {
        problems.push(source.diagnostic([], { code: 'schema', message: `the mapping needs \`${key}\`, or a \`resources\` section per resource it maps`, hint: `resources of ${unified.file}: ${names.join(', ')}` }));
        return [];
      }
    }
    const ids = Object.keys(mapping.operations);
    const resource = unified.resources.length === 1 ? unified.resources[0] : unified.resources.find((r) => r.operations.some((o) => ids.includes(o.id)));
    if (!resource) {
      problems.push(source.diagnostic(['operations'], { code: 'unknown-operation', message: `no operation here belongs to a resource of ${unified.file}`, hint: `its resources: ${names.join(', ')}; name their operations, or map them under \`resources\`` }, 'key'));
      return [];
    }
    const examples = mapping.examples ? { ...mapping.examples, cases: mapping.examples.cases ?? [] } : undefined;
    return [{ mapping: { ...mapping, examples }, source, resource, section: undefined }];
  }
  const parts = [];
  for (const [name, section] of Object.entries(mapping.resources).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const resource = unified.resources.find((r) => r.name === name);
    if (!resource) {
      const near = closest(name, names);
      problems.push(source.diagnostic(['resources', name], { code: 'unknown-operation', message: `'${name}' is not a resource of ${unified.file}`, hint: `${near ? `did you mean '${near}'? ` : ''}its resources: ${names.join(', ')}` }, 'key'));
      continue;
    }
    const { resources: _all, ...shared } = mapping;
    const examples = shared.examples?.connection ? { connection: shared.examples.connection, cases: section.examples?.cases ?? [] } : undefined;
    parts.push({ mapping: { ...shared, ...section, examples } as MappingDocument, source: sectionSource(source, name), resource, section: name });
  }
  return parts;
}

/**
 * The resources the given mapping files map, read cheaply (their YAML only,
 * nothing checked): the names of their `resources` sections, or the
 * resource their operations belong to.
 */
async function resourcesMappedBy(layout: ProjectLayout, files: readonly string[], unified: UnifiedIR): Promise<Set<string>> {
  const names = new Set<string>();
  for (const file of files) {
    // A mapping that does not parse is the full run's to report; here it maps nothing.
    const document: unknown = await readFile(path.join(layout.root, file), 'utf8').then(
      (text) => {
        try {
          // js-yaml, as every input is read (parse/source.ts): the position-keeping parser is several times slower.
          return loadYaml(text, { schema: CORE_SCHEMA });
        } catch {
          return undefined;
        }
      },
      () => undefined,
    );
    if (typeof document !== 'object' || document === null) continue;
    const { resources, operations } = document as { resources?: unknown; operations?: unknown };
    if (typeof resources === 'object' && resources !== null) for (const name of Object.keys(resources)) names.add(name);
    else if (typeof operations === 'object' && operations !== null) {
      const ids = Object.keys(operations);
      const resource = unified.resources.find((r) => r.operations.some((o) => ids.includes(o.id)));
      if (resource) names.add(resource.name);
    }
  }
  return names;
}

/** Every example case of a mapping with its place: `examples.cases.<i>`, or inside each resource section. */
function connectionCases(mapping: MappingDocument): { example: ExampleDocument; at: (string | number)[] }[] {
  if (mapping.resources === undefined) return (mapping.examples?.cases ?? []).map((example, i) => ({ example, at: ['examples', 'cases', i] }));
  return Object.entries(mapping.resources)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([name, section]) => (section.examples?.cases ?? []).map((example, i) => ({ example, at: ['resources', name, 'examples', 'cases', i] })));
}

/** Keys a resource section holds; messages about them point into `resources.<name>`. */
const SECTION_KEYS = new Set(['record', 'pagination', 'operations', 'fields']);

function sectionSource(source: YamlSource, name: string): YamlSource {
  const inSection = (at: readonly (string | number)[]) => SECTION_KEYS.has(String(at[0])) || (at[0] === 'examples' && at[1] === 'cases');
  const map = (at: readonly (string | number)[]) => (inSection(at) ? ['resources', name, ...at] : at);
  const view = Object.create(source) as YamlSource;
  Object.assign(view, {
    locate: (at: readonly (string | number)[], target?: 'key' | 'value') => source.locate(map(at), target),
    span: (at: readonly (string | number)[]) => source.span(map(at)),
    diagnostic: (at: readonly (string | number)[], fields: Omit<Diagnostic, 'file' | 'position'>, target?: 'key' | 'value') => source.diagnostic(map(at), fields, target),
  });
  return view;
}

function within(position: Position | undefined, span: { start: Position; end: Position }): boolean {
  if (!position) return false;
  const after = position.line > span.start.line || (position.line === span.start.line && position.col >= span.start.col);
  const before = position.line < span.end.line || (position.line === span.end.line && position.col <= span.end.col);
  return after && before;
}

/**
 * Operations with no example case: the generated suite has nothing to replay
 * for them, so neither their requests nor the fault matrix are tested.
 */
function untestedOperations(mapping: MappingDocument, source: YamlSource): Diagnostic[] {
  const tested = new Set((mapping.examples?.cases ?? []).map((c) => c.operation));
  return Object.entries(mapping.operations)
    .filter(([id, operation]) => operation !== 'unsupported' && !tested.has(id))
    .map(([id]) => source.diagnostic(['operations', id], { code: 'untested', message: `operation ${id} has no example case, so its generated tests have nothing to replay`, hint: 'add one under examples.cases, from the provider documentation' }, 'key'));
}

/**
 * Field lines that read, where no example case says what a read answers
 * (`expect.data` on a case of a list or a get): the generated suite then
 * checks only that the records are well-formed unified ones, so a line
 * reading the wrong member (a city read as the state) passes it.
 */
function untestedReads(mapping: MappingDocument, source: YamlSource, resource: UnifiedResource): Diagnostic[] {
  const reading = mapping.fields.filter((field) => field.direction !== 'write').length;
  const reads = resource.operations.filter((operation) => (operation.kind === 'list' || operation.kind === 'get') && mapping.operations[operation.id] !== undefined && mapping.operations[operation.id] !== 'unsupported').map((operation) => operation.id);
  if (reading === 0 || reads.length === 0) return [];
  const cases = mapping.examples?.cases ?? [];
  if (cases.some((c) => reads.includes(c.operation) && c.expect?.data !== undefined)) return [];
  return [
    source.diagnostic(cases.length > 0 ? ['examples', 'cases'] : ['operations'], {
      code: 'untested',
      message: `the example cases of ${reads.sort().join(' and ')} do not say what a read answers (\`expect.data\`), so the ${reading} field lines that read are untested by the generated suite: one reading the wrong member passes it`,
      hint: 'add `expect.data` to a get case: the unified record its answer reads as, written from the provider documentation',
    }, 'key'),
  ];
}

/**
 * The `TODO` markers a scaffold (`npx generate new`) leaves in its comments.
 * A scaffold generates and passes its own suite as written, so without this a
 * connector could ship with its placeholders unnoticed.
 */
function leftTodos(source: YamlSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  source.text.split('\n').forEach((line, i) => {
    // A marker is `TODO:` (as every scaffold and draft writes it), in a comment or inside a value (a description):
    // prose that only mentions TODOs (a draft's header, wrapped so a line starts with "TODO,") is none.
    const at = line.search(/#\s*TODO:|\bTODO:/);
    if (at < 0) return;
    const text = line.slice(at).replace(/^#?\s*TODO:?\s*/, '').replace(/['"]\s*$/, '').trim();
    out.push({ file: source.file, position: { line: i + 1, col: at + 1 }, code: 'todo', message: `TODO left: ${text.length > 80 ? `${text.slice(0, 77)}…` : text}` });
  });
  return out;
}
