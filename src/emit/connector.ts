/**
 * `<provider>/connector.gen.ts`: the connector factory — settings and
 * credentials, auth, and one method per operation of the spec, each a short
 * sequence of runtime calls around the generated transformers.
 */

import type { FunctionDeclarationStructure, InterfaceDeclarationStructure } from 'ts-morph';
import { StructureKind } from './ts-morph.js';
import type { BodyIR, ConnectorIR, ListFiltersIR, OperationIR, PaginationIR, SettingIR, StoreNode, Template, UnifiedIR } from '../ir/model.js';
import { recordIdPath } from '../ir/paths.js';
import { positionKind } from '../runtime/pagination.js';
import { Code } from './code.js';
import type { EmitContext } from './context.js';
import { commentText, constStatement, inline, json, key, str } from './literals.js';
import { connectorNames, relationsName } from './names.js';
import { header, type Statement } from './printer.js';
import { parentVariable, templateExpression, transformerNames } from './transformers/index.js';
import { unifiedFiles, unifiedNames } from './unified.js';

export function connectorFile(connector: ConnectorIR, unified: UnifiedIR, context: EmitContext, file: string): string {
  const names = connectorNames(connector);
  const u = unifiedNames(unified, connector.resource);
  const t = transformerNames(connector, unified);
  const runtime = new Set(['ConnectorContext', 'resolveSettings', 'UnifiedError', 'ConnectorDefinition', 'ConnectorOptions', 'PaginationStrategy']);
  const supported = connector.operations.filter((o): o is OperationIR => !('unsupported' in o));
  const writes = supported.filter((o) => o.body);
  const statements: Statement[] = [];

  statements.push(settingsInterface(names.settings, `Connection settings of ${connector.name}.`, connector.settings));
  statements.push(settingsInterface(names.credentials, `Credentials of ${connector.name}; masked in every error, log and raw payload.`, connector.credentials));
  statements.push({
    kind: StructureKind.TypeAlias,
    name: names.options,
    isExported: true,
    type: `ConnectorOptions<${names.settings}, ${names.credentials}>`,
    docs: [commentText(`What \`${names.factory}\` takes: settings, credentials, and optionally a base URL override, a fetch, timeouts and retry bounds.`)],
  });

  statements.push(
    constStatement(
      names.definition,
      'ConnectorDefinition',
      json({
        service: connector.service,
        resource: connector.resource.name,
        unifiedServer: unified.server,
        collectionPath: connector.resource.collectionPath,
        settings: declarationsOf(connector.settings, 'settings'),
        credentials: declarationsOf(connector.credentials, 'credentials'),
        errors: {
          messagePaths: connector.errors.messagePaths,
          ...(connector.errors.statusTypes.length ? { statusTypes: Object.fromEntries(connector.errors.statusTypes.map((s) => [String(s.status), s.type])) } : {}),
        },
        ...(connector.rateLimit ? { rateLimit: connector.rateLimit } : {}),
      }),
      [commentText(`What the runtime needs to know about ${connector.name}: its settings, credentials, error bodies and rate-limit headers.`)],
    ),
  );
  // Writes that store the same (a create and an update, mostly) share one constant, named after the first.
  const stored = new Map<string, OperationIR[]>();
  for (const operation of writes) {
    if (!operation.stores) continue;
    const literal = json(storedShape(operation.stores));
    stored.set(literal, [...(stored.get(literal) ?? []), operation]);
  }
  for (const [literal, sharing] of stored) {
    runtime.add('StoredShape');
    statements.push(
      constStatement(storesName(sharing[0]!), 'StoredShape', literal, [
        commentText(`What ${sharing.map((o) => o.id).join(' and ')} ${sharing.length > 1 ? 'store' : 'stores'} of a unified ${u.bodyParam}; anything else given is reported as dropped (refused under \`strictWrites\`).`),
      ]),
    );
  }
  statements.push(constStatement(names.pagination, 'PaginationStrategy', json(paginationLiteral(connector.pagination)), [commentText(`How ${connector.name} pages lists (${connector.pagination.type}).`)]));
  if (connector.relations.length > 0) {
    statements.push(
      constStatement(relationsName(connector), undefined, `${json(Object.fromEntries(connector.relations.map((r) => [r.field, r.resource])))} as const`, [
        commentText(`The unified fields of a ${connector.resource.name.replace(/ies$/, 'y').replace(/s$/, '')} that hold the id of a record of another resource, and that resource.`),
      ], true),
    );
  }
  for (const operation of supported) {
    if (!operation.listFilters) continue;
    runtime.add('ListFilterPlan');
    runtime.add('filterQuery');
    statements.push(constStatement(filtersName(operation), 'ListFilterPlan', json(filterPlanLiteral(operation.listFilters)), [commentText(`The filters and sorts ${operation.id} takes (those the spec defines and ${connector.name} cannot honour are refused).`)]));
  }
  statements.push({
    kind: StructureKind.Function,
    name: names.baseUrl,
    isExported: true,
    docs: [commentText(`The ${connector.name} API base URL for these settings (${connector.baseUrl.source}).`)],
    parameters: [{ name: 'settings', type: 'Readonly<Record<string, string | undefined>>' }],
    returnType: 'string',
    statements: [`return ${urlTemplateExpression(connector.baseUrl, connector.settings)};`],
  });

  statements.push(factory(connector, unified, runtime, supported));

  const importsUnified = [u.connectorInterface, ...(supported.some((o) => o.unified.kind === 'list') ? [u.record] : [])].sort();
  const head: Statement[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: context.runtime(file),
      namedImports: [...runtime].sort().map((name) => (/^(ConnectorDefinition|ConnectorOptions|SettingDeclaration|PaginationStrategy|FieldIssue|SignIn|StoredShape|ListFilterPlan)$/.test(name) ? { name, isTypeOnly: true } : name)),
    },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: context.sibling(file, unifiedFiles(unified).types), namedImports: importsUnified.map((name) => ({ name, isTypeOnly: true })) },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: context.sibling(file, unifiedFiles(unified).schema), namedImports: [u.fieldTree] },
  ];
  if (writes.length > 0) head.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: context.sibling(file, unifiedFiles(unified).validate), namedImports: [u.validateInput] });
  head.push({
    kind: StructureKind.ImportDeclaration,
    moduleSpecifier: context.sibling(file, `${connector.folder}/transformers.gen.ts`),
    namedImports: [t.read, ...writes.map((o) => t.write(o))].sort(),
  });
  return context.printer.print(file, header([connector.files.mapping, connector.files.providerSpec, unified.file]), [...head, ...statements]);
}

