/**
 * One example case per operation, seeded from the provider document's own
 * examples where it has them (an answer's example, a schema's `example`)
 * and otherwise from its schemas: the request the connector must send and
 * the answer it gets, for the generated suite to replay.
 */

import type { OperationKind } from '../ir/model.js';
import { integerBounds, sameSchema, type SchemaNode } from '../ir/schema.js';
import { sentMappingPath } from '../ir/paths.js';
import { isTemplateError, parseTemplate, templateUses } from '../ir/templates.js';
import type { Auth, ConnectionDraft, PagingDraft } from './connection.js';
import { mappingPath, shapesOf, type AnsweredId, type Endpoint, type Endpoints } from './endpoints.js';
import type { ErrorAnswer } from './errors.js';
import type { FieldLine } from './fields.js';
import { joined } from './words.js';

export interface ExampleCase {
  name: string;
  operation: string;
  /** Credentials of another sign-in method than the shared connection's. */
  connection?: { credentials: Record<string, string> };
  input: Record<string, unknown>;
  exchanges: { request: Record<string, unknown>; response: { status: number; headers?: Record<string, string>; body?: unknown } }[];
  expect: Record<string, unknown>;
}

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A value of a schema: its example, else one made from its type, format and
 * name. A document's own value is copied: the loaded document is frozen, and
 * the cases built from a sample (a list envelope given its records) change it.
 * A null example is no example (HubSpot writes `example: null` on every
 * schema) unless null is all the schema allows.
 */
export function sampleOf(node: SchemaNode, name = '', depth = 0): unknown {
  if (node.example !== undefined && (node.example !== null || onlyNull(node))) return structuredClone(node.example);
  if (node.enum?.length) return structuredClone(node.enum.find((v) => v !== null) ?? node.enum[0]);
  if (node.anyOf?.length) return sampleOf(node.anyOf[0]!, name, depth);
  switch (node.type) {
    case 'string':
      return sampleString(node, name);
    case 'integer':
    case 'number': {
      // The least whole number from 1 up that the bounds allow, made a multiple where the schema asks for one.
      const least = Math.max(1, integerBounds(node).least?.value ?? 1);
      return node.multipleOf ? Math.ceil(least / node.multipleOf) * node.multipleOf : least;
    }
    case 'boolean':
      // An answer's `success: false` beside its records would say it failed: the samples are of answers that succeed.
      return SUCCESS_FLAGS.includes(joined(name));
    case 'array':
      return node.items && depth < 4 ? [sampleOf(node.items, name, depth + 1)] : [];
    default: {
      if (node.properties.size === 0 || depth >= 4) return {};
      const out: Raw = {};
      for (const [key, child] of node.properties) if (!child.writeOnly) out[key] = sampleOf(child, key, depth + 1);
      return out;
    }
  }
}

/** Names of a flag saying whether a request succeeded. */
export const SUCCESS_FLAGS = ['success', 'succeeded', 'successful', 'ok'];

/** `{type: 'null'}` or `{enum: [null]}`: a schema whose only value is null. */
function onlyNull(node: SchemaNode): boolean {
  return node.nullable && node.type === undefined && node.properties.size === 0 && !node.anyOf && (node.enum ?? [null]).every((v) => v === null);
}

function sampleString(node: SchemaNode, name: string): string {
  const word = joined(name);
  const fit = (value: string) => (node.maxLength !== undefined ? value.slice(0, node.maxLength) : value);
  if (node.format === 'email' || word.includes('email')) return fit('ada@example.com');
  // A declared format before a guess from the name: `nda_signed_date` with `format: date` is a date, not a date-time.
  if (node.format === 'date') return '2024-01-02';
  if (node.format === 'date-time' || /(at|date|time)$/.test(word)) return '2024-01-02T03:04:05Z';
  if (node.format === 'uri' || node.format === 'url') return 'https://example.com/';
  if (node.format === 'uuid') return '0b6f2a4e-8c1d-4f6a-9b2e-3c4d5e6f7a8b';
  if (/phone|mobile|fax/.test(word)) return fit('+44 20 7946 0000');
  if (word.includes('country')) return node.maxLength === 2 || word.includes('code') ? 'GB' : 'United Kingdom';
  if (/zip|postal|postcode/.test(word)) return fit('SW1A 1AA');
  if (word.includes('city')) return fit('London');
  if (/firstname|givenname/.test(word)) return fit('Ada');
  if (/lastname|surname|familyname/.test(word)) return fit('Lovelace');
  if (word === 'id' || word.endsWith('id')) return '1';
  if (word.includes('name')) return fit('Ada Lovelace');
  return fit('text');
}

