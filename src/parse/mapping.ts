/**
 * Loads a provider mapping: YAML with positions, then the committed JSON
 * Schema `mappings/schema.json`. Schema errors are turned into one message
 * per place, naming the valid alternatives.
 */

import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { GenerationError, type Diagnostic, type Position } from '../diagnostics.js';
import { closest } from '../runtime/fields.js';
import { YamlSource, type JsonPath } from './source.js';
import { MAPPING, validatorFor } from './validators.js';

export interface MappingSource {
  source: YamlSource;
  /** The mapping as data; its shape is guaranteed by the schema (parts the schema refused are taken out). */
  mapping: MappingDocument;
  /** What the schema refused. Empty for a valid mapping; otherwise the rest is still checked, so every problem shows in one run. */
  problems: Diagnostic[];
  /** Where the refused parts sit: later problems inside these spans follow from them and are not reported again. */
  refused: { start: Position; end: Position }[];
}

/**
 * The mapping file's shape (see mappings/schema.json for what each key means).
 * A file with `resources` has `record`, `operations` and `fields` in each
 * section instead; the IR reads each section as a document of this shape.
 */
export interface MappingDocument {
  service: string;
  name: string;
  description?: string;
  provider_spec?: string;
  hooks?: string;
  record: string;
  connection: {
    base_url: string;
    settings?: Record<string, SettingDocument>;
    credentials?: Record<string, SettingDocument>;
    auth: AuthDocument[];
    headers?: Record<string, string>;
    idempotency_key?: { header: string };
    /** Connection headers the provider's document does not declare, each with why it is trusted. */
    undocumented?: { headers?: Record<string, string> };
  };
  errors?: { message?: string[]; status?: Record<string, string> };
  rate_limit?: {
    reset?: { header: string; format: 'unix-seconds' | 'unix-ms' | 'seconds' | 'http-date' };
    remaining?: string;
    /** Headers no answer in the provider's document declares, each with why the mapping trusts it. */
    undocumented?: Record<string, string>;
  };
  pagination?: PaginationDocument;
  operations: Record<string, OperationDocument | 'unsupported'>;
  fields: FieldDocument[];
  examples?: {
    connection: { settings: Record<string, string>; credentials: Record<string, string> };
    cases: ExampleDocument[];
  };
  resources?: Record<string, ResourceSectionDocument>;
}

/** One resource of a mapping that maps several: what a single-resource mapping says at its top level. */
export interface ResourceSectionDocument {
  record: string;
  pagination?: PaginationDocument;
  operations: Record<string, OperationDocument | 'unsupported'>;
  fields: FieldDocument[];
  examples?: { cases: ExampleDocument[] };
}

export interface SettingDocument {
  description?: string;
  required?: boolean;
  pattern?: string;
  default?: string;
  example?: string;
  /** The provider server's `{variable}` this setting fills, when it is named otherwise. */
  server_variable?: string;
  /** Credentials only: `false` for one that names the account rather than proves it (kept in the records answered). */
  secret?: boolean;
}

/**
 * `with`: further keys sent on the same request (a security requirement
 * naming several schemes at once); `undocumented`: why a method the
 * provider's document has no security scheme for is trusted.
 */
export type AuthDocument = (
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string }
  | { type: 'header'; name: string; value: string }
  | { type: 'query'; name: string; value: string }
) & { with?: AuthKeyDocument[]; undocumented?: string };

export interface AuthKeyDocument {
  type: 'header' | 'query';
  name: string;
  value: string;
}

export type PaginationDocument =
  | { type: 'page'; page_param: string; first_page?: number; size_param?: string; max_size?: number; fixed_size?: number; total_pages?: string }
  | { type: 'offset'; offset_param: string; limit_param: string; max_limit?: number; start?: number; total?: string; has_more?: string }
  | { type: 'cursor'; cursor_param: string; next: string; has_more?: string; size_param?: string; max_size?: number }
  | { type: 'link'; source: 'body' | 'header'; next?: string; size_param?: string; max_size?: number }
  | { type: 'none' };

