/**
 * The answers a mapping's examples give, checked against the provider's
 * document: a success status must be one the operation declares (or one
 * `undocumented.status` vouches for), and the body and headers must fit what
 * the document declares for that status. The generated suite replays these
 * answers as the provider's; one the provider never gives (a misspelt
 * member, an id as a string where the document says integer, a date that is
 * no date-time) tests the connector against a provider that does not exist.
 *
 * The body is walked through the IR's schema nodes (allOf merged, the
 * alternatives of oneOf and anyOf each apart, 3.0 `nullable` and 3.1 type
 * arrays alike) and its values
 * checked by the rules the connectors' own validators use (values.ts, the
 * runtime's formats): nothing is compiled, and each answer is walked once.
 */

import type { Diagnostic, DiagnosticCode } from '../diagnostics.js';
import type { ExampleDocument, FieldDocument, MappingDocument, OperationDocument, UndocumentedDocument } from '../parse/mapping.js';
import type { YamlSource } from '../parse/source.js';
import { closest } from '../runtime/fields.js';
import { formatProblem } from '../runtime/formats.js';
import { parseJsonOrText } from '../runtime/objects.js';
import { patternOf } from '../runtime/validate.js';
import { dotPath } from './paths.js';
import type { ProviderOperation, ProviderOperations } from './provider-operations.js';
import { pickJson } from './responses.js';
import { describeType, isNullSchema, mediaSchemaPointer, syntheticSchema, type SchemaChoice, type SchemaNode, type SchemaResolver } from './schema.js';
import { valueProblem, writeAs } from './values.js';

export interface ExampleAnswerCheck {
  mapping: MappingDocument;
  source: YamlSource;
  resolver: SchemaResolver;
  operations: ProviderOperations;
  providerFile: string;
  /** The provider's record schema (`record:`): what an answer path the mapping vouches for as its records holds. */
  record: SchemaNode;
  cases: readonly { example: ExampleDocument; at: readonly (string | number)[] }[];
  problems: Diagnostic[];
  /** What is worth saying but not refusing: a probable misspelling an open schema lets through. */
  warnings: Diagnostic[];
}

type Response = ExampleDocument['exchanges'][number]['response'];
type Vouch = NonNullable<FieldDocument['undocumented']>;
type Path = readonly (string | number)[];

/** A request of the mapping an exchange may be: an operation's own, its `search`, or its `then` lookup. */
interface MappedRequest {
  method: string;
  /** The request path an exchange's path ends with (the base URL's path before it), each `{…}` one segment. */
  pattern: RegExp;
  /** The path the provider's operation is looked up by. */
  path: string;
  undocumented: UndocumentedDocument | undefined;
  /** Where the records the mapping reads are in this request's answer. */
  records: { path: string[]; list: boolean }[];
  /** The provider's operation, once looked up (null: the document lacks it). */
  operation?: ProviderOperation | null;
}

/** What the replaying server (test/support/replay.ts) puts where an answer says `<origin>` or `<uuid:name>`: checked as such a value. */
const ORIGIN = 'http://127.0.0.1:8080';
/** Stands for the member in a value's message until there is one to write. */
const MEMBER = '\u0000member\u0000';
const UUID = '00000000-0000-4000-8000-000000000000';

export function checkExampleAnswers(check: ExampleAnswerCheck): void {
  const members = recordMembers(check.mapping.fields, '');
  const requestsOf = new Map<string, MappedRequest[]>();
  const exempted: Exempted = new Map();
  for (const { example, at } of check.cases) {
    const document = check.mapping.operations[example.operation];
    if (document === undefined || document === 'unsupported') continue;
    if (!requestsOf.has(example.operation)) requestsOf.set(example.operation, mappedRequests(document));
    const requests = requestsOf.get(example.operation)!;
    example.exchanges.forEach((exchange, j) => {
      const path = exchange.request.path.split('?')[0]!;
      const request = requests.find((r) => r.method === exchange.request.method.toUpperCase() && r.pattern.test(path));
      // A request the mapping does not send is for the generated suite to refuse; there is no operation here to hold it to.
      if (!request) return;
      if (request.operation === undefined) {
        const lookup = check.operations.find(request.method, request.path);
        // An operation the document lacks is reported at the mapping's path.
        request.operation = 'found' in lookup ? lookup.found : null;
      }
      if (request.operation) checkAnswer(check, request.operation, request, exchange.response, [...at, 'exchanges', j, 'response'], members, exempted);
    });
  }
  for (const { fields, at, more } of exempted.values()) {
    const others = more === 0 ? '' : ` (as are ${more} more value${more === 1 ? '' : 's'} of it in this mapping's examples)`;
    check.warnings.push(check.source.diagnostic([...at], { ...fields, message: fields.message + others }, 'value'));
  }
}

