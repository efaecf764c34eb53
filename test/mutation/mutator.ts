/**
 * Single-token mutants of a mapping: every provider field path, selector,
 * response path, template variable, operation path, parameter name, `where`
 * and `body.wrap`/`body.from` changed to one plausible wrong value — a
 * sibling name from the same provider schema where there is one, else a
 * near typo, or the adjacent index. Deterministic: no randomness, sorted by
 * position. The checker should refuse each, or the connector's own tests fail.
 */

import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Scalar } from 'yaml';
import { basePathOf, ProviderOperations } from '../../src/ir/provider-operations.js';
import { parseFieldPath } from '../../src/ir/paths.js';
import { mediaSchemaPointer, SchemaResolver, type SchemaNode } from '../../src/ir/schema.js';
import { distance as editDistance } from 'fastest-levenshtein';

export type MutationKind =
  | 'provider-field'
  | 'selector'
  | 'response-path'
  | 'template'
  | 'operation-path'
  | 'parameter'
  | 'where'
  | 'body';

export interface Mutant {
  /** Project-relative mapping file. */
  file: string;
  line: number;
  col: number;
  /** Where in the mapping, as a dot path of keys (`operations.customersAll.records`). */
  at: string;
  kind: MutationKind;
  /** The scalar before and after. */
  from: string;
  to: string;
  /** How the token was chosen: a sibling name, a typo, the adjacent index… */
  how: string;
  /** The whole mapping with this one change. */
  text: string;
}

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
type KeyPath = (string | number)[];

/** A change to one scalar (or, with `key`, to the key of a pair). */
interface Edit {
  at: KeyPath;
  key?: boolean;
  kind: MutationKind;
  to: string;
  how: string;
}

/**
 * Mutants of one mapping. `provider` is the provider's OpenAPI document (as
 * data), used for sibling names; `file` is how results name the mapping.
 */
