/**
 * Whether two nodes are one schema: the same node, the same component by
 * name, or read from the same place in the document (a `$ref` followed twice).
 * A schema merged from several (`allOf`) has no place of its own.
 */
export function sameSchema(a: SchemaNode, b: SchemaNode): boolean {
  return a === b || (a.name !== undefined && a.name === b.name) || (a.pointer.length > 0 && a.pointer.length === b.pointer.length && a.pointer.every((part, i) => part === b.pointer[i]));
}

/**
 * OpenAPI schemas as the IR sees them: one normalised node per schema, built
 * lazily from the raw document (so a 2 MB published spec costs only what a
 * mapping touches), with `$ref` names kept for type emission and JSON
 * pointers kept for error positions.
 */

import { GenerationError, type Diagnostic } from '../diagnostics.js';
import { arrayIndex } from '../parse/pointer.js';
import type { OpenApiSource } from '../parse/openapi.js';
import type { YamlSource } from '../parse/source.js';

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';

/** The values of a schema's `type`: the JSON types, and `null` (3.1). */
const SCHEMA_TYPES: ReadonlySet<string> = new Set<JsonType | 'null'>(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

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
  /** A bound the value must lie strictly beyond: 3.1's number, or 3.0's `minimum` made exclusive by `exclusiveMinimum: true` (then `minimum` is undefined). */
  readonly exclusiveMinimum: number | undefined;
  readonly exclusiveMaximum: number | undefined;
  readonly multipleOf: number | undefined;
  readonly readOnly: boolean;
  readonly writeOnly: boolean;
  readonly deprecated: boolean;
  readonly title: string | undefined;
  readonly description: string | undefined;
  readonly example: unknown;
  readonly required: readonly string[];
  /**
   * Sets of members of which at least one must be sent in full, from `anyOf`/`oneOf`
   * alternatives that differ in what they require (`email` or `external_id`);
   * empty when there is no such choice. Members every alternative requires are in `required`.
   */
  readonly requiredAlternatives: readonly (readonly string[])[];
  /**
   * Declared properties, allOf members merged in and the members of every
   * `oneOf`/`anyOf` alternative united, in code-unit order of their names:
   * output must not change when a spec reorders its keys.
   */
  readonly properties: ReadonlyMap<string, SchemaNode>;
  readonly additionalProperties: boolean | SchemaNode | undefined;
  readonly items: SchemaNode | undefined;
  /** The alternatives of `oneOf`/`anyOf` (or of a 3.1 type array) that have a shape of their own; null alternatives become `nullable`. */
  readonly anyOf: readonly SchemaNode[] | undefined;
  readonly extensions: Readonly<Record<string, unknown>>;
  /**
   * The alternatives a value must fit, kept apart (`properties` unites them):
   * for checking a value against each. Undefined when there is no choice of
   * two or more; a choice inside an allOf member is the schema's own.
   */
  readonly choice: SchemaChoice | undefined;
  readonly minItems: number | undefined;
  readonly maxItems: number | undefined;
  readonly uniqueItems: boolean;
  readonly minProperties: number | undefined;
  readonly maxProperties: number | undefined;
  /** 3.1's `prefixItems`: the schemas of the first elements, in order (`items` is then the rest's). */
  readonly prefixItems: readonly SchemaNode[] | undefined;
  /** Members whose names match a pattern, and the schema their values fit; a closed schema takes them too. */
  readonly patternProperties: readonly { readonly pattern: string; readonly schema: SchemaNode }[];
  /** 3.1's `dependentRequired`: a member present requires these others. */
  readonly dependentRequired: ReadonlyMap<string, readonly string[]>;
  /** What a value must fit none of: the schema's own `not` and its allOf members'. */
  readonly not: readonly SchemaNode[];
}

export interface SchemaChoice {
  /** `oneOf`: a value is exactly one alternative; `anyOf` (and a 3.1 type array): at least one. */
  readonly kind: 'oneOf' | 'anyOf';
  /**
   * Each alternative as a value of the schema must be: an object alternative
   * with the schema's own members, its allOf members' and its required ones
   * (closed where either is), any other alternative as it is. In the document's order.
   */
  readonly alternatives: readonly SchemaNode[];
  /** The members every alternative has (the schema's own and its allOf members'). */
  readonly shared: ReadonlyMap<string, SchemaNode>;
  /** `discriminator`: the member whose value names the alternative, each name with its alternative's index. */
  readonly discriminator: { readonly propertyName: string; readonly names: ReadonlyMap<string, number>; readonly listed: readonly string[] } | undefined;
}

type Raw = Record<string, unknown>;

