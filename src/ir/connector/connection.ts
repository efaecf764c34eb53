/**
 * The connection: settings and credentials, the templates that use them,
 * the base URL against the document's servers, the sign-in methods and the
 * headers sent on every request, checked once for all the operations; and,
 * after the operations, what only all of them together can say (a
 * connection header no operation declares, the rate-limit headers).
 */

import type { Diagnostic } from '../../diagnostics.js';
import type { SettingDocument } from '../../parse/mapping.js';
import { closest } from '../../runtime/fields.js';
import type { AcrossParts } from '../across-parts.js';
import type { AuthIR, SettingIR, Template } from '../model.js';
import { byName } from '../order.js';
import { SignInCheck } from '../security.js';
import { checkSettingsFillServerVariables, type ServerCheck } from '../servers.js';
import { isTemplateError, parseTemplate, templateUses, type TemplateScope } from '../templates.js';
import type { ConnectorCheck } from './check.js';
import { checkVouched } from './vouched.js';

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The connection as the operations and the examples use it. */
export interface Connection {
  settings: SettingIR[];
  credentials: SettingIR[];
  settingNames: Set<string>;
  credentialNames: Set<string>;
  /** Declared names whose every use spells them otherwise (`credentials.api_tokn` → `api_token`): reported once at the declaration. Filled by `reportUndeclaredNames`. */
  misnamed: Map<string, string>;
  /** Reports the names the templates read so far use without declaring them; called once the operations are read. */
  reportUndeclaredNames(): void;
  template: ConnectorCheck['template'];
  /** Undefined when its template was refused (reported). */
  baseUrl: Template | undefined;
  servers: ServerCheck;
  auth: AuthIR[];
  signInCheck: SignInCheck;
  signInHeaders: Map<string, string>;
  headers: { name: string; value: Template }[];
}

