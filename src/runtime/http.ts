/**
 * The one place a connector talks to its provider: fetch with a timeout,
 * the caller's AbortSignal, and retries with exponential backoff and jitter
 * that honour `Retry-After` and provider reset headers.
 *
 * Retry rules (why they are this strict): a request is replayed only when a
 * second copy cannot do harm. Idempotent methods (GET, PUT, PATCH, DELETE)
 * are retried on 429, 502, 503, 504 and connection failures. A create (POST)
 * is retried only when the provider certainly did not act on it — a 429, or
 * a connection that was never established — unless the connector sends an
 * idempotency key, in which case the provider deduplicates for us. An
 * answer that would come the same again (too large, one fetch refuses to
 * read, one that is not well-formed HTTP) is not sent for again at all.
 */

import { maxHeaderSize } from 'node:http';
import { TextDecoder } from 'node:util';
import { attemptDeadline } from './deadline.js';
import { UnifiedError } from './errors.js';
import type { Redactor } from './redact.js';

/** What a failure says of a request sent once and not again that may have reached the provider before it failed. */
const MAY_HAVE_RECEIVED = 'the provider may have received it';

/** Whether a failure `send` threw is of a request that may have reached the provider (see MAY_HAVE_RECEIVED). */
export function mayHaveReached(error: UnifiedError): boolean {
  const note = typeof error.detail === 'object' && error.detail !== null ? (error.detail as { note?: unknown }).note : undefined;
  return typeof note === 'string' && note.endsWith(MAY_HAVE_RECEIVED);
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RetryPolicy {
  /** Total attempts, the first included. 1 disables retries. */
  attempts: number;
  /** Backoff before the first retry; doubled each time, with full jitter. */
  baseDelayMs: number;
  /** Ceiling of one backoff, and of a `Retry-After` the connector agrees to wait. */
  maxDelayMs: number;
  /** Ceiling of the whole operation including waits; no retry starts past it. */
  maxElapsedMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxElapsedMs: 30_000,
};

export const defaultTimeoutMs = 30_000;
/**
 * The largest provider answer read, once decompressed: a page of records is
 * kilobytes to a few megabytes, and an answer without bound (or a small gzip
 * body that inflates to gigabytes) would take the process's memory with it.
 */
export const defaultMaxResponseBytes = 32 * 1024 * 1024;

/** An answer body past the size bound: reading stopped there. */
class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the answer is larger than ${limit} bytes (maxResponseBytes)`);
  }
}

/**
 * The body as text, read up to `limit` bytes and decoded with the charset
 * its content type names (UTF-8 when it names none, or one this runtime
 * cannot decode): `response.text()` reads without bound and as UTF-8 only.
 */
async function readBody(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  // A body of a declared length, not encoded, cannot grow past it: read whole, without stepping through its chunks.
  const declared = response.headers.has('content-encoding') ? NaN : Number(response.headers.get('content-length') ?? NaN);
  if (Number.isSafeInteger(declared) && declared <= limit) return decodeBody(new Uint8Array(await response.arrayBuffer()), response.headers.get('content-type'));
  if (Number.isSafeInteger(declared)) {
    await response.body.cancel().catch(() => undefined);
    throw new TooLarge(limit);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge(limit);
    }
    chunks.push(value);
  }
  return decodeBody(Buffer.concat(chunks, total), response.headers.get('content-type'));
}

/**
 * The text of a body: in the encoding its byte order mark names, which
 * overrides the charset label (as browsers decode); without a mark, UTF-16
 * told by its zero bytes where the label names no charset or UTF-8 (the
 * first two characters of any JSON text are ASCII, RFC 4627's rule); else
 * the label's charset. An IIS or .NET error page in UTF-16 read as UTF-8
 * would be `t\0o\0k\0…`: what it echoes would show, and no mask would find it.
 */
function decodeBody(bytes: Uint8Array, contentType: string | null): string {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return decoder('utf-8').decode(bytes);
  if (b0 === 0xff && b1 === 0xfe) return decoder('utf-16le').decode(bytes);
  if (b0 === 0xfe && b1 === 0xff) return decoder('utf-16be').decode(bytes);
  const label = charsetOf(contentType);
  if ((label === undefined || label === 'utf-8' || label === 'utf8') && bytes.length >= 4 && bytes.length % 2 === 0) {
    if (b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0) return decoder('utf-16le').decode(bytes);
    if (b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0) return decoder('utf-16be').decode(bytes);
  }
  return decoder(label ?? 'utf-8').decode(bytes);
}

// One decoder per charset label, made on first use: every answer is decoded, nearly all as UTF-8.
const decoders = new Map<string, TextDecoder>([['utf-8', new TextDecoder('utf-8')]]);

/** The charset a content type names, lower-cased; undefined when it names none. */
function charsetOf(contentType: string | null): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase();
}

function decoder(charset: string): TextDecoder {
  let made = decoders.get(charset);
  if (!made) {
    try {
      made = new TextDecoder(charset);
    } catch {
      // A label this runtime does not know: read as UTF-8, as before.
      made = decoders.get('utf-8')!;
    }
    // Bounded: a provider naming ever new charsets cannot grow it without end.
    if (decoders.size < 32) decoders.set(charset, made);
  }
  return made;
}

/** Where a provider says when to try again, beyond the standard `Retry-After`. */
export interface RateLimitHeaders {
  /** Header holding the time the limit resets. */
  reset?: { header: string; format: 'unix-seconds' | 'unix-ms' | 'seconds' | 'http-date' };
  /** Header holding the requests left in the window; `0` means wait for the reset. */
  remaining?: string;
}

export interface ProviderRequest {
  method: HttpMethod;
  url: URL;
  headers: Record<string, string>;
  body?: string | URLSearchParams | FormData;
  /** A second copy cannot do harm although the method is POST: an idempotency key travels with it, or it only reads. */
  replayable?: boolean;
}

export interface ProviderResponse {
  status: number;
  headers: Headers;
  text: string;
  /**
   * Why the body could not be read when the status and headers arrived but
   * the body did not (cut off, timed out). Only on a request that is not sent
   * again: the status alone still says what the provider did with it (a
   * create it accepted exists).
   */
  unread?: string;
  /** How many attempts it took; tests and logs read it. */
  attempts: number;
}

/**
 * No whole HTTP answer. `answered`: the status and headers did arrive, the
 * body did not. `refused`: an answer did arrive, but fetch would not read it.
 * `malformed`: an answer did arrive, but it is not well-formed HTTP.
 */
interface TransportFailure {
  kind: 'network' | 'timeout' | 'aborted' | 'too-large' | 'refused' | 'malformed';
  reason: string;
  neverSent: boolean;
  answered?: { status: number; headers: Headers };
}

export interface HttpEvent {
  type: 'request' | 'response' | 'retry' | 'failure';
  method: HttpMethod;
  url: string;
  attempt: number;
  status?: number;
  delayMs?: number;
  reason?: string;
}

export interface HttpClientOptions {
  service: string;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  /** The largest answer body read, in bytes once decompressed (default `defaultMaxResponseBytes`). */
  maxResponseBytes?: number;
  retry: RetryPolicy;
  rateLimit?: RateLimitHeaders;
  redactor: Redactor;
  log?: (event: HttpEvent) => void;
  /** Injected by tests to observe waits without sleeping; defaults to a real timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

const retryableStatuses = new Set([429, 502, 503, 504]);

// Connection failures that happen before a single byte of the request left.
const neverSentCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function isIdempotent(method: HttpMethod): boolean {
  return method !== 'POST';
}

export class ProviderHttpClient {
  constructor(private readonly options: HttpClientOptions) {}

  /**
   * Sends `request` until it gets a final answer. Any HTTP status comes back
   * as a response (the caller maps it to a unified error); a transport
   * failure that outlives its retries becomes a `ConnectorExecutionError`.
   */
  async send(request: ProviderRequest, signal?: AbortSignal): Promise<ProviderResponse> {
    const { retry } = this.options;
    const started = Date.now();
    const replayable = isIdempotent(request.method) || request.replayable === true;
    const maxAttempts = Math.max(1, Math.floor(retry.attempts));
    this.checkHeaders(request);
    for (let attempt = 1; ; attempt++) {
      this.throwIfAborted(signal, request);
      this.emit(() => ({ type: 'request', method: request.method, url: this.safeUrl(request.url), attempt }));
      const outcome = await this.attempt(request, signal);
      const last = attempt >= maxAttempts;

      if (outcome.kind === 'response') {
        const { response } = outcome;
        this.emit(() => ({ type: 'response', method: request.method, url: this.safeUrl(request.url), attempt, status: response.status }));
        const statusRetryable =
          retryableStatuses.has(response.status) && (replayable || response.status === 429);
        if (!statusRetryable || last) return { ...response, attempts: attempt };
        const delay = this.delayFor(attempt, response.headers);
        if (delay === undefined || Date.now() - started + delay > retry.maxElapsedMs) {
          return { ...response, attempts: attempt };
        }
        this.emit(() => ({ type: 'retry', method: request.method, url: this.safeUrl(request.url), attempt, status: response.status, delayMs: delay }));
        await this.wait(delay, signal, request);
        continue;
      }

      // A transport failure: no HTTP answer at all.
      const { failure } = outcome;
      // The same answer would come again: a body too large, an answer fetch refuses or one that is not HTTP is not retried.
      const again = failure.kind === 'too-large' || failure.kind === 'refused' || failure.kind === 'malformed';
      // Nor is a body too large or malformed where sending again is safe, so it is read as unreadable under the status it
      // came with: a create it accepted (with an idempotency key too) is created, not a plain failure inviting another.
      if (failure.answered && (!replayable || again)) {
        // The provider answered and only its body was lost (cut off, timed out, the caller gave up on it): what it did
        // (a create it accepted) is in the status.
        const { status, headers } = failure.answered;
        this.emit(() => ({ type: 'response', method: request.method, url: this.safeUrl(request.url), attempt, status }));
        const unread = failure.kind === 'timeout' ? `no whole answer within ${this.options.timeoutMs} ms` : failure.kind === 'aborted' ? 'the caller aborted while it arrived' : failure.kind === 'too-large' ? failure.reason : failure.kind === 'malformed' ? `the answer is not well-formed HTTP: ${failure.reason}` : `the answer was cut off (${failure.reason})`;
        return { status, headers, text: '', unread, attempts: attempt };
      }
      if (failure.kind === 'aborted') {
        throw new UnifiedError('ConnectorExecutionError', 'The request was aborted by the caller', {
          status: 499,
          // A request that is not sent again may have reached the provider before the abort; say so.
          detail: { reason: 'aborted', method: request.method, url: this.safeUrl(request.url), ...(replayable ? {} : { note: MAY_HAVE_RECEIVED }) },
        });
      }
      const retryable = !again && (failure.neverSent || replayable);
      const delay = this.delayFor(attempt);
      const withinBudget = delay !== undefined && Date.now() - started + delay <= retry.maxElapsedMs;
      if (!retryable || last || !withinBudget) {
        this.emit(() => ({ type: 'failure', method: request.method, url: this.safeUrl(request.url), attempt, reason: failure.reason }));
        const timeout = failure.kind === 'timeout';
        throw new UnifiedError(
          'ConnectorExecutionError',
          timeout
            ? `The provider did not answer within ${this.options.timeoutMs} ms`
            : failure.kind === 'refused'
              ? `The provider's answer could not be read: ${failure.reason}`
              : failure.kind === 'malformed'
                ? `The provider's answer is not well-formed HTTP: ${this.options.redactor.text(failure.reason)}`
              : failure.answered
              ? `The provider answered ${failure.answered.status}, but its body could not be read: ${this.options.redactor.text(failure.reason)}`
              : failure.neverSent
                ? `Could not reach the provider: ${this.options.redactor.text(failure.reason)}`
                : // Sent, and the connection failed before an answer could be read (reset, an answer fetch refuses).
                  `The connection to the provider failed before its answer could be read: ${this.options.redactor.text(failure.reason)}`,
          {
            status: timeout ? 504 : 502,
            detail: {
              reason: failure.kind === 'refused' ? 'answer refused by fetch' : failure.kind === 'malformed' ? 'malformed answer' : failure.kind,
              method: request.method,
              url: this.safeUrl(request.url),
              attempts: attempt,
              // A create that may have reached the provider is never replayed; say so.
              ...(failure.neverSent || replayable ? {} : { retried: false, note: `not retried: ${MAY_HAVE_RECEIVED}` }),
              ...((failure.kind === 'refused' || failure.kind === 'malformed') && replayable ? { retried: false, note: 'not retried: the same answer would come again' } : {}),
            },
          },
        );
      }
      this.emit(() => ({ type: 'retry', method: request.method, url: this.safeUrl(request.url), attempt, delayMs: delay, reason: failure.reason }));
      await this.wait(delay, signal, request);
    }
  }

  /**
   * A header fetch would refuse is a request that can never be sent: it is
   * reported once, named but not echoed, instead of failing every attempt
   * as if the network had.
   */
  private checkHeaders(request: ProviderRequest): void {
    const refused = Object.entries(request.headers).filter(([name, value]) => {
      try {
        new Headers([[name, value]]);
        return false;
      } catch {
        return true;
      }
    });
    if (refused.length === 0) return;
    const names = refused.map(([name]) => this.options.redactor.text(name.toLowerCase()));
    this.emit(() => ({ type: 'failure', method: request.method, url: this.safeUrl(request.url), attempt: 0, reason: `invalid header: ${names.join(', ')}` }));
    throw new UnifiedError('ConnectorExecutionError', `The request could not be sent: the ${names.join(', ')} header cannot hold the value it was given`, {
      status: 500,
      detail: { reason: 'invalid header', headers: names, method: request.method, url: this.safeUrl(request.url), attempts: 0 },
    });
  }

  private async attempt(
    request: ProviderRequest,
    signal: AbortSignal | undefined,
  ): Promise<
    | { kind: 'response'; response: Omit<ProviderResponse, 'attempts'> }
    | { kind: 'failure'; failure: TransportFailure }
  > {
    const deadline = attemptDeadline(timerMs(this.options.timeoutMs));
    const timeout = deadline.signal;
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let answered: TransportFailure['answered'];
    try {
      const response = await this.options.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal: combined,
        redirect: 'manual',
      });
      answered = { status: response.status, headers: response.headers };
      // Reading the body can fail too (a connection cut mid-body): same rules, but the status is kept.
      const text = await readBody(response, this.options.maxResponseBytes ?? defaultMaxResponseBytes);
      return { kind: 'response', response: { status: response.status, headers: response.headers, text } };
    } catch (error) {
      const failure = this.transportFailure(error, signal, timeout);
      return { kind: 'failure', failure: answered ? { ...failure, neverSent: false, answered } : failure };
    } finally {
      deadline.clear();
    }
  }

  private transportFailure(error: unknown, signal: AbortSignal | undefined, timeout: AbortSignal): TransportFailure {
    if (error instanceof TooLarge) return { kind: 'too-large', reason: error.message, neverSent: false };
    if (signal?.aborted) return { kind: 'aborted', reason: 'aborted', neverSent: false };
    if (timeout.aborted) return { kind: 'timeout', reason: 'timeout', neverSent: false };
    const refused = refusedAnswer(error);
    if (refused) return { kind: 'refused', reason: refused, neverSent: false };
    const malformed = malformedAnswer(error);
    if (malformed) return { kind: 'malformed', reason: malformed, neverSent: false };
    const code = errorCode(error);
    return { kind: 'network', reason: code ?? describe(error), neverSent: code !== undefined && neverSentCodes.has(code) };
  }

  /** The wait before the next attempt, or undefined when the provider asks for longer than we agree to wait. */
  private delayFor(attempt: number, headers?: Headers): number | undefined {
    const { retry } = this.options;
    const asked = headers ? this.providerDelay(headers) : undefined;
    if (asked !== undefined) return asked > retry.maxDelayMs ? undefined : asked;
    const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
    const random = this.options.random ?? Math.random;
    return Math.round(random() * ceiling); // full jitter: spreads clients that failed together
  }

  private providerDelay(headers: Headers): number | undefined {
    const retryAfter = parseRetryAfter(headers.get('retry-after'));
    if (retryAfter !== undefined) return retryAfter;
    const { rateLimit } = this.options;
    if (rateLimit?.reset) {
      const remaining = rateLimit.remaining ? headers.get(rateLimit.remaining) : null;
      if (remaining === null || Number(remaining) <= 0) {
        return parseReset(headers.get(rateLimit.reset.header), rateLimit.reset.format);
      }
    }
    return undefined;
  }

  private async wait(ms: number, signal: AbortSignal | undefined, request: ProviderRequest): Promise<void> {
    try {
      await (this.options.sleep ?? sleep)(ms, signal);
    } catch {
      this.throwIfAborted(signal, request);
    }
  }

  private throwIfAborted(signal: AbortSignal | undefined, request: ProviderRequest): void {
    if (signal?.aborted) {
      throw new UnifiedError('ConnectorExecutionError', 'The request was aborted by the caller', {
        status: 499,
        detail: { reason: 'aborted', method: request.method, url: this.safeUrl(request.url) },
      });
    }
  }

  private safeUrl(url: URL): string {
    return this.options.redactor.text(url.toString());
  }

  /** Logs the event `describe` makes; made only when there is a log (its URL is redacted, which costs a scan per request). */
  private emit(describe: () => HttpEvent): void {
    const log = this.options.log;
    if (!log) return;
    try {
      // Reasons come from the network stack and may quote what was sent.
      log(this.options.redactor.value(describe()));
    } catch {
      // A failing logger must not fail the request.
    }
  }
}

