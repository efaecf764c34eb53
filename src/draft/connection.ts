/**
 * How to reach the provider, from its document: the base URL (server
 * variables become settings), auth from the security requirements of the
 * operations drafted (their own `security`, else the document's) and the
 * `securitySchemes` they name, required header and query parameters, and the
 * paging strategy the list endpoint's parameters and answer describe.
 */

import { holdsNumbers, integerBounds, type SchemaNode, type SchemaResolver } from '../ir/schema.js';
import { methodsMeeting } from '../ir/security.js';
import { shapesOf, type Endpoint, type Endpoints } from './endpoints.js';
import { joined, PAGING_WORDS, wordsOf } from './words.js';

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Setting {
  name: string;
  description: string;
  pattern?: string;
  example: string;
}

export interface Credential {
  name: string;
  description: string;
  required: boolean;
  example: string;
}

/** A sign-in method; `with`, the keys a requirement of several schemes sends beside it. */
export type Auth = ({ type: 'basic'; username: string; password: string } | { type: 'bearer'; token: string } | { type: 'header' | 'query'; name: string; value: string }) & { with?: AuthKey[] };

export interface AuthKey {
  type: 'header' | 'query';
  name: string;
  value: string;
}

export interface ConnectionDraft {
  baseUrl: string;
  /** The base URL as the example connection resolves it. */
  exampleBaseUrl: string;
  settings: Setting[];
  credentials: Credential[];
  auth: Auth[];
  /** The methods (by index) each drafted operation takes, where its `security` refuses some. */
  signIn: Map<Endpoint, number[]>;
  headers: Record<string, string>;
  /** Headers only some operations require, by endpoint. */
  operationHeaders: Map<Endpoint, Record<string, string>>;
  /** Required query parameters, by operation endpoint, with the template they are sent as. */
  query: Map<Endpoint, Record<string, string>>;
  notes: string[];
}