function settingsInterface(name: string, doc: string, declarations: SettingIR[]): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name,
    isExported: true,
    docs: [commentText(doc)],
    properties: declarations.map((d) => ({
      kind: StructureKind.PropertySignature,
      name: key(d.name),
      hasQuestionToken: !d.required || d.default !== undefined,
      type: 'string',
      docs: [commentText([d.description, d.pattern ? `Must match \`${d.pattern}\`.` : undefined, d.default !== undefined ? `Default: \`${d.default}\`.` : undefined].filter(Boolean).join(' '))].filter(Boolean),
    })),
  };
}

function declarationsOf(list: SettingIR[], kind: 'settings' | 'credentials') {
  return list.map((d) => ({
    name: d.name,
    required: d.required,
    ...(d.pattern !== undefined ? { pattern: d.pattern } : {}),
    ...(d.default !== undefined ? { default: d.default } : {}),
    // Only the exception is written: a credential that is no secret (no setting is one).
    ...(kind === 'credentials' && !d.secret ? { secret: false } : {}),
  }));
}

function paginationLiteral(pagination: PaginationIR): Record<string, unknown> {
  return { ...pagination };
}

/** A base URL template: settings values are percent-encoded, so they can only fill their slot. */
function urlTemplateExpression(template: Template, settings: SettingIR[]): string {
  const parts = template.parts.map((part) => {
    if (part.kind === 'text') return str(part.text);
    if (part.kind !== 'settings') return "''";
    const fallback = settings.find((s) => s.name === part.name)?.default ?? '';
    return `encodeURIComponent(settings[${str(part.name)}] ?? ${str(fallback)})`;
  });
  return parts.length ? parts.join(' + ') : "''";
}

/** The constant of what a write stores (`customersAddStores`). */
function storesName(operation: OperationIR): string {
  return `${operation.id}Stores`;
}

/** The constant holding what `operation` stores: its own, or that of the first write that stores the same. */
function storesConstant(operation: OperationIR, connector: ConnectorIR): string {
  const literal = json(storedShape(operation.stores!));
  const first = connector.operations.find((o): o is OperationIR => !('unsupported' in o) && o.body !== undefined && o.stores !== undefined && json(storedShape(o.stores)) === literal)!;
  return storesName(first);
}

function filtersName(operation: OperationIR): string {
  return `${operation.id}Filters`;
}

