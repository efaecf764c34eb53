/**
 * A unified field of several scalar types (`anyOf`: a CRM custom field's
 * value is a string, a number or a boolean). It was read as a string only: a
 * provider boolean was reported as the wrong type and read as null, and a
 * write sent any of them to the provider's member unchecked.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/generate.js';
import { tempProject, type TempProject } from '../support/project.js';

type Transformers = {
  toUnifiedContact(record: unknown, report?: (field: string, problem: string) => void): Record<string, unknown> | undefined;
  toPipedriveContactsContactsAddBody(contact: object, issues: { field: string; message: string }[], settings: object): Record<string, unknown>;
};

let project: TempProject;
let transformers: Transformers;

beforeAll(async () => {
  project = await tempProject({ mappings: ['pipedrive'] });
  // Pipedrive's `active_flag` (boolean) as a custom field, both ways.
  await project.edit('specs/providers/pipedrive.yaml', (t) => t.replace('    PersonInput:\n      type: object\n      properties:\n', '    PersonInput:\n      type: object\n      properties:\n        active_flag: { type: boolean }\n'));
  await project.edit('mappings/crm/pipedrive.yaml', (t) => t.replace('      - unified: id\n        provider: id\n        convert: number-string\n        direction: read\n', '      - unified: id\n        provider: id\n        convert: number-string\n        direction: read\n      - unified: custom_fields[name=active].value\n        provider: active_flag\n'));
  await generate({ root: project.root, mode: 'write' });
  transformers = await project.load<Transformers>('generated/crm/pipedrive/contacts/transformers.gen.ts');
}, 60_000);
afterAll(() => project.dispose());

describe('a unified field of several scalar types', () => {
  it('reads the provider value in whichever of them it is, and reports one of another type', () => {
    const reported: string[] = [];
    // The unified `active` reads the same member: only the custom field's reports are this test's.
    const read = (active_flag: unknown) => transformers.toUnifiedContact({ id: 1, name: 'Ada', active_flag }, (field, problem) => (field.startsWith('custom_fields') ? reported.push(`${field}: ${problem}`) : undefined))?.custom_fields;
    expect(read(true)).toEqual([expect.objectContaining({ name: 'active', value: true })]);
    expect(reported).toEqual([]);
    expect(read({ on: true })).toEqual([]);
    expect(reported).toEqual(['custom_fields[name=active].value: expected boolean or number or string, got an object']);
  });

  it('writes only a value of the type the provider member takes', () => {
    const refused: { field: string; message: string }[] = [];
    transformers.toPipedriveContactsContactsAddBody({ name: 'Ada', custom_fields: [{ id: 'c1', name: 'active', value: 'yes' }] }, refused, {});
    expect(refused).toEqual([{ field: 'contact.custom_fields[name=active].value', message: 'must be true or false, not a string' }]);
    const taken: typeof refused = [];
    expect(transformers.toPipedriveContactsContactsAddBody({ name: 'Ada', custom_fields: [{ id: 'c1', name: 'active', value: false }] }, taken, {}).active_flag).toBe(false);
    expect(taken).toEqual([]);
  });
});
