/**
 * Matches the provider record's members to the fields of the unified record
 * being drafted, one field line per match, each with its confidence and the
 * reason. What a unified field may be called is read from the unified spec —
 * the member's name, its title, the noun phrase of its description ("The job
 * title of the contact"), its type and format, and for an array of typed
 * elements each type (`phone_numbers[type=mobile]` from `mobile_phone`) —
 * with the vocabulary of words.ts only for what the spec cannot say. Only
 * confident matches become lines; a guess is listed for the user to decide,
 * with every member and unified field left over.
 */

import type { SchemaNode } from '../ir/schema.js';
import { ADDRESS_PARTS, COMPANY_WORDS, ELEMENT_MEMBERS, ELEMENT_NOUNS, entryOf, FIELD_SYNONYMS, FULL_NAME_WORDS, joined, LABEL_WORDS, LINK_WORDS, PERSON_WORDS, singularNoun, STANDALONE_TYPES, wordsOf } from './words.js';

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
  /** The name it goes by: its own, or for the `value` of a labelled value (`first_name: {label, value}`), the wrapper's. */
  named: string;
  node: SchemaNode;
  readOnly: boolean;
  /** Inside another record the provider nests (an owner `{id, name, email}`): only its id is this record's. */
  inReference: boolean;
}

/**
 * A member that holds an address rather than what its name says: under a HAL-style `_links`/`links` object
 * (Front's `_links.related.notes` is the URL of the contact's notes), a `uri`/`url` format, or an example that
 * is an absolute URL. Only a unified field that holds an address itself (a website's `url`) reads one.
 */
function isLink(leaf: Leaf): boolean {
  const { node } = leaf;
  return underLinks(leaf) || node.format === 'uri' || node.format === 'url' || (typeof node.example === 'string' && /^https?:\/\//i.test(node.example));
}

const underLinks = (leaf: Leaf) => leaf.path.slice(0, -1).some((p) => /^_?links$/i.test(p));

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
  /** The unified record itself: its members' names, titles, descriptions, types and formats. */
  record: SchemaNode;
  /** Singular nouns one record goes by (`contact`): a description's "… of the contact" names the member. */
  nouns: readonly string[];
}

/** What a unified value is, as far as matching a provider member to it goes. */
type Kind = 'text' | 'number' | 'flag' | 'timestamp' | 'enum' | 'strings' | 'person';

/** A unified field a provider member may fill, and the names (joined words) that member may have. */
interface Target {
  /** The unified path a line writes (`emails[type=primary].email`), or two for a full name. */
  unified: string | [string, string];
  /** The unified member's own name first, then the others it goes by. */
  names: string[];
  /** The names a match on is sure (the member's own; an array's first noun, a type's own word). */
  sure: string[];
  kind: Kind;
  /** The unified schema of the value (its format, its enum). */
  node: SchemaNode;
  /** Whether the value is an address (a website's url), which a link may fill. */
  address: boolean;
}

/** A unified array of typed elements (`phone_numbers` of `{number, type}`): the value member and the types. */
interface TypedArray {
  name: string;
  /** The member holding the value: the element's one required member (`number`). */
  key: string;
  keyNode: SchemaNode;
  types: readonly string[];
  /** What its value is called in a provider record: the vocabulary's words (the most usual first: `phone`), the array's singular (`phonenumber`). */
  nouns: string[];
}

/**
 * `service` is the provider's id (`hubspot`): a provider may prefix members
 * of its own with its name (`hubspot_owner_id`), and they are matched by the
 * rest of their name (no unified member is named after a provider).
 */
