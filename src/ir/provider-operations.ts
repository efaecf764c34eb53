/**
 * The provider's operations as a mapping names them: a method and a path,
 * found in the provider's OpenAPI document even when the document's paths
 * carry the server's base path (`/api/v2/users`) and the mapping's base URL
 * does too (`…/api/v2` + `/users`). Parameters come merged from the path item
 * and the operation, `$ref`s to `components.parameters` followed, and a
 * path item that is a `$ref` is the one it names (parse/path-items.ts).
 */

import { pathItems, type PathItem } from '../parse/path-items.js';
import { closest } from '../runtime/fields.js';
import { describeType, followRefs, refPointer, type SchemaNode, type SchemaResolver } from './schema.js';
import { serverUrls, type ServerUrl } from './servers.js';

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

export interface ProviderParameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required: boolean;
  /** Where the parameter's `schema` is in the document (its `$ref`s followed), for the values a mapping fixes; undefined without one. */
  schema: (string | number)[] | undefined;
  /**
   * What separates the elements of an array in the one value a mapping
   * writes (`a,b` for a query parameter of `style: form, explode: false`, a
   * header's `simple`); undefined when each element travels as a value of
   * its own (`form` exploded, the default), so one value is one element.
   */
  separator: string | undefined;
  /** Declared by `content` with a JSON media type instead of `schema`: its value travels as JSON text. */
  json: boolean;
  /** Its `style`, OpenAPI's default where it writes none (`form` for a query parameter). */
  style: string;
  /** Its `explode` as written; undefined where the document writes none. */
  explode: boolean | undefined;
  /** Where the parameter object is in the document (its `$ref` followed), for saying where it is declared. */
  declaredAt: (string | number)[];
}

export interface ProviderOperation {
  /** The path as the document writes it. */
  specPath: string;
  method: string;
  /** JSON pointer of the operation object: where it is declared, through a path item's `$ref`. */
  pointer: (string | number)[];
  /** JSON pointer of the path item that declares it (`paths./clients/{id}`, `components.pathItems.Client`): not the path's own where its item is a `$ref`. */
  itemPointer: (string | number)[];
  parameters: ProviderParameter[];
  /** Path variables of the document that text of the base URL or of the mapping path stands for (`acme-hvac` for `{account}`): values the mapping fixes, by name. */
  fixedPathValues: { name: string; value: string; where: 'base_url' | 'path' }[];
  /**
   * The servers the operation's own `servers` (else its path item's) name
   * instead of the document's, with which declares them; undefined where the
   * document's apply.
   */
  ownServers: { servers: ServerUrl[]; declaredBy: 'operation' | 'path item' } | undefined;
}

export type OperationLookup =
  | { found: ProviderOperation }
  | { missing: 'path'; message: string; hint: string }
  | { missing: 'method'; message: string; hint: string };

/** A segment of a request path standing for a variable of the document's path: its place counted from the path's end, its text, and whether the base URL or the mapping path holds it. */
interface FixedSegment {
  fromEnd: number;
  value: string;
  where: 'base_url' | 'path';
}

/** `{x}` placeholders made alike, so `/users/{id}` meets `/users/{user_id}`. */
const shape = (path: string) => path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '') || '/';

/** The path part of a URL or URL template (`https://{subdomain}.example.com/api/v2` → `/api/v2`). */
export function basePathOf(url: string): string | undefined {
  const rest = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '') : url.startsWith('/') ? `host${url}` : undefined;
  if (rest === undefined) return undefined;
  // The host may be a template; its braces hold no slash.
  const slash = rest.search(/\/(?![^{]*\})/);
  return slash < 0 ? '' : rest.slice(slash).replace(/\/+$/, '');
}

/**
 * A document path offered to a mapping, with the text the mapping wrote
 * where the document has a path variable (`/acme/customers/{customer_number}.json`
 * for `/{account}/customers/{customer_number}.json` when
 * `/acme/customerz/{id}.json` was written): that text is a value the mapping
 * fixes for the variable, and the offer keeps it.
 */
