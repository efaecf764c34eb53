/**
 * Where a mapping reads provider answers — `records`, `record`, `id`,
 * `then.id` and the paging paths (`next`, `has_more`, `total`,
 * `total_pages`) — resolved against the response schema the provider's
 * document declares for each listed success status; `record` and
 * `records` must reach the record the field lines are read from. A JSON
 * answer whose schema is not given is taken at the mapping's word, never
 * guessed at; an answer declared without a body, or not as JSON, is read
 * only where the mapping vouches for it.
 */

import { inWords, type Diagnostic } from '../diagnostics.js';
import type { MappingDocument, UndocumentedDocument } from '../parse/mapping.js';
import type { YamlSource } from '../parse/source.js';
import type { AcrossParts } from './across-parts.js';
import { closest } from '../runtime/fields.js';
import { dotPath, parseFieldPath } from './paths.js';
import type { ProviderOperation, ProviderOperations } from './provider-operations.js';
import { describeType, mediaSchemaPointer, sameSchema, type JsonType, type SchemaNode, type SchemaResolver } from './schema.js';

export interface ResponseCheck {
  mapping: MappingDocument;
  source: YamlSource;
  resolver: SchemaResolver;
  operations: ProviderOperations;
  providerFile: string;
  problems: Diagnostic[];
  /** Notes for what generates on the mapping's word (`undocumented.answer`). */
  trusted: Diagnostic[];
  /** The record schema (the mapping's `record`), which the field lines are read from: `record` and `records` must reach it. */
  record?: SchemaNode;
}

/**
 * What a path must lead to: records are an array, an id a single value; the
 * paging paths a value of the type the runtime reads there (a paging value of
 * another type ends every list after its first page, silently).
 */
type Expected = 'array' | 'scalar' | 'any' | PagingValue;

/**
 * What `record` and `records` must reach besides a place in the answer: the
 * record the field lines are read from (for `records`, an array of it). The
 * fields are checked against `schema` alone, so a path reaching anything else
 * would pass every check and read each field from the wrong value.
 */
interface RecordShape {
  schema: SchemaNode;
  /** The record's members the fields read (the first segment of each read path the record declares). */
  read: readonly string[];
}

type PagingValue = 'cursor' | 'link' | 'flag' | 'count';

/** What src/runtime/pagination.ts takes at each paging path; anything else reads as "no next page". */
const PAGING_VALUES: Record<PagingValue, { types: readonly JsonType[]; says: string; plural: string }> = {
  // A cursor is sent back as text: a string, or a number written out.
  cursor: { types: ['string', 'integer', 'number'], says: 'a cursor (a string or a number)', plural: 'strings or numbers' },
  // A next link is resolved as a URL: only a string is one.
  link: { types: ['string'], says: 'a link (a string)', plural: 'strings' },
  // `has_more` continues only on `true`.
  flag: { types: ['boolean'], says: 'a flag (a boolean)', plural: 'booleans' },
  // Totals are counts: a number, or digits in a string (a string schema that says it holds only digits).
  count: { types: ['integer', 'number'], says: 'a count (a number)', plural: 'numbers' },
};

/** One answer a mapping reads: the request it answers, its success statuses, where in the mapping. */
interface ReadPath {
  at: (string | number)[];
  text: string;
  expected: Expected;
  /** Set on `record` and `records`: the path must reach the record. */
  record?: RecordShape;
}

export function checkResponsePaths(check: ResponseCheck): void {
  const { mapping } = check;
  const shape: RecordShape | undefined = check.record ? { schema: check.record, read: membersRead(mapping, check.record) } : undefined;
  for (const [id, document] of Object.entries(mapping.operations).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (document === 'unsupported') continue;
    const at = ['operations', id];
    const reads: ReadPath[] = [];
    if (document.records !== undefined) {
      const list = Array.isArray(document.records) ? document.records : [document.records];
      list.forEach((text, i) => reads.push({ at: Array.isArray(document.records) ? [...at, 'records', i] : [...at, 'records'], text, expected: 'array', record: shape }));
    }
    if (document.record !== undefined) reads.push({ at: [...at, 'record'], text: document.record, expected: 'any', record: shape });
    // An id read from a response header (`id: { header }`) is checked against the declared headers, elsewhere.
    if (typeof document.id === 'string') reads.push({ at: [...at, 'id'], text: document.id, expected: 'scalar' });
    // Paging paths are read from the list's answer: the operation that has `records`.
    if (document.records !== undefined) reads.push(...pagingReads(mapping));
    const vouched = document.undocumented?.answer ?? {};
    checkAnswer(check, { method: document.method, path: document.path, statuses: document.status, at, undocumented: document.undocumented }, reads, { at: [...at, 'undocumented', 'answer'], reasons: vouched });
    for (const text of Object.keys(vouched)) {
      if (!reads.some((read) => read.text === text)) check.problems.push(check.source.diagnostic([...at, 'undocumented', 'answer', text], { code: 'unknown-provider-field', message: `${id} reads no answer path '${text}'`, hint: `vouch only for paths it reads: ${reads.map((r) => `'${r.text}'`).join(', ') || 'none'}` }, 'key'));
    }
    const then = document.then;
    if (then) {
      const reads: ReadPath[] = [...(then.id !== undefined ? [{ at: [...at, 'then', 'id'], text: then.id, expected: 'scalar' as const }] : []), ...Object.keys(then.where ?? {}).map((path) => ({ at: [...at, 'then', 'where', path], text: path, expected: 'scalar' as const }))];
      const thenVouched = then.undocumented?.answer ?? {};
      checkAnswer(check, { method: then.method, path: then.path.replace(/\{[^}]*\}/g, '{x}'), statuses: then.status, at: [...at, 'then'], undocumented: then.undocumented }, reads, { at: [...at, 'then', 'undocumented', 'answer'], reasons: thenVouched });
      for (const text of Object.keys(thenVouched)) {
        if (!reads.some((read) => read.text === text)) check.problems.push(check.source.diagnostic([...at, 'then', 'undocumented', 'answer', text], { code: 'unknown-provider-field', message: `the follow-up of ${id} reads no answer path '${text}'`, hint: `vouch only for paths it reads: ${reads.map((r) => `'${r.text}'`).join(', ') || 'none'}` }, 'key'));
      }
    }
  }
}

