/**
 * Field mappings: each declaration resolved against the unified record and
 * the provider's read and write schemas, its converter and enum map checked
 * against the types on both sides. Every mistake becomes a diagnostic at the
 * declaration's position.
 */

import { inWords, type Diagnostic, type DiagnosticCode } from '../diagnostics.js';
import type { FieldDocument } from '../parse/mapping.js';
import type { YamlSource } from '../parse/source.js';
import { converters, type ConverterSignature } from '../runtime/converters.js';
import { closest } from '../runtime/fields.js';
import { FORMATS } from '../runtime/formats.js';
import { patternOf } from '../runtime/validate.js';
import type { ConstraintsIR, Direction, EnumMapIR, FieldIR, PatchOpsIR, PathSegment, Template } from './model.js';
import { formatPath, isPathProblem, parseFieldPath, resolvePath } from './paths.js';
import { describeType, syntheticSchema, valueTypes, type JsonType, type SchemaNode } from './schema.js';
import { byName } from './order.js';
import { isTemplateError, parseTemplate } from './templates.js';
import { fitsScalarType, literalText, valueProblem, type ValueProblem } from './values.js';

/** Where provider values are written for one write operation. */
export interface WriteTarget {
  operation: string;
  /** The request record schema; write paths resolve against it. */
  schema: SchemaNode;
  /** Leading path members the request omits (`attributes` when the body is `from: attributes`). */
  prefix: string[];
  /** The request schema as the provider describes it, when `schema` adds virtual members. */
  wire?: SchemaNode;
  /**
   * A JSON Patch update: the operations it sends, and for each the schemas
   * of the `path` member of the items that take it (undefined where an item
   * declares no `path`).
   */
  patch?: { ops: PatchOpsIR; paths: Partial<Record<PatchOpsIR['clear'], (SchemaNode | undefined)[]>> };
}

export interface FieldScope {
  source: YamlSource;
  problems: Diagnostic[];
  unified: SchemaNode;
  providerRead: SchemaNode;
  writes: WriteTarget[];
  /** Mapping path of the `fields` list being read (`['fields']`, `['fields', 3, 'each']`). */
  at: (string | number)[];
  settings: Set<string>;
  /** Setting names used under another spelling than their declaration's, which is reported there once. */
  settingsSpeltOtherwise?: ReadonlySet<string>;
  hasHooks: boolean;
  /** The hooks module and the names it exports. */
  hooks?: { file: string; exports: ReadonlySet<string> };
  /** Inside `each`: the array field's direction, which its members take unless they narrow it. */
  inherited?: 'both' | 'read' | 'write';
  /** What generates on the mapping's word (a provider field the document omits), reported as notes. */
  trusted: Diagnostic[];
  /** The field being resolved vouches for a provider member its document omits. */
  /** A field's `undocumented`: `used` once a schema lacked the member, `declared` once one had it. */
  vouch?: { type: JsonType; reason: string; at: (string | number)[]; used: boolean; declared: string | undefined };
}

const converterTable: Record<string, ConverterSignature> = converters;

export function resolveFields(documents: readonly FieldDocument[], scope: FieldScope): FieldIR[] {
  const fields: FieldIR[] = [];
  documents.forEach((document, index) => {
    const field = resolveField(document, index, scope);
    if (field) fields.push(field);
  });
  checkDuplicates(fields, documents, scope);
  return fields;
}

function report(scope: FieldScope, path: (string | number)[], code: DiagnosticCode, message: string, hint?: string, target: 'key' | 'value' = 'value') {
  scope.problems.push(scope.source.diagnostic([...scope.at, ...path], { code, message, ...(hint ? { hint } : {}) }, target));
}

/**
 * A field, with its `undocumented` vouch settled: refused as needless only when
 * every schema the field reaches (its read record and each write's request)
 * declares the member; a member only a request schema omits needs it.
 */
function resolveField(document: FieldDocument, index: number, outer: FieldScope): FieldIR | undefined {
  const vouch = document.undocumented ? { type: document.undocumented.type, reason: document.undocumented.reason, at: [...outer.at, index, 'undocumented'], used: false, declared: undefined as string | undefined } : undefined;
  const field = resolveFieldUnder(document, index, { ...outer, vouch });
  if (vouch && !vouch.used && vouch.declared !== undefined) {
    report(outer, [index, 'undocumented'], 'unknown-provider-field', `provider '${vouch.declared}' is in the provider's document wherever this field reads or writes it; it needs no vouching`, 'remove `undocumented`', 'key');
  }
  return field;
}

