/** Validates what connectors answer against the spec's schemas (generated as JSON Schema). */

import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { FORMATS } from '../../src/runtime/formats.js';
import { UnifiedError } from '../../src/runtime/index.js';
import { operationResponseSchemas, unifiedJsonSchema } from '../../generated/unified/schema.gen.js';

// ajv-formats is CommonJS: its module object, and the plugin itself, carry the plugin as `default`.
const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv) => Ajv }).default;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
// The runtime's definitions win: the tests check exactly what connectors check (src/runtime/formats.ts).
for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, { type: 'string', validate: (value: string) => format.test(value) });
ajv.addSchema(unifiedJsonSchema as object, 'unified');
const cache = new Map<string, ValidateFunction>();

function validator(schemaName: string): ValidateFunction {
  let validate = cache.get(schemaName);
  if (!validate) {
    validate = ajv.compile({ $ref: `unified#/definitions/${schemaName}` });
    cache.set(schemaName, validate);
  }
  return validate;
}

/** Throws with every schema violation when `result` is not the envelope the spec defines for `operation`. */
export function assertUnifiedResult(operation: keyof typeof operationResponseSchemas, result: unknown): void {
  const validate = validator(operationResponseSchemas[operation]);
  if (!validate(result)) throw new Error(`${operation} answered outside the spec: ${ajv.errorsText(validate.errors, { separator: '; ' })}`);
}

/** Throws with every violation when `record` is not a valid unified record (the spec's record schema). */
export function assertUnifiedRecord(record: unknown, schemaName = 'CustomerSupportCustomer'): void {
  const validate = validator(schemaName);
  if (!validate(record)) throw new Error(`record outside the spec: ${ajv.errorsText(validate.errors, { separator: '; ' })}\n${JSON.stringify(record)}`);
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
