/**
 * A resource nested under a parent (test/fixtures/nested: cards under
 * /nested/boards/{board_id}/cards, as Apideck's issue-tracking tickets sit
 * under collections): every call the generated suite makes carries the
 * parent's path parameter, taken from the operation's example input, and a
 * parent parameter the provider request leaves out is an error unless the
 * mapping says why (its delete, by a task id unique across boards). The
 * provider takes the board in its paths, and (as Asana does) in a list's
 * query and a create's body, where the mapping sends `{path.board_id}`. The
 * fixture's own generated suite runs here too, fault matrix and properties:
 * a unified API other than the committed ones, whose record requires its id.
 */

import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { GenerationError } from '../../src/diagnostics.js';
import { draftMapping } from '../../src/draft/index.js';
import { generate, type GenerateResult } from '../../src/generate.js';
import { buildUnifiedIR } from '../../src/ir/unified.js';
import { loadOpenApi } from '../../src/parse/openapi.js';
import { positionOf } from '../support/broken-inputs.js';
import { mount } from '../support/loopback.js';
import { repoRoot, tempProject, type TempProject } from '../support/project.js';
import { runGeneratedSuite } from '../support/generated-suite.js';
import { typeCheck } from '../support/typecheck.js';

const fixture = (file: string) => path.join(repoRoot, 'test/fixtures/nested', file);

// Generated once, while the file is collected: the checks below share it.
const project: TempProject = await tempProject({ mappings: [] });
await copyFile(fixture('unified.yaml'), path.join(project.root, 'specs/nested.yaml'));
await copyFile(fixture('provider.yaml'), path.join(project.root, 'specs/providers/taskboard.yaml'));
await mkdir(path.join(project.root, 'mappings/nested'), { recursive: true });
await copyFile(fixture('mapping.yaml'), path.join(project.root, 'mappings/nested/taskboard.yaml'));
// The same API with an id that may be null, as Apideck HRIS's `WritableId` is, type-checked with the rest (one compiler
// run): the paging test once collected ids as string | undefined.
const nullableId = (await readFile(fixture('unified.yaml'), 'utf8')).replace('        id: { type: string, readOnly: true }\n        title:', '        id: { type: string, nullable: true, readOnly: true }\n        title:');
await project.write('specs/nullable.yaml', nullableId);
await mkdir(path.join(project.root, 'mappings/nullable'), { recursive: true });
// A provider of its own name, so the tests below that edit Taskboard's document or mapping leave it alone.
await copyFile(fixture('provider.yaml'), path.join(project.root, 'specs/providers/nullboard.yaml'));
await project.write('mappings/nullable/nullboard.yaml', (await readFile(fixture('mapping.yaml'), 'utf8')).replace(/^service: taskboard$/m, 'service: nullboard'));
const result: GenerateResult = await generate({ root: project.root, mode: 'write' });
const typeChecked = typeCheck(project.root);
afterAll(() => project.dispose());

const mapping = 'mappings/nested/taskboard.yaml';

/** A mistake `edit` makes in the fixture's mapping, refused with `message` at the edited text's first `at` (and `hint`, when given). */
interface MappingMistake {
  name: string;
  edit: (text: string) => string;
  message: RegExp;
  at: string;
  hint?: string;
}