export interface OperationDocument {
  method: string;
  path: string;
  query?: Record<string, string>;
  undocumented?: UndocumentedDocument;
  /** Path parameters of the unified operation the provider request does without, each with why. */
  ignores?: Record<string, string>;
  headers?: Record<string, string>;
  body?: {
    encoding: 'json' | 'form' | 'multipart' | 'json-patch';
    /** `[key]`: the record as the one element of an array under `key`. */
    wrap?: string | [string];
    from?: string;
    /** A one-element list sends the value as an array (`projects: ['{path.project_id}']`). */
    values?: Record<string, string | [string]>;
    indexed?: Record<string, Record<string, string>>;
  };
  status?: number[];
  records?: string | string[];
  record?: string;
  id?: string | IdHeaderDocument;
  where?: Record<string, string | number | boolean>;
  /** Lists: unified `filter[name]` → the provider query parameter it is sent as. */
  filters?: Record<string, string>;
  /** Lists: how `sort[by]`/`sort[direction]` are sent. */
  sort?: { fields: Record<string, string>; directions: { asc: string; desc: string }; query: Record<string, string> };
  /** Lists whose endpoint cannot filter: the search request a filtered or sorted list is sent as. */
  search?: {
    method: string;
    path: string;
    body: Record<string, unknown>;
    filters: Record<string, { field: string; operator: string }>;
    filter: Record<string, string>;
    sort?: { fields: Record<string, string>; directions: { asc: string; desc: string }; element: Record<string, string> };
  };
  note?: string;
  then?: {
    method: string;
    path: string;
    query?: Record<string, string>;
    undocumented?: UndocumentedDocument;
    body?: { encoding: 'json' | 'form' | 'multipart'; values: Record<string, string> };
    status?: number[];
    id?: string;
    if_absent?: 'fail';
    /** Answer path → the value (a template) the record found must hold there. */
    where?: Record<string, string>;
  };
}

/** An id the provider answers in a header (`Resource-ID`, or the last segment of `Location`). */
export interface IdHeaderDocument {
  header: string;
  last_segment?: boolean;
}

/** What a request sends that the provider's document does not declare, with why it is trusted. */
export interface UndocumentedDocument {
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Answer paths (`records`, `id`, paging) the document does not declare, each with why it is trusted. */
  answer?: Record<string, string>;
  /** Success statuses the request lists that the document does not declare for the operation, each with why it is trusted. */
  status?: Record<string, string>;
  /** Members `body.values` sends that the request body schema does not declare, each with why it is trusted. */
  body?: Record<string, string>;
  /** Why the provider takes every sign-in method on this operation although the document's `security` for it refuses some. */
  security?: string;
  /** Lists: why an answer without its records member is an empty page, where the document does not say the member may be absent. */
  records_absent?: string;
}

export interface FieldDocument {
  unified?: string | [string, string];
  provider?: string;
  /** The unified resource whose id this field holds (`companies` for a contact's `company_id`). */
  refers_to?: string;
  direction?: 'both' | 'read' | 'write';
  operations?: string[];
  convert?: string;
  enum?: Record<string, string | null>;
  enum_write?: Record<string, string | number | boolean | null>;
  enum_unmapped?: 'reject' | 'skip';
  clear_with?: string | number | boolean | null;
  fallback?: { read?: string | null; write?: string | number | boolean | null };
  const?: string | number | boolean | null;
  when?: { absent?: string; present?: string };
  each?: FieldDocument[];
  where?: Record<string, string | number | boolean>;
  lossy?: string;
  read_with?: string;
  write_with?: string;
  note?: string;
  undocumented?: { type: 'string' | 'number' | 'integer' | 'boolean'; reason: string };
}

export interface ExampleDocument {
  name: string;
  operation: string;
  /** This case's own connection: settings over the shared ones, credentials instead of them. */
  connection?: { settings?: Record<string, string>; credentials?: Record<string, string> };
  input: Record<string, unknown>;
  exchanges: {
    request: { method: string; path: string; query?: Record<string, string>; headers?: Record<string, string>; body?: unknown };
    response: { status: number; headers?: Record<string, string>; body?: unknown };
  }[];
  expect: { status_code?: number; data?: unknown; meta?: unknown; error?: Record<string, unknown> };
}