/** Unified values the write examples use, for the fields that take plain text. */
const WRITE_VALUES: Record<string, unknown> = {
  company_name: 'Acme Ltd',
  first_name: 'Ada',
  last_name: 'Lovelace',
  notes: 'Prefers email.',
  tax_number: 'GB123456789',
  'emails[type=primary].email': 'ada@example.com',
  'phone_numbers[type=primary].number': '+44 20 7946 0000',
  'phone_numbers[type=mobile].number': '+44 7700 900123',
  'phone_numbers[type=fax].number': '+44 20 7946 0001',
};

export interface CaseInputs {
  endpoints: Endpoints;
  connection: ConnectionDraft;
  paging: PagingDraft;
  lines: FieldLine[];
  /** The unified operation of each kind: its id and success status. */
  operations: Record<OperationKind, { id: string; success: number }>;
  /** The name each unified operation gives the record's id in its input (`id`, `ticket_id`). */
  idParams: Partial<Record<OperationKind, string>>;
  /** One unified record (`customer`): the words of the case names and the create/update param holding it. */
  noun: string;
  exampleSettings: Record<string, string>;
  exampleCredentials: Record<string, string>;
  /** What each write operation's body takes besides the field lines: the record member it sends alone, and setting values. */
  bodies: Record<string, { from?: string; values?: Record<string, string | [string]> } | undefined>;
  /** Query parameters a request sends a parent in (`board: '{path.board_id}'`), by endpoint. */
  parentQuery?: Map<Endpoint, Record<string, string>>;
  /** An example value of each parent of the unified resource its path does not give (those come from the path's parameters). */
  parentValues?: Record<string, string>;
  /** The unified record: the values a write example gives the fields WRITE_VALUES has none for. */
  unified: SchemaNode;
  /** Where the create's answer gives the new id when it does not answer the record. */
  createdId?: AnsweredId;
  /** Error answers of the get, delete or list that show each drafted `errors.message` path: a case each. */
  errors?: readonly ErrorAnswer[];
}

