/**
 * The unified API as the generator understands it, read from the spec: its
 * resources (a collection path whose GET answers `data: [<record>]`, and the
 * item path below it), their operations and what kind each is, the record
 * schema, envelopes, and every named schema they reach. Nothing here is
 * hard-coded about any resource; paths outside every resource are left out.
 */

import { GenerationError, type Diagnostic } from '../diagnostics.js';
import type { OpenApiSource } from '../parse/openapi.js';
import type { OperationKind, UnifiedIR, UnifiedOperation, UnifiedParam, UnifiedResource } from './model.js';
import { mediaSchemaPointer, resolverOf, type SchemaResolver, type SchemaNode } from './schema.js';

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The unified IR of each document this process has read, by folder. The
 * document cache (parse/openapi.ts) hands back the same frozen source for an
 * unchanged spec, so a `--watch` session or a test run that generates many
 * times reads each unified API once; the stages only read the IR.
 */
const built = new WeakMap<OpenApiSource, Map<string, UnifiedIR>>();

export function buildUnifiedIR(spec: OpenApiSource, folder = ''): UnifiedIR {
  const byFolder = built.get(spec) ?? new Map<string, UnifiedIR>();
  built.set(spec, byFolder);
  const kept = byFolder.get(folder);
  if (kept) return kept;
  const unified = readUnifiedApi(spec, folder);
  byFolder.set(folder, unified);
  return unified;
}

/**
 * Each collection's resource name: its last literal segment (`contacts` of
 * `/crm/contacts`; the envelope's `resource` example is not reliable, a spec
 * copies it between resources). A list scoped by a parameter at its end
 * (`/hris/payrolls/employees/{employee_id}`, an employee's payrolls) would
 * take the name of what scopes it, another resource's: where names meet,
 * such a collection is named by its list operation instead
 * (`employeePayrollsAll` → `employee-payrolls`). Names that still meet are
 * refused, naming both paths: one name would stand for two resources.
 */
