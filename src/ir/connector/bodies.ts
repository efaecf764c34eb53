/**
 * Request bodies: the media type each encoding sends, the body values held
 * to the request schema, the schema a create or update writes into (its
 * `wrap`, `from` and numbered keys), and the members a create must send.
 */

import type { FieldDocument, OperationDocument, UndocumentedDocument } from '../../parse/mapping.js';
import { closest } from '../../runtime/fields.js';
import type { WriteTarget } from '../fields.js';
import type { BodyIR, ConnectorIR, FieldIR, Template } from '../model.js';
import { parseFieldPath } from '../paths.js';
import { addWriteLines, writtenNode, type WriteLine, type WrittenNode } from '../written.js';
import type { ProviderOperation } from '../provider-operations.js';
import { describeType, mediaSchemaPointer, memberAt, syntheticSchema, type SchemaNode } from '../schema.js';
import { literalText, valueProblem } from '../values.js';
import type { ConnectorCheck } from './check.js';
import { checkVouched } from './vouched.js';

/** The request media types each body encoding sends. */
export const MEDIA_TYPES: Record<BodyIR['encoding'], RegExp> = {
  json: /^application\/(?![^;]*json-patch)([^;]*\+)?json\b/i,
  form: /^application\/x-www-form-urlencoded\b/i,
  multipart: /^multipart\/form-data\b/i,
  'json-patch': /^application\/json-patch\+json\b/i,
};
/** Of a request body's declared media types, the one `encoding` sends: the first in order that it matches. */
export function bodyMediaType(types: readonly string[], encoding: BodyIR['encoding']): string | undefined {
  return types.filter((type) => MEDIA_TYPES[encoding].test(type)).sort()[0];
}

/** The media type each body encoding sends, as the hints name it. */
export const MEDIA_NAMES: Record<BodyIR['encoding'], string> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  multipart: 'multipart/form-data',
  'json-patch': 'application/json-patch+json',
};

/**
 * Every member a request body's `values` sends must be one the request
 * body schema declares, or be vouched for under `undocumented.body` with a
 * reason, which is then reported as trusted: a name the provider does not
 * know would be sent all the same, and ignored or refused. A fixed value
 * must be one that member takes (form and multipart fields travel as
 * text). A body the document leaves undeclared, or declares without
 * members, takes any name.
 */
export function checkBodyValues(check: ConnectorCheck, wire: SchemaNode | undefined, encoding: BodyIR['encoding'], values: readonly { name: string; value: Template; list?: boolean }[], undocumented: UndocumentedDocument | undefined, at: (string | number)[], what: string, found: ProviderOperation) {
  const { provider, report } = check;
  const declared = wire ? [...wire.properties.keys()] : [];
  for (const { name, value, list } of values) {
    const member = wire?.properties.get(name);
    // A member the document marks readOnly is one the provider assigns: a request carrying it is ignored or refused.
    if (member?.readOnly) {
      report([...at, 'body', 'values', name], 'read-only-in-request', `'${name}' of ${what} is readOnly in ${provider.source.file}, so a request cannot set it`, 'remove it from `body.values`');
      continue;
    }
    const literal = literalText(value);
    if (member && !bodyValueShapeFits(member, value, list === true)) {
      if (list) report([...at, 'body', 'values', name], 'type-mismatch', `'${name}' of ${what} is ${describeType(member)}, and a list of one sends an array`, `send the value alone: '${value.source}'`);
      else report([...at, 'body', 'values', name], 'type-mismatch', `'${name}' of ${what} is ${describeType(member)}, and '${value.source}' sends one value`, `send it as a list of one: ['${value.source}']`);
      continue;
    }
    const target = list ? member?.items : member;
    const problem = target && literal !== undefined ? valueProblem(target, literal, `${list ? 'an element of ' : ''}'${name}' of ${what}`, encoding === 'json' ? 'json' : 'text') : undefined;
    if (problem) report([...at, 'body', 'values', name, ...(list ? [0] : [])], problem.code, problem.message, problem.hint);
  }
  const where = `${found.method} ${found.specPath}`;
  checkVouched(check, {
    sent: values.map(({ name }) => ({ name, at: [...at, 'body', 'values', name], target: 'key' as const })),
    names: declared,
    listed: 'its members',
    isDeclared: (name) => declared.length === 0 || declared.includes(name),
    vouched: undocumented?.body ?? {},
    vouchedAt: [...at, 'undocumented', 'body'],
    code: 'unknown-provider-field',
    trusted: (name) => `request member '${name}' of ${where} is not in ${provider.source.file}`,
    undeclared: (name) => `the request body of ${where} in ${provider.source.file} declares no member '${name}'`,
    vouch: (name) => `If the provider takes it although its document omits it, say so with a reason: \`undocumented: { body: { ${name}: <where it is documented> } }\` on this request`,
    declaredBy: `the request body of ${where}`,
    notSent: (name) => ({ message: `this request's body sends no value '${name}'`, hint: 'remove it from `undocumented`, or send it under `body.values`' }),
  });
}

