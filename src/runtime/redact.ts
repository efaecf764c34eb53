/**
 * Keeps credentials out of everything a connector hands back: error
 * messages, `detail`, issue reports, log events and the `raw` provider payload.
 *
 * Two nets: values equal to (or containing) a configured secret — in any
 * form it can travel in — are masked wherever they appear, and members whose
 * *name* says they hold a secret (authorization, api key, token, password, …)
 * are masked whatever their value.
 *
 * The forms of a secret: the text itself; the credential pairs Basic auth
 * builds (`user:secret`, `secret:secret`, and the decoded value of every
 * Basic header actually sent); and Base64 (standard and URL-safe, padded or
 * not). A Base64 substring depends on where the secret starts inside the
 * encoded bytes, so each of the three alignments is masked by its stable
 * core — the characters that depend on the secret's bytes alone. Every form
 * is matched character by character, each character as itself or any JSON,
 * percent or HTML escape of it (`\/`, `\u002f` in either hex case, `%2F` or `%2f` for
 * each UTF-8 byte, `+` for a space, `&#x2F;`, `&#47;`, `&sol;`, as an error page
 * escapes what it echoes), in any mix and through nested escaping,
 * so no encoder's choice of what to escape lets a form through. A form cut
 * short (a provider quoting the first characters, an excerpt ending
 * mid-secret, mid-escape included) is masked down to its first four
 * characters when the cut is visible: at the end of the text, before an
 * ellipsis, a closing quote or a tag.
 */

import { createHash } from 'node:crypto';
import { UnifiedError } from './errors.js';
import { setOwn } from './objects.js';

export const MASK = '[REDACTED]';

/** Shorter secrets are not masked: masking them would shred normal text. */
export const MIN_SECRET_LENGTH = 4;
// A form cut to fewer characters than this is indistinguishable from ordinary text.
const MIN_PREFIX_LENGTH = 4;
/**
 * Secrets this long or longer are masked by any stretch of half of them (see `Redactor.fragments`), up to
 * FRAGMENT_SECRET_MAX: tokens and keys. A shorter one (a user name, an account's e-mail address, which other
 * accounts' addresses share half of) is masked by its forms alone, as is one holding `@` or a space.
 */
const FRAGMENT_SECRET_LENGTH = 24;
/** Past this, a secret is a key file or a certificate rather than a token: its fragments are not looked for (each would be a long scan). */
const FRAGMENT_SECRET_MAX = 1024;
/** The characters either side of a secret's middle a fragment is found by (a quarter of it, for a secret under 32). */
const FRAGMENT_ANCHOR = 8;

const secretKeyName = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|apikey|api[-_]?token|access[-_]?token|refresh[-_]?token|client[-_]?secret|secret|password|passwd|token|bearer)$/i;

export function isSecretKeyName(name: string): boolean {
  return secretKeyName.test(name);
}

/**
 * The Base64 text that depends only on `bytes` when they are encoded after
 * `offset` other bytes: the characters fully inside the secret's bits.
 */
export function base64Core(bytes: Buffer, offset: 0 | 1 | 2): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
  const first = Math.ceil((offset * 8) / 6);
  const end = Math.floor(((offset + bytes.length) * 8) / 6);
  return encoded.slice(first, end);
}

