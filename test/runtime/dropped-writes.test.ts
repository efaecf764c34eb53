/**
 * A write never loses a value without a word: what the mapping cannot store
 * is reported through `onIssue` and the rest is sent; under `strictWrites`
 * nothing is sent. Checked against a loopback provider that records what
 * arrives.
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createIntercomConnector } from '../../generated/intercom/connector.gen.js';
import { createZendeskConnector } from '../../generated/zendesk/connector.gen.js';
import { UnifiedError, type MappingIssue } from '../../src/runtime/index.js';

interface Provider {
  origin: string;
  bodies: unknown[];
  close(): Promise<void>;
}

/** Answers every request with `answer`, keeping each JSON body it receives. */
async function provider(answer: unknown, status = 200): Promise<Provider> {
  const bodies: unknown[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      bodies.push(text ? JSON.parse(text) : undefined);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let open: Provider | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

function zendesk(origin: string, issues: MappingIssue[], strictWrites = false) {
  return createZendeskConnector({ settings: { subdomain: 'acme' }, credentials: { email: 'a@acme.test', api_token: 'token-1234' }, baseUrl: `${origin}/api/v2`, retry: { attempts: 1 }, onIssue: (issue) => issues.push(issue), strictWrites });
}

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('writes report what they drop', () => {
  it('a create with a primary and a work email sends the primary and reports the work one', async () => {
    open = await provider({ user: { id: 35436, name: 'Ada Lovelace' } }, 201);
    const issues: MappingIssue[] = [];
    await zendesk(open.origin, issues).customersAdd({ customer: { first_name: 'Ada', last_name: 'Lovelace', emails: [{ email: 'ada@example.com', type: 'primary' }, { email: 'ada@work.example', type: 'work' }] } });
    expect(open.bodies).toEqual([{ user: { name: 'Ada Lovelace', email: 'ada@example.com', role: 'end-user' } }]);
    expect(issues.map((i) => [i.operation, i.field])).toEqual([['customersAdd', 'customer.emails[1]']]);
    expect(issues[0]!.problem).toMatch(/stores only the first element whose type is "primary"/);
  });

  it('a create with only a work email sends no email and reports it', async () => {
    open = await provider({ user: { id: 35436, name: 'Ada Lovelace' } }, 201);
    const issues: MappingIssue[] = [];
    await zendesk(open.origin, issues).customersAdd({ customer: { first_name: 'Ada', last_name: 'Lovelace', emails: [{ email: 'ada@work.example', type: 'work' }] } });
    expect(open.bodies).toEqual([{ user: { name: 'Ada Lovelace', role: 'end-user' } }]);
    expect(issues.map((i) => i.field)).toEqual(['customer.emails[0]']);
  });

  it('an update with only a mobile number clears the stored phone as the array says, and reports the mobile number', async () => {
    open = await provider({ user: { id: 35436, name: 'Ada Lovelace' } });
    const issues: MappingIssue[] = [];
    await zendesk(open.origin, issues).customersUpdate({ id: '35436', customer: { phone_numbers: [{ number: '+15551234567', type: 'mobile' }] } });
    expect(open.bodies).toHaveLength(1);
    expect(issues.map((i) => i.field)).toEqual(['customer.phone_numbers[0]']);
  });

  it('under strictWrites the same update is refused before anything is sent', async () => {
    open = await provider({ user: { id: 35436 } });
    const issues: MappingIssue[] = [];
    const error = await failure(zendesk(open.origin, issues, true).customersUpdate({ id: '35436', customer: { phone_numbers: [{ number: '+15551234567', type: 'mobile' }] } }));
    expect(error).toBeInstanceOf(UnifiedError);
    expect((error as UnifiedError).type_name).toBe('RequestValidationError');
    expect(JSON.stringify((error as UnifiedError).detail)).toContain('customer.phone_numbers[0]');
    expect(open.bodies).toEqual([]);
    expect(issues).toEqual([]);
  });

  it('clearing both parts of a name the provider requires is refused, not sent as nothing', async () => {
    open = await provider({ user: { id: 35436 } });
    const error = await failure(zendesk(open.origin, []).customersUpdate({ id: '35436', customer: { first_name: null, last_name: null } }));
    expect((error as UnifiedError).type_name).toBe('RequestValidationError');
    expect(JSON.stringify((error as UnifiedError).detail)).toMatch(/cannot be cleared/);
    expect(open.bodies).toEqual([]);
  });

  it('an update that empties an array the provider cannot clear reports it', async () => {
    open = await provider({ type: 'contact', id: '667d60a98a68186f43bafdb9', role: 'user' });
    const issues: MappingIssue[] = [];
    const intercom = createIntercomConnector({ settings: {}, credentials: { access_token: 'tok-123456' }, baseUrl: open.origin, retry: { attempts: 1 }, onIssue: (issue) => issues.push(issue) });
    await intercom.customersUpdate({ id: '667d60a98a68186f43bafdb9', customer: { emails: [] } });
    expect(issues.map((i) => [i.field, i.problem])).toEqual([['customer.emails[type=primary].email', "cannot be cleared: Intercom's email takes no null, so the stored one is left as it is"]]);
  });
});