/** Read before the record is looked for: the connection's mistakes are reported even when the record's name is wrong. */
export function connectionIR(check: Pick<ConnectorCheck, 'mapping' | 'source' | 'provider' | 'resolver' | 'report' | 'trusted'>): Connection {
  const { mapping, source, provider, resolver, report, trusted } = check;
  const settings = declarations(mapping.connection.settings, false);
  const credentials = declarations(mapping.connection.credentials, true);
  for (const [name, document] of Object.entries(mapping.connection.settings ?? {})) {
    if (document.secret !== undefined) report(['connection', 'settings', name, 'secret'], 'schema', 'a setting is never secret: it goes into URLs and headers, and is not masked', 'declare a secret value under connection.credentials, or drop `secret`', 'key');
  }
  for (const declaration of [...settings, ...credentials]) {
    if (declaration.pattern !== undefined) {
      try {
        new RegExp(declaration.pattern, 'u');
      } catch (error) {
        const kind = settings.includes(declaration) ? 'settings' : 'credentials';
        report(['connection', kind, declaration.name, 'pattern'], 'schema', `invalid regular expression: ${(error as Error).message}`);
      }
    }
  }
  const settingNames = new Set(settings.map((s) => s.name));
  const credentialNames = new Set(credentials.map((c) => c.name));
  // Names used but not declared, said once all the templates are read (the operations' too): a declaration spelt
  // otherwise than all its uses is one mistake, said once at the declaration, not once per use.
  const undeclared = new Map<string, { kind: 'settings' | 'credentials'; name: string; paths: (string | number)[][] }>();
  const template = (text: string, path: (string | number)[], scopes: TemplateScope[]): Template | undefined => {
    const parsed = parseTemplate(text, scopes);
    if (isTemplateError(parsed)) {
      report(path, 'invalid-template', parsed.error, parsed.hint);
      return undefined;
    }
    for (const part of parsed.parts) {
      if (part.kind !== 'settings' && part.kind !== 'credentials') continue;
      if ((part.kind === 'settings' ? settingNames : credentialNames).has(part.name)) continue;
      const key = `${part.kind}.${part.name}`;
      const uses = undeclared.get(key);
      if (uses) uses.paths.push(path);
      else undeclared.set(key, { kind: part.kind, name: part.name, paths: [path] });
    }
    return parsed;
  };

  const baseUrl = template(mapping.connection.base_url, ['connection', 'base_url'], ['settings']);
  if (baseUrl && !/^https?:\/\//.test(baseUrl.parts[0]?.kind === 'text' ? baseUrl.parts[0].text : '')) {
    report(['connection', 'base_url'], 'invalid-template', 'the base URL must start with https:// (or http://)', 'for example https://{settings.subdomain}.example.com/api');
  }
  const servers: ServerCheck = { servers: Array.isArray(provider.document.servers) ? provider.document.servers.filter(isRaw) : [], file: provider.source.file, settings, settingDocuments: mapping.connection.settings ?? {}, credentialDocuments: mapping.connection.credentials ?? {}, report };
  if (baseUrl) checkSettingsFillServerVariables(baseUrl, servers);
  const auth: AuthIR[] = [];
  mapping.connection.auth.forEach((method, i) => {
    const at = ['connection', 'auth', i];
    const scopes: TemplateScope[] = ['settings', 'credentials'];
    // Undeclared names are reported where they stand; counted as uses, they would make every example's credentials "sign in with none".
    const uses = (...templates: (Template | undefined)[]) => [...new Set(templates.flatMap((t) => (t ? templateUses(t).credentials.filter((name) => credentialNames.has(name)) : [])))];
    const keyValue = (name: string, type: 'header' | 'query', value: string, path: (string | number)[]) => {
      if (!isHeaderName(name)) report([...path, 'name'], 'invalid-identifier', `'${name}' is not a valid ${type === 'header' ? 'header' : 'parameter'} name`);
      return template(value, [...path, 'value'], scopes);
    };
    const keys = (method.with ?? []).flatMap((entry, j) => {
      const value = keyValue(entry.name, entry.type, entry.value, [...at, 'with', j]);
      return value ? [{ type: entry.type, name: entry.name, value }] : [];
    });
    // The `with` keys go on the same request as the method's own credential: each in a place of its own.
    const placeOf = (type: string, name: string) => `${type} ${type === 'header' ? name.toLowerCase() : name}`;
    const taken = new Set([method.type === 'header' || method.type === 'query' ? placeOf(method.type, method.name) : 'header authorization']);
    (method.with ?? []).forEach((entry, j) => {
      const place = placeOf(entry.type, entry.name);
      if (taken.has(place)) report([...at, 'with', j, 'name'], 'duplicate-target', `${entry.type === 'header' ? 'header' : 'query parameter'} '${entry.name}' is sent by this sign-in method already: one ${entry.type === 'header' ? 'header' : 'parameter'}, two values`, 'send each key once');
      taken.add(place);
    });
    const withKeys = keys.length > 0 ? { with: keys } : {};
    const keyUses = keys.map((k) => k.value);
    switch (method.type) {
      case 'basic': {
        const username = template(method.username, [...at, 'username'], scopes);
        const password = template(method.password, [...at, 'password'], scopes);
        if (username && password) auth.push({ type: 'basic', username, password, uses: uses(username, password, ...keyUses), ...withKeys });
        break;
      }
      case 'bearer': {
        const token = template(method.token, [...at, 'token'], scopes);
        if (token) auth.push({ type: 'bearer', token, uses: uses(token, ...keyUses), ...withKeys });
        break;
      }
      case 'header':
      case 'query': {
        const value = keyValue(method.name, method.type, method.value, at);
        if (value) auth.push({ type: method.type, name: method.name, value, uses: uses(value, ...keyUses), ...withKeys });
        break;
      }
    }
  });
  const signInCheck = new SignInCheck(mapping.connection.auth, { resolver, file: provider.source.file, report, trust: (path, message, reason) => trusted.push(source.diagnostic(path, { code: 'trusted', message, hint: reason }, 'key')) });
  // The headers the sign-in methods send: a fixed header of the same name would give one header two values.
  const signInHeaders = new Map<string, string>();
  auth.forEach((method, i) => {
    const header = method.type === 'basic' || method.type === 'bearer' ? 'authorization' : method.type === 'header' ? method.name.toLowerCase() : undefined;
    for (const name of [header, ...(method.with ?? []).filter((k) => k.type === 'header').map((k) => k.name.toLowerCase())]) {
      if (name && !signInHeaders.has(name)) signInHeaders.set(name, `sign-in method ${i + 1} (${method.type})`);
    }
  });
  const headers = byName(Object.entries(mapping.connection.headers ?? {})).flatMap(([name, value]) => {
    if (!isHeaderName(name)) report(['connection', 'headers', name], 'invalid-identifier', `'${name}' is not a valid header name`, undefined, 'key');
    if (name.toLowerCase() === 'content-type') report(['connection', 'headers', name], 'schema', 'the Content-Type of a request follows its `body.encoding`; a header here would contradict the body sent', 'set `body.encoding` on the operations that send a body', 'key');
    checkSignInHeader({ signInHeaders, report }, name, ['connection', 'headers', name]);
    const parsed = template(value, ['connection', 'headers', name], ['settings']);
    return parsed ? [{ name, value: parsed }] : [];
  });
  const misnamed = new Map<string, string>();
  // The operations' templates are read with `template` too, after this: the undeclared names are said once all are.
  const reportUndeclaredNames = () => reportUndeclared({ source, report, settingNames, credentialNames }, undeclared.values(), misnamed);
  return { settings, credentials, settingNames, credentialNames, misnamed, reportUndeclaredNames, template, baseUrl, servers, auth, signInCheck, signInHeaders, headers };
}