/**
 * Values accepted only by the format exemption, by the member they are of:
 * said once per member, at its first value, with a count of the rest. Each
 * answer Intercom's list gives holds three such links; one warning a value
 * made 23 per run of the committed mapping, which buries any other.
 */
type Exempted = Map<string, { fields: { code: DiagnosticCode; message: string; hint?: string }; at: Path; more: number }>;

function mappedRequests(document: OperationDocument): MappedRequest[] {
  const pattern = (path: string) => {
    const inner = path.replace(/^\/+|\/+$/g, '');
    // `/`, the base URL itself (a collection the base URL names, Zoho's `/crm/v8/{module}`): whatever path the base URL has.
    if (inner === '') return /^/;
    return new RegExp(`(^|/)${inner.split(/\{[^}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}/?$`);
  };
  const records = [
    ...(document.records === undefined ? [] : Array.isArray(document.records) ? document.records : [document.records]).map((text) => ({ path: dotPath(text), list: true })),
    ...(document.record === undefined ? [] : [{ path: dotPath(document.record), list: false }]),
  ];
  const out: MappedRequest[] = [{ method: document.method.toUpperCase(), pattern: pattern(document.path), path: document.path, undocumented: document.undocumented, records }];
  if (document.search) out.push({ method: document.search.method.toUpperCase(), pattern: pattern(document.search.path), path: document.search.path, undocumented: undefined, records });
  if (document.then) {
    const path = document.then.path.replace(/\{[^}]*\}/g, '{x}');
    out.push({ method: document.then.method.toUpperCase(), pattern: pattern(path), path, undocumented: document.then.undocumented, records: [] });
  }
  // The most literal path first: a lookup at `/users/search` is not the `/users/{id}` its path also fits.
  const literal = (request: MappedRequest) => request.path.replace(/\{[^}]*\}/g, '').length;
  return out.sort((a, b) => literal(b) - literal(a));
}

/**
 * What fields say about the provider members they read, by the member's path
 * below the record (`*` for an array element): one a field vouches for
 * (`undocumented: { type, reason }`) is taken on the mapping's word as a
 * value of that type, where a closed schema would refuse it; one read through
 * an enum map with `fallback.read` may hold a value the document's enum
 * lacks, as the mapping says what such a value reads as (and an example
 * showing one is how that is tested).
 */
function recordMembers(fields: readonly FieldDocument[], prefix: string, out = new Map<string, RecordMember>()): Map<string, RecordMember> {
  for (const field of fields) {
    if (field.provider === undefined) continue;
    // `$` is an element that is a plain value (an array of strings): the element itself.
    const path = field.provider === '$' ? prefix.replace(/\.$/, '') : prefix + field.provider.replace(/\[[^\]]*\]/g, '.*');
    const member = { ...out.get(path) };
    if (field.undocumented) member.vouch = field.undocumented;
    if (field.enum && field.fallback?.read !== undefined) member.openEnum = true;
    if (member.vouch || member.openEnum) out.set(path, member);
    if (field.each) recordMembers(field.each, `${path}.*.`, out);
  }
  return out;
}

interface RecordMember {
  vouch?: Vouch;
  openEnum?: boolean;
}

