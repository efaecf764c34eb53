/**
 * Every mapping line is carried out or refused. Provider-side selectors mean
 * what they say in both directions (`lines[0]` is the first string of an
 * array of strings, `phones[kind=mobile].number` the number of the element
 * whose kind is mobile), checked by running the generated transformers;
 * members of an `each` take its direction.
 */

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerationError } from '../../src/diagnostics.js';
import { generate } from '../../src/generate.js';
import { tempProject, type TempProject } from '../support/project.js';

const members = `        address_lines:
          type: array
          description: Postal address lines, first line first.
          items:
            type: string
        phones:
          type: array
          items:
            type: object
            properties:
              kind:
                type: string
                enum: [mobile, work]
              number:
                type: string
`;

const fields = `fields:
  - unified: addresses[0].line1
    provider: address_lines[0]
  - unified: addresses[0].line2
    provider: address_lines[1]
  - unified: phone_numbers[type=mobile].number
    provider: phones[kind=mobile].number
`;

type Transformers = {
  toUnifiedCustomer(record: unknown): Record<string, unknown> | undefined;
  toZendeskCustomersUpdateBody(customer: unknown, issues: unknown[], settings: Record<string, string>): Record<string, unknown>;
};

let project: TempProject;
let transformers: Transformers;

beforeAll(async () => {
  project = await tempProject({ mappings: ['zendesk'] });
  await project.edit('specs/providers/zendesk.yaml', (t) =>
    t.replace(/( {4}User:\n(?:.*\n)*? {6}properties:\n)/, `$1${members}`).replace(/( {4}UserWrite:\n(?:.*\n)*? {6}properties:\n)/, `$1${members}`),
  );
  await project.edit('mappings/zendesk.yaml', (t) => t.replace('\nfields:\n', `\n${fields}`));
  await generate({ root: project.root, mode: 'write' });
  transformers = (await import(pathToFileURL(path.join(project.root, 'generated/zendesk/transformers.gen.ts')).href)) as Transformers;
}, 60_000);

afterAll(() => project.dispose());

describe('provider-side selectors', () => {
  it('read: an index picks that element of an array of strings, a match picks the element by its key', () => {
    const customer = transformers.toUnifiedCustomer({
      id: 1,
      name: 'Ada Lovelace',
      address_lines: ['12 St James Square', 'London'],
      phones: [
        { kind: 'work', number: '+442071234567' },
        { kind: 'mobile', number: '+447700900123' },
      ],
    });
    expect(customer?.addresses).toEqual([expect.objectContaining({ line1: '12 St James Square', line2: 'London' })]);
    expect(customer?.phone_numbers).toContainEqual(expect.objectContaining({ number: '+447700900123', type: 'mobile' }));
  });

  it('write: each index fills its own position, and a match writes the element with its key', () => {
    const issues: unknown[] = [];
    const body = transformers.toZendeskCustomersUpdateBody({ addresses: [{ line1: '12 St James Square', line2: 'London' }], phone_numbers: [{ number: '+447700900123', type: 'mobile' }] }, issues, {});
    expect(body.address_lines).toEqual(['12 St James Square', 'London']);
    expect(body.phones).toEqual([{ kind: 'mobile', number: '+447700900123' }]);
  });

  it('a provider selector on a member that is not an array is refused with its position', async () => {
    const broken = await tempProject({ mappings: ['zendesk'] });
    try {
      await broken.edit('mappings/zendesk.yaml', (t) => t.replace('\nfields:\n', '\nfields:\n  - unified: tax_number\n    provider: time_zone[0]\n'));
      const error = await generate({ root: broken.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(GenerationError);
      const problem = (error as GenerationError).diagnostics[0]!;
      expect(problem.message).toMatch(/'time_zone' is string, not an array; it takes no selector/);
      expect(problem.position?.line).toBeGreaterThan(0);
    } finally {
      await broken.dispose();
    }
  });
});

describe('members of an each take its direction', () => {
  async function problemsAfter(edit: (text: string) => string) {
    const copy = await tempProject({ mappings: ['kustomer'] });
    try {
      await copy.edit('mappings/kustomer.yaml', edit);
      const error = await generate({ root: copy.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught);
      return error instanceof GenerationError ? error.diagnostics : [];
    } finally {
      await copy.dispose();
    }
  }

  it('a read-only array reads its members without each saying so', async () => {
    expect(await problemsAfter((t) => t.replace('    provider: attributes.emails\n    each:\n', '    provider: attributes.emails\n    direction: read\n    each:\n'))).toEqual([]);
  });

  it('a member asking to write inside a read-only array is refused, naming both', async () => {
    const problems = await problemsAfter((t) => t.replace('    provider: attributes.emails\n    each:\n      - unified: email\n        provider: email\n', '    provider: attributes.emails\n    direction: read\n    each:\n      - unified: email\n        provider: email\n        direction: write\n'));
    expect(problems.map((p) => p.message)).toEqual(['this member of an `each` is `direction: write`, but the array field is `direction: read`']);
    expect(problems[0]!.hint).toMatch(/drop `direction` here, or change the array field's/);
  });
});
