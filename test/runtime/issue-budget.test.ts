/**
 * Mapping issues are bounded per provider record: a record holding a list of
 * wrong values (Kustomer's `attributes.emails` as numbers) reports the first
 * `MAX_ISSUES_PER_RECORD` of them and one saying the rest were not, instead
 * of one report (or process warning) per value.
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createKustomerConnector } from '../../generated/kustomer/connector.gen.js';
import { MAX_ISSUES_PER_RECORD, type MappingIssue } from '../../src/runtime/index.js';

const WRONG = 1_000;
const customer = (id: string) => ({ type: 'customer', id, attributes: { name: 'Ada Lovelace', emails: Array.from({ length: WRONG }, (_, i) => i) } });

async function withProvider(body: unknown, run: (baseUrl: string) => Promise<void>): Promise<void> {
  const server = createServer((_, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const connect = (baseUrl: string, issues: MappingIssue[]) => createKustomerConnector({ settings: {}, credentials: { api_key: 'kustomer-key-1234' }, baseUrl, retry: { attempts: 1 }, onIssue: (issue) => issues.push(issue) });

describe('mapping issues per record', () => {
  it(`a record with ${WRONG} wrong list values reports ${MAX_ISSUES_PER_RECORD} of them, then that the rest were not`, async () => {
    await withProvider({ data: customer('c1') }, async (baseUrl) => {
      const issues: MappingIssue[] = [];
      const answer = await connect(baseUrl, issues).customersOne({ id: 'c1' });
      expect(answer.data.id).toBe('c1');
      expect(issues).toHaveLength(MAX_ISSUES_PER_RECORD + 1);
      expect(issues.slice(0, MAX_ISSUES_PER_RECORD).map((issue) => issue.field)).toEqual(Array.from({ length: MAX_ISSUES_PER_RECORD }, (_, i) => `emails[${i}]`));
      expect(issues.at(-1)).toMatchObject({ operation: 'customersOne', field: '', problem: `more problems in this record were not reported: at most ${MAX_ISSUES_PER_RECORD} are, per record` });
    });
  });

  it('in a list, each record has its own budget, and its issues name it', async () => {
    await withProvider({ data: [customer('c1'), customer('c2')], links: { next: null } }, async (baseUrl) => {
      const issues: MappingIssue[] = [];
      const page = await connect(baseUrl, issues).customersAll({ limit: 2 });
      expect(page.data.map((record) => record.id)).toEqual(['c1', 'c2']);
      for (const index of [0, 1]) {
        const own = issues.filter((issue) => issue.index === index);
        expect(own).toHaveLength(MAX_ISSUES_PER_RECORD + 1);
        expect(own.at(-1)?.problem).toMatch(/^more problems in this record were not reported/);
      }
      expect(issues).toHaveLength(2 * (MAX_ISSUES_PER_RECORD + 1));
    });
  });
});
