/**
 * Sign-in methods against the provider's document, in two steps.
 *
 * Each method, and each key it sends `with` it, must be one of the security
 * schemes the document declares: a Basic method needs an HTTP basic scheme, a
 * Bearer one an HTTP bearer, OAuth 2 or OpenID Connect scheme, and a header
 * or query key an `apiKey` scheme of that name and place.
 *
 * Then every request the mapping sends must meet the security requirement
 * that applies to it — its operation's own `security`, else the document's —
 * with some method: the requirement is a list of alternatives, each a set of
 * schemes sent together (`[]` needs no sign-in, `{}` makes it optional). A
 * request no method meets is an error; an operation that only some methods
 * meet signs in with those (the connector picks among them per operation).
 *
 * A document that declares no schemes says nothing to check; a method the
 * mapping vouches for (`undocumented`) is trusted on its word, everywhere,
 * and so is every method on an operation whose `undocumented.security` says
 * why the provider takes them there although the document's requirement
 * refuses some (a document that lists only OAuth on an operation an API key
 * signs as well).
 */

import type { Diagnostic } from '../diagnostics.js';
import type { AcrossParts } from './across-parts.js';
import type { AuthDocument, AuthKeyDocument } from '../parse/mapping.js';
import { closest } from '../runtime/fields.js';
import type { ProviderOperation } from './provider-operations.js';
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

/** A provider request the mapping sends: an operation's own, its `search` or its `then`. */
export interface SignedRequest {
  /** The unified operation it is sent for. */
  operation: string;
  found: ProviderOperation;
  /** The mapping entry that sends it. */
  at: (string | number)[];
  /**
   * Why the provider takes every sign-in method on this request although the
   * document's `security` for it says otherwise (its operation's
   * `undocumented.security`): trusted on the mapping's word.
   */
  vouched?: string;
}

/** The schemes a request must send, as alternatives of schemes sent together; where the document says so. */
interface Requirement {
  alternatives: string[][];
  from: 'operation' | 'document';
}

export class SignInCheck {
  private readonly schemes: Scheme[];
  /** Per method, the schemes it sends, or `trusted` (vouched for, or already refused as none of them). */
  private readonly provides: (Set<string> | 'trusted')[];
  private readonly requests: SignedRequest[] = [];

  constructor(
    private readonly methods: readonly AuthDocument[],
    private readonly check: SecurityCheck,
  ) {
    const { resolver, file } = check;
    this.schemes = declaredSchemes(resolver);
    if (!isRaw(resolver.at(['components', 'securitySchemes']))) {
      // A document silent about sign-in leaves every method on the mapping's word.
      methods.forEach((method, i) => {
        if (method.undocumented !== undefined) check.trust(['connection', 'auth', i, 'undocumented'], `${describeMethod(method)}: ${file} declares no security schemes; trusted on the mapping's word`, method.undocumented);
      });
    }
    this.provides = methods.map((method, i) => (this.schemes.length === 0 ? 'trusted' : this.checkMethod(method, i)));
  }