const isRaw = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The resolver of each document this process has read. A node depends on
 * the document alone, which the document cache (parse/openapi.ts) keeps
 * frozen and hands back for an unchanged text: every generation from it
 * (a test run makes hundreds, a `--watch` session one per edit) shares the
 * nodes already built instead of building them again. A `$ref` loop is
 * still found on every walk that meets it: the walk runs before the cache.
 */
const resolvers = new WeakMap<OpenApiSource, SchemaResolver>();

export function resolverOf(spec: OpenApiSource): SchemaResolver {
  let resolver = resolvers.get(spec);
  if (!resolver) resolvers.set(spec, (resolver = new SchemaResolver(spec.document, spec.source)));
  return resolver;
}

export class SchemaResolver {
  private readonly cache = new Map<string, SchemaNode>();
  /**
   * The schemas being built, innermost last, each with the slot its node goes
   * into when done. A schema reached again while it is being built is a cycle
   * (see `node` and `member`).
   */
  private readonly building: { key: string; slot: { node?: SchemaNode }; tainted: boolean }[] = [];

  /**
   * Whether a `$ref` is read with the keywords beside it (OpenAPI 3.1, where a
   * schema is JSON Schema 2020-12: `{ $ref: Notes, readOnly: true }` is Notes,
   * read-only); 3.0 ignores them, as its Reference Object says.
   */
  private readonly refSiblings: boolean;

  /** `source`, when given, is the document's text: a `$ref` cycle is reported at its line. */
  constructor(
    private readonly document: unknown,
    private readonly source?: YamlSource,
  ) {
    this.refSiblings = isRaw(document) && typeof document.openapi === 'string' && document.openapi.startsWith('3.1');
  }

  /** The schema a `$ref` beside other keywords names, which is then a member of the schema holding it (as in `allOf`). */
  private refMember(raw: Raw): (string | number)[] | undefined {
    return this.refSiblings && typeof raw.$ref === 'string' && hasSiblings(raw) ? refPointer(raw.$ref) : undefined;
  }

  /** The node of the component schema `name`, or undefined. */
  component(name: string): SchemaNode | undefined {
    const raw = this.at(['components', 'schemas', name]);
    return raw === undefined ? undefined : this.node(['components', 'schemas', name]);
  }

  componentNames(): string[] {
    const schemas = this.at(['components', 'schemas']);
    return isRaw(schemas) ? Object.keys(schemas) : [];
  }

  /**
   * The value at `pointer` and where it is, its local `$ref`s followed (a
   * parameter, response or request body given by reference). A bounded walk:
   * a cycle, or a reference out of the document, ends on the last `$ref`.
   */
  followed(pointer: readonly (string | number)[]): { pointer: (string | number)[]; raw: unknown } {
    let at = [...pointer];
    let raw = this.at(at);
    for (let hops = 0; hops < 16 && isRaw(raw) && typeof raw.$ref === 'string'; hops++) {
      const target = refPointer(raw.$ref);
      if (!target) break;
      at = target;
      raw = this.at(at);
    }
    return { pointer: at, raw };
  }

  /** The raw value at a JSON pointer path. */
  at(pointer: readonly (string | number)[]): unknown {
    let current: unknown = this.document;
    for (const segment of pointer) {
      if (Array.isArray(current)) {
        const index = arrayIndex(segment);
        if (index === undefined || index >= current.length) return undefined;
        current = current[index];
      } else if (isRaw(current) && Object.prototype.hasOwnProperty.call(current, String(segment))) current = current[String(segment)];
      else return undefined;
    }
    return current;
  }

  /**
   * Follows `$ref`s from `pointer` to the schema they name, and through
   * wrappers that only hold one `allOf`/`oneOf`/`anyOf` member (published
   * documents wrap request bodies as `oneOf: [$ref]`): they are that member.
   *
   * Every step of this walk only says "the schema is the one over there", so
   * a walk that comes back to where it has been never reaches a schema that
   * says anything (`A: {$ref: B}`, `B: {$ref: A}`; `Loop: {allOf: [$ref: Loop]}`).
   * Read as "no schema", that would let any path below it pass unchecked:
   * it is an input error, at the cycle's first `$ref` in the document.
   */
  resolvePointer(pointer: readonly (string | number)[]): { pointer: (string | number)[]; name: string | undefined } {
    const walked = this.walkToSchema(pointer);
    if ('loop' in walked) throw new GenerationError([this.loopDiagnostic(walked.loop)]);
    return walked;
  }

  /**
   * The pure loops the walks from `holders` (objects holding a `$ref` into
   * the schemas) run into, one diagnostic each, whether or not an operation
   * reaches them: the document's fault either way, told apart by the caller.
   */
  loopsFrom(holders: readonly (readonly (string | number)[])[]): Diagnostic[] {
    const loops = new Map<string, Diagnostic>();
    for (const holder of holders) {
      const walked = this.walkToSchema(holder);
      if (!('loop' in walked)) continue;
      const diagnostic = this.loopDiagnostic(walked.loop);
      loops.set(`${diagnostic.position?.line}:${diagnostic.position?.col}`, diagnostic);
    }
    return [...loops.values()];
  }

