/**
 * A request held to the provider's document: the operation it names must be
 * there (and signed in as its `security` says), and what it sends must be
 * what that operation declares: query parameters and headers (or vouched
 * for), every one it marks required, fixed values its schemas take, every
 * path parameter a caller gives, and a parent where the provider takes an id.
 */

import type { OperationDocument, UndocumentedDocument } from '../../parse/mapping.js';
import type { OperationIR, Template, UnifiedOperation } from '../model.js';
import { bracketed, queryTarget, queryTargetProblem, type ProviderOperation } from '../provider-operations.js';
import { describeType, type SchemaNode } from '../schema.js';
import { securityKeyParameters } from '../security.js';
import { baseUrlOnServers } from '../servers.js';
import { idTargetProblem, jsonParameterValueProblem, literalText, parameterValueProblem, valueProblem } from '../values.js';
import { bodyValueShapeFits } from './bodies.js';
import type { ConnectorCheck } from './check.js';
import { checkVouched } from './vouched.js';

/**
 * The provider spec must describe the request: same method on a path of the
 * same shape (base paths reconciled). Found, it is held to its `security`
 * (`at` is the path of the request's entry: the operation, `search`, `then`).
 */
export function checkProviderOperation(check: ConnectorCheck, method: string, path: string, at: (string | number)[], operation: string, vouchedSecurity?: string): ProviderOperation | undefined {
  const { provider, providerOperations, problems, report, signInCheck } = check;
  const lookup = providerOperations.find(method, path);
  if ('found' in lookup) {
    signInCheck.request({ operation, found: lookup.found, at: at.slice(0, -1), ...(vouchedSecurity !== undefined ? { vouched: vouchedSecurity } : {}) });
    checkOperationServers(check, lookup.found, operation, at);
    checkFixedPathValues(check, lookup.found, at);
    // An OpenAPI rule the document breaks in an operation the connector sends is an error (elsewhere, a warning).
    // Each once, however many of the mapping's requests reach it (a list and a get both read the record's schema).
    const { specPath, method: verb } = lookup.found;
    const reached = provider.faults.some((fault) => fault.component !== undefined) ? providerOperations.componentsOf(lookup.found) : undefined;
    // A path item given by `$ref` to another path's is declared there, and a fault the OpenAPI schema finds in it is said there.
    const { itemPointer } = lookup.found;
    const declaredIn = itemPointer[0] === 'paths' && itemPointer[1] !== specPath ? itemPointer[1] : undefined;
    for (const fault of provider.faults) {
      // In the operation itself, or in a component its requests or answers are read by (a schema's member OpenAPI does not define).
      const hit = ((fault.path === specPath || (declaredIn !== undefined && fault.path === declaredIn)) && (fault.method === undefined || fault.method === verb.toLowerCase())) || (fault.component !== undefined && reached?.has(fault.component));
      if (hit && !problems.includes(fault.diagnostic)) problems.push(fault.diagnostic);
    }
    return lookup.found;
  }
  report(at, 'unknown-provider-operation', lookup.message, lookup.hint);
  return undefined;
}

/**
 * `servers` on an operation or its path item override the document's
 * (OpenAPI): the operation is served there, and every request the
 * connector sends goes to the one base URL. A base URL on none of them
 * sends the request where the provider does not serve it.
 */
function checkOperationServers(check: ConnectorCheck, found: ProviderOperation, operation: string, at: (string | number)[]): void {
  const { mapping, provider, report } = check;
  if (!found.ownServers) return;
  const base = mapping.connection.base_url;
  const declared = Object.entries(mapping.connection.settings ?? {});
  const values = new Map(declared.map(([name, setting]) => [name, mapping.examples?.connection.settings?.[name] ?? setting.default ?? setting.example]));
  const { servers, declaredBy } = found.ownServers;
  if (baseUrlOnServers(base, values, servers)) return;
  const urls = servers.map((server) => server.url).join(', ');
  report(
    at,
    'invalid-template',
    `${found.method} ${found.specPath} in ${provider.source.file} is served from ${urls} (its ${declaredBy}'s \`servers\`, which override the document's), not from the base URL ${base}`,
    `the mapping language sends every request to \`connection.base_url\` and cannot send this one elsewhere: declare \`${operation}: unsupported\`; if the provider serves it at the base URL as well, the document is what to correct (list the base URL's server in those \`servers\`)`,
  );
}