function writtenAs(offered: string, written: string): string {
  const wrote = written.split('/');
  const segments = offered.split('/');
  // Only a path of as many segments is read place by place.
  if (segments.length !== wrote.length) return offered;
  return segments
    .map((segment, i) => (/^\{[^}]*\}$/.test(segment) && wrote[i] && !wrote[i]!.includes('{') ? wrote[i]! : segment))
    .join('/');
}

/** A document path as a pattern after a server's path pattern; its `{x}` as `shape` writes them. */
const escapePath = (path: string) => path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class ProviderOperations {
  /** The document's path items, `$ref`s followed, by the path `paths` writes. */
  private readonly paths: Map<string, PathItem>;
  private readonly servers: ServerUrl[];
  /** Each server's path as this mapping reaches it, for the paths a hint offers. */
  private readonly serverBases: string[];
  /** Without `servers` the document's paths may or may not include a base path: both readings are tried. */
  private readonly knowsServers: boolean;
  /** Per document path, the patterns a request path matches to be it (one per server path it may follow). */
  private readonly patterns = new Map<string, RegExp[]>();
  /** Per operation, the components it reaches. */
  private readonly reached = new Map<string, Set<string>>();

  /**
   * `mappingBase` is the base path of the mapping's `base_url` (its settings
   * as `{}`), or undefined when the base URL is a setting as a whole and its
   * path cannot be known.
   */
  constructor(
    private readonly resolver: SchemaResolver,
    private readonly file: string,
    private readonly mappingBase: string | undefined,
    /** The base path as the mapping writes it (`/{settings.account}`), for messages; `mappingBase` when not given. */
    private readonly shownBase: string | undefined = mappingBase,
  ) {
    const document = resolver.at([]);
    this.paths = new Map(pathItems(document).map((item) => [item.template, item]));
    this.servers = serverUrls(isRaw(document) && Array.isArray(document.servers) ? document.servers : []);
    this.knowsServers = this.servers.length > 0;
    // A server path with variables (`/api/{version}`) is the text of the base URL it matches, or else at its defaults.
    this.serverBases = this.knowsServers ? [...new Set(this.servers.map((server) => this.placed(server) ?? server.defaultPath))] : [''];
  }

  /** The part of the mapping's base path a server's path matches, if it begins with it. */
  private placed(server: ServerUrl): string | undefined {
    return this.mappingBase === undefined ? undefined : new RegExp(`^${server.path}(?=/|$)`).exec(this.mappingBase)?.[0];
  }

  /** Whether the mapping's base path is below a server's path or stops short of it (its paths supplying the rest). */
  private reaches(server: ServerUrl): boolean {
    if (this.mappingBase === undefined || this.placed(server) !== undefined) return true;
    const segments = this.mappingBase.split('/');
    return segments.length <= server.segments.length && segments.every((segment, i) => server.segments[i]!.test(segment));
  }

  /** The request path a mapping path becomes, as the document would write it after its server's base path. */
  private candidates(mappingPath: string): string[] {
    if (this.mappingBase === undefined) return [mappingPath];
    return this.knowsServers ? [this.mappingBase + mappingPath] : [mappingPath, this.mappingBase + mappingPath];
  }

  /**
   * The request paths a mapping path may also become with text standing for
   * a path variable of the document: of the base URL (`/acme` for the
   * `/{account}` the document's paths begin with, `/crm/v8/Contacts` for
   * `/crm/v8/{module_api_name}`), or of the mapping path itself
   * (`/Contacts/{id}` for `/{module_api_name}/{id}`). Each is a value the
   * mapping fixes for that parameter. Of the base, only the segments past
   * what a server's path matches (a server's own variables are held to their
   * values elsewhere); at most four segments of each, each as itself or as a
   * variable, fewer variables first.
   */
  private variants(mappingPath: string): { path: string; count: number; fixed: FixedSegment[] }[] {
    const subsets = (segments: string[]) => {
      const open = segments.flatMap((segment, i) => (segment === '' || segment.includes('{') || i >= 4 ? [] : [i]));
      const out: number[][] = [];
      for (let mask = 0; mask < 1 << open.length; mask++) out.push(open.filter((_, bit) => mask & (1 << bit)));
      return out;
    };
    const own = mappingPath.replace(/\/+$/, '').split('/').slice(1);
    // Where the base may hold such text: past each server path it is below, or as a whole where the document names no server.
    const prefixes = this.mappingBase === undefined ? [''] : this.knowsServers ? [...new Set(this.servers.map((server) => this.placed(server)))].filter((placed): placed is string => placed !== undefined) : ['', this.mappingBase];
    const variants: { path: string; count: number; fixed: FixedSegment[] }[] = [];
    for (const placed of prefixes) {
      const rest = this.mappingBase === undefined || (!this.knowsServers && placed === '') ? [] : this.mappingBase.slice(placed.length).split('/').slice(1);
      const total = rest.length + own.length;
      for (const inBase of this.knowsServers ? subsets(rest) : [[]]) {
        for (const inPath of subsets(own)) {
          if (inBase.length + inPath.length === 0) continue;
          const base = rest.map((segment, i) => (inBase.includes(i) ? '{}' : segment));
          const path = own.map((segment, i) => (inPath.includes(i) ? '{}' : segment));
          const fixed: FixedSegment[] = [
            ...inBase.map((i) => ({ fromEnd: total - 1 - i, value: rest[i]!, where: 'base_url' as const })),
            ...inPath.map((i) => ({ fromEnd: own.length - 1 - i, value: own[i]!, where: 'path' as const })),
          ];
          variants.push({ path: `${placed}${base.map((segment) => `/${segment}`).join('')}${path.map((segment) => `/${segment}`).join('')}`, count: fixed.length, fixed });
        }
      }
    }
    return variants.sort((a, b) => a.count - b.count);
  }

  private patternsOf(specPath: string): RegExp[] {
    let patterns = this.patterns.get(specPath);
    if (!patterns) {
      // Without a known base path a mapping path may be the document's path itself, or the path after a server's.
      const bases = this.mappingBase === undefined ? ['', ...this.servers.map((server) => server.path)] : this.knowsServers ? this.servers.map((server) => server.path) : [''];
      patterns = [...new Set(bases)].map((base) => new RegExp(`^${base}${escapePath(specPath)}$`));
      this.patterns.set(specPath, patterns);
    }
    return patterns;
  }

  /** The document's path for a mapping path; of two with its shape (a fault of the document's), the one with `method`. */
  private specPathFor(mappingPath: string, method: string): { specPath: string; fixedPathValues: ProviderOperation['fixedPathValues'] } | undefined {
    const matching = (candidates: string[]) => {
      const wanted = candidates.map((candidate) => (shape(candidate) === '/' ? '' : shape(candidate)));
      const matches = [...this.paths.keys()].filter((specPath) => this.patternsOf(specPath).some((pattern) => wanted.some((candidate) => pattern.test(candidate))));
      return matches.find((specPath) => isRaw(this.paths.get(specPath)!.item[method.toLowerCase()])) ?? matches[0];
    };
    // The text as written first; where no path has it, text standing for variables of the document's paths.
    const written = matching(this.candidates(mappingPath));
    if (written !== undefined) return { specPath: written, fixedPathValues: [] };
    for (const variant of this.variants(mappingPath)) {
      const specPath = matching([variant.path]);
      if (specPath === undefined) continue;
      const segments = specPath.replace(/\/+$/, '').split('/');
      return { specPath, fixedPathValues: variant.fixed.map(({ fromEnd, value, where }) => ({ name: segments[segments.length - 1 - fromEnd]!.slice(1, -1), value, where })) };
    }
    return undefined;
  }

  /** What the mapping should write for each path of the document, given its base URL. */
  private mappingPaths(): string[] {
    const out = new Set<string>();
    for (const specPath of this.paths.keys()) {
      for (const base of this.serverBases) {
        const full = base + specPath;
        if (this.mappingBase === undefined || !this.knowsServers) out.add(specPath);
        else out.add(this.afterBase(full) ?? full);
      }
    }
    return [...out].sort();
  }

  /**
   * What follows the mapping's base path in a document path, segment by
   * segment: each of the base's is the path's own text, stands where the
   * document has a path variable (`Contacts` for `{module_api_name}`), or is
   * a setting (`{}`), which may be any text. Undefined where the base is not
   * the path's start.
   */
  private afterBase(full: string): string | undefined {
    const base = this.mappingBase!.split('/');
    const path = full.split('/');
    if (path.length < base.length) return undefined;
    const fits = base.every((segment, i) => segment === path[i] || segment === '{}' || /^\{[^}]*\}$/.test(path[i]!));
    return fits ? `/${path.slice(base.length).join('/')}` : undefined;
  }

  find(method: string, mappingPath: string): OperationLookup {
    const located = this.specPathFor(mappingPath, method);
    if (located === undefined) {
      // A base path below none of the servers' paths leaves every mapping path out of reach: the base URL is what to change.
      if (this.knowsServers && this.servers.every((server) => !this.reaches(server))) {
        return {
          missing: 'path',
          message: `${this.file} has no path '${mappingPath}' after the base URL's '${this.shownBase}': its paths are below ${[...new Set(this.servers.map((server) => server.describedPath))].join(' or ')}`,
          hint: `end the base URL with ${[...new Set(this.servers.map((server) => `'${server.defaultPath}'`))].join(' or ')} instead of '${this.shownBase}'`,
        };
      }
      // Each offered as the mapping would write it, and compared with variables alike: `/customerz/{id}.json` is one
      // letter from `/customers/{customer_number}.json`, `/acme/customerz/{id}.json` from `/{account}/customers/…`.
      const known = new Map<string, string>();
      for (const path of this.mappingPaths().map((offered) => writtenAs(offered, mappingPath))) if (!known.has(shape(path))) known.set(shape(path), path);
      const nearShape = closest(shape(mappingPath), [...known.keys()]) ?? similar(mappingPath, [...known.keys()]);
      const near = nearShape === undefined ? undefined : known.get(nearShape);
      const base = this.shownBase ? ` (after the base URL's '${this.shownBase}')` : '';
      return {
        missing: 'path',
        message: `${this.file} has no path '${mappingPath}'${base}`,
        hint: near ? `did you mean '${near}'?` : 'describe the endpoint in the provider spec',
      };
    }
    const { specPath, fixedPathValues } = located;
    const resolved = this.paths.get(specPath)!;
    const item = resolved.item;
    const operation = item[method.toLowerCase()];
    if (!isRaw(operation)) {
      const methods = METHODS.filter((m) => isRaw(item[m])).map((m) => m.toUpperCase());
      return { missing: 'method', message: `${this.file} has no ${method} on '${specPath}'`, hint: `methods there: ${methods.join(', ') || '(none)'}` };
    }
    const pointer = resolved.memberAt(method.toLowerCase());
    const parameters = new Map<string, ProviderParameter>();
    // Operation parameters override path-item ones of the same name and place.
    for (const [list, at] of [
      [item.parameters, resolved.memberAt('parameters')],
      [operation.parameters, [...pointer, 'parameters']],
    ] as const) {
      if (!Array.isArray(list)) continue;
      for (const [i] of list.entries()) {
        const parameter = this.parameter([...at, i]);
        if (parameter) parameters.set(`${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`, parameter);
      }
    }
    return {
      found: {
        specPath,
        method: method.toUpperCase(),
        pointer,
        itemPointer: pointer.slice(0, -1),
        parameters: [...parameters.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        fixedPathValues,
        ownServers: ownServers(operation.servers, 'operation') ?? ownServers(item.servers, 'path item'),
      },
    };
  }

  /**
   * The components an operation refers to, directly or through each other
   * (`components/schemas/User`): what its requests and answers are read by,
   * so that a fault in one is the fault of the operation.
   */
  componentsOf(found: ProviderOperation): Set<string> {
    const key = `${found.method} ${found.specPath}`;
    const known = this.reached.get(key);
    if (known) return known;
    const components = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(walk);
      if (!isRaw(value)) return;
      const target = typeof value.$ref === 'string' ? refPointer(value.$ref) : undefined;
      if (target && target[0] === 'components' && target.length >= 3) {
        const component = target.slice(0, 3).join('/');
        if (!components.has(component)) {
          components.add(component);
          walk(this.resolver.at(target.slice(0, 3)));
        }
      }
      for (const [name, member] of Object.entries(value)) if (name !== '$ref') walk(member);
    };
    walk(this.resolver.at(found.pointer));
    walk(this.paths.get(found.specPath)?.item.parameters);
    // A path item declared among the components (3.1's `pathItems`) is one the operation is read by.
    if (found.itemPointer[0] === 'components' && found.itemPointer.length >= 3) components.add(found.itemPointer.slice(0, 3).join('/'));
    this.reached.set(key, components);
    return components;
  }

  /**
   * The response the document declares for the first of `statuses` it
   * describes (its `$ref` followed): where it is, and its headers by
   * lower-cased name. Undefined when the document declares none of them.
   */
  response(found: ProviderOperation, statuses: readonly number[]): { pointer: (string | number)[]; status: number; headers: Map<string, { name: string; required: boolean }> } | undefined {
    for (const status of statuses) {
      const declared = this.responseKey(found, status);
      if (declared === undefined) continue;
      const { pointer, raw } = this.resolver.followed([...found.pointer, 'responses', declared]);
      if (!isRaw(raw)) continue;
      const headers = new Map<string, { name: string; required: boolean }>();
      if (isRaw(raw.headers)) {
        for (const [name, declared] of Object.entries(raw.headers)) {
          const header = followRefs(this.resolver.at([]), declared);
          headers.set(name.toLowerCase(), { name, required: isRaw(header) && header.required === true });
        }
      }
      return { pointer, status, headers };
    }
    return undefined;
  }

  /**
   * The key of the response object that answers `status`, as OpenAPI picks
   * it: the exact code, else its range (`2XX`), else `default`. Undefined
   * when the document declares none of them for the operation. A success
   * status falls to `default` only where the operation declares no success
   * answer at all: beside a `204`, `default` documents the errors (Box's
   * `ClientError`), not a `200` the document never mentions.
   */
  responseKey(found: ProviderOperation, status: number): string | undefined {
    const responses = this.resolver.at([...found.pointer, 'responses']);
    if (!isRaw(responses)) return undefined;
    const has = (key: string) => Object.prototype.hasOwnProperty.call(responses, key);
    const range = String(status)[0];
    const declared = [String(status), `${range}XX`, `${range}xx`].find(has);
    if (declared !== undefined) return declared;
    if (range === '2' && Object.keys(responses).some((key) => key.startsWith('2'))) return undefined;
    return has('default') ? 'default' : undefined;
  }

  /** Every header some answer of some operation in the document declares, by its lower-case name. */
  responseHeaderNames(): Map<string, string> {
    const names = new Map<string, string>();
    for (const { item, memberAt } of this.paths.values()) {
      for (const [method, operation] of Object.entries(item)) {
        if (!isRaw(operation) || !isRaw(operation.responses)) continue;
        for (const key of Object.keys(operation.responses)) {
          const { raw } = this.resolver.followed([...memberAt(method), 'responses', key]);
          if (isRaw(raw) && isRaw(raw.headers)) for (const name of Object.keys(raw.headers)) names.set(name.toLowerCase(), name);
        }
      }
    }
    return names;
  }

  /** The response keys the document declares for the operation, in code-unit order (`200`, `2XX`, `default`). */
  responseKeys(found: ProviderOperation): string[] {
    const responses = this.resolver.at([...found.pointer, 'responses']);
    return isRaw(responses) ? Object.keys(responses).sort() : [];
  }

  /** The parameter at `at`, its `$ref`s followed (a cycle, or a reference out of the document, is no parameter). */
  private parameter(at: (string | number)[]): ProviderParameter | undefined {
    const { pointer, raw } = this.resolver.followed(at);
    if (!isRaw(raw) || typeof raw.name !== 'string' || typeof raw.in !== 'string') return undefined;
    if (!['query', 'header', 'path', 'cookie'].includes(raw.in)) return undefined;
    // OpenAPI's defaults: query and cookie parameters `form`, path and header ones `simple`; `explode` only for `form`.
    const style = typeof raw.style === 'string' ? raw.style : raw.in === 'query' || raw.in === 'cookie' ? 'form' : 'simple';
    const explode = typeof raw.explode === 'boolean' ? raw.explode : style === 'form';
    const separator = explode && style !== 'simple' ? undefined : ({ form: ',', simple: ',', spaceDelimited: ' ', pipeDelimited: '|' } as Record<string, string>)[style];
    // A parameter may be declared by `content` (one media type and its schema) instead of `schema`: its values are held to that schema alike.
    const media = !isRaw(raw.schema) && isRaw(raw.content) ? Object.entries(raw.content).find(([, value]) => isRaw(value) && isRaw(value.schema)) : undefined;
    const schema = isRaw(raw.schema) ? [...pointer, 'schema'] : media ? [...pointer, 'content', media[0], 'schema'] : undefined;
    const json = media !== undefined && /^application\/(?:[\w.+-]+\+)?json\b/i.test(media[0]);
    return { name: raw.name, in: raw.in as ProviderParameter['in'], required: raw.required === true, schema, separator, json, style, explode: typeof raw.explode === 'boolean' ? raw.explode : undefined, declaredAt: pointer };
  }
}