function resourceNames(collections: ReadonlyMap<string, unknown>, operations: readonly UnifiedOperation[], spec: OpenApiSource, problems: Diagnostic[]): Map<string, string> {
  const literal = (path: string) => path.split('/').filter((segment) => segment && !segment.startsWith('{')).pop() ?? path;
  const names = new Map([...collections.keys()].map((path) => [path, literal(path)] as const));
  const taken = (name: string, path: string) => [...names].some(([other, its]) => other !== path && its === name);
  for (const path of collections.keys()) {
    if (!path.endsWith('}') || !taken(names.get(path)!, path)) continue;
    const list = operations.find((operation) => operation.collectionPath === path && operation.kind === 'list');
    if (list) names.set(path, list.id.replace(/All$/, '').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`));
  }
  for (const [path, name] of names) {
    const other = [...names].find(([its, n]) => its < path && n === name);
    if (other) problems.push(spec.source.diagnostic(['paths', path], { code: 'invalid-spec', message: `${path} and ${other[0]} would both be the resource '${name}'`, hint: 'give one of them a list operation named after what it lists (`<resource>All`), or a collection path of its own' }));
  }
  return names;
}

function readUnifiedApi(spec: OpenApiSource, folder: string): UnifiedIR {
  const document = spec.document;
  const resolver = resolverOf(spec);
  const problems: Diagnostic[] = [];
  const paths = isRaw(document.paths) ? document.paths : {};

  // The collections are the paths whose GET answers `data: [<named record>]`; every resource starts from one.
  const collections = new Map<string, { record: SchemaNode; resource: string | undefined }>();
  for (const [path, item] of Object.entries(paths)) {
    const get = isRaw(item) ? item.get : undefined;
    if (!isRaw(get) || typeof get.operationId !== 'string') continue;
    const responses = isRaw(get.responses) ? get.responses : {};
    const success = Object.keys(responses).filter((code) => /^2\d\d$/.test(code)).sort()[0];
    const pointer = success ? successSchemaPointer(resolver, ['paths', path, 'get', 'responses', success]) : undefined;
    const answer = pointer ? resolver.node(resolver.resolvePointer(pointer).pointer) : undefined;
    const record = answer?.properties.get('data')?.items;
    if (record?.name) collections.set(path, { record, resource: exampleOf(answer!.properties.get('resource')) });
  }

  const operations: UnifiedOperation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isRaw(item)) continue;
    // An operation on a collection or on one item of it; any other path belongs to no resource and is left out.
    const parent = path.replace(/\/\{[^}/]+\}$/, '');
    const collectionPath = collections.has(path) ? path : parent !== path && collections.has(parent) ? parent : undefined;
    if (!collectionPath) continue;
    for (const method of methods) {
      const operation = item[method];
      if (!isRaw(operation) || typeof operation.operationId !== 'string') continue;
      const where = ['paths', path, method];
      const kind = operationKind(method, path === collectionPath);
      if (!kind) {
        problems.push(spec.source.diagnostic(where, { code: 'invalid-spec', message: `cannot tell what ${method.toUpperCase()} ${path} does (list, get, create, update or delete)` }));
        continue;
      }
      const responses = isRaw(operation.responses) ? operation.responses : {};
      const success = Object.keys(responses).filter((code) => /^2\d\d$/.test(code)).sort()[0];
      if (!success) {
        problems.push(spec.source.diagnostic([...where, 'responses'], { code: 'invalid-spec', message: `${operation.operationId} has no 2xx response` }));
        continue;
      }
      const responseSchemaPointer = successSchemaPointer(resolver, [...where, 'responses', success]);
      const responseSchema = responseSchemaPointer ? resolver.resolvePointer(responseSchemaPointer) : undefined;
      if (!responseSchema?.name) {
        problems.push(spec.source.diagnostic([...where, 'responses', success], { code: 'invalid-spec', message: `${operation.operationId}'s ${success} response needs a named JSON schema ($ref to components.schemas)` }));
        continue;
      }
      const responseNode = resolver.node(responseSchema.pointer);
      const envelopeName = exampleOf(responseNode.properties.get('operation')) ?? operation.operationId.replace(/^[a-z]+(?=[A-Z])/, '').toLowerCase();
      const params: UnifiedParam[] = [];
      const rawParams = [...(Array.isArray(item.parameters) ? item.parameters : []), ...(Array.isArray(operation.parameters) ? operation.parameters : [])];
      rawParams.forEach((_, index) => {
        const base = index < (Array.isArray(item.parameters) ? item.parameters.length : 0) ? ['paths', path, 'parameters', index] : [...where, 'parameters', index - (Array.isArray(item.parameters) ? item.parameters.length : 0)];
        const resolved = resolver.resolvePointer(base);
        const param = resolver.at(resolved.pointer);
        if (!isRaw(param) || (param.in !== 'path' && param.in !== 'query')) return; // header plumbing of the hosted API
        params.push({
          name: String(param.name),
          in: param.in,
          required: param.required === true,
          schema: resolver.node([...resolved.pointer, 'schema']),
          description: typeof param.description === 'string' ? param.description : undefined,
        });
      });
      const bodyPointer = requestBodySchemaPointer(resolver, [...where, 'requestBody']);
      const idParam = path === collectionPath ? undefined : /\{([^}/]+)\}$/.exec(path)![1]!;
      operations.push({
        id: operation.operationId,
        kind,
        envelopeName,
        method: method.toUpperCase(),
        path,
        collectionPath,
        tags: Array.isArray(operation.tags) ? operation.tags.filter((tag): tag is string => typeof tag === 'string') : [],
        summary: typeof operation.summary === 'string' ? operation.summary : undefined,
        successStatus: Number(success),
        params,
        idParam,
        requestBody: bodyPointer ? resolver.node(bodyPointer) : undefined,
        responseSchema: responseSchema.name,
      });
    }
  }

  if (collections.size === 0) {
    problems.push(spec.source.diagnostic(['paths'], { code: 'invalid-spec', message: 'the spec needs a list operation whose response has `data: array of <named record schema>`' }));
  }
  if (problems.length > 0) throw new GenerationError(problems);

  // Paths are a map in the spec: order operations by id so output does not follow key order.
  operations.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const resources: UnifiedResource[] = [];
  const names = resourceNames(collections, operations, spec, problems);
  if (problems.length > 0) throw new GenerationError(problems);
  for (const [collectionPath, { record }] of collections) {
    const own = operations.filter((operation) => operation.collectionPath === collectionPath);
    const weights = record.extensions['x-apideck-weights'];
    resources.push({
      name: names.get(collectionPath)!,
      collectionPath,
      tags: [...new Set(own.flatMap((operation) => operation.tags))].sort(),
      recordName: record.name!,
      record,
      operations: own,
      schemas: reachableSchemas(resolver, own),
      weights: isRaw(weights) ? (Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, String(v)])) as Record<string, string>) : {},
    });
  }
  resources.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.collectionPath < b.collectionPath ? -1 : 1));
  const servers = Array.isArray(document.servers) ? document.servers : [];
  const info = isRaw(document.info) ? document.info : {};
  return {
    file: spec.source.file,
    folder,
    title: typeof info.title === 'string' ? info.title : 'Unified API',
    version: typeof info.version === 'string' ? info.version : '',
    server: isRaw(servers[0]) && typeof servers[0].url === 'string' ? servers[0].url : 'https://localhost',
    resources,
    operations,
  };
}