const urlSafe = (base64: string) => base64.replace(/\+/g, '-').replace(/\//g, '_');

/**
 * Every form `plain` can travel in, unescaped text first. Escaped writings
 * (percent, form, JSON) are not listed: each form is matched with every
 * character escaped or not (see `characterPattern`).
 */
export function secretForms(plain: string): string[] {
  const forms = new Set<string>([plain]);
  const bytes = Buffer.from(plain, 'utf8');
  const whole = bytes.toString('base64');
  for (const base64 of [whole, whole.replace(/=+$/, '')]) {
    forms.add(base64);
    forms.add(urlSafe(base64));
  }
  for (const offset of [0, 1, 2] as const) {
    const core = base64Core(bytes, offset);
    forms.add(core);
    forms.add(urlSafe(core));
  }
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/**
 * The plain texts to mask for a connection: each secret, each pair Basic
 * auth could build from the credentials, and what the auth headers carry
 * (a Basic header's decoded `user:password` included).
 */
export function connectionSecrets(credentials: readonly string[], authValues: readonly string[] = []): string[] {
  const secrets = credentials.filter((value) => typeof value === 'string' && value.length >= MIN_SECRET_LENGTH);
  const plain = new Set<string>(secrets);
  for (const secret of secrets) {
    for (const other of credentials) {
      if (typeof other !== 'string') continue;
      plain.add(`${other}:${secret}`);
      plain.add(`${secret}:${other}`);
    }
  }
  for (const value of authValues) {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) continue;
    plain.add(value);
    const basic = /^basic\s+([A-Za-z0-9+/=_-]+)$/i.exec(value.trim());
    if (basic) plain.add(Buffer.from(basic[1]!, 'base64').toString('utf8'));
  }
  return [...plain].filter((value) => value.length >= MIN_SECRET_LENGTH);
}

/** A trie of the forms, one node per character (code point). */
interface FormNode {
  /** By code point, case-folded where the trie's forms are matched in any case (`fold`). */
  readonly children: Map<number, FormNode>;
  /** How many characters of a form lead here. */
  readonly depth: number;
  /** A whole form ends here. */
  whole: boolean;
  /** Whether the trie's forms are matched in any case (see `folded`). */
  readonly fold: boolean;
}

/** The child of `node` that `code` leads to, in its trie's case rule. */
function childOf(node: FormNode, code: number): FormNode | undefined {
  return node.children.get(node.fold ? folded(code) : code);
}

/**
 * Forms this long or longer are matched in any case: an echo may upper- or lower-case what it quotes. Shorter ones (a
 * user name, which Basic auth pairs with the secret) only as written: folded, they would mask ordinary words (a
 * credential `user` in `C:\\Users`).
 */
const MIN_FOLDED_LENGTH = 8;

/** The secrets' forms compiled for masking: their trie, and what the walk looks up at each character below 256. */
interface FormTable {
  readonly root: FormNode;
  /** The most characters of text one form can span, spelled its longest way. */
  readonly longestForm: number;
  /** By character code below 256, 1 where a form may begin in some spelling. */
  readonly starts: Uint8Array;
  /** By character code below 256 that spells no other (not a backslash, percent sign or plus), the root's child for it, which `starts` marks. */
  readonly firstNodes: readonly (FormNode | undefined)[];
  /** For each of `firstNodes`, by the code below 256 of the character after it, 1 where that character may go on with a form (`continues`). */
  readonly seconds: readonly (Uint8Array | undefined)[];
}

/** The secrets' forms compiled: those matched in any case, and the short ones matched as written, each a table (none for none). */
function buildFormTables(secrets: readonly string[]): FormTable[] {
  const forms = new Set<string>();
  for (const secret of secrets) for (const form of secretForms(secret)) forms.add(form);
  const long = [...forms].filter((form) => form.length >= MIN_FOLDED_LENGTH);
  const short = [...forms].filter((form) => form.length < MIN_FOLDED_LENGTH);
  return [...(long.length > 0 ? [buildFormTable(long, true)] : []), ...(short.length > 0 ? [buildFormTable(short, false)] : [])];
}

function buildFormTable(forms: readonly string[], fold: boolean): FormTable {
  const root: FormNode = { children: new Map(), depth: 0, whole: false, fold };
  let longestForm = 0;
  for (const form of forms) {
    let node = root;
    for (const char of form) {
      const code = fold ? folded(char.codePointAt(0)!) : char.codePointAt(0)!;
      let child = node.children.get(code);
      if (!child) node.children.set(code, (child = { children: new Map(), depth: node.depth + 1, whole: false, fold }));
      node = child;
    }
    node.whole = true;
    longestForm = Math.max(longestForm, node.depth * (LONGEST_SPELLING + LONGEST_BREAK));
  }
  // `continues` from the root, worked out ahead for each character below 256, and the root's child for each.
  // And for each such child, `continues` from it for each character below 256: a letter that begins a form in either case
  // is common, and the one after it decides most places by a second look in a table.
  const starts = new Uint8Array(256);
  const firstNodes = new Array<FormNode | undefined>(256).fill(undefined);
  const seconds = new Array<Uint8Array | undefined>(256).fill(undefined);
  for (let code = 0; code < 256; code++) {
    if (continues(root, String.fromCharCode(code), 0)) starts[code] = 1;
    const first = isEscape(code) ? undefined : childOf(root, code);
    if (!first) continue;
    firstNodes[code] = first;
    const next = (seconds[code] = new Uint8Array(256));
    for (let after = 0; after < 256; after++) if (continues(first, String.fromCharCode(after), 0)) next[after] = 1;
  }
  return { root, longestForm, starts, firstNodes, seconds };
}

// Connectors made with the same credentials (one per request, as a serverless handler may make them; a connector's
// error and record masks often hold the same secrets) share the table those secrets compile to, for as long as one of
// them is alive: the build is the costliest part of a first mask. Found by a digest, so this index holds no secret,
// and held weakly, so a table goes with the last connector that uses it.
const formTables = new Map<string, WeakRef<FormTable[]>>();
const forgetFormTable = new FinalizationRegistry<string>((key) => {
  if (formTables.get(key)?.deref() === undefined) formTables.delete(key);
});

function sharedFormTables(secrets: readonly string[]): FormTable[] {
  const key = createHash('sha256').update(JSON.stringify([...secrets].sort())).digest('base64');
  const known = formTables.get(key)?.deref();
  if (known) return known;
  const tables = buildFormTables(secrets);
  formTables.set(key, new WeakRef(tables));
  forgetFormTable.register(tables, key);
  return tables;
}

// JSON's short escapes, by the character after the backslash; `/` may be escaped (PHP's json_encode does) though it need not be.
const JSON_SHORT = new Map<string, number>([['"', 0x22], ['/', 0x2f], ['\\', 0x5c], ['b', 0x08], ['f', 0x0c], ['n', 0x0a], ['r', 0x0d], ['t', 0x09]]);
const BACKSLASH = 0x5c;
const PERCENT = 0x25;
/** A space in a form-encoded value. */
const PLUS = 0x2b;
const SPACE = 0x20;
/** The start of an HTML character reference (`&#x3D;`, `&amp;`): an error page escaping what it echoes. */
const AMPERSAND = 0x26;
const HTML_NAMED = new Map<string, number>([['amp', 0x26], ['lt', 0x3c], ['gt', 0x3e], ['quot', 0x22], ['apos', 0x27], ['sol', 0x2f], ['equals', 0x3d], ['plus', 0x2b], ['colon', 0x3a], ['num', 0x23], ['percnt', 0x25], ['grave', 0x60], ['lowbar', 0x5f], ['hyphen', 0x2d], ['period', 0x2e], ['nbsp', 0xa0]]);
/** The longest HTML character reference followed: `&#x10FFFF;`, `&#1114111;`, or one padded with zeros (`&#x0000006B;`). */
const LONGEST_REFERENCE = 16;

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20; // either case: `2f` and `2F`
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** The value of `count` hex digits at `at`, or -1. */
function hexAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = i < text.length ? hexDigit(text.charCodeAt(i)) : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

// JSON quoted inside JSON escapes each backslash again (1, 3, 7, 15, 31 backslashes for 1 to 5 levels), a URL inside a URL
// each `%` (as `%25`). Deeper than these is not followed: a long run of either would otherwise be read again at each position.
const MAX_BACKSLASHES = 31;
const MAX_PERCENT_LEVELS = 5;

/** After a run of backslashes at `at`, up to MAX_BACKSLASHES of them. */
function afterBackslashes(text: string, at: number): number {
  let end = at;
  while (end - at < MAX_BACKSLASHES && text.charCodeAt(end) === BACKSLASH) end++;
  return end;
}

/** `\uXXXX` (any number of backslashes, hex in either case) at `at`: [UTF-16 unit, end], or undefined. */
function unitAt(text: string, at: number): [number, number] | undefined {
  if (text.charCodeAt(at) !== BACKSLASH) return undefined;
  const u = afterBackslashes(text, at);
  if (text.charCodeAt(u) !== 0x75) return undefined;
  const unit = hexAt(text, u + 1, 4);
  return unit < 0 ? undefined : [unit, u + 5];
}

/** `%XX` (the `%` itself escaped any number of times as `%25`, a URL inside a URL) at `at`: [byte, end], or undefined. */
function byteAt(text: string, at: number): [number, number] | undefined {
  if (text.charCodeAt(at) !== PERCENT) return undefined;
  let hex = at + 1;
  for (let level = 1; level < MAX_PERCENT_LEVELS && text.charCodeAt(hex) === 0x32 && text.charCodeAt(hex + 1) === 0x35 && hexAt(text, hex + 2, 2) >= 0; level++) hex += 2;
  const byte = hexAt(text, hex, 2);
  return byte < 0 ? undefined : [byte, hex + 2];
}

/** How many continuation bytes a UTF-8 lead byte announces, or -1 for a byte no character begins with. */
function continuations(lead: number): number {
  if (lead < 0x80) return 0;
  if (lead >= 0xc0 && lead < 0xe0) return 1;
  if (lead >= 0xe0 && lead < 0xf0) return 2;
  if (lead >= 0xf0 && lead < 0xf8) return 3;
  return -1;
}

/**
 * Each character (code point) that text at `at` can spell, with where its
 * spelling ends: the character itself; a space written `+` (form encoding);
 * a JSON escape (a short one such as `\/`, or `\uXXXX`, a surrogate pair as
 * two); percent-escaped UTF-8 bytes. Hex digits in either case. Encoders
 * differ in what they escape, so a form is matched with every character in
 * every spelling rather than whole in the spellings of a few encoders.
 * Returns how many numbers it left in `spelled`.
 */
function spellings(text: string, at: number): number {
  spelled.length = 0;
  const code = text.codePointAt(at)!;
  visit(code, at + (code > 0xffff ? 2 : 1));
  if (code === PLUS) visit(SPACE, at + 1);
  else if (code === AMPERSAND) {
    const reference = referenceAt(text, at);
    if (reference) visit(reference[0], reference[1]);
  }
  else if (code === BACKSLASH) {
    const unit = unitAt(text, at);
    if (unit) {
      const [high, end] = unit;
      const low = high >= 0xd800 && high < 0xdc00 ? unitAt(text, end) : undefined;
      if (low && low[0] >= 0xdc00 && low[0] < 0xe000) visit(0x10000 + ((high - 0xd800) << 10) + (low[0] - 0xdc00), low[1]);
      else visit(high, end);
      return spelled.length;
    }
    const escaped = afterBackslashes(text, at);
    const short = JSON_SHORT.get(text.charAt(escaped));
    if (short !== undefined) visit(short, escaped + 1);
    // A run of backslashes is one backslash escaped once or more.
    if (escaped - at >= 2) visit(BACKSLASH, escaped);
  } else if (code === PERCENT) {
    const first = byteAt(text, at);
    if (!first) return spelled.length;
    let [char, end] = first;
    const more = continuations(char);
    if (more < 0) return spelled.length;
    char &= [0x7f, 0x1f, 0x0f, 0x07][more]!;
    for (let i = 0; i < more; i++) {
      const next = byteAt(text, end);
      if (!next || (next[0] & 0xc0) !== 0x80) return spelled.length;
      char = (char << 6) | (next[0] & 0x3f);
      end = next[1];
    }
    visit(char, end);
  }
  return spelled.length;
}

/**
 * An HTML character reference at `at` (`&#61;`, `&#x3D;` in either case,
 * or a named one such as `&amp;`, `&quot;`): [character, end], or undefined.
 */
function referenceAt(text: string, at: number): [number, number] | undefined {
  if (text.charCodeAt(at) !== AMPERSAND) return undefined;
  const end = text.indexOf(';', at + 2);
  if (end < 0 || end - at > LONGEST_REFERENCE) return undefined;
  const body = text.slice(at + 1, end);
  if (body.charCodeAt(0) === 0x23) {
    const hex = (body.charCodeAt(1) | 0x20) === 0x78;
    const digits = body.slice(hex ? 2 : 1);
    if (digits === '' || !(hex ? /^[0-9a-f]+$/i : /^[0-9]+$/).test(digits)) return undefined;
    const code = Number.parseInt(digits, hex ? 16 : 10);
    return code > 0 && code <= 0x10ffff ? [code, end + 1] : undefined;
  }
  const named = HTML_NAMED.get(body.toLowerCase());
  return named === undefined ? undefined : [named, end + 1];
}

// What `spellings` found, as character, end, character, end…: one buffer, reused, since it runs at every position of every text.
const spelled: number[] = [];
function visit(char: number, end: number): void {
  spelled.push(char, end);
}

// Where a cut shows: the end of the text, an ellipsis a provider or excerpt left, or a closing quote or tag.
function cutShowsAt(text: string, at: number): boolean {
  if (at >= text.length) return true;
  const char = text.charAt(at);
  return char === '…' || char === '"' || char === "'" || char === '<' || text.startsWith('...', at);
}

/**
 * Where what a cut left of a character's escape ends, if text at `at` is
 * one: a JSON escape cut short (`\`, `\u00`, a surrogate pair after its first
 * half), a percent escape cut short (`%`, `%2`), or the first UTF-8 bytes of
 * a character cut before its last; else `at`.
 */
function partOfAnEscape(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code === AMPERSAND) {
    // An HTML character reference cut before its `;` (`&#x3`, `&am`) at the end of the text.
    const rest = text.slice(at, at + LONGEST_REFERENCE);
    return text.length - at <= LONGEST_REFERENCE && /^&(?:#x?[0-9a-f]*|[a-z]*)$/i.test(rest) ? text.length : at;
  }
  if (code === BACKSLASH) {
    const whole = unitAt(text, at);
    // A complete escape is a character, not part of one: only a surrogate pair's first half is.
    if (whole) return whole[0] >= 0xd800 && whole[0] < 0xdc00 ? partOfAnEscape(text, whole[1]) : at;
    let end = afterBackslashes(text, at);
    if (text.charCodeAt(end) === 0x75) for (end++; hexDigit(text.charCodeAt(end)) >= 0; ) end++;
    return end;
  }
  if (code !== PERCENT) return at;
  let end = at;
  for (let lead = true; ; lead = false) {
    const byte = byteAt(text, end);
    if (!byte) break;
    // Only the bytes of a character cut short: a lead byte, then its continuations.
    if (lead ? continuations(byte[0]) <= 0 : (byte[0] & 0xc0) !== 0x80) return at;
    end = byte[1];
  }
  if (text.charCodeAt(end) !== PERCENT) return end;
  end++;
  for (let level = 1; level < MAX_PERCENT_LEVELS && text.charCodeAt(end) === 0x32 && text.charCodeAt(end + 1) === 0x35; level++) end += 2;
  return hexDigit(text.charCodeAt(end)) >= 0 ? end + 1 : end;
}

/** A character that may begin an escaped spelling of another. */
function isEscape(code: number): boolean {
  return code === BACKSLASH || code === PERCENT || code === PLUS || code === AMPERSAND;
}

/**
 * Whether the character at `at`, in some spelling (see `spellings`), may be
 * one that follows `node`: a backslash or a percent sign may spell any, a
 * plus itself or a space.
 */
function continues(node: FormNode, text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code === BACKSLASH || code === PERCENT || code === AMPERSAND) return true;
  if (code === PLUS) return node.children.has(PLUS) || node.children.has(SPACE);
  // Inside a form, a line break (or NUL) may stand between two of its characters: the walk looks past it.
  if (node.depth > 0 && (code === CR || code === LF || code === 0 || isZeroWidth(code))) return true;
  return childOf(node, text.codePointAt(at)!) !== undefined;
}

