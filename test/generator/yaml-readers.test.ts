/**
 * Inputs are read with js-yaml for speed and located with `yaml` for
 * positions: both must read every input of the project to the same value.
 */

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CORE_SCHEMA, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { YamlSource } from '../../src/parse/source.js';
import { repoRoot } from '../support/project.js';

async function yamlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(repoRoot, dir), { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await yamlFiles(file)));
    else if (/\.ya?ml$/.test(entry.name)) out.push(file);
  }
  return out;
}

describe('the two YAML readers agree', async () => {
  const files = [...(await yamlFiles('specs')), ...(await yamlFiles('mappings')), ...(await yamlFiles('test/fixtures'))];

  it.each(files)('%s', async (file) => {
    const text = await readFile(path.join(repoRoot, file), 'utf8');
    const expected = parse(text) as unknown;
    // Compared strictly here first: the assertion (and its diff) is built only when the values differ.
    const agree = (value: unknown) => isDeepStrictEqual(value, expected) || expect(value).toEqual(expected);
    agree(load(text, { schema: CORE_SCHEMA }));
    agree(YamlSource.parse(text, file).value);
  });

  it('still reports YAML mistakes with positions from yaml', () => {
    expect(() => YamlSource.parse('a: 1\na: 2\n', 'x.yaml')).toThrowError(/x\.yaml:2:1: error: YAML syntax: Map keys must be unique/);
    expect(() => YamlSource.parse('a: [1, 2\nb: 3\n', 'x.yaml')).toThrowError(/x\.yaml:\d+:\d+: error: YAML syntax/);
  });
});
