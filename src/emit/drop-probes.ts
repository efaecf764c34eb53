/**
 * Inputs a write cannot store, made from the IR: for each create and update,
 * a unified record holding a member the mapping has no field for and array
 * elements no selector picks, with the fields the connector must name as
 * dropped. The generated suite sends them under `strictWrites` and expects a
 * `RequestValidationError` naming exactly those, before any request.
 */

import type { ConnectorIR, OperationIR, StoreNode } from '../ir/model.js';
import { integerBounds, type SchemaNode } from '../ir/schema.js';
import { isMultipleOf } from '../runtime/validate.js';

export interface DropProbe {
  operation: string;
  input: Record<string, unknown>;
  /** Unified field paths (below the body parameter) the connector must report as dropped. */
  dropped: string[];
}

export function dropProbes(connector: ConnectorIR, record: SchemaNode): DropProbe[] {
  const probes: DropProbe[] = [];
  for (const operation of connector.operations) {
    if ('unsupported' in operation || !operation.stores || operation.stores.kind !== 'object') continue;
    const probe = probeFor(operation, operation.stores, record);
    if (probe) probes.push(probe);
  }
  return probes;
}

function probeFor(operation: OperationIR, stores: Extract<StoreNode, { kind: 'object' }>, record: SchemaNode): DropProbe | undefined {
  const input: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [name, member] of record.properties) {
    if (member.readOnly) continue;
    const stored = stores.members.get(name);
    if (!stored) {
      // One member with no provider field is enough to show the class; the first plain one.
      if (dropped.some((d) => !d.includes('['))) continue;
      const value = sample(member);
      if (value === undefined) continue;
      input[name] = value;
      dropped.push(name);
      continue;
    }
    if (stored.kind !== 'array' || stored.every || member.type !== 'array' || !member.items) continue;
    const elements = unpickedElements(stored, member.items);
    if (!elements) continue;
    input[name] = elements.list;
    dropped.push(...elements.dropped.map((index) => `${name}[${index}]`));
  }
  // What the record requires is given too, so the probe is refused for what it drops, not for what it lacks.
  for (const name of record.required) {
    const member = record.properties.get(name);
    const value = member && !member.readOnly && !(name in input) ? sample(member) : undefined;
    if (value !== undefined) input[name] = value;
  }
  return dropped.length > 0 ? { operation: operation.id, input, dropped } : undefined;
}

/**
 * An array whose last element no selector picks: the picked elements first
 * (so the one dropped is dropped for the right reason), then one of an
 * unpicked type, or one past the last index picked.
 */
function unpickedElements(stored: Extract<StoreNode, { kind: 'array' }>, item: SchemaNode): { list: unknown[]; dropped: number[] } | undefined {
  const list: unknown[] = [];
  if (stored.key !== undefined) {
    const values = item.properties.get(stored.key)?.enum?.filter((v) => v !== null);
    const unpicked = values?.find((v) => !stored.values.includes(v as string));
    if (unpicked === undefined) return undefined;
    for (const value of stored.values) {
      const element = sampleElement(item, { [stored.key]: value });
      if (!element) return undefined;
      list.push(element);
    }
    const extra = sampleElement(item, { [stored.key]: unpicked });
    if (!extra) return undefined;
    list.push(extra);
    return { list, dropped: [list.length - 1] };
  }
  if (stored.upTo > 0) {
    for (let i = 0; i <= stored.upTo; i++) {
      const element = sampleElement(item, {});
      if (!element) return undefined;
      list.push(element);
    }
    return { list, dropped: [stored.upTo] };
  }
  return undefined;
}

/** An element with every member its schema requires, and at least one value beside `fixed`. */
function sampleElement(item: SchemaNode, fixed: Record<string, unknown>): Record<string, unknown> | undefined {
  const element: Record<string, unknown> = { ...fixed };
  for (const name of item.required) {
    if (name in element) continue;
    const member = item.properties.get(name);
    const value = member ? sample(member) : undefined;
    if (value === undefined) return undefined;
    element[name] = value;
  }
  if (Object.keys(element).length === Object.keys(fixed).length) {
    for (const [name, member] of item.properties) {
      if (name in element || member.readOnly) continue;
      const value = sample(member);
      if (value === undefined) continue;
      element[name] = value;
      break;
    }
  }
  return element;
}

/** A value the unified validator accepts for a scalar schema, or undefined when none is obvious. */
function sample(schema: SchemaNode): unknown {
  if (schema.enum) return schema.enum.find((v) => v !== null);
  // Samples are short plain strings: a pattern, or lengths they might not meet, rule them out.
  if (schema.pattern !== undefined || (schema.minLength ?? 0) > 7 || (schema.maxLength ?? Infinity) < 27) return undefined;
  switch (schema.type) {
    case 'string':
      switch (schema.format) {
        case undefined:
          return 'dropped';
        case 'email':
          return 'dropped@example.com';
        case 'date-time':
          return '2024-01-02T03:04:05.000Z';
        case 'date':
          return '2024-01-02';
        case 'uri':
        case 'url':
          return 'https://example.com/dropped';
        default:
          return undefined;
      }
    case 'boolean':
      return true;
    case 'integer':
    case 'number': {
      const { least, greatest } = integerBounds(schema);
      const fits = (least?.value ?? 1) <= 1 && (greatest?.value ?? 1) >= 1 && (schema.multipleOf === undefined || isMultipleOf(1, schema.multipleOf));
      return fits ? 1 : undefined;
    }
    default:
      return undefined;
  }
}
