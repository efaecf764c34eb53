/**
 * Every class of input mistake gets one message with file:line:col, what is
 * wrong and what would be right, and leaves generated/ exactly as it was.
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerationError } from '../../src/diagnostics.js';
import { generate } from '../../src/generate.js';
import { buildIR, defaultLayout } from '../../src/ir/index.js';
import { holdsNumbers, SchemaResolver } from '../../src/ir/schema.js';
import { exportedNames } from '../../src/parse/hooks.js';
import { itReportsEach, positionOf, type BrokenInput } from '../support/broken-inputs.js';
import { repoRoot, tempProject, type TempProject } from '../support/project.js';


const mapping = 'mappings/kickserv.yaml';
const zendesk = 'mappings/zendesk.yaml';
const omnidesk = 'mappings/omnidesk.yaml';

/** The update transformer of a temporary project's generated Kickserv connector. */
type KickservWrites = { toKickservCustomersUpdateBody: (customer: object, issues: { field: string; message: string }[], settings: object) => Record<string, unknown> };

/** Runs `use` on `file` of `project` as `edit` leaves it (which must change it), and puts the file back after. */
async function withEdit(project: TempProject, file: string, edit: (text: string) => string, use: (edited: string) => Promise<void>): Promise<void> {
  const original = await project.read(file);
  const edited = edit(original);
  expect(edited, `the edit of ${file}`).not.toBe(original);
  await project.write(file, edited);
  try {
    await use(edited);
  } finally {
    await project.write(file, original);
  }
}
const providerSpec = 'specs/providers/kickserv.yaml';

/** A pattern matching `text` exactly, as written. */
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

