/**
 * `npx generate new <id> --from <provider spec>` for each committed provider
 * spec, in a fresh project: every draft generates as it stands, type-checks,
 * and its connector passes its own generated suite against loopback servers.
 * All in this process: the drafts' suites run as part of this run. The specs
 * are shared out among test files (draft-generates-*.test.ts) by their place
 * in the sorted list, so the drafts' suites run in more than one worker.
 */

import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram, EXIT } from '../../src/cli.js';
import { runGeneratedSuite } from '../support/generated-suite.js';
import { repoRoot, tempProject, type TempProject } from '../support/project.js';
import { typeCheck } from '../support/typecheck.js';

async function cli(root: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let code = -1;
  const program = buildProgram(root, { out: (l) => out.push(l), err: (l) => err.push(l) }, (c) => (code = c));
  program.exitOverride();
  await program.parseAsync(args, { from: 'user' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * Registers the drafts of the committed provider specs whose place in the
 * sorted list is `part` modulo `parts`. Drafted and generated while the
 * calling file is collected, so the drafts' generated suites register in its run.
 */
export async function describeDrafts(part: number, parts: number): Promise<void> {
  const project: TempProject = await tempProject({ mappings: [] });
  afterAll(() => project.dispose());
  await mkdir(path.join(project.root, 'specs/providers'), { recursive: true });
  const all = (await readdir(path.join(repoRoot, 'specs/providers'))).filter((f) => f.endsWith('.yaml')).sort();
  const specs = all.filter((_, index) => index % parts === part);
  const drafted = new Map<string, { code: number; out: string; err: string }>();
  for (const spec of specs) {
    // Copied in under their own names, drafted as new providers `draft-<name>`.
    await copyFile(path.join(repoRoot, 'specs/providers', spec), path.join(project.root, 'specs/providers', spec));
    const id = `draft-${spec.replace(/\.yaml$/, '')}`;
    drafted.set(id, await cli(project.root, ['new', id, '--from', path.join(project.root, 'specs/providers', spec)]));
  }
  const generated = await cli(project.root, []);
  // The type-check runs in a child process from here on, beside the drafts' suites; its test awaits it.
  const typeChecked = typeCheck(project.root);

  describe(`a mapping drafted from each committed provider spec (${specs.map((spec) => spec.replace(/\.yaml$/, '')).join(', ')})`, () => {
    it('is written with the provider document copied beside it', async () => {
      expect(all.length).toBeGreaterThanOrEqual(6);
      expect(specs.length).toBeGreaterThan(0);
      for (const [id, result] of drafted) {
        expect(result.code, `${id}: ${result.err}`).toBe(EXIT.ok);
        expect(result.out).toContain(`drafted mappings/${id}.yaml`);
        expect(await project.read(`specs/providers/${id}.yaml`)).toBe(await project.read(`specs/providers/${id.replace(/^draft-/, '')}.yaml`));
      }
    });

    it("generates as it stands, warning only about its TODOs, untested operations, faults of the document in operations it does not send, and answers it copies that break a format as the document's own example does", () => {
      expect(generated.code, generated.err).toBe(EXIT.ok);
      expect(generated.out).toMatch(new RegExp(`generated ${drafted.size} connectors? \\(${[...drafted.keys()].join(', ')}\\)`));
      for (const line of generated.err.split('\n').filter((l) => /: (warning|error):/.test(l))) expect(line).toMatch(/: warning: (TODO left|operation \w+ has no example case|.*; no mapped operation is affected$|.*; accepted only because the document's own example of it, .*, is not one either( \(as are \d+ more values? of it in this mapping's examples\))?$)/);
    });

    it('type-checks', async () => {
      expect(await typeChecked).toBe('');
    }, 120_000);

    // Without generated code there is no suite to run: that alone fails here.
    if (generated.code === EXIT.ok) for (const id of drafted.keys()) describe(`${id} passes its own generated suite`, () => runGeneratedSuite(project.root, id));
    else it('passes its own generated suite', () => expect(generated.code, generated.err).toBe(EXIT.ok));
  });
}
