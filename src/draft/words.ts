/**
 * The words a provider's document uses for what a unified resource holds
 * that the unified spec cannot tell by itself: synonyms of resources and of
 * fields. Names are compared as lower-case words run together
 * (`emailAddress`, `email_address` and `EMAIL-ADDRESS` are all
 * `emailaddress`). These are words of the domains, never of a provider.
 */

/** `customer_number`, `customerNumber`, `page[after]` → ['customer', 'number'] … */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export const joined = (name: string): string => wordsOf(name).join('');

/** A table's entry for a name from a document: its own entries only (a member named `constructor` has none). */
export function entryOf<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/**
 * Other names a provider gives a unified field, by the unified member's name:
 * only what the unified schema cannot say itself (its member names, titles,
 * descriptions, formats and types are read from the spec, see fields.ts).
 * A member a unified record lacks takes none of its words.
 */
export const FIELD_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  company_name: ['company', 'organizationname', 'organisationname', 'orgname', 'organization', 'organisation', 'businessname', 'business'],
  // The id of the company a record belongs to, by the other nouns for a company (RESOURCE_SYNONYMS) and the usual short one.
  company_id: ['organizationid', 'organisationid', 'orgid', 'businessid', 'accountid'],
  active: ['isactive', 'activeflag'],
  first_name: ['givenname', 'forename'],
  last_name: ['surname', 'familyname'],
  notes: ['note', 'comments', 'comment', 'remarks', 'background', 'about', 'bio', 'description'],
  tax_number: ['taxid', 'vatnumber', 'vatid', 'vat', 'taxcode'],
  currency: ['currencycode'],
  due_date: ['dueat', 'dueon', 'duedate', 'due', 'deadline'],
  created_at: ['created', 'createdon', 'datecreated', 'creationdate', 'createdtime', 'createddatetime', 'insertedat', 'createtime', 'creationtime', 'addedat', 'dateadded', 'addtime'],
  updated_at: ['updated', 'updatedon', 'modifiedat', 'modified', 'modifiedon', 'lastmodified', 'lastmodifiedat', 'datemodified', 'dateupdated', 'updatedtime', 'updateddatetime', 'updatetime', 'lastupdated', 'lastupdatedat', 'modificationdate', 'modificationtime', 'changedat'],
  created_by: ['createdbyid', 'creator', 'creatorid'],
  updated_by: ['updatedbyid', 'modifiedby', 'modifiedbyid', 'lastmodifiedby'],
};

/** Names of one string holding a person's whole name, split into the unified first and last names. */
export const FULL_NAME_WORDS = ['fullname', 'personname', 'contactname'];

/**
 * Names a record's one-line label goes by, in order: a unified record's
 * first one is read from a provider's first one when no member of its own
 * name is there (a card's `title` from a task's `name`, a ticket's `subject`).
 */
export const LABEL_WORDS = ['name', 'title', 'subject', 'summary', 'displayname', 'label'];

/** Names of the value of a unified array of typed elements (`phone_numbers` of `{number, type}`), the most usual first, besides its singular (`phonenumber`). */
export const ELEMENT_NOUNS: Readonly<Record<string, readonly string[]>> = {
  phone_numbers: ['phone', 'telephone', 'telephonenumber', 'tel'],
  emails: ['email', 'emailaddress', 'mail'],
};

/** Element types that name a value alone (`mobile`, `fax`), and other words for them (`cell`). */
export const STANDALONE_TYPES: Readonly<Record<string, readonly string[]>> = {
  mobile: ['cell', 'cellular'],
  fax: [],
};

/** Parts of a postal address: the unified member and the provider names (after any prefix) that mean it. */
export const ADDRESS_PARTS: { member: string; names: string[] }[] = [
  { member: 'line1', names: ['address', 'address1', 'addressline1', 'line1', 'street', 'streetaddress', 'street1'] },
  { member: 'line2', names: ['address2', 'addressline2', 'line2', 'street2'] },
  { member: 'line3', names: ['address3', 'addressline3', 'line3', 'street3'] },
  { member: 'city', names: ['city', 'cityname', 'town', 'locality'] },
  { member: 'state', names: ['state', 'region', 'province', 'stateprovince', 'regionname', 'statename', 'stateorprovince'] },
  { member: 'postal_code', names: ['zip', 'zipcode', 'postalcode', 'postcode', 'postal'] },
  { member: 'country', names: ['country', 'countrycode', 'countryname'] },
  { member: 'latitude', names: ['latitude', 'lat'] },
  { member: 'longitude', names: ['longitude', 'lng', 'lon', 'long'] },
];

