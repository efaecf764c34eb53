/**
 * Credentials in the records a connector answers: a secret one (a token)
 * echoed into a record's field is masked there as everywhere; one declared
 * `secret: false` (Zendesk's agent email) is a record's own data, answered
 * as it is. Against a loopback provider, through the committed connector.
 */

import { afterAll, describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../generated/zendesk/connector.gen.js';
import { MASK } from '../../src/runtime/index.js';
import { mount, type Mount } from '../support/loopback.js';

const email = 'agent@acme.test';
const token = 'zd_token_4f9a2c71e0';

describe('credentials in the records answered (Zendesk: email is no secret, api_token is)', async () => {
  const provider: Mount = await mount((request, response) => {
    const user = (id: number, name: string, address: string) => ({ id, name, email: address, role: 'end-user', created_at: '2024-01-02T03:04:05Z', updated_at: '2024-01-02T03:04:05Z' });
    const body = request.url?.startsWith('/users/7')
      ? { user: user(7, 'The agent', email) }
      : { users: [user(7, 'The agent', email), user(8, `Echo ${token}`, 'someone@acme.test')], meta: { has_more: false, after_cursor: null } };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  afterAll(() => provider.unmount());
  const connector = createZendeskConnector({ settings: { subdomain: 'acme' }, credentials: { email, api_token: token }, baseUrl: provider.origin });

  it('a list answers the agent\'s own email as it is, and the token echoed into a name masked', async () => {
    const page = await connector.customersAll({});
    const text = JSON.stringify(page.data);
    expect(text).toContain(email);
    expect(text).not.toContain(token);
    // "Echo <token>" is read as a first and a last name: the last is the token, masked.
    expect(page.data.map((customer) => customer.last_name)).toContain(MASK);
  });

  it('a get answers the agent\'s own email as it is', async () => {
    const one = await connector.customersOne({ id: '7' });
    expect(JSON.stringify(one.data)).toContain(email);
  });
});
