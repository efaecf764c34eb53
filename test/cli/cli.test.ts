/** The command line as CI uses it, in process: exit codes, messages, and what it leaves on disk (bin.test.ts runs it as a process). */

import { mkdir, readFile, rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram, EXIT } from '../../src/cli.js';
import { positionOf } from '../support/broken-inputs.js';
import { repoRoot, snapshotTree, tempProject, type TempProject } from '../support/project.js';
import { runGeneratedSuite } from '../support/generated-suite.js';
import { typeCheck } from '../support/typecheck.js';

async function runCli(root: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let code = -1;
  const program = buildProgram(root, { out: (l) => out.push(l), err: (l) => err.push(l) }, (c) => (code = c));
  program.exitOverride();
  program.configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  await program.parseAsync(args, { from: 'user' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npx generate', () => {
  let project: TempProject | undefined;
  afterEach(async () => {
    await project?.dispose();
    project = undefined;
  });

  it('writes generated/, then a second run changes no byte and rewrites no file', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    const first = await runCli(project.root, []);
    expect(first.code).toBe(EXIT.ok);
    expect(first.out).toMatch(/generated 1 connector \(kickserv\): \d+ files written, 0 unchanged, 0 removed/);
    const tree = await snapshotTree(path.join(project.root, 'generated'));
    expect([...tree.keys()]).toEqual(expect.arrayContaining(['index.gen.ts', 'COVERAGE.md', 'unified/types.gen.ts', 'kickserv/connector.gen.ts', 'kickserv/connector.gen.test.ts', 'kickserv/transformers.gen.ts', 'kickserv/types.gen.ts', 'kickserv/README.md']));
    const { stat } = await import('node:fs/promises');
    const mtimes = async () => Promise.all([...tree.keys()].map(async (file) => (await stat(path.join(project!.root, 'generated', file))).mtimeMs));
    const before = await mtimes();
    const second = await runCli(project.root, []);
    expect(second.out).toMatch(/0 files written, \d+ unchanged, 0 removed/);
    expect(await snapshotTree(path.join(project.root, 'generated'))).toEqual(tree);
    expect(await mtimes()).toEqual(before);
  });

  it('--check passes when generated/ matches and lists stale, missing and extra files when it does not', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    expect((await runCli(project.root, [])).code).toBe(EXIT.ok);
    expect((await runCli(project.root, ['--check'])).code).toBe(EXIT.ok);

    await project.edit('mappings/kickserv.yaml', (t) => t.replace('description: Kickserv API v2 customers', 'description: Kickserv API v2 customers (edited)'));
    await project.write('generated/orphan.gen.ts', '// left behind\n');
    const { rm } = await import('node:fs/promises');
    await rm(path.join(project.root, 'generated/kickserv/types.gen.ts'));
    const before = await snapshotTree(path.join(project.root, 'generated'));
    const check = await runCli(project.root, ['--check']);
    expect(check.code).toBe(EXIT.drift);
    expect(check.err).toContain('stale:   kickserv/README.md');
    expect(check.err).toContain('missing: kickserv/types.gen.ts');
    expect(check.err).toContain('extra:   orphan.gen.ts');
    expect(await snapshotTree(path.join(project.root, 'generated'))).toEqual(before);
  });

  it('--check ignores files beside the inputs that are not inputs, and says when only the fingerprint is stale', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    expect((await runCli(project.root, [])).code).toBe(EXIT.ok);
    // Notes, an editor's swap file, a desktop's folder record: nothing generation reads.
    await project.write('mappings/NOTES.md', 'to do: map the tags\n');
    await project.write('mappings/.kickserv.yaml.swp', 'swap');
    await project.write('specs/.DS_Store', 'desktop');
    await project.write('templates/README.txt', 'about the templates');
    const unrelated = await runCli(project.root, ['--check']);
    expect(unrelated.err).toBe('');
    expect(unrelated.code).toBe(EXIT.ok);
    expect(unrelated.out).toContain('match its fingerprint');
    // A comment changes the inputs' bytes but no generated code.
    await project.edit('mappings/kickserv.yaml', (t) => t.replace('service: kickserv', '# a note for reviewers\nservice: kickserv'));
    const comment = await runCli(project.root, ['--check']);
    expect(comment.code).toBe(EXIT.drift);
    expect(comment.err).toMatch(/^stale: {3}\.fingerprint$/m);
    expect(comment.err).toContain('only .fingerprint is stale: the inputs changed without changing any generated code');
  });

  it('names the file, line, column and the closest valid field for an unknown unified field, exits 2 and leaves generated/ alone', async () => {
    project = await tempProject({ withGenerated: true, mappings: ['kickserv'] });
    const before = await snapshotTree(path.join(project.root, 'generated'));
    await project.edit('mappings/kickserv.yaml', (t) => t.replace('unified: company_name', 'unified: compnay_name'));
    const result = await runCli(project.root, []);
    expect(result.code).toBe(EXIT.input);
    expect(result.err).toMatch(/^mappings\/kickserv\.yaml:\d+:14: error: unified 'compnay_name' is not a field of CustomerSupportCustomer\n {2}did you mean 'company_name'\?/m);
    expect(result.err).toContain('nothing was written');
    expect(await snapshotTree(path.join(project.root, 'generated'))).toEqual(before);
  });

  it('--quiet prints only the errors of a failing run, not its warnings (it printed every warning, with hints)', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    await project.edit('mappings/kickserv.yaml', (t) => t.replace('unified: company_name', 'unified: compnay_name').replace('service: kickserv', 'service: kickserv # TODO: map the tags'));
    const loud = await runCli(project.root, []);
    expect(loud.code).toBe(EXIT.input);
    expect(loud.err).toMatch(/^mappings\/kickserv\.yaml:\d+:\d+: warning: TODO left: map the tags$/m);
    const quiet = await runCli(project.root, ['--quiet']);
    expect(quiet.code).toBe(EXIT.input);
    expect(quiet.err).not.toContain('warning');
    expect(quiet.err).toMatch(/^mappings\/kickserv\.yaml:\d+:14: error: unified 'compnay_name' is not a field of CustomerSupportCustomer$/m);
    expect(quiet.err.split('\n').at(-1)).toBe('1 problem found; nothing was written.');
  });

  it('validate checks everything and writes nothing', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    const result = await runCli(project.root, ['validate']);
    expect(result.code).toBe(EXIT.ok);
    expect(result.out).toContain('valid: 1 connector (kickserv)');
    expect(await snapshotTree(path.join(project.root, 'generated'))).toEqual(new Map());
  });

  it("validate names each connector of a mapping of several resources by its folder, as generation does (it said 'hubspot, hubspot')", async () => {
    project = await tempProject({ mappings: ['hubspot'] });
    const result = await runCli(project.root, ['validate']);
    expect(result.code).toBe(EXIT.ok);
    expect(result.out).toContain('valid: 2 connectors (crm/hubspot/companies, crm/hubspot/contacts)');
  });
});