/**
 * A character's code point with its case folded (`A` → `a`, `É` → `é`): an
 * echo may upper- or lower-case what it quotes (`Access Token Invalid:
 * KLM9…`), and a form matched only as written would let it through. Letters
 * of ASCII and Latin-1 only: the characters of tokens, keys and their
 * Base64, and a fold of each character of a text beyond those would cost a
 * string per character of every non-Latin text masked.
 */
function folded(code: number): number {
  if (code < 0x41) return code;
  if (code <= 0x5a) return code + 0x20;
  if (code < 0xc0 || code > 0xde || code === 0xd7) return code;
  return code + 0x20;
}

const CR = 0x0d;
const LF = 0x0a;

/** A character that shows nothing (zero-width space, non-joiner, joiner, word joiner, byte order mark): put between a secret's characters, it hides it from a search and not from a reader. */
function isZeroWidth(code: number): boolean {
  return (code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff;
}

/**
 * Where a line break between two characters of a form ends, if one starts
 * at `at`: `\r\n`, `\n` or `\r`, as themselves or escaped (a JSON `\n`,
 * `%0A`), one to three NULs (UTF-16 or UTF-32 text read as single
 * bytes), or a character that shows nothing (see isZeroWidth); else `at`. Base64 is wrapped into lines (MIME at 76 columns, PEM
 * at 64), and a secret echoed in it is cut by them wherever they fall: one
 * break is passed over before each character of a form, no more, so a run
 * of them still ends a match.
 */
function breakEnd(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (isZeroWidth(code)) return at + 1;
  if (code === 0) {
    let end = at + 1;
    while (end < at + 3 && text.charCodeAt(end) === 0) end++;
    return end;
  }
  let end = at;
  let char = code;
  if (code === BACKSLASH || code === PERCENT) {
    [char, end] = escapedBreak(text, at);
    if (end === at) return at;
  } else if (code === CR || code === LF) end = at + 1;
  else return at;
  if (char === CR) {
    // A CR LF pair is one break.
    const next = text.charCodeAt(end);
    if (next === LF) end++;
    else if (next === BACKSLASH || next === PERCENT) {
      const [after, afterEnd] = escapedBreak(text, end);
      if (after === LF) end = afterEnd;
    }
  }
  return end - at <= LONGEST_BREAK ? end : at;
}

/** A line break escaped at `at` (`\n`, `\u000a`, `%0D`): [the character, its end], or [-1, at]. */
function escapedBreak(text: string, at: number): [number, number] {
  const count = spellings(text, at);
  for (let i = 0; i < count; i += 2) {
    if (spelled[i] === CR || spelled[i] === LF) return [spelled[i]!, spelled[i + 1]!];
  }
  return [-1, at];
}

/**
 * After a form's first character as itself (`first`), whether some form may
 * go on at `next`: false where that character continues none in any spelling.
 */
function goesOn(first: FormNode, text: string, next: number): boolean {
  // A whole form of one character: the walk decides. (No cut shows this soon: that takes MIN_PREFIX_LENGTH characters.)
  return first.whole || (next < text.length && continues(first, text, next));
}

// The longest spelling of one character the masking follows: a UTF-16 pair, each half `\\…\\uXXXX` under MAX_BACKSLASHES.
const LONGEST_SPELLING = 2 * (MAX_BACKSLASHES + 5);
// The longest break passed over inside a form: a CR LF escaped once or twice over (`\\\r\\\n` in JSON quoted in JSON,
// `%250D%250A`). Deeper is not followed: each character a break may add widens what an excerpt must mask first.
const LONGEST_BREAK = 12;

/** Pushes the children of `node` that the character at `at` spells, each with where its spelling ends. */
function follow(node: FormNode, text: string, at: number, nodes: FormNode[], ends: number[]): void {
  const code = text.codePointAt(at)!;
  if (!isEscape(code)) {
    // The common case, a character as itself: no other spelling to follow.
    const child = childOf(node, code);
    if (child) nodes.push(child), ends.push(at + (code > 0xffff ? 2 : 1));
    return;
  }
  const count = spellings(text, at);
  for (let i = 0; i < count; i += 2) {
    const child = childOf(node, spelled[i]!);
    if (child) nodes.push(child), ends.push(spelled[i + 1]!);
  }
}

export class Redactor {
  /** The plain secrets; their forms are worked out when text is first masked (most connections never mask anything). */
  private readonly secrets: string[];
  /**
   * The secrets long enough to be masked by a fragment, each twice, with the characters either side of its middle
   * lower-cased, and as written, lower-cased and upper-cased (set when first needed).
   */
  private anchors: { secret: string; at: number; lower: string; anchors: string[] }[] | undefined;
  /** The fewest characters a fragment has: half the shortest secret with anchors (Infinity for none; set with them). */
  private shortestFragment: number | undefined;
  /** What the secrets' forms compile to (set when text is first masked). */
  private tables: FormTable[] | undefined;

  /** `secrets` are plain texts (see `connectionSecrets`); each is masked in all its forms. */
  constructor(secrets: Iterable<string>) {
    this.secrets = [...secrets].filter((secret) => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH);
  }

  /**
   * Masks every secret occurring in `text`, whole or cut short. One pass:
   * at each position the forms are followed character by character through
   * every spelling the text allows, and the longest stretch that spells a
   * whole form, or a prefix of MIN_PREFIX_LENGTH or more characters where a
   * cut shows, is masked.
   */
  text(text: string): string {
    return this.fragments(this.forms(text));
  }

  /** `text` with every form of every secret masked, whole or cut short at its end (see `text`); not the fragments. */
  private forms(text: string): string {
    if (text.length < MIN_PREFIX_LENGTH || this.secrets.length === 0) return text;
    let masked = text;
    for (const table of this.formTables()) masked = this.formsOf(table, masked);
    return masked;
  }

  /** `text` with the forms of one table masked. */
  private formsOf({ root, starts, firstNodes, seconds }: FormTable, text: string): string {
    let out = '';
    let kept = 0;
    for (let at = 0; at < text.length; ) {
      // Most characters of most texts begin no form: one table look decides for those below 256.
      const code = text.charCodeAt(at);
      let mayStart: boolean;
      if (code < 256) {
        if (starts[code] === 0) {
          at++;
          continue;
        }
        // `mayStartAt` with the root's child from a table (none for an escape: the walk decides): a secret's
        // characters are common letters, and where one stands, the next character usually continues no form.
        const first = firstNodes[code];
        if (first === undefined) mayStart = true;
        else {
          const next = text.charCodeAt(at + 1); // NaN past the end: then `goesOn` decides
          mayStart = next < 256 ? first.whole || seconds[code]![next] === 1 : goesOn(first, text, at + 1);
        }
      } else mayStart = this.mayStartAt(root, text, at);
      const end = mayStart ? this.matchAt(root, text, at) : -1;
      if (end > at) {
        out += text.slice(kept, at) + MASK;
        kept = at = end;
      } else at++;
    }
    return kept === 0 ? text : out + text.slice(kept);
  }

  /**
   * A secret cut at its start, or at both ends (a provider quoting `…BWbGk…`,
   * or a token split across two members), is masked where half of it or more
   * shows as written: a run of text that spells a stretch of a plain secret of
   * FRAGMENT_SECRET_LENGTH or more characters, at least half as long as it, is
   * found by the characters either side of the secret's middle, one of which
   * every such stretch holds, and grown both ways. Escaped spellings of a fragment are not followed (the
   * forms' walk follows those of a whole secret and of its prefixes).
   */
  private fragments(text: string): string {
    if (text.length < FRAGMENT_ANCHOR || this.secrets.length === 0) return text;
    // Two anchors, the last characters of the first half and the first of the second: a stretch of half the secret or more
    // lies in the first half up to its end, or reaches past the middle, holding the one or the other (a quarter each at most).
    this.anchors ??= this.secrets
      .filter((secret) => secret.length >= FRAGMENT_SECRET_LENGTH && secret.length <= FRAGMENT_SECRET_MAX && !/[@\s]/.test(secret))
      .flatMap((secret) => {
        const half = Math.floor(secret.length / 2);
        const size = Math.min(FRAGMENT_ANCHOR, Math.floor(secret.length / 4));
        return [half - size, half].map((at) => {
          const anchor = secret.slice(at, at + size);
          // An echo that changes the case of what it quotes changes it throughout; a fold changing a length is no spelling of it.
          return { secret, at, lower: anchor.toLowerCase(), anchors: [...new Set([anchor, anchor.toLowerCase(), anchor.toUpperCase()])].filter((written) => written.length === anchor.length) };
        });
      });
    // Half of the shortest such secret: a text shorter than that holds no fragment (most of a record's strings).
    this.shortestFragment ??= Math.min(...this.anchors.map(({ secret }) => Math.ceil(secret.length / 2)));
    if (text.length < this.shortestFragment) return text;
    let spans: [number, number][] | undefined;
    // An echo may change the case of what it quotes: the anchors are looked for in the text lower-cased, one search each,
    // where lower-casing keeps every character in its place; else (a character whose lower case is longer) in each case.
    const lowered = text.toLowerCase();
    const inPlace = lowered.length === text.length;
    for (const { secret, at, lower, anchors } of this.anchors) {
      const haystack = inPlace ? lowered : text;
      for (const anchor of inPlace ? [lower] : anchors) {
        for (let found = haystack.indexOf(anchor); found >= 0; found = haystack.indexOf(anchor, found + 1)) {
          let start = found;
          let from = at;
          while (start > 0 && from > 0 && folded(text.charCodeAt(start - 1)) === folded(secret.charCodeAt(from - 1))) start--, from--;
          let end = found + anchor.length;
          let to = at + anchor.length;
          while (end < text.length && to < secret.length && folded(text.charCodeAt(end)) === folded(secret.charCodeAt(to))) end++, to++;
          if (end - start >= Math.ceil(secret.length / 2)) (spans ??= []).push([start, end]);
        }
      }
    }
    if (!spans) return text;
    spans.sort((a, b) => a[0] - b[0]);
    let out = '';
    let kept = 0;
    for (const [start, end] of spans) {
      if (end <= kept) continue;
      out += text.slice(kept, Math.max(kept, start)) + (start >= kept ? MASK : '');
      kept = end;
    }
    return out + text.slice(kept);
  }

  /**
   * False where `matchAt` would find nothing, told from the first one or two
   * characters: a form's first character as itself, then one that does not
   * continue that form in any spelling. Most places where a form's first
   * character happens to stand end here, before the full walk and what it
   * allocates. Asked for characters from 256 up: below, `text` reads both
   * answers from tables. None of those spells another (an escape, a plus
   * sign is below 256), so the root's child for it is the one look needed.
   */
  private mayStartAt(root: FormNode, text: string, at: number): boolean {
    const point = text.codePointAt(at)!;
    const first = childOf(root, point);
    return first !== undefined && goesOn(first, text, at + (point > 0xffff ? 2 : 1));
  }

  /** Where the longest secret starting at `at` ends, whole or cut; -1 if none does. */
  private matchAt(root: FormNode, text: string, at: number): number {
    let best = -1;
    const nodes: FormNode[] = [root];
    const ends: number[] = [at];
    for (let node = nodes.pop(); node; node = nodes.pop()) {
      const end = ends.pop()!;
      if (node.whole && end > best) best = end;
      if (node.depth >= MIN_PREFIX_LENGTH) {
        const cut = partOfAnEscape(text, end);
        if (cut > best && cutShowsAt(text, cut)) best = cut;
      }
      if (end >= text.length || node.children.size === 0) continue;
      follow(node, text, end, nodes, ends);
      if (node.depth > 0) {
        const resume = breakEnd(text, end);
        if (resume > end && resume < text.length) follow(node, text, resume, nodes, ends);
      }
    }
    return best;
  }

  // Built when text first needs it: most connections never mask anything.
  private formTables(): FormTable[] {
    return (this.tables ??= sharedFormTables(this.secrets));
  }

  /**
   * At most `max` characters of `text`, masked before it is cut so no secret
   * survives as a prefix. Only the start of a long text can reach them: a
   * mask of 10 characters stands for at most `longestForm` of text, so the
   * first `max` characters masked come from at most `max / 10` forms' worth
   * of it, and a form starting there ends within `longestForm` more. Just
   * that start is masked, not a whole answer of 32 MiB (a second's pass).
   */
  excerpt(text: string, max: number): string {
    const longestForm = this.secrets.length > 0 ? Math.max(0, ...this.formTables().map((table) => table.longestForm)) : 0;
    const reach = max * Math.ceil(longestForm / MASK.length) + 2 * longestForm;
    const cut = text.length > Math.max(max, reach);
    const masked = this.text(cut ? text.slice(0, Math.max(max, reach)) : text);
    return cut || masked.length > max ? `${masked.slice(0, max)}…` : masked;
  }

  /** A deep copy of `value` with secrets masked (by value and by member name). */
  value<T>(value: T): T {
    return this.walk(value, 0) as T;
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.text(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > 64) return MASK; // a pathological payload is not worth a stack overflow
    if (Array.isArray(value)) return value.map((item) => this.walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
      setOwn(out, this.text(key), isSecretKeyName(key) && member !== null && member !== '' ? MASK : this.walk(member, depth + 1));
    }
    return out;
  }

  /**
   * `value` with secrets masked in its strings only, not by member name (a
   * unified record's members are the spec's, whatever they are called): the
   * same object where nothing is masked, so a record without a secret is
   * not copied.
   */
  strings<T>(value: T): T {
    return this.maskStrings(value, 0) as T;
  }

  private maskStrings(value: unknown, depth: number): unknown {
    // Of the forms and the fragments, as any text: a provider echoing a token cut at its start into a record's
    // member would otherwise hand most of it to the caller. The fragment search costs about 0.4 µs a unified
    // record with a 36-character token, on top of 4 µs for the forms (a few percent of a listed record's time).
    if (typeof value === 'string') return this.text(value);
    if (value === null || typeof value !== 'object' || this.secrets.length === 0) return value;
    if (depth > 64) return MASK;
    // Plain loops: this runs over every record a connector answers, and the entry arrays and callbacks of
    // `Object.entries` and `forEach` cost more than the look at the strings.
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let index = 0; index < value.length; index++) {
        const item: unknown = value[index];
        const masked = this.maskStrings(item, depth + 1);
        if (masked !== item) (copy ??= [...value])[index] = masked;
      }
      return copy ?? value;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    let copy: Record<string, unknown> | undefined;
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!;
      const member = record[key];
      const masked = this.maskStrings(member, depth + 1);
      if (masked !== member) setOwn((copy ??= { ...record }), key, masked);
    }
    return copy ?? value;
  }

  /** Headers as a plain object, with secret-bearing headers masked. */
  headers(headers: Headers | Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
    for (const [name, value] of entries) out[name.toLowerCase()] = isSecretKeyName(name) ? MASK : this.text(value);
    return out;
  }
}

