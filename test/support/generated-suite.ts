/**
 * Runs the suite a temporary project generated for one connector inside the
 * current vitest run: called from a `describe`, it imports the generated
 * test file, whose tests then register (and pass or fail) under it like any
 * other. No second vitest process starts for it.
 */

import path from 'node:path';
import { pathToFileURL } from 'node:url';

export async function runGeneratedSuite(root: string, service: string): Promise<void> {
  await import(pathToFileURL(path.join(root, 'generated', service, 'connector.gen.test.ts')).href);
}
