/**
 * `<provider>/transformers.gen.ts`: the mapping as straight TypeScript.
 * One read function (provider record → unified record) and one write
 * function per write operation (unified record → provider request record).
 * No interpreter: each field becomes a few lines of code.
 */

import { StructureKind, VariableDeclarationKind, type FunctionDeclarationStructure } from 'ts-morph';
import type {
  ArrayFieldIR,
  ConnectorIR,
  ConstraintsIR,
  SplitFieldIR,
  WriteTargetIR,
  EnumMapIR,
  FieldIR,
  OperationIR,
  PathSegment,
  ScalarFieldIR,
  Template,
  UnifiedIR,
} from '../ir/model.js';
import { camelCase, pascalCase } from '../ir/names.js';
import { formatPath } from '../ir/paths.js';
import type { SchemaNode } from '../ir/schema.js';
import { Code, Locals } from './code.js';
import type { EmitContext } from './context.js';
import { commentText, constStatement, inline, json, key, str } from './literals.js';
import { header, type Statement } from './printer.js';
import { providerTypeName } from './provider-types.js';
import { UNIFIED_TYPES, unifiedNames } from './unified.js';

// Members every object inherits: reading or writing them directly would touch the prototype.
const inherited = new Set(Object.getOwnPropertyNames(Object.prototype));

export function transformerNames(connector: ConnectorIR, unified: UnifiedIR) {
  const names = unifiedNames(unified);
  const noun = pascalCase(names.bodyParam);
  return {
    read: `toUnified${noun}`,
    write: (operation: OperationIR) => `to${connector.typeStem}${pascalCase(operation.id)}Body`,
  };
}

export function transformersFile(connector: ConnectorIR, unified: UnifiedIR, context: EmitContext, file: string): string {
  const names = unifiedNames(unified);
  const fnNames = transformerNames(connector, unified);
  const body: Statement[] = [];
  const helpers = new HelperRegistry(connector);

  body.push(readFunction(connector, unified, fnNames.read, helpers));
  for (const operation of connector.operations) {
    if ('unsupported' in operation || !operation.body) continue;
    body.push(writeFunction(connector, unified, operation, fnNames.write(operation), helpers));
  }

  const runtimeImports = new Set(helpers.runtime);
  const typeImports = [...new Set([names.record, ...(helpers.needsInput ? [names.recordInput] : []), ...helpers.unifiedTypes])].sort();
  const statements: Statement[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: context.runtime(file),
      namedImports: [...runtimeImports].sort().map((name) => (name === 'FieldIssue' || name === 'ReportIssue' ? { name, isTypeOnly: true } : name)),
    },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: context.sibling(file, UNIFIED_TYPES), namedImports: typeImports.map((name) => ({ name, isTypeOnly: true })) },
  ];
  if (helpers.providerTypes.size > 0) {
    statements.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: context.sibling(file, `${connector.service}/types.gen.ts`),
      namedImports: [...helpers.providerTypes].sort().map((name) => ({ name, isTypeOnly: true })),
    });
  }
  if (helpers.usesHooks && connector.files.hooks) {
    statements.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: context.project(file, connector.files.hooks), namespaceImport: 'hooks' });
  }
  for (const [name, converter] of [...helpers.converters].sort()) {
    statements.push({
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: converter, initializer: `converters[${str(name)}]` }],
    });
  }
  for (const [name, value] of helpers.constants) statements.push(constStatement(name, undefined, `${value} as const`, [], false));
  for (const [converter, reader] of [...helpers.readers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const local = helpers.converter(converter);
    statements.push({
      kind: StructureKind.Function,
      name: reader,
      docs: [commentText(`A provider value through the '${converter}' converter: null when absent, reported and null when it cannot be converted.`)],
      parameters: [
        { name: 'value', type: 'unknown' },
        { name: 'field', type: 'string' },
        { name: 'report', type: 'ReportIssue' },
      ],
      returnType: `NonNullable<ReturnType<typeof ${local}.read>> | null`,
      statements: [
        'if (value === undefined || value === null) return null;',
        `const converted = ${local}.read(value);`,
        'if (converted !== undefined) return converted;',
        "report(field, 'cannot convert ' + describeValue(value));",
        'return null;',
      ],
    });
  }
  statements.push(...body, ...helpers.functions);
  return context.printer.print(file, header([connector.files.mapping, connector.files.providerSpec, unified.file, ...(connector.files.hooks ? [connector.files.hooks] : [])]), statements);
}