  /** Each part of a method must be a declared scheme, unless the method is vouched for; what it sends, or `trusted`. */
  private checkMethod(method: AuthDocument, i: number): Set<string> | 'trusted' {
    const { file, report } = this.check;
    const schemes = this.schemes;
    const parts: { part: Part; at: (string | number)[] }[] = [{ part: method, at: ['connection', 'auth', i] }, ...(method.with ?? []).map((key, j) => ({ part: key, at: ['connection', 'auth', i, 'with', j] }))];
    const fitting = parts.map(({ part }) => schemes.filter((scheme) => fits(part, scheme)));
    const unfit = parts.filter((_, k) => fitting[k]!.length === 0);
    if (method.undocumented !== undefined) {
      if (unfit.length === 0) {
        const names = [...new Set(fitting.map((f) => f[0]!.name))];
        report(['connection', 'auth', i, 'undocumented'], 'unknown-provider-parameter', `${describeMethod(method)} is the security scheme${names.length > 1 ? 's' : ''} ${names.join(' and ')} of ${file}; it needs no vouching`, 'remove `undocumented`', 'key');
      } else this.check.trust(['connection', 'auth', i, 'undocumented'], `${describePart(unfit[0]!.part)}${unfit[0]!.part === method ? '' : ` (sent with ${describePart(method)})`} is none of the security schemes ${file} declares; trusted on the mapping's word`, method.undocumented);
      return 'trusted';
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
    // Refused already: its requests are not refused a second time for it.
    return unfit.length > 0 ? 'trusted' : schemesSent(method, schemes);
  }

  /** A request the mapping sends, to be held to the requirement that applies to it. */
  request(request: SignedRequest): void {
    this.requests.push(request);
  }

  /**
   * Reports the requests no method signs in for, and gives, per unified
   * operation that only some methods sign every request of, those methods
   * (by index, in the mapping's order). The ones the document's top-level
   * `security` refuses are reported across the parts of the mapping, once.
   */
  finish(across: AcrossParts): Map<string, number[]> {
    const restricted = new Map<string, number[]>();
    const { file, report } = this.check;
    const vouchedAt = (request: SignedRequest) => [...request.at, 'undocumented', 'security'];
    const where = (request: SignedRequest) => `${request.found.method} ${request.found.specPath} in ${file}`;
    if (this.schemes.length === 0) {
      // A document of no schemes requires nothing: a request vouched for would be taken by every method anyway.
      for (const request of this.requests) {
        if (request.vouched !== undefined) report(vouchedAt(request), 'unmet-security', `${file} declares no security schemes, so ${where(request)} takes every sign-in method here; it needs no vouching`, 'remove `undocumented.security`', 'key');
      }
      return restricted;
    }
    const all = this.methods.map((_, i) => i);
    const byOperation = new Map<string, { request: SignedRequest; takes: number[] }[]>();
    const refusedByDocument: { request: SignedRequest; requirement: Requirement }[] = [];
    for (const request of this.requests) {
      const requirement = requirementOf(this.check.resolver, request.found.pointer);
      let takes = requirement ? all.filter((i) => meets(this.provides[i]!, requirement)) : all;
      if (request.vouched !== undefined) {
        const by = requirement ? ` by its ${requirement.from === 'operation' ? 'own' : 'top-level'} \`security\`` : '';
        if (takes.length === all.length) {
          report(vouchedAt(request), 'unmet-security', `${where(request)} takes every sign-in method here${by}; it needs no vouching`, 'remove `undocumented.security`', 'key');
        } else {
          this.check.trust(vouchedAt(request), `${where(request)} requires ${this.describeRequirement(requirement!)}${by}, which ${takes.length === 0 ? 'no' : 'not every'} sign-in method here meets; every method signs it, trusted on the mapping's word`, request.vouched);
          takes = all;
        }
      }
      if (takes.length === 0) {
        if (requirement!.from === 'document') refusedByDocument.push({ request, requirement: requirement! });
        else {
          report(request.at, 'unmet-security', `${where(request)} requires ${this.describeRequirement(requirement!)} by its own \`security\`, and no sign-in method here meets it (${this.describeMethods()})`, this.remedy(requirement!), 'key');
        }
        continue;
      }
      byOperation.set(request.operation, [...(byOperation.get(request.operation) ?? []), { request, takes }]);
    }
    across.add('document security', refusedByDocument, (refused) => {
      if (refused.length === 0) return;
      const { requirement } = refused[0]!;
      const named = [...new Set(refused.map(({ request }) => `${request.found.method} ${request.found.specPath}`))];
      const list = `${named.slice(0, 3).join(', ')}${named.length > 3 ? ` and ${named.length - 3} more` : ''}`;
      report(['connection', 'auth'], 'unmet-security', `${file} requires ${this.describeRequirement(requirement)} by its top-level \`security\`, of every operation without its own (here ${list}), and no sign-in method here meets it (${this.describeMethods()})`, this.remedy(requirement), 'key');
    });
    for (const [operation, requests] of byOperation) {
      const takes = all.filter((i) => requests.every((r) => r.takes.includes(i)));
      if (takes.length === 0) {
        const each = requests.map((r) => `${r.request.found.method} ${r.request.found.specPath} takes ${describeIndexes(r.takes)}`).join('; ');
        report(['operations', operation], 'unmet-security', `no one sign-in method signs every request ${operation} sends: ${each}`, 'every request of an operation is signed by the same method: make one method meet the `security` of them all', 'key');
      } else if (takes.length < all.length) restricted.set(operation, takes);
    }
    return restricted;
  }

  private describeRequirement(requirement: Requirement): string {
    return requirement.alternatives
      .map((names) => {
        const described = names.map((name) => {
          const scheme = this.schemes.find((s) => s.name === name);
          return scheme ? `${name} (${describeKind(scheme)})` : `${name} (which components.securitySchemes does not declare)`;
        });
        return names.length > 1 ? `${described.join(' and ')} together` : described[0]!;
      })
      .join(', or ');
  }

  private describeMethods(): string {
    return this.methods.map((method, i) => `${i + 1}: ${describeMethod(method)}`).join('; ');
  }

  /**
   * What to write: the keys a method lacks for an alternative, sent `with`
   * it, else a method of its own for the first alternative the language can
   * say; and the schemes it cannot.
   */
  private remedy(requirement: Requirement): string {
    const schemeOf = (name: string) => this.schemes.find((s) => s.name === name);
    const isKey = (scheme: Scheme | undefined) => scheme?.type === 'apiKey' && (scheme.in === 'header' || scheme.in === 'query') && scheme.keyName !== undefined;
    let best: { method: number; missing: Scheme[] } | undefined;
    for (const names of requirement.alternatives) {
      this.provides.forEach((provides, i) => {
        if (provides === 'trusted' || !names.some((name) => provides.has(name))) return;
        const missing = names.filter((name) => !provides.has(name)).map(schemeOf);
        if (missing.every(isKey) && (!best || missing.length < best.missing.length)) best = { method: i, missing: missing as Scheme[] };
      });
    }
    if (best) return `send ${best.missing.map((s) => s.name).join(' and ')} with sign-in method ${best.method + 1}: \`with: [${best.missing.map(keyEntry).join(', ')}]\``;
    const unsayable = new Set<string>();
    const undeclared = new Set<string>();
    for (const names of requirement.alternatives) {
      const schemes = names.map(schemeOf);
      for (const [k, name] of names.entries()) {
        const scheme = schemes[k];
        if (scheme === undefined) undeclared.add(name);
        else if (suggestion(scheme) === undefined) unsayable.add(`${name} (${describeKind(scheme)})`);
      }
      if (schemes.some((s) => s === undefined || suggestion(s) === undefined)) continue;
      // One Authorization header at most: a Basic or Bearer method, its keys `with` it.
      const primary = schemes.filter((s) => !isKey(s));
      if (primary.length > 1) continue;
      const [first, ...rest] = primary.length === 1 ? [primary[0]!, ...schemes.filter((s) => isKey(s))] : (schemes as Scheme[]);
      return `add a sign-in method that sends ${names.join(' and ')}: \`{ ${methodEntry(first!)}${rest.length > 0 ? `, with: [${rest.map((s) => keyEntry(s!)).join(', ')}]` : ''} }\``;
    }
    const missing = undeclared.size > 0 ? `${this.check.file} declares no security scheme ${[...undeclared].join(', ')}: describe it under components.securitySchemes` : '';
    const none = unsayable.size > 0 ? `the mapping language has no sign-in for ${[...unsayable].join(', ')}; its methods are basic, bearer, header and query` : '';
    return [missing, none].filter(Boolean).join('; ') || 'no sign-in method the mapping language has meets it';
  }
}

/**
 * The methods (by index) that meet the security requirement of the operation
 * at `pointer`: all of them where neither it nor the document has one, or the
 * document declares no schemes.
 */
export function methodsMeeting(resolver: SchemaResolver, methods: readonly AuthDocument[], pointer: readonly (string | number)[]): number[] {
  const schemes = declaredSchemes(resolver);
  const requirement = requirementOf(resolver, pointer);
  const all = methods.map((_, i) => i);
  if (schemes.length === 0 || !requirement) return all;
  return all.filter((i) => meets(schemesSent(methods[i]!, schemes), requirement));
}

function declaredSchemes(resolver: SchemaResolver): Scheme[] {
  const declared = resolver.at(['components', 'securitySchemes']);
  if (!isRaw(declared)) return [];
  return Object.keys(declared)
    .sort()
    .flatMap((name) => {
      const raw = resolver.at(resolver.resolvePointer(['components', 'securitySchemes', name]).pointer);
      if (!isRaw(raw) || typeof raw.type !== 'string') return [];
      return [{ name, type: raw.type, scheme: typeof raw.scheme === 'string' ? raw.scheme.toLowerCase() : undefined, in: typeof raw.in === 'string' ? raw.in : undefined, keyName: typeof raw.name === 'string' ? raw.name : undefined }];
    });
}

/**
 * The parameters the document's `apiKey` security schemes take their keys
 * in, as `header:<lower-case name>`, `query:<name>` or `cookie:<name>`: a
 * document may declare the same key as a parameter too, and then the
 * sign-in sends it (or another alternative of the requirement stands for it).
 */
export function securityKeyParameters(resolver: SchemaResolver): Set<string> {
  return new Set(declaredSchemes(resolver).flatMap((scheme) => (scheme.type === 'apiKey' && scheme.in !== undefined && scheme.keyName !== undefined ? [`${scheme.in}:${scheme.in === 'header' ? scheme.keyName.toLowerCase() : scheme.keyName}`] : [])));
}

/** The operation's own `security`, else the document's; undefined where neither says. */
function requirementOf(resolver: SchemaResolver, pointer: readonly (string | number)[]): Requirement | undefined {
  const alternatives = (list: unknown[]) => list.filter(isRaw).map((alternative) => Object.keys(alternative));
  const own = resolver.at([...pointer, 'security']);
  if (Array.isArray(own)) return { alternatives: alternatives(own), from: 'operation' };
  const root = resolver.at(['security']);
  return Array.isArray(root) ? { alternatives: alternatives(root), from: 'document' } : undefined;
}

/** The schemes a method sends: each its own credential or a key `with` it fits. */
function schemesSent(method: AuthDocument, schemes: readonly Scheme[]): Set<string> {
  const parts: Part[] = [method, ...(method.with ?? [])];
  return new Set(parts.flatMap((part) => schemes.filter((scheme) => fits(part, scheme)).map((scheme) => scheme.name)));
}

/** `[]` needs no sign-in; otherwise the method sends every scheme of some alternative (`{}` is an empty one). */
function meets(provides: Set<string> | 'trusted', requirement: Requirement): boolean {
  if (provides === 'trusted' || requirement.alternatives.length === 0) return true;
  return requirement.alternatives.some((names) => names.every((name) => provides.has(name)));
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

function describeIndexes(indexes: readonly number[]): string {
  return indexes.length === 0 ? 'no method' : `method ${indexes.map((i) => i + 1).join(' or ')}`;
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

/** A `with` entry sending an apiKey scheme. */
function keyEntry(scheme: Scheme): string {
  return `{ ${methodEntry(scheme)} }`;
}

/** A method (or `with` key) sending a scheme the language has a method for, its credentials left to fill in. */
function methodEntry(scheme: Scheme): string {
  const value = "'{credentials.…}'";
  if (scheme.type === 'apiKey') return `type: ${scheme.in}, name: ${scheme.keyName}, value: ${value}`;
  return scheme.type === 'http' && scheme.scheme === 'basic' ? `type: basic, username: ${value}, password: ${value}` : `type: bearer, token: ${value}`;
}