function resolveFieldUnder(document: FieldDocument, index: number, scope: FieldScope): FieldIR | undefined {
  const at = (key?: string) => (key ? [index, key] : [index]);
  const origin = { index: [...scope.at.filter((p): p is number => typeof p === 'number'), index] };
  const lossy = document.lossy;
  const note = document.note;

  // The declared direction, before read-only sides narrow it; inside `each`, the array's own.
  const declared = document.direction ?? scope.inherited ?? 'both';
  const explicitDirection = document.direction !== undefined;
  if (scope.inherited !== undefined && scope.inherited !== 'both' && document.direction !== undefined && document.direction !== scope.inherited) {
    report(scope, at('direction'), 'schema', `this member of an \`each\` is \`direction: ${document.direction}\`, but the array field is \`direction: ${scope.inherited}\``, `members of a ${scope.inherited}-only array are ${scope.inherited}-only: drop \`direction\` here, or change the array field's`);
    return undefined;
  }
  const direction: Direction = { read: declared !== 'write', write: declared !== 'read' };

  const operations = document.operations;
  if (operations) {
    const known = new Set(scope.writes.map((w) => w.operation));
    operations.forEach((operation, i) => {
      if (!known.has(operation)) {
        const near = closest(operation, [...known]);
        report(scope, [index, 'operations', i], 'unknown-operation', `'${operation}' is not a write operation of this connector`, near ? `did you mean '${near}'?` : `write operations: ${[...known].join(', ')}`);
      }
    });
  }
  const writes = operations ? scope.writes.filter((w) => operations.includes(w.operation)) : scope.writes;

  const when = parseWhen(document, index, scope);

  // ---- escape hatch -------------------------------------------------------------
  if (document.read_with !== undefined || document.write_with !== undefined) {
    if (!scope.hasHooks) report(scope, at(document.read_with !== undefined ? 'read_with' : 'write_with'), 'schema', 'this field names a hook function, but the mapping declares no `hooks` module', 'add `hooks: mappings/<service>.hooks.ts` at the top level');
    const { hooks } = scope;
    for (const key of ['read_with', 'write_with'] as const) {
      const name = document[key];
      if (name === undefined || !hooks || hooks.exports.has(name)) continue;
      const near = closest(name, [...hooks.exports]);
      report(scope, at(key), 'unknown-key', `${hooks.file} exports no function '${name}'`, near ? `did you mean '${near}'?` : hooks.exports.size > 0 ? `it exports: ${[...hooks.exports].sort().join(', ')}` : `export it: \`export function ${name}(…)\``);
    }
    if (typeof document.unified !== 'string') {
      report(scope, at('unified'), 'schema', 'a hook field maps exactly one unified field');
      return undefined;
    }
    const unified = unifiedPath(document.unified, scope, at('unified'), true);
    const provider = document.provider !== undefined ? providerReadPath(document.provider, scope, at('provider'), true) : undefined;
    if (!unified || (document.provider !== undefined && !provider)) return undefined;
    return {
      kind: 'hook',
      origin,
      direction: { read: document.read_with !== undefined, write: document.write_with !== undefined },
      operations,
      lossy,
      note,
      when,
      unified: unified.segments,
      unifiedSchema: unified.schema,
      provider: provider?.segments,
      providerSchema: provider?.schema,
      readWith: document.read_with,
      writeWith: document.write_with,
    };
  }

  // ---- constants -----------------------------------------------------------------
  if (document.const !== undefined) {
    if (document.unified !== undefined && document.provider !== undefined) {
      report(scope, at('const'), 'schema', '`const` goes with `unified` (a value every record reads as) or with `provider` (a value every write sends), not both');
      return undefined;
    }
    if (typeof document.unified === 'string') {
      const unified = unifiedPath(document.unified, scope, at('unified'), false);
      if (!unified) return undefined;
      const value = document.const;
      const schema = unified.schema;
      // Every record reads as this value exactly as written (no conversion): it must be one the unified field holds.
      if (value === null ? !schema.nullable : schema.type !== undefined && schema.anyOf === undefined && !fitsScalarType(schema, value)) {
        report(scope, at('const'), 'type-mismatch', `${JSON.stringify(value)} is ${value === null ? 'null' : typeof value === 'string' ? 'text' : typeof value}, and unified '${document.unified}' is ${describeType(schema)}`, value === null ? 'the field is not nullable: give a value it holds' : 'write the value as the field holds it (true, 1 and "1" are three values)');
      } else if (schema.enum && !schema.enum.includes(value)) {
        report(scope, at('const'), 'enum-value', `${JSON.stringify(value)} is not a value of unified '${document.unified}'`, `values: ${schema.enum.map(String).join(', ')}`);
      } else if (value !== null) {
        const problem = valueProblem(schema, value as string | number | boolean, `unified '${document.unified}'`, 'json');
        if (problem) report(scope, at('const'), problem.code, problem.message, problem.hint);
      }
      return { kind: 'unified-const', origin, direction: { read: true, write: false }, operations, lossy, note, when, unified: unified.segments, unifiedSchema: unified.schema, value };
    }
    if (document.provider !== undefined) {
      const provider = providerWritePath(document.provider, writes, scope, at('provider'));
      if (!provider) return undefined;
      let value: Template | number | boolean | null;
      if (typeof document.const === 'string') {
        const template = parseTemplate(document.const, ['settings']);
        if (isTemplateError(template)) {
          report(scope, at('const'), 'invalid-template', template.error, template.hint);
          return undefined;
        }
        checkTemplateSettings(template, scope, at('const'));
        value = template;
      } else value = document.const;
      // Every request the constant goes into must take it; a template's value is known only at run time.
      const literal = typeof value === 'object' && value !== null ? literalText(value) : value;
      if (literal !== undefined) {
        const problem = firstProblem(placesOf(document.provider, provider.targets), literal);
        if (problem) report(scope, at('const'), problem.code, problem.message, problem.hint);
      }
      const numeric = (provider.schema.type === 'integer' || provider.schema.type === 'number') && typeof document.const === 'string';
      return { kind: 'provider-const', origin, direction: { read: false, write: true }, operations, lossy, note, when, provider: provider.segments, providerSchema: provider.schema, value, numeric };
    }
    report(scope, at(), 'schema', 'a `const` field needs `unified` or `provider`');
    return undefined;
  }

  if (document.unified === undefined || document.provider === undefined) {
    report(scope, at(), 'schema', 'a field mapping needs both `unified` and `provider` (or `const` with one of them)');
    return undefined;
  }

  // ---- two unified fields, one provider value ---------------------------------------
  if (Array.isArray(document.unified)) {
    const convert = document.convert;
    const signature = convert !== undefined ? converterTable[convert] : undefined;
    if (!convert || !signature) {
      reportConverter(scope, index, convert);
      return undefined;
    }
    if (signature.unifiedArity !== 2) {
      report(scope, at('convert'), 'type-mismatch', `converter '${convert}' maps one unified field; two are listed`, `two-field converters: ${Object.entries(converterTable).filter(([, c]) => c.unifiedArity === 2).map(([n]) => n).join(', ')}`);
      return undefined;
    }
    const first = unifiedPath(document.unified[0], scope, [index, 'unified', 0], false);
    const second = unifiedPath(document.unified[1], scope, [index, 'unified', 1], false);
    const provider = providerPath(document.provider, declared, writes, scope, at('provider'));
    if (!first || !second || !provider) return undefined;
    narrowDirection(direction, explicitDirection, [first.schema, second.schema], provider.schema, scope, index);
    const written = direction.write ? providerWritePath(document.provider, writes, scope, at('provider')) : undefined;
    for (const part of [first, second]) {
      if (part.schema.type !== signature.unified) report(scope, at('unified'), 'type-mismatch', `'${formatPath(part.segments)}' is ${describeType(part.schema)}; '${convert}' produces ${signature.unified}`);
    }
    checkConverterProvider(signature, convert, provider.schema, scope, index);
    return {
      kind: 'split',
      origin,
      direction,
      operations,
      lossy: lossy ?? (signature.lossy ? `the '${convert}' conversion is not reversible for every value` : undefined),
      note,
      when,
      unified: [first.segments, second.segments],
      unifiedSchemas: [first.schema, second.schema],
      provider: provider.segments,
      providerSchema: provider.schema,
      convert,
      writes: writeTargets(written),
      clearWith: document.clear_with,
    };
  }

  // ---- arrays element by element ------------------------------------------------------
  if (document.each !== undefined) {
    const unified = unifiedPath(document.unified, scope, at('unified'), false, true);
    const provider = providerPath(document.provider, declared, writes, scope, at('provider'), true);
    if (!unified || !provider) return undefined;
    if (unified.schema.type !== 'array' || !unified.schema.items) {
      report(scope, at('unified'), 'type-mismatch', `'each' maps arrays, but unified '${document.unified}' is ${describeType(unified.schema)}`);
      return undefined;
    }
    if (provider.schema.type !== 'array' || !provider.schema.items) {
      report(scope, at('provider'), 'type-mismatch', `'each' maps arrays, but provider '${document.provider}' is ${describeType(provider.schema)}`);
      return undefined;
    }
    const unifiedItem = unified.schema.items;
    const providerItem = provider.schema.items;
    const where = byName(Object.entries(document.where ?? {})).map(([key, value]) => ({ key, value }));
    if (where.length > 0 && providerItem.type !== undefined && providerItem.type !== 'object') report(scope, at('where'), 'type-mismatch', `\`where\` keeps elements by their members, and the elements of provider '${document.provider}' are ${describeType(providerItem)}`, 'drop `where`');
    for (const condition of where) {
      const member = providerItem.properties.get(condition.key);
      if (!member) {
        const near = closest(condition.key, [...providerItem.properties.keys()]);
        report(scope, [index, 'where', condition.key], 'unknown-provider-field', `the elements of provider '${document.provider}' have no field '${condition.key}'`, near ? `did you mean '${near}'?` : undefined, 'key');
      } else if (!fitsScalarType(member, condition.value)) {
        // Elements are compared with ===: 'true' (text) never equals a boolean member's true.
        report(scope, [index, 'where', condition.key], 'type-mismatch', `${JSON.stringify(condition.value)} is ${typeof condition.value}, and ${document.provider}[].${condition.key} is ${describeType(member)}: no element could match`, `write the value as a ${member.type}${member.type === 'boolean' ? ' (true or false, unquoted)' : ''}`);
      } else if (member.enum && !member.enum.includes(condition.value)) {
        report(scope, [index, 'where', condition.key], 'enum-value', `${JSON.stringify(condition.value)} is not a value of ${document.provider}[].${condition.key}`, `values: ${member.enum.map(String).join(', ')}`);
      }
    }
    if (unified.schema.readOnly) direction.write = false;
    const elementWrites: WriteTarget[] = [];
    if (direction.write) {
      const written = providerWritePath(document.provider, writes, scope, at('provider'), true);
      if (written) for (const target of written.targets) if (target.schema.items) elementWrites.push({ operation: target.operation, schema: target.schema.items, prefix: [] });
    }
    const each = resolveFields(document.each, {
      ...scope,
      unified: unifiedItem,
      providerRead: providerItem,
      writes: elementWrites,
      at: [...scope.at, index, 'each'],
      inherited: direction.write ? (direction.read ? 'both' : 'write') : 'read',
    });
    // An element is written member by member: only scalars and constants can be.
    each.forEach((child) => {
      if (!direction.write || !child.direction.write || (child.kind !== 'split' && child.kind !== 'hook' && child.kind !== 'array')) return;
      const kind = child.kind === 'split' ? 'two unified fields into one provider value' : child.kind === 'hook' ? 'a hook' : 'a nested array';
      report(scope, [index, 'each', child.origin.index[child.origin.index.length - 1]!], 'schema', `array elements are written member by member, and this member maps ${kind}, which an element writer cannot send`, 'make this member `direction: read`, or the whole array field');
    });
    return {
      kind: 'array',
      origin,
      direction,
      operations,
      lossy,
      note,
      when,
      unified: unified.segments,
      unifiedItem,
      provider: provider.segments,
      providerItem,
      where,
      each,
    };
  }

  // ---- a scalar on each side ---------------------------------------------------------------
  const unified = unifiedPath(document.unified, scope, at('unified'), false);
  const provider = providerPath(document.provider, declared, writes, scope, at('provider'));
  if (!unified || !provider) return undefined;
  narrowDirection(direction, explicitDirection, [unified.schema], provider.schema, scope, index);
  const written = direction.write ? providerWritePath(document.provider, writes, scope, at('provider')) : undefined;
  const convert = document.convert;
  let signature: ConverterSignature | undefined;
  if (convert !== undefined) {
    signature = converterTable[convert];
    if (!signature) {
      reportConverter(scope, index, convert);
      return undefined;
    }
    if (signature.unifiedArity === 2) {
      report(scope, at('convert'), 'type-mismatch', `converter '${convert}' maps two unified fields; list both as \`unified: [a, b]\``);
      return undefined;
    }
  }
  const enumMap = document.enum !== undefined ? enumMapOf(document, index, unified.schema, provider.schema, direction.write ? placesOf(document.provider, written?.targets ?? []) : [], direction, scope) : undefined;
  if (document.enum === undefined && document.fallback !== undefined) report(scope, at('fallback'), 'schema', '`fallback` belongs to an `enum` map');
  checkScalarTypes(unified.schema, provider.schema, written?.schema, signature, convert, enumMap, scope, index, document);
  return {
    kind: 'scalar',
    origin,
    direction,
    operations,
    lossy: lossy ?? (signature?.lossy ? `the '${convert}' conversion is not reversible for every value` : undefined),
    note,
    when,
    unified: unified.segments,
    unifiedSchema: unified.schema,
    provider: provider.segments,
    providerSchema: provider.schema,
    convert,
    enumMap,
    writes: writeTargets(written),
    clearWith: document.clear_with,
  };
}

