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
  // Each key with its own schema, the schema its $ref names, and where its own schema sits in the file (a JSON pointer).
  const keys: [string, Schema, Schema | undefined, string][] = [];
  const seen = new Set<unknown>();
  const within = (pointer: string, ...segments: (string | number)[]) => segments.reduce<string>((at, segment) => `${at}/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`, pointer);
  const located = (node: Schema, pointer: string) => (node.$ref ? node.$ref.replace(/^#/, '') : pointer);
  const walk = (node: Schema | undefined, at: string, pointer: string) => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const own = within(pointer, 'properties', name);
      keys.push([`${at}.${name}`, child, resolve(child), own]);
      walk(resolve(child), `${at}.${name}`, located(child, own));
    }
    for (const list of ['oneOf', 'anyOf'] as const) (node[list] as Schema[] | undefined)?.forEach((alternative, i) => walk(resolve(alternative), `${at}<${String(alternative.title ?? i)}>`, located(alternative, within(pointer, list, i))));
    if (node.items) walk(resolve(node.items as Schema), `${at}[]`, located(node.items as Schema, within(pointer, 'items')));
    if (node.additionalProperties && typeof node.additionalProperties === 'object') walk(resolve(node.additionalProperties as Schema), `${at}{}`, located(node.additionalProperties as Schema, within(pointer, 'additionalProperties')));
  };
  walk(schema, '$', '');

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
    let checked = 0;
    for (const [name, own, target, pointer] of keys) {
      const examples = (own.examples ?? target?.examples ?? []) as unknown[];
      if (examples.length === 0) continue;
      // The key's schema where it stands in the file, compiled once with the definitions it refers to.
      const validate = ajv.getSchema(`mapping#${pointer}`);
      if (!validate) throw new Error(`${name}: no schema at ${pointer}`);
      for (const example of examples) {
        expect(validate(example), `${name}: ${JSON.stringify(example)} ${ajv.errorsText(validate.errors)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
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
