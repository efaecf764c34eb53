/**
 * The only way names and strings from mappings and specs reach generated
 * code: as escaped literals, validated identifiers or escaped comments.
 * Hostile input (quotes, backticks, `${…}`, `*\/`, newlines, U+2028) stays data.
 */

import { isIdentifier } from '../ir/names.js';

// What `str` escapes: quote, backslash, control characters, line and paragraph separators, any surrogate (a pair goes the slow way, whole).
const NEEDS_ESCAPE = /['\\\u0000-\u001f\u007f\u2028\u2029\ud800-\udfff]/;

/** A single-quoted TypeScript string literal holding exactly `text`. */
export function str(text: string): string {
  // Most text needs no escape at all: quoted as it is.
  if (!NEEDS_ESCAPE.test(text)) return `'${text}'`;
  let out = "'";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === "'") out += "\\'";
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 || (code >= 0xd800 && code <= 0xdfff)) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += char;
  }
  return `${out}'`;
}

/** A property name: bare when it is a safe identifier, quoted otherwise. */
export function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && name !== '__proto__' ? name : str(name);
}

/** `object.name` or `object['na-me']`, whichever is valid. */
export function member(object: string, name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `${object}.${name}` : `${object}[${str(name)}]`;
}

// `__proto__` as a plain key would set the prototype; a computed key makes it data.
const literalKey = (k: string) => (k === '__proto__' ? `[${str(k)}]` : key(k));

/** A value as a one-line TypeScript expression. */
export function inline(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return str(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${literalKey(k)}: ${inline(v)}`).join(', ')} }`;
  }
  return 'undefined';
}

/** `inline(value)` when it is at most `budget` characters long; undefined as soon as it is known to be longer. */
function inlineWithin(value: unknown, budget: number): string | undefined {
  if (budget < 0) return undefined;
  if (value === null || typeof value !== 'object') {
    const text = inline(value);
    return text.length <= budget ? text : undefined;
  }
  const open = Array.isArray(value) ? '[' : '{ ';
  const close = Array.isArray(value) ? ']' : ' }';
  const entries: [string | undefined, unknown][] = Array.isArray(value) ? value.map((item) => [undefined, item]) : Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return Array.isArray(value) ? '[]' : '{}';
  let out = open;
  for (let i = 0; i < entries.length; i++) {
    const [name, member] = entries[i]!;
    if (i > 0) out += ', ';
    if (name !== undefined) out += `${literalKey(name)}: `;
    const text = inlineWithin(member, budget - out.length - close.length);
    if (text === undefined) return undefined;
    out += text;
    if (out.length + close.length > budget) return undefined;
  }
  return out + close;
}

/**
 * Any JSON value as a TypeScript expression (keys quoted when needed,
 * `__proto__` kept as data): short values on one line, longer ones one
 * member per line indented from `indent`.
 */
export function json(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return inline(value);
  // Built only as far as the line allows: a large value is not written whole once per level it is nested in.
  const flat = inlineWithin(value, 100 - indent.length);
  if (flat !== undefined) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((item) => `${inner}${json(item, inner)},`).join('\n')}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{\n${entries.map(([k, v]) => `${inner}${literalKey(k)}: ${json(v, inner)},`).join('\n')}\n${indent}}`;
}

/** `export const name: type = value;` as statement text, with its doc comment; ts-morph would re-indent an initializer. */
export function constStatement(name: string, type: string | undefined, value: string, docs: string[] = [], exported = true): string {
  return `${jsDoc(docs)}${exported ? 'export ' : ''}const ${name}${type ? `: ${type}` : ''} = ${value};`;
}

/** Text safe inside a `/** … *\/` comment: no terminator, no line breaks that escape it. */
export function commentText(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\*\//g, '*\\/')
    .split('\n')
    // A line starting with @ would read as a JSDoc tag; escape it.
    .map((line) => line.trimEnd().replace(/^(\s*)@/, '$1\\@'))
    .join('\n')
    .trim();
}

/** A JSDoc block from lines of prose (already plain text). */
export function jsDoc(lines: readonly (string | undefined)[], indent = ''): string {
  const text = lines.filter((line): line is string => typeof line === 'string' && line.trim() !== '').map(commentText).join('\n\n');
  if (!text) return '';
  const body = text.split('\n');
  if (body.length === 1) return `${indent}/** ${body[0]} */\n`;
  return `${indent}/**\n${body.map((line) => `${indent} *${line ? ` ${line}` : ''}`).join('\n')}\n${indent} */\n`;
}

/** An identifier, or a thrown error: callers validate names in the IR first. */
export function ident(name: string): string {
  if (!isIdentifier(name)) throw new Error(`not a safe identifier: ${JSON.stringify(name)}`);
  return name;
}