function checkAnswer(check: ExampleAnswerCheck, operation: ProviderOperation, request: MappedRequest, response: Response, at: Path, members: ReadonlyMap<string, RecordMember>, exempted: Exempted): void {
  const where = `${operation.method} ${operation.specPath}`;
  const key = check.operations.responseKey(operation, response.status);
  if (key === undefined) {
    // An error the document does not list says nothing either way: providers answer 404s and 500s their documents never mention.
    if (response.status < 200 || response.status > 299) return;
    if (request.undocumented?.status?.[String(response.status)] !== undefined) return;
    const keys = check.operations.responseKeys(operation);
    const success = keys.filter((k) => k.startsWith('2'));
    check.problems.push(
      check.source.diagnostic([...at, 'status'], {
        code: 'unknown-provider-status',
        message: `the example answers ${response.status}, and ${where} in ${check.providerFile} declares no ${response.status} answer: the generated suite would replay an answer the provider never gives`,
        hint: `it declares ${(success.length > 0 ? success : keys).join(', ') || 'no answers'}: answer with ${success.length === 1 ? 'it' : 'one of them'}; or if the provider answers ${response.status} although its document omits it, list it in the request's \`status\` and vouch for it with a reason: \`undocumented: { status: { ${response.status}: <where it is documented> } }\``,
      }),
    );
    return;
  }
  const walk: Walk = {
    check,
    where: `the ${key} response of ${where} in ${check.providerFile}`,
    what: (path) => `${shown(path)} of the ${key} response of ${where} in ${check.providerFile}`,
    answered: new Set(Object.keys(request.undocumented?.answer ?? {}).map((text) => dotPath(text).join('.'))),
    records: request.records,
    members,
    findings: [],
  };
  checkHeaders(walk, [...operation.pointer, 'responses', key], response, at);
  const body = answerBody(response);
  const pointer = mediaSchemaPointer(check.resolver, [...operation.pointer, 'responses', key], pickJson);
  // The document declares the answer but not its body: the example's word is all there is, as for the paths read from it.
  if (body !== undefined && pointer) checkValue(walk, check.resolver.node(pointer), body, [], [...at, 'body']);
  flush(check, walk.findings, exempted);
}

/** Each header the answer gives that the document declares with a schema: a value of it, as the text a header is. */
function checkHeaders(walk: Walk, responsePointer: Path, response: Response, at: Path): void {
  const declared = walk.check.resolver.followed([...responsePointer]);
  const headers = declared.raw !== null && typeof declared.raw === 'object' ? (declared.raw as Record<string, unknown>).headers : undefined;
  if (headers === null || typeof headers !== 'object') return;
  const byName = new Map(Object.keys(headers).map((name) => [name.toLowerCase(), name]));
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    const documented = byName.get(name.toLowerCase());
    if (documented === undefined || typeof value !== 'string') continue;
    const header = walk.check.resolver.followed([...declared.pointer, 'headers', documented]);
    if (header.raw === null || typeof header.raw !== 'object' || !('schema' in header.raw)) continue;
    const schema = walk.check.resolver.node([...header.pointer, 'schema']);
    const held = heldFormat(schema);
    const what = `header '${documented}' of ${walk.where}`;
    const problem = valueProblem(held, fill(value), what, 'text');
    if (problem) report(walk, [...at, 'headers', name], problem.code, problem.message, problem.hint);
    else if (held !== schema) exemptFormat(walk, schema, fill(value), what, [...at, 'headers', name]);
  }
}

