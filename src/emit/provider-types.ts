/**
 * `<provider>/types.gen.ts`: the provider's record and request types, from
 * its OpenAPI description — only the schemas the mapping touches, so a
 * dropped-in 2 MB published spec yields a few interfaces, not thousands.
 */

import type { ConnectorIR } from '../ir/model.js';
import { pascalCase } from '../ir/names.js';
import type { EmitContext } from './context.js';
import { header } from './printer.js';
import { declareSchemas } from './schema-types.js';

/** `Customer` of Kickserv → `KickservCustomer`; odd schema names are made into identifiers. */
export function providerTypeName(connector: ConnectorIR, schemaName: string): string {
  const stem = pascalCase(schemaName) || 'Schema';
  return `${connector.typeStem}${/^[0-9]/.test(stem) ? `_${stem}` : stem}`;
}

export function providerTypesFile(connector: ConnectorIR, context: EmitContext, file: string): string {
  const declarations = declareSchemas(connector.providerSchemas, { of: (name) => providerTypeName(connector, name) });
  return context.printer.print(file, header([connector.files.providerSpec, connector.files.mapping]), declarations);
}
