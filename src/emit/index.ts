/**
 * The emit stage: IR in, file texts out (paths relative to the output
 * directory). Pure — nothing here touches the disk.
 */

import type { GenerationIR } from '../ir/model.js';
import { connectorFile } from './connector.js';
import { connectorTestFile } from './connector-test.js';
import type { EmitContext } from './context.js';
import { connectorReadme, connectorsFile, coverageFile } from './docs.js';
import { providerTypesFile } from './provider-types.js';
import { registryFile, registryPath } from './registry.js';
import { transformersFile } from './transformers/index.js';
import { emitUnified } from './unified.js';

export function emitAll(ir: GenerationIR, context: EmitContext): Map<string, string> {
  const files = new Map<string, string>();
  for (const api of ir.apis) {
    // Each unified API writes to its folder: the default one to the output folder itself.
    const at = (name: string) => (api.unified.folder ? `${api.unified.folder}/${name}` : name);
    for (const [file, text] of emitUnified(api, context)) files.set(file, text);
    for (const connector of api.connectors) {
      const dir = connector.folder;
      files.set(`${dir}/types.gen.ts`, providerTypesFile(connector, context, `${dir}/types.gen.ts`));
      files.set(`${dir}/transformers.gen.ts`, transformersFile(connector, api.unified, context, `${dir}/transformers.gen.ts`));
      files.set(`${dir}/connector.gen.ts`, connectorFile(connector, api.unified, context, `${dir}/connector.gen.ts`));
      files.set(`${dir}/connector.gen.test.ts`, connectorTestFile(connector, api.unified, context, `${dir}/connector.gen.test.ts`));
      files.set(`${dir}/README.md`, connectorReadme(connector, api.unified, context.templates));
    }
    files.set(registryPath(api), registryFile(api, context));
    files.set(at('COVERAGE.md'), coverageFile(api, context.templates));
    files.set(at('CONNECTORS.md'), connectorsFile(api, context.templates));
  }
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