function writeTargets(written: { targets: { operation: string; schema: SchemaNode; removable?: boolean }[] } | undefined) {
  return (written?.targets ?? []).map((target) => ({ operation: target.operation, nullable: target.schema.nullable || target.removable === true, constraints: constraintsOf(target.schema) }));
}

function parseWhen(document: FieldDocument, index: number, scope: FieldScope) {
  if (!document.when) return undefined;
  const out: { absent?: PathSegment[]; present?: PathSegment[] } = {};
  for (const key of ['absent', 'present'] as const) {
    const text = document.when[key];
    if (text === undefined) continue;
    const resolved = unifiedPath(text, scope, [index, 'when', key], true, true);
    if (resolved) out[key] = resolved.segments;
  }
  return out;
}

function reportConverter(scope: FieldScope, index: number, convert: string | undefined) {
  const names = Object.keys(converterTable);
  if (convert === undefined) {
    report(scope, [index], 'unknown-converter', 'mapping two unified fields to one provider value needs a two-field converter', `add \`convert: full-name\` (converters: ${names.join(', ')})`);
    return;
  }
  const near = closest(convert, names);
  report(scope, [index, 'convert'], 'unknown-converter', `unknown converter '${convert}'`, `${near ? `did you mean '${near}'? ` : ''}converters: ${names.join(', ')}`);
}

