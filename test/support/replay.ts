/**
 * A provider on 127.0.0.1 that answers from a script of exchanges and
 * checks each request it receives against the one the script expects:
 * method, path, query, headers and body (JSON, form or multipart).
 */

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';

export interface ExpectedRequest {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface Exchange {
  request: ExpectedRequest;
  response: { status: number; headers?: Record<string, string>; body?: unknown };
}

export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface ReplayServer {
  origin: string;
  received: ReceivedRequest[];
  /** One line per difference between what was expected and what arrived. */
  mismatches: string[];
  remaining(): number;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The body as data: JSON parsed, form and multipart fields as an object of strings. */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<unknown> {
  if (raw.length === 0) return undefined;
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('application/json')) return JSON.parse(raw.toString('utf8'));
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  if (type.includes('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType! } }).formData();
    const out: Record<string, string> = {};
    form.forEach((value, name) => {
      out[name] = typeof value === 'string' ? value : '[file]';
    });
    return out;
  }
  return raw.toString('utf8');
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * Deep equality where the expected side may hold placeholders for values a
 * connector makes up: `<uuid>` (any UUID), `<uuid:name>` (a UUID, the same
 * wherever `name` appears across the script) and `<any>`.
 */
export function matches(expected: unknown, actual: unknown, captures: Map<string, unknown>): boolean {
  if (typeof expected === 'string') {
    if (expected === '<any>') return actual !== undefined;
    const placeholder = /^<uuid(?::([\w-]+))?>$/.exec(expected);
    if (placeholder) {
      if (typeof actual !== 'string' || !uuidPattern.test(actual)) return false;
      const name = placeholder[1];
      if (name === undefined) return true;
      if (!captures.has(name)) captures.set(name, actual);
      return captures.get(name) === actual;
    }
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => matches(item, actual[i], captures));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const keys = Object.keys(expected);
    return keys.length === Object.keys(actual).length && keys.every((key) => Object.prototype.hasOwnProperty.call(actual, key) && matches((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key], captures));
  }
  return isDeepStrictEqual(expected, actual);
}

/**
 * The record a documented answer holds at `path`: the object there, or the
 * first object of the array there. The paging and property tests vary it.
 */
export function recordAt(body: unknown, path: readonly string[]): Record<string, unknown> {
  const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  const found = path.reduce<unknown>((value, name) => (isRecord(value) ? value[name] : undefined), body);
  const record = Array.isArray(found) ? found.find(isRecord) : found;
  if (!isRecord(record)) throw new Error(`the documented answer holds no record at ${path.join('.') || 'its top level'}`);
  return record;
}

export async function startReplay(exchanges: readonly Exchange[]): Promise<ReplayServer> {
  const received: ReceivedRequest[] = [];
  const mismatches: string[] = [];
  const captures = new Map<string, unknown>();
  let next = 0;
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(request);
    let body: unknown;
    try {
      body = await parseBody(raw, request.headers['content-type']);
    } catch (error) {
      body = raw.toString('utf8');
      mismatches.push(`request ${received.length + 1}: unreadable body (${String(error)})`);
    }
    const actual: ReceivedRequest = {
      method: request.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body,
    };
    received.push(actual);
    const exchange = exchanges[next++];
    if (!exchange) {
      mismatches.push(`request ${received.length}: unexpected ${actual.method} ${actual.path}`);
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"unexpected request"}');
      return;
    }
    compare(exchange.request, actual, received.length, mismatches, captures);
    const headers: Record<string, string> = { ...(exchange.response.headers ?? {}) };
    const hasBody = exchange.response.body !== undefined && exchange.response.status !== 204;
    if (hasBody && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const text = hasBody ? (typeof exchange.response.body === 'string' ? exchange.response.body : JSON.stringify(exchange.response.body)) : undefined;
    for (const [name, value] of Object.entries(headers)) headers[name] = fill(value);
    response.writeHead(exchange.response.status, headers);
    response.end(text === undefined ? undefined : fill(text));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  // Answers may echo what the connector made up (`<uuid:name>`) or point back at this server (`<origin>`).
  function fill(text: string): string {
    return text.replace(/<origin>/g, origin).replace(/<uuid:([\w-]+)>/g, (whole, name: string) => {
      const value = captures.get(name);
      return typeof value === 'string' ? value : whole;
    });
  }
  return {
    origin,
    received,
    mismatches,
    remaining: () => exchanges.length - next,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function compare(expected: ExpectedRequest, actual: ReceivedRequest, index: number, mismatches: string[], captures: Map<string, unknown>): void {
  const at = `request ${index}`;
  if (expected.method !== actual.method) mismatches.push(`${at}: method ${actual.method}, expected ${expected.method}`);
  if (expected.path !== actual.path) mismatches.push(`${at}: path ${actual.path}, expected ${expected.path}`);
  if (!matches(expected.query ?? {}, actual.query, captures)) mismatches.push(`${at}: query ${JSON.stringify(actual.query)}, expected ${JSON.stringify(expected.query ?? {})}`);
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    const got = actual.headers[name.toLowerCase()];
    const text = Array.isArray(got) ? got.join(', ') : got;
    // multipart boundaries differ per request: compare the media type only
    const comparable = name.toLowerCase() === 'content-type' && value.startsWith('multipart/') ? text?.split(';')[0] : text;
    if (comparable !== value) mismatches.push(`${at}: header ${name} ${JSON.stringify(text)}, expected ${JSON.stringify(value)}`);
  }
  if (expected.body === undefined) {
    if (actual.body !== undefined) mismatches.push(`${at}: unexpected body ${JSON.stringify(actual.body)}`);
  } else if (!matches(expected.body, actual.body, captures)) {
    mismatches.push(`${at}: body ${JSON.stringify(actual.body)}, expected ${JSON.stringify(expected.body)}`);
  }
}
