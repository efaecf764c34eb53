/**
 * Drafts a mapping for each committed provider (and the acme fixture) from its provider spec, as `generate new --from`
 * does: for the default unified API, and for each resource section of the mappings of other unified APIs (`--api`).
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'js-yaml';
import { draftMapping, type Draft } from '../../src/draft/index.js';
import { scoreDraft, type DraftScore } from '../../src/draft/measure.js';
import { apiOf, listMappingFiles, defaultLayout } from '../../src/ir/index.js';
import type { UnifiedIR } from '../../src/ir/model.js';
import { buildUnifiedIR } from '../../src/ir/unified.js';
import { loadOpenApi } from '../../src/parse/openapi.js';
import { repoRoot } from '../support/project.js';

export interface MeasuredDraft {
  /** The service id, `acme (fixture)`, or for another unified API `<service> <resource> (<api>)`. */
  id: string;
  /** The unified API other than the default one the draft maps. */
  api?: string;
  specFile: string;
  draft: Draft;
  score: DraftScore;
}

type FieldLines = never[];

/** Every mapping in mappings/ (each resource section of one of another API) with its provider spec, and the every-feature fixture. */
export async function measuredDrafts(): Promise<MeasuredDraft[]> {
  const layout = defaultLayout(repoRoot);
  const unifiedApis = new Map<string, Promise<UnifiedIR>>();
  const unifiedOf = (spec: string) => unifiedApis.get(spec) ?? unifiedApis.set(spec, loadOpenApi(path.join(repoRoot, spec), spec).then(buildUnifiedIR)).get(spec)!;
  const sources: { id: string; api?: string; resource?: string; unifiedSpec: string; specFile: string; fields: Promise<FieldLines> }[] = [];
  for (const file of await listMappingFiles(layout)) {
    const { folder, spec } = apiOf(layout, file);
    const service = path.basename(file).replace(/\.ya?ml$/, '');
    const written = readFile(path.join(repoRoot, file), 'utf8').then((text) => load(text) as { fields?: FieldLines; resources?: Record<string, { fields: FieldLines }> });
    if (folder === '') {
      sources.push({ id: service, unifiedSpec: spec, specFile: `specs/providers/${service}.yaml`, fields: written.then((w) => w.fields ?? []) });
      continue;
    }
    const resources = Object.keys((await written).resources ?? {}).sort();
    for (const resource of resources) sources.push({ id: `${service} ${resource} (${folder})`, api: folder, resource, unifiedSpec: spec, specFile: `specs/providers/${service}.yaml`, fields: written.then((w) => w.resources![resource]!.fields) });
  }
  sources.push({ id: 'acme (fixture)', unifiedSpec: layout.spec, specFile: 'test/fixtures/acme/provider.yaml', fields: readFile(path.join(repoRoot, 'test/fixtures/acme/mapping.yaml'), 'utf8').then((text) => (load(text) as { fields: FieldLines }).fields) });
  return Promise.all(
    sources.map(async ({ id, api, resource, unifiedSpec, specFile, fields }) => {
      const provider = await loadOpenApi(path.join(repoRoot, specFile), specFile);
      const service = id.replace(/ .*/, '');
      const draft = draftMapping({ service, provider, unified: await unifiedOf(unifiedSpec), from: specFile, ...(api ? { api, resource } : {}), schemaPath: path.join(repoRoot, 'mappings/schema.json') });
      return { id, ...(api ? { api } : {}), specFile, draft, score: scoreDraft(draft.lines, await fields) };
    }),
  );
}
