/**
 * The converter table: every value conversion a mapping can name with
 * `convert:`. Adding a converter is one entry here; the generator reads the
 * same table to check, at build time, that a converter exists and that its
 * provider and unified types fit the schemas on both sides.
 *
 * Contract: `read` turns a provider value into a unified one and `write` the
 * reverse. Both return `undefined` when the value cannot be converted; the
 * generated transformer then reports the field (as null on read, as a
 * `RequestValidationError` on write). They never throw.
 */

import { alpha2ToNumeric, numericToAlpha2, countryNameToAlpha2 } from './countries.js';

export type SchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';

export interface ConverterSignature {
  description: string;
  /** JSON types the provider side holds. */
  provider: readonly SchemaType[];
  /** The unified side: JSON type, and the `format` it produces when it matters. */
  unified: SchemaType;
  unifiedFormat?: string;
  /** The `format` a provider field it reads declares, where the converter reads a formatted text (a date, a date-time). */
  providerFormat?: string;
  /** How many unified fields one provider value stands for (2 for a full name). */
  unifiedArity?: 1 | 2;
  /** A round trip may not give back the same value; property tests allow for it. */
  lossy?: boolean;
}

export interface Converter<P = unknown, U = unknown> extends ConverterSignature {
  read(value: unknown): U | undefined;
  write(value: U): P | undefined;
}

// ---- dates -----------------------------------------------------------------

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : monthDays[month - 1]!;
}

/** Milliseconds since the epoch of an ISO 8601 date-time, or NaN. */
function parseIsoDateTime(text: string): number {
  // Fast path for the shapes providers send (`2020-09-30T07:43:32Z`,
  // `…T07:43:32.000Z`, `…T10:04:14-04:00`): integer arithmetic, no Date, no
  // regular expression — this runs once or twice per record.
  const n = text.length;
  if (n >= 20 && n <= 35 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45 && (text.charCodeAt(10) === 84 || text.charCodeAt(10) === 32) && text.charCodeAt(13) === 58 && text.charCodeAt(16) === 58) {
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 2);
    const day = digits(text, 8, 2);
    const hour = digits(text, 11, 2);
    const minute = digits(text, 14, 2);
    const second = digits(text, 17, 2);
    let index = 19;
    let millis = 0;
    if (text.charCodeAt(index) === 46) {
      let scale = 100;
      index++;
      while (index < n) {
        const c = text.charCodeAt(index);
        if (c < 48 || c > 57) break;
        millis += (c - 48) * scale;
        scale /= 10;
        index++;
      }
      millis = Math.floor(millis);
    }
    let offset = 0;
    const zone = text.charCodeAt(index);
    if (zone === 90 && index === n - 1) offset = 0;
    else if ((zone === 43 || zone === 45) && n - index === 6 && text.charCodeAt(index + 3) === 58) {
      const hours = digits(text, index + 1, 2);
      const minutes = digits(text, index + 4, 2);
      offset = hours < 0 || minutes < 0 ? NaN : (zone === 45 ? -1 : 1) * (hours * 60 + minutes);
    } else offset = NaN;
    if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 60 && !Number.isNaN(offset)) {
      return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis - offset * 60_000;
    }
    return NaN;
  }
  return /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
}

function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/**
 * `yyyy-MM-ddTHH:mm:ss.SSSZ` from its parts (year 0–9999), made in one piece
 * from character codes: a template of slices and padded numbers builds a chain
 * of partial strings that must be joined again later, several times the cost.
 */
function isoText(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number): string {
  return String.fromCharCode(
    48 + Math.floor(year / 1000),
    48 + (Math.floor(year / 100) % 10),
    48 + (Math.floor(year / 10) % 10),
    48 + (year % 10),
    45,
    48 + Math.floor(month / 10),
    48 + (month % 10),
    45,
    48 + Math.floor(day / 10),
    48 + (day % 10),
    84,
    48 + Math.floor(hour / 10),
    48 + (hour % 10),
    58,
    48 + Math.floor(minute / 10),
    48 + (minute % 10),
    58,
    48 + Math.floor(second / 10),
    48 + (second % 10),
    46,
    48 + Math.floor(millis / 100),
    48 + (Math.floor(millis / 10) % 10),
    48 + (millis % 10),
    90,
  );
}

