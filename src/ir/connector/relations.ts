/**
 * Relations between resources: the fields that hold the id of another
 * resource's record (`refers_to`).
 */

import type { FieldDocument } from '../../parse/mapping.js';
import { closest } from '../../runtime/fields.js';
import type { ConnectorIR, UnifiedIR } from '../model.js';
import type { Report } from './check.js';

/**
 * Fields that hold the id of another resource's record (`refers_to`): the
 * resource must be one of the unified API's, and the field a single string
 * of the record, as ids are. One relation per unified field.
 */
export function relationsOf(fields: readonly FieldDocument[], unified: UnifiedIR, report: Report): ConnectorIR['relations'] {
  const names = unified.resources.map((resource) => resource.name);
  const relations = new Map<string, string>();
  fields.forEach((field, i) => {
    if (field.refers_to === undefined) return;
    const at = ['fields', i, 'refers_to'];
    if (!names.includes(field.refers_to)) {
      const near = closest(field.refers_to, names);
      report(at, 'unknown-unified-field', `'${field.refers_to}' is not a resource of ${unified.file}`, `${near ? `did you mean '${near}'? ` : ''}its resources: ${names.join(', ')}`);
      return;
    }
    if (typeof field.unified !== 'string' || /[[.]/.test(field.unified)) {
      report(at, 'schema', '`refers_to` marks a top-level unified field holding one id', 'put it on the line of a field such as `company_id`');
      return;
    }
    const other = relations.get(field.unified);
    if (other !== undefined && other !== field.refers_to) report(at, 'schema', `'${field.unified}' already refers to ${other}`);
    relations.set(field.unified, field.refers_to);
  });
  return [...relations].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([field, resource]) => ({ field, resource }));
}
