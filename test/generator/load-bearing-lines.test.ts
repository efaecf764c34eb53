/**
 * Every mapping line is carried out or refused. Provider-side selectors mean
 * what they say in both directions (`lines[0]` is the first string of an
 * array of strings, `phones[kind=mobile].number` the number of the element
 * whose kind is mobile), checked by running the generated transformers;
 * members of an `each` take its direction.
 */

import { readFile } from 'node:fs/promises';
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
        contact_emails:
          type: array
          items:
            type: object
            properties:
              value:
                type: string
              primary:
                type: boolean
`;

const fields = `fields:
  - unified: addresses[0].line1
    provider: address_lines[0]
  - unified: addresses[0].line2
    provider: address_lines[1]
  - unified: addresses[0].country
    const: GB
  - unified: phone_numbers[type=mobile].number
    provider: phones[kind=mobile].number
  - unified: emails[type=work].email
    provider: contact_emails[primary=false].value
`;

type Transformers = {
  toUnifiedCustomer(record: unknown, report?: (field: string, problem: string) => void): Record<string, unknown> | undefined;
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
  transformers = await project.load<Transformers>('generated/zendesk/transformers.gen.ts');
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
      contact_emails: [
        { value: 'ada@example.org', primary: true },
        { value: 'ada@work.example.org', primary: false },
      ],
    });
    expect(customer?.addresses).toEqual([expect.objectContaining({ line1: '12 St James Square', line2: 'London' })]);
    expect(customer?.phone_numbers).toContainEqual(expect.objectContaining({ number: '+447700900123', type: 'mobile' }));
    // A boolean key is matched as the boolean false, not as the text 'false'.
    expect(customer?.emails).toContainEqual(expect.objectContaining({ email: 'ada@work.example.org', type: 'work' }));
  });

  it('read: a value of another type where a selected array belongs, or where its object element belongs, is reported, not read as nothing without a word', () => {
    const reported: string[] = [];
    const customer = transformers.toUnifiedCustomer(
      { id: 1, name: 'Ada Lovelace', address_lines: 'one line', phones: { kind: 'mobile', number: '+447700900123' }, contact_emails: ['ada@work.example.org'] },
      (field, problem) => reported.push(`${field}: ${problem}`),
    );
    expect(customer).toBeDefined();
    expect(reported).toContain('address_lines: expected an array, got the string "one line"');
    expect(reported.some((line) => /^phones: expected an array, got /.test(line)), reported.join('\n')).toBe(true);
    // An element of another type among others is no match, as a missing one is: nothing to say.
    expect(reported.filter((line) => line.startsWith('contact_emails'))).toEqual([]);
    // Absent arrays are absent values, not faults.
    const quiet: string[] = [];
    transformers.toUnifiedCustomer({ id: 1, name: 'Ada Lovelace' }, (field, problem) => quiet.push(`${field}: ${problem}`));
    expect(quiet.filter((line) => /^(address_lines|phones|contact_emails)\b/.test(line))).toEqual([]);
  });

  it('read: a constant in an array element does not make the element; with a value read beside it, it fills it', () => {
    // Before, the element's presence was tested on every member, the constant among them: every record had an address.
    expect(transformers.toUnifiedCustomer({ id: 1, name: 'Ada Lovelace' })?.addresses).toEqual([]);
    expect(transformers.toUnifiedCustomer({ id: 1, name: 'Ada Lovelace', address_lines: ['12 St James Square'] })?.addresses).toEqual([expect.objectContaining({ line1: '12 St James Square', country: 'GB' })]);
  });

  it('write: each index fills its own position, and a match writes the element with its key', () => {
    const issues: unknown[] = [];
    const body = transformers.toZendeskCustomersUpdateBody({ addresses: [{ line1: '12 St James Square', line2: 'London' }], phone_numbers: [{ number: '+447700900123', type: 'mobile' }] }, issues, {});
    expect(body.address_lines).toEqual(['12 St James Square', 'London']);
    expect(body.phones).toEqual([{ kind: 'mobile', number: '+447700900123' }]);
  });

  it('write: a boolean selector key is written as a boolean', () => {
    const body = transformers.toZendeskCustomersUpdateBody({ emails: [{ email: 'ada@work.example.org', type: 'work' }] }, [], {});
    expect(body.contact_emails).toEqual([{ primary: false, value: 'ada@work.example.org' }]);
  });

  it('a selector value its key cannot hold is refused, saying what it can', async () => {
    const broken = await tempProject({ mappings: ['zendesk'] });
    try {
      await broken.edit('specs/providers/zendesk.yaml', (t) => t.replace(/( {4}User:\n(?:.*\n)*? {6}properties:\n)/, `$1${members}`));
      await broken.edit('mappings/zendesk.yaml', (t) => t.replace('\nfields:\n', '\nfields:\n  - unified: emails[type=work].email\n    provider: contact_emails[primary=yes].value\n    direction: read\n'));
      const error = await generate({ root: broken.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(GenerationError);
      const problem = (error as GenerationError).diagnostics[0]!;
      expect(problem.message).toMatch(/'yes' cannot be a value of contact_emails\[\]\.primary, which is boolean/);
      expect(problem.hint).toMatch(/\[primary=true\]/);
      expect(problem.position?.line).toBeGreaterThan(0);
    } finally {
      await broken.dispose();
    }
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
  it('an each `where` value of another type than its member is refused: no element could ever match', async () => {
    const broken = await tempProject({ mappings: ['omnidesk'] });
    try {
      await broken.edit('mappings/omnidesk.yaml', (t) => t.replace('      type: telephone', '      type: 7'));
      const error = await generate({ root: broken.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(GenerationError);
      const problem = (error as GenerationError).diagnostics[0]!;
      expect(problem.message).toMatch(/7 is number, and .*\[\]\.type is string: no element could match/);
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

describe('ids and follow-up values from response headers', () => {
  const created = `        '201':
          description: The created user.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/UserResponse'