/**
 * `2020-09-30T07:43:32.000Z` from epoch milliseconds. Date#toISOString costs
 * about a microsecond; this arithmetic (days → civil date, after Howard
 * Hinnant's algorithm) a tenth of that, and it runs twice per record.
 */
function isoFromMillis(ms: number): string | undefined {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  // A Date keeps the integer part of its time value (toward zero); so does this.
  const time = Math.trunc(ms);
  const days = Math.floor(time / 86_400_000);
  if (days < -719_162 || days > 2_932_896) return new Date(time).toISOString(); // outside years 1–9999: let Date write it
  let rest = time - days * 86_400_000;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const millis = rest - second * 1000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return isoText(year, month, day, hour, minute, second, millis);
}

/**
 * The unified form of the date-time shapes providers send
 * (`2020-09-30T07:43:32Z`, `…T07:43:32.000Z`, `…T10:04:14-04:00`), parsed and
 * written in one pass. Each digit is read once, and the ones an offset leaves
 * alone (the date unless the clock crosses midnight, the seconds, the
 * milliseconds) are copied into the result as read rather than computed
 * again. The offset moves the clock, and at most one day across midnight
 * (month and year roll by table), so no epoch arithmetic runs. Undefined when
 * the shape is another or the date leaves years 1–9999; the general path then
 * answers, with the same result where both apply.
 */
