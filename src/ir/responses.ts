/**
 * Where a mapping reads provider answers — `records`, `record`, `id`,
 * `then.id` and the paging paths (`next`, `has_more`, `total`,
 * `total_pages`) — resolved against the response schema the provider's
 * document declares for that operation's success status. A document that
 * declares no schema there is taken at the mapping's word, never guessed at.
 */

import type { Diagnostic } from '../diagnostics.js';
import type { MappingDocument } from '../parse/mapping.js';
import type { YamlSource } from '../parse/source.js';
import { closest } from '../runtime/fields.js';
import { dotPath } from './paths.js';
import type { ProviderOperations } from './provider-operations.js';
import { describeType, mediaSchemaPointer, type SchemaNode, type SchemaResolver } from './schema.js';

export interface ResponseCheck {
  mapping: MappingDocument;
  source: YamlSource;
  resolver: SchemaResolver;
  operations: ProviderOperations;
  providerFile: string;
  problems: Diagnostic[];
  /** Notes for what generates on the mapping's word (`undocumented.answer`). */
  trusted: Diagnostic[];
}

/** What a path must lead to: records are an array; ids, cursors, flags and totals are single values. */
type Expected = 'array' | 'scalar' | 'any';

/** One answer a mapping reads: the request it answers, its success statuses, where in the mapping. */
interface ReadPath {
  at: (string | number)[];
  text: string;
  expected: Expected;
}

export function checkResponsePaths(check: ResponseCheck): void {
  const { mapping } = check;
  for (const [id, document] of Object.entries(mapping.operations).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (document === 'unsupported') continue;
    const at = ['operations', id];
    const reads: ReadPath[] = [];
    if (document.records !== undefined) {
      const list = Array.isArray(document.records) ? document.records : [document.records];
      list.forEach((text, i) => reads.push({ at: Array.isArray(document.records) ? [...at, 'records', i] : [...at, 'records'], text, expected: 'array' }));
    }
    if (document.record !== undefined) reads.push({ at: [...at, 'record'], text: document.record, expected: 'any' });
    // An id read from a response header (`id: { header }`) is checked against the declared headers, elsewhere.
    if (typeof document.id === 'string') reads.push({ at: [...at, 'id'], text: document.id, expected: 'scalar' });
    // Paging paths are read from the list's answer: the operation that has `records`.
    if (document.records !== undefined) reads.push(...pagingReads(mapping));
    const vouched = document.undocumented?.answer ?? {};
    if (reads.length > 0) checkAnswer(check, document.method, document.path, document.status ?? [200], reads, { at: [...at, 'undocumented', 'answer'], reasons: vouched });
    for (const text of Object.keys(vouched)) {
      if (!reads.some((read) => read.text === text)) check.problems.push(check.source.diagnostic([...at, 'undocumented', 'answer', text], { code: 'unknown-provider-field', message: `${id} reads no answer path '${text}'`, hint: `vouch only for paths it reads: ${reads.map((r) => `'${r.text}'`).join(', ') || 'none'}` }, 'key'));
    }
    const then = document.then;
    if (then?.id !== undefined) {
      checkAnswer(check, then.method, then.path.replace(/\{[^}]*\}/g, '{x}'), then.status ?? [200], [{ at: [...at, 'then', 'id'], text: then.id, expected: 'scalar' }]);
    }
  }
}

/**
 * `errors.message` paths, resolved against every error answer (4xx, 5xx,
 * `default`) the document declares on the mapped requests: each must lead
 * somewhere in at least one of them. `$` is the body itself; below a `*`
 * any member is taken, so only the part before it is checked.
 */
