/**
 * `npx generate new <id> --from <provider spec>`: drafts a mapping from a
 * provider's OpenAPI document — the five operations, paging, auth, field
 * lines with their confidence, TODOs for what is left, and one example case
 * per operation — then checks the draft the way `npx generate` would and
 * leaves out any line that does not check, so the draft generates as written.
 */

import { GenerationError, type Diagnostic } from '../diagnostics.js';
import { buildConnectorIR } from '../ir/connector/index.js';
import { closest } from '../runtime/fields.js';
import type { OperationKind, UnifiedIR, UnifiedResource } from '../ir/model.js';
import { singularOf } from '../ir/names.js';
import { resolverOf, syntheticSchema, type SchemaNode } from '../ir/schema.js';
import { checkMapping } from '../parse/mapping.js';
import type { OpenApiSource } from '../parse/openapi.js';
import { pathItems } from '../parse/path-items.js';
import { YamlSource } from '../parse/source.js';
import { draftConnection, draftPaging } from './connection.js';
import { answeredId, assignParents, mappingPath, readEndpoints, type Endpoint } from './endpoints.js';
import { draftErrors } from './errors.js';
import { draftCases, wrapperOf } from './examples.js';
import { draftFields, type FieldLine, type UnifiedFacts } from './fields.js';
import { placeParents, type ParentPlacement } from './parents.js';
import { renderDraft, type MappingDraft } from './render.js';
import { recordNouns } from './words.js';

export type { FieldLine } from './fields.js';

export interface DraftOptions {
  service: string;
  /** The provider document, as `specs/providers/<service>.yaml` will hold it. */
  provider: OpenApiSource;
  unified: UnifiedIR;
  /** How the user named the document (for the header comment). */
  from: string;
  /** The record schema, when the document has several candidates. */
  record?: string;
  /** The unified resource to draft for, when the unified API has several (default: its first). */
  resource?: string;
  /** The unified API other than the default one the draft maps (`mappings/<api>/<service>.yaml`). */
  api?: string;
  /** mappings/schema.json, to check the draft. */
  schemaPath: string;
}

export interface Draft {
  text: string;
  lines: FieldLine[];
  /** Problems the draft still has after leaving out what did not check (none when it generates). */
  problems: Diagnostic[];
  /** The operations drafted as the provider's, with why each other one is left unsupported. */
  supported: string[];
  unsupported: Record<string, string>;
}

