import { describe, expect, it } from 'vitest';
import { validateCustomerSupportCustomerInput } from '../../generated/unified/validate.gen.js';
import { validateCompanyInput } from '../../generated/crm/unified/validate.gen.js';
import { MASK, parseFields, pathSegment, Redactor, selectFields, UnifiedError, type FieldTree } from '../../src/runtime/index.js';

describe('path segments', () => {
  it.each([
    ['380', '380'],
    ['../admin', '..%2Fadmin'],
    ['a/b?x=1', 'a%2Fb%3Fx%3D1'],
    ['%2e%2e', '%252e%252e'],
    ['a#b', 'a%23b'],
    ["it's (me)*!", 'it%27s%20%28me%29%2A%21'],
    ['ü', '%C3%BC'],
  ])('encodes %j as %j', (id, segment) => {
    expect(pathSegment(id)).toBe(segment);
    expect(decodeURIComponent(segment)).toBe(id);
  });

  it.each([['.'], ['..'], ['...'], ['']])('refuses %j', (id) => {
    expect(() => pathSegment(id)).toThrowError(UnifiedError);
  });
});

describe('fields=', () => {
  const tree: FieldTree = { id: true, company_name: true, emails: { email: true, type: true }, addresses: { city: true, line1: true } };
  const record = { id: '1', company_name: 'Acme', emails: [{ email: 'a@b.c', type: 'primary' }], addresses: [{ city: 'Ghent', line1: 'Veldstraat 1' }] };

  it.each([
    ['id', { id: '1' }],
    ['id,emails.email', { id: '1', emails: [{ email: 'a@b.c' }] }],
    ['addresses.city, company_name', { company_name: 'Acme', addresses: [{ city: 'Ghent' }] }],
    ['emails', { emails: [{ email: 'a@b.c', type: 'primary' }] }],
    ['emails.type,emails', { emails: [{ email: 'a@b.c', type: 'primary' }] }],
  ])('%j selects', (fields, expected) => {
    expect(selectFields(record, parseFields(fields, tree))).toEqual(expected);
  });

  it('returns everything without fields', () => {
    expect(selectFields(record, parseFields(undefined, tree))).toBe(record);
  });

  it.each([
    ['compnay_name', "did you mean 'company_name'"],
    ['emails.emial', "did you mean 'emails.email'"],
    ['__proto__', 'unknown field'],
    // A value has no members: the rest of the path is not ignored.
    ['company_name.typo', "'company_name' is a value, with no members; did you mean 'company_name'"],
    ['id.x.y', "'id' is a value, with no members"],
    ['id.', "'id' is a value, with no members"],
    ['emails.email.nonsense', "'emails.email' is a value, with no members; did you mean 'emails.email'"],
  ])('refuses %j naming the closest field', (fields, hint) => {
    expect(() => parseFields(fields, tree)).toThrowError(hint);
  });
});

describe('redaction', () => {
  const redactor = new Redactor(['s3cr3t-token', 'p@ss word']);

  it.each([
    ['Bearer s3cr3t-token failed', `Bearer ${MASK} failed`],
    ['https://x.example/?api_key=p%40ss%20word', `https://x.example/?api_key=${MASK}`],
    [`Basic ${Buffer.from('s3cr3t-token').toString('base64')}`, `Basic ${MASK}`],
    ['nothing secret', 'nothing secret'],
  ])('masks %j', (text, masked) => {
    expect(redactor.text(text)).toBe(masked);
  });

  it('masks secret-named members and secret values deep inside payloads, keeping data', () => {
    const payload = JSON.parse('{"authorization":"x","nested":[{"api_key":"k","note":"token s3cr3t-token"}],"__proto__":{"polluted":true},"name":"Ada"}');
    const masked = redactor.value(payload);
    expect(masked).toEqual({ authorization: MASK, nested: [{ api_key: MASK, note: `token ${MASK}` }], name: 'Ada', ['__proto__']: { polluted: true } });
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('arrays in caller input', () => {
  it('a hole in an array is refused, naming its index, like an undefined element', () => {
    const sparse: unknown[] = [{ email: 'a@example.com', type: 'primary' }];
    sparse[2] = { email: 'c@example.com', type: 'work' };
    const issues = validateCustomerSupportCustomerInput({ emails: sparse });
    expect(issues).toContainEqual({ field: 'customer.emails[1]', message: 'is missing (a hole in the array)' });
    expect(validateCustomerSupportCustomerInput({ emails: [sparse[0], undefined, sparse[2]] }).map((issue) => issue.message).join('; ')).toMatch(/not undefined/);
  });
});

describe('objects the spec writes inline', () => {
  it("are checked like named ones: the CRM Company's row_type and the elements of PassThroughBody", () => {
    const issues = validateCompanyInput({ name: 'Acme', row_type: 'customer', pass_through: [{ service_id: 7, extend_object: [], unknown_member: true }] });
    expect(issues.map((issue) => issue.field).sort()).toEqual([
      'company.pass_through[0].extend_object',
      'company.pass_through[0].service_id',
      'company.pass_through[0].unknown_member',
      'company.row_type',
    ]);
  });
});