/**
 * What a query parameter name a mapping sends is on the operation: a
 * parameter the document declares by that name (Zendesk's `page[size]`),
 * else, for `name[member]` (and `name[a][b]`), a member of the object a
 * `style: deepObject` parameter `name` sends one `name[member]=value` pair
 * of each (Apideck's `filter[name]`, `sort[by]`): its schema is that
 * member's (`$ref`s and `allOf` followed). Otherwise why not: no parameter
 * `name`, one of another style, or no such member.
 */
export type QueryTarget =
  | { parameter: ProviderParameter; schema: SchemaNode | undefined; what: string }
  | { undeclared: 'name' }
  | { undeclared: 'style'; parameter: ProviderParameter; why: string }
  | { undeclared: 'member'; parameter: ProviderParameter; member: string; of: string; members: string[]; schema: SchemaNode | undefined };

/** `filter[name]` → `filter` and `['name']`; `a[b][c]` → `a`, `['b', 'c']`; undefined for a name without brackets (or an empty `[]`). */
export function bracketed(name: string): { base: string; members: string[] } | undefined {
  const match = /^([^[\]]+)((?:\[[^[\]]+\])+)$/.exec(name);
  return match ? { base: match[1]!, members: [...match[2]!.matchAll(/\[([^[\]]+)\]/g)].map((m) => m[1]!) } : undefined;
}