/** The body as the connector reads it; undefined when there is none or it is not JSON (a text answer, or one malformed on purpose). */
function answerBody(response: Response): unknown {
  if (response.body === undefined || response.status === 204) return undefined;
  const type = Object.entries(response.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  if (type !== undefined && !/[/+]json\b/i.test(type)) return undefined;
  if (typeof response.body !== 'string') return response.body;
  const parsed = parseJsonOrText(response.body);
  return typeof parsed === 'string' ? undefined : parsed;
}

/** `<origin>` and `<uuid:name>` as the replaying server fills them in. */
function fill(text: string): string {
  return text.includes('<') ? text.replace(/<origin>/g, ORIGIN).replace(/<uuid(:[\w-]+)?>/g, UUID) : text;
}

interface Walk {
  check: ExampleAnswerCheck;
  /** The declared answer, for messages: "the 200 response of GET /users in specs/providers/zendesk.yaml". */
  where: string;
  /** A member, for messages: "users.0.id of <where>". */
  what: (path: Path) => string;
  /** Answer paths `undocumented.answer` vouches for, dot-joined. */
  answered: ReadonlySet<string>;
  records: MappedRequest['records'];
  members: ReadonlyMap<string, RecordMember>;
  /** Where findings go: the answer's own, or those of an alternative being tried (kept only if it is the one held to). */
  findings: Finding[];
}

interface Finding {
  at: Path;
  code: DiagnosticCode;
  message: string;
  hint: string | undefined;
  target: 'key' | 'value';
  warning: boolean;
  /** For a value the format exemption accepts: its member in the document, said once (see Exempted). */
  member?: string;
}

function report(walk: Walk, at: Path, code: DiagnosticCode, message: string, hint: string | undefined, target: 'key' | 'value' = 'value', warning = false): void {
  walk.findings.push({ at, code, message, hint, target, warning });
}

/** The answer's findings as diagnostics at their lines: problems refuse the mapping, warnings are said. */
function flush(check: ExampleAnswerCheck, findings: readonly Finding[], exempted: Exempted): void {
  for (const { at, code, message, hint, target, warning, member } of findings) {
    if (member !== undefined) {
      const said = exempted.get(member);
      if (said) said.more++;
      else exempted.set(member, { fields: { code, message, ...(hint ? { hint } : {}) }, at, more: 0 });
      continue;
    }
    (warning ? check.warnings : check.problems).push(check.source.diagnostic([...at], { code, message, ...(hint ? { hint } : {}) }, target));
  }
}

const shown = (path: Path) => (path.length === 0 ? 'the body' : path.join('.'));
/** A part of the answer as a message's subject: "the answer's users.0", or the whole "the answer". */
const answers = (path: Path) => (path.length === 0 ? 'the answer' : `the answer's ${path.join('.')}`);

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' ? 'a number' : `a ${typeof value}`;
}

/** A value's JSON type as a schema names it (`number` for every number). */
const jsonTypeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

const isMembers = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The record a path lies in, when it lies in one the mapping reads: where the record is, and the path below it (`*` for an index). */
function inRecord(walk: Walk, path: Path): string | undefined {
  for (const record of walk.records) {
    const depth = record.path.length + (record.list ? 1 : 0);
    if (path.length <= depth || !record.path.every((segment, i) => String(path[i]) === segment)) continue;
    if (record.list && typeof path[record.path.length] !== 'number') continue;
    return path.slice(depth).map((segment) => (typeof segment === 'number' ? '*' : segment)).join('.');
  }
  return undefined;
}

function checkValue(walk: Walk, node: SchemaNode, value: unknown, path: Path, at: Path): void {
  // `<any>` stands for whatever the connector sent; `<origin>` and `<uuid:name>` are filled in when the answer is replayed.
  if (value === '<any>') return;
  if (typeof value === 'string') value = fill(value);
  for (const excluded of node.not) checkNot(walk, excluded, value, path, at);
  const choosing = node.choice !== undefined || (node.type === undefined && node.anyOf !== undefined && node.anyOf.length > 0);
  // A value of the schema's own type is held to its alternatives; one of another type is refused as such below.
  if (choosing && !(value === null && node.nullable) && (node.type === undefined || jsonTypeOf(value) === node.type || (node.type === 'integer' && jsonTypeOf(value) === 'number'))) return checkChoice(walk, node, value, path, at);
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : 'scalar';
  if (kind === 'null' || kind === 'scalar') {
    if (node.type === 'object' || node.type === 'array') {
      if (value === null && node.nullable) return;
      return report(walk, at, 'type-mismatch', `the answer gives ${kindOf(value)} where ${walk.what(path)} is ${describeType(node)}`, writeAs(node));
    }
    return checkScalar(walk, node, value as string | number | boolean | null, path, at);
  }
  const expected = kind === 'array' ? 'array' : 'object';
  if (node.type !== undefined && node.type !== expected) return report(walk, at, 'type-mismatch', `the answer gives ${kindOf(value)} where ${walk.what(path)} is ${describeType(node)}`, writeAs(node));
  // An `enum` or 3.1 `const` of objects or arrays: the value is one of them whole.
  if (node.enum && !node.enum.some((allowed) => canonical(allowed) === canonical(value))) {
    return report(walk, at, 'enum-value', `the answer gives ${kindOf(value)} that is not a value of ${walk.what(path)}`, `values: ${node.enum.map((allowed) => JSON.stringify(allowed)).join(', ')}`);
  }
  if (kind === 'array') return checkArray(walk, node, value as unknown[], path, at);
  checkObject(walk, node, value as Record<string, unknown>, path, at);
}

