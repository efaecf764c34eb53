/**
 * The mapping's base URL against the servers the provider's document
 * declares. The generated suites talk to a loopback server, so which setting
 * fills which part of the host is never observed at test time; it is checked
 * here instead, against the document.
 */

import type { Diagnostic, DiagnosticCode } from '../diagnostics.js';
import type { SettingDocument } from '../parse/mapping.js';
import type { SettingIR, Template } from './model.js';

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ServerCheck {
  /** The `servers` of the provider's document. */
  servers: readonly Raw[];
  file: string;
  settings: readonly SettingIR[];
  settingDocuments: Readonly<Record<string, SettingDocument>>;
  credentialDocuments: Readonly<Record<string, SettingDocument>>;
  report: (path: (string | number)[], code: Diagnostic['code'] & DiagnosticCode, message: string, hint?: string, target?: 'key' | 'value') => void;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * A server URL of the provider's document as patterns: its origin (scheme,
 * host and port) and its path, each `{variable}` standing for its `enum`
 * values or, without one, for any text (with a slash only when its default
 * has one). A URL without a scheme is relative to where the document is
 * served (OpenAPI 3): it says nothing of the origin, only of the path.
 */
export interface ServerUrl {
  /** As the document writes it. */
  url: string;
  /** Undefined for a URL relative to the document. */
  origin: RegExp | undefined;
  /** Regular expression source of the path, without a trailing slash; a mapping's `{}` (a setting) matches any variable. */
  path: string;
  /** Each path segment's pattern, for a base URL that stops short of the server's path. */
  segments: RegExp[];
  /** The path with each variable at its default. */
  defaultPath: string;
  /** The path as written, with what each of its variables may be (`/api/{version} ({version}: v1, v2)`). */
  describedPath: string;
}

export function serverUrls(servers: readonly unknown[]): ServerUrl[] {
  return servers.flatMap((server) => (isRaw(server) && typeof server.url === 'string' ? [serverUrl(server.url, isRaw(server.variables) ? server.variables : {})] : []));
}

function serverUrl(url: string, variables: Raw): ServerUrl {
  const values = (name: string): string[] | undefined => {
    const variable = variables[name];
    return isRaw(variable) && Array.isArray(variable.enum) && variable.enum.length > 0 ? variable.enum.map(String) : undefined;
  };
  const fallback = (name: string): string | undefined => {
    const variable = variables[name];
    return isRaw(variable) && variable.default !== undefined && variable.default !== null ? String(variable.default) : undefined;
  };
  const pattern = (name: string) => {
    const listed = values(name);
    if (listed) return `(?:${[...listed.map(escape), '\\{\\}'].join('|')})`;
    return fallback(name)?.includes('/') ? '.*?' : '[^/]+';
  };
  const source = (text: string) => text.split(/(\{[^}]*\})/).map((piece) => {
    const name = /^\{([^}]*)\}$/.exec(piece)?.[1];
    return name === undefined ? escape(piece) : pattern(name);
  }).join('');
  // The scheme may be a variable too; the origin ends at the first slash outside braces.
  const split = /^((?:[a-z0-9+.-]|\{[^}]*\})+:\/\/(?:[^/{]|\{[^}]*\})*)(.*)$/i.exec(url);
  const originText = split?.[1];
  // A relative path without a leading slash is below wherever the document is, which the document cannot say.
  const pathText = (split ? split[2]! : url.startsWith('/') ? url : '').replace(/\/+$/, '');
  let origin: RegExp | undefined;
  if (originText !== undefined) {
    // A port variable that may be the scheme's default may also be left out, as a URL leaves it out.
    const port = /:\{([^}]*)\}$/.exec(originText);
    const implicit = port && [...(values(port[1]!) ?? []), fallback(port[1]!)].some((v) => v === '443' || v === '80');
    origin = new RegExp(`^${implicit ? `${source(originText.slice(0, port.index))}(?::${pattern(port[1]!)})?` : source(originText)}$`, 'i');
  }
  const described = [...new Set([...pathText.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!))].map((name) => `{${name}}: ${values(name)?.join(', ') ?? (fallback(name) !== undefined ? `any, by default ${fallback(name)}` : 'any')}`);
  return {
    url,
    origin,
    path: source(pathText),
    segments: pathText.split('/').map((segment) => new RegExp(`^${source(segment)}$`)),
    defaultPath: pathText.replace(/\{([^}]*)\}/g, (whole, name: string) => fallback(name) ?? whole),
    describedPath: described.length > 0 ? `'${pathText}' (${described.join('; ')})` : `'${pathText}'`,
  };
}

/** Origins only: the path below them is reconciled with the document's paths where operations are found. */
const origin = (text: string) => /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(text)?.[0] ?? text;

/**
 * The base URL the example connection makes must be on one of the servers
 * (their `{variables}` standing for any text without a slash or one of their
 * `enum` values). A relative server is on whatever origin serves the
 * document, so it admits any.
 */