const cases: BrokenInput[] = [
  {
    name: 'YAML syntax error',
    file: mapping,
    edit: (t) => t.replace('record: Customer', 'record: [Customer'),
    code: 'yaml-syntax',
    message: /YAML syntax/,
    at: '\nconnection:',
  },
  {
    name: 'a setting declared secret (settings go into URLs and headers; secrets are credentials)',
    file: mapping,
    edit: (t) => t.replace('      example: acme-hvac\n', '      example: acme-hvac\n      secret: true\n'),
    code: 'schema',
    message: /a setting is never secret/,
    hint: /connection\.credentials/,
    at: 'secret: true',
  },
  {
    name: 'unknown mapping key',
    file: mapping,
    edit: (t) => t.replace('    path: /customers.json\n    status: [200]\n    records', '    path: /customers.json\n    stauts: [200]\n    records'),
    code: 'unknown-key',
    message: /unknown key 'stauts' in 'operations\.customersAll'/,
    hint: /did you mean 'status'\?/,
    at: 'stauts',
  },
  {
    // Said without what to write, where the answer holds the record and the id line says which member the id is.
    name: 'a create that reads no id, whose answer holds the record',
    file: mapping,
    edit: (t) => t.replace('    status: [200]\n    id: customer.customer_number\n', '    status: [200]\n'),
    code: 'schema',
    message: /^customersAdd needs `id` \(where the new id is in the answer\) or a `then` lookup with an `id`$/,
    hint: /^the answer holds the record at 'customer': `id: customer\.customer_number`$/,
    at: 'method: POST\n    path: /customers.json',
  },
  {
    name: 'unknown unified field',
    file: mapping,
    edit: (t) => t.replace('unified: company_name', 'unified: compnay_name'),
    code: 'unknown-unified-field',
    message: /unified 'compnay_name' is not a field of CustomerSupportCustomer/,
    hint: /did you mean 'company_name'\?/,
    at: 'compnay_name',
  },
  {
    // The hint once ended at the mended name ('attributes'), dropping what follows it.
    name: 'a misspelt member inside a provider path',
    provider: 'kustomer',
    file: 'mappings/kustomer.yaml',
    edit: (t) => t.replace('provider: attributes.firstName', 'provider: atributes.firstName'),
    code: 'unknown-provider-field',
    message: /provider 'atributes' is not a field of/,
    hint: /^did you mean 'attributes\.firstName'\?$/,
    at: 'atributes.firstName',
  },
  {
    name: 'unknown provider field',
    file: mapping,
    edit: (t) => t.replace('provider: email_address', 'provider: email_adress'),
    code: 'unknown-provider-field',
    message: /provider 'email_adress' is not a field of Customer/,
    hint: /did you mean 'email_address'\?/,
    at: 'email_adress',
  },
  {
    name: 'type mismatch: a provider number into a unified enum without an enum map',
    file: mapping,
    edit: (t) => t.replace('fields:\n', 'fields:\n  - unified: status\n    provider: customer_source_id\n'),
    code: 'type-mismatch',
    message: /unified field is an enum \(active, archived, gdpr-erasure-request, unknown\)/,
    hint: /add an `enum` map/,
    at: 'customer_source_id\n',
  },
  {
    name: 'type mismatch: a provider number into a unified string without a converter',
    file: mapping,
    edit: (t) => t.replace('fields:\n', 'fields:\n  - unified: tax_number\n    provider: customer_source_id\n'),
    code: 'type-mismatch',
    message: /the types differ/,
    hint: /convert: number-string/,
    at: 'customer_source_id\n',
  },
  {
    // Each field line is refused (the request has one member, `customer`): the hint says where the members are.
    name: 'a request that nests the record, written without `wrap`',
    file: mapping,
    edit: (t) => t.replace('    path: /customers.json\n    body:\n      encoding: json\n      wrap: customer\n', '    path: /customers.json\n    body:\n      encoding: json\n'),
    code: 'unknown-provider-field',
    message: /^customersAdd request: provider 'name' is not a field of CustomerCreateRequest$/,
    hint: /^it is a member of 'customer': did you mean 'customer\.name'\? \(a request body that nests the record under 'customer' is written with `body\.wrap: customer`\)$/,
    at: 'name\n  - unified: emails',
  },
  {
    // Every field line was then refused as 'not a field of DeleteResult', and the line at fault never named.
    name: 'a record other than the one the list answers',
    file: mapping,
    edit: (t) => t.replace('record: Customer', 'record: DeleteResult'),
    code: 'type-mismatch',
    message: /^record: DeleteResult, but the records GET \/customers\.json answers at customers are Customer \(0 of DeleteResult's 1 members are among theirs\)$/,
    hint: /^record: Customer$/,
    at: 'DeleteResult',
  },
  // A date and a date-time are both strings: a converter or a field of the other format would read every value as null, or send it where the other belongs.
  {
    name: "a calendar-date converter on a provider date-time (every value would read as null)",
    file: mapping,
    edit: (t) => t.replace('provider: created_at\n    convert: date-time', 'provider: created_at\n    convert: date'),
    code: 'type-mismatch',
    message: /'date' reads a calendar date \(format: date, yyyy-MM-dd\), but provider 'created_at' is a date-time \(format: date-time\)/,
    hint: /use `convert: date-time`/,
    at: 'date\n  - unified: updated_at',
  },
  {
    name: 'a converter of its own layout (utc-spaced) on a provider date-time',
    file: mapping,
    edit: (t) => t.replace('provider: updated_at\n    convert: date-time', 'provider: updated_at\n    convert: utc-spaced'),
    code: 'type-mismatch',
    message: /'utc-spaced' reads a layout of its own, but provider 'updated_at' is a date-time/,
    hint: /use `convert: date-time`/,
    at: 'utc-spaced',
  },
  {
    name: 'a date-time converter into a unified field of plain text',
    file: mapping,
    edit: (t) => t.replace('fields:\n', 'fields:\n  - unified: notes\n    provider: created_at\n    convert: date-time\n    direction: read\n'),
    code: 'type-mismatch',
    message: /unified 'notes' is text of no declared format and 'date-time' produces a date-time/,
    hint: /leave out `convert`/,
    at: 'date-time\n    direction: read',
  },
  {
    name: 'unified enum values not covered, no fallback',
    file: mapping,
    edit: (t) => t.replace('fields:\n', "fields:\n  - unified: status\n    provider: billing_state\n    enum:\n      open: active\n"),
    code: 'enum-not-covered',
    message: /unified values 'archived', 'gdpr-erasure-request', 'unknown' have no provider value/,
    hint: /fallback/,
    at: 'open: active',
  },
  {
    name: 'provider-required request field with no source',
    file: mapping,
    edit: (t) => t.replace('  - unified: company_name\n    provider: name\n', ''),
    code: 'required-not-mapped',
    message: /the provider requires 'name' in a customersAdd request/,
    at: 'encoding: json\n      wrap: customer\n    # Kickserv',
  },
  {
    // An element the request sends must carry what its schema requires: Kustomer's Email requires `email`.
    name: "a member each element of a request's array requires, which no line of its `each` writes",
    provider: 'kustomer',
    file: 'mappings/kustomer.yaml',
    edit: (t) => t.replace('    provider: attributes.emails\n    each:\n      - unified: email\n        provider: email\n', '    provider: attributes.emails\n    each:\n'),
    code: 'required-not-mapped',
    message: /^the provider requires 'email' in each element of 'emails' of a customersAdd request \(emails\[\]\.email\), and nothing writes it$/,
    hint: /`each`.*`where: \{ email: <value> \}`.*emails\[email=<value>\]/,
    at: 'attributes.emails',
  },
  {
    name: "a member the provider document requires of a request array's elements, beyond what the mapping's `each` writes",
    provider: 'kustomer',
    file: 'specs/providers/kustomer.yaml',
    edit: (t) => t.replace('    Email:\n      type: object\n      required:\n        - email\n', '    Email:\n      type: object\n      required:\n        - email\n        - verified\n'),
    reportedIn: 'mappings/kustomer.yaml',
    code: 'required-not-mapped',
    message: /^the provider requires 'verified' in each element of 'emails' of a customers(Add|Update) request \(emails\[\]\.verified\), and nothing writes it$/,
    at: 'attributes.emails',
  },
  {
    name: 'read-only unified field mapped into a request',
    file: mapping,
    edit: (t) => t.replace('  - unified: created_at\n    provider: created_at\n    convert: date-time\n', '  - unified: created_at\n    provider: created_at\n    convert: date-time\n    direction: both\n'),
    code: 'read-only-in-request',
    message: /readOnly in the spec/,
    at: 'both\n  - unified: updated_at',
  },
  {
    name: 'a member an OpenAPI 3.1 document makes read-only beside its $ref, mapped into a request',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('  - unified: notes\n    provider: notes\n', '  - unified: notes\n    provider: notes\n    direction: both\n'),
    // 3.1 schemas are JSON Schema: the keywords beside a $ref apply with it (3.0 ignores them).
    also: { file: 'specs/providers/zendesk.yaml', edit: (t) => t.replace('openapi: 3.0.3', 'openapi: 3.1.0').replace('        notes:\n          type: string\n          nullable: true\n', "        notes:\n          $ref: '#/components/schemas/Notes'\n          readOnly: true\n").replace('  schemas:\n', "  schemas:\n    Notes:\n      type: [string, 'null']\n") },
    code: 'read-only-in-request',
    message: /^this provider field is readOnly in the provider spec and cannot be sent$/,
    hint: /direction: read/,
    at: 'both\n',
  },
  {
    name: 'two mappings writing the same provider field',
    file: mapping,
    edit: (t) => t.replace('fields:\n', 'fields:\n  - unified: notes\n    provider: name\n'),
    code: 'duplicate-target',
    message: /provider 'name' is already written by field 1/,
    at: 'name\n  - unified: emails',
  },
  {
    name: 'unknown converter',
    file: mapping,
    edit: (t) => t.replace('provider: created_at\n    convert: date-time', 'provider: created_at\n    convert: date-tme'),
    code: 'unknown-converter',
    message: /unknown converter 'date-tme'/,
    hint: /did you mean 'date-time'\?/,
    at: 'date-tme',
  },
  {
    name: 'unknown pagination strategy',
    file: mapping,
    edit: (t) => t.replace('  type: page\n', '  type: pages\n'),
    code: 'unknown-strategy',
    message: /unknown pagination strategy 'pages'/,
    hint: /did you mean 'page'\?/,
    at: 'pages\n',
  },
  {
    name: 'broken $ref in the provider spec',
    file: providerSpec,
    edit: (t) => t.replace("$ref: '#/components/schemas/CustomerList'", "$ref: '#/components/schemas/CustomerLsit'"),
    code: 'broken-ref',
    message: /\$ref '#\/components\/schemas\/CustomerLsit' points at nothing/,
    hint: /did you mean '#\/components\/schemas\/CustomerList'\?/,
    at: "'#/components/schemas/CustomerLsit'",
  },
  {
    name: 'invalid provider spec',
    file: providerSpec,
    edit: (t) => t.replace('      operationId: getCustomer\n', '      operationId: getCustomer\n      responsez: {}\n'),
    code: 'invalid-spec',
    message: /invalid OpenAPI at #\/paths\/\/customers\/\{customer_number\}\.json\/get/,
    at: 'responsez',
  },
  {
    name: 'a mapping for an operation the spec does not have',
    file: mapping,
    edit: (t) => t.replace('operations:\n', 'operations:\n  customersSearch: unsupported\n'),
    code: 'unknown-operation',
    message: /'customersSearch' is not an operation of specs\/customer-support\.yaml/,
    hint: /did you mean/,
    at: 'customersSearch',
  },
  {
    name: 'records path the provider answer does not have',
    file: mapping,
    edit: (t) => t.replace('    records: customers', '    records: customer'),
    code: 'unknown-provider-field',
    message: /'customer': the body has no member 'customer' in the 200 response of GET \/customers\.json/,
    hint: /did you mean 'customers'\?/,
    at: 'customer\n',
  },
  {
    name: 'id path that names an object in the provider answer',
    file: mapping,
    edit: (t) => t.replace('    id: customer.customer_number', '    id: customer'),
    code: 'unknown-provider-field',
    message: /'customer': customer is object, not a single value in the 20\d response of POST \/customers\.json/,
    hint: /its members: .*customer_number/,
    at: 'customer\n  customersUpdate',
  },
  {
    name: 'broken $ref in the unified spec',
    file: 'specs/customer-support.yaml',
    edit: (t) => t.replace("$ref: '#/components/schemas/CompanyName'", "$ref: '#/components/schemas/CompanyNme'"),
    code: 'broken-ref',
    message: /points at nothing: 'CompanyNme' does not exist/,
    hint: /did you mean '#\/components\/schemas\/CompanyName'\?/,
    at: "'#/components/schemas/CompanyNme'",
  },
  {
    name: 'a list status the provider document does not declare (its answer paths would go unchecked)',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('    status: [200]\n    records: users', '    status: [201]\n    records: userz'),
    code: 'unknown-provider-status',
    message: /GET \/users in specs\/providers\/zendesk\.yaml declares no 201 answer/,
    hint: /it declares 200.*undocumented: \{ status: \{ 201: <where it is documented> \} \}/,
    at: '201]\n    records: userz',
  },
  {
    name: 'a success status outside what the provider document declares',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('    status: [200]\n    records: users', '    status: [299]\n    records: users'),
    code: 'unknown-provider-status',
    message: /GET \/users in specs\/providers\/zendesk\.yaml declares no 299 answer/,
    hint: /it declares 200/,
    at: '299]',
  },
  // Every listed status's answer is checked, in any order: the connector reads the id from whichever the provider sends.
  ...(['[201, 202]', '[202, 201]'] as const).map((statuses): BrokenInput => ({
    name: `status: ${statuses}, a create's id in the 201 answer but not the 202`,
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('    status: [201]\n    id: user.id', `    status: ${statuses}\n    id: user.id`),
    also: { file: 'specs/providers/zendesk.yaml', edit: (t) => t.replace("                $ref: '#/components/schemas/UserResponse'\n        '401':\n          $ref: '#/components/responses/Unauthorized'\n        '403':\n          $ref: '#/components/responses/Forbidden'\n        '422':", "                $ref: '#/components/schemas/UserResponse'\n        '202':\n          description: Accepted; the user is created by a job.\n          content:\n            application/json:\n              schema: { type: object, properties: { job_id: { type: string } } }\n        '401':\n          $ref: '#/components/responses/Unauthorized'\n        '403':\n          $ref: '#/components/responses/Forbidden'\n        '422':") },
    code: 'unknown-provider-field',
    message: /^'user\.id': the body has no member 'user' in the 202 response of POST \/users \(specs\/providers\/zendesk\.yaml\), though its 201 response has it$/,
    hint: /^the answer of each listed status must hold it: drop 202 from `status` if its answer never does; or if the provider sends it although its document omits it, say so with a reason: `undocumented: \{ answer: \{ user\.id: <where it is documented> \} \}` on this request$/,
    at: 'user.id\n  customersUpdate',
  })),
  {
    // HTTP defines a 204 as having no body, whatever the document declares beside it.
    name: "status: [201, 204], a create's id where a 204 has no body",
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('    status: [201]\n    id: user.id', '    status: [201, 204]\n    id: user.id'),
    also: { file: 'specs/providers/zendesk.yaml', edit: (t) => t.replace("                $ref: '#/components/schemas/UserResponse'\n        '401':\n          $ref: '#/components/responses/Unauthorized'\n        '403':\n          $ref: '#/components/responses/Forbidden'\n        '422':", "                $ref: '#/components/schemas/UserResponse'\n        '204':\n          description: Created.\n        '401':\n          $ref: '#/components/responses/Unauthorized'\n        '403':\n          $ref: '#/components/responses/Forbidden'\n        '422':") },
    code: 'unknown-provider-status',
    message: /^a 204 No Content answer of POST \/users has no body, so what this request reads from its answer \('user\.id'\) is not in it$/,
    hint: /^drop 204 from `status`: the 201 answer holds what it reads$/,
    at: '204]\n    id: user.id',
  },
  // A provider member of several types (a 3.1 type array, a oneOf of types) is read into the unified type from each of them.
  ...([
    ["[integer, boolean, 'null']", 'integer | boolean | null', 'integer and boolean are not string', 'add `convert: string`, which reads integer and boolean alike'],
    ["[string, integer, 'null']", 'string | integer | null', 'integer is not string', 'add `convert: string`, which reads string and integer alike'],
    ['[integer, number]', 'integer | number', 'integer and number are not string', 'add `convert: number-string`, which reads integer and number alike'],
  ] as const).map(([types, described, differ, hint]): BrokenInput => ({
    name: `provider notes of type ${types}, read into a unified string without a converter`,
    provider: 'zendesk',
    file: 'specs/providers/zendesk.yaml',
    edit: (t) => t.replace('openapi: 3.0.3', 'openapi: 3.1.0').replace('        notes:\n          type: string\n          nullable: true\n          description: Any notes', `        notes:\n          type: ${types}\n          description: Any notes`),
    code: 'type-mismatch',
    message: exactly(`unified 'notes' (string | null) ← provider 'notes' (${described}): the types differ (${differ})`),
    hint: exactly(hint),
    reportedIn: zendesk,
    at: 'notes\n  - unified: status',
  })),
  {
    name: 'provider notes, a oneOf of integer and boolean (OpenAPI 3.0), read into a unified string without a converter',
    provider: 'zendesk',
    file: 'specs/providers/zendesk.yaml',
    edit: (t) => t.replace('        notes:\n          type: string\n          nullable: true\n          description: Any notes', '        notes:\n          oneOf: [{ type: integer }, { type: boolean }]\n          nullable: true\n          description: Any notes'),
    code: 'type-mismatch',
    message: /^unified 'notes' \(string \| null\) ← provider 'notes' \(integer \| boolean \| null\): the types differ \(integer and boolean are not string\)$/,
    hint: /^add `convert: string`, which reads integer and boolean alike$/,
    reportedIn: zendesk,
    at: 'notes\n  - unified: status',
  },
  {
    name: 'a converter that reads one of the types a provider member may have, not each',
    provider: 'zendesk',
    file: 'specs/providers/zendesk.yaml',
    edit: (t) => t.replace('openapi: 3.0.3', 'openapi: 3.1.0').replace('        id:\n          type: integer\n          readOnly: true\n          description: Automatically assigned', '        id:\n          type: [integer, boolean]\n          readOnly: true\n          description: Automatically assigned'),
    code: 'type-mismatch',
    message: /^converter 'number-string' reads integer or number, but the provider field is integer \| boolean \(boolean it does not read\)$/,
    hint: /^use `convert: string`, which reads integer and boolean alike$/,
    reportedIn: zendesk,
    at: 'number-string\n    note: Zendesk user ids',
  },
  {
    name: 'an update status the provider document does not declare',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('    status: [200]\n    id: user.id', '    status: [204]\n    id: usr.idd'),
    code: 'unknown-provider-status',
    message: /PUT \/users\/\{user_id\} in specs\/providers\/zendesk\.yaml declares no 204 answer/,
    hint: /it declares 200/,
    at: '204]\n    id: usr.idd',
  },
  {
    name: 'a next cursor path that leads to a boolean',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('  next: meta.after_cursor\n', '  next: meta.has_more\n'),
    code: 'type-mismatch',
    message: /'meta\.has_more': meta\.has_more is boolean, not a cursor \(a string or a number\) in the 200 response of GET \/users/,
    hint: /members of meta that are strings or numbers: after_cursor, before_cursor/,
    at: 'meta.has_more\n  has_more:',
  },
  {
    name: 'a has_more path that leads to a string',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('  has_more: meta.has_more\n', '  has_more: meta.after_cursor\n'),
    code: 'type-mismatch',
    message: /'meta\.after_cursor': meta\.after_cursor is string \| null, not a flag \(a boolean\) in the 200 response of GET \/users/,
    hint: /members of meta that are booleans: has_more/,
    at: 'meta.after_cursor\n  size_param',
  },
  {
    name: 'a has_more path that leads to an integer',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('  has_more: meta.has_more\n', '  has_more: count\n'),
    code: 'type-mismatch',
    message: /'count': count is integer, not a flag \(a boolean\)/,
    at: 'count\n',
  },
  {
    name: 'a total path that leads to a string',
    provider: 'omnidesk',
    file: omnidesk,
    edit: (t) => t.replace('  total: itemTotal\n', '  total: type\n'),
    code: 'type-mismatch',
    message: /'type': type is string, not a count \(a number\) in the 200 response of GET \/customer/,
    hint: /members of the body that are numbers: itemLimit, itemStart, itemTotal/,
    at: 'type\n\noperations',
  },
  {
    name: 'a page size cap above the maximum of the provider\'s size parameter',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('  max_size: 100\n', '  max_size: 500\n'),
    code: 'out-of-range',
    message: /max_size 500 is more than GET \/users in specs\/providers\/zendesk\.yaml allows in 'page\[size\]' \(maximum 100\)/,
    hint: /max_size: 100/,
    at: '500',
  },
  {
    name: 'no page size cap where the provider\'s size parameter has a maximum below the unified limit',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('  max_size: 100\n', ''),
    code: 'out-of-range',
    message: /'page\[size\]' of GET \/users in specs\/providers\/zendesk\.yaml is at most 100, and a unified page asks for up to 200/,
    hint: /max_size: 100/,
    at: 'page[size]\n',
  },
  {
    name: 'a page size cap below the minimum of the provider\'s size parameter',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('  max_size: 100\n', '  max_size: 100 \n'),
    also: { file: 'specs/providers/zendesk.yaml', edit: (t) => t.replace('            minimum: 1\n            maximum: 100\n', '            minimum: 150\n            maximum: 200\n') },
    code: 'out-of-range',
    message: /max_size 100 is less than GET \/users in specs\/providers\/zendesk\.yaml allows in 'page\[size\]' \(minimum 150\)/,
    at: '100 \n',
  },
  {
    name: 'a fixed query value with an element an array parameter does not take (style form, explode: false)',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('      role: end-user\n', '      role: end-user,customer\n'),
    also: { file: 'specs/providers/zendesk.yaml', edit: (t) => t.replace('          schema:\n            type: string\n            enum:\n              - end-user\n              - agent\n              - admin\n', '          explode: false\n          schema:\n            type: array\n            items: { type: string, enum: [end-user, agent, admin] }\n') },
    code: 'enum-value',
    message: /^"customer" is not a value of an element of query parameter 'role' of GET \/users \(an array; the text is elements separated by ','\)$/,
    hint: /values: end-user, agent, admin/,
    at: 'end-user,customer',
  },
  {
    name: 'a fixed query value outside the enum of a parameter declared by content (a media type) instead of schema',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('      role: end-user\n', '      role: customer\n'),
    also: { file: 'specs/providers/zendesk.yaml', edit: (t) => t.replace('          schema:\n            type: string\n            enum:\n              - end-user\n              - agent\n              - admin\n', '          content:\n            application/json:\n              schema: { type: string, enum: [end-user, agent, admin] }\n') },
    code: 'enum-value',
    message: /^"customer" is not a value of query parameter 'role' of GET \/users$/,
    hint: /values: end-user, agent, admin/,
    at: 'customer\n',
  },
  {
    name: 'a body value for a member the request body schema marks readOnly',
    provider: 'omnidesk',
    file: omnidesk,
    edit: (t) => t.replace("        brand_id: '{settings.brand_id}'\n    status: [200]\n", "        brand_id: '{settings.brand_id}' \n    status: [200]\n"),
    also: { file: 'specs/providers/omnidesk.yaml', edit: (t) => t.replace('        brand_id:\n          type: integer\n          description: The brand the customer is created in', '        brand_id:\n          type: integer\n          readOnly: true\n          description: The brand the customer is created in') },
    code: 'read-only-in-request',
    message: /^'brand_id' of the customersAdd request is readOnly in specs\/providers\/omnidesk\.yaml, so a request cannot set it$/,
    hint: /remove it from `body\.values`/,
    at: "'{settings.brand_id}' \n",
  },
  {
    name: 'a where member the record schema marks writeOnly (never answered)',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('      role: end-user\n    status: [200]\n', '      role: end-user\n    where:\n      role: end-user\n    status: [200]\n'),
    also: { file: 'specs/providers/zendesk.yaml', edit: (t) => t.replace("        role:\n          type: string\n          description: The user's role.\n", "        role:\n          type: string\n          writeOnly: true\n          description: The user's role.\n") },
    code: 'read-only-in-request',
    message: /^'role' of User is writeOnly in specs\/providers\/zendesk\.yaml and is never answered, so no record would match$/,
    at: 'end-user\n    status',
  },
  {
    name: 'an answer path through a member the response schema marks writeOnly',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('    records: users\n', '    records: users \n'),
    also: { file: 'specs/providers/zendesk.yaml', edit: (t) => t.replace('      properties:\n        users:\n', '      properties:\n        users:\n          writeOnly: true\n') },
    code: 'read-only-in-request',
    message: /^'users': users is writeOnly, so no answer holds it in the 200 response of GET \/users/,
    at: 'users \n',
  },
  {
    name: 'a limit cap above the maximum of the provider\'s limit parameter',
    provider: 'omnidesk',
    file: omnidesk,
    edit: (t) => t.replace('  max_limit: 99\n', '  max_limit: 150\n'),
    code: 'out-of-range',
    message: /max_limit 150 is more than GET \/customer in specs\/providers\/omnidesk\.yaml allows in 'itemLimit' \(maximum 99\)/,
    hint: /max_limit: 99/,
    at: '150',
  },
  {
    name: 'a body value for a member the request body schema does not declare',
    provider: 'omnidesk',
    file: omnidesk,
    edit: (t) => t.replace("        brand_id: '{settings.brand_id}'\n    status: [200]\n    then:", "        brand_idd: '{settings.brand_id}'\n    status: [200]\n    then:"),
    code: 'unknown-provider-field',
    message: /the request body of POST \/customer in specs\/providers\/omnidesk\.yaml declares no member 'brand_idd'/,
    hint: /did you mean 'brand_id'\? .*undocumented: \{ body: \{ brand_idd: <where it is documented> \} \}/,
    at: 'brand_idd',
  },
  {
    name: 'a follow-up body value for a member the follow-up\'s request body schema does not declare',
    provider: 'omnidesk',
    file: omnidesk,
    edit: (t) => t.replace("          brand_id: '{settings.brand_id}'\n      status: [200]", "          brandId: '{settings.brand_id}'\n      status: [200]"),
    code: 'unknown-provider-field',
    message: /the request body of POST \/customer\/SearchByPrimaryExternalID in specs\/providers\/omnidesk\.yaml declares no member 'brandId'/,
    hint: /did you mean 'brand_id'\?/,
    at: 'brandId',
  },
  {
    name: 'a fixed follow-up body value the follow-up\'s request member does not take',
    provider: 'omnidesk',
    file: omnidesk,
    edit: (t) => t.replace("          brand_id: '{settings.brand_id}'\n      status: [200]", "          brand_id: main\n      status: [200]"),
    code: 'type-mismatch',
    message: /'brand_id' of the customersAdd follow-up request/,
    at: 'main\n      status',
  },
  {
    name: 'vouching for a body member the request body schema declares',
    provider: 'omnidesk',
    file: omnidesk,
    edit: (t) => t.replace('      id: customer.id\n', '      id: customer.id\n      undocumented:\n        body:\n          brand_id: the lookup reference lists it\n'),
    code: 'unknown-provider-field',
    message: /'brand_id' is declared by the request body of POST \/customer\/SearchByPrimaryExternalID .*; it needs no vouching/,
    at: 'brand_id: the lookup',
  },
  {
    name: 'vouching for a body member the request does not send',
    provider: 'omnidesk',
    file: omnidesk,
    edit: (t) => t.replace("        brand_id: '{settings.brand_id}'\n    status: [200]\n    then:", "        brand_id: '{settings.brand_id}'\n    undocumented:\n      body:\n        custom_tier: the custom fields guide\n    status: [200]\n    then:"),
    code: 'unknown-provider-field',
    message: /this request's body sends no value 'custom_tier'/,
    at: 'custom_tier',
  },
  {
    name: 'a `where` on a member the provider record does not have (no record would match)',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('      role: end-user\n    status: [200]\n', '      role: end-user\n    where:\n      rol: end-user\n    status: [200]\n'),
    code: 'unknown-provider-field',
    message: /'rol' is not a member of User in specs\/providers\/zendesk\.yaml, so no record would match/,
    hint: /did you mean 'role'\?/,
    at: 'rol: end-user',
  },
  {
    name: 'a `where` value of another type than the member (compared as JSON, it never matches)',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('      role: end-user\n    status: [200]\n', "      role: end-user\n    where:\n      verified: 'true'\n    status: [200]\n"),
    code: 'type-mismatch',
    message: /'verified' of User is boolean, and "true" is compared as text: no record would match/,
    at: "'true'",
  },
  {
    name: 'a `where` value outside the member\'s enum',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('      role: end-user\n    status: [200]\n', '      role: end-user\n    where:\n      role: customer\n    status: [200]\n'),
    code: 'enum-value',
    message: /"customer" is not a value of 'role' of User/,
    at: 'customer\n',
  },
  {
    name: 'a unified constant of another type than the unified field',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('\nfields:\n', "\nfields:\n  - unified: individual\n    const: 'yes'\n"),
    code: 'type-mismatch',
    message: /"yes" is text, and unified 'individual' is boolean \| null/,
    at: "'yes'",
  },
  {
    name: 'a rate-limit header no answer in the provider document declares',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('  remaining: ratelimit-remaining\n', '  remaining: ratelimit-remainig\n'),
    code: 'unknown-provider-field',
    message: /no answer in specs\/providers\/zendesk\.yaml declares a 'ratelimit-remainig' header/,
    hint: /did you mean 'ratelimit-remaining'\? .*undocumented: \{ ratelimit-remainig: <where it is documented> \}/,
    at: 'ratelimit-remainig',
  },
  {
    name: 'vouching for a rate-limit header the provider document declares',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('  remaining: ratelimit-remaining\n', '  remaining: ratelimit-remaining\n  undocumented:\n    ratelimit-remaining: the rate limits page\n'),
    code: 'unknown-provider-field',
    message: /'ratelimit-remaining' is declared by an answer in specs\/providers\/zendesk\.yaml; it needs no vouching/,
    at: 'ratelimit-remaining: the',
  },
  {
    name: 'vouching for a rate-limit header rate_limit does not read',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('  remaining: ratelimit-remaining\n', '  remaining: ratelimit-remaining\n  undocumented:\n    x-rate-limit: the rate limits page\n'),
    code: 'unknown-provider-field',
    message: /rate_limit reads no header 'x-rate-limit'/,
    at: 'x-rate-limit:',
  },
  {
    name: 'a first page below the minimum of the provider\'s page parameter',
    file: mapping,
    edit: (t) => t.replace('  first_page: 1\n', '  first_page: 0\n'),
    code: 'out-of-range',
    message: /first_page 0 is less than GET \/customers\.json in specs\/providers\/kickserv\.yaml allows in 'customers_page' \(minimum 1\)/,
    hint: /first_page: 1/,
    at: '0\n',
  },
  {
    name: 'a page size cap at an OpenAPI 3.0 exclusive maximum of the provider\'s size parameter (maximum with exclusiveMaximum: true)',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('  max_size: 100\n', '  max_size: 100 \n'),
    also: { file: 'specs/providers/zendesk.yaml', edit: (t) => t.replace('            minimum: 1\n            maximum: 100\n', '            minimum: 1\n            maximum: 100\n            exclusiveMaximum: true\n') },
    code: 'out-of-range',
    message: /max_size 100 is more than GET \/users in specs\/providers\/zendesk\.yaml allows in 'page\[size\]' \(less than 100\)/,
    hint: /max_size: 99/,
    at: '100 \n',
  },
  {
    name: 'no page size cap where an OpenAPI 3.1 exclusiveMaximum of the provider\'s size parameter is below the unified limit',
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('  max_size: 100\n', ''),
    also: { file: 'specs/providers/zendesk.yaml', edit: (t) => t.replace('openapi: 3.0.3', 'openapi: 3.1.0').replace('            minimum: 1\n            maximum: 100\n', '            exclusiveMinimum: 0\n            exclusiveMaximum: 101\n') },
    code: 'out-of-range',
    message: /'page\[size\]' of GET \/users in specs\/providers\/zendesk\.yaml is at most 100, and a unified page asks for up to 200/,
    hint: /max_size: 100/,
    at: 'page[size]\n',
  },
  {
    name: 'a first page at an OpenAPI 3.0 exclusive minimum of the provider\'s page parameter (minimum with exclusiveMinimum: true)',
    file: mapping,
    edit: (t) => t.replace('  first_page: 1\n', '  first_page: 0\n'),
    also: { file: providerSpec, edit: (t) => t.replace('            type: integer\n            minimum: 1\n', '            type: integer\n            minimum: 0\n            exclusiveMinimum: true\n') },
    code: 'out-of-range',
    message: /first_page 0 is less than GET \/customers\.json in specs\/providers\/kickserv\.yaml allows in 'customers_page' \(more than 0\)/,
    hint: /first_page: 1/,
    at: '0\n',
  },
  {
    name: "page paging sending page numbers to a page parameter the provider's document types as text (a token)",
    file: mapping,
    edit: (t) => t.replace('  page_param: customers_page\n', '  page_param: customers_page \n'),
    also: { file: providerSpec, edit: (t) => t.replace('          description: The page to return, from 1.\n          schema:\n            type: integer\n            minimum: 1\n', '          description: The page to return, from 1.\n          schema:\n            type: string\n') },
    code: 'type-mismatch',
    message: /^query parameter 'customers_page' of GET \/customers\.json in specs\/providers\/kickserv\.yaml is string, not a number, and page paging sends it the page number, a number it counts$/,
    hint: /^the provider's customers_page is a string token: use cursor paging with the token taken from the member of the list's answer that holds the next one \(`type: cursor, cursor_param: customers_page, next: <path>`\); if the provider does take digits there, say so in specs\/providers\/kickserv\.yaml/,
    at: 'customers_page \n',
  },
  {
    name: "offset paging sending arithmetic offsets to an offset the provider's document types as text, a token its answer gives back (Asana's offset and next_page.offset)",
    provider: 'omnidesk',
    file: omnidesk,
    edit: (t) => t.replace('  offset_param: itemStart\n', '  offset_param: itemStart \n'),
    also: { file: 'specs/providers/omnidesk.yaml', edit: (t) => t.replace('          schema:\n            type: integer\n            minimum: 0\n            default: 0\n', '          schema:\n            type: string\n').replace('        itemStart:\n          type: integer\n', '        itemStart:\n          type: string\n') },
    code: 'type-mismatch',
    message: /^query parameter 'itemStart' of GET \/customer in specs\/providers\/omnidesk\.yaml is string, not a number, and offset paging sends it the offset of the first record, a number it counts$/,
    hint: /^the provider's itemStart is a string token: use cursor paging with the token taken from 'itemStart' of the list's answer \(`type: cursor, cursor_param: itemStart, next: itemStart, size_param: itemLimit`\)/,
    at: 'itemStart \n',
  },
  {
    name: "offset paging sending its limit to a parameter the provider's document types as text",
    provider: 'omnidesk',
    file: omnidesk,
    edit: (t) => t.replace('  limit_param: itemLimit\n', '  limit_param: itemLimit \n'),
    also: { file: 'specs/providers/omnidesk.yaml', edit: (t) => t.replace('          schema:\n            type: integer\n            minimum: 1\n            maximum: 99\n', '          schema:\n            type: string\n            pattern: ^[0-9a-z]+$\n') },
    code: 'type-mismatch',
    message: /^query parameter 'itemLimit' of GET \/customer in specs\/providers\/omnidesk\.yaml is string, not a number, and offset paging sends it the number of records a page holds, a number it counts$/,
    hint: /^if the provider does take digits there, say so in specs\/providers\/omnidesk\.yaml \(`type: integer`, or a `pattern` of digits such as '\^\[0-9\]\+\$'\)$/,
    at: 'itemLimit \n',
  },
  {
    name: "cursor paging sending its page size to a parameter the provider's document types as text",
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('  size_param: page[size]\n', '  size_param: page[size] \n'),
    also: { file: 'specs/providers/zendesk.yaml', edit: (t) => t.replace('            type: integer\n            minimum: 1\n            maximum: 100\n', '            type: string\n') },
    code: 'type-mismatch',
    message: /^query parameter 'page\[size\]' of GET \/users in specs\/providers\/zendesk\.yaml is string, not a number, and cursor paging sends it the number of records a page holds/,
    at: 'page[size] \n',
  },
  {
    name: "cursor paging sending the answer's text token to a cursor parameter the provider's document types as an integer",
    provider: 'zendesk',
    file: zendesk,
    edit: (t) => t.replace('  cursor_param: page[after]\n', '  cursor_param: page[after] \n'),
    also: { file: 'specs/providers/zendesk.yaml', edit: (t) => t.replace('          description: The `meta.after_cursor` of the previous page.\n          schema:\n            type: string\n', '          description: The `meta.after_cursor` of the previous page.\n          schema:\n            type: integer\n') },
    code: 'type-mismatch',
    message: /^query parameter 'page\[after\]' of GET \/users in specs\/providers\/zendesk\.yaml is integer, and cursor paging sends it the token the answer holds in 'meta\.after_cursor', string/,
    hint: /^a number the provider counts is offset or page paging \(`type: offset, offset_param: page\[after\], limit_param: …`, or `type: page, page_param: page\[after\]`\)/,
    at: 'page[after] \n',
  },
  {
    name: "link paging sending its page size to a parameter the provider's document types as text",
    provider: 'kustomer',
    file: 'mappings/kustomer.yaml',
    edit: (t) => t.replace('  size_param: pageSize\n', '  size_param: pageSize \n'),
    also: { file: 'specs/providers/kustomer.yaml', edit: (t) => t.replace('          schema:\n            type: integer\n            minimum: 1\n            maximum: 100\n      responses:', '          schema:\n            type: string\n      responses:') },
    code: 'type-mismatch',
    message: /^query parameter 'pageSize' of GET \/customers in specs\/providers\/kustomer\.yaml is string, not a number, and link paging sends it the number of records a page holds/,
    at: 'pageSize \n',
  },
  {
    name: 'a connection header that a sign-in method also sends (one header, two values)',
    file: mapping,
    edit: (t) => t.replace('\n  auth:\n', '\n  headers:\n    Authorization: Token abc123\n  auth:\n'),
    code: 'duplicate-target',
    message: /header 'Authorization' is also sent by sign-in method 1 \(basic\): one header, two values/,
    hint: /drop it here/,
    at: 'Authorization',
  },
  {
    name: 'query parameter the provider operation does not declare, at its key',
    file: mapping,
    edit: (t) => t.replace('    path: /customers.json\n    status: [200]\n    records', '    path: /customers.json\n    query:\n      rolez: end-user\n    status: [200]\n    records'),
    code: 'unknown-provider-parameter',
    message: /GET \/customers\.json in specs\/providers\/kickserv\.yaml declares no query parameter 'rolez'/,
    at: 'rolez',
  },
  {
    name: 'header the provider operation does not declare, at its key',
    file: mapping,
    edit: (t) => t.replace('    path: /customers.json\n    status: [200]\n    records', '    path: /customers.json\n    headers:\n      x-rolez: end-user\n    status: [200]\n    records'),
    code: 'unknown-provider-parameter',
    message: /declares no header 'x-rolez'/,
    at: 'x-rolez',
  },
  {
    name: 'a second YAML document in a mapping',
    file: mapping,
    edit: (t) => t.replace('record: Customer\n', 'record: Customer\n---\nrecord: Customer\n'),
    code: 'yaml-syntax',
    message: /^YAML syntax: a mapping is one YAML document; a second one starts here$/,
    hint: /^remove the `---` line and what follows, or move it to its own file$/,
    at: '---',
  },
  {
    name: 'a path through a member that is a single value',
    file: mapping,
    edit: (t) => t.replace('    provider: email_address\n', '    provider: email_address.text\n'),
    code: 'type-mismatch',
    message: /provider 'email_address' is string \| null; it has no fields/,
    hint: /^'email_address' is a value itself: end the path there \('email_address'\)$/,
    at: 'email_address.text',
  },
  {
    name: 'a local $ref without the slash after #',
    file: providerSpec,
    edit: (t) => t.replace("$ref: '#/components/schemas/CustomerList'", "$ref: '#components/schemas/CustomerList'"),
    code: 'broken-ref',
    message: /^\$ref '#components\/schemas\/CustomerList' is a malformed local reference: a JSON pointer after '#' starts with '\/'$/,
    hint: /^did you mean '#\/components\/schemas\/CustomerList'\?$/,
    at: "'#components/schemas/CustomerList'",
  },
  {
    name: 'a $ref to a document by a file URL',
    file: providerSpec,
    edit: (t) => t.replace("$ref: '#/components/schemas/CustomerList'", "$ref: 'file:///srv/vendor/customers.yaml#/CustomerList'"),
    code: 'broken-ref',
    message: /^\$ref 'file:\/\/\/srv\/vendor\/customers\.yaml#\/CustomerList' refers to a document by URL, which the generator does not read$/,
    hint: /^copy it next to this document and refer to it by a relative path \('\.\/customers\.yaml#\/CustomerList'\)/,
    at: "'file:///srv/vendor/customers.yaml#/CustomerList'",
  },
  // The security requirement of each request a mapping sends: the operation's own `security`, else the document's.
  {
    name: "an operation's own `security` no sign-in method meets (Kickserv's list asking for an OAuth token its Basic method is not)",
    file: providerSpec,
    edit: (t) => withSchemes(t, "    oauth: { type: oauth2, flows: { clientCredentials: { tokenUrl: 'https://app.kickserv.com/oauth/token', scopes: {} } } }\n").replace('      operationId: listCustomers\n', '      operationId: listCustomers\n      security: [{ oauth: [] }]\n'),
    reportedIn: mapping,
    code: 'unmet-security',
    message: /^GET \/customers\.json in specs\/providers\/kickserv\.yaml requires oauth \(oauth2\) by its own `security`, and no sign-in method here meets it \(1: Basic sign-in\)$/,
    hint: /^add a sign-in method that sends oauth: `\{ type: bearer, token: '\{credentials\.…\}' \}`$/,
    at: 'customersAll:',
  },
  {
    name: "the document's `security` no sign-in method meets, for every operation without its own (reported once, at connection.auth)",
    file: providerSpec,
    edit: (t) => withSchemes(t, '    oauth: { type: http, scheme: bearer }\n').replace('security:\n  - apiToken: []\n', 'security:\n  - oauth: []\n'),
    reportedIn: mapping,
    code: 'unmet-security',
    message: /^specs\/providers\/kickserv\.yaml requires oauth \(http bearer\) by its top-level `security`, of every operation without its own \(here [A-Z]+ \/customers[^)]* and 2 more\), and no sign-in method here meets it \(1: Basic sign-in\)$/,
    hint: /^add a sign-in method that sends oauth: `\{ type: bearer, token: '\{credentials\.…\}' \}`$/,
    at: 'auth:',
  },
  {
    name: 'a requirement of two schemes at once, of which the sign-in method sends one (a key it could send `with` it)',
    file: providerSpec,
    edit: (t) => withSchemes(t, '    appKey: { type: apiKey, in: header, name: X-App-Key }\n').replace('      operationId: listCustomers\n', '      operationId: listCustomers\n      security: [{ apiToken: [], appKey: [] }]\n'),
    reportedIn: mapping,
    code: 'unmet-security',
    message: /^GET \/customers\.json in specs\/providers\/kickserv\.yaml requires apiToken \(http basic\) and appKey \(apiKey in header 'X-App-Key'\) together by its own `security`, and no sign-in method here meets it \(1: Basic sign-in\)$/,
    hint: /^send appKey with sign-in method 1: `with: \[\{ type: header, name: X-App-Key, value: '\{credentials\.…\}' \}\]`$/,
    at: 'customersAll:',
  },
  {
    name: 'a key sent `with` a sign-in method that no apiKey scheme of the document is',
    file: mapping,
    edit: (t) => t.replace("      password: '{credentials.api_token}'\n", "      password: '{credentials.api_token}'\n      with:\n        - type: header\n          name: X-App-Kee\n          value: '{credentials.api_token}'\n"),
    also: { file: providerSpec, edit: (t) => withSchemes(t, '    appKey: { type: apiKey, in: header, name: X-App-Key }\n') },
    code: 'unknown-provider-parameter',
    message: /^a key in the header 'X-App-Kee' is none of the security schemes specs\/providers\/kickserv\.yaml declares \(apiToken: http basic, appKey: apiKey in header 'X-App-Key'\)$/,
    hint: /^did you mean the header 'X-App-Key'\?/,
    at: 'type: header\n          name: X-App-Kee',
  },
  {
    name: 'a key sent `with` a sign-in method in the header the method sends itself (Authorization beside Basic)',
    file: mapping,
    edit: (t) => t.replace("      password: '{credentials.api_token}'\n", "      password: '{credentials.api_token}'\n      with:\n        - type: header\n          name: authorization\n          value: 'Token {credentials.api_token}'\n"),
    code: 'duplicate-target',
    message: /^header 'authorization' is sent by this sign-in method already: one header, two values$/,
    hint: /^send each key once$/,
    at: 'authorization\n',
  },
  {
    name: "a follow-up request whose own `security` no sign-in method meets is reported at its `then`",
    provider: 'omnidesk',
    file: 'specs/providers/omnidesk.yaml',
    edit: (t) => withSchemes(t, '    token: { type: http, scheme: bearer }\n').replace('      operationId: customerSearchByPrimaryExternalIdPOST\n', '      operationId: customerSearchByPrimaryExternalIdPOST\n      security: [{ token: [] }]\n'),
    reportedIn: omnidesk,
    code: 'unmet-security',
    message: /^POST \/customer\/SearchByPrimaryExternalID in specs\/providers\/omnidesk\.yaml requires token \(http bearer\) by its own `security`, and no sign-in method here meets it \(1: a key in the header 'apiKey'\)$/,
    at: 'then:',
  },
  {
    // Zendesk's mapping signs in with Basic first, then a Bearer token: its list now takes only the second.
    name: "an example that signs an operation in with a method the operation's `security` refuses",
    provider: 'zendesk',
    file: 'specs/providers/zendesk.yaml',
    edit: (t) => t.replace('      operationId: ListUsers\n', '      operationId: ListUsers\n      security: [{ oauthToken: [] }]\n'),
    reportedIn: zendesk,
    code: 'invalid-example',
    message: /^the credentials of example 'lists end users with cursor paging \(page\[size\], meta\.has_more, meta\.after_cursor\)' \(email, api_token\) sign in with none of the methods customersAll takes \(method 2; the provider's `security` for it refuses the others\)$/,
    hint: /^give access_token$/,
    at: 'lists end users with cursor paging',
  },
];

/** A provider document with more security schemes (each a line under `securitySchemes`). */
function withSchemes(text: string, schemes: string): string {
  return text.replace('  securitySchemes:\n', `  securitySchemes:\n${schemes}`);
}

describe('a broken input is reported where it is, and nothing is written', () => {
  itReportsEach(cases, ['kickserv', 'kustomer', 'omnidesk', 'zendesk'], 'kickserv');
});

// The fields are checked against the mapping's `record` schema alone: a `record`/`records` path that reaches something
// else passed every check and read each field from the wrong value. Intercom's own published document.
const intercom = 'mappings/intercom.yaml';
const intercomGet = '    path: /contacts/{id}\n    status: [200]\n    record: $\n';
const recordPaths: BrokenInput[] = [
  {
    name: "a get's `record` that reaches a string member of the record",
    file: intercom,
    edit: (t) => t.replace(intercomGet, intercomGet.replace('record: $', 'record: type')),
    code: 'type-mismatch',
    message: /^'type' is string in the 200 response of GET \/contacts\/\{contact_id\} \(specs\/providers\/intercom\.yaml\), not contact, the record the fields are read from$/,
    hint: /^the answer holds contact as the body itself: `record: \$`$/,
    at: 'type\n  customersAdd:',
  },
  {
    name: "a get's `record` that reaches an object member other than the record",
    file: intercom,
    edit: (t) => t.replace(intercomGet, intercomGet.replace('record: $', 'record: location')),
    code: 'type-mismatch',
    message: /^'location' is contact_location in the 200 response of GET \/contacts\/\{contact_id\} \(specs\/providers\/intercom\.yaml\), not contact, the record the fields are read from \(it has no created_at, email, id, location and 4 more, which the fields read\)$/,
    hint: /^the answer holds contact as the body itself: `record: \$`$/,
    at: 'location\n  customersAdd:',
  },
  {
    name: "a list's `records` through an element index, reaching an array of something other than the record",
    file: intercom,
    edit: (t) => t.replace('    records: data\n', '    records: data.0.tags.data\n'),
    code: 'type-mismatch',
    message: /^'data\.0\.tags\.data' is an array of addressable_list in the 200 response of GET \/contacts \(specs\/providers\/intercom\.yaml\), not of contact, the record the fields are read from \(its elements have no created_at, email, location, name and 3 more, which the fields read\)$/,
    hint: /^the answer's array of contact is at 'data': `records: data`$/,
    at: 'data.0.tags.data',
  },
];

describe("`record` and `records` reach the record the fields are read from", () => {
  itReportsEach(recordPaths, ['intercom'], 'intercom');
});

// The connector sends `accept: application/json` and parses JSON: an answer the document declares as something else,
// or without a body, holds nothing the mapping can read, and was not checked at all.
const kickservGet = "          description: The customer.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/CustomerEnvelope'\n";
const answerMedia: BrokenInput[] = [
  {
    name: 'a record read from an answer the document declares as XML only',
    file: providerSpec,
    edit: (t) => t.replace(kickservGet, kickservGet.replace('application/json', 'application/xml')),
    reportedIn: mapping,
    code: 'unknown-provider-field',
    message: /^'customer' is read from a JSON body, and specs\/providers\/kickserv\.yaml declares the 200 response of GET \/customers\/\{customer_number\}\.json as application\/xml only, not JSON \(the connector asks for and parses JSON\)$/,
    hint: /^map a request whose answer the document declares as JSON; or if the provider answers JSON there too \(asked for with `accept: application\/json`\) although its document does not say so, say so with a reason: `undocumented: \{ answer: \{ customer: <where it is documented> \} \}` on this request$/,
    at: 'customer\n  customersAdd:',
  },
  {
    name: 'a record read from an answer the document declares without a body',
    file: providerSpec,
    edit: (t) => t.replace(kickservGet, '          description: The customer.\n'),
    reportedIn: mapping,
    code: 'unknown-provider-field',
    message: /^'customer' is read from a JSON body, and specs\/providers\/kickserv\.yaml declares the 200 response of GET \/customers\/\{customer_number\}\.json without a body$/,
    hint: /^if the provider answers a JSON body there although its document omits it, say so with a reason: `undocumented: \{ answer: \{ customer: <where it is documented> \} \}` on this request$/,
    at: 'customer\n  customersAdd:',
  },
];

describe('what a mapping reads from an answer the document does not declare as JSON is refused', () => {
  itReportsEach(answerMedia, ['kickserv'], 'kickserv');
});

describe("a requirement a sign-in method meets, as OpenAPI reads `security`, generates and signs every operation with the connection's method", () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject({ mappings: ['kickserv'] });
  });
  afterAll(() => project.dispose());

  it.each<[string, (provider: string) => string, (mapping: string) => string, string | undefined]>([
    [
      // Were `[]` read as no requirement of the operation's own, the document's OAuth one would refuse the Basic method.
      '`security: []` on every operation: no sign-in needed, whatever the document asks of the others',
      (t) => withSchemes(t, '    oauth: { type: http, scheme: bearer }\n').replace('security:\n  - apiToken: []\n', 'security:\n  - oauth: []\n').replaceAll('      operationId: ', '      security: []\n      operationId: '),
      (t) => t,
      undefined,
    ],
    [
      'an empty requirement `{}` beside one no method meets: sign-in is optional',
      (t) => withSchemes(t, '    oauth: { type: http, scheme: bearer }\n').replace('      operationId: listCustomers\n', '      operationId: listCustomers\n      security: [{ oauth: [] }, {}]\n'),
      (t) => t,
      undefined,
    ],
    [
      'two schemes at once, the second sent `with` the method, on the same request',
      (t) => withSchemes(t, '    appKey: { type: apiKey, in: header, name: X-App-Key }\n').replace('security:\n  - apiToken: []\n', 'security:\n  - apiToken: []\n    appKey: []\n'),
      (t) =>
        t
          .replace("      password: '{credentials.api_token}'\n", "      password: '{credentials.api_token}'\n      with:\n        - { type: header, name: X-App-Key, value: '{credentials.app_key}' }\n")
          .replace('  credentials:\n    api_token:\n', '  credentials:\n    app_key: {}\n    api_token:\n')
          .replace('      api_token: ks_test_token_123\n', '      api_token: ks_test_token_123\n      app_key: ks_app_key\n')
          // An example says all the method sends, the key sent with it too.
          .replace('              authorization: Basic a3NfdGVzdF90b2tlbl8xMjM6a3NfdGVzdF90b2tlbl8xMjM=\n', '              authorization: Basic a3NfdGVzdF90b2tlbl8xMjM6a3NfdGVzdF90b2tlbl8xMjM=\n              x-app-key: ks_app_key\n'),
      "authHeaders = { authorization: basicAuth((credentials['api_token'] ?? ''), (credentials['api_token'] ?? '')), 'x-app-key': (credentials['app_key'] ?? '') };",
    ],
  ])('%s', async (_, provider, edit, sends) => {
    const [providerText, mappingText] = [await project.read(providerSpec), await project.read(mapping)];
    expect(provider(providerText)).not.toBe(providerText);
    await project.write(providerSpec, provider(providerText));
    await project.write(mapping, edit(mappingText));
    try {
      const result = await generate({ root: project.root, mode: 'none' });
      expect(result.ir.connectors[0]!.signInByOperation).toEqual([]);
      if (sends) expect(result.files.get('kickserv/connector.gen.ts')).toContain(sends);
    } finally {
      await project.write(providerSpec, providerText);
      await project.write(mapping, mappingText);
    }
  });
});

