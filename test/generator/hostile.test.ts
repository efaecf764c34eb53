/**
 * Names and strings from mappings and specs reach generated code only as
 * escaped literals, validated identifiers or escaped comments. A provider
 * and mapping full of quotes, backticks, `${…}`, `*\/`, line and paragraph
 * separators, `__proto__` and `constructor` must generate code that
 * type-checks, holds them as data, and passes its own suite.
 */

import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, type GenerateResult } from '../../src/generate.js';
import { repoRoot, tempProject, type TempProject } from '../support/project.js';
import { runGeneratedSuite } from '../support/generated-suite.js';
import { typeCheck } from '../support/typecheck.js';

const hostileName = "weird'`${globalThis.pwned = 1}`*/ \"x\"";

// Generated once, while the file is collected: the checks below and the generated suite share it.
const project: TempProject = await tempProject({ mappings: [] });
await copyFile(path.join(repoRoot, 'test/fixtures/hostile/provider.yaml'), path.join(project.root, 'specs/providers/hostile.yaml'));
await copyFile(path.join(repoRoot, 'test/fixtures/hostile/mapping.yaml'), path.join(project.root, 'mappings/hostile.yaml'));
// The unified spec gets a hostile member and description too.
await project.edit('specs/customer-support.yaml', (text) =>
  text.replace(
    '        tax_number:\n',
    `        ${JSON.stringify(hostileName)}:\n          type: string\n          nullable: true\n          description: "*/ globalThis.pwned = 2; /* \\u2028 \`\${globalThis.pwned = 3}\`"\n        tax_number:\n`,
  ),
);
const result: GenerateResult = await generate({ root: project.root, mode: 'write' });
// The type-check runs in a child process from here on, beside the tests; its test awaits it.
const typeChecked = typeCheck(project.root);
afterAll(() => project.dispose());

describe('hostile names and strings stay data', () => {

  it('generates', () => {
    expect(result.ir.connectors.map((c) => c.service)).toEqual(['hostile']);
  });

  it('keeps hostile text out of code: every occurrence is inside an escaped literal or comment', () => {
    for (const [file, content] of result.files) {
      if (!file.endsWith('.ts')) continue;
      // A comment terminator from the inputs never appears unescaped inside a block comment.
      for (const block of content.match(/\/\*\*[\s\S]*?\*\//g) ?? []) expect(block.slice(3, -2), file).not.toContain('*/');
      // Raw line and paragraph separators never reach code (they would end a line comment early in older engines).
      expect(content, file).not.toMatch(/[\u2028\u2029]/);
    }
    expect(result.files.get('unified/types.gen.ts')).toContain(`'weird\\'\`\${globalThis.pwned = 1}\`*/ "x"'?: string | null;`);
  });

  it('type-checks', async () => {
    expect(await typeChecked).toBe('');
  }, 120_000);

  it('reads __proto__ and constructor members as data, polluting nothing', async () => {
    const module = (await import(pathToFileURL(path.join(project.root, 'generated/hostile/transformers.gen.ts')).href)) as {
      toUnifiedCustomer(record: unknown): Record<string, unknown> | undefined;
      toHostileCustomersAddBody(customer: unknown, issues: unknown[], settings: Record<string, string>): Record<string, unknown>;
    };
    const read = module.toUnifiedCustomer(JSON.parse('{"id":"1","__proto__":{"polluted":true},"constructor":"c"}'));
    expect(read).toMatchObject({ id: '1', tax_number: 'c', notes: null });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const written = module.toHostileCustomersAddBody({ notes: 'n', tax_number: 't' }, [], {});
    expect(Object.getOwnPropertyNames(written).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(written)).toBe(Object.prototype);
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });
});

// Its own generated suite (the examples replay hostile names both ways), run here as part of this run.
describe('the hostile fixture passes its own generated suite', () => runGeneratedSuite(project.root, 'hostile'));
