/**
 * One provider's connector IR: the mapping checked against the unified
 * spec and the provider's OpenAPI description, every name resolved, every
 * mistake reported with its position. buildConnectorIR below is the order
 * of the checks; each module of this folder holds one concern, its checks
 * taking the ConnectorCheck (check.ts) first:
 *
 *   connection.ts  settings, credentials, templates, base URL, sign-in, the
 *                  headers sent on every request, rate-limit headers
 *   operations.ts  an operation's request: path, query, headers, body
 *                  values, the id it answers, its follow-up (`then`)
 *   requests.ts    a request held to the provider's document: the operation,
 *                  its parameters, fixed values, path parameters, parents
 *   bodies.ts      request bodies: encodings, body values, the schema a
 *                  write fills, the members a create must send
 *   vouched.ts     names the document omits, vouched for under `undocumented`
 *   paging.ts      the pagination IR, its parameters' bounds and types
 *   filters.ts     a list's filters and sort, `where`
 *   search.ts      a list's `search` request body
 *   relations.ts   fields that refer to another resource's record
 *   examples.ts    the examples: operations, connection, links, answers
 */

import type { Diagnostic } from '../../diagnostics.js';
import type { MappingDocument, OperationDocument } from '../../parse/mapping.js';
import type { OpenApiSource } from '../../parse/openapi.js';
import type { YamlSource } from '../../parse/source.js';
import { closest } from '../../runtime/fields.js';
import type { ExerciseCases } from '../exercised.js';
import { resolveFields, type WriteTarget } from '../fields.js';
import type { ConnectorIR, FieldIR, ScalarFieldIR, UnifiedIR, UnifiedResource } from '../model.js';
import { isIdentifier, pascalCase } from '../names.js';
import { AcrossParts } from '../across-parts.js';
import { byName, canonical } from '../order.js';
import { dotPath, formatPath } from '../paths.js';
import { basePathOf, ProviderOperations, similarNames } from '../provider-operations.js';
import { checkErrorMessagePaths, checkResponsePaths } from '../responses.js';
import { resolverOf, sameSchema, type SchemaNode } from '../schema.js';
import { storedValues } from '../storage.js';
import { checkBodyValues, checkPatchPaths, checkRequiredRequestFields, writeTarget } from './bodies.js';
import type { ConnectorCheck } from './check.js';
import { checkRateLimitHeaders, connectionIR, reportConnectionHeaders } from './connection.js';
import { examplesIR } from './examples.js';
import { checkWhere, filterQueryNames, listFiltersIR } from './filters.js';
import { operationIR } from './operations.js';
import { checkPagingBounds, checkPagingTypes, listAnswer, paginationIR, paginationQuery, queryParameterSchema } from './paging.js';
import { relationsOf } from './relations.js';
import { checkParentPlacements } from './requests.js';

export { tokenPath } from './paging.js';

export interface ConnectorInputs {
  mapping: MappingDocument;
  mappingSource: YamlSource;
  provider: OpenApiSource;
  unified: UnifiedIR;
  /** The resource of the unified API this mapping (or this section of it) maps. */
  resource: UnifiedResource;
  /** The connector's folder below the output folder. */
  folder: string;
  /** Set for a section of a mapping that maps several resources: the stem names it too (`HubspotContacts`). */
  section: string | undefined;
  hooksFile: string | undefined;
  /** The names the hooks module exports (read off its text), when there is one. */
  hookExports?: ReadonlySet<string>;
  /**
   * The example cases the connection's alternatives (auth methods, error
   * messages and statuses) must be reached by, with their place in the file:
   * by default this mapping's own; `null` when another part of the same
   * mapping file checks them (a mapping of several resources checks its
   * connection once, over the cases of every section).
   */
  exercise?: ExerciseCases | null;
  /** Where to put what is worth saying but not refusing (a probable misspelling an open answer schema lets through). */
  warnings?: Diagnostic[];
  /**
   * The methods each operation of the whole mapping signs in with where not
   * all of them: filled by each part of a mapping of several resources, and
   * read by the part that checks the examples (by default, this part's own).
   */
  signInByOperation?: Map<string, number[]>;
  /**
   * Where the checks of what the parts of a mapping of several resources
   * share (its connection, its `errors`) gather each part's findings, to
   * report once when every part is built (`report()`, by the caller). By
   * default this part's own, reported before it returns.
   */
  acrossParts?: AcrossParts;
}