/** Shared state while emitting one file: imports used, converters, enum maps. */
class HelperRegistry {
  readonly runtime = new Set<string>();
  readonly converters = new Map<string, string>();
  readonly providerTypes = new Set<string>();
  readonly unifiedTypes = new Set<string>();
  /** Module-level functions (enum maps, array element writers): one per distinct body, however many transformers call it. */
  readonly functions: FunctionDeclarationStructure[] = [];
  private readonly functionsByBody = new Map<string, string>();
  /** Module-level constants (rule objects), so hot code allocates nothing per call. */
  readonly constants = new Map<string, string>();
  /** Per converter: a reader of its own, so each call site of a converter stays monomorphic. */
  readonly readers = new Map<string, string>();
  needsInput = false;
  usesHooks = false;

  constructor(readonly connector: ConnectorIR) {}

  use(name: string): string {
    this.runtime.add(name);
    return name;
  }

  constant(hint: string, value: string): string {
    for (const [name, existing] of this.constants) if (existing === value) return name;
    let name = `${camelCase(hint) || 'rules'}Rules`;
    for (let i = 2; this.constants.has(name); i++) name = `${camelCase(hint) || 'rules'}Rules${i}`;
    this.constants.set(name, value);
    return name;
  }

  /** `readDateTime(value, field, report)`: null for nothing, the converted value, or null reported. */
  reader(name: string): string {
    let reader = this.readers.get(name);
    if (!reader) {
      reader = `read${pascalCase(name) || 'Converted'}`;
      this.readers.set(name, reader);
      this.converter(name);
      this.use('describeValue');
      this.use('ReportIssue');
    }
    return reader;
  }

  converter(name: string): string {
    this.runtime.add('converters');
    let local = this.converters.get(name);
    if (!local) {
      local = `${camelCase(name) || 'converter'}Converter`;
      this.converters.set(name, local);
    }
    return local;
  }

  /**
   * A module-level function named from `base`; a function with the same
   * signature and body already emitted is reused (an update writes an array
   * element as a create does).
   */
  shared(base: string, structure: Omit<FunctionDeclarationStructure, 'kind' | 'name' | 'statements'>, body: Code): string {
    const key = `${JSON.stringify([structure.parameters, structure.returnType, structure.docs])}\n${body.text()}`;
    const existing = this.functionsByBody.get(key);
    if (existing) return existing;
    let name = base;
    for (let i = 2; this.functions.some((f) => f.name === name); i++) name = `${base}${i}`;
    this.functions.push({ ...structure, kind: StructureKind.Function, name, statements: body.writer() });
    this.functionsByBody.set(key, name);
    return name;
  }

  /** A function mapping provider values to unified ones (read) or back (write). */
  enumFunction(map: EnumMapIR, direction: 'read' | 'write', unifiedField: string, unifiedType: string): string {
    const base = `${camelCase(unifiedField.replace(/\[[^\]]*\]/g, '')) || 'value'}${direction === 'read' ? 'FromProvider' : 'ToProvider'}`;
    const code = new Code();
    if (direction === 'read') {
      this.use('ReportIssue');
      this.use('describeValue');
      code.block('switch (value)', () => {
        for (const entry of map.entries) code.line(`case ${json(entry.provider)}:`).line(`  return ${json(entry.unified)};`);
        code.line('default:');
        code.line('  if (value === undefined || value === null) return null;');
        if (map.readFallback !== undefined) code.line(`  return ${json(map.readFallback)};`);
        else {
          code.line(`  report(field, 'has no unified value for ' + describeValue(value));`);
          code.line('  return null;');
        }
      });
      return this.shared(
        base,
        {
          docs: [commentText(`Provider values of ${unifiedField} → unified values (fallback: ${map.readFallback === undefined ? 'none, reported' : JSON.stringify(map.readFallback)}).`)],
          parameters: [
            { name: 'value', type: 'unknown' },
            { name: 'field', type: 'string' },
            { name: 'report', type: 'ReportIssue' },
          ],
          returnType: `${unifiedType} | null`,
        },
        code,
      );
    }
    code.block('switch (value)', () => {
      for (const entry of map.writes) code.line(`case ${json(entry.unified)}:`).line(`  return ${json(entry.provider)};`);
      code.line('default:');
      code.line(`  return ${map.writeFallback === undefined ? 'undefined' : json(map.writeFallback)};`);
    });
    return this.shared(
      base,
      {
        docs: [commentText(`Unified values of ${unifiedField} → provider values (fallback: ${map.writeFallback === undefined ? 'none' : JSON.stringify(map.writeFallback)}).`)],
        parameters: [{ name: 'value', type: 'unknown' }],
        returnType: 'string | number | boolean | null | undefined',
      },
      code,
    );
  }
}