export function draftMapping(options: DraftOptions): Draft {
  const { provider, unified } = options;
  const resource = resourceOf(options);
  const resolver = resolverOf(provider);
  refuseWithoutOperations(options);
  const unifiedParents = [...new Set(resource.operations.flatMap((o) => o.params.filter((p) => p.in === 'path' && p.name !== o.idParam).map((p) => p.name)))];
  const endpoints = assignParents(readEndpoints(resolver, recordNouns(resource.name, resource.record.name), options.record, unifiedParents.length), unifiedParents);
  const record = endpoints.record;
  if (!record?.name) {
    const names = resolver.componentNames().sort();
    throw new GenerationError([
      {
        // The document the user named: the copy (or bundle) in specs/providers/ is not written when the draft is refused.
        file: options.from,
        code: 'usage',
        message: options.record ? `--record ${options.record}: there is no such schema under components.schemas` : `cannot tell which component schema is one ${singularOf(resource.name)} record`,
        hint:
          names.length > 0
            ? `${options.record ? (closest(options.record, names) ? `did you mean --record ${closest(options.record, names)}? ` : 'give --record one of its schemas ') : 'name it with --record '}(schemas: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''})`
            : 'the document names no schema under components.schemas: a mapping\'s `record` is one of them, so add the record\'s schema there (or `$ref` its file from there) and name it with --record',
      },
    ]);
  }
  if (!endpoints.list && !endpoints.get && !endpoints.create && !endpoints.update && !endpoints.delete) {
    // Five unsupported operations and no example would be a draft whose generated suite has nothing to replay.
    const found = provider.source.diagnostic(['paths'], {
      code: 'invalid-spec',
      message: `no operation under \`paths\` lists, reads, creates, updates or deletes ${record.name} records`,
      hint: `the draft looks for a GET answering an array of ${record.name} on a path that does not end in a path parameter (GET /${resource.name}, or GET /accounts/{account_id}/${resource.name}), and GET, PATCH or PUT, DELETE on the path below it (/${resource.name}/{id}); ${options.record ? 'check --record names the schema those answer' : 'name the record schema with --record'}`,
    }, 'key');
    throw new GenerationError([atDocument(found, options)]);
  }
  const unwrapped = (endpoint: Endpoint | undefined): SchemaNode | undefined => {
    const request = endpoint?.request;
    if (!request) return undefined;
    return wrapperOf(request.schema, request.encoding !== 'json', endpoints.record)?.record ?? request.schema;
  };
  // Parents a request's path does not hold go where the provider takes them (a query parameter, a body member).
  const byKind = { list: endpoints.list, get: endpoints.get, create: endpoints.create, update: endpoints.update, delete: endpoints.delete };
  const placements = new Map<Endpoint, ParentPlacement>();
  // A request on one record may do without a parent the list takes outside its path (the provider's ids are then its own).
  let listedBy: string[] = [];
  for (const kind of ['list', 'get', 'create', 'update', 'delete'] as const) {
    const endpoint = byKind[kind];
    if (!endpoint) continue;
    const inPath = [...mappingPath(endpoints, endpoint).matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const writes = kind === 'create' || kind === 'update';
    const placed = placeParents(endpoint, kind, unifiedParents.filter((parent) => !inPath.includes(parent)), writes ? unwrapped(endpoint) : undefined, { record: singularOf(resource.name), ignorable: listedBy });
    if (kind === 'list') listedBy = placed.sent;
    placements.set(endpoint, placed);
  }
  const parentQuery = new Map([...placements].flatMap(([endpoint, placed]) => (Object.keys(placed.query).length ? [[endpoint, placed.query] as const] : [])));
  const parentHeaders = new Map([...placements].map(([endpoint, placed]) => [endpoint, placed.headers] as const));
  const connection = draftConnection(resolver, endpoints, parentQuery, parentHeaders, resource.name);
  const { paging, reason: pagingReason } = draftPaging(endpoints.list, endpoints.recordsPath);
  // The record as a write sends it: the request itself, or (JSON:API style) one member of the record.
  const asRecord = (endpoint: Endpoint | undefined): { schema: SchemaNode; from?: string } | undefined => {
    const request = unwrapped(endpoint);
    if (!request) return undefined;
    const from = bodyFrom(record, request);
    return from ? { schema: syntheticSchema({ pointer: request.pointer, type: 'object', properties: new Map([[from, request]]) }), from } : { schema: request };
  };
  const createView = asRecord(endpoints.create);
  const updateView = asRecord(endpoints.update);
  const ids = Object.fromEntries(resource.operations.map((o) => [o.kind, { id: o.id, success: o.successStatus }])) as Record<OperationKind, { id: string; success: number }>;
  const fields = draftFields(record, endpoints.idParameter, { ids: { create: ids.create.id, update: ids.update.id }, ...(createView ? { create: createView.schema } : {}), ...(updateView ? { update: updateView.schema } : {}) }, unifiedFacts(resource.record, recordNouns(resource.name, resource.record.name).own), options.service);

  // A create that answers no record says where the new id is: a member of what it answers, or a header.
  const idProvider = fields.lines.find((l) => l.unified === 'id')?.provider;
  const createdId = endpoints.create && idProvider !== undefined && !endpoints.recordPaths.create ? answeredId(endpoints.create, idProvider) : undefined;
  const operations: MappingDraft['operations'] = {};
  const operationNotes: Record<string, string> = {};
  const kinds = ['list', 'get', 'create', 'update', 'delete'];
  for (const operation of [...resource.operations].sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind))) {
    const endpoint = byKind[operation.kind];
    if (!endpoint) {
      operations[operation.id] = 'unsupported';
      operationNotes[operation.id] = `TODO: no ${operation.kind === 'update' ? 'PATCH or PUT' : operation.method} endpoint found for ${operation.kind === 'list' || operation.kind === 'create' ? 'the collection' : 'one record'}; map it by hand if the provider has one`;
      continue;
    }
    const entry: Record<string, unknown> = { method: endpoint.method, path: mappingPath(endpoints, endpoint) };
    const placed = placements.get(endpoint)!;
    // The record's id where the provider takes it in the query (`GET /customers.info?customer=`).
    const idName = endpoints.idQuery?.get(endpoint);
    const query = { ...connection.query.get(endpoint), ...placed.query, ...(idName !== undefined ? { [idName]: '{path.id}' } : {}) };
    if (Object.keys(query).length) entry.query = query;
    if (Object.keys(placed.ignores).length) entry.ignores = placed.ignores;
    const headers = { ...connection.operationHeaders.get(endpoint), ...placed.headers };
    if (Object.keys(headers).length) entry.headers = headers;
    if ((operation.kind === 'create' || operation.kind === 'update') && endpoint.request) {
      const wrap = wrapperOf(endpoint.request.schema, endpoint.request.encoding !== 'json', endpoints.record);
      const view = operation.kind === 'create' ? createView : updateView;
      const values = { ...settingValues(unwrapped(endpoint), connection.settings.map((s) => s.name)), ...placed.values };
      entry.body = { encoding: endpoint.request.encoding, ...(wrap ? { wrap: wrap.list ? [wrap.name] : wrap.name } : {}), ...(view?.from ? { from: view.from } : {}), ...(Object.keys(values).length ? { values } : {}) };
    }
    if (endpoint.statuses.length) entry.status = endpoint.statuses;
    const dotted = (path: string[]) => (path.length === 0 ? '$' : path.join('.'));
    if (operation.kind === 'list' && endpoints.recordsPaths) entry.records = endpoints.recordsPaths.length === 1 ? dotted(endpoints.recordsPaths[0]!) : endpoints.recordsPaths.map(dotted);
    if (operation.kind === 'get' && endpoints.recordPaths.get) entry.record = dotted(endpoints.recordPaths.get);
    const idLine = fields.lines.find((l) => l.unified === 'id');
    const recordPath = operation.kind === 'create' ? endpoints.recordPaths.create : operation.kind === 'update' ? endpoints.recordPaths.update : undefined;
    if (recordPath && idLine) entry.id = [...recordPath, idLine.provider].join('.');
    else if (operation.kind === 'create' && idLine && createdId) entry.id = 'path' in createdId ? createdId.path.join('.') : { header: createdId.header, ...(createdId.lastSegment ? { last_segment: true } : {}) };
    operations[operation.id] = entry;
    operationNotes[operation.id] = `${endpoint.method} ${endpoint.path} (${String(resolver.at([...endpoint.pointer, 'operationId']) ?? 'no operationId')})`;
  }

  const settings = Object.fromEntries(connection.settings.map((s) => [s.name, s.example]));
  const credentials = Object.fromEntries(connection.credentials.map((c) => [c.name, c.example]));
  const title = typeof (provider.document.info as { title?: unknown } | undefined)?.title === 'string' ? String((provider.document.info as { title: string }).title) : options.service;
  const base: MappingDraft = {
    service: options.service,
    ...(options.api ? { api: options.api, resource: resource.name } : {}),
    name: title.split(/\s+(?:API\b|—|–|-|:)/)[0]!.trim() || options.service,
    description: `${title}, drafted from its OpenAPI document.`,
    from: options.from,
    record: record.name,
    ...(endpoints.alternatives.length
      ? {
          recordNote: `${options.record ? '' : 'TODO: '}${endpoints.list ? `GET ${endpoints.list.path} answers ${record.name} records, mapped here` : `${record.name} is mapped here`}; other collections could hold the ${resource.name}: ${endpoints.alternatives.map((a) => `GET ${a.path} (${a.record})`).join(', ')}. To map one of them, delete this file and draft again from the copied document with --record <Schema>: \`npx generate new ${options.service} --from specs/providers/${options.service}.yaml --record ${endpoints.alternatives[0]!.record}${options.api ? ` --api ${options.api} --resource ${resource.name}` : ''}\`.`,
        }
      : {}),
    connection,
    paging,
    pagingReason,
    operations,
    operationNotes,
    lines: fields.lines,
    guesses: fields.guesses,
    unmatchedUnified: fields.unmatchedUnified,
    unmatchedProvider: fields.unmatchedProvider,
    cases: [],
    notes: [],
  };
  const bodyOf = (id: string) => {
    const entry = operations[id];
    return entry === 'unsupported' || !entry ? undefined : (entry.body as { from?: string; values?: Record<string, string | [string]> } | undefined);
  };
  const bodies = { [ids.create.id]: bodyOf(ids.create.id), [ids.update.id]: bodyOf(ids.update.id) };
  const idParams = Object.fromEntries(resource.operations.map((o) => [o.kind, o.idParam ?? 'id']));
  // Each parent's example: the first a provider parameter or member that takes it gives (else '1').
  const parentValues = Object.fromEntries(unifiedParents.map((parent) => [parent, [...placements.values()].find((placed) => placed.examples[parent] !== undefined)?.examples[parent] ?? '1']));
  // Read off the error answers of the requests a case can make without a body: the get's, the delete's, the list's.
  const errors = draftErrors(resolver, [endpoints.get, endpoints.delete, endpoints.list].filter((e): e is Endpoint => e !== undefined));
  const examples = draftCases({ endpoints, connection, paging, lines: fields.lines, operations: ids, idParams, noun: singularOf(resource.name), exampleSettings: settings, exampleCredentials: credentials, bodies, unified: resource.record, parentQuery, parentValues, ...(errors ? { errors: errors.answers } : {}), ...(createdId ? { createdId } : {}) });
  let draft: MappingDraft = { ...base, ...(errors ? { errors: { message: errors.message, reason: errors.reason } } : {}), cases: examples.cases, notes: examples.notes };

  // Check the draft as `npx generate` would; a field line or case that does not check is left out and named.
  for (let round = 0; ; round++) {
    const rendered = renderDraft(draft);
    const problems = check(rendered.text, options);
    const inSpan = (spans: [number, number][]) => (d: Diagnostic) => spans.findIndex(([from, to]) => d.position !== undefined && d.position.line >= from && d.position.line <= to);
    // An `errors` block that does not check is left out with the cases that show it, and named.
    const errorsSpan = rendered.errorsSpan;
    const badErrors = errorsSpan ? problems.find((d) => d.position !== undefined && d.position.line >= errorsSpan[0] && d.position.line <= errorsSpan[1]) : undefined;
    if (badErrors && round < 8) {
      const shown = new Set(errors?.answers.map((answer) => answer.message));
      const { errors: _left, ...rest } = draft;
      draft = { ...rest, notes: [...draft.notes, `errors.message (${draft.errors!.message.join(', ')}) left out: ${badErrors.message}; read the provider's error answers by hand`], cases: draft.cases.filter((c) => !(isErrorCase(c) && shown.has(c.expect.error.message))) };
      continue;
    }
    const badLines = new Set(problems.map(inSpan(rendered.fieldSpans)).filter((i) => i >= 0));
    const badCases = new Set(problems.map(inSpan(rendered.caseSpans)).filter((i) => i >= 0));
    // An operation that still does not check (a required member nothing writes) is left unsupported, with the reason.
    const badOperations = badLines.size === 0 && badCases.size === 0 ? [...rendered.operationSpans].filter(([id, [from, to]]) => draft.operations[id] !== 'unsupported' && problems.some((d) => d.position && d.position.line >= from && d.position.line <= to)) : [];
    if (badOperations.length > 0 && round < 8) {
      const operations = { ...draft.operations };
      const operationNotes = { ...draft.operationNotes };
      for (const [id, [from, to]] of badOperations) {
        operations[id] = 'unsupported';
        operationNotes[id] = `TODO: ${operationNotes[id]}, left unsupported: ${problems.find((d) => d.position && d.position.line >= from && d.position.line <= to)!.message}`;
      }
      draft = { ...draft, operations, operationNotes, cases: draft.cases.filter((c) => operations[c.operation] !== 'unsupported') };
      continue;
    }
    if (round >= 8 || (badLines.size === 0 && badCases.size === 0)) {
      const ids = Object.keys(draft.operations).sort();
      const supported = ids.filter((id) => draft.operations[id] !== 'unsupported');
      const unsupported = Object.fromEntries(ids.filter((id) => draft.operations[id] === 'unsupported').map((id) => [id, draft.operationNotes[id] ?? 'no operation of the document does it']));
      return { text: rendered.text, lines: draft.lines, problems, supported, unsupported };
    }
    const why = (spans: [number, number][], i: number) => problems.find((d) => inSpan(spans)(d) === i)?.message ?? 'did not check';
    draft = {
      ...draft,
      guesses: [...draft.guesses, ...[...badLines].map((i) => `${describe(draft.lines[i]!)}: left out, ${why(rendered.fieldSpans, i)}`)],
      notes: [...draft.notes, ...[...badCases].map((i) => `example '${draft.cases[i]!.name}' left out: ${why(rendered.caseSpans, i)}`)],
      lines: draft.lines.filter((_, i) => !badLines.has(i)),
      cases: draft.cases.filter((_, i) => !badCases.has(i)),
    };
  }
}