/** A request whose answers are checked: where it is in the mapping, the statuses it lists, what it vouches for. */
interface AnsweredRequest {
  method: string;
  path: string;
  /** As written; absent means [200]. */
  statuses: number[] | undefined;
  at: (string | number)[];
  undocumented: UndocumentedDocument | undefined;
}

/**
 * `errors.message` paths, resolved against every error answer (4xx, 5xx,
 * `default`) the document declares on the mapped requests: each must lead
 * somewhere in at least one of them. `$` is the body itself; below a `*`
 * any member is taken, so only the part before it is checked. The `errors`
 * block is every part's: a path is refused when it leads nowhere in the
 * error answers of every part's requests, and reported once.
 *
 * Returns the indexes of the paths refused over the parts checked so far
 * (the last part, which checks the examples of all, gets every one): the
 * examples are not asked to reach those too.
 */
export function checkErrorMessagePaths(check: ResponseCheck, across: AcrossParts): Set<number> {
  const paths = check.mapping.errors?.message ?? [];
  const bodies: ErrorBody[] = [];
  const seen = new Set<SchemaNode>();
  const requests = Object.values(check.mapping.operations).flatMap((document) => (document === 'unsupported' ? [] : [document, ...(document.then ? [document.then] : [])]));
  for (const request of paths.length > 0 ? requests : []) {
    const lookup = check.operations.find(request.method, request.path.replace(/\{(?!id\})[^}]*\}/g, '{x}'));
    if (!('found' in lookup)) continue;
    const responses = check.resolver.at([...lookup.found.pointer, 'responses']);
    if (typeof responses !== 'object' || responses === null) continue;
    for (const key of Object.keys(responses).sort()) {
      if (!/^([45](\d\d|XX|xx)|default)$/.test(key)) continue;
      const pointer = mediaSchemaPointer(check.resolver, [...lookup.found.pointer, 'responses', key], pickJson);
      if (!pointer) continue;
      const node = check.resolver.node(pointer);
      if (seen.has(node)) continue;
      seen.add(node);
      bodies.push({ node, where: `the ${key} response of ${lookup.found.method} ${lookup.found.specPath}` });
    }
  }
  const report = (found: readonly ErrorBody[]) => {
    const all = distinctBodies(found);
    for (const [i, first] of errorPathsRefused(paths, all)) {
      check.problems.push(
        check.source.diagnostic(['errors', 'message', i], {
          code: 'unknown-provider-field',
          message: `'${paths[i]}' leads nowhere in the error answers ${check.providerFile} declares (${first.message} in ${all[0]!.where}${all.length > 1 ? `, and in the ${all.length - 1} other${all.length > 2 ? 's' : ''}` : ''})`,
          ...(first.hint ? { hint: first.hint } : {}),
        }),
      );
    }
  };
  return new Set(errorPathsRefused(paths, distinctBodies(across.add('error message paths', bodies, report))).keys());
}

/** Parts whose requests answer errors with the same schema found it each: it counts once. */
function distinctBodies(bodies: readonly ErrorBody[]): ErrorBody[] {
  const seen = new Set<SchemaNode>();
  return bodies.filter((body) => !seen.has(body.node) && seen.add(body.node));
}

interface ErrorBody {
  node: SchemaNode;
  where: string;
}

/**
 * The `errors.message` paths that lead nowhere in any of `bodies`, by index,
 * with why not in the first. A document that declares no error body leaves
 * the mapping's word as all there is: nothing is refused.
 */