const omnideskSpec = 'specs/providers/omnidesk.yaml';

/** A parameter the provider's document marks required that no part of the request sends: the provider refuses every call. */
const requiredParameters: BrokenInput[] = [
  {
    name: 'a required query parameter of one operation that the mapping never sends',
    file: providerSpec,
    edit: (t) => t.replace('      operationId: getCustomer\n', '      operationId: getCustomer\n      parameters:\n        - { name: fields, in: query, required: true, schema: { type: string } }\n'),
    reportedIn: mapping,
    code: 'required-not-mapped',
    message: /^GET \/customers\/\{customer_number\}\.json in specs\/providers\/kickserv\.yaml requires query parameter 'fields' \(declared at specs\/providers\/kickserv\.yaml:85:11\), and customersOne never sends it$/,
    hint: /^send it on this request: `query: \{ fields: <string> \}`$/,
    at: 'customersOne:',
  },
  {
    name: "a required header declared once by `$ref` on the path item, said where the reference's target is",
    file: providerSpec,
    edit: (t) =>
      t
        .replace('  /customers.json:\n', "  /customers.json:\n    parameters:\n      - $ref: '#/components/parameters/ApiVersion'\n")
        .replace('components:\n', 'components:\n  parameters:\n    ApiVersion: { name: X-Api-Version, in: header, required: true, schema: { type: string, enum: [\'2\'] } }\n'),
    reportedIn: mapping,
    code: 'required-not-mapped',
    message: /^GET \/customers\.json in specs\/providers\/kickserv\.yaml requires header 'X-Api-Version' \(declared at specs\/providers\/kickserv\.yaml:132:17\), and customersAll never sends it$/,
    hint: /^send it on this request: `headers: \{ X-Api-Version: <string> \}`, or `connection: \{ headers: \{ X-Api-Version: '\{settings\.<name>\}' \} \}` to send it on every request$/,
    at: 'customersAll:',
  },
  {
    name: 'a required cookie, which the mapping language cannot send',
    file: providerSpec,
    edit: (t) => t.replace('      operationId: deleteCustomer\n', '      operationId: deleteCustomer\n      parameters:\n        - { name: session, in: cookie, required: true, schema: { type: string } }\n'),
    reportedIn: mapping,
    code: 'required-not-mapped',
    message: /^DELETE \/customers\/\{customer_number\}\.json in specs\/providers\/kickserv\.yaml requires cookie 'session' \(declared at specs\/providers\/kickserv\.yaml:119:11\), and customersDelete never sends it$/,
    hint: /^the mapping language sends no cookies: the provider refuses this request without it; declare the operation `unsupported`$/,
    at: 'customersDelete:',
  },
  {
    name: "a required query parameter of a create's follow-up lookup, said at `then`",
    file: omnideskSpec,
    provider: 'omnidesk',
    edit: (t) => t.replace('      operationId: customerSearchByPrimaryExternalIdPOST\n', '      operationId: customerSearchByPrimaryExternalIdPOST\n      parameters:\n        - { name: brand, in: query, required: true, schema: { type: string } }\n'),
    reportedIn: omnidesk,
    code: 'required-not-mapped',
    message: /^POST \/customer\/SearchByPrimaryExternalID in specs\/providers\/omnidesk\.yaml requires query parameter 'brand' \(declared at specs\/providers\/omnidesk\.yaml:178:11\), and the customersAdd follow-up request never sends it$/,
    hint: /^send it on this request: `then: \{ query: \{ brand: <string> \} \}`$/,
    at: 'then:',
  },
];

