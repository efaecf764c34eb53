/**
 * The emit stage: IR in, file texts out (paths relative to the output
 * directory). Pure — nothing here touches the disk.
 */

import type { GenerationIR } from '../ir/model.js';
import { byName } from '../ir/order.js';
import { connectorFile } from './connector.js';
import { connectorTestFile } from './connector-test.js';
import type { EmitContext } from './context.js';
import type { Templates } from '../parse/templates.js';
import { emitDocs } from './docs.js';
import { providerTypesFile } from './provider-types.js';
import { registryFile, registryPath } from './registry.js';
import { transformersFile } from './transformers/index.js';
import { emitUnified } from './unified.js';

/**
 * With `folders`, only those connectors' own files are emitted (a `--provider` run); the files each API shares
 * (registry, unified modules, CONNECTORS.md, COVERAGE.md) are emitted from all of its connectors either way.
 */
export function emitAll(ir: GenerationIR, context: EmitContext, templates: Templates, folders?: readonly string[]): Map<string, string> {
  return new Map(byName([...emitCode(ir, context, folders), ...emitDocs(ir, templates, folders)]));
}

/** The TypeScript files: what ts-morph prints. */
export function emitCode(ir: GenerationIR, context: EmitContext, folders?: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const api of ir.apis) {
    for (const [file, text] of emitUnified(api, context)) files.set(file, text);
    for (const connector of api.connectors) {
      if (folders && !folders.includes(connector.folder)) continue;
      const dir = connector.folder;
      files.set(`${dir}/types.gen.ts`, providerTypesFile(connector, context, `${dir}/types.gen.ts`));
      files.set(`${dir}/transformers.gen.ts`, transformersFile(connector, api.unified, context, `${dir}/transformers.gen.ts`));
      files.set(`${dir}/connector.gen.ts`, connectorFile(connector, api.unified, context, `${dir}/connector.gen.ts`));
      files.set(`${dir}/connector.gen.test.ts`, connectorTestFile(connector, api.unified, context, `${dir}/connector.gen.test.ts`));
    }
    files.set(registryPath(api), registryFile(api, context));
  }
  return files;
}
