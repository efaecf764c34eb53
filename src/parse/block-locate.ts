/**
 * Where a path's key or value starts in a YAML text written in block style
 * (indented mappings and `- ` sequences, as specs and mappings are), found by
 * reading lines and their indentation instead of parsing the whole file with
 * positions: a warning about one operation of a 1 MB provider document then
 * costs a scan of its lines, not a second full parse. Anything it does not
 * read for certain (flow collections on the way, anchors, tags, explicit
 * keys, document markers, tabs) answers undefined, and the position-keeping
 * parser is asked instead; a test holds the two to the same answers.
 */

import type { Position } from '../diagnostics.js';
import type { JsonPath } from './source.js';
import { arrayIndex } from './pointer.js';

/** A node's first character: line and column, both from 0. */
interface Cursor {
  line: number;
  col: number;
}

export class BlockLines {
  private readonly lines: string[];
  /** Whether anything in the text rules the line reading out from the start. */
  private readonly unreadable: boolean;
  /** The first line of the document (after a `---` opening it). */
  private readonly start: number = 0;

  constructor(text: string) {
    this.lines = text.split(/\r?\n/);
    // One document, which may open with `---`: then the lines after it.
    const marker = this.lines.findIndex((line) => /^---\s*(#.*)?$/.test(line));
    if (marker >= 0 && this.lines.slice(0, marker).every((line) => /^\s*(#.*)?$/.test(line))) this.start = marker + 1;
    // Searched in the text from the first line on, not in its lines joined again: a copy of a 1 MB document.
    let from = 0;
    for (let line = 0; line < this.start; line++) {
      const end = text.indexOf('\n', from);
      from = end < 0 ? text.length : end + 1;
    }
    this.unreadable = /^(---|\.\.\.|%)/m.test(text.slice(from)) || /^ *\t/m.test(text);
  }

  /** Position (from 1) of the key, or of the value, at `path`; undefined when not read for certain here. */
  locate(path: JsonPath, target: 'key' | 'value'): Position | undefined {
    if (this.unreadable) return undefined;
    const root = this.firstContent(this.start, -1);
    if (root === undefined) return undefined;
    let node: Cursor = root;
    let key: Cursor | undefined;
    for (const segment of path) {
      const entry: { key: Cursor | undefined; value: Cursor | undefined } | undefined = arrayIndex(segment) !== undefined && this.isItem(node) ? this.item(node, arrayIndex(segment)!) : this.entry(node, String(segment));
      if (entry === undefined) return undefined;
      key = entry.key;
      if (entry.value === undefined) return undefined;
      node = entry.value;
    }
    const chosen = target === 'key' && key ? key : node;
    // An anchor, tag or alias starts the node differently for the parser: not read here.
    if (chosen === node && /^[&!*]/.test(this.lines[chosen.line]!.slice(chosen.col))) return undefined;
    return { line: chosen.line + 1, col: chosen.col + 1 };
  }

  /** The first line from `from` holding content (not blank, not only a comment), as a cursor at its indentation; above `parent` only. */
  private firstContent(from: number, parent: number): Cursor | undefined {
    for (let line = from; line < this.lines.length; line++) {
      const col = this.contentColumn(line);
      if (col === undefined) continue;
      return col > parent ? { line, col } : undefined;
    }
    return undefined;
  }

  /** Each line's content column, -1 for a blank or comment-only line: worked out once, as a lookup takes many. */
  private columns: Int32Array | undefined;

  private contentColumn(line: number): number | undefined {
    if (this.columns === undefined) {
      this.columns = new Int32Array(this.lines.length);
      this.lines.forEach((text, i) => {
        let col = 0;
        while (col < text.length && text.charCodeAt(col) === 32) col++;
        this.columns![i] = col === text.length || text[col] === '#' ? -1 : col;
      });
    }
    const col = this.columns[line]!;
    return col < 0 ? undefined : col;
  }

  private isItem(at: Cursor): boolean {
    const text = this.lines[at.line]!;
    return text[at.col] === '-' && (at.col + 1 === text.length || text[at.col + 1] === ' ');
  }

  /** The mapping entry `name` of the block mapping starting at `at`: its key, and its value (null when it has none). */
  private entry(at: Cursor, name: string): { key: Cursor; value: Cursor | undefined } | undefined {
    const key = this.keysOf(at).get(name);
    return key && { key: { line: key.line, col: at.col }, value: this.valueAfter(key.line, key.end, at.col, true) };
  }

  /** The keys of each block mapping read so far, by where it starts: a document of thousands of lines is asked about many times. */
  private readonly mappings = new Map<string, Map<string, { line: number; end: number }>>();

  /** The keys of the block mapping starting at `at` (the first of each name), read once: up to its end, or a line that is no key. */
  private keysOf(at: Cursor): Map<string, { line: number; end: number }> {
    const where = `${at.line}:${at.col}`;
    let keys = this.mappings.get(where);
    if (keys) return keys;
    keys = new Map();
    this.mappings.set(where, keys);
    for (let line = at.line; line < this.lines.length; line++) {
      const col = line === at.line ? at.col : this.contentColumn(line);
      if (col === undefined || col > at.col) continue;
      if (col < at.col) break;
      // A sequence written at its key's indentation belongs to that key's value.
      if (this.isItem({ line, col })) continue;
      const key = this.keyAt(this.lines[line]!, col);
      if (key === undefined) break;
      if (!keys.has(key.name)) keys.set(key.name, { line, end: key.end });
    }
    return keys;
  }

  /** Item `index` of the block sequence starting at `at`. */
  private item(at: Cursor, index: number): { key: undefined; value: Cursor | undefined } | undefined {
    let seen = -1;
    for (let line = at.line; line < this.lines.length; line++) {
      const col = line === at.line ? at.col : this.contentColumn(line);
      if (col === undefined || col > at.col) continue;
      if (col < at.col || !this.isItem({ line, col })) return undefined;
      if (++seen === index) return { key: undefined, value: this.valueAfter(line, col + 1, at.col, false) };
    }
    return undefined;
  }

  /**
   * A value after a key's colon or an item's dash (column `from`): on the
   * same line, or on the lines under it, indented deeper than `owner` (a
   * mapping's value may also be a sequence at the key's own indentation).
   * Undefined for an empty value: the parser gives it a node of its own.
   */
  private valueAfter(line: number, from: number, owner: number, sequenceAlongside: boolean): Cursor | undefined {
    const text = this.lines[line]!;
    let col = from;
    while (col < text.length && text.charCodeAt(col) === 32) col++;
    if (col < text.length && text[col] !== '#') return { line, col };
    const next = this.firstContent(line + 1, -1);
    if (next === undefined) return undefined;
    if (next.col > owner) return next;
    return sequenceAlongside && next.col === owner && this.isItem(next) ? next : undefined;
  }

  /** The key of a `key: value` line at `col`, and the column after its colon; undefined for what is not a plain or quoted key. */
  private keyAt(text: string, col: number): { name: string; end: number } | undefined {
    const first = text[col];
    if (first === '"' || first === "'") {
      const close = first === "'" ? /^'((?:[^']|'')*)'\s*:(?=\s|$)/ : /^"((?:[^"\\]|\\.)*)"\s*:(?=\s|$)/;
      const match = close.exec(text.slice(col));
      if (!match) return undefined;
      if (first === "'") return { name: match[1]!.replace(/''/g, "'"), end: col + match[0].length };
      // YAML's double-quoted escapes that JSON shares; another (`\x41`, `\N`) is left to the parser.
      try {
        return { name: JSON.parse(`"${match[1]!}"`) as string, end: col + match[0].length };
      } catch {
        return undefined;
      }
    }
    if (first === '?' || first === '{' || first === '[' || first === '&' || first === '!' || first === '*' || first === '|' || first === '>') return undefined;
    const match = /^([^#]*?)\s*:(?=\s|$)/.exec(text.slice(col));
    if (!match || match[1]!.includes(': ') || match[1] === '<<') return undefined;
    return { name: match[1]!, end: col + match[0].length };
  }
}