export function buildConnectorIR(inputs: ConnectorInputs, problems: Diagnostic[]): ConnectorIR | undefined {
  const { mapping, mappingSource: source, provider, unified, resource } = inputs;
  const before = problems.length;
  const report = (path: (string | number)[], code: Diagnostic['code'], message: string, hint?: string, target: 'key' | 'value' = 'value') =>
    problems.push(source.diagnostic(path, { code, message, ...(hint ? { hint } : {}) }, target));
  const resolver = resolverOf(provider);
  /** What generates on the mapping's word where the provider's document is silent. */
  const trusted: Diagnostic[] = [];
  const providerOperations = new ProviderOperations(resolver, provider.source.file, basePathOf(mapping.connection.base_url.replace(/\{settings\.[^}]*\}/g, '{}')), basePathOf(mapping.connection.base_url));

  const typeStem = pascalCase(inputs.section ? `${mapping.service}-${inputs.section}` : mapping.service);
  if (!isIdentifier(typeStem)) report(['service'], 'invalid-identifier', `service '${mapping.service}' does not give a usable type name`, 'start with a letter');

  const connection = connectionIR({ mapping, source, provider, resolver, report, trusted });
  const { settings, credentials, settingNames, baseUrl, auth, signInCheck, headers } = connection;

  // ---- errors, rate limits, pagination --------------------------------------------------
  const statusTypes = Object.entries(mapping.errors?.status ?? {})
    .map(([status, type]) => ({ status: Number(status), type }))
    .sort((a, b) => a.status - b.status);
  const errors = { messagePaths: (mapping.errors?.message ?? []).map(dotPath), statusTypes };
  const pagination = paginationIR(mapping);

  // ---- the provider record -------------------------------------------------------------------
  const record = resolver.component(mapping.record);
  if (!record) {
    const names = resolver.componentNames();
    const near = closest(mapping.record, names);
    const alike = similarNames(mapping.record, names);
    report(['record'], 'unknown-provider-field', `'${mapping.record}' is not a schema of ${provider.source.file}`, near ? `did you mean '${near}'?` : alike.length > 0 ? `schemas with a similar name: ${alike.join(', ')}` : `${names.length} schemas, none named like it; the record is the schema of one item the list answers`);
    // The operations are not read without a record: the connection's own templates are all there is to say.
    connection.reportUndeclaredNames();
    return undefined;
  }

  const check: ConnectorCheck = {
    mapping,
    source,
    provider,
    unified,
    resolver,
    providerOperations,
    record,
    problems,
    report,
    trusted,
    template: connection.template,
    signInCheck,
    signInHeaders: connection.signInHeaders,
    connectionHeaders: headers,
    connectionHeadersChecked: new Set(),
    basePathValuesChecked: new Set(),
    connectionHeadersUndeclared: new Map(),
  };

  // ---- operations -----------------------------------------------------------------------------
  const unifiedIds = resource.operations.map((o) => o.id);
  for (const key of Object.keys(mapping.operations)) {
    if (!unifiedIds.includes(key)) {
      const near = closest(key, unifiedIds);
      report(['operations', key], 'unknown-operation', `'${key}' is not an operation of ${unified.file}`, `${near ? `did you mean '${near}'? ` : ''}operations: ${unifiedIds.join(', ')}`, 'key');
    }
  }
  const operations: ConnectorIR['operations'] = [];
  const writes: WriteTarget[] = [];
  for (const operation of resource.operations) {
    const document = mapping.operations[operation.id];
    if (document === undefined) {
      // One the file maps but the schema refused (a path not starting with '/') is reported as that refusal alone.
      if (source.span(['operations', operation.id]) === undefined) report(['operations'], 'unknown-operation', `operation '${operation.id}' of the spec is not mapped`, `map it, or declare \`${operation.id}: unsupported\``, 'key');
      continue;
    }
    if (document === 'unsupported') {
      operations.push({ id: operation.id, unified: operation, unsupported: true });
      continue;
    }
    const at = ['operations', operation.id];
    const idempotent = operation.kind === 'create' && mapping.connection.idempotency_key !== undefined;
    const ir = operationIR(check, operation, document, at, operation.kind === 'list' ? [...paginationQuery(mapping.pagination), ...filterQueryNames(document, at)] : filterQueryNames(document, at), idempotent);
    if (!ir) continue;
    ir.unified = operation;
    ir.listFilters = listFiltersIR(check, operation, document, at);
    operations.push(ir);
    if (operation.kind === 'update' && inputs.warnings) checkReplacingUpdate(check, document, at, inputs.warnings);
    if (operation.kind === 'list') {
      const lookup = providerOperations.find(document.method, document.path);
      if ('found' in lookup) {
        checkPagingBounds(check, lookup.found);
        const { found } = lookup;
        const answer = listAnswer(check, found, document.status);
        checkPagingTypes(check, answer, (name) => queryParameterSchema(check, found, name), `${found.method} ${found.specPath} in ${provider.source.file}`, 'query parameter');
      }
    }
    // A `pagination` the schema refused (and reported) is no missing one.
    if (operation.kind === 'list' && !mapping.pagination && source.span(['pagination']) === undefined) report(at, 'schema', `${operation.id} needs a top-level \`pagination\` (use \`type: none\` when the provider returns everything at once)`);
    if (operation.kind === 'list' && ir.recordsPaths.length === 0) report(at, 'schema', `${operation.id} needs \`records\`: where the array of records is in the answer`);
    if (ir.where.length > 0 && operation.kind !== 'list' && operation.kind !== 'get') report([...at, 'where'], 'schema', `\`where\` filters lists and gets; ${operation.id} is a ${operation.kind}`);
    else checkWhere(check, ir.where, [...at, 'where']);
    if (operation.kind === 'get' && !ir.recordPath) report(at, 'schema', `${operation.id} needs \`record\`: where the record is in the answer ('$' for the whole body)`);
    if (operation.kind === 'create' && !ir.idPath && !ir.idHeader && !ir.followUp?.idPath && typeof document.id !== 'object') report(at, 'schema', `${operation.id} needs \`id\` (where the new id is in the answer) or a \`then\` lookup with an \`id\``, createdIdHint(check, document));
    if ((operation.kind === 'create' || operation.kind === 'update') && !ir.body) report(at, 'schema', `${operation.id} sends a record: declare its \`body\``);
    if (ir.body?.encoding === 'json-patch' && operation.kind !== 'update') report([...at, 'body', 'encoding'], 'schema', `a JSON Patch changes a record that exists: \`encoding: json-patch\` is for updates, and ${operation.id} is a ${operation.kind}`, 'use `encoding: json`');
    if (ir.body?.encoding === 'json-patch' && ir.body.wrap !== undefined) report([...at, 'body', 'wrap'], 'schema', 'a JSON Patch body is a list of operations and cannot be wrapped', 'drop `wrap`; field paths point into the record the patch applies to');
    const lookup = providerOperations.find(document.method, document.path);
    let wire: SchemaNode | undefined;
    if (ir.body && (operation.kind === 'create' || operation.kind === 'update')) {
      const target = writeTarget(check, operation.id, document, ir.body, at);
      ir.requestSchema = target.schema;
      if (target.patch) ir.body.patch = target.patch.ops;
      wire = target.wire;
      writes.push(target);
      // A value the request schema types as a number is sent as one (settings are strings); a list's elements, by its items.
      for (const value of ir.body.values) {
        const member = target.schema.properties.get(value.name);
        const sent = value.list ? member?.items : member;
        value.numeric = sent?.type === 'integer' || sent?.type === 'number';
      }
      if ('found' in lookup) checkBodyValues(check, target.wire, ir.body.encoding, ir.body.values, document.undocumented, at, `the ${operation.id} request`, lookup.found);
    }
    if ('found' in lookup) checkParentPlacements(check, operation, ir, lookup.found, wire, at);
  }

  connection.reportUndeclaredNames();
  const across = inputs.acrossParts ?? new AcrossParts();
  reportConnectionHeaders(check, across);
  const signInByOperation = signInCheck.finish(across);
  for (const [operation, methods] of signInByOperation) inputs.signInByOperation?.set(operation, methods);
  checkRateLimitHeaders(check);
  const responseCheck = { mapping, source, resolver, operations: providerOperations, providerFile: provider.source.file, problems, trusted, record };
  checkResponsePaths(responseCheck);
  const refusedMessagePaths = checkErrorMessagePaths(responseCheck, across);
  if (!inputs.acrossParts) across.report();

  // ---- fields ---------------------------------------------------------------------------------
  const fields = resolveFields(mapping.fields, {
    source,
    problems,
    unified: resource.record,
    providerRead: record,
    writes,
    at: ['fields'],
    settings: settingNames,
    settingsSpeltOtherwise: new Set([...connection.misnamed].filter(([declared]) => declared.startsWith('settings.')).map(([, used]) => used)),
    hasHooks: inputs.hooksFile !== undefined,
    hooks: inputs.hooksFile !== undefined && inputs.hookExports ? { file: inputs.hooksFile, exports: inputs.hookExports } : undefined,
    trusted,
  });
  checkRequiredRequestFields(check, writes, fields, operations);
  checkPatchPaths(check, writes, fields, operations);
  if (inputs.warnings) checkCreatedIds(check, operations, fields, inputs.warnings);
  const relations = relationsOf(mapping.fields, unified, report);
  for (const operation of operations) {
    if (!('unsupported' in operation) && operation.body && (operation.unified.kind === 'create' || operation.unified.kind === 'update')) operation.stores = storedValues(fields, operation.id);
  }

  const examples = examplesIR(check, connection, inputs, signInByOperation, refusedMessagePaths);

  if (problems.length > before) return undefined;

  return {
    service: mapping.service,
    name: mapping.name,
    description: mapping.description,
    typeStem,
    folder: inputs.folder,
    files: { mapping: source.file, providerSpec: provider.source.file, hooks: inputs.hooksFile },
    baseUrl: baseUrl!,
    settings,
    credentials,
    auth,
    signInByOperation: byName([...signInByOperation]).map(([operation, methods]) => ({ operation, methods })),
    headers,
    idempotencyHeader: mapping.connection.idempotency_key?.header,
    errors,
    // The headers only: why an undocumented one is trusted is for the checker and the README's notes.
    rateLimit: mapping.rate_limit ? canonical({ ...(mapping.rate_limit.reset ? { reset: mapping.rate_limit.reset } : {}), ...(mapping.rate_limit.remaining !== undefined ? { remaining: mapping.rate_limit.remaining } : {}) }) : undefined,
    pagination,
    operations,
    resource,
    recordName: mapping.record,
    record,
    fields,
    providerSchemas: namedSchemas([record, ...writes.map((w) => w.wire ?? w.schema)]),
    examples,
    trusted,
    relations,
  };
}

