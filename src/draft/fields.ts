/**
 * Matches the provider record's members to unified fields by name, type and
 * format, one field line per match, each with its confidence and the reason.
 * Only confident matches become lines; a guess is listed for the user to
 * decide, with every member and unified field left over.
 */

import type { SchemaNode } from '../ir/schema.js';
import { ADDRESS_PARTS, COMPANY_WORDS, ELEMENT_MEMBERS, joined, PERSON_WORDS, TARGETS, wordsOf, type UnifiedTarget } from './words.js';

export type Confidence = 'high' | 'medium' | 'low';

export interface FieldLine {
  unified: string | [string, string];
  provider: string;
  convert?: string;
  direction?: 'read' | 'write';
  operations?: string[];
  enum?: Record<string, string>;
  fallback?: { read?: string };
  each?: FieldLine[];
  confidence: Confidence;
  reason: string;
}

export interface FieldDraft {
  lines: FieldLine[];
  /** Likely but unconfirmed matches, for the user to decide. */
  guesses: string[];
  unmatchedProvider: string[];
  unmatchedUnified: string[];
}

interface Leaf {
  path: string[];
  node: SchemaNode;
  readOnly: boolean;
}

/**
 * A member that holds an address rather than what its name says: under a HAL-style `_links`/`links` object
 * (Front's `_links.related.notes` is the URL of the contact's notes), a `uri`/`url` format, or an example that
 * is an absolute URL. No unified field a target names holds one.
 */
