/**
 * Writes a drafted mapping as YAML a person reads and edits: each section
 * with the reason behind it, each field line with its confidence, the TODOs
 * at the places they concern. Remembers which lines each field line and
 * example case occupies, so a check of the draft can point back at them.
 */

import { stringify } from 'yaml';
import type { ConnectionDraft, PagingDraft } from './connection.js';
import type { ExampleCase } from './examples.js';
import type { FieldLine } from './fields.js';

export interface MappingDraft {
  service: string;
  /** Another unified API than the default one, and the resource of it drafted (`--api`, `--resource`). */
  api?: string;
  resource?: string;
  name: string;
  description: string;
  from: string;
  record: string;
  /** What the record line says: other collections that could hold the records, and how to draft from one. */
  recordNote?: string;
  connection: ConnectionDraft;
  paging: PagingDraft;
  pagingReason: string;
  /** `errors.message`, with where it was read. */
  errors?: { message: string[]; reason: string };
  operations: Record<string, Record<string, unknown> | 'unsupported'>;
  operationNotes: Record<string, string>;
  lines: FieldLine[];
  guesses: string[];
  unmatchedUnified: string[];
  unmatchedProvider: string[];
  cases: ExampleCase[];
  notes: string[];
}

export interface Rendered {
  text: string;
  /** 1-based first and last line of each field line, and of each example case, in order. */
  fieldSpans: [number, number][];
  caseSpans: [number, number][];
  operationSpans: Map<string, [number, number]>;
  /** The `errors` block's lines, where there is one. */
  errorsSpan?: [number, number];
}

const block = (value: unknown, indent: number): string[] =>
  stringify(value, { lineWidth: 0, indent: 2, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' })
    .trimEnd()
    .split('\n')
    .map((line) => `${' '.repeat(indent)}${line}`);

const comment = (text: string, indent: number): string[] => wrap(text, 96 - indent).map((line) => `${' '.repeat(indent)}# ${line}`);

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/** A list of names under one TODO comment: the first line says TODO, the rest continue it. */
function todoList(title: string, items: string[], indent: number): string[] {
  if (items.length === 0) return [];
  return [...comment(`TODO: ${title}:`, indent), ...items.flatMap((item) => comment(`  - ${item}`, indent))];
}

export function renderDraft(draft: MappingDraft): Rendered {
  const out: string[] = [];
  const fieldSpans: [number, number][] = [];
  const caseSpans: [number, number][] = [];
  const operationSpans = new Map<string, [number, number]>();
  // Another API's mapping lives in mappings/<api>/, one folder below the schema.
  out.push(`# yaml-language-server: $schema=${draft.api ? '../' : './'}schema.json`, '#');
  const target = draft.api ? ` --api ${draft.api} --resource ${draft.resource}` : '';
  out.push(...comment(`${draft.name}: drafted by \`npx generate new ${draft.service} --from ${draft.from}${target}\` from the provider's OpenAPI document. Each field line says how sure the draft is of it and why; check every line and TODO, then run \`npx generate\` and \`npm test\`.`, 0));
  out.push(`service: ${draft.service}`, `name: ${JSON.stringify(draft.name)}`, `description: ${JSON.stringify(draft.description)}`);
  if (draft.recordNote) out.push(...comment(draft.recordNote, 0));
  out.push(`record: ${draft.record}`, '');

  const connection: Record<string, unknown> = { base_url: draft.connection.baseUrl };
  if (draft.connection.settings.length) connection.settings = Object.fromEntries(draft.connection.settings.map((s) => [s.name, { description: s.description, ...(s.pattern ? { pattern: s.pattern } : {}), example: s.example }]));
  if (draft.connection.credentials.length) connection.credentials = Object.fromEntries(draft.connection.credentials.map((c) => [c.name, { description: c.description, ...(c.required ? {} : { required: false }) }]));
  connection.auth = draft.connection.auth;
  if (Object.keys(draft.connection.headers).length) connection.headers = draft.connection.headers;
  out.push('connection:');
  out.push(...comment("From the first server URL (its variables are settings) and the security requirements of the operations drafted: the document's `security`, in the order it prefers them, then an operation's own.", 2));
  for (const note of draft.connection.notes) out.push(...comment(`TODO: ${note}`, 2));
  out.push(...block(connection, 2), '');

  let errorsSpan: [number, number] | undefined;
  if (draft.errors) {
    const start = out.length + 1;
    out.push('errors:', ...comment(`From ${draft.errors.reason}. Check it against an error the provider answers.`, 2), ...block({ message: draft.errors.message }, 2));
    errorsSpan = [start, out.length];
    out.push('');
  }

  out.push('pagination:');
  out.push(...comment(`${draft.paging.type}: ${draft.pagingReason}.`, 2));
  out.push(...block(draft.paging, 2), '');

  out.push('operations:');
  for (const [id, operation] of Object.entries(draft.operations)) {
    if (draft.operationNotes[id]) out.push(...comment(draft.operationNotes[id]!, 2));
    const start = out.length + 1;
    if (operation === 'unsupported') out.push(`  ${id}: unsupported`);
    else out.push(`  ${id}:`, ...block(operation, 4));
    operationSpans.set(id, [start, out.length]);
  }
  out.push('');

  // `fields:` with only comments under it is null, which the mapping schema refuses: with no line, an empty list.
  out.push(draft.lines.length > 0 ? 'fields:' : 'fields: []');
  for (const line of draft.lines) {
    const start = out.length + 1;
    out.push(...comment(`${line.confidence}: ${line.reason}`, 2));
    const item = block([fieldValue(line)], 2);
    out.push(...item);
    fieldSpans.push([start, out.length]);
  }
  out.push(...todoList('guesses the draft did not make into field lines (decide each)', draft.guesses, 2));
  out.push(...todoList('unified fields no provider member was matched to', draft.unmatchedUnified, 2));
  out.push(...todoList('provider members no field line reads', draft.unmatchedProvider, 2));
  out.push('');

  out.push('examples:');
  out.push(...comment('Seeded from the document\'s examples where it has them, else from its schemas. Replace them with payloads from the provider\'s documentation, and add `expect.data` (the unified record each answer reads as).', 2));
  for (const note of draft.notes) out.push(...comment(`TODO: ${note}`, 2));
  out.push(...block({ connection: { settings: Object.fromEntries(draft.connection.settings.map((s) => [s.name, s.example])), credentials: Object.fromEntries(draft.connection.credentials.map((c) => [c.name, c.example])) } }, 2));
  // `cases:` with nothing under it is null, and an empty list is refused too: with no case, no `cases`.
  if (draft.cases.length > 0) out.push('  cases:');
  for (const example of draft.cases) {
    const start = out.length + 1;
    out.push(...block([example], 4));
    caseSpans.push([start, out.length]);
  }
  return { text: `${out.join('\n')}\n`, fieldSpans, caseSpans, operationSpans, ...(errorsSpan ? { errorsSpan } : {}) };
}

function fieldValue(line: FieldLine): Record<string, unknown> {
  const { confidence: _confidence, reason: _reason, each, ...rest } = line;
  return { ...rest, ...(each ? { each: each.map(fieldValue) } : {}) };
}