/** The validator of the schema at `schemaPath` as it reads now (an edited schema is never validated against a stale one). */
/**
 * The schema as last read, with its validator. A run reads it again for every mapping it loads (a test run, a
 * thousand-odd); comparing its bytes with the last copy costs far less than decoding its 96 KB and hashing
 * them to find the validator.
 */
let lastSchema: { bytes: Buffer; validate: ValidateFunction } | undefined;

function mappingValidator(schemaPath: string) {
  const bytes = readFileSync(schemaPath);
  if (lastSchema?.bytes.equals(bytes)) return { validate: lastSchema.validate };
  const text = bytes.toString('utf8');
  const validate = validatorFor(MAPPING, text, () => JSON.parse(text) as object);
  lastSchema = { bytes, validate };
  return { validate };
}

export async function loadMapping(absolutePath: string, displayPath: string, schemaPath: string): Promise<MappingSource> {
  const source = await YamlSource.load(absolutePath, displayPath, 'a mapping');
  return checkMapping(source, schemaPath);
}

/**
 * Checks a mapping against the schema. A mapping with schema errors is still
 * returned when what remains without the refused parts is a mapping (its
 * required keys are there), so reference errors elsewhere in it are found in
 * the same run; only a mapping with nothing usable left throws.
 */
export function checkMapping(source: YamlSource, schemaPath: string): MappingSource {
  const { validate } = mappingValidator(schemaPath);
  if (validate(source.value)) return { source, mapping: withDefaults(source.value as MappingDocument), problems: [], refused: [] };
  const errors = validate.errors ?? [];
  const problems = schemaDiagnostics(source, errors);
  const pruned = withoutRefusedParts(source.value, validate);
  if (!pruned) throw new GenerationError(problems);
  const refused = errors.map((e) => source.span(refusalUnit(pathOf(e.instancePath)))).filter((s): s is { start: Position; end: Position } => s !== undefined);
  return { source: PrunedSource.over(source, pruned.value, pruned.toOriginal), mapping: withDefaults(pruned.value as MappingDocument), problems, refused };
}

/** Optional sections a mapping may leave out, filled in as empty so later stages need not ask. */
function withDefaults(mapping: MappingDocument): MappingDocument {
  if (!mapping.examples) return mapping;
  const connection = (mapping.examples.connection ?? {}) as Partial<NonNullable<MappingDocument['examples']>['connection']>;
  return { ...mapping, examples: { ...mapping.examples, connection: { settings: connection.settings ?? {}, credentials: connection.credentials ?? {} } } };
}

/**
 * The part of a mapping a schema error spoils for later checks: the array
 * element it is in (a field, an auth method, an example case), else the
 * operation or connection entry, else the top-level section.
 */
function refusalUnit(path: JsonPath): JsonPath {
  const lastIndex = path.map((p) => typeof p === 'number').lastIndexOf(true);
  if (lastIndex >= 0) return path.slice(0, lastIndex + 1);
  return ['operations', 'connection', 'examples'].includes(String(path[0])) ? path.slice(0, 2) : path.slice(0, 1);
}

/**
 * Takes out, round by round, each value the schema refuses (an unknown key,
 * a wrong value, an object missing a required key) until the rest is valid.
 * Undefined when the mapping itself would have to go. Array elements taken
 * out are remembered, so positions still point into the file as written.
 */
