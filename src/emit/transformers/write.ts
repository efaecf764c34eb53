/**
 * The write transformers: one function per create and update taking a
 * unified record to the provider's request record, with the provider's
 * constraints checked and what it cannot take added to `issues`.
 */

import type { FunctionDeclarationStructure } from 'ts-morph';
import { StructureKind } from '../ts-morph.js';
import type {
  ArrayFieldIR,
  ConnectorIR,
  ConstraintsIR,
  SplitFieldIR,
  WriteTargetIR,
  FieldIR,
  OperationIR,
  PathSegment,
  ScalarFieldIR,
  UnifiedIR,
} from '../../ir/model.js';
import { camelCase, pascalCase } from '../../ir/names.js';
import { formatPath } from '../../ir/paths.js';
import type { SchemaNode } from '../../ir/schema.js';
import { addWriteLines, writtenNode, type WriteLine, type WrittenNode } from '../../ir/written.js';
import type { SentShape } from '../../runtime/write.js';
import { commentText, inline, json, str } from '../literals.js';
import { Code, Locals } from '../code.js';
import { providerTypeName } from '../provider-types.js';
import { scalarTypesOf } from './read.js';
import { unifiedNames } from '../unified.js';
import { HelperRegistry, inherited, templateExpression } from './helpers.js';

export function writeFunction(connector: ConnectorIR, unified: UnifiedIR, operation: OperationIR, name: string, helpers: HelperRegistry): FunctionDeclarationStructure {
  const names = unifiedNames(unified, connector.resource);
  const code = new Code();
  const input = names.bodyParam === 'out' ? 'source' : names.bodyParam;
  const locals = new Locals([input, 'issues', 'settings', 'out']);
  const clearing = operation.unified.kind === 'update';
  const prefix = operation.body?.from ?? [];
  helpers.needsInput = true;
  helpers.use('FieldIssue');
  const outType = writeTypeName(connector, operation, helpers);
  code.line(`const out: Record<string, unknown> = {};`);

  const fields = connector.fields.filter((field) => field.direction.write && (!field.operations || field.operations.includes(operation.id)));
  const state: WriteState = { arrays: new Map(), picks: new Map(), untypedSlots: new Set() };
  for (const field of fields) writeField(field, input, 'out', prefix, clearing, code, locals, helpers, connector, state, operation.id);

  // Members the provider requires on this operation, checked before anything is sent.
  const requiredWriters = requiredMembers(connector, operation, fields, prefix);
  for (const [member, sources] of requiredWriters) {
    code.line(`if (out[${str(member)}] === undefined) issues.push({ field: ${str(sources.length ? `${input}.${sources[0]}` : input)}, message: ${str(`is required by ${connector.name} (${member})${sources.length ? '' : ''}`)} });`);
  }
  // What the provider's request schema refuses below that (a type, a null, a member an element requires), before anything is sent.
  const sent = sentCheck(operation, fields, prefix);
  if (sent) {
    const shape = helpers.constant(`${operation.id}Sent`, inline(sent.shape));
    const context = helpers.constant(`${operation.id}Sources`, inline({ provider: connector.name, input, sources: sent.sources }));
    code.line(`${helpers.use('checkSentBody')}(out, ${shape}, ${context}, issues);`);
  }
  code.line(`return out as Partial<${outType}>;`);

  return {
    kind: StructureKind.Function,
    name,
    isExported: true,
    docs: [
      commentText(
        `A unified ${names.bodyParam} as the record ${operation.id} sends to ${connector.name}${operation.body?.wrap ? ` (before wrapping in \`${operation.body.wrap}\`${operation.body.wrapInList ? ' as its one element' : ''})` : ''}. Only members present on the input are written${clearing ? '; null, and an element left out of a given array, clear the provider value' : ''}. Values the provider cannot take are added to \`issues\`.`,
      ),
    ],
    parameters: [
      { name: input, type: names.recordInput },
      { name: 'issues', type: 'FieldIssue[]' },
      { name: 'settings', type: 'Readonly<Record<string, string>>' },
    ],
    returnType: `Partial<${outType}>`,
    statements: code.writer(),
  };
}