// ---- reading: provider → unified -----------------------------------------------------------

/** Where a provider value lives: an expression for its parent object, and its member name. */
class ProviderAccess {
  private readonly hoisted = new Map<string, string>();

  constructor(
    private readonly code: Code,
    private readonly locals: Locals,
    private readonly helpers: HelperRegistry,
  ) {}

  /** An expression of the raw value at `segments` below `base` (an object expression). */
  value(base: string, segments: readonly PathSegment[], baseKey: string): string {
    let parent = base;
    let parentKey = baseKey;
    for (let i = 0; i < segments.length - 1; i++) {
      const segment = segments[i]!;
      const keyText = `${parentKey}/${formatPath([segment])}`;
      let local = this.hoisted.get(keyText);
      if (!local) {
        local = this.locals.name(`${segment.name}${segment.selector ? `_${segment.selector.kind === 'index' ? segment.selector.index : segment.selector.value}` : ''}`);
        const raw = memberRead(parent, segment.name, this.helpers);
        const field = str(formatPath(segments.slice(0, i + 1)));
        if (segment.selector?.kind === 'match') {
          this.code.line(`const ${local} = ${this.helpers.use('findElement')}(${raw}, ${str(segment.selector.key)}, ${json(segment.selector.value)});`);
        } else if (segment.selector?.kind === 'index') {
          this.code.line(`const ${local} = ${this.helpers.use('elementAt')}(${raw}, ${segment.selector.index});`);
        } else {
          this.code.line(`const ${local} = ${this.helpers.use('readObject')}(${raw}, ${field}, report);`);
        }
        this.hoisted.set(keyText, local);
      }
      parent = local;
      parentKey = keyText;
    }
    return memberRead(parent, segments[segments.length - 1]!.name, this.helpers);
  }
}

/** `object.name`, `object?.['na-me']`, or an own-member read for inherited names. */
function memberRead(object: string, name: string, helpers: HelperRegistry): string {
  const optional = object === 'record' || object === 'element' ? '' : '?';
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
  return fit;
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
  members: Map<string, { expression: string; nullable: boolean }>;
}

function readFunction(connector: ConnectorIR, unified: UnifiedIR, name: string, helpers: HelperRegistry): FunctionDeclarationStructure {
  const names = unifiedNames(unified);
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
  for (const field of connector.fields) {
    if (!field.direction.read) continue;
    readField(field, 'record', 'record', root, unified.record, code, locals, access, helpers, connector);
  }

  const variable = names.bodyParam === 'record' ? 'unifiedRecord' : camelCase(names.bodyParam);
  const build: Build = { prelude: [], locals, helpers };
  const { literal, later } = assemble(root, unified.record, '  ', build);
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
      place(root, unifiedBase, field.unified, local);
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
      readArrayField(field, base, baseKey, root, unifiedBase, code, locals, access, helpers, connector);
      return;
    case 'provider-const':
      return;
  }
}

