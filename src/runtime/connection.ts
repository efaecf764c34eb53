/**
 * What a connector is created with, read and checked before it sends
 * anything: its options, its settings and credentials against the mapping's
 * declarations, the values templates fill from them, and the headers and
 * base URL they make. A problem is a `ConnectionSettingsError` or a
 * `ConnectorCredentialsError` at creation, never a failed request later.
 */

import { randomUUID } from 'node:crypto';
import type { ConnectorOptions, SettingDeclaration } from './connector.js';
import { UnifiedError, type FieldIssue } from './errors.js';
import { readMembers } from './input.js';
import { getPath, isObject } from './objects.js';
import type { Redactor } from './redact.js';
import { illFormedMessage, isWellFormed } from './request.js';

/** Every member of `ConnectorOptions` (a member added there and not here fails to compile). */
const connectorOptionNames = Object.keys({
  settings: true,
  credentials: true,
  baseUrl: true,
  fetch: true,
  timeoutMs: true,
  maxResponseBytes: true,
  retry: true,
  onIssue: true,
  log: true,
  maxPagesPerWalk: true,
  callTimeMs: true,
  readAhead: true,
  sleep: true,
  strictWrites: true,
} satisfies Record<keyof ConnectorOptions<unknown, unknown>, true>);

/**
 * The options a connector is created with, read once, there: plain data
 * copied, functions (fetch, onIssue…) taken as given. A member that throws
 * when read (a getter, a Proxy trap) is the connection's error, named —
 * not a raw error now, nor a 500 when an operation reads it later.
 */
export function readConnectorOptions<O extends object>(given: O): O {
  const { values, issues } = readMembers(given, connectorOptionNames, () => 'dots', []);
  if (issues.length === 0) return values as O;
  const credentials = issues.filter((issue) => /^credentials(\.|$)/.test(issue.field));
  throw credentials.length > 0 ? connectionError('credentials', credentials) : connectionError('settings', issues);
}

