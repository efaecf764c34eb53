/**
 * A parent of the unified resource (a card's `board_id`) that a provider
 * request's path does not hold, as Asana's GET /tasks?project= and POST
 * /tasks {"data": {"projects": […]}} do not: the draft sends it as
 * `{path.board_id}` in the query parameter or body member named after it
 * (`board`, `board_id`, `boardGid`; `boards` for an array, a list of one),
 * or after another word for it (Asana's `project` for a board), else in a
 * header named so (`X-Board-Id`),
 * or, for a request on one record with no such place where the list takes
 * the parent outside its path too, says with a TODO that the provider needs
 * none (its ids are likely its own, not a parent's). Any other request with
 * no place for it is left for the check to refuse, unsupported.
 */

import type { OperationKind } from '../ir/model.js';
import type { SchemaNode } from '../ir/schema.js';
import type { Endpoint } from './endpoints.js';
import { entryOf, RESOURCE_SYNONYMS, singularNoun, wordsOf } from './words.js';

export interface ParentPlacement {
  query: Record<string, string>;
  /** Header parameters that take a parent (a gateway's `X-Board-Id`), where no query parameter or body member does. */
  headers: Record<string, string>;
  values: Record<string, string | [string]>;
  ignores: Record<string, string>;
  /** The parents sent in the query or body. */
  sent: string[];
  /** An example value for each parent placed, from the provider parameter or member that takes it. */
  examples: Record<string, string>;
}

/** Words that say a name holds an id, after the noun it is the id of (`board_id`, `projectGid`). */
export const ID_WORDS = ['id', 'ids', 'gid', 'gids', 'uuid', 'key'];

/** `board_id`, `boardId`, `board` → `board`; `boards` → `board`. */
function parentNoun(name: string): string {
  const words = wordsOf(name);
  while (words.length > 1 && ID_WORDS.includes(words[words.length - 1]!)) words.pop();
  return singularNoun(words.join(''));
}

/**
 * Where `endpoint` sends each of `parents` its path does not: `body` is its
 * request's record as the draft writes it (unwrapped), for creates and
 * updates; `ignorable` the parents a request on one record may do without
 * (those the list sends outside its path); `record` names one record
 * (`card`), for the TODO.
 */
export function placeParents(endpoint: Endpoint, kind: OperationKind, parents: readonly string[], body: SchemaNode | undefined, context: { record: string; ignorable: readonly string[] }): ParentPlacement {
  const placement: ParentPlacement = { query: {}, headers: {}, values: {}, ignores: {}, sent: [], examples: {} };
  for (const parent of parents) {
    const noun = parentNoun(parent);
    // By the parent's own noun first, then by the other words for it (a board is Asana's `project`).
    const nouns = [noun, ...(entryOf(RESOURCE_SYNONYMS, noun)?.nouns ?? [])];
    const rank = (name: string) => {
      const at = nouns.indexOf(parentNoun(name));
      return at < 0 ? nouns.length : at;
    };
    const best = <T>(found: T[], name: (item: T) => string) => found.filter((item) => rank(name(item)) < nouns.length).sort((a, b) => rank(name(a)) - rank(name(b)))[0];
    const parameter = best(endpoint.parameters.filter((p) => p.in === 'query' && takesId(p.schema)), (p) => p.name);
    const member = body ? best([...body.properties].filter(([, schema]) => !schema.readOnly && takesId(schema)), ([name]) => name) : undefined;
    // A header named after it (`X-Board-Id`): its words after any `x`.
    const header = parameter || member ? undefined : best(endpoint.parameters.filter((p) => p.in === 'header' && takesId(p.schema)), (p) => p.name.replace(/^x-/i, ''));
    if (parameter || member || header) placement.sent.push(parent);
    if (header) {
      placement.headers[header.name] = `{path.${parent}}`;
      const example = exampleOf(header.example) ?? exampleOf(header.schema?.example);
      if (example !== undefined) placement.examples[parent] = example;
    } else if (parameter) {
      placement.query[parameter.name] = `{path.${parent}}`;
      const example = exampleOf(parameter.example) ?? exampleOf(parameter.schema?.example) ?? exampleOf(parameter.schema?.items?.example);
      if (example !== undefined) placement.examples[parent] = example;
    } else if (member) {
      const [name, schema] = member;
      placement.values[name] = schema.type === 'array' ? [`{path.${parent}}`] : `{path.${parent}}`;
      const example = exampleOf(schema.example) ?? exampleOf(schema.items?.example);
      if (example !== undefined) placement.examples[parent] = example;
    } else if ((kind === 'get' || kind === 'update' || kind === 'delete') && context.ignorable.includes(parent)) {
      placement.ignores[parent] = `TODO: ${endpoint.method} ${endpoint.path} takes no ${parent}; say why the provider needs none (are ${context.record} ids unique across ${noun}s?), or send it where the provider takes it`;
    }
  }
  return placement;
}

/** A scalar an id can be (text, a number), or an array of them (sent as a list of one). */
export function takesId(schema: SchemaNode | undefined): boolean {
  if (!schema) return true;
  const element = schema.type === 'array' ? schema.items : schema;
  return element === undefined || (element.enum === undefined && (element.type === undefined || element.type === 'string' || element.type === 'integer' || element.type === 'number'));
}

function exampleOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return exampleOf(value[0]);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