describe('a parameter the provider requires is sent, or the request is refused where it is mapped', () => {
  itReportsEach(requiredParameters, ['kickserv', 'omnidesk'], 'kickserv');
});

describe('a required parameter something the mapping writes sends generates', () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject({ mappings: ['kickserv', 'pipedrive'] });
  });
  afterAll(() => project.dispose());

  it.each<[string, string, string, (provider: string) => string]>([
    ['the paging parameter (sent on every page)', 'kickserv', providerSpec, (t) => t.replace('        - name: customers_page\n          in: query\n', '        - name: customers_page\n          in: query\n          required: true\n')],
    // OpenAPI: a header parameter named Authorization, Accept or Content-Type "SHALL be ignored".
    ['an Authorization header, which the sign-in sends', 'kickserv', providerSpec, (t) => t.replace('      operationId: getCustomer\n', '      operationId: getCustomer\n      parameters:\n        - { name: Authorization, in: header, required: true, schema: { type: string } }\n')],
    [
      "the key of an apiKey security scheme, where the requirement's other alternative signs in",
      'kickserv',
      providerSpec,
      (t) =>
        withSchemes(t, '    appKey: { type: apiKey, in: header, name: X-App-Key }\n')
          .replace('security:\n  - apiToken: []\n', 'security:\n  - apiToken: []\n  - appKey: []\n')
          .replace('      operationId: getCustomer\n', '      operationId: getCustomer\n      parameters:\n        - { name: X-App-Key, in: header, required: true, schema: { type: string } }\n'),
    ],
    // The persons list's own (its first use), which the contacts list sends as its owner_id filter.
    ["a list's filter parameter", 'pipedrive', 'specs/providers/pipedrive.yaml', (t) => t.replace("[{ $ref: '#/components/parameters/user_id' }", '[{ name: user_id, in: query, required: true, schema: { type: integer } }')],
  ])('%s', async (_, provider, file, edit) => {
    const original = await project.read(file);
    expect(edit(original)).not.toBe(original);
    await project.write(file, edit(original));
    try {
      await expect(generate({ root: project.root, mode: 'none', providers: [provider] })).resolves.toBeDefined();
    } finally {
      await project.write(file, original);
    }
  });
});