/** `parentQuery`, `parentHeaders`: the query and header parameters each endpoint sends a parent of the unified call in, which are no settings (nor is one the record's id goes in, `endpoints.idQuery`). */
export function draftConnection(resolver: SchemaResolver, endpoints: Endpoints, parentQuery: ReadonlyMap<Endpoint, Readonly<Record<string, string>>> = new Map(), parentHeaders: ReadonlyMap<Endpoint, Readonly<Record<string, string>>> = new Map(), resourceName?: string): ConnectionDraft {
  const notes: string[] = [];
  const settings: Setting[] = [];
  const servers = resolver.at(['servers']);
  const server = Array.isArray(servers) && isRaw(servers[0]) ? servers[0] : undefined;
  let baseUrl = typeof server?.url === 'string' ? server.url : '';
  let exampleBaseUrl = baseUrl;
  if (!/^https?:\/\//.test(baseUrl)) {
    notes.push(`the document names no absolute server URL${baseUrl ? ` ('${baseUrl}')` : ''}; set base_url`);
    baseUrl = `https://api.example.com${baseUrl.startsWith('/') ? baseUrl : ''}`;
    exampleBaseUrl = baseUrl;
  }
  const variables = isRaw(server?.variables) ? server.variables : {};
  for (const name of Object.keys(variables).sort()) {
    const variable = isRaw(variables[name]) ? variables[name] : {};
    const example = typeof variable.default === 'string' ? variable.default : 'example';
    const setting = settingName(name);
    settings.push({ name: setting, description: typeof variable.description === 'string' ? variable.description : `The ${name} in the API's URL.`, pattern: '^[A-Za-z0-9._-]+$', example });
    baseUrl = baseUrl.split(`{${name}}`).join(`{settings.${setting}}`);
    exampleBaseUrl = exampleBaseUrl.split(`{${name}}`).join(example);
  }
  baseUrl = baseUrl.replace(/\/$/, '');
  exampleBaseUrl = exampleBaseUrl.replace(/\/$/, '');
  // A collection below path parameters (Chatwoot's /api/v1/accounts/{account_id}/contacts) is one account's: the path
  // up to them goes in the base URL, each parameter a setting, and the operations' paths are written below it.
  if (endpoints.scope) {
    let path = endpoints.scope.path;
    let examplePath = path;
    for (const [, name] of endpoints.scope.path.matchAll(/\{([^}]+)\}/g)) {
      const parameter = endpoints.scope.parameters.find((p) => p.name === name);
      const setting = settingName(name!);
      const given = parameter?.example ?? parameter?.schema?.example;
      // The parameter a generic records API names its collection by (Zoho's {module_api_name}, the list's own last
      // segment): by the resource's name, as such APIs name their modules (`Contacts`), where the document gives none.
      const namesCollection = resourceName !== undefined && endpoints.list?.path.replace(/\/$/, '') === endpoints.scope.path && endpoints.scope.path.endsWith(`{${name}}`);
      const example = given !== undefined && given !== null && typeof given !== 'object' ? String(given) : namesCollection ? resourceName.charAt(0).toUpperCase() + resourceName.slice(1) : '1';
      if (!settings.some((s) => s.name === setting)) settings.push({ name: setting, description: parameter?.description ?? `The ${name} in the path of every request.`, pattern: '^[A-Za-z0-9._-]+$', example });
      path = path.split(`{${name}}`).join(`{settings.${setting}}`);
      examplePath = examplePath.split(`{${name}}`).join(encodeURIComponent(settings.find((s) => s.name === setting)!.example));
    }
    baseUrl += path;
    exampleBaseUrl += examplePath;
    notes.push(`every path of the records is below ${endpoints.scope.path}, so the base URL ends with it and a connector works in the one ${endpoints.scope.path.match(/\{([^}]+)\}/g)!.join(', ')} its settings name; check that this is what the records belong to`);
  }

  const drafted = [endpoints.list, endpoints.get, endpoints.create, endpoints.update, endpoints.delete].filter((e): e is Endpoint => e !== undefined);
  const { auth, credentials } = draftAuth(resolver, drafted, notes);
  const signIn = new Map<Endpoint, number[]>();
  for (const endpoint of drafted) {
    const takes = methodsMeeting(resolver, auth, endpoint.pointer);
    if (takes.length < auth.length) signIn.set(endpoint, takes);
    if (takes.length === 0) notes.push(`${endpoint.method} ${endpoint.path} requires a sign-in no drafted method sends; describe its auth by hand`);
  }
  const headers: Record<string, string> = {};
  const operationHeaders = new Map<Endpoint, Record<string, string>>();
  const query = new Map<Endpoint, Record<string, string>>();
  const paging = new Set(endpoints.list ? pagingParameters(endpoints.list) : []);
  // A header a sign-in method sends (an API key header the document also lists as a parameter) is the method's, not a fixed one.
  const signedIn = new Set(auth.flatMap((method) => [method, ...(method.with ?? [])].flatMap((sent) => (sent.type === 'header' ? [sent.name.toLowerCase()] : []))));
  for (const endpoint of [endpoints.list, endpoints.get, endpoints.create, endpoints.update, endpoints.delete]) {
    if (!endpoint) continue;
    for (const parameter of endpoint.parameters) {
      if (!parameter.required || parameter.in === 'path' || parameter.in === 'cookie' || paging.has(parameter.name)) continue;
      // A parent, or the record's id (`GET /customers.info?customer=`), sent there by the call: no setting.
      if (parameter.in === 'query' && (parentQuery.get(endpoint)?.[parameter.name] !== undefined || endpoints.idQuery?.get(endpoint) === parameter.name)) continue;
      if (parameter.in === 'header' && parentHeaders.get(endpoint)?.[parameter.name] !== undefined) continue;
      // A fixed value (a version header) is sent as it is; anything else is a setting of the connection.
      const constant = parameter.schema?.enum?.length === 1 ? parameter.schema.enum[0] : defaultOf(resolver, parameter.schema);
      if (parameter.in === 'header' && (setByConnector(parameter.name, constant) || signedIn.has(parameter.name.toLowerCase()))) continue;
      let value: string;
      if (constant !== undefined && constant !== null && typeof constant !== 'object') value = String(constant);
      else {
        const name = settingName(parameter.name);
        if (!settings.some((s) => s.name === name)) {
          settings.push({ name, description: `Sent as the ${parameter.in} parameter \`${parameter.name}\`.`, pattern: '^[A-Za-z0-9._-]+$', example: parameter.example !== undefined ? String(parameter.example) : '1' });
        }
        value = `{settings.${name}}`;
      }
      if (parameter.in === 'header') operationHeaders.set(endpoint, { ...operationHeaders.get(endpoint), [parameter.name]: value });
      else query.set(endpoint, { ...query.get(endpoint), [parameter.name]: value });
    }
  }
  // A header every drafted operation requires goes on the connection; one only some require stays on theirs,
  // since a connection header must be declared by every operation it is sent to.
  const names = new Set([...operationHeaders.values()].flatMap((h) => Object.keys(h)));
  for (const name of [...names].sort()) {
    const values = drafted.map((endpoint) => operationHeaders.get(endpoint)?.[name]);
    if (values.some((v) => v === undefined || v !== values[0])) continue;
    headers[name] = values[0]!;
    for (const endpoint of drafted) delete operationHeaders.get(endpoint)![name];
  }
  for (const [endpoint, own] of operationHeaders) if (Object.keys(own).length === 0) operationHeaders.delete(endpoint);
  settings.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { baseUrl, exampleBaseUrl, settings, credentials, auth, signIn, headers, operationHeaders, query, notes };
}

