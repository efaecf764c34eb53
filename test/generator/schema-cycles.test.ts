/**
 * Cycles in a provider document's schemas: a recursive schema (a tree whose
 * children are trees) is legitimate and is checked like any other, a
 * self-including `allOf` is read as its other members, and only a cycle that
 * never says what a schema is (`$ref`s that lead round to each other, an
 * `allOf` of itself alone) is an input error, named where the cycle starts.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { GenerationError } from '../../src/diagnostics.js';
import { generate } from '../../src/generate.js';
import { tempProject, type TempProject } from '../support/project.js';

const spec = 'specs/providers/zendesk.yaml';
const mapping = 'mappings/zendesk.yaml';

/** Adds component schemas (indented YAML, four spaces) right after `components.schemas:`. */
const addSchemas = (text: string, schemas: string) => text.replace('\n  schemas:\n', `\n  schemas:\n${schemas}`);
/** Adds a member to the Zendesk User schema. */
const addUserMember = (text: string, member: string) => text.replace('    User:\n      type: object\n', '    __USER__').replace(/(    __USER__[\s\S]*?\n      properties:\n)/, `$1${member}`).replace('    __USER__', '    User:\n      type: object\n');
/** The record `GET /users/{id}` answers, read at `path` instead of `user`. */
const readRecordAt = (text: string, path: string) => text.replace(/(path: \/users\/\{id\}\n\s+status: \[200\]\n\s+record: )user\n/, `$1${path}\n`);

async function failure(run: Promise<unknown>): Promise<GenerationError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the run should have been refused').toBeInstanceOf(GenerationError);
  return error as GenerationError;
}

// Each test's temporary project, disposed after it.
let project: TempProject | undefined;
afterEach(async () => {
  await project?.dispose();
  project = undefined;
});