export function mutantsOf(file: string, text: string, provider: unknown): Mutant[] {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  const mapping = document.toJS() as Raw;
  const resolver = new SchemaResolver(provider);
  const baseUrl = isRaw(mapping.connection) && typeof mapping.connection.base_url === 'string' ? mapping.connection.base_url : '';
  const operations = new ProviderOperations(resolver, 'provider', basePathOf(baseUrl.replace(/\{settings\.[^}]*\}/g, '{}')));
  const names = new Names(mapping, resolver, operations);
  const edits: Edit[] = [];

  // ---- connection templates --------------------------------------------------------------
  const connection = isRaw(mapping.connection) ? mapping.connection : {};
  edits.push(...templateEdits(connection.base_url, ['connection', 'base_url'], names, {}));
  if (Array.isArray(connection.auth)) {
    connection.auth.forEach((method, i) => {
      if (!isRaw(method)) return;
      for (const key of ['username', 'password', 'token', 'value']) edits.push(...templateEdits(method[key], ['connection', 'auth', i, key], names, {}));
    });
  }
  if (isRaw(connection.headers)) for (const [name, value] of Object.entries(connection.headers)) edits.push(...templateEdits(value, ['connection', 'headers', name], names, {}));

  // ---- errors, pagination ----------------------------------------------------------------------
  const errors = isRaw(mapping.errors) ? mapping.errors : {};
  if (Array.isArray(errors.message)) errors.message.forEach((path, i) => edits.push(...responsePathEdits(path, ['errors', 'message', i], undefined)));
  function partEdits(view: Raw, prefix: KeyPath) {
    const names = new Names(view, resolver, operations);
    // ---- fields (and `each` inside them) ----------------------------------------------------
    const fieldList = (list: unknown, at: KeyPath, roots: SchemaNode[]) => {
      if (!Array.isArray(list)) return;
      list.forEach((field, i) => {
        if (!isRaw(field)) return;
        const here = [...at, i];
        let inner: SchemaNode[] = [];
        if (typeof field.provider === 'string') {
          edits.push(...fieldPathEdits(field.provider, [...here, 'provider'], roots, names));
          inner = roots.flatMap((root) => {
            const leaf = walkField(root, field.provider as string);
            return leaf ? [leaf.items ?? leaf] : [];
          });
        }
        if (typeof field.unified === 'string') edits.push(...unifiedSelectorEdits(field.unified, [...here, 'unified'], names));
        if (isRaw(field.where)) edits.push(...whereEdits(field.where, [...here, 'where'], inner));
        fieldList(field.each, [...here, 'each'], inner);
      });
    };
    fieldList(view.fields, [...prefix, 'fields'], names.fieldRoots());


    // ---- pagination ----
    const listOperation = Object.entries(isRaw(view.operations) ? view.operations : {}).find(([, o]) => isRaw(o) && o.records !== undefined)?.[1] as Raw | undefined;
    if (isRaw(view.pagination)) {
      const pagination = view.pagination;
      const listBody = listOperation ? names.responseBody(listOperation) : undefined;
      const listParameters = listOperation ? names.queryParameters(listOperation) : [];
      for (const key of ['next', 'has_more', 'total', 'total_pages']) edits.push(...responsePathEdits(pagination[key], [...prefix, 'pagination', key], listBody));
      for (const key of ['page_param', 'size_param', 'offset_param', 'limit_param', 'cursor_param']) {
        const value = pagination[key];
        if (typeof value === 'string') edits.push(nameEdit([...prefix, 'pagination', key], false, 'parameter', value, listParameters));
      }
    }

    // ---- operations -----------------------------------------------------------------------------
    for (const [id, operation] of Object.entries(isRaw(view.operations) ? view.operations : {})) {
      if (!isRaw(operation)) continue;
      const at = [...prefix, 'operations', id];
      const body = names.responseBody(operation);
      const requestBody = names.requestBody(operation);
      edits.push(...operationPathEdits(operation.path, [...at, 'path']));
      const parameters = names.queryParameters(operation);
      if (isRaw(operation.query)) {
        for (const [name, value] of Object.entries(operation.query)) {
          edits.push(nameEdit([...at, 'query', name], true, 'parameter', name, parameters));
          edits.push(...templateEdits(value, [...at, 'query', name], names, {}));
        }
      }
      if (isRaw(operation.headers)) for (const [name, value] of Object.entries(operation.headers)) edits.push(...templateEdits(value, [...at, 'headers', name], names, {}));
      if (Array.isArray(operation.records)) operation.records.forEach((path, i) => edits.push(...responsePathEdits(path, [...at, 'records', i], body)));
      else edits.push(...responsePathEdits(operation.records, [...at, 'records'], body));
      edits.push(...responsePathEdits(operation.record, [...at, 'record'], body));
      edits.push(...responsePathEdits(operation.id, [...at, 'id'], body));
      if (isRaw(operation.where)) edits.push(...whereEdits(operation.where, [...at, 'where'], [names.record].filter((r): r is SchemaNode => r !== undefined)));
      if (isRaw(operation.body)) {
        const wrapped = names.requestBody(operation, false);
        if (typeof operation.body.wrap === 'string') edits.push(nameEdit([...at, 'body', 'wrap'], false, 'body', operation.body.wrap, wrapped ? [...wrapped.properties.keys()] : []));
        if (typeof operation.body.from === 'string') edits.push(nameEdit([...at, 'body', 'from'], false, 'body', operation.body.from, names.record ? [...names.record.properties.keys()] : []));
        if (isRaw(operation.body.values)) for (const [name, value] of Object.entries(operation.body.values)) edits.push(...templateEdits(value, [...at, 'body', 'values', name], names, {}));
      }
      const then = operation.then;
      if (isRaw(then)) {
        const scopes = { request: requestBody, response: body };
        edits.push(...operationPathEdits(then.path, [...at, 'then', 'path']));
        edits.push(...templateEdits(then.path, [...at, 'then', 'path'], names, scopes));
        const followed = { method: then.method, path: typeof then.path === 'string' ? then.path.replace(/\{[^}]*\}/g, '{x}') : undefined, status: then.status };
        const thenParameters = names.queryParameters(followed);
        if (isRaw(then.query)) {
          for (const [name, value] of Object.entries(then.query)) {
            edits.push(nameEdit([...at, 'then', 'query', name], true, 'parameter', name, thenParameters));
            edits.push(...templateEdits(value, [...at, 'then', 'query', name], names, scopes));
          }
        }
        if (isRaw(then.body) && isRaw(then.body.values)) for (const [name, value] of Object.entries(then.body.values)) edits.push(...templateEdits(value, [...at, 'then', 'body', 'values', name], names, scopes));
        edits.push(...responsePathEdits(then.id, [...at, 'then', 'id'], names.responseBody(followed)));
      }
    }
  }

  // ---- what each resource maps: the whole mapping, or each section under `resources` --------
  const sections = isRaw(mapping.resources) ? Object.entries(mapping.resources).filter((entry): entry is [string, Raw] => isRaw(entry[1])) : [];
  if (sections.length === 0) partEdits(mapping, []);
  // A section reads as a mapping of its own: the shared connection and errors with its record, paging, operations and fields.
  for (const [name, section] of sections) partEdits({ ...mapping, ...section }, ['resources', name]);

  return applyAll(file, text, document, lines, edits);
}