/**
 * Text of the base URL or of the mapping path standing for a path variable
 * of the document (`acme` for `/{account}/customers.json`, `Contacts` for
 * `/{module_api_name}/{id}`) is a value the mapping fixes for that
 * parameter: one its schema must take, as a fixed query value must. Said
 * where the text is written; the base URL's once.
 */
function checkFixedPathValues(check: ConnectorCheck, found: ProviderOperation, at: (string | number)[]): void {
  const { resolver, report, basePathValuesChecked } = check;
  for (const { name, value, where } of found.fixedPathValues) {
    if (where === 'base_url') {
      if (basePathValuesChecked.has(`${name}=${value}`)) continue;
      basePathValuesChecked.add(`${name}=${value}`);
    }
    const parameter = found.parameters.find((p) => p.in === 'path' && p.name === name);
    if (!parameter?.schema) continue;
    const written = where === 'base_url' ? "the base URL's text" : "the mapping path's text";
    const problem = parameterValueProblem(resolver.node(parameter.schema), decodeURIComponentSafe(value), `path parameter '${name}' of ${found.method} ${found.specPath}, which ${written} stands for`, parameter.separator);
    if (problem) report(where === 'base_url' ? ['connection', 'base_url'] : at, problem.code, problem.message, problem.hint);
  }
}

/** A path segment as the value it carries; a segment that is not valid percent-encoding is taken as written. */
function decodeURIComponentSafe(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A value the mapping fixes for a parameter (`query`, `headers`) must be one
 * the parameter's schema takes, as the text it travels as; a template's
 * value is known only at run time. False when a problem was reported.
 */
export function checkFixedParameter(check: ConnectorCheck, found: ProviderOperation, place: 'query' | 'header', name: string, value: Template, at: (string | number)[]): boolean {
  const { resolver, report } = check;
  const literal = literalText(value);
  if (literal === undefined) return true;
  const sent = sentParameter(check, found, place, name);
  if (!sent?.schema) return true;
  const problem = sent.json ? jsonParameterValueProblem(sent.schema, literal, sent.what) : parameterValueProblem(sent.schema, literal, sent.what, sent.separator);
  if (problem) report(at, problem.code, problem.message, problem.hint);
  return problem === undefined;
}

/**
 * The schema a value sent as the query parameter or header `name` is held
 * to, with how it travels and how messages name it: the parameter's own, or
 * for `filter[name]` the member of a deepObject parameter's object
 * (`queryTarget`). Undefined where the document declares no such thing
 * (reported with the names a request sends).
 */
export function sentParameter(check: ConnectorCheck, found: ProviderOperation, place: 'query' | 'header', name: string): { schema: SchemaNode | undefined; what: string; json: boolean; separator: string | undefined } | undefined {
  const { resolver } = check;
  if (place === 'query') {
    const target = queryTarget(resolver, found, name);
    if (!('parameter' in target) || 'undeclared' in target) return undefined;
    // A deepObject member travels as one `name[member]=value` pair: its text is the value, never a list to split.
    const own = target.parameter.name === name;
    return { schema: target.schema, what: target.what, json: own && target.parameter.json, separator: own ? target.parameter.separator : undefined };
  }
  const parameter = found.parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === name.toLowerCase());
  return parameter && { schema: parameter.schema ? resolver.node(parameter.schema) : undefined, what: `header '${parameter.name}' of ${found.method} ${found.specPath}`, json: parameter.json, separator: parameter.separator };
}

/**
 * Every query parameter a request sends must be one the provider's
 * document declares on that operation (`filter[name]` a member of a
 * `style: deepObject` parameter `filter`), or be vouched for under
 * `undocumented` with a reason, which is then reported as trusted.
 * `sent` names each parameter where the mapping writes its name: a key
 * (`query:`), or a value (`offset_param: start`).
 */
