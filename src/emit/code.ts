/** A tiny line builder for function bodies, and unique local names. */

import type { WriterFunction } from 'ts-morph';
import { camelCase, isIdentifier } from '../ir/names.js';

export class Code {
  private readonly lines: string[] = [];
  private depth = 0;

  line(text = ''): this {
    // Line breaks must never come from data; literals escape them, this guards the rest.
    for (const part of text.split('\n')) this.lines.push(part === '' ? '' : '  '.repeat(this.depth) + part);
    return this;
  }

  block(head: string, body: () => void, tail = '}'): this {
    this.line(head ? `${head} {` : '{');
    this.depth++;
    body();
    this.depth--;
    this.line(tail);
    return this;
  }

  /** `if (…) { … } else if (…) { … }`: a block per condition, in order. */
  branches(cases: readonly { condition: string; body: () => void }[]): this {
    cases.forEach(({ condition, body }, at) => {
      this.line(`${at === 0 ? '' : '} else '}if (${condition}) {`);
      this.depth++;
      body();
      this.depth--;
    });
    return this.line('}');
  }

  /** A `//` comment; line breaks and separators in `text` are flattened. */
  comment(text: string): this {
    return this.line(`// ${text.replace(/[\r\n\u2028\u2029]+/g, ' ')}`);
  }

  writer(): WriterFunction {
    const lines = [...this.lines];
    return (writer) => {
      for (const line of lines) writer.writeLine(line);
    };
  }

  text(): string {
    return this.lines.join('\n');
  }
}

/** Hands out identifiers unique within one function, derived from a hint. */
export class Locals {
  private readonly used: Set<string>;

  constructor(taken: Iterable<string> = []) {
    this.used = new Set(taken);
  }

  name(hint: string): string {
    let base = camelCase(hint.replace(/\[[^\]]*=([^\]]*)\]/g, '_$1').replace(/\[(\d+)\]/g, '_$1'));
    if (!base || !/^[A-Za-z_$]/.test(base)) base = `v${base}`;
    if (!isIdentifier(base)) base = `${base}Value`;
    let candidate = base;
    for (let i = 2; this.used.has(candidate); i++) candidate = `${base}${i}`;
    this.used.add(candidate);
    return candidate;
  }
}
