/**
 * Templates of the mapping language: `https://{settings.subdomain}.zendesk.com`,
 * `{credentials.email}/token`. Braces name a setting, a credential, a path
 * parameter of the unified call (a parent's `{path.board_id}`, in a query or
 * body value), or in follow-up steps a value of the first request or
 * response; `{{` and `}}` are literal braces.
 */

import type { Template, TemplatePart } from './model.js';

export type TemplateScope = 'settings' | 'credentials' | 'path' | 'request' | 'response' | 'uuid';

export function parseTemplate(source: string, allowed: readonly TemplateScope[]): Template | { error: string; hint?: string } {
  const parts: TemplatePart[] = [];
  let text = '';
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === '{' && source[i + 1] === '{') {
      text += '{';
      i++;
      continue;
    }
    if (char === '}' && source[i + 1] === '}') {
      text += '}';
      i++;
      continue;
    }
    if (char === '}') return { error: `unmatched '}' in '${source}'`, hint: 'write a literal brace as }}' };
    if (char !== '{') {
      text += char;
      continue;
    }
    const end = source.indexOf('}', i);
    if (end === -1) return { error: `unclosed '{' in '${source}'`, hint: 'write a literal brace as {{' };
    const reference = source.slice(i + 1, end).trim();
    const [scope, ...rest] = reference.split('.');
    if (text) parts.push({ kind: 'text', text });
    text = '';
    if (scope === 'uuid' && rest.length === 0 && allowed.includes('uuid')) parts.push({ kind: 'uuid' });
    else if ((scope === 'settings' || scope === 'credentials' || scope === 'path') && rest.length === 1 && allowed.includes(scope)) parts.push({ kind: scope, name: rest[0]! });
    else if (scope === 'response' && rest[0] === 'headers' && rest.length === 2 && allowed.includes(scope)) parts.push({ kind: 'header', name: rest[1]! });
    else if ((scope === 'request' || scope === 'response') && rest.length >= 1 && allowed.includes(scope)) parts.push({ kind: scope, path: rest });
    else {
      return {
        error: `'{${reference}}' is not a reference this template can use`,
        // A bare name here is most likely a parent written as a provider path writes it.
        hint: `use ${allowed.map((s) => (s === 'uuid' ? '{uuid}' : `{${s}.<name>}`)).join(', ')}${allowed.includes('path') && rest.length === 0 && /^\w+$/.test(reference) ? ` (a path parameter of the unified call as '{path.${reference}}')` : ''}`,
      };
    }
    i = end;
  }
  if (text) parts.push({ kind: 'text', text });
  return { source, parts };
}

export function isTemplateError(value: Template | { error: string }): value is { error: string; hint?: string } {
  return 'error' in value;
}

/** Names of settings and credentials a template reads. */
export function templateUses(template: Template): { settings: string[]; credentials: string[] } {
  const settings = template.parts.filter((p): p is { kind: 'settings'; name: string } => p.kind === 'settings').map((p) => p.name);
  const credentials = template.parts.filter((p): p is { kind: 'credentials'; name: string } => p.kind === 'credentials').map((p) => p.name);
  return { settings, credentials };
}
