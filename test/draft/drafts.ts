/** Drafts a mapping for each committed provider (and the acme fixture) from its provider spec, as `generate new --from` does. */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'js-yaml';
import { draftMapping, type Draft } from '../../src/draft/index.js';
import { scoreDraft, type DraftScore } from '../../src/draft/measure.js';
import { apiOf, listMappingFiles, defaultLayout } from '../../src/ir/index.js';
import { buildUnifiedIR } from '../../src/ir/unified.js';
import { loadOpenApi } from '../../src/parse/openapi.js';
import { repoRoot } from '../support/project.js';

export interface MeasuredDraft {
  /** The service id, or `acme (fixture)`. */
  id: string;
  specFile: string;
  draft: Draft;
  score: DraftScore;
}

/** Every mapping in mappings/ with its provider spec, and the every-feature fixture. */
export async function measuredDrafts(): Promise<MeasuredDraft[]> {
  const unified = buildUnifiedIR(await loadOpenApi(path.join(repoRoot, 'specs/customer-support.yaml'), 'specs/customer-support.yaml'));
  // Drafts map the default unified API: its mappings are the ones at the top of mappings/.
  const layout = defaultLayout(repoRoot);
  const sources = (await listMappingFiles(layout)).filter((file) => apiOf(layout, file).folder === '').map((file) => {
    const id = path.basename(file).replace(/\.ya?ml$/, '');
    return { id, mappingFile: file, specFile: `specs/providers/${id}.yaml` };
  });
  sources.push({ id: 'acme (fixture)', mappingFile: 'test/fixtures/acme/mapping.yaml', specFile: 'test/fixtures/acme/provider.yaml' });
  return Promise.all(
    sources.map(async ({ id, mappingFile, specFile }) => {
      const provider = await loadOpenApi(path.join(repoRoot, specFile), specFile);
      const written = load(await readFile(path.join(repoRoot, mappingFile), 'utf8')) as { provider_spec?: string; fields: never[] };
      const service = id.replace(/ .*/, '');
      const draft = draftMapping({ service, provider, unified, from: specFile, schemaPath: path.join(repoRoot, 'mappings/schema.json') });
      return { id, specFile, draft, score: scoreDraft(draft.lines, written.fields) };
    }),
  );
}