// ---- the names a token could plausibly be mistaken for ---------------------------------------------

class Names {
  readonly record: SchemaNode | undefined;
  /** Values each selector takes in the mapping's unified paths (`addresses[type]` → primary, billing), for plausible swaps. */
  readonly selectorValues = new Map<string, Set<string>>();

  constructor(
    readonly mapping: Raw,
    private readonly resolver: SchemaResolver,
    private readonly operations: ProviderOperations,
  ) {
    this.record = typeof mapping.record === 'string' ? resolver.component(mapping.record) : undefined;
    const visit = (list: unknown) => {
      if (!Array.isArray(list)) return;
      for (const field of list) {
        if (!isRaw(field)) continue;
        if (typeof field.unified === 'string') {
          for (const match of field.unified.matchAll(/([\w]+)\[([^=\]]+)=([^\]]*)\]/g)) {
            const key = `${match[1]}[${match[2]}]`;
            const set = this.selectorValues.get(key) ?? new Set();
            set.add(match[3]!);
            this.selectorValues.set(key, set);
          }
        }
        visit(field.each);
      }
    };
    visit(mapping.fields);
  }

  declared(scope: 'settings' | 'credentials'): string[] {
    const connection = isRaw(this.mapping.connection) ? this.mapping.connection : {};
    return isRaw(connection[scope]) ? Object.keys(connection[scope]) : [];
  }

  /** The schemas a field path may start in: the record, then each write's request schema. */
  fieldRoots(): SchemaNode[] {
    const roots = this.record ? [this.record] : [];
    for (const operation of Object.values(isRaw(this.mapping.operations) ? this.mapping.operations : {})) {
      const request = isRaw(operation) ? this.requestBody(operation) : undefined;
      if (request && !roots.includes(request)) roots.push(request);
    }
    return roots;
  }

  private operation(operation: Raw) {
    if (typeof operation.method !== 'string' || typeof operation.path !== 'string') return undefined;
    const lookup = this.operations.find(operation.method, operation.path);
    return 'found' in lookup ? lookup.found : undefined;
  }

  queryParameters(operation: Raw): string[] {
    return (this.operation(operation)?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  }

  /** The first declared success answer's body schema. */
  responseBody(operation: Raw): SchemaNode | undefined {
    const found = this.operation(operation);
    if (!found) return undefined;
    const statuses = Array.isArray(operation.status) ? operation.status : [200];
    for (const status of statuses) {
      const pointer = mediaSchemaPointer(this.resolver, [...found.pointer, 'responses', String(status)], (types) => types.sort()[0]);
      if (pointer) return this.resolver.node(pointer);
    }
    return undefined;
  }

  /** The request body schema, inside `body.wrap` unless `unwrap` is false. */
  requestBody(operation: Raw, unwrap = true): SchemaNode | undefined {
    const found = this.operation(operation);
    if (!found) return undefined;
    const pointer = mediaSchemaPointer(this.resolver, [...found.pointer, 'requestBody'], (types) => types.sort()[0]);
    if (!pointer) return undefined;
    const schema = this.resolver.node(pointer);
    const wrap = isRaw(operation.body) && typeof operation.body.wrap === 'string' ? operation.body.wrap : undefined;
    return unwrap && wrap ? schema.properties.get(wrap) : schema;
  }
}

