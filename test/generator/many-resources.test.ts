/**
 * A unified API of many resources (specs/crm.yaml, Apideck's CRM spec as
 * published): its resources come from the spec's paths, a mapping maps the
 * ones it names (a section each), only those are generated, and the mapping's
 * filters, sorts and relations are checked against the spec.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { GenerationError, type Diagnostic } from '../../src/diagnostics.js';
import { generate } from '../../src/generate.js';
import { repoRoot, tempProject, type TempProject } from '../support/project.js';

const problemsOf = async (run: Promise<unknown>): Promise<Diagnostic[]> => {
  try {
    await run;
  } catch (error) {
    if (error instanceof GenerationError) return [...error.diagnostics];
    throw error;
  }
  return [];
};

describe('the CRM API, many resources in one spec', () => {
  it('groups every collection of the spec into a resource, and generates only those a mapping maps', async () => {
    const result = await generate({ root: repoRoot, mode: 'none', providers: ['pipedrive'] });
    const crm = result.ir.apis.find((api) => api.unified.folder === 'crm')!;
    const names = crm.unified.resources.map((resource) => resource.name);
    expect(names).toEqual(expect.arrayContaining(['activities', 'companies', 'contacts', 'leads', 'notes', 'opportunities', 'pipelines', 'users']));
    // One resource per collection, even where the spec's envelope examples repeat a name.
    expect(new Set(names).size).toBe(names.length);
    const contacts = crm.unified.resources.find((resource) => resource.name === 'contacts')!;
    expect(contacts).toMatchObject({ collectionPath: '/crm/contacts', recordName: 'Contact', tags: ['Contacts'] });
    expect(contacts.operations.map((o) => `${o.kind} ${o.id}`).sort()).toEqual(['create contactsAdd', 'delete contactsDelete', 'get contactsOne', 'list contactsAll', 'update contactsUpdate']);
    expect(crm.resources.map((resource) => resource.name)).toEqual(['companies', 'contacts']);
    const types = result.files.get('crm/unified/types.gen.ts')!;
    expect(types).toContain('export interface CrmContactsConnector');
    expect(types).not.toContain('interface Opportunity ');
    expect(result.files.has('crm/pipedrive/contacts/connector.gen.ts')).toBe(true);
    // The default API's files are not touched by a run for a CRM provider.
    expect([...result.files.keys()].filter((file) => !file.startsWith('crm/') && file !== '.fingerprint')).toEqual([]);
  });
});

describe('a run for some providers', () => {
  it('writes the unified modules a full run writes, covering what the other mappings map', async () => {
    const project = await tempProject();
    try {
      // HubSpot now maps contacts only; Pipedrive still maps companies too.
      await project.edit('mappings/crm/hubspot.yaml', (t) => t.slice(0, t.indexOf('\n  companies:\n')) + t.slice(t.indexOf('\nexamples:\n')));
      const full = await generate({ root: project.root, mode: 'none' });
      const partial = await generate({ root: project.root, mode: 'none', providers: ['hubspot'] });
      const unifiedFiles = [...full.files.keys()].filter((file) => file.startsWith('crm/unified/'));
      expect(unifiedFiles.length).toBeGreaterThan(0);
      for (const file of unifiedFiles) expect(partial.files.get(file), file).toBe(full.files.get(file));
      expect(partial.files.get('crm/unified/types.gen.ts')).toContain('export interface CrmCompaniesConnector');
    } finally {
      await project.dispose();
    }
  });
});

describe('a CRM mapping is checked against the spec', () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject({ mappings: ['pipedrive'] });
  });
  afterAll(async () => {
    await project.dispose();
  });

  it.each([
    ['a resource the spec lacks', (t: string) => t.replace('\n  companies:\n', '\n  compnies:\n'), /'compnies' is not a resource of specs\/crm\.yaml/, /did you mean 'companies'\?/],
    ['a relation to a resource the spec lacks', (t: string) => t.replace('refers_to: companies', 'refers_to: compnies'), /'compnies' is not a resource of specs\/crm\.yaml/, /did you mean 'companies'\?/],
    ['a filter the list does not define', (t: string) => t.replace('owner_id: user_id', 'ownerid: user_id'), /'ownerid' is not a filter of contactsAll/, /did you mean 'owner_id'\?/],
    ['a sort field the list does not define', (t: string) => t.replace('first_name: first_name\n', 'firstname: first_name\n'), /'firstname' is not a sort\[by\] value of contactsAll/, /did you mean 'first_name'\?/],
    ['a filter sent as a query parameter the provider lacks', (t: string) => t.replace('owner_id: user_id', 'owner_id: owner'), /declares no query parameter 'owner'/, /user_id/],
    ['a sort placeholder that does not exist', (t: string) => t.replace("sort: '{field} {direction}'", "sort: '{field} {order}'"), /'\{order\}' is not a sort placeholder/, /\{field\} and \{direction\}/],
  ])('%s is an error at its line', async (_, edit, message, hint) => {
    const original = await project.read('mappings/crm/pipedrive.yaml');
    await project.edit('mappings/crm/pipedrive.yaml', edit);
    try {
      const problems = await problemsOf(generate({ root: project.root, mode: 'none' }));
      const found = problems.find((p) => message.test(p.message));
      expect(found, problems.map((p) => p.message).join('\n')).toBeDefined();
      expect(found!.file).toBe('mappings/crm/pipedrive.yaml');
      expect(found!.position?.line).toBeGreaterThan(1);
      expect(found!.hint ?? '').toMatch(hint);
    } finally {
      await project.edit('mappings/crm/pipedrive.yaml', () => original);
    }
  });
});

describe('path parameters as the spec names them', () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject({ mappings: ['pipedrive'] });
    // The contacts' item path names its id `contact_id` (as …/tickets/{ticket_id} does in Apideck's issue-tracking spec).
    await project.edit('specs/crm.yaml', (text) => {
      const start = text.indexOf('  /crm/contacts/{id}:');
      const end = text.indexOf('\n  /crm/', start + 10);
      const item = text.slice(start, end).replace('/crm/contacts/{id}:', '/crm/contacts/{contact_id}:').replaceAll("$ref: '#/components/parameters/id'", "$ref: '#/components/parameters/contactId'");
      return (text.slice(0, start) + item + text.slice(end)).replace('    leadsFilter:\n', '    contactId:\n      in: path\n      name: contact_id\n      required: true\n      schema:\n        type: string\n    leadsFilter:\n');
    });
    await project.edit('mappings/crm/pipedrive.yaml', (text) => {
      const split = text.indexOf('\n  companies:\n');
      return text.slice(0, split).replace(/(\n\s+input:\n\s+)id: /g, '$1contact_id: ').replace(/input: \{ id: /g, 'input: { contact_id: ') + text.slice(split);
    });
  });
  afterAll(() => project.dispose());

  it("reads the record's id from the parameter the spec names, not from `id`", async () => {
    const result = await generate({ root: project.root, mode: 'none' });
    const code = result.files.get('crm/pipedrive/contacts/connector.gen.ts')!;
    expect(code).toContain("const id = context.id(params.contact_id, 'contact_id');");
    expect(code).not.toContain('params.id');
    // The generated suite's hostile-id and other-record cases put the id where the spec says.
    expect(result.files.get('crm/pipedrive/contacts/connector.gen.test.ts')).toContain("idParam: 'contact_id'");
  });

  it('a path placeholder that is no path parameter of the operation is an error naming those it has', async () => {
    const original = await project.read('mappings/crm/pipedrive.yaml');
    await project.edit('mappings/crm/pipedrive.yaml', (text) => text.replace('path: /persons/{id}\n', 'path: /persons/{person}\n'));
    try {
      const problems = await problemsOf(generate({ root: project.root, mode: 'none' }));
      const found = problems.find((p) => /'\{person\}' in a path/.test(p.message));
      expect(found, problems.map((p) => p.message).join('\n')).toBeDefined();
      expect(found!.message).toMatch(/only '\{id\}'/);
    } finally {
      await project.edit('mappings/crm/pipedrive.yaml', () => original);
    }
  });
});

// A mapping of several resources builds a connector per section, and the sections share its connection and its
// `errors`: a problem there is one problem over the requests of every section, not one per section naming its own.
describe('what the sections of a mapping share is checked once, over the requests of every section', () => {
  const mapping = 'mappings/crm/hubspot.yaml';
  const providerSpec = 'specs/providers/hubspot.yaml';
  let project: TempProject;
  let originals: Map<string, string>;
  beforeAll(async () => {
    project = await tempProject({ mappings: ['hubspot'] });
    originals = new Map([[mapping, await project.read(mapping)], [providerSpec, await project.read(providerSpec)]]);
  });
  afterEach(async () => {
    for (const [file, text] of originals) await project.write(file, text);
  });
  afterAll(() => project.dispose());

  /** Requests the HubSpot mapping sends per section: list, search, get, create, update, delete. */
  const sentPerSection = 6;
  /** The requests a message counts: three named, and so many more. */
  const counted = (message: string) => 3 + Number(/ and (\d+) more\b/.exec(message)?.[1] ?? Number.NaN);
  const contactsOnly = (text: string, change: (part: string) => string) => {
    const start = text.indexOf('  /crm/v3/objects/contacts:\n');
    const end = text.indexOf('  /crm/v3/objects/companies:\n');
    return text.slice(0, start) + change(text.slice(start, end)) + text.slice(end);
  };

  it('a connection header no operation declares, the document-wide `security` no method meets and an error path leading nowhere: each reported once', async () => {
    await project.edit(mapping, (t) => t.replace("      token: '{credentials.access_token}'\n", "      token: '{credentials.access_token}'\n  headers:\n    X-Trace: connector-gen\n").replace('  message: [message]', '  message: [mesage]'));
    await project.edit(providerSpec, (t) => t.replace('  securitySchemes:\n', "  securitySchemes:\n    hapikey: { type: apiKey, in: query, name: hapikey }\n").replace('security:\n  - private_app: []\n', 'security:\n  - hapikey: []\n'));
    const problems = await problemsOf(generate({ root: project.root, mode: 'none' }));
    const listed = problems.map((p) => `${p.position?.line}: ${p.message}`).join('\n');
    const header = problems.filter((p) => /^header 'X-Trace' goes on every request/.test(p.message));
    const security = problems.filter((p) => /requires hapikey .* by its top-level `security`/.test(p.message));
    const errorPath = problems.filter((p) => /^'mesage' leads nowhere in the error answers/.test(p.message));
    for (const found of [header, security, errorPath]) expect(found, listed).toHaveLength(1);
    // Both sections' requests, counted in one message (a section's own would be `sentPerSection` at most).
    expect(counted(header[0]!.message), header[0]!.message).toBeGreaterThan(sentPerSection);
    expect(counted(security[0]!.message), security[0]!.message).toBe(2 * sentPerSection);
  });

  it("a header only one section's operations declare still needs vouching for the other's, and then generates", async () => {
    const declared = '    parameters:\n      - { name: X-Trace, in: header, schema: { type: string } }\n';
    await project.edit(providerSpec, (t) => contactsOnly(t, (contacts) => contacts.replace(/^( {2}\/crm\/v3\/objects\/contacts[^\n]*:\n)(?: {4}parameters:\n)?/gm, `$1${declared}`)));
    await project.edit(mapping, (t) => t.replace("      token: '{credentials.access_token}'\n", "      token: '{credentials.access_token}'\n  headers:\n    X-Trace: connector-gen\n  undocumented:\n    headers:\n      X-Trace: HubSpot's request tracing guide\n"));
    const result = await generate({ root: project.root, mode: 'none' });
    const trusted = (section: string) => result.ir.connectors.find((c) => c.folder === `crm/hubspot/${section}`)!.trusted.filter((note) => note.message.includes("'X-Trace'"));
    // One note for the mapping's connection, in each section's list (its README), naming the companies' requests only.
    expect(trusted('companies').map((note) => note.message)).toEqual([expect.stringMatching(/^header 'X-Trace' is not declared by POST \/crm\/v3\/objects\/companies, [^;]*; trusted on the mapping's word$/)]);
    expect(trusted('companies')[0]!.message).not.toContain('/contacts');
    expect(trusted('contacts')).toEqual(trusted('companies'));
    // Printed once by the command, not once per section.
    const err: string[] = [];
    const program = buildProgram(project.root, { out: () => undefined, err: (line) => err.push(line) }, () => undefined);
    program.exitOverride();
    await program.parseAsync(['--check'], { from: 'user' });
    expect(err.filter((line) => line.includes("note: header 'X-Trace'"))).toHaveLength(1);
  });

  it("an error path leading somewhere in one section's error answers only is taken", async () => {
    await project.edit(providerSpec, (t) =>
      contactsOnly(t.replace('    Error:\n      description: An error.\n', "    ContactError:\n      description: An error about contacts.\n      content:\n        application/json:\n          schema: { type: object, properties: { detail: { type: string } } }\n    Error:\n      description: An error.\n"), (contacts) => contacts.replaceAll("'#/components/responses/Error'", "'#/components/responses/ContactError'")),
    );
    await project.edit(mapping, (t) => t.replace('  message: [message]', '  message: [message, detail]'));
    const problems = await problemsOf(generate({ root: project.root, mode: 'none' }));
    // Each path leads somewhere in some section's answers; only the examples, which never show `detail`, are left.
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^no example's error answer is read by 'detail'/)]);
  });
});
