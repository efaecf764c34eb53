/**
 * A create the provider answers without an id is confirmed by a follow-up
 * lookup (Omnidesk: a fresh external primary id sent, then searched for).
 * The record the lookup answers must hold what the create sent where the
 * mapping says (`then.where`): a search answering another customer is not
 * taken for the new one, whose id would then be another's. The create is
 * reported created, not confirmed, and is not sent again.
 */

import { describe, expect, it } from 'vitest';
import { createOmnideskConnector } from '../../generated/omnidesk/connector.gen.js';
import { CreatedNotConfirmedError } from '../../src/runtime/index.js';
import { mount } from '../support/loopback.js';

async function omnidesk(found: (sent: string) => unknown) {
  const paths: string[] = [];
  let sent = '';
  const mounted = await mount((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      paths.push(`${request.method} ${request.url}`);
      const body = Buffer.concat(chunks).toString('utf8');
      sent = /name="primary_id"\r\n\r\n([^\r]+)/.exec(body)?.[1] ?? sent;
      const lookup = request.url?.endsWith('/SearchByPrimaryExternalID');
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(lookup ? found(sent) : { type: 'result', message: 'created' }));
    });
  });
  const connector = createOmnideskConnector({ settings: { account: 'fietsenwinkel', brand_id: '3' }, credentials: { api_key: 'od_9c4e2b7a51f84d36a0e1' }, baseUrl: mounted.origin, retry: { attempts: 2, baseDelayMs: 1 } });
  return { connector, paths, close: async () => mounted.unmount() };
}

describe("a create's follow-up lookup", () => {
  it('that finds the customer holding the external id the create sent confirms its id', async () => {
    const provider = await omnidesk((sent) => ({ customer: { id: 42, external_primary_id: sent } }));
    try {
      const created = await provider.connector.customersAdd({ customer: { first_name: 'Ada', last_name: 'Lovelace' } });
      expect(created.data).toEqual({ id: '42' });
    } finally {
      await provider.close();
    }
  });

  it('that answers another customer is not taken for the new one: created, not confirmed, and the create not sent again', async () => {
    const provider = await omnidesk(() => ({ customer: { id: 999, external_primary_id: 'someone-else' } }));
    try {
      const failed = await provider.connector.customersAdd({ customer: { first_name: 'Ada', last_name: 'Lovelace' } }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failed).toBeInstanceOf(CreatedNotConfirmedError);
      expect(JSON.stringify(failed)).toMatch(/another record than the one created: customer\.external_primary_id is/);
      expect(JSON.stringify(failed)).not.toContain('"id":"999"');
      expect(provider.paths.filter((path) => path === 'POST /customer')).toHaveLength(1);
    } finally {
      await provider.close();
    }
  });
});