function writeTypeName(connector: ConnectorIR, operation: OperationIR, helpers: HelperRegistry): string {
  const schema = writeSchemaOf(operation);
  if (schema?.name) {
    const name = providerTypeName(connector, schema.name);
    helpers.providerTypes.add(name);
    return name;
  }
  return 'Record<string, unknown>';
}

/** The request record schema of a write operation, as the IR found it in the provider spec. */
export function writeSchemaOf(operation: OperationIR): SchemaNode | undefined {
  return operation.requestSchema;
}

function requiredMembers(connector: ConnectorIR, operation: OperationIR, fields: FieldIR[], prefix: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (operation.unified.kind !== 'create' && operation.unified.kind !== 'update') return out;
  const schema = writeSchemaOf(operation);
  if (!schema) return out;
  for (const name of schema.required) {
    if (operation.body?.values.some((v) => v.name === name)) continue;
    const sources = fields
      .filter((field) => 'provider' in field && field.provider?.[prefix.length]?.name === name)
      .flatMap((field) => (field.kind === 'split' ? field.unified.map(formatPath) : 'unified' in field && field.unified ? [formatPath(field.unified as PathSegment[])] : []));
    out.set(name, sources);
  }
  return out;
}

/**
 * The request schema pruned to what the write's field lines send, and the
 * unified field each provider path is written from, for `checkSentBody`.
 * None for a JSON Patch, whose body is a list of operations on the record.
 */
