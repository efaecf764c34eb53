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
 * Basic header actually sent); percent-, form- and JSON-escaped; and Base64
 * (standard and URL-safe, padded or not). A Base64 substring depends on where
 * the secret starts inside the encoded bytes, so each of the three alignments
 * is masked by its stable core — the characters that depend on the secret's
 * bytes alone. A form cut short (a provider quoting the first characters, an
 * excerpt ending mid-secret) is masked down to its first four characters when
 * the cut is visible: at the end of the text, before an ellipsis, a closing
 * quote or a tag.
 */

import { setOwn } from './objects.js';

export const MASK = '[REDACTED]';

/** Shorter secrets are not masked: masking them would shred normal text. */
export const MIN_SECRET_LENGTH = 4;
// A form cut to fewer characters than this is indistinguishable from ordinary text.
const MIN_PREFIX_LENGTH = 4;
// Prefix patterns nest one group per character: very long forms are masked by their first part's prefixes.
const MAX_PREFIX_FORM_LENGTH = 256;

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

/** Every form `plain` can travel in, unescaped text first. */
export function secretForms(plain: string): string[] {
  const forms = new Set<string>([plain]);
  forms.add(encodeURIComponent(plain));
  forms.add(new URLSearchParams({ s: plain }).toString().slice(2));
  forms.add(JSON.stringify(plain).slice(1, -1));
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A form as a pattern: percent-escapes match in either case (`%2f` and `%2F`). */
function formPattern(form: string): string {
  return escapeRegExp(form).replace(/%([0-9A-Fa-f])([0-9A-Fa-f])/g, (_, a: string, b: string) => `%${caseless(a)}${caseless(b)}`);
}

function caseless(char: string): string {
  return /[A-Fa-f]/.test(char) ? `[${char.toLowerCase()}${char.toUpperCase()}]` : char;
}

const SYNTAX_CHARACTERS = new Set('.*+?^${}()|[]\\');

/** One character of a form as a pattern (one code point: no regular expression needed to escape it). */
function escapeCharacter(char: string): string {
  return SYNTAX_CHARACTERS.has(char) ? `\\${char}` : char;
}

/** `abcdef` → `abcd(?:e)?`: any prefix of at least MIN_PREFIX_LENGTH characters, shorter than the form. */
function prefixPattern(form: string): string | undefined {
  const chars = [...form.slice(0, MAX_PREFIX_FORM_LENGTH)];
  const whole = chars.length === [...form].length;
  // The whole form is matched by the main pattern; here only what a cut leaves.
  const last = whole ? chars.length - 1 : chars.length;
  if (last < MIN_PREFIX_LENGTH) return undefined;
  // Nested optional groups, `(?:e(?:f)?)?`, written as their openings and then their closings in one go.
  let opened = '';
  for (let i = MIN_PREFIX_LENGTH; i < last; i++) opened += `(?:${escapeCharacter(chars[i]!)}`;
  return escapeRegExp(chars.slice(0, MIN_PREFIX_LENGTH).join('')) + opened + ')?'.repeat(last - MIN_PREFIX_LENGTH);
}

// Where a cut shows: the end of the text, an ellipsis a provider or excerpt left, or a closing quote or tag.
const AT_A_CUT = '(?=$|…|\\.\\.\\.|["\'<])';

export class Redactor {
  /** Every form of every secret, longest first, so a form containing another is masked whole. */
  private readonly forms: string[];
  private patterns: { whole: RegExp; cut: RegExp | undefined } | undefined;
  /** The first characters of every form, lower-cased: text holding none of them holds no secret. */
  private readonly anchors = new Set<string>();

  /** `secrets` are plain texts (see `connectionSecrets`); each is masked in all its forms. */
  constructor(secrets: Iterable<string>) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) for (const form of secretForms(secret)) forms.add(form);
    }
    this.forms = [...forms].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
    for (const form of this.forms) this.anchors.add(form.slice(0, MIN_PREFIX_LENGTH).toLowerCase());
  }

  /** Masks every secret occurring in `text`, whole or cut short. */
  text(text: string): string {
    if (text.length < MIN_PREFIX_LENGTH || this.forms.length === 0 || !this.mayHold(text)) return text;
    const { whole, cut } = this.compiled();
    const masked = text.replace(whole, MASK);
    return cut ? masked.replace(cut, MASK) : masked;
  }

  // Built when text first may hold a secret: most connections never need them, and they cost more than the rest.
  private compiled(): { whole: RegExp; cut: RegExp | undefined } {
    if (this.patterns) return this.patterns;
    const prefixes = this.forms.map(prefixPattern).filter((p): p is string => p !== undefined);
    this.patterns = {
      whole: new RegExp(this.forms.map(formPattern).join('|'), 'g'),
      cut: prefixes.length ? new RegExp(`(?:${prefixes.join('|')})${AT_A_CUT}`, 'g') : undefined,
    };
    return this.patterns;
  }

  // Most text holds no secret: a scan for the forms' first characters spares it the patterns.
  private mayHold(text: string): boolean {
    const lower = text.toLowerCase();
    for (let i = 0; i + MIN_PREFIX_LENGTH <= lower.length; i++) if (this.anchors.has(lower.slice(i, i + MIN_PREFIX_LENGTH))) return true;
    return false;
  }

  /** At most `max` characters of `text`, masked before it is cut so no secret survives as a prefix. */
  excerpt(text: string, max: number): string {
    const masked = this.text(text);
    return masked.length > max ? `${masked.slice(0, max)}…` : masked;
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

  /** Headers as a plain object, with secret-bearing headers masked. */
  headers(headers: Headers | Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
    for (const [name, value] of entries) out[name.toLowerCase()] = isSecretKeyName(name) ? MASK : this.text(value);
    return out;
  }
}