describe('schema cycles in a provider document', () => {
  it('a pure $ref cycle is an error at the $ref that starts it, not a schema that allows any path below it', async () => {
    project = await tempProject({ mappings: ['zendesk'] });
    await project.edit(spec, (t) =>
      addSchemas(t, "    UserA:\n      $ref: '#/components/schemas/UserB'\n    UserB:\n      $ref: '#/components/schemas/UserA'\n").replace(
        "    UserResponse:\n      type: object\n      properties:\n        user:\n          $ref: '#/components/schemas/User'\n",
        "    UserResponse:\n      type: object\n      properties:\n        user:\n          $ref: '#/components/schemas/UserA'\n",
      ),
    );
    await project.edit(mapping, (t) => readRecordAt(t, 'user.foo'));
    const text = await project.read(spec);
    const line = text.slice(0, text.indexOf("    UserA:\n")).split('\n').length + 1;
    const error = await failure(generate({ root: project.root, mode: 'none' }));
    const cycle = error.diagnostics.find((d) => d.file === spec);
    expect(cycle, error.message).toBeDefined();
    expect(cycle!.code).toBe('broken-ref');
    expect(cycle!.position).toEqual({ line, col: 13 });
    expect(cycle!.message).toMatch(/'#\/components\/schemas\/UserB' refers only to itself: UserA → UserB → UserA/);
    expect(cycle!.hint).toBeDefined();
  });

  it('an allOf of itself alone is an error at its $ref', async () => {
    project = await tempProject({ mappings: ['zendesk'] });
    await project.edit(spec, (t) => addUserMember(addSchemas(t, "    Loop:\n      allOf:\n        - $ref: '#/components/schemas/Loop'\n"), "        loop:\n          $ref: '#/components/schemas/Loop'\n"));
    await project.edit(mapping, (t) => readRecordAt(t, 'user.loop.x'));
    const error = await failure(generate({ root: project.root, mode: 'none' }));
    const cycle = error.diagnostics.find((d) => d.file === spec);
    expect(cycle, error.message).toBeDefined();
    expect(cycle!.message).toMatch(/refers only to itself: Loop → Loop/);
  });

  it('a self-including allOf is read as its other members: generating works, and a path below it is still checked', async () => {
    project = await tempProject({ mappings: ['zendesk'] });
    await project.edit(spec, (t) =>
      addUserMember(addSchemas(t, "    Loop:\n      allOf:\n        - $ref: '#/components/schemas/Loop'\n        - type: object\n          properties:\n            x:\n              type: string\n"), "        loop:\n          $ref: '#/components/schemas/Loop'\n"),
    );
    await expect(generate({ root: project.root, mode: 'none' })).resolves.toBeDefined();
    await project.edit(mapping, (t) => readRecordAt(t, 'user.loop.y'));
    const error = await failure(generate({ root: project.root, mode: 'none' }));
    expect(error.diagnostics.map((d) => d.message).join('\n')).toMatch(/'user\.loop\.y': user\.loop has no member 'y'/);
  });

  it('mutually including allOfs and a oneOf that names itself survive, each read as the members it adds', async () => {
    project = await tempProject({ mappings: ['zendesk'] });
    await project.edit(spec, (t) =>
      addUserMember(
        addSchemas(
          t,
          [
            '    A:',
            '      allOf:',
            "        - $ref: '#/components/schemas/B'",
            '        - type: object',
            '          properties:',
            '            a: { type: string }',
            '    B:',
            '      allOf:',
            "        - $ref: '#/components/schemas/A'",
            '        - type: object',
            '          properties:',
            '            b: { type: string }',
            '    Either:',
            '      oneOf:',
            "        - $ref: '#/components/schemas/Either'",
            '        - type: object',
            '          properties:',
            "            next: { $ref: '#/components/schemas/Either' }",
            '',
          ].join('\n'),
        ),
        "        a:\n          $ref: '#/components/schemas/A'\n        b:\n          $ref: '#/components/schemas/B'\n        either:\n          $ref: '#/components/schemas/Either'\n",
      ),
    );
    await expect(generate({ root: project.root, mode: 'none' })).resolves.toBeDefined();
    const original = await project.read(mapping);
    // Each path is walked to its end through the cycles; what it reaches there is a string or an Either, not the record, and only that is said.
    for (const [good, reached] of [['user.a.b', 'string'], ['user.b.a', 'string'], ['user.either.next.next', 'Either']]) {
      await project.write(mapping, readRecordAt(original, good!));
      const error = await failure(generate({ root: project.root, mode: 'none' }));
      expect(error.diagnostics.map((d) => d.message), good).toEqual([expect.stringMatching(new RegExp(`^'${good!.replace(/\./g, '\\.')}' is ${reached} in the 200 response of GET /users/\\{user_id\\} \\(specs/providers/zendesk\\.yaml\\), not User, the record the fields are read from`))]);
    }
    await project.edit(mapping, (t) => t.replace('record: user.either.next.next', 'record: user.either.next.nxet'));
    const error = await failure(generate({ root: project.root, mode: 'none' }));
    expect(error.diagnostics.map((d) => `${d.message} ${d.hint ?? ''}`).join('\n')).toMatch(/no member 'nxet'[\s\S]*did you mean 'user\.either\.next\.next'\?/);
  });

  it('a recursive schema (a tree) generates, and a path into it still catches a misspelling', async () => {
    project = await tempProject({ mappings: ['zendesk'] });
    await project.edit(spec, (t) =>
      addUserMember(
        addSchemas(t, "    Node:\n      type: object\n      properties:\n        name:\n          type: string\n        children:\n          type: array\n          items:\n            $ref: '#/components/schemas/Node'\n"),
        "        tree:\n          $ref: '#/components/schemas/Node'\n",
      ),
    );
    await expect(generate({ root: project.root, mode: 'write' })).resolves.toBeDefined();
    await project.edit(mapping, (t) => readRecordAt(t, 'user.tree.children.0.children.0.nmae'));
    const error = await failure(generate({ root: project.root, mode: 'none' }));
    const problem = error.diagnostics.find((d) => d.file === mapping);
    expect(problem?.message, error.message).toMatch(/'user\.tree\.children\.0\.children\.0\.nmae': user\.tree\.children\.0\.children\.0 has no member 'nmae'/);
    expect(problem?.hint).toMatch(/did you mean 'user\.tree\.children\.0\.children\.0\.name'\?/);
  });
});