function sentCheck(operation: OperationIR, fields: FieldIR[], prefix: string[]): { shape: SentShape; sources: Record<string, string> } | undefined {
  const schema = writeSchemaOf(operation);
  if (!schema || operation.body?.encoding === 'json-patch') return undefined;
  const lineOf = (field: FieldIR, inner: boolean): WriteLine[] => {
    const provider = field.kind === 'unified-const' || (field.kind === 'hook' && !field.writeWith) ? undefined : field.provider;
    if (!provider || !field.direction.write) return [];
    const path = inner ? provider : provider.slice(prefix.length);
    if (field.kind !== 'array') return [{ provider: path, at: [] }];
    return [{ provider: path, at: [], where: field.where, each: field.each.flatMap((child) => lineOf(child, true)) }];
  };
  const tree = addWriteLines(writtenNode([]), fields.flatMap((field) => lineOf(field, false)));
  const sources = new Map<string, string | undefined>();
  const source = (provider: string, unified: string) => sources.set(provider, sources.has(provider) && sources.get(provider) !== unified ? undefined : unified);
  const pattern = (path: readonly PathSegment[]) => path.map((s) => `${s.name}${s.selector?.kind === 'index' ? `[${s.selector.index}]` : s.selector ? '[]' : ''}`).join('.');
  for (const field of fields) {
    if (!field.direction.write) continue;
    if (field.kind === 'scalar' || field.kind === 'split' || (field.kind === 'hook' && field.writeWith && field.provider)) {
      source(pattern(field.provider!.slice(prefix.length)), formatPath(field.kind === 'split' ? field.unified[0] : field.unified));
    } else if (field.kind === 'array') {
      const array = pattern(field.provider.slice(prefix.length));
      const unified = formatPath(field.unified);
      source(`${array}[]`, `${unified}[]`);
      for (const child of field.each) {
        if (child.kind === 'scalar' && child.direction.write) source(child.provider.length ? `${array}[].${pattern(child.provider)}` : `${array}[]`, child.unified.length ? `${unified}[].${formatPath(child.unified)}` : `${unified}[]`);
      }
    }
  }
  const known = Object.fromEntries([...sources].filter((entry): entry is [string, string] => entry[1] !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { shape: sentShape(tree, schema, true), sources: known };
}

function sentShape(node: WrittenNode, schema: SchemaNode, top: boolean): SentShape {
  const shape: { -readonly [K in keyof SentShape]: SentShape[K] } = {};
  if (schema.type !== undefined) shape.type = schema.type;
  if (schema.nullable) shape.nullable = true;
  if (node.whole) return shape;
  // The top level's required members are checked above, each at the unified field that writes it.
  const required = top ? [] : schema.required.filter((name) => !schema.properties.get(name)?.readOnly);
  if (required.length > 0) shape.required = required;
  const members: Record<string, SentShape> = {};
  for (const [name, member] of [...node.members].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const inner = schema.properties.get(name);
    if (inner) members[name] = sentShape(member, inner, false);
  }
  if (Object.keys(members).length > 0) shape.members = members;
  if (node.elements.size > 0 && schema.items) {
    // Every element the write makes is held to the items' schema: their members united.
    const elements = [...node.elements.values()];
    const merged = addWriteLines(writtenNode([]), []);
    merged.whole = elements.every((element) => element.whole);
    for (const element of elements) for (const [name, member] of element.members) if (!merged.members.has(name)) merged.members.set(name, member);
    shape.items = sentShape(merged, schema.items, false);
  }
  return shape;
}

/** Per write function: array elements already picked, and which selectors take untyped elements. */
interface WriteState {
  arrays: Map<string, string>;
  picks: Map<string, { array: string; element: string }>;
  untypedSlots: Set<string>;
}

/**
 * An expression reading unified `path` below `base` (undefined when absent).
 * Selected array elements are picked once per function, at the current
 * level of `code`, and shared by every field that reads them.
 */
function unifiedRead(base: string, path: readonly PathSegment[], clearing: boolean, code: Code, locals: Locals, helpers: HelperRegistry, state: WriteState): string {
  let current = base;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const access = memberAccess(current, segment.name, i === 0 && current === base);
    if (!segment.selector) {
      current = access;
      continue;
    }
    const pickKey = formatPath(path.slice(0, i + 1));
    let pick = state.picks.get(pickKey);
    if (!pick) {
      // The array itself is read once, whichever of its elements are picked.
      const arrayKey = `${formatPath(path.slice(0, i))}/${segment.name}`;
      let array = state.arrays.get(arrayKey);
      if (!array) {
        array = locals.name(`${segment.name}_given`);
        code.line(`const ${array} = ${access};`);
        state.arrays.set(arrayKey, array);
      }
      pick = { array, element: locals.name(`${segment.name}_${segment.selector.kind === 'index' ? segment.selector.index : segment.selector.value}`) };
      if (segment.selector.kind === 'match') {
        // The first selector on an array also takes elements that name no value (an untyped email is the primary one).
        const slot = `${formatPath(path.slice(0, i))}/${segment.name}/${segment.selector.key}`;
        const untyped = !state.untypedSlots.has(slot);
        state.untypedSlots.add(slot);
        code.line(`const ${pick.element} = ${helpers.use('pickElement')}(${pick.array}, ${str(segment.selector.key)}, ${inline(segment.selector.value)}, ${untyped});`);
      } else code.line(`const ${pick.element} = ${pick.array}?.[${segment.selector.index}];`);
      state.picks.set(pickKey, pick);
    }
    const leaf = path.slice(i + 1).reduce((expr, s) => memberAccess(expr, s.name, false), pick.element);
    // A given array replaces the provider's values: on updates, what it lacks is cleared.
    return clearing ? `(${pick.element} !== undefined ? (${leaf} ?? null) : ${pick.array} !== undefined ? null : undefined)` : leaf;
  }
  return current;
}

function memberAccess(object: string, name: string, direct: boolean): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && !inherited.has(name)) return `${object}${direct ? '' : '?'}.${name}`;
  return `(${object} as Record<string, unknown> | undefined)?.[${str(name)}]`;
}

