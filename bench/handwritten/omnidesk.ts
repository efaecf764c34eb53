/**
 * Omnidesk user → unified customer, written by hand: the benchmark's
 * baseline for the mapping work in `mappings/omnidesk.yaml`. Same guards and
 * same output as the generated transformer; no issue reporting.
 */

import type { CustomerSupportCustomer, Email, PhoneNumber } from '../../generated/unified/types.gen.js';
import { isEmailAddress } from '../../src/runtime/formats.js';

type JsonObject = Record<string, unknown>;


function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function toUnifiedCustomer(record: unknown): CustomerSupportCustomer | undefined {
  if (!isObject(record)) return undefined;

  const rawId = record.id;
  const id = typeof rawId === 'number' ? (Number.isFinite(rawId) && (Number.isSafeInteger(rawId) || !Number.isInteger(rawId)) ? String(rawId) : null) : typeof rawId === 'string' && rawId !== '' ? rawId : null;
  const firstName = record.firstname;
  const lastName = record.lastname;

  // One pass over the channels: emails and telephones, each in order.
  const emails: Email[] = [];
  const phoneNumbers: PhoneNumber[] = [];
  const channels = record.channels;
  if (Array.isArray(channels)) {
    for (let i = 0; i < channels.length; i++) {
      const channel: unknown = channels[i];
      if (!isObject(channel)) continue;
      const type = channel.type;
      const value = channel.value;
      if (type === 'email') {
        if (typeof value === 'string' && isEmailAddress(value)) emails.push({ email: value });
      } else if (type === 'telephone') {
        if (typeof value === 'string' && value !== '') phoneNumbers.push({ number: value });
      }
    }
  }

  const customer: CustomerSupportCustomer = {
    emails,
    first_name: typeof firstName === 'string' ? firstName : null,
    last_name: typeof lastName === 'string' ? lastName : null,
    phone_numbers: phoneNumbers,
  };
  if (id !== null) customer.id = id;
  return customer;
}