/**
 * Headers a connector sends on its own, which a document may still declare
 * as required parameters (PagerDuty: Content-Type, Authorization): the
 * Content-Type follows the body's encoding (the mapping checker refuses it as
 * a header), Authorization comes from the auth method, Content-Length and
 * Host from the HTTP client. Accept is application/json unless a header says
 * otherwise, so only another value (PagerDuty's versioned media type) is kept.
 */
function setByConnector(name: string, value: unknown): boolean {
  const lower = name.toLowerCase();
  if (lower === 'accept') return value === undefined || value === null || String(value).trim().toLowerCase() === 'application/json';
  return ['content-type', 'content-length', 'authorization', 'host', 'transfer-encoding', 'connection'].includes(lower);
}

function defaultOf(resolver: SchemaResolver, schema: SchemaNode | undefined): unknown {
  if (!schema) return undefined;
  const raw = resolver.at(schema.pointer);
  return isRaw(raw) ? raw.default : undefined;
}

function settingName(name: string): string {
  return wordsOf(name).join('_') || 'setting';
}

/**
 * One method per alternative the drafted operations' requirements list (each
 * operation's own `security`, else the document's), the document's first; a
 * requirement of several schemes is one method sending the rest `with` it.
 * Where some operation has no requirement at all, every declared scheme is
 * a method, as the document allows any.
 */
function draftAuth(resolver: SchemaResolver, drafted: readonly Endpoint[], notes: string[]): { auth: Auth[]; credentials: Credential[] } {
  const schemes = resolver.at(['components', 'securitySchemes']);
  const names = isRaw(schemes) ? Object.keys(schemes) : [];
  const listed = (security: unknown) => (Array.isArray(security) ? security.filter(isRaw).map((alternative) => Object.keys(alternative)) : undefined);
  const root = listed(resolver.at(['security']));
  const requirements = drafted.map((endpoint) => listed(resolver.at([...endpoint.pointer, 'security'])) ?? root);
  const alternatives = new Map<string, string[]>();
  // The document's own order of preference, where some drafted operation follows it; then the operations' own.
  for (const alternative of [...(requirements.includes(root) ? (root ?? []) : []), ...requirements.flatMap((r) => r ?? [])]) {
    if (alternative.length > 0 && alternative.every((name) => names.includes(name))) alternatives.set(alternative.join(' '), alternative);
  }
  if (requirements.includes(undefined)) for (const name of names) if (![...alternatives.values()].some((a) => a.length === 1 && a[0] === name)) alternatives.set(name, [name]);
  const auth: Auth[] = [];
  const credentials = new Map<string, Credential>();
  const several = alternatives.size > 1;
  const credential = (name: string, description: string) => {
    if (!credentials.has(name)) credentials.set(name, { name, description, required: !several, example: `test-${name.replace(/_/g, '-')}` });
    return `{credentials.${name}}`;
  };
  const schemeOf = (name: string): Raw => (isRaw(schemes) && isRaw(schemes[name]) ? schemes[name] : {});
  const unsayable = new Set<string>();
  for (const alternative of alternatives.values()) {
    const methods = alternative.map((name) => methodFor(name, schemeOf(name), credential));
    const missing = alternative.filter((_, i) => methods[i] === undefined);
    for (const name of missing) if (!unsayable.has(name)) notes.push(`security scheme '${name}' (${describeScheme(schemeOf(name))}) has no equivalent; describe its auth by hand`);
    missing.forEach((name) => unsayable.add(name));
    if (missing.length > 0) continue;
    // One Authorization header: a Basic or Bearer method first, every key `with` it.
    const own: Auth[] = [];
    const keys: AuthKey[] = [];
    for (const method of methods as Auth[]) {
      if (method.type === 'header' || method.type === 'query') keys.push({ type: method.type, name: method.name, value: method.value });
      else own.push(method);
    }
    if (own.length > 1) {
      notes.push(`security requirement ${alternative.join(' and ')} sends two Authorization headers at once; describe its auth by hand`);
      continue;
    }
    const rest = own.length > 0 ? keys : keys.slice(1);
    auth.push({ ...(own[0] ?? keys[0]!), ...(rest.length > 0 ? { with: rest } : {}) });
  }
  if (auth.length === 0) {
    notes.push(names.length === 0 ? 'the document declares no security scheme; bearer is assumed' : 'no security requirement of the drafted operations is one the mapping language can say; bearer is assumed');
    auth.push({ type: 'bearer', token: credential('token', 'An API token.') });
  }
  return { auth, credentials: [...credentials.values()] };
}