function writeField(
  field: FieldIR,
  input: string,
  out: string,
  prefix: string[],
  clearing: boolean,
  code: Code,
  locals: Locals,
  helpers: HelperRegistry,
  connector: ConnectorIR,
  state: WriteState,
  operationId: string,
): void {
  const guard = (body: () => void) => {
    if (!field.when) return body();
    const conditions: string[] = [];
    if (field.when.absent) conditions.push(`${helpers.use('isAbsent')}(${unifiedPathExpr(input, field.when.absent)})`);
    if (field.when.present) conditions.push(`!${helpers.use('isAbsent')}(${unifiedPathExpr(input, field.when.present)})`);
    code.block(`if (${conditions.join(' && ')})`, body);
  };
  switch (field.kind) {
    case 'scalar': {
      const text = formatPath(field.unified);
      code.comment(`${text} → ${formatPath(field.provider)}${field.convert ? ` (${field.convert})` : field.enumMap ? ' (enum map)' : ''}`);
      const read = unifiedRead(input, field.unified, clearing, code, locals, helpers, state);
      guard(() =>
        code.block('', () => {
          const value = locals.name(text);
          code.line(`const ${value} = ${read};`);
          const label = str(`${input}.${text}`);
          const target = relative(field.provider, prefix);
          const written = targetOf(field, operationId);
          code.block(`if (${value} === null)`, () => {
            if (field.clearWith !== undefined) code.line(`${assignPath(out, target, inline(field.clearWith), helpers)};`);
            else if (written.nullable) code.line(`${assignPath(out, target, 'null', helpers)};`);
            // An element left out of a given array means "clear"; where the provider cannot, say so.
            else if (field.unified.some((s) => s.selector)) code.line(`issues.push({ field: ${label}, message: ${str(`${unclearable(connector.name, field.provider)}, so the stored one is left as it is`)}, dropped: true });`);
            else code.line(`issues.push({ field: ${label}, message: ${str(unclearable(connector.name, field.provider))} });`);
          }, '}');
          code.block(`else if (${value} !== undefined)`, () => {
            let expression = value;
            if (field.enumMap) {
              const fn = helpers.enumFunction(field.enumMap, 'write', text, '');
              const mapped = locals.name(`${text}_provider`);
              code.line(`const ${mapped} = ${fn}(${value});`);
              if (field.enumMap.unmapped === 'skip') code.line(`if (${mapped} !== undefined) ${assignPath(out, target, mapped, helpers)};`);
              else {
                code.line(`if (${mapped} === undefined) issues.push({ field: ${label}, message: ${str(`has no ${connector.name} equivalent for `)} + JSON.stringify(${value}) });`);
                code.line(`else ${assignPath(out, target, mapped, helpers)};`);
              }
              return;
            }
            if (field.convert) {
              const converted = locals.name(`${text}_provider`);
              code.line(`const ${converted} = ${helpers.converter(field.convert)}.write(${value});`);
              code.line(`if (${converted} === undefined) issues.push({ field: ${label}, message: ${str(`cannot be sent to ${connector.name}: `)} + JSON.stringify(${value}) });`);
              expression = converted;
              code.block('else', () => {
                constraintCheck(expression, written.constraints, label, code, helpers);
                code.line(`${assignPath(out, target, expression, helpers)};`);
              });
              return;
            }
            // A unified value of several scalar types (a custom field's) goes only where the provider takes its type.
            const providerType = field.providerSchema.type;
            if (field.unifiedSchema.type === undefined && scalarTypesOf(field.unifiedSchema).length > 1 && (providerType === 'string' || providerType === 'number' || providerType === 'integer' || providerType === 'boolean')) {
              const check = providerType === 'string' ? 'checkString' : providerType === 'boolean' ? 'checkBoolean' : 'checkNumber';
              code.line(`${helpers.use(check)}(${expression}, ${label}, issues${providerType === 'integer' ? ', { integer: true }' : ''});`);
            }
            constraintCheck(expression, written.constraints, label, code, helpers);
            code.line(`${assignPath(out, target, expression, helpers)};`);
          });
        }),
      );
      return;
    }
    case 'split': {
      const texts = field.unified.map(formatPath);
      code.comment(`${texts.join(' + ')} → ${formatPath(field.provider)} (${field.convert})`);
      const reads = field.unified.map((path) => unifiedRead(input, path, false, code, locals, helpers, state));
      guard(() =>
        code.block('', () => {
          const parts = field.unified.map((_, i) => {
            const local = locals.name(texts[i]!);
            code.line(`const ${local} = ${reads[i]};`);
            return local;
          });
          const label = str(`${input}.${texts.join(`, ${input}.`)}`);
          const target = relative(field.provider, prefix);
          code.block(`if (${parts.map((p) => `${p} !== undefined`).join(' || ')})`, () => {
            if (clearing) {
              // One name string cannot take half a name: an update must give both parts.
              code.line(`if (${parts.map((p) => `${p} === undefined`).join(' || ')}) issues.push({ field: ${label}, message: ${str(`${connector.name} keeps one ${formatPath(field.provider)}: send ${texts.join(' and ')} together`)} });`);
            }
            const joined = locals.name(`${formatPath(field.provider)}_joined`);
            code.line(`const ${joined} = ${helpers.converter(field.convert)}.write([${parts.map((p) => `${p} ?? null`).join(', ')}]);`);
            const written = targetOf(field, operationId);
            code.block(`if (${joined} !== undefined)`, () => {
              constraintCheck(joined, written.constraints, label, code, helpers);
              code.line(`${assignPath(out, target, joined, helpers)};`);
            });
            // Both parts null: clear the provider value where it can be cleared.
            if (field.clearWith !== undefined) code.line(`else ${assignPath(out, target, inline(field.clearWith), helpers)};`);
            else if (written.nullable) code.line(`else ${assignPath(out, target, 'null', helpers)};`);
            else code.line(`else issues.push({ field: ${label}, message: ${str(unclearable(connector.name, field.provider))} });`);
          });
        }),
      );
      return;
    }
    case 'provider-const': {
      const target = relative(field.provider, prefix);
      code.comment(`${formatPath(field.provider)} is always ${typeof field.value === 'object' && field.value !== null ? field.value.source : JSON.stringify(field.value)}`);
      let expression = typeof field.value === 'object' && field.value !== null ? templateExpression(field.value) : json(field.value);
      if (field.numeric) expression = `Number(${expression})`;
      guard(() => code.line(`${assignPath(out, target, expression, helpers)};`));
      return;
    }
    case 'hook': {
      if (!field.writeWith || !field.provider) return;
      helpers.usesHooks = true;
      const target = relative(field.provider, prefix);
      code.comment(`${formatPath(field.provider)} ← hooks.${field.writeWith} (hand-written, type-checked)`);
      guard(() =>
        code.block('', () => {
          const value = locals.name(formatPath(field.unified));
          code.line(`const ${value} = hooks.${field.writeWith}(${input});`);
          code.line(`if (${value} !== undefined) ${assignPath(out, target, value, helpers)};`);
        }),
      );
      return;
    }
    case 'array': {
      const text = formatPath(field.unified);
      const target = relative(field.provider, prefix);
      code.comment(`${text}[] → ${formatPath(field.provider)}[]${field.where.length ? ` with ${field.where.map((w) => `${w.key} = ${JSON.stringify(w.value)}`).join(', ')}` : ''}`);
      guard(() =>
        code.block('', () => {
          const source = locals.name(`${text}_given`);
          code.line(`const ${source} = ${unifiedPathExpr(input, field.unified)};`);
          code.block(`if (${source} !== undefined && ${source} !== null)`, () => {
            const list = locals.name(`${formatPath(field.provider)}_list`);
            const existing = readPathExpr(out, target);
            code.line(`const ${list}: Record<string, unknown>[] = Array.isArray(${existing}) ? (${existing} as Record<string, unknown>[]) : [];`);
            const index = locals.name('index');
            const writeElement = elementWriter(field, `${input}.${text}`, helpers, connector, operationId);
            const call = `${writeElement.name}(${source}[${index}]!, ${index}, issues${writeElement.settings ? ', settings' : ''})`;
            if (isScalarItem(field)) {
              // An element of an array of scalars with no value to send is left out, not sent as a hole.
              const value = locals.name('value');
              code.block(`for (let ${index} = 0; ${index} < ${source}.length; ${index}++)`, () => {
                code.line(`const ${value} = ${call};`);
                code.line(`if (${value} !== undefined) ${list}.push(${value} as Record<string, unknown>);`);
              });
            } else code.line(`for (let ${index} = 0; ${index} < ${source}.length; ${index}++) ${list}.push(${call});`);
            code.line(`${assignPath(out, target, list, helpers)};`);
          });
        }),
      );
      return;
    }
    case 'unified-const':
      return;
  }
}

