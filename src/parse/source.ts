/**
 * A YAML input kept together with its positions, so any later stage can
 * point at the exact line and column of a key or value by its path.
 *
 * Values are read with js-yaml (YAML 1.2 core schema), which is several
 * times faster; the position-keeping `yaml` document is built only when a
 * position is asked for, or when js-yaml refuses the text (then `yaml`'s
 * errors, with their positions, are what the user sees). Both read the
 * project's inputs to identical values (a test checks it).
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CORE_SCHEMA, load } from 'js-yaml';
import type { Document, LineCounter, Node } from 'yaml';
import { GenerationError, type Diagnostic, type Position } from '../diagnostics.js';
import { BlockLines } from './block-locate.js';
import { arrayIndex } from './pointer.js';

// `yaml` (CommonJS) loads on the first position asked for, with require: most runs never need it.
const yaml = () => createRequire(import.meta.url)('yaml') as typeof import('yaml');

export type JsonPath = readonly (string | number)[];

/** The path each diagnostic made by `YamlSource.diagnostic` was made at, so a bundle's can be placed in the files it came from. */
export const diagnosticPaths = new WeakMap<Diagnostic, JsonPath>();

export class YamlSource {
  private parsed: { document: Document; lines: LineCounter } | undefined;
  private lines: BlockLines | undefined;

  protected constructor(
    /** Project-relative path used in messages. */
    readonly file: string,
    readonly text: string,
    readonly value: unknown,
  ) {}

  /** The position-keeping parse, made on first use. */
  get document(): Document {
    return this.positions().document;
  }

  private positions(): { document: Document; lines: LineCounter } {
    this.parsed ??= YamlSource.parseWithPositions(this.text, this.file).parsed;
    return this.parsed!;
  }

  /** `kind` names the file for a message about what it must be (`a mapping`). */
  static async load(absolutePath: string, displayPath: string, kind?: string): Promise<YamlSource> {
    return YamlSource.parse(await YamlSource.read(absolutePath, displayPath), displayPath, kind);
  }

  /** A file's text, or an error at its first line saying why it cannot be read. */
  static async read(absolutePath: string, displayPath: string): Promise<string> {
    return (await YamlSource.readBytes(absolutePath, displayPath)).toString('utf8');
  }

  /**
   * A file's bytes, undecoded (to compare with a copy already read), or the error `read` gives. Read
   * synchronously: a run reads its inputs one after another, and an async read is several thread-pool
   * round trips apiece with nothing to overlap them.
   */
  static async readBytes(absolutePath: string, displayPath: string): Promise<Buffer> {
    try {
      return readFileSync(absolutePath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new GenerationError([
        {
          file: displayPath,
          position: { line: 1, col: 1 },
          code: 'io',
          // A folder given where a file is read (`--from specs/`) is said as such, not as the system's EISDIR.
          ...(code === 'EISDIR'
            ? { message: `${displayPath} is a folder, not a file`, hint: 'name the YAML or JSON file in it' }
            : { message: `cannot read file: ${code ?? String(error)}` }),
        },
      ]);
    }
  }

  static parse(text: string, displayPath: string, kind = 'an input file'): YamlSource {
    let value: unknown;
    try {
      value = load(text, { schema: CORE_SCHEMA, filename: displayPath });
    } catch {
      // Refused: let the position-keeping parser say where and why.
      return YamlSource.parseWithPositions(text, displayPath, kind);
    }
    return new YamlSource(displayPath, text, value);
  }

  private static parseWithPositions(text: string, displayPath: string, kind = 'an input file'): YamlSource {
    const { LineCounter, parseDocument } = yaml();
    const lines = new LineCounter();
    // uniqueKeys: a repeated key is a mistake in a mapping, never intended.
    const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
    const problems = [...document.errors, ...document.warnings];
    if (problems.length > 0) {
      throw new GenerationError(
        problems.map((problem) => {
          const at = lines.linePos(problem.pos[0]);
          return {
            file: displayPath,
            position: { line: at.line, col: at.col },
            code: 'yaml-syntax' as const,
            // The parser's own words for this one advise its caller ("use parseAllDocuments()"), not the author.
            ...(problem.code === 'MULTIPLE_DOCS'
              ? { message: `YAML syntax: ${kind} is one YAML document; a second one starts here`, hint: 'remove the `---` line and what follows, or move it to its own file' }
              : { message: `YAML syntax: ${firstLine(problem.message)}`, hint: yamlHint(problem.code) }),
          };
        }),
      );
    }
    const source = new YamlSource(displayPath, text, document.toJS({ maxAliasCount: 100 }));
    source.parsed = { document, lines };
    return source;
  }

  /**
   * The deepest node on `path` (and the key that names it), and whether the
   * whole path exists: the one walk `locate` and `span` share.
   */
  private walk(path: JsonPath): { node: Node | null; keyNode: Node | undefined; complete: boolean } {
    const { document } = this.positions();
    const { isMap, isPair, isScalar, isSeq } = yaml();
    let node: unknown = document.contents;
    let keyNode: Node | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) return { node: node as Node, keyNode, complete: false };
        keyNode = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && arrayIndex(segment) !== undefined && node.items[arrayIndex(segment)!] !== undefined) {
        keyNode = undefined;
        node = node.items[arrayIndex(segment)!];
      } else return { node: node as Node | null, keyNode, complete: false };
    }
    return { node: node as Node | null, keyNode, complete: true };
  }

  /**
   * Position of the value (or with `key`, of the key) at `path`. A path that
   * does not exist points at its deepest existing ancestor.
   */
  locate(path: JsonPath, target: 'key' | 'value' = 'value'): Position {
    // Read off the lines where that is certain; the position-keeping parse otherwise.
    if (this.parsed === undefined) {
      this.lines ??= new BlockLines(this.text);
      const found = this.lines.locate(path, target);
      if (found !== undefined) return found;
    }
    const { node, keyNode } = this.walk(path);
    const chosen = target === 'key' && keyNode ? keyNode : node;
    const at = this.positions().lines.linePos(chosen?.range?.[0] ?? keyNode?.range?.[0] ?? 0);
    return { line: at.line, col: at.col };
  }

  /** Where the value at `path` starts and ends (its key included), or undefined when the path does not exist. */
  span(path: JsonPath): { start: Position; end: Position } | undefined {
    const { node, keyNode, complete } = this.walk(path);
    const range = node?.range;
    if (!complete || !range) return undefined;
    const { lines } = this.positions();
    const start = lines.linePos(keyNode?.range?.[0] ?? range[0]);
    const end = lines.linePos(range[1]);
    return { start: { line: start.line, col: start.col }, end: { line: end.line, col: end.col } };
  }

  /**
   * A diagnostic at `path`. Its position is worked out when first read: a
   * run that only collects notes it never prints does not pay for parsing
   * the file with positions.
   */
  diagnostic(path: JsonPath, fields: Omit<Diagnostic, 'file' | 'position'>, target: 'key' | 'value' = 'value'): Diagnostic {
    let position: Diagnostic['position'] | null = null;
    const locate = () => (position === null ? (position = this.locate(path, target)) : position);
    const found = Object.defineProperty({ file: this.file, ...fields }, 'position', { get: locate, enumerable: true, configurable: true }) as Diagnostic;
    diagnosticPaths.set(found, path);
    return found;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function yamlHint(code: string): string | undefined {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once in a mapping; merge the two entries';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation and that brackets and quotes are closed';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    default:
      return undefined;
  }
}
