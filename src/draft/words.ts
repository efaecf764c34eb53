/**
 * The words a provider's schema uses for what the unified record holds.
 * Names are compared as lower-case words run together (`emailAddress`,
 * `email_address` and `EMAIL-ADDRESS` are all `emailaddress`). These are
 * words of the domain (customers, contacts), never of a provider.
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

export interface UnifiedTarget {
  /** The unified path the field line writes (`emails[type=primary].email`), or two for a full name. */
  unified: string | [string, string];
  /** Provider names (joined words) meaning exactly this. */
  names: string[];
  /** A format or type that confirms the match. */
  format?: string;
  /** A converter this target needs from a provider value of another shape (decided by type later). */
  kind: 'text' | 'id' | 'timestamp' | 'person' | 'email' | 'phone' | 'status' | 'flag';
}

/** Top-level unified fields and the provider names that mean them. */
export const TARGETS: UnifiedTarget[] = [
  { unified: 'company_name', names: ['companyname', 'company', 'organizationname', 'organisationname', 'organization', 'organisation', 'businessname', 'business'], kind: 'text' },
  { unified: 'first_name', names: ['firstname', 'givenname', 'forename'], kind: 'text' },
  { unified: 'last_name', names: ['lastname', 'surname', 'familyname'], kind: 'text' },
  { unified: ['first_name', 'last_name'], names: ['fullname', 'personname', 'contactname'], kind: 'person' },
  { unified: 'emails[type=primary].email', names: ['email', 'emailaddress', 'primaryemail', 'mail'], format: 'email', kind: 'email' },
  { unified: 'phone_numbers[type=primary].number', names: ['phone', 'phonenumber', 'telephone', 'telephonenumber', 'primaryphone', 'tel'], kind: 'phone' },
  { unified: 'phone_numbers[type=mobile].number', names: ['mobile', 'mobilephone', 'mobilenumber', 'cell', 'cellphone', 'cellular'], kind: 'phone' },
  { unified: 'phone_numbers[type=fax].number', names: ['fax', 'faxnumber'], kind: 'phone' },
  { unified: 'notes', names: ['notes', 'note', 'comments', 'comment'], kind: 'text' },
  { unified: 'tax_number', names: ['taxnumber', 'taxid', 'vatnumber', 'vatid', 'vat', 'taxcode'], kind: 'text' },
  { unified: 'currency', names: ['currency', 'currencycode'], kind: 'text' },
  { unified: 'status', names: ['status'], kind: 'status' },
  { unified: 'individual', names: ['individual', 'isindividual'], kind: 'flag' },
  { unified: 'created_at', names: ['createdat', 'created', 'createdon', 'datecreated', 'creationdate', 'createdtime', 'createddatetime', 'insertedat'], format: 'date-time', kind: 'timestamp' },
  { unified: 'updated_at', names: ['updatedat', 'updated', 'updatedon', 'modifiedat', 'modified', 'modifiedon', 'lastmodified', 'lastmodifiedat', 'datemodified', 'updatedtime', 'updateddatetime'], format: 'date-time', kind: 'timestamp' },
  { unified: 'created_by', names: ['createdby', 'createdbyid', 'creator', 'creatorid'], kind: 'text' },
  { unified: 'updated_by', names: ['updatedby', 'updatedbyid', 'modifiedby', 'modifiedbyid', 'lastmodifiedby'], kind: 'text' },
];

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

/** Members of elements of a provider array of emails or phone numbers. */
export const ELEMENT_MEMBERS: Record<'emails' | 'phone_numbers', { member: string; names: string[] }[]> = {
  emails: [{ member: 'email', names: ['email', 'emailaddress', 'address', 'value'] }],
  phone_numbers: [{ member: 'number', names: ['phone', 'phonenumber', 'number', 'value'] }],
};

/** Words a description uses for a company, and for a person. */
export const COMPANY_WORDS = /\b(company|business|organi[sz]ation|firm|account name)\b/i;
export const PERSON_WORDS = /\b(person|people|user'?s|contact'?s|contact name|full name|individual|(?:of|for) (?:the|a|this) (?:contact|user|end[- ]?user))\b/i;

/** What the collection of records may be called, besides the unified resource itself. */
/** Record nouns that more often name a company than a person: a collection of people named otherwise wins a tie against them. */
export const ORGANISATION_NOUNS = ['account', 'accounts'];

export const RECORD_NOUNS = ['customer', 'customers', 'contact', 'contacts', 'user', 'users', 'client', 'clients', 'person', 'people', 'persons', 'member', 'members', 'account', 'accounts', 'enduser', 'endusers'];

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
