/**
 * The unified API's generated modules: its types (`unified/types.gen.ts`),
 * the input validator (`unified/validate.gen.ts`) and the schema data
 * connectors and tests need (`unified/schema.gen.ts`) — all from the spec.
 */

import type { InterfaceDeclarationStructure, WriterFunction } from 'ts-morph';
import { StructureKind } from './ts-morph.js';
import type { ApiIR, UnifiedIR, UnifiedOperation, UnifiedResource } from '../ir/model.js';
import { camelCase, pascalCase, singularOf } from '../ir/names.js';
import type { SchemaNode } from '../ir/schema.js';
import type { EmitContext } from './context.js';
import { header, type Statement } from './printer.js';
import { declareSchemas, hasReadOnly, typeOf } from './schema-types.js';
import { commentText, constStatement, inline, json, key, str } from './literals.js';

/** The unified API's modules, in its folder of the output (`unified/…`, `crm/unified/…`). */
export function unifiedFiles(unified: UnifiedIR) {
  const at = (name: string) => (unified.folder ? `${unified.folder}/unified/${name}` : `unified/${name}`);
  return { types: at('types.gen.ts'), schema: at('schema.gen.ts'), validate: at('validate.gen.ts') };
}

/** The name stem of an API's connector interface: `CustomerSupport` for a spec of one resource, `CrmContacts` for one of several. */
export function connectorInterfaceOf(unified: UnifiedIR, resource: UnifiedResource): string {
  // "CRM API" names its contacts `CrmContactsConnector`: a trailing "API" and all-capital words add nothing to a type name.
  const title = unified.title.replace(/\s*\bAPI$/i, '').replace(/\b[A-Z]{2,}\b/g, (word) => word[0] + word.slice(1).toLowerCase());
  return `${pascalCase(unified.resources.length === 1 ? unified.title : `${title} ${resource.name}`)}Connector`;
}

/** Names the generated unified modules export for a resource, shared with the connector emitters. */
export function unifiedNames(unified: UnifiedIR, resource: UnifiedResource) {
  const singular = singularOf(resource.name);
  return {
    connectorInterface: connectorInterfaceOf(unified, resource),
    record: resource.recordName,
    recordInput: hasReadOnly(resource.record) ? `${resource.recordName}Input` : resource.recordName,
    /** The member of create/update params holding the record (`customer`). */
    bodyParam: singular,
    params: (operation: UnifiedOperation) => `${pascalCase(operation.id)}Params`,
    validateInput: `validate${resource.recordName}Input`,
    fieldTree: `${camelCase(singular)}FieldTree`,
  };
}

const typeNames = { of: (name: string) => pascalCase(name) || name };

/**
 * The modules printed for a unified API, by the resources they cover and where
 * they import the runtime from. The IR stage builds an unchanged spec's IR
 * once per process, and these modules follow from that IR alone. Printing
 * them again took each in-process emit of the committed project from about
 * 85 ms to 100–155 ms, and a test run generates a project in-process a
 * hundred-odd times. (The compiled CLI emits on a new worker thread each
 * run, with an IR of its own: this saves it nothing.)
 */
const printed = new WeakMap<UnifiedIR, Map<string, ReadonlyMap<string, string>>>();

/** The modules of the resources `api` generates (those some connector maps). */
export function emitUnified(api: ApiIR, context: EmitContext): Map<string, string> {
  const paths = unifiedFiles(api.unified);
  const key = JSON.stringify([api.resources.map((resource) => resource.name), context.runtime(paths.validate), context.runtime(paths.schema)]);
  let byKey = printed.get(api.unified);
  if (!byKey) printed.set(api.unified, (byKey = new Map()));
  const known = byKey.get(key);
  if (known) return new Map(known);
  const files = new Map<string, string>();
  const sources = [api.unified.file];
  files.set(paths.types, context.printer.print(paths.types, header(sources), typesFile(api)));
  files.set(paths.validate, context.printer.print(paths.validate, header(sources), validateFile(api, paths.validate, context)));
  files.set(paths.schema, context.printer.print(paths.schema, header(sources), schemaFile(api, paths.schema, context)));
  byKey.set(key, new Map(files));
  return files;
}

// ---- types.gen.ts -----------------------------------------------------------------------