function checkScalar(walk: Walk, node: SchemaNode, value: string | number | boolean | null, path: Path, at: Path): void {
  // The member's description is put into the message only when there is one: most values fit, and answers are long.
  const held = heldFormat(node);
  const problem = valueProblem(held, value, MEMBER, 'exact');
  if (problem?.code === 'enum-value' && walk.members.get(inRecord(walk, path) ?? '')?.openEnum) return;
  if (problem) return report(walk, at, problem.code, problem.message.replace(MEMBER, walk.what(path)), problem.hint);
  if (held !== node && typeof value === 'string') exemptFormat(walk, node, value, walk.what(path), at);
}

/**
 * A value that breaks its member's format, accepted because the document's
 * own example of the member breaks it too (heldFormat): said as a warning,
 * so an answer is not taken for one the provider gives on that alone.
 */
function exemptFormat(walk: Walk, node: SchemaNode, value: string, what: string, at: Path): void {
  const format = formatProblem(node.format, value);
  if (format === undefined) return;
  report(
    walk,
    at,
    'type-mismatch',
    `${JSON.stringify(value)} is not ${format}, as ${what} declares (format: ${node.format}); accepted only because the document's own example of it, ${JSON.stringify(node.example)}, is not one either`,
    `if the provider answers values like its example, nothing is wrong; if not, write ${format}`,
    'value',
    true,
  );
  walk.findings[walk.findings.length - 1]!.member = JSON.stringify(node.pointer);
}

/**
 * A value of a schema with alternatives (`oneOf`, `anyOf`, a 3.1 type array):
 * held to each of those of its own kind, apart, as the provider gives one of
 * them. A `discriminator` names the one directly. One it fits is enough:
 * published documents write `oneOf` where alternatives overlap (any object
 * fits two open ones without required members), so a value fitting several
 * is no error; it is a warning only where its members fit several alike,
 * which leaves the document's "exactly one" unsettled by the answer itself.
 * When it fits none, the findings are those of the alternative it comes
 * closest to (fewest problems, then most of its members declared), which
 * each message names.
 */
function checkChoice(walk: Walk, node: SchemaNode, value: unknown, path: Path, at: Path): void {
  const choice: SchemaChoice = node.choice ?? { kind: 'anyOf', alternatives: node.anyOf!, shared: new Map(), discriminator: undefined };
  const label = (index: number) => {
    const alternative = choice.alternatives[index]!;
    return alternative.name ? `'${alternative.name}'` : `alternative ${index + 1}${alternative.title ? ` ('${alternative.title}')` : ''}`;
  };
  const tried = (index: number) => {
    const trial: Walk = { ...walk, findings: [] };
    checkValue(trial, choice.alternatives[index]!, value, path, at);
    return { index, findings: trial.findings, problems: trial.findings.filter((f) => !f.warning).length };
  };
  const keep = (findings: readonly Finding[], note: string) => {
    for (const finding of findings) walk.findings.push({ ...finding, message: finding.message + note });
  };
  if (node.enum && !isMembers(value) && !Array.isArray(value)) checkScalar(walk, syntheticSchema({ pointer: node.pointer, enum: node.enum }), value as string | number | boolean | null, path, at);
  const discriminator = choice.discriminator;
  const named = discriminator && isMembers(value) ? value[discriminator.propertyName] : undefined;
  if (discriminator && typeof named === 'string') {
    const index = discriminator.names.get(named);
    if (index === undefined) {
      const near = closest(named, discriminator.listed);
      return report(walk, [...at, discriminator.propertyName], 'enum-value', `${JSON.stringify(named)} names no alternative of ${walk.what(path)}, whose '${discriminator.propertyName}' says which one a value is`, `${near ? `did you mean '${near}'? ` : ''}values: ${discriminator.listed.join(', ')}`);
    }
    const picked = tried(index);
    return keep(picked.findings, picked.problems > 0 ? ` (held to ${label(index)}, which its '${discriminator.propertyName}' ${JSON.stringify(named)} picks)` : '');
  }
  const json = jsonTypeOf(value);
  const ofKind = choice.alternatives.flatMap((alternative, index) => (alternative.type === undefined || alternative.type === json || (json === 'number' && alternative.type === 'integer') || (json === 'null' && alternative.nullable) ? [index] : []));
  if (ofKind.length === 0) return report(walk, at, 'type-mismatch', `the answer gives ${kindOf(value)} where ${walk.what(path)} is ${describeType(node)}`, node.type ? writeAs(node) : 'write a value of one of those types');
  const results = ofKind.map(tried);
  const fitting = results.filter((result) => result.problems === 0);
  const declaring = (index: number) => (isMembers(value) ? Object.keys(value).filter((name) => declares(choice.alternatives[index]!, name)).length : 0);
  if (fitting.length > 0) {
    const alike = isMembers(value) ? fitting.filter((result) => declaring(result.index) === Object.keys(value).length) : fitting;
    if (choice.kind === 'oneOf' && isMembers(value) && alike.length > 1) overlapping(walk, choice, alike.map((result) => result.index), label, path, at);
    return keep((alike[0] ?? fitting[0]!).findings, '');
  }
  const nearest = results.reduce((best, result) => (result.problems < best.problems || (result.problems === best.problems && declaring(result.index) > declaring(best.index)) ? result : best));
  keep(nearest.findings, ofKind.length > 1 ? ` (held to ${label(nearest.index)}, the closest of the ${ofKind.length} alternatives the ${choice.kind} at ${shown(path)} allows, as it fits none)` : '');
}

