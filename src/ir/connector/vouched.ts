/**
 * Names a request sends or reads that the provider's document does not
 * declare, vouched for under `undocumented` with a reason: the one rule
 * query parameters, headers, body members and rate-limit headers share.
 */

import type { DiagnosticCode } from '../../diagnostics.js';
import { closest } from '../../runtime/fields.js';
import type { ConnectorCheck } from './check.js';

/**
 * Names a request sends or reads (query parameters, headers, body members,
 * rate-limit headers) that the provider's document does not declare must
 * be vouched for with a reason under `undocumented` (at `vouchedAt`): each
 * one vouched for is reported as trusted. Vouching for a name the document
 * declares, or one the request does not send, is an error too.
 */
export function checkVouched(check: ConnectorCheck, vouching: {
  sent: readonly { name: string; at: (string | number)[]; target?: 'key' | 'value' }[];
  /** The names the document declares, for the closest-name hint (and listed as `listed` when none is close). */
  names: readonly string[];
  listed?: string;
  isDeclared: (name: string) => boolean;
  /** Header names compare in any case. */
  anyCase?: boolean;
  vouched: Readonly<Record<string, string>>;
  vouchedAt: (string | number)[];
  code: DiagnosticCode;
  /** What a trusted note says of the name, before "; trusted on the mapping's word". */
  trusted: (name: string) => string;
  undeclared: (name: string) => string;
  /** Why a name is undeclared, where that is more than its absence (a member a deepObject parameter lacks): the message, and the start of the hint. */
  refusal?: (name: string) => { message: string; known: string } | undefined;
  /** How to vouch for it, the end of the hint. */
  vouch: (name: string) => string;
  /** What declares a name vouched for needlessly ("GET /users", "an answer"). */
  declaredBy: string;
  notSent: (name: string) => { message: string; hint: string };
}) {
  const { source, provider, report, trusted } = check;
  const same = (a: string, b: string) => (vouching.anyCase ? a.toLowerCase() === b.toLowerCase() : a === b);
  const vouched = Object.entries(vouching.vouched);
  for (const { name, at, target } of vouching.sent) {
    if (vouching.isDeclared(name)) continue;
    const vouch = vouched.find(([key]) => same(key, name));
    if (vouch) {
      trusted.push(source.diagnostic([...vouching.vouchedAt, vouch[0]], { code: 'trusted', message: `${vouching.trusted(name)}; trusted on the mapping's word`, hint: vouch[1] }, 'key'));
      continue;
    }
    const own = vouching.refusal?.(name);
    const near = closest(name, vouching.names);
    const known = own ? own.known : near ? `did you mean '${near}'? ` : vouching.listed && vouching.names.length > 0 ? `${vouching.listed}: ${vouching.names.join(', ')}. ` : '';
    report(at, vouching.code, own?.message ?? vouching.undeclared(name), `${known}${vouching.vouch(name)}`, target);
  }
  for (const [name] of vouched) {
    const path = [...vouching.vouchedAt, name];
    if (vouching.isDeclared(name)) report(path, vouching.code, `'${name}' is declared by ${vouching.declaredBy} in ${provider.source.file}; it needs no vouching`, 'remove it from `undocumented`', 'key');
    else if (!vouching.sent.some((sent) => same(sent.name, name))) {
      const { message, hint } = vouching.notSent(name);
      report(path, vouching.code, message, hint, 'key');
    }
  }
}