  /** resolvePointer's walk: where it ends, or the pointers of the loop it came back round (from the first one met again). */
  private walkToSchema(pointer: readonly (string | number)[]): { pointer: (string | number)[]; name: string | undefined } | { loop: (string | number)[][] } {
    let current = [...pointer];
    const componentName = (p: (string | number)[]) => (p.length === 3 && p[0] === 'components' && p[1] === 'schemas' ? String(p[2]) : undefined);
    let name = componentName(current);
    const seen: string[] = [];
    const trail: (string | number)[][] = [];
    for (;;) {
      const key = JSON.stringify(current);
      const again = seen.indexOf(key);
      if (again >= 0) return { loop: trail.slice(again) };
      seen.push(key);
      trail.push(current);
      const raw = this.at(current);
      if (!isRaw(raw)) return { pointer: current, name };
      if (typeof raw.$ref === 'string' && this.refMember(raw) === undefined) {
        const target = refPointer(raw.$ref);
        if (target === undefined) return { pointer: current, name };
        name = componentName(target) ?? name;
        current = target;
        continue;
      }
      const wrapped = soleMember(raw);
      if (!wrapped) return { pointer: current, name };
      current = [...current, wrapped, 0];
      name = componentName(current);
    }
  }

  /**
   * The error for a walk of `$ref`s and one-member wrappers that came round
   * `loop`. It is reported at the loop's `$ref` that comes first in the
   * document (a wrapper around it is only the way in), and named from there,
   * wherever the walk entered: a loop reached from two places, or found
   * both as a document fault and by a mapping's path, is one diagnostic.
   */
  private loopDiagnostic(loop: (string | number)[][]): Diagnostic {
    const refs = loop.map((p, i) => ({ p, i })).filter(({ p }) => {
      const raw = this.at(p);
      return isRaw(raw) && typeof raw.$ref === 'string';
    });
    const first = refs.reduce<{ p: (string | number)[]; i: number } | undefined>((a, b) => (a === undefined || compareOrder(this.documentOrder(b.p), this.documentOrder(a.p)) < 0 ? b : a), undefined);
    const at = first?.i ?? 0;
    const rotated = [...loop.slice(at), ...loop.slice(0, at)];
    const start = rotated[0]!;
    const ref = String((this.at(start) as Raw).$ref);
    const label = (p: (string | number)[]) => (p.length >= 3 && p[0] === 'components' && p[1] === 'schemas' ? String(p[2]) : `#/${p.join('/')}`);
    // Named by the schemas the loop passes through (a wrapper's member is its schema's), each once in a row.
    const names = rotated.map(label).filter((l, i, all) => i === 0 || l !== all[i - 1]);
    if (names.length > 1 && names[names.length - 1] === names[0]) names.pop();
    const chain = [...names, names[0]!].join(' → ');
    const fields = {
      code: 'broken-ref' as const,
      message: `$ref '${ref}' refers only to itself: ${chain} never says what the schema is`,
      hint: 'point the $ref at the schema meant, or give one schema in the loop a `type` and `properties` of its own',
    };
    return this.source ? this.source.diagnostic([...start, '$ref'], fields) : { file: '(document)', ...fields };
  }

  /** Where `pointer` comes in the document: each step's index among its siblings, to compare in document order. */
  private documentOrder(pointer: readonly (string | number)[]): number[] {
    const order: number[] = [];
    let current: unknown = this.document;
    for (const segment of pointer) {
      if (Array.isArray(current)) {
        const index = arrayIndex(segment) ?? 0;
        order.push(index);
        current = current[index];
      } else if (isRaw(current)) {
        order.push(Object.keys(current).indexOf(String(segment)));
        current = current[String(segment)];
      } else break;
    }
    return order;
  }

  /**
   * The node of the schema at `pointer`. Asked for while that schema is
   * still being built (a member's member refers back to it: a tree whose
   * `children` are trees), the answer is a node that reads the finished one:
   * the recursion is kept, and walked only as deep as a path goes.
   */
  node(pointer: readonly (string | number)[]): SchemaNode {
    const resolved = this.resolvePointer(pointer);
    const key = JSON.stringify(resolved.pointer);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const open = this.building.find((b) => b.key === key);
    if (open) return forwardTo(open.slot, resolved.pointer, resolved.name);
    return this.buildAt(key, resolved);
  }

