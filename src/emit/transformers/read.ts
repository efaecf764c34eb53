/**
 * The read transformer: one function taking a provider record to a unified
 * record, assembled member by member; a value of the wrong type is reported
 * and read as null, never thrown.
 */

import type { FunctionDeclarationStructure } from 'ts-morph';
import { StructureKind } from '../ts-morph.js';
import type {
  ArrayFieldIR,
  ConnectorIR,
  FieldIR,
  PathSegment,
  ScalarFieldIR,
  UnifiedIR,
} from '../../ir/model.js';
import { camelCase, pascalCase } from '../../ir/names.js';
import { formatPath } from '../../ir/paths.js';
import type { SchemaNode } from '../../ir/schema.js';
import { commentText, inline, json, key, str } from '../literals.js';
import { Code, Locals } from '../code.js';
import { providerTypeName } from '../provider-types.js';
import { unifiedNames } from '../unified.js';
import { HelperRegistry, inherited } from './helpers.js';

/** Where a provider value lives: an expression for its parent object, and its member name. */
class ProviderAccess {
  private readonly hoisted = new Map<string, string>();

  constructor(
    private readonly code: Code,
    private readonly locals: Locals,
    private readonly helpers: HelperRegistry,
    /** The base object when it is known to be an object (a checked array element): read without optional chaining. */
    private readonly checkedBase?: string,
  ) {}

  /** An expression of the raw value at `segments` below `base` (an object expression). */
  value(base: string, segments: readonly PathSegment[], baseKey: string): string {
    // `$`: an element of an array of scalars is the value itself.
    if (segments.length === 0) return base;
    let parent = base;
    let parentKey = baseKey;
    for (let i = 0; i < segments.length - 1; i++) {
      const segment = segments[i]!;
      const keyText = `${parentKey}/${formatPath([segment])}`;
      let local = this.hoisted.get(keyText);
      if (!local) {
        local = this.locals.name(`${segment.name}${segment.selector ? `_${segment.selector.kind === 'index' ? segment.selector.index : segment.selector.value}` : ''}`);
        const raw = memberRead(parent, segment.name, this.helpers, parent === this.checkedBase);
        const field = str(formatPath(segments.slice(0, i + 1)));
        // The array itself, named without the selector: `phones`, `address.lines`.
        const array = str(formatPath([...segments.slice(0, i), { ...segment, selector: undefined }]));
        if (segment.selector?.kind === 'match') {
          this.code.line(`const ${local} = ${this.helpers.use('findElement')}(${raw}, ${str(segment.selector.key)}, ${json(segment.selector.value)}, ${array}, report);`);
        } else if (segment.selector?.kind === 'index') {
          this.code.line(`const ${local} = ${this.helpers.use('elementAt')}(${raw}, ${segment.selector.index}, ${array}, report);`);
        } else {
          this.code.line(`const ${local} = ${this.helpers.use('readObject')}(${raw}, ${field}, report);`);
        }
        this.hoisted.set(keyText, local);
      }
      parent = local;
      parentKey = keyText;
    }
    const last = segments[segments.length - 1]!;
    const member = memberRead(parent, last.name, this.helpers, parent === this.checkedBase);
    // `lines[0]`: the element itself, whatever its type (the IR refuses a whole object element as a scalar).
    return last.selector?.kind === 'index' ? `${this.helpers.use('valueAt')}(${member}, ${last.selector.index}, ${str(formatPath([...segments.slice(0, -1), { ...last, selector: undefined }]))}, report)` : member;
  }
}

/** `object.name`, `object?.['na-me']`, or an own-member read for inherited names. */
function memberRead(object: string, name: string, helpers: HelperRegistry, checked = false): string {
  const optional = object === 'record' || object === 'element' || checked ? '' : '?';
  if (inherited.has(name)) return `${helpers.use('getOwn')}(${object}, ${str(name)})`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `${object}${optional}.${name}` : `${object}${optional}[${str(name)}]`;
}

/**
 * A read of one provider scalar into the unified type of `target`, held to
 * the unified field's own rules. Plain values take an inline fast path (the
 * helper runs only for a value of the wrong type), as hand-written code would.
 */
