/**
 * A unified array written to a provider member a write requires (Front's
 * `handles` on create, fed by emails and phone numbers) is always given, with
 * an element, by the round-trip property tests: without it the write refuses
 * the random customer and the property fails on a rule of the provider.
 */

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { propertyPlan } from '../../src/emit/connector-test.js';
import { buildIR, defaultLayout } from '../../src/ir/index.js';
import { customerArbitrary, type RoundTripLeaf } from '../support/properties.js';
import { repoRoot, tempProject, type TempProject } from '../support/project.js';

describe('arrays written to a member the provider requires', () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject({ mappings: ['kustomer'] });
    // Kustomer's create body, with its emails made required.
    await project.edit('specs/providers/kustomer.yaml', (text) => text.replace(/( {4}CustomerAttributesWrite:\n(?: {6}.*\n)*? {6}additionalProperties: false\n)/, '$1      required: [emails]\n'));
  });
  afterAll(() => project.dispose());

  it('are marked required in the plan of each write whose request schema requires them (Kustomer sends one schema on create and update)', async () => {
    const ir = await buildIR(defaultLayout(project.root), { providers: ['kustomer'] });
    const connector = ir.connectors.find((c) => c.service === 'kustomer')!;
    const plan = propertyPlan(connector, ir.apis.find((api) => api.connectors.includes(connector))!.unified)!;
    const arrays = (operation: string) => plan.writes[operation]!.arrays as { path: string; required?: boolean }[];
    expect(arrays('customersAdd').find((a) => a.path === 'emails')?.required).toBe(true);
    expect(arrays('customersAdd').find((a) => a.path === 'phone_numbers')?.required).toBeUndefined();
    expect(arrays('customersUpdate').find((a) => a.path === 'emails')?.required).toBe(true);
    expect(arrays('customersUpdate').find((a) => a.path === 'phone_numbers')?.required).toBeUndefined();
  });

  it('are always given, with at least one element, by the random customers', () => {
    const member = { path: 'email', type: 'string' as const, format: 'email' };
    const customers = fc.sample(customerArbitrary([], [{ path: 'emails', members: [member], required: true }, { path: 'phone_numbers', members: [{ path: 'number', type: 'string' }] }]), { numRuns: 200, seed: 1 });
    expect(customers.every((c) => Array.isArray(c.emails) && c.emails.length > 0)).toBe(true);
    expect(customers.some((c) => c.phone_numbers === undefined)).toBe(true);
  });
});

// Freshdesk's contact update takes `phone` and `mobile` as strings that are never null: an update given phone_numbers
// with the mobile alone clears the primary, which the provider cannot, and the transformer rightly reports it. The
// round-trip property of a draft failed on that (its counterexample: {"phone_numbers":[{"type":"mobile","number":"!"}]}).
describe('selected array elements the provider cannot clear', () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    await project.edit('specs/providers/kickserv.yaml', (text) => text.replace(/( {4}CustomerWrite:\n(?:.*\n)*? {8}fax:\n {10}type: string\n) {10}nullable: true\n/, '$1'));
  });
  afterAll(() => project.dispose());

  it("are given whole or not at all by the update's random customers", async () => {
    const ir = await buildIR(defaultLayout(project.root), { providers: ['kickserv'] });
    const connector = ir.connectors.find((c) => c.service === 'kickserv')!;
    const plan = propertyPlan(connector, ir.apis.find((api) => api.connectors.includes(connector))!.unified)!;
    type Leaf = Parameters<typeof customerArbitrary>[0][number];
    const phones = (operation: string) => (plan.writes[operation]!.leaves as Leaf[]).filter((leaf) => leaf.path.startsWith('phone_numbers['));
    expect(phones('customersUpdate').map((leaf) => leaf.path).sort()).toEqual(['phone_numbers[type=fax].number', 'phone_numbers[type=primary].number']);
    expect(new Set(phones('customersUpdate').map((leaf) => leaf.group)).size).toBe(1);
    expect(phones('customersUpdate')[0]!.group).toBeDefined();
    // A create clears nothing: its elements come and go one by one.
    expect(phones('customersAdd').every((leaf) => leaf.group === undefined)).toBe(true);
    const customers = fc.sample(customerArbitrary(phones('customersUpdate'), []), { numRuns: 100, seed: 7 });
    for (const customer of customers) expect([0, 2]).toContain(((customer.phone_numbers as unknown[] | undefined) ?? []).length);
  });
});

// HubSpot's PATCH requires `properties`, and every field is written below it: each random update gave every field.
describe('fields written below a member the provider requires, which does not require them in turn', () => {
  it('are each optional in the plan, one of the set always given (HubSpot contacts: any property makes `properties`)', async () => {
    const ir = await buildIR(defaultLayout(repoRoot));
    const connector = ir.connectors.find((c) => c.folder === 'crm/hubspot/contacts')!;
    const plan = propertyPlan(connector, ir.apis.find((api) => api.connectors.includes(connector))!.unified)!;
    const leaves = plan.writes.contactsUpdate!.leaves as RoundTripLeaf[];
    expect(leaves.length).toBeGreaterThan(2);
    expect(leaves.filter((leaf) => leaf.required)).toEqual([]);
    expect(new Set(leaves.map((leaf) => leaf.anyOf))).toEqual(new Set(['properties']));
    const customers = fc.sample(customerArbitrary(leaves, []), { numRuns: 200, seed: 7 });
    // Every leaf makes `properties`: a customer given anything at all gives one of them.
    expect(customers.every((customer) => Object.keys(customer).length >= 1)).toBe(true);
    // Partial updates are drawn: not every field in every case.
    const plain = leaves.filter((leaf) => !/[.[]/.test(leaf.path));
    expect(customers.some((customer) => plain.some((leaf) => customer[leaf.path] === undefined))).toBe(true);
  });
});
