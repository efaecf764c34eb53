/**
 * The unified error catalogue: every failure a connector reports is one of
 * these, shaped exactly like the spec's error responses
 * (`{status_code, error, type_name, message, detail, ref}`).
 *
 * The type names and their HTTP statuses come from the spec's "Error Types"
 * section and error response examples (the filter and sort errors from
 * `specs/crm.yaml`, whose lists take `filter[…]` and `sort[…]`).
 */

export const unifiedErrorTypes = {
  RequestValidationError: 400,
  UnsupportedFiltersError: 400,
  UnsupportedSortFieldError: 400,
  InvalidCursorError: 400,
  ConnectionSettingsError: 400,
  UnauthorizedError: 401,
  ConnectorCredentialsError: 401,
  EntityNotFoundError: 404,
  ConnectorNotFoundError: 404,
  ConnectorRateLimitError: 429,
  ConnectorExecutionError: 500,
  MappingError: 501,
  ConnectorOperationUnsupportedError: 501,
} as const;

export type UnifiedErrorType = keyof typeof unifiedErrorTypes;

/** The error body of the spec (BadRequestResponse, NotFoundResponse, …). */
export interface UnifiedErrorBody {
  status_code: number;
  error: string;
  type_name: UnifiedErrorType;
  message: string;
  detail?: string | Record<string, unknown>;
  ref: string;
}

// Reason phrases (RFC 9110 / RFC 6585) for the `error` member.
const reasonPhrases: Record<number, string> = {
  // Answers outside what an operation documents are errors too (a 200 where 204 is due, a redirect): named as well.
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  499: 'Client Closed Request',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function reasonPhrase(status: number): string {
  return reasonPhrases[status] ?? (status >= 500 ? 'Server Error' : status >= 400 ? 'Client Error' : status >= 300 ? 'Redirection' : status >= 200 ? 'Success' : 'Unknown');
}

/**
 * Thrown by every connector operation on failure. Its enumerable own
 * properties are exactly the spec's error body, so `JSON.stringify(error)`
 * (or `error.toJSON()`) is what a unified API would answer.
 */
export class UnifiedError extends Error {
  declare readonly status_code: number;
  declare readonly error: string;
  declare readonly type_name: UnifiedErrorType;
  declare readonly detail: string | Record<string, unknown> | undefined;
  declare readonly ref: string;

  constructor(type: UnifiedErrorType, message: string, options: { status?: number; detail?: string | Record<string, unknown> } = {}) {
    super(message);
    const status = options.status ?? unifiedErrorTypes[type];
    // Defined as plain data so the error serialises to the spec's shape.
    Object.defineProperties(this, {
      name: { value: 'UnifiedError', enumerable: false },
      status_code: { value: status, enumerable: true },
      error: { value: reasonPhrase(status), enumerable: true },
      type_name: { value: type, enumerable: true },
      message: { value: message, enumerable: true, writable: true },
      detail: { value: options.detail, enumerable: options.detail !== undefined },
      ref: { value: `https://developers.apideck.com/errors#${type.toLowerCase()}`, enumerable: true },
    });
  }

  toJSON(): UnifiedErrorBody {
    const body: UnifiedErrorBody = {
      status_code: this.status_code,
      error: this.error,
      type_name: this.type_name,
      message: this.message,
      ref: this.ref,
    };
    if (this.detail !== undefined) body.detail = this.detail;
    return body;
  }
}

export function isUnifiedError(value: unknown): value is UnifiedError {
  return value instanceof UnifiedError;
}

/** One problem with one field of a request, as listed in a validation error's detail. */
export interface FieldIssue {
  field: string;
  message: string;
  /** A value the write leaves out (it is otherwise fine): reported, and refused only under `strictWrites`. */
  dropped?: true;
}

export function validationError(issues: readonly FieldIssue[], message?: string): UnifiedError {
  const fields = [...new Set(issues.map((issue) => issue.field))];
  return new UnifiedError('RequestValidationError', message ?? `Invalid request: ${fields.join(', ')}`, {
    detail: { errors: issues.map((issue) => ({ field: issue.field, message: issue.message })) },
  });
}
