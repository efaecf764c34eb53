/**
 * Build-time problems, each pinned to `file:line:col` with what is wrong and
 * what would be right. Every stage reports through here so the CLI prints
 * them one way and exits non-zero before anything is written.
 */

export interface Position {
  line: number;
  col: number;
}

export interface Diagnostic {
  /** Path relative to the project root, with forward slashes. */
  file: string;
  /** Where in the file; absent for a problem with a path itself (a command-line argument, an output folder). */
  position?: Position;
  /** What is wrong. */
  message: string;
  /** What would be right (a valid alternative, the closest known name). */
  hint?: string;
  /** A stable class of mistake, for tests and tooling. */
  code: DiagnosticCode;
}

export type DiagnosticCode =
  | 'yaml-syntax'
  | 'schema'
  | 'unknown-key'
  | 'unknown-unified-field'
  | 'unknown-provider-field'
  | 'type-mismatch'
  | 'enum-not-covered'
  | 'enum-value'
  | 'required-not-mapped'
  | 'read-only-in-request'
  | 'duplicate-target'
  | 'unknown-converter'
  | 'unknown-strategy'
  | 'unknown-operation'
  | 'invalid-spec'
  | 'broken-ref'
  | 'invalid-template'
  | 'invalid-identifier'
  | 'invalid-example'
  | 'unknown-provider-operation'
  | 'unknown-provider-parameter'
  | 'unknown-provider-status'
  | 'out-of-range'
  | 'unmet-security'
  | 'trusted'
  | 'io'
  | 'usage'
  | 'output-not-owned'
  | 'todo'
  | 'untested';

export function formatDiagnostic(d: Diagnostic, severity: 'error' | 'warning' | 'note' = 'error'): string {
  const head = `${d.file}${d.position ? `:${d.position.line}:${d.position.col}` : ''}: ${severity}: ${d.message}`;
  return d.hint ? `${head}\n  ${d.hint}` : head;
}

/** Thrown by a stage that found problems; carries all of them, and the warnings found on the way. */
export class GenerationError extends Error {
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly warnings: readonly Diagnostic[] = [],
  ) {
    super(diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
    this.name = 'GenerationError';
  }
}

/** Errors and warnings in one list, sorted by file and position, each printed with its severity. */
export function formatAll(errors: readonly Diagnostic[], warnings: readonly Diagnostic[]): string[] {
  const tagged = new Map<Diagnostic, 'error' | 'warning'>([...errors.map((d) => [d, 'error'] as const), ...warnings.map((d) => [d, 'warning'] as const)]);
  return sortDiagnostics([...tagged.keys()]).map((d) => formatDiagnostic(d, tagged.get(d)));
}

/** Sorts diagnostics by file and position so output is stable. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : (a.position?.line ?? 0) - (b.position?.line ?? 0) || (a.position?.col ?? 0) - (b.position?.col ?? 0),
  );
}

/** Items as a message lists them, each once: `201`, `201 and 202`, `200, 201 and 202`. */
export function inWords(items: readonly string[]): string {
  const unique = [...new Set(items)];
  return unique.length <= 1 ? unique.join('') : `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}
