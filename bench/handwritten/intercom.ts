/**
 * Intercom `Contact` → unified customer, written by hand: the benchmark's
 * baseline for the mapping work in `mappings/intercom.yaml`. Same guards and
 * same output as the generated transformer; no issue reporting.
 */

import type { Address, CustomerSupportCustomer, Email, PhoneNumber } from '../../generated/unified/types.gen.js';
import { converters, splitFullName } from '../../src/runtime/converters.js';
import { countryNameToAlpha2, numericToAlpha2 } from '../../src/runtime/countries.js';
import { isEmailAddress } from '../../src/runtime/formats.js';

type JsonObject = Record<string, unknown>;


function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Unix seconds → unified date-time: the project's fast converter (it also takes a digit string). */
const unixSeconds = converters['unix-seconds'].read;

function isoFromUnixSeconds(value: unknown): string | null {
  return value === undefined || value === null ? null : (unixSeconds(value) ?? null);
}

export function toUnifiedCustomer(record: unknown): CustomerSupportCustomer | undefined {
  if (!isObject(record)) return undefined;

  const rawId = record.id;
  const id = typeof rawId === 'string' ? rawId : null;

  // "Ada King Lovelace" → first "Ada King", last "Lovelace".
  let firstName: string | null = null;
  let lastName: string | null = null;
  const name = record.name;
  if (typeof name === 'string') [firstName, lastName] = splitFullName(name);

  const email = record.email;
  const emails: Email[] = typeof email === 'string' && isEmailAddress(email) ? [{ email, type: 'primary' }] : [];
  const phone = record.phone;
  const phoneNumbers: PhoneNumber[] = typeof phone === 'string' && phone !== '' ? [{ number: phone, type: 'primary' }] : [];

  let addresses: Address[] = [];
  const location = record.location;
  if (isObject(location)) {
    const rawCity = location.city;
    const city = typeof rawCity === 'string' ? rawCity : null;
    const rawRegion = location.region;
    const state = typeof rawRegion === 'string' ? rawRegion : null;
    const rawCountry = location.country;
    const country = typeof rawCountry === 'string' ? (countryNameToAlpha2(rawCountry) ?? null) : typeof rawCountry === 'number' ? (numericToAlpha2(rawCountry) ?? null) : null;
    if (city !== null || state !== null || country !== null) addresses = [{ city, country, state }];
  }

  const createdAt = isoFromUnixSeconds(record.created_at);
  const customer: CustomerSupportCustomer = {
    addresses,
    emails,
    first_name: firstName,
    individual: true,
    last_name: lastName,
    phone_numbers: phoneNumbers,
    updated_at: isoFromUnixSeconds(record.updated_at),
  };
  if (createdAt !== null) customer.created_at = createdAt;
  if (id !== null) customer.id = id;
  return customer;
}
