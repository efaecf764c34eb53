/**
 * The loopback HTTP server the fault matrix's providers share, one per
 * worker thread. Each provider is mounted at a path prefix of its own
 * (`/p17`): its origin is `http://127.0.0.1:<port>/p17`, and it sees its
 * requests with the prefix taken off. A connector then reuses kept-alive
 * connections from one case to the next instead of opening one to a new
 * server for each case, which cost about 1.4 ms of CPU a case (a few hundred
 * cases a suite).
 *
 * No case sees another's requests: a request for a prefix no longer mounted
 * (a late retry, the read-ahead of a finished case) is answered with a reset,
 * and unmounting resets the connections still waiting on that provider (a
 * hang it never answers).
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type LoopbackHandler = (request: IncomingMessage, response: ServerResponse) => void;

export interface Mount {
  /** `http://127.0.0.1:<port>/p<n>`: a base for URLs, without a trailing slash. */
  origin: string;
  /** `/p<n>`: the provider's place on the server, which its host-relative links begin with. */
  path: string;
  /** Stops answering: later requests are reset, and so are the connections waiting on an answer. */
  unmount(): void;
}

interface Mounted {
  handler: LoopbackHandler;
  /** Connections carrying a request of this provider that is not answered yet. */
  waiting: Set<Socket>;
}

const mounts = new Map<string, Mounted>();
let listening: Promise<{ server: Server; port: number }> | undefined;
let mounted = 0;

function shared(): Promise<{ server: Server; port: number }> {
  listening ??= (async () => {
    const server = createServer(route);
    // The worker ends when its tests do, whatever is still connected.
    server.unref();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as AddressInfo).port };
  })();
  return listening;
}

function route(request: IncomingMessage, response: ServerResponse): void {
  const url = request.url ?? '/';
  const match = /^\/(p\d+)(?=[/?]|$)/.exec(url);
  const provider = match ? mounts.get(match[1]!) : undefined;
  if (!provider) return void request.socket.destroy();
  const socket = request.socket;
  provider.waiting.add(socket);
  response.on('close', () => provider.waiting.delete(socket));
  request.url = url.slice(match![0].length) || '/';
  provider.handler(request, response);
}

/** Mounts `handler` at a new prefix of the shared server. */
export async function mount(handler: LoopbackHandler): Promise<Mount> {
  const { port } = await shared();
  const prefix = `p${++mounted}`;
  const provider: Mounted = { handler, waiting: new Set() };
  mounts.set(prefix, provider);
  return {
    origin: `http://127.0.0.1:${port}/${prefix}`,
    path: `/${prefix}`,
    unmount() {
      mounts.delete(prefix);
      for (const socket of provider.waiting) socket.destroy();
      provider.waiting.clear();
    },
  };
}