function withoutRefusedParts(original: unknown, validate: ValidateFunction): { value: unknown; toOriginal: (path: JsonPath) => JsonPath } | undefined {
  const value = structuredClone(original);
  const origins = new WeakMap<unknown[], number[]>();
  const toOriginal = (path: JsonPath): JsonPath => {
    let node: unknown = value;
    return path.map((segment) => {
      const inArray = Array.isArray(node) && typeof segment === 'number';
      const mapped = inArray ? (origins.get(node as unknown[])?.[segment] ?? segment) : segment;
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[String(segment)] : undefined;
      return mapped;
    });
  };
  for (let round = 0; round < 16; round++) {
    if (validate(value)) return { value, toOriginal };
    const targets = new Map<string, JsonPath>();
    for (const error of validate.errors ?? []) {
      const path = pathOf(error.instancePath);
      const target = error.keyword === 'additionalProperties' ? [...path, String(error.params.additionalProperty)] : path;
      if (target.length === 0) return undefined;
      targets.set(JSON.stringify(target), target);
    }
    // Where a value fails in one alternative of a oneOf and deeper in another, the deeper failure is the one to take out.
    const keys = [...targets.keys()];
    for (const key of keys) if (keys.some((other) => other !== key && other.startsWith(key.slice(0, -1) + ','))) targets.delete(key);
    // Deepest first, and the later element of an array before the earlier, so no removal shifts another's path.
    const ordered = [...targets.values()].sort((a, b) => b.length - a.length || compareLast(b, a));
    for (const target of ordered) remove(value, target, origins);
  }
  return undefined;
}

function compareLast(a: JsonPath, b: JsonPath): number {
  const x = a[a.length - 1];
  const y = b[b.length - 1];
  return typeof x === 'number' && typeof y === 'number' ? x - y : 0;
}

function remove(root: unknown, path: JsonPath, origins: WeakMap<unknown[], number[]>): void {
  const parent = valueAt(root, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof last === 'number') {
    if (last >= parent.length) return;
    const origin = origins.get(parent) ?? parent.map((_, i) => i);
    origin.splice(last, 1);
    origins.set(parent, origin);
    parent.splice(last, 1);
  } else if (typeof parent === 'object' && parent !== null) delete (parent as Record<string, unknown>)[String(last)];
}

/** A mapping source whose value has refused parts taken out; positions are those of the file as written. */
class PrunedSource extends YamlSource {
  private original!: YamlSource;
  private toOriginal!: (path: JsonPath) => JsonPath;

  static over(original: YamlSource, value: unknown, toOriginal: (path: JsonPath) => JsonPath): PrunedSource {
    const source = new PrunedSource(original.file, original.text, value);
    source.original = original;
    source.toOriginal = toOriginal;
    return source;
  }

  override locate(path: JsonPath, target: 'key' | 'value' = 'value'): Position {
    return this.original.locate(this.toOriginal(path), target);
  }

  override span(path: JsonPath): { start: Position; end: Position } | undefined {
    return this.original.span(this.toOriginal(path));
  }
}

function pathOf(instancePath: string): JsonPath {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => {
      const text = part.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(text) ? Number(text) : text;
    });
}

/**
 * One diagnostic per failing place. Errors from the alternatives of a
 * `oneOf` are dropped when a more precise error exists deeper down, because
 * "must match exactly one schema" says nothing useful on its own.
 */