  /**
   * A composition member's node (allOf, oneOf, anyOf), or undefined when it
   * is the schema being built or one that includes it. `X = allOf [X, Y]`
   * says no more than `Y`, and `X = oneOf [X, Y]` allows no more than `Y`:
   * leaving the member out is its meaning, not a loss. A schema between the
   * one the member is and this one was built without that part of itself,
   * so it is not kept: asked for on its own, it is built whole.
   */
  private member(pointer: readonly (string | number)[]): SchemaNode | undefined {
    const resolved = this.resolvePointer(pointer);
    const key = JSON.stringify(resolved.pointer);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const at = this.building.findIndex((b) => b.key === key);
    if (at >= 0) {
      for (const open of this.building.slice(at + 1)) open.tainted = true;
      return undefined;
    }
    return this.buildAt(key, resolved);
  }

  private buildAt(key: string, resolved: { pointer: (string | number)[]; name: string | undefined }): SchemaNode {
    const open = { key, slot: {} as { node?: SchemaNode }, tainted: false };
    this.building.push(open);
    let node: SchemaNode;
    try {
      const raw = this.at(resolved.pointer);
      node = this.build(isRaw(raw) ? raw : {}, resolved.pointer, resolved.name);
    } finally {
      this.building.pop();
    }
    open.slot.node = node;
    if (!open.tainted) this.cache.set(key, node);
    return node;
  }