/** `servers` on a path item or an operation override the document's: the one base URL must be among them. */
describe("an operation served elsewhere than the base URL, by its own or its path item's `servers`", () => {
  itReportsEach(
    [
      {
        name: "a path item's servers",
        file: providerSpec,
        edit: (t) => t.replace('  /customers/{customer_number}.json:\n', "  /customers/{customer_number}.json:\n    servers: [{ url: 'https://records.kickserv.example/v9' }]\n"),
        reportedIn: mapping,
        code: 'invalid-template',
        message: /^GET \/customers\/\{customer_number\}\.json in specs\/providers\/kickserv\.yaml is served from https:\/\/records\.kickserv\.example\/v9 \(its path item's `servers`, which override the document's\), not from the base URL https:\/\/app\.kickserv\.com\/\{settings\.account\}$/,
        hint: /^the mapping language sends every request to `connection\.base_url` and cannot send this one elsewhere: declare `customersOne: unsupported`; if the provider serves it at the base URL as well, the document is what to correct \(list the base URL's server in those `servers`\)$/,
        at: '/customers/{id}.json\n    status: [200]\n    record',
      },
      {
        name: "an operation's servers, on the base URL's host but another path",
        file: providerSpec,
        edit: (t) => t.replace('      operationId: createCustomer\n', "      operationId: createCustomer\n      servers: [{ url: 'https://app.kickserv.com/v3/{account}' }]\n"),
        reportedIn: mapping,
        code: 'invalid-template',
        message: /^POST \/customers\.json in specs\/providers\/kickserv\.yaml is served from https:\/\/app\.kickserv\.com\/v3\/\{account\} \(its operation's `servers`, which override the document's\), not from the base URL https:\/\/app\.kickserv\.com\/\{settings\.account\}$/,
        hint: /declare `customersAdd: unsupported`/,
        at: '/customers.json\n    body',
      },
    ],
    ['kickserv'],
    'kickserv',
  );

  it.each<[string, (provider: string) => string]>([
    ["the document's own server, repeated on the path item", (t) => t.replace('  /customers/{customer_number}.json:\n', "  /customers/{customer_number}.json:\n    servers: [{ url: 'https://app.kickserv.com/{account}' }]\n")],
    ['another server beside the one the base URL is on', (t) => t.replace('      operationId: getCustomer\n', "      operationId: getCustomer\n      servers: [{ url: 'https://eu.kickserv.example/{account}' }, { url: 'https://app.kickserv.com/{account}' }]\n")],
  ])('generates with %s', async (_, edit) => {
    const project = await tempProject({ mappings: ['kickserv'] });
    try {
      await project.edit(providerSpec, edit);
      await expect(generate({ root: project.root, mode: 'none', providers: ['kickserv'] })).resolves.toBeDefined();
    } finally {
      await project.dispose();
    }
  });
});

describe('every problem in one run', () => {
  let project: TempProject;

  beforeAll(async () => {
    project = await tempProject({ mappings: ['kickserv'] });
  });
  afterAll(() => project.dispose());

  const run = () =>
    generate({ root: project.root, mode: 'none' }).then(
      () => undefined,
      (caught: unknown) => caught as GenerationError,
    );

  /** The errors generation stops with in `root` (the table's Kickserv project unless said); it must stop. */
  const errorsOf = async (root = project.root) => {
    const error = await generate({ root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(GenerationError);
    return (error as GenerationError).diagnostics;
  };

  it('reports schema errors, reference errors and TODO warnings together, sorted by file and line', async () => {
    const original = await project.read(mapping);
    const edited = original
      .replace('record: Customer', '# TODO: say which version\nrecord: Customer')
      .replace('    path: /customers.json\n    status: [200]\n    records', '    path: /customers.json\n    stauts: [200]\n    records')
      .replace('unified: company_name', 'unified: compnay_name')
      .replace('provider: email_address', 'provider: email_address\n    direction: sideways');
    await project.write(mapping, edited);
    try {
      const error = await run();
      expect(error).toBeInstanceOf(GenerationError);
      const errors = error!.diagnostics.map((d) => `${d.position?.line}:${d.position?.col} ${d.code}`);
      expect(errors).toEqual([
        `${positionOf(edited, 'stauts').line}:${positionOf(edited, 'stauts').col} unknown-key`,
        `${positionOf(edited, 'compnay_name').line}:${positionOf(edited, 'compnay_name').col} unknown-unified-field`,
        `${positionOf(edited, 'sideways').line}:${positionOf(edited, 'sideways').col} schema`,
      ]);
      expect(error!.warnings.map((d) => [d.code, d.position?.line])).toEqual([['todo', positionOf(edited, '# TODO').line]]);
    } finally {
      await project.write(mapping, original);
    }
  });

  it('a problem that follows from a refused part is not reported twice', async () => {
    // `convrt` is refused; without it the date field would also be a type mismatch, which says nothing new.
    await withEdit(project, mapping, (t) => t.replace(/(\n  - unified: created_at\n    provider: \S+\n    )convert:/, '$1convrt:'), async () => {
      const error = await run();
      expect(error!.diagnostics.map((d) => d.code)).toEqual(['unknown-key']);
    });
  });

  // `id: name` on a create: the connector answered the new customer's name as its id, and its suite passed.
  it("a create's id read elsewhere than the records keep theirs is a warning at the id, naming the member the id field line reads; where they agree, nothing is said", async () => {
    const clean = await generate({ root: project.root, mode: 'none' });
    expect(clean.ir.warnings.filter((w) => / reads the new id at /.test(w.message))).toEqual([]);
    await withEdit(project, mapping, (t) => t.replace('    id: customer.customer_number\n', '    id: customer.name\n'), async (edited) => {
      const result = await generate({ root: project.root, mode: 'none' });
      const warnings = result.ir.warnings.filter((w) => / reads the new id at /.test(w.message));
      expect(warnings.map((w) => `${w.message} | ${w.hint}`)).toEqual([
        "customersAdd reads the new id at 'customer.name', but records read their id from 'customer_number' (the `id` field line): a create would answer that value as the id | if the answer holds the record, `id: customer.customer_number`; if the provider answers its new id under another name, nothing is wrong",
      ]);
      expect(warnings[0]!.position).toEqual(positionOf(edited, 'customer.name\n'));
    });
  });

  // A draft's read cases expected only a status: a mapping reading the city as the state passed its whole suite.
  it('field lines that read, with no list or get case saying what it answers (`expect.data`), are a warning at the cases; with one, nothing is said', async () => {
    const untested = (result: Awaited<ReturnType<typeof generate>>) => result.ir.warnings.filter((w) => / do not say what a read answers/.test(w.message));
    expect(untested(await generate({ root: project.root, mode: 'none' }))).toEqual([]);
    // Every `expect.data` block of the list's and the get's cases left out.
    const withoutData = (t: string) => {
      let operation = '';
      let skipping = false;
      return t
        .split('\n')
        .filter((line) => {
          operation = /^      operation: (\w+)$/.exec(line)?.[1] ?? operation;
          if (skipping && /^ {9}/.test(line)) return false;
          skipping = line === '        data:' && (operation === 'customersAll' || operation === 'customersOne');
          return !skipping;
        })
        .join('\n');
    };
    await withEdit(project, mapping, withoutData, async (edited) => {
      const warnings = untested(await generate({ root: project.root, mode: 'none' }));
      expect(warnings.map((w) => `${w.code} | ${w.message} | ${w.hint}`)).toEqual([
        'untested | the example cases of customersAll and customersOne do not say what a read answers (`expect.data`), so the 17 field lines that read are untested by the generated suite: one reading the wrong member passes it | add `expect.data` to a get case: the unified record its answer reads as, written from the provider documentation',
      ]);
      expect(warnings[0]!.position).toEqual(positionOf(edited, 'cases:'));
    });
  });

  // Help Scout's PUT replaces the customer: a partial unified update would clear the rest, and nothing showed it.
  it("an update sent as a PUT its document says replaces the whole record is a warning at the method, quoting the document; one it says changes only what is sent is not", async () => {
    const replacing = (result: Awaited<ReturnType<typeof generate>>) => result.ir.warnings.filter((w) => / replaces the whole record/.test(w.message));
    // Kickserv's document: "Change a customer; only the attributes sent change".
    expect(replacing(await generate({ root: project.root, mode: 'none' }))).toEqual([]);
    await withEdit(project, providerSpec, (t) => t.replace('summary: Change a customer; only the attributes sent change', 'summary: Replace a customer. Attributes not sent are reset to their defaults.'), async () => {
      const warnings = replacing(await generate({ root: project.root, mode: 'none' }));
      expect(warnings.map((w) => `${w.message} | ${w.hint}`)).toEqual([
        'PUT /customers/{customer_number}.json replaces the whole record, as specs/providers/kickserv.yaml says ("Replace a customer."), while a unified update sends only the fields it is given: every other member would be cleared at the provider | if the provider keeps what a PUT leaves out, nothing is wrong; if not, callers must give every field on each update',
      ]);
      expect(warnings[0]!.position).toEqual(positionOf(await project.read(mapping), 'PUT\n    path: /customers/{id}.json'));
    });
    await withEdit(project, providerSpec, (t) => t.replace('summary: Change a customer; only the attributes sent change', 'summary: Update a customer. Any attribute not included in the request is set to null.'), async () => {
      expect(replacing(await generate({ root: project.root, mode: 'none' })).map((w) => w.message)).toEqual([expect.stringContaining('("Any attribute not included in the request is set to null.")')]);
    });
  });

  // A misspelt declaration read as an error at each use, and once more as an example lacking the declared name.
  it('a credential or setting declared under another spelling than its uses is one error, at the declaration, naming every use', async () => {
    await withEdit(project, mapping, (t) => t.replace('  credentials:\n    api_token:\n', '  credentials:\n    api_tokn:\n'), async (edited) => {
      const errors = await errorsOf();
      // The user name's template, and the password's on the line below it.
      const username = positionOf(edited, "'{credentials.api_token}'\n      password: '{credentials.api_token}'");
      expect(errors.map((e) => `${e.message} | ${e.hint}`)).toEqual([
        `credential 'api_tokn' is declared here, but the mapping uses '{credentials.api_token}' (at ${username.line}:${username.col}, ${username.line + 1}:${username.col}) and never '{credentials.api_tokn}' | spell both alike: rename this declaration to 'api_token', or the uses to '{credentials.api_tokn}'`,
      ]);
      expect(errors[0]!.position).toEqual(positionOf(edited, 'api_tokn:'));
    });
    // One use misspelt: the declaration is used as written elsewhere, so the use is the mistake, said there, and alone:
    // the misspelt name is no credential the examples were expected to give.
    await withEdit(project, mapping, (t) => t.replace("      password: '{credentials.api_token}'\n", "      password: '{credentials.api_tokne}'\n"), async (edited) => {
      const errors = await errorsOf();
      expect(errors.map((e) => `${e.message} | ${e.hint}`)).toEqual(["'{credentials.api_tokne}' is not a declared credential | did you mean '{credentials.api_token}'?"]);
      expect(errors[0]!.position).toEqual(positionOf(edited, "'{credentials.api_tokne}'"));
    });
    // The declared name used as written elsewhere, with the spaces a template may pad its reference with.
    await withEdit(project, mapping, (t) => t.replace("      username: '{credentials.api_token}'\n      password: '{credentials.api_token}'\n", "      username: '{ credentials.api_token }'\n      password: '{credentials.api_tokne}'\n"), async () => {
      const errors = await errorsOf();
      expect(errors.map((e) => e.message)).toEqual(["'{credentials.api_tokne}' is not a declared credential"]);
    });
    // A setting the operations use (Omnidesk's brand, in three request bodies) and the connection does not.
    const omnideskProject = await tempProject({ mappings: ['omnidesk'] });
    try {
      await withEdit(omnideskProject, omnidesk, (t) => t.replace('\n    brand_id:\n', '\n    brand_idd:\n'), async (edited) => {
        const errors = await errorsOf(omnideskProject.root);
        expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^setting 'brand_idd' is declared here, but the mapping uses '\{settings\.brand_id\}' \(at \d+:\d+, \d+:\d+, \d+:\d+\) and never '\{settings\.brand_idd\}'$/)]);
        expect(errors[0]!.position).toEqual(positionOf(edited, 'brand_idd:'));
      });
    } finally {
      await omnideskProject.dispose();
    }
  });

  // The refused operation also read as one not mapped at all: "map it, or declare customersAll: unsupported".
  it('an operation the schema refuses (a path not starting with a slash) is that refusal alone, not also an operation left unmapped', async () => {
    await withEdit(project, mapping, (t) => t.replace('    path: /customers.json\n    status: [200]\n    records', "    path: ''\n    status: [200]\n    records"), async (edited) => {
      const errors = await errorsOf();
      expect(errors.map((e) => e.message)).toEqual([`'operations.customersAll.path' must match pattern "^/"`]);
      expect(errors[0]!.position).toEqual(positionOf(edited, "''\n    status: [200]\n    records"));
    });
  });

  // Zoho's `{ "data": [record] }`: `wrap: data` sent `{ "data": record }`, and nothing said so.
  it("a record wrapped in a member the document declares an array is refused, with `wrap: [member]`, which sends it as the array's one element", async () => {
    const asArray = (t: string) => t.replace("  CustomerCreateRequest:\n      type: object\n      required:\n        - customer\n      properties:\n        customer:\n          $ref: '#/components/schemas/CustomerCreate'", "  CustomerCreateRequest:\n      type: object\n      required:\n        - customer\n      properties:\n        customer:\n          type: array\n          items:\n            $ref: '#/components/schemas/CustomerCreate'");
    const original = await project.read(providerSpec);
    await project.write(providerSpec, asArray(original));
    try {
      const errors = await errorsOf();
      expect(errors.map((e) => `${e.message} | ${e.hint}`)).toEqual([
        "'customer' of the customersAdd request body in specs/providers/kickserv.yaml is an array: the record wrapped in it as an object is not what the provider takes | send the record as its one element: `wrap: [customer]`",
      ]);
      expect(errors[0]!.position).toEqual(positionOf(await project.read(mapping), 'customer\n    # Kickserv answers 200'));
      await withEdit(project, mapping, (t) => t.replace('      wrap: customer\n    # Kickserv answers 200', '      wrap: [customer]\n    # Kickserv answers 200'), async () => {
        const result = await generate({ root: project.root, mode: 'none' });
        expect(result.ir.connectors.find((c) => c.service === 'kickserv')!.operations.find((o) => o.id === 'customersAdd')).toMatchObject({ body: { wrap: 'customer', wrapInList: true } });
        const connector = result.files.get('kickserv/connector.gen.ts')!;
        expect(connector).toContain('const sent = { customer: [record] };');
        expect(connector).toContain('const sent = { customer: record };');
      });
    } finally {
      await project.write(providerSpec, original);
    }
    // And the other way: a list of one where the member is the record itself.
    await withEdit(project, mapping, (t) => t.replace('      wrap: customer\n    # Kickserv answers 200', '      wrap: [customer]\n    # Kickserv answers 200'), async () => {
      expect((await errorsOf()).map((e) => `${e.message} | ${e.hint}`)).toEqual([
        "'customer' of the customersAdd request body in specs/providers/kickserv.yaml is an object, not an array: the record cannot be its one element | wrap the record in it as it is: `wrap: customer`",
      ]);
    });
  });

  // Zoho CRM's collection is the base URL (`/crm/v8/{module}`): `path: /` sent `…/Contacts/`, which the document
  // does not have, and examples written with the documented path were matched to no request, so none was checked.
  it('`path: /` is the base URL itself: sent without a trailing slash where the document has none, and its examples are checked', async () => {
    const kustomer = await tempProject({ mappings: ['kustomer'] });
    try {
      const file = 'mappings/kustomer.yaml';
      await kustomer.edit(file, (t) => t.replace('base_url: https://{settings.host}/v1\n', 'base_url: https://{settings.host}/v1/customers\n').replaceAll('    path: /customers/{id}\n', '    path: /{id}\n').replaceAll('    path: /customers\n', '    path: /\n'));
      const result = await generate({ root: kustomer.root, mode: 'none' });
      const connector = result.files.get('kustomer/connector.gen.ts')!;
      expect(connector).toContain("context.send('customersAll', { method: 'GET', path: '',");
      expect(connector).toContain("context.sendCreate('customersAdd', { method: 'POST', path: '',");
      expect(connector).toContain("context.send('customersOne', { method: 'GET', path: '/' + pathSegment(id) }");
      // An example of the list at the documented path, answering a status the document does not declare, is refused.
      const edited = (await kustomer.read(file)).replace(/(            path: \/v1\/customers\n(?:.*\n)*?          response:\n            status: )200/, '$1203');
      await kustomer.write(file, edited);
      expect((await errorsOf(kustomer.root)).map((d) => d.message)).toEqual([expect.stringMatching(/^the example answers 203, and GET \/customers in specs\/providers\/kustomer\.yaml declares no 203 answer/)]);
    } finally {
      await kustomer.dispose();
    }
  });

  it('a mapping may leave out settings it does not have', async () => {
    const zendesk = await tempProject({ mappings: ['zendesk'] });
    try {
      const file = 'mappings/zendesk.yaml';
      const edited = (await zendesk.read(file))
        .replace('https://{settings.subdomain}.zendesk.com/api/v2', 'https://example.zendesk.com/api/v2')
        .replace(/\n  settings:\n    subdomain:\n(?: {6}.*\n)+/, '\n')
        .replace(/\n    settings:\n      subdomain: .*\n/, '\n');
      expect(edited).not.toMatch(/settings/);
      await zendesk.write(file, edited);
      await expect(generate({ root: zendesk.root, mode: 'none' })).resolves.toBeDefined();
    } finally {
      await zendesk.dispose();
    }
  });
});

describe("a list's sort values, each field with each direction, against the provider's sort parameter", () => {
  const pipedrive = 'mappings/crm/pipedrive.yaml';
  const spec = 'specs/providers/pipedrive.yaml';
  const sortSchema = (schema: string) => (t: string) => t.replace('      schema: { type: string }\n  schemas:\n', () => `      schema: ${schema}\n  schemas:\n`);
  const sorts: BrokenInput[] = [
    {
      name: 'a direction no sort value built with it fits (the parameter\'s pattern)',
      file: pipedrive,
      edit: (t) => t.replace('          directions: { asc: ASC, desc: DESC }\n', '          directions: { asc: ASCENDING, desc: DESC }\n'),
      also: { file: spec, edit: sortSchema("{ type: string, pattern: '^[a-z_]+ (ASC|DESC)$' }") },
      code: 'type-mismatch',
      message: /^"name ASCENDING" does not fit query parameter 'sort' of GET \/persons: must match .* \(the sort by name, asc\)$/,
      at: 'ASCENDING',
    },
    {
      name: 'a field no sort value built with it fits (the parameter\'s enum)',
      file: pipedrive,
      edit: (t) => t.replace('            updated_at: update_time\n', '            updated_at: updated_time\n'),
      also: { file: spec, edit: sortSchema("{ type: string, enum: ['name ASC', 'name DESC', 'first_name ASC', 'first_name DESC', 'last_name ASC', 'last_name DESC', 'add_time ASC', 'add_time DESC', 'update_time ASC', 'update_time DESC'] }") },
      code: 'enum-value',
      message: /^"updated_time ASC" is not a value of query parameter 'sort' of GET \/persons \(the sort by updated_at\)$/,
      hint: /did you mean 'update_time ASC'\?/,
      at: 'updated_time',
    },
  ];
  itReportsEach(sorts, ['pipedrive'], 'pipedrive');
});

/**
 * A `style: deepObject` query parameter (Apideck's `filter` and `sort`) is
 * sent as one `name[member]=value` pair a member: a mapping writes those
 * names, each resolved to the member of the parameter's schema (through
 * `$ref` and `allOf`) and its value held to that member's schema. Before,
 * `sort[by]` was refused as a parameter the document does not declare.
 */
describe("a deepObject query parameter's members, sent as `name[member]`", () => {
  const pipedrive = 'mappings/crm/pipedrive.yaml';
  const spec = 'specs/providers/pipedrive.yaml';
  /** GET /persons takes its sort as a deepObject (`sort[by]`, `sort[direction]`, the schema an allOf of two with a `$ref`), and its owner as `filter[owner]`. */
  const deepObjects = (required = false) => (t: string) =>
    t
      .replace(
        "[{ $ref: '#/components/parameters/user_id' }, { $ref: '#/components/parameters/start' }, { $ref: '#/components/parameters/limit' }, { $ref: '#/components/parameters/sort' }]",
        "[{ $ref: '#/components/parameters/start' }, { $ref: '#/components/parameters/limit' }, { $ref: '#/components/parameters/personSort' }, { $ref: '#/components/parameters/personFilter' }, { $ref: '#/components/parameters/user_id' }]",
      )
      .replace(
        '\n  schemas:\n',
        `\n    personSort: { name: sort, in: query, style: deepObject, explode: true, schema: { $ref: '#/components/schemas/PersonSort' } }\n    personFilter: { name: filter, in: query, required: ${required}, style: deepObject, explode: true, schema: { type: object, properties: { owner: { type: integer }, added: { type: object, properties: { since: { type: string, format: date-time } } } }, additionalProperties: false } }\n  schemas:\n    PersonSort:\n      allOf:\n        - { type: object, properties: { by: { type: string, enum: [name, first_name, last_name, add_time, update_time] } } }\n        - { type: object, properties: { direction: { $ref: '#/components/schemas/SortDirection' } } }\n    SortDirection: { type: string, enum: [ASC, DESC] }\n`,
      );
  const deepMapping = (t: string) => t.replace("          query:\n            sort: '{field} {direction}'\n      contactsOne:", "          query:\n            sort[by]: '{field}'\n            sort[direction]: '{direction}'\n      contactsOne:").replace('          owner_id: user_id\n', '          owner_id: filter[owner]\n');

  it('generates, sending the members by their bracketed names', async () => {
    const project = await tempProject({ mappings: ['pipedrive'] });
    try {
      await project.edit(spec, deepObjects(true));
      await project.edit(pipedrive, (t) => deepMapping(t).replace('          owner_id: filter[owner]\n', "          owner_id: filter[owner]\n        query:\n          filter[added][since]: '2024-01-02T03:04:05Z'\n"));
      // The example exchanges send what the mapping now sends.
      await project.edit(pipedrive, (t) => t.replace("                  user_id: '12'\n                  sort: update_time DESC\n", "                  filter[owner]: '12'\n                  sort[by]: update_time\n                  sort[direction]: DESC\n                  filter[added][since]: '2024-01-02T03:04:05Z'\n"));
      const result = await generate({ root: project.root, mode: 'none', providers: ['pipedrive'] });
      const connector = result.files.get('crm/pipedrive/contacts/connector.gen.ts')!;
      expect(connector).toContain("query: { 'sort[by]': '{field}', 'sort[direction]': '{direction}' }");
      expect(connector).toContain("'filter[owner]'");
      expect(connector).toContain("'filter[added][since]': '2024-01-02T03:04:05Z'");
    } finally {
      await project.dispose();
    }
  });

  const deep: BrokenInput[] = [
    {
      name: "a sort direction the member's enum (through `allOf` and `$ref`) does not take",
      file: pipedrive,
      edit: (t) => deepMapping(t).replace('          directions: { asc: ASC, desc: DESC }\n          query:\n            sort[by]', '          directions: { asc: ASCENDING, desc: DESC }\n          query:\n            sort[by]'),
      also: { file: spec, edit: deepObjects() },
      code: 'enum-value',
      message: exactly(`"ASCENDING" is not a value of query parameter 'sort[direction]' of GET /persons (the sort by name, asc)`),
      hint: exactly('values: ASC, DESC'),
      at: 'ASCENDING',
    },
    {
      name: 'a member the parameter\'s schema does not declare, with the one meant',
      file: pipedrive,
      edit: (t) => deepMapping(t).replace("            sort[direction]: '{direction}'\n", "            sort[dir]: '{direction}'\n"),
      also: { file: spec, edit: deepObjects() },
      code: 'unknown-provider-parameter',
      message: exactly("GET /persons in specs/providers/pipedrive.yaml declares no query parameter 'sort[dir]': the deepObject parameter 'sort' has no member 'dir'"),
      hint: exactly("did you mean 'sort[direction]'? If the provider takes it although its document omits it, say so with a reason: `undocumented: { query: { sort[dir]: <where it is documented> } }` on this request"),
      at: 'sort[dir]',
    },
    {
      name: 'a fixed value held to its member\'s schema',
      file: pipedrive,
      edit: (t) => deepMapping(t).replace('        filters:\n          owner_id: filter[owner]\n', '        query:\n          filter[owner]: me\n'),
      also: { file: spec, edit: deepObjects() },
      code: 'type-mismatch',
      message: exactly(`"me" is not an integer, and query parameter 'filter[owner]' of GET /persons is integer`),
      at: 'me\n        sort:',
    },
    {
      name: 'a fixed value of a nested member (`filter[added][since]`)',
      file: pipedrive,
      edit: (t) => deepMapping(t).replace('          owner_id: filter[owner]\n', "          owner_id: filter[owner]\n        query:\n          filter[added][since]: yesterday\n"),
      also: { file: spec, edit: deepObjects() },
      code: 'type-mismatch',
      message: /^"yesterday" does not fit query parameter 'filter\[added\]\[since\]' of GET \/persons: must be an RFC 3339 date-time/,
      at: 'yesterday',
    },
    {
      name: "a member of a parameter that is not a deepObject, saying why",
      file: pipedrive,
      edit: (t) => deepMapping(t).replace('          owner_id: filter[owner]\n', '          owner_id: user_id[eq]\n'),
      also: { file: spec, edit: deepObjects() },
      code: 'unknown-provider-parameter',
      message: exactly("GET /persons in specs/providers/pipedrive.yaml declares no query parameter 'user_id[eq]': its query parameter 'user_id' is style form, which does not send user_id[…] pairs (only `style: deepObject`, exploded, does)"),
      hint: /^send 'user_id' itself\. If the provider takes it/,
      at: 'user_id[eq]',
    },
    {
      name: 'a required deepObject parameter none of whose members the request sends',
      file: pipedrive,
      edit: (t) => deepMapping(t).replace('        filters:\n          owner_id: filter[owner]\n', ''),
      also: { file: spec, edit: deepObjects(true) },
      code: 'required-not-mapped',
      message: /^GET \/persons in specs\/providers\/pipedrive\.yaml requires query parameter 'filter' \(declared at specs\/providers\/pipedrive\.yaml:\d+:\d+\), and contactsAll never sends it$/,
      hint: exactly('send it on this request: `query: { filter[owner]: <integer> }`'),
      at: 'contactsAll:',
    },
  ];
  itReportsEach(deep, ['pipedrive'], 'pipedrive');
});