function errorPathsRefused(paths: readonly string[], bodies: readonly ErrorBody[]): Map<number, NonNullable<ReturnType<typeof resolve>>> {
  const refused = new Map<number, NonNullable<ReturnType<typeof resolve>>>();
  if (bodies.length === 0) return refused;
  paths.forEach((text, i) => {
    const path = dotPath(text);
    const checked = path.includes('*') ? path.slice(0, path.indexOf('*')) : path;
    const problems = bodies.map((body) => resolve(body.node, checked, 'any'));
    if (problems.some((problem) => problem === undefined)) return;
    refused.set(i, { ...problems[0]!, ...nearestAcross(checked, bodies, problems[0]!.hint) });
  });
  return refused;
}

/**
 * The member path of any of `bodies` nearest to `path` (`errors.0.mesage` → `errors.0.message` of the 404, though the
 * first error answer is a 401 of `{code, message}`): the hint, where it is not the first body's own.
 */
function nearestAcross(path: readonly string[], bodies: readonly ErrorBody[], hint: string | undefined): { hint?: string } {
  const text = path.join('.');
  const where = new Map<string, string>();
  const walk = (node: SchemaNode, at: string[]) => {
    if (at.length > 0 && !where.has(at.join('.'))) where.set(at.join('.'), '');
    if (at.length >= 4) return;
    if (node.items) walk(node.items, [...at, '0']);
    for (const [name, member] of node.properties) walk(member, [...at, name]);
  };
  for (const body of bodies) {
    const before = new Set(where.keys());
    walk(body.node, []);
    for (const key of where.keys()) if (!before.has(key)) where.set(key, body.where);
  }
  const near = closest(text, [...where.keys()]);
  if (near === undefined || hint?.includes(`'${near}'`)) return {};
  return { hint: `did you mean '${near}'? (in ${where.get(near)})` };
}

function pagingReads(mapping: MappingDocument): ReadPath[] {
  const p = mapping.pagination;
  if (!p) return [];
  const out: ReadPath[] = [];
  const add = (key: string, text: string | undefined, expected: Expected) => {
    if (text !== undefined) out.push({ at: ['pagination', key], text, expected });
  };
  if (p.type === 'cursor') {
    add('next', p.next, 'cursor');
    add('has_more', p.has_more, 'flag');
  } else if (p.type === 'link' && p.source === 'body') add('next', p.next, 'link');
  else if (p.type === 'offset') {
    add('total', p.total, 'count');
    add('has_more', p.has_more, 'flag');
  } else if (p.type === 'page') add('total_pages', p.total_pages, 'count');
  return out;
}

/**
 * Every status a request lists must be one the document declares for the
 * operation (the exact code, its range such as `2XX`, or `default`), or be
 * vouched for under `undocumented.status`: the answer paths are checked
 * against the declared answers, so a status the document does not have would
 * leave them unchecked. Each path must fit the answer of every listed status
 * the document declares: the connector reads it from whichever of them the
 * provider sends, so a path one answer lacks (a 202 that answers only a job
 * id beside a 201 with the record) fails at run time on that status.
 * A `record`/`records` path must reach the record in each of them as well:
 * an answer where it reaches something else is named among those that lack
 * it. `records: [results, $]` fits an answer declared as `oneOf: [array,
 * {results}]`, each alternative through its own shape. A JSON answer whose
 * schema is not given holds any path, on the mapping's word. An answer
 * declared without a body, or only as other media types than JSON, holds
 * none: the connector sends `accept: application/json` and parses JSON, so
 * it reads what the document does not say is there; each path read is an
 * error naming that answer unless vouched for.
 */
