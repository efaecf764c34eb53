/**
 * Values the mapping writes itself (enum map keys and `enum_write`, a
 * provider `const`, fixed query, header and body values) must be values the
 * provider's document accepts there: its type (integer apart from number),
 * enum, range, length and pattern. Each mistake is reported at the value,
 * with what would be right, and nothing is written. A writeOnly provider
 * member is never read.
 */

import { describe, expect, it } from 'vitest';
import { GenerationError } from '../../src/diagnostics.js';
import { generate } from '../../src/generate.js';
import { itReportsEach, positionOf, type BrokenInput } from '../support/broken-inputs.js';
import { tempProject } from '../support/project.js';


const mapping = 'mappings/zendesk.yaml';
const providerSpec = 'specs/providers/zendesk.yaml';
/** Zendesk's GET /users with an integer query parameter `bucket` bounded by `rules` (schema lines, twelve spaces deep). */
const addBucket = (text: string, rules: string) => text.replace('        - name: external_id\n', `        - name: bucket\n          in: query\n          schema:\n            type: integer\n${rules}        - name: external_id\n`);

const cases: BrokenInput[] = [
  {
    name: 'an enum map key that is not a boolean, for a boolean provider field',
    file: mapping,
    edit: (t) => t.replace("      'true': archived", "      'yes': archived"),
    code: 'type-mismatch',
    message: /"yes" is a string, and provider 'suspended' is boolean/,
    hint: /true or false/,
    at: "'yes'",
  },
  {
    name: 'an enum_write value outside the provider field’s type',
    file: mapping,
    edit: (t) => t.replace('    enum_unmapped: reject\n', '    enum_unmapped: reject\n    enum_write: { archived: maybe }\n'),
    code: 'type-mismatch',
    message: /"maybe" is a string, and provider 'suspended' is boolean/,
    hint: /true or false/,
    at: 'maybe',
  },
  {
    name: 'a provider const outside the provider field’s enum',
    file: mapping,
    edit: (t) => t.replace('    const: end-user\n', '    const: customer\n'),
    code: 'enum-value',
    message: /"customer" is not a value of provider 'role'/,
    hint: /values: end-user, agent, admin/,
    at: 'customer\n',
  },
  {
    name: 'a provider const that is no number, for an integer provider field',
    file: mapping,
    edit: (t) => t.replace('  - provider: role\n    const: end-user\n', '  - provider: locale_id\n    const: abc\n'),
    code: 'type-mismatch',
    message: /"abc" is sent as a number .*provider 'locale_id' is integer/,
    hint: /write an integer/,
    at: 'abc',
  },
  {
    name: 'a fixed query value outside the parameter’s enum',
    file: mapping,
    edit: (t) => t.replace('      role: end-user\n', '      role: end-users\n'),
    code: 'enum-value',
    message: /"end-users" is not a value of query parameter 'role' of GET \/users/,
    hint: /did you mean 'end-user'\?/,
    at: 'end-users',
  },
  {
    name: 'a fixed query value that is not an integer, for an integer parameter',
    file: mapping,
    edit: (t) => t.replace('      role: end-user\n', '      role: end-user\n      page[size]: abc\n'),
    code: 'type-mismatch',
    message: /"abc" is not an integer, and query parameter 'page\[size\]' of GET \/users is integer/,
    hint: /write an integer/,
    at: 'abc',
  },
  {
    name: 'a fixed query value outside the parameter’s range',
    file: mapping,
    edit: (t) => t.replace('      role: end-user\n', "      role: end-user\n      page[size]: '500'\n"),
    code: 'type-mismatch',
    message: /"500" does not fit query parameter 'page\[size\]' of GET \/users: must be at most 100/,
    hint: /the provider's document/,
    at: "'500'",
  },
  {
    name: 'a provider const at an OpenAPI 3.0 exclusive minimum (minimum with exclusiveMinimum: true)',
    file: mapping,
    edit: (t) => t.replace('  - provider: role\n    const: end-user\n', '  - provider: locale_id\n    const: 0\n'),
    also: { file: providerSpec, edit: (t) => t.replace(/        locale_id:\n          type: integer\n/g, '        locale_id:\n          type: integer\n          minimum: 0\n          exclusiveMinimum: true\n') },
    code: 'type-mismatch',
    message: /0 does not fit provider 'locale_id'.*: must be more than 0/,
    hint: /the provider's document/,
    at: '0\n    operations: [customersAdd]',
  },
  {
    name: 'a fixed query value at an OpenAPI 3.1 exclusiveMinimum',
    file: mapping,
    edit: (t) => t.replace('      role: end-user\n', "      role: end-user\n      bucket: '0'\n"),
    also: { file: providerSpec, edit: (t) => addBucket(t.replace('openapi: 3.0.3', 'openapi: 3.1.0'), '            exclusiveMinimum: 0\n') },
    code: 'type-mismatch',
    message: /"0" does not fit query parameter 'bucket' of GET \/users: must be more than 0/,
    hint: /the provider's document/,
    at: "'0'",
  },
  {
    name: 'a fixed query value at an OpenAPI 3.0 exclusive maximum (maximum with exclusiveMaximum: true)',
    file: mapping,
    edit: (t) => t.replace('      role: end-user\n', "      role: end-user\n      bucket: '60'\n"),
    also: { file: providerSpec, edit: (t) => addBucket(t, '            maximum: 60\n            exclusiveMaximum: true\n') },
    code: 'type-mismatch',
    message: /"60" does not fit query parameter 'bucket' of GET \/users: must be less than 60/,
    hint: /the provider's document/,
    at: "'60'",
  },
  {
    name: 'a fixed query value that is not a multiple of the parameter’s multipleOf',
    file: mapping,
    edit: (t) => t.replace('      role: end-user\n', "      role: end-user\n      bucket: '20'\n"),
    also: { file: providerSpec, edit: (t) => addBucket(t, '            multipleOf: 15\n') },
    code: 'type-mismatch',
    message: /"20" does not fit query parameter 'bucket' of GET \/users: must be a multiple of 15/,
    hint: /the provider's document/,
    at: "'20'",
  },
  {
    name: 'a fixed query parameter the pagination sends too',
    file: mapping,
    edit: (t) => t.replace('      role: end-user\n', "      role: end-user\n      page[size]: '50'\n"),
    code: 'duplicate-target',
    message: /query parameter 'page\[size\]' is also sent by the pagination \(`size_param`\)/,
    hint: /drop it here/,
    at: "page[size]: '50'",
  },
  {
    name: 'a fixed query value outside the enum of a parameter declared on the path through a $ref',
    file: mapping,
    edit: (t) => t.replace('      role: end-user\n', '      role: end-users\n'),
    also: {
      file: providerSpec,
      edit: (t) =>
        t
          .replace('  /users:\n    get:\n', "  /users:\n    parameters:\n      - $ref: '#/components/parameters/Role'\n    get:\n")
          .replace('        - name: role\n          in: query\n          description: Only users of this role.\n          schema:\n            type: string\n            enum:\n              - end-user\n              - agent\n              - admin\n', '')
          .replace('\n  schemas:\n', '\n  parameters:\n    Role:\n      name: role\n      in: query\n      schema:\n        allOf:\n          - type: string\n            enum: [end-user, agent, admin]\n  schemas:\n'),
    },
    code: 'enum-value',
    message: /"end-users" is not a value of query parameter 'role' of GET \/users/,
    hint: /did you mean 'end-user'\?/,
    at: 'end-users',
  },
  {
    name: 'a writeOnly provider field read by an explicit direction',
    file: mapping,
    edit: (t) => t.replace('  - unified: notes\n    provider: notes\n', '  - unified: notes\n    provider: notes\n    direction: both\n'),
    also: { file: providerSpec, edit: (t) => t.replace('          description: Any notes you want to store about the user.', '          writeOnly: true') },
    code: 'read-only-in-request',
    message: /this provider field is writeOnly in the provider spec and is never answered/,
    hint: /use `direction: write`/,
    at: 'both\n  - unified: status',
  },
];