describe("a unified calendar date (CRM's company birthday) and a provider date-time are told apart", () => {
  const hubspot = 'mappings/crm/hubspot.yaml';
  const website = '        provider: properties.website\n';
  const dates: BrokenInput[] = [
    {
      name: 'a provider date-time read into a unified calendar date as it is',
      file: hubspot,
      edit: (t) => t.replace(website, `${website}      - unified: birthday\n        provider: createdAt\n        direction: read\n`),
      code: 'type-mismatch',
      message: /unified 'birthday' is a calendar date \(format: date, yyyy-MM-dd\) and provider 'createdAt' is a date-time/,
      hint: /add `convert: calendar-date`/,
      at: 'createdAt\n        direction: read\n      - unified: created_at',
    },
    {
      name: "the 'date' converter, which produces a date-time, into a unified calendar date",
      file: hubspot,
      edit: (t) => t.replace(website, `${website}      - unified: birthday\n        provider: createdAt\n        direction: read\n        convert: date\n`),
      code: 'type-mismatch',
      message: /unified 'birthday' is a calendar date \(format: date, yyyy-MM-dd\) and 'date' produces a date-time/,
      hint: /use `convert: calendar-date`/,
      at: 'date\n      - unified: created_at',
    },
  ];
  itReportsEach(dates, ['hubspot'], 'hubspot');
});

describe('a search body and the elements put in it are checked against the search request body schema', () => {
  const hubspot = 'mappings/crm/hubspot.yaml';
  const search: BrokenInput[] = [
    {
      name: 'a misspelt member of the search body',
      file: hubspot,
      edit: (t) => t.replace("            sorts: '{sorts}'\n", "            sortz: '{sorts}'\n"),
      code: 'unknown-provider-field',
      message: /the search body of POST \/crm\/v3\/objects\/contacts\/search in specs\/providers\/hubspot\.yaml has no member 'sortz'/,
      hint: /did you mean 'sorts'\?/,
      at: 'sortz',
    },
    {
      name: 'a filter operator the provider does not take',
      file: hubspot,
      edit: (t) => t.replace('first_name: { field: firstname, operator: EQ }', 'first_name: { field: firstname, operator: EQQ }'),
      code: 'enum-value',
      message: /"EQQ" is not a value of 'operator' of the element of the search body/,
      hint: /did you mean 'EQ'\?/,
      at: 'EQQ',
    },
    {
      name: 'a sort direction the provider does not take',
      file: hubspot,
      edit: (t) => t.replace('directions: { asc: ASCENDING, desc: DESCENDING }', 'directions: { asc: ASC, desc: DESCENDING }'),
      code: 'enum-value',
      message: /"ASC" is not a value of 'direction' of the element of the search body/,
      at: 'ASC,',
    },
    {
      name: 'a misspelt member of the filter element',
      file: hubspot,
      edit: (t) => t.replace("filter: { propertyName: '{field}', operator: '{operator}', value: '{value}' }", "filter: { property: '{field}', operator: '{operator}', value: '{value}' }"),
      code: 'unknown-provider-field',
      message: /the element of the search body of POST \/crm\/v3\/objects\/contacts\/search .* has no member 'property'/,
      hint: /its members: operator, propertyName, value/,
      at: "property: '{field}'",
    },
    {
      name: 'the filters placed where the provider takes a list of something else',
      file: hubspot,
      edit: (t) => t.replace("            filterGroups:\n              - filters: '{filters}'\n", "            filterGroups: '{filters}'\n"),
      code: 'unknown-provider-field',
      message: /the element of the search body .* has no member 'propertyName'/,
      hint: /its members: filters/,
      at: "propertyName: '{field}', operator: '{operator}', value: '{value}' }\n          sort:\n            fields:\n              created_at: createdate\n              updated_at: lastmodifieddate",
    },
    {
      name: 'the filters placed where the provider takes no list',
      file: hubspot,
      edit: (t) => t.replace("            sorts: '{sorts}'\n", "            sorts: '{sorts}'\n            limit: '{filters}'\n"),
      code: 'type-mismatch',
      message: /'\{filters\}' stands for a list, and the search body of POST \/crm\/v3\/objects\/contacts\/search .* takes integer here/,
      at: "'{filters}'\n            properties",
    },
    {
      name: 'a paging parameter the search body does not take',
      file: hubspot,
      edit: (t) => t.replace('      cursor_param: after\n', '      cursor_param: after \n'),
      also: { file: 'specs/providers/hubspot.yaml', edit: (t) => t.replace('        after: { type: string }\n    Error:', '        cursor: { type: string }\n    Error:') },
      code: 'unknown-provider-field',
      message: /a search sends 'after' as a member of its body, and the search body of POST \/crm\/v3\/objects\/contacts\/search .* has no member 'after'/,
      at: 'after \n',
    },
    {
      name: "a page size sent in the search body to a member the search's request body types as text",
      file: hubspot,
      edit: (t) => t.replace('      size_param: limit\n', '      size_param: limit \n'),
      also: { file: 'specs/providers/hubspot.yaml', edit: (t) => t.replace('        limit: { type: integer, maximum: 200 }\n', '        limit: { type: string }\n') },
      code: 'type-mismatch',
      message: /^member 'limit' of the search body of POST \/crm\/v3\/objects\/contacts\/search in specs\/providers\/hubspot\.yaml is string, not a number, and cursor paging sends it the number of records a page holds/,
      at: 'limit \n',
    },
  ];
  itReportsEach(search, ['hubspot'], 'hubspot');
});

