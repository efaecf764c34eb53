/**
 * Finds, in a provider's OpenAPI document, the endpoints of the five unified
 * operations: the collection (GET lists, POST creates) and the item under it
 * (GET, PUT/PATCH, DELETE), the record schema they carry and where in each
 * answer it sits. Read through the IR's schema resolver, `$ref`s followed.
 */

import { pathItems, type PathItem } from '../parse/path-items.js';
import { mediaSchemaPointer, sameSchema, type SchemaNode, type SchemaResolver } from '../ir/schema.js';
import { ID_WORDS, takesId } from './parents.js';
import { singularNoun, wordsOf, type recordNouns } from './words.js';

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Parameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required: boolean;
  schema: SchemaNode | undefined;
  example: unknown;
  description?: string;
}

export interface Endpoint {
  method: string;
  path: string;
  /** Where the operation is declared (through a path item's `$ref`). */
  pointer: (string | number)[];
  parameters: Parameter[];
  /** 2xx statuses, in order. */
  statuses: number[];
  /** The first 2xx answer's schema, and its examples (the media type's `example`/`examples`). */
  response: SchemaNode | undefined;
  responseExamples: unknown[];
  responseHeaders: string[];
  request: { encoding: 'json' | 'form' | 'multipart'; schema: SchemaNode; examples: unknown[] } | undefined;
}

