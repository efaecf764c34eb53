/** The operations a fault target exercises, found by kind and called by id, whatever the unified API. */

import type { FaultTarget, Kind, OperationId } from './fault-matrix.js';

/** A connector as the matrix drives it: one method per operation id, called by name. */
export type AnyConnector = { readonly service: string };

/** The operation of a kind the target exercises (its id and its call), if it has one. */
export function operationOf(target: FaultTarget, kind: Kind): [OperationId, NonNullable<FaultTarget['operations'][OperationId]>] | undefined {
  const found = Object.entries(target.operations).find(([, operation]) => operation?.kind === kind);
  return found ? [found[0], found[1]!] : undefined;
}

/** A connector's method for an operation id. */
export function method(connector: AnyConnector, operation: OperationId): (params: Record<string, unknown>) => Promise<unknown> {
  return (connector as unknown as Record<string, (params: Record<string, unknown>) => Promise<unknown>>)[operation]!;
}