function typesFile(api: ApiIR): Statement[] {
  const { unified, resources } = api;
  const inputVariants = new Set<SchemaNode>();
  const collect = (node: SchemaNode | undefined) => {
    if (!node || inputVariants.has(node)) return;
    inputVariants.add(node);
    node.properties.forEach(collect);
    collect(node.items);
  };
  const operations = resources.flatMap((resource) => resource.operations);
  operations.forEach((operation) => collect(operation.requestBody));
  const declarations: (ReturnType<typeof declareSchemas>[number] | InterfaceDeclarationStructure)[] = [...declareSchemas(api.schemas, typeNames, { inputVariants })];
  const context = { names: typeNames, input: false, enumAliases: new Map<SchemaNode, string>() };

  for (const resource of resources) for (const operation of resource.operations) {
    const names = unifiedNames(unified, resource);
    const properties: InterfaceDeclarationStructure['properties'] = [];
    for (const param of operation.params) {
      properties.push({
        kind: StructureKind.PropertySignature,
        name: key(param.name),
        hasQuestionToken: !param.required,
        type: typeOf(param.schema, context),
        docs: param.description ? [commentText(param.description)] : [],
      });
    }
    if (operation.requestBody) {
      properties.push({
        kind: StructureKind.PropertySignature,
        name: key(names.bodyParam),
        type: typeOf(operation.requestBody, { ...context, input: true }),
        docs: [`The ${commentText(names.bodyParam)} to ${operation.kind === 'create' ? 'create' : 'change'}; validated against \`${resource.recordName}\` before any provider call.`],
      });
    }
    properties.push({
      kind: StructureKind.PropertySignature,
      name: 'signal',
      hasQuestionToken: true,
      type: 'AbortSignal',
      docs: ['Aborts the operation, including retries and waits.'],
    });
    declarations.push({
      kind: StructureKind.Interface,
      name: names.params(operation),
      isExported: true,
      docs: [`Parameters of \`${operation.id}\`${operation.summary ? ` (${commentText(operation.summary)})` : ''}: ${operation.method} ${commentText(operation.path)}.`],
      properties,
    });
  }

  declarations.push({
    kind: StructureKind.Interface,
    name: 'RawPayload',
    isExported: true,
    docs: ['With `raw: true`, the provider payload behind the answer, credentials masked: null for no body, the body when it is one object, else `{ pages: [...] }` (lists) or `{ responses: [...] }`.'],
    properties: [{ kind: StructureKind.PropertySignature, name: '_raw', hasQuestionToken: true, type: 'Record<string, unknown> | null' }],
  });

  for (const resource of resources) declarations.push({
    kind: StructureKind.Interface,
    name: connectorInterfaceOf(unified, resource),
    isExported: true,
    docs: [
      unified.resources.length === 1
        ? `A connector for the ${commentText(unified.title)} API (${commentText(unified.version)}): one method per operation of the spec. Every method answers the spec's envelope or throws a \`UnifiedError\` from the spec's catalogue.`
        : `A connector for the ${commentText(resource.name)} of the ${commentText(unified.title)} API (${commentText(unified.version)}): one method per operation of the spec on them. Every method answers the spec's envelope or throws a \`UnifiedError\` from the spec's catalogue.`,
    ],
    properties: [{ kind: StructureKind.PropertySignature, name: 'service', isReadonly: true, type: 'string', docs: ['The service id, as in every envelope.'] }],
    methods: resource.operations.map((operation) => ({
      kind: StructureKind.MethodSignature,
      name: operation.id,
      parameters: [{ name: 'params', type: unifiedNames(unified, resource).params(operation), hasQuestionToken: operation.params.every((p) => !p.required) && !operation.requestBody }],
      returnType: `Promise<${typeNames.of(operation.responseSchema)} & RawPayload>`,
      docs: [`${commentText(operation.summary ?? operation.id)}: ${operation.method} ${commentText(operation.path)}, answering ${operation.successStatus}.`],
    })),
  });

  declarations.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return declarations;
}

// ---- validate.gen.ts --------------------------------------------------------------------------