/**
 * A mapping maps the provider's operations, so a document with none under
 * `paths` (OpenAPI 3.1 allows one of `webhooks` or `components` only) has
 * nothing to draft: refused at the document rather than drafted with every
 * operation unsupported and no example to check.
 */
function refuseWithoutOperations(options: DraftOptions): void {
  const { document, source } = options.provider;
  const paths = document.paths;
  const isRaw = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  if (pathItems(document).some(({ item }) => methods.some((m) => isRaw(item[m])))) return;
  const webhooks = isRaw(document.webhooks) && Object.keys(document.webhooks).length > 0;
  const at = paths !== undefined ? ['paths'] : webhooks ? ['webhooks'] : [];
  const found = source.diagnostic(at, {
    code: 'invalid-spec',
    message: `the document has no operations under \`paths\`${webhooks ? ', only `webhooks` (requests the provider sends, not endpoints a connector calls)' : ''}, so there is nothing to map`,
    hint: "draft from the document of the provider's API whose `paths` hold its record endpoints (GET /customers, GET /customers/{id}, …)",
  }, 'key');
  throw new GenerationError([atDocument(found, options)]);
}

/** A refusal at the document the user named: a bundle is removed when the draft is refused, and its positions are not that document's. */
function atDocument(found: Diagnostic, options: DraftOptions): Diagnostic {
  return options.provider.source.file === options.from ? found : { ...found, file: options.from, position: { line: 1, col: 1 } };
}