/** The method sending one scheme, its credential named after it; undefined for one the language has none for (HTTP Digest, a cookie). */
function methodFor(name: string, scheme: Raw, credential: (name: string, description: string) => string): Auth | undefined {
  const described = typeof scheme.description === 'string' ? scheme.description.split('\n')[0]! : `From the ${name} security scheme.`;
  const type = String(scheme.type ?? '');
  const http = String(scheme.scheme ?? '').toLowerCase();
  if (type === 'http' && http === 'basic') return basicMethod(typeof scheme.description === 'string' ? scheme.description : '', described, credential);
  if ((type === 'http' && http === 'bearer') || type === 'oauth2' || type === 'openIdConnect') return { type: 'bearer', token: credential(type === 'http' ? 'token' : 'access_token', described) };
  if (type === 'apiKey' && (scheme.in === 'header' || scheme.in === 'query') && typeof scheme.name === 'string') return { type: scheme.in, name: scheme.name, value: credential(settingName(name) === 'api_key' ? 'api_key' : settingName(name), described) };
  return undefined;
}

/** What names a key or token in a scheme's description, and the credential it becomes. */
const KEY = String.raw`(api[ _-]?key|api[ _-]?token|access[ _-]?token|token|key)`;
const AS = String.raw`[^.;:,]{0,30}?\b(?:as|for|in)\s+(?:the\s+)?`;
const QUOTED = String.raw`["'“”‘’\x60]([^"'“”‘’\x60\s]{1,16})["'“”‘’\x60]`;

/**
 * HTTP Basic as the scheme's description tells it. Many providers take an
 * API key in place of the user name and a fixed or any text as the password
 * (Freshdesk's "API key as user name, "X" as password"), or the key as both
 * (Kickserv's `-u TOKEN:TOKEN`): drafted as a user name and a password, the
 * connection would ask for two secrets the provider never issued. Where the
 * description says neither, a user name and a password.
 */
function basicMethod(description: string, described: string, credential: (name: string, description: string) => string): Auth {
  const keyAs = (part: string) => new RegExp(`${KEY}${AS}${part}`, 'i').exec(description) ?? new RegExp(`${part}[^.;]{0,20}?\\b(?:is|=|:)\\s*(?:your\\s+|the\\s+)?${KEY}`, 'i').exec(description);
  // "The API token as both user name and password" (Kickserv).
  const both = new RegExp(`${KEY}[^.;:,]{0,30}?\\bas\\s+both\\b`, 'i').exec(description);
  const user = both ?? keyAs('user ?name');
  const pass = both ?? keyAs('password');
  if (!user && !pass) return { type: 'basic', username: credential('username', described), password: credential('password', described) };
  const word = (user ?? pass)![1]!.toLowerCase();
  const key = credential(/token/.test(word) ? (/access/.test(word) ? 'access_token' : 'api_token') : 'api_key', described);
  /** The other part: a quoted text given for it, any text (then `X`), blank, or a credential of its own. */
  const other = (part: string, name: string) => {
    const quoted = new RegExp(`${QUOTED}${AS}${part}`, 'i').exec(description) ?? new RegExp(`${part}[^.;]{0,20}?\\b(?:is|=|:|of)\\s*${QUOTED}`, 'i').exec(description);
    if (quoted) return quoted[1]!;
    if (new RegExp(`\\b(?:any|anything|dummy|ignored|arbitrary)\\b[^.;]{0,20}${part}|${part}[^.;]{0,30}\\b(?:any|anything|dummy|ignored|arbitrary)\\b`, 'i').test(description)) return 'X';
    // "Leave the password empty" (Close): sent as nothing, not asked for as a credential the provider never issued.
    if (new RegExp(`\\b(?:empty|blank|no)\\b[^.;]{0,10}${part}|${part}[^.;]{0,30}\\b(?:empty|blank)\\b`, 'i').test(description)) return '';
    return credential(name, described);
  };
  return { type: 'basic', username: user ? key : other('user ?name', 'username'), password: pass ? key : other('password', 'password') };
}

