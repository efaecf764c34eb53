/**
 * The fault matrix's shared loopback server keeps cases apart: each provider
 * sees only requests at its own path, a finished one answers nothing (its
 * late requests are reset), and unmounting ends a request it was holding.
 * Host-relative links in an answer are moved under the provider's path.
 */

import { describe, expect, it } from 'vitest';
import { FaultServer, outcome } from '../support/fault-server.js';

describe('the shared loopback server', () => {
  it('gives each provider its own path on one server, and the request without it', async () => {
    const first = await new FaultServer(() => ({ answer: { status: 200, body: { from: 'first' } } })).start();
    const second = await new FaultServer(() => ({ answer: { status: 200, body: { from: 'second' } } })).start();
    expect(new URL(first.origin).host).toBe(new URL(second.origin).host);
    expect(first.origin).not.toBe(second.origin);
    expect(await (await fetch(`${second.origin}/api/items?page=2`)).json()).toEqual({ from: 'second' });
    expect(await (await fetch(`${first.origin}/api/items`)).json()).toEqual({ from: 'first' });
    expect(second.paths).toEqual(['/api/items?page=2']);
    expect(first.paths).toEqual(['/api/items']);
    await Promise.all([first.close(), second.close()]);
  });

  it("puts its own origin where an example's answer says <origin> (an absolute next-page link), in the body and headers", async () => {
    const server = await new FaultServer(() => ({ answer: { status: 200, headers: { link: '<<origin>/api/items?page=3>; rel="next"' }, body: { next: '<origin>/api/items?page_token=b2' } } })).start();
    const answer = await fetch(`${server.origin}/api/items`);
    expect(await answer.json()).toEqual({ next: `${server.origin}/api/items?page_token=b2` });
    expect(answer.headers.get('link')).toBe(`<${server.origin}/api/items?page=3>; rel="next"`);
    await server.close();
  });

  it('resets a request to a provider no longer mounted, which never reaches another', async () => {
    const finished = await new FaultServer(() => ({ answer: { status: 200, body: {} } })).start();
    await finished.close();
    const running = await new FaultServer(() => ({ answer: { status: 200, body: {} } })).start();
    const late = await outcome(fetch(`${finished.origin}/api/items`));
    expect(late.ok).toBe(false);
    expect(finished.requests + running.requests).toBe(0);
    await running.close();
  });

  it('ends a request the provider was holding when it is unmounted', async () => {
    const holding = await new FaultServer(() => ({ hang: true })).start();
    const held = new Promise<void>((resolve) => (holding.onRequest = () => resolve()));
    const pending = outcome(fetch(`${holding.origin}/api/items`));
    await held;
    await holding.close();
    expect((await pending).ok).toBe(false);
  });

  it("moves host-relative links into the provider's API under its path, in bodies and headers alike", async () => {
    const server = await new FaultServer(() => ({
      answer: { status: 200, headers: { link: '</v1/items?page=2>; rel="next"' }, body: { links: { next: '/v1/items?page=2', elsewhere: '/v2/other' }, note: 'see /v1/items' } },
    })).start();
    const path = new URL(server.origin).pathname;
    const response = await fetch(`${server.origin}/v1/items`);
    expect(response.headers.get('link')).toBe(`<${path}/v1/items?page=2>; rel="next"`);
    expect(await response.json()).toEqual({ links: { next: `${path}/v1/items?page=2`, elsewhere: '/v2/other' }, note: 'see /v1/items' });
    await server.close();
  });
});