function checkAnswer(check: ResponseCheck, request: AnsweredRequest, reads: ReadPath[], vouched: { at: (string | number)[]; reasons: Record<string, string> } = { at: [], reasons: {} }): void {
  const lookup = check.operations.find(request.method, request.path);
  // An operation the document lacks is reported where the path is checked.
  if (!('found' in lookup)) return;
  const operation = lookup.found;
  const declared = checkStatuses(check, request, operation, reads.length > 0);
  const statuses = request.statuses ?? [200];
  const answers: Answer[] = [];
  const unreadable: Unreadable[] = [];
  for (const key of declared) {
    const listedHere = statuses.filter((status) => check.operations.responseKey(operation, status) === key);
    const pointer = mediaSchemaPointer(check.resolver, [...operation.pointer, 'responses', key], pickJson);
    if (pointer) {
      answers.push({ key, statuses: listedHere, body: check.resolver.node(pointer) });
      continue;
    }
    // Declared without a body, or not as JSON: it holds nothing the connector can read, beside a JSON answer as much as
    // alone, so it lacks every path read, as a JSON answer without the member does. A 204 or 205 is no body by HTTP's
    // definition and is said at the status (checkBodilessStatuses), not again at each path.
    const readable = listedHere.filter((status) => BODILESS[status] === undefined);
    if (listedHere.length > 0 && readable.length === 0) continue;
    unreadable.push({ key, statuses: readable, media: declaredMediaTypes(check.resolver, [...operation.pointer, 'responses', key]) });
  }
  const where = (some: readonly { key: string }[]) => `the ${inWords(some.map((answer) => answer.key))} ${some.length === 1 ? 'response' : 'responses'} of ${operation.method} ${operation.specPath}`;
  // What the answers not declared as JSON are declared as, grouped by their media types (none: no body).
  const asMedia = (media: readonly string[]) => (media.length === 0 ? 'without a body' : `as ${media.join(', ')} only, not JSON`);
  const groups = [...new Set(unreadable.map((answer) => asMedia(answer.media)))].map((as) => `${where(unreadable.filter((answer) => asMedia(answer.media) === as))} ${as}`);
  const declaredAs = `${check.providerFile} declares ${groups.join(', and ')}`;
  const notJson = unreadable.some((answer) => answer.media.length > 0);
  for (const read of reads) {
    const path = dotPath(read.text);
    // A `record`/`records` path is resolved in each answer and must reach the record there too: an answer where it reaches
    // something else (a misfit) lacks it as one without the path does, and is named with the answers that lack it.
    let lacking = answers.flatMap((answer) => {
      const problem = resolve(answer.body, path, read.expected, read.record);
      return problem ? [{ ...answer, problem }] : [];
    });
    const reason = vouched.reasons[read.text];
    if (reason !== undefined) {
      if (answers.length > 0 && lacking.length === 0 && unreadable.length === 0) check.problems.push(check.source.diagnostic([...vouched.at, read.text], { code: 'unknown-provider-field', message: `'${read.text}' is in ${where(answers)} as ${check.providerFile} declares it; it needs no vouching`, hint: 'remove it from `undocumented.answer`' }, 'key'));
      else if (lacking.length > 0) {
        const first = lacking[0]!.problem;
        check.trusted.push(check.source.diagnostic([...vouched.at, read.text], { code: 'trusted', message: `'${read.text}' is not in ${where(lacking)} as ${check.providerFile} declares it (${first.misfit ? `it reaches ${misfitSaid(first.misfit, read, 'there')}` : first.message})${unreadable.length > 0 ? `, and ${declaredAs}` : ''}; trusted on the mapping's word`, hint: reason }, 'key'));
      } else if (unreadable.length > 0) check.trusted.push(check.source.diagnostic([...vouched.at, read.text], { code: 'trusted', message: `'${read.text}' is read as JSON, and ${declaredAs}; trusted on the mapping's word`, hint: reason }, 'key'));
      continue;
    }
    // The first records path of a list tells whether the mapping's `record` names what the list answers: asked of each
    // answer the path reaches (in the order listed), said once at `record`. Where it is said, what the path reaches in
    // those answers is explained by it; an answer the path is not in is still said at the path.
    if (read.expected === 'array' && read.record && firstRecords(read)) {
      const named = answers.some((answer) => {
        const problem = lacking.find((lack) => lack.key === answer.key)?.problem;
        return (!problem || problem.misfit !== undefined) && recordNamedOtherwise(check, answer.body, path, `${operation.method} ${operation.specPath}`, !problem);
      });
      if (named) lacking = lacking.filter((lack) => !lack.problem.misfit);
    }
    if (lacking.length === 0 && unreadable.length === 0) continue;
    const holding = answers.filter((answer) => !lacking.some((lack) => lack.key === answer.key));
    const first = lacking[0];
    // Answers that fail the same way are named together; another way, after it.
    const said = (lack: (typeof lacking)[number]) => (lack.problem.misfit ? misfitSaid(lack.problem.misfit, read, '') : lack.problem.message);
    const alike = first ? lacking.filter((lack) => said(lack) === said(first)) : [];
    const unlike = first ? lacking.filter((lack) => said(lack) !== said(first)) : [];
    const vouchLine = `\`undocumented: { answer: { ${read.text}: <where it is documented> } }\` on this request`;
    const vouch = `if the provider sends it although its document omits it, say so with a reason: ${vouchLine}`;
    const lackingStatuses = [...lacking, ...unreadable].flatMap((lack) => lack.statuses.map(String));
    // Where another listed answer holds the path, the path is right and the status is what to reconsider: no nearest name
    // (nor, for a `record`/`records` path, another place for the record).
    const hint = holding.length > 0
      ? `the answer of each listed status must hold it: drop ${inWords(lackingStatuses)} from \`status\` if ${lacking.length + unreadable.length === 1 ? 'its answer never does' : 'their answers never do'}; or ${vouch}`
      : first?.problem.misfit
        ? recordHint(first.body, read)
        : first
          ? `${first.problem.hint ? `${first.problem.hint}; ` : ''}${vouch}`
          : notJson
            ? `map a request whose answer the document declares as JSON; or if the provider answers JSON there too (asked for with \`accept: application/json\`) although its document does not say so, say so with a reason: ${vouchLine}`
            : `if the provider answers a JSON body there although its document omits it, say so with a reason: ${vouchLine}`;
    const others = unlike.map((lack) => `, and ${lack.problem.misfit ? misfitBrief(lack.problem.misfit, read) : lack.problem.message} in ${where([lack])}`).join('');
    const parsed = notJson ? ' (the connector asks for and parses JSON)' : '';
    // The JSON answers that lack the path lead; those not declared as JSON follow, or are all that is said.
    const lead = !first
      ? `'${read.text}' is read from a JSON body, and ${declaredAs}${parsed}`
      : `${
          first.problem.misfit
            ? `'${read.text}' is ${misfitSaid(first.problem.misfit, read, `${where(alike)} (${check.providerFile})`)}${others}`
            : `'${read.text}': ${first.problem.message} in ${where(alike)}${others} (${check.providerFile})`
        }${unreadable.length > 0 ? `, and ${declaredAs}${parsed}` : ''}`;
    // What the other answers have: the path, or where a misfit is said, the record at the path.
    const has = lacking.some((lack) => lack.problem.misfit) ? `${read.expected === 'array' ? 'an array of ' : ''}${read.record?.schema.name ?? 'the record'} there` : 'it';
    check.problems.push(
      check.source.diagnostic(read.at, {
        code: first?.problem.code ?? 'unknown-provider-field',
        message: `${lead}${holding.length > 0 ? `, though its ${inWords(holding.map((answer) => answer.key))} ${holding.length === 1 ? 'response has' : 'responses have'} ${has}` : ''}`,
        hint,
      }),
    );
  }
  checkBodilessStatuses(check, request, operation, reads);
}