describe('a pure $ref loop nothing reaches', () => {
  const loop = "    UserA:\n      $ref: '#/components/schemas/UserB'\n    UserB:\n      $ref: '#/components/schemas/UserA'\n";
  const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length + 1;

  it('in a provider document is a warning at its first $ref: no mapped operation is affected, and generating works', async () => {
    project = await tempProject({ mappings: ['zendesk'] });
    await project.edit(spec, (t) => addSchemas(t, `${loop}    Loop:\n      allOf:\n        - $ref: '#/components/schemas/Loop'\n`));
    const text = await project.read(spec);
    const result = await generate({ root: project.root, mode: 'none' });
    const loops = result.ir.warnings.filter((w) => w.file === spec && w.code === 'broken-ref');
    expect(loops.map((w) => [w.position, w.message])).toEqual([
      [{ line: lineOf(text, '    UserA:\n'), col: 13 }, "$ref '#/components/schemas/UserB' refers only to itself: UserA → UserB → UserA never says what the schema is; no mapped operation is affected"],
      [{ line: lineOf(text, '    Loop:\n') + 1, col: 17 }, "$ref '#/components/schemas/Loop' refers only to itself: Loop → Loop never says what the schema is; no mapped operation is affected"],
    ]);
    expect(loops.every((w) => w.hint)).toBe(true);
  });

  it('in the unified spec is an error at its first $ref', async () => {
    project = await tempProject({ mappings: ['zendesk'] });
    const unifiedSpec = 'specs/customer-support.yaml';
    await project.edit(unifiedSpec, (t) => addSchemas(t, loop));
    const text = await project.read(unifiedSpec);
    const error = await failure(generate({ root: project.root, mode: 'none' }));
    const loops = error.diagnostics.filter((d) => d.file === unifiedSpec && d.code === 'broken-ref');
    expect(loops.map((d) => [d.position, d.message]), error.message).toEqual([[{ line: lineOf(text, '    UserA:\n'), col: 13 }, "$ref '#/components/schemas/UserB' refers only to itself: UserA → UserB → UserA never says what the schema is"]]);
  });

  it('reached through its second schema, is reported once, at its first $ref in the document', async () => {
    project = await tempProject({ mappings: ['zendesk'] });
    await project.edit(spec, (t) =>
      addSchemas(t, loop).replace(
        "    UserResponse:\n      type: object\n      properties:\n        user:\n          $ref: '#/components/schemas/User'\n",
        "    UserResponse:\n      type: object\n      properties:\n        user:\n          $ref: '#/components/schemas/UserB'\n",
      ),
    );
    await project.edit(mapping, (t) => readRecordAt(t, 'user.foo'));
    const text = await project.read(spec);
    const error = await failure(generate({ root: project.root, mode: 'none' }));
    const loops = [...error.diagnostics, ...error.warnings].filter((d) => d.file === spec && d.code === 'broken-ref');
    expect(loops.map((d) => [d.position, d.message]), error.message).toEqual([[{ line: lineOf(text, '    UserA:\n'), col: 13 }, "$ref '#/components/schemas/UserB' refers only to itself: UserA → UserB → UserA never says what the schema is"]]);
  });
});

describe('a $ref into an array element (RFC 6901)', () => {
  // PagerDuty's published document composes its User of `#/components/schemas/Tag/allOf/0` and members of its own.
  const composeRecord = (text: string) =>
    addSchemas(text.replace('    User:\n      type: object\n', '    UserOwn:\n      type: object\n'), "    Tagged:\n      allOf:\n        - type: object\n          properties:\n            nickname:\n              type: string\n    User:\n      allOf:\n        - $ref: '#/components/schemas/Tagged/allOf/0'\n        - $ref: '#/components/schemas/UserOwn'\n");

  it('resolves to that element: its members are fields of the record, and a misspelling of one is still caught', async () => {
    project = await tempProject({ mappings: ['zendesk'] });
    await project.edit(spec, composeRecord);
    await project.edit(mapping, (t) => `${t.replace('\nfields:\n', '\nfields:\n  - unified: company_name\n    provider: nickname\n    direction: read\n')}`);
    await generate({ root: project.root, mode: 'none' });
    await project.edit(mapping, (t) => t.replace('    provider: nickname\n', '    provider: nicknme\n'));
    const error = await failure(generate({ root: project.root, mode: 'none' }));
    expect(error.message).toMatch(/'nicknme'[\s\S]*did you mean 'nickname'/);
  });
});

describe('a $ref loop outside the schemas (responses, parameters, request bodies)', () => {
  it('is an error at the loop: the answer would otherwise read as declaring nothing, and its paths go unchecked', async () => {
    project = await tempProject({ mappings: ['zendesk'] });
    await project.edit(spec, (t) =>
      t
        .replace("      responses:\n        '200':\n          description: A page of users.\n", "      responses:\n        '200':\n          $ref: '#/components/responses/LoopA'\n        '299':\n          description: A page of users.\n")
        .replace('\n  responses:\n', "\n  responses:\n    LoopA:\n      $ref: '#/components/responses/LoopB'\n    LoopB:\n      $ref: '#/components/responses/LoopA'\n"),
    );
    await project.edit(mapping, (t) => t.replace('records: users', 'records: userz'));
    const text = await project.read(spec);
    const line = text.slice(0, text.indexOf('    LoopA:\n')).split('\n').length + 1;
    const error = await failure(generate({ root: project.root, mode: 'none' }));
    const loop = error.diagnostics.find((d) => d.file === spec && d.code === 'broken-ref');
    expect(loop, error.message).toBeDefined();
    expect(loop!.position).toEqual({ line, col: 13 });
    expect(loop!.message).toMatch(/refers only to itself: LoopA → LoopB → LoopA never says what it is/);
    expect(error.diagnostics.filter((d) => d.code === 'broken-ref')).toHaveLength(1);
  });
});
