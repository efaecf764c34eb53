/**
 * `npx generate new <id> --from <provider spec>` for each committed provider
 * spec, in a fresh project: every draft generates as it stands, type-checks,
 * and its connector passes its own generated suite against loopback servers.
 * All in this process: the drafts' suites run as part of this run. The specs
 * are shared out among test files (draft-generates-*.test.ts) by their place
 * in the sorted list, so the drafts' suites run in more than one worker.
 */

import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
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
 * What a committed provider document is drafted for: the unified API (and its
 * first resource) whose mapping folder maps that provider, or the default API
 * when none does. A provider of another API (an HRIS's employees) has no
 * customer to draft.
 */
async function draftTarget(spec: string): Promise<string[]> {
  const service = spec.replace(/\.yaml$/, '');
  const mappings = path.join(repoRoot, 'mappings');
  for (const entry of (await readdir(mappings, { withFileTypes: true })).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const text = await readFile(path.join(mappings, entry.name, spec), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const mapping = parseYaml(text) as { resources?: Record<string, unknown>; operations?: Record<string, unknown> };
    // A mapping of several resources names them; one of one resource is told by its list operation (`employeesAll`).
    const resource = Object.keys(mapping.resources ?? {}).sort()[0] ?? Object.keys(mapping.operations ?? {}).find((op) => op.endsWith('All'))?.replace(/All$/, '');
    if (resource === undefined) throw new Error(`mappings/${entry.name}/${spec}: cannot tell which resource ${service} maps`);
    return ['--api', entry.name, '--resource', resource];
  }
  return [];
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
  // By the connector each draft generates: `draft-<name>`, or `<api>/draft-<name>` for another API's provider.
  const drafted = new Map<string, { id: string; result: { code: number; out: string; err: string } }>();
  for (const spec of specs) {
    // Copied in under their own names, drafted as new providers `draft-<name>`.
    await copyFile(path.join(repoRoot, 'specs/providers', spec), path.join(project.root, 'specs/providers', spec));
    const id = `draft-${spec.replace(/\.yaml$/, '')}`;
    const target = await draftTarget(spec);
    const connector = target.length > 0 ? `${target[1]}/${id}` : id;
    drafted.set(connector, { id, result: await cli(project.root, ['new', id, '--from', path.join(project.root, 'specs/providers', spec), ...target]) });
  }
  const generated = await cli(project.root, []);
  // The type-check runs in a child process from here on, beside the drafts' suites; its test awaits it.
  const typeChecked = typeCheck(project.root);

  describe(`a mapping drafted from each committed provider spec (${specs.map((spec) => spec.replace(/\.yaml$/, '')).join(', ')})`, () => {
    it('is written with the provider document copied beside it', async () => {
      expect(all.length).toBeGreaterThanOrEqual(6);
      expect(specs.length).toBeGreaterThan(0);
      for (const [connector, { id, result }] of drafted) {
        expect(result.code, `${id}: ${result.err}`).toBe(EXIT.ok);
        expect(result.out).toContain(`drafted mappings/${connector}.yaml`);
        expect(await project.read(`specs/providers/${id}.yaml`)).toBe(await project.read(`specs/providers/${id.replace(/^draft-/, '')}.yaml`));
      }
    });

    it("generates as it stands, warning only about its TODOs, untested operations and reads, faults of the document in operations it does not send, and answers it copies that break a format as the document's own example does", () => {
      expect(generated.code, generated.err).toBe(EXIT.ok);
      const listed = /generated (\d+) connectors? \(([^)]*)\)/.exec(generated.out);
      expect(listed, generated.out).not.toBeNull();
      expect(listed![2]!.split(', ').sort()).toEqual([...drafted.keys()].sort());
      for (const line of generated.err.split('\n').filter((l) => /: (warning|error):/.test(l))) expect(line).toMatch(/: warning: (TODO left|operation \w+ has no example case|the example cases of [\w ]+ do not say what a read answers|.*; no mapped operation is affected$|.*; accepted only because the document's own example of it, .*, is not one either( \(as are \d+ more values? of it in this mapping's examples\))?$)/);
    });

    it('type-checks', async () => {
      expect(await typeChecked).toBe('');
    }, 120_000);

    // Without generated code there is no suite to run: that alone fails here.
    if (generated.code === EXIT.ok) for (const connector of drafted.keys()) describe(`${connector} passes its own generated suite`, () => runGeneratedSuite(project.root, connector));
    else it('passes its own generated suite', () => expect(generated.code, generated.err).toBe(EXIT.ok));
  });
}
