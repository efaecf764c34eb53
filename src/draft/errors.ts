/**
 * Where a provider's error answers say what went wrong (`errors.message`),
 * read off the error answers the document declares on the drafted requests:
 * in each, the text member whose name says it is the message (`message`,
 * `detail`, `title`, …), at the top or in an `error` object or the first of
 * an `errors` list. Without it, a connector's errors say only the status.
 * Each path drafted comes with the answer that shows it, for an example case:
 * the generated suite then checks the message is read from there.
 */

import { mediaSchemaPointer, type SchemaNode, type SchemaResolver } from '../ir/schema.js';
import { findText } from '../runtime/objects.js';
import { mediaExamples, type Endpoint } from './endpoints.js';
import { sampleOf, SUCCESS_FLAGS } from './examples.js';
import { joined } from './words.js';

/** Names of a member holding an error's text, the likeliest first. */
const MESSAGE_WORDS = ['message', 'error_message', 'detail', 'details', 'error_description', 'description', 'title', 'error', 'msg', 'reason'];

/** How deep below the body a message is looked for (`errors.0.message` is three steps). */
const MAX_DEPTH = 3;

export interface ErrorAnswer {
  endpoint: Endpoint;
  status: number;
  /** The answer's body: the document's example of it, else one made from its schema, holding a message at `path`. */
  body: unknown;
  message: string;
}

export interface ErrorsDraft {
  /** `errors.message`: the paths, each reached by one of `answers`. */
  message: string[];
  reason: string;
  answers: ErrorAnswer[];
}

/**
 * The message paths of the error answers `endpoints` declare (4xx with a JSON
 * body; the get's first, as a record not found is the error every connector
 * meets), one per distinct answer schema, in that order; undefined where none
 * declares a text member with a message's name.
 */
export function draftErrors(resolver: SchemaResolver, endpoints: readonly Endpoint[]): ErrorsDraft | undefined {
  const seen = new Set<SchemaNode>();
  const paths: string[] = [];
  const answers: ErrorAnswer[] = [];
  const where: string[] = [];
  for (const endpoint of endpoints) {
    const responses = resolver.at([...endpoint.pointer, 'responses']);
    if (typeof responses !== 'object' || responses === null) continue;
    const statuses = Object.keys(responses).filter((key) => /^4\d\d$/.test(key)).sort((a, b) => Number(a !== '404') - Number(b !== '404') || Number(a) - Number(b));
    for (const status of statuses) {
      const pointer = mediaSchemaPointer(resolver, [...endpoint.pointer, 'responses', status], (types) => types.find((t) => /json/i.test(t)));
      if (!pointer) continue;
      const schema = resolver.node(pointer);
      if (seen.has(schema)) continue;
      seen.add(schema);
      const path = messagePath(schema);
      if (!path) continue;
      const text = path.join('.');
      where.push(`${status} of ${endpoint.method} ${endpoint.path}`);
      if (paths.includes(text)) continue;
      const answer = answerAt(resolver, pointer, schema, path, endpoint, Number(status));
      if (!answer) continue;
      paths.push(text);
      answers.push(answer);
    }
  }
  if (paths.length === 0) return undefined;
  return { message: paths, reason: `the text member of the error answers the document declares (${where.slice(0, 4).join(', ')}${where.length > 4 ? ', …' : ''})`, answers };
}

/** The path of the best-named text member of an error answer's schema, the shallowest among equals. */
function messagePath(schema: SchemaNode): string[] | undefined {
  let best: { path: string[]; rank: number } | undefined;
  const visit = (node: SchemaNode, path: string[]) => {
    const name = path.at(-1);
    if (name !== undefined && node.type === 'string') {
      const rank = MESSAGE_WORDS.indexOf(name.toLowerCase());
      if (rank >= 0 && (!best || rank < best.rank || (rank === best.rank && path.length < best.path.length))) best = { path, rank };
      return;
    }
    if (path.length >= MAX_DEPTH) return;
    if (node.type === 'array' && node.items) visit(node.items, [...path, '0']);
    for (const [member, child] of node.properties) visit(child, [...path, member]);
  };
  visit(schema, []);
  return best?.path;
}

/** The answer that shows the message at `path`: the document's example where it holds one there, else a sample. */
function answerAt(resolver: SchemaResolver, pointer: (string | number)[], schema: SchemaNode, path: string[], endpoint: Endpoint, status: number): ErrorAnswer | undefined {
  for (const example of mediaExamples(resolver, pointer.slice(0, -1))) {
    const message = findText(example, path);
    if (message !== undefined) return { endpoint, status, body: example, message };
  }
  const body = sampleOf(schema);
  // A sample says success where it can; an error answer says it failed.
  if (typeof body === 'object' && body !== null) for (const [key, value] of Object.entries(body)) if (value === true && SUCCESS_FLAGS.includes(joined(key))) (body as Record<string, unknown>)[key] = false;
  const message = `${status === 404 ? 'Not found' : 'The request was refused'} (${status})`;
  if (!setText(body, path, message)) return undefined;
  return { endpoint, status, body, message };
}

/** Puts `text` at `path` of `value`, making the objects and first elements on the way; false where a value there is another kind. */
function setText(value: unknown, path: string[], text: string): boolean {
  let current = value;
  for (const [i, step] of path.entries()) {
    const last = i === path.length - 1;
    const next = path[i + 1];
    const fresh = () => (next === '0' ? [] : {});
    if (Array.isArray(current) && step === '0') {
      if (last) current[0] = text;
      else if (typeof current[0] !== 'object' || current[0] === null) current[0] = fresh();
      current = current[0];
    } else if (typeof current === 'object' && current !== null && !Array.isArray(current)) {
      const members = current as Record<string, unknown>;
      if (last) members[step] = text;
      else if (typeof members[step] !== 'object' || members[step] === null) members[step] = fresh();
      current = members[step];
    } else return false;
  }
  return findText(value, path) === text;
}