/** Returns the indexes of the paths it refused (the examples are not asked to reach those too). */
export function checkErrorMessagePaths(check: ResponseCheck): Set<number> {
  const refused = new Set<number>();
  const paths = check.mapping.errors?.message ?? [];
  if (paths.length === 0) return refused;
  const bodies: { node: SchemaNode; where: string }[] = [];
  const seen = new Set<SchemaNode>();
  const requests = Object.values(check.mapping.operations).flatMap((document) => (document === 'unsupported' ? [] : [document, ...(document.then ? [document.then] : [])]));
  for (const request of requests) {
    const lookup = check.operations.find(request.method, request.path.replace(/\{(?!id\})[^}]*\}/g, '{x}'));
    if (!('found' in lookup)) continue;
    const responses = check.resolver.at([...lookup.found.pointer, 'responses']);
    if (typeof responses !== 'object' || responses === null) continue;
    for (const key of Object.keys(responses).sort()) {
      if (!/^([45](\d\d|XX|xx)|default)$/.test(key)) continue;
      const pointer = mediaSchemaPointer(check.resolver, [...lookup.found.pointer, 'responses', key], pickJson);
      if (!pointer) continue;
      const node = check.resolver.node(pointer);
      if (seen.has(node)) continue;
      seen.add(node);
      bodies.push({ node, where: `the ${key} response of ${lookup.found.method} ${lookup.found.specPath}` });
    }
  }
  // A document that declares no error body leaves the mapping's word as all there is.
  if (bodies.length === 0) return refused;
  paths.forEach((text, i) => {
    const path = dotPath(text);
    const checked = path.includes('*') ? path.slice(0, path.indexOf('*')) : path;
    const problems = bodies.map((body) => resolve(body.node, checked, 'any'));
    if (problems.some((problem) => problem === undefined)) return;
    const first = problems[0]!;
    refused.add(i);
    check.problems.push(
      check.source.diagnostic(['errors', 'message', i], {
        code: 'unknown-provider-field',
        message: `'${text}' leads nowhere in the error answers ${check.providerFile} declares (${first.message} in ${bodies[0]!.where}${bodies.length > 1 ? `, and in the ${bodies.length - 1} other${bodies.length > 2 ? 's' : ''}` : ''})`,
        ...(first.hint ? { hint: first.hint } : {}),
      }),
    );
  });
  return refused;
}

function pagingReads(mapping: MappingDocument): ReadPath[] {
  const p = mapping.pagination;
  if (!p) return [];
  const out: ReadPath[] = [];
  const add = (key: string, text: string | undefined, expected: Expected) => {
    if (text !== undefined) out.push({ at: ['pagination', key], text, expected });
  };
  if (p.type === 'cursor') {
    add('next', p.next, 'scalar');
    add('has_more', p.has_more, 'scalar');
  } else if (p.type === 'link' && p.source === 'body') add('next', p.next, 'scalar');
  else if (p.type === 'offset') {
    add('total', p.total, 'scalar');
    add('has_more', p.has_more, 'scalar');
  }
  else if (p.type === 'page') add('total_pages', p.total_pages, 'scalar');
  return out;
}

/**
 * Each path must fit the declared answer. `records: [results, $]` fits an
 * answer declared as `oneOf: [array, {results}]`, each alternative through its own shape.
 */
function checkAnswer(check: ResponseCheck, method: string, path: string, statuses: number[], reads: ReadPath[], vouched: { at: (string | number)[]; reasons: Record<string, string> } = { at: [], reasons: {} }): void {
  const lookup = check.operations.find(method, path);
  // An operation the document lacks is reported where the path is checked.
  if (!('found' in lookup)) return;
  const operation = lookup.found;
  for (const status of statuses) {
    const declared = responsePointer(check.resolver, operation.pointer, status);
    if (!declared) continue;
    const pointer = mediaSchemaPointer(check.resolver, declared.pointer, pickJson);
    // The document declares this answer but not its body: the mapping's word is all there is.
    if (!pointer) continue;
    const body = check.resolver.node(pointer);
    const where = `the ${declared.key} response of ${operation.method} ${operation.specPath}`;
    for (const read of reads) {
      const problem = resolve(body, dotPath(read.text), read.expected);
      const reason = vouched.reasons[read.text];
      if (reason !== undefined) {
        if (!problem) check.problems.push(check.source.diagnostic([...vouched.at, read.text], { code: 'unknown-provider-field', message: `'${read.text}' is in ${where} as ${check.providerFile} declares it; it needs no vouching`, hint: 'remove it from `undocumented.answer`' }, 'key'));
        else check.trusted.push(check.source.diagnostic([...vouched.at, read.text], { code: 'trusted', message: `'${read.text}' is not in ${where} as ${check.providerFile} declares it (${problem.message}); trusted on the mapping's word`, hint: reason }, 'key'));
        continue;
      }
      if (!problem) continue;
      check.problems.push(check.source.diagnostic(read.at, { code: 'unknown-provider-field', message: `'${read.text}': ${problem.message} in ${where} (${check.providerFile})`, hint: `${problem.hint ? `${problem.hint}; ` : ''}if the provider sends it although its document omits it, say so with a reason: \`undocumented: { answer: { ${read.text}: <where it is documented> } }\` on this request` }));
    }
    // One declared answer checked is enough: the first status that has a body schema.
    return;
  }
}