// ---- how one token is changed ------------------------------------------------------------------

/** The closest other name (edit distance, then code-unit order), or a typo when there is none. */
export function wrongName(name: string, siblings: readonly string[]): { to: string; how: string } {
  const others = [...new Set(siblings)].filter((s) => s !== name && s !== '').sort();
  if (others.length > 0) {
    const best = others.reduce((a, b) => (editDistance(name, b) < editDistance(name, a) ? b : a));
    return { to: best, how: 'sibling' };
  }
  return { to: typo(name), how: 'typo' };
}

/** A near typo: a plural letter dropped or added (`users` → `user`, `id` → `ids`). */
export function typo(name: string): string {
  return name.length > 2 && name.endsWith('s') ? name.slice(0, -1) : `${name}s`;
}

function nameEdit(at: KeyPath, key: boolean, kind: MutationKind, name: string, siblings: readonly string[]): Edit {
  const wrong = wrongName(name, siblings);
  return { at, ...(key ? { key } : {}), kind, to: wrong.to, how: wrong.how };
}

/** The schema `text` (a field path) leads to from `root`, through selectors into elements. */
function walkField(root: SchemaNode, text: string): SchemaNode | undefined {
  const segments = parseFieldPath(text);
  if ('error' in segments) return undefined;
  let node: SchemaNode | undefined = root;
  for (const segment of segments) {
    node = node?.properties.get(segment.name);
    if (segment.selector) node = node?.items;
  }
  return node;
}

function fieldPathEdits(text: string, at: KeyPath, roots: SchemaNode[], names: Names): Edit[] {
  const segments = parseFieldPath(text);
  if ('error' in segments) return [];
  const edits: Edit[] = [];
  const rebuild = (i: number, replacement: string) => segments.map((s, j) => (j === i ? replacement : format(s))).join('.');
  segments.forEach((segment, i) => {
    // The schema holding this segment: the first root where the path so far exists.
    const parent = roots.map((root) => walkField(root, segments.slice(0, i).map(format).join('.') || '')).find((node) => node !== undefined);
    const holder = i === 0 ? roots[0] : parent;
    const selector = segment.selector ? format(segment).slice(segment.name.length) : '';
    const wrong = wrongName(segment.name, holder ? [...holder.properties.keys()] : []);
    edits.push({ at, kind: 'provider-field', to: rebuild(i, wrong.to + selector), how: `${wrong.how} of '${segment.name}'` });
    if (segment.selector?.kind === 'index') {
      edits.push({ at, kind: 'selector', to: rebuild(i, `${segment.name}[${segment.selector.index + 1}]`), how: 'adjacent index' });
    } else if (segment.selector?.kind === 'match') {
      const element = holder?.properties.get(segment.name)?.items;
      const key = wrongName(segment.selector.key, element ? [...element.properties.keys()] : []);
      edits.push({ at, kind: 'selector', to: rebuild(i, `${segment.name}[${key.to}=${segment.selector.value}]`), how: `selector key: ${key.how}` });
      const value = wrongName(String(segment.selector.value), (element?.properties.get(segment.selector.key)?.enum ?? []).filter((v): v is string => typeof v === 'string'));
      edits.push({ at, kind: 'selector', to: rebuild(i, `${segment.name}[${segment.selector.key}=${value.to}]`), how: `selector value: ${value.how}` });
    }
  });
  return edits;
}

function format(segment: { name: string; selector?: { kind: 'index'; index: number } | { kind: 'match'; key: string; value: string | number | boolean } }): string {
  if (!segment.selector) return segment.name;
  return segment.selector.kind === 'index' ? `${segment.name}[${segment.selector.index}]` : `${segment.name}[${segment.selector.key}=${segment.selector.value}]`;
}

