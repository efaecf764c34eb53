/**
 * What every generated connector is built on: its context, holding the
 * connection (read and checked in `connection.ts`), the HTTP client, the
 * mapping of provider failures to unified errors, and the unified envelopes.
 * Generated code holds the provider knowledge and passes it in; nothing here
 * knows a provider.
 */

import { decodeCursor, nextPageCursor, type PagePosition, type PositionKind } from './cursor.js';
import { UnifiedError, reasonPhrase, validationError, type FieldIssue, type UnifiedErrorType } from './errors.js';
import { parseFields, selectFields, type FieldSelection, type FieldTree } from './fields.js';
import {
  defaultRetryPolicy,
  defaultMaxResponseBytes,
  defaultTimeoutMs,
  ProviderHttpClient,
  type HttpEvent,
  type HttpMethod,
  type ProviderResponse,
  type RateLimitHeaders,
  type RetryPolicy,
  sleep,
} from './http.js';
import { confirmCreate, CreatedNotConfirmedError } from './confirm.js';
import { checkHeaderValues, parseBaseUrl } from './connection.js';
import { AnswerPastBound, findText, getPath, isObject, ListTooLong, maxValuesPerAnswer, parseJsonOrText, parseProviderJson } from './objects.js';
import { type CollectOptions, maxKeptSize, ProviderPageCache, tooManyRecords } from './pagination.js';
import { DEFAULT_MAX_PAGES_PER_WALK } from './walk.js';
import { connectionSecrets, CredentialMarkers, Redactor } from './redact.js';
import { mayHaveReached } from './http.js';
import { describeValue, type ReportIssue } from './read.js';
import { buildUrl, checkWellFormedId, contentTypes, encodeBody, type BodyEncoding, type PatchOps } from './request.js';
import { unstoredValues, type StoredShape } from './write.js';

/** A connection setting or credential the connector needs. */
export interface SettingDeclaration {
  name: string;
  required: boolean;
  /** Values must match it in full: they end up in URLs and headers. */
  pattern?: string;
  default?: string;
  /** Credentials only: `false` for one that names the account rather than proves it, answered as it is in records. */
  secret?: false;
}

/** How to read a provider's error answers. */
export interface ProviderErrorReading {
  /** Candidate paths of a human-readable message in the error body, first found wins. */
  messagePaths: readonly (readonly string[])[];
  /** Provider statuses that mean something other than the default mapping. */
  statusTypes?: Readonly<Record<number, UnifiedErrorType>>;
}

export interface ConnectorDefinition {
  service: string;
  resource: string;
  /** The unified API's server and collection path, for `links`. */
  unifiedServer: string;
  collectionPath: string;
  settings: readonly SettingDeclaration[];
  credentials: readonly SettingDeclaration[];
  errors: ProviderErrorReading;
  rateLimit?: RateLimitHeaders;
}

/** Something a transformer could not map; the record is still returned, the field null or absent. */
export interface MappingIssue {
  service: string;
  operation: string;
  field: string;
  problem: string;
  /** Position of the record in the provider page, for list operations. */
  index?: number;
}

export interface ConnectorOptions<Settings, Credentials> {
  settings: Settings;
  credentials: Credentials;
  /** Overrides the provider base URL (proxies, tests). */
  baseUrl?: string;
  /** The fetch to use; defaults to the global one. */
  fetch?: typeof globalThis.fetch;
  /** Per-attempt timeout in milliseconds (default 30 s). */
  timeoutMs?: number;
  /**
   * The largest provider answer read, in bytes once decompressed (default
   * 32 MiB): a larger one is a `ConnectorExecutionError`, not the process's
   * memory spent on it. It bounds what an answer may hold as well: values
   * (list elements and object members), one per 8 bytes of it, and, where the
   * provider picks the page size, records, one per 32 bytes of it.
   */
  maxResponseBytes?: number;
  retry?: Partial<RetryPolicy>;
  /** Receives mapping issues (at most 100 per provider record, then one saying the rest were not); by default they are emitted as process warnings. */
  onIssue?: (issue: MappingIssue) => void;
  /** Receives one event per request, response and retry; URLs are redacted. */
  log?: (event: HttpEvent) => void;
  /**
   * Provider pages one list walk may read in all (default 10,000): past it the
   * walk ends with a `ConnectorExecutionError`, whatever the provider says.
   */
  maxPagesPerWalk?: number;
  /**
   * Milliseconds one list call may spend reading provider pages after its
   * first (default twice `timeoutMs`): past them it answers the records it has
   * and a cursor to go on from, as it does after 50 provider pages, so a
   * provider answering empty pages slowly cannot hold a call for minutes.
   */
  callTimeMs?: number;
  /**
   * While a caller walks a list (passes a cursor), keep the next unified
   * page's provider requests in flight before it is asked for (default
   * `true`): one unified page's worth with page numbers and offsets, the next
   * provider page with cursors and links. `false`: a list call sends only the
   * requests its own unified page needs, so no request is spent on a page the
   * caller may never ask for (a tight rate limit). Pages already fetched and
   * only partly used are kept either way.
   */
  readAhead?: boolean;
  /** Test seam: replaces the backoff timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * A create or update naming a unified field this connector cannot write:
   * `false` (default) drops it and reports it through `onIssue`; `true`
   * rejects the call with a `RequestValidationError`.
   */
  strictWrites?: boolean;
}

