/**
 * Loads an OpenAPI 3 document: YAML with positions (so problems point at a
 * line), every `$ref` checked, the OpenAPI JSON Schema, then the rules that
 * schema cannot state (`openapi-rules.ts`).
 */

import type { ValidateFunction } from 'ajv';
import { GenerationError, type Diagnostic } from '../diagnostics.js';
import { closest } from '../runtime/fields.js';
import { refPointer, SchemaResolver } from '../ir/schema.js';
import { METHODS, openApiFaults, type OpenApiFault } from './openapi-rules.js';
import { KeptInputs } from './kept.js';
import { YamlSource } from './source.js';
import { OPENAPI_30, OPENAPI_31, openApi30SchemaText, openApi31SchemaText, validatorFor } from './validators.js';

export interface OpenApiSource {
  source: YamlSource;
  /** The document as parsed, `$ref`s intact. */
  document: Record<string, unknown>;
  /**
   * OpenAPI rules the document breaks that its JSON Schema cannot state. Not
   * thrown: a provider's published document may break one in an operation
   * no mapping uses, which is then a warning (see the IR).
   */
  faults: OpenApiFault[];
}

/**
 * Documents this process has read and checked, by display path and text
 * (see `KeptInputs`): Intercom's is 916 KB. The stages only read a document:
 * it is frozen, so a stage that wrote to it would fail at once instead of
 * changing the next run's input.
 */
const checked = new KeptInputs<{ displayPath: string; bytes: Buffer; loaded: OpenApiSource }>(16);

export async function loadOpenApi(absolutePath: string, displayPath: string): Promise<OpenApiSource> {
  // Compared as bytes: decoding Intercom's 916 KB (not all ASCII) took 11–28 ms and using its text as a map key
  // 20–86 ms (copied and hashed whole), where comparing bytes takes well under one.
  const bytes = await YamlSource.readBytes(absolutePath, displayPath);
  const kept = checked.find((entry) => entry.displayPath === displayPath && entry.bytes.equals(bytes));
  if (kept) return kept.loaded;
  const loaded = checkOpenApi(YamlSource.parse(bytes.toString('utf8'), displayPath, 'an OpenAPI document'));
  checked.add({ displayPath, bytes, loaded });
  return loaded;
}

function checkOpenApi(source: YamlSource): OpenApiSource {
  const document = source.value;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new GenerationError([source.diagnostic([], { code: 'invalid-spec', message: 'an OpenAPI document must be a mapping at the top level' })]);
  }
  const { problems, dangling, schemaRefs } = checkRefs(source, document as Record<string, unknown>);
  if (problems.length > 0) throw new GenerationError(problems);
  // The OpenAPI schema itself, with the validator compiled at build time (the same
  // meta-schemas and Ajv flavours swagger-parser uses, which compiles them per call).
  const version = String((document as Record<string, unknown>).openapi ?? '');
  if (!/^3\.[01]\./.test(version)) {
    // Swagger 2.0 is the one older form providers still publish: say so, and how to get the 3.0 document.
    const swagger = String((document as Record<string, unknown>).swagger ?? '');
    const problem = swagger.startsWith('2.')
      ? { message: `a Swagger ${swagger} document, not OpenAPI 3.0 or 3.1`, hint: 'convert it to OpenAPI 3.0 (swagger2openapi, or the Swagger Editor\'s "Convert to OpenAPI 3"), or use the 3.x document the provider publishes' }
      : { message: `not an OpenAPI 3.0 or 3.1 document${version ? ` (openapi: ${version})` : ''}`, hint: 'the first key should be `openapi: 3.0.3` (or 3.1.x)' };
    throw new GenerationError([source.diagnostic([swagger ? 'swagger' : 'openapi'], { code: 'invalid-spec', ...problem })]);
  }
  const validate = version.startsWith('3.0') ? openApi30Validator() : openApi31Validator();
  // What the OpenAPI schema refuses inside one operation (or path item) is that operation's fault, like the rules
  // below: an error where a mapping uses it, a warning elsewhere (a published document is rarely flawless, and
  // DigitalOcean's refused a whole document for one request body); anywhere else it is an error.
  const refused = validate(document) ? { errors: [], faults: [] } : specErrors(source, { details: validate.errors }, version);
  if (refused.errors.length > 0) throw new GenerationError(refused.errors);
  // A pure $ref loop among the schemas is the document's fault wherever it is: the IR reports one an operation
  // reaches as an error; one nothing reaches would otherwise pass unseen (in the unified spec, or as a warning).
  const loops = new SchemaResolver(document, source).loopsFrom(schemaRefs).map((diagnostic) => ({ path: undefined, method: undefined, diagnostic }));
  const faults = [...dangling, ...refused.faults, ...openApiFaults(source, document as Record<string, unknown>), ...loops];
  // The source keeps its positions' parse, made on first use: it is shared, not frozen.
  return Object.freeze({ source, document: deepFreeze(document as Record<string, unknown>), faults: deepFreeze(faults) });
}

