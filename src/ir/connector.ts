/**
 * One provider's connector IR: the mapping checked against the unified
 * spec and the provider's OpenAPI description, every name resolved, every
 * mistake reported with its position.
 */

import type { Diagnostic, DiagnosticCode } from '../diagnostics.js';
import type { FieldDocument, IdHeaderDocument, MappingDocument, OperationDocument, PaginationDocument, SettingDocument, UndocumentedDocument } from '../parse/mapping.js';
import type { OpenApiSource } from '../parse/openapi.js';
import type { YamlSource } from '../parse/source.js';
import { MAX_LIMIT } from '../runtime/connector.js';
import { closest } from '../runtime/fields.js';
import { resolveFields, type WriteTarget } from './fields.js';
import { storedValues } from './storage.js';
import type {
  AuthIR,
  BodyIR,
  ConnectorIR,
  FieldIR,
  FollowUpIR,
  OperationIR,
  PaginationIR,
  SettingIR,
  Template,
  UnifiedIR,
  UnifiedOperation,
  UnifiedResource,
  ListFiltersIR,
} from './model.js';
import { isIdentifier, pascalCase } from './names.js';
import { byName, canonical } from './order.js';
import { dotPath } from './paths.js';
import { basePathOf, ProviderOperations, similarNames, type ProviderOperation } from './provider-operations.js';
import { checkExampleAnswers } from './example-answers.js';
import { checkExamplesExercise, type ExerciseCases } from './exercised.js';
import { checkErrorMessagePaths, checkResponsePaths, pickJson } from './responses.js';
import { SignInCheck } from './security.js';
import { checkBaseUrlAgainstServers, checkSettingsFillServerVariables, type ServerCheck } from './servers.js';
import { describeType, holdsNumbers, integerBounds, mediaSchemaPointer, resolverOf, syntheticSchema, type SchemaNode } from './schema.js';
import { isTemplateError, parseTemplate, templateUses, type TemplateScope } from './templates.js';
import { fitsScalarType, idTargetProblem, jsonParameterValueProblem, literalText, parameterValueProblem, valueProblem } from './values.js';

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
}

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

