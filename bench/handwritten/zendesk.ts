/**
 * Zendesk user → unified customer, written by hand: the benchmark's
 * baseline for the mapping work in `mappings/zendesk.yaml`. Same guards and
 * same output as the generated transformer; no issue reporting.
 */

import type { CustomerSupportCustomer, Email, PhoneNumber } from '../../generated/unified/types.gen.js';
import { normaliseDateTime, splitFullName } from '../../src/runtime/converters.js';
import { isEmailAddress } from '../../src/runtime/formats.js';

type JsonObject = Record<string, unknown>;


function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function toUnifiedCustomer(record: unknown): CustomerSupportCustomer | undefined {
  if (!isObject(record)) return undefined;

  const rawId = record.id;
  const id = typeof rawId === 'number' ? (Number.isFinite(rawId) && (Number.isSafeInteger(rawId) || !Number.isInteger(rawId)) ? String(rawId) : null) : typeof rawId === 'string' && rawId !== '' ? rawId : null;

  // "Mary Ann van Dyke" → first "Mary Ann van", last "Dyke".
  let firstName: string | null = null;
  let lastName: string | null = null;
  const name = record.name;
  if (typeof name === 'string') [firstName, lastName] = splitFullName(name);

  const email = record.email;
  const emails: Email[] = typeof email === 'string' && isEmailAddress(email) ? [{ email, type: 'primary' }] : [];
  const phone = record.phone;
  const phoneNumbers: PhoneNumber[] = typeof phone === 'string' && phone !== '' ? [{ number: phone, type: 'primary' }] : [];
  const notes = record.notes;
  const suspended = record.suspended;
  const createdAt = record.created_at;
  const updatedAt = record.updated_at;
  const created = typeof createdAt === 'string' ? (normaliseDateTime(createdAt) ?? null) : null;

  const customer: CustomerSupportCustomer = {
    emails,
    first_name: firstName,
    last_name: lastName,
    notes: typeof notes === 'string' ? notes : null,
    phone_numbers: phoneNumbers,
    status: suspended === true ? 'archived' : suspended === false ? 'active' : null,
    updated_at: typeof updatedAt === 'string' ? (normaliseDateTime(updatedAt) ?? null) : null,
  };
  if (created !== null) customer.created_at = created;
  if (id !== null) customer.id = id;
  return customer;
}
