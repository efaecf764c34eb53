/**
 * Table-driven input mistakes: each case edits a temporary project's files,
 * generates, and expects one diagnostic of its code and message at the
 * position of a text in the edited file, with its hint, and generated/
 * untouched (no file of it written, even with the same bytes).
 */

import { afterAll, beforeAll, expect, it } from 'vitest';
import { GenerationError, type Diagnostic } from '../../src/diagnostics.js';
import { generate } from '../../src/generate.js';
import { tempProject, treeState, type TempProject } from './project.js';

export interface BrokenInput {
  name: string;
  file: string;
  edit: (text: string) => string;
  code: Diagnostic['code'];
  message: RegExp;
  hint?: RegExp;
  /** The text whose first character the diagnostic must point at (first occurrence after the edit). */
  at: string;
  /** The provider generated (the table's own unless said). */
  provider?: string;
  /** Another file's edit the case needs (a provider document's bounds, a writeOnly member). */
  also?: { file: string; edit: (text: string) => string };
  /** The file the diagnostic is in, and `at` is found in, when not the edited one (a mapping's line a provider document's edit refuses). */
  reportedIn?: string;
}

/** Line and column (from 1) of the first `needle` in `text`; a needle starting with a line break points at the line after it. */
export function positionOf(text: string, needle: string): { line: number; col: number } {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`'${needle}' not in the edited file`);
  const start = needle.startsWith('\n') ? index + 1 : index;
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < start; at = text.indexOf('\n', at + 1)) line++;
  return { line, col: start - text.lastIndexOf('\n', start - 1) };
}

/**
 * Registers one test per case, in a project made once with `mappings` (and
 * what `setup` adds to it: a fixture's mapping), each case restoring what it edited.
 */
export function itReportsEach(cases: readonly BrokenInput[], mappings: readonly string[], provider: string, setup?: (project: TempProject) => Promise<void>): void {
  let project: TempProject;
  let before: Map<string, string>;

  beforeAll(async () => {
    project = await tempProject({ withGenerated: true, mappings });
    await setup?.(project);
    before = treeState(`${project.root}/generated`);
  });
  afterAll(() => project.dispose());

  it.each(cases)('$name', async ({ file, edit, code, message, hint, at, also, reportedIn, ...rest }) => {
    const original = await project.read(file);
    const edited = edit(original);
    expect(edited).not.toBe(original);
    const alsoOriginal = also ? await project.read(also.file) : undefined;
    if (also) {
      const changed = also.edit(alsoOriginal!);
      expect(changed).not.toBe(alsoOriginal);
      await project.write(also.file, changed);
    }
    await project.write(file, edited);
    try {
      const error = await generate({ root: project.root, mode: 'write', providers: [rest.provider ?? provider] }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(GenerationError);
      const diagnostics = (error as GenerationError).diagnostics;
      const match = diagnostics.find((d) => d.code === code && message.test(d.message));
      expect(match, `no ${code} diagnostic matching ${message}; got:\n${(error as Error).message}`).toBeDefined();
      expect(match!.file).toBe(reportedIn ?? file);
      expect(match!.position).toEqual(positionOf(reportedIn ? await project.read(reportedIn) : edited, at));
      if (hint) expect(match!.hint).toMatch(hint);
      expect(treeState(`${project.root}/generated`)).toEqual(before);
    } finally {
      await project.write(file, original);
      if (also) await project.write(also.file, alsoOriginal!);
    }
  });
}