describe("an example's absolute next-page link, which the replaying server is not", () => {
  const links: BrokenInput[] = [
    {
      // Front's documentation writes its next links on https://yourCompany.api.frontapp.com; copied as they are, the
      // suite failed with 'a next-page link to another origin' and no line.
      name: "a body link on the provider's own host",
      file: 'mappings/revnue.yaml',
      edit: (t) => t.replace('next: <origin>/api/v2/customer?company=1&page=2', 'next: https://api.revnue.com/api/v2/customer?company=1&page=2'),
      code: 'invalid-example',
      message: /^the next-page link 'https:\/\/api\.revnue\.com\/api\/v2\/customer\?company=1&page=2' is absolute: the generated suite replays this answer from a server of its own, so the connector would refuse the link as another origin$/,
      hint: /^write it as '<origin>\/api\/v2\/customer\?company=1&page=2' \(the replaying server's origin\)$/,
      at: 'https://api.revnue.com/api/v2/customer?company=1&page=2',
    },
  ];
  itReportsEach(links, ['revnue'], 'revnue');
});

/** Kickserv's error answer as a oneOf of two closed alternatives told apart by `kind` (its document declares one open Error). */
const errorChoice = (t: string) =>
  t.replace(
    '    Error:\n      type: object\n      properties:\n        error:\n          type: string\n        errors:\n',
    [
      '    Error:',
      '      oneOf:',
      "        - $ref: '#/components/schemas/Failure'",
      "        - $ref: '#/components/schemas/Invalid'",
      '      discriminator:',
      '        propertyName: kind',
      "        mapping: { missing: '#/components/schemas/Failure', invalid: '#/components/schemas/Invalid' }",
      '    Failure:',
      '      type: object',
      '      additionalProperties: false',
      '      required: [error]',
      '      properties:',
      '        kind: { type: string }',
      '        error: { type: string }',
      '    Invalid:',
      '      type: object',
      '      additionalProperties: false',
      '      required: [errors]',
      '      properties:',
      '        kind: { type: string }',
      '        errors:\n',
    ].join('\n'),
  );
/** Kickserv's document as OpenAPI 3.1, whose schemas are JSON Schema 2020-12 (`patternProperties`, `prefixItems`, `dependentRequired`). */
const openapi31 = (t: string) => t.replace('openapi: 3.0.3\n', 'openapi: 3.1.0\n');

describe("an example's answer, against what the provider's document declares for that operation and status", () => {
  // The generated suite replays these answers as the provider's: one the provider never gives tests a provider that does not exist.
  const answers: BrokenInput[] = [
    {
      name: 'a member a closed schema does not declare (misspelt)',
      file: mapping,
      edit: (t) => t.replace('\n                email_address: sam@ortiz.example\n', '\n                email_adress: sam@ortiz.example\n'),
      also: { file: providerSpec, edit: (t) => t.replace('      description: A Kickserv customer.\n', '      description: A Kickserv customer.\n      additionalProperties: false\n') },
      code: 'unknown-provider-field',
      message: /^the answer's customer\.email_adress is not in the 200 response of GET \/customers\/\{customer_number\}\.json in specs\/providers\/kickserv\.yaml: Customer has no member 'email_adress', and takes no others$/,
      hint: /^did you mean 'email_address'\?$/,
      at: 'email_adress',
    },
    {
      name: 'an id as a string where the document says integer',
      file: mapping,
      edit: (t) => t.replace('                id: 6667791\n                customer_number: 382\n', "                id: 6667791\n                customer_number: '382'\n"),
      code: 'type-mismatch',
      message: /^"382" is a string, and customer\.customer_number of the 200 response of GET \/customers\/\{customer_number\}\.json in specs\/providers\/kickserv\.yaml is integer$/,
      hint: /^write an integer$/,
      at: "'382'\n                name: Samantha Ortiz",
    },
    {
      name: 'a date where the document says date-time',
      file: mapping,
      edit: (t) => t.replace("                  created_at: '2022-05-17T10:04:14-04:00'\n", "                  created_at: '2022-05-17'\n"),
      code: 'type-mismatch',
      message: /^"2022-05-17" does not fit customers\.0\.created_at of the 200 response of GET \/customers\.json in specs\/providers\/kickserv\.yaml: must be an RFC 3339 date-time/,
      hint: /allows there/,
      at: "'2022-05-17'",
    },
    {
      name: 'null where the document does not make the member nullable',
      file: mapping,
      edit: (t) => t.replace('                customer_number: 382\n                name: Samantha Ortiz\n', '                customer_number: 382\n                name: null\n'),
      code: 'type-mismatch',
      message: /^customer\.name of the 200 response of GET \/customers\/\{customer_number\}\.json in specs\/providers\/kickserv\.yaml is string, and null is not one of its values$/,
      hint: /does not make it nullable/,
      at: 'null\n                email_address: sam@ortiz.example',
    },
    {
      name: 'an object where the document says text',
      file: mapping,
      edit: (t) => t.replace('\n                email_address: sam@ortiz.example\n', '\n                email_address: { address: sam@ortiz.example }\n'),
      code: 'type-mismatch',
      message: /^the answer gives an object where customer\.email_address of the 200 response of GET \/customers\/\{customer_number\}\.json in specs\/providers\/kickserv\.yaml is string \| null$/,
      hint: /^write text \(quote it\)$/,
      at: '{ address: sam@ortiz.example }',
    },
    {
      name: 'a success status the operation does not declare',
      file: mapping,
      edit: (t) => t.replace('          response:\n            status: 200\n            body:\n              customer:\n                id: 6667801\n', '          response:\n            status: 201\n            body:\n              customer:\n                id: 6667801\n'),
      code: 'unknown-provider-status',
      message: /^the example answers 201, and POST \/customers\.json in specs\/providers\/kickserv\.yaml declares no 201 answer: the generated suite would replay an answer the provider never gives$/,
      hint: /^it declares 200: answer with it; or if the provider answers 201 although its document omits it, list it in the request's `status` and vouch for it with a reason/,
      at: '201\n            body:\n              customer:\n                id: 6667801',
    },
    {
      name: "an error answer of a declared error status holds a member of the wrong type",
      file: mapping,
      edit: (t) => t.replace('            status: 404\n            body:\n              error: Not Found\n', '            status: 404\n            body:\n              error: 404\n'),
      code: 'type-mismatch',
      message: /^404 is a number, and error of the 404 response of GET \/customers\/\{customer_number\}\.json in specs\/providers\/kickserv\.yaml is string$/,
      hint: /^write text \(quote it\)$/,
      at: '404\n      expect:',
    },
    {
      name: 'an answer mixing the members of two oneOf alternatives, each closed (the closest is the one held to)',
      file: mapping,
      edit: (t) => t.replace('            status: 404\n            body:\n              error: Not Found\n', '            status: 404\n            body:\n              error: Not Found\n              errors: [Not Found]\n'),
      also: { file: providerSpec, edit: errorChoice },
      code: 'unknown-provider-field',
      message: /^the answer's errors is not in the 404 response of GET \/customers\/\{customer_number\}\.json in specs\/providers\/kickserv\.yaml: Failure has no member 'errors', and takes no others \(held to 'Failure', the closest of the 2 alternatives the oneOf at the body allows, as it fits none\)$/,
      hint: /^members of Failure: error, kind$/,
      at: 'errors: [Not Found]',
    },
    {
      name: 'an answer mixing the members of two oneOf alternatives in an allOf member, beside a member the schema shares with both',
      file: mapping,
      edit: (t) => t.replace('            status: 404\n            body:\n              error: Not Found\n', '            status: 404\n            body:\n              status: 404\n              error: Not Found\n              errors: [Not Found]\n'),
      also: { file: providerSpec, edit: (t) => errorChoice(t).replace('    Error:\n      oneOf:\n', '    Error:\n      allOf:\n        - { type: object, properties: { status: { type: integer } } }\n        - $ref: \'#/components/schemas/ErrorChoice\'\n    ErrorChoice:\n      oneOf:\n') },
      code: 'unknown-provider-field',
      message: /^the answer's errors is not in the 404 response of GET \/customers\/\{customer_number\}\.json in specs\/providers\/kickserv\.yaml: Failure has no member 'errors', and takes no others \(held to 'Failure', the closest of the 2 alternatives the oneOf at the body allows, as it fits none\)$/,
      hint: /^members of Failure: error, kind, status$/,
      at: 'errors: [Not Found]',
    },
    {
      name: 'an answer lacking what the alternative its discriminator names requires',
      file: mapping,
      edit: (t) => t.replace('            status: 422\n            body:\n              errors:\n                - Name has already been taken\n', '            status: 422\n            body:\n              kind: invalid\n              error: Name has already been taken\n'),
      also: { file: providerSpec, edit: errorChoice },
      code: 'invalid-example',
      message: /^the answer lacks 'errors', which Invalid requires in the 422 response of POST \/customers\.json in specs\/providers\/kickserv\.yaml \(held to 'Invalid', which its 'kind' "invalid" picks\)$/,
      hint: /^add 'errors' \(array\), as the provider answers$/,
      at: 'body:\n              kind: invalid',
    },
    {
      name: 'a discriminator value that names no alternative',
      file: mapping,
      edit: (t) => t.replace('            status: 404\n            body:\n              error: Not Found\n', '            status: 404\n            body:\n              kind: gone\n              error: Not Found\n'),
      also: { file: providerSpec, edit: errorChoice },
      code: 'enum-value',
      message: /^"gone" names no alternative of the body of the 404 response of GET \/customers\/\{customer_number\}\.json in specs\/providers\/kickserv\.yaml, whose 'kind' says which one a value is$/,
      hint: /^values: missing, invalid$/,
      at: 'gone',
    },
    {
      name: 'more elements than maxItems allows',
      file: mapping,
      edit: (t) => t.replace('              errors:\n                - Name has already been taken\n', '              errors:\n                - Name has already been taken\n                - Name is too long\n'),
      also: { file: providerSpec, edit: (t) => t.replace('        errors:\n          type: array\n', '        errors:\n          type: array\n          maxItems: 1\n') },
      code: 'type-mismatch',
      message: /^the answer gives 2 elements where errors of the 422 response of POST \/customers\.json in specs\/providers\/kickserv\.yaml takes at most 1 \(maxItems: 1\)$/,
      hint: /^give it at most 1 element, as the provider answers$/,
      at: '- Name has already been taken\n                - Name is too long',
    },
    {
      name: 'fewer elements than minItems asks',
      file: mapping,
      edit: (t) => t.replace('              errors:\n                - Name has already been taken\n', '              errors: []\n'),
      also: { file: providerSpec, edit: (t) => t.replace('        errors:\n          type: array\n', '        errors:\n          type: array\n          minItems: 1\n') },
      code: 'type-mismatch',
      message: /^the answer gives 0 elements where errors of the 422 response of POST \/customers\.json in specs\/providers\/kickserv\.yaml takes at least 1 \(minItems: 1\)$/,
      hint: /^give it at least 1 element, as the provider answers$/,
      at: '[]\n      expect:',
    },
    {
      name: 'an element repeated where uniqueItems asks each once',
      file: mapping,
      edit: (t) => t.replace('              errors:\n                - Name has already been taken\n', '              errors:\n                - Name has already been taken\n                - Name is too long\n                - Name has already been taken\n'),
      also: { file: providerSpec, edit: (t) => t.replace('        errors:\n          type: array\n', '        errors:\n          type: array\n          uniqueItems: true\n') },
      code: 'type-mismatch',
      message: /^the answer gives element 2 equal to element 0 where errors of the 422 response of POST \/customers\.json in specs\/providers\/kickserv\.yaml takes each element once \(uniqueItems\)$/,
      hint: /^leave element 2 out, or make it the different element the provider answers$/,
      at: 'Name has already been taken\n      expect',
    },
    {
      name: 'more members than maxProperties allows',
      file: mapping,
      edit: (t) => t.replace('              message: Customer successfully deleted\n', '              message: Customer successfully deleted\n              id: 380\n'),
      also: { file: providerSpec, edit: (t) => t.replace('    DeleteResult:\n      type: object\n', '    DeleteResult:\n      type: object\n      maxProperties: 1\n') },
      code: 'type-mismatch',
      message: /^the answer gives 2 members where the body of the 200 response of DELETE \/customers\/\{customer_number\}\.json in specs\/providers\/kickserv\.yaml takes at most 1 \(maxProperties: 1\)$/,
      hint: /^give it at most 1 member, as the provider answers$/,
      at: 'message: Customer successfully deleted',
    },
    {
      name: 'a value the schema\'s `not` excludes',
      file: mapping,
      edit: (t) => t.replace('              message: Customer successfully deleted\n', '              message: Customer successfully deleted\n              error: none\n'),
      also: { file: providerSpec, edit: (t) => t.replace('    DeleteResult:\n      type: object\n', '    DeleteResult:\n      type: object\n      not: { required: [error] }\n') },
      code: 'type-mismatch',
      message: /^the answer gives an object where the body of the 200 response of DELETE \/customers\/\{customer_number\}\.json in specs\/providers\/kickserv\.yaml takes no value that fits its `not` \(an object with 'error'\)$/,
      hint: /^write a value the provider's document allows there$/,
      at: 'message: Customer successfully deleted',
    },
    {
      name: 'a member present without the one 3.1\'s dependentRequired asks beside it',
      file: mapping,
      edit: (t) => t.replace('                email_address: sam@ortiz.example\n                phone_number: null\n                fax: null\n', '                email_address: sam@ortiz.example\n                fax: null\n'),
      also: { file: providerSpec, edit: (t) => openapi31(t).replace('      description: A Kickserv customer.\n', '      description: A Kickserv customer.\n      dependentRequired: { fax: [phone_number] }\n') },
      code: 'invalid-example',
      message: /^the answer's customer has 'fax' without 'phone_number', which Customer requires beside it in the 200 response of GET \/customers\/\{customer_number\}\.json in specs\/providers\/kickserv\.yaml \(dependentRequired\)$/,
      hint: /^add 'phone_number' \(string \| null\), as the provider answers, or leave 'fax' out$/,
      at: 'fax: null\n                service_address: null\n                service_city: null\n                service_state: null\n                service_zip_code: null\n                service_country: null\n                billing_address: null\n                billing_city: null\n                billing_state: null\n                billing_zip_code: null\n                billing_country: null\n                customer_source_id: null\n                created_at: \'2023-02-01',
    },
    {
      name: 'a member 3.1\'s patternProperties declares, of another type',
      file: mapping,
      edit: (t) => t.replace('                customer_number: 382\n                name: Samantha Ortiz\n', '                customer_number: 382\n                x_color: 5\n                name: Samantha Ortiz\n'),
      also: { file: providerSpec, edit: (t) => openapi31(t).replace('      description: A Kickserv customer.\n', "      description: A Kickserv customer.\n      additionalProperties: false\n      patternProperties: { '^x_': { type: string } }\n") },
      code: 'type-mismatch',
      message: /^5 is a number, and customer\.x_color of the 200 response of GET \/customers\/\{customer_number\}\.json in specs\/providers\/kickserv\.yaml is string$/,
      hint: /^write text \(quote it\)$/,
      at: '5\n                name: Samantha Ortiz',
    },
    {
      name: "an object other than the one 3.1's const allows",
      file: mapping,
      edit: (t) => t.replace('              message: Customer successfully deleted\n', '              message: Customer deleted\n'),
      also: { file: providerSpec, edit: (t) => openapi31(t).replace('    DeleteResult:\n      type: object\n', '    DeleteResult:\n      type: object\n      const: { message: Customer successfully deleted }\n') },
      code: 'enum-value',
      message: /^the answer gives an object that is not a value of the body of the 200 response of DELETE \/customers\/\{customer_number\}\.json in specs\/providers\/kickserv\.yaml$/,
      hint: /^values: \{"message":"Customer successfully deleted"\}$/,
      at: 'message: Customer deleted',
    },
    {
      name: 'a member of an object alternative of a 3.1 type array, of another type',
      file: mapping,
      edit: (t) => t.replace('                customer_number: 382\n                name: Samantha Ortiz\n', '                customer_number: 382\n                name: 5\n'),
      also: { file: providerSpec, edit: (t) => openapi31(t).replace('    Customer:\n      type: object\n', '    Customer:\n      type: [object, string]\n') },
      code: 'type-mismatch',
      message: /^5 is a number, and customer\.name of the 200 response of GET \/customers\/\{customer_number\}\.json in specs\/providers\/kickserv\.yaml is string$/,
      at: '5\n                email_address: sam@ortiz.example\n                phone_number: null',
    },
  ];
  itReportsEach(answers, ['kickserv'], 'kickserv');

  const zendeskAnswers: BrokenInput[] = [
    {
      name: 'a value outside the enum the document declares',
      file: zendesk,
      edit: (t) => t.replace('                  role: end-user\n', '                  role: end-usr\n'),
      code: 'enum-value',
      message: /^"end-usr" is not a value of users\.0\.role of the 200 response of GET \/users in specs\/providers\/zendesk\.yaml$/,
      hint: /^did you mean 'end-user'\? values: end-user, agent, admin$/,
      at: 'end-usr',
    },
    {
      name: 'a header the document declares, of another type',
      file: zendesk,
      edit: (t) => t.replace("              retry-after: '93'\n", "              retry-after: soon\n"),
      code: 'type-mismatch',
      message: /^"soon" is not an integer, and header 'Retry-After' of the 429 response of GET \/users\/\{user_id\} in specs\/providers\/zendesk\.yaml is integer$/,
      hint: /^write an integer$/,
      at: 'soon',
    },
  ];
  itReportsEach(zendeskAnswers, ['zendesk'], 'zendesk');

  const required: BrokenInput[] = [
    {
      name: 'a member the document requires, left out',
      file: 'mappings/crm/hubspot.yaml',
      edit: (t) => t.replace("                      createdAt: '2024-01-10T09:00:00.000Z'\n                      updatedAt: '2024-02-01T10:30:00.000Z'\n", "                      createdAt: '2024-01-10T09:00:00.000Z'\n"),
      code: 'invalid-example',
      message: /^the answer's results\.0 lacks 'updatedAt', which Contact requires in the 200 response of GET \/crm\/v3\/objects\/contacts in specs\/providers\/hubspot\.yaml$/,
      hint: /^add 'updatedAt' \(string \(date-time\)\), as the provider answers$/,
      at: "id: '512'\n                      properties:",
    },
  ];
  itReportsEach(required, ['hubspot'], 'hubspot');

  describe('takes what the document allows, and says as a warning what it accepts only on the document\'s looseness', () => {
    // Each case edits Kickserv's document and examples and builds the IR only (no emit): each fails on a walk that unites
    // alternatives, holds a tuple's first elements to `items`, ignores patternProperties or writeOnly, or exempts formats silently.
    const customer = (members: string) => (t: string) => t.replace('      description: A Kickserv customer.\n      properties:\n', `      description: A Kickserv customer.\n      properties:\n${members}`);
    const answered = (members: string) => (t: string) => t.replace('                customer_number: 382\n                name: Samantha Ortiz\n', `                customer_number: 382\n${members}                name: Samantha Ortiz\n`);
    const where = 'of the 200 response of GET /customers/{customer_number}.json in specs/providers/kickserv.yaml';
    const taken: { name: string; spec: (t: string) => string; answer?: (t: string) => string; warnings: string[] }[] = [
      {
        name: 'the elements of the array alternative of a oneOf they fit, not of the first',
        spec: customer('        tags:\n          oneOf:\n            - { type: array, items: { type: string } }\n            - { type: array, items: { type: object, required: [name], properties: { name: { type: string } } } }\n'),
        answer: answered('                tags: [{ name: vip }]\n'),
        warnings: [],
      },
      {
        name: "a member 3.1's patternProperties declares, in a closed schema",
        spec: (t) => customer('')(openapi31(t)).replace('      description: A Kickserv customer.\n', "      description: A Kickserv customer.\n      additionalProperties: false\n      patternProperties: { '^x_': { type: string } }\n"),
        answer: answered('                x_color: red\n'),
        warnings: [],
      },
      {
        name: "the first elements by 3.1's prefixItems, the rest by items",
        spec: (t) => customer('        location: { type: array, prefixItems: [{ type: number }, { type: number }], items: { type: string } }\n')(openapi31(t)),
        answer: answered('                location: [42.96, -85.67, Grand Rapids]\n'),
        warnings: [],
      },
      {
        name: 'a required member the document makes write-only, which an answer never holds',
        spec: (t) => t.replace('    DeleteResult:\n      type: object\n      properties:\n', '    DeleteResult:\n      type: object\n      required: [message, confirm]\n      properties:\n        confirm: { type: boolean, writeOnly: true }\n'),
        warnings: [],
      },
      {
        name: "a value breaking its format, accepted as the document's own example breaks it too",
        spec: customer('        portal_url: { type: string, format: uri, example: /portal/380 }\n'),
        answer: (t) => answered('                portal_url: /portal/382\n')(t).replace('                  customer_number: 380\n', '                  customer_number: 380\n                  portal_url: https://acme-hvac.kickserv.com/portal/380\n'),
        warnings: [
          `"/portal/382" is not an absolute URI, as customer.portal_url ${where} declares (format: uri); accepted only because the document's own example of it, "/portal/380", is not one either | if the provider answers values like its example, nothing is wrong; if not, write an absolute URI`,
        ],
      },
      {
        name: "a header value breaking its format, accepted as the document's own example breaks it too",
        spec: (t) => t.replace("    Unauthorized:\n      description: Missing or wrong API token.\n", "    Unauthorized:\n      description: Missing or wrong API token.\n      headers:\n        Location:\n          schema: { type: string, format: uri, example: /sign_in }\n"),
        answer: (t) => t.replace('            status: 401\n            body:\n', '            status: 401\n            headers:\n              location: /sign_in?return=380\n            body:\n'),
        warnings: [
          `"/sign_in?return=380" is not an absolute URI, as header 'Location' ${where.replace('200', '401')} declares (format: uri); accepted only because the document's own example of it, "/sign_in", is not one either | if the provider answers values like its example, nothing is wrong; if not, write an absolute URI`,
        ],
      },
      {
        name: 'an answer whose members fit two oneOf alternatives alike',
        spec: (t) =>
          t.replace(
            '    Error:\n      type: object\n      properties:\n        error:\n          type: string\n        errors:\n',
            '    Error:\n      oneOf:\n        - $ref: \'#/components/schemas/Failure\'\n        - $ref: \'#/components/schemas/Notice\'\n    Failure:\n      type: object\n      properties:\n        error: { type: string }\n        code: { type: integer }\n    Notice:\n      type: object\n      properties:\n        error: { type: string }\n        level: { type: string }\n        errors:\n',
          ),
        warnings: ['404', '401'].map(
          (status) =>
            `the answer fits 2 of the alternatives of the body of the ${status} response of GET /customers/{customer_number}.json in specs/providers/kickserv.yaml alike ('Failure', 'Notice'), and the document's oneOf says a value is exactly one of them | give it the members of the one the provider answers with: 'Failure' alone declares 'code'; 'Notice' alone declares 'errors', 'level'`,
        ),
      },
    ];
    let project: TempProject;
    beforeAll(async () => {
      project = await tempProject({ mappings: ['kickserv'] });
    });
    afterAll(() => project.dispose());

    it.each(taken)('$name', async ({ spec, answer, warnings }) => {
      const [specText, mappingText] = [await project.read(providerSpec), await project.read(mapping)];
      try {
        await project.edit(providerSpec, spec);
        if (answer) await project.edit(mapping, answer);
        const ir = await buildIR(defaultLayout(project.root), { providers: ['kickserv'] });
        expect(ir.warnings.filter((w) => w.file === mapping).map((w) => `${w.message} | ${w.hint}`)).toEqual(warnings);
      } finally {
        await project.write(providerSpec, specText);
        await project.write(mapping, mappingText);
      }
    });
  });

  it('understands the placeholders the replaying server fills in, and an error status the document does not list', async () => {
    const project = await tempProject({ mappings: ['kickserv'] });
    try {
      // `<uuid:name>` is a UUID, `<origin>` the replaying server's origin, `<any>` anything: checked as what they become,
      // here in members a closed schema declares with a format.
      await project.edit(providerSpec, (t) =>
        t.replace(
          '      description: A Kickserv customer.\n      properties:\n',
          '      description: A Kickserv customer.\n      additionalProperties: false\n      properties:\n        portal_url: { type: string, format: uri }\n        portal_key: { type: string, format: uuid }\n        portal_visits: { type: integer }\n',
        ),
      );
      await project.edit(mapping, (t) =>
        t
          .replace('                  customer_number: 380\n', '                  customer_number: 380\n                  portal_url: <origin>/portal/380\n                  portal_key: <uuid:portal>\n                  portal_visits: <any>\n')
          // A 500 the document does not declare: nothing to hold its body to.
          .replace('            status: 404\n            body:\n              error: Not Found\n', '            status: 500\n            body:\n              error: 500\n'),
      );
      // Generates: a problem would throw, naming it.
      const result = await generate({ root: project.root, mode: 'none' });
      expect(result.ir.connectors.map((c) => c.service)).toEqual(['kickserv']);
    } finally {
      await project.dispose();
    }
  });

  it('says, as a warning, that a member an open schema lets through is most likely a misspelt one the answer lacks', async () => {
    const project = await tempProject({ mappings: ['kickserv'] });
    try {
      await project.edit(mapping, (t) => t.replace('\n                email_address: sam@ortiz.example\n', '\n                email_adress: sam@ortiz.example\n'));
      const result = await generate({ root: project.root, mode: 'none' });
      const warning = result.ir.warnings.find((w) => w.code === 'unknown-provider-field');
      expect(warning?.message).toBe("the answer's customer.email_adress is not declared by Customer in the 200 response of GET /customers/{customer_number}.json in specs/providers/kickserv.yaml (which takes other members too)");
      expect(warning?.hint).toBe("did you mean 'email_address'? Customer declares it, and this answer lacks it");
      expect(warning?.position).toEqual(positionOf(await project.read(mapping), 'email_adress'));
    } finally {
      await project.dispose();
    }
  });
});

describe("what a mapping says of an example's answer where the provider's document is silent (the acme fixture)", () => {
  const acme = 'mappings/acme.yaml';
  const acmeSpec = 'specs/providers/acme.yaml';
  const withFixture = async (project: TempProject) => {
    await project.write(acmeSpec, await readFile(path.join(repoRoot, 'test/fixtures/acme/provider.yaml'), 'utf8'));
    await project.write(acme, await readFile(path.join(repoRoot, 'test/fixtures/acme/mapping.yaml'), 'utf8'));
  };
  const answers: BrokenInput[] = [
    {
      // The field reading `modified` vouches for it as an integer (`undocumented: { type: integer }`): a closed Person takes it, as that.
      name: 'a member a field vouches for, of another type than it says',
      file: acme,
      edit: (t) => t.replace('                full_name: Charles Babbage\n', '                full_name: Charles Babbage\n                modified: yesterday\n'),
      also: { file: acmeSpec, edit: (t) => t.replace('    Person:\n      type: object\n', '    Person:\n      type: object\n      additionalProperties: false\n') },
      code: 'type-mismatch',
      message: /^"yesterday" is a string, and person\.modified, which the document leaves out and a field vouches for, is integer \| null$/,
      hint: /^write an integer$/,
      at: 'yesterday',
    },
    {
      // `undocumented.answer` vouches that the answer holds the person under `person`: it is held to the record schema.
      name: 'a record under an answer path the mapping vouches for, holding a value its schema does not take',
      file: acme,
      edit: (t) => t.replace('                full_name: Charles Babbage\n                state: gone\n', '                full_name: Charles Babbage\n                state: dead\n'),
      code: 'enum-value',
      message: /^"dead" is not a value of person\.state of Person, which the mapping vouches the 200 response of GET \/people\/\{person_id\} in specs\/providers\/acme\.yaml holds at 'person'$/,
      hint: /values: live, gone, limbo$/,
      at: 'dead',
    },
    {
      // The example's `kind: satellite` is outside the document's enum; the field's `fallback.read` says what such a value reads as.
      name: 'a value outside the enum, at a member whose enum map has no fallback for it',
      file: acme,
      edit: (t) => t.replace('        fallback:\n          read: other\n          write: landline\n', '        enum_unmapped: skip\n'),
      code: 'enum-value',
      message: /^"satellite" is not a value of people\.0\.phones\.1\.kind of the 200 response of GET \/people in specs\/providers\/acme\.yaml$/,
      hint: /values: cell, landline, fax, pager$/,
      at: 'satellite',
    },
  ];
  itReportsEach(answers, [], 'acme', withFixture);

  it('takes a member a field vouches for in a closed schema', async () => {
    const project = await tempProject({ mappings: [] });
    try {
      await withFixture(project);
      await project.edit(acmeSpec, (t) => t.replace('    Person:\n      type: object\n', '    Person:\n      type: object\n      additionalProperties: false\n'));
      await project.edit(acme, (t) => t.replace('                full_name: Charles Babbage\n', '                full_name: Charles Babbage\n                modified: 1700000000\n'));
      const result = await generate({ root: project.root, mode: 'none' });
      expect(result.ir.connectors.map((c) => c.service)).toEqual(['acme']);
    } finally {
      await project.dispose();
    }
  });
});

describe('what the OpenAPI schema refuses inside one operation of a provider document', () => {
  it('is a warning where no mapped operation uses it, and an error where one does', async () => {
    const project = await tempProject({ mappings: ['kickserv'] });
    try {
      // An answer without the description OpenAPI requires, on a path the mapping does not use (DigitalOcean refused a whole document for one).
      await project.edit(providerSpec, (t) => t.replace('\npaths:\n', "\npaths:\n  /unused.json:\n    get:\n      responses:\n        '200': {}\n"));
      const result = await generate({ root: project.root, mode: 'none' });
      expect(result.ir.warnings.map((w) => w.message)).toContain("invalid OpenAPI at #/paths//unused.json/get/responses/200: must have required property 'description'; no mapped operation is affected");
      // The same fault in the operation customersOne sends is the mapping's problem: an error.
      await project.edit(providerSpec, (t) => t.replace("  /unused.json:\n    get:\n      responses:\n        '200': {}\n", '').replace('      operationId: getCustomer\n', '      operationId: getCustomer\n      responsez: {}\n'));
      const error = await generate({ root: project.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught as GenerationError);
      expect(error?.diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/^invalid OpenAPI at #\/paths\/\/customers\/\{customer_number\}\.json\/get: must NOT have additional properties 'responsez'/));
    } finally {
      await project.dispose();
    }
  });
});

describe('faults of a provider document on one line', () => {
  it('are each a warning, not one for the line (a path of two undeclared variables)', async () => {
    const project = await tempProject({ mappings: ['kickserv'] });
    try {
      await project.edit(providerSpec, (t) => t.replace('\npaths:\n', "\npaths:\n  /unused/{a}/{b}.json:\n    get:\n      responses:\n        '200': { description: ok }\n"));
      const result = await generate({ root: project.root, mode: 'none' });
      const undeclared = result.ir.warnings.filter((w) => w.file === providerSpec && w.message.includes('/unused/'));
      expect(undeclared.map((w) => w.message)).toEqual([
        "GET /unused/{a}/{b}.json: path variable '{a}' is not declared as a parameter; no mapped operation is affected",
        "GET /unused/{a}/{b}.json: path variable '{b}' is not declared as a parameter; no mapped operation is affected",
      ]);
      expect(new Set(undeclared.map((w) => w.position?.line)).size).toBe(1);
    } finally {
      await project.dispose();
    }
  });
});

describe('what the OpenAPI schema refuses in a component schema of a provider document', () => {
  it("is a warning where no mapped operation reaches the schema, and an error where one does, named by what is wrong (Gorgias' document gives its schemas' members a `meta` and one a type 'Integer')", async () => {
    const project = await tempProject({ mappings: ['kickserv'] });
    try {
      // A schema nothing the mapping sends refers to; before, it refused the whole document.
      await project.edit(providerSpec, (t) => t.replace('\n  schemas:\n', "\n  schemas:\n    Unused:\n      type: object\n      properties:\n        id: { type: integer, meta: { operators: [eq] } }\n        count: { type: Integer }\n"));
      const result = await generate({ root: project.root, mode: 'none' });
      const warnings = result.ir.warnings.filter((w) => w.file === providerSpec).map((w) => `${w.message} | ${w.hint}`);
      expect(warnings).toEqual([
        "invalid OpenAPI at #/components/schemas/Unused/properties/id: must NOT have additional properties 'meta'; no mapped operation is affected | see https://spec.openapis.org/oas/v3.0.3 for what this object may hold",
        "invalid OpenAPI at #/components/schemas/Unused/properties/count/type: 'Integer' is not one of array, boolean, integer, number, object, string; no mapped operation is affected | did you mean 'integer'?",
      ]);
      // The same fault in the record the connector reads is the mapping's problem: an error at it.
      await project.edit(providerSpec, (t) => t.replace("    Unused:\n      type: object\n      properties:\n        id: { type: integer, meta: { operators: [eq] } }\n        count: { type: Integer }\n", '').replace("          description: Kickserv's internal id (not used in URLs).\n", "          description: Kickserv's internal id (not used in URLs).\n          meta: { operators: [eq] }\n"));
      const error = await generate({ root: project.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught as GenerationError);
      expect(error?.diagnostics.map((d) => d.message)).toEqual(["invalid OpenAPI at #/components/schemas/Customer/properties/id: must NOT have additional properties 'meta'"]);
      expect(error!.diagnostics[0]!.position).toEqual(positionOf(await project.read(providerSpec), 'meta: { operators'));
    } finally {
      await project.dispose();
    }
  });
});

describe('a type the OpenAPI schema refuses in a member a field reads', () => {
  it('is the document\'s error alone: nothing is concluded from it at the mapping (no "the types differ" with a converter to add)', async () => {
    const project = await tempProject({ mappings: ['zendesk'] });
    try {
      await project.edit('specs/providers/zendesk.yaml', (t) => t.replace('        notes:\n          type: string\n          nullable: true\n          description: Any notes', '        notes:\n          type: strin\n          nullable: true\n          description: Any notes'));
      const error = await generate({ root: project.root, mode: 'none', providers: ['zendesk'] }).then(() => undefined, (caught: unknown) => caught as GenerationError);
      expect(error?.diagnostics.map((d) => `${d.file}: ${d.message} | ${d.hint}`)).toEqual(["specs/providers/zendesk.yaml: invalid OpenAPI at #/components/schemas/User/properties/notes/type: 'strin' is not one of array, boolean, integer, number, object, string | did you mean 'string'?"]);
    } finally {
      await project.dispose();
    }
  });
});

describe('what the OpenAPI schema refuses, past the few listed per place', () => {
  it('is counted on the last one listed, so a short list never reads as all there is', async () => {
    const project = await tempProject({ mappings: ['kickserv'] });
    try {
      // Five members OpenAPI does not define on one schema the connector reads: three are listed, two counted.
      const extra = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'].map((name) => `          ${name}: 1\n`).join('');
      await project.edit(providerSpec, (t) => t.replace("          description: Kickserv's internal id (not used in URLs).\n", `          description: Kickserv's internal id (not used in URLs).\n${extra}`));
      const error = await generate({ root: project.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught as GenerationError);
      const messages = error?.diagnostics.map((d) => d.message) ?? [];
      expect(messages).toHaveLength(3);
      expect(messages[2]).toMatch(/ \(and 2 more faults of the OpenAPI schema in components\/schemas\/Customer, not listed\)$/);
    } finally {
      await project.dispose();
    }
  });
});

describe('a hook function the hooks module does not export', () => {
  it('is an error at the field naming it, with the closest export', async () => {
    const project = await tempProject({ mappings: ['zendesk'] });
    try {
      await project.write('mappings/zendesk.hooks.ts', '// Hooks.\nexport function notesOf(user: { notes?: string | null }): string | null {\n  return user.notes ?? null;\n}\n');
      await project.edit('mappings/zendesk.yaml', (t) => t.replace('\nfields:\n', '\nhooks: mappings/zendesk.hooks.ts\n\nfields:\n').replace('    provider: notes\n', '    provider: notes\n    read_with: noteOf\n'));
      const error = await generate({ root: project.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught as GenerationError);
      const problem = error?.diagnostics.find((d) => d.message === "mappings/zendesk.hooks.ts exports no function 'noteOf'");
      expect(problem, error?.message).toBeDefined();
      expect(problem!.hint).toBe("did you mean 'notesOf'?");
      expect(problem!.position).toEqual(positionOf(await project.read('mappings/zendesk.yaml'), 'noteOf'));
    } finally {
      await project.dispose();
    }
  });

  it('reads the names a module exports off its text, not off its comments', () => {
    const text = [
      'export function a() {}',
      'export async function b() {}',
      'export const c = () => 1;',
      'export { d, e as f };',
      '// export function commented() {}',
      '/* export const alsoCommented = 1; */',
      "const url = 'https://example.com'; // export function inComment() {}",
      'function g() {}',
    ].join('\n');
    expect([...exportedNames(text)].sort()).toEqual(['a', 'b', 'c', 'd', 'f']);
  });
});

describe('a suggestion among names equally near', () => {
  it('prefers the one that begins as the typed name does', async () => {
    const pipedrive = await tempProject({ mappings: ['pipedrive'] });
    try {
      const file = 'mappings/crm/pipedrive.yaml';
      // Pipedrive's GET /persons takes both `sort` and `start`, each one edit from `strt`.
      await pipedrive.edit(file, (t) => t.replace('      offset_param: start\n', '      offset_param: strt\n'));
      const error = await generate({ root: pipedrive.root, mode: 'none' }).then(
        () => undefined,
        (caught: unknown) => caught as GenerationError,
      );
      const problem = error?.diagnostics.find((d) => d.message.includes("declares no query parameter 'strt'"));
      expect(problem?.hint).toMatch(/^did you mean 'start'\? /);
    } finally {
      await pipedrive.dispose();
    }
  });
});

describe('the parameters paging may send a number to', () => {
  // What `checkPagingTypes` asks of a page number, offset or size parameter: a number, or text its document says holds digits.
  const schemas: [string, unknown, boolean | undefined][] = [
    ['an integer', { type: 'integer' }, true],
    ['a number', { type: 'number' }, true],
    ['text of format int64 (a count too large for JSON numbers)', { type: 'string', format: 'int64' }, true],
    ['text whose pattern takes digits and refuses letters', { type: 'string', pattern: '^[0-9]+$' }, true],
    ['text whose enum is all digits', { type: 'string', enum: ['10', '25', '50'] }, true],
    ['an integer or null (3.1 type array)', { type: ['integer', 'null'] }, true],
    ['text or an integer', { oneOf: [{ type: 'string' }, { type: 'integer' }] }, true],
    ["bare text (an opaque token: Asana's offset)", { type: 'string' }, false],
    ['text whose pattern takes letters too', { type: 'string', pattern: '^[0-9a-z]+$' }, false],
    ['text whose pattern does not hold the whole value', { type: 'string', pattern: '[0-9]+' }, false],
    ['a boolean', { type: 'boolean' }, false],
    ['text or a boolean', { anyOf: [{ type: 'string' }, { type: 'boolean' }] }, false],
    ['a schema of no type', {}, undefined],
  ];
  it.each(schemas)('%s', (_, schema, holds) => {
    const resolver = new SchemaResolver({ openapi: '3.1.0', components: { schemas: { Parameter: schema } } });
    expect(holdsNumbers(resolver.node(['components', 'schemas', 'Parameter']))).toBe(holds);
  });
});

// A PUT replaces the record, and a body the document requires a member of is refused without it, whatever the method:
// Help Scout's customer overwrite requires firstName, and an update of the notes alone was sent without it.
describe("a member the update's request schema requires", () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    await project.edit('specs/providers/kickserv.yaml', (t) => t.replace('      description: The attributes a create or update accepts.\n', '      description: The attributes a create or update accepts.\n      required: [name]\n'));
  });
  afterAll(() => project.dispose());

  it('is refused when only the create writes it, at the update', async () => {
    await withEdit(project, mapping, (t) => t.replace('  - unified: company_name\n    provider: name\n', '  - unified: company_name\n    provider: name\n    operations: [customersAdd]\n'), async (edited) => {
      const error = await generate({ root: project.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught as GenerationError);
      expect(error).toBeInstanceOf(GenerationError);
      const refused = error!.diagnostics.filter((d) => d.code === 'required-not-mapped');
      expect(refused.map((d) => d.message)).toEqual(["the provider requires 'name' in a customersUpdate request, and nothing writes it"]);
      // At the update's body (its first line, as the create's is reported).
      expect(refused[0]!.position?.line).toBe(positionOf(edited, 'PUT\n    path: /customers/{id}.json\n    body:\n      encoding').line + 3);
    });
  });

  it('is asked of the caller before any request: an update without it is refused, naming the unified field', async () => {
    const result = await generate({ root: project.root, mode: 'write' });
    expect(result.ir.connectors.map((c) => c.service)).toEqual(['kickserv']);
    const { toKickservCustomersUpdateBody } = await project.load<KickservWrites>('generated/kickserv/transformers.gen.ts');
    const issues: { field: string; message: string }[] = [];
    toKickservCustomersUpdateBody({ notes: 'called back' }, issues, {});
    expect(issues).toContainEqual({ field: 'customer.company_name', message: 'is required by Kickserv (name)' });
    const given: typeof issues = [];
    toKickservCustomersUpdateBody({ company_name: 'Acme', notes: 'called back' }, given, {});
    expect(given).toEqual([]);
  });
});

// A unified plain string written to a provider member of a declared format (a URI): any text was sent as it was. (A date or
// date-time the checker refuses at generation, for want of a converter; see the date cases above.)
describe('a request member of a text format the runtime checks', () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject({ mappings: ['kickserv'] });
    const member = '        homepage:\n          type: string\n          format: uri\n';
    await project.edit('specs/providers/kickserv.yaml', (t) =>
      t.replace('      description: A Kickserv customer.\n      properties:\n', `      description: A Kickserv customer.\n      properties:\n${member}`).replace('      description: The attributes a create or update accepts.\n      properties:\n', `      description: The attributes a create or update accepts.\n      properties:\n${member}`),
    );
    await project.edit(mapping, (t) => t.replace('fields:\n', 'fields:\n  - unified: tax_number\n    provider: homepage\n'));
    await generate({ root: project.root, mode: 'write' });
  });
  afterAll(() => project.dispose());

  it('refuses a value outside it before any request, naming the unified field and the format', async () => {
    const { toKickservCustomersUpdateBody } = await project.load<KickservWrites>('generated/kickserv/transformers.gen.ts');
    const refused: { field: string; message: string }[] = [];
    toKickservCustomersUpdateBody({ tax_number: 'next tuesday' }, refused, {});
    expect(refused).toEqual([{ field: 'customer.tax_number', message: 'must be an absolute URI' }]);
    const taken: typeof refused = [];
    expect(toKickservCustomersUpdateBody({ tax_number: 'https://acme.example/' }, taken, {}).homepage).toBe('https://acme.example/');
    expect(taken).toEqual([]);
  });
});

// A link pagination without its `source`: the one fault was reported, then again as a list with no pagination at all.
describe('a pagination block the schema refuses', () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await tempProject({ mappings: ['kustomer'] });
  });
  afterAll(() => project.dispose());

  it('is reported once, where it is, with the values the missing key takes; a list without any pagination is still told so', async () => {
    const kustomer = 'mappings/kustomer.yaml';
    const original = await project.read(kustomer);
    const refuse = async (text: string) => {
      await project.write(kustomer, text);
      const error = await generate({ root: project.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught as GenerationError);
      expect(error).toBeInstanceOf(GenerationError);
      return error!.diagnostics.map((d) => `${d.message} | ${d.hint ?? ''}`);
    };
    try {
      const withoutSource = original.replace('  type: link\n  source: body\n', '  type: link\n');
      expect(withoutSource).not.toBe(original);
      expect(await refuse(withoutSource)).toEqual([`'pagination' is missing required key 'source' | add \`source:\` one of "body", "header"`]);
      const withoutPagination = original.replace(/\npagination:\n(?: {2}.*\n)+/, '\n');
      expect(withoutPagination).not.toContain('\npagination:');
      expect((await refuse(withoutPagination)).some((line) => line.startsWith('customersAll needs a top-level `pagination`'))).toBe(true);
    } finally {
      await project.write(kustomer, original);
    }
  });
});