/** The IR's list filters as the runtime's `ListFilterPlan` literal. */
function filterPlanLiteral(plan: ListFiltersIR): Record<string, unknown> {
  return {
    known: plan.known,
    filters: Object.fromEntries(plan.filters.map((f) => [f.name, f.query])),
    sortable: plan.sortable,
    ...(plan.sort
      ? { sort: { fields: Object.fromEntries(plan.sort.fields.map((f) => [f.unified, f.provider])), directions: plan.sort.directions, query: Object.fromEntries(plan.sort.query.map((q) => [q.name, q.value])) } }
      : {}),
    ...(plan.search
      ? {
          search: {
            filters: Object.fromEntries(plan.search.filters.map((f) => [f.name, { field: f.field, operator: f.operator }])),
            filter: plan.search.filter,
            ...(plan.search.sort ? { sort: { fields: Object.fromEntries(plan.search.sort.fields.map((f) => [f.unified, f.provider])), directions: plan.search.sort.directions, element: plan.search.sort.element } } : {}),
            body: plan.search.body,
            numeric: plan.search.numeric,
          },
        }
      : {}),
  };
}

/** The IR's store tree as the runtime's `StoredShape` literal. */
function storedShape(node: StoreNode): unknown {
  switch (node.kind) {
    case 'value':
      return true;
    case 'object':
      return { members: Object.fromEntries([...node.members].map(([name, member]) => [name, storedShape(member)])) };
    case 'array':
      return {
        elements: storedShape(node.element),
        ...(node.every ? { every: true } : {}),
        ...(node.key !== undefined ? { key: node.key, values: node.values } : {}),
        ...(node.untyped !== undefined ? { untyped: node.untyped } : {}),
        ...(node.upTo > 0 ? { upTo: node.upTo } : {}),
      };
  }
}

/** What a sign-in method puts on a request, its `with` keys too: its headers and its query, as object literals. */
function signInLiterals(method: ConnectorIR['auth'][number], runtime: Set<string>): { headers: string; query: string } {
  const headers: string[] = [];
  const query: string[] = [];
  switch (method.type) {
    case 'basic':
      runtime.add('basicAuth');
      headers.push(`authorization: basicAuth(${templateExpression(method.username)}, ${templateExpression(method.password)})`);
      break;
    case 'bearer':
      headers.push(`authorization: 'Bearer ' + ${templateExpression(method.token)}`);
      break;
    case 'header':
    case 'query':
      (method.type === 'header' ? headers : query).push(`${str(method.type === 'header' ? method.name.toLowerCase() : method.name)}: ${templateExpression(method.value)}`);
      break;
  }
  for (const sent of method.with ?? []) (sent.type === 'header' ? headers : query).push(`${str(sent.type === 'header' ? sent.name.toLowerCase() : sent.name)}: ${templateExpression(sent.value)}`);
  const literal = (members: string[]) => (members.length > 0 ? `{ ${members.join(', ')} }` : '{}');
  return { headers: literal(headers), query: literal(query) };
}

