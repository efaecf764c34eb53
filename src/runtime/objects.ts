/** Small object helpers that stay safe on hostile provider data. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sets an own data property. Plain assignment of a key such as `__proto__`
 * (which `JSON.parse` happily produces) would replace the prototype instead.
 */
export function setOwn(target: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** Reads an own member, never one inherited from a prototype. */
export function getOwn(source: unknown, key: string): unknown {
  return isObject(source) && Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
}

/** Follows a path of own members (array elements by index); `undefined` as soon as one is missing. */
export function getPath(source: unknown, path: readonly string[]): unknown {
  let current = source;
  for (const key of path) {
    current = Array.isArray(current) ? (/^\d+$/.test(key) ? current[Number(key)] : undefined) : getOwn(current, key);
    if (current === undefined) return undefined;
  }
  return current;
}

/** The first non-empty string at `path`; a `*` segment tries every member or element. */
export function findText(value: unknown, path: readonly string[]): string | undefined {
  if (path.length === 0) return typeof value === 'string' && value !== '' ? value : undefined;
  const [head, ...rest] = path;
  if (head === '*') {
    const members = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
    for (const member of members) {
      const found = findText(member, rest);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return findText(getPath(value, [head!]), rest);
}

/** A provider body as JSON when it parses (within `maxValues`, see `parseProviderJson`), else as its text; an empty body is null. */
export function parseJsonOrText(text: string, maxValues?: number): unknown {
  if (text.trim() === '') return null;
  try {
    return parseProviderJson(text, maxValues);
  } catch {
    return text;
  }
}

/**
 * A provider's JSON, with every integer beyond 2^53 kept as its digits (a
 * string): `JSON.parse` would round `9007199254740993` to `…992`, another
 * record's id, without a word. Texts without 16 digits in a row (nearly all)
 * go straight to `JSON.parse`. One holding more objects and lists than
 * `MAX_JSON_CONTAINERS`, more values than `maxValues` (a connector's
 * `maxValuesPerAnswer`), or, from `SCAN_BEFORE_PARSE_BYTES` up, a list
 * longer than `maxRecords` or an object of more members than
 * `MAX_OBJECT_MEMBERS`, is refused before it is parsed.
 */
export function parseProviderJson(text: string, maxValues?: number, maxRecords?: number): unknown {
  // A long text is looked through once for a list longer than `maxRecords` (a list page's) and an object wider than
  // MAX_OBJECT_MEMBERS; a shorter one cannot hold an object wide enough to cost much, and its records are counted after.
  if (text.length >= SCAN_BEFORE_PARSE_BYTES) {
    const past = containerPast(text, maxRecords ?? Number.POSITIVE_INFINITY, MAX_OBJECT_MEMBERS);
    if (past?.kind === 'list') throw new ListTooLong(past.count, maxRecords!);
    if (past?.kind === 'object') throw new TooManyMembers(past.count);
  }
  // Both counts come from one pass over the text, made only where a bound could be passed.
  const containersMay = mayHoldMore(text, ['{', '['], MAX_JSON_CONTAINERS);
  const valuesMay = maxValues !== undefined && mayHoldMore(text, [',', '[', '{'], maxValues);
  if (containersMay || valuesMay) {
    const { containers, values } = countJson(text);
    if (containersMay && containers > MAX_JSON_CONTAINERS) throw new TooManyContainers(containers);
    if (valuesMay && values > maxValues!) throw new TooManyValues(maxValues!);
  }
  return holdsSixteenDigits(text) ? JSON.parse(quoteUnsafeIntegers(text)) : JSON.parse(text);
}

/**
 * The fewest bytes a value (a list element, an object member) takes in a
 * real answer, on average: the committed providers' example answers take 17
 * to 23 each, so a 32 MiB answer of real records holds about two million.
 */
export const MIN_VALUE_BYTES = 8;

/**
 * The most values one provider answer may hold: one per `MIN_VALUE_BYTES` of
 * `maxResponseBytes` (4,194,304 for 32 MiB). Bytes alone leave a single
 * record free to hold 16 million numbers (`[0,0,…]`), which JSON.parse takes
 * seconds and half a gigabyte to build, and every walk after it (the
 * transformer, masking, `_raw`) as long again, for what a real provider
 * answers in a few hundred values.
 */
export function maxValuesPerAnswer(maxResponseBytes: number): number {
  return Math.floor(maxResponseBytes / MIN_VALUE_BYTES);
}

/** A provider answer past one of the bounds on what `JSON.parse` is asked to build: refused before it is parsed. */
export class AnswerPastBound extends Error {}

/** A provider answer holding more values than it may (`maxValuesPerAnswer`): refused before it is parsed. */
export class TooManyValues extends AnswerPastBound {
  constructor(readonly bound: number) {
    super(`it holds more than the ${bound} values (list elements and object members) an answer may: one per ${MIN_VALUE_BYTES} bytes of maxResponseBytes, which raises it`);
  }
}

/**
 * Whether a JSON text holds more than `bound` values (list elements and
 * object members, at any depth), counted on the text. Each takes two
 * characters at least (itself and a comma or an opening bracket), so a text
 * up to twice the bound is not looked at, nor one with no more commas and
 * brackets in all than the bound (nearly every answer).
 */
export function valuesOver(text: string, bound: number): boolean {
  return mayHoldMore(text, [',', '[', '{'], bound) && countJson(text).values > bound;
}

/**
 * The most objects and lists one provider answer may hold. Building them is
 * what JSON.parse spends its time and memory on: a 32 MiB page of real
 * records holds about 240,000 (a few a record), and a million take about a
 * second, as long as reading 32 MiB off the socket; 32 MiB of `{},` or of
 * `[` nested sixteen million deep hold 11 to 16 million, tens of seconds and
 * gigabytes.
 */
export const MAX_JSON_CONTAINERS = 1_000_000;

/** A provider answer holding more objects and lists than `MAX_JSON_CONTAINERS`: refused before it is parsed. */
export class TooManyContainers extends AnswerPastBound {
  constructor(readonly count: number) {
    super(`it holds ${count} objects and lists, more than the ${MAX_JSON_CONTAINERS} an answer may`);
  }
}

/**
 * The most members one object of a provider answer may hold. A record has
 * tens to hundreds, a map of custom fields or of records by id thousands;
 * one object of a million distinct member names took JSON.parse 1.6 to 3.5
 * seconds and 600 MB from 14 MB of text (the same million spread over a
 * thousand objects, a third of that), so a 32 MiB answer of one object
 * would take the process's memory with it while every other bound held.
 * Looked for from `SCAN_BEFORE_PARSE_BYTES` up, with the list bound: a
 * shorter text holds fewer than 200,000 members in all, and looking through
 * every answer for this alone cost 20% of parsing a 1 MB page and 130% of a
 * 10 MB one.
 */
export const MAX_OBJECT_MEMBERS = 100_000;

/** A list page whose text holds a list longer than the records it may hold (`maxRecords`): refused before it is parsed. */
export class ListTooLong extends AnswerPastBound {
  constructor(
    readonly count: number,
    readonly bound: number,
  ) {
    super(`it holds a list of ${count} items, more than the ${bound} records one page of this list may hold`);
  }
}

/** A provider answer with an object of more members than `MAX_OBJECT_MEMBERS`: refused before it is parsed. */
export class TooManyMembers extends AnswerPastBound {
  constructor(readonly count: number) {
    super(`one of its objects holds ${count} members, more than the ${MAX_OBJECT_MEMBERS} an object may`);
  }
}

/**
 * How many objects and lists a JSON text holds, when more than `bound`;
 * undefined otherwise. A text with no more `{` and `[` in all than `bound`
 * cannot hold more (nearly every answer), and is not scanned.
 */
export function containersOver(text: string, bound: number): number | undefined {
  if (!mayHoldMore(text, ['{', '['], bound)) return undefined;
  const { containers } = countJson(text);
  return containers > bound ? containers : undefined;
}

/**
 * Whether a JSON text could hold more than `bound` of what each of `marks`
 * begins (objects and lists; values): each takes two characters at least
 * (`{}`, `[]`; a value and its comma or bracket), so a text up to twice the
 * bound cannot, nor one with no more of the marks in all than the bound
 * (nearly every answer), found with indexOf, no scan.
 */
function mayHoldMore(text: string, marks: readonly string[], bound: number): boolean {
  if (text.length <= 2 * bound) return false;
  let found = 0;
  for (const mark of marks) for (let at = text.indexOf(mark); at !== -1 && found <= bound; at = text.indexOf(mark, at + 1)) found++;
  return found > bound;
}

/**
 * The objects and lists of a JSON text, and its values (list elements and
 * object members, at any depth), counted outside its strings in one pass:
 * every comma starts a value, and so does the first character of a
 * container that is not empty.
 */
function countJson(text: string): { containers: number; values: number } {
  let containers = 0;
  let values = 0;
  let opened = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) continue;
    if (opened && c !== 93 && c !== 125) values++;
    opened = c === 91 || c === 123;
    if (opened) containers++;
    else if (c === 34) i = stringEnd(text, i);
    else if (c === 44) values++;
  }
  return { containers, values };
}

/** Where the JSON string opened at `start` closes (its closing quote), escapes skipped; the text's end if it never does. */
function stringEnd(text: string, start: number): number {
  // The next quote found natively, then the backslashes right before it counted: an odd run escapes it.
  for (let quote = text.indexOf('"', start + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return text.length;
}

/**
 * Whether `text` holds 16 ASCII digits in a row: the shortest integer a number
 * may not hold exactly. Any 16 characters in a row include one at a place
 * 15 modulo 16, so only those places are looked at, and the run of digits
 * around a digit there is measured. Every page a connector reads is searched:
 * the regular expression `\d{16}` took about a third as long as JSON.parse
 * of the page, on pages full of dates and phone numbers.
 */
function holdsSixteenDigits(text: string): boolean {
  for (let at = 15; at < text.length; at += 16) {
    if (!isDigit(text.charCodeAt(at))) continue;
    let start = at;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    if (end - start >= 16) return true;
  }
  return false;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The size from which a page's text is searched for a list too long before it
 * is parsed (`listLongerThan`). A shorter one is parsed at once (at most a few hundred thousand
 * values, tens of milliseconds) and its records counted after (`collectPage`):
 * searching it costs every ordinary page of a hundred-odd records a pass over
 * its text, 8% of a listing's throughput (Intercom's pages), to spare only
 * what 32 MiB of `{},` would cost.
 */
export const SCAN_BEFORE_PARSE_BYTES = 1 << 20;

/**
 * The length of the first list in a JSON text holding more than `bound`
 * items, counted on the text before `JSON.parse` builds any of them; or
 * undefined when none does. A text with fewer commas than `bound` cannot hold
 * one, and is not scanned.
 */
export function listLongerThan(text: string, bound: number): number | undefined {
  const past = containerPast(text, bound, Number.POSITIVE_INFINITY);
  return past?.count;
}

/**
 * The first list holding more than `listBound` items, or object holding more
 * than `objectBound` members, in a JSON text, with its count; counted on the
 * text in one pass, before `JSON.parse` builds any of it. A text with fewer
 * commas than the lesser bound cannot hold either, and is not scanned.
 */
function containerPast(text: string, listBound: number, objectBound: number): { kind: 'list' | 'object'; count: number } | undefined {
  const least = Math.min(listBound, objectBound);
  let commas = 0;
  for (let at = text.indexOf(','); at !== -1 && commas < least; at = text.indexOf(',', at + 1)) commas++;
  if (commas < least) return undefined;
  // Per open container, outermost first: the commas seen in it, and whether it is a list.
  const commasIn: number[] = [];
  const isList: boolean[] = [];
  const past = (depth: number) => (isList[depth] ? commasIn[depth]! >= listBound : commasIn[depth]! >= objectBound);
  const found = (depth: number) => ({ kind: isList[depth] ? ('list' as const) : ('object' as const), count: commasIn[depth]! + 1 });
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) i = stringEnd(text, i);
    else if (c === 91 || c === 123) {
      commasIn.push(0);
      isList.push(c === 91);
    } else if (c === 93 || c === 125) {
      const depth = commasIn.length - 1;
      if (depth >= 0 && past(depth)) return found(depth);
      commasIn.pop();
      isList.pop();
    } else if (c === 44) {
      const depth = commasIn.length - 1;
      if (depth >= 0) commasIn[depth]! += 1;
    }
  }
  // A text cut off inside a long one: JSON.parse would build it all before refusing it.
  for (let depth = 0; depth < commasIn.length; depth++) if (past(depth)) return found(depth);
  return undefined;
}

/** `text` with each integer literal outside strings that a number cannot hold exactly written as a string. */
function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let kept = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i = stringEnd(text, i);
      continue;
    }
    if (c !== 45 && !isDigit(c)) continue;
    let end = i + 1;
    while (end < text.length && isNumberCharacter(text.charCodeAt(end))) end++;
    const literal = text.slice(i, end);
    const exact = unsafeIntegerText(literal);
    if (exact !== undefined) {
      out += `${text.slice(kept, i)}"${exact}"`;
      kept = end;
    }
    i = end - 1;
  }
  return kept === 0 ? text : out + text.slice(kept);
}