/**
 * Read-only members on either side make a mapping read-only, and write-only
 * ones (never in an answer) write-only; saying otherwise is a mistake.
 */
function narrowDirection(direction: Direction, explicit: boolean, unified: SchemaNode[], provider: SchemaNode, scope: FieldScope, index: number) {
  if (direction.read && provider.writeOnly) {
    if (explicit) report(scope, [index, 'direction'], 'read-only-in-request', 'this provider field is writeOnly in the provider spec and is never answered, so it cannot be read', 'use `direction: write` (or drop `direction`: write-only fields are write-only by default)');
    direction.read = false;
  }
  if (!direction.write) return;
  if (unified.some((schema) => schema.readOnly)) {
    if (explicit) report(scope, [index, 'direction'], 'read-only-in-request', 'this unified field is readOnly in the spec and cannot be written to the provider', 'use `direction: read` (or drop `direction`: read-only fields are read-only by default)');
    direction.write = false;
  }
  if (provider.readOnly) {
    if (explicit) report(scope, [index, 'direction'], 'read-only-in-request', 'this provider field is readOnly in the provider spec and cannot be sent', 'use `direction: read`');
    direction.write = false;
  }
}

function unifiedPath(text: string, scope: FieldScope, at: (string | number)[], allowArrayLeaf: boolean, arrayLeaf = false): { segments: PathSegment[]; schema: SchemaNode } | undefined {
  const segments = parseFieldPath(text);
  if ('error' in segments) {
    report(scope, at, 'schema', segments.error);
    return undefined;
  }
  const resolved = resolvePath(scope.unified, segments, { allowArrayLeaf: allowArrayLeaf || arrayLeaf });
  if (isPathProblem(resolved)) {
    report(scope, at, resolved.kind === 'unknown-field' ? 'unknown-unified-field' : resolved.kind === 'enum-value' ? 'enum-value' : 'type-mismatch', `unified ${resolved.message}`, resolved.hint);
    return undefined;
  }
  return { segments, schema: resolved.leaf };
}

/**
 * The provider side of a mapping: resolved in the record schema when it is
 * read, or — for a write-only mapping — in the write operations' request
 * schemas only (a create may take members the record never shows).
 */
function providerPath(
  text: string,
  declared: 'both' | 'read' | 'write',
  writes: WriteTarget[],
  scope: FieldScope,
  at: (string | number)[],
  arrayLeaf = false,
): { segments: PathSegment[]; schema: SchemaNode } | undefined {
  if (declared !== 'write') return providerReadPath(text, scope, at, false, arrayLeaf);
  const written = providerWritePath(text, writes, scope, at, arrayLeaf);
  if (!written && writes.length === 0) report(scope, at, 'unknown-provider-field', `'${text}' is written, but no write operation of this mapping sends it`, 'check `operations`, or map it `direction: read`');
  return written ? { segments: written.segments, schema: written.schema } : undefined;
}

/**
 * `$` in a member of an `each`: the provider element itself, for arrays of
 * scalars (`other_emails: [string]` ↔ `emails[].email`). Elsewhere it means nothing.
 */
function elementItself(scope: FieldScope, at: (string | number)[]): boolean {
  if (scope.inherited === undefined) {
    report(scope, at, 'unknown-provider-field', "'$' (the array element itself) is only for the members of an `each`", 'name a member of the record');
    return false;
  }
  if (scope.providerRead.type === 'object' || scope.providerRead.properties.size > 0) {
    report(scope, at, 'type-mismatch', "'$' is the element itself, and the elements of this array are objects", `name one of their members: ${[...scope.providerRead.properties.keys()].join(', ')}`);
    return false;
  }
  return true;
}