/**
 * Whether a body value has the shape of the member it goes in: a list of one
 * where the member is an array (or untyped), a value that is not text the
 * mapping writes (a setting, a parent) where it is not an array. Literal
 * text for an array is left to the value's check, which names the type.
 */
export function bodyValueShapeFits(member: SchemaNode, value: Template, list: boolean): boolean {
  if (list) return member.type === undefined || member.type === 'array';
  return member.type !== 'array' || literalText(value) !== undefined;
}

/**
 * The media type the provider's document declares for an operation's body
 * sent with `encoding`, where it is another than the encoding's own: a JSON
 * body the document takes only as `application/merge-patch+json` (or
 * `application/vnd.api+json`) sent as `application/json` is one the provider
 * may refuse (415) or read by other rules. The first in order, as the body
 * schema is chosen; undefined where it is the encoding's own or none is
 * declared.
 */
export function declaredMediaType(check: ConnectorCheck, document: OperationDocument, encoding: BodyIR['encoding']): string | undefined {
  const lookup = check.providerOperations.find(document.method, document.path);
  if (!('found' in lookup)) return undefined;
  let chosen: string | undefined;
  mediaSchemaPointer(check.resolver, [...lookup.found.pointer, 'requestBody'], (types) => (chosen = bodyMediaType(types, encoding)));
  const base = chosen?.split(';')[0]!.trim().toLowerCase();
  return base === undefined || base === MEDIA_NAMES[encoding] ? undefined : base;
}

/** Where an operation's mapped values go: the provider's request schema, unwrapped. */
export function writeTarget(check: ConnectorCheck, operationId: string, document: OperationDocument, body: BodyIR, at: (string | number)[]): WriteTarget {
  const { provider, resolver, providerOperations, record, report } = check;
  const prefix = body.from ?? [];
  const fallback = { operation: operationId, schema: prefix.length > 0 ? memberAt(record, prefix) ?? record : record, prefix };
  const lookup = providerOperations.find(document.method, document.path);
  // The request body of the media type the encoding sends; another one declared alone is a mismatch.
  let declaredTypes: string[] = [];
  const pointer =
    'found' in lookup
      ? mediaSchemaPointer(resolver, [...lookup.found.pointer, 'requestBody'], (types) => {
          declaredTypes = types;
          return bodyMediaType(types, body.encoding);
        })
      : undefined;
  if (!pointer && declaredTypes.length > 0) {
    report([...at, 'body', 'encoding'], 'type-mismatch', `${document.method} ${'found' in lookup ? lookup.found.specPath : document.path} in ${provider.source.file} takes ${declaredTypes.join(', ')}, and \`encoding: ${body.encoding}\` sends ${MEDIA_NAMES[body.encoding]}`, `use the encoding of the media type the provider takes (${Object.entries(MEDIA_NAMES).map(([encoding, name]) => `${encoding}: ${name}`).join(', ')})`);
    return fallback;
  }
  if (!pointer) return fallback;
  // A JSON Patch body is a list of operations on the record: fields point into the record itself.
  if (body.encoding === 'json-patch') {
    const patch = patchOperationsAllowed(check, resolver.node(pointer), `${document.method} ${'found' in lookup ? lookup.found.specPath : document.path}`, at);
    return patch ? { ...fallback, patch } : fallback;
  }
  let schema = resolver.node(pointer);
  if (body.wrap !== undefined) {
    const inner = schema.properties.get(body.wrap);
    if (!inner) {
      const near = closest(body.wrap, [...schema.properties.keys()]);
      report([...at, 'body', 'wrap'], 'unknown-provider-field', `the ${operationId} request body has no member '${body.wrap}'`, near ? `did you mean '${near}'?` : undefined);
      return fallback;
    }
    // An array member holds records as its elements (Zoho's `{ "data": [record] }`): the record is not the member itself.
    const where = `'${body.wrap}' of the ${operationId} request body in ${provider.source.file}`;
    if (inner.type === 'array' && !body.wrapInList) {
      report([...at, 'body', 'wrap'], 'type-mismatch', `${where} is an array: the record wrapped in it as an object is not what the provider takes`, `send the record as its one element: \`wrap: [${body.wrap}]\``);
      return fallback;
    }
    if (body.wrapInList && inner.type !== 'array') {
      report([...at, 'body', 'wrap'], 'type-mismatch', `${where} is ${inner.type === undefined ? 'not declared an array' : `a${/^[aeiou]/.test(inner.type) ? 'n' : ''} ${inner.type}, not an array`}: the record cannot be its one element`, `wrap the record in it as it is: \`wrap: ${body.wrap}\``);
      return fallback;
    }
    schema = body.wrapInList ? (inner.items ?? inner) : inner;
  }
  return { operation: operationId, schema: withIndexedMembers(check, schema, body, operationId, at), prefix, wire: schema };
}