/** `Retry-After` in both its forms: delta-seconds or an HTTP-date. Milliseconds from now. */
/**
 * The three date forms HTTP allows (RFC 9110 §5.6.7): IMF-fixdate, the
 * obsolete RFC 850 form and asctime. `Date.parse` alone also takes `1.5` or
 * `-1` as dates long past, which would mean retrying at once.
 */
const HTTP_DATE = [
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/** `Retry-After` as milliseconds to wait: delay-seconds or an HTTP date; undefined for anything else (the backoff then applies). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!HTTP_DATE.some((form) => form.test(trimmed))) return undefined;
  // asctime carries no zone: it is GMT too.
  const date = Date.parse(HTTP_DATE[2]!.test(trimmed) ? `${trimmed} GMT` : trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export function parseReset(
  value: string | null,
  format: 'unix-seconds' | 'unix-ms' | 'seconds' | 'http-date',
  now = Date.now(),
): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (format === 'http-date') return parseRetryAfter(trimmed, now);
  const number = Number(trimmed);
  if (!Number.isFinite(number) || number < 0) return undefined;
  switch (format) {
    case 'seconds':
      return number * 1000;
    case 'unix-seconds':
      return Math.max(0, number * 1000 - now);
    case 'unix-ms':
      return Math.max(0, number - now);
  }
}

/** The longest delay a timer takes (2^31 - 1 ms, about 24.8 days): a longer one fires at once, with a warning. */
export const MAX_TIMER_MS = 2_147_483_647;

/** `ms` as a timer can wait it: a larger value (a timeout or retry bound given as 3e9) would fire at once, not never. */
export function timerMs(ms: number): number {
  return Math.min(Math.max(0, ms), MAX_TIMER_MS);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, timerMs(ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * What was wrong with an answer Node's fetch (undici) refuses to read: it
 * destroys the connection and throws `fetch failed`, as for a reset, although
 * the provider (or a proxy before it) did answer. The same answer would come
 * again. Undefined for any other failure (and for an injected fetch, which
 * throws other errors).
 */
function refusedAnswer(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    // undici takes no 100 Continue at all, though RFC 9110 lets a client skip one it did not ask for; other interim
    // answers (102, 103) it passes over. A known limitation (nodejs/undici#197), not a fault of this connection.
    if (code === 'UND_ERR_SOCKET' && message === 'bad response') {
      return 'it began with an interim "100 Continue" that was not asked for (some proxies send one), which Node\'s fetch (undici) does not accept';
    }
    if (code === 'UND_ERR_SOCKET' && message === 'bad upgrade') return 'it answered "101 Switching Protocols" to a request that asked for no upgrade';
    if (code === 'UND_ERR_HEADERS_OVERFLOW') return `its header section is larger than Node's fetch reads (http.maxHeaderSize, ${maxHeaderSize} bytes here; node --max-http-header-size sets it)`;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** What is wrong with the HTTP of an answer, said plainly, where undici's parser (llhttp) names it less so. */
const malformations: Readonly<Record<string, string>> = {
  HPE_INVALID_CONSTANT: 'it does not begin with "HTTP/" (something other than an HTTP server answered)',
  HPE_INVALID_VERSION: 'its status line names no HTTP version 1.0 or 1.1',
  HPE_INVALID_STATUS: 'its status line holds no three-digit status',
  HPE_INVALID_HEADER_TOKEN: 'a header holds a character HTTP does not allow there',
  HPE_INVALID_CONTENT_LENGTH: 'its Content-Length is not a number',
  HPE_INVALID_CHUNK_SIZE: 'a chunk of its body announces a size that is not a hexadecimal number',
  HPE_INVALID_TRANSFER_ENCODING: 'its Transfer-Encoding cannot be read (chunked must come last)',
  HPE_CR_EXPECTED: 'a line of it does not end in CR LF',
  HPE_LF_EXPECTED: 'a line of it does not end in CR LF',
};

/**
 * What is malformed in an answer that is not well-formed HTTP/1.1 (undici's
 * parser throws `HPE_*`: an invalid chunk size, a header token, a status
 * line, Content-Length twice or beside chunked): a fault of the provider or
 * of a proxy before it, which would answer the same again. Undefined for any
 * other failure.
 */
function malformedAnswer(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    // zlib's (Z_DATA_ERROR: gzip, deflate) and Brotli's (ERR__ERROR_FORMAT_…) own refusals: the same bytes would come again.
    if (typeof code === 'string' && (/^Z_(DATA|BUF|STREAM|NEED_DICT)_ERROR$/.test(code) || code.startsWith('ERR__ERROR_'))) {
      return `its body cannot be decompressed as its Content-Encoding says (${code})`;
    }
    if (typeof code === 'string' && code.startsWith('HPE_')) {
      // llhttp's own reason, in parentheses after "Response does not match the HTTP/1.1 protocol": a fixed text, never the answer's bytes.
      const reason = typeof message === 'string' ? /\(([^()]+)\)\s*$/.exec(message)?.[1] : undefined;
      return `${malformations[code] ?? reason ?? 'it does not follow HTTP/1.1'} (${code})`;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorCode(error: unknown): string | undefined {
  // undici wraps the socket error: TypeError('fetch failed', { cause: { code } }).
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