export function draftCases(inputs: CaseInputs): { cases: ExampleCase[]; notes: string[] } {
  const { endpoints, connection, noun } = inputs;
  const op = inputs.operations;
  const notes: string[] = [];
  const cases: ExampleCase[] = [];
  const basePath = new URL(connection.exampleBaseUrl).pathname.replace(/\/$/, '');
  const record = endpoints.record;
  const listed = endpoints.list ? documentedRecords(endpoints.list, endpoints.recordsPath) : [];
  const single = endpoints.get && endpoints.recordPaths.get ? documentedRecords(endpoints.get, endpoints.recordPaths.get).slice(0, 1) : [];
  const records = (listed.length ? listed : single.length ? single : record ? [sampleOf(record)] : []).filter(isRaw).slice(0, 2);
  const first = records[0] ?? {};
  const idLine = inputs.lines.find((l) => l.unified === 'id');
  const idValue = idLine ? at(first, idLine.provider.split('.')) : undefined;
  const id = idValue === undefined || idValue === null || typeof idValue === 'object' ? '1' : String(idValue);
  // The method a request signs in with where every credential is given: the first its operation takes.
  const signedBy = (endpoint: Endpoint) => connection.signIn.get(endpoint)?.[0] ?? 0;
  const request = (endpoint: Endpoint, withId: boolean, extra: Record<string, string> = {}, auth = connection.auth[signedBy(endpoint)]) => {
    const headers = { ...requestHeaders(inputs, auth), ...lowerCased(resolve(connection.operationHeaders.get(endpoint) ?? {}, inputs.exampleSettings)) };
    const idName = withId ? endpoints.idQuery?.get(endpoint) : undefined;
    const query = { ...resolve(connection.query.get(endpoint) ?? {}, inputs.exampleSettings), ...Object.fromEntries(Object.entries(inputs.parentQuery?.get(endpoint) ?? {}).map(([name, value]) => [name, withParents(value, parentValues)])), ...(idName !== undefined ? { [idName]: id } : {}), ...authQueryOf(inputs, auth), ...extra };
    return {
      method: endpoint.method,
      // `/`, the base URL itself, is sent without the slash where the document's path has none (as the connector sends it).
      path: basePath + sentMappingPath(mappingPath(endpoints, endpoint), endpoint.path).replace(/\{([^}]+)\}/g, (whole, name: string) => (withId && name === 'id' ? encodeURIComponent(id) : parentValues[name] !== undefined ? encodeURIComponent(parentValues[name]) : whole)),
      ...(Object.keys(query).length ? { query } : {}),
      ...(Object.keys(headers).length ? { headers } : {}),
    };
  };
  // A nested resource's calls name their parents (`collection_id`), each with the example its provider parameter gives.
  const parentValues: Record<string, string> = { ...inputs.parentValues, ...Object.fromEntries([...(endpoints.parents?.values() ?? [])].map((p) => [p.unified, p.example])) };
  const idInput = (kind: OperationKind) => ({ ...parentValues, [inputs.idParams[kind] ?? 'id']: id });
  const wrapAt = (path: string[] | undefined, value: unknown) => (path ? path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) : value);

  if (endpoints.list) {
    const body = endpoints.recordsPath?.length === 0 ? records : listEnvelope(endpoints.list.response, endpoints.recordsPath ?? [], records, inputs.paging);
    cases.push({
      name: `lists ${records.length === 1 ? `one ${noun}` : `the first ${records.length} ${noun}s`}`,
      operation: op.list.id,
      input: { ...parentValues, limit: Math.max(records.length, 1) },
      exchanges: [{ request: request(endpoints.list, false, firstPageQuery(inputs.paging)), response: { status: endpoints.list.statuses[0] ?? 200, body } }],
      expect: { status_code: op.list.success },
    });
  }
  if (endpoints.get) {
    cases.push({
      name: `gets one ${noun}`,
      operation: op.get.id,
      input: idInput('get'),
      exchanges: [{ request: request(endpoints.get, true), response: { status: endpoints.get.statuses[0] ?? 200, body: wrapAt(endpoints.recordPaths.get, first) } }],
      expect: { status_code: op.get.success },
    });
  }
  // The provider's error answers, each read for its message (`errors.message`) and passed on as the unified error.
  for (const answer of inputs.errors ?? []) {
    const kind = answer.endpoint === endpoints.get ? 'get' : answer.endpoint === endpoints.delete ? 'delete' : answer.endpoint === endpoints.list ? 'list' : undefined;
    if (!kind) continue;
    const status = answer.status;
    const type = status === 401 ? 'UnauthorizedError' : status === 404 ? 'EntityNotFoundError' : status === 429 ? 'ConnectorRateLimitError' : 'ConnectorExecutionError';
    cases.push({
      name: `${kind === 'list' ? 'lists' : kind === 'get' ? 'gets' : 'deletes'} ${kind === 'list' ? `${noun}s` : `a ${noun}`}, answered ${status} with the provider's message`,
      operation: op[kind].id,
      input: kind === 'list' ? { ...parentValues, limit: 1 } : idInput(kind),
      exchanges: [{ request: kind === 'list' ? request(answer.endpoint, false, firstPageQuery(inputs.paging)) : request(answer.endpoint, true), response: { status, body: answer.body } }],
      expect: { error: { type_name: type, message: answer.message } },
    });
  }
  // Every further sign-in method gets a case of its own, so the generated suite shows what each sends: a get, or the
  // list where the document has no get or its `security` refuses the method (a method no case signs in with does not
  // generate). Its credentials are the method's alone: with them, the operation signs in with it.
  const signers = new Set([endpoints.list, endpoints.get, endpoints.create, endpoints.update, endpoints.delete].flatMap((endpoint) => (endpoint ? [signedBy(endpoint)] : [])));
  const takes = (endpoint: Endpoint | undefined, index: number) => endpoint !== undefined && (connection.signIn.get(endpoint)?.includes(index) ?? true);
  connection.auth.forEach((auth, index) => {
    if (signers.has(index)) return;
    const endpoint = takes(endpoints.get, index) ? endpoints.get : takes(endpoints.list, index) ? endpoints.list : undefined;
    const shown = cases.find((c) => c.operation === (endpoint === endpoints.get ? op.get.id : op.list.id));
    if (!endpoint || !shown) return;
    const credentials = Object.fromEntries(credentialNames(auth).map((name) => [name, inputs.exampleCredentials[name] ?? `test-${name}`]));
    const exchange = shown.exchanges[0]!;
    cases.push({
      name: `${shown.name}, signing in with ${describeAuth(auth)}`,
      operation: shown.operation,
      connection: { credentials },
      input: shown.input,
      exchanges: [{ ...exchange, request: request(endpoint, endpoint === endpoints.get, endpoint === endpoints.get ? {} : firstPageQuery(inputs.paging), auth) }],
      expect: shown.expect,
    });
  });
  for (const [endpoint, kind] of [[endpoints.create, 'create'], [endpoints.update, 'update']] as const) {
    if (!endpoint) continue;
    const operation = op[kind].id;
    const write = writeExample(inputs.lines, operation, kind, endpoint, inputs.bodies[operation], inputs.exampleSettings, inputs.unified, parentValues, inputs.endpoints.record);
    if (!write) {
      notes.push(`${operation}: no field line takes plain text both ways, so the draft cannot say what the request body is; write its example by hand`);
      continue;
    }
    if (write.missing.length > 0) {
      notes.push(`${operation}: the provider requires ${write.missing.join(', ')}, which no field line writes`);
    }
    let answer = endpoints.recordPaths[kind] ? wrapAt(endpoints.recordPaths[kind], first) : endpoint.responseExamples[0] ?? (endpoint.response ? sampleOf(endpoint.response) : undefined);
    // The new id where the create answers it without the record: in the member, or the header, the mapping reads.
    const created = kind === 'create' && !endpoints.recordPaths.create ? inputs.createdId : undefined;
    let headers: Record<string, string> | undefined;
    if (created && 'path' in created) {
      answer = isRaw(answer) ? answer : {};
      setAt(answer as Raw, created.path, idValue === undefined || idValue === null || typeof idValue === 'object' ? id : idValue);
    } else if (created) headers = { [created.header.toLowerCase()]: created.lastSegment ? `${new URL(connection.exampleBaseUrl).origin}${basePath}${sentMappingPath(mappingPath(endpoints, endpoint), endpoint.path)}/${encodeURIComponent(id)}` : id };
    cases.push({
      name: `${kind}s a ${noun}`,
      operation,
      input: kind === 'create' ? { ...parentValues, [noun]: write.record } : { ...idInput('update'), [noun]: write.record },
      exchanges: write.missing.length > 0 ? [] : [{ request: { ...request(endpoint, kind === 'update'), body: write.body }, response: { status: endpoint.statuses[0] ?? 200, ...(headers ? { headers } : {}), ...(answer === undefined ? {} : { body: answer }) } }],
      // Where the new id comes from the answer's member or header alone, the case says which id that is.
      expect: write.missing.length > 0 ? { error: { type_name: 'RequestValidationError' } } : { status_code: op[kind].success, ...(created ? { data: { id } } : {}) },
    });
  }
  if (endpoints.delete) {
    const status = endpoints.delete.statuses[0] ?? 204;
    const body = status === 204 ? undefined : (endpoints.delete.responseExamples[0] ?? (endpoints.delete.response ? sampleOf(endpoints.delete.response) : undefined));
    cases.push({
      name: `deletes a ${noun}`,
      operation: op.delete.id,
      input: idInput('delete'),
      exchanges: [{ request: request(endpoints.delete, true), response: { status, ...(body === undefined ? {} : { body }) } }],
      expect: { status_code: op.delete.success },
    });
  }
  return { cases, notes };
}