export function draftFields(record: SchemaNode, idParameter: string | undefined, writes: WriteSchemas, unified: UnifiedFacts, service: string): FieldDraft {
  const { leaves, arrays } = leavesOf(record);
  const prefix = wordsOf(service);
  /** A leaf's name as its words run together, its provider's own prefix dropped. */
  const nameOf = (leaf: Leaf) => {
    const words = wordsOf(leaf.named);
    return words.length > prefix.length && prefix.every((word, i) => words[i] === word) ? words.slice(prefix.length).join('') : words.join('');
  };
  const used = new Set<string>();
  const lines: FieldLine[] = [];
  const guesses: string[] = [];
  const key = (path: string[]) => path.join('.');
  const take = (leaf: Leaf) => used.add(key(leaf.path));
  const free = () => leaves.filter((l) => !used.has(key(l.path)));
  const own = (l: Leaf) => !l.inReference;
  const lined = (member: string) => lines.some((l) => (Array.isArray(l.unified) ? l.unified : [l.unified]).some((u) => u.split(/[.[]/)[0] === member));

  // The id: the member the item path is addressed by (named alike: Twilio's {Sid} is its `sid`; or by the words of the
  // parameter after the record's noun: {task_gid} its `gid`), else `id`.
  const parameterNames = idParameter ? wordsOf(idParameter).map((_, i, words) => words.slice(i).join('')) : [];
  // A top-level member, or the labelled value of one a level down (Personio's `attributes.id.value`).
  const topLevel = (l: Leaf) => l.path.length === 1 || (l.path.length === 3 && l.path[2] === 'value' && l.named === l.path[1]);
  const byParameter = parameterNames.map((name) => leaves.find((l) => topLevel(l) && joined(l.named) === name)).find((l) => l !== undefined);
  const idLeaf = byParameter ?? leaves.find((l) => topLevel(l) && joined(l.named) === 'id');
  if (idLeaf && (idLeaf.node.type === 'string' || idLeaf.node.type === 'integer' || idLeaf.node.type === 'number')) {
    take(idLeaf);
    // Read only where no request takes it (where the unified id is writable at all).
    const idLine: FieldLine = {
      unified: 'id',
      provider: key(idLeaf.path),
      ...(idLeaf.node.type === 'string' ? {} : { convert: 'number-string' }),
      confidence: 'high',
      reason: byParameter && idLeaf.named !== 'id' ? `the item path is addressed by {${idParameter}}` : `named ${idLeaf.named}${idLeaf.node.type === 'string' ? '' : `, a${idLeaf.node.type === 'integer' ? 'n integer' : ' number'} read as its decimal string`}`,
    };
    lines.push(withDirection(idLine, idLeaf, writes, unified, 'id'));
  }

  const typed = typedArrays(unified.record);
  const targets = [...scalarTargets(unified), ...typed.flatMap(elementTargets)];
  // Each unified field by its own name first, then by the other names it may go by: a provider `fax` is the unified
  // `fax` where the record has one, before it is a phone number of type fax.
  const start = lines.length;
  const targetOf = (line: FieldLine) => targets.findIndex((t) => JSON.stringify(t.unified) === JSON.stringify(line.unified));
  for (const exact of [true, false]) {
    for (const target of targets) {
      if (lines.some((l) => JSON.stringify(l.unified) === JSON.stringify(target.unified))) continue;
      const names = exact ? target.names.slice(0, 1) : target.names;
      const candidates = free()
        .filter((l) => own(l) && names.includes(nameOf(l)) && (!isLink(l) || (target.address && !underLinks(l))))
        .sort((a, b) => a.path.length - b.path.length || names.indexOf(nameOf(a)) - names.indexOf(nameOf(b)));
      for (const leaf of candidates) {
        const line = matchTarget(target, leaf, unified);
        if (!line) continue;
        take(leaf);
        lines.push(withDirection(line, leaf, writes, unified, target.unified));
        break;
      }
    }
  }

  // Written in the unified record's order, whichever pass found them.
  lines.push(...lines.splice(start).sort((a, b) => targetOf(a) - targetOf(b)));

  // A unified id of another record (`owner_id`, `created_by`) from the provider's nested record of that name: its id
  // (`{id, name}`, Asana's `{gid, …}`, or the `{value, name}` some providers nest a related record's id and label as).
  for (const target of targets) {
    const member = typeof target.unified === 'string' ? target.unified : undefined;
    if (!member || member.includes('[') || target.kind !== 'text' || lined(member)) continue;
    const names = [...target.names, ...(member.endsWith('_id') ? [joined(member.slice(0, -3))] : [])];
    const reference = free().find((l) => l.inReference && l.path.length === 2 && names.includes(joined(l.path[0]!)) && REFERENCE_IDS.includes(joined(l.path[1]!)));
    if (!reference || (reference.node.type !== 'string' && reference.node.type !== 'integer')) continue;
    take(reference);
    const line: FieldLine = { unified: member, provider: key(reference.path), ...(reference.node.type === 'string' ? {} : { convert: 'number-string' }), confidence: 'medium', reason: `the id of ${reference.path[0]}, the record it names` };
    lines.push(withDirection(line, reference, writes, unified, member));
    // Reads answer the nested record; a request may take the id alone under the same name (`org_id: 7`): written there.
    const name = reference.path[0]!;
    const takesAlone = (schema: SchemaNode | undefined) => {
      const node = schema?.properties.get(name);
      return node !== undefined && !node.readOnly && (node.type === 'integer' || node.type === 'string');
    };
    const inCreate = takesAlone(writes.create);
    const inUpdate = takesAlone(writes.update);
    if (!unified.readOnly.has(member) && (inCreate || inUpdate) && !writable(writes.create ?? writes.update!, reference.path)) {
      const only = inCreate && inUpdate ? undefined : inCreate ? 'create' : 'update';
      lines.push({
        unified: member,
        provider: name,
        ...(writes[only ?? 'create']!.properties.get(name)!.type === 'integer' ? { convert: 'number-string' } : {}),
        direction: 'write',
        ...(only ? { operations: [writes.ids[only]] } : {}),
        confidence: 'medium',
        reason: `the id alone, as ${only ? `the ${only} request takes` : 'the create and update requests take'} ${name}`,
      });
    }
  }

  const members = unified.record.properties;
  // `name` alone, where the unified record has no name of its own: a company's or a person's, as its description says.
  const nameLeaf = members.has('name') ? undefined : free().find((l) => l.path.length === 1 && ['name', 'displayname'].includes(joined(l.path[0]!)) && l.node.type === 'string');
  const hasCompany = lined('company_name') || !members.has('company_name');
  const hasPersonName = lined('first_name') || lined('last_name') || !members.has('first_name') || !members.has('last_name');
  if (nameLeaf && !(hasCompany && hasPersonName)) {
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
    } else guesses.push(`${key(nameLeaf.path)}: a name, but its description does not say whose — ${[!hasCompany ? 'company_name' : '', !hasPersonName ? '[first_name, last_name] with convert: full-name' : ''].filter(Boolean).join(', or ')}`);
  }

  // The record's label (a ticket's `subject`, a card's `title`) from the provider's (a task's `name`).
  const label = LABEL_WORDS.find((word) => members.get(word)?.type === 'string' && !members.get(word)!.enum);
  const labelLeaf = label && !lined(label) ? LABEL_WORDS.map((word) => free().find((l) => own(l) && l.path.length === 1 && joined(l.path[0]!) === word && l.node.type === 'string')).find((l) => l !== undefined) : undefined;
  // A unified `name` is a label only when the provider's is a name too: a `title` beside it is a job title.
  if (label && labelLeaf && (label !== 'name' || joined(labelLeaf.path[0]!).endsWith('name'))) {
    take(labelLeaf);
    lines.push(withDirection({ unified: label, provider: key(labelLeaf.path), confidence: 'medium', reason: `named ${labelLeaf.path[0]}, the record's label as the unified ${label} is` }, labelLeaf, writes, unified, label));
  }

  const addresses = addressArray(unified.record);
  if (addresses) lines.push(...addressLines(addresses, free().filter(own), writes, unified, take, guesses));
  for (const array of arrays) {
    const line = arrayLine(array, typed, addresses, writes, unified);
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

/**
 * The names a unified member goes by: its own, its title's (`Tax number`), the noun phrase its description
 * puts before the record's noun ("The job title of the contact" → `jobtitle`), and the vocabulary's.
 */
function namesOf(member: string, node: SchemaNode, nouns: readonly string[]): string[] {
  const title = node.title ? joined(node.title.replace(/\([^)]*\)/g, '')) : '';
  const phrase = /^(?:(?:the|a|an)\s+)?([a-z][a-z -]*?)\s+of\s+(?:the|a|an|this)\s+([a-z]+)\.?$/i.exec(node.description?.trim() ?? '');
  const described = phrase && nouns.includes(singularNoun(phrase[2]!)) && phrase[1]!.split(/\s+/).length <= 4 ? joined(phrase[1]!) : '';
  return [...new Set([joined(member), title, described, ...(entryOf(FIELD_SYNONYMS, member) ?? [])].filter(Boolean))];
}

/** The member of a provider's nested reference to another record that holds that record's id. */
const REFERENCE_IDS = ['id', 'gid', 'value'];

/** Unified enums of this many values or more are code lists (currencies): a provider's plain text of the same name is read as one. */
const CODE_LIST = 20;

/** The unified record's own scalar members (and arrays of plain values) as targets, in the spec's order of names. */
function scalarTargets(facts: UnifiedFacts): Target[] {
  const out: Target[] = [];
  const members = facts.record.properties;
  for (const [member, node] of members) {
    if (member === 'id') continue;
    const names = namesOf(member, node, facts.nouns);
    const address = node.format === 'uri' || node.format === 'url' || wordsOf(member).some((w) => LINK_WORDS.includes(w));
    const kind: Kind | undefined =
      node.type === 'boolean'
        ? 'flag'
        : node.type === 'integer' || node.type === 'number'
          ? 'number'
          : node.type === 'string' && (node.format === 'date-time' || (node.format === undefined && /_at$/.test(member)))
            ? 'timestamp'
            : node.type === 'string' && node.enum && node.enum.length < CODE_LIST
              ? 'enum'
              : node.type === 'string'
                ? 'text'
                : node.type === 'array' && node.items && ['string', 'integer', 'number'].includes(node.items.type ?? '')
                  ? 'strings'
                  : undefined;
    if (kind) out.push({ unified: member, names, sure: names.slice(0, 1), kind, node, address });
  }
  // A full name split in two, where the unified record has first and last names and no name of its own.
  const first = members.get('first_name');
  if (first && members.has('last_name') && !members.has('name')) out.push({ unified: ['first_name', 'last_name'], names: [...FULL_NAME_WORDS], sure: [], kind: 'person', node: first, address: false });
  return out;
}

/** The unified arrays of typed elements: an element's one required member holds the value, and its `type` enum says which. */
function typedArrays(record: SchemaNode): TypedArray[] {
  const out: TypedArray[] = [];
  for (const [name, node] of record.properties) {
    const items = node.type === 'array' ? node.items : undefined;
    const types = (items?.properties.get('type')?.enum ?? []).filter((v): v is string => typeof v === 'string');
    const required = items?.required.filter((member) => member !== 'id' && member !== 'type') ?? [];
    const keyNode = required.length === 1 ? items!.properties.get(required[0]!) : undefined;
    if (!items || types.length === 0 || !keyNode || keyNode.type !== 'string') continue;
    out.push({ name, key: required[0]!, keyNode, types, nouns: [...new Set([...(entryOf(ELEMENT_NOUNS, name) ?? []), singularNoun(name)])] });
  }
  return out;
}

/**
 * One target per type of a typed array: `primary` is the array's noun alone or with the word (`email`,
 * `primary_email`); each other type its word with the noun (`mobile_phone`, `work_email`, `fax_number`), or alone
 * where the type names the value by itself (`mobile`, `fax`, and their other words: `cell`).
 */
function elementTargets(array: TypedArray): Target[] {
  const address = array.key === 'url';
  return array.types.map((type) => {
    const word = joined(type);
    const standalone = entryOf(STANDALONE_TYPES, word);
    const words = [word, ...(standalone ?? [])];
    const names =
      type === 'primary'
        ? [...array.nouns, ...array.nouns.map((noun) => `primary${noun}`)]
        : [...words.flatMap((w) => array.nouns.flatMap((noun) => [`${w}${noun}`, `${noun}${w}`])), `${word}${joined(array.key)}`, ...(standalone ? words : [])];
    const sure = type === 'primary' ? array.nouns.slice(0, 1) : standalone ? [word] : [];
    return { unified: `${array.name}[type=${type}].${array.key}`, names: [...new Set(names)], sure, kind: 'text' as const, node: array.keyNode, address };
  });
}

function matchTarget(target: Target, leaf: Leaf, facts: UnifiedFacts): FieldLine | undefined {
  const node = leaf.node;
  const name = leaf.path.join('.');
  const last = leaf.named;
  const exact = target.sure.includes(joined(last));
  switch (target.kind) {
    case 'text': {
      const id = typeof target.unified === 'string' && /(^|_)id$/.test(target.unified);
      // An id the provider keeps as a number is read as its decimal string.
      if (id && (node.type === 'integer' || node.type === 'number')) return { unified: target.unified, provider: name, convert: 'number-string', confidence: exact ? 'high' : 'medium', reason: `named ${last}, a number read as its decimal string` };
      if (node.type !== 'string') return undefined;
      if (target.node.format === 'email') return { unified: target.unified, provider: name, confidence: node.format === 'email' || exact ? 'high' : 'medium', reason: `named ${last}${node.format === 'email' ? ', format email' : ''}` };
      return { unified: target.unified, provider: name, confidence: exact ? 'high' : 'medium', reason: `named ${last}${node.enum ? '' : ', a string'}` };
    }
    case 'number':
      if (node.type !== 'integer' && !(node.type === 'number' && target.node.type === 'number')) return undefined;
      return { unified: target.unified, provider: name, confidence: exact ? 'high' : 'medium', reason: `named ${last}, a number` };
    case 'strings':
      if (node.type !== 'array' || node.items?.type !== target.node.items?.type) return undefined;
      return { unified: target.unified, provider: name, confidence: exact ? 'high' : 'medium', reason: `named ${last}, a list of ${node.items?.type}s` };
    case 'person':
      if (node.type !== 'string') return undefined;
      return { unified: target.unified, provider: name, convert: 'full-name', confidence: 'medium', reason: `named ${last}: one string split into first and last name` };
    case 'flag':
      if (node.type !== 'boolean') return undefined;
      return { unified: target.unified, provider: name, confidence: 'medium', reason: `named ${last}, a boolean` };
    case 'enum': {
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
        reason: `named ${last}; ${shared.join(', ')} read as themselves${shared.length < values.length ? `, the rest as ${fallback}` : ''}`,
      };
    }
    case 'timestamp': {
      const convert = timestampConverter(node, last);
      if (!convert) return undefined;
      return { unified: target.unified, provider: name, convert: convert.convert, confidence: convert.sure ? 'high' : 'medium', reason: `named ${last}, ${convert.why}` };
    }
  }
}