/** Unified paths keep their names (the unified checker is not under test here) but their selectors change. */
function unifiedSelectorEdits(text: string, at: KeyPath, names: Names): Edit[] {
  const edits: Edit[] = [];
  for (const match of text.matchAll(/(\w+)\[(?:(\d+)|([^=\]]+)=([^\]]*))\]/g)) {
    const [all, array, index, key, value] = match;
    const whole = all.slice(array!.length);
    match.index! += array!.length;
    const replace = (to: string) => text.slice(0, match.index) + to + text.slice(match.index! + whole.length);
    if (index !== undefined) edits.push({ at, kind: 'selector', to: replace(`[${Number(index) + 1}]`), how: 'adjacent index' });
    else {
      const wrong = wrongName(value!, [...(names.selectorValues.get(`${array}[${key}]`) ?? [])]);
      edits.push({ at, kind: 'selector', to: replace(`[${key}=${wrong.to}]`), how: `selector value: ${wrong.how}` });
      edits.push({ at, kind: 'selector', to: replace(`[${typo(key!)}=${value}]`), how: 'selector key: typo' });
    }
  }
  return edits;
}

/** A dot path into an answer: each name to a sibling member (or a typo), each index to the next. */
function responsePathEdits(text: unknown, at: KeyPath, body: SchemaNode | undefined): Edit[] {
  if (typeof text !== 'string' || text === '$') return [];
  const segments = text.split('.');
  const edits: Edit[] = [];
  let node = body;
  segments.forEach((segment, i) => {
    const rebuild = (to: string) => segments.map((s, j) => (j === i ? to : s)).join('.');
    if (/^\d+$/.test(segment)) {
      edits.push({ at, kind: 'response-path', to: rebuild(String(Number(segment) + 1)), how: 'adjacent index' });
      node = node?.items;
    } else if (segment !== '*') {
      const wrong = wrongName(segment, node ? [...node.properties.keys()] : []);
      edits.push({ at, kind: 'response-path', to: rebuild(wrong.to), how: `${wrong.how} of '${segment}'` });
      node = node?.properties.get(segment);
    }
  });
  return edits;
}

/** `/users/{id}`: a segment renamed or dropped, `{id}` swapped with its neighbour. */
function operationPathEdits(text: unknown, at: KeyPath): Edit[] {
  if (typeof text !== 'string') return [];
  const segments = text.split('/').slice(1);
  const join = (parts: string[]) => `/${parts.join('/')}`;
  const edits: Edit[] = [];
  segments.forEach((segment, i) => {
    if (segment.startsWith('{') || segment === '') return;
    const [stem, ...extension] = segment.split('.');
    edits.push({ at, kind: 'operation-path', to: join(segments.map((s, j) => (j === i ? [typo(stem!), ...extension].join('.') : s))), how: `segment '${segment}' renamed` });
    if (segments.length > 1) edits.push({ at, kind: 'operation-path', to: join(segments.filter((_, j) => j !== i)), how: `segment '${segment}' dropped` });
  });
  const id = segments.findIndex((s) => s.startsWith('{'));
  if (id > 0) {
    // `{id}` moves before its neighbour, carrying a `.json` suffix with the segment that had it.
    const moved = [...segments];
    const [placeholder, suffix] = [segments[id]!.replace(/\}.*$/, '}'), segments[id]!.replace(/^[^}]*\}/, '')];
    moved[id - 1] = placeholder;
    moved[id] = segments[id - 1]! + suffix;
    edits.push({ at, kind: 'operation-path', to: join(moved), how: `'${segments[id]}' moved before '${segments[id - 1]}'` });
  }
  return edits;
}