  private build(raw: Raw, pointer: (string | number)[], name: string | undefined): SchemaNode {
    const resolver = this;
    const present = (node: SchemaNode | undefined): node is SchemaNode => node !== undefined;
    const referred = this.refMember(raw);
    const members = [...(referred ? [resolver.member(referred)] : []), ...(Array.isArray(raw.allOf) ? raw.allOf : []).map((_, i) => resolver.member([...pointer, 'allOf', i]))].filter(present);
    // oneOf and anyOf read alike here: what a value may be is the union of the alternatives.
    const choiceKey = Array.isArray(raw.oneOf) ? 'oneOf' : Array.isArray(raw.anyOf) ? 'anyOf' : undefined;
    const choices = choiceKey ? (raw[choiceKey] as unknown[]).map((_, i) => resolver.member([...pointer, choiceKey, i])).filter(present) : [];
    const nullChoice = choices.some(isNullSchema);
    const shaped = choices.filter((c) => !isNullSchema(c) && !isConstraintOnly(c));
    // A 3.1 type array: `null` in it is nullability; several other types are alternatives.
    // A type OpenAPI does not have (`strin`) is the OpenAPI schema check's error: read as no type, so nothing is concluded from it.
    const declaredTypes = (Array.isArray(raw.type) ? raw.type : [raw.type]).filter((t): t is string => typeof t === 'string' && SCHEMA_TYPES.has(t));
    const nonNullTypes = declaredTypes.filter((t) => t !== 'null') as JsonType[];
    const typeChoices = nonNullTypes.length > 1 ? nonNullTypes.map((t, i) => syntheticSchema({ type: t, pointer: [...pointer, 'type', i] })) : [];
    const alternatives = [...shaped, ...typeChoices];
    const sharedType = alternatives.length > 0 && alternatives.every((a) => a.type !== undefined && a.type === alternatives[0]!.type) ? alternatives[0]!.type : undefined;
    const type: JsonType | undefined =
      (nonNullTypes.length === 1 ? nonNullTypes[0] : undefined) ??
      members.find((m) => m.type)?.type ??
      sharedType ??
      (isRaw(raw.properties) ? 'object' : undefined);
    // Only members every alternative requires are always required; the alternatives' own sets are a choice.
    const choiceRequired = choices.filter((c) => !isNullSchema(c)).map((c) => c.required);
    const alwaysRequired = choiceRequired.length > 0 ? choiceRequired[0]!.filter((r) => choiceRequired.every((set) => set.includes(r))) : [];
    const required = [...new Set([...stringList(raw.required), ...members.flatMap((m) => m.required), ...alwaysRequired])].sort();
    const requiredAlternatives = choiceRequired.length > 1 && choiceRequired.some((set) => set.some((r) => !required.includes(r))) ? choiceRequired.map((set) => set.filter((r) => !required.includes(r))) : [];
    let properties: Map<string, SchemaNode> | undefined;
    let items: SchemaNode | undefined | null = null;
    let additional: boolean | SchemaNode | undefined | null = null;
    const extensions: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) if (key.startsWith('x-')) extensions[key] = value;
    const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const enumValues = Array.isArray(raw.enum) ? raw.enum : 'const' in raw ? [raw.const] : undefined;
    const lower = bound(raw.minimum, raw.exclusiveMinimum);
    const upper = bound(raw.maximum, raw.exclusiveMaximum);
    let choice: SchemaChoice | undefined | null = null;
    let prefixItems: readonly SchemaNode[] | undefined | null = null;
    let patternProperties: SchemaNode['patternProperties'] | null = null;
    let not: readonly SchemaNode[] | null = null;
    // The alternatives apart, with what they share: read only by checks that hold a value to one of them.
    const choiceOf = (node: SchemaNode): SchemaChoice | undefined => {
      const own = [...choices.filter((c) => !isNullSchema(c)), ...typeChoices];
      const ownChoice = own.length > 1 && alternatives.length > 0;
      const lifted = ownChoice ? undefined : members.find((m) => m.choice !== undefined);
      if (!ownChoice && !lifted) return undefined;
      const shared = new Map<string, SchemaNode>();
      for (const member of members) for (const [key, value] of member === lifted ? lifted.choice!.shared : member.properties) shared.set(key, value);
      if (isRaw(raw.properties)) for (const key of Object.keys(raw.properties)) shared.set(key, node.properties.get(key)!);
      const common: Common = { shared, required: node.required, additionalProperties: node.additionalProperties, patternProperties: node.patternProperties };
      if (lifted) return { ...lifted.choice!, shared, alternatives: lifted.choice!.alternatives.map((a) => joinAlternative(a, common)) };
      return { kind: choiceKey === 'oneOf' ? 'oneOf' : 'anyOf', alternatives: own.map((a) => joinAlternative(a, common)), shared, discriminator: isRaw(raw.discriminator) ? resolver.discriminatorOf(raw.discriminator, own) : undefined };
    };
    const node: SchemaNode = {
      name,
      pointer,
      type,
      nullable: raw.nullable === true || declaredTypes.includes('null') || nullChoice || members.some((m) => m.nullable) || (enumValues?.includes(null) ?? false),
      enum: enumValues ?? members.find((m) => m.enum)?.enum,
      format: str(raw.format) ?? members.find((m) => m.format)?.format,
      pattern: str(raw.pattern) ?? members.find((m) => m.pattern)?.pattern,
      minLength: num(raw.minLength) ?? members.find((m) => m.minLength !== undefined)?.minLength,
      maxLength: num(raw.maxLength) ?? members.find((m) => m.maxLength !== undefined)?.maxLength,
      minimum: lower.inclusive ?? members.find((m) => m.minimum !== undefined)?.minimum,
      maximum: upper.inclusive ?? members.find((m) => m.maximum !== undefined)?.maximum,
      exclusiveMinimum: lower.exclusive ?? members.find((m) => m.exclusiveMinimum !== undefined)?.exclusiveMinimum,
      exclusiveMaximum: upper.exclusive ?? members.find((m) => m.exclusiveMaximum !== undefined)?.exclusiveMaximum,
      multipleOf: (typeof raw.multipleOf === 'number' && raw.multipleOf > 0 ? raw.multipleOf : undefined) ?? members.find((m) => m.multipleOf !== undefined)?.multipleOf,
      readOnly: raw.readOnly === true || members.some((m) => m.readOnly),
      writeOnly: raw.writeOnly === true || members.some((m) => m.writeOnly),
      deprecated: raw.deprecated === true,
      title: str(raw.title),
      description: str(raw.description),
      example: raw.example,
      required,
      requiredAlternatives,
      get properties() {
        if (!properties) {
          properties = new Map();
          // Alternatives first, so the schema's own members and allOf members win where they overlap.
          for (const alternative of shaped) for (const [key, value] of alternative.properties) if (!properties.has(key)) properties.set(key, value);
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
        if (items === null) items = isRaw(raw.items) ? resolver.node([...pointer, 'items']) : members.find((m) => m.items)?.items ?? (sharedType === 'array' ? shaped.find((a) => a.items)?.items : undefined);
        return items;
      },
      // Alternatives of one object type are read through their united members, not as a union;
      // a lone named alternative beside `null` stays a reference to its name.
      anyOf:
        (alternatives.length > 1 && !(sharedType === 'object' || sharedType === 'array')) || (alternatives.length === 1 && alternatives[0]!.name !== undefined && !isRaw(raw.properties) && members.length === 0)
          ? alternatives
          : undefined,
      extensions,
      get choice() {
        if (choice === null) choice = choiceOf(node);
        return choice;
      },
      minItems: num(raw.minItems) ?? members.find((m) => m.minItems !== undefined)?.minItems,
      maxItems: num(raw.maxItems) ?? members.find((m) => m.maxItems !== undefined)?.maxItems,
      uniqueItems: raw.uniqueItems === true || members.some((m) => m.uniqueItems),
      minProperties: num(raw.minProperties) ?? members.find((m) => m.minProperties !== undefined)?.minProperties,
      maxProperties: num(raw.maxProperties) ?? members.find((m) => m.maxProperties !== undefined)?.maxProperties,
      get prefixItems() {
        if (prefixItems === null) prefixItems = Array.isArray(raw.prefixItems) ? raw.prefixItems.map((_, i) => resolver.node([...pointer, 'prefixItems', i])) : members.find((m) => m.prefixItems)?.prefixItems;
        return prefixItems;
      },
      get patternProperties() {
        if (patternProperties === null) {
          const own = isRaw(raw.patternProperties) ? Object.keys(raw.patternProperties).map((pattern) => ({ pattern, schema: resolver.node([...pointer, 'patternProperties', pattern]) })) : [];
          patternProperties = [...members.flatMap((m) => m.patternProperties), ...own];
        }
        return patternProperties;
      },
      dependentRequired: new Map([
        ...members.flatMap((m) => [...m.dependentRequired]),
        ...(isRaw(raw.dependentRequired) ? Object.entries(raw.dependentRequired).map(([name, others]): [string, string[]] => [name, stringList(others)]) : []),
      ]),
      get not() {
        if (not === null) not = [...members.flatMap((m) => m.not), ...(isRaw(raw.not) ? [resolver.node([...pointer, 'not'])] : [])];
        return not;
      },
    };
    return node;
  }

