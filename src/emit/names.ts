/**
 * Names of what a connector module exports, shared by the code it is
 * emitted as and the prose that documents it (which must not need ts-morph).
 */

import type { ConnectorIR } from '../ir/model.js';
import { camelCase } from '../ir/names.js';

export function connectorNames(connector: ConnectorIR) {
  const camel = camelCase(connector.service) || 'provider';
  return {
    factory: `create${connector.typeStem}Connector`,
    settings: `${connector.typeStem}Settings`,
    credentials: `${connector.typeStem}Credentials`,
    options: `${connector.typeStem}ConnectorOptions`,
    definition: `${camel}Definition`,
    pagination: `${camel}Pagination`,
    baseUrl: `${camel}BaseUrl`,
    module: `${camel}Connector`,
  };
}

/** The constant of a connector's relations (`contactRelations`). */
export function relationsName(connector: ConnectorIR): string {
  return `${camelCase(connector.resource.name.replace(/ies$/, 'y').replace(/s$/, ''))}Relations`;
}
