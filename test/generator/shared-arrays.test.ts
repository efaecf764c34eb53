/**
 * Unified arrays taken from one provider array by distinct values of one
 * member (Omnidesk's channels by type) are filled in one pass over it; where
 * the conditions do not exclude one another, each keeps its own pass, so an
 * element both select goes to both.
 */

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/generate.js';
import { tempProject, type TempProject } from '../support/project.js';

type Read = (record: unknown, report?: (field: string, message: string) => void) => Record<string, unknown> | undefined;

const projects: TempProject[] = [];
afterAll(() => Promise.all(projects.map((project) => project.dispose())));

/** Omnidesk's mapping, its phone selection's condition replaced by `condition`, generated; its read transformer and source. */
async function omnidesk(condition?: string): Promise<{ read: Read; source: string }> {
  const project = await tempProject({ mappings: ['omnidesk'] });
  projects.push(project);
  if (condition) await project.edit('mappings/omnidesk.yaml', (text) => text.replace('    where:\n      type: telephone\n', `    where:\n      ${condition}\n`));
  await generate({ root: project.root, mode: 'write' });
  const file = path.join(project.root, 'generated/omnidesk/transformers.gen.ts');
  const source = await project.read('generated/omnidesk/transformers.gen.ts');
  const read = ((await import(pathToFileURL(file).href)) as { toUnifiedCustomer: Read }).toUnifiedCustomer;
  return { read, source };
}

const record = {
  id: 7,
  firstname: 'Ada',
  lastname: 'Lovelace',
  channels: [
    { type: 'email', value: 'ada@example.com' },
    { type: 'telephone', value: '+44 20 7946 0000' },
    'not a channel',
    { type: 'email', value: 'ada@work.example' },
  ],
};

describe('unified arrays from one provider array', () => {
  it('by distinct values of one member: one pass, each element to the array whose value it has, a malformed one reported for each', async () => {
    const { read, source } = await omnidesk();
    expect(source.match(/readArray\(record\.channels/g)).toHaveLength(1);
    const issues: string[] = [];
    const customer = read(record, (field) => issues.push(field));
    expect(customer?.emails).toEqual([{ email: 'ada@example.com' }, { email: 'ada@work.example' }]);
    expect(customer?.phone_numbers).toEqual([{ number: '+44 20 7946 0000' }]);
    expect(issues).toEqual(['emails[2]', 'phone_numbers[2]']);
  });

  it('by conditions that do not exclude one another: a pass each, and an element both select goes to both', async () => {
    const { read, source } = await omnidesk("value: 'ada@example.com'");
    expect(source.match(/readArray\(record\.channels/g)).toHaveLength(2);
    const customer = read(record);
    expect(customer?.emails).toEqual([{ email: 'ada@example.com' }, { email: 'ada@work.example' }]);
    expect(customer?.phone_numbers).toEqual([{ number: 'ada@example.com' }]);
  });
});
