/**
 * A record to write that the unified record schema refuses member by member,
 * made from the schema itself (`Card`, `Contact`, the customer-support
 * customer alike), with the field each refusal must name: the fault
 * matrix's invalid create and update.
 */

import { unifiedSchema, type JsonSchema } from './unified-schema.js';

export interface InvalidRecord {
  record: Record<string, unknown>;
  /** The fields a write's validation must name, relative to the record (`id`, `emails[0].type`). */
  bad: string[];
}

/** A text no enum of a spec holds. */
const OUTSIDE_ENUM = 'none of its values';

/**
 * Every member the schema describes, given a value it refuses: a read-only
 * member any value, text outside an enum, text breaking its length or format,
 * a fraction for an integer, a number past its bound, else a value of another
 * type; an unknown member where the record is closed. The first array is given as text, so an array's own
 * type is tried; every other array gets one element refused member by member
 * (or, of plain values, one value of the wrong type). Members whose schema
 * says no single type (`anyOf`) are left out, as nothing is sure to be refused.
 */
export function invalidRecord(schemaName: string, api = 'unified'): InvalidRecord {
  return invalidObject(unifiedSchema({ $ref: `#/definitions/${schemaName}` }, api), api);
}

function invalidObject(schema: JsonSchema, api: string): InvalidRecord {
  const record: Record<string, unknown> = {};
  const bad: string[] = [];
  let arrayGivenAsText = false;
  for (const [name, member] of Object.entries(schema.properties ?? {})) {
    const resolved = unifiedSchema(member, api);
    if (resolved.readOnly) {
      record[name] = 'not-writable';
      bad.push(name);
      continue;
    }
    const type = singleType(resolved);
    if (type === 'array' && !arrayGivenAsText) {
      arrayGivenAsText = true;
      record[name] = 'nowhere';
      bad.push(name);
      continue;
    }
    if (type === 'array') {
      const items = resolved.items ? unifiedSchema(resolved.items, api) : {};
      if (singleType(items) === 'object') {
        const element = invalidObject(items, api);
        record[name] = [element.record];
        bad.push(...element.bad.map((field) => `${name}[0].${field}`));
        continue;
      }
      const value = refusedValue(items);
      if (value === undefined) continue;
      record[name] = [value];
      bad.push(`${name}[0]`);
      continue;
    }
    const value = refusedValue(resolved);
    if (value === undefined) continue;
    record[name] = value;
    bad.push(name);
  }
  if (schema.additionalProperties === false) {
    record.unknown_member = true;
    bad.push('unknown_member');
  }
  return { record, bad };
}

/** The one type a schema's values have, null aside; undefined when it names none or several. */
function singleType(schema: JsonSchema): string | undefined {
  const types = (Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type]).filter((type) => type !== 'null');
  if (types.length === 1) return types[0];
  return types.length === 0 && schema.properties ? 'object' : undefined;
}

/**
 * A plain value the schema refuses, or undefined when none is sure to be: one breaking a rule of the schema
 * where it has one (an empty email, a number past its bound), so each rule is tried, else one of another type.
 */
function refusedValue(schema: JsonSchema): unknown {
  if (schema.enum) return OUTSIDE_ENUM;
  switch (singleType(schema)) {
    case 'string':
      if (schema.minLength !== undefined && schema.minLength > 0) return '';
      if (schema.maxLength !== undefined) return 'x'.repeat(schema.maxLength + 1);
      if (schema.format !== undefined) return `not a ${schema.format}`;
      return 42;
    case 'integer':
      return 1.5;
    case 'number':
      if (schema.minimum !== undefined) return schema.minimum - 1;
      if (schema.maximum !== undefined) return schema.maximum + 1;
      return 'not a number';
    case 'boolean':
      return 'yes';
    case 'object':
      return 'not an object';
    default:
      return undefined;
  }
}
