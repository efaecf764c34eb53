/**
 * `npx generate new <id> --from <provider spec>` for each committed provider
 * spec, in a fresh project: every draft generates as it stands, type-checks,
 * and its connector passes its own generated suite against loopback servers.
 */

import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram, EXIT } from '../../src/cli.js';
import { repoRoot, tempProject, type TempProject } from '../support/project.js';

const run = promisify(execFile);

async function cli(root: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let code = -1;
  const program = buildProgram(root, { out: (l) => out.push(l), err: (l) => err.push(l) }, (c) => (code = c));
  program.exitOverride();
  await program.parseAsync(args, { from: 'user' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('a mapping drafted from each committed provider spec', () => {
  let project: TempProject;
  let specs: string[];
  const drafted = new Map<string, { code: number; out: string; err: string }>();

  beforeAll(async () => {
    project = await tempProject({ mappings: [] });
    await mkdir(path.join(project.root, 'specs/providers'), { recursive: true });
    specs = (await readdir(path.join(repoRoot, 'specs/providers'))).filter((f) => f.endsWith('.yaml')).sort();
    for (const spec of specs) {
      // Copied in under their own names, drafted as new providers `draft-<name>`.
      await copyFile(path.join(repoRoot, 'specs/providers', spec), path.join(project.root, 'specs/providers', spec));
      const id = `draft-${spec.replace(/\.yaml$/, '')}`;
      drafted.set(id, await cli(project.root, ['new', id, '--from', path.join(project.root, 'specs/providers', spec)]));
    }
  }, 120_000);
  afterAll(() => project.dispose());

  it('is written with the provider document copied beside it', async () => {
    expect(specs.length).toBeGreaterThanOrEqual(6);
    for (const [id, result] of drafted) {
      expect(result.code, `${id}: ${result.err}`).toBe(EXIT.ok);
      expect(result.out).toContain(`drafted mappings/${id}.yaml`);
      expect(await project.read(`specs/providers/${id}.yaml`)).toBe(await project.read(`specs/providers/${id.replace(/^draft-/, '')}.yaml`));
    }
  });

  it('generates as it stands, warning only about its TODOs and untested operations', async () => {
    const result = await cli(project.root, []);
    expect(result.code, result.err).toBe(EXIT.ok);
    expect(result.out).toContain(`generated ${drafted.size} connectors`);
    for (const line of result.err.split('\n').filter((l) => /: (warning|error):/.test(l))) expect(line).toMatch(/: warning: (TODO left|operation \w+ has no example case)/);
  }, 120_000);

  it('type-checks', async () => {
    await run(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', path.join(project.root, 'tsconfig.json')], { cwd: project.root }).catch((error: { stdout?: string }) => {
      throw new Error(`tsc failed:\n${error.stdout ?? String(error)}`);
    });
  }, 300_000);

  it('passes its own generated suite', async () => {
    const { stdout } = await run(process.execPath, [path.join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--root', project.root, 'generated'], { cwd: project.root, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, maxBuffer: 64 * 1024 * 1024 }).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`a drafted connector's suite failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    });
    expect(stdout).toMatch(new RegExp(`Test Files\\s+${drafted.size} passed`));
  }, 600_000);
});