/**
 * The names the connection's and the operations' templates use that are not declared. Where the
 * nearest declared name is one the mapping uses nowhere, the declaration and
 * its uses disagree: one error at the declaration, naming every use (a typo
 * in `credentials:` otherwise reads as an error at each use, and once more
 * as an example connection lacking the declared name). Otherwise each use is
 * its own mistake, reported where it stands. Fills `misnamed` with the
 * declared names so reported, each with the name its uses spell.
 */
function reportUndeclared(
  check: Pick<ConnectorCheck, 'source' | 'report'> & { settingNames: Set<string>; credentialNames: Set<string> },
  undeclared: Iterable<{ kind: 'settings' | 'credentials'; name: string; paths: (string | number)[][] }>,
  misnamed: Map<string, string>,
): void {
  const { source, report } = check;
  for (const { kind, name, paths } of undeclared) {
    const noun = kind === 'settings' ? 'setting' : 'credential';
    const near = closest(name, [...(kind === 'settings' ? check.settingNames : check.credentialNames)]);
    // Settings are also used by the operations' templates, read later: a use anywhere in the file counts.
    // A template may pad its reference with spaces (`{ settings.account }`), as parseTemplate allows.
    const nearUsed = near !== undefined && new RegExp(`\\{\\s*${kind}\\.${near.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\}`).test(source.text);
    if (near !== undefined && !nearUsed && !misnamed.has(`${kind}.${near}`)) {
      misnamed.set(`${kind}.${near}`, name);
      const at = paths.map((path) => {
        const { line, col } = source.locate(path);
        return `${line}:${col}`;
      });
      report(['connection', kind, near], 'invalid-template', `${noun} '${near}' is declared here, but the mapping uses '{${kind}.${name}}' (at ${at.join(', ')}) and never '{${kind}.${near}}'`, `spell both alike: rename this declaration to '${name}', or the use${paths.length === 1 ? '' : 's'} to '{${kind}.${near}}'`, 'key');
      continue;
    }
    for (const path of paths) report(path, 'invalid-template', `'{${kind}.${name}}' is not a declared ${noun}`, near ? `did you mean '{${kind}.${near}}'?` : `declare it under connection.${kind}`);
  }
}

/** A header an operation or the connection fixes must not be one a sign-in method sends. */
export function checkSignInHeader(check: Pick<ConnectorCheck, 'signInHeaders' | 'report'>, name: string, path: (string | number)[]) {
  const method = check.signInHeaders.get(name.toLowerCase());
  if (method) check.report(path, 'duplicate-target', `header '${name}' is also sent by ${method}: one header, two values`, 'drop it here (the sign-in method sets it), or make it part of the sign-in method', 'key');
}

/**
 * A connection header goes on every request: reported once, with every
 * operation that does not declare it, in every part of the mapping; one
 * vouched for is a note of each part (its README lists it), naming them all.
 */