function schemaDiagnostics(source: YamlSource, errors: ErrorObject[]): Diagnostic[] {
  const byPlace = new Map<string, Diagnostic>();
  const deepest = Math.max(...errors.map((e) => e.instancePath.length));
  const ranked = [...errors].sort((a, b) => rank(a) - rank(b));
  // A value that fails one alternative of a oneOf only because it is meant as another (an operation object
  // is not the string 'unsupported') says nothing when the alternative it is meant as fails deeper down.
  const deeperThan = (error: ErrorObject) => errors.some((e) => e.instancePath.startsWith(`${error.instancePath}/`) || (e.keyword === 'additionalProperties' && e.instancePath === error.instancePath));
  for (const error of ranked) {
    if (/\/(oneOf|anyOf)\/\d+\//.test(error.schemaPath) && error.keyword !== 'additionalProperties' && deeperThan(error)) continue;
    const path = pathOf(error.instancePath);
    const where = error.instancePath || '/';
    let diagnostic: Diagnostic;
    switch (error.keyword) {
      case 'additionalProperties': {
        const key = String(error.params.additionalProperty);
        const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        const near = closest(key, allowed);
        diagnostic = source.diagnostic(
          [...path, key],
          {
            code: 'unknown-key',
            message: `unknown key '${key}' in ${describePlace(path)}`,
            hint: near ? `did you mean '${near}'? (allowed: ${allowed.join(', ')})` : `allowed keys: ${allowed.join(', ')}`,
          },
          'key',
        );
        byPlace.set(`${where}#${key}`, diagnostic);
        continue;
      }
      case 'discriminator': {
        const property = String(error.params.tag ?? 'type');
        const options = discriminatorValues(error.parentSchema);
        const given = valueAt(source.value, [...path, property]);
        const near = typeof given === 'string' ? closest(given, options) : undefined;
        const isPagination = path[0] === 'pagination';
        diagnostic = source.diagnostic([...path, property], {
          code: isPagination ? 'unknown-strategy' : 'schema',
          message: `unknown ${isPagination ? 'pagination strategy' : 'auth type'} '${String(given)}'`,
          hint: `${near ? `did you mean '${near}'? ` : ''}valid: ${options.join(', ')}`,
        });
        break;
      }
      case 'oneOf':
      case 'anyOf':
        if (deeperThan(error) || (error.instancePath.length < deepest && errors.some((e) => e !== error && e.instancePath.startsWith(error.instancePath) && e.keyword !== 'oneOf' && !/\/(oneOf|anyOf)\/\d+\//.test(e.schemaPath)))) continue;
        diagnostic = source.diagnostic(path, { code: 'schema', message: `${describePlace(path)} does not match any allowed form`, hint: hintFor(error) });
        break;
      case 'required': {
        const missing = String(error.params.missingProperty);
        // What the key takes, where the schema lists it (a link's `source`: header or body).
        const allowed = (error.parentSchema as { properties?: Record<string, { enum?: unknown[] }> } | undefined)?.properties?.[missing]?.enum;
        diagnostic = source.diagnostic(path, {
          code: 'schema',
          message: `${describePlace(path)} is missing required key '${missing}'`,
          ...(allowed ? { hint: `add \`${missing}:\` one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` } : {}),
        });
        byPlace.set(`${where}#required#${missing}`, diagnostic);
        continue;
      }
      case 'enum':
      case 'const': {
        const allowed = error.keyword === 'enum' ? (error.params.allowedValues as unknown[]) : [error.params.allowedValue];
        const given = valueAt(source.value, path);
        const near = typeof given === 'string' ? closest(given, allowed.map(String)) : undefined;
        diagnostic = source.diagnostic(path, {
          code: 'schema',
          message: `${describePlace(path)} has value ${JSON.stringify(given)}, which is not allowed`,
          hint: `${near ? `did you mean '${near}'? ` : ''}allowed: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
        });
        break;
      }
      default:
        diagnostic = source.diagnostic(path, { code: 'schema', message: `${describePlace(path)} ${error.message ?? 'is invalid'}`, hint: hintFor(error) });
    }
    if (!byPlace.has(where)) byPlace.set(where, diagnostic);
  }
  return [...byPlace.values()];
}

function rank(error: ErrorObject): number {
  // Prefer the most telling keyword when several fail at one place.
  const order = ['discriminator', 'additionalProperties', 'required', 'enum', 'const', 'type', 'pattern'];
  const index = order.indexOf(error.keyword);
  return (index === -1 ? order.length : index) - error.instancePath.length * 100;
}

function hintFor(error: ErrorObject): string | undefined {
  const schema = error.parentSchema as { description?: string; examples?: unknown[] } | undefined;
  if (schema?.examples?.length) return `for example: ${JSON.stringify(schema.examples[0])}`;
  return undefined;
}

function discriminatorValues(schema: unknown): string[] {
  const oneOf = (schema as { oneOf?: { properties?: { type?: { const?: string } } }[] } | undefined)?.oneOf ?? [];
  return oneOf.map((alternative) => alternative.properties?.type?.const).filter((v): v is string => typeof v === 'string');
}

function valueAt(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[String(segment)];
  }
  return current;
}

function describePlace(path: JsonPath): string {
  if (path.length === 0) return 'the mapping';
  return `'${path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[')}'`;
}
