/**
 * `<provider>/transformers.gen.ts`: the mapping as straight TypeScript.
 * One read function (provider record → unified record) and one write
 * function per write operation (unified record → provider request record).
 * No interpreter: each field becomes a few lines of code.
 */

import { StructureKind, VariableDeclarationKind } from '../ts-morph.js';
import type { ConnectorIR, OperationIR, UnifiedIR } from '../../ir/model.js';
import { pascalCase } from '../../ir/names.js';
import type { EmitContext } from '../context.js';
import { commentText, constStatement, str } from '../literals.js';
import { header, type Statement } from '../printer.js';
import { unifiedFiles, unifiedNames } from '../unified.js';
import { HelperRegistry } from './helpers.js';
import { readFunction } from './read.js';
import { writeFunction } from './write.js';

export { parentVariable, templateExpression } from './helpers.js';

export function transformerNames(connector: ConnectorIR, unified: UnifiedIR) {
  const names = unifiedNames(unified, connector.resource);
  const noun = pascalCase(names.bodyParam);
  return {
    read: `toUnified${noun}`,
    write: (operation: OperationIR) => `to${connector.typeStem}${pascalCase(operation.id)}Body`,
  };
}

export function transformersFile(connector: ConnectorIR, unified: UnifiedIR, context: EmitContext, file: string): string {
  const names = unifiedNames(unified, connector.resource);
  const fnNames = transformerNames(connector, unified);
  const body: Statement[] = [];
  const helpers = new HelperRegistry(connector);

  body.push(readFunction(connector, unified, fnNames.read, helpers));
  for (const operation of connector.operations) {
    if ('unsupported' in operation || !operation.body) continue;
    body.push(writeFunction(connector, unified, operation, fnNames.write(operation), helpers));
  }

  const runtimeImports = new Set(helpers.runtime);
  const typeImports = [...new Set([names.record, ...(helpers.needsInput ? [names.recordInput] : []), ...helpers.unifiedTypes])].sort();
  const statements: Statement[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: context.runtime(file),
      namedImports: [...runtimeImports].sort().map((name) => (name === 'FieldIssue' || name === 'ReportIssue' ? { name, isTypeOnly: true } : name)),
    },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: context.sibling(file, unifiedFiles(unified).types), namedImports: typeImports.map((name) => ({ name, isTypeOnly: true })) },
  ];
  if (helpers.providerTypes.size > 0) {
    statements.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: context.sibling(file, `${connector.folder}/types.gen.ts`),
      namedImports: [...helpers.providerTypes].sort().map((name) => ({ name, isTypeOnly: true })),
    });
  }
  if (helpers.usesHooks && connector.files.hooks) {
    statements.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: context.project(file, connector.files.hooks), namespaceImport: 'hooks' });
  }
  for (const [name, converter] of [...helpers.converters].sort()) {
    statements.push({
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: converter, initializer: `converters[${str(name)}]` }],
    });
  }
  for (const [name, value] of helpers.constants) statements.push(constStatement(name, undefined, `${value} as const`, [], false));
  for (const [converter, reader] of [...helpers.readers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const local = helpers.converter(converter);
    statements.push({
      kind: StructureKind.Function,
      name: reader,
      docs: [commentText(`A provider value through the '${converter}' converter: null when absent, reported and null when it cannot be converted.`)],
      parameters: [
        { name: 'value', type: 'unknown' },
        { name: 'field', type: 'string' },
        { name: 'report', type: 'ReportIssue' },
      ],
      returnType: `NonNullable<ReturnType<typeof ${local}.read>> | null`,
      statements: [
        'if (value === undefined || value === null) return null;',
        `const converted = ${local}.read(value);`,
        'if (converted !== undefined) return converted;',
        "report(field, 'cannot convert ' + describeValue(value));",
        'return null;',
      ],
    });
  }
  statements.push(...body, ...helpers.functions);
  return context.printer.print(file, header([connector.files.mapping, connector.files.providerSpec, unified.file, ...(connector.files.hooks ? [connector.files.hooks] : [])]), statements);
}