/** A declared answer with a body schema, and the listed statuses it answers. */
interface Answer {
  key: string;
  statuses: number[];
  body: SchemaNode;
}

/**
 * A declared answer without a body (`media` empty) or only as other media
 * types than JSON, and the listed statuses it answers (a 204 or 205 left out).
 */
interface Unreadable {
  key: string;
  statuses: number[];
  media: string[];
}


/** Statuses whose answer HTTP defines as having no content (RFC 9110 §15.3.5, §15.3.6), whatever a document declares. */
const BODILESS: Record<number, string> = { 204: 'No Content', 205: 'Reset Content' };

/**
 * A listed status whose answer has no body by HTTP's definition leaves
 * nothing to read: a request that reads its answer (`id`, `record`,
 * `records`) would fail each time the provider answers it. Said at the
 * status, since that is what to drop; a status neither declared nor vouched
 * for is already an error there.
 */
function checkBodilessStatuses(check: ResponseCheck, request: AnsweredRequest, operation: ProviderOperation, reads: readonly ReadPath[]): void {
  if (!request.statuses || reads.length === 0) return;
  const read = [...new Set(reads.map((r) => `'${r.text}'`))].join(', ');
  request.statuses.forEach((status, i) => {
    const phrase = BODILESS[status];
    if (phrase === undefined) return;
    if (check.operations.responseKey(operation, status) === undefined && request.undocumented?.status?.[String(status)] === undefined) return;
    const others = request.statuses!.filter((other) => BODILESS[other] === undefined);
    check.problems.push(
      check.source.diagnostic([...request.at, 'status', i], {
        code: 'unknown-provider-status',
        message: `a ${status} ${phrase} answer of ${operation.method} ${operation.specPath} has no body, so what this request reads from its answer (${read}) is not in it`,
        hint: others.length > 0 ? `drop ${status} from \`status\`: the ${inWords(others.map(String))} ${others.length === 1 ? 'answer holds' : 'answers hold'} what it reads` : `drop ${status} from \`status\` and list the status whose answer holds what it reads, or read nothing from this answer`,
      }, 'value'),
    );
  });
}

/** The media types a response (its `$ref`s followed) declares under `content`, in code-unit order; none for a response without a body. */
function declaredMediaTypes(resolver: SchemaResolver, pointer: readonly (string | number)[]): string[] {
  const { raw } = resolver.followed(pointer);
  const content = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).content : undefined;
  return typeof content === 'object' && content !== null && !Array.isArray(content) ? Object.keys(content).sort() : [];
}

/**
 * The record's members the field lines read: the first member of each
 * provider path read (not `direction: write`) that the record declares.
 * A member it does not declare is the field's own concern (`undocumented`).
 */
function membersRead(mapping: MappingDocument, record: SchemaNode): string[] {
  const names = new Set<string>();
  for (const field of mapping.fields ?? []) {
    if (typeof field.provider !== 'string' || field.provider === '$' || field.direction === 'write') continue;
    const segments = parseFieldPath(field.provider);
    if ('error' in segments) continue;
    const name = segments[0]!.name;
    if (record.properties.has(name)) names.add(name);
  }
  return [...names].sort();
}

/** What a `record`/`records` path reaches that is not the record: its type or schema, and the members read that it lacks. */
interface RecordMisfit {
  what: string;
  lacks: readonly string[];
}

/**
 * Whether `node` is the record (for a list, an array of it): the record's own
 * schema, or an object that declares every member the fields read. A schema
 * that says nothing of its shape (no type, no members) is taken as it is.
 */