function providerReadPath(text: string, scope: FieldScope, at: (string | number)[], allowArrayLeaf: boolean, arrayLeaf = false): { segments: PathSegment[]; schema: SchemaNode } | undefined {
  if (text === '$') return elementItself(scope, at) ? { segments: [], schema: scope.providerRead } : undefined;
  const segments = parseFieldPath(text);
  if ('error' in segments) {
    report(scope, at, 'schema', segments.error);
    return undefined;
  }
  const resolved = vouched(scope.providerRead, segments, scope, at, text, { allowArrayLeaf: allowArrayLeaf || arrayLeaf });
  if (isPathProblem(resolved)) {
    report(scope, at, resolved.kind === 'unknown-field' ? 'unknown-provider-field' : resolved.kind === 'enum-value' ? 'enum-value' : 'type-mismatch', `provider ${resolved.message}`, resolved.hint);
    return undefined;
  }
  return { segments, schema: resolved.leaf };
}

/**
 * Resolves a provider path in every write operation's request schema. The
 * schema of the first is returned for type checks; all must agree that the
 * field exists.
 */
function providerWritePath(
  text: string,
  writes: WriteTarget[],
  scope: FieldScope,
  at: (string | number)[],
  arrayLeaf = false,
): { segments: PathSegment[]; schema: SchemaNode; targets: { operation: string; schema: SchemaNode; removable?: boolean }[] } | undefined {
  if (text === '$' && scope.inherited !== undefined) {
    const targets = writes.map((write) => ({ operation: write.operation, schema: write.schema }));
    return targets.length > 0 ? { segments: [], schema: targets[0]!.schema, targets } : undefined;
  }
  const segments = parseFieldPath(text);
  if ('error' in segments) return undefined;
  const targets: { operation: string; schema: SchemaNode; removable?: boolean }[] = [];
  for (const write of writes) {
    const prefix = write.prefix;
    const own = segments.slice(0, prefix.length).map((s) => s.name);
    if (prefix.length > 0 && own.join('.') !== prefix.join('.')) {
      report(scope, at, 'unknown-provider-field', `${write.operation} sends only '${prefix.join('.')}' of the record, and '${text}' is outside it`, `use \`direction: read\` or \`operations\` to keep it out of ${write.operation}`);
      return undefined;
    }
    const resolved = vouched(write.schema, segments.slice(prefix.length), scope, at, text, { allowArrayLeaf: arrayLeaf });
    if (isPathProblem(resolved)) {
      report(
        scope,
        at,
        resolved.kind === 'unknown-field' ? 'unknown-provider-field' : 'type-mismatch',
        `${write.operation} request: provider ${resolved.message}`,
        resolved.hint ?? `if the provider does not accept it in ${write.operation}, add \`direction: read\` or \`operations: [...]\``,
      );
      return undefined;
    }
    if (resolved.leaf.readOnly) {
      report(scope, at, 'read-only-in-request', `'${text}' is readOnly in the ${write.operation} request schema`, 'add `direction: read`');
      return undefined;
    }
    if (resolved.leaf.pattern !== undefined && patternOf(resolved.leaf.pattern) === undefined) {
      report(scope, at, 'invalid-spec', `the provider's pattern for '${text}' is not a regular expression JavaScript can run: ${resolved.leaf.pattern}`, 'fix the pattern in the provider spec');
    }
    // A JSON Patch that clears with `remove` empties a member the record may go without, null or not.
    const below = segments.slice(prefix.length);
    const parent = resolved.steps.length >= 2 ? resolved.steps[resolved.steps.length - 2]! : write.schema;
    const removable = write.patch?.ops.clear === 'remove' && below.length > 0 && below.every((segment) => !segment.selector) && !parent.required.includes(below[below.length - 1]!.name);
    targets.push({ operation: write.operation, schema: resolved.leaf, ...(removable ? { removable } : {}) });
  }
  if (targets.length === 0) return undefined;
  return { segments, schema: targets[0]!.schema, targets };
}

/**
 * A path resolved as the document describes it, or — where the field says
 * `undocumented` — its last member taken on the mapping's word with the
 * declared type (reported as trusted). Vouching for a member the document
 * has is itself an error.
 */
function vouched(schema: SchemaNode, segments: PathSegment[], scope: FieldScope, at: (string | number)[], text: string, options: { allowArrayLeaf?: boolean }): ReturnType<typeof resolvePath> {
  const resolved = resolvePath(schema, segments, options);
  const vouch = scope.vouch;
  if (!vouch) return resolved;
  if (!isPathProblem(resolved)) {
    vouch.declared = text;
    return resolved;
  }
  const last = segments[segments.length - 1]!;
  if (resolved.kind !== 'unknown-field' || resolved.segment !== segments.length - 1 || last.selector) return resolved;
  const parent = segments.length === 1 ? { leaf: schema, steps: [] } : resolvePath(schema, segments.slice(0, -1));
  if (isPathProblem(parent)) return resolved;
  vouch.used = true;
  // Read and write paths of one field vouch once.
  const note = scope.source.diagnostic(vouch.at, { code: 'trusted', message: `provider field '${text}' is not in the provider's document; trusted on the mapping's word`, hint: vouch.reason }, 'key');
  if (!scope.trusted.some((d) => d.message === note.message && d.hint === note.hint)) scope.trusted.push(note);
  const leaf = syntheticSchema({ type: vouch.type, nullable: true, pointer: parent.leaf.pointer });
  return { leaf, steps: [...parent.steps, leaf] };
}

function checkTemplateSettings(template: Template, scope: FieldScope, at: (string | number)[]) {
  for (const part of template.parts) {
    if (part.kind === 'settings' && !scope.settings.has(part.name) && !scope.settingsSpeltOtherwise?.has(part.name)) {
      const near = closest(part.name, [...scope.settings]);
      report(scope, at, 'invalid-template', `'{settings.${part.name}}' is not a declared setting`, near ? `did you mean '{settings.${near}}'?` : 'declare it under connection.settings');
    }
  }
}

/**
 * `written` are the request fields a write sends the map's provider values
 * to (none when the field is not written); each provider value the map names
 * must be one the provider field takes, read or written.
 */