/** Records an endpoint's documented answer holds at `path`, or none. */
function documentedRecords(endpoint: Endpoint, path: string[] | undefined): unknown[] {
  if (!path) return [];
  for (const example of endpoint.responseExamples) {
    const found = at(example, path);
    if (Array.isArray(found) && found.some(isRaw)) return found;
    if (isRaw(found)) return [found];
  }
  return [];
}

function at(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, key) => (isRaw(v) ? v[key] : undefined), value);
}

function setAt(target: Raw, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = (isRaw(node[key]) ? node[key] : (node[key] = {})) as Raw;
  node[path[path.length - 1]!] = value;
}

/** The list answer: its envelope from the schema, the records where they belong, and no further page. */
function listEnvelope(schema: SchemaNode | undefined, recordsPath: string[], records: unknown[], paging: PagingDraft): unknown {
  // Of an answer's alternative shapes, the one holding the records there.
  const shape = schema ? (shapesOf(schema).find((s) => recordsPath.length === 0 || s.properties.has(recordsPath[0]!)) ?? schema) : undefined;
  const body = (shape ? sampleOf(shape) : {}) as Raw;
  const envelope = isRaw(body) ? body : {};
  setAt(envelope, recordsPath, records);
  if (paging.type === 'cursor') {
    noNextPage(envelope, shape, paging.next.split('.'));
    if (paging.has_more) setAt(envelope, paging.has_more.split('.'), false);
  }
  if (paging.type === 'link' && paging.next) noNextPage(envelope, shape, paging.next.split('.'));
  if (paging.type === 'offset' && paging.total) setAt(envelope, paging.total.split('.'), records.length);
  return envelope;
}

