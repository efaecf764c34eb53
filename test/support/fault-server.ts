/**
 * The loopback provider of the fault matrix: it plays a script of
 * behaviours, one per request (an answer, a raw body, a reset, a hang, a body
 * cut short), and records what it received.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

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
  | { truncate: true };

/** One request as the provider saw it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query. */
  target: string;
  headers: Record<string, string>;
  /** The request body as text. */
  body: string;
}

export class FaultServer {
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  requests = 0;
  /** The request targets received, path and query. */
  readonly paths: string[] = [];
  readonly received: ReceivedRequest[] = [];
  origin = '';
  /** Called as each request arrives, before it is answered. */
  onRequest?: (request: ReceivedRequest) => void;

  constructor(private readonly script: (index: number, request: ReceivedRequest) => Behaviour) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
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
      this.onRequest?.(received);
      const behaviour = this.script(this.requests++, received);
      if ('reset' in behaviour) return void request.socket.destroy();
      if ('hang' in behaviour) return;
      if ('truncate' in behaviour) {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
        response.write('{"partial": tr');
        setTimeout(() => request.socket.destroy(), 5);
        return;
      }
      if ('raw' in behaviour) {
        response.writeHead(behaviour.raw.status, behaviour.raw.headers).end(behaviour.raw.body);
        return;
      }
      const { status, headers = {}, body } = behaviour.answer;
      const text = body === undefined || status === 204 ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      response.writeHead(status, { ...(text !== undefined && !headers['content-type'] ? { 'content-type': 'application/json' } : {}), ...headers }).end(text);
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
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