function enumMapOf(document: FieldDocument, index: number, unified: SchemaNode, provider: SchemaNode, written: Place[], direction: Direction, scope: FieldScope): EnumMapIR | undefined {
  const entries: EnumMapIR['entries'] = [];
  const unifiedValues = unified.enum?.map(String);
  const read = { schema: provider, what: `provider '${document.provider}'` };
  for (const [key, value] of byName(Object.entries(document.enum ?? {}))) {
    const providerValue = providerKey(key, provider);
    // Null reads as the fallback and is never a key; a key is what the provider answers and what a write sends.
    const problem = firstProblem([read, ...(value !== null ? written : [])], providerValue);
    if (problem) report(scope, [index, 'enum', key], problem.code, problem.message, problem.hint, 'key');
    if (value !== null && unifiedValues && !unifiedValues.includes(value)) {
      const near = closest(value, unifiedValues);
      report(scope, [index, 'enum', key], 'enum-value', `${JSON.stringify(value)} is not a value of the unified field`, `${near ? `did you mean '${near}'? ` : ''}values: ${unifiedValues.join(', ')}`);
    }
    entries.push({ provider: providerValue, unified: value });
  }
  const readFallback = document.fallback?.read;
  const writeFallback = document.fallback?.write;
  if (writeFallback !== undefined) {
    const problem = firstProblem(written.length > 0 ? written : [read], writeFallback);
    if (problem) report(scope, [index, 'fallback', 'write'], problem.code, problem.message, problem.hint);
  }
  // Writing needs one provider value per unified value; several reading as one must be settled by `enum_write`.
  const writes: EnumMapIR['writes'] = [];
  const explicit = byName(Object.entries(document.enum_write ?? {}));
  for (const [unifiedValue, providerValue] of explicit) {
    if (unifiedValues && !unifiedValues.includes(unifiedValue)) {
      report(scope, [index, 'enum_write', unifiedValue], 'enum-value', `${JSON.stringify(unifiedValue)} is not a value of the unified field`, `values: ${unifiedValues.join(', ')}`, 'key');
    }
    const problem = firstProblem(written.length > 0 ? written : [read], providerValue);
    if (problem) report(scope, [index, 'enum_write', unifiedValue], problem.code, problem.message, problem.hint);
    writes.push({ unified: unifiedValue, provider: providerValue });
  }
  if (direction.write) {
    const byUnified = new Map<string, (string | number | boolean)[]>();
    for (const entry of entries) if (entry.unified !== null) byUnified.set(entry.unified, [...(byUnified.get(entry.unified) ?? []), entry.provider]);
    for (const [unifiedValue, providerValues] of byUnified) {
      if (writes.some((w) => w.unified === unifiedValue)) continue;
      if (providerValues.length > 1) {
        report(scope, [index, 'enum'], 'enum-not-covered', `provider values ${providerValues.map((v) => `'${String(v)}'`).join(' and ')} all read as '${unifiedValue}', so a write of '${unifiedValue}' is ambiguous`, `say which to send: \`enum_write: { ${unifiedValue}: ${String(providerValues[0])} }\``);
        continue;
      }
      writes.push({ unified: unifiedValue, provider: providerValues[0]! });
    }
  }
  writes.sort((a, b) => (a.unified < b.unified ? -1 : a.unified > b.unified ? 1 : 0));
  if (readFallback !== undefined && readFallback !== null && unifiedValues && !unifiedValues.includes(readFallback)) {
    report(scope, [index, 'fallback', 'read'], 'enum-value', `${JSON.stringify(readFallback)} is not a value of the unified field`, `values: ${unifiedValues.join(', ')}`);
  }
  if (direction.write && unifiedValues) {
    const covered = new Set([...entries.map((e) => e.unified), ...explicit.map(([u]) => u)]);
    const missing = unifiedValues.filter((value) => !covered.has(value));
    if (missing.length > 0 && writeFallback === undefined && document.enum_unmapped === undefined) {
      report(scope, [index, 'enum'], 'enum-not-covered', `unified values ${missing.map((m) => `'${m}'`).join(', ')} have no provider value`, 'map them in `enum`, add `fallback: { write: <provider value> }`, say `enum_unmapped: reject` (or `skip`), or make the field `direction: read`');
    }
  }
  if (direction.read && provider.enum) {
    const covered = new Set(entries.map((e) => String(e.provider)));
    const missing = provider.enum.filter((value) => value !== null && !covered.has(String(value)));
    if (missing.length > 0 && readFallback === undefined) {
      report(scope, [index, 'enum'], 'enum-not-covered', `provider values ${missing.map((m) => `'${String(m)}'`).join(', ')} have no unified value`, 'map them in `enum` or add `fallback: { read: <unified value> }`');
    }
  }
  return { entries, writes, readFallback, writeFallback, unmapped: document.enum_unmapped };
}

/** A request field a fixed value is written to, and how messages name it. */
interface Place {
  schema: SchemaNode;
  what: string;
}

/** The request fields a provider path is written to: named by operation only where their schemas differ. */
function placesOf(provider: string, targets: readonly { operation: string; schema: SchemaNode }[]): Place[] {
  const alike = targets.every((target) => target.schema === targets[0]!.schema);
  return targets.map((target) => ({ schema: target.schema, what: alike ? `provider '${provider}'` : `provider '${provider}' in the ${target.operation} request` }));
}

/** The first place that does not take `value` (a value the mapping fixes), and why. */
function firstProblem(places: readonly Place[], value: string | number | boolean | null): ValueProblem | undefined {
  for (const place of places) {
    const problem = valueProblem(place.schema, value, place.what, 'json');
    if (problem) return problem;
  }
  return undefined;
}

/** YAML map keys are strings; read them as the provider's type. */
function providerKey(key: string, provider: SchemaNode): string | number | boolean {
  if (provider.type === 'boolean' && (key === 'true' || key === 'false')) return key === 'true';
  if ((provider.type === 'integer' || provider.type === 'number') && key.trim() !== '' && !Number.isNaN(Number(key))) return Number(key);
  return key;
}

