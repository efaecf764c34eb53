/**
 * A base URL the connector cannot put request paths after is refused when the
 * connector is created: a user name or password in it (echoed in every error
 * and log event, and never sent by fetch, so each request failed and was
 * retried), a query or a fragment (each path written after it: a delete of
 * `…/api?code=x/users/1`, or of `…/api` itself), or a port fetch refuses to
 * connect to (each request failed as "fetch failed", retried). The password is not echoed.
 */

import { describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../generated/zendesk/connector.gen.js';
import { UnifiedError } from '../../src/runtime/index.js';

const connect = (baseUrl: string) => () => createZendeskConnector({ settings: { subdomain: 'example' }, credentials: { api_token: 'zendesk-token-1234', email: 'agent@example.com' }, baseUrl });

describe('a base URL', () => {
  it.each([
    ['a user name and password', 'http://proxyuser:S3cretProxyPw@127.0.0.1:9/api', /must not hold a user name or password/],
    ['a user name alone', 'https://proxyuser@proxy.example/api', /must not hold a user name or password/],
    ['a query (an API gateway key)', 'https://gateway.example/api?code=abc', /must not hold a query \(\?…\) or a fragment/],
    ['a fragment', 'https://gateway.example/api#frag', /must not hold a query \(\?…\) or a fragment/],
    ['an empty query', 'https://gateway.example/api?', /must not hold a query/],
    ['a port fetch refuses to connect to (X11)', 'http://127.0.0.1:6000/api', /names port 6000, which fetch refuses to connect to/],
  ])('holding %s is a ConnectionSettingsError at creation, the password not echoed', (_, baseUrl, message) => {
    let error: unknown;
    try {
      connect(baseUrl)();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnifiedError);
    expect(error).toMatchObject({ type_name: 'ConnectionSettingsError', status_code: 400 });
    expect((error as UnifiedError).message).toMatch(message);
    expect(JSON.stringify(error) + (error as UnifiedError).message).not.toContain('S3cretProxyPw');
  });

  it('with a path, and none of these, is taken', () => {
    expect(connect('https://proxy.example/zendesk/api/v2')).not.toThrow();
  });
});
