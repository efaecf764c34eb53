/**
 * `<provider>/connector.gen.test.ts`: a vitest suite per connector. Every
 * example of the mapping is replayed against a real HTTP server on
 * 127.0.0.1 that checks the exact requests; results are checked against the
 * example and against the spec's schemas. A paging test walks a simulated
 * provider list with `limit: 2` until `meta.cursors.next` is null.
 */

import { StructureKind, VariableDeclarationKind } from './ts-morph.js';
import type { ConnectorIR, ExampleCaseIR, OperationIR, ScalarFieldIR, Template, UnifiedIR } from '../ir/model.js';
import { formatPath, recordIdPath } from '../ir/paths.js';
import { connectorNames } from './names.js';
import { Code } from './code.js';
import type { EmitContext } from './context.js';
import { json, str } from './literals.js';
import { header, type Statement } from './printer.js';
import { dropProbes, type DropProbe } from './drop-probes.js';
import { transformerNames } from './transformers/index.js';
import { indispensableMembers } from './transformers/read.js';
import { targetOf } from './transformers/write.js';
import { unifiedFiles, unifiedNames } from './unified.js';

export function connectorTestFile(connector: ConnectorIR, unified: UnifiedIR, context: EmitContext, file: string): string {
  const names = connectorNames(connector);
  const t = transformerNames(connector, unified);
  const examples = connector.examples;
  const list = connector.operations.find((o): o is OperationIR => !('unsupported' in o) && o.unified.kind === 'list');
  const paging = pagingPlan(connector, list);
  const imports = new Set([names.factory, names.baseUrl]);
  if (paging || faultPlan(connector)?.paging) imports.add(names.pagination);
  if (faultPlan(connector)) imports.add(names.definition);
  const statements: Statement[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: 'vitest', namedImports: ['afterEach', 'describe', 'expect', 'it'] },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: context.project(file, 'test/support/replay.ts'),
      namedImports: [{ name: 'Exchange', isTypeOnly: true }, ...(paging || propertyPlan(connector, unified) ? ['recordAt'] : []), { name: 'ReplayServer', isTypeOnly: true }, 'startReplay'],
    },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: context.project(file, 'test/support/unified-schema.ts'), namedImports: ['assertUnifiedError', 'assertUnifiedResult', ...(unified.folder ? ['registerUnifiedApi'] : [])] },
  ];
  // A suite of another API than the default checks answers against that API's schemas, registered under its folder name.
  if (unified.folder) statements.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: context.sibling(file, unifiedFiles(unified).schema), namedImports: ['operationResponseSchemas', 'unifiedJsonSchema'] });
  const propertyImports = propertyPlan(connector, unified);
  if (propertyImports) {
    statements.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: context.project(file, 'test/support/properties.ts'), namedImports: ['describeProperties'] });
    statements.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: context.sibling(file, `${connector.folder}/transformers.gen.ts`),
      namedImports: [...new Set([t.read, ...Object.values(propertyImports.writes).map((w) => w.write)])].sort(),
    });
  }
  if (dropProbes(connector, connector.resource.record).length > 0) statements.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: context.project(file, 'test/support/drop-probes.ts'), namedImports: ['describeDropProbes'] });
  if (faultPlan(connector)) statements.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: context.project(file, 'test/support/fault-matrix.ts'), namedImports: ['describeFaults'] });
  if (paging) {
    statements.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: context.project(file, 'test/support/provider-simulator.ts'), namedImports: ['numberedRecords', 'startProviderSimulator'] });
    if (!propertyPlan(connector, unified)) statements.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: context.sibling(file, `${connector.folder}/transformers.gen.ts`), namedImports: [t.read] });
  }
  statements.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: context.project(file, 'src/runtime/index.ts'), namedImports: [{ name: 'MappingIssue', isTypeOnly: true }] });
  statements.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: context.sibling(file, `${connector.folder}/connector.gen.ts`), namedImports: [...imports].sort() });

  // The key the checks name: another project's API of the same name may be known in this worker already.
  if (unified.folder) statements.push(`const unifiedApi = registerUnifiedApi(${str(unified.folder)}, unifiedJsonSchema, operationResponseSchemas);`);
  const settings = examples?.settings ?? Object.fromEntries(connector.settings.filter((s) => s.required).map((s) => [s.name, s.example ?? 'example']));
  const credentials = examples?.credentials ?? Object.fromEntries(connector.credentials.filter((c) => c.required).map((c) => [c.name, `test-${c.name}`]));
  statements.push({
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    declarations: [
      { name: 'settings', initializer: json(settings) },
      { name: 'credentials', initializer: json(credentials) },
    ],
  });

  const code = new Code();
  const cases = examples?.cases ?? [];
  // Each documented payload is written once; every test below refers to it.
  code.comment(`The exchanges each example of ${connector.files.mapping} documents, in its order: replayed one by one, and the records and answers the paging, property and fault tests start from.`);
  code.line('const exchanges: Exchange[][] = [');
  cases.forEach((example, i) => {
    code.line(`  // ${i}: ${example.name.replace(/\s+/g, ' ')}`);
    code.line(`  ${json(example.exchanges, '  ')},`);
  });
  code.line('];');
  code.line();
  code.line('let server: ReplayServer | undefined;');
  code.comment('Mapping issues the examples raise (a field a provider cannot store, say): collected, not printed.');
  code.line('const issues: MappingIssue[] = [];');
  code.block('afterEach(async () =>', () => {
    code.line('await server?.close();');
    code.line('server = undefined;');
  }, '});');
  code.line();
  code.comment('The connector, pointed at the loopback server: same base path, local origin, no retries. A case may sign in otherwise: its credentials replace the shared ones.');
  code.block(`function connect(origin: string, own: { settings?: Record<string, string>; credentials?: Parameters<typeof ${names.factory}>[0]['credentials'] } = {})`, () => {
    code.line('const caseSettings = { ...settings, ...own.settings };');
    code.line(`const base = new URL(${names.baseUrl}(caseSettings));`);
    code.line(`return ${names.factory}({ settings: caseSettings, credentials: own.credentials ?? credentials, baseUrl: origin + base.pathname.replace(/\\/$/, ''), retry: { attempts: 1 }, onIssue: (issue) => issues.push(issue) });`);
  });
  code.line();
  code.block(`describe(${str(`${connector.service} connector: examples of ${connector.files.mapping}`)}, () =>`, () => {
    cases.forEach((example, i) => exampleTest(code, example, i, apiArgument(unified)));
    if (!examples || examples.cases.length === 0) {
      code.block("it('has examples to replay', () =>", () => {
        code.line(`expect.fail(${str(`${connector.files.mapping} has no examples: add some under \`examples\``)});`);
      }, '});');
    }
  }, '});');
  const probes = dropProbes(connector, connector.resource.record);
  if (probes.length > 0) {
    code.line();
    dropTest(code, connector, unified, probes);
  }
  if (paging && list) {
    code.line();
    pagingTest(code, connector, unified, list, paging);
  }
  const properties = propertyPlan(connector, unified);
  if (properties) {
    code.line();
    code.comment('The shared property tests (test/support/properties.ts).');
    code.line('describeProperties({');
    code.line(`  service: ${str(connector.service)},`);
    code.line(`  read: ${t.read},`);
    code.line('  writes: {');
    for (const [operation, plan] of Object.entries(properties.writes)) {
      code.line(`    ${operation}: { write: ${plan.write}, leaves: ${json(plan.leaves, '    ')}, arrays: ${json(plan.arrays, '    ')} },`);
    }
    code.line('  },');
    code.line(`  writeRoot: ${json(properties.writeRoot)},`);
    if (properties.assigned.length > 0) code.line(`  assigned: ${json(properties.assigned)},`);
    if (unified.folder) code.line(`  record: { schema: ${str(connector.resource.recordName)}, api: unifiedApi, plural: ${str(connector.resource.name)} },`);
    code.line(`  sample: recordAt(exchanges[${properties.sampleFrom.example}]![0]!.response.body, ${json(properties.sampleFrom.path)}),`);
    code.line('  settings,');
    code.line('});');
  }
  const faults = faultPlan(connector);
  if (faults) {
    code.line();
    code.comment('The shared fault matrix (test/support/fault-matrix.ts), fed with this connector\'s examples.');
    code.line('describeFaults({');
    code.line(`  service: ${str(connector.service)},`);
    if (unified.folder) code.line('  api: unifiedApi,');
    if (unified.folder) code.line(`  bodyParam: ${str(unifiedNames(unified, connector.resource).bodyParam)},`);
    if (unified.folder) code.line(`  recordSchema: ${str(connector.resource.recordName)},`);
    code.line(`  connect: (origin, options, connection = {}) => ${names.factory}({ settings: { ...settings, ...connection.settings }, credentials: { ...credentials, ...connection.credentials }, baseUrl: origin + new URL(${names.baseUrl}(settings)).pathname.replace(/\\/$/, ''), ...options }),`);
    code.line('  secrets: Object.values(credentials),');
    code.line('  settings,');
    code.line('  credentials,');
    code.line(`  definition: ${names.definition},`);
    code.line('  operations: {');
    for (const [operation, plan] of Object.entries(faults.operations)) {
      code.line(`    ${operation}: { kind: ${str(plan.kind)}, input: ${json(plan.input, '    ')}, answers: exchanges[${plan.example}]!.map((exchange) => exchange.response)${plan.idParam ? `, idParam: ${str(plan.idParam)}` : ''}${plan.idIn ? `, idIn: ${json(plan.idIn)}` : ''}${plan.parents ? `, parents: ${json(plan.parents)}` : ''} },`);
    }
    code.line('  },');
    if (faults.recordsPath) code.line(`  recordsPath: ${json(faults.recordsPath)},`);
    if (faults.recordPath) code.line(`  recordPath: ${json(faults.recordPath)},`);
    if (faults.keep) code.line(`  keep: ${json(faults.keep)},`);
    // A mapping of no field line read (a first draft can be one): scrambled records then have nothing to report.
    if (!connector.fields.some((field) => field.direction.read)) code.line('  readsNoField: true,');
    if (faults.paging) code.line(`  paging: { strategy: ${names.pagination}, recordsPath: ${json(faults.paging.recordsPath)}, idPath: ${json(faults.paging.idPath)} },`);
    if (connector.idempotencyHeader) code.line('  idempotentCreates: true,');
    code.line('});');
  }
  statements.push(code.writer());
  return context.printer.print(file, header([connector.files.mapping, connector.files.providerSpec, unified.file]), statements);
}

/** The API a schema check names, when it is not the default one. */
function apiArgument(unified: UnifiedIR): string {
  return unified.folder ? ', unifiedApi' : '';
}

function exampleTest(code: Code, example: ExampleCaseIR, index: number, api: string): void {
  code.block(`it(${str(example.name)}, async () =>`, () => {
    code.line(`server = await startReplay(exchanges[${index}]!);`);
    code.line(`const connector = connect(server.origin${example.connection ? `, ${json(example.connection, '    ')}` : ''});`);
    const call = `connector.${example.operation}(${json(example.input, '    ')})`;
    if (example.expect.error) {
      code.line(`const error = await ${call}.then(`);
      code.line("  () => { throw new Error('expected the operation to fail'); },");
      code.line('  (caught: unknown) => caught,');
      code.line(');');
      code.line('expect(server.mismatches).toEqual([]);');
      code.line('expect(server.remaining()).toBe(0);');
      code.line('assertUnifiedError(error);');
      code.line(`expect(error.toJSON()).toMatchObject(${json(example.expect.error, '    ')});`);
      return;
    }
    code.line(`const result = await ${call};`);
    code.line('expect(server.mismatches).toEqual([]);');
    code.line('expect(server.remaining()).toBe(0);');
    if (example.expect.status_code !== undefined) code.line(`expect(result.status_code).toBe(${example.expect.status_code});`);
    if (example.expect.data !== undefined) code.line(`expect(result.data).toEqual(${json(example.expect.data, '    ')});`);
    if (example.expect.meta !== undefined) code.line(`expect((result as { meta?: unknown }).meta).toMatchObject(${json(example.expect.meta, '    ')});`);
    code.line(`assertUnifiedResult(${str(example.operation)}, result${api});`);
  }, '});');
}

/** What the round trip may put in a unified leaf, from the field's mapping and schemas. */
function roundTripLeaf(field: ScalarFieldIR, operationId: string, path: string) {
  const schema = field.unifiedSchema;
  const target = field.writes.find((w) => w.operation === operationId);
  const leaf: Record<string, unknown> = { path, type: schema.type === 'integer' || schema.type === 'number' || schema.type === 'boolean' ? schema.type : 'string' };
  if (field.enumMap) {
    // Only values written as a provider value that reads back as themselves can round-trip exactly.
    leaf.values = field.enumMap.writes.filter((w) => field.enumMap!.entries.find((e) => e.provider === w.provider)?.unified === w.unified).map((w) => w.unified);
  } else if (schema.enum) {
    const allowed = field.providerSchema.enum ?? schema.enum;
    leaf.values = schema.enum.filter((v) => v !== null && allowed.includes(v));
  }
  if (schema.format) leaf.format = schema.format;
  // The provider's format where the unified field has none (a plain string written to a date): random text would be refused.
  else if (target?.constraints.format !== undefined && !field.convert) leaf.format = target.constraints.format;
  if (target?.constraints.minLength !== undefined) leaf.minLength = target.constraints.minLength;
  if (target?.constraints.maxLength !== undefined) leaf.maxLength = target.constraints.maxLength;
  if (target?.constraints.pattern !== undefined) leaf.pattern = target.constraints.pattern;
  if (target?.constraints.enum !== undefined && !field.enumMap && !field.convert) leaf.values = (leaf.values as unknown[] | undefined)?.filter((v) => target.constraints.enum!.includes(v)) ?? target.constraints.enum.filter((v) => v !== null);
  if (field.convert) leaf.convert = field.convert;
  if (field.lossy) leaf.lossy = field.lossy;
  if (Array.isArray(leaf.values) && leaf.values.length === 0) leaf.lossy = 'no value survives the trip';
  return leaf;
}

/** For the property tests: a sample record, and per write operation the fields that travel both ways. */
export function propertyPlan(connector: ConnectorIR, unified: UnifiedIR) {
  if (!connector.examples) return undefined;
  const t = transformerNames(connector, unified);
  let sample: unknown;
  let sampleFrom: { example: number; path: readonly string[] } | undefined;
  for (const operation of connector.operations) {
    if ('unsupported' in operation || sample) continue;
    for (const [index, example] of connector.examples.cases.entries()) {
      if (example.operation !== operation.id || example.expect.error) continue;
      const body = example.exchanges[0]?.response.body;
      const paths = operation.unified.kind === 'list' ? operation.recordsPaths : operation.unified.kind === 'get' && operation.recordPath ? [operation.recordPath] : [];
      for (const path of paths) {
        const record = firstRecord(at(body, path));
        if (record) {
          sample = record;
          sampleFrom = { example: index, path };
          break;
        }
      }
      if (sample) break;
    }
  }
  if (!sample || !sampleFrom) return undefined;
  const writes: Record<string, { write: string; leaves: unknown[]; arrays: unknown[] }> = {};
  let writeRoot: string[] = [];
  for (const operation of connector.operations) {
    if ('unsupported' in operation || !operation.body || (operation.unified.kind !== 'create' && operation.unified.kind !== 'update')) continue;
    writeRoot = operation.body.from ?? [];
    const leaves: unknown[] = [];
    const arrays: unknown[] = [];
    const required = new Set(operation.requestSchema?.required ?? []);
    // Unified arrays (`phone_numbers`) one of whose selected elements the provider cannot clear (Freshdesk's `phone`).
    const unclearable = new Set<string>();
    for (const field of connector.fields) {
      if (!field.direction.read || !field.direction.write || field.when || (field.operations && !field.operations.includes(operation.id))) continue;
      if (field.kind === 'scalar') {
        const leaf = roundTripLeaf(field, operation.id, formatPath(field.unified));
        // A member the provider requires on this write is always given, or the write refuses the customer. Where the
        // required member holds the field a level down (HubSpot's `properties.firstname`) and does not require it in
        // turn, any one field below it makes the member: one of them is given, not every one.
        const top = (operation.body.from ?? []).length;
        const member = field.provider[top]?.name ?? '';
        if (required.has(member)) {
          const below = field.provider[top + 1]?.name;
          if (below !== undefined && !field.provider[top]!.selector && !operation.requestSchema?.properties.get(member)?.required.includes(below)) leaf.anyOf = member;
          else leaf.required = true;
        }
        // An update given an array without this element clears it, and the provider cannot clear it: see below.
        if (operation.unified.kind === 'update' && field.unified[0]?.selector && field.clearWith === undefined && !targetOf(field, operation.id).nullable) unclearable.add(field.unified[0].name);
        leaves.push(leaf);
      }
      if (field.kind === 'split') {
        // Both parts are given (compared loosely: one provider value holds them).
        const requiredMember = required.has(field.provider[(operation.body.from ?? []).length]?.name ?? '');
        const target = field.writes.find((w) => w.operation === operation.id)?.constraints ?? {};
        field.unified.forEach((path, i) => {
          const schema = field.unifiedSchemas[i]!;
          // The provider's rules apply to the joined value: each half gets the pattern and half the length.
          const maxLength = Math.min(schema.maxLength ?? Infinity, target.maxLength !== undefined ? Math.floor((target.maxLength - 1) / 2) : Infinity);
          leaves.push({
            ...(target.pattern !== undefined ? { pattern: target.pattern } : {}),
            ...(Number.isFinite(maxLength) ? { maxLength } : {}),
            path: formatPath(path),
            type: 'string',
            lossy: field.lossy ?? `${field.convert} joins both into one value`,
            group: formatPath(field.provider),
            ...(requiredMember ? { required: true } : {}),
          });
        });
      }
      if (field.kind === 'array' && field.unified.length === 1 && !field.unified[0]!.selector) {
        const members = field.each
          .filter((child): child is ScalarFieldIR => child.kind === 'scalar' && child.direction.read && child.direction.write && child.unified.length === 1)
          .map((child) => roundTripLeaf(child, operation.id, child.unified[0]!.name));
        // An array written to a member the provider requires on create (Front's `handles`) is always given, with an element.
        const requiredMember = required.has(field.provider[(operation.body.from ?? []).length]?.name ?? '');
        if (members.length) arrays.push({ path: field.unified[0]!.name, members, ...(field.lossy ? { lossy: field.lossy } : {}), ...(requiredMember ? { required: true } : {}) });
      }
    }
    // Given whole or not at all: an update given the array without such an element would be refused a clearing it asked
    // for (reported, rightly), which is not the round trip this property tests.
    for (const leaf of leaves as { path: string; group?: string }[]) {
      const array = /^([^.[]+)\[/.exec(leaf.path)?.[1];
      if (array !== undefined && unclearable.has(array) && leaf.group === undefined) leaf.group = `${array} (its elements cannot be cleared one by one)`;
    }
    writes[operation.id] = { write: t.write(operation), leaves, arrays };
  }
  // A record without a member its unified record cannot do without (Card's id) reads as nothing. The provider assigns
  // such a member when it stores the record, so a written one lacks it: the round trip copies it from the documented
  // record, at the provider members the read takes it from.
  const indispensable = indispensableMembers(connector.resource.record);
  const assigned = connector.fields.flatMap((field) => {
    if (!field.direction.read || (field.kind !== 'scalar' && field.kind !== 'split')) return [];
    const paths = field.kind === 'scalar' ? [field.unified] : field.unified;
    return paths.some((path) => path.length === 1 && indispensable.includes(path[0]!.name)) ? [formatPath(field.provider)] : [];
  });
  return { sample, sampleFrom, writes, writeRoot, assigned: [...new Set(assigned)] };
}

/** The query parameter or body member an operation sends the record's id in, if any does. */
function idValue(operation: OperationIR, idParam: string): { query: string } | { body: string[] } | undefined {
  const sends = (template: Template) => template.parts.some((part) => part.kind === 'path' && part.name === idParam);
  const query = operation.query.find((q) => sends(q.value));
  if (query) return { query: query.name };
  const member = operation.body?.values.find((v) => sends(v.value));
  const wrap = operation.body?.wrap;
  return member ? { body: wrap === undefined ? [member.name] : operation.body!.wrapInList ? [wrap, '0', member.name] : [wrap, member.name] } : undefined;
}

/** For the fault matrix: one successful example per supported operation, and where records sit. */
export function faultPlan(connector: ConnectorIR) {
  if (!connector.examples) return undefined;
  const operations: Record<string, { kind: string; input: unknown; answers: unknown[]; example: number; idParam?: string; idIn?: { query: string } | { body: string[] }; parents?: Record<string, string> }> = {};
  let recordsPath: string[] | undefined;
  let recordPath: string[] | undefined;
  let keep: Record<string, unknown> | undefined;
  for (const operation of connector.operations) {
    if ('unsupported' in operation) continue;
    const examples = connector.examples.cases.filter((c) => c.operation === operation.id && !c.expect.error && c.exchanges.length > 0);
    // A list example is useful only with its records where the mapping says (several paths may be declared).
    const withRecords = (c: ExampleCaseIR) => operation.recordsPaths.find((path) => Array.isArray(at(c.exchanges[0]?.response.body, path)));
    const example = operation.unified.kind === 'list' ? (examples.find((c) => withRecords(c) !== undefined) ?? examples[0]) : examples[0];
    if (!example) continue;
    operations[operation.id] = { kind: operation.unified.kind, input: example.input, answers: example.exchanges.map((e) => e.response), example: connector.examples.cases.indexOf(example) };
    // The parameter the record's id goes in, where the spec names it otherwise (`ticket_id`).
    const idParam = operation.unified.idParam;
    if (idParam !== undefined && idParam !== 'id') operations[operation.id]!.idParam = idParam;
    // Where the id goes when the path does not take it: a query parameter or a body member (`?task={path.id}`).
    const idIn = idParam === undefined || operation.path.some((p) => p.kind === 'id') ? undefined : idValue(operation, idParam);
    if (idIn) operations[operation.id]!.idIn = idIn;
    // A parent's path parameters (`board_id`), which a call made of the matrix's own params still needs.
    const parents = parentParams(operation, example.input);
    if (Object.keys(parents).length) operations[operation.id]!.parents = parents;
    if (operation.unified.kind === 'list') {
      recordsPath = withRecords(example);
      if (operation.where.length) keep = Object.fromEntries(operation.where.map((w) => [w.key, w.value]));
    }
    if (operation.unified.kind === 'get') recordPath = operation.recordPath;
  }
  if (Object.keys(operations).length === 0) return undefined;
  return { operations, recordsPath, recordPath, keep, paging: walkPlan(connector) };
}

/** For the walk faults: where records go in a page that can point onwards, and where a record's id is. */
function walkPlan(connector: ConnectorIR): { type: string; hasTotal: boolean; recordsPath: string[]; idPath: string[] } | undefined {
  const list = connector.operations.find((o): o is OperationIR => !('unsupported' in o) && o.unified.kind === 'list');
  const plan = pagingPlan(connector, list);
  if (!list || !plan) return undefined;
  const pagination = connector.pagination;
  // A next page in the body needs a body that is an object, not the records array itself.
  const nextInBody = pagination.type === 'cursor' || (pagination.type === 'link' && pagination.source === 'body');
  const recordsPath = nextInBody ? list.recordsPaths.find((path) => path.length > 0) : plan.recordsPath;
  if (!recordsPath) return undefined;
  const hasTotal = (pagination.type === 'page' && pagination.totalPagesPath !== undefined) || (pagination.type === 'offset' && pagination.totalPath !== undefined);
  return { type: pagination.type, hasTotal, recordsPath: [...recordsPath], idPath: plan.idPath };
}

/** The record a documented answer holds at a path: the object itself, or an array's first object (as `recordAt` in test/support/replay.ts reads it). */
function firstRecord(value: unknown): Record<string, unknown> | undefined {
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  return Array.isArray(value) ? value.find(isRecord) : isRecord(value) ? value : undefined;
}

function at(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((current, name) => (current && typeof current === 'object' ? (current as Record<string, unknown>)[name] : undefined), value);
}

/** The example input's values of an operation's path parameters other than the record's id (a parent's `board_id`): every generated call carries them. */
function parentParams(operation: Pick<OperationIR, 'unified'>, input: unknown): Record<string, string> {
  const given = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const names = operation.unified.params.filter((p) => p.in === 'path' && p.name !== operation.unified.idParam).map((p) => p.name);
  return Object.fromEntries(names.map((name) => [name, typeof given[name] === 'string' ? (given[name] as string) : 'parent-id']));
}

interface PagingPlan {
  /** The list example whose first answer holds the record every simulated one copies. */
  example: number;
  idPath: string[];
  recordsPath: string[];
  listPath: string;
  /** The list example's parent path parameters, sent with every page. */
  parents: Record<string, string>;
}

/** What the paging test needs: a record to copy (from a list example) and where its id is. */
function pagingPlan(connector: ConnectorIR, list: OperationIR | undefined): PagingPlan | undefined {
  if (!list || !connector.examples) return undefined;
  const idPath = recordIdPath(connector);
  if (!idPath) return undefined;
  const recordsPath = list.recordsPaths[0];
  if (!recordsPath) return undefined;
  for (const [index, example] of connector.examples.cases.entries()) {
    if (example.operation !== list.id) continue;
    const body = example.exchanges[0]?.response.body;
    const path = list.recordsPaths.find((p) => Array.isArray(at(body, p)) && firstRecord(at(body, p)));
    if (path) {
      const parents = parentParams(list, example.input);
      const listPath = list.path.map((p) => (p.kind === 'text' ? p.text : p.kind === 'param' ? encodeURIComponent(parents[p.name] ?? '') : '')).join('');
      return { example: index, idPath, recordsPath: path, listPath, parents };
    }
  }
  return undefined;
}

/** Values a write cannot store are refused under `strictWrites`, each named, before anything is sent (test/support/drop-probes.ts). */
function dropTest(code: Code, connector: ConnectorIR, unified: UnifiedIR, probes: DropProbe[]): void {
  const names = connectorNames(connector);
  const body = unifiedNames(unified, connector.resource).bodyParam;
  code.line('describeDropProbes({');
  code.line(`  service: ${str(connector.service)},`);
  code.line(`  connect: (origin) => ${names.factory}({ settings, credentials, baseUrl: origin + new URL(${names.baseUrl}(settings)).pathname.replace(/\\/$/, ''), retry: { attempts: 1 }, strictWrites: true }),`);
  code.line('  probes: [');
  for (const probe of probes) {
    const operation = connector.operations.find((o) => o.id === probe.operation)!;
    // The record's id, and a parent's from the operation's example (the probe is refused before any request either way).
    const example = connector.examples?.cases.find((c) => c.operation === operation.id);
    const ids = { ...parentParams(operation, example?.input), ...(operation.unified.idParam !== undefined ? { [operation.unified.idParam]: 'probe-id' } : {}) };
    const params = { ...ids, [body]: probe.input };
    code.line(`    { operation: ${str(probe.operation)}, params: ${json(params, '    ')}, dropped: ${json(probe.dropped.map((d) => `${body}.${d}`))} },`);
  }
  code.line('  ],');
  code.line('});');
}

function pagingTest(code: Code, connector: ConnectorIR, unified: UnifiedIR, list: OperationIR, plan: PagingPlan): void {
  const names = connectorNames(connector);
  const t = transformerNames(connector, unified);
  code.block(`describe(${str(`${connector.service} connector: paging`)}, () =>`, () => {
    code.block("it('walks every page with limit 2 by following meta.cursors.next, losing and repeating nothing', async () =>", () => {
      code.line(`const template = recordAt(exchanges[${plan.example}]![0]!.response.body, ${json(plan.recordsPath)});`);
      code.line(`const records = numberedRecords(template, ${json(plan.idPath)}, 7);`);
      code.line(`const expected = records.map((record) => ${t.read}(record)?.id);`);
      code.line(`const base = new URL(${names.baseUrl}(settings));`);
      code.line('const simulator = await startProviderSimulator({');
      code.line(`  pagination: ${names.pagination},`);
      code.line(`  recordsPath: ${json(plan.recordsPath)},`);
      code.line(`  listPath: base.pathname.replace(/\\/$/, '') + ${str(plan.listPath)},`);
      code.line('  records,');
      code.line('  defaultPageSize: 3,');
      code.line('});');
      code.block('try', () => {
        code.line(`const connector = ${names.factory}({ settings, credentials, baseUrl: simulator.origin + base.pathname.replace(/\\/$/, ''), retry: { attempts: 1 }, onIssue: (issue) => issues.push(issue) });`);
        code.line('const seen: (string | null | undefined)[] = [];');
        code.line('let cursor: string | null = null;');
        code.line('let pages = 0;');
        code.block('do', () => {
          code.line(`const page = await connector.${list.id}({ ${Object.entries(plan.parents).map(([name, value]) => `${str(name)}: ${str(value)}, `).join('')}limit: 2, cursor });`);
          code.line(`assertUnifiedResult(${str(list.id)}, page${apiArgument(unified)});`);
          code.line('expect(page.data.length).toBeLessThanOrEqual(2);');
          code.line('seen.push(...page.data.map((record) => record.id));');
          code.line('cursor = page.meta?.cursors?.next ?? null;');
          code.line('pages++;');
        }, '} while (cursor !== null && pages < 20);');
        code.line('expect(cursor).toBeNull();');
        code.line('expect(seen).toEqual(expected);');
        code.line('expect(new Set(seen).size).toBe(records.length);');
      }, '} finally {\n  await simulator.close();\n}');
    }, '});');
  }, '});');
}
