/**
 * The mapping language is exercised, key by key: every key mappings/schema.json
 * defines is used by the every-feature fixture (test/fixtures/acme), the
 * hostile or nested fixture, or a committed mapping, so no construct is
 * accepted without an example of it generating and passing its suite.
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { listMappingFiles, defaultLayout } from '../../src/ir/index.js';
import { repoRoot } from '../support/project.js';
import { taxNumber, taxParts } from '../fixtures/acme/hooks.js';

type Schema = Record<string, unknown>;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every place a key can go, as `<where>.<key>` (`definitions.operation.then`), for each object schema with `properties`. */
function schemaKeys(root: Schema): Set<string> {
  const keys = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (node: unknown, where: string) => {
    if (!isObject(node) || seen.has(node)) return;
    seen.add(node);
    if (isObject(node.properties)) for (const [key, child] of Object.entries(node.properties)) {
      keys.add(`${where}.${key}`);
      walk(child, `${where}.${key}`);
    }
    for (const list of ['oneOf', 'anyOf', 'allOf'] as const) if (Array.isArray(node[list])) node[list].forEach((branch, i) => walk(branch, branchName(branch, where, i)));
    if (isObject(node.items)) walk(node.items, `${where}[]`);
    if (isObject(node.additionalProperties)) walk(node.additionalProperties, `${where}.*`);
  };
  walk(root, 'mapping');
  for (const [name, definition] of Object.entries((root.definitions ?? {}) as Record<string, unknown>)) walk(definition, `definitions.${name}`);
  return keys;
}

/** A oneOf branch is named by its `type` constant (`definitions.pagination(link)`), else by its position. */
function branchName(branch: unknown, where: string, index: number): string {
  const type = isObject(branch) && isObject(branch.properties) && isObject(branch.properties.type) ? branch.properties.type.const : undefined;
  return typeof type === 'string' ? `${where}(${type})` : `${where}|${index}`;
}

/** The schema keys a mapping document uses, following the schema as the document follows it. */
function usedKeys(root: Schema, document: unknown): Set<string> {
  const used = new Set<string>();
  const resolve = (node: unknown): { node: Schema; where?: string } => {
    if (isObject(node) && typeof node.$ref === 'string') {
      const name = node.$ref.replace('#/definitions/', '');
      return { node: (root.definitions as Record<string, Schema>)[name]!, where: `definitions.${name}` };
    }
    return { node: isObject(node) ? node : {} };
  };
  const walk = (value: unknown, schemaNode: unknown, where: string) => {
    const resolved = resolve(schemaNode);
    const node = resolved.node;
    where = resolved.where ?? where;
    for (const list of ['oneOf', 'anyOf', 'allOf'] as const) {
      if (!Array.isArray(node[list])) continue;
      node[list].forEach((branch, i) => {
        const { node: b } = resolve(branch);
        const type = isObject(b.properties) && isObject(b.properties.type) ? b.properties.type.const : undefined;
        // The branch the value is written in: its `type` constant, else every key of the value declared there.
        const fits = isObject(value) && isObject(b.properties) && (type !== undefined ? value.type === type : Object.keys(value).every((k) => k in (b.properties as object)));
        const shapeFits = Array.isArray(value) ? b.type === 'array' : typeof value === b.type;
        if (fits || (!isObject(value) && shapeFits)) walk(value, branch, resolve(branch).where ?? branchName(b, where, i));
      });
    }
    if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (isObject(node.properties) && key in node.properties) {
          used.add(`${where}.${key}`);
          walk(child, node.properties[key], `${where}.${key}`);
        } else if (isObject(node.additionalProperties)) walk(child, node.additionalProperties, `${where}.*`);
      }
    }
    if (Array.isArray(value) && isObject(node.items)) for (const item of value) walk(item, node.items, `${where}[]`);
  };
  walk(document, root, 'mapping');
  return used;
}

describe('the every-feature fixture', () => {
  it('with its paging variants and the committed mappings, uses every key mappings/schema.json defines', async () => {
    const schema = JSON.parse(await readFile(path.join(repoRoot, 'mappings/schema.json'), 'utf8')) as Schema;
    // The hostile and nested fixtures are generated and run too (test/generator/hostile.test.ts, nested.test.ts).
    const files = ['test/fixtures/acme/mapping.yaml', 'test/fixtures/hostile/mapping.yaml', 'test/fixtures/nested/mapping.yaml', ...(await listMappingFiles(defaultLayout(repoRoot)))];
    const used = new Set<string>();
    for (const file of files) for (const key of usedKeys(schema, load(await readFile(path.join(repoRoot, file), 'utf8')))) used.add(key);
    // The paging a single mapping cannot hold at once, in variants the golden test generates and runs.
    const variants = load(await readFile(path.join(repoRoot, 'test/fixtures/acme/paging-variants.yaml'), 'utf8')) as { pagination: unknown; case: unknown }[];
    for (const variant of variants) for (const key of usedKeys(schema, { pagination: variant.pagination, examples: { cases: [variant.case] } })) used.add(key);
    const unused = [...schemaKeys(schema)].filter((key) => !used.has(key)).sort();
    expect(unused, 'keys of mappings/schema.json no mapping uses: add them to test/fixtures/acme/mapping.yaml').toEqual([]);
  });
});

describe("the fixture's hooks (test/fixtures/acme/hooks.ts)", () => {
  it.each([
    ['VAT GB123', { scheme: 'VAT', number: 'GB123' }],
    ['12345', { scheme: null, number: '12345' }],
    ['ABN 51 824 753 556', { scheme: 'ABN', number: '51 824 753 556' }],
  ] as const)('%s is written as its scheme and number, and reads back as itself', (unified, provider) => {
    expect(taxParts({ tax_number: unified })).toEqual(provider);
    expect(taxNumber({ tax: provider })).toBe(unified);
  });

  it('writes nothing for an absent tax number and clears for null or blank', () => {
    expect(taxParts({})).toBeUndefined();
    expect(taxParts({ tax_number: null })).toBeNull();
    expect(taxParts({ tax_number: '  ' })).toBeNull();
  });

  it('reads a record of the wrong shape as no tax number rather than throwing', () => {
    for (const tax of [null, 42, 'VAT', { number: 7 }, { scheme: 'VAT' }, { number: '  ' }]) expect(taxNumber({ tax } as never)).toBeNull();
  });
});