function describeScheme(scheme: Raw): string {
  const http = String(scheme.scheme ?? '').toLowerCase();
  return `${String(scheme.type ?? '')}${http ? ` ${http}` : ''}`;
}

export type PagingDraft =
  | { type: 'page'; page_param: string; first_page: number; size_param?: string; max_size?: number }
  | { type: 'offset'; offset_param: string; limit_param: string; max_limit?: number; start: number; total?: string }
  | { type: 'cursor'; cursor_param: string; next: string; has_more?: string; size_param?: string; max_size?: number }
  | { type: 'link'; source: 'body' | 'header'; next?: string; size_param?: string; max_size?: number }
  | { type: 'none' };

function pagingParameters(list: Endpoint): string[] {
  const roles = paramRoles(list);
  return [roles.page, roles.offset, roles.size, roles.cursor].filter((p): p is string => p !== undefined);
}

function paramRoles(list: Endpoint) {
  const query = list.parameters.filter((p) => p.in === 'query');
  const named = (words: string[], also?: (w: string[]) => boolean) => query.find((p) => words.includes(joined(p.name)) || (also?.(wordsOf(p.name)) ?? false))?.name;
  return {
    cursor: named(PAGING_WORDS.cursor),
    page: named(PAGING_WORDS.page, (w) => w[w.length - 1] === 'page' && w.length > 1),
    offset: named(PAGING_WORDS.offset, (w) => w.length > 1 && ['offset', 'start', 'skip'].includes(w[w.length - 1]!)),
    size: named(PAGING_WORDS.size, (w) => ['size', 'limit'].includes(w[w.length - 1]!)),
  };
}

