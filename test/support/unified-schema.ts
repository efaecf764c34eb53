/**
 * Validates what connectors answer against the spec's schemas (generated as
 * JSON Schema). The default unified API is registered as `unified`; a suite
 * of another API registers its own (`registerUnifiedApi('crm', …)`) and names
 * it in each check.
 */

import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { FORMATS } from '../../src/runtime/formats.js';
import { UnifiedError } from '../../src/runtime/index.js';
import { operationResponseSchemas, unifiedJsonSchema } from '../../generated/unified/schema.gen.js';

// ajv-formats is CommonJS: its module object, and the plugin itself, carry the plugin as `default`.
const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv) => Ajv }).default;

// multipleOf within 1e-9, as the runtime's checks (src/runtime/validate.ts isMultipleOf) read it.
const ajv = new Ajv({ allErrors: true, strict: false, multipleOfPrecision: 9 });
addFormats(ajv);
// The runtime's definitions win: the tests check exactly what connectors check (src/runtime/formats.ts).
for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, { type: 'string', validate: (value: string) => format.test(value) });
const cache = new Map<string, ValidateFunction>();
const responsesByApi = new Map<string, Readonly<Record<string, string>>>();
const definitionsByApi = new Map<string, Readonly<Record<string, JsonSchema>>>();

/** A schema of the generated JSON Schema, as far as the tests read one. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  readOnly?: boolean;
  minLength?: number;
  maxLength?: number;
  format?: string;
  minimum?: number;
  maximum?: number;
}

const keysBySchema = new WeakMap<object, string>();
/** Keys by the schema's text: a project that emits the same schemas again (most drafts and fixtures) shares its validators. */
const keysByText = new Map<string, string>();

/**
 * Makes an API's schemas, and the schema each of its operations answers with,
 * known under a key: `api`, or `api~2`… when another project's API of that
 * name came first. Test files share a worker's modules, and a project a test
 * generates (a draft, a fixture edited) may emit fewer or other schemas of
 * the same API: under one name, whichever registered first would judge both.
 * The same schemas (the same object, or the same text with the same answers) register once: compiling them
 * is most of what a suite's first checks cost. Returns the key its checks name.
 */
export function registerUnifiedApi(api: string, jsonSchema: object, responses: Readonly<Record<string, string>>): string {
  const known = keysBySchema.get(jsonSchema);
  if (known !== undefined) return known;
  const text = JSON.stringify([api, jsonSchema, responses]);
  let key = keysByText.get(text);
  if (key === undefined) {
    key = api;
    for (let n = 2; responsesByApi.has(key); n++) key = `${api}~${n}`;
    ajv.addSchema(jsonSchema, key);
    responsesByApi.set(key, responses);
    definitionsByApi.set(key, (jsonSchema as { definitions: Record<string, JsonSchema> }).definitions);
    keysByText.set(text, key);
  }
  keysBySchema.set(jsonSchema, key);
  return key;
}
registerUnifiedApi('unified', unifiedJsonSchema, operationResponseSchemas);

function validator(schemaName: string, api = 'unified'): ValidateFunction {
  const key = `${api}#/definitions/${schemaName}`;
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile({ $ref: key });
    cache.set(key, validate);
  }
  return validate;
}

/** Throws with every schema violation when `result` is not the envelope the spec of `api` defines for `operation`. */
export function assertUnifiedResult(operation: string, result: unknown, api = 'unified'): void {
  const schema = responsesByApi.get(api)?.[operation];
  if (!schema) throw new Error(`${operation} is not an operation of the unified API '${api}'`);
  const validate = validator(schema, api);
  if (!validate(result)) throw new Error(`${operation} answered outside the spec: ${ajv.errorsText(validate.errors, { separator: '; ' })}`);
}

/** Throws with every violation when `record` is not a valid unified record (the spec's record schema). */
export function assertUnifiedRecord(record: unknown, schemaName = 'CustomerSupportCustomer', api = 'unified'): void {
  const validate = validator(schemaName, api);
  if (!validate(record)) throw new Error(`record outside the spec: ${ajv.errorsText(validate.errors, { separator: '; ' })}\n${JSON.stringify(record)}`);
}

/** A schema of `api` with the `$ref` it may be followed to what it names (a named record: `{ $ref: '#/definitions/Card' }`). */
export function unifiedSchema(schema: JsonSchema, api = 'unified'): JsonSchema {
  if (schema.$ref === undefined) return schema;
  const name = schema.$ref.replace('#/definitions/', '');
  const named = definitionsByApi.get(api)?.[name];
  if (!named) throw new Error(`${schema.$ref} is not a schema of the unified API '${api}'`);
  return unifiedSchema(named, api);
}

/** Whether a value of the schema may be null (OpenAPI's `nullable`, a `null` type in the JSON Schema). */
export function allowsNull(schema: JsonSchema, api = 'unified'): boolean {
  const resolved = unifiedSchema(schema, api);
  const types = Array.isArray(resolved.type) ? resolved.type : [resolved.type];
  return types.includes('null') || (resolved.enum?.includes(null) ?? false) || (resolved.anyOf?.some((member) => allowsNull(member, api)) ?? false);
}

/** Throws unless `error` is a UnifiedError whose body has the spec's error shape. */
export function assertUnifiedError(error: unknown): asserts error is UnifiedError {
  if (!(error instanceof UnifiedError)) throw new Error(`expected a UnifiedError, got ${String(error)}`);
  const body = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
  const validate = validator('BadRequestResponse');
  if (!validate(body)) throw new Error(`error body outside the spec: ${ajv.errorsText(validate.errors)}`);
  for (const member of ['status_code', 'error', 'type_name', 'message', 'ref']) {
    if (!(member in body)) throw new Error(`error body lacks ${member}`);
  }
}