/** Named schemas reachable from `roots`, sorted by name: what the provider types file declares. */
function namedSchemas(roots: SchemaNode[]): Map<string, SchemaNode> {
  const found = new Map<string, SchemaNode>();
  const seen = new Set<SchemaNode>();
  const visit = (node: SchemaNode | undefined) => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    if (node.name) found.set(node.name, node);
    for (const child of node.properties.values()) visit(child);
    visit(node.items);
    if (typeof node.additionalProperties === 'object') visit(node.additionalProperties);
    node.anyOf?.forEach(visit);
  };
  roots.forEach(visit);
  return new Map([...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** What a document says of a request that replaces the whole record: members left out are cleared. */
const REPLACES = [
  /\breplac(?:e|es|ing)\b[^.]*\b(?:record|resource|object|entity|customer|contact|user|person|company|whole|entire|all|existing)\b/i,
  /\boverwrit(?:e|es|ing|ten)\b/i,
  /\b(?:full|complete|whole)[- ](?:update|replacement)\b/i,
  /\b(?:fields?|members?|attributes?|properties|values?)\b[^.]{0,60}\b(?:not (?:sent|included|provided|specified|supplied|present)|omitted|left out|missing)\b[^.]{0,60}\b(?:null|nulled|removed|cleared|deleted|reset|erased|emptied|defaults?)\b/i,
];
/** …and of one that changes only what is sent, which outweighs the above ("replaces only the fields given"). */
const PARTIAL = /\b(?:partial(?:ly)?|only (?:the )?(?:fields?|members?|attributes?|properties|values?) (?:you )?(?:send|sent|given|provided|specified|supplied|included))\b/i;

/**
 * A unified update sends only the fields the caller gives. A PUT the provider's
 * document describes as replacing the whole record (Help Scout's, Revnue's)
 * clears every member it is not sent: each partial update would erase the
 * rest of the record, and nothing at generation or in the suite shows it.
 * Told only from the document's words, so it is a warning, at the method;
 * where the document has a PATCH on the same path, it names that.
 */
function checkReplacingUpdate(check: ConnectorCheck, document: OperationDocument, at: (string | number)[], warnings: Diagnostic[]): void {
  if (document.method.toUpperCase() !== 'PUT') return;
  const lookup = check.providerOperations.find(document.method, document.path);
  if (!('found' in lookup)) return;
  const { found } = lookup;
  const words = ['summary', 'description'].map((key) => check.resolver.at([...found.pointer, key])).filter((text): text is string => typeof text === 'string');
  const sentences = words.flatMap((text) => text.split(/(?<=[.!?])\s+|\n+/)).map((sentence) => sentence.trim()).filter(Boolean);
  if (sentences.some((sentence) => PARTIAL.test(sentence))) return;
  const said = sentences.find((sentence) => REPLACES.some((pattern) => pattern.test(sentence)));
  if (said === undefined) return;
  const patch = check.providerOperations.find('PATCH', document.path);
  warnings.push(
    check.source.diagnostic([...at, 'method'], {
      code: 'type-mismatch',
      message: `${found.method} ${found.specPath} replaces the whole record, as ${check.provider.source.file} says ("${said.length > 160 ? `${said.slice(0, 157)}…` : said}"), while a unified update sends only the fields it is given: every other member would be cleared at the provider`,
      hint: 'found' in patch ? `map the update to PATCH ${patch.found.specPath}, which the document declares too` : 'if the provider keeps what a PUT leaves out, nothing is wrong; if not, callers must give every field on each update',
    }, 'value'),
  );
}

/**
 * A create's `id` reads the new record's id where the records keep it: the
 * answer's path ends with the provider member the `id` field line reads
 * (`customer.customer_number` for `customer_number`). Elsewhere (`id: name`)
 * the connector answers the name as the id, and nothing else notices; a
 * provider that answers the id under another name is told apart only by the
 * mapping's author, so this is a warning.
 */
function checkCreatedIds(check: ConnectorCheck, operations: ConnectorIR['operations'], fields: readonly FieldIR[], warnings: Diagnostic[]): void {
  const idLine = fields.find((field): field is ScalarFieldIR => field.kind === 'scalar' && field.direction.read && formatPath(field.unified) === 'id');
  if (!idLine || idLine.provider.some((segment) => segment.selector)) return;
  const read = idLine.provider.map((segment) => segment.name);
  for (const operation of operations) {
    if ('unsupported' in operation || operation.unified.kind !== 'create' || !operation.idPath || operation.followUp) continue;
    const tail = operation.idPath.slice(-read.length);
    if (tail.length === read.length && tail.every((name, i) => name === read[i])) continue;
    const place = check.source.diagnostic(['operations', operation.id, 'id'], {
      code: 'type-mismatch',
      message: `${operation.id} reads the new id at '${operation.idPath.join('.')}', but records read their id from '${read.join('.')}' (the \`id\` field line): a create would answer that value as the id`,
      hint: `if the answer holds the record, \`id: ${[...operation.idPath.slice(0, -1), ...read].join('.')}\`; if the provider answers its new id under another name, nothing is wrong`,
    }, 'value');
    warnings.push(place);
  }
}

/**
 * The `id:` line a create without one would write, where its answer holds the
 * record (Gorgias answers the new user): the record's place in the answer and
 * the member the `id` field line reads. Undefined where the answer does not
 * hold the record, or the id line picks an element.
 */
function createdIdHint(check: ConnectorCheck, document: OperationDocument): string | undefined {
  const { providerOperations, record, mapping } = check;
  const idLine = mapping.fields.find((field) => field.unified === 'id' && typeof field.provider === 'string' && !field.provider.includes('['));
  const lookup = providerOperations.find(document.method, document.path);
  if (!idLine || !('found' in lookup)) return undefined;
  const answer = listAnswer(check, lookup.found, document.status ?? [201, 200]);
  // Breadth first, a few members deep: the record itself, or under `data`, `user`, `result.customer`.
  const queue: { node: SchemaNode; path: string[] }[] = answer ? [{ node: answer, path: [] }] : [];
  for (let next = queue.shift(); next; next = queue.shift()) {
    if (sameSchema(next.node, record)) return `the answer holds the record${next.path.length > 0 ? ` at '${next.path.join('.')}'` : ''}: \`id: ${[...next.path, idLine.provider as string].join('.')}\``;
    if (next.path.length < 3) for (const [name, member] of next.node.properties) queue.push({ node: member, path: [...next.path, name] });
  }
  return undefined;
}