/** The paging strategy, and why. */
export function draftPaging(list: Endpoint | undefined, recordsPath: string[] | undefined): { paging: PagingDraft; reason: string } {
  if (!list) return { paging: { type: 'none' }, reason: 'no list endpoint found' };
  const found = paramRoles(list);
  const schemaOf = (name: string | undefined) => list.parameters.find((p) => p.name === name)?.schema;
  // A page number, offset or size parameter the document types as bare text holds no number the connector can count:
  // an offset or page that is text is a token the answer gives back (an `offset` from `next_page.offset`).
  const counts = (name: string | undefined) => {
    const schema = schemaOf(name);
    return name !== undefined && (schema === undefined || holdsNumbers(schema) !== false);
  };
  const token = found.cursor ?? [found.offset, found.page].find((name) => name !== undefined && !counts(name));
  const roles = { cursor: token, page: counts(found.page) ? found.page : undefined, offset: counts(found.offset) ? found.offset : undefined, size: counts(found.size) ? found.size : undefined };
  const sizeSchema = schemaOf(roles.size);
  // Integer bounds: the cap is the greatest size the parameter takes, an exclusive maximum's integer below it.
  const least = (name: string | undefined) => {
    const schema = schemaOf(name);
    return schema ? integerBounds(schema).least?.value : undefined;
  };
  const maxSize = sizeSchema ? integerBounds(sizeSchema).greatest?.value : undefined;
  const size = roles.size ? { size_param: roles.size, ...(maxSize !== undefined ? { max_size: maxSize } : {}) } : {};
  const answer = list.response ? answerMembers(list.response, recordsPath ?? []) : [];
  const find = (words: string[], test: (node: SchemaNode, path: string[]) => boolean) => answer.find((m) => words.includes(joined(m.path[m.path.length - 1]!)) && test(m.node, m.path))?.path.join('.');
  // Without a cursor parameter to send it back in, a `next` string can only be a link to follow.
  const nextLink = find(PAGING_WORDS.nextLink, (n, path) => n.type === 'string' && (n.format === 'uri' || n.format === 'url' || path.some((p) => /link|url/i.test(p)) || /\b(url|link)\b/i.test(n.description ?? '') || !roles.cursor));
  // A `next` whose example is an address, or which its description calls a link or URL, is a link even beside a cursor
  // parameter (Front's `_pagination.next` is the next page's URL, its page_token inside).
  const looksLikeLink = (n: SchemaNode) => (typeof n.example === 'string' && /^https?:\/\//i.test(n.example)) || /^\W*(?:a |the )?(?:link|url)\b|\burl\b/i.test(n.description ?? '');
  // A token in place of an offset or page comes back as text: a number of its name is the page the answer is.
  const nextCursor = find([...(roles.cursor ? [joined(roles.cursor)] : []), ...PAGING_WORDS.nextCursor], (n, path) => (n.type === 'string' || (n.type === 'integer' && roles.cursor === found.cursor)) && !(n.format === 'uri' || n.format === 'url') && !path.some((p) => /links?$/i.test(p)) && !looksLikeLink(n));
  const hasMore = find(PAGING_WORDS.hasMore, (n) => n.type === 'boolean');
  const total = find(PAGING_WORDS.total, (n) => n.type === 'integer' || n.type === 'number');
  const linkHeader = list.responseHeaders.some((h) => h.toLowerCase() === 'link');
  if (roles.cursor && nextCursor) {
    const text = roles.cursor !== found.cursor ? `, typed as text: a token, not a number to count,` : '';
    return { paging: { type: 'cursor', cursor_param: roles.cursor, next: nextCursor, ...(hasMore ? { has_more: hasMore } : {}), ...size }, reason: `query parameter \`${roles.cursor}\`${text} takes the cursor the answer holds in \`${nextCursor}\`` };
  }
  if (linkHeader) return { paging: { type: 'link', source: 'header', ...size }, reason: 'the list answer declares a `Link` header' };
  if (nextLink) return { paging: { type: 'link', source: 'body', next: nextLink, ...size }, reason: `the list answer holds the next page's URL in \`${nextLink}\`` };
  if (roles.offset && roles.size) {
    const start = least(roles.offset) ?? 0;
    return { paging: { type: 'offset', offset_param: roles.offset, limit_param: roles.size, ...(maxSize !== undefined ? { max_limit: maxSize } : {}), start: start === 1 ? 1 : 0, ...(total ? { total } : {}) }, reason: `query parameters \`${roles.offset}\` and \`${roles.size}\`` };
  }
  if (roles.page) {
    const first = least(roles.page);
    return { paging: { type: 'page', page_param: roles.page, first_page: first === 0 ? 0 : 1, ...size }, reason: `query parameter \`${roles.page}\` numbers the pages` };
  }
  if (roles.cursor) return { paging: { type: 'none' }, reason: `query parameter \`${roles.cursor}\` takes a token, and the list answer holds no member that gives the next one. TODO: describe the paging by hand (\`type: cursor\` with its \`next\`)` };
  return { paging: { type: 'none' }, reason: 'the list endpoint has no paging parameter and its answer no next link' };
}

/** Every scalar member of the list answer outside the records (`meta.has_more`, `links.next`, `total`). */
function answerMembers(node: SchemaNode, recordsPath: string[]): { path: string[]; node: SchemaNode }[] {
  const out: { path: string[]; node: SchemaNode }[] = [];
  const walk = (current: SchemaNode, path: string[]) => {
    if (path.length > 0 && path.join('.') === recordsPath.join('.')) return;
    if (current.type !== 'object' && current.type !== 'array' && current.properties.size === 0 && !current.anyOf && path.length > 0) out.push({ path, node: current });
    if (path.length < 3) for (const [name, child] of current.properties) for (const shape of shapesOf(child)) walk(shape, [...path, name]);
  };
  for (const shape of shapesOf(node)) walk(shape, []);
  return out;
}
