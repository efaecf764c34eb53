/**
 * The string formats of the specs, each defined once. The runtime checks
 * values with these (a provider value read into a unified field, a write
 * before it is sent), and the tests' schema validation registers the same
 * functions with Ajv, so a value a connector lets through is one the tests
 * accept, and the other way round.
 */

// Characters of an RFC 5322 atom (`atext`), by character code: letters, digits and !#$%&'*+/=?^_`{|}~-.
const ATEXT = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~-") ATEXT[c.charCodeAt(0)] = 1;

function isLetterOrDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * A dot-atom local part and a domain of dot-separated labels (RFC 5321's common form, as
 * JSON Schema validators check it): labels of 1–63 letters, digits and inner hyphens; at
 * most 254 characters. One scan by character code: a regular expression costs several
 * times as much, and this runs on every email of every record.
 */
export function isEmailAddress(value: string): boolean {
  const n = value.length;
  if (n > 254) return false;
  let i = 0;
  // Local part: atoms joined by single dots.
  let atomLength = 0;
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 64) break;
    if (c === 46) {
      if (atomLength === 0) return false;
      atomLength = 0;
    } else if (c < 128 && ATEXT[c] === 1) atomLength++;
    else return false;
  }
  if (i === n || atomLength === 0) return false;
  // Domain: labels joined by single dots, each starting and ending with a letter or digit.
  let labelLength = 0;
  let last = 0;
  for (i++; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 46) {
      if (labelLength === 0 || last === 45) return false;
      labelLength = 0;
    } else if (isLetterOrDigit(c) || (c === 45 && labelLength > 0)) {
      if (++labelLength > 63) return false;
    } else return false;
    last = c;
  }
  return labelLength > 0 && last !== 45;
}
// RFC 3339: a full date, a time with seconds, and a zone.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COUNTRY_CODE = /^[A-Z]{2}$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

function isDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s, zh, zm] = m.map(Number) as number[];
  // Second 60 is a leap second, which RFC 3339 allows.
  return isCalendarDate(y!, mo!, d!) && h! <= 23 && mi! <= 59 && s! <= 60 && (zh === undefined || Number.isNaN(zh) || (zh <= 23 && zm! <= 59));
}

function isUri(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

export interface StringFormat {
  /** True when `value` is in this format. */
  test(value: string): boolean;
  /** What a value must be, for messages: "must be an email address". */
  description: string;
}

export const FORMATS: Readonly<Record<string, StringFormat>> = {
  email: { test: isEmailAddress, description: 'an email address' },
  'date-time': { test: isDateTime, description: 'an RFC 3339 date-time (2024-01-02T03:04:05Z)' },
  date: { test: (value) => DATE.test(value) && isCalendarDate(...(DATE.exec(value)!.slice(1).map(Number) as [number, number, number])), description: 'a date (yyyy-MM-dd)' },
  uri: { test: isUri, description: 'an absolute URI' },
  uuid: { test: (value) => UUID.test(value), description: 'a UUID' },
  // Not an OpenAPI format, but what the country converters read and write (ISO 3166-1 alpha-2).
  'country-code': { test: (value) => COUNTRY_CODE.test(value), description: 'an ISO 3166-1 alpha-2 country code' },
};

/** Undefined when `value` is in `format` (or the format is one this table does not define), else what it must be. */
export function formatProblem(format: string | undefined, value: string): string | undefined {
  const known = format === undefined ? undefined : FORMATS[format];
  return known && !known.test(value) ? known.description : undefined;
}