/** Whether an object alternative declares a member (by name, by a pattern, or by taking any member with a schema). */
function declares(node: SchemaNode, name: string): boolean {
  return node.properties.has(name) || typeof node.additionalProperties === 'object' || node.patternProperties.some(({ pattern }) => patternOf(pattern)?.test(name) === true);
}

/** A value whose members fit several `oneOf` alternatives alike: what each alone declares is what would tell them apart. */
function overlapping(walk: Walk, choice: SchemaChoice, indexes: readonly number[], label: (index: number) => string, path: Path, at: Path): void {
  const alone = indexes.map((index) => {
    const others = indexes.filter((other) => other !== index).map((other) => choice.alternatives[other]!);
    const own = [...choice.alternatives[index]!.properties.keys()].filter((name) => !others.some((other) => other.properties.has(name)));
    return own.length > 0 ? `${label(index)} alone declares ${own.map((name) => `'${name}'`).join(', ')}` : undefined;
  });
  const told = alone.filter((text) => text !== undefined);
  report(
    walk,
    at,
    'invalid-example',
    `${answers(path)} fits ${indexes.length} of the alternatives of ${walk.what(path)} alike (${indexes.map(label).join(', ')}), and the document's oneOf says a value is exactly one of them`,
    told.length > 0 ? `give it the members of the one the provider answers with: ${told.join('; ')}` : 'the alternatives declare the same members: nothing in an answer tells them apart',
    'value',
    true,
  );
}

/**
 * A value that fits what its schema's `not` excludes. Fitting is judged on
 * the document alone (not on what the mapping vouches for), as a `not` turns
 * every leniency of the walk into a refusal.
 */
function checkNot(walk: Walk, excluded: SchemaNode, value: unknown, path: Path, at: Path): void {
  let fits: boolean;
  if (isNullSchema(excluded)) fits = value === null;
  else {
    const trial: Walk = { ...walk, findings: [], answered: new Set(), members: new Map() };
    checkValue(trial, excluded, value, path, at);
    fits = trial.findings.every((finding) => finding.warning);
  }
  if (!fits) return;
  const described = isNullSchema(excluded)
    ? 'null'
    : excluded.name
      ? excluded.name
      : excluded.enum
        ? excluded.enum.map((v) => JSON.stringify(v)).join(' or ')
        : excluded.type === undefined && excluded.required.length > 0 && excluded.properties.size === 0
          ? `an object with ${excluded.required.map((name) => `'${name}'`).join(' and ')}`
          : `#/${excluded.pointer.join('/')}`;
  report(walk, at, 'type-mismatch', `the answer gives ${kindOf(value)} where ${walk.what(path)} takes no value that fits its \`not\` (${described})`, "write a value the provider's document allows there");
}