/** Names of the value member of a provider's array elements (`{value, label}`), besides the unified element's own. */
export const ELEMENT_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  emails: ['emailaddress', 'address', 'value'],
  phone_numbers: ['phone', 'phonenumber', 'value'],
};

/** Words a description uses for a company, and for a person. */
export const COMPANY_WORDS = /\b(company|business|organi[sz]ation|firm|account name)\b/i;
export const PERSON_WORDS = /\b(person|people|user'?s|contact'?s|contact name|full name|individual|(?:of|for) (?:the|a|this) (?:contact|user|end[- ]?user))\b/i;

/** Words in a unified member's name that say it holds an address on the web, which a provider's link may fill (`photo_url`, `image`). */
export const LINK_WORDS = ['url', 'uri', 'link', 'image', 'photo', 'website', 'avatar'];

/** Words for people: what a provider may call the collection of a customer-like resource (customers, contacts, leads). */
const PEOPLE = ['customer', 'contact', 'user', 'client', 'person', 'member', 'enduser'];

/**
 * What a provider may call the records of a unified resource, by the
 * resource's singular noun, besides that noun itself: `nouns`, and `weaker`
 * ones that lose a tie (an `account` is more often a company than a person).
 * A resource without an entry is found by its own name only.
 */
export const RESOURCE_SYNONYMS: Readonly<Record<string, { nouns: readonly string[]; weaker?: readonly string[] }>> = {
  customer: { nouns: PEOPLE, weaker: ['account'] },
  contact: { nouns: PEOPLE, weaker: ['account'] },
  lead: { nouns: [...PEOPLE, 'prospect'], weaker: ['account'] },
  company: { nouns: ['organization', 'organisation', 'business', 'account'] },
  opportunity: { nouns: ['deal'] },
  activity: { nouns: ['engagement'] },
  user: { nouns: ['member', 'agent', 'admin', 'owner', 'employee'] },
  note: { nouns: ['comment'] },
  ticket: { nouns: ['issue', 'task', 'case', 'card'] },
  task: { nouns: ['todo', 'ticket', 'issue', 'card'] },
  card: { nouns: ['task', 'ticket', 'issue'] },
  issue: { nouns: ['ticket', 'task', 'case', 'card'] },
  // What holds tickets, cards and tasks: an issue tracker's project, board, repository or space.
  collection: { nouns: ['project', 'board', 'repository', 'repo', 'space'] },
  board: { nouns: ['project'] },
};

/** `companies` → `company`, `people` → `person`, `addresses` → `address`, `customers.json`'s `customers` → `customer` (joined words). */
export function singularNoun(name: string): string {
  const word = joined(name);
  if (word.endsWith('people')) return `${word.slice(0, -6)}person`;
  if (/ies$/.test(word)) return word.replace(/ies$/, 'y');
  if (/(ss|sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  return word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** The nouns a collection of a resource's records may be named by: its own (the resource's and the record schema's last word) and the vocabulary's, each singular. */
export function recordNouns(resource: string, recordSchema?: string): { own: string[]; nouns: string[]; weaker: string[] } {
  const own = [...new Set([singularNoun(resource), ...(recordSchema ? [singularNoun(wordsOf(recordSchema).pop() ?? '')] : [])].filter(Boolean))];
  const synonyms = own.map((noun) => entryOf(RESOURCE_SYNONYMS, noun)).filter((s) => s !== undefined);
  const nouns = [...new Set(synonyms.flatMap((s) => s.nouns))].filter((n) => !own.includes(n));
  const weaker = [...new Set(synonyms.flatMap((s) => s.weaker ?? []))].filter((n) => !own.includes(n) && !nouns.includes(n));
  return { own, nouns, weaker };
}

/** Query parameters by their role in paging. */
export const PAGING_WORDS = {
  page: ['page', 'pagenumber', 'pageno', 'pagenum', 'pageindex'],
  offset: ['offset', 'start', 'skip', 'startat', 'startindex', 'from'],
  size: ['limit', 'pagesize', 'perpage', 'size', 'count', 'maxresults', 'pagelimit', 'top'],
  cursor: ['cursor', 'startingafter', 'after', 'pageafter', 'pagetoken', 'nextpagetoken', 'continuationtoken', 'next', 'nextcursor', 'startcursor', 'since'],
  nextCursor: ['nextcursor', 'aftercursor', 'cursor', 'startingafter', 'nextpagetoken', 'next', 'after', 'endcursor'],
  hasMore: ['hasmore', 'hasnext', 'hasnextpage', 'more'],
  nextLink: ['next', 'nextpage', 'nextlink', 'nexturl', 'nextpageurl'],
  total: ['total', 'totalcount', 'count', 'totalitems', 'totalresults', 'totalrecords'],
};
