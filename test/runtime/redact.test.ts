import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { base64Core, connectionSecrets, CredentialMarkers, MASK, Redactor } from '../../src/runtime/redact.js';
import { unescapeAll } from '../support/fault-secrets.js';

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const unpadded = (text: string | Buffer) => b64(text).replace(/=+$/, '');
const urlSafe = (text: string | Buffer) => Buffer.from(text).toString('base64url');

// Secrets of every length modulo 3, and one with characters that change under URL encoding.
const SECRETS = ['ks_test_token_12345', 'kst_test_key_0001', 'agent@acme.com', 'p@ss/w rd+x~(1)', 'tok€n-über-1', '€uro-key-5678', '😀moji-key-42'];

/** Every Base64 core (3 alignments, both alphabets) and the plain text itself: none may survive masking. */
function traces(secret: string): string[] {
  const bytes = Buffer.from(secret);
  const cores = ([0, 1, 2] as const).map((offset) => base64Core(bytes, offset));
  return [secret, ...cores, ...cores.map((core) => core.replace(/\+/g, '-').replace(/\//g, '_'))];
}

function expectClean(text: string, secret: string): void {
  for (const trace of traces(secret)) expect(text, `${JSON.stringify(trace)} left in ${JSON.stringify(text)}`).not.toContain(trace);
}

describe('Redactor: every form of every secret', () => {
  for (const secret of SECRETS) {
    const redactor = new Redactor(connectionSecrets([secret, 'user']));
    const cases: [string, string][] = [
      ['alone', `token ${secret} is not valid`],
      ['user:secret in Base64, padded', `Basic ${b64(`user:${secret}`)}`],
      ['user:secret in Base64, unpadded', `Basic ${unpadded(`user:${secret}`)}.`],
      ['secret:secret in Base64', `Basic ${b64(`${secret}:${secret}`)}`],
      ['secret:user in URL-safe Base64', `auth=${urlSafe(`${secret}:user`)}`],
      ['URL-encoded', `https://x.test/?key=${encodeURIComponent(secret)}&a=1`],
      ['URL-encoded, lower-case escapes', `?key=${encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`],
      ['form-encoded', `key=${new URLSearchParams({ k: secret }).toString().slice(2)}&x=1`],
      ['JSON-escaped', JSON.stringify({ said: `"${secret}"` })],
    ];
    for (const offset of [0, 1, 2, 3, 4, 5]) {
      // The secret's bytes inside a longer encoded value, after `offset` other bytes.
      const bytes = Buffer.concat([Buffer.from('xyzwvu'.slice(0, offset)), Buffer.from(secret), Buffer.from('-trailer')]);
      cases.push([`inside a longer Base64 value after ${offset} bytes`, `blob ${b64(bytes)} end`]);
      cases.push([`inside a longer URL-safe Base64 value after ${offset} bytes`, `blob ${urlSafe(bytes)} end`]);
    }
    it.each(cases)(`${JSON.stringify(secret)}: %s`, (_, text) => {
      const masked = redactor.text(text);
      expect(masked).toContain(MASK);
      expectClean(masked, secret);
    });
  }
});

/** `text` as the secret's traces are looked for in it when case and line breaks do not count. */
const flat = (text: string) => text.replace(/\r|\n|\0|\u200b|\\r|\\n/g, '').replace(/&#x0*([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16))).toLowerCase();

/** `text` wrapped into lines of `width` characters, as MIME (76), PEM (64) or a narrow log does. */
const wrapped = (text: string, width: number, eol: string) => text.match(new RegExp(`.{1,${width}}`, 'g'))!.join(eol);

describe('Redactor: an echo that changes the case of what it quotes, wraps it into lines or reads it as other bytes', () => {
  for (const secret of SECRETS) {
    const redactor = new Redactor(connectionSecrets([secret, 'user']));
    const pair = b64(`someone-with-a-long-name@example.com:${secret}:${secret}`);
    const cases: [string, string][] = [
      ['upper-cased', `Access Token Invalid: ${secret.toUpperCase()}`],
      ['lower-cased', `token ${secret.toLowerCase()} is not valid`],
      ['the Basic header as received, upper-cased', `AUTHORIZATION: BASIC ${b64(`user:${secret}`).toUpperCase()}`],
      ...[8, 64, 76].flatMap((width): [string, string][] => [
        [`Base64 wrapped at ${width} columns with LF`, `received:\n${wrapped(pair, width, '\n')}\n`],
        [`Base64 wrapped at ${width} columns with CR LF, in JSON`, JSON.stringify({ received: wrapped(pair, width, '\r\n') })],
      ]),
      ['split by a line break', `key ${secret.slice(0, 5)}\r\n${secret.slice(5)} refused`],
      ['a zero-width space between each character', `key ${[...secret].join('\u200b')} refused`],
      ['HTML character references padded with zeros', `key ${[...secret].map((char) => `&#x${char.codePointAt(0)!.toString(16).padStart(8, '0')};`).join('')} refused`],
    ];
    // UTF-16 or UTF-32 text read a byte a character: a NUL after each character (or three), where the secret is ASCII.
    if (/^[\x20-\x7e]+$/.test(secret)) {
      cases.push(['as UTF-16LE bytes', Buffer.from(`bad key ${secret}`, 'utf16le').toString('latin1')]);
      cases.push(['as UTF-32LE bytes', [...`bad key ${secret}`].map((char) => `${char}\0\0\0`).join('')]);
    }
    it.each(cases)(`${JSON.stringify(secret)}: %s`, (_, text) => {
      const masked = redactor.text(text);
      expect(masked).toContain(MASK);
      for (const trace of traces(secret)) expect(flat(masked), `${JSON.stringify(trace)} left in ${JSON.stringify(masked)}`).not.toContain(trace.toLowerCase());
    });
  }

  it('a token quoted from its fifth character, upper-cased, is masked as a fragment', () => {
    const token = 'ks_live_Ab3xY9kLm2Qr7TzW8vN5pQ';
    const masked = new Redactor([token]).text(`seen …${token.slice(4).toUpperCase()} here`);
    expect(masked).toBe(`seen …${MASK} here`);
  });

  it('a credential under 8 characters is matched as written only: folded, it would mask ordinary words', () => {
    const redactor = new Redactor(connectionSecrets(['user']));
    expect(redactor.text('C:\\Users and USER here')).toBe('C:\\Users and USER here');
    expect(redactor.text('by user')).toBe(`by ${MASK}`);
  });
});

describe('Redactor: a secret cut short', () => {
  const secret = 'kst_test_key_0001';
  const redactor = new Redactor(connectionSecrets([secret]));
  const header = `Basic ${b64(`agent@acme.com/token:${secret}`)}`;
  const zendesk = new Redactor(connectionSecrets(['agent@acme.com', secret], [header]));
  const cases: [string, Redactor, string, string][] = [
    ['a prefix at the end of the text', redactor, `Bearer ${secret.slice(0, 10)}`, secret.slice(0, 10)],
    ['a prefix before an ellipsis', redactor, `key ${secret.slice(0, 6)}… was refused`, secret.slice(0, 6)],
    ['a prefix before three dots', redactor, `key ${secret.slice(0, 4)}... was refused`, secret.slice(0, 4)],
    ['a Basic header quoted in part', zendesk, `Invalid credentials in header: ${header.slice(0, 14)}…`, header.slice(6, 14)],
    ['a Base64 prefix at the end', redactor, `seen ${b64(secret).slice(0, 8)}`, b64(secret).slice(0, 8)],
    ['a prefix before a closing quote', redactor, `{"key":"${secret.slice(0, 8)}"}`, secret.slice(0, 8)],
    ['a prefix before a closing tag', redactor, `<p>${secret.slice(0, 9)}</p>`, secret.slice(0, 9)],
  ];
  it.each(cases)('%s', (_, r, text, left) => {
    const masked = r.text(text);
    expect(masked).not.toContain(left);
    expect(masked).toContain(MASK);
  });

  it('an excerpt is masked before it is cut, so no prefix survives the cut', () => {
    for (let filler = 180; filler < 200; filler++) {
      const text = `${'x'.repeat(filler)}${secret} and more`;
      const excerpt = redactor.excerpt(text, 200);
      expect(excerpt.length).toBeLessThanOrEqual(201);
      for (let length = 4; length <= secret.length; length++) expect(excerpt).not.toContain(secret.slice(0, length));
    }
  });
});

describe('Redactor: an excerpt of a long text', () => {
  const secret = 'kst_test_key_0001';
  const redactor = new Redactor(connectionSecrets([secret, 'agent@acme.com']));
  // What the excerpt was before: the whole text masked, then cut.
  const wholeMasked = (text: string, max: number) => {
    const masked = redactor.text(text);
    return masked.length > max ? `${masked.slice(0, max)}…` : masked;
  };
  const deepEscaped = [...secret].map((char) => `${'\\'.repeat(31)}u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  const tail = 'x'.repeat(512 * 1024);

  it.each([
    ['a secret at the start', `${secret} was refused ${tail}`],
    ['a secret across the cut', `${'y'.repeat(190)}${secret}${tail}`],
    ['secrets one after another, each masked shorter than it is', `${`${secret}:${secret}`.repeat(400)}${tail}`],
    ['secrets escaped their longest way, one after another', `${deepEscaped.repeat(50)}${tail}`],
    ['Base64 of a pair, repeated', `${b64(`agent@acme.com:${secret}`).repeat(100)}${tail}`],
    ['a prefix cut before an ellipsis, near the end of what is masked', `${'z'.repeat(150)}${secret.slice(0, 8)}…${tail}`],
  ])('%s: masks only the start that can reach it, and reads as the whole text masked', (_, text) => {
    const masked: number[] = [];
    const text_ = redactor.text.bind(redactor);
    const spy = vi.spyOn(redactor, 'text').mockImplementation((given: string) => (masked.push(given.length), text_(given)));
    const excerpt = redactor.excerpt(text, 200);
    spy.mockRestore();
    expect(excerpt).toBe(wholeMasked(text, 200));
    expect(excerpt).toContain(MASK);
    expect(Math.max(...masked)).toBeLessThan(text.length / 4);
  });
});

describe('Redactor: what it leaves alone', () => {
  const redactor = new Redactor(connectionSecrets(['kst_test_key_0001', 'abc']));
  it.each([
    ['ordinary text', 'The customer was not found'],
    ['a secret shorter than 4 characters', 'abc is short'],
    ['a three-character prefix', 'it ends in kst'],
    ['the prefix inside a word, not at a cut', 'kst_test is a fine name here'],
  ])('%s', (_, text) => {
    expect(redactor.text(text)).toBe(text);
  });
});

describe('Redactor: connections alive at once share compiled forms only where their secrets are the same', () => {
  it("each masks its own secrets and not another's, in any order of the same secrets", () => {
    const first = new Redactor(['kst_test_key_0001', 'agent-secret-0002']);
    const reordered = new Redactor(['agent-secret-0002', 'kst_test_key_0001']);
    const other = new Redactor(['kst_test_key_0001']);
    const text = 'kst_test_key_0001 and agent-secret-0002';
    expect(first.text(text)).toBe(`${MASK} and ${MASK}`);
    expect(reordered.text(text)).toBe(`${MASK} and ${MASK}`);
    // Made after the two above, with one of their secrets: the other is its caller's data, not its secret.
    expect(other.text(text)).toBe(`${MASK} and agent-secret-0002`);
    expect(new Redactor(['agent-secret-0002', 'kst_test_key_0001', 'third-secret-0003']).text(`${text} third-secret-0003`)).toBe(`${MASK} and ${MASK} ${MASK}`);
  });
});

describe('Redactor: values', () => {
  const secret = 'kst_test_key_0001';
  const redactor = new Redactor(connectionSecrets([secret]));
  it('masks strings deep, member names holding a secret, and secret-named members', () => {
    const masked = redactor.value({ list: [{ note: `x ${secret}` }], [secret]: 1, authorization: 'anything', nested: { echo: unpadded(`u:${secret}`) } });
    const text = JSON.stringify(masked);
    expectClean(text, secret);
    expect(masked).toMatchObject({ authorization: MASK, list: [{ note: `x ${MASK}` }] });
  });

  it('connectionSecrets adds the decoded user:password of a Basic header', () => {
    const header = `Basic ${b64('agent@acme.com/token:zz_secret_9')}`;
    expect(connectionSecrets(['zz_secret_9'], [header])).toContain('agent@acme.com/token:zz_secret_9');
  });
});

/** Every UTF-8 byte of `text` percent-escaped, in upper- or lower-case hex. */
const allBytes = (text: string, lower = false) => [...Buffer.from(text)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).map((e) => (lower ? e : e.toUpperCase())).join('');
/** Every UTF-16 unit of `text` as a JSON `\uXXXX` escape. */
const allUnits = (text: string, upper = false) => text.split('').map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).map((e) => (upper ? e.replace(/[a-f]/g, (h) => h.toUpperCase()) : e)).join('');
/** Percent escapes written with lower-case hex. */
const lowerEscapes = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());

describe('Redactor: JSON- and percent-escaped character by character, as text a provider quotes', () => {
  const secret = 'Ab3/xY9+kLm2/Qr7Tz';
  const redactor = new Redactor(connectionSecrets([secret, 'user']));
  const cases: [string, string][] = [
    ['the solidus escaped, as PHP writes JSON', `<html>500: {"key":"${secret.replace(/\//g, '\\/')}"}</html>`],
    ['the solidus as \\u002f', `{"error":"bad key ${secret.replace(/\//g, '\\u002f')}`],
    ['the solidus as \\u002F', `{"error":"bad key ${secret.replace(/\//g, '\\u002F')}`],
    ['every character as \\uXXXX', `{"error":"bad key ${allUnits(secret)}`],
    ['every character as \\uXXXX, upper-case hex', `{"error":"bad key ${allUnits(secret, true)}`],
    ['the solidus escaped in JSON quoted inside JSON', `{"error":"{\\"key\\":\\"${secret.replace(/\//g, '\\\\\\/')}\\"}"}`],
    ['every byte percent-escaped, upper-case hex', `GET /x?key=${allBytes(secret)} failed`],
    ['every byte percent-escaped, lower-case hex', `GET /x?key=${allBytes(secret, true)} failed`],
    ['percent-escaped twice, a URL inside a URL', `next=%2Fcb%3Fkey%3D${encodeURIComponent(encodeURIComponent(secret))}&x=1`],
    ['a mix of escaped and plain characters', `key Ab3\\/x%59%39\\u002bkLm2%2fQ\\u0072\\u0037Tz refused`],
    ['user:secret percent-escaped in lower case', `auth=${lowerEscapes(encodeURIComponent(`user:${secret}`))} refused`],
  ];
  it.each(cases)('%s', (_, text) => {
    const masked = redactor.text(text);
    expect(masked).toContain(MASK);
    // Undone, the escapes left must show neither the secret nor any of its Base64 cores.
    expectClean(decodeAll(masked), secret);
  });

  it('Base64 forms escaped too: `+` and `/` as JSON and lower-case percent escapes', () => {
    // A secret whose Base64 (alone and in user:secret) holds `+` and `/`.
    const other = 'key?>~x?>~token';
    const r = new Redactor(connectionSecrets([other, 'user']));
    for (const plain of [other, `user:${other}`]) {
      const encoded = b64(plain);
      expect(encoded).toMatch(/[+/]/);
      for (const text of [`{"h":"${encoded.replace(/\//g, '\\/').replace(/\+/g, '\\u002b')}"}`, `auth=${lowerEscapes(encodeURIComponent(encoded))}&x=1`]) {
        const masked = r.text(text);
        expect(masked, text).toContain(MASK);
        expectClean(decodeAll(masked), other);
      }
    }
  });

  it('a non-ASCII secret: every UTF-8 byte percent-escaped, every unit \\u-escaped, and a mix', () => {
    const other = 'tök€n-über-1😀x';
    const r = new Redactor(connectionSecrets([other]));
    const cases: [string, string][] = [
      [`k=${allBytes(other)}&a=1`, `k=${MASK}&a=1`],
      [`k=${allBytes(other, true)}&a=1`, `k=${MASK}&a=1`],
      [`{"k":"${allUnits(other)}"}`, `{"k":"${MASK}"}`],
      [`{"k":"${allUnits(other, true)}"}`, `{"k":"${MASK}"}`],
      ['k=t%C3%B6k\\u20acn-%c3%bcber-1\\ud83d\\ude00x.', `k=${MASK}.`],
    ];
    for (const [text, masked] of cases) expect(r.text(text), text).toBe(masked);
  });

  it('a space written `+` is followed where a form begins or goes on with a space, and a plus that spells neither is passed over', () => {
    // Form-encoded, the leading space is a `+`: the look at a text's first characters must not pass it over.
    const spaced = ' lead sp4ce';
    const r = new Redactor(connectionSecrets([spaced]));
    expect(r.text(`k=${new URLSearchParams({ k: spaced }).toString().slice(2)}&a=1`)).toBe(`k=${MASK}&a=1`);
    expect(r.text('call +44 20 7946 0958 now')).toBe('call +44 20 7946 0958 now');
    // After a form's first character, a `+` may be the secret's own plus, or its space.
    for (const other of ['a+b+c+d+e', 'a b c d e']) {
      const plus = new Redactor(connectionSecrets([other]));
      expect(plus.text(`x=${other.replace(/ /g, '+')}.`), other).toBe(`x=${MASK}.`);
      expect(plus.text('a+x and a b'), other).toBe('a+x and a b');
    }
  });

  it('a cut escaped form is masked down to 4 characters of the secret', () => {
    for (const text of [`seen ${allBytes(secret).slice(0, 15)}…`, `seen Ab3\\/xY9+k"`, `seen Ab3\\u002fx\\u00`, `seen Ab3%2FxY9%2`]) {
      const masked = redactor.text(text);
      expect(masked, text).toBe(`seen ${MASK}${text.endsWith('…') ? '…' : text.endsWith('"') ? '"' : ''}`);
    }
  });

  it.each([
    ['ordinary escaped JSON', 'Path C:\\\\Users\\/Ab3 is \\u0041b3 and 100%2F3'],
    // Written plainly, such a near miss shows half the secret or more on one side of the difference: masked as a fragment (below).
    ['the secret with one character different, percent-escaped', `key ${allBytes('Ab3/xY9+kLm2/Qr7Tq')}`],
    ['three escaped characters of the secret at a cut', `seen %41%62%33…`],
    ['the secret split by other text', 'Ab3\\/xY9 and +kLm2\\/Qr7Tz'],
  ])('leaves alone %s', (_, text) => {
    expect(redactor.text(text)).toBe(text);
  });
});

/** The text with JSON and percent escapes undone, as far as they decode (to look for the secret behind any escape). */
function decodeAll(text: string): string {
  let out = text;
  for (let i = 0; i < 3; i++) {
    out = out.replace(/\\+u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\\+([/"\\])/g, '$1');
    try {
      out = decodeURIComponent(out);
    } catch {
      // a stray % in the masked text: the escapes left are decoded one by one
      out = out.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
        try { return decodeURIComponent(run); } catch { return run; }
      });
    }
  }
  return out;
}

describe('Redactor: HTML-escaped, as an error page echoes what it was sent', () => {
  const htmlEscape = (text: string, pattern: RegExp, spell: (char: string) => string) => text.replace(pattern, spell);
  const hex = (char: string) => `&#x${char.codePointAt(0)!.toString(16).toUpperCase()};`;
  const named = (char: string) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char;
  const token = 'dG9rOmV4YW1wbGVfdG9rZW5fZm9yX3Rlc3RzOjE6MA==';
  const key = `k&y<"9f2'c1d>x`;
  const redactor = new Redactor(connectionSecrets([token, key, 'p@ss/w rd+x~(1)']));
  const cases: [string, string, string][] = [
    ['a Bearer token with = escaped as hex references (Handlebars, OWASP encoders)', token, `<p>Rejected: Bearer ${htmlEscape(token, /[=/+]/g, hex)}</p>`],
    ['every character as a decimal reference', token, `<p>${[...token].map((c) => `&#${c.codePointAt(0)};`).join('')}</p>`],
    ['a key with & < " \' > escaped by name (PHP, Python, Ruby, lodash)', key, `the string "bad ${htmlEscape(key, /[&<>"']/g, named)}" is not an email address`],
    ['a key escaped twice, as HTML inside JSON', key, JSON.stringify({ message: `bad ${htmlEscape(key, /[&<>"']/g, named)}` })],
    ['a password with / and + escaped as named references', 'p@ss/w rd+x~(1)', `login p@ss&sol;w rd&plus;x~(1) refused`],
    ['cut in the middle of a reference at the end of the text', token, `Bearer ${htmlEscape(token, /[=/+]/g, hex).slice(0, -6)}`],
  ];
  it.each(cases)('%s', (_, secret, text) => {
    const masked = redactor.text(text);
    expect(masked).toContain(MASK);
    const undone = unescapeAll(masked);
    expect(undone).not.toContain(secret);
    expect(undone).not.toContain(secret.slice(0, 8));
  });

  it('leaves HTML that holds no secret as it is, references and all', () => {
    const page = '<p>Tom &amp; Jerry &#x3D;&#x3D; &lt;b&gt; &#39;quoted&#39; &unknown; &#xZZ; &</p>';
    expect(redactor.text(page)).toBe(page);
  });
});

describe('Redactor: a secret cut at its start, or at both ends', () => {
  // Tokens of several lengths, in no order a fragment could be mistaken in: every stretch of half of one or more is masked.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const tokenOf = (length: number, seed: number) => Array.from({ length }, (_, i) => alphabet[(seed * 31 + i * 17 + ((i * i) % 7)) % alphabet.length]).join('');
  it.each([24, 25, 31, 32, 33, 40, 64])('every stretch of half or more of a %i-character secret, quoted anywhere, is masked', (length) => {
    const secret = tokenOf(length, length);
    const redactor = new Redactor([secret]);
    for (let start = 0; start < length; start++) {
      for (let end = start + Math.ceil(length / 2); end <= length; end++) {
        const stretch = secret.slice(start, end);
        const masked = redactor.text(`Invalid token …${stretch}, try again`);
        expect(masked, `${start}..${end}`).not.toContain(stretch);
        expect(masked).toContain(MASK);
      }
    }
  });

  it("masks a token split across two members, and the rest of the text stays (Zendesk's description beside token_prefix and token_rest)", () => {
    const token = '6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv';
    const redactor = new Redactor(connectionSecrets([token]));
    const body = JSON.stringify({ description: 'Invalid token', token_prefix: token.slice(0, 8), token_rest: token.slice(8) });
    const masked = redactor.text(body);
    expect(masked).not.toContain(token.slice(8));
    expect(masked).not.toContain(token.slice(0, 8));
    expect(masked).toContain('Invalid token');
    expect(redactor.text(`…${token.slice(4)}`)).toBe(`…${MASK}`);
  });

  it("leaves a stretch shorter than half a secret, secrets under 24 characters and an account's e-mail address to the forms alone", () => {
    const token = '6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv';
    expect(new Redactor([token]).text(`ref ${token.slice(10, 26)} x`)).toBe(`ref ${token.slice(10, 26)} x`);
    expect(new Redactor(['short-secret-12345678']).text('ref secret-12345678 x')).toBe('ref secret-12345678 x');
    // Zendesk's agent address: other users' addresses share its domain.
    const email = 'jane.doe.agent@support.example.com';
    expect(new Redactor([email]).text('Email: roge@support.example.com is already being used')).toBe('Email: roge@support.example.com is already being used');
  });
});

describe('CredentialMarkers: credentials a provider writes into a next page address', () => {
  const secret = 'sk_live/Ab3+xY9';
  const markers = new CredentialMarkers([secret], new Redactor([secret]));

  it.each([
    ['as text', `https://api.example.com/items?page=2&key=${secret}`],
    ['percent-encoded', `https://api.example.com/items?page=2&key=${encodeURIComponent(secret)}`],
    ['form-encoded', `https://api.example.com/items?${new URLSearchParams({ page: '2', key: secret }).toString()}`],
    ['in a provider cursor', `c2.${secret}.end`],
  ])('%s: kept without it, and put back exactly', (_, address) => {
    const hidden = markers.hide(address);
    expect(hidden).not.toContain(secret);
    expect(hidden).not.toContain(encodeURIComponent(secret));
    expect(new Redactor([secret]).text(hidden)).toBe(hidden);
    expect(markers.reveal(hidden)).toBe(address);
  });

  it('an address without a credential is kept as it is', () => {
    expect(markers.hide('https://api.example.com/items?page=2')).toBe('https://api.example.com/items?page=2');
  });

  it('a credential in a form that cannot be put back exactly (Base64) refuses the address', () => {
    const address = `https://api.example.com/items?page=2&auth=${Buffer.from(`user:${secret}`).toString('base64')}`;
    expect(() => markers.hide(address)).toThrow(expect.objectContaining({ type_name: 'ConnectorExecutionError', status_code: 502 }));
  });
});

describe('Redactor.strings: the records a connector answers', () => {
  const secret = 'ks_test_token_12345';
  const redactor = new Redactor(connectionSecrets([secret]));

  it('masks a secret in any string, deep, and leaves members by name alone: a record is the spec\'s, not a header', () => {
    const record = { id: '1', name: `Acme ${secret}`, token: 'kept', emails: [{ email: 'a@b.test', note: b64(`user:${secret}`) }] };
    const masked = redactor.strings(record);
    expect(JSON.stringify(masked)).not.toContain(secret);
    expect(masked.name).toBe(`Acme ${MASK}`);
    expect(masked.token).toBe('kept');
    expect(masked.emails[0]!.email).toBe('a@b.test');
    expectClean(masked.emails[0]!.note, secret);
    // Copied where it changed; what the caller's transformer built is not written to.
    expect(record.name).toBe(`Acme ${secret}`);
  });

  it('answers the very same object where there is nothing to mask, so clean records are not copied', () => {
    const page = [{ id: '1', name: 'Acme', tags: ['a', 'b'] }, { id: '2', name: 'Bolt' }];
    expect(redactor.strings(page)).toBe(page);
    expect(new Redactor([]).strings(page)).toBe(page);
  });
});

describe('Redactor: the tables that pass over most characters only pass over places the full walk finds nothing', () => {
  /**
   * The same redactor with its filters off: every place goes to the walk (`matchAt`), which is what
   * masking means. The fields are reached by name; should they be renamed, this fails here, not silently.
   */
  function unfiltered(secrets: string[]): Redactor {
    const redactor = new Redactor(secrets);
    redactor.text('builds the trie');
    const inner = redactor as unknown as { tables: { starts: Uint8Array; firstNodes: unknown[] }[]; mayStartAt: unknown };
    expect(inner.tables.length).toBeGreaterThan(0);
    for (const table of inner.tables) {
      expect(table.starts).toBeInstanceOf(Uint8Array);
      expect(table.firstNodes).toHaveLength(256);
    }
    // Tables of its own: the compiled ones are shared with every redactor of the same secrets, the filtered one below among them.
    inner.tables = inner.tables.map((table) => ({ ...table, starts: new Uint8Array(256).fill(1), firstNodes: new Array(256).fill(undefined) }));
    inner.mayStartAt = () => true;
    return redactor;
  }

  for (const secret of SECRETS) {
    it(`${JSON.stringify(secret)}: the same text as the walk alone, on texts made of its forms cut anywhere, escapes and other characters`, () => {
      const secrets = connectionSecrets([secret, 'user']);
      const filtered = new Redactor(secrets);
      const walked = unfiltered(secrets);
      const forms = [...traces(secret), `user:${secret}`, b64(`user:${secret}`), urlSafe(`${secret}:user`), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), allUnits(secret), [...secret].map((c) => (/[a-z0-9]/i.test(c) ? c : `&#x${c.codePointAt(0)!.toString(16)};`)).join('')];
      const filler = ['a', 'k', 's', 't', 'Q', '3', ' ', '+', '%', '%2', '%25', '\\', '\\u', '\\\\', '"', "'", '…', '...', '<', 'é', '€', '😀', '\uD83D', '_', '-', '/', '=', '&', '&#x', '&#x3D;', '&amp;', '&#64;'];
      // A form whole or cut at either end, most often: where masking happens and where the walk goes furthest.
      const form = fc.tuple(fc.constantFrom(...forms), fc.nat(), fc.nat()).map(([whole, a, b]) => (a % 2 === 0 ? whole : whole.slice(a % whole.length, b % 3 === 0 ? undefined : whole.length - (b % whole.length))));
      const texts = fc.array(fc.oneof({ weight: 3, arbitrary: form }, { weight: 2, arbitrary: fc.constantFrom(...filler) }), { maxLength: 12 }).map((pieces) => pieces.join(''));
      let masked = 0;
      fc.assert(
        fc.property(texts, (text) => {
          const walkedText = walked.text(text);
          expect(filtered.text(text)).toBe(walkedText);
          if (walkedText !== text) masked++;
        }),
        { numRuns: 400, seed: 20261203 },
      );
      // The texts are ones where masking happens, not only clean ones.
      expect(masked).toBeGreaterThan(100);
    });
  }
});