function connectionError(kind: 'settings' | 'credentials', problems: readonly FieldIssue[]): UnifiedError {
  const type = kind === 'settings' ? 'ConnectionSettingsError' : 'ConnectorCredentialsError';
  return new UnifiedError(type, `Connection ${kind} are incomplete or malformed: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, {
    status: 400,
    detail: { errors: problems },
  });
}

/** Checks settings or credentials against their declarations; a missing or malformed one is a `ConnectionSettingsError`. */
export function resolveSettings(
  kind: 'settings' | 'credentials',
  declarations: readonly SettingDeclaration[],
  given: unknown,
): Record<string, string> {
  const values: Record<string, string> = {};
  const problems: { field: string; message: string }[] = [];
  const source = isObject(given) ? given : {};
  for (const declaration of declarations) {
    const raw = Object.prototype.hasOwnProperty.call(source, declaration.name) ? source[declaration.name] : undefined;
    const value = raw === undefined || raw === null || raw === '' ? declaration.default : typeof raw === 'number' ? String(raw) : raw;
    if (value === undefined) {
      if (declaration.required) problems.push({ field: `${kind}.${declaration.name}`, message: 'is required' });
      continue;
    }
    if (typeof value !== 'string') {
      problems.push({ field: `${kind}.${declaration.name}`, message: 'must be a string' });
      continue;
    }
    if (!isWellFormed(value)) {
      // Settings and credentials end up in URLs, query strings and headers, where a lone surrogate half would be sent as U+FFFD: another value.
      problems.push({ field: `${kind}.${declaration.name}`, message: illFormedMessage });
      continue;
    }
    if (controlCharacter.test(value)) {
      // Never echo a credential, even a malformed one: name the problem, not the value.
      problems.push({ field: `${kind}.${declaration.name}`, message: 'must not contain control characters (line breaks, tabs, NUL, DEL)' });
      continue;
    }
    if (declaration.pattern !== undefined && !new RegExp(declaration.pattern, 'u').test(value)) {
      // Never echo a credential, even a malformed one.
      problems.push({ field: `${kind}.${declaration.name}`, message: `must match ${declaration.pattern}` });
      continue;
    }
    values[declaration.name] = value;
  }
  if (problems.length > 0) throw connectionError(kind, problems);
  return values;
}

/** A follow-up step's template, filled from settings, the call's path parameters (a parent's), and the first request and answer. */
export function templateValue(
  parts: readonly ({ kind: 'text'; text: string } | { kind: 'settings' | 'credentials' | 'path'; name: string } | { kind: 'request' | 'response'; path: readonly string[] } | { kind: 'header'; name: string } | { kind: 'uuid' })[],
  scope: { settings: Readonly<Record<string, string>>; path?: Readonly<Record<string, string>>; request: unknown; response: unknown; headers?: Headers },
): string | undefined {
  let out = '';
  for (const part of parts) {
    switch (part.kind) {
      case 'text':
        out += part.text;
        break;
      case 'settings':
        out += scope.settings[part.name] ?? '';
        break;
      case 'path': {
        // Checked when the call began (context.id): absent here only if the generated code failed to pass it.
        const value = scope.path?.[part.name];
        if (value === undefined) return undefined;
        out += value;
        break;
      }
      case 'request':
      case 'response': {
        const value = getPath(part.kind === 'request' ? scope.request : scope.response, part.path);
        // Absent (or not a scalar) is undefined for the caller to refuse, never an empty string.
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
        out += String(value);
        break;
      }
      case 'header': {
        const value = scope.headers?.get(part.name);
        if (value === null || value === undefined) return undefined;
        out += value;
        break;
      }
      case 'uuid':
        out += randomUUID();
        break;
      default:
        return undefined;
    }
  }
  return out;
}

/** A fresh key for providers that deduplicate creates. */
export function newIdempotencyKey(): string {
  return randomUUID();
}

/** `Authorization: Basic …` from a username and password. */
export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

// C0 controls, DEL and C1 controls: never part of a credential or setting, and illegal in headers.
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;
// What fetch accepts as a header value: visible Latin-1 and inner spaces or tabs, no surrounding whitespace.
const headerValue = /^(?:[\u0021-\u007e\u0080-\u00ff](?:[\u0020\u0009\u0021-\u007e\u0080-\u00ff]*[\u0021-\u007e\u0080-\u00ff])?)?$/;

/** Header values built from settings or credentials, checked once at connector creation; the value itself is never echoed. */
export function checkHeaderValues(type: 'ConnectorCredentialsError' | 'ConnectionSettingsError', kind: 'credentials' | 'settings', headers: Readonly<Record<string, string>>): void {
  const bad = Object.entries(headers).filter(([, value]) => typeof value !== 'string' || !headerValue.test(value)).map(([name]) => name.toLowerCase());
  if (bad.length === 0) return;
  throw new UnifiedError(type, `Connection ${kind} cannot be sent: the ${bad.join(', ')} header${bad.length > 1 ? 's' : ''} would hold characters HTTP headers cannot carry (control characters, characters beyond Latin-1, or leading or trailing spaces)`, {
    status: 400,
    detail: { errors: bad.map((name) => ({ field: `${kind} (${name} header)`, message: 'holds characters an HTTP header cannot carry' })) },
  });
}

/**
 * The ports the Fetch standard's "bad port" list names (mail, shell, printing
 * and other protocols a browser must not be made to speak): Node's fetch
 * refuses every request to them, with no more than "fetch failed".
 */
const BLOCKED_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513,
  514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

export function parseBaseUrl(value: string, redactor: Redactor): URL {
  let url: URL | undefined;
  // The URL parser would put U+FFFD in place of a lone surrogate half: another host or path than given.
  if (typeof value === 'string' && isWellFormed(value)) {
    try {
      url = new URL(value);
    } catch {
      // refused below
    }
  }
  if (!url || !(url.protocol === 'https:' || url.protocol === 'http:')) {
    throw new UnifiedError('ConnectionSettingsError', `Invalid provider base URL: ${redactor.text(String(value))}`, {
      status: 400,
      detail: { errors: [{ field: 'baseUrl', message: 'must be an absolute http(s) URL' }] },
    });
  }
  // A user name or password in it would be echoed in every error and log event, and fetch refuses to send one (each
  // request would fail, retried); a query or fragment would have each request's path written after it (a delete of
  // `…/api?code=x/users/1`, or of `…/api` itself where a fragment swallowed the rest).
  const port = Number(url.port);
  const problems = [
    ...(url.username !== '' || url.password !== '' ? ['must not hold a user name or password (sign-in goes in the credentials)'] : []),
    ...(BLOCKED_PORTS.has(port) ? [`names port ${port}, which fetch refuses to connect to (the Fetch standard's blocked ports): every request would fail`] : []),
    ...(url.search !== '' || url.hash !== '' || value.includes('?') || value.includes('#') ? ['must not hold a query (?…) or a fragment (#…): request paths and their queries are added after it'] : []),
  ];
  if (problems.length > 0) {
    const shown = `${url.protocol}//${url.username !== '' || url.password !== '' ? '[user:password]@' : ''}${url.host}${url.pathname}`;
    throw new UnifiedError('ConnectionSettingsError', `Invalid provider base URL: ${redactor.text(shown)}${url.search !== '' || url.hash !== '' ? ' (with a query or fragment)' : ''}: it ${problems.join('; it ')}`, {
      status: 400,
      detail: { errors: problems.map((message) => ({ field: 'baseUrl', message })) },
    });
  }
  return url;
}
