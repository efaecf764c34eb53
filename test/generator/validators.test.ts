/**
 * The validators `npm run prepare` compiles ahead (src/parse/validators.ts)
 * judge exactly as ones compiled at run time: the same verdicts and errors on
 * valid and broken mappings and OpenAPI documents; and an edited schema is
 * never judged by code compiled from the old one.
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { MAPPING, OPENAPI_30, OPENAPI_31, openApi30SchemaText, openApi31SchemaText, validatorFor } from '../../src/parse/validators.js';
import { repoRoot } from '../support/project.js';

const mappingText = await readFile(path.join(repoRoot, 'mappings/schema.json'), 'utf8');
const kickserv = load(await readFile(path.join(repoRoot, 'mappings/kickserv.yaml'), 'utf8')) as Record<string, unknown>;
const spec = load(await readFile(path.join(repoRoot, 'specs/providers/kickserv.yaml'), 'utf8')) as Record<string, unknown>;

const brokenMappings: unknown[] = [
  kickserv,
  { ...kickserv, service: 'Not An Id' },
  { ...kickserv, pagination: { type: 'sideways' } },
  { ...kickserv, unknown_key: true },
  { ...kickserv, fields: 'all of them' },
  {},
  [],
];
const brokenSpecs: unknown[] = [spec, { ...spec, info: { title: 3 } }, { ...spec, paths: { 'no-slash': {} } }, { openapi: '3.0.3' }];

function verdicts(validate: ReturnType<typeof validatorFor>, documents: unknown[]) {
  return documents.map((document) => ({ valid: validate(document), errors: validate.errors ?? null }));
}

describe('validators compiled ahead', () => {
  it('judge mappings as a validator compiled now does', () => {
    const compiledNow = MAPPING.ajv(false).compile(JSON.parse(mappingText) as object);
    const inUse = validatorFor(MAPPING, mappingText, () => JSON.parse(mappingText) as object);
    const expected = verdicts(compiledNow, brokenMappings);
    expect(expected.filter((v) => !v.valid).length).toBe(brokenMappings.length - 1);
    expect(verdicts(inUse, brokenMappings)).toEqual(expected);
  });

  it('judge OpenAPI 3.0 documents as a validator compiled now does', () => {
    const text = openApi30SchemaText();
    const compiledNow = OPENAPI_30.ajv(false).compile(JSON.parse(text) as object);
    const inUse = validatorFor(OPENAPI_30, text, () => JSON.parse(text) as object);
    const expected = verdicts(compiledNow, brokenSpecs);
    expect(expected.filter((v) => !v.valid).length).toBe(brokenSpecs.length - 1);
    expect(verdicts(inUse, brokenSpecs)).toEqual(expected);
  });

  // The 2021-04-15 revision of the 3.1 meta-schema the packages ship held `paths` entries to a Path Item without
  // `$ref`: a path item by reference, which 3.1 allows, was refused ("must NOT have unevaluated properties").
  it('take a 3.1 path item by `$ref`, under `paths` and in `components.pathItems`, and still refuse a member a path item has not', () => {
    const operation = { responses: { '200': { description: 'ok' } } };
    const document = (paths: object) => ({ openapi: '3.1.0', info: { title: 'Items', version: '1' }, paths, components: { pathItems: { Customer: { get: operation }, Alias: { $ref: '#/components/pathItems/Customer' } } } });
    const documents = [
      document({ '/customers/{id}': { $ref: '#/components/pathItems/Alias' }, '/clients/{id}': { $ref: '#/paths/~1customers~1%7Bid%7D', summary: 'the same' } }),
      document({ '/customers/{id}': { $ref: '#/components/pathItems/Customer', fetch: operation } }),
    ];
    const text = openApi31SchemaText();
    const compiledNow = OPENAPI_31.ajv(false).compile(JSON.parse(text) as object);
    const inUse = validatorFor(OPENAPI_31, text, () => JSON.parse(text) as object);
    const expected = verdicts(compiledNow, documents);
    expect(expected.map((v) => v.valid)).toEqual([true, false]);
    expect(verdicts(inUse, documents)).toEqual(expected);
  });

  it('an edited schema gets a validator of its own', () => {
    const edited = JSON.parse(mappingText) as { required?: string[] };
    edited.required = [...(edited.required ?? []), 'mascot'];
    const editedText = JSON.stringify(edited);
    const validate = validatorFor(MAPPING, editedText, () => JSON.parse(editedText) as object);
    expect(validate(kickserv)).toBe(false);
    expect(validate.errors?.some((error) => error.params && (error.params as { missingProperty?: string }).missingProperty === 'mascot')).toBe(true);
    expect(validatorFor(MAPPING, mappingText, () => JSON.parse(mappingText) as object)(kickserv)).toBe(true);
  });
});