/**
 * The last page: its next cursor or link null, or the nearest member above it
 * that may be (a `next_page` null on the last page, whose `offset` is a
 * string), else the outermost one an answer may leave out (a `paging` whose
 * `next.after` is required where it is).
 */
function noNextPage(envelope: Raw, schema: SchemaNode | undefined, path: string[]): void {
  const nodes: (SchemaNode | undefined)[] = [];
  let node = schema;
  for (const key of path) nodes.push((node = node?.properties.get(key)));
  const nullable = nodes.map((n, i) => ({ n, i })).reverse().find(({ n }) => n === undefined || n.nullable);
  const optional = path.findIndex((key, i) => !(i === 0 ? schema : nodes[i - 1])?.required.includes(key));
  if (nullable) setAt(envelope, path.slice(0, nullable.i + 1), null);
  else if (optional >= 0) {
    const parent = at(envelope, path.slice(0, optional));
    if (isRaw(parent)) delete parent[path[optional]!];
  } else setAt(envelope, path, null);
}

/** What the first page request carries; sizes depend on the caller's limit, so any value is accepted. */
function firstPageQuery(paging: PagingDraft): Record<string, string> {
  switch (paging.type) {
    case 'page':
      return { [paging.page_param]: String(paging.first_page), ...(paging.size_param ? { [paging.size_param]: '<any>' } : {}) };
    case 'offset':
      return { [paging.offset_param]: String(paging.start), [paging.limit_param]: '<any>' };
    case 'cursor':
    case 'link':
      return paging.size_param ? { [paging.size_param]: '<any>' } : {};
    case 'none':
      return {};
  }
}

function resolve(values: Record<string, string>, settings: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.replace(/\{settings\.([^}]+)\}/g, (_, name: string) => settings[name] ?? '')]));
}

function fill(template: string, inputs: CaseInputs): string {
  return template.replace(/\{(settings|credentials)\.([^}]+)\}/g, (_, kind: string, name: string) => (kind === 'settings' ? inputs.exampleSettings : inputs.exampleCredentials)[name] ?? '');
}

/** The headers a sign-in method and the fixed headers put on every request. */
function requestHeaders(inputs: CaseInputs, auth: Auth | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(inputs.connection.headers)) headers[name.toLowerCase()] = fill(value, inputs);
  if (auth?.type === 'basic') headers.authorization = `Basic ${Buffer.from(`${fill(auth.username, inputs)}:${fill(auth.password, inputs)}`).toString('base64')}`;
  if (auth?.type === 'bearer') headers.authorization = `Bearer ${fill(auth.token, inputs)}`;
  for (const key of auth ? [auth, ...(auth.with ?? [])] : []) if (key.type === 'header') headers[key.name.toLowerCase()] = fill(key.value, inputs);
  return headers;
}

