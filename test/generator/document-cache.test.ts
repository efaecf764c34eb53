/**
 * A provider document read again unchanged (a `--watch` session, many
 * projects generated in one process) is not parsed and checked again; an
 * edited one is, and so is the same text under another name (positions and
 * messages name the file). Documents are frozen: no stage can change the
 * input of the next run.
 */

import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOpenApi } from '../../src/parse/openapi.js';
import { repoRoot } from '../support/project.js';

const folder = await mkdtemp(path.join(tmpdir(), 'connector-gen-documents-'));
afterAll(() => rm(folder, { recursive: true, force: true }));
const file = path.join(folder, 'kickserv.yaml');
await copyFile(path.join(repoRoot, 'specs/providers/kickserv.yaml'), file);

describe('provider documents read in one process', () => {
  it('an unchanged document is the one already checked, from any folder', async () => {
    const first = await loadOpenApi(file, 'specs/providers/kickserv.yaml');
    expect(await loadOpenApi(file, 'specs/providers/kickserv.yaml')).toBe(first);
    expect(await loadOpenApi(path.join(repoRoot, 'specs/providers/kickserv.yaml'), 'specs/providers/kickserv.yaml')).toBe(first);
  });

  it('an edited document, or the same text under another name, is read and checked afresh', async () => {
    const first = await loadOpenApi(file, 'specs/providers/kickserv.yaml');
    expect((await loadOpenApi(file, 'specs/providers/other.yaml')).source.file).toBe('specs/providers/other.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/title: .*/, 'title: Edited'));
    const edited = await loadOpenApi(file, 'specs/providers/kickserv.yaml');
    expect(edited).not.toBe(first);
    expect((edited.document.info as { title: string }).title).toBe('Edited');
    await writeFile(file, text.replace(/openapi: .*/, 'openapi: 2.0.0'));
    await expect(loadOpenApi(file, 'specs/providers/kickserv.yaml')).rejects.toThrow(/not an OpenAPI 3\.0 or 3\.1 document/);
  });

  it('is frozen, every member of it', async () => {
    const loaded = await loadOpenApi(path.join(repoRoot, 'specs/providers/kickserv.yaml'), 'specs/providers/kickserv.yaml');
    const paths = loaded.document.paths as Record<string, Record<string, unknown>>;
    expect(() => {
      (paths[Object.keys(paths)[0]!] as Record<string, unknown>).added = true;
    }).toThrow(TypeError);
    expect(Object.isFrozen(loaded.faults)).toBe(true);
  });
});
