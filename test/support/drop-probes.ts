/**
 * The write probes every generated suite runs: for each create and update, a
 * unified record holding values the mapping cannot store (planned by
 * src/emit/drop-probes.ts) is refused under `strictWrites` as a
 * `RequestValidationError` naming each of them, before any request.
 */

import { describe, expect, it } from 'vitest';
import type { UnifiedError } from '../../src/runtime/index.js';
import { startReplay } from './replay.js';
import { assertUnifiedError } from './unified-schema.js';

export interface DropProbe {
  operation: string;
  params: Record<string, unknown>;
  /** Unified fields the connector must name as dropped. */
  dropped: string[];
}

type Writer = Record<string, (params: never) => Promise<unknown>>;

export function describeDropProbes(target: { service: string; connect: (origin: string) => object; probes: DropProbe[] }): void {
  describe(`${target.service} connector: what a write cannot store is never dropped silently`, () => {
    it.each(target.probes.map((probe) => [`${probe.operation} refuses under strictWrites what it would drop (${probe.dropped.join(', ')}), before any request`, probe] as const))('%s', async (_, probe) => {
      const server = await startReplay([]);
      try {
        // Each probe names an operation of this connector (the generator made it from the connector's writes).
        const connector = target.connect(server.origin) as Writer;
        const error: unknown = await connector[probe.operation]!(probe.params as never).then(() => undefined, (caught: unknown) => caught);
        assertUnifiedError(error);
        expect(error.type_name).toBe('RequestValidationError');
        const named = (((error as UnifiedError).detail as { errors?: { field: string }[] }).errors ?? []).map((issue) => issue.field);
        expect(named).toEqual(expect.arrayContaining(probe.dropped));
        expect(server.received).toEqual([]);
      } finally {
        await server.close();
      }
    });
  });
}