function isLink(leaf: Leaf): boolean {
  const { node } = leaf;
  return leaf.path.slice(0, -1).some((p) => /^_?links$/i.test(p)) || node.format === 'uri' || node.format === 'url' || (typeof node.example === 'string' && /^https?:\/\//i.test(node.example));
}

/** Where a write may send a member: the create and update request schemas (unwrapped). */
export interface WriteSchemas {
  create?: SchemaNode;
  update?: SchemaNode;
  /** The unified operation ids of a create and an update (for `operations:`). */
  ids: { create: string; update: string };
}

/** What the draft needs of the unified record, read from the spec. */
export interface UnifiedFacts {
  /** Leaf paths (`company_name`, `emails[].email`): the yardstick of what is left unmatched. */
  leaves: string[];
  /** Top-level members the unified API sets itself (`id`, timestamps). */
  readOnly: ReadonlySet<string>;
  /** Enum values by path: `status`, and each array's element `type` (`emails[].type`). */
  enums: ReadonlyMap<string, readonly unknown[]>;
}

export function draftFields(record: SchemaNode, idParameter: string | undefined, writes: WriteSchemas, unified: UnifiedFacts): FieldDraft {
  const { leaves, arrays } = leavesOf(record);
  const used = new Set<string>();
  const lines: FieldLine[] = [];
  const guesses: string[] = [];
  const key = (path: string[]) => path.join('.');
  const take = (leaf: Leaf) => used.add(key(leaf.path));
  const free = () => leaves.filter((l) => !used.has(key(l.path)));

  // The id: the member the item path is addressed by (named alike: Twilio's {Sid} is its `sid`), else `id`.
  const byParameter = idParameter ? leaves.find((l) => l.path.length === 1 && joined(l.path[0]!) === joined(idParameter)) : undefined;
  const idLeaf = byParameter ?? leaves.find((l) => l.path.length === 1 && joined(l.path[0]!) === 'id');
  if (idLeaf && (idLeaf.node.type === 'string' || idLeaf.node.type === 'integer' || idLeaf.node.type === 'number')) {
    take(idLeaf);
    lines.push({
      unified: 'id',
      provider: key(idLeaf.path),
      ...(idLeaf.node.type === 'string' ? {} : { convert: 'number-string' }),
      confidence: 'high',
      reason: byParameter && idLeaf.path[0] !== 'id' ? `the item path is addressed by {${idParameter}}` : `named ${idLeaf.path[0]}${idLeaf.node.type === 'string' ? '' : `, a${idLeaf.node.type === 'integer' ? 'n integer' : ' number'} read as its decimal string`}`,
    });
  }

  for (const target of TARGETS) {
    const candidates = free()
      .filter((l) => target.names.includes(joined(l.path[l.path.length - 1]!)) && !isLink(l))
      .sort((a, b) => a.path.length - b.path.length || target.names.indexOf(joined(a.path[a.path.length - 1]!)) - target.names.indexOf(joined(b.path[b.path.length - 1]!)));
    for (const leaf of candidates) {
      const line = matchTarget(target, leaf, unified);
      if (!line) continue;
      take(leaf);
      lines.push(withDirection(line, leaf, writes, unified, target.unified));
      break;
    }
  }

  // `name` alone: a company's or a person's, as its description says.
  const hasPersonName = lines.some((l) => l.unified === 'first_name' || l.unified === 'last_name' || Array.isArray(l.unified));
  const hasCompany = lines.some((l) => l.unified === 'company_name');
  const nameLeaf = free().find((l) => l.path.length === 1 && ['name', 'displayname'].includes(joined(l.path[0]!)) && l.node.type === 'string');
  if (nameLeaf) {
    const description = nameLeaf.node.description ?? '';
    if (COMPANY_WORDS.test(description) && !hasCompany) {
      take(nameLeaf);
      lines.push(withDirection({ unified: 'company_name', provider: key(nameLeaf.path), confidence: 'medium', reason: `named ${nameLeaf.path[0]}, described as a company's` }, nameLeaf, writes, unified, 'company_name'));
    } else if (PERSON_WORDS.test(description) && !hasPersonName) {
      take(nameLeaf);
      lines.push(withDirection({ unified: ['first_name', 'last_name'], provider: key(nameLeaf.path), convert: 'full-name', confidence: 'medium', reason: `named ${nameLeaf.path[0]}, described as a person's: split into first and last name` }, nameLeaf, writes, unified, 'first_name'));
    } else if (writes.create?.required.includes(nameLeaf.path[0]!) && !hasCompany) {
      // The provider cannot create without it; a company name is the reading that loses nothing.
      take(nameLeaf);
      lines.push(withDirection({ unified: 'company_name', provider: key(nameLeaf.path), confidence: 'low', reason: `named ${nameLeaf.path[0]} and required to create, but its description does not say whose name: check it is not a person's ([first_name, last_name] with convert: full-name)` }, nameLeaf, writes, unified, 'company_name'));
    } else guesses.push(`${key(nameLeaf.path)}: a name, but its description does not say whose — company_name, or [first_name, last_name] with convert: full-name`);
  }

  lines.push(...addressLines(free(), writes, unified, take, guesses));
  for (const array of arrays) {
    const line = arrayLine(array, writes, unified);
    if (line && !lines.some((l) => l.unified === line.unified)) {
      used.add(key(array.path));
      lines.push(line);
    }
  }

  const covered = new Set(lines.flatMap((l) => unifiedOf(l)));
  return {
    lines,
    guesses,
    unmatchedProvider: free().map((l) => key(l.path)).concat(arrays.filter((a) => !used.has(key(a.path))).map((a) => `${key(a.path)}[]`)),
    unmatchedUnified: unified.leaves.filter((u) => !covered.has(u)),
  };
}

/** The unified leaves a line covers, selectors dropped (`emails[].email`). */
export function unifiedOf(line: FieldLine, prefix = ''): string[] {
  if (line.each) return line.each.flatMap((inner) => unifiedOf(inner, `${prefix}${String(line.unified)}[].`));
  const names = Array.isArray(line.unified) ? line.unified : [line.unified];
  return names.map((n) => prefix + n.replace(/\[[^\]]*\]/g, '[]'));
}