/** A count of elements or members against the least and most the schema takes. */
function checkCount(walk: Walk, count: number, least: [number | undefined, string], most: [number | undefined, string], noun: string, path: Path, at: Path): void {
  const of = (n: number) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const [min, minRule] = least;
  const [max, maxRule] = most;
  if (min !== undefined && count < min) report(walk, at, 'type-mismatch', `the answer gives ${of(count)} where ${walk.what(path)} takes at least ${min} (${minRule}: ${min})`, `give it at least ${of(min)}, as the provider answers`);
  if (max !== undefined && count > max) report(walk, at, 'type-mismatch', `the answer gives ${of(count)} where ${walk.what(path)} takes at most ${max} (${maxRule}: ${max})`, `give it at most ${of(max)}, as the provider answers`);
}

function checkArray(walk: Walk, node: SchemaNode, value: readonly unknown[], path: Path, at: Path): void {
  checkCount(walk, value.length, [node.minItems, 'minItems'], [node.maxItems, 'maxItems'], 'element', path, at);
  if (node.uniqueItems) {
    // Compared as the answer writes them: `<uuid:a>` and `<uuid:b>` are two values when replayed, `<any>` any value.
    const seen = new Map<string, number>();
    value.forEach((item, i) => {
      const text = canonical(item);
      if (text.includes('"<any>"')) return;
      const first = seen.get(text);
      if (first === undefined) return void seen.set(text, i);
      report(walk, [...at, i], 'type-mismatch', `the answer gives element ${i} equal to element ${first} where ${walk.what(path)} takes each element once (uniqueItems)`, `leave element ${i} out, or make it the different element the provider answers`);
    });
  }
  const prefix = node.prefixItems ?? [];
  value.forEach((item, i) => {
    const schema = prefix[i] ?? node.items;
    if (schema) checkValue(walk, schema, item, [...path, i], [...at, i]);
  });
}

