/**
 * Caller strings that become part of a provider request (ids in paths,
 * filter values in query strings, form bodies, settings and credentials)
 * must be well-formed UTF-16. A lone surrogate half cannot be sent as given:
 * encodeURIComponent throws a raw URIError on it, URLSearchParams and FormData
 * send U+FFFD instead. It is refused before any request, as the caller's
 * input error (or the connection's), naming the parameter.
 */

import { describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../generated/zendesk/connector.gen.js';
import { createPipedriveContactsConnector } from '../../generated/crm/pipedrive/contacts/connector.gen.js';
import { createHubspotContactsConnector } from '../../generated/crm/hubspot/contacts/connector.gen.js';
import { createOmnideskConnector, omnideskBaseUrl } from '../../generated/omnidesk/connector.gen.js';
import { isWellFormed, pathSegment, type UnifiedError } from '../../src/runtime/index.js';
import { failure, recordingProviders } from '../support/refusals.js';

const provider = recordingProviders();

const fieldsOf = (error: UnifiedError) => ((error.detail as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field);

const illFormed = ['\uD800', 'abc\uDFFF', '\uDC00\uD800', 'x\uD83D'];

describe('ill-formed Unicode in caller input', () => {
  it('tells well-formed from ill-formed strings (a surrogate pair is fine)', () => {
    expect(isWellFormed('😀 é abc')).toBe(true);
    expect(isWellFormed('\uD83D\uDE00')).toBe(true);
    for (const text of illFormed) expect(isWellFormed(text)).toBe(false);
  });

  it.each(illFormed.map((text) => [JSON.stringify(text), text]))('pathSegment refuses %s as a RequestValidationError, not a URIError', (_, text) => {
    expect(() => pathSegment(text)).toThrow(expect.objectContaining({ type_name: 'RequestValidationError' }));
  });

  it.each(illFormed.map((text) => [JSON.stringify(text), text]))('Zendesk customersOne with id %s: RequestValidationError naming id, no request', async (_, id) => {
    const { origin, requests } = await provider();
    const zd = createZendeskConnector({ settings: { subdomain: 'example' }, credentials: { api_token: 'token-1234', email: 'jdoe@example.com' }, baseUrl: `${origin}/api/v2`, retry: { attempts: 1 } });
    for (const call of [() => zd.customersOne({ id }), () => zd.customersDelete({ id }), () => zd.customersUpdate({ id, customer: { first_name: 'Ann' } })]) {
      const error = await failure(call);
      expect(error.type_name).toBe('RequestValidationError');
      expect(error.status_code).toBe(400);
      expect(fieldsOf(error)).toEqual(['id']);
    }
    expect(requests).toEqual([]);
  });

  it('Pipedrive contacts filtered on a lone surrogate: RequestValidationError naming the filter, no request', async () => {
    const { origin, requests } = await provider();
    const connector = createPipedriveContactsConnector({ settings: { company_domain: 'acme' }, credentials: { api_token: 'token' }, baseUrl: `${origin}/api/v1`, retry: { attempts: 1 } });
    const error = await failure(() => connector.contactsAll({ filter: { owner_id: '\uD800' } }));
    expect(error.type_name).toBe('RequestValidationError');
    expect(fieldsOf(error)).toEqual(['filter[owner_id]']);
    expect(requests).toEqual([]);
  });

  it('HubSpot contacts searched on a lone surrogate: RequestValidationError naming the filter, no request', async () => {
    const { origin, requests } = await provider();
    const connector = createHubspotContactsConnector({ settings: {}, credentials: { access_token: 'token-1234' }, baseUrl: origin, retry: { attempts: 1 } });
    const error = await failure(() => connector.contactsAll({ filter: { email: 'a\uDFFF@example.com' } }));
    expect(error.type_name).toBe('RequestValidationError');
    expect(fieldsOf(error)).toEqual(['filter[email]']);
    expect(requests).toEqual([]);
  });

  it('Omnidesk update (a form body): a lone surrogate is refused, not written as U+FFFD', async () => {
    const { origin, requests } = await provider();
    const settings = { account: 'acme', brand_id: '3' };
    const connector = createOmnideskConnector({ settings, credentials: { api_key: 'od_key' }, baseUrl: origin + new URL(omnideskBaseUrl(settings)).pathname, retry: { attempts: 1 }, onIssue: () => undefined });
    const error = await failure(() => connector.customersUpdate({ id: '7', customer: { first_name: 'Ann\uD800' } }));
    expect(error.type_name).toBe('RequestValidationError');
    expect(fieldsOf(error).length).toBeGreaterThan(0);
    expect(requests).toEqual([]);
  });

  it('a lone surrogate in a credential or setting is the connection’s error, at creation', async () => {
    const { origin } = await provider();
    const credentials = await failure(async () => createPipedriveContactsConnector({ settings: { company_domain: 'acme' }, credentials: { api_token: 'zq7w\uD800m3' }, baseUrl: `${origin}/api/v1` }));
    expect(credentials.type_name).toBe('ConnectorCredentialsError');
    expect(fieldsOf(credentials)).toEqual(['credentials.api_token']);
    // Never echoed, even malformed.
    expect(JSON.stringify(credentials)).not.toContain('zq7w');
    const zendesk = await failure(async () => createZendeskConnector({ settings: { subdomain: 'example' }, credentials: { api_token: 'token-1234', email: 'jdoe\uDC00@example.com' }, baseUrl: `${origin}/api/v2` }));
    expect(zendesk.type_name).toBe('ConnectorCredentialsError');
    expect(fieldsOf(zendesk)).toEqual(['credentials.email']);
    const baseUrl = await failure(async () => createZendeskConnector({ settings: { subdomain: 'example' }, credentials: { api_token: 'token-1234', email: 'jdoe@example.com' }, baseUrl: `${origin}/api/v2/\uD800` }));
    expect(baseUrl.type_name).toBe('ConnectionSettingsError');
  });
});