export function checkQueryParameters(check: ConnectorCheck, found: ProviderOperation, sent: { name: string; at: (string | number)[]; target?: 'key' }[], undocumented: UndocumentedDocument | undefined, at: (string | number)[]) {
  const { provider, resolver } = check;
  const query = found.parameters.filter((p) => p.in === 'query');
  // A deepObject parameter is sent as its members: offered by them (`filter[name]`) where its schema lists them.
  const declared = query.flatMap((p) => {
    const members = p.style === 'deepObject' && p.explode !== false && p.schema ? [...resolver.node(p.schema).properties.keys()] : [];
    return members.length > 0 ? members.map((member) => `${p.name}[${member}]`) : [p.name];
  });
  const where = `${found.method} ${found.specPath}`;
  const targets = new Map<string, ReturnType<typeof queryTarget>>();
  const targetOf = (name: string) => targets.get(name) ?? targets.set(name, queryTarget(resolver, found, name)).get(name)!;
  checkVouched(check, {
    sent,
    names: declared,
    listed: 'its query parameters',
    isDeclared: (name) => !('undeclared' in targetOf(name)),
    refusal: (name) => queryTargetProblem(targetOf(name), name, `${where} in ${provider.source.file}`),
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

/** Header parameters OpenAPI says a document's `parameters` do not define: the protocol and the sign-in send them. */
const IGNORED_HEADERS = ['accept', 'authorization', 'content-type'];

/**
 * What a request of the mapping sends besides what every request does (the
 * connection's headers, the sign-in's keys): its own query parameters and
 * headers, paging, filter and sort parameters among them. `kind` says which
 * of the language's keys the request has, for what to write.
 */
export interface SentParameters {
  kind: 'operation' | 'then' | 'search';
  query: readonly string[];
  headers: readonly string[];
}

/**
 * Every query or header parameter the provider's document marks `required`
 * on the operation must be sent by the request, or the provider refuses it
 * on every call and nothing at generation or in the suite shows it (the
 * suite replays what the mapping sends). Sent counts whatever the language
 * may put there: the request's own `query` and `headers`, paging (a cursor
 * from the second page: a document requiring one on the first page leaves
 * the language nothing else to send), filters and sort, the connection's
 * headers and the sign-in's keys; a `style: deepObject` parameter is sent
 * by any of its members (`filter[name]`). Path parameters are the path's (a mapping
 * path has the document path's shape), a header OpenAPI ignores as a
 * parameter (`Accept`, `Content-Type`, `Authorization`) or a key an `apiKey`
 * security scheme names is the sign-in's, checked against `security`.
 */
export function checkRequiredParameters(check: ConnectorCheck, found: ProviderOperation, sent: SentParameters, request: string, at: (string | number)[]): void {
  const { mapping, provider, resolver, report, signInHeaders, connectionHeaders } = check;
  const query = new Set([...sent.query, ...mapping.connection.auth.flatMap((method) => [...(method.type === 'query' ? [method.name] : []), ...(method.with ?? []).filter((key) => key.type === 'query').map((key) => key.name)])]);
  const headers = new Set([...sent.headers, ...connectionHeaders.map((header) => header.name), ...signInHeaders.keys()].map((name) => name.toLowerCase()));
  const signIn = securityKeyParameters(resolver);
  for (const parameter of found.parameters) {
    if (!parameter.required || parameter.in === 'path') continue;
    const key = parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name;
    if (signIn.has(`${parameter.in}:${key}`) || (parameter.in === 'header' && IGNORED_HEADERS.includes(key))) continue;
    // A deepObject parameter is sent as its members: any `filter[…]` sends `filter`.
    const sentAsMembers = parameter.in === 'query' && parameter.style === 'deepObject' && [...query].some((name) => bracketed(name)?.base === key);
    if (parameter.in === 'query' ? query.has(key) || sentAsMembers : parameter.in === 'header' ? headers.has(key) : false) continue;
    const { line, col } = provider.source.locate(parameter.declaredAt);
    const what = `${parameter.in === 'query' ? 'query parameter' : parameter.in === 'header' ? 'header' : 'cookie'} '${parameter.name}'`;
    const schema = parameter.schema ? resolver.node(parameter.schema) : undefined;
    // A deepObject parameter is written as a member: one it requires, else its first that holds one value.
    const members = schema ? [...schema.properties.entries()] : [];
    const member = parameter.style === 'deepObject' && schema ? (schema.required.find((name) => schema.properties.has(name)) ?? (members.find(([, node]) => node.type !== 'object' && node.type !== 'array') ?? members[0])?.[0]) : undefined;
    const written = member === undefined ? { name: parameter.name, schema } : { name: `${parameter.name}[${member}]`, schema: schema!.properties.get(member) };
    const value = `<${written.schema ? describeType(written.schema) : 'its value'}>`;
    report(at, 'required-not-mapped', `${found.method} ${found.specPath} in ${provider.source.file} requires ${what} (declared at ${provider.source.file}:${line}:${col}), and ${request} never sends it`, requiredParameterHint(parameter.in, written.name, value, sent.kind), 'key');
  }
}

/** What to write to send a required parameter, as far as the language can on that kind of request. */
function requiredParameterHint(place: 'query' | 'header' | 'cookie', name: string, value: string, kind: SentParameters['kind']): string {
  const everyRequest = `\`connection: { headers: { ${name}: '{settings.<name>}' } }\` to send it on every request`;
  if (place === 'cookie') return 'the mapping language sends no cookies: the provider refuses this request without it; declare the operation `unsupported`';
  if (place === 'header') return kind === 'operation' ? `send it on this request: \`headers: { ${name}: ${value} }\`, or ${everyRequest}` : `${everyRequest} (a ${kind === 'then' ? 'follow-up' : 'search'} request has no headers of its own)`;
  if (kind === 'search') return 'a search request sends no query parameters of its own: the provider refuses it without this one; drop `search`';
  return `send it on this request: \`${kind === 'then' ? 'then: { query' : 'query'}: { ${name}: ${value} }${kind === 'then' ? ' }' : ''}\``;
}

/**
 * Headers a request sends must be header parameters the provider's document
 * declares on the operation, or vouched for under `undocumented.headers`
 * (`connection.undocumented.headers` for the connection's own, sent on
 * every request). Sign-in headers are the security schemes' business and
 * Accept/Content-Type the protocol's.
 */
export function checkHeaderParameters(check: ConnectorCheck, found: ProviderOperation, document: OperationDocument, at: (string | number)[], idempotent: boolean) {
  const { mapping, provider, connectionHeadersUndeclared } = check;
  const declared = found.parameters.filter((p) => p.in === 'header').map((p) => p.name);
  const isDeclared = (name: string) => declared.some((d) => d.toLowerCase() === name.toLowerCase());
  const where = `${found.method} ${found.specPath}`;
  // Content-Type is refused where it is written; it follows the body.
  const own: { name: string; at: (string | number)[]; target?: 'key' }[] = Object.keys(document.headers ?? {}).filter((name) => name.toLowerCase() !== 'content-type').map((name) => ({ name, at: [...at, 'headers', name], target: 'key' }));
  if (idempotent) own.push({ name: mapping.connection.idempotency_key!.header, at: ['connection', 'idempotency_key', 'header'] });
  checkVouched(check, {
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

/**
 * A caller gives every path parameter of the unified operation (a card's
 * `board_id` and its id): a parameter the request leaves out would be
 * dropped without a word, and a list would answer every board's cards for
 * one board. Each is in the path, a parent may instead be in a query or
 * body value (`{path.board_id}`, `elsewhere`), or `ignores` says why the
 * provider needs none (its task ids are unique across boards), which
 * generation names as a note.
 */
export function checkPathParametersSent(check: ConnectorCheck, unified: UnifiedOperation, path: OperationIR['path'], elsewhere: readonly { name: string; what: string }[], ignores: Readonly<Record<string, string>>, at: (string | number)[]) {
  const { source, report, trusted } = check;
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
      report([...at, 'path'], 'invalid-template', `${unified.id} sends no ${name}, in its path ('${placeholder}') or a query or body value ('{path.${name}}'): the ${name} a caller gives (a path parameter of ${unified.path}) would be dropped without a word`, `put '${placeholder}' in the path where the provider takes it, or '{path.${name}}' in the query parameter or body member that takes it; if the provider needs no ${name}, say why: \`ignores: { ${name}: <why> }\``);
    } else {
      report([...at, 'path'], 'invalid-template', `${unified.id} sends no ${name}, in its path ('${placeholder}') or a query or body value ('{path.${name}}'): the ${name} a caller gives (a path parameter of ${unified.path}) would be dropped without a word`, `put '${placeholder}' in the path where the provider takes it, or '{path.${name}}' in the query parameter or body member that takes it; if the provider needs no ${name}, say why: \`ignores: { ${name}: <why> }\``);
    }
  }
  for (const name of Object.keys(ignores)) {
    if (!names.includes(name)) report([...at, 'ignores', name], 'invalid-template', `'${name}' is not a path parameter of ${unified.path}`, names.length ? `its path parameters: ${names.join(', ')}` : 'it has none: remove `ignores`', 'key');
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
export function checkParentPlacements(check: ConnectorCheck, unified: UnifiedOperation, ir: OperationIR, found: ProviderOperation, wire: SchemaNode | undefined, at: (string | number)[]) {
  const { mapping, provider, resolver, report } = check;
  const where = `${found.method} ${found.specPath} in ${provider.source.file}`;
  const json = ir.body?.encoding === 'json' || ir.body?.encoding === 'json-patch';
  const placements = [
    ...ir.query.map((q) => {
      const parameter = sentParameter(check, found, 'query', q.name);
      const schema = parameter?.schema;
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