`;
  const headerOnly = `        '201':
          description: Created; the body is empty and the new user is named by its headers.
          headers:
            Location:
              required: true
              schema:
                type: string
            Resource-ID:
              schema:
                type: string
`;

  async function project(mappingEdit: (text: string) => string): Promise<TempProject> {
    const copy = await tempProject({ mappings: ['zendesk'] });
    await copy.edit('specs/providers/zendesk.yaml', (t) => t.replace(created, headerOnly));
    await copy.edit('mappings/zendesk.yaml', mappingEdit);
    return copy;
  }
  const problemsOf = async (copy: TempProject) => {
    const error = await generate({ root: copy.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught);
    return error instanceof GenerationError ? error.diagnostics : [];
  };

  /** A loopback provider answering a create with 201, `headers` and no body, counting requests. */
  async function answering(headers: Record<string, string>) {
    const { createServer } = await import('node:http');
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      request.resume();
      request.on('end', () => response.writeHead(201, headers).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    return { origin: `http://127.0.0.1:${port}`, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  async function connector(copy: TempProject, origin: string) {
    await generate({ root: copy.root, mode: 'write' });
    const module = (await import(pathToFileURL(path.join(copy.root, 'generated/zendesk/connector.gen.ts')).href)) as {
      createZendeskConnector(options: object): { customersAdd(params: object): Promise<{ data: { id: string } }> };
    };
    return module.createZendeskConnector({ settings: { subdomain: 'acme' }, credentials: { access_token: 'token-1234' }, baseUrl: `${origin}/api/v2`, retry: { attempts: 1 } });
  }

  it('an id read from the last segment of Location', async () => {
    const copy = await project((t) => t.replace('    status: [201]\n    id: user.id\n', '    status: [201]\n    id: { header: Location, last_segment: true }\n'));
    const provider = await answering({ location: 'https://acme.zendesk.com/api/v2/users/4242' });
    try {
      const zendesk = await connector(copy, provider.origin);
      const result = await zendesk.customersAdd({ customer: { first_name: 'Ada', last_name: 'Lovelace' } });
      expect(result.data.id).toBe('4242');
    } finally {
      await provider.close();
      await copy.dispose();
    }
  }, 60_000);

  it('an id header the answer does not declare is refused with the headers it does', async () => {
    const copy = await project((t) => t.replace('    status: [201]\n    id: user.id\n', '    status: [201]\n    id: { header: X-User-Id }\n'));
    try {
      const problems = await problemsOf(copy);
      expect(problems.map((p) => [p.message, p.hint])).toEqual([["POST /users in specs/providers/zendesk.yaml declares no 'X-User-Id' header on its 201 answer", 'its headers: Location, Resource-ID']]);
      expect(problems[0]!.position?.line).toBeGreaterThan(0);
    } finally {
      await copy.dispose();
    }
  });

  const lookup = (extra: string) => (t: string) =>
    t.replace('    status: [201]\n    id: user.id\n', `    status: [201]\n    then:\n      method: GET\n      path: '/users/{response.headers.Resource-ID}'\n      id: user.id\n${extra}`);

  it('a follow-up value the answer may lack must say what happens then', async () => {
    const copy = await project(lookup(''));
    try {
      const problems = await problemsOf(copy);
      expect(problems.map((p) => p.message)).toEqual(["'{response.headers.Resource-ID}' may be absent: the provider spec does not mark the 'Resource-ID' header required"]);
      expect(problems[0]!.hint).toMatch(/if_absent: fail/);
    } finally {
      await copy.dispose();
    }
  });

  it('with if_absent: fail, a missing value fails the create naming it, and no lookup is sent for an empty id', async () => {
    const copy = await project(lookup('      if_absent: fail\n'));
    const provider = await answering({ location: 'https://acme.zendesk.com/api/v2/users/4242' });
    try {
      const zendesk = await connector(copy, provider.origin);
      const error = await zendesk.customersAdd({ customer: { first_name: 'Ada', last_name: 'Lovelace' } }).then(() => undefined, (caught: unknown) => caught);
      expect(error).toMatchObject({ type_name: 'ConnectorExecutionError' });
      expect(String((error as Error).message)).toMatch(/no value for \/users\/\{response\.headers\.Resource-ID\}/);
      expect(provider.requests).toEqual(['POST /api/v2/users']);
    } finally {
      await provider.close();
      await copy.dispose();
    }
  }, 60_000);
});