  /**
   * A `discriminator`'s names, each with the index of the alternative it
   * picks: the `mapping`'s (a `$ref` or a component name) and each named
   * alternative's own name, as OpenAPI reads a value the mapping lacks.
   */
  private discriminatorOf(raw: Raw, alternatives: readonly SchemaNode[]): SchemaChoice['discriminator'] {
    if (typeof raw.propertyName !== 'string') return undefined;
    const at = new Map(alternatives.map((a, i) => [JSON.stringify(a.pointer), i]));
    const names = new Map<string, number>();
    const listed: string[] = [];
    const mapped = new Set<number>();
    for (const [value, target] of isRaw(raw.mapping) ? Object.entries(raw.mapping) : []) {
      if (typeof target !== 'string') continue;
      const walked = this.walkToSchema(target.startsWith('#') ? (refPointer(target) ?? []) : ['components', 'schemas', target]);
      const index = 'loop' in walked ? undefined : at.get(JSON.stringify(walked.pointer));
      if (index === undefined) continue;
      names.set(value, index);
      listed.push(value);
      mapped.add(index);
    }
    alternatives.forEach((alternative, i) => {
      if (alternative.name === undefined || names.has(alternative.name)) return;
      names.set(alternative.name, i);
      if (!mapped.has(i)) listed.push(alternative.name);
    });
    return { propertyName: raw.propertyName, names, listed };
  }
}

/** What every alternative of a choice shares: the schema's own members, its allOf members' and its rules for members. */
interface Common {
  shared: ReadonlyMap<string, SchemaNode>;
  required: readonly string[];
  additionalProperties: boolean | SchemaNode | undefined;
  patternProperties: SchemaNode['patternProperties'];
}

/**
 * An alternative as a value of the schema holding it must be. An object
 * alternative gets the members every alternative shares (theirs win, as in
 * `properties`), the shared required ones, and is closed where either is:
 * documents write `{ properties: {id}, oneOf: [A, B] }` meaning "an id and
 * A's members, or an id and B's", not JSON Schema's letter, by which a
 * closed A would refuse the id. Any other alternative is itself.
 */