/** `{settings.x}` to another declared setting; `{response.a.b}` to a sibling member of the answer. */
function templateEdits(text: unknown, at: KeyPath, names: Names, scopes: { request?: SchemaNode | undefined; response?: SchemaNode | undefined }): Edit[] {
  if (typeof text !== 'string') return [];
  const edits: Edit[] = [];
  for (const match of text.matchAll(/\{(settings|credentials|request|response)\.([^}]+)\}/g)) {
    const [whole, scope, rest] = match;
    const path = rest!.split('.');
    const replace = (to: string) => text.slice(0, match.index) + `{${scope}.${to}}` + text.slice(match.index! + whole.length);
    if (scope === 'settings' || scope === 'credentials') {
      const wrong = wrongName(path[0]!, names.declared(scope));
      edits.push({ at, kind: 'template', to: replace(wrong.to), how: `${wrong.how} of '${scope}.${path[0]}'` });
      continue;
    }
    let node = scope === 'request' ? scopes.request : scopes.response;
    path.forEach((segment, i) => {
      const wrong = wrongName(segment, node ? [...node.properties.keys()] : []);
      edits.push({ at, kind: 'template', to: replace(path.map((s, j) => (j === i ? wrong.to : s)).join('.')), how: `${wrong.how} of '${scope}.${path.slice(0, i + 1).join('.')}'` });
      node = node?.properties.get(segment);
    });
  }
  return edits;
}

/** `where: { type: email }`: the key to a sibling member of the element, the value to a near one. */
function whereEdits(where: Raw, at: KeyPath, elements: SchemaNode[]): Edit[] {
  const edits: Edit[] = [];
  for (const [key, value] of Object.entries(where)) {
    const element = elements[0];
    edits.push(nameEdit([...at, key], true, 'where', key, element ? [...element.properties.keys()] : []));
    const member = element?.properties.get(key);
    if (typeof value === 'boolean') edits.push({ at: [...at, key], kind: 'where', to: String(!value), how: 'flipped' });
    else if (typeof value === 'number') edits.push({ at: [...at, key], kind: 'where', to: String(value + 1), how: 'adjacent number' });
    else if (typeof value === 'string') {
      const wrong = wrongName(value, (member?.enum ?? []).filter((v): v is string => typeof v === 'string'));
      edits.push({ at: [...at, key], kind: 'where', to: wrong.to, how: `${wrong.how} value` });
    }
  }
  return edits;
}

// ---- applying edits to the text --------------------------------------------------------------------

function nodeAt(document: Document, at: KeyPath, key: boolean): Scalar | undefined {
  let node: unknown = document.contents;
  let keyNode: Node | undefined;
  for (const segment of at) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return undefined;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
    else return undefined;
  }
  const chosen = key ? keyNode : node;
  return isScalar(chosen) ? chosen : undefined;
}

/** How a replacement scalar is written: as it was when it needs no quotes, else JSON-quoted (valid YAML). */
function scalarText(value: string, original: Scalar): string {
  const typed = typeof original.value;
  if (typed === 'boolean' || typed === 'number') return value;
  return /^[A-Za-z_$][\w$.-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) ? value : JSON.stringify(value);
}

function applyAll(file: string, text: string, document: Document, lines: LineCounter, edits: Edit[]): Mutant[] {
  const out: Mutant[] = [];
  const seen = new Set<string>();
  for (const edit of edits) {
    const node = nodeAt(document, edit.at, edit.key === true);
    if (!node?.range) continue;
    const from = String(node.value);
    if (edit.to === from) continue;
    // A key renamed to one its map already has would be a YAML error, not a mutant of the mapping.
    if (edit.key === true && edit.at.length > 0) {
      const parent = document.getIn(edit.at.slice(0, -1)) as { has?: (key: unknown) => boolean } | undefined;
      if (parent?.has?.(edit.to)) continue;
    }
    const [start, end] = node.range;
    const mutated = text.slice(0, start) + scalarText(edit.to, node) + text.slice(end);
    // The same text reached two ways is one mutant.
    if (seen.has(mutated)) continue;
    seen.add(mutated);
    const position = lines.linePos(start);
    out.push({ file, line: position.line, col: position.col, at: edit.at.join('.'), kind: edit.kind, from, to: edit.to, how: edit.how, text: mutated });
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col || (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
}
