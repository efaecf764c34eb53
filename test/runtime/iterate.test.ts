import { afterEach, describe, expect, it } from 'vitest';
import { createKickservConnector, kickservBaseUrl, kickservPagination } from '../../generated/kickserv/connector.gen.js';
import { iterateAll, UnifiedError } from '../../src/runtime/index.js';
import { numberedRecords, startProviderSimulator, type ProviderSimulator } from '../support/provider-simulator.js';

describe('iterateAll', () => {
  let simulator: ProviderSimulator | undefined;
  afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
  });

  const settings = { account: 'acme' };
  const start = async (count: number) => {
    const base = new URL(kickservBaseUrl(settings)).pathname;
    simulator = await startProviderSimulator({
      pagination: kickservPagination,
      recordsPath: ['customers'],
      listPath: `${base}/customers.json`,
      records: numberedRecords({ customer_number: 1, name: 'Acme' }, ['customer_number'], count),
      defaultPageSize: 7,
    });
    return createKickservConnector({ settings, credentials: { api_token: 'token-1234' }, baseUrl: simulator.origin + base, retry: { attempts: 1 } });
  };

  it.each([false, true])('streams every record once, in order (prefetch %s)', async (prefetch) => {
    const connector = await start(45);
    const ids: (string | undefined)[] = [];
    for await (const customer of iterateAll(connector.customersAll, { limit: 10 }, { prefetch })) ids.push(customer.id);
    expect(ids).toEqual(Array.from({ length: 45 }, (_, i) => String(1000 + i)));
  });

  it('refuses params whose member throws when read as a RequestValidationError naming it, before any request', async () => {
    const connector = await start(45);
    const params = Object.defineProperty({ limit: 10 }, 'fields', { get: () => { throw new Error('caller-secret'); }, enumerable: true });
    let caught: unknown;
    try {
      for await (const customer of iterateAll(connector.customersAll, params)) expect.fail(`answered ${JSON.stringify(customer)}`);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnifiedError);
    expect(caught).toMatchObject({ type_name: 'RequestValidationError', detail: { errors: [{ field: 'fields' }] } });
    expect(JSON.stringify(caught)).not.toContain('caller-secret');
    expect(simulator!.requests).toHaveLength(0);
  });

  it.each([false, true])('refuses a signal that is not an AbortSignal as a RequestValidationError naming it, not a raw TypeError, before any request (prefetch %s)', async (prefetch) => {
    const connector = await start(45);
    let caught: unknown;
    try {
      for await (const customer of iterateAll(connector.customersAll, { limit: 10, signal: 'x' as unknown as AbortSignal }, { prefetch })) expect.fail(`answered ${JSON.stringify(customer)}`);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnifiedError);
    expect(caught).toMatchObject({ type_name: 'RequestValidationError', detail: { errors: [{ field: 'signal' }] } });
    expect(simulator!.requests).toHaveLength(0);
  });

  it('stops asking once the caller stops', async () => {
    const connector = await start(45);
    const ids: (string | undefined)[] = [];
    for await (const customer of iterateAll(connector.customersAll, { limit: 10 }, { prefetch: true })) {
      ids.push(customer.id);
      if (ids.length === 15) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ids).toHaveLength(15);
    // Two unified pages read, one more prefetched; nothing after that.
    expect(simulator!.requests.length).toBeLessThanOrEqual(7);
  });
});