function factory(connector: ConnectorIR, unified: UnifiedIR, runtime: Set<string>, supported: OperationIR[]): FunctionDeclarationStructure {
  const names = connectorNames(connector);
  const u = unifiedNames(unified, connector.resource);
  const code = new Code();
  // Read once, here: nothing after can run caller code (a getter, a Proxy trap) in the options again.
  runtime.add('readConnectorOptions');
  code.line('const options = readConnectorOptions(given);');
  code.line(`const settings = resolveSettings('settings', ${names.definition}.settings, options.settings);`);
  code.line(`const credentials = resolveSettings('credentials', ${names.definition}.credentials, options.credentials);`);

  const present = (method: (typeof connector.auth)[number]) => (method.uses.length ? method.uses.map((name) => `credentials[${str(name)}] !== undefined`).join(' && ') : 'true');
  const needs = connector.auth.map((m) => m.uses.join(' + ') || '(none)');
  const refused = `throw new UnifiedError('ConnectorCredentialsError', ${str(`${connector.name} needs credentials: ${needs.join(' or ')}`)}, { status: 401 });`;
  const restricted = connector.signInByOperation.length > 0;
  if (!restricted) {
    // Auth: the first method whose credentials are all present.
    code.line('let authHeaders: Record<string, string>;');
    code.line('let authQuery: Record<string, string> = {};');
    connector.auth.forEach((method, index) => {
      const head = index === 0 ? `if (${present(method)})` : `else if (${present(method)})`;
      const sent = signInLiterals(method, runtime);
      code.block(head, () => {
        code.line(`authHeaders = ${sent.headers};`);
        if (sent.query !== '{}') code.line(`authQuery = ${sent.query};`);
      });
    });
    code.block('else', () => code.line(refused));
  } else {
    // Some operations take only some of the methods (the provider's `security` for them): each one the credentials make.
    // Typed: each literal alone would be inferred with the others' members as optional `undefined` (a header method's
    // `query: { api_key?: undefined }`), which no `SignIn` takes.
    runtime.add('SignIn');
    code.line('const signIns: (SignIn | undefined)[] = [');
    for (const method of connector.auth) {
      const sent = signInLiterals(method, runtime);
      const made = `{ headers: ${sent.headers}, query: ${sent.query} }`;
      code.line(`  ${method.uses.length ? `${present(method)} ? ${made} : undefined` : made},`);
    }
    code.line('];');
    code.block('if (signIns.every((signIn) => signIn === undefined))', () => code.line(refused));
  }
  const headers = connector.headers.map((h) => `${str(h.name)}: ${templateExpression(h.value)}`);
  code.line(`const context = new ConnectorContext(${names.definition}, options, {`);
  code.line(`  baseUrl: ${names.baseUrl}(settings),`);
  if (headers.length) code.line(`  headers: { ${headers.join(', ')} },`);
  if (restricted) {
    const operations = connector.signInByOperation.map(({ operation, methods }) => `${key(operation)}: ${inline(methods)}`);
    code.line(`  signIns: { methods: signIns, needs: ${inline(needs)}, operations: { ${operations.join(', ')} } },`);
  } else {
    code.line('  authHeaders,');
    code.line('  authQuery,');
  }
  code.line('  secrets: Object.values(credentials),');
  code.line('});');
  code.line(`const connector: ${u.connectorInterface} = {`);
  code.line(`  service: ${str(connector.service)},`);
  for (const operation of connector.operations) {
    const unsupported = 'unsupported' in operation;
    code.line(`  ${key(operation.id)}: (${unsupported ? 'params' : 'given'}) =>`);
    code.line(`    context.run(${str(operation.id)}, async () => {`);
    const body = new Code();
    if (unsupported) {
      body.line(`throw new UnifiedError('ConnectorOperationUnsupportedError', ${str(`${connector.name} has no equivalent of ${operation.id}`)}, { detail: { operation: ${str(operation.id)} } });`);
    } else {
      // The caller's params are read once, here: nothing after can run caller code (a getter, a Proxy trap) again.
      runtime.add('readParams');
      const members = [...operation.unified.params.map((p) => p.name), ...(operation.unified.requestBody ? [u.bodyParam] : []), 'signal'];
      body.line(`const params = readParams(given, ${inline(members)}${operation.unified.requestBody ? `, ${str(u.bodyParam)}` : ''});`);
      operationBody(body, connector, unified, operation, runtime);
    }
    for (const line of body.text().split('\n')) code.line(line ? `      ${line}` : '');
    code.line('    }),');
  }
  code.line('};');
  code.line('return connector;');

  return {
    kind: StructureKind.Function,
    name: names.factory,
    isExported: true,
    docs: [
      commentText(
        `The ${connector.name} connector, with the unified ${unified.title} operations. Throws \`ConnectionSettingsError\` or \`ConnectorCredentialsError\` when settings or credentials are missing or malformed; every operation answers the spec's envelope or throws a \`UnifiedError\`.`,
      ),
    ],
    parameters: [{ name: 'given', type: names.options }],
    returnType: u.connectorInterface,
    statements: code.writer(),
  };
}

