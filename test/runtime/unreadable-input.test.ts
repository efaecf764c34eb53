/**
 * Caller input that throws while it is read (a getter, a Proxy trap) is the
 * caller's input error: a `RequestValidationError` naming the member, before
 * any request, never a 500 nor what the caller's code threw. The params are
 * read once, where an operation starts (`readParams`); the fault matrix tries
 * a throwing `raw` and throwing records on every operation of every connector,
 * this file the rest: filters, `fields`, nesting, cycles, holes, and the
 * options a connector is created with.
 */

import { describe, expect, it } from 'vitest';
import { createPipedriveContactsConnector } from '../../generated/crm/pipedrive/contacts/connector.gen.js';
import { createZendeskConnector } from '../../generated/zendesk/connector.gen.js';
import { readParams, UnifiedError } from '../../src/runtime/index.js';
import { failure, recordingProviders } from '../support/refusals.js';

const THROWN = 'caller-secret-7f3a';
const throwing = (): never => {
  throw new Error(THROWN);
};
const throwingGetter = <T extends object>(target: T, member: string): T => Object.defineProperty(target, member, { get: throwing, enumerable: true });

/** The error `call` fails with; it must be a UnifiedError, and say nothing of what the caller threw. */
function refusal(call: () => unknown): UnifiedError {
  let caught: unknown;
  try {
    call();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UnifiedError);
  return saysNothingThrown(caught as UnifiedError);
}

function saysNothingThrown(error: UnifiedError): UnifiedError {
  expect(`${JSON.stringify(error)} ${error.message} ${error.stack}`).not.toContain(THROWN);
  return error;
}