describe('a fixed value the provider would not accept is reported where it is, and nothing is written', () => {
  itReportsEach(cases, ['zendesk'], 'zendesk');

  it('a writeOnly provider field is write-only by default, as a readOnly one is read-only', async () => {
    const out = await tempProject({ mappings: ['zendesk'] });
    try {
      await out.edit(providerSpec, (t) => t.replace('          description: Any notes you want to store about the user.', '          writeOnly: true'));
      await generate({ root: out.root, mode: 'write', providers: ['zendesk'] });
      const transformers = await out.read('generated/zendesk/transformers.gen.ts');
      expect(transformers).not.toMatch(/record\.notes/);
      expect(transformers).toMatch(/notes → notes/);
    } finally {
      await out.dispose();
    }
  });
});

describe('a fixed body value is checked against the request member it fills', () => {
  it.each([
    { value: "'abc'", message: /"abc" is sent as a number \(Number\("abc"\)\) and is not an integer, and 'company' of the customersAdd request is integer/, hint: /write an integer/ },
    { value: "'0'", message: /"0" does not fit 'company' of the customersAdd request: must be at least 1/, hint: /the provider's document/ },
  ])('company: $value', async ({ value, message, hint }) => {
    const project = await tempProject({ mappings: ['revnue'] });
    try {
      const file = 'mappings/revnue.yaml';
      await project.edit(file, (t) => t.replace("        company: '{settings.company}'\n    # 201", `        company: ${value}\n    # 201`));
      const edited = await project.read(file);
      const error = await generate({ root: project.root, mode: 'write', providers: ['revnue'] }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(GenerationError);
      const match = (error as GenerationError).diagnostics.find((d) => d.code === 'type-mismatch' && message.test(d.message));
      expect(match, (error as Error).message).toBeDefined();
      expect(match!.position).toEqual(positionOf(edited, `${value}\n    # 201`));
      expect(match!.hint).toMatch(hint);
    } finally {
      await project.dispose();
    }
  });
});