/**
 * A module-level function writing one element of a unified array as the
 * provider's element: written once, shared by the create and the update
 * when both take the element alike.
 */
function elementWriter(field: ArrayFieldIR, label: string, helpers: HelperRegistry, connector: ConnectorIR, operationId: string): { name: string; settings: boolean } {
  const text = formatPath(field.unified);
  const code = new Code();
  const locals = new Locals(['element', 'index', 'issues', 'settings', 'item']);
  const at = { prefix: `${label}[`, index: 'index', array: text, settings: false };
  const scalar = isScalarItem(field);
  code.line(scalar ? 'let item: unknown;' : 'const item: Record<string, unknown> = {};');
  for (const condition of field.where) code.line(`${assignPath('item', [condition.key], json(condition.value), helpers)};`);
  for (const child of field.each) {
    if (!child.direction.write) continue;
    // Element members are written as on a create: absent means not sent.
    writeElementField(child, 'element', 'item', at, code, locals, helpers, connector, operationId);
  }
  code.line('return item;');
  const itemType = field.unifiedItem.name ? pascalCase(field.unifiedItem.name) : 'Record<string, unknown>';
  if (field.unifiedItem.name) helpers.unifiedTypes.add(itemType);
  const name = helpers.shared(
    `${camelCase(text.replace(/\[[^\]]*\]/g, '')) || 'array'}ElementToProvider`,
    {
      docs: [commentText(`One element of ${label} as ${connector.name}'s ${formatPath(field.provider)}[] takes it; what it cannot take is added to \`issues\`.`)],
      parameters: [
        { name: 'element', type: itemType },
        { name: 'index', type: 'number' },
        { name: 'issues', type: 'FieldIssue[]' },
        ...(at.settings ? [{ name: 'settings', type: 'Readonly<Record<string, string>>' }] : []),
      ],
      returnType: scalar ? 'unknown' : 'Record<string, unknown>',
    },
    code,
  );
  return { name, settings: at.settings };
}

