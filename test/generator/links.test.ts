/**
 * Every relative link in the committed generated Markdown (connector
 * READMEs, CONNECTORS.md, COVERAGE.md) leads to a file that exists, however
 * deep the connector's folder is (`generated/crm/hubspot/contacts/`).
 */

import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/project.js';

async function markdownFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? markdownFiles(path.join(folder, entry.name)) : Promise.resolve(entry.name.endsWith('.md') ? [path.join(folder, entry.name)] : []))));
  return nested.flat();
}

describe('links in generated Markdown', () => {
  it('lead to files that exist', async () => {
    const files = await markdownFiles(path.join(repoRoot, 'generated'));
    expect(files.length).toBeGreaterThan(10);
    const broken: string[] = [];
    for (const file of files) {
      // Code spans hold patterns such as `^[a-z](?:[a-z0-9-]*)$`, not links.
      const text = (await readFile(file, 'utf8')).replace(/`[^`\n]*`/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/i.test(target!)) continue;
        if (!existsSync(path.resolve(path.dirname(file), target!))) broken.push(`${path.relative(repoRoot, file)} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
