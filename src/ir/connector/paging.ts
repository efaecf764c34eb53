/**
 * Paging: the pagination IR, the query parameters it sends, and the numbers
 * and tokens it sends held to the provider's parameters (their bounds and
 * types), with where a list's answer gives a token back.
 */

import type { MappingDocument, PaginationDocument } from '../../parse/mapping.js';
import { MAX_LIMIT } from '../../runtime/connector.js';
import type { PaginationIR } from '../model.js';
import { dotPath } from '../paths.js';
import type { ProviderOperation } from '../provider-operations.js';
import { pickJson } from '../responses.js';
import { describeType, holdsNumbers, integerBounds, mediaSchemaPointer, memberAt, type SchemaNode } from '../schema.js';
import type { ConnectorCheck } from './check.js';
import { sentParameter } from './requests.js';

/** The paging the connector runs, from `pagination` (none without one). */
export function paginationIR(mapping: MappingDocument): PaginationIR {
  const p = mapping.pagination;
  if (!p) return { type: 'none' };
  switch (p.type) {
    case 'page':
      return {
        type: 'page',
        pageParam: p.page_param,
        firstPage: p.first_page ?? 1,
        ...(p.size_param !== undefined ? { sizeParam: p.size_param } : {}),
        ...(p.max_size !== undefined ? { maxSize: p.max_size } : {}),
        ...(p.fixed_size !== undefined ? { fixedSize: p.fixed_size } : {}),
        ...(p.total_pages !== undefined ? { totalPagesPath: dotPath(p.total_pages) } : {}),
      };
    case 'offset':
      return {
        type: 'offset',
        offsetParam: p.offset_param,
        limitParam: p.limit_param,
        start: p.start ?? 0,
        ...(p.max_limit !== undefined ? { maxLimit: p.max_limit } : {}),
        ...(p.total !== undefined ? { totalPath: dotPath(p.total) } : {}),
        ...(p.has_more !== undefined ? { hasMorePath: dotPath(p.has_more) } : {}),
      };
    case 'cursor':
      return {
        type: 'cursor',
        cursorParam: p.cursor_param,
        nextPath: dotPath(p.next),
        ...(p.has_more !== undefined ? { hasMorePath: dotPath(p.has_more) } : {}),
        ...(p.size_param !== undefined ? { sizeParam: p.size_param } : {}),
        ...(p.max_size !== undefined ? { maxSize: p.max_size } : {}),
      };
    case 'link':
      return {
        type: 'link',
        source: p.source,
        ...(p.next !== undefined ? { nextPath: dotPath(p.next) } : {}),
        ...(p.size_param !== undefined ? { sizeParam: p.size_param } : {}),
        ...(p.max_size !== undefined ? { maxSize: p.max_size } : {}),
      };
    case 'none':
      return { type: 'none' };
  }
}

/** The query parameters a list request's paging sends, with where the mapping names them. */
export function paginationQuery(pagination: PaginationDocument | undefined): { name: string; at: (string | number)[] }[] {
  if (!pagination) return [];
  const out: { name: string; at: (string | number)[] }[] = [];
  for (const key of ['page_param', 'size_param', 'offset_param', 'limit_param', 'cursor_param'] as const) {
    const name = (pagination as Partial<Record<typeof key, string>>)[key];
    if (name !== undefined) out.push({ name, at: ['pagination', key] });
  }
  return out;
}

/**
 * The numbers paging sends must be ones the provider's parameters take, as
 * their schemas bound them: the page size or limit up to its cap
 * (`max_size`, `max_limit`; without one, any unified limit up to MAX_LIMIT
 * is sent), and the first page number or offset. A cap above the
 * parameter's `maximum` (or at its exclusive one) would have every full
 * page refused by the provider.
 */
export function checkPagingBounds(check: ConnectorCheck, found: ProviderOperation) {
  const { mapping, provider, report } = check;
  const p = mapping.pagination;
  if (!p || p.type === 'none') return;
  const where = `${found.method} ${found.specPath} in ${provider.source.file}`;
  const schemaOf = (name: string) => queryParameterSchema(check, found, name);
  const size =
    p.type === 'offset' ? { param: p.limit_param, paramKey: 'limit_param', cap: p.max_limit, capKey: 'max_limit' } : p.size_param !== undefined ? { param: p.size_param, paramKey: 'size_param', cap: p.max_size, capKey: 'max_size' } : undefined;
  const sizeSchema = size ? schemaOf(size.param) : undefined;
  if (size && sizeSchema) {
    // Sizes and page numbers are integers: an exclusive bound is the integer next to it ("less than 100" is at most 99).
    const { least, greatest } = integerBounds(sizeSchema);
    if (size.cap !== undefined && greatest !== undefined && size.cap > greatest.value) {
      report(['pagination', size.capKey], 'out-of-range', `${size.capKey} ${size.cap} is more than ${where} allows in '${size.param}' (${greatest.words})`, `\`${size.capKey}: ${greatest.value}\`; a larger unified page takes several requests`);
    } else if (size.cap !== undefined && least !== undefined && size.cap < least.value) {
      report(['pagination', size.capKey], 'out-of-range', `${size.capKey} ${size.cap} is less than ${where} allows in '${size.param}' (${least.words})`, `\`${size.capKey}: ${greatest?.value ?? least.value}\``);
    } else if (size.cap === undefined && greatest !== undefined && greatest.value < MAX_LIMIT) {
      report(['pagination', size.paramKey], 'out-of-range', `'${size.param}' of ${where} is at most ${greatest.value}, and a unified page asks for up to ${MAX_LIMIT}`, `cap it: \`${size.capKey}: ${greatest.value}\`; a larger unified page then takes several requests`);
    }
  }
  const first = p.type === 'page' ? { param: p.page_param, value: p.first_page ?? 1, key: 'first_page', written: p.first_page !== undefined, paramKey: 'page_param' } : p.type === 'offset' ? { param: p.offset_param, value: p.start ?? 0, key: 'start', written: p.start !== undefined, paramKey: 'offset_param' } : undefined;
  const firstSchema = first ? schemaOf(first.param) : undefined;
  const least = firstSchema ? integerBounds(firstSchema).least : undefined;
  if (first && least !== undefined && first.value < least.value) {
    report(['pagination', first.written ? first.key : first.paramKey], 'out-of-range', `${first.key} ${first.value}${first.written ? '' : ' (the default)'} is less than ${where} allows in '${first.param}' (${least.words})`, `\`${first.key}: ${least.value}\``);
  }
}