const fieldsOf = (error: UnifiedError) => ((error.detail as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field);

describe('readParams: the caller’s params read once, as plain data', () => {
  const cases: [string, () => unknown, readonly string[], string | undefined, string[]][] = [
    ['a member whose getter throws', () => throwingGetter({ id: '1' }, 'raw'), ['id', 'raw'], undefined, ['raw']],
    ['a record member deep inside, by its path', () => ({ customer: { emails: [{ email: 'a@b.example' }, throwingGetter({}, 'email')] } }), ['customer'], 'customer', ['customer.emails[1].email']],
    ['a filter value, named as its query parameter', () => ({ filter: throwingGetter({ email: 'a@b.example' }, 'owner_id') }), ['filter', 'sort'], undefined, ['filter[owner_id]']],
    ['a filter that is a Proxy listing no members', () => ({ filter: new Proxy({}, { ownKeys: throwing }) }), ['filter'], undefined, ['filter']],
    ['a revoked Proxy as the record', () => { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return { customer: proxy }; }, ['customer'], 'customer', ['customer']],
    ['params that are a Proxy whose get throws: every member it takes', () => new Proxy({}, { get: throwing }), ['id', 'fields', 'raw'], undefined, ['id', 'fields', 'raw']],
    ['an array that is a Proxy claiming a length no array has', () => ({ customer: { emails: new Proxy([], { get: (target, key) => (key === 'length' ? -1 : Reflect.get(target, key)) }) } }), ['customer'], 'customer', ['customer.emails']],
    ['a record holding itself', () => { const record: Record<string, unknown> = { first_name: 'Ada' }; record.self = record; return { customer: record }; }, ['customer'], 'customer', ['customer.self']],
    ['a record nested past any schema', () => ({ customer: Array.from({ length: 100 }).reduce<object>((inner) => ({ inner }), {}) }), ['customer'], 'customer', [`customer${'.inner'.repeat(64)}`]],
  ];

  it.each(cases)('%s is a RequestValidationError naming it', (_, given, members, body, fields) => {
    const error = refusal(() => readParams(given() as object, members, body));
    expect(error).toMatchObject({ type_name: 'RequestValidationError', status_code: 400 });
    expect(fieldsOf(error)).toEqual(fields);
  });

  it('reads each member once, so what was validated is what is sent', () => {
    let reads = 0;
    const customer = Object.defineProperty({}, 'first_name', { get: () => (++reads === 1 ? 'Ada' : { not: 'a string' }), enumerable: true });
    const params = readParams({ customer }, ['customer'], 'customer') as { customer: { first_name: unknown } };
    expect(params.customer.first_name).toBe('Ada');
    expect(params.customer.first_name).toBe('Ada');
    expect(reads).toBe(1);
  });

  it('keeps holes in arrays (validation names them) and the signal as given', () => {
    const signal = new AbortController().signal;
    const params = readParams({ customer: { emails: [{ email: 'a@b.example' }, , { email: 'c@d.example' }] }, signal }, ['customer', 'signal'], 'customer') as { customer: { emails: unknown[] }; signal: AbortSignal };
    expect(params.customer.emails).toHaveLength(3);
    expect(1 in params.customer.emails).toBe(false);
    expect(params.signal).toBe(signal);
  });

  it('copies own members named __proto__ as members, not as a prototype', () => {
    const params = readParams({ customer: JSON.parse('{"__proto__": {"polluted": true}}') as object }, ['customer'], 'customer') as { customer: Record<string, unknown> };
    expect(Object.getPrototypeOf(params.customer)).toBe(Object.prototype);
    expect(Object.keys(params.customer)).toEqual(['__proto__']);
  });
});

const provider = recordingProviders();

/** The error a connector's call fails with, which never repeats what the caller's code threw. */
async function callRefusal(call: () => Promise<unknown>): Promise<UnifiedError> {
  return saysNothingThrown(await failure(call));
}

describe('connectors refuse caller input that throws while read, before any request', () => {
  it('Pipedrive contacts filtered by a filter whose getter throws: RequestValidationError naming filter[owner_id]', async () => {
    const { origin, requests } = await provider();
    const connector = createPipedriveContactsConnector({ settings: { company_domain: 'acme' }, credentials: { api_token: 'token' }, baseUrl: `${origin}/api/v1`, retry: { attempts: 1 } });
    const error = await callRefusal(() => connector.contactsAll({ filter: throwingGetter({}, 'owner_id') }));
    expect(error).toMatchObject({ type_name: 'RequestValidationError', status_code: 400 });
    expect(fieldsOf(error)).toEqual(['filter[owner_id]']);
    expect(requests).toEqual([]);
  });

  it('Zendesk customersOne with a fields getter that throws: RequestValidationError naming fields', async () => {
    const { origin, requests } = await provider();
    const connector = createZendeskConnector({ settings: { subdomain: 'example' }, credentials: { api_token: 'token-1234', email: 'jdoe@example.com' }, baseUrl: `${origin}/api/v2`, retry: { attempts: 1 } });
    const error = await callRefusal(() => connector.customersOne(throwingGetter({ id: '1' }, 'fields') as { id: string }));
    expect(error).toMatchObject({ type_name: 'RequestValidationError', status_code: 400 });
    expect(fieldsOf(error)).toEqual(['fields']);
    expect(requests).toEqual([]);
  });
});

describe('connector options that throw while read are the connection’s error, at creation', () => {
  const zendesk = { settings: { subdomain: 'example' }, credentials: { api_token: 'token-1234', email: 'jdoe@example.com' } };
  const cases: [string, string, () => object, string][] = [
    ['a setting whose getter throws', 'ConnectionSettingsError', () => ({ ...zendesk, settings: throwingGetter({}, 'subdomain') }), 'settings.subdomain'],
    ['credentials that are a Proxy whose traps throw', 'ConnectorCredentialsError', () => ({ ...zendesk, credentials: new Proxy({}, { ownKeys: throwing, get: throwing }) }), 'credentials'],
    // Read only when a list walks, it would have been a 500 there.
    ['a readAhead getter that throws', 'ConnectionSettingsError', () => throwingGetter({ ...zendesk }, 'readAhead'), 'readAhead'],
    ['retry bounds whose getter throws', 'ConnectionSettingsError', () => ({ ...zendesk, retry: throwingGetter({}, 'attempts') }), 'retry.attempts'],
  ];

  it.each(cases)('%s is a %s naming it', (_, type, options, field) => {
    const error = refusal(() => createZendeskConnector(options() as Parameters<typeof createZendeskConnector>[0]));
    expect(error).toMatchObject({ type_name: type, status_code: 400 });
    expect(fieldsOf(error)).toEqual([field]);
  });
});