function readArrayField(
  field: ArrayFieldIR,
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
  const text = formatPath(field.unified);
  code.comment(`${text}[] ← ${formatPath(field.provider)}[]${field.where.length ? ` where ${field.where.map((w) => `${w.key} = ${JSON.stringify(w.value)}`).join(', ')}` : ''}`);
  const list = locals.name(`${text}_from_${formatPath(field.provider)}`);
  const itemType = field.unifiedItem.name ? pascalCase(field.unifiedItem.name) : 'Record<string, unknown>';
  if (field.unifiedItem.name) helpers.unifiedTypes.add(itemType);
  code.line(`const ${list}: ${itemType}[] = [];`);
  const source = locals.name(`${formatPath(field.provider)}_list`);
  code.line(`const ${source} = ${helpers.use('readArray')}(${access.value(base, field.provider, baseKey)}, ${str(formatPath(field.provider))}, report);`);
  const index = locals.name('index');
  code.block(`for (let ${index} = 0; ${index} < ${source}.length; ${index}++)`, () => {
    const element = locals.name('element');
    code.line(`const ${element} = ${source}[${index}];`);
    code.block(`if (!isObject(${element}))`, () => {
      code.line(`report(${str(`${text}[`)} + ${index} + ']', 'expected an object, got ' + describeValue(${element}));`);
      code.line('continue;');
    });
    for (const condition of field.where) {
      code.line(`if (${memberRead(element, condition.key, helpers).replace(`${element}?.`, `${element}.`)} !== ${json(condition.value)}) continue;`);
    }
    const inner = new Map<string, Member>();
    const innerAccess = new ProviderAccess(code, locals, helpers);
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
  });
  const member = ensureMember(root, unifiedBase, field.unified);
  if (member?.kind === 'array') member.lists.push(list);
}

/** Records that `local` holds the value of unified `path` (below `schema`). */
function place(root: Map<string, Member>, schema: SchemaNode, path: readonly PathSegment[], local: string): void {
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
    group.members.set(leaf.name, { expression: local, nullable: child.items.properties.get(leaf.name)?.nullable ?? true });
    return;
  }
  let member = root.get(first.name);
  if (!member || member.kind !== 'object') {
    member = { kind: 'object', schema: child, members: new Map() };
    root.set(first.name, member);
  }
  place(member.members, child, path.slice(1), local);
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
        build.prelude.push(`const ${list}: ${typeName}[] = [];`);
        for (const group of member.groups) {
          const entries = [...group.members.entries()];
          const required = member.item.required.filter((req) => group.members.has(req));
          // An element needs its required members; otherwise any mapped value makes it worth keeping.
          const guard = required.length > 0 ? required.map((req) => `${group.members.get(req)!.expression} !== null`).join(' && ') : entries.map(([, m]) => `${m.expression} !== null`).join(' || ');
          const fields: string[] = [];
          const optional: [string, string][] = [];
          const selectorKey = group.selector.kind === 'match' ? group.selector.key : undefined;
          for (const itemName of member.item.properties.keys()) {
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
            build.prelude.push(`if (${guard}) ${list}.push({ ${fields.join(', ')} });`);
          } else {
            const element = build.locals.name(`${name}_element`);
            build.prelude.push(`if (${guard}) {`);
            build.prelude.push(`  const ${element}: ${typeName} = { ${fields.join(', ')} };`);
            for (const [itemName, expression] of optional) build.prelude.push(`  if (${expression} !== null) ${assignment(element, itemName, expression, build.helpers)};`);
            build.prelude.push(`  ${list}.push(${element});`);
            build.prelude.push('}');
          }
        }
        for (const each of member.lists) build.prelude.push(`for (let i = 0; i < ${each}.length; i++) ${list}.push(${each}[i]!);`);
        lines.push(`${indent}${k}: ${list},`);
        break;
      }
    }
  }
  const close = indent.slice(2);
  if (lines.length === 0) return { literal: '{}', later };
  return { literal: `{\n${lines.join('\n')}\n${close}}`, later };
}

function assignment(variable: string, member: string, expression: string, helpers: HelperRegistry): string {
  if (member === '__proto__' || inherited.has(member)) return `${helpers.use('setOwn')}(${variable}, ${str(member)}, ${expression})`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(member) ? `${variable}.${member} = ${expression}` : `${variable}[${str(member)}] = ${expression}`;
}

// ---- writing: unified → provider ------------------------------------------------------------