/** A value as text that is the same for equal values (members in code-unit order). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isMembers(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

function checkObject(walk: Walk, node: SchemaNode, value: Record<string, unknown>, path: Path, at: Path): void {
  const has = (name: string) => Object.prototype.hasOwnProperty.call(value, name);
  const owner = () => node.name ?? shown(path);
  checkCount(walk, Object.keys(value).length, [node.minProperties, 'minProperties'], [node.maxProperties, 'maxProperties'], 'member', path, at);
  for (const [name, member] of Object.entries(value)) {
    const memberPath = [...path, name];
    const memberAt = [...at, name];
    const schema = node.properties.get(name);
    if (schema) {
      checkValue(walk, schema, member, memberPath, memberAt);
      continue;
    }
    const patterned = node.patternProperties.filter(({ pattern }) => patternOf(pattern)?.test(name) === true);
    if (patterned.length > 0) {
      for (const { schema: matched } of patterned) checkValue(walk, matched, member, memberPath, memberAt);
      continue;
    }
    const joined = memberPath.join('.');
    if (walk.answered.has(joined)) {
      checkVouchedAnswer(walk, member, memberPath, memberAt);
      continue;
    }
    // On the way to a vouched path: what is below is the mapping's word, up to the path itself.
    if ([...walk.answered].some((vouched) => vouched.startsWith(`${joined}.`))) {
      checkValue(walk, syntheticSchema({ pointer: node.pointer }), member, memberPath, memberAt);
      continue;
    }
    const vouch = walk.members.get(inRecord(walk, memberPath) ?? '')?.vouch;
    if (vouch) {
      // Null is how an answer says a member has no value; the mapping vouches for its type, not for it always having one.
      checkValue({ ...walk, what: (path) => `${shown(path)}, which the document leaves out and a field vouches for,` }, syntheticSchema({ type: vouch.type, nullable: true, pointer: node.pointer }), member, memberPath, memberAt);
      continue;
    }
    if (typeof node.additionalProperties === 'object') {
      checkValue(walk, node.additionalProperties, member, memberPath, memberAt);
      continue;
    }
    const declared = [...node.properties.keys()];
    const near = closest(name, declared.filter((other) => !has(other)));
    if (node.additionalProperties === false) {
      report(walk, memberAt, 'unknown-provider-field', `${answers(memberPath)} is not in ${walk.where}: ${owner()} has no member '${name}', and takes no others`, near ? `did you mean '${near}'?` : declared.length > 0 ? `members of ${owner()}: ${declared.join(', ')}` : `${owner()} has no members`, 'key');
      continue;
    }
    // An open schema takes members it does not name (published documents leave most answers open, and omit members
    // providers send), so an undeclared member is no error. One an edit or two from a declared member the answer
    // lacks is most likely that member misspelt, and is said as a warning.
    if (near) report(walk, memberAt, 'unknown-provider-field', `${answers(memberPath)} is not declared by ${owner()} in ${walk.where} (which takes other members too)`, `did you mean '${near}'? ${owner()} declares it, and this answer lacks it`, 'key', true);
  }
  const typeOf = (name: string) => describeType(node.properties.get(name) ?? syntheticSchema({ pointer: node.pointer }));
  for (const [name, others] of node.dependentRequired) {
    const absent = has(name) ? others.filter((other) => !has(other)) : [];
    if (absent.length === 0) continue;
    const listed = absent.map((other) => `'${other}'`).join(' and ');
    report(walk, [...at, name], 'invalid-example', `${answers(path)} has '${name}' without ${listed}, which ${owner()} requires beside it in ${walk.where} (dependentRequired)`, `add ${absent.map((other) => `'${other}' (${typeOf(other)})`).join(', ')}, as the provider answers, or leave '${name}' out`, 'key');
  }
  // A write-only member is one the provider takes and never answers with: OpenAPI's `required` holds for requests only.
  const missing = node.required.filter((name) => !has(name) && node.properties.get(name)?.writeOnly !== true);
  const noAlternative = node.requiredAlternatives.length > 0 && !node.requiredAlternatives.some((set) => set.every(has));
  if (missing.length === 0 && !noAlternative) return;
  const lacks = [...missing.map((name) => `'${name}'`), ...(noAlternative ? [`one of ${node.requiredAlternatives.map((set) => set.map((n) => `'${n}'`).join(' and ')).join(' or ')}`] : [])];
  const add = [...missing.map((name) => `'${name}' (${typeOf(name)})`), ...(noAlternative ? [lacks[lacks.length - 1]!] : [])];
  report(walk, at, 'invalid-example', `${answers(path)} lacks ${lacks.join(', ')}, which ${owner()} requires in ${walk.where}`, `add ${add.join(', ')}, as the provider answers`, 'key');
}

/** A member `undocumented.answer` vouches for: where the mapping reads its records, they are held to the record schema; elsewhere it is the mapping's word. */
function checkVouchedAnswer(walk: Walk, value: unknown, path: Path, at: Path): void {
  const record = walk.records.find((r) => r.path.join('.') === path.join('.'));
  if (!record) return;
  const schema = walk.check.record;
  // The document says nothing here: the record schema is what the mapping says the answer holds.
  const where = `${schema.name ?? 'the record'}, which the mapping vouches ${walk.where} holds at '${path.join('.')}'`;
  const inner: Walk = { ...walk, where, what: (member) => `${shown(member)} of ${where}` };
  if (!record.list) return checkValue(inner, schema, value, path, at);
  if (!Array.isArray(value)) return report(walk, at, 'type-mismatch', `the answer gives ${kindOf(value)} where the mapping reads its records (an array of ${schema.name ?? 'records'})`, 'write an array there');
  value.forEach((item, i) => checkValue(inner, schema, item, [...path, i], [...at, i]));
}

/**
 * The node with the format an answer is held to: none where the document's
 * own example of the member breaks it, as Intercom's `format: uri` beside
 * `example: /contacts/5ba682d23d7cf92bef87bfd4/tags` (a relative path, which
 * Intercom answers) does. The document then says by example what it means,
 * and an answer like its example is not the mapping's mistake.
 */
function heldFormat(node: SchemaNode): SchemaNode {
  if (node.format === undefined || typeof node.example !== 'string') return node;
  let held = HELD.get(node);
  if (!held) {
    held = formatProblem(node.format, node.example) === undefined ? node : { ...node, format: undefined };
    HELD.set(node, held);
  }
  return held;
}

const HELD = new WeakMap<SchemaNode, SchemaNode>();
