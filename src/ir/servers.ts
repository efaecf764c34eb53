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
/** Origins only: the path below them is reconciled with the document's paths where operations are found. */
const origin = (text: string) => /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(text)?.[0] ?? text;

/**
 * The base URL the example connection makes must be on one of the servers
 * (their `{variables}` standing for any text without a slash or one of their
 * `enum` values).
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
  const patterns = check.servers.flatMap((server) => {
    if (typeof server.url !== 'string') return [];
    const variables = isRaw(server.variables) ? server.variables : {};
    const source = origin(server.url).split(/(\{[^}]*\})/).map((piece) => {
      const name = /^\{([^}]*)\}$/.exec(piece)?.[1];
      if (name === undefined) return escape(piece);
      const variable = variables[name];
      const values = isRaw(variable) && Array.isArray(variable.enum) ? variable.enum.map(String) : undefined;
      return values ? `(?:${values.map(escape).join('|')})` : '[^/]+';
    });
    return [{ url: server.url, pattern: new RegExp(`^${source.join('')}/?$`, 'i') }];
  });
  if (patterns.some((p) => p.pattern.test(url))) return;
  check.report(['connection', 'base_url'], 'invalid-template', `with the example connection the base URL is on ${url}, which is none of the servers ${check.file} declares`, `its servers: ${patterns.map((p) => p.url).join(', ')}; check which setting each part of the base URL takes`);
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
    // The mapping may name a path below the server's (reconciled with the document's paths elsewhere).
    const match = new RegExp(`^${source.join('')}(?:/.*)?$`, 'i').exec(marked);
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