/**
 * The operations a JSON Patch update may send, read from the request
 * schema's items: the `op` member's `enum` (or `const`), united over the
 * items' `oneOf`/`anyOf` alternatives (some documents give each operation
 * its own). A value is set with `add` where allowed, else `replace`; cleared
 * with `remove` where allowed, else with the set operation and null (the
 * field lines then clear only what the record lets be null). A document that
 * says nothing about `op` keeps `add` for both. Undefined, and reported at
 * `body.encoding`, when no allowed operation can set a value: every update
 * would be refused.
 */
function patchOperationsAllowed(check: ConnectorCheck, schema: SchemaNode, where: string, at: (string | number)[]): WriteTarget['patch'] | undefined {
  const { provider, report } = check;
  const item = schema.items;
  const alternatives = item ? (item.choice?.alternatives ?? [item]) : [];
  // Each alternative's operations; undefined where its `op` is not held to a set of names.
  const opsOf = (alternative: SchemaNode) => alternative.properties.get('op')?.enum?.filter((op): op is string => typeof op === 'string');
  const allows = (op: string) => alternatives.some((alternative) => opsOf(alternative)?.includes(op) ?? true);
  const pathsOf = (op: string) => alternatives.filter((alternative) => opsOf(alternative)?.includes(op) ?? true).map((alternative) => alternative.properties.get('path'));
  if (!alternatives.some((alternative) => opsOf(alternative) !== undefined)) return { ops: { set: 'add', clear: 'add' }, paths: { add: pathsOf('add') } };
  const set = allows('add') ? 'add' : allows('replace') ? 'replace' : undefined;
  if (!set) {
    const named = [...new Set(alternatives.flatMap((alternative) => opsOf(alternative) ?? []))];
    report(
      [...at, 'body', 'encoding'],
      'enum-value',
      `the JSON Patch operations ${where} takes in ${provider.source.file} are ${named.length > 0 ? named.map((op) => `'${op}'`).join(', ') : 'none'}: none of them sets a value ('add' or 'replace'), so every update would be refused`,
      'send the update another way the document allows (`encoding: json` to a PATCH or PUT that takes the record), or declare the operation `unsupported`',
    );
    return undefined;
  }
  const clear = allows('remove') ? 'remove' : set;
  return { ops: { set, clear }, paths: { [set]: pathsOf(set), ...(clear !== set ? { [clear]: pathsOf(clear) } : {}) } };
}

/**
 * The paths a JSON Patch update sends must be ones its document's `path`
 * member takes (a `pattern`, an `enum`): each field line that writes sends
 * the JSON Pointer of its provider member below the body's `from`, an array
 * whole (an element path sends its array), and a body value its own name.
 * An object member the record gives as a map sends paths only known at run
 * time, and is not checked.
 */