describe('arrays of scalars, element by element', () => {
  const otherEmails = `        other_emails:
          type: array
          items:
            type: string
`;
  const eachLine = `  - unified: emails
    provider: other_emails
    each:
      - unified: email
        provider: $
      - unified: type
        const: secondary
`;
  let copy: TempProject;
  let scalars: Transformers & { toZendeskCustomersAddBody(customer: unknown, issues: unknown[], settings: Record<string, string>): Record<string, unknown> };

  beforeAll(async () => {
    copy = await tempProject({ mappings: ['zendesk'] });
    await copy.edit('specs/providers/zendesk.yaml', (t) => t.replace(/( {4}User:\n(?:.*\n)*? {6}properties:\n)/, `$1${otherEmails}`).replace(/( {4}UserWrite:\n(?:.*\n)*? {6}properties:\n)/, `$1${otherEmails}`));
    // Every email goes to `other_emails`, in place of the primary one in `email`.
    await copy.edit('mappings/zendesk.yaml', (t) => t.replace(/ {2}- unified: emails\[type=primary\]\.email\n(?: {4}.*\n)+/, eachLine));
    await generate({ root: copy.root, mode: 'write' });
    scalars = (await import(pathToFileURL(path.join(copy.root, 'generated/zendesk/transformers.gen.ts')).href)) as typeof scalars;
  }, 60_000);
  afterAll(() => copy.dispose());

  it("read: '$' is each string of the array", () => {
    const customer = scalars.toUnifiedCustomer({ id: 1, name: 'Ada Lovelace', other_emails: ['ada@example.com', 'countess@example.org'] });
    expect(customer?.emails).toEqual([
      { email: 'ada@example.com', type: 'secondary' },
      { email: 'countess@example.org', type: 'secondary' },
    ]);
  });

  it("write: each element's email becomes one string", () => {
    const body = scalars.toZendeskCustomersAddBody({ first_name: 'Ada', last_name: 'Lovelace', emails: [{ email: 'ada@example.com', type: 'work' }, { email: 'countess@example.org' }] }, [], {});
    expect(body.other_emails).toEqual(['ada@example.com', 'countess@example.org']);
  });

  it("'$' outside an each is refused with its position", async () => {
    const broken = await tempProject({ mappings: ['zendesk'] });
    try {
      await broken.edit('mappings/zendesk.yaml', (t) => t.replace('\nfields:\n', '\nfields:\n  - unified: tax_number\n    provider: $\n'));
      const error = await generate({ root: broken.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught);
      expect((error as GenerationError).diagnostics.map((d) => d.message)).toEqual(["'$' (the array element itself) is only for the members of an `each`"]);
    } finally {
      await broken.dispose();
    }
  });
});

/**
 * Kustomer generated in a temporary project from its document and mapping as `specEdit` and `mappingEdit` (if any) leave them,
 * and what its connector sends a loopback provider for each of `updates` (its Content-Type and JSON body), or the type
 * of the error it throws instead; with the generated connector's code.
 */
async function kustomerUpdates(specEdit: (t: string) => string, mappingEdit: ((t: string) => string) | undefined, updates: object[]) {
  const copy = await tempProject({ mappings: ['kustomer'] });
  const { createServer } = await import('node:http');
  const received: { type: string | undefined; body: unknown }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ type: request.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { type: 'customer', id: '5f1f0c52b0a7c1001a8f3c1e', attributes: {} } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await copy.edit('specs/providers/kustomer.yaml', specEdit);
    if (mappingEdit) await copy.edit('mappings/kustomer.yaml', mappingEdit);
    await generate({ root: copy.root, mode: 'write' });
    const code = await readFile(path.join(copy.root, 'generated/kustomer/connector.gen.ts'), 'utf8');
    const module = (await import(pathToFileURL(path.join(copy.root, 'generated/kustomer/connector.gen.ts')).href)) as {
      createKustomerConnector(options: object): { customersUpdate(params: object): Promise<unknown> };
    };
    const { port } = server.address() as { port: number };
    const kustomer = module.createKustomerConnector({ settings: { host: 'api.kustomerapp.com' }, credentials: { api_key: 'key-123456' }, baseUrl: `http://127.0.0.1:${port}/v1`, retry: { attempts: 1 } });
    const sent: ({ type: string | undefined; body: unknown } | { refused: string })[] = [];
    for (const customer of updates) {
      const before = received.length;
      const error = await kustomer.customersUpdate({ id: '5f1f0c52b0a7c1001a8f3c1e', customer }).then(() => undefined, (caught: unknown) => caught);
      sent.push(error ? { refused: (error as { type_name: string }).type_name } : received[before]!);
    }
    return { code, sent };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await copy.dispose();
  }
}

