/** `index.gen.ts`: every generated connector, keyed by service id. */

import { StructureKind, VariableDeclarationKind } from './ts-morph.js';
import type { ApiIR, ConnectorIR } from '../ir/model.js';
import { connectorNames } from './names.js';
import type { EmitContext } from './context.js';
import { commentText, json, str } from './literals.js';
import { header, type Statement } from './printer.js';
import { connectorInterfaceOf, unifiedFiles } from './unified.js';

/** The registry of an API's connectors, in its folder. */
export function registryPath(api: ApiIR): string {
  return api.unified.folder ? `${api.unified.folder}/index.gen.ts` : 'index.gen.ts';
}

/**
 * `index.gen.ts`: a factory per service id. A provider that maps several
 * resources has a connector per resource; its factory creates them all on
 * the same options and answers one object with every method.
 */
export function registryFile(api: ApiIR, context: EmitContext): string {
  const REGISTRY = registryPath(api);
  const services = [...new Set(api.connectors.map((c) => c.service))];
  const parts = (service: string) => api.connectors.filter((c) => c.service === service);
  const interfaces = [...new Set(api.resources.map((resource) => connectorInterfaceOf(api.unified, resource)))];
  // One resource: every factory answers the API's one connector interface.
  const single = api.unified.resources.length === 1 ? interfaces[0]! : undefined;
  const answers = (service: string) => single ?? parts(service).map((c) => connectorInterfaceOf(api.unified, c.resource)).join(' & ');
  const factory = (service: string) => {
    const own = parts(service);
    return own.length === 1 ? connectorNames(own[0]!).factory : `(options: ${own.map((c) => connectorNames(c).options).join(' & ')}) => ({ ${own.map((c) => `...${connectorNames(c).factory}(options)`).join(', ')} })`;
  };
  const statements: Statement[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: context.runtime(REGISTRY),
      namedImports: ['UnifiedError', { name: 'ConnectorOptions', isTypeOnly: true }],
    },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: context.sibling(REGISTRY, unifiedFiles(api.unified).types), namedImports: interfaces.map((name) => ({ name, isTypeOnly: true })) },
  ];
  for (const connector of api.connectors) {
    const names = connectorNames(connector);
    statements.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: context.sibling(REGISTRY, `${connector.folder}/connector.gen.ts`),
      namedImports: [names.factory, { name: names.options, isTypeOnly: true }],
    });
  }
  const optionsOf = (service: string) => parts(service).map((c: ConnectorIR) => connectorNames(c).options).join(' & ');
  statements.push({
    kind: StructureKind.Interface,
    name: 'ConnectorOptionsByService',
    isExported: true,
    docs: ['The options each connector takes, by service id.'],
    properties: services.map((service) => ({ name: str(service), type: optionsOf(service) })),
  });
  if (!single) {
    statements.push({
      kind: StructureKind.Interface,
      name: 'ConnectorByService',
      isExported: true,
      docs: ['What each factory answers, by service id: the connector of every resource the provider maps.'],
      properties: services.map((service) => ({ name: str(service), type: answers(service) })),
    });
  }
  statements.push({
    kind: StructureKind.TypeAlias,
    name: 'ServiceId',
    isExported: true,
    type: services.length ? 'keyof ConnectorOptionsByService' : 'never',
  });
  statements.push({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['Connector factories by service id.'],
    declarations: [
      {
        name: 'connectors',
        type: `{ readonly [S in ServiceId]: (options: ConnectorOptionsByService[S]) => ${single ?? 'ConnectorByService[S]'} }`,
        initializer: services.length ? `{\n${services.map((service) => `  ${str(service)}: ${factory(service)},`).join('\n')}\n}` : '{}',
      },
    ],
  });
  statements.push({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['The service ids, sorted.'],
    declarations: [{ name: 'serviceIds', type: 'readonly ServiceId[]', initializer: json(services) }],
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
    returnType: single ?? 'ConnectorByService[S]',
    statements: (writer) => {
      writer.writeLine('if (!Object.prototype.hasOwnProperty.call(connectors, service)) {');
      writer.writeLine("  throw new UnifiedError('ConnectorNotFoundError', `Unknown service: ${String(service)}`, { detail: { known: [...serviceIds] } });");
      writer.writeLine('}');
      writer.writeLine('return (connectors[service] as (options: ConnectorOptions<unknown, unknown>) => ' + (single ?? 'ConnectorByService[S]') + ')(options);');
    },
  });
  return context.printer.print(REGISTRY, header([api.unified.file, ...new Set(api.connectors.map((c) => c.files.mapping))]), statements);
}