/** `value`, with every object and array in it frozen. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

function openApi30Validator(): ValidateFunction {
  const text = openApi30SchemaText();
  return validatorFor(OPENAPI_30, text, () => JSON.parse(text) as object);
}

function openApi31Validator(): ValidateFunction {
  const text = openApi31SchemaText();
  return validatorFor(OPENAPI_31, text, () => JSON.parse(text) as object);
}

/**
 * The pointers of a chain of objects that are only `$ref`s, from the one at
 * `from` through `target`, when it comes back to one of them; undefined when
 * it reaches anything else.
 */
function refLoop(document: unknown, from: readonly (string | number)[], target: readonly string[]): string[] | undefined {
  const seen = [from.join('/')];
  let pointer: readonly string[] | undefined = target;
  for (let hops = 0; pointer !== undefined && hops < 64; hops++) {
    const at = pointer.join('/');
    if (seen.includes(at)) return [...seen.slice(seen.indexOf(at)), at];
    seen.push(at);
    const value = pointer.reduce<unknown>((node, segment) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined), document);
    if (typeof value !== 'object' || value === null || typeof (value as Record<string, unknown>).$ref !== 'string') return undefined;
    pointer = refPointer((value as Record<string, unknown>).$ref as string);
  }
  return undefined;
}

/**
 * Members whose value is data, not OpenAPI: a `$ref` written in an example
 * or a default is a value like any other (an example of a JSON Schema), never
 * a reference, so one pointing nowhere refused the document. Keywords only
 * where they are one, not as the names of a map's entries (a property named
 * `example`).
 */
const DATA_MEMBERS = new Set(['example', 'default', 'enum', 'const']);
/** Members whose entries are named by the document (properties, responses, media types…), so an entry named `default` is no keyword. */
const NAMED_ENTRIES = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'paths', 'webhooks', 'callbacks', 'pathItems', 'schemas', 'parameters', 'responses', 'requestBodies', 'headers', 'securitySchemes', 'links', 'examples', 'content', 'encoding', 'variables', 'mapping']);

/**
 * Every `$ref` must point inside this document at something that exists.
 * One that points at nothing is, like the OpenAPI rules, a fault of the
 * operation or component holding it (`dangling`): an error where a mapping
 * reaches it, a warning elsewhere (Intercom's 2.7 to 2.11 documents refer to
 * a `custom_attributes` schema they lack from conversation schemas no
 * customer mapping reads); anywhere else, and every other broken `$ref`, is
 * a problem. Also answers where the `$ref`s into the schemas are, whose
 * loops are the schema resolver's to judge.
 */