describe('npx generate new without --from: a stub provider spec and a mapping drafted from it generate, type-check and pass their suite', async () => {
  // Drafted and generated while the file is collected, so the draft's generated suite runs in this run.
  const project = await tempProject({ mappings: ['kickserv'] });
  afterAll(() => project.dispose());
  const created = await runCli(project.root, ['new', 'acme']);
  const scaffold = { mapping: await project.read('mappings/acme.yaml').catch(() => ''), spec: await project.read('specs/providers/acme.yaml').catch(() => '') };
  const generated = await runCli(project.root, []);
  const quiet = await runCli(project.root, ['--quiet']);
  // The type-check runs in a child process from here on, beside the tests; its test awaits it.
  const typeChecked = typeCheck(project.root);

  it('writes a stub spec with TODOs and drafts a mapping with one example case per operation', () => {
    expect(created.code, created.err).toBe(EXIT.ok);
    expect(created.out).toContain('created specs/providers/acme.yaml');
    expect(created.out).toContain('drafted mappings/acme.yaml');
    expect(scaffold.mapping).toMatch(/^# yaml-language-server: \$schema=\.\/schema\.json/);
    expect(scaffold.mapping).toMatch(/^ {2}# high: /m);
    expect(scaffold.spec).toContain('TODO');
    // One example case per operation, so every operation's requests and faults are tested.
    for (const operation of ['customersAll', 'customersOne', 'customersAdd', 'customersUpdate', 'customersDelete']) expect(scaffold.mapping).toContain(`operation: ${operation}`);
  });

  it('generates, naming the TODOs left as warnings, not as errors', () => {
    expect(generated.code, generated.err).toBe(EXIT.ok);
    expect(generated.out).toContain('generated 2 connectors (acme, kickserv)');
    expect(generated.err).toMatch(/^mappings\/acme\.yaml:\d+:\d+: warning: TODO left/m);
    expect(generated.err).toMatch(/^specs\/providers\/acme\.yaml:\d+:\d+: warning: TODO left/m);
    expect(generated.err).not.toMatch(/no example case/);
    expect(generated.err).not.toContain('kickserv');
    expect(quiet.err).toBe('');
  });

  it('type-checks', async () => {
    expect(await typeChecked).toBe('');
  }, 120_000);

  // Without generated code there is no suite to run: that alone fails here.
  if (generated.code === EXIT.ok) describe('passes its generated suite', () => runGeneratedSuite(project.root, 'acme'));
  else it('passes its generated suite', () => expect(generated.code, generated.err).toBe(EXIT.ok));
});

describe('npx generate with a broken template', () => {
  it('is a clear error naming the template problem, and nothing is written', async () => {
    const project = await tempProject({ withGenerated: true, mappings: ['kickserv'] });
    try {
      const before = await snapshotTree(path.join(project.root, 'generated'));
      await project.edit('templates/connector-readme.md.hbs', (t) => `${t}\n{{#each operations}}\n`);
      // Twice in one process: templates compiled once are kept by their text (a --watch session), a broken one never as good.
      for (let run = 0; run < 2; run++) {
        const result = await runCli(project.root, []);
        expect(result.code).not.toBe(EXIT.ok);
        expect(result.err).toMatch(/Parse error|Expecting/);
        expect(await snapshotTree(path.join(project.root, 'generated'))).toEqual(before);
      }
    } finally {
      await project.dispose();
    }
  });
});

describe('npx generate new', () => {
  let project: TempProject | undefined;
  afterEach(async () => {
    await project?.dispose();
    project = undefined;
  });

  it('with --from, copies the document and drafts from it; --record picks the record schema', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    const drafted = await runCli(project.root, ['new', 'acme', '--from', path.join(project.root, 'specs/providers/kickserv.yaml'), '--record', 'Customer']);
    expect(drafted.code, drafted.err).toBe(EXIT.ok);
    expect(await project.read('specs/providers/acme.yaml')).toBe(await project.read('specs/providers/kickserv.yaml'));
    const mapping = await project.read('mappings/acme.yaml');
    expect(mapping).toContain('record: Customer');
    expect(mapping).toMatch(/# (high|medium): .*\n {2}- unified: emails\[type=primary\]\.email\n {4}provider: email_address/);
    expect(mapping).toMatch(/type: page\n {2}page_param: customers_page/);
    expect(mapping).toMatch(/- type: basic/);
    // A comment that only mentions TODOs (the header's advice, wrapped onto a line of its own) is no marker.
    await project.edit('mappings/acme.yaml', (t) => `# check every line and\n# TODO, then run npx generate\n${t}`);
    const validated = await runCli(project.root, ['validate']);
    expect(validated.code).toBe(EXIT.ok);
    // Only the draft's TODO: markers are reported, not its header's advice to check them (which wraps onto a line of its own).
    const todos = validated.err.split('\n').filter((line) => line.includes('TODO left'));
    const markers = mapping.split('\n').filter((line) => /TODO:/.test(line)).length;
    expect(todos).toHaveLength(markers);
    for (const line of todos) expect(line).toMatch(/TODO left: \S/);
  });

  it('with --from, a draft whose every operation is left unsupported says so, naming why each is, not "check its field lines"', async () => {
    project = await tempProject({ mappings: [] });
    await project.write('specs/nested.yaml', await readFile(path.join(repoRoot, 'test/fixtures/nested/unified.yaml'), 'utf8'));
    // Cards live under boards in the unified API; this provider's tasks are under nothing, and it takes no board in a
    // query parameter or body member either, so no operation can send the board.
    const document = (await readFile(path.join(repoRoot, 'test/fixtures/nested/provider.yaml'), 'utf8')).replaceAll('/boards/{board}/tasks', '/all/tasks').replaceAll('{ name: board, in: path, required: true,', '{ name: q, in: query,').replaceAll('{ name: board, in: query,', '{ name: q, in: query,').replaceAll('boards:', 'tags:');
    await project.write('gadgets.yaml', document);
    const drafted = await runCli(project.root, ['new', 'gadgets', '--from', path.join(project.root, 'gadgets.yaml'), '--api', 'nested', '--record', 'Task']);
    expect(drafted.code, drafted.err).toBe(EXIT.ok);
    expect(drafted.out).not.toContain('check its field lines');
    expect(drafted.out).toMatch(/the draft maps no operation: every one is unsupported/);
    expect(drafted.err).toMatch(/mappings\/nested\/gadgets\.yaml: warning: boardCardsAll is drafted unsupported: .*board_id/);
  });

  it('with --from, a document split over several files is bundled into one (swagger-parser) and drafted from', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    const whole = await project.read('specs/providers/kickserv.yaml');
    const start = whole.indexOf('    Customer:\n');
    const end = whole.indexOf('    CustomerWrite:\n');
    // The record schema moves to a file of its own, referred to from the main document.
    const customer = whole.slice(start, end).split('\n').map((line) => line.slice(4)).join('\n').replace(/^Customer:\n/, '');
    await mkdir(path.join(project.root, 'vendor/schemas'), { recursive: true });
    await project.write('vendor/schemas/customer.yaml', customer);
    await project.write('vendor/openapi.yaml', whole.slice(0, start) + "    Customer:\n      $ref: './schemas/customer.yaml'\n" + whole.slice(end));
    const drafted = await runCli(project.root, ['new', 'acme', '--from', path.join(project.root, 'vendor/openapi.yaml'), '--record', 'Customer']);
    expect(drafted.code, drafted.err).toBe(EXIT.ok);
    expect(drafted.out).toContain('bundled the document and the files it refers to into specs/providers/acme.yaml');
    const bundled = await project.read('specs/providers/acme.yaml');
    expect(bundled).not.toContain('./schemas/customer.yaml');
    expect(bundled).toContain('customer_number');
    expect(await project.read('mappings/acme.yaml')).toMatch(/provider: email_address/);
    expect((await runCli(project.root, ['validate'])).code).toBe(EXIT.ok);
    // A folder given for the document is said to be one (it was "cannot read file: EISDIR").
    const folder = await runCli(project.root, ['new', 'other', '--from', path.join(project.root, 'vendor')]);
    expect(folder.code).toBe(EXIT.input);
    expect(folder.err).toMatch(/: error: \S*vendor is a folder, not a file\n\s+name the YAML or JSON file in it/);
    // Refused after bundling (an unknown --record): the bundle is not left behind.
    const refused = await runCli(project.root, ['new', 'other', '--from', path.join(project.root, 'vendor/openapi.yaml'), '--record', 'Custmer']);
    expect(refused.code).toBe(EXIT.input);
    expect((await snapshotTree(path.join(project.root, 'specs/providers'))).has('other.yaml')).toBe(false);
  });

  /** A split document (the record in a file of its own, which refers to another), written under vendor/. */
  const splitDocument = async (target: TempProject, options: { componentRef: boolean; address?: string; addressRef?: string }) => {
    const ref = options.componentRef ? "'#/components/schemas/Customer'" : "'./schemas/customer.yaml'";
    await mkdir(path.join(target.root, 'vendor/schemas'), { recursive: true });
    await target.write(
      'vendor/openapi.yaml',
      [
        'openapi: 3.1.0',
        "info: { title: Split CRM, version: '1' }",
        'servers: [ { url: https://split.example/api } ]',
        'components:',
        ...(options.componentRef ? ['  schemas:', "    Customer: { $ref: './schemas/customer.yaml' }"] : []),
        '  securitySchemes:',
        '    token: { type: http, scheme: bearer }',
        'security: [ { token: [] } ]',
        'paths:',
        '  /customers:',
        '    get:',
        '      parameters: [ { name: cursor, in: query, schema: { type: string } } ]',
        '      responses:',
        "        '200':",
        '          description: ok',
        '          content:',
        '            application/json:',
        '              schema:',
        '                type: object',
        '                properties:',
        `                  data: { type: array, items: { $ref: ${ref} } }`,
        "                  next_cursor: { type: [string, 'null'] }",
        '    post:',
        `      requestBody: { content: { application/json: { schema: { $ref: ${ref} } } } }`,
        `      responses: { '201': { description: ok, content: { application/json: { schema: { $ref: ${ref} } } } } }`,
        '  /customers/{customer_id}:',
        '    parameters: [ { name: customer_id, in: path, required: true, schema: { type: string } } ]',
        `    get: { responses: { '200': { description: ok, content: { application/json: { schema: { $ref: ${ref} } } } } } }`,
        '    patch:',
        `      requestBody: { content: { application/json: { schema: { $ref: ${ref} } } } }`,
        `      responses: { '200': { description: ok, content: { application/json: { schema: { $ref: ${ref} } } } } }`,
        "    delete: { responses: { '204': { description: gone } } }",
        '',
      ].join('\n'),
    );
    await target.write(
      'vendor/schemas/customer.yaml',
      [
        'title: Customer',
        'type: object',
        'required: [id]',
        'properties:',
        '  id: { type: string, readOnly: true }',
        "  first_name: { type: [string, 'null'] }",
        "  last_name: { type: [string, 'null'] }",
        "  email: { type: [string, 'null'], format: email }",
        `  address: { $ref: '${options.addressRef ?? './address.yaml'}' }`,
        '',
      ].join('\n'),
    );
    await target.write('vendor/schemas/address.yaml', options.address ?? 'type: object\nproperties:\n  city: { type: string }\n');
  };

  it('with --from, a split document whose record schema is only referred to from its paths is drafted, the schema named after its file', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    await splitDocument(project, { componentRef: false });
    const drafted = await runCli(project.root, ['new', 'acme', '--from', path.join(project.root, 'vendor/openapi.yaml')]);
    expect(drafted.code, drafted.err).toBe(EXIT.ok);
    const bundled = await project.read('specs/providers/acme.yaml');
    expect(bundled).toMatch(/\n {2}schemas:\n {4}Customer:\n/);
    expect(bundled).not.toContain('./schemas/');
    expect(bundled).not.toContain('#/paths/');
    const mapping = await project.read('mappings/acme.yaml');
    expect(mapping).toContain('record: Customer');
    expect(mapping).toMatch(/provider: email/);
    expect((await runCli(project.root, ['validate'])).code).toBe(EXIT.ok);
    // With --record too.
    const named = await runCli(project.root, ['new', 'other', '--from', path.join(project.root, 'vendor/openapi.yaml'), '--record', 'Customer']);
    expect(named.code, named.err).toBe(EXIT.ok);
  });

  it('with --from, a split document whose bundle is not valid OpenAPI is refused at the line of the file the fault is in, not of the bundle it leaves unwritten', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    await mkdir(path.join(project.root, 'vendor'), { recursive: true });
    await project.write('vendor/openapi.yaml', "openapi: 3.0.3\ninfo: { title: Split, version: '1' }\npaths:\n  /customers:\n    $ref: './customers.yaml'\ncomponents:\n  schemas:\n    Customer:\n      $ref: './customer.yaml'\n  securitySchemes:\n    key:\n      $ref: './key.yaml'\n");
    await project.write('vendor/customers.yaml', "get:\n  responses:\n    '200':\n      description: ok\n      content: { application/json: { schema: { type: array, items: { $ref: './openapi.yaml#/components/schemas/Customer' } } } }\n");
    await project.write('vendor/customer.yaml', 'type: object\nproperties:\n  id: { type: string }\n  email: { type: string }\n');
    // A place OpenAPI does not know for an API key, in the security scheme's own file: outside any operation or
    // component an operation refers to, so the whole document is refused.
    await project.write('vendor/key.yaml', 'type: apiKey\nname: X-Key\nin: heder\n');
    const refused = await runCli(project.root, ['new', 'acme', '--from', path.join(project.root, 'vendor/openapi.yaml')]);
    expect(refused.code, refused.err).toBe(EXIT.input);
    expect(refused.err).toMatch(/^vendor\/key\.yaml:3:5: error: invalid OpenAPI at #\/components\/securitySchemes\/key\/in: 'heder' is not one of/m);
    expect(refused.err).not.toContain('specs/providers/acme.yaml');
    expect((await snapshotTree(path.join(project.root, 'specs/providers'))).has('acme.yaml')).toBe(false);
  });

  it("with --from, a draft that still does not generate is written, each problem printed as the error `npx generate` reports it (a member OpenAPI does not define in the record schema, as Gorgias' `meta`)", async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    await mkdir(path.join(project.root, 'vendor'), { recursive: true });
    await project.write('vendor/openapi.yaml', "openapi: 3.0.3\ninfo: { title: Meta, version: '1' }\nservers: [{ url: 'https://api.example.com' }]\npaths:\n  /customers:\n    get:\n      responses:\n        '200': { description: ok, content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/Customer' } } } } }\ncomponents:\n  schemas:\n    Customer:\n      type: object\n      properties:\n        id: { type: string, meta: { operators: [eq] } }\n        email: { type: string }\n");
    const drafted = await runCli(project.root, ['new', 'acme', '--from', path.join(project.root, 'vendor/openapi.yaml')]);
    expect(drafted.code, drafted.err).toBe(EXIT.ok);
    const problem = "specs/providers/acme.yaml:14:29: error: invalid OpenAPI at #/components/schemas/Customer/properties/id: must NOT have additional properties 'meta'";
    expect(drafted.err.split('\n')[0]).toBe(problem);
    expect(drafted.out).toContain('the draft does not generate yet: `npx generate` reports the 1 error above; fix it, then run `npx generate`');
    const generated = await runCli(project.root, []);
    expect(generated.code).toBe(EXIT.input);
    expect(generated.err.split('\n')).toContain(problem);
  });

  it('with --from, a split document with a broken $ref or a referred file that is not YAML is refused at file:line:col, writing nothing', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    const before = { mappings: await snapshotTree(path.join(project.root, 'mappings')), specs: await snapshotTree(path.join(project.root, 'specs')) };
    await splitDocument(project, { componentRef: true, addressRef: './adress.yaml' });
    const missing = await runCli(project.root, ['new', 'acme', '--from', path.join(project.root, 'vendor/openapi.yaml')]);
    expect(missing.code, missing.err).toBe(EXIT.input);
    expect(missing.err).not.toContain('internal error');
    expect(missing.err).toMatch(/^vendor\/schemas\/customer\.yaml:9:20: error: \$ref '\.\/adress\.yaml' refers to vendor\/schemas\/adress\.yaml, which does not exist\n {2}did you mean '\.\/address\.yaml'\?/m);
    await splitDocument(project, { componentRef: false, address: 'type: object\nproperties:\n  city: { type: string }\n  bad: [unclosed\n' });
    const yaml = await runCli(project.root, ['new', 'acme', '--from', path.join(project.root, 'vendor/openapi.yaml')]);
    expect(yaml.code, yaml.err).toBe(EXIT.input);
    expect(yaml.err).not.toContain('internal error');
    expect(yaml.err).toMatch(/^vendor\/schemas\/address\.yaml:\d+:\d+: error: YAML syntax/m);
    expect(await snapshotTree(path.join(project.root, 'mappings'))).toEqual(before.mappings);
    expect(await snapshotTree(path.join(project.root, 'specs'))).toEqual(before.specs);
  });

  it('a remote $ref is refused at file:line:col before any request: by new --from (http and https), and by a run over a provider document or the unified spec', async () => {
    // Every connection this worker attempts is noted and refused, so nothing reaches a network. The address is
    // TEST-NET-1 (RFC 5737, never routed), which swagger-parser's guard against local addresses lets through.
    const attempts: unknown[] = [];
    const connect = vi.spyOn(Socket.prototype, 'connect').mockImplementation((...target: unknown[]) => {
      attempts.push(target[0]);
      throw new Error('no network in this test');
    });
    try {
      project = await tempProject({ mappings: ['kickserv'] });
      const before = { mappings: await snapshotTree(path.join(project.root, 'mappings')), specs: await snapshotTree(path.join(project.root, 'specs')) };
      for (const scheme of ['http', 'https']) {
        const ref = `${scheme}://192.0.2.1/schemas/address.yaml`;
        await splitDocument(project, { componentRef: true, addressRef: ref });
        const refused = await runCli(project.root, ['new', 'acme', '--from', path.join(project.root, 'vendor/openapi.yaml')]);
        expect(refused.code, refused.err).toBe(EXIT.input);
        expect(refused.err).toContain(`vendor/schemas/customer.yaml:9:20: error: $ref '${ref}' refers to a document on the network, which the generator never fetches\n  download it next to this document and refer to it by a relative path ('./address.yaml')`);
      }
      expect(await snapshotTree(path.join(project.root, 'mappings'))).toEqual(before.mappings);
      expect(await snapshotTree(path.join(project.root, 'specs'))).toEqual(before.specs);

      const providerRef = 'https://192.0.2.1/kickserv/customers.yaml#/CustomerList';
      const unifiedRef = 'http://192.0.2.1/unified/errors.yaml';
      await project.edit('specs/providers/kickserv.yaml', (t) => t.replace("$ref: '#/components/schemas/CustomerList'", `$ref: '${providerRef}'`));
      await project.edit('specs/customer-support.yaml', (t) => t.replace("$ref: '#/components/schemas/BadRequestResponse'", `$ref: '${unifiedRef}'`));
      const run = await runCli(project.root, []);
      expect(run.code, run.err).toBe(EXIT.input);
      for (const [file, ref, name] of [['specs/customer-support.yaml', unifiedRef, 'errors.yaml'], ['specs/providers/kickserv.yaml', providerRef, 'customers.yaml#/CustomerList']] as const) {
        const { line, col } = positionOf(await project.read(file), `'${ref}'`);
        expect(run.err).toContain(`${file}:${line}:${col}: error: $ref '${ref}' refers to a document on the network, which the generator never fetches\n  download it next to this document and refer to it by a relative path ('./${name}')`);
      }
      expect(await snapshotTree(path.join(project.root, 'generated'))).toEqual(new Map());
      expect(attempts).toEqual([]);
    } finally {
      connect.mockRestore();
    }
  });

  it('with --from, a document without a record schema is refused naming that document, not the copy it would have made', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    await mkdir(path.join(project.root, 'vendor'), { recursive: true });
    // An operation, so that what is refused is the missing record, not an empty `paths`.
    await mkdir(path.join(project.root, 'vendor'), { recursive: true });
    await project.write('vendor/openapi.yaml', "openapi: 3.0.3\ninfo: { title: Empty, version: '1' }\npaths:\n  /status:\n    get:\n      responses:\n        '200': { description: ok }\n");
    const refused = await runCli(project.root, ['new', 'acme', '--from', path.join(project.root, 'vendor/openapi.yaml')]);
    expect(refused.code).toBe(EXIT.input);
    expect(refused.err).toMatch(/^vendor\/openapi\.yaml: error: cannot tell which component schema is one customer record/m);
    expect(refused.err).not.toContain('specs/providers/acme.yaml');
    expect(refused.err).not.toContain('(schemas: )');
  });

  it('with --from, a document with no paths (an OpenAPI 3.1 document of webhooks only) is refused at the document, writing nothing', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    await mkdir(path.join(project.root, 'vendor'), { recursive: true });
    const pet = "components:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        id: { type: integer }\n        name: { type: string }\n";
    await project.write('vendor/webhooks.yaml', `openapi: 3.1.0\ninfo: { title: Webhooks, version: '1' }\nwebhooks:\n  newPet:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: { $ref: '#/components/schemas/Pet' }\n      responses:\n        '200': { description: ok }\n${pet}`);
    await project.write('vendor/empty.yaml', `openapi: 3.0.3\ninfo: { title: Empty, version: '1' }\npaths: {}\n${pet}`);
    for (const [file, at] of [['vendor/webhooks.yaml', '3:1'], ['vendor/empty.yaml', '3:1']] as const) {
      for (const record of [['--record', 'Pet'], []]) {
        const refused = await runCli(project.root, ['new', 'acme', '--from', path.join(project.root, file), ...record]);
        expect(refused.code, refused.err).toBe(EXIT.input);
        expect(refused.err).toMatch(new RegExp(`^${file}:${at}: error: the document has no operations under \`paths\``, 'm'));
        expect((await snapshotTree(path.join(project.root, 'mappings'))).has('acme.yaml')).toBe(false);
        expect((await snapshotTree(path.join(project.root, 'specs/providers'))).has('acme.yaml')).toBe(false);
      }
    }
    // Operations, none of them the record's: a draft of five unsupported operations has no example for its suite to replay.
    await project.write('vendor/status.yaml', `openapi: 3.0.3\ninfo: { title: Status, version: '1' }\npaths:\n  /status:\n    get:\n      responses:\n        '200': { description: ok }\n${pet}`);
    const unmatched = await runCli(project.root, ['new', 'acme', '--from', path.join(project.root, 'vendor/status.yaml'), '--record', 'Pet']);
    expect(unmatched.code, unmatched.err).toBe(EXIT.input);
    expect(unmatched.err).toMatch(/^vendor\/status\.yaml:3:1: error: no operation under `paths` lists, reads, creates, updates or deletes Pet records/m);
    expect((await snapshotTree(path.join(project.root, 'mappings'))).has('acme.yaml')).toBe(false);
  });

  it('with --from, refuses a missing document and an unknown --record, writing nothing', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    const missing = await runCli(project.root, ['new', 'acme', '--from', 'nowhere.yaml']);
    expect(missing.code).toBe(EXIT.input);
    expect(missing.err).toContain('--from nowhere.yaml: no such file');
    const unknown = await runCli(project.root, ['new', 'acme', '--from', path.join(project.root, 'specs/providers/kickserv.yaml'), '--record', 'Custmer']);
    expect(unknown.code).toBe(EXIT.input);
    expect(unknown.err).toMatch(/--record Custmer: there is no such schema[\s\S]*Customer/);
    expect((await snapshotTree(path.join(project.root, 'mappings'))).has('acme.yaml')).toBe(false);
    expect((await snapshotTree(path.join(project.root, 'specs/providers'))).has('acme.yaml')).toBe(false);
  });

  it('with --api, drafts a mapping of another unified API into mappings/<api>/, for the resource --resource names', async () => {
    project = await tempProject({ mappings: [] });
    const fixture = path.join(repoRoot, 'test/fixtures/nested');
    await project.write('specs/nested.yaml', await readFile(path.join(fixture, 'unified.yaml'), 'utf8'));
    await mkdir(path.join(project.root, 'vendor'), { recursive: true });
    await project.write('vendor/taskboard.yaml', await readFile(path.join(fixture, 'provider.yaml'), 'utf8'));
    const from = path.join(project.root, 'vendor/taskboard.yaml');
    // The API has one resource, so --resource may be left out; --record names the record the drafter finds anyway (a card's other word is a task).
    const drafted = await runCli(project.root, ['new', 'taskboard', '--from', from, '--api', 'nested', '--record', 'Task']);
    expect(drafted.code, drafted.err).toBe(EXIT.ok);
    expect(drafted.out).toContain('drafted mappings/nested/taskboard.yaml from');
    const mapping = await project.read('mappings/nested/taskboard.yaml');
    // One folder below mappings/schema.json, and the command that drafts it again names the API.
    expect(mapping).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\.json\n/);
    expect(mapping).toMatch(/--api\s+(#\s+)?nested\s+(#\s+)?--resource\s+(#\s+)?cards/);
    expect(mapping).toContain('boardCardsAll');
    expect(mapping).not.toContain('customersAll');
    expect((await snapshotTree(path.join(project.root, 'mappings'))).has('taskboard.yaml')).toBe(false);
    // The provider's {board_id} is the unified parent each call names, not an account fixed in the settings.
    expect(mapping).toMatch(/boardCardsAll:\n {4}method: GET\n {4}path: \/boards\/\{board_id\}\/tasks\n/);
    expect(mapping).toMatch(/boardCardsOne:\n {4}method: GET\n {4}path: \/boards\/\{board_id\}\/tasks\/\{id\}\n/);
    expect(mapping).not.toContain('settings.board');
    expect(mapping).toMatch(/operation: boardCardsOne\n {6}input:\n {8}board_id: "?\w+"?\n {8}card_id: /);
    const generated = await runCli(project.root, []);
    expect(generated.code, generated.err).toBe(EXIT.ok);
  });

  // Apideck HRIS lists an employee's payrolls at /hris/payrolls/employees/{employee_id}: named by its last literal segment,
  // it was a second `employees`, and `--resource employees` picked one of the two.
  const scopedList = (path: string, id: string) =>
    `  ${path}:\n    get:\n      operationId: ${id}\n      parameters:\n        - { name: board_id, in: path, required: true, schema: { type: string } }\n      responses:\n        '200':\n          description: Cards\n          content: { application/json: { schema: { $ref: '#/components/schemas/GetCardsResponse' } } }\n`;
  it('names a list scoped by a parameter at its end by its list operation where its last segment names another resource, and refuses two resources of one name', async () => {
    project = await tempProject({ mappings: [] });
    const unified = await readFile(path.join(repoRoot, 'test/fixtures/nested/unified.yaml'), 'utf8');
    await project.write('specs/nested.yaml', unified.replace('paths:\n', `paths:\n${scopedList('/nested/archive/cards/{board_id}', 'archivedBoardCardsAll')}`));
    const listed = await runCli(project.root, ['new', 'taskboard', '--from', path.join(repoRoot, 'test/fixtures/nested/provider.yaml'), '--api', 'nested', '--resource', 'tasks']);
    expect(listed.err).toMatch(/its resources: archived-board-cards, cards/);
    const clashing = unified.replace('paths:\n', `paths:\n${scopedList('/nested/archive/{board_id}/cards', 'archiveCardsAll')}`);
    await project.write('specs/nested.yaml', clashing);
    const refused = await runCli(project.root, ['new', 'taskboard', '--from', path.join(repoRoot, 'test/fixtures/nested/provider.yaml'), '--api', 'nested', '--resource', 'cards']);
    expect(refused.code).toBe(EXIT.input);
    expect(refused.err).toMatch(/specs\/nested\.yaml:\d+:\d+: error: \/nested\/boards\/\{board_id\}\/cards and \/nested\/archive\/\{board_id\}\/cards would both be the resource 'cards'/);
  });

  it('refuses a --record the document lacks with the closest schema it has, not by asking for --record again', async () => {
    project = await tempProject({ mappings: [] });
    const refused = await runCli(project.root, ['new', 'acme', '--from', path.join(repoRoot, 'specs/providers/kickserv.yaml'), '--record', 'Custmer']);
    expect(refused.code).toBe(EXIT.input);
    expect(refused.err).toMatch(/--record Custmer: there is no such schema under components\.schemas\n {2}did you mean --record Customer\? \(schemas: [^)]*\bCustomer\b/);
    expect(refused.err).not.toContain('name it with --record');
  });

  it.each([
    // A name no unified API will take, and the APIs listed whatever others a project adds beside these two.
    ['an API without a spec', ['--api', 'no-such-api'], /--api no-such-api: there is no specs\/no-such-api\.yaml\n {2}the other unified APIs are: [^;\n]*\bcrm\b[^;\n]*\bnested\b[^;\n]*;/],
    ['a resource the API lacks', ['--api', 'nested', '--resource', 'tasks'], /--resource tasks: specs\/nested\.yaml has no such resource\n {2}its resources: cards/],
    ['a resource misspelt, naming the one meant', ['--api', 'nested', '--resource', 'card'], /--resource card: specs\/nested\.yaml has no such resource; did you mean 'cards'\?\n {2}its resources: cards/],
    ['--resource without --api', ['--resource', 'cards'], /--resource needs --api/],
  ])('refuses %s, writing nothing', async (_, args, message) => {
    project = await tempProject({ mappings: [] });
    await project.write('specs/nested.yaml', await readFile(path.join(repoRoot, 'test/fixtures/nested/unified.yaml'), 'utf8'));
    const refused = await runCli(project.root, ['new', 'taskboard', '--from', path.join(repoRoot, 'test/fixtures/nested/provider.yaml'), ...args]);
    expect(refused.code).toBe(EXIT.input);
    expect(refused.err).toMatch(message);
    expect((await snapshotTree(path.join(project.root, 'specs/providers'))).has('taskboard.yaml')).toBe(false);
  });

  it('refuses a bad id and an existing provider, writing nothing', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    expect((await runCli(project.root, ['new', 'Acme Corp'])).code).toBe(EXIT.input);
    const existing = await runCli(project.root, ['new', 'kickserv']);
    expect(existing.code).toBe(EXIT.input);
    expect(existing.err).toContain('mappings/kickserv.yaml already exists');
    // What to do instead: draft again from the document already copied in.
    expect(existing.err).toContain('to draft it again, delete mappings/kickserv.yaml (and your edits to it) and run `npx generate new kickserv --from specs/providers/kickserv.yaml`');
    await rm(path.join(project.root, 'mappings/kickserv.yaml'));
    const specOnly = await runCli(project.root, ['new', 'kickserv', '--from', path.join(project.root, 'vendor.yaml')]);
    expect(specOnly.code).toBe(EXIT.input);
    expect(specOnly.err).toContain('specs/providers/kickserv.yaml already exists; nothing was written\n  to draft from the document already there, run `npx generate new kickserv --from specs/providers/kickserv.yaml`');
  });
});

