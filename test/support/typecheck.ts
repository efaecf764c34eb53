/**
 * Type-checks what a temporary project generated, in this process, with the
 * project's own tsconfig.json. Its src/ and test/support/ are links to the
 * repository's, which `npm run typecheck` checks already; so this program
 * reports the diagnostics of the project's own files (generated/, mappings/)
 * — the ones a test made — and reuses the parsed files it shares with
 * earlier checks (the runtime, Node's and vitest's types) instead of
 * starting tsc afresh for each.
 */

import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Parsed files outside any temporary project, by real path; a changed file (mtime) is parsed again. */
const shared = new Map<string, { mtimeMs: number; languageVersion: ts.ScriptTarget; file: ts.SourceFile }>();

function realpath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** Every diagnostic in the project's own files, formatted as tsc prints them; empty when it type-checks. */
export function typeCheck(root: string): string {
  const realRoot = `${realpath(root)}${path.sep}`;
  const own = (file: string) => realpath(file).startsWith(realRoot);
  const configFile = path.join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configFile, ts.sys.readFile);
  if (config.error) return ts.formatDiagnostics([config.error], formatHost(root));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configFile);
  const host = ts.createCompilerHost(parsed.options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (own(fileName)) return getSourceFile(fileName, languageVersion, onError, shouldCreate);
    const real = realpath(fileName);
    const version = typeof languageVersion === 'object' ? languageVersion.languageVersion : languageVersion;
    const mtimeMs = statSync(real, { throwIfNoEntry: false })?.mtimeMs ?? -1;
    const cached = shared.get(real);
    if (cached && cached.mtimeMs === mtimeMs && cached.languageVersion === version) return cached.file;
    const file = getSourceFile(fileName, languageVersion, onError, shouldCreate);
    if (file) shared.set(real, { mtimeMs, languageVersion: version, file });
    return file;
  };
  const program = ts.createProgram({ rootNames: parsed.fileNames.filter(own), options: parsed.options, host, configFileParsingDiagnostics: parsed.errors });
  const diagnostics = [...program.getConfigFileParsingDiagnostics(), ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const file of program.getSourceFiles()) {
    if (!own(file.fileName)) continue;
    diagnostics.push(...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file));
  }
  return ts.formatDiagnostics(diagnostics, formatHost(root));
}

function formatHost(root: string): ts.FormatDiagnosticsHost {
  return { getCanonicalFileName: (file) => file, getCurrentDirectory: () => root, getNewLine: () => '\n' };
}