function writeFunction(connector: ConnectorIR, unified: UnifiedIR, operation: OperationIR, name: string, helpers: HelperRegistry): FunctionDeclarationStructure {
  const names = unifiedNames(unified);
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
  code.line(`return out as Partial<${outType}>;`);

  return {
    kind: StructureKind.Function,
    name,
    isExported: true,
    docs: [
      commentText(
        `A unified ${names.bodyParam} as the record ${operation.id} sends to ${connector.name}${operation.body?.wrap ? ` (before wrapping in \`${operation.body.wrap}\`)` : ''}. Only members present on the input are written${clearing ? '; null, and an element left out of a given array, clear the provider value' : ''}. Values the provider cannot take are added to \`issues\`.`,
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
  if (operation.unified.kind !== 'create') return out;
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
            else if (field.unified.some((s) => s.selector)) code.line(`issues.push({ field: ${label}, message: ${str(`cannot be cleared: ${connector.name} requires a value, so the stored one is left as it is`)}, dropped: true });`);
            else code.line(`issues.push({ field: ${label}, message: ${str(`cannot be cleared: ${connector.name} requires a value`)} });`);
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
            else code.line(`else issues.push({ field: ${label}, message: ${str(`cannot be cleared: ${connector.name} requires a value`)} });`);
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
            code.line(`for (let ${index} = 0; ${index} < ${source}.length; ${index}++) ${list}.push(${writeElement.name}(${source}[${index}]!, ${index}, issues${writeElement.settings ? ', settings' : ''}));`);
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
  code.line('const item: Record<string, unknown> = {};');
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
      returnType: 'Record<string, unknown>',
    },
    code,
  );
  return { name, settings: at.settings };
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
    code.line(`${assignPath(item, field.provider.map((s) => s.name), field.numeric ? `Number(${expression})` : expression, helpers)};`);
    return;
  }
  const text = formatPath(field.unified);
  const value = locals.name(`${text}_value`);
  code.line(`const ${value} = ${unifiedPathExpr(element, field.unified)};`);
  const label = `${str(at.prefix)} + ${at.index} + ${str(`].${text}`)}`;
  const target = field.provider.map((s) => s.name);
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
function targetOf(field: ScalarFieldIR | SplitFieldIR, operationId: string): WriteTargetIR {
  return field.writes.find((w) => w.operation === operationId) ?? { operation: operationId, nullable: field.providerSchema.nullable, constraints: {} };
}

function constraintCheck(expression: string, constraints: ConstraintsIR, label: string, code: Code, helpers: HelperRegistry): void {
  const rules: Record<string, unknown> = {};
  if (constraints.maxLength !== undefined) rules.maxLength = constraints.maxLength;
  if (constraints.minLength !== undefined) rules.minLength = constraints.minLength;
  if (constraints.pattern !== undefined) rules.pattern = constraints.pattern;
  if (constraints.enum !== undefined) rules.enum = constraints.enum;
  if (Object.keys(rules).length === 0) return;
  code.line(`${helpers.use('checkRules')}(${expression}, ${label}, issues, ${inline(rules)});`);
}

function relative(path: readonly PathSegment[], prefix: readonly string[]): string[] {
  return path.slice(prefix.length).map((segment) => segment.name);
}

function unifiedPathExpr(base: string, path: readonly PathSegment[]): string {
  return path.reduce((expr, segment) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment.name) && !inherited.has(segment.name) ? `${expr}?.${segment.name}` : `(${expr} as Record<string, unknown> | undefined)?.[${str(segment.name)}]`), base);
}

function readPathExpr(base: string, path: readonly string[]): string {
  if (path.length === 1) return `${base}[${str(path[0]!)}]`;
  return `${base}[${str(path[0]!)}]`; // nested array targets are set through setIn and read back as a fresh list
}

function assignPath(base: string, path: readonly string[], expression: string, helpers: HelperRegistry): string {
  if (path.length === 1) {
    const name = path[0]!;
    if (name === '__proto__' || inherited.has(name)) return `${helpers.use('setOwn')}(${base}, ${str(name)}, ${expression})`;
    return `${base}[${str(name)}] = ${expression}`;
  }
  return `${helpers.use('setIn')}(${base}, ${inline([...path])}, ${expression})`;
}

/** A template as a TypeScript expression over `scope` (settings values are strings). */
export function templateExpression(template: Template): string {
  const parts = template.parts.map((part) => {
    switch (part.kind) {
      case 'text':
        return str(part.text);
      case 'settings':
      case 'credentials':
        return `(${part.kind}[${str(part.name)}] ?? '')`;
      case 'uuid':
        return 'newIdempotencyKey()';
      default:
        return "''";
    }
  });
  return parts.length === 0 ? "''" : parts.join(' + ');
}