export interface OperationRequest {
  method: HttpMethod;
  /** Path below the base URL, already built from encoded segments. */
  path: string;
  query?: Readonly<Record<string, string | undefined>>;
  /** A whole URL (a provider's next-page link); replaces path and query. */
  url?: URL;
  body?: Record<string, unknown>;
  encoding?: BodyEncoding;
  /** A JSON Patch body's operations, as the provider's document allows them; `add` for both where omitted. */
  patch?: PatchOps;
  /** The media type the provider's document declares for the body, where it is not the encoding's own (`application/merge-patch+json` for JSON). */
  mediaType?: string;
  headers?: Readonly<Record<string, string>>;
  idempotencyKey?: { header: string; value: string };
  /** A request that only reads even though its method is POST (a search), so retries are safe. */
  replayable?: boolean;
}

export interface ListParams {
  cursor?: string | null;
  limit?: number;
  fields?: string | null;
  raw?: boolean;
  signal?: AbortSignal;
}

export interface ListEnvelope<T> {
  status_code: number;
  status: string;
  service: string;
  resource: string;
  operation: string;
  data: T[];
  meta: { items_on_page: number; cursors: { previous: string | null; current: string | null; next: string | null } };
  links: { previous: string | null; current: string; next: string | null };
  _raw?: Record<string, unknown> | null;
}

export interface Envelope<T> {
  status_code: number;
  status: string;
  service: string;
  resource: string;
  operation: string;
  data: T;
  _raw?: Record<string, unknown> | null;
}

const unifiedStatusText: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content' };

/**
 * The longest provider error body kept whole in `detail.provider_error`, as
 * JSON text: real error reports (a message, a code, the fields refused) run to
 * a few kilobytes. A longer one is kept as its first 500 characters.
 */
export const MAX_PROVIDER_ERROR_CHARS = 16 * 1024;

/** Mapping issues reported for one provider record (see `ConnectorContext.reporter`): more than a record has fields to be wrong. */
export const MAX_ISSUES_PER_RECORD = 100;

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 200;

/** What one sign-in method puts on a request. */
export interface SignIn {
  headers: Readonly<Record<string, string>>;
  query: Readonly<Record<string, string>>;
}

/**
 * For a connector some of whose operations take only some of its sign-in
 * methods (the provider document's `security` for them): each method, where
 * the credentials given make it, and per such operation the methods it
 * takes, by index, in order of preference.
 */
export interface SignIns {
  methods: readonly (SignIn | undefined)[];
  /** The credentials each method needs, as the error names them (`email + api_token`). */
  needs: readonly string[];
  operations: Readonly<Record<string, readonly number[]>>;
}

export class ConnectorContext {
  readonly service: string;
  readonly baseUrl: URL;
  readonly redactor: Redactor;
  /** Masks the secret credentials in the records answered (see `record`). */
  private readonly recordRedactor: Redactor;
  /** The largest provider answer read (`ConnectorOptions.maxResponseBytes`, or its default). */
  private readonly maxResponseBytes: number;
  /** Provider pages fetched ahead or only partly used, for the next unified page of a walk. */
  readonly pages: ProviderPageCache;
  /** Credentials a provider writes into its next links and cursors, kept out of the cursors handed out. */
  private readonly markers: CredentialMarkers;
  private readonly http: ProviderHttpClient;
  private readonly retryPolicy: RetryPolicy;
  private readonly authHeaders: Readonly<Record<string, string>>;
  private readonly authQuery: Readonly<Record<string, string>>;
  private readonly signIns: SignIns | undefined;
  private readonly headers: Record<string, string>;