function unifiedDateTime(text: string): string | undefined {
  const n = text.length;
  const separator = text.charCodeAt(10);
  if (n < 20 || n > 35 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || (separator !== 84 && separator !== 32)) return undefined;
  // Digit values by place in `yyyy-MM-ddTHH:mm:ss`: a character other than a digit gives a value outside 0–9.
  const y0 = text.charCodeAt(0) - 48, y1 = text.charCodeAt(1) - 48, y2 = text.charCodeAt(2) - 48, y3 = text.charCodeAt(3) - 48;
  const mo0 = text.charCodeAt(5) - 48, mo1 = text.charCodeAt(6) - 48, d0 = text.charCodeAt(8) - 48, d1 = text.charCodeAt(9) - 48;
  const h0 = text.charCodeAt(11) - 48, h1 = text.charCodeAt(12) - 48, mi0 = text.charCodeAt(14) - 48, mi1 = text.charCodeAt(15) - 48;
  const s0 = text.charCodeAt(17) - 48, s1 = text.charCodeAt(18) - 48;
  // One test for all fourteen: any value below 0 or above 15 sets a bit above the lowest four; then 10–15 one by one.
  if ((y0 | y1 | y2 | y3 | mo0 | mo1 | d0 | d1 | h0 | h1 | mi0 | mi1 | s0 | s1) >>> 0 > 15) return undefined;
  if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || mo0 > 9 || mo1 > 9 || d0 > 9 || d1 > 9 || h0 > 9 || h1 > 9 || mi0 > 9 || mi1 > 9 || s0 > 9 || s1 > 9) return undefined;
  let year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = mo0 * 10 + mo1;
  let day = d0 * 10 + d1;
  const hour = h0 * 10 + h1;
  const minute = mi0 * 10 + mi1;
  // A leap second (60) rolls into the next minute: the general path does that.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || s0 * 10 + s1 > 59) {
    // Already unified but at a leap second or in year 0: kept as written, as the general path does.
    return n === 24 && text.charCodeAt(23) === 90 && text.charCodeAt(19) === 46 && !Number.isNaN(parseIsoDateTime(text)) ? text : undefined;
  }
  // Milliseconds as the character codes of the first three fraction digits, zeros where there are fewer; later digits are dropped.
  let ms0 = 48, ms1 = 48, ms2 = 48;
  let index = 19;
  if (text.charCodeAt(index) === 46) {
    for (index++; index < n; index++) {
      const c = text.charCodeAt(index);
      if (c < 48 || c > 57) break;
      if (index === 20) ms0 = c;
      else if (index === 21) ms1 = c;
      else if (index === 22) ms2 = c;
    }
  }
  const zone = text.charCodeAt(index);
  let offset: number;
  if (zone === 90 && index === n - 1) {
    // Already in the unified shape: the text itself, nothing allocated (the common case on hot paths).
    if (n === 24 && index === 23) return text;
    offset = 0;
  } else if ((zone === 43 || zone === 45) && n - index === 6 && text.charCodeAt(index + 3) === 58) {
    const oh0 = text.charCodeAt(index + 1) - 48, oh1 = text.charCodeAt(index + 2) - 48, om0 = text.charCodeAt(index + 4) - 48, om1 = text.charCodeAt(index + 5) - 48;
    if (oh0 >>> 0 > 9 || oh1 >>> 0 > 9 || om0 >>> 0 > 9 || om1 >>> 0 > 9) return undefined;
    offset = (zone === 45 ? -1 : 1) * ((oh0 * 10 + oh1) * 60 + om0 * 10 + om1);
  } else return undefined;
  let clock = hour * 60 + minute - offset;
  // The date's character codes as read, unless the offset moves the day.
  let yc0 = y0 + 48, yc1 = y1 + 48, yc2 = y2 + 48, yc3 = y3 + 48;
  let mc0 = mo0 + 48, mc1 = mo1 + 48, dc0 = d0 + 48, dc1 = d1 + 48;
  if (clock < 0 || clock >= 1440) {
    let month2 = month;
    if (clock < 0) {
      if (clock < -1440) return undefined;
      clock += 1440;
      if (--day < 1) {
        if (--month2 < 1) {
          month2 = 12;
          if (--year < 1) return undefined;
        }
        day = daysInMonth(year, month2);
      }
    } else {
      if (clock >= 2880) return undefined;
      clock -= 1440;
      if (++day > daysInMonth(year, month2)) {
        day = 1;
        if (++month2 > 12) {
          month2 = 1;
          if (++year > 9999) return undefined;
        }
      }
    }
    yc0 = 48 + ((year / 1000) | 0);
    yc1 = 48 + (((year / 100) | 0) % 10);
    yc2 = 48 + (((year / 10) | 0) % 10);
    yc3 = 48 + (year % 10);
    mc0 = 48 + ((month2 / 10) | 0);
    mc1 = 48 + (month2 % 10);
    dc0 = 48 + ((day / 10) | 0);
    dc1 = 48 + (day % 10);
  }
  if (year < 1) return undefined;
  const utcHour = (clock / 60) | 0;
  const utcMinute = clock - utcHour * 60;
  return String.fromCharCode(
    yc0, yc1, yc2, yc3, 45, mc0, mc1, 45, dc0, dc1, 84,
    48 + ((utcHour / 10) | 0), 48 + (utcHour % 10), 58, 48 + ((utcMinute / 10) | 0), 48 + (utcMinute % 10), 58,
    s0 + 48, s1 + 48, 46, ms0, ms1, ms2, 90,
  );
}

/** Unified date-times are UTC ISO 8601 with milliseconds, as the spec's examples. */
export function normaliseDateTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return unifiedDateTime(value) ?? isoFromMillis(parseIsoDateTime(value));
}

const dateTime: Converter<string, string> = {
  description: 'ISO 8601 date-time with any offset ↔ unified UTC date-time',
  provider: ['string'],
  providerFormat: 'date-time',
  unified: 'string',
  unifiedFormat: 'date-time',
  read: normaliseDateTime,
  write: (value) => normaliseDateTime(value),
};