/**
 * What paging sends must be of the type the provider's parameter takes:
 * page numbers, offsets and sizes are numbers the connector counts (the
 * parameter typed integer or number, or text its document says holds
 * digits: see `holdsNumbers`), and a cursor is the token the last answer
 * gave, sent back as it came. An `offset` the document types as bare text
 * (a token the answer gives back in `next_page.offset`) would be sent 0,
 * 20, 40… and refused from the second page on; a number parameter fed a
 * text token, at once.
 */
export function checkPagingTypes(check: ConnectorCheck, answer: SchemaNode | undefined, schemaOf: (name: string) => SchemaNode | undefined, where: string, what: string) {
  const { mapping, provider, report } = check;
  const p = mapping.pagination;
  if (!p || p.type === 'none') return;
  const size = p.type === 'offset' ? { key: 'limit_param', name: p.limit_param } : p.size_param !== undefined ? { key: 'size_param', name: p.size_param } : undefined;
  const counted = [
    ...(p.type === 'page' ? [{ key: 'page_param', name: p.page_param, sends: 'the page number' }] : []),
    ...(p.type === 'offset' ? [{ key: 'offset_param', name: p.offset_param, sends: 'the offset of the first record' }] : []),
    ...(size ? [{ ...size, sends: 'the number of records a page holds' }] : []),
  ];
  for (const { key, name, sends } of counted) {
    const schema = schemaOf(name);
    if (!schema || holdsNumbers(schema) !== false) continue;
    const message = `${what} '${name}' of ${where} is ${describeType(schema)}, not a number, and ${p.type} paging sends it ${sends}, a number it counts`;
    const digits = `if the provider does take digits there, say so in ${provider.source.file} (\`type: integer\`, or a \`pattern\` of digits such as '^[0-9]+$')`;
    if (key === 'size_param' || key === 'limit_param') {
      report(['pagination', key], 'type-mismatch', message, digits);
      continue;
    }
    const token = answer ? tokenPath(answer, name) : undefined;
    const cursor = `type: cursor, cursor_param: ${name}, next: ${token ?? '<path>'}${size ? `, size_param: ${size.name}` : ''}`;
    report(['pagination', key], 'type-mismatch', message, `the provider's ${name} is a string token: use cursor paging with the token taken from ${token ? `'${token}' of the list's answer` : 'the member of the list\'s answer that holds the next one'} (\`${cursor}\`); ${digits}`);
  }
  if (p.type !== 'cursor') return;
  const schema = schemaOf(p.cursor_param);
  const next = answer ? memberAt(answer, dotPath(p.next)) : undefined;
  // A number parameter takes a cursor only when the answer gives one as a number (GitHub's `since` is the last id).
  if (schema && next && (schema.type === 'integer' || schema.type === 'number') && holdsNumbers(next) === false) {
    report(
      ['pagination', 'cursor_param'],
      'type-mismatch',
      `${what} '${p.cursor_param}' of ${where} is ${describeType(schema)}, and cursor paging sends it the token the answer holds in '${p.next}', ${describeType(next)}`,
      `a number the provider counts is offset or page paging (\`type: offset, offset_param: ${p.cursor_param}, limit_param: …\`, or \`type: page, page_param: ${p.cursor_param}\`); a token it gives back is text, and a parameter that takes it is typed string`,
    );
  }
}

/** The body schema of a list's answer (the first status it lists that the document declares), if the document gives one. */
export function listAnswer(check: ConnectorCheck, found: ProviderOperation, statuses: readonly number[] | undefined): SchemaNode | undefined {
  const { resolver, providerOperations } = check;
  const answer = providerOperations.response(found, statuses ?? [200]);
  const pointer = answer ? mediaSchemaPointer(resolver, answer.pointer, pickJson) : undefined;
  return pointer ? resolver.node(pointer) : undefined;
}

/** The schema of a query parameter a request sends: its own, or a deepObject parameter's member's (`page[size]`). */
export function queryParameterSchema(check: ConnectorCheck, found: ProviderOperation, name: string): SchemaNode | undefined {
  return sentParameter(check, found, 'query', name)?.schema;
}

/**
 * Where a list's answer gives back the token a paging parameter takes: the
 * shallowest text member named as the parameter, outside arrays
 * (`next_page.offset` for an `offset`), up to three levels down.
 */
export function tokenPath(answer: SchemaNode, parameter: string): string | undefined {
  const plain = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  const queue: { node: SchemaNode; path: string[] }[] = [{ node: answer, path: [] }];
  while (queue.length > 0) {
    const { node, path } = queue.shift()!;
    const last = path[path.length - 1];
    if (last !== undefined && plain(last) === plain(parameter) && node.type === 'string') return path.join('.');
    if (path.length < 3) for (const [name, child] of node.properties) queue.push({ node: child, path: [...path, name] });
  }
  return undefined;
}