function authQueryOf(inputs: CaseInputs, auth: Auth | undefined): Record<string, string> {
  return Object.fromEntries((auth ? [auth, ...(auth.with ?? [])] : []).flatMap((key) => (key.type === 'query' ? [[key.name, fill(key.value, inputs)]] : [])));
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** The credentials a sign-in method's templates name. */
function credentialNames(auth: Auth): string[] {
  const templates = [...(auth.type === 'basic' ? [auth.username, auth.password] : auth.type === 'bearer' ? [auth.token] : [auth.value]), ...(auth.with ?? []).map((key) => key.value)];
  return [...new Set(templates.flatMap((text) => {
    const parsed = parseTemplate(text, ['settings', 'credentials']);
    return isTemplateError(parsed) ? [] : templateUses(parsed).credentials;
  }))];
}

/** A sign-in method as a case's name says it: with the credentials it reads, since two may send the same header (Chatwoot's three API keys). */
function describeAuth(auth: Auth): string {
  const how = auth.type === 'basic' ? 'Basic credentials' : auth.type === 'bearer' ? 'a Bearer token' : `the ${auth.name} ${auth.type === 'header' ? 'header' : 'query parameter'}`;
  return `${how} (${credentialNames(auth).join(', ')})`;
}

/**
 * A customer to write and the body the connector sends for it, from the
 * field lines that carry plain text; undefined when there are none.
 */
function writeExample(lines: FieldLine[], operation: string, kind: 'create' | 'update', endpoint: Endpoint, body: { from?: string; values?: Record<string, string | [string]> } | undefined, settings: Record<string, string>, unified: SchemaNode, parents: Record<string, string>, providerRecord: SchemaNode | undefined): { record: Raw; body: unknown; missing: string[] } | undefined {
  const request = endpoint.request;
  if (!request) return undefined;
  const flat = request.encoding !== 'json';
  const record: Raw = {};
  const fields: Raw = {};
  const wrap = wrapperOf(request.schema, flat, providerRecord);
  const schema = wrap ? wrap.record : request.schema;
  const from = body?.from;
  // Field lines name members of the record; a body sent `from` one member holds what is below it.
  const inBody = (provider: string) => (from ? (provider.startsWith(`${from}.`) ? provider.slice(from.length + 1) : undefined) : provider);
  for (const line of lines) {
    if (line.each || line.direction === 'read' || line.enum || (line.operations && !line.operations.includes(operation))) continue;
    const member = inBody(line.provider);
    if (member === undefined || (flat && member.includes('.'))) continue;
    const target = leafAt(schema, member.split('.'));
    if (!target || target.type !== 'string') continue;
    let providerValue: unknown;
    if (Array.isArray(line.unified) && line.convert === 'full-name') {
      if ('first_name' in record || 'last_name' in record) continue;
      record.first_name = 'Ada';
      record.last_name = 'Lovelace';
      providerValue = 'Ada Lovelace';
    } else if (typeof line.unified === 'string' && line.convert === undefined && writeValue(unified, line.unified) !== undefined) {
      const value = writeValue(unified, line.unified);
      const selected = /^(\w+)\[type=([a-z-]+)\]\.(\w+)$/.exec(line.unified);
      if (selected) {
        const [, array, type, member] = selected;
        const list = (record[array!] ??= []) as Raw[];
        if (list.some((e) => e.type === type)) continue;
        list.push({ [member!]: value, type });
      } else {
        if (line.unified in record) continue;
        record[line.unified] = value;
      }
      providerValue = value;
    } else continue;
    if (!fits(target, providerValue)) return undefined;
    setAt(fields, member.split('.'), providerValue);
  }
  if (Object.keys(record).length === 0) return undefined;
  for (const [name, written] of Object.entries(body?.values ?? {})) {
    const list = Array.isArray(written);
    const value = withParents(list ? written[0] : written, parents).replace(/\{settings\.([^}]+)\}/g, (_, setting: string) => settings[setting] ?? '');
    // A value of digits goes as a number where the request schema says integer, as the connector sends it; a list of one as an array.
    const member = schema.properties.get(name);
    const type = list ? member?.items?.type : member?.type;
    const sent = !flat && (type === 'integer' || type === 'number') && /^\d+$/.test(value) ? Number(value) : value;
    fields[name] = list ? [sent] : sent;
  }
  const missing = kind === 'create' ? schema.required.filter((name) => !(name in fields)) : [];
  return { record, body: wrap ? { [wrap.name]: wrap.list ? [fields] : fields } : fields, missing };
}

