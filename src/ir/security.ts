/**
 * Sign-in methods against the security schemes the provider's document
 * declares: a Basic method needs an HTTP basic scheme, a Bearer one an HTTP
 * bearer, OAuth 2 or OpenID Connect scheme, and a header or query key an
 * `apiKey` scheme of that name and place. A document that declares no
 * schemes says nothing to check.
 */

import type { Diagnostic } from '../diagnostics.js';
import type { AuthDocument } from '../parse/mapping.js';
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
    const fitting = schemes.find((scheme) => fits(method, scheme));
    if (fitting && method.undocumented !== undefined) {
      report(['connection', 'auth', i, 'undocumented'], 'unknown-provider-parameter', `${describeMethod(method)} is the security scheme ${fitting.name} of ${file}; it needs no vouching`, 'remove `undocumented`', 'key');
      return;
    }
    if (fitting) return;
    if (method.undocumented !== undefined) {
      check.trust(['connection', 'auth', i, 'undocumented'], `${describeMethod(method)} is none of the security schemes ${file} declares; trusted on the mapping's word`, method.undocumented);
      return;
    }
    const keyed = schemes.filter((s) => s.type === 'apiKey' && s.in === method.type && s.keyName !== undefined).map((s) => s.keyName!);
    const near = method.type === 'header' || method.type === 'query' ? closest(method.name, keyed) : undefined;
    report(
      ['connection', 'auth', i],
      'unknown-provider-parameter',
      `${describeMethod(method)} is none of the security schemes ${file} declares (${schemes.map(describeScheme).join(', ')})`,
      `${near ? `did you mean the ${method.type} '${near}'?` : useInstead(schemes)}; if the provider takes it although its document omits it, say so with a reason: \`undocumented: <where it is documented>\` on this method`,
    );
  });
}

function fits(method: AuthDocument, scheme: Scheme): boolean {
  // Some documents describe a token header as an apiKey named Authorization.
  const authorizationKey = scheme.type === 'apiKey' && scheme.in === 'header' && scheme.keyName?.toLowerCase() === 'authorization';
  switch (method.type) {
    case 'basic':
      return (scheme.type === 'http' && scheme.scheme === 'basic') || authorizationKey;
    case 'bearer':
      return (scheme.type === 'http' && scheme.scheme === 'bearer') || scheme.type === 'oauth2' || scheme.type === 'openIdConnect' || authorizationKey;
    case 'header':
      return scheme.type === 'apiKey' && scheme.in === 'header' && scheme.keyName?.toLowerCase() === method.name.toLowerCase();
    case 'query':
      return scheme.type === 'apiKey' && scheme.in === 'query' && scheme.keyName === method.name;
  }
}

function describeMethod(method: AuthDocument): string {
  if (method.type === 'basic') return 'Basic sign-in';
  if (method.type === 'bearer') return 'a Bearer token';
  return `a key in the ${method.type === 'header' ? 'header' : 'query parameter'} '${method.name}'`;
}

function describeScheme(scheme: Scheme): string {
  if (scheme.type === 'apiKey') return `${scheme.name}: apiKey in ${scheme.in} '${scheme.keyName}'`;
  return `${scheme.name}: ${scheme.type}${scheme.scheme ? ` ${scheme.scheme}` : ''}`;
}

/** The mapping's method for each scheme that has one; the others (HTTP Digest, a cookie key, mutual TLS…) named as having none. */
function useInstead(schemes: readonly Scheme[]): string {
  const usable = schemes.flatMap((scheme) => {
    const method = suggestion(scheme);
    return method ? [`${method} for ${scheme.name}`] : [];
  });
  const unusable = schemes.filter((scheme) => suggestion(scheme) === undefined).map((scheme) => `${scheme.name} (${describeScheme(scheme).slice(scheme.name.length + 2)})`);
  const none = unusable.length > 0 ? `the mapping language has no sign-in for ${unusable.join(', ')}; its methods are basic, bearer, header and query` : '';
  return usable.length > 0 ? `use the method a scheme describes: ${usable.join('; ')}${none ? `; ${none}` : ''}` : none;
}

function suggestion(scheme: Scheme): string | undefined {
  if (scheme.type === 'apiKey' && (scheme.in === 'query' || scheme.in === 'header')) return `\`type: ${scheme.in}, name: ${scheme.keyName}\``;
  if (scheme.type === 'http' && scheme.scheme === 'basic') return '`type: basic`';
  if ((scheme.type === 'http' && scheme.scheme === 'bearer') || scheme.type === 'oauth2' || scheme.type === 'openIdConnect') return '`type: bearer`';
  return undefined;
}
