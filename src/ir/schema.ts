/**
 * OpenAPI schemas as the IR sees them: one normalised node per schema, built
 * lazily from the raw document (so a 2 MB published spec costs only what a
 * mapping touches), with `$ref` names kept for type emission and JSON
 * pointers kept for error positions.
 */

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';

export interface SchemaNode {
  /** The component name when this schema is `#/components/schemas/<name>`. */
  readonly name: string | undefined;
  /** Where the schema sits in its document (for positions). */
  readonly pointer: readonly (string | number)[];
  readonly type: JsonType | undefined;
  readonly nullable: boolean;
  readonly enum: readonly unknown[] | undefined;
  readonly format: string | undefined;
  readonly pattern: string | undefined;
  readonly minLength: number | undefined;
  readonly maxLength: number | undefined;
  readonly minimum: number | undefined;
  readonly maximum: number | undefined;
  readonly readOnly: boolean;
  readonly writeOnly: boolean;
  readonly deprecated: boolean;
  readonly title: string | undefined;
  readonly description: string | undefined;
  readonly example: unknown;
  readonly required: readonly string[];
  /**
   * Declared properties, allOf members merged in, in code-unit order of their
   * names: output must not change when a spec reorders its keys.
   */
  readonly properties: ReadonlyMap<string, SchemaNode>;
  readonly additionalProperties: boolean | SchemaNode | undefined;
  readonly items: SchemaNode | undefined;
  readonly anyOf: readonly SchemaNode[] | undefined;
  readonly extensions: Readonly<Record<string, unknown>>;
}

type Raw = Record<string, unknown>;

const isRaw = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

export class SchemaResolver {
  private readonly cache = new Map<string, SchemaNode>();

  constructor(private readonly document: unknown) {}

  /** The node of the component schema `name`, or undefined. */
  component(name: string): SchemaNode | undefined {
    const raw = this.at(['components', 'schemas', name]);
    return raw === undefined ? undefined : this.node(['components', 'schemas', name]);
  }

  componentNames(): string[] {
    const schemas = this.at(['components', 'schemas']);
    return isRaw(schemas) ? Object.keys(schemas) : [];
  }

  /** The raw value at a JSON pointer path. */
  at(pointer: readonly (string | number)[]): unknown {
    let current: unknown = this.document;
    for (const segment of pointer) {
      if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
      else if (isRaw(current) && Object.prototype.hasOwnProperty.call(current, String(segment))) current = current[String(segment)];
      else return undefined;
    }
    return current;
  }

  /** Follows `$ref`s from `pointer` to the schema they name. */
  resolvePointer(pointer: readonly (string | number)[]): { pointer: (string | number)[]; name: string | undefined } {
    let current = [...pointer];
    const componentName = (p: (string | number)[]) => (p.length === 3 && p[0] === 'components' && p[1] === 'schemas' ? String(p[2]) : undefined);
    let name = componentName(current);
    for (let hops = 0; hops < 32; hops++) {
      const raw = this.at(current);
      if (!isRaw(raw) || typeof raw.$ref !== 'string') return { pointer: current, name };
      const target = refPointer(raw.$ref);
      if (target === undefined) return { pointer: current, name };
      name = componentName(target) ?? name;
      current = target;
    }
    return { pointer: current, name };
  }

  node(pointer: readonly (string | number)[]): SchemaNode {
    const resolved = this.resolvePointer(pointer);
    const key = JSON.stringify(resolved.pointer);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const raw = this.at(resolved.pointer);
    const node = this.build(isRaw(raw) ? raw : {}, resolved.pointer, resolved.name);
    this.cache.set(key, node);
    return node;
  }