function matchTarget(target: UnifiedTarget, leaf: Leaf, facts: UnifiedFacts): FieldLine | undefined {
  const node = leaf.node;
  const name = leaf.path.join('.');
  const exact = joined(leaf.path[leaf.path.length - 1]!) === target.names[0];
  switch (target.kind) {
    case 'text':
    case 'phone':
      if (node.type !== 'string') return undefined;
      return { unified: target.unified, provider: name, confidence: exact ? 'high' : 'medium', reason: `named ${leaf.path[leaf.path.length - 1]}${node.enum ? '' : ', a string'}` };
    case 'email':
      if (node.type !== 'string') return undefined;
      return { unified: target.unified, provider: name, confidence: node.format === 'email' || exact ? 'high' : 'medium', reason: `named ${leaf.path[leaf.path.length - 1]}${node.format === 'email' ? ', format email' : ''}` };
    case 'person':
      if (node.type !== 'string') return undefined;
      return { unified: target.unified, provider: name, convert: 'full-name', confidence: 'medium', reason: `named ${leaf.path[leaf.path.length - 1]}: one string split into first and last name` };
    case 'flag':
      if (node.type !== 'boolean') return undefined;
      return { unified: target.unified, provider: name, confidence: 'medium', reason: `named ${leaf.path[leaf.path.length - 1]}, a boolean` };
    case 'status': {
      if (node.type !== 'string' || !node.enum) return undefined;
      const unified = (facts.enums.get(String(target.unified)) ?? []).filter((v): v is string => typeof v === 'string');
      const fallback = unified.includes('unknown') ? 'unknown' : unified.includes('other') ? 'other' : undefined;
      const values = node.enum.filter((v): v is string => typeof v === 'string');
      const shared = values.filter((v) => unified.includes(v));
      if (shared.length === 0 || (shared.length < node.enum.length && !fallback)) return undefined;
      return {
        unified: target.unified,
        provider: name,
        enum: Object.fromEntries(values.map((v) => [v, unified.includes(v) ? v : fallback!])),
        confidence: 'medium',
        reason: `named status; ${shared.join(', ')} read as themselves${shared.length < values.length ? `, the rest as ${fallback}` : ''}`,
      };
    }
    case 'timestamp': {
      const convert = timestampConverter(node, leaf.path[leaf.path.length - 1]!);
      if (!convert) return undefined;
      return { unified: target.unified, provider: name, convert: convert.convert, confidence: convert.sure ? 'high' : 'medium', reason: `named ${leaf.path[leaf.path.length - 1]}, ${convert.why}` };
    }
    case 'id':
      return undefined;
  }
}

function timestampConverter(node: SchemaNode, name: string): { convert: string; sure: boolean; why: string } | undefined {
  if (node.type === 'string' && node.format === 'date-time') return { convert: 'date-time', sure: true, why: 'format date-time' };
  if (node.type === 'string' && node.format === 'date') return { convert: 'date', sure: true, why: 'format date' };
  if (node.type === 'string') return { convert: 'date-time', sure: false, why: 'a string without a format, read as a date-time' };
  if (node.type === 'integer' || node.type === 'number') {
    const ms = /millisecond|\bms\b/i.test(node.description ?? '') || /ms$/i.test(name);
    return { convert: ms ? 'unix-ms' : 'unix-seconds', sure: /unix|epoch|seconds|timestamp/i.test(node.description ?? '') || ms, why: `a number of ${ms ? 'milliseconds' : 'seconds'} since 1970` };
  }
  return undefined;
}