/** Provider arrays of strings or numbers: each element is one value (`$`), not an object of members. */
function isScalarItem(field: ArrayFieldIR): boolean {
  return field.providerItem.type !== undefined && field.providerItem.type !== 'object' && field.providerItem.properties.size === 0;
}

/** One member of an array element being written (paths relative to the element). */
function writeElementField(
  field: FieldIR,
  element: string,
  item: string,
  at: { prefix: string; index: string; array: string; settings: boolean },
  code: Code,
  locals: Locals,
  helpers: HelperRegistry,
  connector: ConnectorIR,
  operationId: string,
): void {
  if (field.kind !== 'scalar' && field.kind !== 'provider-const') return;
  if (field.kind === 'provider-const') {
    const template = typeof field.value === 'object' && field.value !== null ? field.value : undefined;
    if (template?.parts.some((part) => part.kind === 'settings')) at.settings = true;
    const expression = template ? templateExpression(template) : json(field.value);
    code.line(`${assignPath(item, relative(field.provider, []), field.numeric ? `Number(${expression})` : expression, helpers)};`);
    return;
  }
  const text = formatPath(field.unified);
  const value = locals.name(`${text}_value`);
  code.line(`const ${value} = ${unifiedPathExpr(element, field.unified)};`);
  const label = `${str(at.prefix)} + ${at.index} + ${str(`].${text}`)}`;
  const target = relative(field.provider, []);
  code.block(`if (${value} !== undefined && ${value} !== null)`, () => {
    if (field.enumMap) {
      const fn = helpers.enumFunction(field.enumMap, 'write', `${at.array}.${text}`, '');
      const mapped = locals.name(`${text}_provider`);
      code.line(`const ${mapped} = ${fn}(${value});`);
      if (field.enumMap.unmapped === 'skip') code.line(`if (${mapped} !== undefined) ${assignPath(item, target, mapped, helpers)};`);
      else {
        code.line(`if (${mapped} === undefined) issues.push({ field: ${label}, message: ${str(`has no ${connector.name} equivalent for `)} + JSON.stringify(${value}) });`);
        code.line(`else ${assignPath(item, target, mapped, helpers)};`);
      }
      return;
    }
    const constraints = targetOf(field, operationId).constraints;
    if (field.convert) {
      const converted = locals.name(`${text}_provider`);
      code.line(`const ${converted} = ${helpers.converter(field.convert)}.write(${value});`);
      code.line(`if (${converted} === undefined) issues.push({ field: ${label}, message: ${str(`cannot be sent to ${connector.name}: `)} + JSON.stringify(${value}) });`);
      code.block('else', () => {
        constraintCheck(converted, constraints, label, code, helpers);
        code.line(`${assignPath(item, target, converted, helpers)};`);
      });
      return;
    }
    constraintCheck(value, constraints, label, code, helpers);
    code.line(`${assignPath(item, target, value, helpers)};`);
  });
}

