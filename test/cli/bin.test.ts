/** The command line as a process: the package bin, exit codes a shell sees, the working folder, --watch. */

import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli.js';
import { generate } from '../../src/generate.js';
import { repoRoot, snapshotTree, tempProject, type TempProject } from '../support/project.js';

// Each case waits on processes of its own, in a project of its own: they run side by side.
describe.concurrent('npx generate as the package bin', () => {
  it('runs as the package bin, and the committed generated/ matches its inputs', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin/generate.js'), '--check'], { cwd: repoRoot });
    expect(stdout).toMatch(/generated\/ is up to date/);
  }, 60_000);
});

const bin = (cwd: string, args: string[]) =>
  promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin/generate.js'), ...args], { cwd }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

/** Runs `test` in a temporary project with the Kickserv mapping, disposed of afterwards. */
async function inProject(test: (project: TempProject) => Promise<void>): Promise<void> {
  const project = await tempProject({ mappings: ['kickserv'] });
  try {
    await test(project);
  } finally {
    await project.dispose();
  }
}

describe.concurrent('npx generate as a shell runs it', () => {
  it('exits 2 on an unknown option or command (1 is kept for --check drift) and 0 for --help', () =>
    inProject(async (project) => {
      const [unknown, missing, help] = await Promise.all([bin(project.root, ['--bogus']), bin(project.root, ['--provider']), bin(project.root, ['--help'])]);
      expect(unknown.code).toBe(EXIT.input);
      expect(unknown.stderr).toContain("unknown option '--bogus'");
      expect(missing.code).toBe(EXIT.input);
      expect(help.code).toBe(EXIT.ok);
      expect(help.stdout).toContain('Exit codes:');
    }), 60_000);

  // From the compiled build (as after `npm ci`), the bin emits on a worker thread; in-process, generate() emits in its own.
  // One run of the bin shows both: it is started in a subfolder, and `--out` is the project's folder, not the subfolder's.
  it('finds the project from a subfolder, and writes, emitting on a worker thread, the same bytes as an in-process run', () =>
    inProject(async (project) => {
      const result = await bin(path.join(project.root, 'mappings'), ['--out', 'from-bin']);
      expect(result.code, result.stderr).toBe(EXIT.ok);
      expect(result.stdout).toContain('generated 1 connector (kickserv)');
      expect((await snapshotTree(path.join(project.root, 'from-bin'))).has('kickserv/connector.gen.ts')).toBe(true);
      expect(await snapshotTree(path.join(project.root, 'mappings/from-bin'))).toEqual(new Map());
      const inProcess = await generate({ root: project.root, out: 'in-process', mode: 'write' });
      expect(inProcess.write!.written.length).toBeGreaterThan(5);
      expect(await snapshotTree(path.join(project.root, 'from-bin'))).toEqual(await snapshotTree(path.join(project.root, 'in-process')));
    }), 60_000);

  it('--watch regenerates when a mapping changes', () =>
    inProject(async (project) => {
      const child = spawn(process.execPath, [path.join(repoRoot, 'bin/generate.js'), '--watch'], { cwd: project.root });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const waitFor = async (pattern: RegExp) => {
        for (let i = 0; i < 200 && !pattern.test(output); i++) await new Promise((r) => setTimeout(r, 50));
        expect(output).toMatch(pattern);
      };
      try {
        await waitFor(/watching specs\//);
        await project.edit('mappings/kickserv.yaml', (t) => t.replace('description: Kickserv API v2 customers', 'description: Kickserv API v2 customers, watched'));
        await waitFor(/generated 1 connector \(kickserv\): [1-9]\d* files? written[\s\S]*generated 1 connector \(kickserv\): [1-9]\d* files? written/);
        expect(await project.read('generated/kickserv/README.md')).toContain('watched');
      } finally {
        child.kill();
      }
    }), 30_000);
});
