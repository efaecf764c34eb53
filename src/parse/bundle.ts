/**
 * A provider document split over several files (`$ref: ./schemas/customer.yaml`),
 * brought into one by swagger-parser's `bundle`: the external parts are
 * inlined once and referred to inside the document. The generator reads one
 * file per provider, so `generate new --from` commits the bundle.
 */

import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { GenerationError, type Diagnostic } from '../diagnostics.js';
import { pascalCase } from '../ir/names.js';
import { refPointer } from '../ir/schema.js';
import { closest } from '../runtime/fields.js';
import { isUrl, missingTarget, remoteRefProblem } from './openapi.js';
import { diagnosticPaths, YamlSource, type JsonPath } from './source.js';

type Raw = Record<string, unknown>;
const isRaw = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The document as one file's YAML text, or undefined when it refers to no other file (it is then copied as it is).
 * `display` names a file in messages. A `$ref` to a file that is not there, or a
 * file that is not YAML, is an input error at its line, before anything is bundled.
 */
export async function bundledDocument(absolutePath: string, display: (file: string) => string): Promise<string | undefined> {
  let value: unknown;
  try {
    value = load(await readFile(absolutePath, 'utf8'), { schema: CORE_SCHEMA });
  } catch {
    return undefined; // Not readable as YAML: loading it reports where and why.
  }
  if (!isRaw(value) || !refersOutside(value)) return undefined;
  // The bundler stops at the first file it cannot read, with a stack and no line: every file is read here first.
  await checkFiles(absolutePath, display);
  // CommonJS, loaded with require, and only here: no other run needs it.
  const require = createRequire(import.meta.url);
  const SwaggerParser = require('@apidevtools/swagger-parser') as typeof import('@apidevtools/swagger-parser');
  const { stringify } = require('yaml') as typeof import('yaml');
  let bundled: unknown;
  try {
    bundled = await SwaggerParser.bundle(absolutePath, namedSchemas(value, absolutePath) as never, {});
  } catch (error) {
    // What the files checked above cannot show: still the input's fault, said in one line.
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    const source = (error as { source?: unknown }).source;
    const file = typeof source === 'string' && source.startsWith('/') ? display(source) : display(absolutePath);
    throw new GenerationError([{ file, position: { line: 1, col: 1 }, code: 'broken-ref', message: `cannot bundle the document: ${message}`, hint: 'every $ref must name a file (relative to the file it is in) that exists and is YAML or JSON' }]);
  }
  return stringify(bundled, { lineWidth: 0, aliasDuplicateObjects: false });
}

function refersOutside(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(refersOutside);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, member]) => (key === '$ref' && typeof member === 'string' ? !member.startsWith('#') : refersOutside(member)));
}

/** Calls `visit` with every `$ref` string in `value` and the path of the object holding it. */
function eachRef(value: unknown, visit: (ref: string, at: (string | number)[], holder: Raw) => void, at: (string | number)[] = []): void {
  if (Array.isArray(value)) value.forEach((member, i) => eachRef(member, visit, [...at, i]));
  else if (isRaw(value)) {
    for (const [key, member] of Object.entries(value)) {
      if (key === '$ref' && typeof member === 'string') visit(member, at, value);
      else eachRef(member, visit, [...at, key]);
    }
  }
}

/** `./schemas/customer.yaml#/Customer` → its file part and its fragment (`''` when there is none). */
function splitRef(ref: string): { file: string; fragment: string } {
  const hash = ref.indexOf('#');
  return hash < 0 ? { file: ref, fragment: '' } : { file: ref.slice(0, hash), fragment: ref.slice(hash + 1) };
}

/**
 * Reads every file the document refers to, and the files they refer to:
 * each must exist and be YAML (JSON is YAML), and each `#/pointer` must lead
 * somewhere in the file it names. A document referred to by URL is refused
 * here, so the bundler never fetches one. Problems are reported at the `$ref`
 * (file:line:col of the file that holds it), or inside the file that does not parse.
 */