  constructor(
    readonly definition: ConnectorDefinition,
    private readonly options: ConnectorOptions<unknown, unknown>,
    connection: {
      baseUrl: string;
      /** Headers every request carries (API version headers). */
      headers?: Record<string, string>;
      authHeaders?: Record<string, string>;
      authQuery?: Record<string, string>;
      /** Instead of `authHeaders` and `authQuery`: every method the credentials make, for operations that take only some (the first is the default). */
      signIns?: SignIns;
      secrets: readonly string[];
    },
  ) {
    this.service = definition.service;
    this.maxResponseBytes = positiveOr(options.maxResponseBytes, defaultMaxResponseBytes);
    this.pages = new ProviderPageCache({ maxSize: maxKeptSize(this.maxResponseBytes) });
    this.signIns = connection.signIns;
    const made = (connection.signIns?.methods ?? []).filter((signIn): signIn is SignIn => signIn !== undefined);
    this.authHeaders = made[0]?.headers ?? connection.authHeaders ?? {};
    this.authQuery = made[0]?.query ?? connection.authQuery ?? {};
    // Every sign-in the credentials make, the default among them: each may be sent.
    const signIns = made.length > 0 ? made : [{ headers: this.authHeaders, query: this.authQuery }];
    this.headers = lower(connection.headers ?? {});
    // What the auth headers carry is masked too: a Basic header's `user:password` is a secret of its own.
    const authValues = signIns.flatMap((signIn) => [...Object.values(signIn.headers), ...Object.values(signIn.query)]);
    const secrets = connectionSecrets(connection.secrets, authValues);
    this.redactor = new Redactor(secrets);
    // A provider may echo a token into a record's field (a name, a note); the caller's data must not carry it on.
    // A credential declared `secret: false` (Zendesk's agent email) is kept: the agent's own user holds it as data.
    // Nor is a text that begins with it (the `email/token:…` a Basic header carries): a cut form of that text would
    // be the email itself. The token inside it is masked on its own, and so is the header's encoded value as sent.
    const given = (options.credentials ?? {}) as Readonly<Record<string, unknown>>;
    const open = definition.credentials.filter((declaration) => declaration.secret === false).map((declaration) => given[declaration.name]).filter((value): value is string => typeof value === 'string' && value !== '');
    const secret = (text: string) => !open.some((value) => text.startsWith(value));
    const sent = authValues.map((value) => value.trim().split(/\s+/).pop() ?? '');
    this.recordRedactor = new Redactor(connectionSecrets(connection.secrets.filter(secret), [...authValues, ...sent]).filter(secret));
    this.markers = new CredentialMarkers(secrets, this.redactor);
    // A value fetch would refuse as a header fails now, as a settings problem, not later as a network failure retried.
    for (const signIn of signIns) checkHeaderValues('ConnectorCredentialsError', 'credentials', signIn.headers);
    checkHeaderValues('ConnectionSettingsError', 'settings', this.headers);
    this.baseUrl = parseBaseUrl(options.baseUrl ?? connection.baseUrl, this.redactor);
    this.retryPolicy = { ...defaultRetryPolicy, ...definedOnly(options.retry ?? {}) };
    this.http = new ProviderHttpClient({
      service: definition.service,
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      timeoutMs: positiveOr(options.timeoutMs, defaultTimeoutMs),
      maxResponseBytes: this.maxResponseBytes,
      retry: this.retryPolicy,
      ...(definition.rateLimit ? { rateLimit: definition.rateLimit } : {}),
      redactor: this.redactor,
      ...(options.log ? { log: options.log } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
  }

  /**
   * Runs one operation so that whatever happens inside, the caller gets a
   * unified envelope or a `UnifiedError` — never a raw `TypeError` or
   * `SyntaxError`, and never a credential in a message.
   */
  async run<T>(operation: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      if (error instanceof UnifiedError) throw this.scrub(error);
      const message = error instanceof Error ? error.message : String(error);
      throw new UnifiedError('ConnectorExecutionError', `${operation} failed unexpectedly: ${this.redactor.text(message)}`, {
        status: 500,
        detail: { operation, reason: 'unexpected' },
      });
    }
  }

  private scrub(error: UnifiedError): UnifiedError {
    const message = this.redactor.text(error.message);
    const detail = error.detail === undefined ? undefined : this.redactor.value(error.detail);
    if (message === error.message && JSON.stringify(detail) === JSON.stringify(error.detail)) return error;
    if (error instanceof CreatedNotConfirmedError) return new CreatedNotConfirmedError(message, detail as Record<string, unknown>);
    return new UnifiedError(error.type_name, message, { status: error.status_code, ...(detail !== undefined ? { detail } : {}) });
  }

  /** The sign-in an operation sends: the connection's, or the first it takes that the credentials make. */
  private signInFor(operation: string): SignIn {
    const takes = this.signIns?.operations[operation];
    if (!takes) return { headers: this.authHeaders, query: this.authQuery };
    for (const index of takes) {
      const signIn = this.signIns!.methods[index];
      if (signIn) return signIn;
    }
    throw new UnifiedError('ConnectorCredentialsError', `${operation} needs credentials: ${takes.map((index) => this.signIns!.needs[index]).join(' or ')} (the provider takes no other sign-in for it)`, { status: 401, detail: { operation } });
  }

  async send(operation: string, request: OperationRequest, signal?: AbortSignal): Promise<ProviderResponse> {
    const signIn = this.signInFor(operation);
    const url = request.url ?? buildUrl(this.baseUrl, request.path, { ...request.query });
    for (const [name, value] of Object.entries(signIn.query)) url.searchParams.set(name, value);
    const headers: Record<string, string> = { accept: 'application/json', ...this.headers, ...lower(request.headers ?? {}), ...lower(signIn.headers) };
    let body: string | URLSearchParams | FormData | undefined;
    if (request.body !== undefined) {
      const encoding = request.encoding ?? 'json';
      body = encodeBody(encoding, request.body, request.patch ? { patch: request.patch } : {});
      const type = request.mediaType ?? contentTypes[encoding];
      if (type) headers['content-type'] = type;
    }
    if (request.idempotencyKey) headers[request.idempotencyKey.header.toLowerCase()] = request.idempotencyKey.value;
    return this.http.send(
      {
        method: request.method,
        url,
        headers,
        ...(body !== undefined ? { body } : {}),
        ...(request.idempotencyKey || request.replayable ? { replayable: true } : {}),
      },
      signal,
    );
  }

  /**
   * Runs what follows a create the provider accepted (`created`): reading the
   * new id from its answer, or a follow-up lookup, retried with backoff when
   * `retry` (a lookup only reads). Any failure from here on is a
   * `CreatedNotConfirmedError` carrying `reconcile` (see confirm.ts).
   */
  confirmCreate<T>(operation: string, created: ProviderResponse, reconcile: Readonly<Record<string, unknown>>, confirm: () => Promise<T>, options: { retry: boolean; signal?: AbortSignal | undefined }): Promise<T> {
    return confirmCreate({
      service: this.service,
      operation,
      recordName: this.recordName,
      createdStatus: created.status,
      reconcile: this.reconcileValues(reconcile),
      confirm,
      retry: options.retry,
      policy: this.retryPolicy,
      sleep: this.options.sleep ?? sleep,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /** What finds a created record again, as text, masked (see confirm.ts). */
  private reconcileValues(reconcile: Readonly<Record<string, unknown>>): Record<string, string> {
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(reconcile)) {
      if (typeof value === 'string' || typeof value === 'number') values[name] = this.redactor.text(String(value));
    }
    return values;
  }

  /**
   * Sends a create. A failure after it may have reached the provider (no
   * answer within the timeout, the connection reset, the caller aborting) says
   * the record may exist, with what finds it again (`reconcile`): a plain
   * failure invites a second create, and a duplicate.
   */
  async sendCreate(operation: string, request: OperationRequest, reconcile: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<ProviderResponse> {
    try {
      return await this.send(operation, request, signal);
    } catch (error) {
      throw error instanceof UnifiedError && mayHaveReached(error) ? this.mayExist(error, reconcile) : error;
    }
  }

  /**
   * A create's answer: its documented statuses pass, and so does any other
   * 2xx. With any 2xx the provider has accepted the record, so what follows
   * runs under `confirmCreate`: an answer without the documented body is then
   * "created, not confirmed", never a plain failure inviting a duplicate. A
   * 5xx, or a 302 or 303 (a redirect after a POST points at its result), may
   * come after the record was made: the error says it may exist, with what
   * finds it again (`reconcile`).
   */
  expectAccepted(operation: string, response: ProviderResponse, expected: readonly number[], reconcile: Readonly<Record<string, unknown>> = {}): void {
    if ((response.status >= 200 && response.status < 300) || expected.includes(response.status)) return;
    const error = this.providerError(operation, response, expected);
    if (response.status < 500 && response.status !== 302 && response.status !== 303) throw error;
    const location = response.status < 400 ? response.headers.get('location') : null;
    throw this.mayExist(error, reconcile, location === null ? undefined : this.redactor.text(location));
  }

  /** `error` of a create, saying the record may have been made and what finds it again. */
  private mayExist(error: UnifiedError, reconcile: Readonly<Record<string, unknown>>, location?: string): UnifiedError {
    const values = this.reconcileValues(reconcile);
    const keys = Object.entries(values);
    const find = keys.length ? `look it up by ${keys.map(([name, value]) => `${name} ${value}`).join(', ')}` : 'look it up';
    const detail = isObject(error.detail) ? error.detail : {};
    return new UnifiedError(error.type_name, `${error.message.replace(/\.$/, '')}. The ${this.recordName} may have been created: ${find} before creating it again.`, {
      status: error.status_code,
      detail: { ...detail, created: 'unknown', ...(keys.length ? { reconcile: values } : {}), ...(location !== undefined ? { location } : {}) },
    });
  }

  /** Throws the unified error for a provider answer whose status is not one of `expected`. */
  expectStatus(operation: string, response: ProviderResponse, expected: readonly number[]): void {
    if (expected.includes(response.status)) return;
    throw this.providerError(operation, response, expected);
  }

  /**
   * A delete's answer. A 2xx the mapping does not list (200 with a body where
   * it lists 204) still says the record was deleted: an error would send the
   * caller to try again, into a 404. It is answered, and reported.
   */
  expectDeleted(operation: string, response: ProviderResponse, expected: readonly number[]): void {
    if (expected.includes(response.status)) return;
    // A 404 to a retry: an earlier attempt of this very call may have deleted the record (its answer was lost, or it
    // answered 5xx after acting). The record is gone either way; saying it never existed would be the wrong word.
    if (response.status === 404 && response.attempts > 1) {
      this.report({ operation, field: '', problem: `${this.service} answered 404 Not Found to attempt ${response.attempts}, after earlier attempts that may have deleted it: taken as deleted` });
      return;
    }
    if (response.status < 200 || response.status > 299) throw this.providerError(operation, response, expected);
    this.report({ operation, field: '', problem: `${this.service} answered ${response.status} ${reasonPhrase(response.status)} where the mapping lists ${expected.join(', ')}: taken as deleted` });
  }

  /** The unified error of a provider answer; `expected`, the statuses the operation takes as success (named when it was another 2xx or 3xx). */
  providerError(operation: string, response: ProviderResponse, expected?: readonly number[]): UnifiedError {
    const status = response.status;
    const body = parseJsonOrText(response.text, this.maxValues);
    const found = this.definition.errors.messagePaths.map((path) => findText(body, path)).find((value) => value !== undefined);
    const providerMessage = typeof found === 'string' ? found : undefined;
    const type: UnifiedErrorType =
      this.definition.errors.statusTypes?.[status] ??
      (status === 401 ? 'UnauthorizedError' : status === 404 ? 'EntityNotFoundError' : status === 429 ? 'ConnectorRateLimitError' : 'ConnectorExecutionError');
    const detail: Record<string, unknown> = {
      operation,
      provider_status: status,
      // Masked before it is cut, so a cut never leaves part of a secret behind. A body too long to be an error report (an
      // answer of megabytes) is kept as an excerpt: whole, every error would carry it, masked and copied again on the way out.
      provider_error: typeof body === 'string' ? this.redactor.excerpt(body, 500) : response.text.length > MAX_PROVIDER_ERROR_CHARS ? this.redactor.excerpt(response.text, 500) : this.redactor.value(body),
    };
    if (status === 429 || response.headers.has('retry-after')) {
      const retryAfter = response.headers.get('retry-after');
      if (retryAfter !== null) detail.retry_after = retryAfter;
    }
    if (response.attempts > 1) detail.attempts = response.attempts;
    const unexpected = expected !== undefined && status < 400 ? `, which ${operation} does not take as success (it takes ${expected.join(', ')}; the mapping's \`status\`, or the provider's document, may be wrong)` : '';
    const message = providerMessage ?? `${this.service} answered ${status} ${reasonPhrase(status)}${unexpected}`;
    // The provider's own 4xx/5xx passes on; anything else (a redirect, a 2xx not documented, a status past 599 that no HTTP server may send back) is a bad gateway.
    const statusCode = type === 'ConnectorExecutionError' ? (status >= 400 && status <= 599 ? status : 502) : undefined;
    return new UnifiedError(type, this.redactor.excerpt(message, 500), { ...(statusCode !== undefined ? { status: statusCode } : {}), detail });
  }

  /**
   * The provider's JSON body. A non-JSON answer where JSON was due (an HTML
   * error page with status 200, a truncated body) is a `ConnectorExecutionError`,
   * and so is one past a bound on what parsing it would build (more values than
   * `maxValues`, more objects and lists, an object too wide), refused before it is parsed.
   * `maxRecords` (a list page's, `PageRequest.maxRecords`): a large body
   * (`SCAN_BEFORE_PARSE_BYTES` and up) holding a longer list is refused before
   * it is parsed, its records never built; a smaller one is counted after.
   */
  readJson(operation: string, response: ProviderResponse, options: { allowEmpty?: boolean; maxRecords?: number } = {}): unknown {
    // Not empty but lost: nothing can be read from it.
    if (response.unread !== undefined) throw this.badBody(operation, response, response.unread);
    const text = response.text;
    if (text.trim() === '') {
      if (options.allowEmpty) return undefined;
      throw this.badBody(operation, response, 'empty body');
    }
    try {
      return parseProviderJson(text, this.maxValues, options.maxRecords);
    } catch (error) {
      if (error instanceof ListTooLong) throw tooManyRecords(error.count, error.bound, { operation, provider_status: response.status }, this.service);
      if (error instanceof AnswerPastBound) throw this.badBody(operation, response, error.message);
      throw this.badBody(operation, response, 'body is not valid JSON');
    }
  }

  badBody(operation: string, response: ProviderResponse, reason: string): UnifiedError {
    return new UnifiedError('ConnectorExecutionError', `${this.service} sent an unreadable answer to ${operation}: ${reason}`, {
      status: 502,
      detail: {
        operation,
        reason,
        provider_status: response.status,
        content_type: response.headers.get('content-type'),
        body_excerpt: this.redactor.excerpt(response.text, 200),
      },
    });
  }

  /**
   * Values given to a write that this connector does not store (a member
   * with no provider field, an array element no selector picks), added to
   * `issues` as dropped: `settle` reports them, or refuses them when strict.
   */
  unstored(operation: string, record: unknown, shape: StoredShape, prefix: string, issues: FieldIssue[]): void {
    for (const value of unstoredValues(record, shape, prefix)) {
      const message =
        value.kind === 'member' ? `${this.service} has no field for it in ${operation}; it was not sent` : `${this.service} stores only ${value.picks ?? 'some elements'} in ${operation}; this element was not sent`;
      issues.push({ field: value.field, message, dropped: true });
    }
  }

  /**
   * Before a write is sent: values it drops are reported through `onIssue`
   * (or, with `strictWrites`, refused with the rest); any other issue is a
   * `RequestValidationError`.
   */
  settle(operation: string, issues: FieldIssue[]): void {
    const refused = this.options.strictWrites ? issues : issues.filter((issue) => !issue.dropped);
    if (!this.options.strictWrites) for (const issue of issues) if (issue.dropped) this.report({ operation, field: issue.field, problem: issue.message });
    if (refused.length > 0) throw validationError(refused.map(({ field, message }) => ({ field, message })));
  }

  /**
   * Where a transformer reports what it could not map in one provider record
   * (`index`: its position in the page). At most `MAX_ISSUES_PER_RECORD`
   * are reported, then one saying the rest were not: a record holding a list
   * of a million wrong values (a provider's `emails`) would otherwise cost a
   * report each, or a million process warnings.
   */
  reporter(operation: string, index?: number): ReportIssue {
    let reported = 0;
    const at = index !== undefined ? { index } : {};
    return (field, problem) => {
      if (reported > MAX_ISSUES_PER_RECORD) return;
      reported++;
      if (reported <= MAX_ISSUES_PER_RECORD) this.report({ operation, field, problem, ...at });
      else this.report({ operation, field: '', problem: `more problems in this record were not reported: at most ${MAX_ISSUES_PER_RECORD} are, per record`, ...at });
    };
  }

  report(issue: Omit<MappingIssue, 'service'>): void {
    // Problems quote provider values, which may echo a credential.
    const full: MappingIssue = this.redactor.value({ service: this.service, ...issue });
    try {
      if (this.options.onIssue) this.options.onIssue(full);
      else process.emitWarning(`${full.service} ${full.operation}${full.index !== undefined ? ` record ${full.index}` : ''}: ${full.field}: ${full.problem}`, 'ConnectorMappingWarning');
    } catch {
      // Reporting must never break the operation it reports on.
    }
  }

  /** The records array of a list answer: the first of `paths` holding an array, filtered by `where`. */
  records(operation: string, response: ProviderResponse, body: unknown, paths: readonly (readonly string[])[], where: Readonly<Record<string, unknown>> = {}, options: { nullIsEmpty?: boolean; absentIsEmpty?: boolean; maxRecords?: number } = {}): unknown[] {
    for (const path of paths) {
      const found = path.length === 0 ? body : getPath(body, path);
      // Only where the provider's document says so: elsewhere a null is an answer the connector cannot read.
      if (found === null && options.nullIsEmpty) return [];
      // Likewise a member missing from an object on the way (not a body of another shape: a string, an array).
      if (found === undefined && options.absentIsEmpty && absentFromObjects(body, path)) return [];
      if (Array.isArray(found)) {
        // A page as answered, before `where` keeps part of it (`readJson` refuses a large text's list before parsing).
        if (options.maxRecords !== undefined && found.length > options.maxRecords) throw tooManyRecords(found.length, options.maxRecords, { operation, provider_status: response.status }, this.service);
        const conditions = Object.entries(where);
        // Records that are not objects pass through, so the transformer reports them instead of dropping them unseen.
        return conditions.length === 0 ? found : found.filter((record) => !isObject(record) || conditions.every(([key, value]) => record[key] === value));
      }
    }
    throw this.badBody(operation, response, `no records array at ${paths.map((p) => (p.length ? p.join('.') : '(the body)')).join(' or ')}`);
  }

  /** The record of a single-record answer; with `where`, one that does not match is not found. */
  record(operation: string, response: ProviderResponse, body: unknown, path: readonly string[], where: Readonly<Record<string, unknown>> = {}): unknown {
    const found = path.length === 0 ? body : getPath(body, path);
    const at = path.length ? path.join('.') : '(the body)';
    if (!isObject(found)) throw this.badBody(operation, response, `expected a ${this.recordName} record (a JSON object) at ${at}, got ${found === undefined ? 'nothing' : describeValue(found)}`);
    if (Object.keys(found).length === 0) throw this.badBody(operation, response, `expected a ${this.recordName} record at ${at}, got an empty object`);
    for (const [key, value] of Object.entries(where)) {
      if (found[key] !== value) {
        throw new UnifiedError('EntityNotFoundError', `${this.service} has no such ${this.recordName}`, {
          detail: { operation, reason: `the record's ${key} is not ${JSON.stringify(value)}` },
        });
      }
    }
    return found;
  }

  /**
   * The unified record read from a single-record answer: a body the
   * transformer could not read, or a record without its id, is not a record;
   * nor is a record with another id than `asked`, the one requested.
   */
  readRecord<T>(operation: string, response: ProviderResponse, record: T | undefined, path: readonly string[], requireId: boolean, asked?: string): T {
    const where = path.length ? path.join('.') : '(the body)';
    if (record === undefined) throw this.badBody(operation, response, `expected a ${this.recordName} record at ${where}; it could not be read`);
    const id = isObject(record) ? record.id : undefined;
    const absent = id === undefined || id === null || id === '';
    if (requireId && absent) {
      throw this.badBody(operation, response, `expected a ${this.recordName} record with its id at ${where}; the record has no id`);
    }
    if (!absent) this.expectAsked(operation, response, asked, String(id), where);
    // A mapping that reads no id (Twilio's `sid` left unmapped) answers the record it asked for by id, as an update does.
    else if (!requireId && asked !== undefined && isObject(record)) return { ...record, id: asked } as T;
    return record;
  }

  /**
   * An answer about another record than the one requested is no answer
   * about it (a provider's stale cache, a merged record, a redirect): the
   * unified ids are compared as text, so a provider's 1 is the "1" asked for.
   */
  private expectAsked(operation: string, response: ProviderResponse, asked: string | undefined, answered: string, where: string): void {
    if (asked === undefined || answered === asked) return;
    throw this.badBody(operation, response, `expected the ${this.recordName} ${JSON.stringify(asked)} at ${where}, got the ${this.recordName} ${JSON.stringify(answered)}`);
  }

  /** What one record is called in messages: `customer` for `customers`. */
  get recordName(): string {
    return this.definition.resource.replace(/ies$/, 'y').replace(/s$/, '');
  }

  /**
   * A record id from a header of the answer (`Resource-ID`; with `lastSegment`,
   * the last path segment of a `Location`); with `asked` (an update's), it must
   * be the id requested.
   */
  idFromHeader(operation: string, response: ProviderResponse, name: string, lastSegment: boolean, asked?: string): string {
    const value = response.headers.get(name)?.trim();
    let id = value;
    if (value && lastSegment) {
      try {
        id = decodeURIComponent(new URL(value, 'http://answer.invalid').pathname.replace(/\/+$/, '').split('/').pop() ?? '');
      } catch {
        // Not a URL, or a broken percent-escape: the provider's header, not a failure of ours.
        throw this.badBody(operation, response, `its ${name} header is not a URL whose last segment is an id`);
      }
    }
    if (!id) throw this.badBody(operation, response, `no id in its ${name} header`);
    this.expectAsked(operation, response, asked, id, `its ${name} header`);
    return id;
  }

  /** A follow-up value that was not in the first answer or request fails the operation, naming it: never an empty string. */
  filled(operation: string, response: ProviderResponse, value: string | undefined, reference: string): string {
    if (value !== undefined) return value;
    throw this.badBody(operation, response, `no value for ${reference} to look the record up with`);
  }

  /** A record id from an answer, as the unified string id; with `asked` (an update's), it must be the id requested. */
  /**
   * A follow-up lookup's answer holds the values the create sent where the
   * mapping says (`then.where`), compared as text: a search that answers
   * another record (a stale index, a value two records share) is not taken
   * for the new one. Failing, the create is reported created, not confirmed.
   */
  expectFound(operation: string, response: ProviderResponse, body: unknown, expected: readonly { path: readonly string[]; value: string }[]): void {
    for (const { path, value } of expected) {
      const found = getPath(body, path);
      if ((typeof found === 'string' || (typeof found === 'number' && Number.isFinite(found))) && String(found) === value) continue;
      throw this.badBody(operation, response, `the lookup answered another record than the one created: ${path.join('.')} is ${found === undefined ? 'absent' : describeValue(found)}, not the ${JSON.stringify(value)} the create sent`);
    }
  }

  idFrom(operation: string, response: ProviderResponse, body: unknown, path: readonly string[], asked?: string): string {
    const found = path.length === 0 ? body : getPath(body, path);
    // A number id is exact only up to 2^53 (larger ones come as digits from parseProviderJson).
    if ((typeof found === 'string' && found !== '') || (typeof found === 'number' && Number.isSafeInteger(found))) {
      this.expectAsked(operation, response, asked, String(found), path.length ? path.join('.') : '(the body)');
      return String(found);
    }
    throw this.badBody(operation, response, `expected the new record's id at ${path.length ? path.join('.') : '(the body)'}, got ${found === undefined ? 'nothing' : describeValue(found)}`);
  }

  /**
   * Sends array members of a record as numbered keys, as form-encoded APIs
   * want: `channels: [{type, value}]` → `customerChannelType_0`, `customerChannelValue_0`, …
   */
  indexed(record: Record<string, unknown>, members: readonly { member: string; keys: Readonly<Record<string, string>> }[]): Record<string, unknown> {
    const out: Record<string, unknown> = { ...record };
    for (const { member, keys } of members) {
      const list = out[member];
      delete out[member];
      if (!Array.isArray(list)) continue;
      list.forEach((element, index) => {
        if (!isObject(element)) return;
        for (const [from, pattern] of Object.entries(keys)) {
          if (element[from] !== undefined) out[pattern.split('{index}').join(String(index))] = element[from];
        }
      });
    }
    return out;
  }

  /** The most values (list elements, object members) one provider answer may hold: see `maxValuesPerAnswer`. */
  get maxValues(): number {
    return maxValuesPerAnswer(this.maxResponseBytes);
  }

  /** The bound on provider pages per list walk (see `ConnectorOptions.maxPagesPerWalk`). */
  get maxPagesPerWalk(): number {
    return Math.floor(positiveOr(this.options.maxPagesPerWalk, DEFAULT_MAX_PAGES_PER_WALK));
  }

  /**
   * How `operation` fetches provider pages: the walk's page cache and bound,
   * and whether to read ahead. `request` is what the caller asked for beyond
   * the page (filters, sorts): pages kept for one such request are never
   * handed to another. `recordId`: where a provider record's id is.
   */
  listing(operation: string, options: { request?: unknown; recordId?: readonly string[] } = {}): CollectOptions {
    return {
      cache: this.pages,
      readAhead: this.options.readAhead !== false,
      maxPages: this.maxPagesPerWalk,
      scope: listingScope(operation, options.request ?? null),
      markers: this.markers,
      maxResponseBytes: this.maxResponseBytes,
      callTimeMs: positiveOr(this.options.callTimeMs, 2 * positiveOr(this.options.timeoutMs, defaultTimeoutMs)),
      ...(options.recordId ? { recordId: options.recordId } : {}),
    };
  }

  // ---- the unified request contract ---------------------------------------------

  limit(value: unknown): number {
    if (value === undefined || value === null) return DEFAULT_LIMIT;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
      throw new UnifiedError('RequestValidationError', `Invalid limit: it must be an integer from 1 to ${MAX_LIMIT}`, {
        detail: { errors: [{ field: 'limit', message: `must be an integer from 1 to ${MAX_LIMIT}` }] },
      });
    }
    return value;
  }

  cursor(value: unknown, kind: PositionKind): PagePosition | null {
    if (value === undefined || value === null) return null;
    return decodeCursor(this.service, value, kind);
  }

  fields(value: unknown, tree: FieldTree): FieldSelection | undefined {
    return parseFields(value as string | null | undefined, tree);
  }

  /** An id the caller gives for a path segment: the record's, or a parent's (`collection_id`), named as the spec names the parameter. */
  id(value: unknown, field = 'id'): string {
    if (typeof value !== 'string' || value.length === 0 || value.length > 1024) {
      throw new UnifiedError('RequestValidationError', `Invalid ${field}: it must be a non-empty string`, {
        detail: { errors: [{ field, message: 'must be a non-empty string of at most 1024 characters' }] },
      });
    }
    // An id goes into the request path: refused here, before any request.
    checkWellFormedId(value);
    return value;
  }

  /**
   * A parent's id where the provider's body takes a number (`"board": 42`):
   * an id that is no number is refused before any request, as `Number()`
   * would make it NaN, sent as null.
   */
  numericId(value: string, field: string): number {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) {
      throw new UnifiedError('RequestValidationError', `Invalid ${field}: ${this.service} takes it as a number`, {
        detail: { errors: [{ field, message: 'must be a number for this provider' }] },
      });
    }
    return number;
  }

  // ---- the unified envelopes ------------------------------------------------------

  listEnvelope<T>(
    operation: string,
    data: T[],
    page: { current: string | null; next: PagePosition | null; bodies: unknown[] },
    params: ListParams,
    selection: FieldSelection | undefined,
    limit: number,
  ): ListEnvelope<T> {
    const next = page.next ? nextPageCursor(this.service, page.next, data.length > 0) : null;
    const link = (cursor: string | null) => {
      const url = new URL(this.definition.collectionPath, this.definition.unifiedServer);
      if (cursor !== null) url.searchParams.set('cursor', cursor);
      if (params.limit !== undefined) url.searchParams.set('limit', String(limit));
      return url.toString();
    };
    const envelope: ListEnvelope<T> = {
      status_code: 200,
      status: 'OK',
      service: this.service,
      resource: this.definition.resource,
      operation,
      data: this.recordRedactor.strings(data.map((record) => selectFields(record, selection))),
      meta: { items_on_page: data.length, cursors: { previous: null, current: page.current, next } },
      links: { previous: null, current: link(page.current), next: next === null ? null : link(next) },
    };
    if (params.raw === true) envelope._raw = this.rawPayload(page.bodies, 'pages');
    return envelope;
  }

  envelope<T>(operation: string, statusCode: number, data: T, raw: { requested: boolean | undefined; bodies: unknown[] }): Envelope<T> {
    const envelope: Envelope<T> = {
      status_code: statusCode,
      status: unifiedStatusText[statusCode] ?? reasonPhrase(statusCode),
      service: this.service,
      resource: this.definition.resource,
      operation,
      data: this.recordRedactor.strings(data),
    };
    if (raw.requested === true) envelope._raw = this.rawPayload(raw.bodies, 'responses');
    return envelope;
  }

  /**
   * `_raw` is always an object or null, as the unified API's SDKs expect: no
   * body is `null`; one JSON object is that object; anything else (several
   * provider pages or steps, a bare array, a string) is `{ pages: [...] }` for
   * lists and `{ responses: [...] }` for single-record operations, in order.
   */
  rawPayload(bodies: readonly unknown[], several: 'pages' | 'responses'): Record<string, unknown> | null {
    const present = bodies.filter((body) => body !== undefined);
    if (present.length === 0) return null;
    if (present.length === 1 && isObject(present[0])) return this.redactor.value(present[0]);
    return { [several]: this.redactor.value(present) };
  }
}

function lower(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

let unsharedScopes = 0;

/** The page cache's scope of a list request: its operation and what the caller asked beyond the page, as text. */
function listingScope(operation: string, request: unknown): string {
  try {
    return `${operation} ${JSON.stringify(request) ?? ''}`;
  } catch {
    // Not serialisable (a cycle, a bigint): a scope of its own, sharing no kept page.
    return `${operation} #${++unsharedScopes}`;
  }
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'number' && Number.isFinite(v))) as Partial<T>;
}

/** Whether `path` is missing from `body` because an object on the way lacks the next member (every step before it an object). */
function absentFromObjects(body: unknown, path: readonly string[]): boolean {
  let current = body;
  for (const name of path) {
    if (!isObject(current)) return false;
    if (!Object.hasOwn(current, name)) return true;
    current = current[name];
  }
  return false;
}
