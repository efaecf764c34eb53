/**
 * mappings/schema.json is the language's reference: every key described,
 * every key with examples (or a closed set of values), every mapping file
 * pointing editors at it, and every example in it valid against it.
 */

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/project.js';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; definitions?: Record<string, Schema>; $ref?: string };

describe('mappings/schema.json', async () => {
  const schema = JSON.parse(await readFile(path.join(repoRoot, 'mappings/schema.json'), 'utf8')) as Schema;
  const resolve = (node: Schema | undefined) => (node?.$ref ? schema.definitions![node.$ref.split('/').pop()!]! : node);
  const keys: [string, Schema, Schema | undefined][] = [];
  const seen = new Set<unknown>();
  const walk = (node: Schema | undefined, at: string) => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      keys.push([`${at}.${name}`, child, resolve(child)]);
      walk(resolve(child), `${at}.${name}`);
    }
    for (const list of ['oneOf', 'anyOf'] as const) (node[list] as Schema[] | undefined)?.forEach((alternative, i) => walk(resolve(alternative), `${at}<${String(alternative.title ?? i)}>`));
    if (node.items) walk(resolve(node.items as Schema), `${at}[]`);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') walk(resolve(node.additionalProperties as Schema), `${at}{}`);
  };
  walk(schema, '$');

  it('has keys to check', () => {
    expect(keys.length).toBeGreaterThan(100);
  });

  it.each(keys.map(([name, own, target]) => [name, own, target] as const))('%s is described and has examples', (_, own, target) => {
    expect(own.description ?? target?.description, 'description').toBeTruthy();
    const closed = own.const !== undefined || own.enum || target?.enum || own.default !== undefined || own.type === 'boolean' || target?.type === 'boolean';
    expect(own.examples ?? target?.examples ?? (closed ? ['closed'] : undefined), 'examples').toBeDefined();
  });

  it('every example in it is valid against the key it illustrates', () => {
    const ajv = new Ajv({ strict: false, discriminator: true });
    ajv.addSchema(schema as object, 'mapping');
    for (const [name, own, target] of keys) {
      for (const example of (own.examples ?? target?.examples ?? []) as unknown[]) {
        const pointer = own.$ref ?? undefined;
        const validate = pointer ? ajv.compile({ $ref: `mapping${pointer}` }) : ajv.compile({ ...own, definitions: schema.definitions, examples: undefined });
        expect(validate(example), `${name}: ${JSON.stringify(example)} ${ajv.errorsText(validate.errors)}`).toBe(true);
      }
    }
  });

  it('every mapping file points editors at it', async () => {
    const files = (await readdir(path.join(repoRoot, 'mappings'))).filter((file) => file.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const first = (await readFile(path.join(repoRoot, 'mappings', file), 'utf8')).split('\n')[0];
      expect(first, file).toBe('# yaml-language-server: $schema=./schema.json');
    }
  });
});