function readExpression(raw: string, field: ScalarFieldIR, target: SchemaNode, fieldText: string, helpers: HelperRegistry, code: Code, locals: Locals): string {
  const plain = !field.enumMap && !field.convert && !target.enum;
  // A unified field of several scalar types (`anyOf`): the provider's value is kept in whichever of them it is.
  const several = plain && target.type === undefined ? scalarTypesOf(target) : [];
  if (several.length > 1) return `${helpers.use('readScalarOf')}(${raw}, ${inline(several)}, ${str(fieldText)}, report)`;
  const jsType = target.type === 'integer' || target.type === 'number' ? 'number' : target.type === 'boolean' ? 'boolean' : target.type === 'string' || target.type === undefined ? 'string' : undefined;
  let read: string;
  if (plain && jsType && target.type !== 'integer') {
    const local = locals.name(`${fieldText}_raw`);
    code.line(`const ${local} = ${raw};`);
    const check = jsType === 'number' ? `typeof ${local} === 'number' && Number.isFinite(${local})` : `typeof ${local} === ${str(jsType)}`;
    read = `${check} ? ${local} : ${readValue(local, field, target, fieldText, helpers)}`;
  } else read = readValue(raw, field, target, fieldText, helpers);
  const rules: Record<string, unknown> = {};
  if (target.minLength !== undefined) rules.minLength = target.minLength;
  if (target.maxLength !== undefined) rules.maxLength = target.maxLength;
  if (target.format === 'email') rules.format = 'email';
  if (target.pattern !== undefined) rules.pattern = target.pattern;
  if (Object.keys(rules).length === 0 || target.enum) return read;
  const checked = locals.name(`${fieldText}_read`);
  code.line(`const ${checked} = ${read};`);
  const fit = `${helpers.use('fitUnified')}(${checked}, ${helpers.constant(fieldText.replace(/\[[^\]]*\]/g, ''), inline(rules))}, ${str(fieldText)}, report)`;
  // Only "not empty" to check: a comparison, not a call.
  if (Object.keys(rules).length === 1 && rules.minLength === 1) return `${checked} === '' ? ${fit} : ${checked}`;
  const fits = fitsInline(checked, rules, helpers);
  return fits === undefined ? fit : `${checked} === null || (${fits}) ? ${checked} : ${fit}`;
}

/**
 * A test that implies `fitUnified` would return a string unchanged, inlined as hand-written code
 * would check it (the call then runs only to name the problem); undefined when a rule has no such test.
 */
function fitsInline(value: string, rules: { minLength?: number; maxLength?: number; format?: string; pattern?: string }, helpers: HelperRegistry): string | undefined {
  if (rules.pattern !== undefined) return undefined;
  const tests: string[] = [];
  // Lengths in UTF-16 units: n units hold between n/2 and n code points, so these imply the bounds.
  if (rules.minLength === 1) tests.push(`${value} !== ''`);
  else if (rules.minLength !== undefined) tests.push(`${value}.length >= ${rules.minLength * 2}`);
  if (rules.maxLength !== undefined) tests.push(`${value}.length <= ${rules.maxLength}`);
  if (rules.format === 'email') tests.push(`${helpers.use('isEmailAddress')}(${value})`);
  else if (rules.format !== undefined) return undefined;
  return tests.length > 0 ? tests.join(' && ') : undefined;
}

function readValue(raw: string, field: ScalarFieldIR, target: SchemaNode, fieldText: string, helpers: HelperRegistry): string {
  const label = str(fieldText);
  if (field.enumMap) {
    const type = enumTypeOf(target);
    const fn = helpers.enumFunction(field.enumMap, 'read', fieldText, type);
    return `${fn}(${raw}, ${label}, report)`;
  }
  if (field.convert) return `${helpers.reader(field.convert)}(${raw}, ${label}, report)`;
  if (target.enum) {
    const values = target.enum.filter((v): v is string => typeof v === 'string');
    return `${helpers.use('readOneOf')}(${raw}, ${inline(values)} as const, ${label}, report)`;
  }
  switch (target.type) {
    case 'integer':
      return `${helpers.use('readInteger')}(${raw}, ${label}, report)`;
    case 'number':
      return `${helpers.use('readNumber')}(${raw}, ${label}, report)`;
    case 'boolean':
      return `${helpers.use('readBoolean')}(${raw}, ${label}, report)`;
    default:
      return `${helpers.use('readString')}(${raw}, ${label}, report)`;
  }
}