/** Reads both ways when the provider accepts the member in writes; read-only otherwise, or only on the writes that take it. */
function withDirection(line: FieldLine, leaf: Leaf, writes: WriteSchemas, facts: UnifiedFacts, unified: string | [string, string]): FieldLine {
  const first = Array.isArray(unified) ? unified[0] : unified;
  if (facts.readOnly.has(first.split(/[.[]/)[0]!)) return line;
  const inCreate = writes.create ? writable(writes.create, leaf.path) : false;
  const inUpdate = writes.update ? writable(writes.update, leaf.path) : false;
  if (inCreate && inUpdate) return line;
  if (!inCreate && !inUpdate) return { ...line, direction: 'read', reason: `${line.reason}; no request accepts it, so read only` };
  return { ...line, operations: [inCreate ? writes.ids.create : writes.ids.update], reason: `${line.reason}; only ${inCreate ? 'the create' : 'the update'} request accepts it` };
}

export function writable(schema: SchemaNode, path: string[]): boolean {
  let node: SchemaNode | undefined = schema;
  for (const segment of path) {
    node = node?.properties.get(segment);
    if (!node || node.readOnly) return false;
  }
  return true;
}

function leavesOf(record: SchemaNode): { leaves: Leaf[]; arrays: { path: string[]; items: SchemaNode; readOnly: boolean }[] } {
  const leaves: Leaf[] = [];
  const arrays: { path: string[]; items: SchemaNode; readOnly: boolean }[] = [];
  const walk = (node: SchemaNode, path: string[], readOnly: boolean) => {
    for (const [name, child] of node.properties) {
      const here = [...path, name];
      const ro = readOnly || child.readOnly;
      if (child.type === 'array') {
        if (child.items && (child.items.type === 'object' || child.items.properties.size > 0)) arrays.push({ path: here, items: child.items, readOnly: ro });
      } else if (child.type === 'object' || child.properties.size > 0) {
        if (here.length < 4) walk(child, here, ro);
      } else if (child.type !== undefined) leaves.push({ path: here, node: child, readOnly: ro });
    }
  };
  walk(record, [], false);
  return { leaves, arrays };
}

/** Splits `billing_zip_code` into the prefix `billing` and the address part `postal_code`. */
function addressPart(name: string): { prefix: string[]; member: string } | undefined {
  const words = wordsOf(name);
  for (let i = 0; i < words.length; i++) {
    const rest = words.slice(i).join('');
    const part = ADDRESS_PARTS.find((p) => p.names.includes(rest));
    // `zip_postal_code`, `state_province`: words before the part that are address words themselves are no prefix.
    const prefix = words.slice(0, i);
    if (part) return { prefix: prefix.every((w) => ADDRESS_PARTS.some((p) => p.names.includes(w))) ? [] : prefix, member: part.member };
  }
  return undefined;
}

const TYPED_PREFIXES: Record<string, string> = { billing: 'billing', invoice: 'billing', shipping: 'shipping', delivery: 'shipping', home: 'home', office: 'office', work: 'office', primary: 'primary', secondary: 'secondary' };

function addressLines(leaves: Leaf[], writes: WriteSchemas, facts: UnifiedFacts, take: (leaf: Leaf) => void, guesses: string[]): FieldLine[] {
  const groups = new Map<string, { prefix: string[]; parent: string[]; parts: { leaf: Leaf; member: string }[] }>();
  for (const leaf of leaves) {
    if (leaf.node.type !== 'string' && leaf.node.type !== 'number' && leaf.node.type !== 'integer') continue;
    const part = addressPart(leaf.path[leaf.path.length - 1]!);
    if (!part) continue;
    const parent = leaf.path.slice(0, -1);
    const id = `${parent.join('.')}|${part.prefix.join('_')}`;
    const group = groups.get(id) ?? { prefix: part.prefix, parent, parts: [] };
    if (!group.parts.some((p) => p.member === part.member)) group.parts.push({ leaf, member: part.member });
    groups.set(id, group);
  }
  // An address has a street, a city or a postal code, and at least two parts.
  const addresses = [...groups.values()].filter((g) => g.parts.length >= 2 && g.parts.some((p) => ['line1', 'city', 'postal_code'].includes(p.member)));
  const addressTypes = facts.enums.get('addresses[].type') ?? [];
  const typed = addresses.map((g) => ({ group: g, type: g.prefix.map((w) => TYPED_PREFIXES[w]).find((t) => t !== undefined && addressTypes.includes(t)) }));
  const untyped = typed.filter((t) => !t.type).sort((a, b) => a.group.prefix.length - b.group.prefix.length || a.group.parent.length - b.group.parent.length);
  const lines: FieldLine[] = [];
  const selectorOf = new Map<typeof addresses[number], string>();
  for (const { group, type } of typed) if (type && ![...selectorOf.values()].includes(`[type=${type}]`)) selectorOf.set(group, `[type=${type}]`);
  if (untyped[0]) selectorOf.set(untyped[0].group, (selectorOf.size === 0 && untyped.length === 1) || !addressTypes.includes('primary') ? '[0]' : '[type=primary]');
  for (const extra of untyped.slice(1)) guesses.push(`${extra.group.parts.map((p) => p.leaf.path.join('.')).join(', ')}: another address; give it an address type`);
  for (const [group, selector] of selectorOf) {
    const where = group.prefix.length ? `the ${group.prefix.join(' ')} address` : group.parent.length ? `the address in ${group.parent.join('.')}` : 'the address';
    for (const { leaf, member } of group.parts) {
      const convert = addressConvert(member, leaf.node, leaf.path[leaf.path.length - 1]!);
      if (convert === null) continue;
      take(leaf);
      lines.push(
        withDirection(
          { unified: `addresses${selector}.${member}`, provider: leaf.path.join('.'), ...(convert ? { convert } : {}), confidence: group.parts.length >= 3 ? 'high' : 'medium', reason: `${member.replace('_', ' ')} of ${where} (${group.parts.length} parts found)${convert ? `; ${convert}` : ''}` },
          leaf,
          writes,
          facts,
          'addresses',
        ),
      );
    }
  }
  return lines;
}

/** The converter an address part needs: undefined for none, null when the types cannot meet. */
function addressConvert(member: string, node: SchemaNode, name: string): string | undefined | null {
  if (member === 'country') {
    if (node.type === 'integer' || node.type === 'number') return 'country-numeric';
    const code = /code/i.test(name) || node.maxLength === 2 || /\[A-Z\]\{2\}/.test(node.pattern ?? '') || /alpha-2|ISO 3166/i.test(node.description ?? '');
    return code ? undefined : 'country-name';
  }
  if (member === 'latitude' || member === 'longitude') return node.type === 'string' ? undefined : 'number-string';
  return node.type === 'string' ? undefined : null;
}

/** A provider array of emails, phone numbers or addresses, element by element. */
function arrayLine(array: { path: string[]; items: SchemaNode; readOnly: boolean }, writes: WriteSchemas, facts: UnifiedFacts): FieldLine | undefined {
  const words = wordsOf(array.path[array.path.length - 1]!);
  const members = [...array.items.properties].filter(([, n]) => n.type === 'string' || n.type === 'number' || n.type === 'integer');
  let unified: 'emails' | 'phone_numbers' | 'addresses' | undefined;
  if (words.some((w) => w.startsWith('email'))) unified = 'emails';
  else if (words.some((w) => w.startsWith('phone') || w === 'telephones')) unified = 'phone_numbers';
  else if (words.some((w) => ['addresses', 'locations', 'address'].includes(w))) unified = 'addresses';
  if (!unified) return undefined;
  const each: FieldLine[] = [];
  if (unified === 'addresses') {
    for (const [name, node] of members) {
      const part = addressPart(name);
      if (!part || part.prefix.length > 0 || each.some((e) => e.unified === part.member)) continue;
      const convert = addressConvert(part.member, node, name);
      if (convert === null) continue;
      each.push({ unified: part.member, provider: name, ...(convert ? { convert } : {}), confidence: 'high', reason: `named ${name}` });
    }
    if (each.length < 2) return undefined;
  } else {
    for (const { member, names } of ELEMENT_MEMBERS[unified]) {
      const found = members.find(([name]) => names.includes(joined(name)));
      if (found) each.push({ unified: member, provider: found[0], confidence: 'high', reason: `named ${found[0]}` });
    }
    if (each.length === 0) return undefined;
  }
  // An element type whose values are all unified types reads as it is.
  const typeMember = array.items.properties.get('type');
  const allowed = facts.enums.get(`${unified}[].type`) ?? [];
  if (typeMember?.enum && typeMember.enum.every((v) => allowed.includes(v))) each.push({ unified: 'type', provider: 'type', confidence: 'high', reason: 'element type, every value a unified type' });
  const leaf: Leaf = { path: array.path, node: array.items, readOnly: array.readOnly };
  return withDirection({ unified, provider: array.path.join('.'), each, confidence: 'high', reason: `an array of ${unified.replace('_', ' ')}, element by element` }, leaf, writes, facts, unified);
}
