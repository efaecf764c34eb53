/** `index.gen.ts`: every generated connector, keyed by service id. */

import { StructureKind, VariableDeclarationKind } from './ts-morph.js';
import type { GenerationIR } from '../ir/model.js';
import { connectorNames } from './connector.js';
import type { EmitContext } from './context.js';
import { commentText, json, str } from './literals.js';
import { header, type Statement } from './printer.js';
import { UNIFIED_TYPES, unifiedNames } from './unified.js';

export const REGISTRY = 'index.gen.ts';

export function registryFile(ir: GenerationIR, context: EmitContext): string {
  const u = unifiedNames(ir.unified);
  const statements: Statement[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: context.runtime(REGISTRY),
      namedImports: ['UnifiedError', { name: 'ConnectorOptions', isTypeOnly: true }],
    },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: context.sibling(REGISTRY, UNIFIED_TYPES), namedImports: [{ name: u.connectorInterface, isTypeOnly: true }] },
  ];
  for (const connector of ir.connectors) {
    const names = connectorNames(connector);
    statements.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: context.sibling(REGISTRY, `${connector.service}/connector.gen.ts`),
      namedImports: [names.factory, { name: names.options, isTypeOnly: true }],
    });
  }
  statements.push({
    kind: StructureKind.Interface,
    name: 'ConnectorOptionsByService',
    isExported: true,
    docs: ['The options each connector takes, by service id.'],
    properties: ir.connectors.map((connector) => ({ name: str(connector.service), type: connectorNames(connector).options })),
  });
  statements.push({
    kind: StructureKind.TypeAlias,
    name: 'ServiceId',
    isExported: true,
    type: ir.connectors.length ? 'keyof ConnectorOptionsByService' : 'never',
  });
  statements.push({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['Connector factories by service id.'],
    declarations: [
      {
        name: 'connectors',
        type: `{ readonly [S in ServiceId]: (options: ConnectorOptionsByService[S]) => ${u.connectorInterface} }`,
        initializer: ir.connectors.length ? `{\n${ir.connectors.map((c) => `  ${str(c.service)}: ${connectorNames(c).factory},`).join('\n')}\n}` : '{}',
      },
    ],
  });
  statements.push({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['The service ids, sorted.'],
    declarations: [{ name: 'serviceIds', type: 'readonly ServiceId[]', initializer: json(ir.connectors.map((c) => c.service)) }],
  });
  statements.push({
    kind: StructureKind.Function,
    name: 'createConnector',
    isExported: true,
    typeParameters: [{ name: 'S', constraint: 'ServiceId' }],
    docs: [commentText(`The connector for \`service\`. An unknown service id is a \`ConnectorNotFoundError\`.`)],
    parameters: [
      { name: 'service', type: 'S' },
      { name: 'options', type: 'ConnectorOptionsByService[S]' },
    ],
    returnType: u.connectorInterface,
    statements: (writer) => {
      writer.writeLine('if (!Object.prototype.hasOwnProperty.call(connectors, service)) {');
      writer.writeLine("  throw new UnifiedError('ConnectorNotFoundError', `Unknown service: ${String(service)}`, { detail: { known: [...serviceIds] } });");
      writer.writeLine('}');
      writer.writeLine('return (connectors[service] as (options: ConnectorOptions<unknown, unknown>) => ' + u.connectorInterface + ')(options);');
    },
  });
  return context.printer.print(REGISTRY, header([ir.unified.file, ...ir.connectors.map((c) => c.files.mapping)]), statements);
}
