/**
 * The unified types come from the spec, not from code: change the spec and
 * the generated types follow. Output is byte-identical on a re-run and when
 * the inputs' keys are shuffled.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CORE_SCHEMA, dump, load } from 'js-yaml';
import { generate } from '../../src/generate.js';
import { tempProject, type TempProject } from '../support/project.js';

describe('spec-driven unified types', () => {
  let project: TempProject | undefined;
  afterEach(async () => {
    await project?.dispose();
    project = undefined;
  });

  it('a property added to CustomerSupportCustomer in the spec appears, with its description, in unified/types.gen.ts', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    const before = (await generate({ root: project.root, mode: 'none' })).files.get('unified/types.gen.ts')!;
    expect(before).not.toContain('loyalty_tier');
    await project.edit('specs/customer-support.yaml', (text) =>
      text.replace(
        '        tax_number:\n',
        '        loyalty_tier:\n          type: string\n          description: The loyalty programme tier of the customer.\n          nullable: true\n          enum:\n            - bronze\n            - gold\n        tax_number:\n',
      ),
    );
    const after = (await generate({ root: project.root, mode: 'none' })).files;
    const types = after.get('unified/types.gen.ts')!;
    expect(types).toMatch(/\/\*\* The loyalty programme tier of the customer\. \*\/\n {2}loyalty_tier\?: CustomerSupportCustomerLoyaltyTier;/);
    expect(types).toContain("export type CustomerSupportCustomerLoyaltyTier = 'bronze' | 'gold' | null;");
    // The input type, the validator and the fields= tree follow the spec too.
    expect(types).toMatch(/export interface CustomerSupportCustomerInput \{[^}]*loyalty_tier\?: CustomerSupportCustomerLoyaltyTier;/s);
    expect(after.get('unified/validate.gen.ts')).toContain("checkString(object['loyalty_tier'], at('loyalty_tier'), issues, { nullable: true, enum: ['bronze', 'gold'] })");
    expect(after.get('unified/schema.gen.ts')).toMatch(/loyalty_tier: true/);
  });
});

function shuffleKeys(text: string, seed: number): string {
  // Each key gets a pseudo-random rank from the seed, and every mapping is written in rank order
  // (status codes such as '200' too, which a JavaScript object would keep first); sequences
  // (enum members, lists) keep their order.
  const rank = (key: string) => {
    let hash = seed >>> 0;
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
    return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> 0;
  };
  const value = load(text, { schema: CORE_SCHEMA });
  return dump(value, { schema: CORE_SCHEMA, lineWidth: -1, noRefs: true, sortKeys: (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : 1) });
}

describe('deterministic output', () => {
  // One project and one first generation, shared: each test compares a further run with it.
  // The shuffling test edits the project's inputs, so it runs last.
  let project: TempProject;
  let first: Map<string, string>;
  beforeAll(async () => {
    project = await tempProject();
    first = (await generate({ root: project.root, mode: 'none' })).files;
  });
  afterAll(() => project.dispose());

  it('is byte-identical on a re-run', async () => {
    const second = (await generate({ root: project.root, mode: 'none' })).files;
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [file, content] of first) expect(second.get(file), file).toBe(content);
  });

  it('holds no clock, version or absolute path', async () => {
    // The first run saw the real clock; one more, decades away from it, must write the same bytes.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2001-02-03T04:05:06Z'));
      expect(new Date().getUTCFullYear()).toBe(2001);
      const early = (await generate({ root: project.root, mode: 'none' })).files;
      expect([...early.keys()]).toEqual([...first.keys()]);
      for (const [file, content] of first) expect(early.get(file), file).toBe(content);
    } finally {
      vi.useRealTimers();
    }
    const { version } = JSON.parse(await project.read('package.json')) as { version: string };
    for (const [file, content] of first) {
      expect(content, file).not.toContain(project.root);
      expect(content, file).not.toContain(process.cwd());
      expect(content, file).not.toContain(`connector-gen ${version}`);
      expect(content, file).not.toContain(`connector-gen@${version}`);
    }
  });

  it('is byte-identical when the keys of the spec, every mapping and every provider spec are shuffled', async () => {
    const original = first;
    const { readdir } = await import('node:fs/promises');
    const mappings = (await readdir(`${project.root}/mappings`)).filter((f) => f.endsWith('.yaml')).map((f) => `mappings/${f}`);
    const specs = (await readdir(`${project.root}/specs/providers`)).filter((f) => f.endsWith('.yaml')).map((f) => `specs/providers/${f}`);
    let seed = 7;
    const files = ['specs/customer-support.yaml', ...mappings, ...specs];
    let reordered = 0;
    for (const file of files) {
      const text = await project.read(file);
      const shuffled = shuffleKeys(text, seed++);
      // Still one mapping at the top, with the same content, read back as the generator reads it.
      const reread = load(shuffled, { schema: CORE_SCHEMA });
      expect(reread !== null && typeof reread === 'object' && !Array.isArray(reread), file).toBe(true);
      expect(reread, file).toEqual(load(text, { schema: CORE_SCHEMA }));
      if (Object.keys(reread as object).join() !== Object.keys(load(text, { schema: CORE_SCHEMA }) as object).join()) reordered++;
      await project.write(file, shuffled);
    }
    // The top-level keys alone come out in another order in most files.
    expect(reordered).toBeGreaterThan(files.length / 2);
    const shuffled = (await generate({ root: project.root, mode: 'none' })).files;
    expect([...shuffled.keys()]).toEqual([...original.keys()]);
    for (const [file, content] of original) {
      // The fingerprint hashes the input bytes, which shuffling changes by design; its output hash must not.
      if (file === '.fingerprint') expect(shuffled.get(file)!.split('\n')[1], file).toBe(content.split('\n')[1]);
      else expect(shuffled.get(file), file).toBe(content);
    }
  });
});