  private build(raw: Raw, pointer: (string | number)[], name: string | undefined): SchemaNode {
    const resolver = this;
    const allOf = Array.isArray(raw.allOf) ? raw.allOf.map((_, i) => [...pointer, 'allOf', i]) : [];
    let properties: Map<string, SchemaNode> | undefined;
    let items: SchemaNode | undefined | null = null;
    let anyOf: SchemaNode[] | undefined | null = null;
    let additional: boolean | SchemaNode | undefined | null = null;
    const members = allOf.map((p) => resolver.node(p));
    const type = typeof raw.type === 'string' ? (raw.type as JsonType) : members.find((m) => m.type)?.type ?? (isRaw(raw.properties) ? 'object' : undefined);
    const extensions: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) if (key.startsWith('x-')) extensions[key] = value;
    const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return {
      name,
      pointer,
      type,
      nullable: raw.nullable === true || members.some((m) => m.nullable) || (Array.isArray(raw.enum) && raw.enum.includes(null)),
      enum: Array.isArray(raw.enum) ? raw.enum : members.find((m) => m.enum)?.enum,
      format: str(raw.format) ?? members.find((m) => m.format)?.format,
      pattern: str(raw.pattern),
      minLength: num(raw.minLength),
      maxLength: num(raw.maxLength),
      minimum: num(raw.minimum),
      maximum: num(raw.maximum),
      readOnly: raw.readOnly === true,
      writeOnly: raw.writeOnly === true,
      deprecated: raw.deprecated === true,
      title: str(raw.title),
      description: str(raw.description),
      example: raw.example,
      required: [...new Set([...(Array.isArray(raw.required) ? raw.required.filter((r): r is string => typeof r === 'string') : []), ...members.flatMap((m) => m.required)])].sort(),
      get properties() {
        if (!properties) {
          properties = new Map();
          for (const member of members) for (const [key, value] of member.properties) properties.set(key, value);
          if (isRaw(raw.properties)) for (const key of Object.keys(raw.properties)) properties.set(key, resolver.node([...pointer, 'properties', key]));
          properties = new Map([...properties].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
        }
        return properties;
      },
      get additionalProperties() {
        if (additional === null) {
          const value = raw.additionalProperties;
          additional = typeof value === 'boolean' ? value : isRaw(value) ? resolver.node([...pointer, 'additionalProperties']) : members.find((m) => m.additionalProperties !== undefined)?.additionalProperties;
        }
        return additional;
      },
      get items() {
        if (items === null) items = isRaw(raw.items) ? resolver.node([...pointer, 'items']) : members.find((m) => m.items)?.items;
        return items;
      },
      get anyOf() {
        if (anyOf === null) {
          const list = Array.isArray(raw.anyOf) ? raw.anyOf : Array.isArray(raw.oneOf) ? raw.oneOf : undefined;
          const key = Array.isArray(raw.anyOf) ? 'anyOf' : 'oneOf';
          anyOf = list?.map((_, i) => resolver.node([...pointer, key, i]));
        }
        return anyOf;
      },
      extensions,
    };
  }
}

/** A schema the IR makes up (a write schema with virtual members); absent facts default to "none". */
export function syntheticSchema(parts: Partial<SchemaNode> & { pointer: readonly (string | number)[] }): SchemaNode {
  return {
    name: undefined,
    type: undefined,
    nullable: false,
    enum: undefined,
    format: undefined,
    pattern: undefined,
    minLength: undefined,
    maxLength: undefined,
    minimum: undefined,
    maximum: undefined,
    readOnly: false,
    writeOnly: false,
    deprecated: false,
    title: undefined,
    description: undefined,
    example: undefined,
    required: [],
    properties: new Map(),
    additionalProperties: undefined,
    items: undefined,
    anyOf: undefined,
    extensions: {},
    ...parts,
  };
}

/**
 * The pointer of the schema a request body or response at `pointer` carries,
 * following `$ref`s (to components.requestBodies or responses); `pick`
 * chooses among its media types. Undefined when there is none.
 */
export function mediaSchemaPointer(resolver: SchemaResolver, pointer: readonly (string | number)[], pick: (mediaTypes: string[]) => string | undefined): (string | number)[] | undefined {
  let current = [...pointer];
  // A bounded walk: a $ref cycle ends as "no schema", not a hang.
  for (let hops = 0; hops < 8; hops++) {
    const raw = resolver.at(current);
    if (!isRaw(raw)) return undefined;
    if (typeof raw.$ref === 'string') {
      const target = refPointer(raw.$ref);
      if (!target) return undefined;
      current = target;
      continue;
    }
    if (!isRaw(raw.content)) return undefined;
    const type = pick(Object.keys(raw.content));
    return type ? [...current, 'content', type, 'schema'] : undefined;
  }
  return undefined;
}

/** `#/components/schemas/Customer` → ['components', 'schemas', 'Customer']; undefined for external refs. */
export function refPointer(ref: string): string[] | undefined {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The JSON types a value of this schema can have (null included when nullable). */
export function describeType(node: SchemaNode): string {
  const base = node.type ?? (node.anyOf ? node.anyOf.map(describeType).join(' | ') : 'any');
  const withFormat = node.format ? `${base} (${node.format})` : base;
  return node.nullable ? `${withFormat} | null` : withFormat;
}