describe('npx generate --provider, --out and removed providers', () => {
  let project: TempProject | undefined;
  afterEach(async () => {
    await project?.dispose();
    project = undefined;
  });

  it('--provider regenerates that connector and the files its API shares, and says it left the fingerprint stale when another mapping changed too; removing a mapping removes its files', async () => {
    project = await tempProject({ mappings: ['kickserv', 'zendesk'] });
    expect((await runCli(project.root, [])).code).toBe(EXIT.ok);
    const before = await snapshotTree(path.join(project.root, 'generated'));
    await project.edit('mappings/kickserv.yaml', (t) => t.replace('description: Kickserv API v2 customers', 'description: Kickserv API v2 customers, edited'));
    await project.edit('mappings/zendesk.yaml', (t) => t.replace('name: Zendesk', 'name: Zendesk Support'));
    const only = await runCli(project.root, ['--provider', 'kickserv', '--quiet']);
    expect(only.code).toBe(EXIT.ok);
    const after = await snapshotTree(path.join(project.root, 'generated'));
    const changed = [...after.keys()].filter((file) => after.get(file) !== before.get(file));
    // The shared files list every connector as its mapping says; zendesk/ itself is a whole run's to regenerate.
    expect(changed).toEqual(['CONNECTORS.md', 'COVERAGE.md', 'kickserv/README.md']);
    // Said even with --quiet: the run exits 0, and --check fails until a whole run.
    expect(only.err).toBe('generated/.fingerprint: warning: left as it was, so `npx generate --check` fails until a whole run: mappings/zendesk.yaml changed, and this run does not regenerate its connectors\n  run `npx generate` (every provider) before committing');
    expect((await runCli(project.root, ['--check'])).code).toBe(EXIT.drift);

    const { rm } = await import('node:fs/promises');
    await rm(path.join(project.root, 'mappings/zendesk.yaml'));
    const all = await runCli(project.root, []);
    expect(all.code).toBe(EXIT.ok);
    expect(all.out).toMatch(/, [1-9]\d* removed/);
    const final = await snapshotTree(path.join(project.root, 'generated'));
    expect([...final.keys()].some((file) => file.startsWith('zendesk/'))).toBe(false);
    expect(final.get('index.gen.ts')).not.toContain('zendesk');
  });

  it("--provider rewrites the rows its providers have in CONNECTORS.md and COVERAGE.md, of every API, and the fingerprint, as a whole run would (they kept the old name, exit 0, and --check then failed)", async () => {
    project = await tempProject({ mappings: ['kickserv', 'zendesk', 'pipedrive'] });
    expect((await runCli(project.root, [])).code).toBe(EXIT.ok);
    await project.edit('mappings/zendesk.yaml', (t) => t.replace(/^name: Zendesk$/m, 'name: Zendesk Support'));
    await project.edit('mappings/crm/pipedrive.yaml', (t) => t.replace(/^name: Pipedrive$/m, 'name: Pipedrive CRM'));
    const only = await runCli(project.root, ['--provider', 'zendesk,pipedrive']);
    expect(only.code, only.err).toBe(EXIT.ok);
    expect(only.err).not.toContain('left as');
    expect(await project.read('generated/zendesk/README.md')).toContain('Zendesk Support');
    expect(await project.read('generated/CONNECTORS.md')).toContain('| [`zendesk`](zendesk/README.md) | Zendesk Support |');
    expect(await project.read('generated/COVERAGE.md')).toContain('| Kickserv | Zendesk Support |');
    expect(await project.read('generated/crm/CONNECTORS.md')).toContain('| Pipedrive CRM: contacts |');
    const checked = await runCli(project.root, ['--check']);
    expect(checked.code, checked.err).toBe(EXIT.ok);
    expect(checked.out).toContain('match its fingerprint');
    // Byte for byte what a whole run writes: it finds nothing to write.
    const tree = await snapshotTree(path.join(project.root, 'generated'));
    const whole = await runCli(project.root, []);
    expect(whole.out).toMatch(/: 0 files written, \d+ unchanged, 0 removed/);
    expect(await snapshotTree(path.join(project.root, 'generated'))).toEqual(tree);
  });

  it('--provider beside a mapping that does not generate writes its own folder and names the shared files it left as they were', async () => {
    project = await tempProject({ mappings: ['kickserv', 'zendesk'] });
    expect((await runCli(project.root, [])).code).toBe(EXIT.ok);
    const connectors = await project.read('generated/CONNECTORS.md');
    await project.edit('mappings/kickserv.yaml', (t) => t.replace('unified: company_name', 'unified: compnay_name'));
    await project.edit('mappings/zendesk.yaml', (t) => t.replace(/^name: Zendesk$/m, 'name: Zendesk Support'));
    const only = await runCli(project.root, ['--provider', 'zendesk', '--quiet']);
    expect(only.code, only.err).toBe(EXIT.ok);
    expect(await project.read('generated/zendesk/README.md')).toContain('Zendesk Support');
    expect(await project.read('generated/CONNECTORS.md')).toBe(connectors);
    expect(only.err).toMatch(/^generated\/\.fingerprint, generated\/CONNECTORS\.md, generated\/COVERAGE\.md, generated\/index\.gen\.ts: warning: left as they were, .*: mappings\/kickserv\.yaml does not generate/m);
    expect(only.err).toContain('run `npx generate`');
  });

  it('--provider on a provider never generated before generates the whole project, so createConnector knows it (then --check passes)', async () => {
    project = await tempProject({ withGenerated: true });
    await project.write('mappings/kickserv2.yaml', (await project.read('mappings/kickserv.yaml')).replace(/^service: kickserv$/m, 'service: kickserv2'));
    await project.write('specs/providers/kickserv2.yaml', await project.read('specs/providers/kickserv.yaml'));
    const only = await runCli(project.root, ['--provider', 'kickserv2']);
    expect(only.code, only.err).toBe(EXIT.ok);
    expect(only.out).toMatch(/\(all of them: kickserv2 had not been generated before, and the registry, CONNECTORS\.md and COVERAGE\.md now list it\)/);
    expect(await project.read('generated/index.gen.ts')).toContain('kickserv2');
    expect(await project.read('generated/CONNECTORS.md')).toContain('kickserv2');
    const checked = await runCli(project.root, ['--check']);
    expect(checked.code, checked.err).toBe(EXIT.ok);
    // Once generated, --provider is partial again: shared files are left as they are.
    const again = await runCli(project.root, ['--provider', 'kickserv2']);
    expect(again.out).not.toContain('had not been generated before');
  });

  it('--out writes elsewhere, with imports that still resolve', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    const result = await runCli(project.root, ['--out', 'build/connectors']);
    expect(result.code).toBe(EXIT.ok);
    const connector = await project.read('build/connectors/kickserv/connector.gen.ts');
    expect(connector).toContain("from '../../../src/runtime/index.js'");
    expect(await snapshotTree(path.join(project.root, 'generated'))).toEqual(new Map());
  });

  it('--out pointing at a file, the project or a folder above it is refused before anything is read', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    await project.write('notes.txt', 'mine\n');
    const before = await snapshotTree(project.root);
    for (const out of ['notes.txt', '.', '..']) {
      const result = await runCli(project.root, ['--out', out]);
      expect(result.code, out).toBe(EXIT.input);
      expect(result.err).toMatch(out === 'notes.txt' ? /^notes\.txt: error: --out is a file, not a folder/m : /error: --out would replace the project itself/);
      expect(result.err).toContain('nothing was written');
    }
    expect((await runCli(project.root, ['--check', '--out', 'notes.txt'])).code).toBe(EXIT.input);
    expect(await snapshotTree(project.root)).toEqual(before);
  });
});

