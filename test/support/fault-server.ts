/**
 * The loopback provider of the fault matrix: it plays a script of
 * behaviours, one per request (an answer, a raw body, a reset, a hang, a body
 * cut short), and records what it received. Each is mounted on the worker's
 * shared loopback server (`loopback.ts`) at a path of its own.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { mount, type Mount } from './loopback.js';

export interface RecordedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type Behaviour =
  | { answer: RecordedAnswer }
  | { raw: { status: number; headers: Record<string, string>; body: string } }
  | { reset: true }
  | { hang: true }
  /** Headers with `status` (default 200), then part of the body, then the connection cut. */
  | { truncate: true; status?: number }
  /** Headers with `status`, then part of the body, then nothing more: the rest never comes. */
  | { stall: true; status: number };

/** One request as the provider saw it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query. */
  target: string;
  headers: Record<string, string>;
  /** The request body as text. */
  body: string;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export class FaultServer {
  private mounted!: Mount;
  /**
   * Host-relative links into the provider's API, found from the first request's first path segment (`/v1`), and
   * what they become under this provider's path; null when that request had no segment. Made once, on that request.
   */
  private links: { api: string; pattern: RegExp; moved: string } | null | undefined;
  requests = 0;
  /** The request targets received, path and query. */
  readonly paths: string[] = [];
  readonly received: ReceivedRequest[] = [];
  /** Where the connector under test is pointed: the shared server and this provider's path on it. */
  origin = '';
  /** The last UUID a request brought (in its target or body): what an answer's `<uuid:name>` echoes. */
  private uuid: string | undefined;
  /** Called as each request arrives, before it is answered. */
  onRequest?: (request: ReceivedRequest) => void;

  constructor(private readonly script: (index: number, request: ReceivedRequest) => Behaviour) {}

  async start(): Promise<this> {
    this.mounted = await mount((request, response) => this.handle(request, response));
    this.origin = this.mounted.origin;
    return this;
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    this.paths.push(request.url ?? '');
    const received: ReceivedRequest = {
      method: request.method ?? 'GET',
      target: request.url ?? '',
      headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')])),
      body: '',
    };
    this.received.push(received);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.body = Buffer.concat(chunks).toString('utf8');
      for (const made of `${received.target}\n${received.body}`.match(UUID) ?? []) this.uuid = made;
      this.onRequest?.(received);
      const behaviour = this.script(this.requests++, received);
      if ('reset' in behaviour) return void request.socket.destroy();
      if ('hang' in behaviour) return;
      if ('stall' in behaviour) {
        response.writeHead(behaviour.status, { 'content-type': 'application/json', 'content-length': '500' });
        response.write('{"partial": tr');
        return;
      }
      if ('truncate' in behaviour) {
        response.writeHead(behaviour.status ?? 200, { 'content-type': 'application/json', 'content-length': '500' });
        response.write('{"partial": tr');
        setTimeout(() => request.socket.destroy(), 5);
        return;
      }
      if ('raw' in behaviour) {
        response.writeHead(behaviour.raw.status, behaviour.raw.headers).end(behaviour.raw.body);
        return;
      }
      const { status, headers = {}, body } = behaviour.answer;
      const json = body === undefined || status === 204 ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      // An example's `<origin>` (an absolute next-page link) points back at this provider, as the examples' replay server does.
      const text = json === undefined ? undefined : this.hostRelative(this.atOrigin(json), received.target);
      const sent = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, this.hostRelative(this.atOrigin(value), received.target)]));
      response.writeHead(status, { ...(text !== undefined && !sent['content-type'] ? { 'content-type': 'application/json' } : {}), ...sent }).end(text);
    });
  }

  /**
   * An answer's host-relative links into the provider's API (Kustomer's `links.next` is `/v1/customers?page=2`),
   * moved under this provider's path on the shared server, as a provider deployed there would write them:
   * still host-relative, so the connector resolves them as it would. The API is the first path segment of the
   * first request, so every answer of this provider is rewritten alike (a walk compares its pages).
   */
  private atOrigin(text: string): string {
    // An example's `<uuid:name>` (a value the connector made up, echoed back: the external id a create sent and its lookup
    // finds) is the last UUID a request brought, as the replay server fills it with the one its request captured.
    return text.replaceAll('<origin>', this.origin).replace(/<uuid:[\w-]+>/g, (whole) => this.uuid ?? whole);
  }

  private hostRelative(text: string, target: string): string {
    if (this.links === undefined) {
      const segment = /^\/([^/?#]+)/.exec(target)?.[1];
      this.links = segment === undefined ? null : {
        api: `/${segment}`,
        pattern: new RegExp(`(["<])/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[/?"'>])`, 'g'),
        moved: `$1${this.mounted.path}/${segment}`,
      };
    }
    if (this.links === null || !text.includes(this.links.api)) return text;
    return text.replace(this.links.pattern, this.links.moved);
  }

  async close(): Promise<void> {
    this.mounted.unmount();
  }
}

/** How a call ends: the envelope, or the thrown value (must be a UnifiedError). */
export async function outcome(promise: Promise<unknown> | (() => Promise<unknown>)): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await (typeof promise === 'function' ? promise() : promise) };
  } catch (error) {
    return { ok: false, error };
  }
}