// A JSON body the document takes only as application/merge-patch+json was sent as application/json, which such a
// provider may refuse (415) or read by other rules; the check had matched any `+json` type to `encoding: json`.
describe('a JSON body sent as the media type the document declares', () => {
  const mergePatch = (t: string) => t.replace(/( {4}patch:\n(?:.*\n)*? {6}requestBody:\n {8}required: true\n {8}content:\n {10})application\/json:/, '$1application/merge-patch+json:');

  it('an update the document takes only as application/merge-patch+json is sent with that Content-Type', async () => {
    const { code, sent } = await kustomerUpdates(mergePatch, undefined, [{ first_name: 'Ada', last_name: 'Lovelace' }]);
    expect(code).toContain("encoding: 'json', mediaType: 'application/merge-patch+json'");
    expect(sent.map((request) => ('type' in request ? request.type : request))).toEqual(['application/merge-patch+json']);
  }, 60_000);
});

describe('updates as JSON Patch', () => {
  const patchBody = `        content:
          application/json-patch+json:
            schema:
              type: array
              items:
                type: object
                required: [op, path]
                properties:
                  op: { type: string, enum: [add, remove, replace, move, copy, test] }
                  path: { type: string }
                  value: {}
`;
  const asPatch = (t: string) => t.replace(/( {4}patch:\n(?:.*\n)*? {6}requestBody:\n {8}required: true\n) {8}content:\n {10}application\/json:\n {12}schema:\n {14}\$ref: '#\/components\/schemas\/CustomerAttributesWrite'\n/, `$1${patchBody}`);
  // The document's operation items with another \`op\` (Help Scout's PatchOperation takes only replace and remove).
  const withOps = (op: string) => (t: string) => asPatch(t).replace('                  op: { type: string, enum: [add, remove, replace, move, copy, test] }\n', `                  op: ${op}\n`);
  const updateAsPatch = (t: string) => t.replace('    path: /customers/{id}\n    body:\n      encoding: json\n      from: attributes\n', '    path: /customers/{id}\n    body:\n      encoding: json-patch\n      from: attributes\n');

  it('sends one add per value given, with the JSON Patch media type', async () => {
    const { sent } = await kustomerUpdates(asPatch, updateAsPatch, [{ first_name: 'Ada', last_name: 'Lovelace', emails: [{ email: 'ada@example.com', type: 'work' }] }]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({
      type: 'application/json-patch+json',
      body: [
        { op: 'add', path: '/name', value: 'Ada Lovelace' },
        { op: 'add', path: '/emails', value: [{ email: 'ada@example.com', type: 'work' }] },
      ],
    });
  }, 60_000);

  /** The bodies the generated connector sends for each update (or the error it throws), against the edited document. */
  const patchesSent = async (specEdit: (t: string) => string, updates: object[]) => {
    const { code, sent } = await kustomerUpdates(specEdit, updateAsPatch, updates);
    return { code, sent: sent.map((request) => ('body' in request ? request.body : request)) };
  };

  it('sends replace and remove where the document allows only those (Help Scout), never add', async () => {
    const { code, sent } = await patchesSent(withOps('{ type: string, enum: [replace, remove] }'), [{ first_name: 'Ada', last_name: 'Lovelace' }, { first_name: null, last_name: null }]);
    expect(code).toContain("encoding: 'json-patch', patch: { set: 'replace', clear: 'remove' }");
    expect(sent).toEqual([[{ op: 'replace', path: '/name', value: 'Ada Lovelace' }], [{ op: 'remove', path: '/name' }]]);
  }, 60_000);

  it('reads the operations of oneOf items, one per operation; a clear is sent with null where remove is not allowed', async () => {
    const perOp = (t: string) =>
      withOps('{ type: string }')(t).replace(
        '                type: object\n                required: [op, path]\n                properties:\n                  op: { type: string }\n                  path: { type: string }\n                  value: {}\n',
        '                oneOf:\n                  - type: object\n                    required: [op, path, value]\n                    properties:\n                      op: { type: string, enum: [replace] }\n                      path: { type: string }\n                      value: {}\n                  - type: object\n                    required: [op, from, path]\n                    properties:\n                      op: { type: string, enum: [move, copy] }\n                      from: { type: string }\n                      path: { type: string }\n',
      );
    const { sent } = await patchesSent(perOp, [{ first_name: 'Ada', last_name: 'Lovelace' }, { first_name: null, last_name: null }]);
    expect(sent).toEqual([[{ op: 'replace', path: '/name', value: 'Ada Lovelace' }], [{ op: 'replace', path: '/name', value: null }]]);
  }, 60_000);

  it('clears with remove a member the record may go without though it takes no null; without remove, such a clear is refused', async () => {
    const notNullable = (t: string) => t.replace('      description: The attributes of a customer as returned.\n      properties:\n        name:\n          type: string\n          nullable: true\n', '      description: The attributes of a customer as returned.\n      properties:\n        name:\n          type: string\n');
    const withRemove = await patchesSent((t) => notNullable(withOps('{ type: string, enum: [replace, remove] }')(t)), [{ first_name: null, last_name: null }]);
    expect(withRemove.sent).toEqual([[{ op: 'remove', path: '/name' }]]);
    const withoutRemove = await patchesSent((t) => notNullable(withOps('{ type: string, enum: [replace] }')(t)), [{ first_name: null, last_name: null }]);
    expect(withoutRemove.sent).toEqual([{ refused: 'RequestValidationError' }]);
  }, 60_000);

  const problems = async (specEdit: ((t: string) => string) | undefined, mappingEdit: (t: string) => string) => {
    const copy = await tempProject({ mappings: ['kustomer'] });
    try {
      if (specEdit) await copy.edit('specs/providers/kustomer.yaml', specEdit);
      if (mappingEdit) await copy.edit('mappings/kustomer.yaml', mappingEdit);
      const error = await generate({ root: copy.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught);
      return error instanceof GenerationError ? error.diagnostics.map((d) => d.message) : [];
    } finally {
      await copy.dispose();
    }
  };

  it('a JSON Patch to an operation whose document takes plain JSON is refused', async () => {
    expect(await problems(undefined, updateAsPatch)).toEqual(["PATCH /customers/{id} in specs/providers/kustomer.yaml takes application/json, and `encoding: json-patch` sends application/json-patch+json"]);
  });

  it('a JSON Patch to a document whose operations can set no value (neither add nor replace) is refused at body.encoding, naming the ones it takes', async () => {
    const copy = await tempProject({ mappings: ['kustomer'] });
    try {
      await copy.edit('specs/providers/kustomer.yaml', withOps('{ type: string, enum: [remove, test] }'));
      await copy.edit('mappings/kustomer.yaml', updateAsPatch);
      const error = await generate({ root: copy.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught);
      const diagnostics = (error as GenerationError).diagnostics;
      expect(diagnostics.map((d) => d.message)).toEqual(["the JSON Patch operations PATCH /customers/{id} takes in specs/providers/kustomer.yaml are 'remove', 'test': none of them sets a value ('add' or 'replace'), so every update would be refused"]);
      const lines = (await readFile(path.join(copy.root, 'mappings/kustomer.yaml'), 'utf8')).split('\n');
      const line = lines.findIndex((text) => text === '      encoding: json-patch') + 1;
      expect(diagnostics[0]).toMatchObject({ file: 'mappings/kustomer.yaml', position: { line, col: 17 } });
      expect(diagnostics[0]!.hint).toMatch(/encoding: json/);
    } finally {
      await copy.dispose();
    }
  });

  it("the paths a JSON Patch sends must be ones the document's path member takes", async () => {
    const paths = (t: string) => asPatch(t).replace('                  path: { type: string }\n', '                  path: { type: string, enum: [/name, /emails] }\n');
    expect(await problems(paths, updateAsPatch)).toEqual([
      `customersUpdate sends 'add' and 'remove' to '/phones': "/phones" is not a value of the 'path' of the JSON Patch operations of the customersUpdate request in specs/providers/kustomer.yaml`,
      `customersUpdate sends 'add' and 'remove' to '/locations': "/locations" is not a value of the 'path' of the JSON Patch operations of the customersUpdate request in specs/providers/kustomer.yaml`,
    ]);
  });

  it('a Content-Type header that would contradict the body is refused', async () => {
    expect(await problems(undefined, (t) => t.replace('    path: /customers/{id}\n    body:\n      encoding: json\n      from: attributes\n', "    path: /customers/{id}\n    headers:\n      Content-Type: application/json-patch+json\n    body:\n      encoding: json\n      from: attributes\n"))).toEqual([
      'the Content-Type of a request follows its `body.encoding`; a header here would contradict the body sent',
    ]);
  });
});

describe('a request body member the document omits', () => {
  it('is an error unless vouched for; vouched, it generates, is printed as trusted, listed in the README and sent', async () => {
    const copy = await tempProject({ mappings: ['omnidesk'] });
    try {
      const sent = "        brand_id: '{settings.brand_id}'\n        custom_tier: gold\n    status: [200]\n    then:";
      await copy.edit('mappings/omnidesk.yaml', (t) => t.replace("        brand_id: '{settings.brand_id}'\n    status: [200]\n    then:", sent));
      const error = await generate({ root: copy.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught);
      expect((error as GenerationError).diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/request body of POST \/customer .* declares no member 'custom_tier'/));
      const reason = 'custom fields are sent as custom_<name> form fields (custom fields reference)';
      await copy.edit('mappings/omnidesk.yaml', (t) => t.replace(sent, `${sent.replace('\n    status: [200]\n    then:', '')}\n    undocumented:\n      body:\n        custom_tier: ${reason}\n    status: [200]\n    then:`));
      const result = await generate({ root: copy.root, mode: 'none' });
      expect(result.ir.connectors[0]!.trusted.map((d) => d.message)).toEqual(["request member 'custom_tier' of POST /customer is not in specs/providers/omnidesk.yaml; trusted on the mapping's word"]);
      expect(result.files.get('omnidesk/README.md')).toContain(reason);
      expect(result.files.get('omnidesk/connector.gen.ts')).toMatch(/custom_tier/);
    } finally {
      await copy.dispose();
    }
  });
});

describe('a provider field the document omits', () => {
  const vouchedField = `  - unified: tax_number
    provider: vat_id
    undocumented:
      type: string
      reason: the reference page shows vat_id on every user; the OpenAPI document omits it
`;
  it('generates on the mapping word, printed as trusted and listed in the README', async () => {
    const copy = await tempProject({ mappings: ['zendesk'] });
    try {
      await copy.edit('mappings/zendesk.yaml', (t) => t.replace('\nfields:\n', `\nfields:\n${vouchedField}`));
      const result = await generate({ root: copy.root, mode: 'none' });
      const zendesk = result.ir.connectors[0]!;
      expect(zendesk.trusted.map((d) => d.message)).toEqual(["provider field 'vat_id' is not in the provider's document; trusted on the mapping's word"]);
      expect(result.files.get('zendesk/README.md')).toContain('the reference page shows vat_id on every user');
      expect(result.files.get('zendesk/transformers.gen.ts')).toMatch(/vat_id/);
    } finally {
      await copy.dispose();
    }
  });

  it('a member the record declares but a request schema omits needs vouching for the write, and is then trusted', async () => {
    const copy = await tempProject({ mappings: ['zendesk'] });
    try {
      // Published documents often leave writable members out of the request schema (Zendesk's UserInput).
      await copy.edit('specs/providers/zendesk.yaml', (t) => t.replace(/( {4}UserWrite:\n(?:.*\n)*?) {8}notes:\n(?: {10}.*\n)+/, '$1'));
      const error = await generate({ root: copy.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught);
      expect((error as GenerationError).diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/request: provider 'notes' is not a field of User/));
      await copy.edit('mappings/zendesk.yaml', (t) => t.replace('    provider: notes\n', '    provider: notes\n    undocumented: { type: string, reason: the Users reference lists notes as writable }\n'));
      const result = await generate({ root: copy.root, mode: 'none' });
      expect(result.ir.connectors[0]!.trusted.map((d) => d.message)).toContain("provider field 'notes' is not in the provider's document; trusted on the mapping's word");
    } finally {
      await copy.dispose();
    }
  });

  it('without undocumented it is an error, and vouching for a documented member is one too', async () => {
    const copy = await tempProject({ mappings: ['zendesk'] });
    try {
      await copy.edit('mappings/zendesk.yaml', (t) => t.replace('\nfields:\n', '\nfields:\n  - unified: tax_number\n    provider: vat_id\n  - unified: description\n    provider: notes\n    undocumented: { type: string, reason: says so }\n'));
      const error = await generate({ root: copy.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught);
      const messages = (error as GenerationError).diagnostics.map((d) => d.message);
      expect(messages).toContain("provider 'vat_id' is not a field of User");
      expect(messages).toContain("provider 'notes' is in the provider's document wherever this field reads or writes it; it needs no vouching");
    } finally {
      await copy.dispose();
    }
  });
});