function recordMisfit(node: SchemaNode, shape: RecordShape, list: boolean): RecordMisfit | undefined {
  if (sameSchema(node, shape.schema)) return undefined;
  if (node.anyOf && node.properties.size === 0 && !node.items) {
    const misfits = node.anyOf.map((alternative) => recordMisfit(alternative, shape, list));
    return misfits.some((misfit) => misfit === undefined) ? undefined : misfits[0];
  }
  const array = node.type === 'array' || (node.items !== undefined && node.properties.size === 0);
  // Not an array is said by the `records` check itself.
  if (list) return array && node.items ? recordMisfit(node.items, shape, false) : undefined;
  if (array) return { what: `an array${node.items ? ` of ${node.items.name ?? describeType(node.items)}` : ''}`, lacks: [] };
  if (node.type !== undefined && node.type !== 'object') return { what: describeType(node), lacks: [] };
  const lacks = node.properties.size === 0 ? [] : shape.read.filter((name) => !node.properties.has(name));
  return lacks.length > 0 ? { what: node.name ?? 'an object', lacks } : undefined;
}

/** What a `record`/`records` path reaches instead of the record, said around `where` (the answer it is in). */
function misfitSaid(misfit: RecordMisfit, read: ReadPath, where: string): string {
  const name = read.record!.schema.name ?? 'the record';
  const lacks = misfit.lacks.length > 4 ? `${misfit.lacks.slice(0, 4).join(', ')} and ${misfit.lacks.length - 4} more` : misfit.lacks.join(', ');
  return read.expected === 'array'
    ? `an array of ${misfit.what} in ${where}, not of ${name}, the record the fields are read from${lacks ? ` (its elements have no ${lacks}, which the fields read)` : ''}`
    : `${misfit.what} in ${where}, not ${name}, the record the fields are read from${lacks ? ` (it has no ${lacks}, which the fields read)` : ''}`;
}

/** A misfit said after another answer's problem: what the path reaches there instead of the record. */
function misfitBrief(misfit: RecordMisfit, read: ReadPath): string {
  const name = read.record!.schema.name ?? 'the record';
  return read.expected === 'array' ? `an array of ${misfit.what}, not of ${name}` : `${misfit.what}, not ${name}`;
}

/** Whether a records read is a list's first (or only) records path. */
function firstRecords(read: ReadPath): boolean {
  const last = read.at[read.at.length - 1];
  return last === 'records' || last === 0;
}

/**
 * Where the answer holds the record (for a list, an array of it), breadth
 * first, a few levels down: the record's own schema, else an object with
 * every member the fields read. Undefined where it holds neither.
 */
function recordPlace(body: SchemaNode, shape: RecordShape, list: boolean): string[] | undefined {
  const fits = (node: SchemaNode, same: boolean) => {
    const target = list ? (node.type === 'array' || (node.items && node.properties.size === 0) ? node.items : undefined) : node.type === 'array' ? undefined : node;
    if (!target) return false;
    return same ? sameSchema(target, shape.schema) : shape.read.length > 0 && (target.type === 'object' || target.properties.size > 0) && !recordMisfit(target, shape, false);
  };
  for (const same of [true, false]) {
    const queue: { node: SchemaNode; path: string[] }[] = [{ node: body, path: [] }];
    const seen = new Set<SchemaNode>();
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (seen.has(next.node)) continue;
      seen.add(next.node);
      if (fits(next.node, same)) return next.path;
      if (next.path.length >= 4) continue;
      for (const [member, child] of next.node.properties) queue.push({ node: child, path: [...next.path, member] });
      if (next.node.items && next.node.properties.size === 0) queue.push({ node: next.node.items, path: [...next.path, '0'] });
    }
  }
  return undefined;
}

/** The `record`/`records` line to write instead: where the answer holds the record, found by recordPlace. */
function recordHint(body: SchemaNode, read: ReadPath): string {
  const list = read.expected === 'array';
  const name = read.record!.schema.name ?? 'the record';
  const place = recordPlace(body, read.record!, list);
  if (!place) return `the answer holds no ${list ? `array of ${name}` : name} (nor an object with every member the fields read) within four levels: check that this is the operation that answers the record`;
  const path = place.join('.');
  return `${list ? `the answer's array of ${name} is` : `the answer holds ${name}`} ${path ? `at '${path}'` : 'as the body itself'}: \`${list ? 'records' : 'record'}: ${path || '$'}\``;
}

/**
 * The mapping's `record` is what its list answers, one item of it: named
 * otherwise (`record: WriteResult` where `data` holds `Employee`), every field
 * line is checked against the wrong schema and refused one by one, and the
 * line at fault is never named. Said at `record`, where names differ and the
 * two share fewer than half of the record's members (a schema extending the
 * record, or one it extends, is no mistake). Where the answer holds the record
 * elsewhere, it is the records path that is wrong, and said there. Returns
 * whether it said so.
 */