function validateFile(api: ApiIR, file: string, context: EmitContext): Statement[] {
  const { unified, resources } = api;
  const named = [...api.schemas.entries()].filter(([, node]) => isObjectSchema(node) && resources.some((resource) => reachable(resource.record, node)));
  const objects = [...named, ...inlineObjects(named)];
  const checkers = new Map(objects.map(([name, node]) => [node, name]));
  const statements: Statement[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: context.runtime(file),
      namedImports: ['checkArray', 'checkBoolean', 'checkNumber', 'checkObject', 'checkString', { name: 'FieldIssue', isTypeOnly: true }],
    },
  ];
  for (const resource of resources) {
  const names = unifiedNames(unified, resource);
  statements.push({
    kind: StructureKind.Function,
    name: names.validateInput,
    isExported: true,
    docs: [
      `Checks a ${names.bodyParam} given to a create or update against \`${resource.recordName}\` of the spec: types, enums, lengths, formats, read-only members and unknown members. Returns every problem found (none: valid).`,
    ],
    parameters: [
      { name: 'value', type: 'unknown' },
      { name: 'field', type: 'string', initializer: str(names.bodyParam) },
    ],
    returnType: 'FieldIssue[]',
    statements: [`const issues: FieldIssue[] = [];`, `${checkerName(resource.recordName)}(value, field, issues);`, 'return issues;'],
  });
  }
  for (const [name, node] of objects) {
    statements.push({
      kind: StructureKind.Function,
      name: checkerName(name),
      parameters: [
        { name: 'value', type: 'unknown' },
        { name: 'field', type: 'string' },
        { name: 'issues', type: 'FieldIssue[]' },
      ],
      returnType: 'void',
      statements: objectChecker(name, node, checkers),
    });
  }
  return statements;
}

/**
 * The objects the spec writes inline below the named ones (CRM's `Company.row_type`, the elements of
 * `PassThroughBody`), each named by where it sits: they are checked like named ones, members, unknown
 * members and read-only ones alike, where a write would otherwise pass them on unchecked.
 */
function inlineObjects(named: readonly [string, SchemaNode][]): [string, SchemaNode][] {
  const found = new Map<SchemaNode, string>();
  const seen = new Set<SchemaNode>(named.map(([, node]) => node));
  const visit = (node: SchemaNode, where: string) => {
    if (seen.has(node)) return;
    seen.add(node);
    // A named schema that is no object (the array `PassThroughBody`): what it holds is named after it.
    if (node.name) return below(node, node.name);
    if (isObjectSchema(node)) found.set(node, where);
    below(node, where);
  };
  const below = (node: SchemaNode, where: string) => {
    for (const [member, child] of node.properties) visit(child, `${where}.${member}`);
    if (node.items) visit(node.items, `${where} item`);
  };
  for (const [name, node] of named) below(node, name);
  return [...found].map(([node, name]): [string, SchemaNode] => [name, node]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function isObjectSchema(node: SchemaNode): boolean {
  return node.type === 'object' || (node.type === undefined && node.properties.size > 0);
}

function reachable(from: SchemaNode, target: SchemaNode, seen = new Set<SchemaNode>()): boolean {
  if (from === target) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  return [...from.properties.values(), ...(from.items ? [from.items] : [])].some((child) => reachable(child, target, seen));
}

function checkerName(schemaName: string): string {
  return `check${pascalCase(schemaName)}`;
}

function objectChecker(name: string, node: SchemaNode, checkers: ReadonlyMap<SchemaNode, string>): WriterFunction {
  return (writer) => {
    const known = [...node.properties.keys()];
    const readOnly = known.filter((k) => node.properties.get(k)!.readOnly);
    // A read-only member listed as required is required in answers only (OpenAPI 3.0's rule for `readOnly`): never of a caller's write.
    const required = node.required.filter((k) => !node.properties.get(k)?.readOnly);
    writer.writeLine(
      `const object = checkObject(value, field, issues, { known: ${inline(known)}, readOnly: ${inline(readOnly)}, required: ${inline(required)}, closed: ${node.additionalProperties === false}, nullable: ${node.nullable}, typeName: ${str(name)} });`,
    );
    writer.writeLine('if (object === undefined) return;');
    writer.writeLine("const at = (member: string) => (field ? `${field}.${member}` : member);");
    for (const [member, child] of node.properties) {
      if (child.readOnly) continue;
      const check = valueCheck(child, `object[${str(member)}]`, `at(${str(member)})`, checkers);
      // A member of no one type (CRM's CustomField.value: any of string, number, boolean, object, array) has nothing to check.
      if (check !== 'undefined') writer.writeLine(`if (object[${str(member)}] !== undefined) ${check};`);
    }
  };
}

function rules(node: SchemaNode): string {
  const out: Record<string, unknown> = {};
  if (node.nullable) out.nullable = true;
  if (node.enum) out.enum = node.enum;
  if (node.minLength !== undefined) out.minLength = node.minLength;
  if (node.maxLength !== undefined) out.maxLength = node.maxLength;
  if (node.pattern !== undefined) out.pattern = node.pattern;
  if (node.format !== undefined) out.format = node.format;
  if (node.minimum !== undefined) out.minimum = node.minimum;
  if (node.maximum !== undefined) out.maximum = node.maximum;
  if (node.exclusiveMinimum !== undefined) out.exclusiveMinimum = node.exclusiveMinimum;
  if (node.exclusiveMaximum !== undefined) out.exclusiveMaximum = node.exclusiveMaximum;
  if (node.multipleOf !== undefined) out.multipleOf = node.multipleOf;
  if (node.type === 'integer') out.integer = true;
  return inline(out);
}

function valueCheck(node: SchemaNode, value: string, field: string, checkers: ReadonlyMap<SchemaNode, string>): string {
  const checker = checkers.get(node);
  if (checker !== undefined) return `${checkerName(checker)}(${value}, ${field}, issues)`;
  switch (node.type) {
    case 'string':
      return `checkString(${value}, ${field}, issues, ${rules(node)})`;
    case 'integer':
    case 'number':
      return `checkNumber(${value}, ${field}, issues, ${rules(node)})`;
    case 'boolean':
      return `checkBoolean(${value}, ${field}, issues, ${rules(node)})`;
    case 'array': {
      const item = node.items ? `(item, itemField, itemIssues) => ${valueCheck(node.items, 'item', 'itemField', checkers).replace(/issues\b/g, 'itemIssues')}` : '() => undefined';
      return `checkArray(${value}, ${field}, issues, ${item}, ${rules(node)})`;
    }
    default:
      return 'undefined';
  }
}

// ---- schema.gen.ts ------------------------------------------------------------------------------------

function schemaFile(api: ApiIR, file: string, context: EmitContext): Statement[] {
  const { unified, resources } = api;
  const definitions: Record<string, unknown> = {};
  for (const [name, node] of api.schemas) definitions[name] = jsonSchema(node, true);
  const responses: Record<string, string> = {};
  for (const resource of resources) for (const operation of resource.operations) responses[operation.id] = operation.responseSchema;
  return [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: context.runtime(file),
      namedImports: [{ name: 'FieldTree', isTypeOnly: true }],
    },
    ...resources.map((resource) =>
      constStatement(unifiedNames(unified, resource).fieldTree, 'FieldTree', json(fieldTree(resource.record, new Set())), [
        `The members of \`${resource.recordName}\` that \`fields=\` may name, nested objects and arrays of objects as subtrees.`,
      ]),
    ),
    constStatement('unifiedJsonSchema', undefined, `${json({ $schema: 'http://json-schema.org/draft-07/schema#', definitions })} as const`, [
      'The named schemas of the spec as JSON Schema (draft-07; OpenAPI `nullable` as a `null` type), for validating what connectors answer.',
    ]),
    constStatement('operationResponseSchemas', undefined, `${json(responses)} as const`, ['The schema each operation answers with.']),
  ];
}

function fieldTree(node: SchemaNode, seen: Set<SchemaNode>): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  for (const [name, child] of node.properties) {
    const inner = child.type === 'array' ? child.items : child;
    if (inner && isObjectSchema(inner) && !seen.has(inner)) tree[name] = fieldTree(inner, new Set([...seen, inner]));
    else tree[name] = true;
  }
  return tree;
}