export function checkBaseUrlAgainstServers(base: Template, exampleSettings: Record<string, string>, check: ServerCheck): void {
  if (check.servers.length === 0) return;
  let url = '';
  for (const part of base.parts) {
    if (part.kind === 'text') url += part.text;
    else if (part.kind === 'settings') {
      const value = exampleSettings[part.name] ?? check.settings.find((s) => s.name === part.name)?.default;
      if (value === undefined) return;
      url += value;
    } else return;
  }
  url = origin(url);
  const servers = serverUrls(check.servers);
  if (servers.length === 0 || servers.some((server) => server.origin === undefined || server.origin.test(url))) return;
  check.report(['connection', 'base_url'], 'invalid-template', `with the example connection the base URL is on ${url}, which is none of the servers ${check.file} declares`, `its servers: ${servers.map((p) => p.url).join(', ')}; check which setting each part of the base URL takes`);
}

/**
 * Whether a base URL is on one of `servers`: its origin one a server's
 * matches (a relative server's is any) and its path at or below the
 * server's. `url` writes each setting as `{}`, which a server's variable
 * matches; where that text differs from a server's own, the URL with the
 * settings' values (`values`: the example connection's, else the
 * declarations' default or example) decides, and a setting with none is
 * taken to fit.
 */
export function baseUrlOnServers(url: string, values: ReadonlyMap<string, string | undefined>, servers: readonly ServerUrl[]): boolean {
  const on = (text: string) =>
    servers.some((server) => {
      const split = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(.*)$/i.exec(text);
      if (!split) return true;
      const path = split[2]!.replace(/\/+$/, '');
      return (server.origin === undefined || server.origin.test(split[1]!)) && new RegExp(`^${server.path}(?=/|$)`).test(path);
    });
  if (on(url.replace(/\{settings\.[^}]*\}/g, '{}'))) return true;
  let filled = true;
  const text = url.replace(/\{settings\.([^}]*)\}/g, (whole, name: string) => values.get(name.trim()) ?? ((filled = false), whole));
  return !filled || on(text);
}

/**
 * A setting that stands where a server declares a `{variable}` must be that
 * variable: named after it, or saying `server_variable: <name>`. Two settings
 * that both fit a host label (an account name, a brand id) are otherwise
 * interchangeable to every other check.
 */
export function checkSettingsFillServerVariables(base: Template, check: ServerCheck): void {
  for (const [name, document] of Object.entries(check.credentialDocuments)) {
    if (document.server_variable !== undefined) check.report(['connection', 'credentials', name, 'server_variable'], 'schema', 'a credential never goes into the base URL, so it fills no server variable', 'drop `server_variable`', 'key');
  }
  // Each setting as a marker no URL text contains, so a server pattern shows where it landed.
  const marked = base.parts.map((part) => (part.kind === 'text' ? part.text : part.kind === 'settings' ? `\u0001${part.name}\u0002` : '\u0003')).join('');
  const placed = new Map<string, Set<string>>();
  for (const server of check.servers) {
    if (typeof server.url !== 'string' || !isRaw(server.variables)) continue;
    const names: string[] = [];
    const source = server.url.replace(/\/$/, '').split(/(\{[^}]*\})/).map((piece) => {
      const name = /^\{([^}]*)\}$/.exec(piece)?.[1];
      if (name === undefined) return escape(piece);
      names.push(name);
      return '([^/]+)';
    });
    // The mapping may name a path below the server's (reconciled with the document's paths elsewhere);
    // a server relative to the document is on any origin.
    const relative = server.url.startsWith('/') ? '[a-z][a-z0-9+.-]*://[^/]*' : '';
    const match = new RegExp(`^${relative}${source.join('')}(?:/.*)?$`, 'i').exec(marked);
    if (!match) continue;
    names.forEach((variable, i) => {
      const setting = /^\u0001([^\u0002]+)\u0002$/.exec(match[i + 1]!)?.[1];
      if (setting === undefined) return;
      const declared = check.settingDocuments[setting]?.server_variable;
      placed.set(setting, (placed.get(setting) ?? new Set()).add(variable));
      if (setting === variable || declared === variable) return;
      const described = (server.variables as Raw)[variable];
      const about = isRaw(described) && typeof described.description === 'string' ? ` (${described.description.replace(/\s+/g, ' ').trim()})` : '';
      check.report(
        ['connection', 'base_url'],
        'invalid-template',
        `'{settings.${setting}}' stands where ${server.url} in ${check.file} has the server variable '{${variable}}'${about}`,
        declared !== undefined
          ? `setting '${setting}' says it fills '{${declared}}'; put '{settings.${setting}}' there, or use the setting that holds ${variable}`
          : `use the setting that holds ${variable} (named '${variable}'), or declare \`server_variable: ${variable}\` on '${setting}' if it holds that value under another name`,
      );
    });
  }
  for (const [name, document] of Object.entries(check.settingDocuments)) {
    const variable = document.server_variable;
    if (variable === undefined || placed.get(name)?.has(variable)) continue;
    check.report(['connection', 'settings', name, 'server_variable'], 'invalid-template', `setting '${name}' says it fills the server variable '{${variable}}', but the base URL does not put it there on any server of ${check.file}`, `declare it where the base URL uses it, or drop \`server_variable\``);
  }
}