async function expectRefused({ edit, message, at, hint }: MappingMistake): Promise<void> {
  const original = await project.read(mapping);
  const edited = edit(original);
  expect(edited).not.toBe(original);
  await project.write(mapping, edited);
  try {
    const error = await generate({ root: project.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(GenerationError);
    const found = (error as GenerationError).diagnostics.find((d) => message.test(d.message));
    expect(found, (error as Error).message).toBeDefined();
    expect(found!.file).toBe(mapping);
    expect(found!.position).toEqual(positionOf(edited, at));
    if (hint !== undefined) expect(found!.hint).toContain(hint);
  } finally {
    await project.write(mapping, original);
  }
}

/**
 * The fixture generated into a project of its own, with its provider document and mapping as `edit` has them (each
 * edit must change its text).
 */
async function editedFixture(edit: { unified?: (text: string) => string; provider?: (text: string) => string; mapping?: (text: string) => string }): Promise<{ edited: TempProject; generated: GenerateResult }> {
  const edited = await tempProject({ mappings: [] });
  await mkdir(path.join(edited.root, 'mappings/nested'), { recursive: true });
  for (const [file, target, change] of [['unified.yaml', 'specs/nested.yaml', edit.unified], ['provider.yaml', 'specs/providers/taskboard.yaml', edit.provider], ['mapping.yaml', mapping, edit.mapping]] as const) {
    const original = await readFile(fixture(file), 'utf8');
    const changed = change ? change(original) : original;
    if (change) expect(changed, file).not.toBe(original);
    await edited.write(target, changed);
  }
  return { edited, generated: await generate({ root: edited.root, mode: 'write' }) };
}

/** `written`, the mapping's text holding '{path.board_id}', with the name misspelt: refused, with the name it has. */
async function expectMisspeltParent(edited: TempProject, written: string): Promise<void> {
  await edited.edit(mapping, (text) => text.replace(written, written.replace('{path.board_id}', '{path.bord_id}')));
  expect(await refusals(edited.root)).toContainEqual(["'{path.bord_id}' is not a path parameter of /nested/boards/{board_id}/cards", "did you mean '{path.board_id}'?"]);
}

/** Runs `use` against a loopback provider answering by `handler`, and takes the provider down after. */
async function onLoopback(handler: Parameters<typeof mount>[0], use: (origin: string) => Promise<void>): Promise<void> {
  const provider = await mount(handler);
  try {
    await use(provider.origin);
  } finally {
    provider.unmount();
  }
}

type TaskboardConnector = Record<string, (params: Record<string, unknown>) => Promise<{ data: { id: string } }>>;

/** The connector the project at `root` generated, pointed at `baseUrl`, signing in with `credentials` (the fixture's token and workspace). */
async function taskboardConnector(root: string, baseUrl: string, credentials: Record<string, string> = { token: 'tb-token', workspace: 'ws-42' }): Promise<TaskboardConnector> {
  const module = (await import(pathToFileURL(path.join(root, 'generated/nested/taskboard/cards/connector.gen.ts')).href)) as { createTaskboardCardsConnector(options: unknown): TaskboardConnector };
  return module.createTaskboardCardsConnector({ settings: {}, credentials, baseUrl });
}

/** What generating the project at `root` is refused with, as [message, hint] pairs. */
async function refusals(root: string): Promise<[string, string | undefined][]> {
  const error = await generate({ root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(GenerationError);
  return (error as GenerationError).diagnostics.map((d) => [d.message, d.hint]);
}

describe("a nested resource's generated suite", () => {
  const suite = () => result.files.get('nested/taskboard/cards/connector.gen.test.ts')!;

  it('walks the list with the parent parameter of its example (a list whose path holds it: below, in its search)', () => {
    expect(suite()).toContain("connector.boardCardsAll({ 'board_id': 'b-1', limit: 2, cursor })");
    expect(suite()).toContain("+ '/tasks',");
  });

  it("gives the fault matrix each operation's parent parameters, for the calls it makes of its own params", () => {
    expect(suite()).toMatch(/boardCardsAll: \{ kind: 'list',[^\n]*, parents: \{ board_id: 'b-1' \} \}/);
  });

  it("does not require the record's read-only id of a write (required in answers only)", () => {
    const validator = result.files.get('nested/unified/validate.gen.ts');
    // Card lists `id` (read-only) as required: a create or update never sends it.
    expect(validator).toContain("readOnly: ['created_at', 'id'], required: [], closed: false, nullable: false, typeName: 'Card'");
  });

  it('reads a provider record without the id its unified record requires as no record, reported (and the transformer type-checks)', async () => {
    const transformers = result.files.get('nested/taskboard/cards/transformers.gen.ts')!;
    expect(transformers).toMatch(/if \(id === null\) \{\n {4}report\('id', 'is required of Card, and Taskboard\\'s record gives none: the record is not read'\);\n {4}return undefined;/);
    expect((await typeChecked).split('\n').filter((line) => line.includes('transformers.gen.ts'))).toEqual([]);
  }, 120_000);

  it("reads a written card back with the id the provider assigns, from the documented record (a card without one is no card)", () => {
    expect(suite()).toContain("  assigned: ['id'],");
  });

  it("tries the fault matrix's invalid write on Card's own members, read-only ones known from the schema", () => {
    expect(suite()).toContain("  recordSchema: 'Card',");
    expect(result.files.get('nested/unified/schema.gen.ts')).toContain("id: { type: 'string', readOnly: true }");
  });

  it('type-checks, every file of it: the connector signs in with a header method or a query one (each literal typed as a SignIn)', async () => {
    expect(await typeChecked).toBe('');
  }, 120_000);

  it('calls nothing without its path parameters (no TS2741 in the generated suite)', async () => {
    expect((await typeChecked).split('\n').filter((line) => line.includes('connector.gen.test.ts'))).toEqual([]);
  }, 120_000);

  it("type-checks where the unified id may be null, as Apideck HRIS's `WritableId` is (the same API with such an id is generated beside it)", async () => {
    expect(result.files.get('nullable/unified/schema.gen.ts')).toContain("id: { type: ['string', 'null'], readOnly: true }");
    expect((await typeChecked).split('\n').filter((line) => line.includes('nullable/'))).toEqual([]);
  }, 120_000);
});

describe('a unified path parameter the provider path leaves out', () => {
  it("is trusted where the mapping's `ignores` says why, as a note and in the README", () => {
    expect(result.ir.connectors[0]!.trusted.map((note) => note.message).filter((message) => message.includes('board_id'))).toEqual(['boardCardsDelete sends no board_id, a path parameter of /nested/boards/{board_id}/cards/{card_id}; trusted on the mapping\'s word']);
    expect(result.files.get('nested/taskboard/cards/README.md')).toContain("- boardCardsDelete sends no board_id, a path parameter of /nested/boards/{board_id}/cards/{card_id}: task ids are unique across boards");
  });

  it.each([
    {
      name: 'left out without a word, is an error at the path: the board a caller gives would be dropped',
      edit: (text: string) => text.replace(/\n +ignores: .*\n/, '\n'),
      message: /^boardCardsDelete sends no board_id, in its path \('\{board_id\}'\) or a query or body value \('\{path\.board_id\}'\): the board_id a caller gives \(a path parameter of \/nested\/boards\/\{board_id\}\/cards\/\{card_id\}\) would be dropped without a word$/,
      at: "'/tasks/{id}'",
    },
    {
      name: 'is never said to be ignored where the path sends it',
      edit: (text: string) => text.replace("path: '/boards/{board_id}/tasks/{id}', body: { encoding: json } }", "path: '/boards/{board_id}/tasks/{id}', body: { encoding: json }, ignores: { board_id: the board is in the path } }"),
      message: /^the path sends '\{board_id\}': boardCardsUpdate does not ignore board_id$/,
      at: 'board_id: the board',
    },
    {
      name: 'is never said to be ignored where a query parameter sends it',
      edit: (text: string) => text.replace("        record: task\n", "        record: task\n        ignores: { board_id: the board is in the query }\n"),
      message: /^query parameter 'board' sends '\{path\.board_id\}': boardCardsOne does not ignore board_id$/,
      at: 'board_id: the board',
    },
    {
      name: 'must be one of the unified path parameters',
      edit: (text: string) => text.replace('ignores: { board_id:', 'ignores: { column_id: nothing, board_id:'),
      message: /^'column_id' is not a path parameter of \/nested\/boards\/\{board_id\}\/cards\/\{card_id\}$/,
      at: 'column_id',
    },
  ] satisfies MappingMistake[])('$name', expectRefused);
});

/**
 * The fixture's document lets a delete sign in with the legacy key alone,
 * while every other request takes the token and its workspace header
 * together (a `with` key): the connector signs each operation with the first
 * method it takes, of those the credentials make. Before, every request
 * carried the connection's one method, and the delete was refused with a 401.
 */
describe("an operation the provider's `security` lets sign in with only some of the methods", () => {
  const create = (credentials: Record<string, string>, baseUrl: string) => taskboardConnector(project.root, baseUrl, credentials);

  it('is signed with the method it takes, and the others with the first; without its credentials, it is refused unsent', async () => {
    const seen: { method: string; url: string; authorization: unknown; workspace: unknown }[] = [];
    await onLoopback((request, response) => {
      seen.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization, workspace: request.headers['x-workspace'] });
      if (request.method === 'DELETE') response.writeHead(204).end();
      else response.writeHead(200, { 'content-type': 'application/json' }).end('{"task":{"id":7,"name":"Write tests","created":"2024-04-01T10:00:00.000Z"}}');
    }, async (origin) => {
      const both = await create({ token: 'tb-token', workspace: 'ws-42', api_key: 'tb-key' }, origin);
      await both.boardCardsOne!({ board_id: 'b-1', card_id: '7' });
      await both.boardCardsDelete!({ board_id: 'b-1', card_id: '7' });
      expect(seen).toEqual([
        { method: 'GET', url: '/tasks.info?board=b-1&task=7', authorization: 'Bearer tb-token', workspace: 'ws-42' },
        { method: 'DELETE', url: '/tasks/7?api_key=tb-key', authorization: undefined, workspace: undefined },
      ]);
      const tokenOnly = await create({ token: 'tb-token', workspace: 'ws-42' }, origin);
      await expect(tokenOnly.boardCardsDelete!({ board_id: 'b-1', card_id: '7' })).rejects.toMatchObject({ type_name: 'ConnectorCredentialsError', status_code: 401, message: 'boardCardsDelete needs credentials: api_key (the provider takes no other sign-in for it)' });
      expect(seen).toHaveLength(2);
    });
  });

  it("is asserted by an example whole: each key it sends `with` its own, or generation is refused", () =>
    expectRefused({
      name: 'with keys',
      edit: (text: string) => text.replace('headers: { authorization: Bearer tb-secret-token-0123456789, x-workspace: ws-42 }', 'headers: { authorization: Bearer tb-secret-token-0123456789 }'),
      message: /^the examples that sign in with sign-in method 1 \(bearer with token \+ workspace\) never say what it sends$/,
      hint: "expect the request's header `authorization` and header `x-workspace`",
      at: 'type: bearer',
    }));

  it("takes every method where the mapping vouches that the provider does (`undocumented.security`), as a note in the README; vouching where every method is taken already is an error", async () => {
    const original = await project.read(mapping);
    // The delete's example signs in with the legacy key alone, as the one case that shows what that method sends.
    const vouched = original
      .replace("        status: [204]\n", "        status: [204]\n        undocumented: { security: the authentication guide says a token signs deletes too }\n")
      .replace("          operation: boardCardsDelete\n          input:", "          operation: boardCardsDelete\n          connection: { credentials: { api_key: tb-legacy-key-9876543210 } }\n          input:");
    expect(vouched).not.toBe(original);
    await project.write(mapping, vouched);
    try {
      const generated = await generate({ root: project.root, mode: 'none' });
      // No operation left that only some methods sign: the delete signs with the first whose credentials are given.
      expect(generated.ir.connectors[0]!.signInByOperation).toEqual([]);
      const note = generated.ir.connectors[0]!.trusted.find((d) => d.message.startsWith('DELETE /tasks/{task} in specs/providers/taskboard.yaml requires'));
      expect(note?.message).toBe("DELETE /tasks/{task} in specs/providers/taskboard.yaml requires legacyKey (apiKey in query 'api_key') by its own `security`, which not every sign-in method here meets; every method signs it, trusted on the mapping's word");
      expect(note?.hint).toBe('the authentication guide says a token signs deletes too');
      expect(generated.files.get('nested/taskboard/cards/README.md')).toContain('the authentication guide says a token signs deletes too');
    } finally {
      await project.write(mapping, original);
    }
    await expectRefused({
      name: 'needless vouching',
      edit: (text: string) => text.replace("query: { board: '{path.board_id}' }, records: tasks }", "query: { board: '{path.board_id}' }, records: tasks, undocumented: { security: every method lists tasks } }"),
      message: /^GET \/tasks in specs\/providers\/taskboard\.yaml takes every sign-in method here by its top-level `security`; it needs no vouching$/,
      hint: 'remove `undocumented.security`',
      at: 'security: every method',
    });
  });

  it("signs the get with either method, as the fixture's `undocumented.security` vouches, though its document lists the token alone", () => {
    expect(result.ir.connectors[0]!.signInByOperation.map((entry) => entry.operation)).toEqual(['boardCardsDelete']);
    expect(result.ir.connectors[0]!.trusted.map((note) => note.message)).toContain("GET /tasks.info in specs/providers/taskboard.yaml requires token (http bearer) and workspace (apiKey in header 'X-Workspace') together by its own `security`, which not every sign-in method here meets; every method signs it, trusted on the mapping's word");
  });

  it('says so in the README, beside the method it refuses', () => {
    expect(result.files.get('nested/taskboard/cards/README.md')).toContain("- Bearer token `{credentials.token}`, with header `X-Workspace: {credentials.workspace}`; not for boardCardsDelete (the provider's `security` refuses it there)");
  });
});

// The fixture's generated suite, as written into the temporary project, runs here as part of this run.
describe('the nested fixture passes its own generated suite', () => runGeneratedSuite(project.root, 'nested/taskboard/cards'));

/**
 * A parent the provider takes outside its path: a list filtered by a query
 * parameter, a create that names it in an array of its body (Asana's
 * GET /tasks?project= and POST /tasks {"data": {"projects": […]}}). Before,
 * a query or body template named settings only: `'{path.board_id}'` was
 * refused ("not a reference this template can use"), so such a create stayed
 * unsupported in a draft and such a list could not be scoped to its board.
 */
describe('a parent the provider takes in its query or body', () => {
  const connector = () => result.files.get('nested/taskboard/cards/connector.gen.ts')!;

  it('is sent from the call: in the query as the rest of it is (percent-encoded), as the element of an array', () => {
    expect(connector()).toContain("method: 'GET', path: '/tasks', query: { ...request.query, 'board': path_board_id }");
    expect(connector()).toContain("const sent = { ...record, 'boards': [path_board_id] };");
    // The suite replays a board id of '&', '=', '#' and a space, which arrives as the one query parameter it is.
    expect(result.files.get('nested/taskboard/cards/connector.gen.test.ts')).toContain('b&x=1 #2');
  });

  it("is named in the connector README's requests, as a parent in a path is (once written `{id}`)", () => {
    const readme = result.files.get('nested/taskboard/cards/README.md')!;
    expect(readme).toContain('| `boardCardsAll` | GET /tasks?board={path.board_id} | 200 |');
    expect(readme).toContain('| `boardCardsAdd` | POST /tasks with boards: [{path.board_id}] (json) | 201 |');
    expect(readme).toContain('| `boardCardsUpdate` | PATCH /boards/{board_id}/tasks/{id} (json) | 200 |');
    // The record's id, where the provider takes it in the query (an RPC-style `tasks.info?task=`).
    expect(readme).toContain('| `boardCardsOne` | GET /tasks.info?board={path.board_id}&task={path.id} | 200 |');
  });

  /**
   * The fixture with its update sent as `PATCH /tasks` (a member `task` in the body beside the name), the mapping's
   * update as `update` has it and its example's request as `request`: generated into a project of its own.
   */
  async function updateWithoutPath(update: string, request: string): Promise<TempProject> {
    const patch = [
      '    patch:',
      '      operationId: updateTaskById',
      '      requestBody:',
      "        content: { application/json: { schema: { type: object, properties: { task: { type: string, description: The task's id. }, name: { type: string } } } } }",
      '      responses:',
      "        '200':",
      '          description: Updated',
      "          content: { application/json: { schema: { $ref: '#/components/schemas/Task' } } }",
      '',
    ].join('\n');
    const { edited } = await editedFixture({
      provider: (text) => text.replace('    post:\n      operationId: createTaskOnBoards', `${patch}    post:\n      operationId: createTaskOnBoards`),
      mapping: (text) =>
        text
          .replace("boardCardsUpdate: { method: PATCH, path: '/boards/{board_id}/tasks/{id}', body: { encoding: json } }", `boardCardsUpdate: ${update}`)
          .replace('request: { method: PATCH, path: /v1/boards/b-1/tasks/7, body: { name: Write more tests } }', `request: ${request}`),
    });
    return edited;
  }

  it("where the provider needs no id (`ignores`), the id a caller gives is still checked, and the update answers it", async () => {
    const edited = await updateWithoutPath('{ method: PATCH, path: /tasks, body: { encoding: json }, ignores: { board_id: task ids are unique across boards, card_id: the token updates its own task } }', '{ method: PATCH, path: /v1/tasks, body: { name: Write more tests } }');
    try {
      const requests: string[] = [];
      await onLoopback((request, response) => {
        requests.push(request.url!);
        request.resume().on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":7,"name":"Renamed","created":"2024-04-01T10:00:00.000Z"}'));
      }, async (origin) => {
        const connector = await taskboardConnector(edited.root, origin);
        expect((await connector.boardCardsUpdate!({ board_id: 'b-1', card_id: '7', card: { title: 'Renamed' } })).data.id).toBe('7');
        await expect(connector.boardCardsUpdate!({ board_id: 'b-1', card_id: '', card: { title: 'Renamed' } })).rejects.toMatchObject({ type_name: 'RequestValidationError' });
        expect(requests).toEqual(['/tasks']);
      });
    } finally {
      await edited.dispose();
    }
  });

  it("sends the record's id in a body member where the provider takes it there, and answers with the one asked for", async () => {
    const edited = await updateWithoutPath("{ method: PATCH, path: /tasks, body: { encoding: json, values: { task: '{path.id}' } }, id: id, ignores: { board_id: task ids are unique across boards } }", "{ method: PATCH, path: /v1/tasks, body: { name: Write more tests, task: '7' } }");
    try {
      const seen: { url: string; body: unknown }[] = [];
      await onLoopback((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          seen.push({ url: request.url!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":7,"name":"Renamed","created":"2024-04-01T10:00:00.000Z"}');
        });
      }, async (origin) => {
        const connector = await taskboardConnector(edited.root, origin);
        expect((await connector.boardCardsUpdate!({ board_id: 'b-1', card_id: '7', card: { title: 'Renamed' } })).data.id).toBe('7');
        expect(seen).toEqual([{ url: '/tasks', body: { name: 'Renamed', task: '7' } }]);
        // The answer must name the record asked for, as with an id in the path.
        await expect(connector.boardCardsUpdate!({ board_id: 'b-1', card_id: '8', card: { title: 'Renamed' } })).rejects.toMatchObject({ type_name: 'ConnectorExecutionError' });
      });
    } finally {
      await edited.dispose();
    }
  });

  it('is sent in a header where the provider takes it there, from the call; one no header can hold is refused unsent', async () => {
    const board = '        - { name: board, in: query, required: true, description: The board whose tasks to list., schema: { type: string, maxLength: 64 } }\n';
    const list = "boardCardsAll: { method: GET, path: /tasks, query: { board: '{path.board_id}' }, records: tasks }";
    const { edited, generated } = await editedFixture({
      provider: (text) => text.replace(board, `${board}        - { name: X-Board, in: header, description: The board again for its gateway., schema: { type: string, maxLength: 64 } }\n`),
      mapping: (text) => text.replace(list, list.replace(', records:', ", headers: { X-Board: '{path.board_id}' }, records:")),
    });
    try {
      expect(generated.files.get('nested/taskboard/cards/connector.gen.ts')).toContain("headers: { 'X-Board': path_board_id }");
      const seen: string[] = [];
      await onLoopback((request, response) => {
        seen.push(`${request.url} ${request.headers['x-board']}`);
        request.resume().on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"tasks":[]}'));
      }, async (origin) => {
        const connector = await taskboardConnector(edited.root, origin);
        await connector.boardCardsAll!({ board_id: 'b-1' });
        await expect(connector.boardCardsAll!({ board_id: 'b-2\r\nX-Admin: 1' })).rejects.toMatchObject({ type_name: 'ConnectorExecutionError' });
        expect(seen).toEqual(['/tasks?page=1&per_page=20&board=b-1 b-1']);
      });
      await expectMisspeltParent(edited, "X-Board: '{path.board_id}'");
    } finally {
      await edited.dispose();
    }
  });

  it("is sent in a create's follow-up lookup (`then`), whose path is below the board too", async () => {
    const listTasks = '      operationId: listTasks\n      parameters:\n';
    const lookup = "then: { method: GET, path: '/boards/{path.board_id}/tasks', query: { name: '{request.name}' }, id: tasks.0.id, if_absent: fail }";
    const exchange = "                body: { id: 7, name: Write tests, created: '2024-04-01T10:00:00.000Z' }\n";
    const lookedUp = "            - request: { method: GET, path: /v1/boards/b-1/tasks, query: { name: Write tests } }\n              response:\n                status: 200\n                body: { tasks: [{ id: 7, name: Write tests, created: '2024-04-01T10:00:00.000Z' }] }\n";
    const { edited, generated } = await editedFixture({
      provider: (text) => text.replace(listTasks, `${listTasks}        - { name: name, in: query, description: Only tasks of this name., schema: { type: string } }\n`),
      mapping: (text) => text.replace('status: [201], id: id }', `status: [201], ${lookup} }`).replace(exchange, exchange + lookedUp),
    });
    try {
      expect(generated.files.get('nested/taskboard/cards/connector.gen.ts')).toContain("const scope = { settings, path: { 'board_id': path_board_id }, request: sent, response: body, headers: response.headers };");
      const seen: string[] = [];
      await onLoopback((request, response) => {
        seen.push(`${request.method} ${request.url}`);
        request.resume().on('end', () => response.writeHead(request.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' }).end(request.method === 'POST' ? '{"name":"Write tests"}' : '{"tasks":[{"id":7,"name":"Write tests"}]}'));
      }, async (origin) => {
        const connector = await taskboardConnector(edited.root, origin);
        expect((await connector.boardCardsAdd!({ board_id: 'b/2', card: { title: 'Write tests' } })).data.id).toBe('7');
        // The board fills a path segment percent-encoded, as the answer's values do.
        expect(seen).toEqual(['POST /tasks', 'GET /boards/b%2F2/tasks?name=Write+tests']);
      });
      await expectMisspeltParent(edited, "path: '/boards/{path.board_id}/tasks', query");
    } finally {
      await edited.dispose();
    }
  });

  // A board id that is no number is then refused before any request (test/runtime/http.test.ts).
  it('is sent as a number where the provider takes one', async () => {
    const provider = await project.read('specs/providers/taskboard.yaml');
    const original = await project.read(mapping);
    await project.write('specs/providers/taskboard.yaml', provider.replace('boards: { type: array, items: { type: string }', 'boards: { type: array, items: { type: integer }'));
    await project.write(mapping, original.replace('input: { board_id: b-1, card: { title: Write tests } }', "input: { board_id: '12', card: { title: Write tests } }").replace('body: { name: Write tests, boards: [b-1] }', 'body: { name: Write tests, boards: [12] }'));
    try {
      const generated = await generate({ root: project.root, mode: 'none' });
      expect(generated.files.get('nested/taskboard/cards/connector.gen.ts')).toContain("const sent = { ...record, 'boards': [context.numericId(path_board_id, 'board_id')] };");
    } finally {
      await project.write('specs/providers/taskboard.yaml', provider);
      await project.write(mapping, original);
    }
  });

  it.each([
    {
      name: 'names a path parameter of the unified operation, or is an error with the closest',
      edit: (text: string) => text.replace("query: { board: '{path.board_id}' }", "query: { board: '{path.bord_id}' }"),
      message: /^'\{path\.bord_id\}' is not a path parameter of \/nested\/boards\/\{board_id\}\/cards$/,
      hint: "did you mean '{path.board_id}'?",
      at: "'{path.bord_id}'",
    },
    {
      name: "is a path parameter of the operation: a list has no record's id to send",
      edit: (text: string) => text.replace("query: { board: '{path.board_id}' }, records: tasks", "query: { board: '{path.board_id}', task: '{path.card_id}' }, records: tasks"),
      message: /^'\{path\.card_id\}' is not a path parameter of \/nested\/boards\/\{board_id\}\/cards$/,
      hint: "did you mean '{path.board_id}'?",
      at: "'{path.card_id}'",
    },
    {
      name: 'goes in a query parameter the provider operation declares',
      edit: (text: string) => text.replace("query: { board: '{path.board_id}' }", "query: { boards: '{path.board_id}' }"),
      message: /^GET \/tasks in specs\/providers\/taskboard\.yaml declares no query parameter 'boards'$/,
      hint: "did you mean 'board'?",
      at: "boards: '{path",
    },
    {
      name: 'goes in a query parameter that takes an id, not a flag',
      edit: (text: string) => text.replace("query: { board: '{path.board_id}' }", "query: { done: '{path.board_id}' }"),
      message: /^query parameter 'done' of GET \/tasks in specs\/providers\/taskboard\.yaml is boolean, and an id is one value of text$/,
      at: "'{path.board_id}' }, records",
    },
    {
      name: 'goes in a body member the provider does not mark readOnly',
      edit: (text: string) => text.replace("values: { boards: ['{path.board_id}'] }", "values: { id: '{path.board_id}', boards: ['{path.board_id}'] }"),
      message: /^'id' of the boardCardsAdd request is readOnly in specs\/providers\/taskboard\.yaml, so a request cannot set it$/,
      at: "'{path.board_id}', boards",
    },
    {
      name: 'goes in an array member as a list of one',
      edit: (text: string) => text.replace("values: { boards: ['{path.board_id}'] }", "values: { boards: '{path.board_id}' }"),
      message: /^'boards' of the boardCardsAdd request is array, and '\{path\.board_id\}' sends one value$/,
      hint: "send it as a list of one: ['{path.board_id}']",
      at: "'{path.board_id}' } }, status: [201]",
    },
    {
      name: "is given by each example as the provider's parameter takes it",
      edit: (text: string) => text.replace('input: { board_id: b-1, limit: 2 }', `input: { board_id: b-${'1'.repeat(64)}, limit: 2 }`),
      message: /^the example's board_id fills \{path\.board_id\} as "b-1{64}": "b-1{64}" does not fit query parameter 'board' of GET \/tasks in specs\/providers\/taskboard\.yaml: /,
      at: `b-${'1'.repeat(64)}, limit`,
    },
    {
      name: 'is never said to be ignored where a query parameter sends it',
      edit: (text: string) => text.replace("query: { board: '{path.board_id}' }, records: tasks }", "query: { board: '{path.board_id}' }, records: tasks, ignores: { board_id: unique ids } }"),
      message: /^query parameter 'board' sends '\{path\.board_id\}': boardCardsAll does not ignore board_id$/,
      at: 'board_id: unique ids',
    },
  ] satisfies MappingMistake[])('$name', expectRefused);
});

/**
 * A filtered list of a nested resource becomes its search, sent instead of
 * the list: the search path takes the parent as the list path does, filled
 * from the call, or its body as `{path.board_id}`, and one that leaves it out
 * is an error (it would search every board's cards). Before, the search path
 * was sent as written.
 */
describe("a nested list's search", async () => {
  const searching: TempProject = await tempProject({ mappings: [] });
  afterAll(() => searching.dispose());
  const unified = (await readFile(fixture('unified.yaml'), 'utf8')).replace(
    "        - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 200, default: 20 } }\n",
    "        - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 200, default: 20 } }\n        - { name: filter, in: query, style: deepObject, explode: true, schema: { type: object, properties: { title: { type: string } } } }\n",
  );
  const provider = (await readFile(fixture('provider.yaml'), 'utf8')).replace(
    '  /boards/{board}/tasks/{task}:\n',
    "  /boards/{board}/tasks/search:\n    parameters:\n      - { name: board, in: path, required: true, schema: { type: string } }\n    post:\n      operationId: searchTasks\n      requestBody:\n        content: { application/json: { schema: { type: object, properties: { filters: { type: array, items: { type: object, properties: { field: { type: string }, op: { type: string }, value: { type: string } } } }, page: { type: integer }, per_page: { type: integer } } } } }\n      responses:\n        '200':\n          description: Tasks\n          content: { application/json: { schema: { $ref: '#/components/schemas/TaskPage' } } }\n  /boards/{board}/tasks/{task}:\n",
  ).replace(
    '  /tasks.info:\n',
    "  /tasks/search:\n    post:\n      operationId: searchTasksOfBoard\n      requestBody:\n        content: { application/json: { schema: { type: object, properties: { board: { type: string }, filters: { type: array, items: { type: object, properties: { field: { type: string }, op: { type: string }, value: { type: string } } } }, page: { type: integer }, per_page: { type: integer } } } } }\n      responses:\n        '200':\n          description: Tasks\n          content: { application/json: { schema: { $ref: '#/components/schemas/TaskPage' } } }\n  /tasks.info:\n",
  );
  const search = (path: string, body = "{ filters: '{filters}' }") => `boardCardsAll:\n        method: GET\n        path: '/boards/{board_id}/tasks'\n        records: tasks\n        search: { method: POST, path: '${path}', body: ${body}, filters: { title: { field: name, operator: eq } }, filter: { field: '{field}', op: '{operator}', value: '{value}' } }\n     `;
  const mapping = (path: string, body?: string) => readFile(fixture('mapping.yaml'), 'utf8').then((text) => text.replace("boardCardsAll: { method: GET, path: /tasks, query: { board: '{path.board_id}' }, records: tasks }\n     ", search(path, body)));
  await searching.write('specs/nested.yaml', unified);
  await searching.write('specs/providers/taskboard.yaml', provider);
  await mkdir(path.join(searching.root, 'mappings/nested'), { recursive: true });

  it('fills the parent into the search path from the call (and the paging test walks the list at the path it fills)', async () => {
    await searching.write('mappings/nested/taskboard.yaml', await mapping('/boards/{board_id}/tasks/search'));
    const generated = await generate({ root: searching.root, mode: 'none' });
    expect(generated.files.get('nested/taskboard/cards/connector.gen.ts')).toContain("path: '/boards/' + pathSegment(path_board_id) + '/tasks/search', body: searchBody(");
    // The search body types both paging members integer: the page number travels as a JSON number, as the size does (it went as text).
    expect(generated.files.get('nested/taskboard/cards/connector.gen.ts')).toContain("numeric: ['page', 'per_page'],");
    expect(generated.files.get('nested/taskboard/cards/connector.gen.test.ts')).toContain("+ '/boards/b-1/tasks',");
  });

  it('is an error at the search path where it leaves the parent out', async () => {
    const text = await mapping('/tasks/search');
    await searching.write('mappings/nested/taskboard.yaml', text);
    const error = await generate({ root: searching.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(GenerationError);
    const found = (error as GenerationError).diagnostics.find((d) => d.message.startsWith("the search path sends no '{board_id}'"));
    expect(found, (error as Error).message).toBeDefined();
    expect(found!.position).toEqual(positionOf(text, "'/tasks/search'"));
  });

  it("fills the parent into the search body where the provider's search takes it there, from the call", async () => {
    await searching.write('mappings/nested/taskboard.yaml', await mapping('/tasks/search', "{ board: '{path.board_id}', filters: '{filters}' }"));
    const generated = await generate({ root: searching.root, mode: 'write' });
    expect(generated.files.get('nested/taskboard/cards/connector.gen.ts')).toContain("body: searchBody(boardCardsAllFilters.search!, search, request.query, { 'board_id': path_board_id })");
    const bodies: unknown[] = [];
    await onLoopback((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        bodies.push({ target: `${request.method} ${request.url}`, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"tasks":[]}');
      });
    }, async (origin) => {
      const connector = await taskboardConnector(searching.root, origin);
      await connector.boardCardsAll!({ board_id: 'b-1', filter: { title: 'Write tests' } });
      expect(bodies).toEqual([{ target: 'POST /tasks/search', body: { board: 'b-1', filters: [{ field: 'name', op: 'eq', value: 'Write tests' }], page: 1, per_page: 20 } }]);
    });
  });

  it('is an error where the search body names a parent the path does not have, puts it where no id goes, or in a longer string (sent as written)', async () => {
    for (const [body, message, hint] of [
      ["{ board: '{path.bord_id}', filters: '{filters}' }", "'{path.bord_id}' is not a path parameter of /nested/boards/{board_id}/cards", "did you mean '{path.board_id}'?"],
      ["{ filters: ['{path.board_id}'] }", "'{path.board_id}' sends an id, and the search body takes object here", 'put it where the provider takes the id of the parent'],
      ["{ board: 'b-{path.board_id}', filters: '{filters}' }", "'b-{path.board_id}': a search body sends a parent as a string of its own, and this one holds more", "write '{path.<name>}' alone"],
    ]) {
      await searching.write('mappings/nested/taskboard.yaml', await mapping('/tasks/search', body));
      expect(await refusals(searching.root), body).toContainEqual([message, hint]);
    }
  });
});

/**
 * Drafting (`generate new --api nested`) from a provider whose paths hold no
 * board (the fixture's document without its /boards/{board}/… paths): the
 * list names the board in the query parameter named after it, the create in
 * the array member named after it, and the delete, by the task's id alone,
 * says with a TODO why it needs none. Before, each operation whose path
 * lacked {board_id} was left unsupported, and the list's required `board`
 * became a connection setting (one board for every call).
 */
describe('a draft for a provider that takes the parent outside its paths', async () => {
  const flat = (await readFile(fixture('provider.yaml'), 'utf8')).replace(/ {2}\/boards\/\{board\}\/tasks:\n(?: {4}.*\n)+/, '').replace(/ {2}\/boards\/\{board\}\/tasks\/\{task\}:\n(?: {4}.*\n)+/, '');
  /** A draft of the fixture's cards from `document`, a provider `service` writes, as `generate new --api nested --record Task` makes it. */
  const draftOf = async (service: string, document: string) => {
    await project.write(`vendor-${service}.yaml`, document);
    return draftMapping({
      service,
      provider: await loadOpenApi(path.join(project.root, `vendor-${service}.yaml`), `vendor/${service}.yaml`),
      unified: buildUnifiedIR(await loadOpenApi(fixture('unified.yaml'), 'specs/nested.yaml')),
      from: `vendor/${service}.yaml`,
      record: 'Task',
      api: 'nested',
      schemaPath: path.join(repoRoot, 'mappings/schema.json'),
    });
  };
  const draft = await draftOf('taskflat', flat);
  const mapping = load(draft.text) as { connection: { settings?: unknown }; operations: Record<string, { path: string; query?: unknown; body?: { values?: unknown }; ignores?: Record<string, string> }>; examples: { cases: { operation: string; input: unknown; exchanges: { request: { query?: unknown } }[] }[] } };

  it('sends the board in the query parameter and the array member named after it, as no setting', () => {
    expect(flat).not.toContain('/boards/');
    expect(mapping.operations.boardCardsAll).toMatchObject({ path: '/tasks', query: { board: '{path.board_id}' } });
    expect(mapping.operations.boardCardsAdd).toMatchObject({ path: '/tasks', body: { values: { boards: ['{path.board_id}'] } } });
    expect(mapping.connection.settings).toBeUndefined();
    expect(mapping.examples.cases.find((c) => c.operation === 'boardCardsAll')).toMatchObject({ input: { board_id: '1' }, exchanges: [{ request: { query: { board: '1' } } }] });
  });

  it("finds the board under another word for it (Asana's `project`, `projects`), and the draft checks as it stands", async () => {
    const asana = flat.replace(/\{ name: board, in: query/g, '{ name: project, in: query').replace('boards: { type: array', 'projects: { type: array');
    expect(asana).not.toMatch(/name: board\b|boards: \{/);
    const drafted = await draftOf('taskasana', asana);
    const operations = (load(drafted.text) as typeof mapping).operations;
    expect(operations.boardCardsAll).toMatchObject({ path: '/tasks', query: { project: '{path.board_id}' } });
    expect(operations.boardCardsAdd).toMatchObject({ path: '/tasks', body: { values: { projects: ['{path.board_id}'] } } });
    expect(drafted.problems).toEqual([]);
  });

  it('sends the board in a header named after it where no query parameter takes it, as no setting, and the draft checks as it stands', async () => {
    const board = '        - { name: board, in: query, required: true, description: The board whose tasks to list., schema: { type: string, maxLength: 64 } }\n';
    expect(flat).toContain(board);
    const drafted = await draftOf('taskheader', flat.replace(board, '        - { name: X-Board-Id, in: header, required: true, description: The board whose tasks to list., schema: { type: string, maxLength: 64 } }\n'));
    const drafting = load(drafted.text) as typeof mapping & { operations: Record<string, { headers?: unknown }> };
    expect(drafting.operations.boardCardsAll).toMatchObject({ path: '/tasks', headers: { 'X-Board-Id': '{path.board_id}' } });
    expect(drafting.operations.boardCardsAll!.query).toBeUndefined();
    expect(drafting.connection.settings).toBeUndefined();
    expect(drafted.problems).toEqual([]);
  });

  it('says with a TODO why a request on one record sends none, and the draft checks as it stands', () => {
    expect(mapping.operations.boardCardsDelete!.ignores!.board_id).toMatch(/^TODO: DELETE \/tasks\/\{task\} takes no board_id; say why the provider needs none/);
    expect(draft.supported).toEqual(['boardCardsAdd', 'boardCardsAll', 'boardCardsDelete', 'boardCardsOne']);
    // The get, without an item path, is the document's GET /tasks.info, which takes the task's id (and the board) in its query.
    expect(mapping.operations.boardCardsOne).toMatchObject({ path: '/tasks.info', query: { task: '{path.id}', board: '{path.board_id}' } });
    expect(draft.problems).toEqual([]);
  });
});
