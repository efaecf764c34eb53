#!/usr/bin/env node
// Part of `npm run prepare`, after tsc: compiles the OpenAPI 3.0 and 3.1
// meta-schemas and mappings/schema.json into Ajv standalone code in dist/validators/, each
// stamped with the hash of the schema text it came from (src/parse/validators.ts
// uses it only when that hash matches the schema a run reads).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { MAPPING, OPENAPI_30, OPENAPI_31, PRECOMPILED_DIR, openApi30SchemaText, openApi31SchemaText, schemaHash } from '../dist/parse/validators.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toCode = standaloneCode.default ?? standaloneCode;

function precompile(spec, schemaText) {
  const ajv = spec.ajv(true);
  const validate = ajv.compile(JSON.parse(schemaText));
  const code = `${toCode(ajv, validate)}\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash(schemaText))};\n`;
  writeFileSync(new URL(spec.file, PRECOMPILED_DIR), code);
}

mkdirSync(PRECOMPILED_DIR, { recursive: true });
precompile(OPENAPI_30, openApi30SchemaText());
precompile(OPENAPI_31, openApi31SchemaText());
precompile(MAPPING, readFileSync(path.join(root, 'mappings/schema.json'), 'utf8'));