export function reportConnectionHeaders(check: ConnectorCheck, across: AcrossParts) {
  const { mapping, source, provider, report, trusted, connectionHeadersUndeclared } = check;
  const vouched = mapping.connection.undocumented?.headers ?? {};
  const sent = Object.keys(mapping.connection.headers ?? {}).sort();
  const reasonKeyOf = (name: string) => Object.keys(vouched).find((v) => v.toLowerCase() === name.toLowerCase());
  const listed = (missing: readonly string[]) => `${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}`;
  // Each part's notes go where its own list stood when it was checked, so they read in the order its checks ran.
  across.add('connection headers', [{ undeclared: [...connectionHeadersUndeclared], trusted, at: trusted.length }], (parts) => {
    const missingOf = (name: string) => parts.flatMap((part) => part.undeclared.filter(([header]) => header === name).flatMap(([, missing]) => missing));
    const notes: Diagnostic[] = [];
    for (const name of sent) {
      const missing = missingOf(name);
      const reasonKey = reasonKeyOf(name);
      if (missing.length > 0 && reasonKey !== undefined) {
        notes.push(source.diagnostic(['connection', 'undocumented', 'headers', reasonKey], { code: 'trusted', message: `header '${name}' is not declared by ${listed(missing)} in ${provider.source.file}; trusted on the mapping's word`, hint: vouched[reasonKey]! }, 'key'));
      } else if (missing.length === 0) {
        if (reasonKey !== undefined) report(['connection', 'undocumented', 'headers', reasonKey], 'unknown-provider-parameter', `every operation in ${provider.source.file} declares '${name}'; it needs no vouching`, 'remove it from `undocumented`', 'key');
      } else {
        report(['connection', 'headers', name], 'unknown-provider-parameter', `header '${name}' goes on every request, and ${listed(missing)} in ${provider.source.file} declare${missing.length === 1 ? 's' : ''} no such header parameter`, `if the provider takes it although its document omits it, say so with a reason: \`connection: { undocumented: { headers: { ${name}: <where it is documented> } } }\`; else drop it`, 'key');
      }
    }
    for (const name of Object.keys(vouched)) {
      if (!sent.some((h) => h.toLowerCase() === name.toLowerCase())) report(['connection', 'undocumented', 'headers', name], 'unknown-provider-parameter', `the connection sends no header '${name}'`, 'remove it from `undocumented`, or send it', 'key');
    }
    for (const part of parts) part.trusted.splice(part.at, 0, ...notes);
  });
}

/**
 * The rate-limit headers the connector reads must be ones some answer in
 * the provider's document declares, or be vouched for under
 * `rate_limit.undocumented` with a reason (reported as trusted): a misspelt
 * name is never found, and the connector runs into the limit unwarned.
 */
export function checkRateLimitHeaders(check: ConnectorCheck) {
  const { mapping, provider, providerOperations } = check;
  const limits = mapping.rate_limit;
  if (!limits) return;
  const declared = providerOperations.responseHeaderNames();
  const named = [...(limits.reset ? [{ name: limits.reset.header, at: ['rate_limit', 'reset', 'header'] }] : []), ...(limits.remaining !== undefined ? [{ name: limits.remaining, at: ['rate_limit', 'remaining'] }] : [])];
  checkVouched(check, {
    sent: named,
    names: [...declared.values()],
    isDeclared: (name) => declared.has(name.toLowerCase()),
    anyCase: true,
    vouched: limits.undocumented ?? {},
    vouchedAt: ['rate_limit', 'undocumented'],
    code: 'unknown-provider-field',
    trusted: (name) => `rate-limit header '${name}' is not declared by any answer in ${provider.source.file}`,
    undeclared: (name) => `no answer in ${provider.source.file} declares a '${name}' header`,
    vouch: (name) => `If the provider sends it although its document omits it, say so with a reason: \`undocumented: { ${name}: <where it is documented> }\` under rate_limit`,
    declaredBy: 'an answer',
    notSent: (name) => ({ message: `rate_limit reads no header '${name}'`, hint: 'remove it from `undocumented`, or name it under `reset` or `remaining`' }),
  });
}

/** Settings (`secret` false) or credentials (secret unless they say `secret: false`), by name. */
function declarations(documents: Record<string, SettingDocument> | undefined, credentials: boolean): SettingIR[] {
  return Object.entries(documents ?? {})
    .map(([name, d]) => ({
      name,
      description: d.description,
      required: d.required ?? true,
      pattern: d.pattern,
      default: d.default,
      example: d.example,
      secret: credentials && d.secret !== false,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function isHeaderName(name: string): boolean {
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name);
}
