/**
 * A resource nested under a parent (test/fixtures/nested: cards under
 * /nested/boards/{board_id}/cards, as Apideck's issue-tracking tickets sit
 * under collections): every call the generated suite makes carries the
 * parent's path parameter, taken from the operation's example input.
 */

import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, type GenerateResult } from '../../src/generate.js';
import { repoRoot, tempProject, type TempProject } from '../support/project.js';
import { typeCheck } from '../support/typecheck.js';

const fixture = (file: string) => path.join(repoRoot, 'test/fixtures/nested', file);

// Generated once, while the file is collected: the checks below share it.
const project: TempProject = await tempProject({ mappings: [] });
await copyFile(fixture('unified.yaml'), path.join(project.root, 'specs/nested.yaml'));
await copyFile(fixture('provider.yaml'), path.join(project.root, 'specs/providers/taskboard.yaml'));
await mkdir(path.join(project.root, 'mappings/nested'), { recursive: true });
await copyFile(fixture('mapping.yaml'), path.join(project.root, 'mappings/nested/taskboard.yaml'));
const result: GenerateResult = await generate({ root: project.root, mode: 'write' });
const typeChecked = typeCheck(project.root);
afterAll(() => project.dispose());

describe("a nested resource's generated suite", () => {
  const suite = () => result.files.get('nested/taskboard/cards/connector.gen.test.ts')!;

  it('walks the list with the parent parameter of its example, against the path it fills', () => {
    expect(suite()).toContain("connector.boardCardsAll({ 'board_id': 'b-1', limit: 2, cursor })");
    expect(suite()).toContain("+ '/boards/b-1/tasks',");
  });

  it("gives the fault matrix each operation's parent parameters, for the calls it makes of its own params", () => {
    expect(suite()).toMatch(/boardCardsAll: \{ kind: 'list',[^\n]*, parents: \{ board_id: 'b-1' \} \}/);
  });

  it("does not require the record's read-only id of a write (required in answers only)", () => {
    const validator = result.files.get('nested/unified/validate.gen.ts');
    // Card lists `id` (read-only) as required: a create or update never sends it.
    expect(validator).toContain("readOnly: ['created_at', 'id'], required: [], closed: false, nullable: false, typeName: 'Card'");
  });

  it('reads a provider record without the id its unified record requires as no record, reported (and the transformer type-checks)', async () => {
    const transformers = result.files.get('nested/taskboard/cards/transformers.gen.ts')!;
    expect(transformers).toMatch(/if \(id === null\) \{\n {4}report\('id', 'is required of Card, and Taskboard\\'s record gives none: the record is not read'\);\n {4}return undefined;/);
    expect((await typeChecked).split('\n').filter((line) => line.includes('transformers.gen.ts'))).toEqual([]);
  }, 120_000);

  it("reads a written card back with the id the provider assigns, from the documented record (a card without one is no card)", () => {
    expect(suite()).toContain("  assigned: ['id'],");
  });

  it("tries the fault matrix's invalid write on Card's own members, read-only ones known from the schema", () => {
    expect(suite()).toContain("  recordSchema: 'Card',");
    expect(result.files.get('nested/unified/schema.gen.ts')).toContain("id: { type: 'string', readOnly: true }");
  });

  it('calls nothing without its path parameters (no TS2741 in the generated suite)', async () => {
    expect((await typeChecked).split('\n').filter((line) => line.includes('connector.gen.test.ts'))).toEqual([]);
  }, 120_000);
});