function joinAlternative(alternative: SchemaNode, common: Common): SchemaNode {
  const objectLike = alternative.type === 'object' || (alternative.type === undefined && !alternative.anyOf && !alternative.items && alternative.enum === undefined);
  if (!objectLike) return alternative;
  if (common.shared.size === 0 && common.patternProperties.length === 0 && common.additionalProperties === undefined && common.required.every((name) => alternative.required.includes(name))) return alternative;
  const properties = new Map([...alternative.properties, ...common.shared].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const own = alternative.additionalProperties;
  const additionalProperties = own === false || common.additionalProperties === false ? false : typeof own === 'object' ? own : (common.additionalProperties ?? own);
  const inner = alternative.choice;
  return {
    ...alternative,
    type: alternative.type ?? (properties.size > 0 ? 'object' : undefined),
    required: [...new Set([...common.required, ...alternative.required])].sort(),
    properties,
    additionalProperties,
    patternProperties: [...common.patternProperties, ...alternative.patternProperties],
    choice: inner && { ...inner, shared: new Map([...inner.shared, ...common.shared]), alternatives: inner.alternatives.map((a) => joinAlternative(a, common)) },
  };
}

/**
 * A node that reads the one built into `slot`: a reference back to a schema
 * still being built. Until that one is done (read from inside its own build),
 * it says nothing, as the schema has said nothing yet.
 */
function forwardTo(slot: { node?: SchemaNode }, pointer: readonly (string | number)[], name: string | undefined): SchemaNode {
  const empty = syntheticSchema({ pointer, name });
  const node = {} as SchemaNode;
  for (const key of Object.keys(empty) as (keyof SchemaNode)[]) Object.defineProperty(node, key, { enumerable: true, get: () => (slot.node ?? empty)[key] });
  return node;
}

/**
 * One side's bound as an inclusive and an exclusive number. OpenAPI 3.0
 * writes an exclusive bound as `minimum: 0` with `exclusiveMinimum: true`;
 * 3.1 (JSON Schema) as `exclusiveMinimum: 0`, which may stand beside a
 * `minimum` of its own. Read by the value's type, as either form may meet
 * either version in a published document.
 */
function bound(limit: unknown, exclusive: unknown): { inclusive: number | undefined; exclusive: number | undefined } {
  const value = typeof limit === 'number' ? limit : undefined;
  if (exclusive === true) return { inclusive: undefined, exclusive: value };
  return { inclusive: value, exclusive: typeof exclusive === 'number' ? exclusive : undefined };
}

/**
 * The least and greatest integers a schema's bounds allow, each with the
 * bound as the document states it ("minimum 1", "less than 100"): what a
 * page size, page number or offset may be. The tighter bound wins where a
 * 3.1 schema gives both.
 */
export function integerBounds(node: SchemaNode): { least?: { value: number; words: string }; greatest?: { value: number; words: string } } {
  const lows = [
    ...(node.minimum !== undefined ? [{ value: Math.ceil(node.minimum), words: `minimum ${node.minimum}` }] : []),
    ...(node.exclusiveMinimum !== undefined ? [{ value: Math.floor(node.exclusiveMinimum) + 1, words: `more than ${node.exclusiveMinimum}` }] : []),
  ];
  const highs = [
    ...(node.maximum !== undefined ? [{ value: Math.floor(node.maximum), words: `maximum ${node.maximum}` }] : []),
    ...(node.exclusiveMaximum !== undefined ? [{ value: Math.ceil(node.exclusiveMaximum) - 1, words: `less than ${node.exclusiveMaximum}` }] : []),
  ];
  const least = lows.reduce<(typeof lows)[number] | undefined>((a, b) => (a === undefined || b.value > a.value ? b : a), undefined);
  const greatest = highs.reduce<(typeof highs)[number] | undefined>((a, b) => (a === undefined || b.value < a.value ? b : a), undefined);
  return { ...(least ? { least } : {}), ...(greatest ? { greatest } : {}) };
}

/** Formats that say a string holds a number written out (a 64-bit count, too large for a JSON number, as `string`, `int64`). */
const NUMBER_FORMATS = new Set(['int32', 'int64', 'uint32', 'uint64', 'integer', 'number', 'float', 'double', 'decimal']);

/**
 * Whether a value of this schema is a number written out, as paging sends
 * page numbers, offsets and sizes: typed integer or number, or a string whose
 * `format` names a number (`int64`), whose `pattern` takes digits and refuses
 * letters, or whose `enum` is all digits. False for text that may hold
 * anything (an opaque token, such as an `offset` a previous answer gave) and for other types;
 * undefined where the schema states no type. One alternative of a
 * `oneOf`/`anyOf` that holds numbers is enough.
 */
export function holdsNumbers(node: SchemaNode): boolean | undefined {
  if (node.type === 'integer' || node.type === 'number') return true;
  if (node.type === 'string') {
    if (node.format !== undefined && NUMBER_FORMATS.has(node.format.toLowerCase())) return true;
    if (node.enum !== undefined && node.enum.length > 0 && node.enum.every((v) => typeof v === 'string' && /^\d+$/.test(v))) return true;
    if (node.pattern !== undefined) {
      let pattern: RegExp;
      try {
        pattern = new RegExp(node.pattern);
      } catch {
        return undefined;
      }
      return ['1', '42'].every((text) => pattern.test(text)) && !['a', 'Z', 'x1y'].some((text) => pattern.test(text));
    }
    return false;
  }
  if (node.type !== undefined) return false;
  const alternatives = (node.anyOf ?? []).map(holdsNumbers);
  if (alternatives.includes(true)) return true;
  return alternatives.length > 0 && alternatives.every((fits) => fits === false) ? false : undefined;
}

/** Lexicographic order of two documentOrder positions (a pointer before the ones below it). */
function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** `{ oneOf: [X] }` and its kin with nothing else that matters: the key holding that one member. */
function soleMember(raw: Raw): 'allOf' | 'oneOf' | 'anyOf' | undefined {
  const keys = Object.keys(raw).filter((key) => !IGNORED_BESIDE_WRAPPER.has(key) && !key.startsWith('x-'));
  if (keys.length !== 1) return undefined;
  const key = keys[0] as 'allOf' | 'oneOf' | 'anyOf';
  if ((key === 'allOf' || key === 'oneOf' || key === 'anyOf') && Array.isArray(raw[key]) && (raw[key] as unknown[]).length === 1) return key;
  return undefined;
}

/**
 * Whether keywords beside a `$ref` say something of their own (`readOnly`,
 * `nullable`, a `maxLength`); prose and examples beside it only describe
 * where it is used, and leave it the schema it names.
 */
function hasSiblings(raw: Raw): boolean {
  return Object.keys(raw).some((key) => key !== '$ref' && key !== 'default' && key !== 'summary' && key !== '$comment' && !IGNORED_BESIDE_WRAPPER.has(key) && !key.startsWith('x-'));
}

/** Prose and metadata that do not change what a wrapper's one member means. */
const IGNORED_BESIDE_WRAPPER = new Set(['description', 'title', 'example', 'examples', 'externalDocs', 'deprecated', 'discriminator']);

/** `{ type: 'null' }` (3.1) or `{ enum: [null] }`: an alternative that only says "or null". */
export function isNullSchema(node: SchemaNode): boolean {
  return (node.type === undefined && node.nullable && node.properties.size === 0 && !node.items) || (node.enum !== undefined && node.enum.every((v) => v === null));
}

/** An alternative that only constrains (`{ required: [email] }`), with no shape of its own. */
function isConstraintOnly(node: SchemaNode): boolean {
  return node.type === undefined && !node.name && node.enum === undefined && node.properties.size === 0 && !node.items && !node.anyOf && !node.nullable;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((r): r is string => typeof r === 'string') : [];
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
    exclusiveMinimum: undefined,
    exclusiveMaximum: undefined,
    multipleOf: undefined,
    readOnly: false,
    writeOnly: false,
    deprecated: false,
    title: undefined,
    description: undefined,
    example: undefined,
    required: [],
    requiredAlternatives: [],
    properties: new Map(),
    additionalProperties: undefined,
    items: undefined,
    anyOf: undefined,
    extensions: {},
    choice: undefined,
    minItems: undefined,
    maxItems: undefined,
    uniqueItems: false,
    minProperties: undefined,
    maxProperties: undefined,
    prefixItems: undefined,
    patternProperties: [],
    dependentRequired: new Map(),
    not: [],
    ...parts,
  };
}