/** How `operationId`'s request takes the field (the IR resolved one target per write operation). */
/**
 * Why a unified null cannot be written: the provider member takes no null (whether or not it is required) and
 * the mapping names no value that clears it (`clear_with`).
 */
function unclearable(provider: string, path: readonly PathSegment[]): string {
  return `cannot be cleared: ${provider}'s ${formatPath(path)} takes no null`;
}

export function targetOf(field: ScalarFieldIR | SplitFieldIR, operationId: string): WriteTargetIR {
  return field.writes.find((w) => w.operation === operationId) ?? { operation: operationId, nullable: field.providerSchema.nullable, constraints: {} };
}

function constraintCheck(expression: string, constraints: ConstraintsIR, label: string, code: Code, helpers: HelperRegistry): void {
  const rules: Record<string, unknown> = {};
  if (constraints.maxLength !== undefined) rules.maxLength = constraints.maxLength;
  if (constraints.minLength !== undefined) rules.minLength = constraints.minLength;
  if (constraints.pattern !== undefined) rules.pattern = constraints.pattern;
  if (constraints.enum !== undefined) rules.enum = constraints.enum;
  if (constraints.format !== undefined) rules.format = constraints.format;
  if (Object.keys(rules).length === 0) return;
  code.line(`${helpers.use('checkRules')}(${expression}, ${label}, issues, ${inline(rules)});`);
}

/** A provider path as the runtime's `setIn` steps: members, and elements by position or by a key's value. */
type WriteStep = string | { name: string; index: number } | { name: string; key: string; value: string | number | boolean };

function relative(path: readonly PathSegment[], prefix: readonly string[]): WriteStep[] {
  return path.slice(prefix.length).map((segment) =>
    !segment.selector ? segment.name : segment.selector.kind === 'index' ? { name: segment.name, index: segment.selector.index } : { name: segment.name, key: segment.selector.key, value: segment.selector.value },
  );
}

function unifiedPathExpr(base: string, path: readonly PathSegment[]): string {
  return path.reduce((expr, segment) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment.name) && !inherited.has(segment.name) ? `${expr}?.${segment.name}` : `(${expr} as Record<string, unknown> | undefined)?.[${str(segment.name)}]`), base);
}

function readPathExpr(base: string, path: readonly WriteStep[]): string {
  const first = path[0]!;
  // Nested array targets are set through setIn and read back as a fresh list.
  return `${base}[${str(typeof first === 'string' ? first : first.name)}]`;
}

function assignPath(base: string, path: readonly WriteStep[], expression: string, helpers: HelperRegistry): string {
  // `$`: the element of an array of scalars is the value itself.
  if (path.length === 0) return `${base} = ${expression}`;
  if (path.length === 1 && typeof path[0] === 'string') {
    const name = path[0];
    if (name === '__proto__' || inherited.has(name)) return `${helpers.use('setOwn')}(${base}, ${str(name)}, ${expression})`;
    return `${base}[${str(name)}] = ${expression}`;
  }
  return `${helpers.use('setIn')}(${base}, ${inline([...path])}, ${expression})`;
}