/** The response object for `status`: the exact code, else its class (`2XX`). */
function responsePointer(resolver: SchemaResolver, operation: readonly (string | number)[], status: number): { pointer: (string | number)[]; key: string } | undefined {
  for (const key of [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`]) {
    const pointer = [...operation, 'responses', key];
    if (resolver.at(pointer) !== undefined) return { pointer, key };
  }
  return undefined;
}

/** JSON first (`application/json`, `application/vnd.api+json`), then whatever is declared, in code-unit order. */
export function pickJson(types: string[]): string | undefined {
  const sorted = [...types].sort();
  return sorted.find((t) => t === 'application/json') ?? sorted.find((t) => /[/+]json\b/.test(t)) ?? sorted.find((t) => t === '*/*');
}

/** Walks `path` into `node`; undefined when it resolves (or reaches a schema that says nothing about its members). */
function resolve(node: SchemaNode, path: string[], expected: Expected): { message: string; hint?: string } | undefined {
  let current = node;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const shown = path.slice(0, i).join('.') || 'the body';
    if (current.anyOf && current.properties.size === 0 && !current.items) {
      // A union of shapes: the path may go on through any of them.
      const rest = path.slice(i);
      const fits = current.anyOf.some((alternative) => !resolve(alternative, rest, expected));
      return fits ? undefined : { message: `no alternative of ${shown} (${describeType(current)}) has '${rest.join('.')}'` };
    }
    if (current.type === 'array' || (current.items && current.properties.size === 0)) {
      if (!/^\d+$/.test(segment)) return { message: `${shown} is an array; '${segment}' would need an index first`, hint: `an element is '${[...path.slice(0, i), '0', segment].join('.')}'` };
      if (!current.items) return undefined;
      current = current.items;
      continue;
    }
    const member = current.properties.get(segment);
    if (member) {
      current = member;
      continue;
    }
    // A map (`additionalProperties: <schema>`): any member name, and what is below it is still checked.
    if (current.properties.size === 0 && typeof current.additionalProperties === 'object') {
      current = current.additionalProperties;
      continue;
    }
    // Members the schema leaves open (no properties, or additionalProperties) cannot be checked.
    if (current.properties.size === 0 && current.type !== 'string' && current.type !== 'number' && current.type !== 'integer' && current.type !== 'boolean') return undefined;
    if (typeof current.additionalProperties === 'object' || current.additionalProperties === true) return undefined;
    const names = [...current.properties.keys()];
    const near = closest(segment, names);
    return {
      message: current.properties.size === 0 ? `${shown} is ${describeType(current)}, with no member '${segment}'` : `${shown} has no member '${segment}'`,
      hint: near ? `did you mean '${[...path.slice(0, i), near].join('.')}'?` : `members of ${shown}: ${names.join(', ')}`,
    };
  }
  const shown = path.join('.') || 'the body';
  if (expected === 'array' && current.type !== undefined && current.type !== 'array' && !current.anyOf?.some((a) => a.type === 'array' || a.type === undefined)) {
    return { message: `${shown} is ${describeType(current)}, not an array of records` };
  }
  if (expected === 'scalar' && (current.type === 'object' || current.type === 'array')) {
    const names = [...current.properties.keys()];
    return { message: `${shown} is ${describeType(current)}, not a single value`, ...(names.length > 0 ? { hint: `its members: ${names.join(', ')}` } : {}) };
  }
  return undefined;
}