/** A UTC date and time written `YYYY-MM-DD HH:MM:SS`, as some providers answer (no `T`, no offset). */
const utcSpaced: Converter<string, string> = {
  description: 'UTC date-time written `YYYY-MM-DD HH:MM:SS` ↔ unified UTC date-time',
  provider: ['string'],
  unified: 'string',
  unifiedFormat: 'date-time',
  read: (value) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? normaliseDateTime(`${value.replace(' ', 'T')}Z`) : undefined),
  // Sub-second precision does not exist on the provider side.
  lossy: true,
  write: (value) => {
    const iso = typeof value === 'string' ? normaliseDateTime(value) : undefined;
    return iso === undefined ? undefined : iso.slice(0, 19).replace('T', ' ');
  },
};

const unixSeconds: Converter<number, string> = {
  description: 'Unix time in seconds ↔ ISO 8601 date-time',
  provider: ['integer', 'number'],
  unified: 'string',
  unifiedFormat: 'date-time',
  read: (value) => (typeof value === 'number' && Number.isFinite(value) ? isoFromMillis(value * 1000) : typeof value === 'string' && /^\d+$/.test(value) ? isoFromMillis(Number(value) * 1000) : undefined),
  // Sub-second precision does not exist on the provider side.
  lossy: true,
  write: (value) => {
    const ms = typeof value === 'string' ? parseIsoDateTime(value) : NaN;
    return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
  },
};

const unixMillis: Converter<number, string> = {
  description: 'Unix time in milliseconds ↔ ISO 8601 date-time',
  provider: ['integer', 'number'],
  unified: 'string',
  unifiedFormat: 'date-time',
  read: (value) => (typeof value === 'number' ? isoFromMillis(value) : undefined),
  write: (value) => {
    const ms = typeof value === 'string' ? parseIsoDateTime(value) : NaN;
    return Number.isNaN(ms) ? undefined : ms;
  },
};

const dateOnly: Converter<string, string> = {
  description: 'Calendar date `yyyy-MM-dd` ↔ ISO 8601 date-time at midnight UTC',
  provider: ['string'],
  providerFormat: 'date',
  unified: 'string',
  unifiedFormat: 'date-time',
  lossy: true,
  read: (value) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? isoFromMillis(parseIsoDateTime(`${value}T00:00:00Z`)) : undefined),
  write: (value) => {
    const iso = normaliseDateTime(value);
    return iso === undefined ? undefined : iso.slice(0, 10);
  },
};

/**
 * A provider date-time that stands for a day (a birthday, a start date sent
 * at midnight) ↔ a unified calendar date. The day is the one the provider
 * wrote, in its own offset: `1990-05-01T00:00:00+02:00` is 1 May, not the
 * 30 April it is in UTC. Written back as midnight UTC of that day.
 */
const calendarDate: Converter<string, string> = {
  description: 'ISO 8601 date-time ↔ unified calendar date `yyyy-MM-dd` (the day as the provider wrote it)',
  provider: ['string'],
  providerFormat: 'date-time',
  unified: 'string',
  unifiedFormat: 'date',
  lossy: true,
  read: (value) => (typeof value === 'string' && normaliseDateTime(value) !== undefined ? value.slice(0, 10) : undefined),
  write: (value) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? normaliseDateTime(`${value}T00:00:00Z`) : undefined),
};

// ---- numbers and text ------------------------------------------------------

const numberString: Converter<number, string> = {
  description: 'Provider number ↔ unified string (ids, counts)',
  provider: ['integer', 'number'],
  unified: 'string',
  // An integer beyond 2^53 is no longer the one the provider wrote (parseProviderJson keeps those as digits): not converted.
  read: (value) => (typeof value === 'number' && Number.isFinite(value) && (Number.isSafeInteger(value) || !Number.isInteger(value)) ? String(value) : typeof value === 'string' && value !== '' ? value : undefined),
  write: (value) => {
    if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value.trim())) return undefined;
    const number = Number(value);
    return Number.isSafeInteger(number) || !Number.isInteger(number) ? number : undefined;
  },
};

const stringValue: Converter<string, string> = {
  description: 'Any scalar ↔ string (text the provider may send as a number)',
  provider: ['string', 'number', 'integer', 'boolean'],
  unified: 'string',
  read: (value) => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined),
  write: (value) => (typeof value === 'string' ? value : undefined),
};