/** A converter reads every type the provider's value may have: one it does not read would be reported and read as null. */
function checkConverterProvider(signature: ConverterSignature, convert: string, provider: SchemaNode, scope: FieldScope, index: number) {
  const types = valueTypes(provider) ?? [];
  const unread = types.filter((type) => !signature.provider.includes(type));
  if (unread.length === 0) return;
  // Of several types, which it does not read, and a converter that reads them all.
  const several = types.length > 1 ? ` (${inWords(unread)} it does not read)` : '';
  const fits = types.length > 1 ? typeConverterFor(types, signature.unified) : undefined;
  report(scope, [index, 'convert'], 'type-mismatch', `converter '${convert}' reads ${signature.provider.join(' or ')}, but the provider field is ${describeType(provider)}${several}`, fits ? `use \`convert: ${fits}\`, which reads ${inWords(types)} alike` : undefined);
}

/**
 * Converters that change only a value's JSON type, as the ones to suggest
 * where types differ; the rest read a meaning into a value (a country, a
 * date, a name) that a type alone does not say the provider's value has.
 */
const TYPE_CONVERTERS = ['number-string', 'string'] as const;

/** The first converter of TYPE_CONVERTERS that reads every one of `types` and produces `unified`. */
function typeConverterFor(types: readonly JsonType[], unified: JsonType): string | undefined {
  return TYPE_CONVERTERS.find((name) => converterTable[name]!.unified === unified && types.every((type) => converterTable[name]!.provider.includes(type)));
}


const isDateFormat = (format: string | undefined): format is 'date' | 'date-time' => format === 'date' || format === 'date-time';

/** A date format a field's text declares: on a number (Intercom's `integer` with `format: date-time`) it says Unix time, no layout of text. */
const textDateFormat = (node: SchemaNode): 'date' | 'date-time' | undefined => (node.type === undefined || node.type === 'string') && isDateFormat(node.format) ? node.format : undefined;

function formatName(format: string | undefined): string {
  if (format === 'date') return 'a calendar date (format: date, yyyy-MM-dd)';
  if (format === 'date-time') return 'a date-time (format: date-time)';
  return format === undefined ? 'text of no declared format' : `format: ${format}`;
}

/** The date formats the provider field declares where it is read and, when another schema, where it is written; named as messages name them. */
function dateSides(document: FieldDocument, provider: SchemaNode, providerWrite: SchemaNode | undefined): { side: 'provider' | 'request'; field: string; format: 'date' | 'date-time' }[] {
  const sides: { side: 'provider' | 'request'; node: SchemaNode; field: string }[] = [{ side: 'provider', node: provider, field: `provider '${document.provider}'` }];
  if (providerWrite !== undefined && providerWrite !== provider) sides.push({ side: 'request', node: providerWrite, field: `request field '${document.provider}'` });
  return sides.flatMap(({ side, node, field }) => {
    const format = textDateFormat(node);
    return format === undefined ? [] : [{ side, field, format }];
  });
}

/** Converters that read a provider value of format `from` and produce a unified one of format `to`. */
function convertersBetween(from: string | undefined, to: string | undefined): string[] {
  return Object.entries(converterTable)
    .filter(([, c]) => c.unifiedFormat === to && (c.providerFormat === undefined ? !isDateFormat(from) : c.providerFormat === from) && c.provider.includes('string'))
    .map(([name]) => name);
}

/**
 * A date or time converter between the formats on both sides: what it reads
 * is the format the provider declares (a date-time is no `yyyy-MM-dd`, nor a
 * `YYYY-MM-DD HH:MM:SS`), and what it produces is the unified field's. Read
 * otherwise, every value would be reported and read as null.
 */
function checkConverterFormats(signature: ConverterSignature, convert: string, unified: SchemaNode, provider: SchemaNode, providerWrite: SchemaNode | undefined, scope: FieldScope, index: number, document: FieldDocument) {
  const produces = signature.unifiedFormat;
  if ((isDateFormat(unified.format) || produces !== undefined) && produces !== unified.format) {
    const fits = convertersBetween(textDateFormat(provider), unified.format);
    report(scope, [index, 'convert'], 'type-mismatch', `unified '${String(document.unified)}' is ${formatName(unified.format)} and '${convert}' produces ${formatName(produces)}`, unified.format === undefined ? 'leave out `convert` (the text is read as it is), or map a unified field of that format' : fits.length > 0 ? `use \`convert: ${fits.join('` or `')}\`` : isDateFormat(unified.format) ? `converters producing ${formatName(unified.format)}: ${Object.entries(converterTable).filter(([, c]) => c.unifiedFormat === unified.format).map(([n]) => n).join(', ') || 'none'}` : 'map a unified field of that format, or leave out `convert`');
    return;
  }
  if (produces === undefined) return;
  for (const { side, field, format } of dateSides(document, provider, providerWrite)) {
    if (signature.providerFormat === format) continue;
    const fits = convertersBetween(format, unified.format);
    report(scope, [index, 'convert'], 'type-mismatch', `'${convert}' ${signature.providerFormat ? `reads ${formatName(signature.providerFormat)}` : 'reads a layout of its own'}, but ${field} is ${formatName(format)}`, fits.length > 0 ? `use \`convert: ${fits.join('` or `')}\`` : 'map a provider field of the format it reads');
  }
}