function enumTypeOf(node: SchemaNode): string {
  if (!node.enum) return node.type === 'boolean' ? 'boolean' : node.type === 'integer' || node.type === 'number' ? 'number' : 'string';
  return node.enum.filter((v) => v !== null).map((v) => json(v)).join(' | ');
}

/** A unified member being assembled: a value, an object of members, or an array of elements. */
type Member =
  | { kind: 'value'; expression: string; nullable: boolean }
  | { kind: 'object'; schema: SchemaNode; members: Map<string, Member> }
  | { kind: 'array'; item: SchemaNode; groups: ElementGroup[]; lists: string[] };

interface ElementGroup {
  selector: NonNullable<PathSegment['selector']>;
  /** `constant`: a `const` line's value, which says nothing of whether the provider's record has the element. */
  members: Map<string, { expression: string; nullable: boolean; constant?: boolean }>;
}

export function readFunction(connector: ConnectorIR, unified: UnifiedIR, name: string, helpers: HelperRegistry): FunctionDeclarationStructure {
  const names = unifiedNames(unified, connector.resource);
  const code = new Code();
  const locals = new Locals(['record', 'report', 'element', names.bodyParam]);
  const access = new ProviderAccess(code, locals, helpers);
  helpers.use('isObject');
  helpers.use('describeValue');
  helpers.use('ReportIssue');
  helpers.use('ignoreIssue');
  code.block('if (!isObject(record))', () => {
    code.line(`report('', ${str(`expected ${connector.name}'s record to be an object, got `)} + describeValue(record));`);
    code.line('return undefined;');
  });

  const root: Map<string, Member> = new Map();
  const read = connector.fields.filter((field) => field.direction.read);
  const shared = sharedArrays(read);
  for (const field of read) {
    const group = shared.get(field);
    // Unified arrays taken from one provider array by distinct values of one member: one pass over it, at the first one's place.
    if (group) {
      if (group[0] === field) readArrayFields(group, 'record', 'record', root, connector.resource.record, code, locals, access, helpers, connector);
      continue;
    }
    readField(field, 'record', 'record', root, connector.resource.record, code, locals, access, helpers, connector);
  }

  const variable = names.bodyParam === 'record' ? 'unifiedRecord' : camelCase(names.bodyParam);
  // A record without a member its unified schema requires (not nullable; Apideck's issue-tracking Ticket requires its
  // id) is no record of it: reported and read as nothing, as a record that is not an object is.
  const required = indispensableMembers(connector.resource.record).filter((name) => root.get(name)?.kind === 'value');
  for (const name of required) {
    const member = root.get(name) as Extract<Member, { kind: 'value' }>;
    code.block(`if (${member.expression} === null)`, () => {
      code.line(`report(${str(name)}, ${str(`is required of ${names.record}, and ${connector.name}'s record gives none: the record is not read`)});`);
      code.line('return undefined;');
    });
  }
  const build: Build = { prelude: [], locals, helpers };
  const { literal, later } = assemble(root, connector.resource.record, '  ', build, new Set(required));
  for (const line of build.prelude) code.line(line);
  code.line(`const ${variable}: ${names.record} = ${literal};`);
  for (const [member, expression] of later) {
    code.line(`if (${expression} !== null) ${assignment(variable, member, expression, helpers)};`);
  }
  code.line(`return ${variable};`);
  return {
    kind: StructureKind.Function,
    name,
    isExported: true,
    docs: [
      commentText(
        `${connector.name}'s \`${connector.recordName}\` as a unified \`${names.record}\`. Never throws: a value of the wrong type or one that cannot be converted is reported and read as null (absent where the spec does not allow null); a record that is not an object is reported and read as undefined.`,
      ),
    ],
    parameters: [
      { name: 'record', type: 'unknown' },
      { name: 'report', type: 'ReportIssue', initializer: 'ignoreIssue' },
    ],
    returnType: `${names.record} | undefined`,
    statements: code.writer(),
  };
}

/** The members a unified record cannot do without: its schema requires them and does not allow null (Ticket's id). */
export function indispensableMembers(record: SchemaNode): string[] {
  return record.required.filter((name) => record.properties.get(name)?.nullable === false);
}

function readField(
  field: FieldIR,
  base: string,
  baseKey: string,
  root: Map<string, Member>,
  unifiedBase: SchemaNode,
  code: Code,
  locals: Locals,
  access: ProviderAccess,
  helpers: HelperRegistry,
  connector: ConnectorIR,
  labelPrefix = '',
): void {
  switch (field.kind) {
    case 'scalar': {
      const text = formatPath(field.unified);
      code.comment(`${text} ← ${formatPath(field.provider)}${field.convert ? ` (${field.convert})` : field.enumMap ? ' (enum map)' : ''}`);
      const local = locals.name(text);
      const expression = readExpression(access.value(base, field.provider, baseKey), field, field.unifiedSchema, labelPrefix + text, helpers, code, locals);
      code.line(`const ${local} = ${expression};`);
      place(root, unifiedBase, field.unified, local);
      return;
    }
    case 'split': {
      const texts = field.unified.map(formatPath);
      code.comment(`${texts.join(' + ')} ← ${formatPath(field.provider)} (${field.convert})`);
      const parts = locals.name(`${texts.join('_')}_parts`);
      code.line(`const ${parts} = ${helpers.reader(field.convert)}(${access.value(base, field.provider, baseKey)}, ${str(texts.join(', '))}, report);`);
      field.unified.forEach((path, index) => {
        const local = locals.name(texts[index]!);
        code.line(`const ${local} = ${parts}?.[${index}] ?? null;`);
        place(root, unifiedBase, path, local);
      });
      return;
    }
    case 'unified-const': {
      const local = locals.name(formatPath(field.unified));
      code.comment(`${formatPath(field.unified)} is always ${JSON.stringify(field.value)}`);
      code.line(`const ${local} = ${json(field.value)} as const;`);
      place(root, unifiedBase, field.unified, local, true);
      return;
    }
    case 'hook': {
      if (!field.readWith) return;
      helpers.usesHooks = true;
      const local = locals.name(formatPath(field.unified));
      const type = providerTypeName(connector, connector.recordName);
      helpers.providerTypes.add(type);
      code.comment(`${formatPath(field.unified)} ← hooks.${field.readWith} (hand-written, type-checked)`);
      code.line(`const ${local} = hooks.${field.readWith}(${base} as unknown as ${type}) ?? null;`);
      place(root, unifiedBase, field.unified, local);
      return;
    }
    case 'array':
      readArrayFields([field], base, baseKey, root, unifiedBase, code, locals, access, helpers, connector);
      return;
    case 'provider-const':
      return;
  }
}

function isObjectItem(item: SchemaNode): boolean {
  return item.type === undefined || item.type === 'object' || item.properties.size > 0;
}

/**
 * Array fields that read the same provider array and pick their elements by
 * distinct values of one member (`channels[] where type = "email"`, `…
 * "telephone"`): no element goes to two of them, so one pass over the array
 * serves them all. Each such group, in mapping order, by each of its fields.
 */
function sharedArrays(fields: readonly FieldIR[]): Map<FieldIR, ArrayFieldIR[]> {
  const bySource = new Map<string, ArrayFieldIR[]>();
  for (const field of fields) {
    if (field.kind !== 'array' || field.where.length === 0) continue;
    const source = formatPath(field.provider);
    bySource.set(source, [...(bySource.get(source) ?? []), field]);
  }
  const out = new Map<FieldIR, ArrayFieldIR[]>();
  for (const group of bySource.values()) {
    if (group.length < 2) continue;
    const keys = group[0]!.where.map((condition) => condition.key).filter((name) => group.every((field) => field.where.some((condition) => condition.key === name)));
    const exclusive = keys.some((name) => new Set(group.map((field) => json(field.where.find((condition) => condition.key === name)!.value))).size === group.length);
    if (exclusive) for (const field of group) out.set(field, group);
  }
  return out;
}

/** One loop over the provider array the fields read (one field, or a group from `sharedArrays`). */
function readArrayFields(
  fields: readonly ArrayFieldIR[],
  base: string,
  baseKey: string,
  root: Map<string, Member>,
  unifiedBase: SchemaNode,
  code: Code,
  locals: Locals,
  access: ProviderAccess,
  helpers: HelperRegistry,
  connector: ConnectorIR,
): void {
  const first = fields[0]!;
  const lists = fields.map((field) => {
    const text = formatPath(field.unified);
    code.comment(`${text}[] ← ${formatPath(field.provider)}[]${field.where.length ? ` where ${field.where.map((w) => `${w.key} = ${JSON.stringify(w.value)}`).join(', ')}` : ''}`);
    const list = locals.name(`${text}_from_${formatPath(field.provider)}`);
    const itemType = field.unifiedItem.name ? pascalCase(field.unifiedItem.name) : 'Record<string, unknown>';
    if (field.unifiedItem.name) helpers.unifiedTypes.add(itemType);
    code.line(`const ${list}: ${itemType}[] = [];`);
    return { field, text, list, itemType };
  });
  const source = locals.name(`${formatPath(first.provider)}_list`);
  code.line(`const ${source} = ${helpers.use('readArray')}(${access.value(base, first.provider, baseKey)}, ${str(formatPath(first.provider))}, report);`);
  const index = locals.name('index');
  code.block(`for (let ${index} = 0; ${index} < ${source}.length; ${index}++)`, () => {
    const element = locals.name('element');
    code.line(`const ${element} = ${source}[${index}];`);
    // Elements of an array of scalars are values themselves (`$`), read and checked by their fields.
    if (isObjectItem(first.providerItem)) {
      code.block(`if (!isObject(${element}))`, () => {
        for (const { text } of lists) code.line(`report(${str(`${text}[`)} + ${index} + ']', 'expected an object, got ' + describeValue(${element}));`);
        code.line('continue;');
      });
    }
    // Conditions read members of an element checked above to be an object: no optional chaining.
    const member = (name: string) => memberRead(element, name, helpers).replace(`${element}?.`, `${element}.`);
    const matches = (field: ArrayFieldIR) => field.where.map((condition) => `${member(condition.key)} === ${json(condition.value)}`).join(' && ');
    if (lists.length === 1) {
      for (const condition of first.where) code.line(`if (${member(condition.key)} !== ${json(condition.value)}) continue;`);
      readElement(first, lists[0]!.list, lists[0]!.itemType, element, baseKey, code, locals, helpers, connector);
      return;
    }
    // The conditions exclude one another: an element that one field skips (`continue`) belongs to no other.
    code.branches(lists.map(({ field, list, itemType }) => ({ condition: matches(field), body: () => readElement(field, list, itemType, element, baseKey, code, locals, helpers, connector) })));
  });
  for (const { field, list } of lists) {
    const member = ensureMember(root, unifiedBase, field.unified);
    if (member?.kind === 'array') member.lists.push(list);
  }
}

/** The body of the loop for one field: the element's members read, checked, and the unified element pushed (or skipped). */
function readElement(
  field: ArrayFieldIR,
  list: string,
  itemType: string,
  element: string,
  baseKey: string,
  code: Code,
  locals: Locals,
  helpers: HelperRegistry,
  connector: ConnectorIR,
): void {
  const text = formatPath(field.unified);
  const inner = new Map<string, Member>();
  const innerAccess = new ProviderAccess(code, locals, helpers, isObjectItem(field.providerItem) ? element : undefined);
  for (const child of field.each) {
    if (!child.direction.read) continue;
    readField(child, element, `${baseKey}/${text}/element`, inner, field.unifiedItem, code, locals, innerAccess, helpers, connector, `${text}[].`);
  }
  // An element without the members its schema requires is skipped (and was reported).
  const required = field.unifiedItem.required.filter((name) => inner.has(name));
  for (const name of required) {
    const member = inner.get(name)!;
    if (member.kind === 'value') code.line(`if (${member.expression} === null) continue;`);
  }
  // As with selected elements: an element without a single mapped value is not worth keeping.
  const values = [...inner.values()].filter((m): m is Extract<Member, { kind: 'value' }> => m.kind === 'value').map((m) => m.expression);
  if (required.length === 0 && values.length > 0) code.line(`if (${values.map((v) => `${v} === null`).join(' && ')}) continue;`);
  const build: Build = { prelude: [], locals, helpers };
  const { literal, later } = assemble(inner, field.unifiedItem, '  ', build, new Set(required));
  for (const line of build.prelude) code.line(line);
  if (later.length === 0) code.line(`${list}.push(${literal});`);
  else {
    const built = locals.name('item');
    code.line(`const ${built}: ${itemType} = ${literal};`);
    for (const [member, expression] of later) code.line(`if (${expression} !== null) ${assignment(built, member, expression, helpers)};`);
    code.line(`${list}.push(${built});`);
  }
}

/** Records that `local` holds the value of unified `path` (below `schema`). */
function place(root: Map<string, Member>, schema: SchemaNode, path: readonly PathSegment[], local: string, constant = false): void {
  const first = path[0]!;
  const child = schema.properties.get(first.name);
  if (!child) return;
  if (path.length === 1) {
    root.set(first.name, { kind: 'value', expression: local, nullable: child.nullable });
    return;
  }
  if (first.selector && child.type === 'array' && child.items) {
    let member = root.get(first.name);
    if (!member || member.kind !== 'array') {
      member = { kind: 'array', item: child.items, groups: [], lists: [] };
      root.set(first.name, member);
    }
    const selectorKey = JSON.stringify(first.selector);
    let group = member.groups.find((g) => JSON.stringify(g.selector) === selectorKey);
    if (!group) {
      group = { selector: first.selector, members: new Map() };
      member.groups.push(group);
    }
    const leaf = path[1]!;
    group.members.set(leaf.name, { expression: local, nullable: child.items.properties.get(leaf.name)?.nullable ?? true, constant });
    return;
  }
  let member = root.get(first.name);
  if (!member || member.kind !== 'object') {
    member = { kind: 'object', schema: child, members: new Map() };
    root.set(first.name, member);
  }
  place(member.members, child, path.slice(1), local, constant);
}

function ensureMember(root: Map<string, Member>, schema: SchemaNode, path: readonly PathSegment[]): Member | undefined {
  const first = path[0]!;
  const child = schema.properties.get(first.name);
  if (!child) return undefined;
  if (path.length === 1) {
    let member = root.get(first.name);
    if (!member && child.type === 'array' && child.items) {
      member = { kind: 'array', item: child.items, groups: [], lists: [] };
      root.set(first.name, member);
    }
    return member;
  }
  let member = root.get(first.name);
  if (!member || member.kind !== 'object') {
    member = { kind: 'object', schema: child, members: new Map() };
    root.set(first.name, member);
  }
  return ensureMember(member.members, child, path.slice(1));
}

/**
 * An object literal of `members` in the schema's member order. Members the
 * spec does not allow to be null are returned in `later`, to be set only
 * when they have a value.
 */
interface Build {
  /** Statements that must run before the literal (array building). */
  prelude: string[];
  locals: Locals;
  helpers: HelperRegistry;
}

function assemble(members: Map<string, Member>, schema: SchemaNode, indent: string, build: Build, guarded: ReadonlySet<string> = new Set()): { literal: string; later: [string, string][] } {
  const lines: string[] = [];
  const later: [string, string][] = [];
  const order = [...schema.properties.keys()].filter((name) => members.has(name));
  for (const name of order) {
    const member = members.get(name)!;
    const k = name === '__proto__' ? `[${str(name)}]` : key(name);
    switch (member.kind) {
      case 'value':
        // Members already checked non-null (an element's required ones) go straight in.
        if (member.nullable || guarded.has(name)) lines.push(`${indent}${k}: ${member.expression},`);
        else later.push([name, member.expression]);
        break;
      case 'object': {
        const inner = assemble(member.members, member.schema, `${indent}  `, build);
        const values = [...member.members.values()].filter((m) => m.kind === 'value').map((m) => (m as { expression: string }).expression);
        const condition = values.length > 0 ? values.map((v) => `${v} !== null`).join(' || ') : 'true';
        // An object with no mapped value at all is left out rather than sent empty.
        lines.push(`${indent}...(${condition} ? { ${k}: ${inner.literal.trim()} } : {}),`);
        break;
      }
      case 'array': {
        // Built before the literal with pushes: no spread of temporary arrays on the hot path.
        const typeName = member.item.name ? pascalCase(member.item.name) : 'Record<string, unknown>';
        if (member.item.name) build.helpers.unifiedTypes.add(typeName);
        if (member.groups.length === 0 && member.lists.length === 1) {
          lines.push(`${indent}${k}: ${member.lists[0]},`);
          break;
        }
        const list = build.locals.name(`${name}_list`);
        const elements = member.groups.map((group) => groupElement(group, member.item, name, typeName, build));
        if (member.lists.length === 0 && elements.length <= MAX_LITERAL_GROUPS) {
          // A literal of exactly the elements present: `[]` then push grows a spare backing store for every record.
          build.prelude.push(`const ${list}: ${typeName}[] = ${presentElements(elements, [])};`);
        } else {
          build.prelude.push(`const ${list}: ${typeName}[] = [];`);
          for (const element of elements) build.prelude.push(`if (${element.guard}) ${list}.push(${element.value});`);
          for (const each of member.lists) build.prelude.push(`for (let i = 0; i < ${each}.length; i++) ${list}.push(${each}[i]!);`);
        }
        lines.push(`${indent}${k}: ${list},`);
        break;
      }
    }
  }
  const close = indent.slice(2);
  if (lines.length === 0) return { literal: '{}', later };
  return { literal: `{\n${lines.join('\n')}\n${close}}`, later };
}

/** Up to this many selected elements, an array is written as one literal per combination present (2^n literals). */
const MAX_LITERAL_GROUPS = 3;

/** One selected element of a unified array: when it is present, and the expression of the element. */
interface PresentElement {
  guard: string;
  value: string;
}

function groupElement(group: ElementGroup, item: SchemaNode, name: string, typeName: string, build: Build): PresentElement {
  const entries = [...group.members.entries()];
  const required = item.required.filter((req) => group.members.has(req));
  // An element needs its required members; otherwise any mapped value makes it worth keeping.
  // A constant member does not make the element: with a value read beside it, the element is there when that value is.
  const read = entries.filter(([, m]) => !m.constant);
  const guard = required.length > 0 ? required.map((req) => `${group.members.get(req)!.expression} !== null`).join(' && ') : (read.length > 0 ? read : entries).map(([, m]) => `${m.expression} !== null`).join(' || ');
  const fields: string[] = [];
  const optional: [string, string][] = [];
  const selectorKey = group.selector.kind === 'match' ? group.selector.key : undefined;
  for (const itemName of item.properties.keys()) {
    const ik = itemName === '__proto__' ? `[${str(itemName)}]` : key(itemName);
    if (itemName === selectorKey && !group.members.has(itemName)) {
      fields.push(`${ik}: ${inline(group.selector.kind === 'match' ? group.selector.value : null)} as const`);
      continue;
    }
    const m = group.members.get(itemName);
    if (!m) continue;
    if (m.nullable || required.includes(itemName)) fields.push(`${ik}: ${m.expression}`);
    else optional.push([itemName, m.expression]);
  }
  if (optional.length === 0) {
    if (!/&&|\|\|/.test(guard)) return { guard, value: `{ ${fields.join(', ')} }` };
    // A compound condition is named once: the array literal below tests it in several branches.
    const present = build.locals.name(`${name}_${group.selector.kind === 'match' ? String(group.selector.value) : group.selector.index}_present`);
    build.prelude.push(`const ${present} = ${guard};`);
    return { guard: present, value: `{ ${fields.join(', ')} }` };
  }
  // Members the spec does not allow to be null are set only when they have a value: the element is built first.
  const element = build.locals.name(`${name}_element`);
  build.prelude.push(`const ${element}: ${typeName} | null = ${guard} ? { ${fields.join(', ')} } : null;`);
  for (const [itemName, expression] of optional) build.prelude.push(`if (${element} !== null && ${expression} !== null) ${assignment(element, itemName, expression, build.helpers)};`);
  return { guard: `${element} !== null`, value: element };
}

/** An array literal of the elements whose guard holds, in order: nested conditionals, one literal per combination. */
function presentElements(elements: readonly PresentElement[], chosen: readonly string[]): string {
  if (elements.length === 0) return `[${chosen.join(', ')}]`;
  const [first, ...rest] = elements;
  const nest = (text: string) => (rest.length > 0 ? `(${text})` : text);
  return `${first!.guard} ? ${nest(presentElements(rest, [...chosen, first!.value]))} : ${nest(presentElements(rest, chosen))}`;
}

function assignment(variable: string, member: string, expression: string, helpers: HelperRegistry): string {
  if (member === '__proto__' || inherited.has(member)) return `${helpers.use('setOwn')}(${variable}, ${str(member)}, ${expression})`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(member) ? `${variable}.${member} = ${expression}` : `${variable}[${str(member)}] = ${expression}`;
}

/** The scalar JSON types an `anyOf` schema takes (a custom field's value: string, number, boolean). */
export function scalarTypesOf(schema: SchemaNode): ('string' | 'number' | 'integer' | 'boolean')[] {
  const types = (schema.anyOf ?? []).map((member) => member.type).filter((type): type is 'string' | 'number' | 'integer' | 'boolean' => type === 'string' || type === 'number' || type === 'integer' || type === 'boolean');
  return [...new Set(types)].sort();
}
