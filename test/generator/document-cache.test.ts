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
import { generate } from '../../src/generate.js';
import { KeptInputs } from '../../src/parse/kept.js';
import { loadOpenApi } from '../../src/parse/openapi.js';
import { repoRoot, tempProject } from '../support/project.js';

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

  it('stays kept while documents read only once come and go (a run\'s broken copies, the edits of a watch session)', async () => {
    const kept = path.join(repoRoot, 'specs/providers/kickserv.yaml');
    const first = await loadOpenApi(kept, 'specs/providers/kickserv.yaml');
    expect(await loadOpenApi(kept, 'specs/providers/kickserv.yaml')).toBe(first);
    const text = await readFile(kept, 'utf8');
    const copy = path.join(folder, 'copy.yaml');
    // More one-off documents than either part of the cache holds.
    for (let edit = 0; edit < 40; edit++) {
      await writeFile(copy, text.replace(/title: .*/, `title: Edit ${edit}`));
      await loadOpenApi(copy, 'specs/providers/copy.yaml');
    }
    expect(await loadOpenApi(kept, 'specs/providers/kickserv.yaml')).toBe(first);
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

describe('KeptInputs', () => {
  const named = (cache: KeptInputs<string>, name: string) => cache.find((entry) => entry === name);

  it('keeps an input asked for again ahead of any number read once', () => {
    const cache = new KeptInputs<string>(2);
    cache.add('spec');
    expect(named(cache, 'spec')).toBe('spec');
    for (let i = 0; i < 10; i++) cache.add(`edit ${i}`);
    expect(named(cache, 'spec')).toBe('spec');
    // Of those read once, only the latest are kept.
    expect(named(cache, 'edit 9')).toBe('edit 9');
    expect(named(cache, 'edit 0')).toBeUndefined();
    expect(cache.size).toBeLessThanOrEqual(4);
  });

  it('bounds the inputs asked for again too: the one used the longest ago waits among those read once', () => {
    const cache = new KeptInputs<string>(2);
    for (const name of ['a', 'b', 'c']) {
      cache.add(name);
      named(cache, name);
    }
    expect(cache.size).toBe(3);
    // 'a' went back among the inputs read once: two new ones push it out.
    cache.add('x');
    cache.add('y');
    expect(named(cache, 'a')).toBeUndefined();
    expect(named(cache, 'b')).toBe('b');
    expect(named(cache, 'c')).toBe('c');
  });
});

// The unified modules follow from the spec's IR (built once per process for an unchanged spec), the resources
// generated and where the runtime is imported from: printed once per process for each, never stale.
describe('the unified modules printed in one process', () => {
  it('are the same text for the same spec, import the runtime from where each output folder sits, and follow an edit of the spec', async () => {
    const project = await tempProject({ mappings: ['kickserv'] });
    try {
      const first = await generate({ root: project.root, out: 'one', mode: 'none' });
      const again = await generate({ root: project.root, out: 'two', mode: 'none' });
      const deeper = await generate({ root: project.root, out: 'deeper/three', mode: 'none' });
      for (const file of ['unified/types.gen.ts', 'unified/validate.gen.ts', 'unified/schema.gen.ts']) {
        expect(first.files.get(file), file).toBeDefined();
        expect(again.files.get(file), file).toBe(first.files.get(file));
      }
      expect(first.files.get('unified/validate.gen.ts')).toContain("from '../../src/runtime/index.js'");
      expect(deeper.files.get('unified/validate.gen.ts')).toContain("from '../../../src/runtime/index.js'");
      expect(deeper.files.get('unified/types.gen.ts')).toBe(first.files.get('unified/types.gen.ts'));
      await project.edit('specs/customer-support.yaml', (text) => text.replace('description: Name of city.', 'description: Name of the city, edited.'));
      const edited = await generate({ root: project.root, out: 'one', mode: 'none' });
      expect(edited.files.get('unified/types.gen.ts')).toContain('/** Name of the city, edited. */');
      expect(first.files.get('unified/types.gen.ts')).toContain('/** Name of city. */');
    } finally {
      await project.dispose();
    }
  });
});
