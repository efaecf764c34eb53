/**
 * One mapped operation's request as the IR holds it: its provider path (the
 * record's id, the parents), query parameters, headers, body values, the id
 * the answer gives (in the body or a header), and the follow-up request
 * (`then`) whose values must be certain to be there.
 */

import type { IdHeaderDocument, OperationDocument } from '../../parse/mapping.js';
import { closest } from '../../runtime/fields.js';
import type { BodyIR, FollowUpIR, OperationIR, Template, UnifiedOperation } from '../model.js';
import { byName } from '../order.js';
import { dotPath, sentMappingPath } from '../paths.js';
import type { ProviderOperations } from '../provider-operations.js';
import { pickJson } from '../responses.js';
import { mediaSchemaPointer, memberAt, type SchemaNode } from '../schema.js';
import type { TemplateScope } from '../templates.js';
import { bodyMediaType, checkBodyValues, declaredMediaType, MEDIA_NAMES } from './bodies.js';
import type { ConnectorCheck } from './check.js';
import { checkSignInHeader, isHeaderName } from './connection.js';
import { checkFixedParameter, checkHeaderParameters, checkPathParametersSent, checkProviderOperation, checkQueryParameters, checkRequiredParameters } from './requests.js';

export function operationIR(check: ConnectorCheck, unified: UnifiedOperation, document: OperationDocument, at: (string | number)[], paging: { name: string; at: (string | number)[] }[], idempotent = false): OperationIR | undefined {
  const { resolver, providerOperations, report, template, connectionHeaders, connectionHeadersChecked } = check;
  const id = unified.id;
  const path = pathPieces(check, document.path, unified, at);
  const parents = parentsOf(unified);
  // A refused value (a misspelt '{path.x}') is reported where it is written, not again as a parent it may leave unsent.
  let refusedParents = false;
  /**
   * A query, header or body value: settings (and `{uuid}` in a body), the call's parents as `{path.<name>}`, and
   * the record's id as `{path.id}` (or its own name) where the provider takes it there (`GET /tasks.info?task=`).
   */
  const valueTemplate = (text: string, where: (string | number)[], scopes: TemplateScope[]): Template | undefined => {
    const parsed = template(text, where, [...scopes, 'path']);
    const idParam = unified.idParam;
    const isId = (name: string) => idParam !== undefined && (name === 'id' || name === idParam) && !parents.includes(name);
    // The id under the name the unified path gives it, as the call takes it.
    if (parsed && idParam !== undefined) parsed.parts = parsed.parts.map((part) => (part.kind === 'path' && isId(part.name) ? { kind: 'path', name: idParam } : part));
    const unknown = (parsed?.parts ?? []).flatMap((part) => (part.kind === 'path' && !parents.includes(part.name) && part.name !== idParam ? [part.name] : []));
    for (const name of unknown) {
      const sendable = [...parents, ...(idParam !== undefined ? [idParam] : [])];
      const near = closest(name, sendable);
      report(where, 'invalid-template', `'{path.${name}}' is not a path parameter of ${unified.path}`, near ? `did you mean '{path.${near}}'?` : sendable.length ? `its path parameters: ${sendable.map((p) => `'{path.${p}}'`).join(', ')}` : `${unified.id} has no path parameter to send`);
    }
    if (!parsed || unknown.length) refusedParents = true;
    return unknown.length ? undefined : parsed;
  };
  const found = checkProviderOperation(check, document.method, document.path, [...at, 'path'], id, document.undocumented?.security);
  // `path: /` is the base URL itself (a collection the base URL names): sent with a trailing slash only where the document's path has one.
  if (found && sentMappingPath(document.path, found.specPath) === '') path.splice(0);
  const answer = found ? providerOperations.response(found, document.status ?? [200]) : undefined;
  if (found) {
    const sent = [...Object.keys(document.query ?? {}).map((name) => ({ name, at: [...at, 'query', name], target: 'key' as const })), ...paging];
    checkQueryParameters(check, found, sent, document.undocumented, at);
    checkHeaderParameters(check, found, document, at, idempotent);
    const headers = [...Object.keys(document.headers ?? {}), ...(idempotent ? [check.mapping.connection.idempotency_key!.header] : [])];
    checkRequiredParameters(check, found, { kind: 'operation', query: sent.map((s) => s.name), headers }, id, at);
  }
  const query = byName(Object.entries(document.query ?? {})).flatMap(([name, value]) => {
    const parsed = valueTemplate(value, [...at, 'query', name], ['settings']);
    // Paging, filters and sort set their parameters on each request; a fixed value beside them would be sent twice or lost.
    const other = paging.find((p) => p.name === name);
    if (other) report([...at, 'query', name], 'duplicate-target', `query parameter '${name}' is also sent by ${senderOf(other.at)}`, 'drop it here: the request sets it from the call', 'key');
    if (parsed && found) checkFixedParameter(check, found, 'query', name, parsed, [...at, 'query', name]);
    return parsed ? [{ name, value: parsed }] : [];
  });
  const opHeaders = byName(Object.entries(document.headers ?? {})).flatMap(([name, value]) => {
    if (!isHeaderName(name)) report([...at, 'headers', name], 'invalid-identifier', `'${name}' is not a valid header name`, undefined, 'key');
    if (name.toLowerCase() === 'content-type') report([...at, 'headers', name], 'schema', 'the Content-Type of a request follows its `body.encoding`; a header here would contradict the body sent', `set \`body.encoding\` (${Object.entries(MEDIA_NAMES).map(([encoding, type]) => `${encoding}: ${type}`).join(', ')})`, 'key');
    checkSignInHeader(check, name, [...at, 'headers', name]);
    const parsed = valueTemplate(value, [...at, 'headers', name], ['settings']);
    if (parsed && found) checkFixedParameter(check, found, 'header', name, parsed, [...at, 'headers', name]);
    return parsed ? [{ name, value: parsed }] : [];
  });
  if (found) {
    for (const { name, value } of connectionHeaders) {
      if (connectionHeadersChecked.has(name.toLowerCase()) || (document.headers && Object.keys(document.headers).some((own) => own.toLowerCase() === name.toLowerCase()))) continue;
      if (!checkFixedParameter(check, found, 'header', name, value, ['connection', 'headers', name])) connectionHeadersChecked.add(name.toLowerCase());
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
      mediaType: declaredMediaType(check, document, document.body.encoding),
      wrap: Array.isArray(document.body.wrap) ? document.body.wrap[0] : document.body.wrap,
      wrapInList: Array.isArray(document.body.wrap),
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
    ...opHeaders.map((h) => ({ value: h.value, what: `header '${h.name}'` })),
    ...(body?.values ?? []).map((v) => ({ value: v.value, what: `body member '${v.name}'` })),
  ].flatMap(({ value, what }) => value.parts.flatMap((part) => (part.kind === 'path' ? [{ name: part.name, what }] : [])));
  if (!refusedParents) checkPathParametersSent(check, unified, path, parentsSent, document.ignores ?? {}, at);
  const recordsPaths = document.records === undefined ? [] : (Array.isArray(document.records) ? document.records : [document.records]).map(dotPath);
  // A records member the document declares nullable (Pipedrive's `data: null` for an empty list) is an empty page.
  const answerBody = answer ? mediaSchemaPointer(resolver, answer.pointer, pickJson) : undefined;
  const recordsNullable = answerBody !== undefined && recordsPaths.some((recordsPath) => memberAt(resolver.node(answerBody), recordsPath)?.nullable === true);
  // Left out of a `required` list the document does write (HAL's `_embedded`, absent from an empty page), the records member
  // may be absent: an empty page. A document that writes no `required` there says nothing, and absence stays a fault.
  const documentedAbsent = answerBody !== undefined && recordsPaths.some((recordsPath) => optionallyAbsent(resolver.node(answerBody), recordsPath));
  // Checked either way: vouching for what the document already says is refused.
  const vouched = vouchedAbsent(check, document, recordsPaths, documentedAbsent, at);
  const recordsOptional = documentedAbsent || vouched;
  let followUp: FollowUpIR | undefined;
  if (document.then) {
    const then = document.then;
    const scopes: TemplateScope[] = ['settings', 'request', 'response'];
    // A parent goes as `{path.<name>}` here too: the lookup of a record below a board is below that board.
    const followPath = valueTemplate(then.path, [...at, 'then', 'path'], scopes);
    const followed = checkProviderOperation(check, then.method, then.path.replace(/\{[^}]*\}/g, '{x}'), [...at, 'then', 'path'], id);
    const followQuery = byName(Object.entries(then.query ?? {})).flatMap(([name, value]) => {
      const parsed = valueTemplate(value, [...at, 'then', 'query', name], scopes);
      if (parsed && followed) checkFixedParameter(check, followed, 'query', name, parsed, [...at, 'then', 'query', name]);
      return parsed ? [{ name, value: parsed }] : [];
    });
    const followBody = then.body
      ? {
          encoding: then.body.encoding,
          values: byName(Object.entries(then.body.values)).flatMap(([name, value]) => {
            const parsed = valueTemplate(value, [...at, 'then', 'body', 'values', name], scopes);
            return parsed ? [{ name, value: parsed }] : [];
          }),
        }
      : undefined;
    if (followBody && followed) {
      const pointer = mediaSchemaPointer(resolver, [...followed.pointer, 'requestBody'], (types) => bodyMediaType(types, followBody.encoding));
      checkBodyValues(check, pointer ? resolver.node(pointer) : undefined, followBody.encoding, followBody.values, then.undocumented, [...at, 'then'], `the ${id} follow-up request`, followed);
    } else if (then.undocumented?.body) report([...at, 'then', 'undocumented', 'body'], 'unknown-provider-field', 'this request sends no body', 'remove `undocumented.body`', 'key');
    if (followed) {
      checkQueryParameters(check, followed, Object.keys(then.query ?? {}).map((name) => ({ name, at: [...at, 'then', 'query', name], target: 'key' as const })), then.undocumented, [...at, 'then']);
      checkRequiredParameters(check, followed, { kind: 'then', query: Object.keys(then.query ?? {}), headers: [] }, `the ${id} follow-up request`, [...at, 'then']);
    }
    const followWhere = byName(Object.entries(then.where ?? {})).flatMap(([name, value]) => {
      const parsed = valueTemplate(value, [...at, 'then', 'where', name], scopes);
      return parsed ? [{ path: dotPath(name), value: parsed, name }] : [];
    });
    const templates: [Template | undefined, (string | number)[]][] = [
      [followPath, [...at, 'then', 'path']],
      ...followQuery.map((q): [Template, (string | number)[]] => [q.value, [...at, 'then', 'query', q.name]]),
      ...(followBody?.values ?? []).map((v): [Template, (string | number)[]] => [v.value, [...at, 'then', 'body', 'values', v.name]]),
      ...followWhere.map((w): [Template, (string | number)[]] => [w.value, [...at, 'then', 'where', w.name]]),
    ];
    for (const [parsed, where] of templates) if (parsed && found) checkFollowUpValues(check, parsed, where, document, body, answer, then.if_absent === 'fail', `${found.method} ${found.specPath}`);
    if (followPath) {
      followUp = {
        method: then.method,
        path: followPath,
        query: followQuery,
        body: followBody,
        statuses: then.status ?? [200],
        idPath: then.id !== undefined ? dotPath(then.id) : undefined,
        where: followWhere.map(({ path, value }) => ({ path, value })),
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
    recordsOptional,
    recordPath: document.record !== undefined ? dotPath(document.record) : undefined,
    idPath: typeof document.id === 'string' ? dotPath(document.id) : undefined,
    idHeader: typeof document.id === 'object' && found ? idHeaderOf(check, document.id, answer, `${found.method} ${found.specPath}`, [...at, 'id', 'header']) : undefined,
    where: byName(Object.entries(document.where ?? {})).map(([key, value]) => ({ key, value })),
    listFilters: undefined,
    note: document.note,
    followUp,
    requestSchema: undefined,
    stores: undefined,
  };
}

/** The path parameters of a unified operation other than the record's id: its parents (a card's `board_id`). */
export function parentsOf(unified: UnifiedOperation): string[] {
  return unified.params.filter((param) => param.in === 'path' && param.name !== unified.idParam).map((param) => param.name);
}

/** A provider path's pieces: text, the record's `{id}` (or the spec's own name for it), and the spec's other path parameters (a parent's `{collection_id}`) by their names. */
export function pathPieces(check: ConnectorCheck, text: string, unified: UnifiedOperation, at: (string | number)[]): OperationIR['path'] {
  const { report } = check;
  const id = unified.id;
  const path: OperationIR['path'] = [];
  const pieces = text.split(/(\{[^}]*\})/);
  const parents = parentsOf(unified);
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

/** An id in a response header must be a header the provider's document declares on that answer. */
function idHeaderOf(check: ConnectorCheck, document: IdHeaderDocument, answer: ReturnType<ProviderOperations['response']>, where: string, at: (string | number)[]): OperationIR['idHeader'] {
  const { provider, report } = check;
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
function checkFollowUpValues(check: ConnectorCheck, parsed: Template, at: (string | number)[], document: OperationDocument, body: BodyIR | undefined, answer: ReturnType<ProviderOperations['response']>, failsIfAbsent: boolean, where: string) {
  const { mapping, provider, resolver, report } = check;
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
      // `{request.customer.email}` under `wrap: customer`; `{request.data.0.email}` under `wrap: [data]`.
      const wrapped = body?.wrap === undefined ? 0 : part.path[0] !== body.wrap ? 0 : body.wrapInList ? (part.path[1] === '0' ? 2 : 0) : 1;
      const path = part.path.slice(wrapped);
      const name = path[0]!;
      if (body?.values.some((v) => v.name === name)) continue;
      const written = mapping.fields.some((f) => typeof f.provider === 'string' && f.provider.split(/[.[]/)[(body?.from ?? []).length] === name && f.direction !== 'read');
      if (!written) report(at, 'invalid-template', `'{request.${part.path.join('.')}}': the ${document.method} request sends no '${name}'`, 'name a member of `body.values` or one a field writes');
      else maybeAbsent(`request.${part.path.join('.')}`, 'a field writes it only when the unified value is given');
    }
  }
}

/** What sends a paging, filter or sort parameter, from where the mapping names it. */
function senderOf(at: readonly (string | number)[]): string {
  const key = String(at[at.length - 1]);
  if (at.includes('pagination')) return `the pagination (\`${key}\`)`;
  if (at.includes('filters')) return `filter '${key}' (\`filters\`)`;
  return 'the sort (`sort.query`)';
}

/** Whether an object on `path` below `schema` declares which members it requires and leaves the next one out. */
/**
 * `undocumented.records_absent`: the mapping's word that an answer without its records member is an empty page, where
 * the document does not say so. Trusted with a note; refused on a request that reads no records, and where the
 * document's `required` list already leaves the member out.
 */
function vouchedAbsent(check: ConnectorCheck, document: OperationDocument, recordsPaths: readonly string[][], documented: boolean, at: (string | number)[]): boolean {
  const why = document.undocumented?.records_absent;
  if (why === undefined) return false;
  const where = [...at, 'undocumented', 'records_absent'];
  if (recordsPaths.length === 0) {
    check.report(where, 'unknown-provider-field', 'this request reads no `records`, so no records member can be absent from its answer', 'remove `undocumented.records_absent`', 'key');
    return false;
  }
  const members = recordsPaths.filter((path) => path.length > 0);
  if (members.length === 0) {
    check.report(where, 'unknown-provider-field', 'the records are the answer\'s body itself (`records: $`), not a member that could be absent', 'remove `undocumented.records_absent`', 'key');
    return false;
  }
  const records = members.map((path) => `'${path.join('.')}'`).join(', ');
  if (documented) {
    check.report(where, 'unknown-provider-field', `the answer's schema in ${check.provider.source.file} already leaves ${records} out of its \`required\` list, so an answer without it is an empty page; it needs no vouching`, 'remove `undocumented.records_absent`', 'key');
    return false;
  }
  check.trusted.push(check.source.diagnostic(where, { code: 'trusted', message: `an answer without ${records} is an empty page; trusted on the mapping's word`, hint: why }, 'key'));
  return true;
}

function optionallyAbsent(schema: SchemaNode, path: readonly string[]): boolean {
  let current: SchemaNode | undefined = schema;
  for (const name of path) {
    if (!current) return false;
    if (current.required.length > 0 && !current.required.includes(name)) return true;
    current = current.properties.get(name);
  }
  return false;
}
