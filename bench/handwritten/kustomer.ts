/**
 * Kustomer customer → unified customer, written by hand: the benchmark's
 * baseline for the mapping work in `mappings/kustomer.yaml`. Same guards and
 * same output as the generated transformer; no issue reporting.
 */

import type { Address, CustomerSupportCustomer, Email, EmailType, PhoneNumber, PhoneNumberType, AddressType } from '../../generated/unified/types.gen.js';
import { normaliseDateTime } from '../../src/runtime/converters.js';
import { isEmailAddress } from '../../src/runtime/formats.js';

type JsonObject = Record<string, unknown>;


function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Kustomer sends coordinates as numbers; the unified address holds strings. */
function numberText(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) && (Number.isSafeInteger(value) || !Number.isInteger(value)) ? String(value) : null;
  return typeof value === 'string' && value !== '' ? value : null;
}

// Kustomer's types → unified types; any other value is "other", none is none.
function emailType(value: unknown): EmailType | null {
  switch (value) {
    case 'home': return 'personal';
    case 'other': return 'other';
    case 'work': return 'work';
    default: return value === undefined || value === null ? null : 'other';
  }
}

function phoneType(value: unknown): PhoneNumberType | null {
  switch (value) {
    case 'fax': return 'fax';
    case 'home': return 'home';
    case 'mobile': return 'mobile';
    case 'other': return 'other';
    case 'work': return 'work';
    default: return value === undefined || value === null ? null : 'other';
  }
}

function addressType(value: unknown): AddressType | null {
  switch (value) {
    case 'home': return 'home';
    case 'other': return 'other';
    case 'work': return 'office';
    default: return value === undefined || value === null ? null : 'other';
  }
}

export function toUnifiedCustomer(record: unknown): CustomerSupportCustomer | undefined {
  if (!isObject(record)) return undefined;

  const rawId = record.id;
  const id = typeof rawId === 'string' ? rawId : null;

  const emails: Email[] = [];
  const phoneNumbers: PhoneNumber[] = [];
  const addresses: Address[] = [];
  let firstName: string | null = null;
  let lastName: string | null = null;
  let createdAt: string | null = null;
  let updatedAt: string | null = null;

  const attributes = record.attributes;
  if (isObject(attributes)) {
    firstName = stringOrNull(attributes.firstName);
    lastName = stringOrNull(attributes.lastName);

    const emailList = attributes.emails;
    if (Array.isArray(emailList)) {
      for (let i = 0; i < emailList.length; i++) {
        const entry: unknown = emailList[i];
        if (!isObject(entry)) continue;
        const email = entry.email;
        if (typeof email !== 'string' || !isEmailAddress(email)) continue;
        const item: Email = { email };
        const type = emailType(entry.type);
        if (type !== null) item.type = type;
        emails.push(item);
      }
    }

    const phoneList = attributes.phones;
    if (Array.isArray(phoneList)) {
      for (let i = 0; i < phoneList.length; i++) {
        const entry: unknown = phoneList[i];
        if (!isObject(entry)) continue;
        const phone = entry.phone;
        if (typeof phone !== 'string' || phone === '') continue;
        const item: PhoneNumber = { number: phone };
        const type = phoneType(entry.type);
        if (type !== null) item.type = type;
        phoneNumbers.push(item);
      }
    }

    const locationList = attributes.locations;
    if (Array.isArray(locationList)) {
      for (let i = 0; i < locationList.length; i++) {
        const entry: unknown = locationList[i];
        if (!isObject(entry)) continue;
        const type = addressType(entry.type);
        const item: Address = {
          city: stringOrNull(entry.cityName),
          country: stringOrNull(entry.countryCode),
          latitude: numberText(entry.latitude),
          line1: stringOrNull(entry.address),
          line2: stringOrNull(entry.address2),
          line3: stringOrNull(entry.address3),
          longitude: numberText(entry.longitude),
          name: stringOrNull(entry.name),
          postal_code: stringOrNull(entry.zipCode),
          state: stringOrNull(entry.regionName),
        };
        // A location without a single value is skipped.
        if (type === null && item.city === null && item.country === null && item.latitude === null && item.line1 === null && item.line2 === null && item.line3 === null && item.longitude === null && item.name === null && item.postal_code === null && item.state === null) continue;
        if (type !== null) item.type = type;
        addresses.push(item);
      }
    }

    const created = attributes.createdAt;
    if (typeof created === 'string') createdAt = normaliseDateTime(created) ?? null;
    const updated = attributes.updatedAt;
    if (typeof updated === 'string') updatedAt = normaliseDateTime(updated) ?? null;
  }

  let createdBy: string | null = null;
  let updatedBy: string | null = null;
  const relationships = record.relationships;
  if (isObject(relationships)) {
    const creator = relationships.createdBy;
    if (isObject(creator) && isObject(creator.data)) createdBy = stringOrNull(creator.data.id);
    const modifier = relationships.modifiedBy;
    if (isObject(modifier) && isObject(modifier.data)) updatedBy = stringOrNull(modifier.data.id);
  }

  const customer: CustomerSupportCustomer = {
    addresses,
    created_by: createdBy,
    emails,
    first_name: firstName,
    last_name: lastName,
    phone_numbers: phoneNumbers,
    updated_at: updatedAt,
    updated_by: updatedBy,
  };
  if (createdAt !== null) customer.created_at = createdAt;
  if (id !== null) customer.id = id;
  return customer;
}