/**
 * The unified value a write example gives a field: WRITE_VALUES' where it has
 * one, else text made from the unified schema (its example, or one from its
 * name and format) for a plain text member the caller may write, or the value
 * of an element of a typed array (`websites[type=primary].url`) that holds
 * only it.
 */
function writeValue(unified: SchemaNode, path: string): unknown {
  if (WRITE_VALUES[path] !== undefined) return WRITE_VALUES[path];
  const selected = /^(\w+)\[type=[a-z-]+\]\.(\w+)$/.exec(path);
  // An element's value only where it is all the element holds: another part of an address written alone is sent with the rest cleared.
  const items = selected ? unified.properties.get(selected[1]!)?.items : undefined;
  const member = selected ? (items?.required.filter((name) => name !== 'type').join() === selected[2] ? items?.properties.get(selected[2]!) : undefined) : /^\w+$/.test(path) ? unified.properties.get(path) : undefined;
  if (!member || member.readOnly || member.type !== 'string' || member.enum || member.format !== undefined) return undefined;
  const value = sampleOf(member, selected ? selected[2] : path);
  return typeof value === 'string' ? value : undefined;
}

/** A template with each `{path.<parent>}` filled with the parent's example. */
function withParents(template: string, parents: Record<string, string>): string {
  return template.replace(/\{path\.([^}]+)\}/g, (whole, parent: string) => parents[parent] ?? whole);
}

/**
 * The member a request wraps the record in: its only member, an object
 * (`{"customer": {…}}`), or an array of objects whose one element the record
 * is (`{"data": [{…}]}`, `list`); and the record's schema inside it.
 */
export function wrapperOf(schema: SchemaNode, flat: boolean, record?: SchemaNode): { name: string; list: boolean; record: SchemaNode } | undefined {
  if (flat) return undefined;
  const held = (member: SchemaNode) => {
    if (member.type === 'object' || (member.type !== 'array' && member.properties.size > 0)) return { list: false, record: member };
    const item = member.type === 'array' ? member.items : undefined;
    return item && (item.type === 'object' || item.properties.size > 0) ? { list: true, record: item } : undefined;
  };
  if (schema.properties.size === 1) {
    const [name, member] = [...schema.properties][0]!;
    const wrap = held(member);
    return wrap ? { name, ...wrap } : undefined;
  }
  // Beside options (Zoho's `{ data: [record], trigger: [...], process: [...] }`): the one member that holds the record
  // schema itself, where nothing else is required. A member that is some other object (an address) is no wrapper.
  if (!record) return undefined;
  const wrappers = [...schema.properties].flatMap(([name, member]) => {
    const wrap = held(member);
    return wrap && sameSchema(wrap.record, record) ? [{ name, ...wrap }] : [];
  });
  return wrappers.length === 1 && schema.required.every((name) => name === wrappers[0]!.name) ? wrappers[0] : undefined;
}

function leafAt(schema: SchemaNode, path: string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema;
  for (const key of path) node = node?.properties.get(key);
  return node;
}

function fits(schema: SchemaNode, value: unknown): boolean {
  if (typeof value !== 'string') return true;
  if (schema.maxLength !== undefined && value.length > schema.maxLength) return false;
  if (schema.minLength !== undefined && value.length < schema.minLength) return false;
  if (schema.pattern !== undefined) {
    try {
      if (!new RegExp(schema.pattern, 'u').test(value)) return false;
    } catch {
      return false;
    }
  }
  return true;
}