function checkRefs(source: YamlSource, document: Record<string, unknown>): { problems: Diagnostic[]; dangling: OpenApiFault[]; schemaRefs: (string | number)[][] } {
  const problems: Diagnostic[] = [];
  const dangling: OpenApiFault[] = [];
  const schemaRefs: (string | number)[][] = [];
  // One path, pushed and popped as the walk goes: copied only for a problem or a $ref into the schemas (a large document has many thousands of nodes).
  const path: (string | number)[] = [];
  const check = (ref: string) => {
    const target = refPointer(ref);
    // `#components/…` is this document's, written without the pointer's leading slash: not another file.
    if (target === undefined && ref.startsWith('#') && ref !== '#') {
      problems.push(
        source.diagnostic([...path, '$ref'], {
          code: 'broken-ref',
          message: `$ref '${ref}' is a malformed local reference: a JSON pointer after '#' starts with '/'`,
          hint: `did you mean '#/${ref.slice(1)}'?`,
        }),
      );
      return;
    }
    if (target === undefined && isUrl(ref)) {
      problems.push(source.diagnostic([...path, '$ref'], remoteRefProblem(ref, '; a provider spec is one file: `npx generate new <id> --from <document>` bundles the two into one')));
      return;
    }
    if (target === undefined) {
      problems.push(
        source.diagnostic([...path, '$ref'], {
          code: 'broken-ref',
          message: `external $ref '${ref}' is not supported`,
          hint: 'a provider spec is one file: `npx generate new <id> --from <document>` bundles a split document into one',
        }),
      );
      return;
    }
    const missing = missingTarget(document, target);
    if (missing) {
      const diagnostic = source.diagnostic([...path, '$ref'], {
        code: 'broken-ref',
        message: `$ref '${ref}' points at nothing: '${missing.segment}' does not exist`,
        hint: missing.near ? `did you mean '#/${missing.near.join('/')}'?` : `point it at a part of this document that exists, or add '${missing.segment}' where the reference expects it`,
      });
      const place = faultPlace(path.map(String));
      // A webhook is the provider's request, which no mapping sends or answers.
      if (place) dangling.push({ ...place, diagnostic });
      else if (path[0] === 'webhooks') dangling.push({ path: undefined, method: undefined, diagnostic });
      else problems.push(diagnostic);
      return;
    }
    // A response, parameter or request body that is only a $ref to one that is only a $ref … back to itself
    // never says what it is, and reads as "nothing declared" (every check of it skipped). Schemas are the
    // schema resolver's to judge: a recursive schema is legitimate, and it finds pure loops from these $refs (checkOpenApi).
    if (target[0] === 'components' && target[1] === 'schemas') {
      schemaRefs.push([...path]);
      return;
    }
    // Reported once, at the first $ref of the loop met (a $ref leading into a loop is reported at the loop).
    const loop = refLoop(document, path, target);
    const key = loop && [...new Set(loop)].sort().join('\n');
    if (loop && loop[0] === path.join('/') && !reportedLoops.has(key!)) {
      reportedLoops.add(key!);
      problems.push(
        source.diagnostic([...path, '$ref'], {
          code: 'broken-ref',
          message: `$ref '${ref}' refers only to itself: ${loop.map((pointer) => pointer.split('/').pop()).join(' → ')} never says what it is`,
          hint: 'make one of them the object itself (its description and content) instead of a $ref',
        }),
      );
    }
  };
  const reportedLoops = new Set<string>();
  // A discriminator's mapping names schemas by a $ref's text or by their name alone: one naming nothing is a $ref pointing nowhere.
  const checkMapping = (mapping: Record<string, unknown>) => {
    for (const [value, schema] of Object.entries(mapping)) {
      if (typeof schema !== 'string' || isUrl(schema) || (!schema.startsWith('#') && schema.includes('/'))) continue;
      const target = schema.startsWith('#') ? refPointer(schema) : ['components', 'schemas', schema];
      const missing = target && missingTarget(document, target);
      if (!missing) continue;
      const diagnostic = source.diagnostic([...path, 'mapping', value], {
        code: 'broken-ref',
        message: `discriminator value '${value}' names '${schema}', which points at nothing: '${missing.segment}' does not exist`,
        hint: missing.near ? `did you mean '${schema.startsWith('#') ? `#/${missing.near.join('/')}` : missing.near[missing.near.length - 1]}'?` : 'name a schema of this document',
      });
      const place = faultPlace(path.map(String));
      if (place) dangling.push({ ...place, diagnostic });
      else problems.push(diagnostic);
    }
  };
  // `named`: the value's members are entries the document names; `example`: it is an Example Object, whose `value` is data.
  const walk = (value: unknown, named: boolean, example: boolean) => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(value[i], false, false);
        path.pop();
      }
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const key in value) {
      const member = (value as Record<string, unknown>)[key];
      if (key === '$ref' && typeof member === 'string' && !named) check(member);
      else if (key === 'mapping' && !named && path[path.length - 1] === 'discriminator' && typeof member === 'object' && member !== null && !Array.isArray(member)) checkMapping(member as Record<string, unknown>);
      else if (typeof member === 'object' && member !== null) {
        // An extension's value is the vendor's, not OpenAPI's: a `$ref` in it is no Reference Object.
        if (!named && (DATA_MEMBERS.has(key) || key.startsWith('x-') || (example && key === 'value'))) continue;
        // A schema's `examples` is a list of values; an operation's or a component's, a map of Example Objects.
        if (!named && key === 'examples' && Array.isArray(member)) continue;
        path.push(key);
        walk(member, !named && NAMED_ENTRIES.has(key), named && path[path.length - 2] === 'examples');
        path.pop();
      }
    }
  };
  walk(document, false, false);
  return { problems, dangling, schemaRefs };
}

