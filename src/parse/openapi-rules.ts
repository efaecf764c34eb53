/**
 * The OpenAPI 3 rules its JSON Schema cannot state: operation ids unique in
 * the document, every path template variable declared as a path parameter
 * (and no path parameter without one), no parameter listed twice, no two
 * paths that differ only in their variables' names. (swagger-parser checks
 * such rules for Swagger 2.0 only; for an OpenAPI 3 document it checks none.)
 */

import type { Diagnostic } from '../diagnostics.js';
import { followRefs } from '../ir/schema.js';
import type { JsonPath, YamlSource } from './source.js';

/** The keys of a path item that are operations. */
export const METHODS: readonly string[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Raw = Record<string, unknown>;

/** A broken rule, with the path (and operation, when it is one operation's) it breaks it in. */
export interface OpenApiFault {
  /** Undefined for a fault in no path's part (a `$ref` loop among the component schemas). */
  path: string | undefined;
  /** Lower case; undefined for a fault of the path item as a whole. */
  method: string | undefined;
  /** For a fault inside a component (`components/schemas/User`): the mapping's fault only where an operation it sends refers to that component. */
  component?: string;
  diagnostic: Diagnostic;
}

interface Parameter {
  name: string;
  in: string;
  /** Where it is written (the `$ref` itself when it is one). */
  at: JsonPath;
}

export function openApiFaults(source: YamlSource, document: Raw): OpenApiFault[] {
  const faults: OpenApiFault[] = [];
  const paths = isRaw(document.paths) ? document.paths : {};
  const operationIds = new Map<string, string>();
  const templates = new Map<string, string>();
  for (const [template, item] of Object.entries(paths)) {
    if (!isRaw(item) || !template.startsWith('/')) continue;
    const where: JsonPath = ['paths', template];
    const problems: Diagnostic[] = [];
    const shape = template.replace(/\{[^}]*\}/g, '{}');
    const same = templates.get(shape);
    if (same !== undefined) {
      // A fault of both paths: a mapping's lookup may have found either.
      const diagnostic = source.diagnostic(where, { code: 'invalid-spec', message: `path '${template}' is '${same}' with its variables renamed`, hint: 'OpenAPI treats the two as one path: merge their operations under one of them' }, 'key');
      faults.push({ path: same, method: undefined, diagnostic }, { path: template, method: undefined, diagnostic });
    } else templates.set(shape, template);
    const variables = [...template.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]!);
    const shared = parameterList(source, document, item.parameters, [...where, 'parameters'], problems);
    faults.push(...problems.splice(0).map((diagnostic) => ({ path: template, method: undefined, diagnostic })));
    for (const method of METHODS) {
      const operation = item[method];
      if (!isRaw(operation)) continue;
      const at: JsonPath = [...where, method];
      const label = `${method.toUpperCase()} ${template}`;
      if (typeof operation.operationId === 'string') {
        const first = operationIds.get(operation.operationId);
        if (first !== undefined) {
          problems.push(source.diagnostic([...at, 'operationId'], { code: 'invalid-spec', message: `operationId '${operation.operationId}' of ${label} is also ${first}'s`, hint: 'operation ids are unique in a document: rename one of them' }));
        } else operationIds.set(operation.operationId, label);
      }
      // The operation's own parameters override the path's of the same name and place.
      const own = parameterList(source, document, operation.parameters, [...at, 'parameters'], problems);
      const effective = new Map<string, Parameter>([...shared, ...own].map((parameter) => [`${parameter.in}:${parameter.name}`, parameter]));
      for (const variable of variables) {
        if (effective.has(`path:${variable}`)) continue;
        problems.push(source.diagnostic(at, { code: 'invalid-spec', message: `${label}: path variable '{${variable}}' is not declared as a parameter`, hint: `add \`{ name: ${variable}, in: path, required: true, schema: { type: string } }\` to its parameters (or the path's)` }, 'key'));
      }
      for (const parameter of effective.values()) {
        if (parameter.in !== 'path' || variables.includes(parameter.name)) continue;
        problems.push(source.diagnostic(parameter.at, { code: 'invalid-spec', message: `${label}: path parameter '${parameter.name}' has no '{${parameter.name}}' in the path`, hint: variables.length ? `the path's variables are ${variables.map((v) => `'${v}'`).join(', ')}` : 'the path has no variables: make it a query parameter, or add it to the path' }));
      }
      faults.push(...problems.splice(0).map((diagnostic) => ({ path: template, method, diagnostic })));
    }
  }
  return faults;
}

/** A parameter list, `$ref`s followed; a name listed twice in the same place is a problem. */
function parameterList(source: YamlSource, document: Raw, list: unknown, at: JsonPath, problems: Diagnostic[]): Parameter[] {
  if (!Array.isArray(list)) return [];
  const out: Parameter[] = [];
  const seen = new Set<string>();
  list.forEach((entry, index) => {
    const parameter = followRefs(document, entry);
    if (!isRaw(parameter) || typeof parameter.name !== 'string' || typeof parameter.in !== 'string') return;
    const key = `${parameter.in}:${parameter.name}`;
    if (seen.has(key)) {
      problems.push(source.diagnostic([...at, index], { code: 'invalid-spec', message: `${parameter.in} parameter '${parameter.name}' is listed twice`, hint: 'list each parameter once per operation (or per path)' }));
      return;
    }
    seen.add(key);
    out.push({ name: parameter.name, in: parameter.in, at: [...at, index] });
  });
  return out;
}

function isRaw(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