describe('npx generate never deletes or overwrites a file it did not write', () => {
  let project: TempProject | undefined;
  afterEach(async () => {
    await project?.dispose();
    project = undefined;
  });

  it('refuses an --out folder holding other files, naming each, and writes nothing', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(project.root, 'docs/kickserv'), { recursive: true });
    await project.write('docs/keep.txt', 'keep me\n');
    // Same name as a generated file, but not generated: overwriting it would lose it.
    await project.write('docs/kickserv/README.md', '# our notes\n');
    const before = await snapshotTree(path.join(project.root, 'docs'));
    const result = await runCli(project.root, ['--out', 'docs']);
    expect(result.code).toBe(EXIT.input);
    expect(result.err).toMatch(/^docs\/keep\.txt: error: was not written by connector-gen \(no generated header\), and this run would delete it\n {2}move it out of docs\//m);
    expect(result.err).toMatch(/^docs\/kickserv\/README\.md: error: .* would overwrite it/m);
    expect(result.err).toContain('2 problems found; nothing was written.');
    expect(await snapshotTree(path.join(project.root, 'docs'))).toEqual(before);
  });

  it('stops at a hand-written file left in generated/, and goes on deleting files it wrote itself', async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    expect((await runCli(project.root, [])).code).toBe(EXIT.ok);
    await project.write('generated/NOTES.md', 'why we mapped fax this way\n');
    await project.edit('mappings/kickserv.yaml', (t) => t.replace('description: Kickserv API v2 customers', 'description: Kickserv API v2 customers, edited'));
    const before = await snapshotTree(path.join(project.root, 'generated'));
    const refused = await runCli(project.root, []);
    expect(refused.code).toBe(EXIT.input);
    expect(refused.err).toContain('generated/NOTES.md: error: was not written by connector-gen');
    expect(await snapshotTree(path.join(project.root, 'generated'))).toEqual(before);

    const { rm } = await import('node:fs/promises');
    await rm(path.join(project.root, 'generated/NOTES.md'));
    // A file an earlier run wrote (its header says so) is the generator's to remove.
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(project.root, 'generated/retired'));
    await project.write('generated/retired/connector.gen.ts', `// ${'DO NOT EDIT. Generated by connector-gen'} from:\n//   mappings/retired.yaml\nexport {};\n`);
    const cleaned = await runCli(project.root, []);
    expect(cleaned.code, cleaned.err).toBe(EXIT.ok);
    expect(cleaned.out).toMatch(/, 1 removed/);
    expect((await snapshotTree(path.join(project.root, 'generated'))).has('retired/connector.gen.ts')).toBe(false);
  });
});

describe('npx generate --provider misspelt', () => {
  let project: TempProject | undefined;
  afterEach(async () => {
    await project?.dispose();
    project = undefined;
  });

  it('names the closest provider for a misspelt --provider', async () => {
    project = await tempProject({ mappings: ['kickserv', 'zendesk'] });
    const result = await runCli(project.root, ['--provider', 'zendsk']);
    expect(result.code).toBe(EXIT.input);
    expect(result.err).toMatch(/^mappings: error: --provider zendsk: there is no mappings\/zendsk\.yaml\n {2}did you mean 'zendesk'\? \(providers: kickserv, zendesk\)/m);
  });
});
