/**
 * Keeps credentials out of everything a connector hands back: error
 * messages, `detail`, issue reports and the `raw` provider payload.
 *
 * Two nets: values equal to (or containing) a configured secret are masked
 * wherever they appear, and members whose *name* says they hold a secret
 * (authorization, api key, token, password, …) are masked whatever their value.
 */

import { setOwn } from './objects.js';

export const MASK = '[REDACTED]';

const secretKeyName = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|apikey|api[-_]?token|access[-_]?token|refresh[-_]?token|client[-_]?secret|secret|password|passwd|token|bearer)$/i;

export function isSecretKeyName(name: string): boolean {
  return secretKeyName.test(name);
}

export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: Iterable<string>) {
    // Longest first so a secret containing another is masked whole; very
    // short values are skipped because masking them would shred normal text.
    this.secrets = [...new Set([...secrets].filter((s) => typeof s === 'string' && s.length >= 4))].sort(
      (a, b) => b.length - a.length,
    );
    for (const secret of [...this.secrets]) {
      // Secrets also travel encoded: in URLs and inside Basic credentials.
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) this.secrets.push(encoded);
      const base64 = Buffer.from(secret, 'utf8').toString('base64');
      if (base64.length >= 8) this.secrets.push(base64.replace(/=+$/, ''));
    }
  }

  /** Masks every secret occurring in `text`. */
  text(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(MASK);
    }
    return out;
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
      setOwn(out, key, isSecretKeyName(key) && member !== null && member !== '' ? MASK : this.walk(member, depth + 1));
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