function jsonSchema(node: SchemaNode, root = false): Record<string, unknown> {
  if (!root && node.name) {
    const ref = { $ref: `#/definitions/${node.name}` };
    return node.nullable && isObjectSchema(node) ? { anyOf: [ref, { type: 'null' }] } : ref;
  }
  const out: Record<string, unknown> = {};
  if (node.type) out.type = node.nullable ? [node.type, 'null'] : node.type;
  if (node.enum) out.enum = node.nullable && !node.enum.includes(null) ? [...node.enum, null] : node.enum;
  if (node.format && ['date-time', 'date', 'email'].includes(node.format)) out.format = node.format;
  // No check of its own in JSON Schema: kept so the tests know which members a write may not give (fault-matrix.ts).
  if (node.readOnly) out.readOnly = true;
  // Exclusive bounds as numbers: draft-07's form, which the IR reads OpenAPI 3.0's booleans into.
  for (const k of ['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'pattern'] as const) if (node[k] !== undefined) out[k] = node[k];
  if (node.properties.size > 0) out.properties = Object.fromEntries([...node.properties].map(([name, child]) => [name, jsonSchema(child)]));
  if (node.required.length > 0) out.required = node.required;
  if (node.additionalProperties === false) out.additionalProperties = false;
  else if (typeof node.additionalProperties === 'object') out.additionalProperties = jsonSchema(node.additionalProperties);
  if (node.items) out.items = jsonSchema(node.items);
  if (node.anyOf) {
    const members = node.anyOf.map((member) => jsonSchema(member));
    out.anyOf = node.nullable ? [...members, { type: 'null' }] : members;
  }
  return out;
}