function timestampConverter(node: SchemaNode, name: string): { convert: string; sure: boolean; why: string } | undefined {
  if (node.type === 'string' && node.format === 'date-time') return { convert: 'date-time', sure: true, why: 'format date-time' };
  if (node.type === 'string' && node.format === 'date') return { convert: 'date', sure: true, why: 'format date' };
  // A date and time with a space and no zone (`2024-01-10 09:00:00`), as the example or the description writes it: UTC by the converter's reading.
  const example = typeof node.example === 'string' ? node.example : '';
  if (node.type === 'string' && (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(example) || /\bYYYY-MM-DD HH:MM:SS\b/i.test(node.description ?? ''))) {
    return { convert: 'utc-spaced', sure: /\bUTC\b/.test(node.description ?? ''), why: `a date and time written \`YYYY-MM-DD HH:MM:SS\`${/\bUTC\b/.test(node.description ?? '') ? ', in UTC as its description says' : ', read as UTC'}` };
  }
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

/**
 * An object nested in the record that names another record (an owner, a
 * creator), not part of this one: it has an id of its own, or is the
 * `{value, name}` pair of an id and its label.
 */
function isReference(node: SchemaNode): boolean {
  const holdsId = (name: string) => ['string', 'integer'].includes(node.properties.get(name)?.type ?? '');
  return holdsId('id') || holdsId('gid') || (holdsId('value') && node.properties.get('name')?.type === 'string');
}

/**
 * A member holding one value with its display label (`{label, value}`, with
 * a `type` or other metadata beside them): the value is what the member
 * means; the label names it for people and is the same for every record.
 */
function isLabelledValue(node: SchemaNode): boolean {
  const value = node.properties.get('value');
  return node.properties.has('label') && value !== undefined && value.type !== undefined && value.type !== 'object' && value.type !== 'array' && !node.properties.has('id');
}

function leavesOf(record: SchemaNode): { leaves: Leaf[]; arrays: { path: string[]; items: SchemaNode; readOnly: boolean }[] } {
  const leaves: Leaf[] = [];
  const arrays: { path: string[]; items: SchemaNode; readOnly: boolean }[] = [];
  const walk = (node: SchemaNode, path: string[], readOnly: boolean, inReference: boolean) => {
    for (const [name, child] of node.properties) {
      const here = [...path, name];
      const ro = readOnly || child.readOnly;
      if (child.type === 'array') {
        if (child.items && (child.items.type === 'object' || child.items.properties.size > 0)) {
          if (!inReference) arrays.push({ path: here, items: child.items, readOnly: ro });
        } else if (child.items?.type !== undefined) leaves.push({ path: here, named: name, node: child, readOnly: ro, inReference });
      } else if (isLabelledValue(child)) {
        // Personio's `attributes.first_name: {label, value, type}`: the value is the member, by the wrapper's name.
        const value = child.properties.get('value')!;
        leaves.push({ path: [...here, 'value'], named: name, node: value, readOnly: ro || value.readOnly, inReference });
      } else if (child.type === 'object' || child.properties.size > 0) {
        if (here.length < 4) walk(child, here, ro, inReference || isReference(child));
      } else if (child.type !== undefined) leaves.push({ path: here, named: name, node: child, readOnly: ro, inReference });
    }
  };
  walk(record, [], false, false);
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

/** The unified array of postal addresses: the one whose elements have most of an address's parts (at least three), with its element types. */
function addressArray(record: SchemaNode): { name: string; members: string[]; types: readonly unknown[] } | undefined {
  for (const [name, node] of record.properties) {
    const items = node.type === 'array' ? node.items : undefined;
    const members = ADDRESS_PARTS.map((part) => part.member).filter((member) => items?.properties.has(member));
    if (items && members.length >= 3) return { name, members, types: items.properties.get('type')?.enum ?? [] };
  }
  return undefined;
}

function addressLines(array: { name: string; members: string[]; types: readonly unknown[] }, leaves: Leaf[], writes: WriteSchemas, facts: UnifiedFacts, take: (leaf: Leaf) => void, guesses: string[]): FieldLine[] {
  const groups = new Map<string, { prefix: string[]; parent: string[]; parts: { leaf: Leaf; member: string }[] }>();
  for (const leaf of leaves) {
    if (leaf.node.type !== 'string' && leaf.node.type !== 'number' && leaf.node.type !== 'integer') continue;
    const part = addressPart(leaf.named);
    if (!part || !array.members.includes(part.member)) continue;
    const parent = leaf.path.slice(0, -1);
    const id = `${parent.join('.')}|${part.prefix.join('_')}`;
    const group = groups.get(id) ?? { prefix: part.prefix, parent, parts: [] };
    if (!group.parts.some((p) => p.member === part.member)) group.parts.push({ leaf, member: part.member });
    groups.set(id, group);
  }
  // An address has a street, a city or a postal code, and at least two parts.
  const addresses = [...groups.values()].filter((g) => g.parts.length >= 2 && g.parts.some((p) => ['line1', 'city', 'postal_code'].includes(p.member)));
  const addressTypes = array.types;
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
      const convert = addressConvert(member, leaf.node, leaf.named);
      if (convert === null) continue;
      take(leaf);
      lines.push(
        withDirection(
          { unified: `${array.name}${selector}.${member}`, provider: leaf.path.join('.'), ...(convert ? { convert } : {}), confidence: group.parts.length >= 3 ? 'high' : 'medium', reason: `${member.replace('_', ' ')} of ${where} (${group.parts.length} parts found)${convert ? `; ${convert}` : ''}` },
          leaf,
          writes,
          facts,
          array.name,
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

/** A provider array of a unified typed array's values (emails, phone numbers, websites) or of addresses, element by element. */
function arrayLine(array: { path: string[]; items: SchemaNode; readOnly: boolean }, typed: TypedArray[], addresses: { name: string; members: string[]; types: readonly unknown[] } | undefined, writes: WriteSchemas, facts: UnifiedFacts): FieldLine | undefined {
  const words = wordsOf(array.path[array.path.length - 1]!);
  const members = [...array.items.properties].filter(([, n]) => n.type === 'string' || n.type === 'number' || n.type === 'integer');
  // Named as the unified array is, by the first word of its singular (`email_addresses`, `phones` for phone_numbers).
  const stem = (name: string) => singularNoun(wordsOf(name)[0]!);
  const values = typed.find((t) => words.some((w) => w.startsWith(stem(t.name)) || (t.name === 'phone_numbers' && w === 'telephones')));
  const unified = values?.name ?? (addresses && words.some((w) => ['addresses', 'locations', 'address'].includes(w)) ? addresses.name : undefined);
  if (!unified) return undefined;
  const each: FieldLine[] = [];
  if (!values) {
    for (const [name, node] of members) {
      const part = addressPart(name);
      if (!part || part.prefix.length > 0 || !addresses!.members.includes(part.member) || each.some((e) => e.unified === part.member)) continue;
      const convert = addressConvert(part.member, node, name);
      if (convert === null) continue;
      each.push({ unified: part.member, provider: name, ...(convert ? { convert } : {}), confidence: 'high', reason: `named ${name}` });
    }
    if (each.length < 2) return undefined;
  } else {
    const names = [joined(values.key), ...values.nouns, ...(entryOf(ELEMENT_MEMBERS, values.name) ?? ['value'])];
    const found = members.find(([name, node]) => names.includes(joined(name)) && node.type === 'string');
    if (found) each.push({ unified: values.key, provider: found[0], confidence: 'high', reason: `named ${found[0]}` });
    if (each.length === 0) return undefined;
  }
  // An element type whose values are all unified types reads as it is.
  const typeMember = array.items.properties.get('type');
  const allowed = facts.enums.get(`${unified}[].type`) ?? [];
  if (typeMember?.enum && typeMember.enum.every((v) => allowed.includes(v))) each.push({ unified: 'type', provider: 'type', confidence: 'high', reason: 'element type, every value a unified type' });
  const leaf: Leaf = { path: array.path, named: array.path[array.path.length - 1]!, node: array.items, readOnly: array.readOnly, inReference: false };
  return withDirection({ unified, provider: array.path.join('.'), each, confidence: 'high', reason: `an array of ${unified.replace('_', ' ')}, element by element` }, leaf, writes, facts, unified);
}