/** `.name`, or `['name']` where the name is no identifier. */
const access = (name: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${str(name)}]`);

function pathExpression(operation: Pick<OperationIR, 'path'>, runtime: Set<string>): string {
  const parts = operation.path.map((part) => {
    if (part.kind === 'text') return str(part.text);
    runtime.add('pathSegment');
    return part.kind === 'id' ? 'pathSegment(id)' : `pathSegment(${parentVariable(part.name)})`;
  });
  return parts.length ? parts.join(' + ') : "''";
}

function queryExpression(operation: OperationIR, extra?: string): string {
  const entries = operation.query.map((q) => `${str(q.name)}: ${templateExpression(q.value)}`);
  if (extra) entries.unshift(`...${extra}`);
  return entries.length ? `{ ${entries.join(', ')} }` : '{}';
}

function headersExpression(operation: OperationIR): string | undefined {
  if (operation.headers.length === 0) return undefined;
  return `{ ${operation.headers.map((h) => `${str(h.name)}: ${templateExpression(h.value)}`).join(', ')} }`;
}

function operationBody(code: Code, connector: ConnectorIR, unified: UnifiedIR, operation: OperationIR, runtime: Set<string>): void {
  const names = connectorNames(connector);
  const u = unifiedNames(unified, connector.resource);
  const t = transformerNames(connector, unified);
  const op = str(operation.id);
  const kind = operation.unified.kind;
  const headers = headersExpression(operation);
  const common = (extra: string) => {
    const query = queryExpression(operation, extra === 'request' ? (operation.listFilters ? 'request.query, ...filtering' : 'request.query') : undefined);
    const members = [`method: ${str(operation.method)}`, `path: ${pathExpression(operation, runtime)}`];
    if (query !== '{}') members.push(`query: ${query}`);
    if (headers) members.push(`headers: ${headers}`);
    if (extra === 'request') members.push('...(request.url ? { url: request.url } : {})');
    else if (extra) members.push(extra);
    return `{ ${members.join(', ')} }`;
  };

  // Path parameters as the spec names them: the record's id (`id`, `ticket_id`) and a parent's (`collection_id`).
  const askedId = idSent(operation);
  // The id the caller gave is checked (and answered, by an update or delete) even where the provider needs none (`ignores`).
  if (operation.path.some((p) => p.kind === 'id') || (operation.unified.idParam !== undefined && askedId === undefined)) code.line(`const id = context.id(params${access(operation.unified.idParam!)}${operation.unified.idParam === 'id' ? '' : `, ${str(operation.unified.idParam!)}`});`);
  for (const name of parentsSent(operation)) code.line(`const ${parentVariable(name)} = context.id(params${access(name)}, ${str(name)});`);

  switch (kind) {
    case 'list': {
      runtime.add('collectPage');
      code.line('const limit = context.limit(params.limit);');
      code.line(`const start = context.cursor(params.cursor, ${str(positionKind(connector.pagination))});`);
      code.line(`const selection = context.fields(params.fields, ${u.fieldTree});`);
      if (operation.listFilters) code.line(`const filtering = filterQuery(params.filter, params.sort, ${filtersName(operation)});`);
      const search = operation.listFilters?.search;
      if (search) {
        runtime.add('searchFilters');
        runtime.add('searchBody');
        code.comment('A filtered or sorted list is a search: the list endpoint cannot filter.');
        code.line(`const search = searchFilters(params.filter, params.sort, ${filtersName(operation)});`);
      }
      // The kept pages' scope: what the provider's answer depends on beyond the page position.
      const recordId = recordIdPath(connector);
      const listingOptions = [...(operation.listFilters ? [`request: ${search ? '[filtering, search]' : 'filtering'}`] : []), ...(recordId ? [`recordId: ${inline(recordId)}`] : [])];
      const listing = `context.listing(${op}${listingOptions.length ? `, { ${listingOptions.join(', ')} }` : ''})`;
      code.block(`const page = await collectPage(${names.pagination}, start, limit, context.baseUrl, async (request) =>`, () => {
        if (search) {
          code.line('const response = search');
          const parents = search.parents.map(({ name, numeric }) => `${str(name)}: ${numeric ? `context.numericId(${parentVariable(name)}, ${str(name)})` : parentVariable(name)}`);
          code.line(`  ? await context.send(${op}, { method: ${str(search.method)}, path: ${pathExpression({ path: search.pieces }, runtime)}, body: searchBody(${filtersName(operation)}.search!, search, request.query${parents.length ? `, { ${parents.join(', ')} }` : ''}), encoding: 'json', replayable: true }, params.signal)`);
          code.line(`  : await context.send(${op}, ${common('request')}, params.signal);`);
        } else code.line(`const response = await context.send(${op}, ${common('request')}, params.signal);`);
        code.line(`context.expectStatus(${op}, response, ${inline(operation.statuses)});`);
        code.line(`const body = context.readJson(${op}, response, { maxRecords: request.maxRecords });`);
        const where = operation.where.length ? `, ${json(Object.fromEntries(operation.where.map((w) => [w.key, w.value])))}` : '';
        // The bound is on the page as answered, before `where` keeps some of it (a page of 10,001 `{}` keeps none).
        code.line(`return { items: context.records(${op}, response, body, ${inline(operation.recordsPaths)}, ${where ? where.slice(2) : '{}'}, { maxRecords: request.maxRecords${operation.recordsNullable ? ', nullIsEmpty: true' : ''}${operation.recordsOptional ? ', absentIsEmpty: true' : ''} }), body, headers: response.headers, size: response.text.length };`);
      }, operation.where.length && maxSizeOf(connector.pagination) ? `}, { providerPageSize: ${maxSizeOf(connector.pagination)}, ...${listing} });` : `}, ${listing});`);
      code.line(`const data: ${u.record}[] = [];`);
      code.block('page.items.forEach((item, index) =>', () => {
        if (readsId(connector)) {
          // Answered, as the provider listed it, but said: a get of the same record refuses it, and nothing can address it.
          code.line(`const report = context.reporter(${op}, index);`);
          code.line(`const record = ${t.read}(item, report);`);
          code.line(`if (record !== undefined && (record.id === undefined || record.id === null || record.id === '')) report('id', 'the provider listed a record without its id: it is answered, but cannot be fetched, updated or deleted by its id');`);
        } else code.line(`const record = ${t.read}(item, context.reporter(${op}, index));`);
        code.line('if (record !== undefined) data.push(record);');
      }, '});');
      code.line(`return context.listEnvelope(${str(operation.unified.envelopeName)}, data, { current: params.cursor ?? null, next: page.next, bodies: page.bodies }, params, selection, limit);`);
      return;
    }
    case 'get': {
      code.line(`const selection = context.fields(params.fields, ${u.fieldTree});`);
      code.line(`const response = await context.send(${op}, ${common('')}, params.signal);`);
      code.line(`context.expectStatus(${op}, response, ${inline(operation.statuses)});`);
      code.line(`const body = context.readJson(${op}, response);`);
      if (operation.where.length) {
        // A record outside what this connector lists is not one of its customers.
        code.line(`const found = context.record(${op}, response, body, ${inline(operation.recordPath ?? [])}, ${inline(Object.fromEntries(operation.where.map((w) => [w.key, w.value])))});`);
        code.line(`const record = ${t.read}(found, context.reporter(${op}));`);
      } else code.line(`const record = ${t.read}(context.record(${op}, response, body, ${inline(operation.recordPath ?? [])}), context.reporter(${op}));`);
      // A body that is JSON but not a record ({}, a record without its id) is not an answer.
      // A record with another id than the one asked for is not this record.
      const asked = askedId ? `, ${askedId}` : '';
      code.line(`const unifiedRecord = context.readRecord(${op}, response, record, ${inline(operation.recordPath ?? [])}, ${readsId(connector)}${asked});`);
      runtime.add('selectFields');
      code.line(`return context.envelope(${str(operation.unified.envelopeName)}, ${operation.unified.successStatus}, selectFields(unifiedRecord, selection), { requested: params.raw, bodies: [body] });`);
      return;
    }
    case 'create':
    case 'update': {
      runtime.add('validationError');
      runtime.add('FieldIssue');
      code.line(`const issues: FieldIssue[] = ${u.validateInput}(params.${u.bodyParam});`);
      code.line('if (issues.length > 0) throw validationError(issues);');
      if (operation.stores) code.line(`context.unstored(${op}, params.${u.bodyParam}, ${storesConstant(operation, connector)}, ${str(u.bodyParam)}, issues);`);
      code.line(`const record = ${t.write(operation)}(params.${u.bodyParam}, issues, settings);`);
      code.line(`context.settle(${op}, issues);`);
      const bodyExpr = requestBodyExpression(operation, runtime);
      const idempotent = connector.idempotencyHeader !== undefined && kind === 'create';
      if (idempotent) {
        runtime.add('newIdempotencyKey');
        code.line('const idempotencyKey = newIdempotencyKey();');
      }
      const idem = idempotent ? `, idempotencyKey: { header: ${str(connector.idempotencyHeader!)}, value: idempotencyKey }` : '';
      code.line(`const sent = ${bodyExpr};`);
      // The JSON Patch operations the provider's document allows (Help Scout's take replace and remove, never add).
      const patch = operation.body!.patch ? `, patch: { set: ${str(operation.body!.patch.set)}, clear: ${str(operation.body!.patch.clear)} }` : '';
      // The body's media type where the document declares another than the encoding's own (merge-patch+json for JSON).
      const mediaType = operation.body!.mediaType ? `, mediaType: ${str(operation.body!.mediaType)}` : '';
      const request = common(`body: sent, encoding: ${str(operation.body!.encoding)}${mediaType}${patch}${idem}`);
      if (kind === 'create') {
        // What finds the record again, known before it is sent: a failure that may come after the provider made it says so.
        const reconcile = [
          ...(idempotent ? [`${str(connector.idempotencyHeader!)}: idempotencyKey`] : []),
          ...followUpRequestPaths(operation).map((path) => {
            runtime.add('templateValue');
            return `${str(path.join('.'))}: templateValue(${inline([{ kind: 'request', path }])}, { settings, request: sent, response: undefined })`;
          }),
        ];
        code.line(`const reconcile = ${reconcile.length ? `{ ${reconcile.join(', ')} }` : '{}'};`);
        code.line(`const response = await context.sendCreate(${op}, ${request}, reconcile, params.signal);`);
        code.line(`context.expectAccepted(${op}, response, ${inline(operation.statuses)}, reconcile);`);
      } else {
        code.line(`const response = await context.send(${op}, ${request}, params.signal);`);
        code.line(`context.expectStatus(${op}, response, ${inline(operation.statuses)});`);
      }
      const answer = () => {
        code.line(`const body = context.readJson(${op}, response, { allowEmpty: ${operation.idPath === undefined} });`);
        if (operation.followUp) return followUp(code, operation, runtime);
        // An update's answer names the record it changed: it must be the one asked for.
        const asked = kind === 'update' && askedId ? `, ${askedId}` : '';
        const id = operation.idPath
          ? `id: context.idFrom(${op}, response, body, ${inline(operation.idPath)}${asked})`
          : operation.idHeader
            ? `id: context.idFromHeader(${op}, response, ${str(operation.idHeader.name)}, ${operation.idHeader.lastSegment}${asked})`
            : idMember(askedId);
        code.line(`return context.envelope(${str(operation.unified.envelopeName)}, ${operation.unified.successStatus}, { ${id} }, { requested: params.raw, bodies: body === undefined ? [] : [body] });`);
      };
      if (kind !== 'create') return answer();
      // From here the record exists: a failure says so, with what finds it again.
      code.block(`return context.confirmCreate(${op}, response, reconcile, async () =>`, answer, `}, { retry: ${operation.followUp !== undefined}, signal: params.signal });`);
      return;
    }
    case 'delete': {
      code.line(`const response = await context.send(${op}, ${common('')}, params.signal);`);
      code.line(`context.expectDeleted(${op}, response, ${inline(operation.statuses)});`);
      code.line(`const body = context.readJson(${op}, response, { allowEmpty: true });`);
      code.line(`return context.envelope(${str(operation.unified.envelopeName)}, ${operation.unified.successStatus}, { ${idMember(askedId)} }, { requested: params.raw, bodies: body === undefined ? [] : [body] });`);
      return;
    }
  }
}

/** The answer's `id` member, from the variable holding the id the call asked for. */
const idMember = (asked: string | undefined) => (asked === undefined || asked === 'id' ? 'id' : `id: ${asked}`);

/**
 * The variable holding the record's id the call asked for: `id` where the path sends it, a value's variable
 * where only a query parameter or body member does (`?task={path.id}`); undefined where nothing sends it.
 */
function idSent(operation: OperationIR): string | undefined {
  if (operation.path.some((p) => p.kind === 'id')) return 'id';
  const idParam = operation.unified.idParam;
  return idParam !== undefined && parentsSent(operation).includes(idParam) ? parentVariable(idParam) : undefined;
}

/** The body as sent: extra values, indexed keys, then `from` and `wrap`. */
function requestBodyExpression(operation: OperationIR, runtime: Set<string>): string {
  const body = operation.body!;
  if (body.values.some((v) => v.value.parts.some((p) => p.kind === 'uuid'))) runtime.add('newIdempotencyKey');
  // The write function already builds the `from` member's shape, so `from` needs nothing here.
  let expression = 'record';
  if (body.indexed.length > 0) {
    expression = `context.indexed(${expression}, ${inline(body.indexed.map((i) => ({ member: i.member, keys: Object.fromEntries(i.keys.map((k) => [k.key, k.pattern])) })))})`;
  }
  if (body.values.length > 0) {
    expression = `{ ...${expression}, ${body.values.map((v) => `${str(v.name)}: ${v.list ? `[${valueExpression(v)}]` : valueExpression(v)}`).join(', ')} }`;
  }
  if (body.wrap !== undefined) expression = `{ ${body.wrap === '__proto__' ? `[${str(body.wrap)}]` : key(body.wrap)}: ${body.wrapInList ? `[${expression}]` : expression} }`;
  return expression;
}

/** A body value as sent: a number where the provider's schema says so, a parent's id refused there unless it is one. */
function valueExpression(value: BodyIR['values'][number]): string {
  if (!value.numeric) return templateExpression(value.value);
  const [part] = value.value.parts;
  // The IR lets a parent reach a number member only alone.
  if (part?.kind === 'path') return `context.numericId(${parentVariable(part.name)}, ${str(part.name)})`;
  return `Number(${templateExpression(value.value)})`;
}

/** The parents an operation sends, in its path (its search's path and body too) or in query, header and body values and its follow-up lookup (the record's id too), in order of first use. */
function parentsSent(operation: OperationIR): string[] {
  const pieces = [...operation.path, ...(operation.listFilters?.search?.pieces ?? [])].flatMap((p) => (p.kind === 'param' ? [p.name] : [])).concat(operation.listFilters?.search?.parents.map((p) => p.name) ?? []);
  const templates = parentsIn([...operation.query.map((q) => q.value), ...operation.headers.map((h) => h.value), ...(operation.body?.values.map((v) => v.value) ?? []), ...(operation.followUp ? followUpTemplates(operation.followUp) : [])]);
  return [...new Set([...pieces, ...templates])];
}

/** The parents `templates` send as `{path.<name>}`, in order of use. */
function parentsIn(templates: readonly Template[]): string[] {
  return templates.flatMap((template) => template.parts.flatMap((part) => (part.kind === 'path' ? [part.name] : [])));
}

function followUp(code: Code, operation: OperationIR, runtime: Set<string>): void {
  const then = operation.followUp!;
  const op = str(operation.id);
  runtime.add('templateValue');
  const parents = [...new Set(parentsIn(followUpTemplates(then)))];
  const path = parents.length ? ` path: { ${parents.map((name) => `${str(name)}: ${parentVariable(name)}`).join(', ')} },` : '';
  code.line(`const scope = { settings,${path} request: sent, response: body, headers: response.headers };`);
  const template = (t: Template) => `context.filled(${op}, response, templateValue(${inline(t.parts)}, scope), ${str(t.source)})`;
  // Values from the answers fill path segments only percent-encoded.
  const lookupPath =
    then.path.parts.map((part) => (part.kind === 'text' ? str(part.text) : (runtime.add('pathSegment'), `pathSegment(context.filled(${op}, response, templateValue(${inline([part])}, scope), ${str(then.path.source)}))`))).join(' + ') || "''";
  code.comment('The provider answers without the new id: look it up as the mapping says.');
  const query = then.query.length ? `, query: { ${then.query.map((q) => `${str(q.name)}: ${template(q.value)}`).join(', ')} }` : '';
  const followBody = then.body ? `, body: { ${then.body.values.map((v) => `${str(v.name)}: ${template(v.value)}`).join(', ')} }, encoding: ${str(then.body.encoding)}` : '';
  // The lookup only reads, so it may be retried even when it is a POST; the create is never repeated.
  code.line(`const lookup = await context.send(${op}, { method: ${str(then.method)}, path: ${lookupPath}${query}${followBody}, replayable: true }, params.signal);`);
  code.line(`context.expectStatus(${op}, lookup, ${inline(then.statuses)});`);
  code.line(`const found = context.readJson(${op}, lookup);`);
  // Another record than the one the create made is not taken for it (`then.where`).
  if (then.where.length > 0) code.line(`context.expectFound(${op}, lookup, found, [${then.where.map((w) => `{ path: ${inline(w.path)}, value: ${template(w.value)} }`).join(', ')}]);`);
  code.line(`return context.envelope(${str(operation.unified.envelopeName)}, ${operation.unified.successStatus}, { id: context.idFrom(${op}, lookup, found, ${inline(then.idPath ?? [])}) }, { requested: params.raw, bodies: [body, found] });`);
}

/** The templates of a follow-up lookup: its path, query values and body values. */
function followUpTemplates(then: NonNullable<OperationIR['followUp']>): Template[] {
  return [then.path, ...then.query.map((q) => q.value), ...(then.body?.values.map((v) => v.value) ?? []), ...then.where.map((w) => w.value)];
}

/** Request values a follow-up lookup searches by: what finds the record again when the lookup fails. */
function followUpRequestPaths(operation: OperationIR): string[][] {
  const then = operation.followUp;
  if (!then) return [];
  const paths = new Map<string, string[]>();
  for (const template of followUpTemplates(then)) {
    for (const part of template.parts) if (part.kind === 'request') paths.set(part.path.join('.'), [...part.path]);
  }
  return [...paths.keys()].sort().map((key) => paths.get(key)!);
}

/** Whether the mapping reads the unified id, so a record without one is no record. */
function readsId(connector: ConnectorIR): boolean {
  return connector.fields.some((field) => field.direction.read && field.kind !== 'split' && field.kind !== 'provider-const' && field.unified[0]?.name === 'id' && field.unified.length === 1);
}

function maxSizeOf(pagination: PaginationIR): number | undefined {
  switch (pagination.type) {
    case 'page':
    case 'cursor':
    case 'link':
      return pagination.sizeParam ? pagination.maxSize : undefined;
    case 'offset':
      return pagination.maxLimit;
    case 'none':
      return undefined;
  }
}

