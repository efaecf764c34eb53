/**
 * A provider document split over several files (`$ref: ./schemas/customer.yaml`),
 * brought into one by swagger-parser's `bundle`: the external parts are
 * inlined once and referred to inside the document. The generator reads one
 * file per provider, so `generate new --from` commits the bundle.
 */

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { CORE_SCHEMA, load } from 'js-yaml';

/** The document as one file's YAML text, or undefined when it refers to no other file (it is then copied as it is). */
export async function bundledDocument(absolutePath: string): Promise<string | undefined> {
  let value: unknown;
  try {
    value = load(await readFile(absolutePath, 'utf8'), { schema: CORE_SCHEMA });
  } catch {
    return undefined; // Not readable as YAML: loading it reports where and why.
  }
  if (!refersOutside(value)) return undefined;
  // CommonJS, loaded with require, and only here: no other run needs it.
  const require = createRequire(import.meta.url);
  const SwaggerParser = require('@apidevtools/swagger-parser') as typeof import('@apidevtools/swagger-parser');
  const { stringify } = require('yaml') as typeof import('yaml');
  const bundled = await SwaggerParser.bundle(absolutePath);
  return stringify(bundled, { lineWidth: 0, aliasDuplicateObjects: false });
}

function refersOutside(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(refersOutside);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, member]) => (key === '$ref' && typeof member === 'string' ? !member.startsWith('#') : refersOutside(member)));
}