/**
 * The member of the record a write sends alone, when the request's members
 * are that member's rather than the record's (`attributes` of a JSON:API record).
 */
function bodyFrom(record: SchemaNode, request: SchemaNode): string | undefined {
  const names = [...request.properties.keys()];
  const overlap = (node: SchemaNode) => names.filter((n) => node.properties.has(n)).length;
  const top = overlap(record);
  let best: { name: string; count: number } | undefined;
  for (const [name, member] of record.properties) {
    const count = overlap(member);
    if (count > top && count > (best?.count ?? 0)) best = { name, count };
  }
  return best?.name;
}

/** Request members named as a connection setting (`company`), sent from it on every write. */
function settingValues(request: SchemaNode | undefined, settings: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of request?.properties.keys() ?? []) if (settings.includes(name)) values[name] = `{settings.${name}}`;
  return values;
}

function isErrorCase(example: { expect: Record<string, unknown> }): example is { expect: { error: { message: string } } } {
  const error = example.expect.error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

function describe(line: FieldLine): string {
  return `${Array.isArray(line.unified) ? line.unified.join(' + ') : line.unified} ← ${line.provider}`;
}

function resourceOf(options: DraftOptions): UnifiedResource {
  return options.unified.resources.find((resource) => resource.name === options.resource) ?? options.unified.resources[0]!;
}

function check(text: string, options: DraftOptions): Diagnostic[] {
  const file = `mappings/${options.api ? `${options.api}/` : ''}${options.service}.yaml`;
  try {
    const checked = checkMapping(YamlSource.parse(text, file), options.schemaPath);
    const problems = [...checked.problems];
    buildConnectorIR({ mapping: checked.mapping, mappingSource: checked.source, provider: options.provider, unified: options.unified, resource: resourceOf(options), folder: [options.api, options.service].filter(Boolean).join('/'), section: undefined, hooksFile: undefined }, problems);
    return problems;
  } catch (error) {
    if (error instanceof GenerationError) return [...error.diagnostics];
    throw error;
  }
}

/** The unified record's leaves, read-only members and enums, as the field matcher needs them. */
function unifiedFacts(record: SchemaNode, nouns: string[]): UnifiedFacts {
  const leaves: string[] = [];
  const readOnly = new Set<string>();
  const enums = new Map<string, readonly unknown[]>();
  for (const [name, child] of record.properties) {
    if (child.readOnly) readOnly.add(name);
    if (child.enum) enums.set(name, child.enum);
    const items = child.type === 'array' ? child.items : undefined;
    if (items && items.properties.size > 0) {
      for (const [member, node] of items.properties) {
        leaves.push(`${name}[].${member}`);
        if (node.enum) enums.set(`${name}[].${member}`, node.enum);
      }
    } else leaves.push(name);
  }
  return { leaves, readOnly, enums, record, nouns };
}