export function queryTarget(resolver: SchemaResolver, found: ProviderOperation, name: string): QueryTarget {
  const where = `${found.method} ${found.specPath}`;
  const query = found.parameters.filter((p) => p.in === 'query');
  const declared = query.find((p) => p.name === name);
  if (declared) return { parameter: declared, schema: declared.schema ? resolver.node(declared.schema) : undefined, what: `query parameter '${declared.name}' of ${where}` };
  const split = bracketed(name);
  const parameter = split && query.find((p) => p.name === split.base);
  if (!split || !parameter) return { undeclared: 'name' };
  if (parameter.style !== 'deepObject' || parameter.explode === false) {
    const how = parameter.style === 'deepObject' ? 'style deepObject with `explode: false`, which OpenAPI leaves undefined' : `style ${parameter.style}`;
    return { undeclared: 'style', parameter, why: `its query parameter '${parameter.name}' is ${how}, which does not send ${parameter.name}[…] pairs (only \`style: deepObject\`, exploded, does)` };
  }
  // Each bracket a member of the object the one before names.
  let schema = parameter.schema ? resolver.node(parameter.schema) : undefined;
  for (const [i, member] of split.members.entries()) {
    if (schema === undefined) break;
    const of = `${split.base}${split.members.slice(0, i).map((m) => `[${m}]`).join('')}`;
    const next = schema.properties.get(member) ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    // An object that declares no members (and does not close itself) takes any.
    const open = schema.properties.size === 0 && schema.additionalProperties !== false && (schema.type === 'object' || schema.type === undefined) && schema.anyOf === undefined;
    if (next === undefined && !open) return { undeclared: 'member', parameter, member, of, members: [...schema.properties.keys()], schema };
    schema = next;
  }
  return { parameter, schema, what: `query parameter '${name}' of ${where}` };
}

