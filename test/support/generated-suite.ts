/**
 * Runs the suite a temporary project generated for one connector inside the
 * current vitest run: called from a `describe`, it imports the generated
 * test file, whose tests then register (and pass or fail) under it like any
 * other. No second vitest process starts for it.
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** `connector`: as generation names it, `zendesk` or `crm/hubspot/contacts`. */
export async function runGeneratedSuite(root: string, connector: string): Promise<void> {
  const suite = path.join(root, 'generated', connector, 'connector.gen.test.ts');
  // Said plainly: a failed import would name only a module URL, not which connector was not generated.
  if (!existsSync(suite)) throw new Error(`no generated suite for ${connector}: generated/${connector}/connector.gen.test.ts was not written`);
  await import(pathToFileURL(suite).href);
}