export function checkPatchPaths(check: ConnectorCheck, targets: WriteTarget[], mapped: FieldIR[], ops: ConnectorIR['operations']) {
  const { provider, report } = check;
  for (const target of targets) {
    if (!target.patch) continue;
    const operation = ops.find((o) => o.id === target.operation);
    if (!operation || 'unsupported' in operation) continue;
    const sent: { path: string; at: (string | number)[]; hint: string }[] = [];
    for (const field of mapped) {
      if (!field.direction.write || (field.operations && !field.operations.includes(target.operation)) || !('provider' in field) || !field.provider) continue;
      const below = field.provider.slice(target.prefix.length);
      const whole = below.findIndex((segment) => segment.selector !== undefined);
      const names = (whole >= 0 ? below.slice(0, whole + 1) : below).map((segment) => segment.name);
      const map = whole < 0 && 'providerSchema' in field && field.providerSchema?.type === 'object' && field.providerSchema.properties.size === 0;
      if (names.length > 0 && !map) sent.push({ path: names.map((name) => `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`).join(''), at: ['fields', field.origin.index[0]!, 'provider'], hint: `write a member whose path the document takes, or keep this line out of ${target.operation} (\`operations\` without it, or \`direction: read\`)` });
    }
    for (const value of operation.body?.values ?? []) sent.push({ path: `/${value.name.replace(/~/g, '~0').replace(/\//g, '~1')}`, at: ['operations', target.operation, 'body', 'values', value.name], hint: 'remove it from `body.values`' });
    for (const { path, at, hint } of sent) {
      // One report per path, naming each operation whose items all refuse it.
      const refused: { op: string; problem: NonNullable<ReturnType<typeof valueProblem>> }[] = [];
      for (const [op, schemas] of Object.entries(target.patch.paths)) {
        if (!schemas || schemas.some((schema) => schema === undefined)) continue;
        const problems = schemas.map((schema) => valueProblem(schema!, path, `the 'path' of the JSON Patch operations of the ${target.operation} request in ${provider.source.file}`, 'json'));
        const problem = problems.find((p) => p !== undefined);
        if (problem && problems.every((p) => p !== undefined)) refused.push({ op, problem });
      }
      const [first] = refused;
      const listed = [...new Set(Object.values(target.patch.paths).flatMap((schemas) => (schemas ?? []).flatMap((schema) => schema?.enum ?? [])))];
      if (first) report(at, first.problem.code, `${target.operation} sends ${refused.map(({ op }) => `'${op}'`).join(' and ')} to '${path}': ${first.problem.message}`, `${listed.length > 0 ? `the paths it takes are ${listed.map(String).join(', ')}; ` : ''}${hint}`);
    }
  }
}

/**
 * An array sent as numbered keys (`body.indexed`) is not a member of the
 * wire schema: give the write schema a virtual member for it, whose
 * elements take their types and constraints from the `…_0` keys.
 */
function withIndexedMembers(check: ConnectorCheck, schema: SchemaNode, body: BodyIR, operationId: string, at: (string | number)[]): SchemaNode {
  const { report } = check;
  if (body.indexed.length === 0) return schema;
  const members = new Map(schema.properties);
  for (const { member, keys } of body.indexed) {
    if (members.has(member)) continue;
    const item = new Map<string, SchemaNode>();
    for (const { key, pattern } of keys) {
      const first = pattern.split('{index}').join('0');
      const keySchema = schema.properties.get(first);
      if (!keySchema) {
        const near = closest(first, [...schema.properties.keys()]);
        report([...at, 'body', 'indexed', member, key], 'unknown-provider-field', `the ${operationId} request schema has no '${first}' for '${pattern}'`, near ? `did you mean '${near.replace(/0(?!.*0)/, '{index}')}'?` : 'describe the first numbered key in the provider spec');
        continue;
      }
      item.set(key, keySchema);
    }
    members.set(member, syntheticSchema({ type: 'array', pointer: schema.pointer, items: syntheticSchema({ type: 'object', pointer: schema.pointer, properties: item }) }));
  }
  // Unnamed: the provider's named type stays the wire shape; this one exists only while writing.
  return syntheticSchema({ ...schema, name: undefined, properties: new Map([...members].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) });
}

/**
 * A create or an update must send every member the provider's request schema
 * requires: a PUT replaces the record, and a body the document requires a
 * member of is refused without it, whatever the method.
 */
