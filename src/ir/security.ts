/**
 * Sign-in methods against the security schemes the provider's document
 * declares: a Basic method needs an HTTP basic scheme, a Bearer one an HTTP
 * bearer, OAuth 2 or OpenID Connect scheme, and a header or query key (a
 * method's own, or one it sends `with` it) an `apiKey` scheme of that name
 * and place. A document that declares no schemes says nothing to check.
 */

import type { Diagnostic } from '../diagnostics.js';
import type { AuthDocument, AuthKeyDocument } from '../parse/mapping.js';
import { closest } from '../runtime/fields.js';
import type { SchemaResolver } from './schema.js';

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Scheme {
  name: string;
  type: string;
  scheme?: string;
  in?: string;
  keyName?: string;
}

/** What one method sends: its own credential and the keys `with` it. */
type Part = AuthDocument | AuthKeyDocument;

export interface SecurityCheck {
  resolver: SchemaResolver;
  file: string;
  report: (path: (string | number)[], code: Diagnostic['code'], message: string, hint?: string, target?: 'key' | 'value') => void;
  /** Notes for methods trusted on the mapping's word. */
  trust: (path: (string | number)[], message: string, reason: string) => void;
}

export function checkAuthAgainstSecuritySchemes(methods: readonly AuthDocument[], check: SecurityCheck): void {
  const { resolver, file, report } = check;
  const declared = resolver.at(['components', 'securitySchemes']);
  if (!isRaw(declared)) {
    // A document silent about sign-in leaves every method on the mapping's word.
    methods.forEach((method, i) => {
      if (method.undocumented !== undefined) check.trust(['connection', 'auth', i, 'undocumented'], `${describeMethod(method)}: ${file} declares no security schemes; trusted on the mapping's word`, method.undocumented);
    });
    return;
  }
  const schemes: Scheme[] = Object.keys(declared)
    .sort()
    .flatMap((name) => {
      const raw = resolver.at(resolver.resolvePointer(['components', 'securitySchemes', name]).pointer);
      if (!isRaw(raw) || typeof raw.type !== 'string') return [];
      return [{ name, type: raw.type, scheme: typeof raw.scheme === 'string' ? raw.scheme.toLowerCase() : undefined, in: typeof raw.in === 'string' ? raw.in : undefined, keyName: typeof raw.name === 'string' ? raw.name : undefined }];
    });
  if (schemes.length === 0) return;
  methods.forEach((method, i) => {
    const parts: { part: Part; at: (string | number)[] }[] = [{ part: method, at: ['connection', 'auth', i] }, ...(method.with ?? []).map((key, j) => ({ part: key, at: ['connection', 'auth', i, 'with', j] }))];
    const fitting = parts.map(({ part }) => schemes.filter((scheme) => fits(part, scheme)));
    const unfit = parts.filter((_, k) => fitting[k]!.length === 0);
    if (method.undocumented !== undefined) {
      if (unfit.length === 0) {
        const names = [...new Set(fitting.map((f) => f[0]!.name))];
        report(['connection', 'auth', i, 'undocumented'], 'unknown-provider-parameter', `${describeMethod(method)} is the security scheme${names.length > 1 ? 's' : ''} ${names.join(' and ')} of ${file}; it needs no vouching`, 'remove `undocumented`', 'key');
      } else check.trust(['connection', 'auth', i, 'undocumented'], `${describePart(unfit[0]!.part)}${unfit[0]!.part === method ? '' : ` (sent with ${describePart(method)})`} is none of the security schemes ${file} declares; trusted on the mapping's word`, method.undocumented);
      return;
    }
    for (const { part, at } of unfit) {
      const keyed = schemes.filter((s) => s.type === 'apiKey' && s.in === part.type && s.keyName !== undefined).map((s) => s.keyName!);
      const near = part.type === 'header' || part.type === 'query' ? closest(part.name, keyed) : undefined;
      report(
        at,
        'unknown-provider-parameter',
        `${describePart(part)} is none of the security schemes ${file} declares (${schemes.map(describeScheme).join(', ')})`,
        `${near ? `did you mean the ${part.type} '${near}'?` : useInstead(schemes, part !== method)}; if the provider takes it although its document omits it, say so with a reason: \`undocumented: <where it is documented>\` on this method`,
      );
    }
  });
}

function fits(part: Part, scheme: Scheme): boolean {
  // Some documents describe a token header as an apiKey named Authorization.
  const authorizationKey = scheme.type === 'apiKey' && scheme.in === 'header' && scheme.keyName?.toLowerCase() === 'authorization';
  switch (part.type) {
    case 'basic':
      return (scheme.type === 'http' && scheme.scheme === 'basic') || authorizationKey;
    case 'bearer':
      return (scheme.type === 'http' && scheme.scheme === 'bearer') || scheme.type === 'oauth2' || scheme.type === 'openIdConnect' || authorizationKey;
    case 'header':
      return scheme.type === 'apiKey' && scheme.in === 'header' && scheme.keyName?.toLowerCase() === part.name.toLowerCase();
    case 'query':
      return scheme.type === 'apiKey' && scheme.in === 'query' && scheme.keyName === part.name;
  }
}

function describePart(part: Part): string {
  if (part.type === 'basic') return 'Basic sign-in';
  if (part.type === 'bearer') return 'a Bearer token';
  return `a key in the ${part.type === 'header' ? 'header' : 'query parameter'} '${part.name}'`;
}

function describeMethod(method: AuthDocument): string {
  const keys = (method.with ?? []).map((key) => `the ${key.type === 'header' ? 'header' : 'query parameter'} '${key.name}'`);
  return `${describePart(method)}${keys.length > 0 ? ` with ${keys.join(' and ')}` : ''}`;
}

function describeKind(scheme: Scheme): string {
  if (scheme.type === 'apiKey') return `apiKey in ${scheme.in} '${scheme.keyName}'`;
  return `${scheme.type}${scheme.scheme ? ` ${scheme.scheme}` : ''}`;
}

function describeScheme(scheme: Scheme): string {
  return `${scheme.name}: ${describeKind(scheme)}`;
}

/** The mapping's method for each scheme that has one; the others (HTTP Digest, a cookie key, mutual TLS…) named as having none. `key`: only keys, for a part sent `with` a method. */
function useInstead(all: readonly Scheme[], key = false): string {
  const schemes = key ? all.filter((scheme) => scheme.type === 'apiKey') : all;
  const usable = schemes.flatMap((scheme) => {
    const method = suggestion(scheme);
    return method ? [`\`${method}\` for ${scheme.name}`] : [];
  });
  const unusable = schemes.filter((scheme) => suggestion(scheme) === undefined).map((scheme) => `${scheme.name} (${describeKind(scheme)})`);
  const none = unusable.length > 0 ? `the mapping language has no sign-in for ${unusable.join(', ')}; its methods are basic, bearer, header and query` : '';
  if (usable.length === 0 && none === '') return 'the document declares no apiKey scheme a key could be';
  return usable.length > 0 ? `use the method a scheme describes: ${usable.join('; ')}${none ? `; ${none}` : ''}` : none;
}

function suggestion(scheme: Scheme): string | undefined {
  if (scheme.type === 'apiKey' && (scheme.in === 'query' || scheme.in === 'header')) return `type: ${scheme.in}, name: ${scheme.keyName}`;
  if (scheme.type === 'http' && scheme.scheme === 'basic') return 'type: basic';
  if ((scheme.type === 'http' && scheme.scheme === 'bearer') || scheme.type === 'oauth2' || scheme.type === 'openIdConnect') return 'type: bearer';
  return undefined;
}
