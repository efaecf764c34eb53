/**
 * The emit stage: IR in, file texts out (paths relative to the output
 * directory). Pure — nothing here touches the disk.
 */

import type { GenerationIR } from '../ir/model.js';
import { connectorFile } from './connector.js';
import { connectorTestFile } from './connector-test.js';
import type { EmitContext } from './context.js';
import { connectorReadme, coverageFile } from './docs.js';
import { providerTypesFile } from './provider-types.js';
import { registryFile, REGISTRY } from './registry.js';
import { transformersFile } from './transformers/index.js';
import { emitUnified } from './unified.js';

export function emitAll(ir: GenerationIR, context: EmitContext): Map<string, string> {
  const files = emitUnified(ir.unified, context);
  for (const connector of ir.connectors) {
    const dir = connector.service;
    files.set(`${dir}/types.gen.ts`, providerTypesFile(connector, context, `${dir}/types.gen.ts`));
    files.set(`${dir}/transformers.gen.ts`, transformersFile(connector, ir.unified, context, `${dir}/transformers.gen.ts`));
    files.set(`${dir}/connector.gen.ts`, connectorFile(connector, ir.unified, context, `${dir}/connector.gen.ts`));
    files.set(`${dir}/connector.gen.test.ts`, connectorTestFile(connector, ir.unified, context, `${dir}/connector.gen.test.ts`));
    files.set(`${dir}/README.md`, connectorReadme(connector, ir.unified, context.templates));
  }
  files.set(REGISTRY, registryFile(ir, context));
  files.set('COVERAGE.md', coverageFile(ir, context.templates));
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