function checkScalarTypes(
  unified: SchemaNode,
  provider: SchemaNode,
  providerWrite: SchemaNode | undefined,
  signature: ConverterSignature | undefined,
  convert: string | undefined,
  enumMap: EnumMapIR | undefined,
  scope: FieldScope,
  index: number,
  document: FieldDocument,
) {
  const u = unified.type;
  const where = `unified '${String(document.unified)}' (${describeType(unified)}) ← provider '${document.provider}' (${describeType(provider)})`;
  if (u === 'object' || u === 'array') {
    report(scope, [index, 'unified'], 'type-mismatch', `${where}: a scalar mapping needs a scalar unified field`, u === 'array' ? 'use a selector (`emails[type=primary].email`) or `each`' : 'map its members one by one');
    return;
  }
  if (enumMap) return; // an enum map takes any provider scalar to the unified values it lists
  if (unified.enum) {
    const providerValues = provider.enum;
    const fits = providerValues !== undefined && providerValues.every((value) => value === null || unified.enum!.includes(value));
    if (!fits) {
      report(scope, [index, 'provider'], 'type-mismatch', `${where}: the unified field is an enum (${unified.enum.map(String).join(', ')}) and provider values may fall outside it`, 'add an `enum` map from provider values to unified values (with a `fallback` for the rest)');
    }
    return;
  }
  if (signature) {
    checkConverterProvider(signature, convert!, provider, scope, index);
    if (providerWrite && providerWrite !== provider && (valueTypes(providerWrite) ?? []).some((type) => !signature.provider.includes(type))) {
      report(scope, [index, 'convert'], 'type-mismatch', `converter '${convert}' writes ${signature.provider.join(' or ')}, but the request field is ${describeType(providerWrite)}`);
    }
    if (u && signature.unified !== u) report(scope, [index, 'convert'], 'type-mismatch', `converter '${convert}' produces ${signature.unified}, but unified '${String(document.unified)}' is ${describeType(unified)}`);
    checkConverterFormats(signature, convert!, unified, provider, providerWrite, scope, index, document);
    return;
  }
  if (unified.format === 'date-time') {
    report(scope, [index, 'provider'], 'type-mismatch', `${where}: unified date-times are UTC ISO 8601; name how to read the provider's value`, `add \`convert:\` one of ${Object.entries(converterTable).filter(([, c]) => c.unifiedFormat === 'date-time').map(([n]) => n).join(', ')}`);
    return;
  }
  // A date and a date-time are both strings: read or written as they are, one lands where the other belongs.
  for (const { side, field, format } of dateSides(document, provider, providerWrite)) {
    if (format === unified.format || (unified.format === undefined && side === 'provider')) continue;
    const fits = convertersBetween(format, unified.format);
    report(scope, [index, 'provider'], 'type-mismatch', `unified '${String(document.unified)}' is ${formatName(unified.format)} and ${field} is ${formatName(format)}: as they are, one would be sent or read where the other belongs`, fits.length > 0 ? `add \`convert: ${fits.join('` or `')}\`` : 'map a provider field of the same format');
  }
  // Read as it is, every type the provider's value may have must be one the unified field takes.
  const types = u === undefined ? undefined : valueTypes(provider);
  const differ = u === undefined ? [] : (types ?? []).filter((p) => !(p === u || (u === 'number' && p === 'integer')));
  if (u !== undefined && differ.length > 0) {
    const suggestion = typeConverterFor(types!, u);
    const several = types!.length > 1;
    report(scope, [index, 'provider'], 'type-mismatch', `${where}: the types differ${several ? ` (${inWords(differ)} ${differ.length === 1 ? 'is' : 'are'} not ${u})` : ''}`, suggestion ? `add \`convert: ${suggestion}\`${several ? `, which reads ${inWords(types!)} alike` : ''}` : 'add a converter or map a field of the same type');
  }
  // Written as it is, the unified value must be one of the types the request field takes.
  const writeTypes = providerWrite && u !== undefined ? valueTypes(providerWrite) : undefined;
  if (writeTypes && !writeTypes.some((p) => p === u || (p === 'number' && u === 'integer'))) {
    report(scope, [index, 'provider'], 'type-mismatch', `unified '${String(document.unified)}' (${describeType(unified)}) → request field '${document.provider}' (${describeType(providerWrite!)}): the types differ`, 'add a converter');
  }
}

function constraintsOf(schema: SchemaNode): ConstraintsIR {
  const out: ConstraintsIR = {};
  if (schema.maxLength !== undefined) out.maxLength = schema.maxLength;
  if (schema.minLength !== undefined) out.minLength = schema.minLength;
  if (schema.pattern !== undefined) out.pattern = schema.pattern;
  if (schema.enum !== undefined) out.enum = schema.enum;
  // A text format the runtime can check (a date, an email, a URI): a write of any other text is refused before it is sent.
  if ((schema.type === undefined || schema.type === 'string') && schema.format !== undefined && FORMATS[schema.format] !== undefined) out.format = schema.format;
  return out;
}

/** Two mappings must not write the same unified field on reads, or the same provider field on writes. */
function checkDuplicates(fields: FieldIR[], documents: readonly FieldDocument[], scope: FieldScope) {
  const readTargets = new Map<string, number>();
  const writeTargets = new Map<string, number>();
  fields.forEach((field) => {
    const index = field.origin.index[field.origin.index.length - 1]!;
    const unifiedTargets = field.kind === 'split' ? field.unified.map(formatPath) : 'unified' in field && field.unified ? [formatPath(field.unified as PathSegment[])] : [];
    if (field.direction.read && field.kind !== 'provider-const') {
      for (const target of unifiedTargets) {
        const previous = readTargets.get(target);
        if (previous !== undefined) report(scope, [index, 'unified'], 'duplicate-target', `unified '${target}' is already read by field ${previous + 1}`, 'keep one mapping per unified field, or make one `direction: write`');
        else readTargets.set(target, index);
      }
    }
    if (field.direction.write && 'provider' in field && field.provider && field.kind !== 'array') {
      const target = formatPath(field.provider);
      const scopeKey = `${target}@${(field.operations ?? ['*']).join(',')}`;
      const previous = writeTargets.get(scopeKey);
      const conditional = field.when !== undefined || (previous !== undefined && documents[previous]?.when !== undefined);
      if (previous !== undefined && !conditional) report(scope, [index, 'provider'], 'duplicate-target', `provider '${target}' is already written by field ${previous + 1}`, 'keep one mapping per provider field, add a `when` condition, or make one `direction: read`');
      else if (previous === undefined) writeTargets.set(scopeKey, index);
    }
  });
}