/**
 * Credentials kept out of the provider addresses a walk carries in its
 * cursor. A provider may write the connection's key into its next link
 * (`…&api_key=…`) or cursor; the cursor goes to the caller, who logs it and
 * puts it in URLs. So each credential, as text and as the query escapes write
 * it, becomes a marker naming which one it was, and the marker is put back
 * only when the request is made. A credential in any other form (Base64, an
 * escape no query encoder writes) cannot be put back exactly, so such an
 * address is refused rather than handed out.
 */
export class CredentialMarkers {
  /** The forms markers stand for, longest first so a form holding another is marked whole; made on first use (most connectors never walk a cursor or link). */
  private madeForms: string[] | undefined;

  constructor(
    private readonly secrets: readonly string[],
    private readonly redactor: Redactor,
  ) {}

  private get forms(): string[] {
    if (this.madeForms) return this.madeForms;
    const forms = new Set<string>();
    for (const secret of this.secrets) {
      if (secret.length < MIN_SECRET_LENGTH) continue;
      forms.add(secret);
      forms.add(encodeURIComponent(secret));
      forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
    }
    this.madeForms = [...forms].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
    return this.madeForms;
  }

  hide(address: string): string {
    let hidden = address;
    this.forms.forEach((form, index) => {
      if (hidden.includes(form)) hidden = hidden.split(form).join(marker(index));
    });
    if (this.redactor.text(hidden) !== hidden) {
      throw new UnifiedError('ConnectorExecutionError', 'The provider answered a next page address holding a credential in a form that cannot be kept out of the cursor; the list cannot be walked past this page', {
        status: 502,
        detail: { reason: 'credential in next page address' },
      });
    }
    return hidden;
  }

  reveal(address: string): string {
    return address.includes(MARKER_START) ? address.replace(MARKERS, (whole: string, index: string) => this.forms[Number(index)] ?? whole) : address;
  }
}

// Private-use characters: no provider address holds them by accident, and they survive the cursor's JSON and Base64.
const MARKER_START = '\uE000';
const marker = (index: number) => `${MARKER_START}credential ${index}\uE001`;
const MARKERS = /\uE000credential (\d+)\uE001/g;
