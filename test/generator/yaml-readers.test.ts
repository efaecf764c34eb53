/**
 * Inputs are read with js-yaml for speed and located with `yaml` for
 * positions: both must read every input of the project to the same value.
 * Positions are read off the lines where that is certain (block-locate.ts):
 * they must be the ones `yaml` gives.
 */

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CORE_SCHEMA, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Position } from '../../src/diagnostics.js';
import { BlockLines } from '../../src/parse/block-locate.js';
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
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines });
    const expected = document.toJS() as unknown;
    // Compared strictly here first: the assertion (and its diff) is built only when the values differ.
    const agree = (value: unknown) => isDeepStrictEqual(value, expected) || expect(value).toEqual(expected);
    agree(load(text, { schema: CORE_SCHEMA }));
    agree(YamlSource.parse(text, file).value);

    // Every key and item (a spread sample of at most 2,000 in a large file), both as key and as value.
    const all = positionsOf(document.contents, [], lines);
    const sample = all.filter((_, i) => i % Math.ceil(all.length / 2000) === 0);
    const block = new BlockLines(text);
    let answered = 0;
    for (const { path: at, key, value, block: written } of sample) {
      for (const [target, position] of [['key', key ?? value], ['value', value]] as const) {
        const read = block.locate(at, target);
        if (read === undefined) continue;
        if (written) answered++;
        // The assertion (and its message) is built only for a position that differs: thousands agree in a large file.
        if (!isDeepStrictEqual(read, position)) expect(read, `${file} ${target} ${at.join('.')}`).toEqual(position);
      }
    }
    // Read off the lines for nearly every path written in block style, not left to the parser.
    const blockPaths = sample.filter((entry) => entry.block).length;
    expect(answered, file).toBeGreaterThanOrEqual(blockPaths * 2 * 0.9);
    expect(blockPaths, file).toBeGreaterThan(0);
  });

  it('positions read off the lines are the parser\'s in the shapes block YAML takes, or left to it', () => {
    const text = [
      '# a comment before',
      'a:',
      '  b: 1 # trailing',
      '  empty:',
      '  list:',
      '  - x',
      '  -   y',
      '  - k: v',
      '    m:',
      '      - 1',
      '  "quo\\"ted": { f: 1 }',
      "  'single''s': |",
      '    text: not a key',
      '     more',
      '  anchored: &anchor',
      '    z: 1',
      '  plain: first',
      '    continued: still the scalar',
      'c:',
      '- - nested',
      '-',
      '  deep: 2',
      '',
    ].join('\n');
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines });
    const block = new BlockLines(text);
    const all = positionsOf(document.contents, [], lines);
    let answered = 0;
    for (const { path: at, key, value } of all) {
      for (const [target, position] of [['key', key ?? value], ['value', value]] as const) {
        const read = block.locate(at, target);
        if (read === undefined) continue;
        answered++;
        expect(read, `${target} ${at.join('.')}`).toEqual(position);
      }
    }
    expect(answered).toBeGreaterThan(all.length);
    expect(block.locate(['a', 'plain', 'continued'], 'key')).toBeUndefined();
    expect(block.locate(['a', 'single\'s', 'text'], 'key')).toBeUndefined();
    expect(block.locate(['a', 'quo"ted', 'f'], 'key')).toBeUndefined();
    expect(block.locate(['a', 'anchored'], 'value')).toBeUndefined();
  });

  it('a document opened by `---` after comments is read from the line after it; a later `---`, `...` or directive leaves it to the parser', () => {
    for (const eol of ['\n', '\r\n']) {
      const opened = ['# head', '', '--- # opened', 'a:', '  b: 1', ''].join(eol);
      expect(new BlockLines(opened).locate(['a', 'b'], 'value')).toEqual({ line: 5, col: 6 });
      for (const later of ['---', '...', '%YAML 1.2']) expect(new BlockLines(`${opened}${later}${eol}c: 2${eol}`).locate(['a', 'b'], 'value'), later).toBeUndefined();
    }
  });

  it('still reports YAML mistakes with positions from yaml', () => {
    expect(() => YamlSource.parse('a: 1\na: 2\n', 'x.yaml')).toThrowError(/x\.yaml:2:1: error: YAML syntax: Map keys must be unique/);
    expect(() => YamlSource.parse('a: [1, 2\nb: 3\n', 'x.yaml')).toThrowError(/x\.yaml:\d+:\d+: error: YAML syntax/);
  });
});

interface Located {
  path: (string | number)[];
  key: Position | undefined;
  value: Position;
  /** Every collection on the way to it is written in block style. */
  block: boolean;
}

/** Where `yaml` puts each key and value under `node`, by path, as YamlSource reads them (a null value: its key's place). */
function positionsOf(node: unknown, at: (string | number)[], lines: LineCounter, block = true): Located[] {
  const place = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { line, col };
  };
  const out: Located[] = [];
  // A path through a flow collection (`{ a: 1 }`, `[1, 2]`) is left to the parser.
  const within = block && !(isMap(node) || isSeq(node) ? node.flow : false);
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) continue;
      const value = pair.value as Node | null;
      const key = place(pair.key.range[0]);
      const here = [...at, String(pair.key.value)];
      out.push({ path: here, key, value: value?.range ? place(value.range[0]) : key, block: within }, ...positionsOf(value, here, lines, within));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const range = (item as Node | null)?.range;
      if (range) out.push({ path: [...at, i], key: undefined, value: place(range[0]), block: within }, ...positionsOf(item, [...at, i], lines, within));
    });
  }
  return out;
}
