/**
 * What a write would send is held to the provider's request schema before
 * it is sent: a null the schema takes none of (a gap before `lines[1]`), a
 * value of another type, an array element or nested object without a member
 * it requires. Each is an issue, so the write is a RequestValidationError and
 * nothing is sent; values the schema takes pass without one.
 */

import { describe, expect, it } from 'vitest';
import { checkSentBody, type FieldIssue, type SentContext, type SentShape } from '../../src/runtime/index.js';

// Help Scout's create: `emails` items require type and value; `address.lines` is an array of strings.
const shape: SentShape = {
  type: 'object',
  members: {
    firstName: { type: 'string' },
    emails: { type: 'array', items: { type: 'object', required: ['type', 'value'], members: { type: { type: 'string' }, value: { type: 'string' } } } },
    address: { type: 'object', required: ['country'], members: { lines: { type: 'array', items: { type: 'string' } }, city: { type: 'string', nullable: true }, country: { type: 'string' } } },
  },
};
const context: SentContext = {
  provider: 'Help Scout',
  input: 'customer',
  sources: { firstName: 'first_name', 'emails[]': 'emails[]', 'emails[].value': 'emails[].email', 'emails[].type': 'emails[].type', 'address.lines[0]': 'addresses[0].line1', 'address.lines[1]': 'addresses[0].line2', 'address.city': 'addresses[0].city', 'address.country': 'addresses[0].country' },
};

const cases: [string, { body: Record<string, unknown>; want: FieldIssue[] }][] = [
  [
    'a gap before a later positional element (line2 without line1) is refused at the unified field that fills it',
    {
      body: { address: { lines: [null, 'Suite 5'], country: 'GB' } },
      want: [{ field: 'customer.addresses[0].line1', message: 'is needed by Help Scout: a later element of address.lines is given, so address.lines[0] would be sent as null, and its elements take a string, not null' }],
    },
  ],
  [
    "an array element without a member its schema requires is refused at that element's unified field",
    {
      body: { emails: [{ type: 'work', value: 'a@example.com' }, { value: 'b@example.com' }] },
      want: [{ field: 'customer.emails[1].type', message: 'is required by Help Scout (emails[1].type)' }],
    },
  ],
  [
    'a nested object without a member it requires is refused',
    { body: { address: { city: 'London' } }, want: [{ field: 'customer.addresses[0].country', message: 'is required by Help Scout (address.country)' }] },
  ],
  [
    'a value of another type than the schema declares is refused',
    { body: { firstName: 42 }, want: [{ field: 'customer.first_name', message: 'cannot be sent to Help Scout: its firstName takes a string, not a number' }] },
  ],
  [
    'a null where the member takes none is refused',
    { body: { firstName: null }, want: [{ field: 'customer.first_name', message: 'cannot be sent to Help Scout as null: its firstName takes a string' }] },
  ],
  [
    'what the schema takes passes: a nullable member cleared, whole elements, positional lines without a gap',
    { body: { firstName: 'Ada', emails: [{ type: 'work', value: 'a@example.com' }], address: { lines: ['1 Main St', 'Suite 5'], city: null, country: 'GB' } }, want: [] },
  ],
];

describe('checkSentBody: a request body the provider refuses is caught before it is sent', () => {
  it.each(cases)('%s', (_, { body, want }) => {
    const issues: FieldIssue[] = [];
    checkSentBody(body, shape, context, issues);
    expect(issues).toEqual(want);
  });
});