function recordNamedOtherwise(check: ResponseCheck, body: SchemaNode, path: string[], request: string, fits: boolean): boolean {
  const items = nodeAt(body, path)?.items;
  const { record, mapping } = check;
  if (!record || !items?.name || items.name === mapping.record || items === record) return false;
  const members = [...record.properties.keys()];
  const shared = members.filter((name) => items.properties.has(name)).length;
  if (members.length === 0 || shared * 2 >= members.length) return false;
  if (!fits && recordPlace(body, { schema: record, read: [] }, true)) return false;
  check.problems.push(check.source.diagnostic(['record'], { code: 'type-mismatch', message: `record: ${mapping.record}, but the records ${request} answers at ${path.join('.') || '(the body)'} are ${items.name} (${shared} of ${mapping.record}'s ${members.length} members are among theirs)`, hint: `record: ${items.name}` }));
  return true;
}

/** The schema `path` reaches below `node`: members by name, array elements by index, a map's values by any name. */
function nodeAt(node: SchemaNode, path: readonly string[]): SchemaNode | undefined {
  let current: SchemaNode | undefined = node;
  for (const segment of path) {
    if (!current) return undefined;
    if (/^\d+$/.test(segment) && current.items && current.properties.size === 0) current = current.items;
    else current = current.properties.get(segment) ?? (current.properties.size === 0 && typeof current.additionalProperties === 'object' ? current.additionalProperties : undefined);
  }
  return current;
}

/**
 * The response keys of the request's statuses the document declares, in the
 * order listed; a status it does not declare is an error at the status, or a
 * note when `undocumented.status` vouches for it.
 */
function checkStatuses(check: ResponseCheck, request: AnsweredRequest, operation: ProviderOperation, readsAnswer: boolean): string[] {
  const statuses = request.statuses ?? [200];
  const vouched = request.undocumented?.status ?? {};
  const where = `${operation.method} ${operation.specPath}`;
  const keys = check.operations.responseKeys(operation);
  const success = keys.filter((key) => /^2/.test(key));
  const declaredList = (success.length > 0 ? success : keys).join(', ') || 'no answers';
  const listed = statuses.map((status) => check.operations.responseKey(operation, status));
  const found = [...new Set(listed.filter((key): key is string => key !== undefined))];
  // The answer paths go unchecked only when no listed status is declared; then say so.
  const unchecked = readsAnswer && found.length === 0;
  statuses.forEach((status, i) => {
    const key = listed[i];
    const reason = vouched[String(status)];
    const vouchAt = [...request.at, 'undocumented', 'status', String(status)];
    if (key !== undefined) {
      if (reason !== undefined) check.problems.push(check.source.diagnostic(vouchAt, { code: 'unknown-provider-status', message: `${status} is declared by ${where} in ${check.providerFile} (as ${key}); it needs no vouching`, hint: 'remove it from `undocumented.status`' }, 'key'));
      return;
    }
    if (reason !== undefined) {
      check.trusted.push(check.source.diagnostic(vouchAt, { code: 'trusted', message: `${where} in ${check.providerFile} declares no ${status} answer${unchecked ? ', so what this request reads from its answer is not checked' : ''}; trusted on the mapping's word`, hint: reason }, 'key'));
      return;
    }
    // Without `status` the request expects 200: the operation is where that is said.
    const at = request.statuses ? [...request.at, 'status', i] : request.at;
    check.problems.push(
      check.source.diagnostic(at, {
        code: 'unknown-provider-status',
        message: `${where} in ${check.providerFile} declares no ${status} answer${request.statuses ? '' : ' (a request without `status` expects 200)'}${unchecked ? ', so what this request reads from its answer could not be checked' : ''}`,
        hint: `it declares ${declaredList}: list ${success.length === 1 ? 'it' : 'one of them'} in \`status\`; or if the provider answers ${status} although its document omits it, say so with a reason: \`undocumented: { status: { ${status}: <where it is documented> } }\` on this request`,
      }, request.statuses ? 'value' : 'key'),
    );
  });
  for (const status of Object.keys(vouched)) {
    if (!statuses.includes(Number(status))) check.problems.push(check.source.diagnostic([...request.at, 'undocumented', 'status', status], { code: 'unknown-provider-status', message: `this request lists no status ${status}`, hint: 'remove it from `undocumented.status`, or list it in `status`' }, 'key'));
  }
  return found;
}

/** JSON first (`application/json`, `application/vnd.api+json`), then whatever is declared, in code-unit order. */
export function pickJson(types: string[]): string | undefined {
  const sorted = [...types].sort();
  return sorted.find((t) => t === 'application/json') ?? sorted.find((t) => /[/+]json\b/.test(t)) ?? sorted.find((t) => t === '*/*');
}