/**
 * The pointer of the schema a request body or response at `pointer` carries,
 * following `$ref`s (to components.requestBodies or responses); `pick`
 * chooses among its media types. Undefined when there is none.
 */
export function mediaSchemaPointer(resolver: SchemaResolver, pointer: readonly (string | number)[], pick: (mediaTypes: string[]) => string | undefined): (string | number)[] | undefined {
  // A $ref cycle ends on a $ref, which has no content: "no schema", not a hang.
  const { pointer: at, raw } = resolver.followed(pointer);
  if (!isRaw(raw) || !isRaw(raw.content)) return undefined;
  const type = pick(Object.keys(raw.content));
  return type ? [...at, 'content', type, 'schema'] : undefined;
}

/**
 * `value`, its `$ref`s followed inside `document` (a parameter or response
 * given by reference): undefined for an external or unresolvable one. A
 * chain longer than a document would write is given up on, not followed round.
 */
export function followRefs(document: unknown, value: unknown): unknown {
  for (let hops = 0; hops < 16 && isRaw(value) && typeof value.$ref === 'string'; hops++) {
    const pointer = refPointer(value.$ref);
    if (pointer === undefined) return undefined;
    value = pointer.reduce<unknown>((node, segment) => (typeof node === 'object' && node !== null ? (node as Raw)[segment] : undefined), document);
  }
  return value;
}

/** `#/components/schemas/Customer` → ['components', 'schemas', 'Customer']; undefined for external refs. */
export function refPointer(ref: string): string[] | undefined {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * The JSON types other than null a value of this schema can have: its
 * `type`, or the types of its alternatives (`oneOf`/`anyOf`, a 3.1 type
 * array), each once, in the document's order. Undefined where some of it
 * declares no type, so any value may be there.
 */
export function valueTypes(node: SchemaNode): JsonType[] | undefined {
  if (node.type !== undefined) return [node.type];
  if (!node.anyOf) return undefined;
  const types: JsonType[] = [];
  for (const alternative of node.anyOf) {
    const own = valueTypes(alternative);
    if (own === undefined) return undefined;
    for (const type of own) if (!types.includes(type)) types.push(type);
  }
  return types;
}

/** The JSON types a value of this schema can have (null included when nullable). */
export function describeType(node: SchemaNode): string {
  const base = node.type ?? (node.anyOf ? node.anyOf.map(describeType).join(' | ') : 'any');
  const withFormat = node.format ? `${base} (${node.format})` : base;
  return node.nullable ? `${withFormat} | null` : withFormat;
}

/** The member `path` names below `schema`, one property name a step. */
export function memberAt(schema: SchemaNode, path: string[]): SchemaNode | undefined {
  let current: SchemaNode | undefined = schema;
  for (const name of path) current = current?.properties.get(name);
  return current;
}