/** Every named schema an operation's answers, body and parameters reach, by name, sorted. */
function reachableSchemas(resolver: SchemaResolver, operations: UnifiedOperation[]): Map<string, SchemaNode> {
  const schemas = new Map<string, SchemaNode>();
  const visit = (node: SchemaNode | undefined) => {
    if (!node) return;
    if (node.name) {
      if (schemas.has(node.name)) return;
      schemas.set(node.name, node);
    }
    for (const child of node.properties.values()) visit(child);
    visit(node.items);
    if (typeof node.additionalProperties === 'object') visit(node.additionalProperties);
    node.anyOf?.forEach(visit);
  };
  for (const operation of operations) {
    visit(resolver.component(operation.responseSchema));
    visit(operation.requestBody);
    operation.params.forEach((param) => visit(param.schema));
    // Error responses of the operation: the unified error shapes.
    const rawOperation = resolver.at(['paths', operation.path, operation.method.toLowerCase()]) as Raw;
    for (const code of Object.keys(isRaw(rawOperation.responses) ? rawOperation.responses : {})) {
      if (/^2\d\d$/.test(code)) continue;
      const pointer = successSchemaPointer(resolver, ['paths', operation.path, operation.method.toLowerCase(), 'responses', code]);
      if (pointer) visit(resolver.node(pointer));
    }
  }
  return new Map([...schemas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The schemas of these resources together, by name, sorted. */
export function schemasOf(resources: readonly UnifiedResource[]): Map<string, SchemaNode> {
  const all = new Map<string, SchemaNode>();
  for (const resource of resources) for (const [name, node] of resource.schemas) all.set(name, node);
  return new Map([...all.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function operationKind(method: string, onCollection: boolean): OperationKind | undefined {
  const item = !onCollection;
  if (method === 'get') return item ? 'get' : 'list';
  if (method === 'post' && !item) return 'create';
  if ((method === 'patch' || method === 'put') && item) return 'update';
  if (method === 'delete' && item) return 'delete';
  return undefined;
}

function exampleOf(node: SchemaNode | undefined): string | undefined {
  return typeof node?.example === 'string' ? node.example : undefined;
}

/** The JSON schema pointer of a response (following a `$ref` to components.responses). */
function successSchemaPointer(resolver: SchemaResolver, pointer: (string | number)[]): (string | number)[] | undefined {
  return mediaSchemaPointer(resolver, pointer, (types) => types.find((type) => type.includes('json')));
}

function requestBodySchemaPointer(resolver: SchemaResolver, pointer: (string | number)[]): (string | number)[] | undefined {
  return resolver.at(pointer) === undefined ? undefined : successSchemaPointer(resolver, pointer);
}
