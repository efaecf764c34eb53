/**
 * Revnue customer → unified customer, written by hand: the benchmark's
 * baseline for the mapping work in `mappings/revnue.yaml`. Same guards and
 * same output as the generated transformer; no issue reporting.
 */

import type { Address, CustomerSupportCustomer, Email, PhoneNumber } from '../../generated/unified/types.gen.js';
import { splitFullName } from '../../src/runtime/converters.js';
import { countryNameToAlpha2, numericToAlpha2 } from '../../src/runtime/countries.js';
import { isEmailAddress } from '../../src/runtime/formats.js';

type JsonObject = Record<string, unknown>;


function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function toUnifiedCustomer(record: unknown): CustomerSupportCustomer | undefined {
  if (!isObject(record)) return undefined;

  const rawId = record.id;
  const id = typeof rawId === 'number' ? (Number.isFinite(rawId) && (Number.isSafeInteger(rawId) || !Number.isInteger(rawId)) ? String(rawId) : null) : typeof rawId === 'string' && rawId !== '' ? rawId : null;
  const name = record.name;

  // The contact person carries the person's name and email.
  let firstName: string | null = null;
  let lastName: string | null = null;
  let emails: Email[] = [];
  const contact = record.contact_person;
  if (isObject(contact)) {
    const fullName = contact.name;
    if (typeof fullName === 'string') [firstName, lastName] = splitFullName(fullName);
    const email = contact.email;
    if (typeof email === 'string' && isEmailAddress(email)) emails = [{ email, type: 'primary' }];
  }

  const rawLine1 = record.address_line_1;
  const rawLine2 = record.address_line_2;
  const rawCity = record.city;
  const rawState = record.state_province;
  const rawZip = record.zip_postal_code;
  const rawCountry = record.country;
  const line1 = typeof rawLine1 === 'string' ? rawLine1 : null;
  const line2 = typeof rawLine2 === 'string' ? rawLine2 : null;
  const city = typeof rawCity === 'string' ? rawCity : null;
  const state = typeof rawState === 'string' ? rawState : null;
  const postalCode = typeof rawZip === 'string' ? rawZip : null;
  const country = typeof rawCountry === 'string' ? (countryNameToAlpha2(rawCountry) ?? null) : typeof rawCountry === 'number' ? (numericToAlpha2(rawCountry) ?? null) : null;
  const addresses: Address[] = line1 !== null || line2 !== null || city !== null || state !== null || postalCode !== null || country !== null ? [{ city, country, line1, line2, postal_code: postalCode, state }] : [];

  // Literals of exactly the numbers present: `[]` then push allocates a spare backing store.
  const phone = record.phone;
  const mobile = record.mobile;
  const fax = record.fax;
  const primary: PhoneNumber | null = typeof phone === 'string' && phone !== '' ? { number: phone, type: 'primary' } : null;
  const mobileNumber: PhoneNumber | null = typeof mobile === 'string' && mobile !== '' ? { number: mobile, type: 'mobile' } : null;
  const faxNumber: PhoneNumber | null = typeof fax === 'string' && fax !== '' ? { number: fax, type: 'fax' } : null;
  const phoneNumbers: PhoneNumber[] =
    primary !== null
      ? mobileNumber !== null
        ? faxNumber !== null ? [primary, mobileNumber, faxNumber] : [primary, mobileNumber]
        : faxNumber !== null ? [primary, faxNumber] : [primary]
      : mobileNumber !== null
        ? faxNumber !== null ? [mobileNumber, faxNumber] : [mobileNumber]
        : faxNumber !== null ? [faxNumber] : [];

  const notes = record.general_description;
  const customer: CustomerSupportCustomer = {
    addresses,
    company_name: typeof name === 'string' ? name : null,
    emails,
    first_name: firstName,
    last_name: lastName,
    notes: typeof notes === 'string' ? notes : null,
    phone_numbers: phoneNumbers,
  };
  if (id !== null) customer.id = id;
  return customer;
}