/** A `$ref` naming a document by URL (`https://…`, `file://…`) rather than by a path relative to the file that holds it. */
export const isUrl = (ref: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(ref);

/**
 * Why a `$ref` to a document by URL is refused, and what to do instead
 * (`then` adds to the hint). It is never fetched: a generator in a build
 * pipeline must not reach the network, and its output must not depend on a
 * file elsewhere that can change or vanish.
 */
export function remoteRefProblem(ref: string, then = ''): { code: 'broken-ref'; message: string; hint: string } {
  const remote = /^https?:/i.test(ref);
  let name = 'document.yaml';
  try {
    const url = new URL(ref);
    name = `${decodeURIComponent(url.pathname.split('/').pop() || '') || name}${url.hash}`;
  } catch {
    // Not a URL Node can read: the hint names no file.
  }
  return {
    code: 'broken-ref',
    message: remote ? `$ref '${ref}' refers to a document on the network, which the generator never fetches` : `$ref '${ref}' refers to a document by URL, which the generator does not read`,
    hint: `${remote ? 'download' : 'copy'} it next to this document and refer to it by a relative path ('./${name}')${then}`,
  };
}

/**
 * Where the pointer `target` (`['components', 'schemas', 'Customer']`) stops
 * leading anywhere in `document`: the segment that does not exist, and the
 * pointer with the closest existing one in its place. Undefined when it exists.
 */
export function missingTarget(document: unknown, target: readonly string[]): { segment: string; near?: string[] } | undefined {
  let current: unknown = document;
  for (let i = 0; i < target.length; i++) {
    const segment = target[i]!;
    if (typeof current === 'object' && current !== null && Object.prototype.hasOwnProperty.call(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
      continue;
    }
    const near = closest(segment, typeof current === 'object' && current !== null ? Object.keys(current) : []);
    return { segment, ...(near ? { near: [...target.slice(0, i), near] } : {}) };
  }
  return undefined;
}

/** The components whose faults are the fault of what refers to them (the schemas, parameters… an operation's requests and answers are read by, and 3.1's path items, which paths name by `$ref`). */
const REFERRED_COMPONENTS = ['schemas', 'parameters', 'responses', 'requestBodies', 'headers', 'examples', 'pathItems'];

/**
 * Whose fault a problem at `path` is: under `paths./x` (its path item) or
 * `paths./x.<method>`, that operation's; inside a component a request or
 * answer refers to (`components/schemas/User`), that component's, and so
 * the fault of each operation that reaches it. Undefined elsewhere.
 */
function faultPlace(path: readonly string[]): Omit<OpenApiFault, 'diagnostic'> | undefined {
  if (path[0] === 'paths' && path.length >= 3 && path[1]!.startsWith('/')) return { path: path[1], method: METHODS.includes(path[2]!) ? path[2] : undefined };
  if (path[0] === 'components' && path.length >= 3 && REFERRED_COMPONENTS.includes(path[1]!)) return { path: undefined, method: undefined, component: path.slice(0, 3).join('/') };
  return undefined;
}

type SchemaError = { instancePath?: string; schemaPath?: string; keyword?: string; message?: string; params?: Record<string, unknown> };

/**
 * What the OpenAPI JSON Schema refuses, one problem per place: inside an
 * operation or path item, that operation's faults (at most three each);
 * inside a component a request or answer refers to (`components.schemas.User`),
 * that component's, an error only where a mapped operation reaches it; a key
 * OpenAPI does not define at the document's top level, which nothing reads, a
 * fault of no operation; elsewhere, errors (at most five).
 */
function specErrors(source: YamlSource, error: unknown, version: string): { errors: Diagnostic[]; faults: OpenApiFault[] } {
  const errors: Diagnostic[] = [];
  const faults: OpenApiFault[] = [];
  const details = (error as { details?: SchemaError[] }).details;
  if (!Array.isArray(details) || details.length === 0) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return { errors: [source.diagnostic([], { code: 'invalid-spec', message: `invalid OpenAPI document: ${message}` })], faults };
  }
  const pathOf = (detail: SchemaError) =>
    (detail.instancePath ?? '')
      .split('/')
      .slice(1)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  // An object that is neither a valid Schema (or Response…) nor a Reference fails both of the `oneOf`'s alternatives:
  // the Reference's "must have required property '$ref'" and the `oneOf` itself say nothing where the other
  // alternative names the fault (a member `meta` below), so they are kept only where nothing else is said.
  const isAlternative = (detail: SchemaError) => detail.keyword === 'oneOf' || detail.keyword === 'anyOf' || /\/Reference\/(required|type)$/.test(detail.schemaPath ?? '');
  const said = details.filter((detail) => !isAlternative(detail)).map((detail) => `${detail.instancePath ?? ''}/`);
  const told = details.filter((detail) => !isAlternative(detail) || !said.some((at) => at.startsWith(`${detail.instancePath ?? ''}/`)));
  const spec = version.startsWith('3.1') ? 'v3.1.0' : 'v3.0.3';
  // oneOf alternatives repeat the same complaint many times; keep one per place, and a few per operation or component.
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  // What is left out of a place is counted, and said on the last of its problems listed: "5 problems" must not read as all.
  const lastListed = new Map<string, Diagnostic>();
  const unlisted = new Map<string, number>();
  for (const detail of told) {
    const path = pathOf(detail);
    const key = path.join('/');
    // A member OpenAPI does not define is pointed at itself, not at the object holding it; each such member is one problem.
    const unknown = detail.keyword === 'additionalProperties' && typeof detail.params?.additionalProperty === 'string' ? detail.params.additionalProperty : undefined;
    if (seen.has(`${key}\n${unknown ?? ''}`)) continue;
    seen.add(`${key}\n${unknown ?? ''}`);
    const at = faultPlace(path);
    const template = at?.path;
    const method = at?.method;
    const component = at?.component;
    const place = template !== undefined ? `${method ?? ''} ${template}` : component ?? '';
    const count = counts.get(place) ?? 0;
    if (count >= (place === '' ? 5 : 3)) {
      unlisted.set(place, (unlisted.get(place) ?? 0) + 1);
      continue;
    }
    counts.set(place, count + 1);
    const diagnostic = source.diagnostic(unknown === undefined ? path : [...path, unknown], { code: 'invalid-spec', message: `invalid OpenAPI at #/${key}: ${describeRefusal(detail, source.value, path)}`, hint: hintFor(detail, source.value, path) ?? `see https://spec.openapis.org/oas/${spec} for what this object may hold` }, unknown === undefined ? 'value' : 'key');
    lastListed.set(place, diagnostic);
    if (at) faults.push({ ...at, diagnostic });
    else if (path.length === 0 && detail.keyword === 'additionalProperties') faults.push({ path: undefined, method: undefined, diagnostic });
    else errors.push(diagnostic);
  }
  for (const [place, count] of unlisted) {
    lastListed.get(place)!.message += ` (and ${count} more ${count === 1 ? 'fault' : 'faults'} of the OpenAPI schema ${place === '' ? 'elsewhere in the document' : `in ${place}`}, not listed)`;
  }
  return { errors, faults };
}

/** The value at `path` in the document. */
function valueAt(document: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((current, segment) => (typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[segment] : undefined), document);
}

/** What is wrong, said with the value where the schema names the values it takes (`type: Integer`). */
function describeRefusal(detail: SchemaError, document: unknown, path: readonly string[]): string {
  const allowed = detail.keyword === 'enum' && Array.isArray(detail.params?.allowedValues) ? (detail.params.allowedValues as unknown[]) : undefined;
  if (allowed) return `${JSON.stringify(valueAt(document, path)).replace(/^"(.*)"$/, "'$1'")} is not one of ${allowed.map(String).sort().join(', ')}`;
  const extra = detail.params?.additionalProperty ? ` '${String(detail.params.additionalProperty)}'` : '';
  return `${detail.message ?? 'invalid'}${extra}`;
}

function hintFor(detail: SchemaError, document: unknown, path: readonly string[]): string | undefined {
  const allowed = detail.keyword === 'enum' && Array.isArray(detail.params?.allowedValues) ? (detail.params.allowedValues as unknown[]).map(String) : undefined;
  const value = valueAt(document, path);
  const near = allowed && typeof value === 'string' ? (allowed.find((a) => a.toLowerCase() === value.toLowerCase()) ?? closest(value, allowed)) : undefined;
  return near ? `did you mean '${near}'?` : undefined;
}