export function checkRequiredRequestFields(check: ConnectorCheck, targets: WriteTarget[], mapped: FieldIR[], ops: ConnectorIR['operations']) {
  const { mapping, report } = check;
  for (const target of targets) {
    const operation = ops.find((o) => o.id === target.operation);
    if (!operation || 'unsupported' in operation || (operation.unified.kind !== 'create' && operation.unified.kind !== 'update')) continue;
    const written = new Set<string>();
    for (const field of mapped) {
      if (!field.direction.write || (field.operations && !field.operations.includes(target.operation))) continue;
      const provider = 'provider' in field ? field.provider : undefined;
      const first = provider?.[target.prefix.length]?.name;
      if (first !== undefined) written.add(first);
    }
    // A declaration that failed to resolve has been reported already; do not also report what it would have written.
    for (const document of mapping.fields) {
      if (document.direction === 'read' || typeof document.provider !== 'string' || (Array.isArray(document.operations) && !document.operations.includes(target.operation))) continue;
      const first = document.provider.split(/[.[]/)[target.prefix.length];
      if (first !== undefined) written.add(first);
    }
    for (const value of operation.body?.values ?? []) written.add(value.name);
    for (const indexed of operation.body?.indexed ?? []) for (const key of indexed.keys) written.add(key.pattern.replace('{index}', '0'));
    for (const name of target.schema.required) {
      if (!written.has(name)) {
        report(['operations', target.operation, 'body'], 'required-not-mapped', `the provider requires '${name}' in a ${target.operation} request, and nothing writes it`, `map a unified field to '${name}', or give it a value under \`body.values\` or a \`const\` field`);
      }
    }
    // `anyOf: [{required: [email]}, {required: [external_id]}]`: one of the sets must be written in full.
    const choices = target.schema.requiredAlternatives;
    if (choices.length > 0 && !choices.some((set) => set.every((name) => written.has(name)))) {
      const sets = choices.map((set) => set.map((name) => `'${name}'`).join(' and ')).join(', or ');
      report(['operations', target.operation, 'body'], 'required-not-mapped', `the provider requires ${sets} in a ${target.operation} request, and nothing writes any of them`, 'map a unified field to one of them, or give one a value under `body.values` or a `const` field');
    }
    // A JSON Patch body is a list of operations, held to the record's schema rather than a request's.
    if (operation.body?.encoding !== 'json-patch') checkRequiredBelow(check, target.operation, writtenByDocuments(mapping.fields, target.operation, target.prefix), target.schema, '', true);
  }
}

/**
 * The provider paths the mapping's write lines for `operation` write, as a
 * tree. Read from the documents, as above: a line that failed to resolve has
 * been reported, and what it would have written is not reported again.
 */
function writtenByDocuments(documents: readonly FieldDocument[], operation: string, prefix: readonly string[]): WrittenNode {
  const lines = (list: readonly FieldDocument[], at: (string | number)[], inner: boolean): WriteLine[] =>
    list.flatMap((document, index): WriteLine[] => {
      if (document.direction === 'read' || typeof document.provider !== 'string') return [];
      if (!inner && Array.isArray(document.operations) && !document.operations.includes(operation)) return [];
      const path = document.provider === '$' ? [] : parseFieldPath(document.provider);
      if ('error' in path) return [];
      const here = [...at, index];
      const provider = inner ? path : path.slice(prefix.length);
      if (!inner && provider.length === 0) return [];
      return [{ provider, at: here, ...(document.each ? { each: lines(document.each, [...here, 'each'], true), where: Object.keys(document.where ?? {}).map((key) => ({ key })) } : {}) }];
    });
  return addWriteLines(writtenNode(['fields']), lines(documents, ['fields'], false));
}

/**
 * An object the request sends (a nested one, an array's element) must carry
 * the members its schema requires: the provider refuses it without them,
 * whatever the rest of the body holds. The top level is checked above.
 */
function checkRequiredBelow(check: ConnectorCheck, operation: string, node: WrittenNode, schema: SchemaNode, label: string, top: boolean) {
  if (node.whole) return;
  if (!top) {
    for (const name of schema.required) {
      if (node.members.has(name) || schema.properties.get(name)?.readOnly) continue;
      const every = label.endsWith('[]');
      const where = every ? `each element of '${label.slice(0, -2)}'` : `'${label}'`;
      const hint = every
        ? `write it in the array field's \`each\` (\`- { unified: <field>, provider: ${name} }\`, or \`- { provider: ${name}, const: <value> }\`), give every element it with \`where: { ${name}: <value> }\`, or write the elements through a selector that supplies it (\`provider: ${label.slice(0, -2)}[${name}=<value>].<member>\`)`
        : `map a unified field to '${label}.${name}', or give it a \`const\` field`;
      check.report([...node.at, 'provider'], 'required-not-mapped', `the provider requires '${name}' in ${where} of a ${operation} request (${label}.${name}), and nothing writes it`, hint);
    }
  }
  for (const [name, member] of node.members) {
    const inner = schema.properties.get(name);
    if (inner) checkRequiredBelow(check, operation, member, inner, label ? `${label}.${name}` : name, false);
  }
  for (const [pick, element] of node.elements) {
    const index = /^\[(\d+)\]$/.exec(pick)?.[1];
    const item = (index !== undefined ? schema.prefixItems?.[Number(index)] : undefined) ?? schema.items;
    if (item) checkRequiredBelow(check, operation, element, item, `${label}${pick === '*' ? '[]' : pick}`, false);
  }
}
