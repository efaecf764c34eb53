/**
 * Secrets for the fault matrix: the forms a provider may echo a credential
 * in, and the check that none of them — whole, encoded or cut short — shows
 * in anything a connector hands back. Computed here independently of the
 * runtime's redactor, so the two can disagree.
 */

import { expect } from 'vitest';
import type { ReceivedRequest } from './fault-server.js';

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const urlSafe = (base64: string) => base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** `text` wrapped into lines of `width` characters, as MIME (76), PEM (64) or a narrow log wraps it. */
const wrapped = (text: string, width: number) => text.match(new RegExp(`.{1,${width}}`, 'g'))!.join('\r\n');

/** Each UTF-8 byte percent-escaped, in upper-case hex (lower-case when `lower`). */
const allBytes = (text: string, lower = false) => [...Buffer.from(text)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).map((e) => (lower ? e : e.toUpperCase())).join('');
/** Each UTF-16 unit as a JSON `\uXXXX` escape. */
const allUnits = (text: string) => text.split('').map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
/** JSON as PHP's json_encode writes it, the solidus escaped. */
const jsonSolidus = (text: string) => JSON.stringify(text).slice(1, -1).replace(/\//g, '\\/');
/** Characters in turn as `\uXXXX` (upper-case hex), as they are, and percent-escaped in lower-case hex. */
const mixedEscapes = (text: string) =>
  [...text].map((char, i) => [allUnits(char).toUpperCase().replace(/\\U/g, '\\u'), JSON.stringify(char).slice(1, -1), allBytes(char, true)][i % 3]).join('');

/** Base64 characters that depend on `text` alone when it is encoded after 0, 1 or 2 other bytes. */
function base64Cores(text: string): string[] {
  const bytes = Buffer.from(text);
  return [0, 1, 2].map((offset) => {
    const encoded = b64(Buffer.concat([Buffer.alloc(offset, 0x41), bytes]));
    return encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
  });
}

/** Header values the provider received that carry a credential (an Authorization header, an API key header). */
export function credentialHeaders(secrets: readonly string[], request: ReceivedRequest | undefined): string[] {
  if (!request) return [];
  const traces = secretTraces(secrets);
  // A credential sent as a query parameter (`api_token=…`) is echoed like a header: its value as received.
  const query = [...new URL(request.target, 'http://127.0.0.1').searchParams.values()];
  return [...Object.values(request.headers), ...query].filter((value) => traces.some((trace) => value.includes(trace)));
}

/**
 * Everything that betrays a secret: the text, its escapes, its Base64 at each
 * alignment, the headers that carried it. With `open` (credentials that are
 * no secret), a trace that begins with one is left out: a cut of it would be
 * that credential alone.
 */
export function secretTraces(secrets: readonly string[], headers: readonly string[] = [], open: readonly string[] = []): string[] {
  const traces = new Set<string>();
  for (const secret of secrets.filter((s) => s.length >= 4)) {
    traces.add(secret);
    traces.add(encodeURIComponent(secret));
    traces.add(encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
    traces.add(jsonSolidus(secret));
    traces.add(allUnits(secret));
    traces.add(allBytes(secret));
    traces.add(allBytes(secret, true));
    for (const core of base64Cores(secret)) {
      traces.add(core);
      traces.add(urlSafe(core));
    }
    // A token-like secret (24 characters or more, no `@` or space) shows by half of it, which holds the characters either
    // side of its middle: those betray a fragment cut at the start or at both ends, in any channel, the records too.
    if (secret.length >= 24 && !/[@\s]/.test(secret)) {
      const half = Math.floor(secret.length / 2);
      const size = Math.min(8, Math.floor(secret.length / 4));
      traces.add(secret.slice(half - size, half));
      traces.add(secret.slice(half, half + size));
    }
  }
  for (const header of headers) {
    traces.add(header);
    const token = header.split(' ').pop()!;
    traces.add(token);
    if (/^basic /i.test(header)) traces.add(Buffer.from(token, 'base64').toString('utf8'));
  }
  return [...traces].filter((trace) => trace.length >= 4 && !open.some((value) => value !== '' && trace.startsWith(value)));
}

/**
 * Fails on any trace found whole, or cut to 6 or more of its first characters where a cut shows, in the text or in it
 * with its escapes undone, in any case and with line breaks and NULs taken out.
 */
export function expectNoLeak(text: string, traces: readonly string[], channel: string): void {
  // Searched in plain code and asserted once: an expect() per prefix and cut costs thousands of calls per check.
  expect(findLeak(text, traces, channel), `${channel} leaks a secret`).toBeUndefined();
}

/** What the first trace of a secret found in `text` is, said as a failure; undefined when there is none. */
export function findLeak(text: string, traces: readonly string[], channel: string): string | undefined {
  const found = findTrace(text, traces, channel);
  if (found) return found;
  // A secret written with any mix of escaped and plain characters shows once the escapes are undone.
  const unescaped = unescapeAll(text);
  const found2 = unescaped === text ? undefined : findTrace(unescaped, traces, `${channel}, its escapes undone,`);
  if (found2) return found2;
  // An echo may change the case of what it quotes, wrap it into lines, or be UTF-16 read a byte a character. A trace under
  // 8 characters (a workspace, a user name) is masked as written only: in another case it is an ordinary word.
  const flattened = unescaped.replace(/[\r\n\0]/g, '').toLowerCase();
  const long = traces.filter((trace) => trace.length >= 8).map((trace) => trace.toLowerCase());
  return flattened === unescaped ? undefined : findTrace(flattened, long, `${channel}, in lower case without line breaks,`);
}

/** The named HTML character references an echo may use, and what each stands for. */
const HTML_NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", sol: '/', equals: '=', plus: '+', colon: ':' };

/**
 * `text` with JSON escapes (`\/`, `\uXXXX`, short escapes, at any depth of
 * nesting), percent escapes (either hex case, `%25` nesting) and HTML
 * character references (`&#x3D;`, `&#61;`, `&amp;`) undone.
 */
export function unescapeAll(text: string): string {
  let out = text;
  for (let level = 0; level < 4; level++) {
    const next = out
      .replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,6});/g, (whole, body: string) => {
        if (body[0] !== '#') return HTML_NAMED[body.toLowerCase()] ?? whole;
        const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      })
      .replace(/\\+u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
      .replace(/\\+([/"\\])/g, '$1')
      .replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
        try {
          return decodeURIComponent(run);
        } catch {
          // Not UTF-8 as a whole: its ASCII bytes decoded, the rest left as written.
          return run.replace(/%[0-7][0-9a-fA-F]/g, (escape) => String.fromCharCode(parseInt(escape.slice(1), 16)));
        }
      });
    if (next === out) break;
    out = next;
  }
  return out;
}

/**
 * Texts every answer may hold that are no secret (the connector's service id,
 * in each envelope's `service`). A secret may begin with one
 * (`personio-token-…` for the Personio connector): that text alone, or
 * closing a JSON string, is no cut of the secret.
 */
const publicTexts = new Set<string>();

/** Declares `text` public for every check after (see publicTexts). */
export function declarePublic(text: string): void {
  publicTexts.add(text);
}

function findTrace(text: string, traces: readonly string[], channel: string): string | undefined {
  for (const trace of traces) {
    // Every form looked for below begins with the trace's first six characters: without them, none is there.
    if (!text.includes(trace.slice(0, 6))) continue;
    if (text.includes(trace)) return `${channel} holds ${JSON.stringify(trace)}: ${text.slice(0, 2000)}`;
    for (let length = 6; length < trace.length; length++) {
      const prefix = trace.slice(0, length);
      if (publicTexts.has(prefix)) continue;
      for (const cut of ['…', '...', '"']) {
        if (text.includes(prefix + cut)) return `${channel} holds ${JSON.stringify(prefix + cut)}, a cut secret`;
      }
      if (text.endsWith(prefix)) return `${channel} ends with ${JSON.stringify(prefix)}, a cut secret`;
    }
  }
  return undefined;
}

/** All a thrown value shows: its spec body, message, stack and cause. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return JSON.stringify(error) ?? String(error);
  return [JSON.stringify(error), error.message, error.stack ?? '', JSON.stringify((error as { cause?: unknown }).cause ?? null)].join('\n');
}

/**
 * The forms a provider echoes credentials in, built from the secrets and
 * the credential headers of the request being answered.
 */
/** `text` as HTML encoders write it: what is not a letter or digit as a hex reference, `&`, `<`, `>` and quotes by name. */
function htmlEscaped(text: string): string {
  const names: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  return [...text].map((char) => names[char] ?? (/[\p{L}\p{N}]/u.test(char) ? char : `&#x${char.codePointAt(0)!.toString(16).toUpperCase()};`)).join('');
}

export const ECHO_FORMS: {
  name: string;
  text: (secrets: readonly string[], headers: readonly string[]) => string;
  /** Failing answers carry the text in JSON cut short (a 500 the connector quotes as text), escapes as written. */
  unparsable?: boolean;
}[] = [
  { name: 'each secret as it is', text: (secrets) => `token ${secrets.join(' and ')} is not valid` },
  { name: 'the credential headers as received', text: (_, headers) => `Invalid credentials in header: ${headers.join('; ')}` },
  {
    name: 'user:secret and secret:secret in Base64, padded, unpadded and URL-safe',
    text: (secrets) => secrets.map((s) => `${b64(`someone@example.com:${s}`)} ${b64(`${s}:${s}`).replace(/=+$/, '')} ${urlSafe(b64(`${s}:X`))}`).join(' '),
  },
  {
    name: 'each secret inside a longer Base64 value, at all three alignments',
    text: (secrets) => secrets.flatMap((s) => [0, 1, 2, 3, 4].map((k) => b64(`${'prefix'.slice(0, k)}${s}|trailer`))).join(' '),
  },
  { name: 'URL- and form-encoded', text: (secrets) => secrets.map((s) => `?key=${encodeURIComponent(s)}&form=${new URLSearchParams({ k: s }).toString().slice(2)}`).join(' ') },
  {
    name: 'JSON- and percent-escaped character by character, in a body that is not JSON',
    text: (secrets) => secrets.map((s) => `${jsonSolidus(s)} ${allUnits(s)} ${allBytes(s)} ${allBytes(s, true)} ${mixedEscapes(s)}`).join(' '),
    unparsable: true,
  },
  {
    name: 'HTML-escaped, as an error page echoes what it was sent (every other character as a reference, by name where it has one)',
    text: (secrets, headers) => [...secrets, ...headers].map((s) => htmlEscaped(s)).join(' '),
    unparsable: true,
  },
  {
    // Tokens and keys (24 characters or more, no `@` or space): half of one or more is masked wherever it shows.
    name: 'cut at the start, and split in two, for each token-like secret',
    text: (secrets) => secrets.filter((s) => s.length >= 24 && !/[@\s]/.test(s)).map((s) => `seen …${s.slice(4)}; prefix ${s.slice(0, 8)} rest ${s.slice(8)}; middle …${s.slice(2, -2)}…`).join(' ') || 'no token-like secret',
  },
  { name: 'each secret and the credential headers upper- and lower-cased', text: (secrets, headers) => [...secrets, ...headers].map((s) => `${s.toUpperCase()} and ${s.toLowerCase()}`).join('; ') },
  {
    name: 'the credential headers and user:secret in Base64 wrapped into lines of 8, 64 and 76 characters',
    text: (secrets, headers) => [...headers, ...secrets.map((s) => b64(`someone@example.com:${s}:${s}`))].flatMap((value) => [8, 64, 76].map((width) => wrapped(value, width))).join('\n'),
  },
  { name: 'cut after 10 characters, before an ellipsis', text: (secrets, headers) => [...secrets, ...headers].map((s) => `seen ${s.slice(0, 10)}… and more`).join('; ') },
  { name: 'cut at the end of the text', text: (secrets, headers) => `received ${[...secrets, ...headers].map((s) => s.slice(0, Math.max(6, s.length - 3))).join(' ')} ${(headers[0] ?? secrets[0] ?? '').slice(0, 12)}` },
];

/** Text answers long enough to be cut in an excerpt, the secret straddling the cut. */
export const TEXT_CUTS: { name: string; status: number; filler: number }[] = [
  { name: 'a 200 text/html body of 190 characters, then a secret', status: 200, filler: 190 },
  { name: 'a 500 text body of 495 characters, then a secret', status: 500, filler: 495 },
];

/** Control characters no credential or setting may hold (they would break a header or a URL). */
export const CONTROL_CHARACTERS = ['\n', '\r\n', '\t', '\u0000', '\u007f'];