/** What a refused `QueryTarget` is, as a message and the start of its hint; undefined for one found, or a name no parameter has (said as any undeclared name is). */
export function queryTargetProblem(target: QueryTarget, name: string, where: string): { message: string; known: string } | undefined {
  if (!('undeclared' in target) || target.undeclared === 'name') return undefined;
  const refused = `${where} declares no query parameter '${name}'`;
  if (target.undeclared === 'style') {
    const { parameter } = target;
    return { message: `${refused}: ${target.why}`, known: `send '${parameter.name}' itself. ` };
  }
  const { member, of, members, schema } = target;
  const holder = of === target.parameter.name ? `the deepObject parameter '${of}'` : `'${of}' of the deepObject parameter '${target.parameter.name}'`;
  if (members.length === 0) return { message: `${refused}: ${holder} is ${schema ? describeType(schema) : 'any'}, with no members`, known: `send '${of}' itself. ` };
  const near = closest(member, members) ?? similar(member, members);
  return { message: `${refused}: ${holder} has no member '${member}'`, known: near ? `did you mean '${of}[${near}]'? ` : `its members: ${members.map((m) => `${of}[${m}]`).join(', ')}. ` };
}

/** Servers an operation or a path item declares (OpenAPI: they override the document's), or undefined where it declares none. */
function ownServers(list: unknown, declaredBy: 'operation' | 'path item'): ProviderOperation['ownServers'] {
  const servers = Array.isArray(list) ? serverUrls(list) : [];
  return servers.length > 0 ? { servers, declaredBy } : undefined;
}

/**
 * The names most like `name` when none is within edit distance: sharing its
 * words (`User` in `UserObject`, `users` in `/api/v2/users`), best first.
 */
export function similar(name: string, known: readonly string[], count = 1): string | undefined {
  return similarNames(name, known, count)[0];
}

export function similarNames(name: string, known: readonly string[], count = 5): string[] {
  const words = (text: string) => text.toLowerCase().split(/[^a-z0-9]+|(?<=[a-z])(?=[0-9])/).filter((w) => w.length > 1);
  const own = words(name.replace(/([a-z])([A-Z])/g, '$1 $2'));
  const scored = known
    .map((candidate) => {
      const theirs = words(candidate.replace(/([a-z])([A-Z])/g, '$1 $2'));
      let score = 0;
      for (const word of own) {
        if (theirs.includes(word)) score += 2;
        else if (theirs.some((t) => t.startsWith(word) || word.startsWith(t))) score += 1;
      }
      return { candidate, score, length: candidate.length };
    })
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.length - b.length || (a.candidate < b.candidate ? -1 : 1));
  return scored.slice(0, count).map((entry) => entry.candidate);
}