async function checkFiles(root: string, display: (file: string) => string): Promise<void> {
  const problems: Diagnostic[] = [];
  const read = new Map<string, YamlSource | undefined>();
  const pointers: { file: string; fragment: string; ref: string; source: YamlSource; at: (string | number)[] }[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (read.has(file)) continue;
    let source: YamlSource;
    try {
      source = YamlSource.parse(await YamlSource.read(file, display(file)), display(file));
    } catch (error) {
      if (!(error instanceof GenerationError)) throw error;
      problems.push(...error.diagnostics);
      read.set(file, undefined);
      continue;
    }
    read.set(file, source);
    eachRef(source.value, (ref, at) => {
      const parts = splitRef(ref);
      if (isUrl(parts.file)) {
        problems.push(source.diagnostic([...at, '$ref'], remoteRefProblem(ref)));
        return;
      }
      const target = parts.file === '' ? file : path.resolve(path.dirname(file), decodeURI(parts.file));
      if (parts.file !== '' && !existsSync(target)) {
        const near = nearFile(target);
        problems.push(
          source.diagnostic([...at, '$ref'], {
            code: 'broken-ref',
            message: `$ref '${ref}' refers to ${display(target)}, which does not exist`,
            hint: near ? `did you mean '${parts.file.slice(0, parts.file.length - path.basename(parts.file).length)}${near}'?` : 'a file $ref is relative to the file that holds it',
          }),
        );
        return;
      }
      if (parts.file !== '') queue.push(target);
      if (parts.fragment.startsWith('/')) pointers.push({ file: target, fragment: parts.fragment, ref, source, at: [...at, '$ref'] });
    });
  }
  for (const check of pointers) {
    const target = read.get(check.file);
    if (!target) continue;
    const missing = missingTarget(target.value, refPointer(`#${check.fragment}`)!);
    if (!missing) continue;
    const { file } = splitRef(check.ref);
    problems.push(
      check.source.diagnostic(check.at, {
        code: 'broken-ref',
        message: `$ref '${check.ref}' points at nothing${file ? ` in ${display(check.file)}` : ''}: '${missing.segment}' does not exist`,
        ...(missing.near ? { hint: `did you mean '${file}#/${missing.near.join('/')}'?` } : {}),
      }),
    );
  }
  if (problems.length > 0) throw new GenerationError(problems);
}

/** The name in the same folder closest to a missing file's. */
function nearFile(missing: string): string | undefined {
  try {
    return closest(path.basename(missing), readdirSync(path.dirname(missing)));
  } catch {
    return undefined;
  }
}

/**
 * `document` with each schema it takes from another file named under
 * `components.schemas` (after the file: `./schemas/customer.yaml` is
 * `Customer`) and referred to by that name. The bundler inlines a file where
 * it is first referred to, and a schema referred to only from paths would end
 * up inside a response, with no name: a mapping's `record` names a component
 * schema, so the record could not be mapped (nor drafted). A schema the
 * document already names keeps its name.
 */
function namedSchemas(document: Raw, file: string): Raw {
  const copy = structuredClone(document);
  const identity = (ref: string) => {
    const parts = splitRef(ref);
    // Every file is local: checkFiles refused any referred to by URL.
    return `${path.resolve(path.dirname(file), decodeURI(parts.file))}#${parts.fragment}`;
  };
  const components = isRaw(copy.components) ? copy.components : (copy.components = {});
  const schemas = isRaw(components.schemas) ? components.schemas : (components.schemas = {});
  const named = new Map<string, string>();
  for (const [name, schema] of Object.entries(schemas)) if (isRaw(schema) && typeof schema.$ref === 'string' && !schema.$ref.startsWith('#')) named.set(identity(schema.$ref), name);
  const taken = new Set(Object.keys(schemas));
  eachRef(copy, (ref, at, holder) => {
    if (ref.startsWith('#') || !isSchemaPosition(at)) return;
    const key = identity(ref);
    let name = named.get(key);
    if (name === undefined) {
      const parts = splitRef(ref);
      const stem = pascalCase(parts.fragment ? parts.fragment.split('/').pop()! : path.basename(parts.file).replace(/\.(ya?ml|json)$/i, '')) || 'Schema';
      name = stem;
      for (let n = 2; taken.has(name); n++) name = `${stem}${n}`;
      taken.add(name);
      named.set(key, name);
      schemas[name] = { $ref: ref };
    }
    holder.$ref = `#/components/schemas/${name}`;
  });
  return copy;
}