export interface Endpoints {
  list?: Endpoint;
  get?: Endpoint;
  create?: Endpoint;
  update?: Endpoint;
  delete?: Endpoint;
  /** The record schema, and where it sits in each answer (`[]` is the body itself). */
  record: SchemaNode | undefined;
  recordsPath?: string[];
  /** Every place a list answer may hold its records (one per shape the answer may take). */
  recordsPaths?: string[][];
  recordPaths: Partial<Record<'get' | 'create' | 'update', string[]>>;
  /** The name of the path parameter that holds the record's id (`{customer_number}`). */
  idParameter?: string;
  /**
   * Requests on one record that take its id in a query parameter rather than
   * their path (an RPC-style `GET /customers.info?customer=`), with the
   * parameter's name: found only where the document has no item path.
   */
  idQuery?: Map<Endpoint, string>;
  /**
   * The collection's path up to its last path parameter, when it is below one
   * (Chatwoot's `/api/v1/accounts/{account_id}` of `…/contacts`): the account
   * every request is made in, with the parameters that name it.
   */
  scope?: { path: string; parameters: Parameter[] };
  /**
   * The provider's path parameters that stand for the unified resource's
   * parents (its `{project_id}` for a ticket's `{collection_id}`), by provider
   * name: they stay in the operations' paths, under the unified names.
   */
  parents?: Map<string, { unified: string; example: string }>;
  /** Other collections named as records are (`GET /accounts` beside `/contacts`), with their record schema: what `--record` could pick instead. */
  alternatives: { path: string; record: string }[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The nouns a collection of the resource's records may be named by (`recordNouns`): its own, the vocabulary's, weaker ones. */
export type RecordNouns = ReturnType<typeof recordNouns>;

/** `parents`: how many parents the unified resource has (a card's board), each a path parameter a provider collection may be below. */
export function readEndpoints(resolver: SchemaResolver, nouns: RecordNouns, recordName?: string, parents = 0): Endpoints {
  const all = allEndpoints(resolver);
  // The collection: a GET whose last segment names the records, answering an array of objects. It may be below path
  // parameters (an account the records belong to), but not end in one that names the id (that is an item); one that
  // names something else is the collection of a generic records API (Zoho CRM's /crm/v8/{module_api_name}).
  const lastParameter = (path: string) => /\{([^}]+)\}\/?$/.exec(path.replace(/\.[a-z]+$/i, ''))?.[1];
  const collections = all
    .filter((e) => e.method === 'GET' && (lastParameter(e.path) === undefined || !namesTheId(lastParameter(e.path)!, nouns)))
    .map((e) => ({ endpoint: e, score: collectionScore(e, nouns, recordName, parents) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.endpoint.path.length - b.endpoint.path.length);
  const list = collections[0]?.endpoint;
  // A collection written with a trailing slash (`/api/users/`, Django's and Flask's style) has its items below it with one too.
  const slash = list?.path.endsWith('/') ? '/?' : '';
  const base = list?.path.replace(/\.[a-z]+$/i, '').replace(/\/$/, '');
  const extension = list ? (/\.[a-z]+$/i.exec(list.path)?.[0] ?? '') : '';
  const itemPattern = base ? new RegExp(`^${escape(base)}/\\{([^}]+)\\}${slash}${escape(extension)}$`) : undefined;
  // Of several items below the collection (Zoho's /{id} and /{external_field_value}), the one whose parameter names the id.
  const item = (method: string) => {
    const items = all.filter((e) => e.method === method && itemPattern?.test(e.path));
    return items.find((e) => namesTheId(itemPattern!.exec(e.path)![1]!, nouns)) ?? items[0];
  };
  const named = (e: Endpoint) => nameScore(e, nouns) > 0;
  const alternatives = collections
    .slice(1)
    .filter((c) => named(c.endpoint))
    .flatMap((c) => {
      const items = c.endpoint.response ? arrayOfObjects(c.endpoint.response)?.items : undefined;
      return items?.name && items.name !== (list?.response ? arrayOfObjects(list.response, recordName)?.items.name : undefined) ? [{ path: c.endpoint.path, record: items.name }] : [];
    });
  const found: Endpoints = {
    ...(list ? { list } : {}),
    record: undefined,
    recordPaths: {},
    alternatives,
  };
  // Without an item path, a request beside the collection (`/customers`, `/customers.info`, `/customers/lookup`)
  // that requires the id in its query: a required parameter named `id` or after the record (`customer`, `customer_id`).
  const idQuery = new Map<Endpoint, string>();
  const queried = (method: string) => {
    if (!base || !list) return undefined;
    const beside = new RegExp(`^${escape(base)}(?:[./][A-Za-z_-]+)?/?${escape(extension)}$`);
    for (const candidate of all) {
      if (candidate.method !== method || candidate === list || !beside.test(candidate.path)) continue;
      const parameter = candidate.parameters.find((p) => p.in === 'query' && p.required && namesTheId(p.name, nouns) && takesOneId(p.schema));
      if (parameter) {
        idQuery.set(candidate, parameter.name);
        return candidate;
      }
    }
    return undefined;
  };
  const get = item('GET') ?? queried('GET');
  const create = list ? all.find((e) => e.method === 'POST' && e.path === list.path) : undefined;
  // PATCH changes only what is sent, as a unified update does; PUT when that is all there is.
  const update = item('PATCH') ?? item('PUT') ?? queried('PATCH') ?? queried('PUT');
  const remove = item('DELETE') ?? queried('DELETE');
  if (idQuery.size > 0) found.idQuery = idQuery;
  if (get) found.get = get;
  if (create) found.create = create;
  if (update) found.update = update;
  if (remove) found.delete = remove;
  // The id's path parameter, from a request that has one in its path (not one taking the id in its query).
  const anyItem = [get, update, remove].find((endpoint) => endpoint !== undefined && itemPattern?.test(endpoint.path));
  if (anyItem && itemPattern) found.idParameter = itemPattern.exec(anyItem.path)?.[1];
  // A collection ending in a path parameter is the scope itself: the base URL names the collection.
  const scope = base ? (base.endsWith('}') ? base : /^(.*\})\//.exec(base)?.[1]) : undefined;
  if (list && scope) {
    const names = [...scope.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    found.scope = { path: scope, parameters: list.parameters.filter((p) => p.in === 'path' && names.includes(p.name)) };
  }

  const records = list?.response ? arrayOfObjects(list.response, recordName) : undefined;
  found.record = recordName ? resolver.component(recordName) : (records?.items ?? (get?.response ? largestObject(get.response) : undefined));
  if (records) {
    found.recordsPath = records.path;
    found.recordsPaths = records.paths;
  }
  if (found.record) {
    for (const [kind, endpoint] of [['get', get], ['create', create], ['update', update]] as const) {
      const path = endpoint?.response ? pathTo(endpoint.response, found.record) : undefined;
      if (path) found.recordPaths[kind] = path;
    }
  }
  return found;
}

/**
 * A unified resource below a parent (tickets under `/collections/{collection_id}`)
 * takes the parent from each call, so the provider's path parameters nearest
 * the collection name it rather than an account fixed in the settings: the
 * last ones of the scope become the parents, in order, and what is left of
 * the scope (if anything) stays in the base URL.
 */
export function assignParents(endpoints: Endpoints, unifiedParents: readonly string[]): Endpoints {
  const scope = endpoints.scope;
  if (!scope || unifiedParents.length === 0) return endpoints;
  const names = [...scope.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const count = Math.min(names.length, unifiedParents.length);
  const parents = new Map<string, { unified: string; example: string }>();
  names.slice(names.length - count).forEach((name, i) => {
    const parameter = scope.parameters.find((p) => p.name === name);
    const given = parameter?.example ?? parameter?.schema?.example;
    parents.set(name, { unified: unifiedParents[unifiedParents.length - count + i]!, example: given !== undefined && given !== null && typeof given !== 'object' ? String(given) : '1' });
  });
  // The scope ends before the segment that holds the first parent.
  const first = scope.path.indexOf(`{${names[names.length - count]}}`);
  const kept = /^(.*\})\//.exec(scope.path.slice(0, first))?.[1];
  const rest: Endpoints = { ...endpoints, parents };
  if (kept === undefined) delete rest.scope;
  else rest.scope = { path: kept, parameters: scope.parameters.filter((p) => kept.includes(`{${p.name}}`)) };
  return rest;
}

/** An endpoint's path as a mapping writes it: below the scope, the record's id as `{id}` and parents by their unified names. */
export function mappingPath(endpoints: Endpoints, endpoint: Endpoint): string {
  return pathInScope(endpoints, endpoint).replace(/\{([^}]+)\}/g, (whole, name: string) => (name === endpoints.idParameter ? '{id}' : endpoints.parents?.has(name) ? `{${endpoints.parents.get(name)!.unified}}` : whole));
}

/** An endpoint's path as a mapping writes it: below the scope, which the base URL holds. */
export function pathInScope(endpoints: Endpoints, endpoint: Endpoint): string {
  const scope = endpoints.scope?.path;
  // The collection the base URL names is `/`, the base URL itself.
  if (scope !== undefined && endpoint.path === scope) return '/';
  return scope !== undefined && endpoint.path.startsWith(`${scope}/`) ? endpoint.path.slice(scope.length) : endpoint.path;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a query parameter's name says it holds the record's id: `id`, or the record's noun with or without an id word (`customer`, `customer_id`, `customerId`). */
function namesTheId(name: string, nouns: RecordNouns): boolean {
  const words = wordsOf(name);
  if (words.length === 1 && (words[0] === 'id' || words[0] === 'uuid')) return true;
  // The words a parent's name says it is an id by (`board_id`), and `number` (Kickserv's `customer_number`).
  if (words.length > 1 && [...ID_WORDS, 'number'].includes(words[words.length - 1]!)) words.pop();
  const noun = singularNoun(words.join(''));
  return nouns.own.includes(noun) || nouns.nouns.includes(noun);
}

/** One id's value (as `takesId` reads one), not a list of them. */
function takesOneId(schema: SchemaNode | undefined): boolean {
  return takesId(schema) && schema?.type !== 'array';
}

/** How well a collection's last segment names the records: their own noun, then the vocabulary's, then a weaker one; 0 for neither. */
function nameScore(endpoint: Endpoint, nouns: RecordNouns): number {
  const last = singularNoun(endpoint.path.replace(/\.[a-z]+$/i, '').split('/').filter(Boolean).pop() ?? '');
  return nouns.own.includes(last) ? 4.5 : nouns.nouns.includes(last) ? 4 : nouns.weaker.includes(last) ? 3.5 : 0;
}

function collectionScore(endpoint: Endpoint, nouns: RecordNouns, recordName: string | undefined, parents: number): number {
  const segments = endpoint.path.replace(/\.[a-z]+$/i, '').split('/').filter(Boolean);
  const records = endpoint.response ? arrayOfObjects(endpoint.response, recordName) : undefined;
  const named = nameScore(endpoint, nouns);
  // A collection named as nothing the resource goes by holds other records, unless they are the ones --record names.
  if (!records || (named === 0 && !(recordName && records.items.name === recordName))) return 0;
  // A collection named as the resource beats one named by another word for it, which beats a weaker word (Front has
  // both /accounts and /contacts: for customers, a collection of people wins).
  let score = 1 + named;
  if (recordName && records.items.name === recordName) score += 8;
  // A shorter path is the collection itself rather than a sub-resource or a search; one below no path parameter is
  // all the records, one below one is an account's (or, further down, another record's: /contacts/{id}/labels).
  // A resource with parents (a board's cards) is at home below them: its path sends them (Asana's
  // GET /projects/{project_gid}/tasks before GET /tasks?project=).
  const variables = segments.filter((s) => s.includes('{')).length;
  score -= segments.length * 0.1 + variables - 2 * Math.min(variables, parents);
  return score;
}

function allEndpoints(resolver: SchemaResolver): Endpoint[] {
  const out: Endpoint[] = [];
  // A path item given by `$ref` is the one it names, read where that is declared.
  for (const item of pathItems(resolver.at([])).sort((a, b) => (a.template < b.template ? -1 : a.template > b.template ? 1 : 0))) {
    for (const method of METHODS) {
      if (!isRaw(item.item[method])) continue;
      out.push(endpoint(resolver, item, method));
    }
  }
  return out;
}

function endpoint(resolver: SchemaResolver, { template: path, item, memberAt }: PathItem, method: string): Endpoint {
  const pointer = memberAt(method);
  const operation = item[method] as Raw;
  const parameters = [...parametersAt(resolver, memberAt('parameters')), ...parametersAt(resolver, [...pointer, 'parameters'])];
  const responses = isRaw(operation.responses) ? operation.responses : {};
  const statuses = Object.keys(responses).filter((code) => /^2\d\d$/.test(code)).map(Number).sort((a, b) => a - b);
  const first = statuses[0];
  const json = (types: string[]) => types.find((t) => /json/i.test(t)) ?? types[0];
  const responsePointer = first === undefined ? undefined : mediaSchemaPointer(resolver, [...pointer, 'responses', String(first)], json);
  const answer = first === undefined ? undefined : followRef(resolver, [...pointer, 'responses', String(first)]);
  const headers = isRaw(answer?.headers) ? Object.keys(answer.headers) : [];
  const result: Endpoint = {
    method: method.toUpperCase(),
    path,
    pointer,
    parameters,
    statuses,
    response: responsePointer ? resolver.node(responsePointer) : undefined,
    responseExamples: responsePointer ? mediaExamples(resolver, responsePointer.slice(0, -1)) : [],
    responseHeaders: headers,
    request: undefined,
  };
  const pick = (types: string[]) => types.find((t) => /json/i.test(t)) ?? types.find((t) => /x-www-form-urlencoded/i.test(t)) ?? types.find((t) => /multipart/i.test(t));
  const requestPointer = mediaSchemaPointer(resolver, [...pointer, 'requestBody'], pick);
  if (requestPointer) {
    const mediaType = String(requestPointer[requestPointer.length - 2]);
    const encoding = /json/i.test(mediaType) ? 'json' : /multipart/i.test(mediaType) ? 'multipart' : 'form';
    result.request = { encoding, schema: resolver.node(requestPointer), examples: mediaExamples(resolver, requestPointer.slice(0, -1)) };
  }
  return result;
}

function followRef(resolver: SchemaResolver, pointer: (string | number)[]): Raw | undefined {
  const { raw } = resolver.followed(pointer);
  return isRaw(raw) ? raw : undefined;
}

function parametersAt(resolver: SchemaResolver, pointer: (string | number)[]): Parameter[] {
  const list = resolver.at(pointer);
  if (!Array.isArray(list)) return [];
  return list.flatMap((_, i) => {
    const raw = followRef(resolver, [...pointer, i]);
    if (!raw || typeof raw.name !== 'string' || typeof raw.in !== 'string') return [];
    const schemaPointer = isRaw(raw.schema) ? findPointer(resolver, [...pointer, i], raw) : undefined;
    return [{ name: raw.name, in: raw.in as Parameter['in'], required: raw.required === true, schema: schemaPointer ? resolver.node(schemaPointer) : undefined, example: raw.example === null ? undefined : structuredClone(raw.example), ...(typeof raw.description === 'string' ? { description: raw.description } : {}) }];
  });
}

/** The pointer of a parameter's schema, through a parameter `$ref`. */
function findPointer(resolver: SchemaResolver, pointer: (string | number)[], raw: Raw): (string | number)[] {
  const at = resolver.at(pointer);
  if (isRaw(at) && typeof at.$ref === 'string' && at.$ref.startsWith('#/')) {
    const target = at.$ref.slice(2).split('/').map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'));
    return findPointer(resolver, target, raw);
  }
  return [...pointer, 'schema'];
}

/**
 * A media type's examples, copied: the document is frozen, and the cases made
 * from them are the drafter's to change. A null `example` (HubSpot writes one
 * on every answer) or example value is no example.
 */
/** The examples a media type gives (`example`, or each of `examples`), copied. */
export function mediaExamples(resolver: SchemaResolver, mediaPointer: (string | number)[]): unknown[] {
  const media = resolver.at(mediaPointer);
  if (!isRaw(media)) return [];
  if (media.example !== undefined && media.example !== null) return [structuredClone(media.example)];
  if (isRaw(media.examples)) {
    return Object.keys(media.examples)
      .map((key) => followRef(resolver, [...mediaPointer, 'examples', key]))
      .filter((e): e is Raw => e !== undefined && e.value !== undefined && e.value !== null)
      .map((e) => structuredClone(e.value));
  }
  return [];
}

/** A schema and, for a oneOf/anyOf, each of its alternatives: an answer may take any of the shapes. */
export function shapesOf(node: SchemaNode): SchemaNode[] {
  return [node, ...(node.anyOf ?? []).flatMap((alternative) => shapesOf(alternative))];
}

/**
 * Where an answer holds an array of objects (the body itself, or a member up
 * to three levels down): every such place, across the answer's alternative
 * shapes, holding the same record schema as the first found.
 */
export function arrayOfObjects(node: SchemaNode, recordName?: string): { path: string[]; paths: string[][]; items: SchemaNode } | undefined {
  const queue: { node: SchemaNode; path: string[] }[] = shapesOf(node).map((shape) => ({ node: shape, path: [] }));
  const found: { path: string[]; items: SchemaNode }[] = [];
  while (queue.length > 0) {
    const { node: current, path } = queue.shift()!;
    const items = current.items;
    if (current.type === 'array' && items && (items.type === 'object' || items.properties.size > 0)) found.push({ path, items });
    if (path.length < 3) for (const [name, child] of current.properties) for (const shape of shapesOf(child)) queue.push({ node: shape, path: [...path, name] });
  }
  const first = found.find((f) => !recordName || f.items.name === recordName) ?? found[0];
  if (!first) return undefined;
  // An envelope (where paging information lives) before a bare array: the first path is the one paging follows.
  const same = found.filter((f) => sameSchema(f.items, first.items)).sort((a, b) => (a.path.length === 0 ? 1 : 0) - (b.path.length === 0 ? 1 : 0));
  return { path: same[0]!.path, paths: same.map((f) => f.path), items: first.items };
}

/**
 * Where `record` sits in an answer: the body itself or a member (`customer`,
 * `data`), up to three levels down. The record with members of its own
 * (Intercom's ShowContact: `allOf: [contact]` and `enabled_push_messaging`)
 * is the record too: the merged schema has neither its name nor its pointer,
 * but every member of the record, the very same schemas.
 */
export function pathTo(node: SchemaNode, record: SchemaNode): string[] | undefined {
  const holdsRecord = (a: SchemaNode) =>
    record.properties.size > 0 &&
    [...record.properties].every(([name, member]) => {
      const held = a.properties.get(name);
      return held !== undefined && sameSchema(held, member);
    });
  const same = (a: SchemaNode) => sameSchema(a, record) || holdsRecord(a);
  const queue: { node: SchemaNode; path: string[] }[] = shapesOf(node).map((shape) => ({ node: shape, path: [] }));
  while (queue.length > 0) {
    const { node: current, path } = queue.shift()!;
    if (same(current)) return path;
    // A record answered as the one element of an array member (Zoho's `{ "data": [record] }`) is at `data.0`.
    if (current.type === 'array' && current.items && path.length > 0) for (const shape of shapesOf(current.items)) queue.push({ node: shape, path: [...path, '0'] });
    if (path.length < 3) for (const [name, child] of current.properties) for (const shape of shapesOf(child)) queue.push({ node: shape, path: [...path, name] });
  }
  return undefined;
}

function largestObject(node: SchemaNode): SchemaNode | undefined {
  let best: SchemaNode | undefined = node.properties.size > 0 ? node : undefined;
  for (const child of node.properties.values()) if (child.properties.size > (best?.properties.size ?? 0)) best = child;
  return best;
}

/** Where a create's answer gives the new record's id, when the answer is not the record itself. */
export type AnsweredId = { path: string[] } | { header: string; lastSegment: boolean };

/**
 * Where a write's answer gives the new id when it does not answer the record:
 * a member of the answer named as the record's id (`data.id`, `result.id`, up
 * to two objects down), else a header the answer declares for it
 * (`Resource-ID`, `X-Object-Id`), else the `Location` it declares, whose last
 * segment is the id.
 */
export function answeredId(endpoint: Endpoint, idName: string): AnsweredId | undefined {
  const found = endpoint.response ? idMemberPath(endpoint.response, idName, []) : undefined;
  if (found) return { path: found };
  const header = endpoint.responseHeaders.find((name) => /(^|[-_])id$/i.test(name));
  if (header) return { header, lastSegment: false };
  const location = endpoint.responseHeaders.find((name) => name.toLowerCase() === 'location');
  return location ? { header: location, lastSegment: true } : undefined;
}

/**
 * Where an answer holds the new id: a member named for it, two objects deep
 * at most, or in the one element of an array member (Zoho's
 * `data.0.details.id`). Each alternative of a `oneOf` on its own, an error's
 * last: the members of `oneOf: [answer, exception]` taken together put the
 * exception's `details` beside the answer's `data`.
 */
function idMemberPath(node: SchemaNode, idName: string, path: string[]): string[] | undefined {
  const errorLike = (shape: SchemaNode) => (/error|exception|fault/i.test(shape.name ?? '') ? 1 : 0);
  // The alternatives alone where there are some: the node itself unites their members.
  const shapes = node.anyOf?.length ? node.anyOf.flatMap((alternative) => shapesOf(alternative)) : [node];
  for (const shape of shapes.sort((a, b) => errorLike(a) - errorLike(b))) {
    for (const name of [idName, 'id']) {
      const member = shape.properties.get(name);
      if (member && (member.type === 'string' || member.type === 'integer' || member.type === 'number')) return [...path, name];
    }
    if (path.filter((segment) => segment !== '0').length >= 2) continue;
    for (const [name, member] of shape.properties) {
      const inner = member.type === 'array' ? member.items : member;
      if (!inner || (inner.type !== 'object' && inner.properties.size === 0 && !inner.anyOf)) continue;
      const found = idMemberPath(inner, idName, member.type === 'array' ? [...path, name, '0'] : [...path, name]);
      if (found) return found;
    }
  }
  return undefined;
}