const trimmed: Converter<string, string> = {
  description: 'String with surrounding whitespace removed; empty becomes absent',
  provider: ['string'],
  unified: 'string',
  lossy: true,
  read: (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined),
  write: (value) => (typeof value === 'string' ? value.trim() : undefined),
};

/**
 * True when the only whitespace in `text` is single spaces; decided by one character-code scan
 * for ASCII text, by a regular expression otherwise (Unicode has other spaces).
 */
function singleSpaced(text: string): boolean {
  let previousSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (previousSpace) return false;
      previousSpace = true;
    } else if (c < 32 || c >= 127) return !/\s\s|[^\S ]/.test(text);
    else previousSpace = false;
  }
  return true;
}

/**
 * First and last name of a full name: the last word is the last name,
 * everything before it (single-spaced) the first name; a single word is a
 * first name; blank is neither. Shared with hand-written code (the benchmark's
 * baselines) so both use the same fast path.
 */
export function splitFullName(value: string): [string | null, string | null] {
  const trimmed = value.trim();
  if (trimmed === '') return [null, null];
  // Most names hold single spaces only: split at the last one without building word arrays.
  if (singleSpaced(trimmed)) {
    const last = trimmed.lastIndexOf(' ');
    return last === -1 ? [trimmed, null] : [trimmed.slice(0, last), trimmed.slice(last + 1)];
  }
  const words = trimmed.split(/\s+/);
  if (words.length === 1) return [words[0]!, null];
  return [words.slice(0, -1).join(' '), words[words.length - 1]!];
}

/**
 * One full-name string ↔ first and last name. The last word is the last
 * name, everything before it the first name: "Ada King Lovelace" reads as
 * first "Ada King", last "Lovelace"; a single word is a first name.
 */
const fullName: Converter<string, [string | null, string | null]> = {
  description: 'Full name ↔ first name + last name (split at the last space)',
  provider: ['string'],
  unified: 'string',
  unifiedArity: 2,
  lossy: true,
  read: (value) => (typeof value === 'string' ? splitFullName(value) : undefined),
  write: (value) => {
    const parts = value.filter((part): part is string => typeof part === 'string' && part.trim() !== '').map((part) => part.trim());
    return parts.length === 0 ? undefined : parts.join(' ');
  },
};

// ---- countries -------------------------------------------------------------

const countryNumeric: Converter<number, string> = {
  description: 'ISO 3166-1 numeric country code ↔ unified ISO 3166-1 alpha-2',
  provider: ['integer', 'string'],
  unified: 'string',
  read: (value) => {
    if (typeof value === 'number' || (typeof value === 'string' && /^\d{1,3}$/.test(value))) return numericToAlpha2(Number(value));
    return typeof value === 'string' ? countryNameToAlpha2(value) : undefined;
  },
  write: (value) => (typeof value === 'string' ? alpha2ToNumeric(value) : undefined),
};

const countryName: Converter<string, string> = {
  description: 'Country as the provider writes it (English name, alpha-2, alpha-3 or numeric) → ISO 3166-1 alpha-2',
  provider: ['string'],
  unified: 'string',
  lossy: true,
  read: (value) => (typeof value === 'string' ? countryNameToAlpha2(value) : typeof value === 'number' ? numericToAlpha2(value) : undefined),
  write: (value) => (typeof value === 'string' && numericToAlpha2(alpha2ToNumeric(value) ?? -1) ? value.toUpperCase() : undefined),
};

export const converters = {
  'date-time': dateTime,
  'utc-spaced': utcSpaced,
  'unix-seconds': unixSeconds,
  'unix-ms': unixMillis,
  date: dateOnly,
  'calendar-date': calendarDate,
  'number-string': numberString,
  string: stringValue,
  trim: trimmed,
  'full-name': fullName,
  'country-numeric': countryNumeric,
  'country-name': countryName,
} as const satisfies Record<string, ConverterSignature & { read(value: unknown): unknown; write(value: never): unknown }>;

export type ConverterName = keyof typeof converters;