/** Whether the object at `at` stands where OpenAPI has a schema (`schema`, `items`, a property, a composition member), and is not already a named one. */
function isSchemaPosition(at: readonly (string | number)[]): boolean {
  if (at.length === 3 && at[0] === 'components' && at[1] === 'schemas') return false;
  const last = at[at.length - 1];
  const parent = at[at.length - 2];
  if (last === 'schema' || last === 'items' || last === 'not' || last === 'additionalProperties') return true;
  if (parent === 'properties' || parent === 'patternProperties') return true;
  return typeof last === 'number' && (parent === 'allOf' || parent === 'oneOf' || parent === 'anyOf' || parent === 'prefixItems');
}

/**
 * `problems` found in the bundle of the document at `absolutePath` (named
 * `bundleFile` in them), each placed where it is in the files the bundle came
 * from: the bundle is not kept when its document is refused, so a line of it
 * would name nothing the user can open. A problem whose place cannot be traced
 * names the document itself.
 */
export async function placedInSources(problems: readonly Diagnostic[], bundleFile: string, absolutePath: string, display: (file: string) => string): Promise<Diagnostic[]> {
  const sources = new Map<string, YamlSource | undefined>();
  const sourceOf = async (file: string): Promise<YamlSource | undefined> => {
    if (!sources.has(file)) sources.set(file, await YamlSource.read(file, display(file)).then((text) => YamlSource.parse(text, display(file))).catch(() => undefined));
    return sources.get(file);
  };
  const placed: Diagnostic[] = [];
  for (const problem of problems) {
    if (problem.file !== bundleFile) {
      placed.push(problem);
      continue;
    }
    const at = diagnosticPaths.get(problem);
    const found = at ? await sourcePlace(absolutePath, at, sourceOf) : undefined;
    const { position: _position, file: _file, ...fields } = problem;
    placed.push(found ? found.source.diagnostic(found.at, fields) : { ...fields, file: display(absolutePath), position: { line: 1, col: 1 } });
  }
  return placed;
}

/** The file and path that `at`, a path in the bundle, comes from: the same walk in the original files, following each `$ref` on the way. */
async function sourcePlace(file: string, at: JsonPath, sourceOf: (file: string) => Promise<YamlSource | undefined>): Promise<{ source: YamlSource; at: JsonPath } | undefined> {
  let source = await sourceOf(file);
  let here: (string | number)[] = [];
  let node: unknown = source?.value;
  const follow = async (): Promise<boolean> => {
    for (let hops = 0; isRaw(node) && typeof node.$ref === 'string'; hops++) {
      const parts = splitRef(node.$ref);
      const pointer = parts.fragment === '' ? [] : refPointer(`#${parts.fragment}`);
      if (hops > 32 || isUrl(parts.file) || !pointer) return false;
      if (parts.file !== '') {
        file = path.resolve(path.dirname(file), decodeURI(parts.file));
        source = await sourceOf(file);
      }
      here = [...pointer];
      node = pointer.reduce<unknown>((value, key) => (isRaw(value) || Array.isArray(value) ? (value as Raw)[key] : undefined), source?.value);
    }
    return true;
  };
  for (const segment of at) {
    // A `$ref` member that is itself the problem (a Reference where OpenAPI allows none) is not followed.
    if (segment !== '$ref' && !(await follow())) return undefined;
    if (!(isRaw(node) || Array.isArray(node))) return undefined;
    node = (node as Raw)[segment];
    here.push(segment);
    if (node === undefined) return undefined;
  }
  return source ? { source, at: here } : undefined;
}
