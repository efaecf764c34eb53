/**
 * Builds the whole IR from the project's inputs: the unified spec and every
 * mapping with its provider spec. All problems across all inputs are
 * collected and reported together.
 */

import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { GenerationError, sortDiagnostics, type Diagnostic, type Position } from '../diagnostics.js';
import { loadMapping, type MappingDocument, type MappingSource } from '../parse/mapping.js';
import { loadOpenApi, type OpenApiSource } from '../parse/openapi.js';
import type { YamlSource } from '../parse/source.js';
import { buildConnectorIR } from './connector.js';
import { closest } from '../runtime/fields.js';
import type { ConnectorIR, GenerationIR } from './model.js';
import { buildUnifiedIR } from './unified.js';

export interface ProjectLayout {
  /** Absolute project root. */
  root: string;
  /** Paths below the root. */
  spec: string;
  mappings: string;
  schema: string;
}

export function defaultLayout(root: string): ProjectLayout {
  return { root, spec: 'specs/customer-support.yaml', mappings: 'mappings', schema: 'mappings/schema.json' };
}

const display = (file: string) => file.split(path.sep).join('/');

export async function listMappingFiles(layout: ProjectLayout): Promise<string[]> {
  const entries = await readdir(path.join(layout.root, layout.mappings)).catch(() => [] as string[]);
  return entries
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => display(path.join(layout.mappings, name)));
}

export async function buildIR(layout: ProjectLayout, options: { providers?: readonly string[] } = {}): Promise<GenerationIR> {
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
  const selected = wanted ? files.filter((file) => wanted.has(path.basename(file).replace(/\.ya?ml$/, ''))) : files;
  if (wanted) {
    const known = new Set(files.map((file) => path.basename(file).replace(/\.ya?ml$/, '')));
    for (const id of wanted) {
      if (!known.has(id)) {
        const near = closest(id, [...known]);
        problems.push({ file: display(layout.mappings), code: 'usage', message: `--provider ${id}: there is no ${display(layout.mappings)}/${id}.yaml`, hint: `${near ? `did you mean '${near}'? ` : ''}(providers: ${[...known].sort().join(', ') || 'none yet; `npx generate new <id>` scaffolds one'})` });
      }
    }
  }

  const [spec, mappings] = await Promise.all([
    collect(loadOpenApi(path.join(layout.root, layout.spec), display(layout.spec))),
    Promise.all(selected.map((file) => collect(loadMapping(path.join(layout.root, file), file, path.join(layout.root, layout.schema))))),
  ]);
  const unified = spec ? await collect(Promise.resolve().then(() => buildUnifiedIR(spec))) : undefined;

  const providerSpecs = new Map<string, Promise<OpenApiSource | undefined>>();
  const loadProvider = (file: string) => {
    if (!providerSpecs.has(file)) providerSpecs.set(file, collect(loadOpenApi(path.join(layout.root, file), file)));
    return providerSpecs.get(file)!;
  };

  const connectors: ConnectorIR[] = [];
  const warnings: Diagnostic[] = [];
  const seen = new Map<string, string>();
  await Promise.all(
    mappings.map(async (loaded, i) => {
      if (!loaded) return;
      const file = selected[i]!;
      const { mapping, source, problems: refusedBySchema, refused } = loaded as MappingSource;
      problems.push(...refusedBySchema);
      const stem = path.basename(file).replace(/\.ya?ml$/, '');
      if (mapping.service !== stem) {
        problems.push(source.diagnostic(['service'], { code: 'schema', message: `service '${mapping.service}' does not match the file name '${path.basename(file)}'`, hint: `rename the file to ${mapping.service}.yaml or set \`service: ${stem}\`` }));
        return;
      }
      if (seen.has(mapping.service)) {
        problems.push(source.diagnostic(['service'], { code: 'duplicate-target', message: `service '${mapping.service}' is also defined by ${seen.get(mapping.service)}` }));
        return;
      }
      seen.set(mapping.service, file);
      const providerFile = mapping.provider_spec ?? `specs/providers/${mapping.service}.yaml`;
      if (!existsSync(path.join(layout.root, providerFile))) {
        problems.push(source.diagnostic(mapping.provider_spec ? ['provider_spec'] : ['service'], { code: 'io', message: `provider spec '${providerFile}' does not exist`, hint: 'write the provider OpenAPI description there, or point `provider_spec` at it' }));
        return;
      }
      let hooksFile: string | undefined;
      if (mapping.hooks !== undefined) {
        if (!existsSync(path.join(layout.root, mapping.hooks))) {
          problems.push(source.diagnostic(['hooks'], { code: 'io', message: `hooks module '${mapping.hooks}' does not exist` }));
          return;
        }
        hooksFile = display(path.normalize(mapping.hooks));
      }
      const provider = await loadProvider(display(path.normalize(providerFile)));
      if (!provider || !unified) return;
      warnings.push(...leftTodos(source), ...leftTodos(provider.source), ...untestedOperations(mapping, source));
      const found: Diagnostic[] = [];
      const connector = buildConnectorIR({ mapping, mappingSource: source, provider, unified, hooksFile }, found);
      // A problem inside a part the schema refused follows from that refusal; it is reported once, as the schema error.
      problems.push(...found.filter((d) => d.file !== source.file || !refused.some((span) => within(d.position, span))));
      if (connector && refusedBySchema.length === 0) connectors.push(connector);
    }),
  );

  // A provider spec shared by several mappings is reported once.
  const unique = sortDiagnostics([...new Map(warnings.map((w) => [`${w.file}:${w.position?.line}`, w])).values()]);
  if (problems.length > 0 || !unified) throw new GenerationError(sortDiagnostics(problems), unique);
  connectors.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
  return { unified, connectors, warnings: unique };
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
 * The `TODO` markers a scaffold (`npx generate new`) leaves in its comments.
 * A scaffold generates and passes its own suite as written, so without this a
 * connector could ship with its placeholders unnoticed.
 */
function leftTodos(source: YamlSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  source.text.split('\n').forEach((line, i) => {
    // In a comment, or inside a value (a description) where a scaffold also leaves them.
    const at = line.search(/#\s*TODO\b|\bTODO:/);
    if (at < 0) return;
    const text = line.slice(at).replace(/^#?\s*TODO:?\s*/, '').replace(/['"]\s*$/, '').trim();
    out.push({ file: source.file, position: { line: i + 1, col: at + 1 }, code: 'todo', message: `TODO left: ${text.length > 80 ? `${text.slice(0, 77)}…` : text}` });
  });
  return out;
}
