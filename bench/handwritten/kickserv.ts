/**
 * Kickserv customer → unified customer, written by hand: the benchmark's
 * baseline for the mapping work in `mappings/kickserv.yaml`. Same guards and
 * same output as the generated transformer; no issue reporting.
 */

import type { Address, CustomerSupportCustomer, Email, PhoneNumber } from '../../generated/unified/types.gen.js';
import { normaliseDateTime } from '../../src/runtime/converters.js';
import { countryNameToAlpha2, numericToAlpha2 } from '../../src/runtime/countries.js';
import { isEmailAddress } from '../../src/runtime/formats.js';

type JsonObject = Record<string, unknown>;


function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function country(value: unknown): string | null {
  if (typeof value === 'string') return countryNameToAlpha2(value) ?? null;
  if (typeof value === 'number') return numericToAlpha2(value) ?? null;
  return null;
}

export function toUnifiedCustomer(record: unknown): CustomerSupportCustomer | undefined {
  if (!isObject(record)) return undefined;

  // The customer number is what users see; the API sends it as a number.
  const number = record.customer_number;
  const id = typeof number === 'number' ? (Number.isFinite(number) && (Number.isSafeInteger(number) || !Number.isInteger(number)) ? String(number) : null) : typeof number === 'string' && number !== '' ? number : null;
  const name = record.name;

  const serviceAddress = record.service_address;
  const serviceCity = record.service_city;
  const serviceState = record.service_state;
  const serviceZip = record.service_zip_code;
  const line1 = typeof serviceAddress === 'string' ? serviceAddress : null;
  const city = typeof serviceCity === 'string' ? serviceCity : null;
  const state = typeof serviceState === 'string' ? serviceState : null;
  const postalCode = typeof serviceZip === 'string' ? serviceZip : null;
  const countryCode = country(record.service_country);
  const primary: Address | null = line1 !== null || city !== null || state !== null || postalCode !== null || countryCode !== null ? { city, country: countryCode, line1, postal_code: postalCode, state, type: 'primary' } : null;
  const billingAddress = record.billing_address;
  const billingCity = record.billing_city;
  const billingState = record.billing_state;
  const billingZip = record.billing_zip_code;
  const billingLine1 = typeof billingAddress === 'string' ? billingAddress : null;
  const billingCityName = typeof billingCity === 'string' ? billingCity : null;
  const billingStateName = typeof billingState === 'string' ? billingState : null;
  const billingPostalCode = typeof billingZip === 'string' ? billingZip : null;
  const billingCountry = country(record.billing_country);
  const billing: Address | null = billingLine1 !== null || billingCityName !== null || billingStateName !== null || billingPostalCode !== null || billingCountry !== null ? { city: billingCityName, country: billingCountry, line1: billingLine1, postal_code: billingPostalCode, state: billingStateName, type: 'billing' } : null;
  // Literals of exactly the elements present: `[]` then push allocates a spare backing store.
  const addresses: Address[] = primary !== null ? (billing !== null ? [primary, billing] : [primary]) : billing !== null ? [billing] : [];

  const email = record.email_address;
  const emails: Email[] = typeof email === 'string' && isEmailAddress(email) ? [{ email, type: 'primary' }] : [];
  const phone = record.phone_number;
  const fax = record.fax;
  const primaryPhone: PhoneNumber | null = typeof phone === 'string' && phone !== '' ? { number: phone, type: 'primary' } : null;
  const faxNumber: PhoneNumber | null = typeof fax === 'string' && fax !== '' ? { number: fax, type: 'fax' } : null;
  const phoneNumbers: PhoneNumber[] = primaryPhone !== null ? (faxNumber !== null ? [primaryPhone, faxNumber] : [primaryPhone]) : faxNumber !== null ? [faxNumber] : [];

  const createdAt = record.created_at;
  const updatedAt = record.updated_at;
  const created = typeof createdAt === 'string' ? (normaliseDateTime(createdAt) ?? null) : null;
  const customer: CustomerSupportCustomer = {
    addresses,
    company_name: typeof name === 'string' ? name : null,
    emails,
    phone_numbers: phoneNumbers,
    updated_at: typeof updatedAt === 'string' ? (normaliseDateTime(updatedAt) ?? null) : null,
  };
  if (created !== null) customer.created_at = created;
  if (id !== null) customer.id = id;
  return customer;
}