export function buildConnectorIR(inputs: ConnectorInputs, problems: Diagnostic[]): ConnectorIR | undefined {
  const { mapping, mappingSource: source, provider, unified, resource } = inputs;
  const before = problems.length;
  const report = (path: (string | number)[], code: Diagnostic['code'], message: string, hint?: string, target: 'key' | 'value' = 'value') =>
    problems.push(source.diagnostic(path, { code, message, ...(hint ? { hint } : {}) }, target));
  const resolver = resolverOf(provider);
  /** What generates on the mapping's word where the provider's document is silent. */
  const trusted: Diagnostic[] = [];
  const providerOperations = new ProviderOperations(resolver, provider.source.file, basePathOf(mapping.connection.base_url.replace(/\{settings\.[^}]*\}/g, '{}')));

  const typeStem = pascalCase(inputs.section ? `${mapping.service}-${inputs.section}` : mapping.service);
  if (!isIdentifier(typeStem)) report(['service'], 'invalid-identifier', `service '${mapping.service}' does not give a usable type name`, 'start with a letter');

  // ---- connection ---------------------------------------------------------------------
  const settings = declarations(mapping.connection.settings, false);
  const credentials = declarations(mapping.connection.credentials, true);
  for (const [name, document] of Object.entries(mapping.connection.settings ?? {})) {
    if (document.secret !== undefined) report(['connection', 'settings', name, 'secret'], 'schema', 'a setting is never secret: it goes into URLs and headers, and is not masked', 'declare a secret value under connection.credentials, or drop `secret`', 'key');
  }
  for (const declaration of [...settings, ...credentials]) {
    if (declaration.pattern !== undefined) {
      try {
        new RegExp(declaration.pattern, 'u');
      } catch (error) {
        const kind = settings.includes(declaration) ? 'settings' : 'credentials';
        report(['connection', kind, declaration.name, 'pattern'], 'schema', `invalid regular expression: ${(error as Error).message}`);
      }
    }
  }
  const settingNames = new Set(settings.map((s) => s.name));
  const credentialNames = new Set(credentials.map((c) => c.name));
  const template = (text: string, path: (string | number)[], scopes: TemplateScope[]): Template | undefined => {
    const parsed = parseTemplate(text, scopes);
    if (isTemplateError(parsed)) {
      report(path, 'invalid-template', parsed.error, parsed.hint);
      return undefined;
    }
    for (const part of parsed.parts) {
      if (part.kind === 'settings' && !settingNames.has(part.name)) {
        const near = closest(part.name, [...settingNames]);
        report(path, 'invalid-template', `'{settings.${part.name}}' is not a declared setting`, near ? `did you mean '{settings.${near}}'?` : 'declare it under connection.settings');
      }
      if (part.kind === 'credentials' && !credentialNames.has(part.name)) {
        const near = closest(part.name, [...credentialNames]);
        report(path, 'invalid-template', `'{credentials.${part.name}}' is not a declared credential`, near ? `did you mean '{credentials.${near}}'?` : 'declare it under connection.credentials');
      }
    }
    return parsed;
  };

  const baseUrl = template(mapping.connection.base_url, ['connection', 'base_url'], ['settings']);
  if (baseUrl && !/^https?:\/\//.test(baseUrl.parts[0]?.kind === 'text' ? baseUrl.parts[0].text : '')) {
    report(['connection', 'base_url'], 'invalid-template', 'the base URL must start with https:// (or http://)', 'for example https://{settings.subdomain}.example.com/api');
  }
  const servers: ServerCheck = { servers: Array.isArray(provider.document.servers) ? provider.document.servers.filter(isRaw) : [], file: provider.source.file, settings, settingDocuments: mapping.connection.settings ?? {}, credentialDocuments: mapping.connection.credentials ?? {}, report };
  if (baseUrl) checkSettingsFillServerVariables(baseUrl, servers);
  const auth: AuthIR[] = [];
  mapping.connection.auth.forEach((method, i) => {
    const at = ['connection', 'auth', i];
    const scopes: TemplateScope[] = ['settings', 'credentials'];
    const uses = (...templates: (Template | undefined)[]) => [...new Set(templates.flatMap((t) => (t ? templateUses(t).credentials : [])))];
    const keyValue = (name: string, type: 'header' | 'query', value: string, path: (string | number)[]) => {
      if (!isHeaderName(name)) report([...path, 'name'], 'invalid-identifier', `'${name}' is not a valid ${type === 'header' ? 'header' : 'parameter'} name`);
      return template(value, [...path, 'value'], scopes);
    };
    const keys = (method.with ?? []).flatMap((entry, j) => {
      const value = keyValue(entry.name, entry.type, entry.value, [...at, 'with', j]);
      return value ? [{ type: entry.type, name: entry.name, value }] : [];
    });
    // The `with` keys go on the same request as the method's own credential: each in a place of its own.
    const placeOf = (type: string, name: string) => `${type} ${type === 'header' ? name.toLowerCase() : name}`;
    const taken = new Set([method.type === 'header' || method.type === 'query' ? placeOf(method.type, method.name) : 'header authorization']);
    (method.with ?? []).forEach((entry, j) => {
      const place = placeOf(entry.type, entry.name);
      if (taken.has(place)) report([...at, 'with', j, 'name'], 'duplicate-target', `${entry.type === 'header' ? 'header' : 'query parameter'} '${entry.name}' is sent by this sign-in method already: one ${entry.type === 'header' ? 'header' : 'parameter'}, two values`, 'send each key once');
      taken.add(place);
    });
    const withKeys = keys.length > 0 ? { with: keys } : {};
    const keyUses = keys.map((k) => k.value);
    switch (method.type) {
      case 'basic': {
        const username = template(method.username, [...at, 'username'], scopes);
        const password = template(method.password, [...at, 'password'], scopes);
        if (username && password) auth.push({ type: 'basic', username, password, uses: uses(username, password, ...keyUses), ...withKeys });
        break;
      }
      case 'bearer': {
        const token = template(method.token, [...at, 'token'], scopes);
        if (token) auth.push({ type: 'bearer', token, uses: uses(token, ...keyUses), ...withKeys });
        break;
      }
      case 'header':
      case 'query': {
        const value = keyValue(method.name, method.type, method.value, at);
        if (value) auth.push({ type: method.type, name: method.name, value, uses: uses(value, ...keyUses), ...withKeys });
        break;
      }
    }
  });
  const signInCheck = new SignInCheck(mapping.connection.auth, { resolver, file: provider.source.file, report, trust: (path, message, reason) => trusted.push(source.diagnostic(path, { code: 'trusted', message, hint: reason }, 'key')) });
  // The headers the sign-in methods send: a fixed header of the same name would give one header two values.
  const signInHeaders = new Map<string, string>();
  auth.forEach((method, i) => {
    const header = method.type === 'basic' || method.type === 'bearer' ? 'authorization' : method.type === 'header' ? method.name.toLowerCase() : undefined;
    for (const name of [header, ...(method.with ?? []).filter((k) => k.type === 'header').map((k) => k.name.toLowerCase())]) {
      if (name && !signInHeaders.has(name)) signInHeaders.set(name, `sign-in method ${i + 1} (${method.type})`);
    }
  });
  const checkSignInHeader = (name: string, path: (string | number)[]) => {
    const method = signInHeaders.get(name.toLowerCase());
    if (method) report(path, 'duplicate-target', `header '${name}' is also sent by ${method}: one header, two values`, 'drop it here (the sign-in method sets it), or make it part of the sign-in method', 'key');
  };
  const headers = byName(Object.entries(mapping.connection.headers ?? {})).flatMap(([name, value]) => {
    if (!isHeaderName(name)) report(['connection', 'headers', name], 'invalid-identifier', `'${name}' is not a valid header name`, undefined, 'key');
    if (name.toLowerCase() === 'content-type') report(['connection', 'headers', name], 'schema', 'the Content-Type of a request follows its `body.encoding`; a header here would contradict the body sent', 'set `body.encoding` on the operations that send a body', 'key');
    checkSignInHeader(name, ['connection', 'headers', name]);
    const parsed = template(value, ['connection', 'headers', name], ['settings']);
    return parsed ? [{ name, value: parsed }] : [];
  });
  /** Connection headers whose fixed value an operation's document refused: reported once, at the first. */
  const connectionHeadersChecked = new Set<string>();

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
    return undefined;
  }

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
  /** Connection headers by name → the operations whose document does not declare them. */
  const connectionHeadersUndeclared = new Map<string, string[]>();
  for (const operation of resource.operations) {
    const document = mapping.operations[operation.id];
    if (document === undefined) {
      report(['operations'], 'unknown-operation', `operation '${operation.id}' of the spec is not mapped`, `map it, or declare \`${operation.id}: unsupported\``, 'key');
      continue;
    }
    if (document === 'unsupported') {
      operations.push({ id: operation.id, unified: operation, unsupported: true });
      continue;
    }
    const at = ['operations', operation.id];
    const idempotent = operation.kind === 'create' && mapping.connection.idempotency_key !== undefined;
    const ir = operationIR(operation, document, at, operation.kind === 'list' ? [...paginationQuery(mapping.pagination), ...filterQueryNames(document, at)] : filterQueryNames(document, at), idempotent);
    if (!ir) continue;
    ir.unified = operation;
    ir.listFilters = listFiltersIR(operation, document, at);
    operations.push(ir);
    if (operation.kind === 'list') {
      const lookup = providerOperations.find(document.method, document.path);
      if ('found' in lookup) {
        checkPagingBounds(lookup.found);
        const { found } = lookup;
        checkPagingTypes(listAnswer(found, document.status), (name) => queryParameterSchema(found, name), `${found.method} ${found.specPath} in ${provider.source.file}`, 'query parameter');
      }
    }
    if (operation.kind === 'list' && !mapping.pagination) report(at, 'schema', `${operation.id} needs a top-level \`pagination\` (use \`type: none\` when the provider returns everything at once)`);
    if (operation.kind === 'list' && ir.recordsPaths.length === 0) report(at, 'schema', `${operation.id} needs \`records\`: where the array of records is in the answer`);
    if (ir.where.length > 0 && operation.kind !== 'list' && operation.kind !== 'get') report([...at, 'where'], 'schema', `\`where\` filters lists and gets; ${operation.id} is a ${operation.kind}`);
    else checkWhere(ir.where, [...at, 'where']);
    if (operation.kind === 'get' && !ir.recordPath) report(at, 'schema', `${operation.id} needs \`record\`: where the record is in the answer ('$' for the whole body)`);
    if (operation.kind === 'create' && !ir.idPath && !ir.idHeader && !ir.followUp?.idPath && typeof document.id !== 'object') report(at, 'schema', `${operation.id} needs \`id\` (where the new id is in the answer) or a \`then\` lookup with an \`id\``);
    if ((operation.kind === 'create' || operation.kind === 'update') && !ir.body) report(at, 'schema', `${operation.id} sends a record: declare its \`body\``);
    if (ir.body?.encoding === 'json-patch' && operation.kind !== 'update') report([...at, 'body', 'encoding'], 'schema', `a JSON Patch changes a record that exists: \`encoding: json-patch\` is for updates, and ${operation.id} is a ${operation.kind}`, 'use `encoding: json`');
    if (ir.body?.encoding === 'json-patch' && ir.body.wrap !== undefined) report([...at, 'body', 'wrap'], 'schema', 'a JSON Patch body is a list of operations and cannot be wrapped', 'drop `wrap`; field paths point into the record the patch applies to');
    const lookup = providerOperations.find(document.method, document.path);
    let wire: SchemaNode | undefined;
    if (ir.body && (operation.kind === 'create' || operation.kind === 'update')) {
      const target = writeTarget(operation.id, document, ir.body, at);
      ir.requestSchema = target.schema;
      wire = target.wire;
      writes.push(target);
      // A value the request schema types as a number is sent as one (settings are strings); a list's elements, by its items.
      for (const value of ir.body.values) {
        const member = target.schema.properties.get(value.name);
        const sent = value.list ? member?.items : member;
        value.numeric = sent?.type === 'integer' || sent?.type === 'number';
      }
      if ('found' in lookup) checkBodyValues(target.wire, ir.body.encoding, ir.body.values, document.undocumented, at, `the ${operation.id} request`, lookup.found);
    }
    if ('found' in lookup) checkParentPlacements(operation, ir, lookup.found, wire, at);
  }

  reportConnectionHeaders();
  const signInByOperation = signInCheck.finish();
  for (const [operation, methods] of signInByOperation) inputs.signInByOperation?.set(operation, methods);
  checkRateLimitHeaders();
  const responseCheck = { mapping, source, resolver, operations: providerOperations, providerFile: provider.source.file, problems, trusted };
  checkResponsePaths(responseCheck);
  const refusedMessagePaths = checkErrorMessagePaths(responseCheck);

  // ---- fields ---------------------------------------------------------------------------------
  const fields = resolveFields(mapping.fields, {
    source,
    problems,
    unified: resource.record,
    providerRead: record,
    writes,
    at: ['fields'],
    settings: settingNames,
    hasHooks: inputs.hooksFile !== undefined,
    hooks: inputs.hooksFile !== undefined && inputs.hookExports ? { file: inputs.hooksFile, exports: inputs.hookExports } : undefined,
    trusted,
  });
  checkRequiredRequestFields(writes, fields, operations);
  const relations = relationsOf(mapping.fields, unified, report);
  for (const operation of operations) {
    if (!('unsupported' in operation) && operation.body && (operation.unified.kind === 'create' || operation.unified.kind === 'update')) operation.stores = storedValues(fields, operation.id);
  }

  // ---- examples -------------------------------------------------------------------------------
  let examples: ConnectorIR['examples'];
  if (mapping.examples) {
    // The schema lets `examples` hold only its connection (`cases` is optional there): none is no cases, not a crash.
    const cases = mapping.examples.cases ?? [];
    cases.forEach((example, i) => {
      if (!unifiedIds.includes(example.operation)) {
        const near = closest(example.operation, unifiedIds);
        report(['examples', 'cases', i, 'operation'], 'invalid-example', `'${example.operation}' is not an operation of the spec`, near ? `did you mean '${near}'?` : undefined);
      }
    });
    for (const [kind, names] of [['settings', settingNames], ['credentials', credentialNames]] as const) {
      for (const name of names) {
        const declared = (kind === 'settings' ? settings : credentials).find((d) => d.name === name)!;
        if (declared.required && declared.default === undefined && mapping.examples.connection[kind][name] === undefined) {
          report(['examples', 'connection', kind], 'invalid-example', `the example connection lacks required ${kind === 'settings' ? 'setting' : 'credential'} '${name}'`);
        }
      }
    }
    if (baseUrl) checkBaseUrlAgainstServers(baseUrl, mapping.examples.connection.settings ?? {}, servers);
    const exercise = inputs.exercise === undefined ? { source, cases: cases.map((example, i) => ({ example, at: ['examples', 'cases', i] })) } : inputs.exercise;
    if (exercise) checkExamplesExercise({ mapping, auth, signInByOperation: inputs.signInByOperation ?? signInByOperation, problems, refusedMessagePaths, ...exercise });
    checkExampleLinks(cases);
    checkExampleAnswers({ mapping, source, resolver, operations: providerOperations, providerFile: provider.source.file, record, cases: cases.map((example, i) => ({ example, at: ['examples', 'cases', i] })), problems, warnings: inputs.warnings ?? [] });
    // Example data is compared by value, so emit it in one key order whatever the file says.
    examples = {
      settings: canonical(mapping.examples.connection.settings),
      credentials: canonical(mapping.examples.connection.credentials),
      cases: cases.map((example) => canonical(example)),
    };
  }

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

  // ---- helpers (closures over the mapping) -------------------------------------------------------

  /**
   * A list's `filters` and `sort` against what the unified operation defines
   * (its `filter` object's members, its `sort[by]` values); what a list takes
   * and the mapping does not send on is refused at run time, never dropped.
   */
  function listFiltersIR(operation: UnifiedOperation, document: OperationDocument, at: (string | number)[]): ListFiltersIR | undefined {
    const filterParam = operation.params.find((p) => p.in === 'query' && p.name === 'filter');
    const sortParam = operation.params.find((p) => p.in === 'query' && p.name === 'sort');
    const known = filterParam ? [...filterParam.schema.properties.keys()] : [];
    const sortable = (sortParam?.schema.properties.get('by')?.enum ?? []).filter((v): v is string => typeof v === 'string');
    if (document.filters && !filterParam) report([...at, 'filters'], 'schema', `${operation.id} takes no \`filter\` in ${unified.file}`, 'remove `filters`', 'key');
    if (document.sort && !sortParam) report([...at, 'sort'], 'schema', `${operation.id} takes no \`sort\` in ${unified.file}`, 'remove `sort`', 'key');
    for (const name of Object.keys(document.filters ?? {})) {
      if (filterParam && !known.includes(name)) {
        const near = closest(name, known);
        report([...at, 'filters', name], 'unknown-unified-field', `'${name}' is not a filter of ${operation.id} in ${unified.file}`, `${near ? `did you mean '${near}'? ` : ''}its filters: ${known.join(', ')}`, 'key');
      }
    }
    for (const name of Object.keys(document.sort?.fields ?? {})) {
      if (sortParam && !sortable.includes(name)) {
        const near = closest(name, sortable);
        report([...at, 'sort', 'fields', name], 'unknown-unified-field', `'${name}' is not a sort[by] value of ${operation.id} in ${unified.file}`, `${near ? `did you mean '${near}'? ` : ''}its sort fields: ${sortable.join(', ')}`, 'key');
      }
    }
    for (const [name, value] of Object.entries(document.sort?.query ?? {})) {
      const stray = value.match(/\{(?!field\}|direction\})[^}]*\}/);
      if (stray) report([...at, 'sort', 'query', name], 'invalid-template', `'${stray[0]}' is not a sort placeholder`, 'a sort parameter is built from {field} and {direction}');
      else if (document.sort) checkSortValues(document, document.sort, name, value, at);
    }
    const search = document.search;
    let searchPieces: OperationIR['path'] = [];
    if (search) {
      checkProviderOperation(search.method, search.path, [...at, 'search', 'path'], operation.id);
      // A filtered list is sent as the search alone: a parent its path leaves out would search every parent's records.
      const sent = (searchPieces = pathPieces(search.path, operation, [...at, 'search', 'path']));
      for (const param of operation.params) {
        if (param.in !== 'path' || param.name === operation.idParam || document.ignores?.[param.name] !== undefined) continue;
        if (!sent.some((piece) => piece.kind === 'param' && piece.name === param.name)) report([...at, 'search', 'path'], 'invalid-template', `the search path sends no '{${param.name}}': a filtered or sorted ${operation.id} would answer the records of every ${param.name}, not the one a caller gives (a path parameter of ${operation.path})`, `put '{${param.name}}' where the provider's search takes it`);
      }
      checkSearchBody(search, [...at, 'search'], operation.kind === 'list' ? paginationQuery(mapping.pagination) : [], document.status);
      for (const name of Object.keys(search.filters)) {
        if (!known.includes(name)) {
          const near = closest(name, known);
          report([...at, 'search', 'filters', name], 'unknown-unified-field', `'${name}' is not a filter of ${operation.id} in ${unified.file}`, `${near ? `did you mean '${near}'? ` : ''}its filters: ${known.join(', ')}`, 'key');
        }
      }
      for (const name of Object.keys(search.sort?.fields ?? {})) {
        if (!sortable.includes(name)) {
          const near = closest(name, sortable);
          report([...at, 'search', 'sort', 'fields', name], 'unknown-unified-field', `'${name}' is not a sort[by] value of ${operation.id} in ${unified.file}`, `${near ? `did you mean '${near}'? ` : ''}its sort fields: ${sortable.join(', ')}`, 'key');
        }
      }
      if (!JSON.stringify(search.body).includes('"{filters}"')) report([...at, 'search', 'body'], 'invalid-template', 'the search body has no place for the filters', "put the string '{filters}' where the provider takes its list of filters");
      if (search.sort && !JSON.stringify(search.body).includes('"{sorts}"')) report([...at, 'search', 'body'], 'invalid-template', 'the search body has no place for the sort', "put the string '{sorts}' where the provider takes its list of sorts");
    }
    if ((!filterParam && !sortParam) || operation.kind !== 'list') return undefined;
    const p = mapping.pagination;
    // Numbers the paging counts travel in a search body as JSON numbers, unless the body types the member otherwise.
    const counted = p?.type === 'page' ? [p.page_param, p.size_param] : p?.type === 'offset' ? [p.offset_param, p.limit_param] : p?.type === 'cursor' || p?.type === 'link' ? [p.size_param] : [];
    const searchRoot = search ? searchBodySchema(search) : undefined;
    const numeric = paginationQuery(p)
      .map(({ name }) => name)
      .filter((name) => {
        const member = searchRoot?.properties.get(name);
        return member?.type === 'integer' || member?.type === 'number' || (member?.type === undefined && counted.includes(name));
      });
    return {
      search: search
        ? {
            method: search.method.toUpperCase(),
            path: search.path,
            pieces: searchPieces,
            filters: byName(Object.entries(search.filters)).map(([name, f]) => ({ name, field: f.field, operator: f.operator })),
            filter: canonical(search.filter),
            sort: search.sort
              ? { fields: byName(Object.entries(search.sort.fields)).map(([u, p]) => ({ unified: u, provider: p })), directions: { asc: search.sort.directions.asc, desc: search.sort.directions.desc }, element: canonical(search.sort.element) }
              : undefined,
            body: canonical(search.body),
            numeric,
          }
        : undefined,
      known,
      filters: byName(Object.entries(document.filters ?? {})).map(([name, query]) => ({ name, query })),
      sortable,
      sort: document.sort
        ? {
            fields: byName(Object.entries(document.sort.fields)).map(([unifiedName, providerName]) => ({ unified: unifiedName, provider: providerName })),
            directions: { asc: document.sort.directions.asc, desc: document.sort.directions.desc },
            query: byName(Object.entries(document.sort.query)).map(([name, value]) => ({ name, value })),
          }
        : undefined,
    };
  }

  /** A provider path's pieces: text, the record's `{id}` (or the spec's own name for it), and the spec's other path parameters (a parent's `{collection_id}`) by their names. */
  function pathPieces(text: string, unified: UnifiedOperation, at: (string | number)[]): OperationIR['path'] {
    const id = unified.id;
    const path: OperationIR['path'] = [];
    const pieces = text.split(/(\{[^}]*\})/);
    const parents = unified.params.filter((param) => param.in === 'path' && param.name !== unified.idParam).map((param) => param.name);
    for (const piece of pieces) {
      if (piece === '') continue;
      if (piece.startsWith('{')) {
        const name = piece.slice(1, -1);
        if (unified.idParam !== undefined && (name === 'id' || name === unified.idParam)) path.push({ kind: 'id' });
        else if (parents.includes(name)) path.push({ kind: 'param', name });
        else {
          const allowed = [...(unified.idParam !== undefined ? ['{id}'] : []), ...parents.map((p) => `{${p}}`)];
          report([...at, 'path'], 'invalid-template', `'${piece}' in a path: ${id} has ${allowed.length ? `only ${allowed.map((a) => `'${a}'`).join(', ')}` : 'no path parameter'} to put in it`, allowed.length ? `'{id}' is the unified record id${parents.length ? `; ${parents.map((p) => `'{${p}}'`).join(', ')} the spec's path parameter${parents.length > 1 ? 's' : ''} of ${unified.path}` : ''}` : undefined);
        }
      } else if (piece.includes('}')) report([...at, 'path'], 'invalid-template', `unmatched '}' in path '${text}'`);
      else path.push({ kind: 'text', text: piece });
    }
    return path;
  }

  function operationIR(unified: UnifiedOperation, document: OperationDocument, at: (string | number)[], paging: { name: string; at: (string | number)[] }[], idempotent = false): OperationIR | undefined {
    const id = unified.id;
    const path = pathPieces(document.path, unified, at);
    const parents = unified.params.filter((param) => param.in === 'path' && param.name !== unified.idParam).map((param) => param.name);
    // A refused value (a misspelt '{path.x}') is reported where it is written, not again as a parent it may leave unsent.
    let refusedParents = false;
    /** A query or body value: settings (and `{uuid}` in a body), and the call's parents as `{path.<name>}`. */
    const valueTemplate = (text: string, where: (string | number)[], scopes: TemplateScope[]): Template | undefined => {
      const parsed = template(text, where, [...scopes, 'path']);
      const unknown = (parsed?.parts ?? []).flatMap((part) => (part.kind === 'path' && !parents.includes(part.name) ? [part.name] : []));
      for (const name of unknown) {
        if (unified.idParam !== undefined && (name === 'id' || name === unified.idParam)) {
          report(where, 'invalid-template', `'{path.${name}}' is the record's id, which a request sends in its path as '{id}'`, parents.length ? `'{path.<name>}' sends a parent: ${parents.map((p) => `'{path.${p}}'`).join(', ')}` : 'put {id} in the path');
          continue;
        }
        const near = closest(name, parents);
        report(where, 'invalid-template', `'{path.${name}}' is not a path parameter of ${unified.path}`, near ? `did you mean '{path.${near}}'?` : parents.length ? `its parents: ${parents.map((p) => `'{path.${p}}'`).join(', ')}` : `${unified.id} has no parent to send`);
      }
      if (!parsed || unknown.length) refusedParents = true;
      return unknown.length ? undefined : parsed;
    };
    const found = checkProviderOperation(document.method, document.path, [...at, 'path'], id);
    const answer = found ? providerOperations.response(found, document.status ?? [200]) : undefined;
    if (found) {
      const sent = [...Object.keys(document.query ?? {}).map((name) => ({ name, at: [...at, 'query', name], target: 'key' as const })), ...paging];
      checkQueryParameters(found, sent, document.undocumented, at);
      checkHeaderParameters(found, document, at, idempotent);
    }
    const query = byName(Object.entries(document.query ?? {})).flatMap(([name, value]) => {
      const parsed = valueTemplate(value, [...at, 'query', name], ['settings']);
      // Paging, filters and sort set their parameters on each request; a fixed value beside them would be sent twice or lost.
      const other = paging.find((p) => p.name === name);
      if (other) report([...at, 'query', name], 'duplicate-target', `query parameter '${name}' is also sent by ${senderOf(other.at)}`, 'drop it here: the request sets it from the call', 'key');
      if (parsed && found) checkFixedParameter(found, 'query', name, parsed, [...at, 'query', name]);
      return parsed ? [{ name, value: parsed }] : [];
    });
    const opHeaders = byName(Object.entries(document.headers ?? {})).flatMap(([name, value]) => {
      if (!isHeaderName(name)) report([...at, 'headers', name], 'invalid-identifier', `'${name}' is not a valid header name`, undefined, 'key');
      if (name.toLowerCase() === 'content-type') report([...at, 'headers', name], 'schema', 'the Content-Type of a request follows its `body.encoding`; a header here would contradict the body sent', `set \`body.encoding\` (${Object.entries(MEDIA_NAMES).map(([encoding, type]) => `${encoding}: ${type}`).join(', ')})`, 'key');
      checkSignInHeader(name, [...at, 'headers', name]);
      const parsed = template(value, [...at, 'headers', name], ['settings']);
      if (parsed && found) checkFixedParameter(found, 'header', name, parsed, [...at, 'headers', name]);
      return parsed ? [{ name, value: parsed }] : [];
    });
    if (found) {
      for (const { name, value } of headers) {
        if (connectionHeadersChecked.has(name.toLowerCase()) || (document.headers && Object.keys(document.headers).some((own) => own.toLowerCase() === name.toLowerCase()))) continue;
        if (!checkFixedParameter(found, 'header', name, value, ['connection', 'headers', name])) connectionHeadersChecked.add(name.toLowerCase());
      }
    }
    let body: BodyIR | undefined;
    if (document.body) {
      const values = byName(Object.entries(document.body.values ?? {})).flatMap(([name, value]) => {
        const list = Array.isArray(value);
        const parsed = valueTemplate(list ? value[0] : value, [...at, 'body', 'values', name, ...(list ? [0] : [])], ['settings', 'uuid']);
        return parsed ? [{ name, value: parsed, numeric: false, list }] : [];
      });
      body = {
        encoding: document.body.encoding,
        wrap: document.body.wrap,
        from: document.body.from !== undefined ? dotPath(document.body.from) : undefined,
        values,
        indexed: byName(Object.entries(document.body.indexed ?? {})).map(([member, keys]) => ({
          member,
          keys: byName(Object.entries(keys)).map(([key, pattern]) => ({ key, pattern })),
        })),
      };
    }
    const parentsSent = [
      ...query.map((q) => ({ value: q.value, what: `query parameter '${q.name}'` })),
      ...(body?.values ?? []).map((v) => ({ value: v.value, what: `body member '${v.name}'` })),
    ].flatMap(({ value, what }) => value.parts.flatMap((part) => (part.kind === 'path' ? [{ name: part.name, what }] : [])));
    if (!refusedParents) checkPathParametersSent(unified, path, parentsSent, document.ignores ?? {}, at);
    const recordsPaths = document.records === undefined ? [] : (Array.isArray(document.records) ? document.records : [document.records]).map(dotPath);
    // A records member the document declares nullable (Pipedrive's `data: null` for an empty list) is an empty page.
    const answerBody = answer ? mediaSchemaPointer(resolver, answer.pointer, pickJson) : undefined;
    const recordsNullable = answerBody !== undefined && recordsPaths.some((recordsPath) => memberAt(resolver.node(answerBody), recordsPath)?.nullable === true);
    let followUp: FollowUpIR | undefined;
    if (document.then) {
      const then = document.then;
      const scopes: TemplateScope[] = ['settings', 'request', 'response'];
      const followPath = template(then.path, [...at, 'then', 'path'], scopes);
      const followed = checkProviderOperation(then.method, then.path.replace(/\{[^}]*\}/g, '{x}'), [...at, 'then', 'path'], id);
      const followQuery = byName(Object.entries(then.query ?? {})).flatMap(([name, value]) => {
        const parsed = template(value, [...at, 'then', 'query', name], scopes);
        if (parsed && followed) checkFixedParameter(followed, 'query', name, parsed, [...at, 'then', 'query', name]);
        return parsed ? [{ name, value: parsed }] : [];
      });
      const followBody = then.body
        ? {
            encoding: then.body.encoding,
            values: byName(Object.entries(then.body.values)).flatMap(([name, value]) => {
              const parsed = template(value, [...at, 'then', 'body', 'values', name], scopes);
              return parsed ? [{ name, value: parsed }] : [];
            }),
          }
        : undefined;
      if (followBody && followed) {
        const pointer = mediaSchemaPointer(resolver, [...followed.pointer, 'requestBody'], (types) => types.filter((type) => MEDIA_TYPES[followBody.encoding].test(type)).sort()[0]);
        checkBodyValues(pointer ? resolver.node(pointer) : undefined, followBody.encoding, followBody.values, then.undocumented, [...at, 'then'], `the ${id} follow-up request`, followed);
      } else if (then.undocumented?.body) report([...at, 'then', 'undocumented', 'body'], 'unknown-provider-field', 'this request sends no body', 'remove `undocumented.body`', 'key');
      if (followed) checkQueryParameters(followed, Object.keys(then.query ?? {}).map((name) => ({ name, at: [...at, 'then', 'query', name], target: 'key' as const })), then.undocumented, [...at, 'then']);
      const templates: [Template | undefined, (string | number)[]][] = [
        [followPath, [...at, 'then', 'path']],
        ...followQuery.map((q): [Template, (string | number)[]] => [q.value, [...at, 'then', 'query', q.name]]),
        ...(followBody?.values ?? []).map((v): [Template, (string | number)[]] => [v.value, [...at, 'then', 'body', 'values', v.name]]),
      ];
      for (const [parsed, where] of templates) if (parsed && found) checkFollowUpValues(parsed, where, document, body, answer, then.if_absent === 'fail', `${found.method} ${found.specPath}`);
      if (followPath) {
        followUp = {
          method: then.method,
          path: followPath,
          query: followQuery,
          body: followBody,
          statuses: then.status ?? [200],
          idPath: then.id !== undefined ? dotPath(then.id) : undefined,
        };
      }
    }
    return {
      id,
      unified: undefined as never,
      method: document.method,
      path,
      query,
      headers: opHeaders,
      body,
      statuses: document.status ?? [200],
      recordsPaths,
      recordsNullable,
      recordPath: document.record !== undefined ? dotPath(document.record) : undefined,
      idPath: typeof document.id === 'string' ? dotPath(document.id) : undefined,
      idHeader: typeof document.id === 'object' && found ? idHeaderOf(document.id, answer, `${found.method} ${found.specPath}`, [...at, 'id', 'header']) : undefined,
      where: byName(Object.entries(document.where ?? {})).map(([key, value]) => ({ key, value })),
      listFilters: undefined,
      note: document.note,
      followUp,
      requestSchema: undefined,
      stores: undefined,
    };
  }

  /** An id in a response header must be a header the provider's document declares on that answer. */
  function idHeaderOf(document: IdHeaderDocument, answer: ReturnType<ProviderOperations['response']>, where: string, at: (string | number)[]): OperationIR['idHeader'] {
    const declared = answer?.headers.get(document.header.toLowerCase());
    if (!declared) {
      const names = [...(answer?.headers.values() ?? [])].map((h) => h.name);
      const near = closest(document.header, names);
      report(at, 'unknown-provider-field', `${where} in ${provider.source.file} declares no '${document.header}' header on ${answer ? `its ${answer.status} answer` : 'a success answer'}`, near ? `did you mean '${near}'?` : names.length > 0 ? `its headers: ${names.join(', ')}` : 'declare the header under the response\'s `headers` in the provider spec');
      return undefined;
    }
    return { name: declared.name, lastSegment: document.last_segment === true };
  }

  /**
   * A follow-up's template values must exist, and be certain to: a value of
   * the first answer or request that the documents allow to be absent needs
   * `if_absent: fail` (the operation then fails naming it), never an empty string.
   */
  function checkFollowUpValues(parsed: Template, at: (string | number)[], document: OperationDocument, body: BodyIR | undefined, answer: ReturnType<ProviderOperations['response']>, failsIfAbsent: boolean, where: string) {
    const maybeAbsent = (what: string, why: string) => {
      if (!failsIfAbsent) report(at, 'invalid-template', `'{${what}}' may be absent: ${why}`, 'say what to do then with `if_absent: fail` on `then` (the operation fails naming the value), or use a value that is always there');
    };
    for (const part of parsed.parts) {
      if (part.kind === 'header') {
        const declared = answer?.headers.get(part.name.toLowerCase());
        if (!declared) {
          const names = [...(answer?.headers.values() ?? [])].map((h) => h.name);
          report(at, 'invalid-template', `'{response.headers.${part.name}}': ${where} in ${provider.source.file} declares no '${part.name}' header on ${answer ? `its ${answer.status} answer` : 'a success answer'}`, names.length > 0 ? `its headers: ${names.join(', ')}` : "declare the header under the response's `headers` in the provider spec");
        } else if (!declared.required) maybeAbsent(`response.headers.${part.name}`, `the provider spec does not mark the '${declared.name}' header required`);
      } else if (part.kind === 'response') {
        const pointer = answer ? mediaSchemaPointer(resolver, answer.pointer, (types) => types.filter((t) => /json/i.test(t)).sort()[0]) : undefined;
        if (!pointer) {
          maybeAbsent(`response.${part.path.join('.')}`, `the provider spec declares no JSON body for ${where}'s ${answer ? answer.status : 'success'} answer`);
          continue;
        }
        let schema = resolver.node(pointer);
        // 'certain' while every member on the way is required and not nullable; undefined once one is unknown (reported).
        let certain: boolean | undefined = true;
        for (const name of part.path) {
          const member = schema.properties.get(name);
          if (!member) {
            const near = closest(name, [...schema.properties.keys()]);
            report(at, 'invalid-template', `'{response.${part.path.join('.')}}': the ${answer!.status} answer of ${where} has no '${name}'`, near ? `did you mean '${near}'?` : `its members: ${[...schema.properties.keys()].join(', ') || '(none)'}`);
            certain = undefined;
            break;
          }
          certain &&= schema.required.includes(name) && !member.nullable;
          schema = member;
        }
        if (certain === false) maybeAbsent(`response.${part.path.join('.')}`, `the provider spec does not require it in the ${answer!.status} answer`);
      } else if (part.kind === 'request') {
        const path = body?.wrap !== undefined && part.path[0] === body.wrap ? part.path.slice(1) : part.path;
        const name = path[0]!;
        if (body?.values.some((v) => v.name === name)) continue;
        const written = mapping.fields.some((f) => typeof f.provider === 'string' && f.provider.split(/[.[]/)[(body?.from ?? []).length] === name && f.direction !== 'read');
        if (!written) report(at, 'invalid-template', `'{request.${part.path.join('.')}}': the ${document.method} request sends no '${name}'`, 'name a member of `body.values` or one a field writes');
        else maybeAbsent(`request.${part.path.join('.')}`, 'a field writes it only when the unified value is given');
      }
    }
  }

  /**
   * The numbers paging sends must be ones the provider's parameters take, as
   * their schemas bound them: the page size or limit up to its cap
   * (`max_size`, `max_limit`; without one, any unified limit up to MAX_LIMIT
   * is sent), and the first page number or offset. A cap above the
   * parameter's `maximum` (or at its exclusive one) would have every full
   * page refused by the provider.
   */
  function checkPagingBounds(found: ProviderOperation) {
    const p = mapping.pagination;
    if (!p || p.type === 'none') return;
    const where = `${found.method} ${found.specPath} in ${provider.source.file}`;
    const schemaOf = (name: string) => queryParameterSchema(found, name);
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

  /** The body schema of a list's answer (the first status it lists that the document declares), if the document gives one. */
  function listAnswer(found: ProviderOperation, statuses: readonly number[] | undefined): SchemaNode | undefined {
    const answer = providerOperations.response(found, statuses ?? [200]);
    const pointer = answer ? mediaSchemaPointer(resolver, answer.pointer, pickJson) : undefined;
    return pointer ? resolver.node(pointer) : undefined;
  }

  function queryParameterSchema(found: ProviderOperation, name: string): SchemaNode | undefined {
    const parameter = found.parameters.find((q) => q.in === 'query' && q.name === name);
    return parameter?.schema ? resolver.node(parameter.schema) : undefined;
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
  function checkPagingTypes(answer: SchemaNode | undefined, schemaOf: (name: string) => SchemaNode | undefined, where: string, what: string) {
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

  /**
   * The provider spec must describe the request: same method on a path of the
   * same shape (base paths reconciled). Found, it is held to its `security`
   * (`at` is the path of the request's entry: the operation, `search`, `then`).
   */
  function checkProviderOperation(method: string, path: string, at: (string | number)[], operation: string): ProviderOperation | undefined {
    const lookup = providerOperations.find(method, path);
    if ('found' in lookup) {
      signInCheck.request({ operation, found: lookup.found, at: at.slice(0, -1) });
      // An OpenAPI rule the document breaks in an operation the connector sends is an error (elsewhere, a warning).
      const { specPath, method: verb } = lookup.found;
      for (const fault of provider.faults) if (fault.path === specPath && (fault.method === undefined || fault.method === verb.toLowerCase())) problems.push(fault.diagnostic);
      // So is one in a component its requests or answers are read by (a schema's member OpenAPI does not define).
      const reached = provider.faults.some((fault) => fault.component !== undefined) ? providerOperations.componentsOf(lookup.found) : undefined;
      for (const fault of provider.faults) if (fault.component !== undefined && reached?.has(fault.component)) problems.push(fault.diagnostic);
      return lookup.found;
    }
    report(at, 'unknown-provider-operation', lookup.message, lookup.hint);
    return undefined;
  }

  /**
   * A value the mapping fixes for a parameter (`query`, `headers`) must be one
   * the parameter's schema takes, as the text it travels as; a template's
   * value is known only at run time. False when a problem was reported.
   */
  function checkFixedParameter(found: ProviderOperation, place: 'query' | 'header', name: string, value: Template, at: (string | number)[]): boolean {
    const parameter = found.parameters.find((p) => p.in === place && (place === 'header' ? p.name.toLowerCase() === name.toLowerCase() : p.name === name));
    const literal = literalText(value);
    if (!parameter?.schema || literal === undefined) return true;
    const what = `${place === 'query' ? 'query parameter' : 'header'} '${parameter.name}' of ${found.method} ${found.specPath}`;
    const problem = parameter.json ? jsonParameterValueProblem(resolver.node(parameter.schema), literal, what) : parameterValueProblem(resolver.node(parameter.schema), literal, what, parameter.separator);
    if (problem) report(at, problem.code, problem.message, problem.hint);
    return problem === undefined;
  }

  /**
   * A sort parameter's values are known at build time, each sort field with
   * each direction in its template: every one must be a value the provider's
   * parameter takes (its enum, pattern…), like a fixed value. A direction the
   * provider does not know was sent all the same, and the list came back
   * unsorted or refused. Reported at the direction, or at the field, that no
   * value built with it fits.
   */
  function checkSortValues(document: OperationDocument, sort: NonNullable<OperationDocument['sort']>, name: string, value: string, at: (string | number)[]) {
    const lookup = providerOperations.find(document.method, document.path);
    if (!('found' in lookup)) return; // reported at the operation's path
    const parameter = lookup.found.parameters.find((p) => p.in === 'query' && p.name === name);
    if (!parameter?.schema) return;
    const schema = resolver.node(parameter.schema);
    const what = `query parameter '${parameter.name}' of ${lookup.found.method} ${lookup.found.specPath}`;
    const problemOf = (field: string, direction: string) => {
      const text = value.replaceAll('{field}', field).replaceAll('{direction}', direction);
      return parameter.json ? jsonParameterValueProblem(schema, text, what) : parameterValueProblem(schema, text, what, parameter.separator);
    };
    const fields = Object.entries(sort.fields);
    const directions = Object.entries(sort.directions) as [string, string][];
    // A direction that fits with no field is the direction's fault; then a field that fits with no good direction is the field's.
    const good = directions.filter(([key, direction]) => {
      const problems = fields.map(([, field]) => problemOf(field, direction));
      if (fields.length === 0 || problems.some((p) => p === undefined)) return true;
      report([...at, 'sort', 'directions', key], problems[0]!.code, `${problems[0]!.message} (the sort by ${fields[0]![0]}, ${key})`, problems[0]!.hint);
      return false;
    });
    if (good.length === 0) return;
    for (const [key, field] of fields) {
      const problem = good.map(([, direction]) => problemOf(field, direction)).find((p) => p !== undefined);
      if (problem) report([...at, 'sort', 'fields', key], problem.code, `${problem.message} (the sort by ${key})`, problem.hint);
    }
  }

  /**
   * The rate-limit headers the connector reads must be ones some answer in
   * the provider's document declares, or be vouched for under
   * `rate_limit.undocumented` with a reason (reported as trusted): a misspelt
   * name is never found, and the connector runs into the limit unwarned.
   */
  function checkRateLimitHeaders() {
    const limits = mapping.rate_limit;
    if (!limits) return;
    const declared = providerOperations.responseHeaderNames();
    const named = [...(limits.reset ? [{ name: limits.reset.header, at: ['rate_limit', 'reset', 'header'] }] : []), ...(limits.remaining !== undefined ? [{ name: limits.remaining, at: ['rate_limit', 'remaining'] }] : [])];
    checkVouched({
      sent: named,
      names: [...declared.values()],
      isDeclared: (name) => declared.has(name.toLowerCase()),
      anyCase: true,
      vouched: limits.undocumented ?? {},
      vouchedAt: ['rate_limit', 'undocumented'],
      code: 'unknown-provider-field',
      trusted: (name) => `rate-limit header '${name}' is not declared by any answer in ${provider.source.file}`,
      undeclared: (name) => `no answer in ${provider.source.file} declares a '${name}' header`,
      vouch: (name) => `If the provider sends it although its document omits it, say so with a reason: \`undocumented: { ${name}: <where it is documented> }\` under rate_limit`,
      declaredBy: 'an answer',
      notSent: (name) => ({ message: `rate_limit reads no header '${name}'`, hint: 'remove it from `undocumented`, or name it under `reset` or `remaining`' }),
    });
  }


  /**
   * `where` keeps the records whose member equals a value, compared as JSON
   * values: the member must be one the provider's record has, and the value
   * one it can hold (the text "1" never equals the number 1). A misspelt
   * member or a value of another type matched no record, and every list came
   * back empty.
   */
  function checkWhere(where: readonly { key: string; value: string | number | boolean }[], at: (string | number)[]) {
    if (!record || record.properties.size === 0) return;
    for (const { key, value } of where) {
      const member = record.properties.get(key);
      if (!member) {
        const declared = [...record.properties.keys()];
        const near = closest(key, declared);
        report([...at, key], 'unknown-provider-field', `'${key}' is not a member of ${mapping.record} in ${provider.source.file}, so no record would match`, near ? `did you mean '${near}'?` : `its members: ${declared.join(', ')}`, 'key');
        continue;
      }
      const what = `'${key}' of ${mapping.record}`;
      if (member.writeOnly) {
        report([...at, key], 'read-only-in-request', `${what} is writeOnly in ${provider.source.file} and is never answered, so no record would match`, 'keep records by a member the answers hold');
        continue;
      }
      if (member.type !== undefined && member.anyOf === undefined && !fitsScalarType(member, value)) {
        report([...at, key], 'type-mismatch', `${what} is ${describeType(member)}, and ${JSON.stringify(value)} is compared as ${typeof value === 'string' ? 'text' : typeof value}: no record would match`, `write the value as the member holds it${member.type === 'string' ? ` (quoted: '${String(value)}')` : ''}`);
        continue;
      }
      const problem = valueProblem(member, value, what, 'json');
      if (problem) report([...at, key], problem.code, problem.message, problem.hint);
    }
  }

  /**
   * A search request's JSON body is a template, and everything it sends must
   * be something the search's request body schema takes: the body's own
   * members and fixed values, a list where `{filters}` and `{sorts}` stand,
   * the members of the filter and sort elements put there, the operators and
   * directions those carry, and the paging parameters added to the body. A
   * misspelt member was sent all the same, and a search that ignores it
   * answers with every record, unfiltered or unsorted.
   */
  /** The JSON request body schema of a search, if the document declares the search and its body. */
  function searchBodySchema(search: NonNullable<OperationDocument['search']>): SchemaNode | undefined {
    const lookup = providerOperations.find(search.method, search.path);
    const pointer = 'found' in lookup ? mediaSchemaPointer(resolver, [...lookup.found.pointer, 'requestBody'], (types) => types.filter((type) => MEDIA_TYPES.json.test(type)).sort()[0]) : undefined;
    return pointer ? resolver.node(pointer) : undefined;
  }

  function checkSearchBody(search: NonNullable<OperationDocument['search']>, at: (string | number)[], paging: readonly { name: string; at: (string | number)[] }[], statuses: readonly number[] | undefined) {
    const lookup = providerOperations.find(search.method, search.path);
    if (!('found' in lookup)) return; // reported at the search's path
    const root = searchBodySchema(search);
    if (!root) return;
    const where = `the search body of ${lookup.found.method} ${lookup.found.specPath} in ${provider.source.file}`;
    /** The element schema of the lists `{filters}` and `{sorts}` stand for. */
    const lists = new Map<string, SchemaNode | undefined>();
    /** `path` leads to the member's name: a key, or the value naming a paging parameter. */
    const unknownMember = (schema: SchemaNode, name: string, path: (string | number)[], what: string, target: 'key' | 'value' = 'key') => {
      const declared = [...schema.properties.keys()];
      const near = closest(name, declared);
      report(path, 'unknown-provider-field', `${what} has no member '${name}'`, near ? `did you mean '${near}'?` : `its members: ${declared.join(', ')}`, target);
    };
    const walk = (value: unknown, schema: SchemaNode | undefined, path: (string | number)[]): void => {
      if (value === '{filters}' || value === '{sorts}') {
        if (schema?.type !== undefined && schema.type !== 'array') report(path, 'type-mismatch', `'${value}' stands for a list, and ${where} takes ${describeType(schema)} here`, 'put it where the provider takes an array');
        else lists.set(value, schema?.items);
        return;
      }
      if (Array.isArray(value)) {
        if (schema?.type !== undefined && schema.type !== 'array') report(path, 'type-mismatch', `${where} takes ${describeType(schema)} here, not a list`);
        else value.forEach((element, index) => walk(element, schema?.items, [...path, index]));
        return;
      }
      if (typeof value === 'object' && value !== null) {
        if (schema?.type !== undefined && schema.type !== 'object') {
          report(path, 'type-mismatch', `${where} takes ${describeType(schema)} here, not an object`);
          return;
        }
        for (const [name, member] of Object.entries(value)) {
          const declared = schema?.properties.get(name);
          if (declared) walk(member, declared, [...path, name]);
          else if (schema && schema.properties.size > 0) unknownMember(schema, name, [...path, name], where);
        }
        return;
      }
      const literal = value as string | number | boolean | null;
      const problem = schema ? valueProblem(schema, literal, `'${path[path.length - 1]}' of ${where}`, 'json') : undefined;
      if (problem) report(path, problem.code, problem.message, problem.hint);
    };
    walk(search.body, root, [...at, 'body']);
    // The page's paging parameters travel as members of the body.
    for (const { name, at: named } of paging) if (root.properties.size > 0 && !root.properties.has(name)) unknownMember(root, name, named, `a search sends '${name}' as a member of its body, and ${where}`, 'value');
    if (paging.length > 0) checkPagingTypes(listAnswer(lookup.found, statuses), (name) => root.properties.get(name), where, 'member');
    /** A filter or sort element: its members, and the values its placeholders are filled with. */
    const element = (template: Record<string, string>, schema: SchemaNode | undefined, path: (string | number)[], fills: Readonly<Record<string, readonly [string, (string | number)[]][]>>) => {
      if (!schema) return;
      if (schema.type !== undefined && schema.type !== 'object') {
        report(path, 'type-mismatch', `the element is an object, and the list of ${where} holds ${describeType(schema)}`, 'put the placeholder where the provider takes a list of objects');
        return;
      }
      for (const [name, text] of Object.entries(template)) {
        const member = schema.properties.get(name);
        if (!member) {
          if (schema.properties.size > 0) unknownMember(schema, name, [...path, name], `the element of ${where}`);
          continue;
        }
        const placeholder = /^\{(\w+)\}$/.exec(text)?.[1];
        const values: readonly [string, (string | number)[]][] = placeholder === undefined ? [[text, [...path, name]]] : (fills[placeholder] ?? []);
        for (const [filled, filledAt] of values) {
          const problem = valueProblem(member, filled, `'${name}' of the element of ${where}`, 'json');
          if (problem) report(filledAt, problem.code, problem.message, problem.hint);
        }
      }
    };
    element(search.filter, lists.get('{filters}'), [...at, 'filter'], {
      operator: Object.entries(search.filters).map(([name, filter]) => [filter.operator, [...at, 'filters', name, 'operator']]),
      field: Object.entries(search.filters).map(([name, filter]) => [filter.field, [...at, 'filters', name, 'field']]),
    });
    if (search.sort) {
      element(search.sort.element, lists.get('{sorts}'), [...at, 'sort', 'element'], {
        direction: (['asc', 'desc'] as const).map((direction) => [search.sort!.directions[direction], [...at, 'sort', 'directions', direction]]),
        field: Object.entries(search.sort.fields).map(([name, field]) => [field, [...at, 'sort', 'fields', name]]),
      });
    }
  }

  /**
   * A parent sent in a query parameter or body member (`{path.board_id}`)
   * must go where the provider takes an id (`idTargetProblem`): a query
   * parameter's one value or an array's one element, a body member's value
   * or, for a list of one, its array's element. And each example of the
   * operation gives a parent the provider's schema takes there, as sent
   * (its pattern, length, format): the generated suite replays it. Whether
   * the parameter or member exists, and is not readOnly, is checked with
   * every other one the request sends.
   */
  function checkParentPlacements(unified: UnifiedOperation, ir: OperationIR, found: ProviderOperation, wire: SchemaNode | undefined, at: (string | number)[]) {
    const where = `${found.method} ${found.specPath} in ${provider.source.file}`;
    const json = ir.body?.encoding === 'json' || ir.body?.encoding === 'json-patch';
    const placements = [
      ...ir.query.map((q) => {
        const parameter = found.parameters.find((p) => p.in === 'query' && p.name === q.name);
        const schema = parameter?.schema ? resolver.node(parameter.schema) : undefined;
        const what = `query parameter '${q.name}' of ${where}`;
        // An array parameter takes the one value as its one element.
        const element = schema?.type === 'array' ? schema.items : schema;
        const fits = (text: string) => (parameter?.json ? jsonParameterValueProblem(schema!, text, what) : parameterValueProblem(schema!, text, what, parameter?.separator));
        return { template: q.value, at: [...at, 'query', q.name], target: element, what: schema?.type === 'array' ? `an element of ${what}` : what, fits };
      }),
      ...(ir.body?.values ?? []).map((v) => {
        const member = wire?.properties.get(v.name);
        // A value of the wrong shape (a list where one value goes, or the reverse) is reported with the body's values.
        if (member && !bodyValueShapeFits(member, v.value, v.list)) return undefined;
        const what = `'${v.name}' of the ${unified.id} request to ${where}`;
        const target = v.list ? member?.items : member;
        const fits = (text: string) => valueProblem(target!, text, v.list ? `an element of ${what}` : what, json ? 'json' : 'text');
        return { template: v.value, at: [...at, 'body', 'values', v.name, ...(v.list ? [0] : [])], target, what: v.list ? `an element of ${what}` : what, fits };
      }),
    ];
    for (const placement of placements) {
      const names = placement?.template.parts.flatMap((part) => (part.kind === 'path' ? [part.name] : [])) ?? [];
      if (!placement?.target || names.length === 0) continue;
      const alone = placement.template.parts.length === 1;
      const problems = names.map((name) => idTargetProblem(placement.target!, unified.params.find((p) => p.name === name)!.schema, alone, placement.what));
      const problem = problems.find((p) => p !== undefined);
      if (problem) {
        report(placement.at, problem.code, problem.message, problem.hint);
        continue;
      }
      // The examples' parents, filled in as a call fills them.
      (mapping.examples?.cases ?? []).forEach((example, i) => {
        if (example.operation !== unified.id) return;
        const settings = { ...mapping.examples!.connection.settings, ...example.connection?.settings };
        let text = '';
        for (const part of placement.template.parts) {
          const value = part.kind === 'text' ? part.text : part.kind === 'path' ? example.input[part.name] : part.kind === 'settings' ? settings[part.name] : undefined;
          if (typeof value !== 'string') return;
          text += value;
        }
        const wrong = placement.fits(text);
        if (wrong) report(['examples', 'cases', i, 'input', names[0]!], wrong.code, `the example's ${names[0]} fills ${placement.template.source} as ${JSON.stringify(text)}: ${wrong.message}`, `give a ${names[0]} the provider takes there (${describeType(placement.target!)}${placement.target!.pattern !== undefined ? `, pattern ${placement.target!.pattern}` : ''})`);
      });
    }
  }

  /**
   * Every member a request body's `values` sends must be one the request
   * body schema declares, or be vouched for under `undocumented.body` with a
   * reason, which is then reported as trusted: a name the provider does not
   * know would be sent all the same, and ignored or refused. A fixed value
   * must be one that member takes (form and multipart fields travel as
   * text). A body the document leaves undeclared, or declares without
   * members, takes any name.
   */
  function checkBodyValues(wire: SchemaNode | undefined, encoding: BodyIR['encoding'], values: readonly { name: string; value: Template; list?: boolean }[], undocumented: UndocumentedDocument | undefined, at: (string | number)[], what: string, found: ProviderOperation) {
    const declared = wire ? [...wire.properties.keys()] : [];
    for (const { name, value, list } of values) {
      const member = wire?.properties.get(name);
      // A member the document marks readOnly is one the provider assigns: a request carrying it is ignored or refused.
      if (member?.readOnly) {
        report([...at, 'body', 'values', name], 'read-only-in-request', `'${name}' of ${what} is readOnly in ${provider.source.file}, so a request cannot set it`, 'remove it from `body.values`');
        continue;
      }
      const literal = literalText(value);
      if (member && !bodyValueShapeFits(member, value, list === true)) {
        if (list) report([...at, 'body', 'values', name], 'type-mismatch', `'${name}' of ${what} is ${describeType(member)}, and a list of one sends an array`, `send the value alone: '${value.source}'`);
        else report([...at, 'body', 'values', name], 'type-mismatch', `'${name}' of ${what} is ${describeType(member)}, and '${value.source}' sends one value`, `send it as a list of one: ['${value.source}']`);
        continue;
      }
      const target = list ? member?.items : member;
      const problem = target && literal !== undefined ? valueProblem(target, literal, `${list ? 'an element of ' : ''}'${name}' of ${what}`, encoding === 'json' ? 'json' : 'text') : undefined;
      if (problem) report([...at, 'body', 'values', name, ...(list ? [0] : [])], problem.code, problem.message, problem.hint);
    }
    const where = `${found.method} ${found.specPath}`;
    checkVouched({
      sent: values.map(({ name }) => ({ name, at: [...at, 'body', 'values', name], target: 'key' as const })),
      names: declared,
      listed: 'its members',
      isDeclared: (name) => declared.length === 0 || declared.includes(name),
      vouched: undocumented?.body ?? {},
      vouchedAt: [...at, 'undocumented', 'body'],
      code: 'unknown-provider-field',
      trusted: (name) => `request member '${name}' of ${where} is not in ${provider.source.file}`,
      undeclared: (name) => `the request body of ${where} in ${provider.source.file} declares no member '${name}'`,
      vouch: (name) => `If the provider takes it although its document omits it, say so with a reason: \`undocumented: { body: { ${name}: <where it is documented> } }\` on this request`,
      declaredBy: `the request body of ${where}`,
      notSent: (name) => ({ message: `this request's body sends no value '${name}'`, hint: 'remove it from `undocumented`, or send it under `body.values`' }),
    });
  }


  /**
   * Every query parameter a request sends must be one the provider's
   * document declares on that operation, or be vouched for under
   * `undocumented` with a reason, which is then reported as trusted.
   */
  /** `sent` names each parameter where the mapping writes its name: a key (`query:`), or a value (`offset_param: start`). */
  function checkQueryParameters(found: ProviderOperation, sent: { name: string; at: (string | number)[]; target?: 'key' }[], undocumented: UndocumentedDocument | undefined, at: (string | number)[]) {
    const declared = found.parameters.filter((p) => p.in === 'query').map((p) => p.name);
    const where = `${found.method} ${found.specPath}`;
    checkVouched({
      sent,
      names: declared,
      listed: 'its query parameters',
      isDeclared: (name) => declared.includes(name),
      vouched: undocumented?.query ?? {},
      vouchedAt: [...at, 'undocumented', 'query'],
      code: 'unknown-provider-parameter',
      trusted: (name) => `query parameter '${name}' of ${where} is not in ${provider.source.file}`,
      undeclared: (name) => `${where} in ${provider.source.file} declares no query parameter '${name}'`,
      vouch: (name) => `If the provider takes it although its document omits it, say so with a reason: \`undocumented: { query: { ${name}: <where it is documented> } }\` on this request`,
      declaredBy: where,
      notSent: (name) => ({ message: `this request sends no query parameter '${name}'`, hint: 'remove it from `undocumented`, or send it' }),
    });
  }

  /**
   * A caller gives every path parameter of the unified operation (a card's
   * `board_id` and its id): a parameter the request leaves out would be
   * dropped without a word, and a list would answer every board's cards for
   * one board. Each is in the path, a parent may instead be in a query or
   * body value (`{path.board_id}`, `elsewhere`), or `ignores` says why the
   * provider needs none (its task ids are unique across boards), which
   * generation names as a note.
   */
  function checkPathParametersSent(unified: UnifiedOperation, path: OperationIR['path'], elsewhere: readonly { name: string; what: string }[], ignores: Readonly<Record<string, string>>, at: (string | number)[]) {
    const names = unified.params.filter((param) => param.in === 'path').map((param) => param.name);
    for (const name of names) {
      const placeholder = name === unified.idParam ? '{id}' : `{${name}}`;
      const inPath = path.some((piece) => (piece.kind === 'id' && name === unified.idParam) || (piece.kind === 'param' && piece.name === name));
      const sender = elsewhere.find((sent) => sent.name === name);
      const sent = inPath ? `the path sends '${placeholder}'` : sender ? `${sender.what} sends '{path.${name}}'` : undefined;
      const reason = ignores[name];
      if (reason !== undefined) {
        if (sent) report([...at, 'ignores', name], 'invalid-template', `${sent}: ${unified.id} does not ignore ${name}`, 'remove it from `ignores`', 'key');
        else trusted.push(source.diagnostic([...at, 'ignores', name], { code: 'trusted', message: `${unified.id} sends no ${name}, a path parameter of ${unified.path}; trusted on the mapping's word`, hint: reason }, 'key'));
        continue;
      }
      if (sent) continue;
      if (name === unified.idParam) {
        report([...at, 'path'], 'invalid-template', `${unified.id}'s path sends no '${placeholder}': the ${name} a caller gives (a path parameter of ${unified.path}) would be dropped without a word`, `put '${placeholder}' where the provider takes it, or, if the provider needs no ${name}, say why: \`ignores: { ${name}: <why> }\``);
      } else {
        report([...at, 'path'], 'invalid-template', `${unified.id} sends no ${name}, in its path ('${placeholder}') or a query or body value ('{path.${name}}'): the ${name} a caller gives (a path parameter of ${unified.path}) would be dropped without a word`, `put '${placeholder}' in the path where the provider takes it, or '{path.${name}}' in the query parameter or body member that takes it; if the provider needs no ${name}, say why: \`ignores: { ${name}: <why> }\``);
      }
    }
    for (const name of Object.keys(ignores)) {
      if (!names.includes(name)) report([...at, 'ignores', name], 'invalid-template', `'${name}' is not a path parameter of ${unified.path}`, names.length ? `its path parameters: ${names.join(', ')}` : 'it has none: remove `ignores`', 'key');
    }
  }

  /**
   * Names a request sends or reads (query parameters, headers, body members,
   * rate-limit headers) that the provider's document does not declare must
   * be vouched for with a reason under `undocumented` (at `vouchedAt`): each
   * one vouched for is reported as trusted. Vouching for a name the document
   * declares, or one the request does not send, is an error too.
   */
  function checkVouched(check: {
    sent: readonly { name: string; at: (string | number)[]; target?: 'key' | 'value' }[];
    /** The names the document declares, for the closest-name hint (and listed as `listed` when none is close). */
    names: readonly string[];
    listed?: string;
    isDeclared: (name: string) => boolean;
    /** Header names compare in any case. */
    anyCase?: boolean;
    vouched: Readonly<Record<string, string>>;
    vouchedAt: (string | number)[];
    code: DiagnosticCode;
    /** What a trusted note says of the name, before "; trusted on the mapping's word". */
    trusted: (name: string) => string;
    undeclared: (name: string) => string;
    /** How to vouch for it, the end of the hint. */
    vouch: (name: string) => string;
    /** What declares a name vouched for needlessly ("GET /users", "an answer"). */
    declaredBy: string;
    notSent: (name: string) => { message: string; hint: string };
  }) {
    const same = (a: string, b: string) => (check.anyCase ? a.toLowerCase() === b.toLowerCase() : a === b);
    const vouched = Object.entries(check.vouched);
    for (const { name, at, target } of check.sent) {
      if (check.isDeclared(name)) continue;
      const vouch = vouched.find(([key]) => same(key, name));
      if (vouch) {
        trusted.push(source.diagnostic([...check.vouchedAt, vouch[0]], { code: 'trusted', message: `${check.trusted(name)}; trusted on the mapping's word`, hint: vouch[1] }, 'key'));
        continue;
      }
      const near = closest(name, check.names);
      const known = near ? `did you mean '${near}'? ` : check.listed && check.names.length > 0 ? `${check.listed}: ${check.names.join(', ')}. ` : '';
      report(at, check.code, check.undeclared(name), `${known}${check.vouch(name)}`, target);
    }
    for (const [name] of vouched) {
      const path = [...check.vouchedAt, name];
      if (check.isDeclared(name)) report(path, check.code, `'${name}' is declared by ${check.declaredBy} in ${provider.source.file}; it needs no vouching`, 'remove it from `undocumented`', 'key');
      else if (!check.sent.some((sent) => same(sent.name, name))) {
        const { message, hint } = check.notSent(name);
        report(path, check.code, message, hint, 'key');
      }
    }
  }


  /**
   * Headers a request sends must be header parameters the provider's document
   * declares on the operation, or vouched for under `undocumented.headers`
   * (`connection.undocumented.headers` for the connection's own, sent on
   * every request). Sign-in headers are the security schemes' business and
   * Accept/Content-Type the protocol's.
   */
  function checkHeaderParameters(found: ProviderOperation, document: OperationDocument, at: (string | number)[], idempotent: boolean) {
    const declared = found.parameters.filter((p) => p.in === 'header').map((p) => p.name);
    const isDeclared = (name: string) => declared.some((d) => d.toLowerCase() === name.toLowerCase());
    const where = `${found.method} ${found.specPath}`;
    // Content-Type is refused where it is written; it follows the body.
    const own: { name: string; at: (string | number)[]; target?: 'key' }[] = Object.keys(document.headers ?? {}).filter((name) => name.toLowerCase() !== 'content-type').map((name) => ({ name, at: [...at, 'headers', name], target: 'key' }));
    if (idempotent) own.push({ name: mapping.connection.idempotency_key!.header, at: ['connection', 'idempotency_key', 'header'] });
    checkVouched({
      sent: own,
      names: declared,
      listed: 'its header parameters',
      isDeclared,
      anyCase: true,
      vouched: document.undocumented?.headers ?? {},
      vouchedAt: [...at, 'undocumented', 'headers'],
      code: 'unknown-provider-parameter',
      trusted: (name) => `header '${name}' of ${where} is not in ${provider.source.file}`,
      undeclared: (name) => `${where} in ${provider.source.file} declares no header '${name}'`,
      vouch: (name) => `If the provider takes it although its document omits it, say so with a reason: \`undocumented: { headers: { ${name}: <where it is documented> } }\` on this request`,
      declaredBy: where,
      notSent: (name) => ({ message: `this request sends no header '${name}'`, hint: 'remove it from `undocumented`, or send it' }),
    });
    for (const name of Object.keys(mapping.connection.headers ?? {})) {
      if (name.toLowerCase() !== 'content-type' && !isDeclared(name)) connectionHeadersUndeclared.set(name, [...(connectionHeadersUndeclared.get(name) ?? []), where]);
    }
  }

  /** A connection header goes on every request: reported once, with every operation that does not declare it. */
  /**
   * An example's absolute next-page link (Front's docs write https://yourCompany.api.frontapp.com/…) leads away
   * from the server that replays the examples, so the connector refuses it as another origin and the suite fails
   * with a 502 that names no line. Said here instead, at the link, with the placeholder that points back.
   */
  function checkExampleLinks(cases: readonly NonNullable<NonNullable<typeof mapping.examples>['cases']>[number][]) {
    const p = mapping.pagination;
    if (p?.type !== 'link') return;
    const absolute = (text: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
    cases.forEach((example, i) =>
      example.exchanges.forEach((exchange, j) => {
        const at = ['examples', 'cases', i, 'exchanges', j, 'response'];
        if (p.source === 'body' && p.next) {
          const path = dotPath(p.next);
          let value: unknown = exchange.response.body;
          for (const segment of path) value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[segment] : undefined;
          if (typeof value === 'string' && absolute(value)) {
            const rest = value.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
            report([...at, 'body', ...path], 'invalid-example', `the next-page link '${value}' is absolute: the generated suite replays this answer from a server of its own, so the connector would refuse the link as another origin`, `write it as '<origin>${rest}' (the replaying server's origin)`);
          }
        }
        if (p.source === 'header') {
          for (const [name, value] of Object.entries(exchange.response.headers ?? {})) {
            const link = name.toLowerCase() === 'link' && typeof value === 'string' ? /<([a-z][a-z0-9+.-]*:\/\/[^>]*)>/i.exec(value)?.[1] : undefined;
            if (link) report([...at, 'headers', name], 'invalid-example', `the Link header's address '${link}' is absolute: the generated suite replays this answer from a server of its own, so the connector would refuse the link as another origin`, `write it as '<origin>${link.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '')}' (the replaying server's origin)`);
          }
        }
      }),
    );
  }

  function reportConnectionHeaders() {
    const vouched = mapping.connection.undocumented?.headers ?? {};
    for (const name of Object.keys(mapping.connection.headers ?? {}).sort()) {
      const missing = connectionHeadersUndeclared.get(name);
      const reasonKey = Object.keys(vouched).find((v) => v.toLowerCase() === name.toLowerCase());
      if (!missing) {
        if (reasonKey !== undefined) report(['connection', 'undocumented', 'headers', reasonKey], 'unknown-provider-parameter', `every operation in ${provider.source.file} declares '${name}'; it needs no vouching`, 'remove it from `undocumented`', 'key');
        continue;
      }
      const list = `${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}`;
      if (reasonKey !== undefined) {
        trusted.push(source.diagnostic(['connection', 'undocumented', 'headers', reasonKey], { code: 'trusted', message: `header '${name}' is not declared by ${list} in ${provider.source.file}; trusted on the mapping's word`, hint: vouched[reasonKey]! }, 'key'));
        continue;
      }
      report(['connection', 'headers', name], 'unknown-provider-parameter', `header '${name}' goes on every request, and ${list} in ${provider.source.file} declare${missing.length === 1 ? 's' : ''} no such header parameter`, `if the provider takes it although its document omits it, say so with a reason: \`connection: { undocumented: { headers: { ${name}: <where it is documented> } } }\`; else drop it`, 'key');
    }
    for (const name of Object.keys(vouched)) {
      if (!Object.keys(mapping.connection.headers ?? {}).some((h) => h.toLowerCase() === name.toLowerCase())) report(['connection', 'undocumented', 'headers', name], 'unknown-provider-parameter', `the connection sends no header '${name}'`, 'remove it from `undocumented`, or send it', 'key');
    }
  }

  /** Where an operation's mapped values go: the provider's request schema, unwrapped. */
  function writeTarget(operationId: string, document: OperationDocument, body: BodyIR, at: (string | number)[]): WriteTarget {
    const prefix = body.from ?? [];
    const fallback = { operation: operationId, schema: prefix.length > 0 ? memberAt(record!, prefix) ?? record! : record!, prefix };
    const lookup = providerOperations.find(document.method, document.path);
    // The request body of the media type the encoding sends; another one declared alone is a mismatch.
    let declaredTypes: string[] = [];
    const pointer =
      'found' in lookup
        ? mediaSchemaPointer(resolver, [...lookup.found.pointer, 'requestBody'], (types) => {
            declaredTypes = types;
            return types.filter((type) => MEDIA_TYPES[body.encoding].test(type)).sort()[0];
          })
        : undefined;
    if (!pointer && declaredTypes.length > 0) {
      report([...at, 'body', 'encoding'], 'type-mismatch', `${document.method} ${'found' in lookup ? lookup.found.specPath : document.path} in ${provider.source.file} takes ${declaredTypes.join(', ')}, and \`encoding: ${body.encoding}\` sends ${MEDIA_NAMES[body.encoding]}`, `use the encoding of the media type the provider takes (${Object.entries(MEDIA_NAMES).map(([encoding, name]) => `${encoding}: ${name}`).join(', ')})`);
      return fallback;
    }
    if (!pointer) return fallback;
    // A JSON Patch body is a list of operations on the record: fields point into the record itself.
    if (body.encoding === 'json-patch') return fallback;
    let schema = resolver.node(pointer);
    if (body.wrap !== undefined) {
      const inner = schema.properties.get(body.wrap);
      if (!inner) {
        const near = closest(body.wrap, [...schema.properties.keys()]);
        report([...at, 'body', 'wrap'], 'unknown-provider-field', `the ${operationId} request body has no member '${body.wrap}'`, near ? `did you mean '${near}'?` : undefined);
        return fallback;
      }
      schema = inner;
    }
    return { operation: operationId, schema: withIndexedMembers(schema, body, operationId, at), prefix, wire: schema };
  }

  /**
   * An array sent as numbered keys (`body.indexed`) is not a member of the
   * wire schema: give the write schema a virtual member for it, whose
   * elements take their types and constraints from the `…_0` keys.
   */
  function withIndexedMembers(schema: SchemaNode, body: BodyIR, operationId: string, at: (string | number)[]): SchemaNode {
    if (body.indexed.length === 0) return schema;
    const members = new Map(schema.properties);
    for (const { member, keys } of body.indexed) {
      if (members.has(member)) continue;
      const item = new Map<string, SchemaNode>();
      for (const { key, pattern } of keys) {
        const first = pattern.split('{index}').join('0');
        const keySchema = schema.properties.get(first);
        if (!keySchema) {
          const near = closest(first, [...schema.properties.keys()]);
          report([...at, 'body', 'indexed', member, key], 'unknown-provider-field', `the ${operationId} request schema has no '${first}' for '${pattern}'`, near ? `did you mean '${near.replace(/0(?!.*0)/, '{index}')}'?` : 'describe the first numbered key in the provider spec');
          continue;
        }
        item.set(key, keySchema);
      }
      members.set(member, syntheticSchema({ type: 'array', pointer: schema.pointer, items: syntheticSchema({ type: 'object', pointer: schema.pointer, properties: item }) }));
    }
    // Unnamed: the provider's named type stays the wire shape; this one exists only while writing.
    return syntheticSchema({ ...schema, name: undefined, properties: new Map([...members].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) });
  }

  /** A create must send every member the provider's request schema requires. */
  function checkRequiredRequestFields(targets: WriteTarget[], mapped: FieldIR[], ops: ConnectorIR['operations']) {
    for (const target of targets) {
      const operation = ops.find((o) => o.id === target.operation);
      if (!operation || 'unsupported' in operation || operation.unified.kind !== 'create') continue;
      const written = new Set<string>();
      for (const field of mapped) {
        if (!field.direction.write || (field.operations && !field.operations.includes(target.operation))) continue;
        const provider = 'provider' in field ? field.provider : undefined;
        const first = provider?.[target.prefix.length]?.name;
        if (first !== undefined) written.add(first);
      }
      // A declaration that failed to resolve has been reported already; do not also report what it would have written.
      for (const document of mapping.fields) {
        if (document.direction === 'read' || typeof document.provider !== 'string') continue;
        const first = document.provider.split(/[.[]/)[target.prefix.length];
        if (first !== undefined) written.add(first);
      }
      for (const value of operation.body?.values ?? []) written.add(value.name);
      for (const indexed of operation.body?.indexed ?? []) for (const key of indexed.keys) written.add(key.pattern.replace('{index}', '0'));
      for (const name of target.schema.required) {
        if (!written.has(name)) {
          report(['operations', target.operation, 'body'], 'required-not-mapped', `the provider requires '${name}' in a ${target.operation} request, and nothing writes it`, `map a unified field to '${name}', or give it a value under \`body.values\` or a \`const\` field`);
        }
      }
      // `anyOf: [{required: [email]}, {required: [external_id]}]`: one of the sets must be written in full.
      const choices = target.schema.requiredAlternatives;
      if (choices.length > 0 && !choices.some((set) => set.every((name) => written.has(name)))) {
        const sets = choices.map((set) => set.map((name) => `'${name}'`).join(' and ')).join(', or ');
        report(['operations', target.operation, 'body'], 'required-not-mapped', `the provider requires ${sets} in a ${target.operation} request, and nothing writes any of them`, 'map a unified field to one of them, or give one a value under `body.values` or a `const` field');
      }
    }
  }
}

/**
 * Whether a body value has the shape of the member it goes in: a list of one
 * where the member is an array (or untyped), a value that is not text the
 * mapping writes (a setting, a parent) where it is not an array. Literal
 * text for an array is left to the value's check, which names the type.
 */
function bodyValueShapeFits(member: SchemaNode, value: Template, list: boolean): boolean {
  if (list) return member.type === undefined || member.type === 'array';
  return member.type !== 'array' || literalText(value) !== undefined;
}

/** The request media types each body encoding sends. */
const MEDIA_TYPES: Record<BodyIR['encoding'], RegExp> = {
  json: /^application\/(?![^;]*json-patch)([^;]*\+)?json\b/i,
  form: /^application\/x-www-form-urlencoded\b/i,
  multipart: /^multipart\/form-data\b/i,
  'json-patch': /^application\/json-patch\+json\b/i,
};
const MEDIA_NAMES: Record<BodyIR['encoding'], string> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  multipart: 'multipart/form-data',
  'json-patch': 'application/json-patch+json',
};

function memberAt(schema: SchemaNode, path: string[]): SchemaNode | undefined {
  let current: SchemaNode | undefined = schema;
  for (const name of path) current = current?.properties.get(name);
  return current;
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

/** The query parameters a list request's paging sends, with where the mapping names them. */
/**
 * Fields that hold the id of another resource's record (`refers_to`): the
 * resource must be one of the unified API's, and the field a single string
 * of the record, as ids are. One relation per unified field.
 */
function relationsOf(fields: readonly FieldDocument[], unified: UnifiedIR, report: (path: (string | number)[], code: Diagnostic['code'], message: string, hint?: string, target?: 'key' | 'value') => void): ConnectorIR['relations'] {
  const names = unified.resources.map((resource) => resource.name);
  const relations = new Map<string, string>();
  fields.forEach((field, i) => {
    if (field.refers_to === undefined) return;
    const at = ['fields', i, 'refers_to'];
    if (!names.includes(field.refers_to)) {
      const near = closest(field.refers_to, names);
      report(at, 'unknown-unified-field', `'${field.refers_to}' is not a resource of ${unified.file}`, `${near ? `did you mean '${near}'? ` : ''}its resources: ${names.join(', ')}`);
      return;
    }
    if (typeof field.unified !== 'string' || /[[.]/.test(field.unified)) {
      report(at, 'schema', '`refers_to` marks a top-level unified field holding one id', 'put it on the line of a field such as `company_id`');
      return;
    }
    const other = relations.get(field.unified);
    if (other !== undefined && other !== field.refers_to) report(at, 'schema', `'${field.unified}' already refers to ${other}`);
    relations.set(field.unified, field.refers_to);
  });
  return [...relations].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([field, resource]) => ({ field, resource }));
}

/** The provider query parameters a list's filters and sort are sent as, with where the mapping names each. */
function filterQueryNames(document: OperationDocument, at: (string | number)[]): { name: string; at: (string | number)[]; target?: 'key' }[] {
  return [
    ...Object.entries(document.filters ?? {}).map(([name, query]) => ({ name: query, at: [...at, 'filters', name] })),
    ...Object.keys(document.sort?.query ?? {}).map((name) => ({ name, at: [...at, 'sort', 'query', name], target: 'key' as const })),
  ];
}

/** What sends a paging, filter or sort parameter, from where the mapping names it. */
function senderOf(at: readonly (string | number)[]): string {
  const key = String(at[at.length - 1]);
  if (at.includes('pagination')) return `the pagination (\`${key}\`)`;
  if (at.includes('filters')) return `filter '${key}' (\`filters\`)`;
  return 'the sort (`sort.query`)';
}

function paginationQuery(pagination: PaginationDocument | undefined): { name: string; at: (string | number)[] }[] {
  if (!pagination) return [];
  const out: { name: string; at: (string | number)[] }[] = [];
  for (const key of ['page_param', 'size_param', 'offset_param', 'limit_param', 'cursor_param'] as const) {
    const name = (pagination as Partial<Record<typeof key, string>>)[key];
    if (name !== undefined) out.push({ name, at: ['pagination', key] });
  }
  return out;
}

/** Settings (`secret` false) or credentials (secret unless they say `secret: false`), by name. */
function declarations(documents: Record<string, SettingDocument> | undefined, credentials: boolean): SettingIR[] {
  return Object.entries(documents ?? {})
    .map(([name, d]) => ({
      name,
      description: d.description,
      required: d.required ?? true,
      pattern: d.pattern,
      default: d.default,
      example: d.example,
      secret: credentials && d.secret !== false,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function paginationIR(mapping: MappingDocument): PaginationIR {
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

function isHeaderName(name: string): boolean {
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name);
}