/** Walks `path` into `node`; undefined when it resolves (or reaches a schema that says nothing about its members). */
function resolve(node: SchemaNode, path: string[], expected: Expected, record?: RecordShape): { message: string; hint?: string; code?: Diagnostic['code']; misfit?: RecordMisfit } | undefined {
  let current = node;
  let parent: SchemaNode | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const shown = path.slice(0, i).join('.') || 'the body';
    if (current.anyOf && current.properties.size === 0 && !current.items) {
      // A union of shapes: the path may go on through any of them.
      const rest = path.slice(i);
      const problems = current.anyOf.map((alternative) => resolve(alternative, rest, expected, record));
      if (problems.some((problem) => problem === undefined)) return undefined;
      // Where an alternative has the path but not the record there, that is what is wrong.
      return problems.find((problem) => problem?.misfit) ?? { message: `no alternative of ${shown} (${describeType(current)}) has '${rest.join('.')}'` };
    }
    if (current.type === 'array' || (current.items && current.properties.size === 0)) {
      if (!/^\d+$/.test(segment)) return { message: `${shown} is an array; '${segment}' would need an index first`, hint: `an element is '${[...path.slice(0, i), '0', segment].join('.')}'` };
      if (!current.items) return undefined;
      parent = undefined;
      current = current.items;
      continue;
    }
    const member = current.properties.get(segment);
    // A member the document marks writeOnly is only ever sent: no answer holds it to be read.
    if (member?.writeOnly) return { code: 'read-only-in-request', message: `${[...path.slice(0, i), segment].join('.')} is writeOnly, so no answer holds it` };
    if (member) {
      parent = current;
      current = member;
      continue;
    }
    // A map (`additionalProperties: <schema>`): any member name, and what is below it is still checked.
    if (current.properties.size === 0 && typeof current.additionalProperties === 'object') {
      parent = undefined;
      current = current.additionalProperties;
      continue;
    }
    // Members the schema leaves open (no properties, or additionalProperties) cannot be checked.
    if (current.properties.size === 0 && current.type !== 'string' && current.type !== 'number' && current.type !== 'integer' && current.type !== 'boolean') return undefined;
    if (typeof current.additionalProperties === 'object' || current.additionalProperties === true) return undefined;
    const names = [...current.properties.keys()];
    const near = closest(segment, names);
    // The whole path mended where the rest of it leads somewhere below the near member; else as far as it.
    const mended = near && !resolve(current.properties.get(near)!, path.slice(i + 1), expected) ? [...path.slice(0, i), near, ...path.slice(i + 1)] : [...path.slice(0, i), near];
    return {
      message: current.properties.size === 0 ? `${shown} is ${describeType(current)}, with no member '${segment}'` : `${shown} has no member '${segment}'`,
      hint: near ? `did you mean '${mended.join('.')}'?` : `members of ${shown}: ${names.join(', ')}`,
    };
  }
  const shown = path.join('.') || 'the body';
  if (expected === 'array' && current.type !== undefined && current.type !== 'array' && !current.anyOf?.some((a) => a.type === 'array' || a.type === undefined)) {
    return { message: `${shown} is ${describeType(current)}, not an array of records` };
  }
  const misfit = record ? recordMisfit(current, record, expected === 'array') : undefined;
  if (misfit) return { code: 'type-mismatch', message: '', misfit };
  if (expected === 'scalar' && (current.type === 'object' || current.type === 'array')) {
    const names = [...current.properties.keys()];
    return { message: `${shown} is ${describeType(current)}, not a single value`, ...(names.length > 0 ? { hint: `its members: ${names.join(', ')}` } : {}) };
  }
  if (expected in PAGING_VALUES && !fitsPagingValue(current, expected as PagingValue)) {
    const kind = expected as PagingValue;
    const names = [...current.properties.keys()];
    // What would be right: a member of this object, or a sibling, of the type the runtime reads.
    const siblings = parent ? [...parent.properties].filter(([, node]) => node !== current && fitsPagingValue(node, kind) && node.type !== undefined).map(([name]) => name) : [];
    const owner = path.length > 1 ? path.slice(0, -1).join('.') : 'the body';
    const hint = names.length > 0 ? `its members: ${names.join(', ')}` : siblings.length > 0 ? `members of ${owner} that are ${PAGING_VALUES[kind].plural}: ${siblings.join(', ')}` : undefined;
    return { code: 'type-mismatch', message: `${shown} is ${describeType(current)}, not ${PAGING_VALUES[kind].says}`, ...(hint ? { hint } : {}) };
  }
  return undefined;
}

/** Whether a value of this schema is one the runtime reads at a paging path of this kind; a schema that says nothing fits. */
function fitsPagingValue(node: SchemaNode, kind: PagingValue): boolean {
  if (node.type === undefined) return node.anyOf ? node.anyOf.some((alternative) => fitsPagingValue(alternative, kind)) : true;
  if (PAGING_VALUES[kind].types.includes(node.type)) return true;
  // The runtime reads a count written as digits; only a string said to hold nothing else is one.
  return kind === 'count' && node.type === 'string' && (node.format === 'int32' || node.format === 'int64' || /^\^?(\\d|\[0-9\])(\+|\*|\{1,\d*\})\$?$/.test(node.pattern ?? ''));
}
