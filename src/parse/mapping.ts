/**
 * Loads a provider mapping: YAML with positions, then the committed JSON
 * Schema `mappings/schema.json`. Schema errors are turned into one message
 * per place, naming the valid alternatives.
 */

import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { GenerationError, type Diagnostic } from '../diagnostics.js';
import { closest } from '../runtime/fields.js';
import { YamlSource, type JsonPath } from './source.js';

export interface MappingSource {
  source: YamlSource;
  /** The mapping as data; its shape is guaranteed by the schema. */
  mapping: MappingDocument;
}

/** The mapping file's shape (see mappings/schema.json for what each key means). */
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
  };
  errors?: { message?: string[]; status?: Record<string, string> };
  rate_limit?: { reset?: { header: string; format: 'unix-seconds' | 'unix-ms' | 'seconds' | 'http-date' }; remaining?: string };
  pagination?: PaginationDocument;
  operations: Record<string, OperationDocument | 'unsupported'>;
  fields: FieldDocument[];
  examples?: {
    connection: { settings: Record<string, string>; credentials: Record<string, string> };
    cases: ExampleDocument[];
  };
}

export interface SettingDocument {
  description?: string;
  required?: boolean;
  pattern?: string;
  default?: string;
  example?: string;
}

export type AuthDocument =
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string }
  | { type: 'header'; name: string; value: string }
  | { type: 'query'; name: string; value: string };

export type PaginationDocument =
  | { type: 'page'; page_param: string; first_page?: number; size_param?: string; max_size?: number; fixed_size?: number; total_pages?: string }
  | { type: 'offset'; offset_param: string; limit_param: string; max_limit?: number; start?: number; total?: string }
  | { type: 'cursor'; cursor_param: string; next: string; has_more?: string; size_param?: string; max_size?: number }
  | { type: 'link'; source: 'body' | 'header'; next?: string; size_param?: string; max_size?: number }
  | { type: 'none' };

export interface OperationDocument {
  method: string;
  path: string;
  query?: Record<string, string>;
  undocumented?: UndocumentedDocument;
  headers?: Record<string, string>;
  body?: {
    encoding: 'json' | 'form' | 'multipart' | 'json-patch';
    wrap?: string;
    from?: string;
    values?: Record<string, string>;
    indexed?: Record<string, Record<string, string>>;
  };
  status?: number[];
  records?: string | string[];
  record?: string;
  id?: string | IdHeaderDocument;
  where?: Record<string, string | number | boolean>;
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
}

export interface FieldDocument {
  unified?: string | [string, string];
  provider?: string;
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
  input: Record<string, unknown>;
  exchanges: {
    request: { method: string; path: string; query?: Record<string, string>; headers?: Record<string, string>; body?: unknown };
    response: { status: number; headers?: Record<string, string>; body?: unknown };
  }[];
  expect: { status_code?: number; data?: unknown; meta?: unknown; error?: Record<string, unknown> };
}

let validator: { validate: ValidateFunction; schema: Record<string, unknown> } | undefined;

function mappingValidator(schemaPath: string) {
  if (!validator) {
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strict: false, discriminator: true, verbose: true });
    validator = { validate: ajv.compile(schema), schema };
  }
  return validator;
}

export async function loadMapping(absolutePath: string, displayPath: string, schemaPath: string): Promise<MappingSource> {
  const source = await YamlSource.load(absolutePath, displayPath);
  return checkMapping(source, schemaPath);
}

export function checkMapping(source: YamlSource, schemaPath: string): MappingSource {
  const { validate } = mappingValidator(schemaPath);
  if (!validate(source.value)) throw new GenerationError(schemaDiagnostics(source, validate.errors ?? []));
  return { source, mapping: source.value as MappingDocument };
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
  for (const error of ranked) {
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
        if (error.instancePath.length < deepest && errors.some((e) => e !== error && e.instancePath.startsWith(error.instancePath) && e.keyword !== 'oneOf')) continue;
        diagnostic = source.diagnostic(path, { code: 'schema', message: `${describePlace(path)} does not match any allowed form`, hint: hintFor(error) });
        break;
      case 'required':
        diagnostic = source.diagnostic(path, {
          code: 'schema',
          message: `${describePlace(path)} is missing required key '${String(error.params.missingProperty)}'`,
        });
        byPlace.set(`${where}#required#${String(error.params.missingProperty)}`, diagnostic);
        continue;
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