/** The most digits an integer written with a fraction or exponent is spelt out to (an id is far shorter; `1e400` is no id). */
const MAX_SPELT_DIGITS = 40;

/**
 * The decimal digits of an integer literal a number cannot hold exactly —
 * `9007199254740993`, or the same written `9007199254740993.0`, `9.007199254740993e15`
 * or `1e16` as some encoders write large numbers — or undefined for one it can,
 * or one that is no integer. Digits as the integer's, whatever the spelling.
 */
function unsafeIntegerText(literal: string): string | undefined {
  // Most literals are short integers: told apart without a regular expression (this runs on every number of every answer).
  let spelt = false;
  for (let i = 0; i < literal.length && !spelt; i++) {
    const c = literal.charCodeAt(i);
    spelt = c === 46 || c === 101 || c === 69;
  }
  if (!spelt) return literal.length >= 16 && /^-?\d{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal)) ? literal : undefined;
  const parts = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal);
  if (!parts || (parts[3] === undefined && parts[4] === undefined)) return undefined;
  const [, sign, whole, fraction = '', exponent = '0'] = parts;
  const shift = Number(exponent) - fraction.length;
  let digits = `${whole}${fraction}`;
  if (shift >= 0) {
    if (digits.replace(/^0+/, '').length + shift > MAX_SPELT_DIGITS) return undefined;
    digits += '0'.repeat(shift);
  } else {
    // The digits past the point must all be zeros for an integer.
    const dropped = digits.slice(shift);
    if (!/^0*$/.test(dropped) || -shift > digits.length) return undefined;
    digits = digits.slice(0, shift);
  }
  digits = digits.replace(/^0+(?=\d)/, '');
  if (digits.length < 16 || Number.isSafeInteger(Number(digits))) return undefined;
  return `${sign}${digits}`;
}

function isNumberCharacter(c: number): boolean {
  return isDigit(c) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}
