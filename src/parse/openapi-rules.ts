/**
 * The OpenAPI 3 rules its JSON Schema cannot state: operation ids unique in
 * the document, every path template variable declared as a path parameter
 * (and no path parameter without one), no parameter listed twice, no two
 * paths that differ only in their variables' names. (swagger-parser checks
 * such rules for Swagger 2.0 only; for an OpenAPI 3 document it checks none.)
 * A path item given by `$ref` is read where it is declared: its operations'
 * ids and parameter lists once, as the fault of every path that names it;
 * its path parameters against each path's own variables.
 */

import type { Diagnostic } from '../diagnostics.js';
import { followRefs } from '../ir/schema.js';
import { pathItems } from './path-items.js';
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
  const items = pathItems(document).filter((item) => item.template.startsWith('/'));
  const key = (pointer: JsonPath) => JSON.stringify(pointer);
  // The paths whose item holds each declared member (its own, or one a `$ref` names): a fault in the member is each one's.
  const namers = new Map<string, string[]>();
  for (const { template, item, memberAt } of items) {
    for (const member of ['parameters', ...METHODS]) if (item[member] !== undefined) namers.set(key(memberAt(member)), [...(namers.get(key(memberAt(member))) ?? []), template]);
  }
  const operationIds = new Map<string, string>();
  const templates = new Map<string, string>();
  // A member declared once is read once, however many paths name it: an operation reached twice is not two with one id.
  const lists = new Map<string, Parameter[]>();
  const listAt = (holder: JsonPath, list: unknown, method: string | undefined, label: string, operation: Raw | undefined): Parameter[] => {
    const known = lists.get(key(holder));
    if (known) return known;
    const problems: Diagnostic[] = [];
    if (typeof operation?.operationId === 'string') {
      const named = operationIds.get(operation.operationId);
      if (named !== undefined) {
        problems.push(source.diagnostic([...holder, 'operationId'], { code: 'invalid-spec', message: `operationId '${operation.operationId}' of ${label} is also ${named}'s`, hint: 'operation ids are unique in a document: rename one of them' }));
      } else operationIds.set(operation.operationId, label);
    }
    const parameters = parameterList(source, document, list, method === undefined ? holder : [...holder, 'parameters'], problems);
    lists.set(key(holder), parameters);
    for (const diagnostic of problems) for (const path of namers.get(key(holder))!) faults.push({ path, method, diagnostic });
    return parameters;
  };
  for (const { template, item, memberAt } of items) {
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
    const shared = item.parameters === undefined ? [] : listAt(memberAt('parameters'), item.parameters, undefined, template, undefined);
    for (const method of METHODS) {
      const operation = item[method];
      if (!isRaw(operation)) continue;
      const at: JsonPath = memberAt(method);
      const label = `${method.toUpperCase()} ${template}`;
      // The operation's own parameters override the path's of the same name and place.
      const own = listAt(at, operation.parameters, method, label, operation);
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
