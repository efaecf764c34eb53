/**
 * The intermediate representation: everything the emitters need, resolved
 * and checked. Emitters read only this; they never see YAML or OpenAPI.
 */

import type { Diagnostic } from '../diagnostics.js';
import type { SchemaNode } from './schema.js';

export interface GenerationIR {
  /** Each unified API some mapping targets, with its connectors; sorted by output folder (the default API's, '', first). */
  apis: ApiIR[];
  /** Every connector of every API, in the order of `apis`. */
  connectors: ConnectorIR[];
  /** What generates but looks unfinished (a scaffold's TODO left in): printed, never fatal. */
  warnings: Diagnostic[];
}

/** One unified API and the connectors generated for it. */
export interface ApiIR {
  unified: UnifiedIR;
  /** Its resources some connector maps (the only ones generated), sorted by name. */
  resources: UnifiedResource[];
  /** Component schemas those resources reach, by name, sorted. */
  schemas: Map<string, SchemaNode>;
  connectors: ConnectorIR[];
}

// ---- the unified API ------------------------------------------------------------

export type OperationKind = 'list' | 'get' | 'create' | 'update' | 'delete';

export interface UnifiedParam {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: SchemaNode;
  description: string | undefined;
}

export interface UnifiedOperation {
  /** The spec's operationId, also the connector method name. */
  id: string;
  kind: OperationKind;
  /** The `operation` member of the envelope (`all`, `one`, `add`, …). */
  envelopeName: string;
  method: string;
  path: string;
  /** The collection path of its resource (the path itself for lists and creates). */
  collectionPath: string;
  tags: string[];
  summary: string | undefined;
  /** The success status the unified API answers. */
  successStatus: number;
  params: UnifiedParam[];
  /**
   * The path parameter holding the record's id: the variable ending an item path
   * (`id` in /crm/contacts/{id}, `ticket_id` in …/tickets/{ticket_id}); none for lists and creates.
   * Any other path parameter (`collection_id`) names the record's parent, in `params` too.
   */
  idParam: string | undefined;
  /** The request body schema (the record) for creates and updates. */
  requestBody: SchemaNode | undefined;
  /** The component name of the success response schema. */
  responseSchema: string;
}

export interface UnifiedIR {
  /** Project-relative path of the spec. */
  file: string;
  /** The folder below the output folder its files go to ('' for the layout's default API). */
  folder: string;
  title: string;
  version: string;
  server: string;
  /** Every resource of the spec, sorted by name. */
  resources: UnifiedResource[];
  /** Every operation of a resource, sorted by id. */
  operations: UnifiedOperation[];
}

/** A collection of the unified API and the item path below it, with the operations on both. */
export interface UnifiedResource {
  /** The resource name in envelopes (`customers`): the last literal segment of the collection path. */
  name: string;
  collectionPath: string;
  /** The spec's tags of its operations, sorted. */
  tags: string[];
  /** The record's component name (`CustomerSupportCustomer`). */
  recordName: string;
  record: SchemaNode;
  operations: UnifiedOperation[];
  /** Component schemas reachable from its operations, by name, sorted. */
  schemas: Map<string, SchemaNode>;
  /** `x-apideck-weights` of the record's top-level fields. */
  weights: Record<string, string>;
}

// ---- templates and paths ----------------------------------------------------------

/** A string with `{settings.x}`-style references, split into parts. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'settings' | 'credentials'; name: string }
  /** A path parameter of the unified call (a parent's `{path.board_id}`, the record's id under its own name), sent in a query or body value. */
  | { kind: 'path'; name: string }
  | { kind: 'request'; path: string[] }
  | { kind: 'response'; path: string[] }
  /** A header of the first answer (`{response.headers.Location}`). */
  | { kind: 'header'; name: string }
  | { kind: 'uuid' };

export interface Template {
  source: string;
  parts: TemplatePart[];
}

/** A path segment: a member name, optionally selecting array elements. */
export interface PathSegment {
  name: string;
  /** A match value is the text written until resolution types it by its key's schema (`[primary=true]` is a boolean). */
  selector?: { kind: 'match'; key: string; value: string | number | boolean } | { kind: 'index'; index: number };
}

// ---- a connector ------------------------------------------------------------------

export interface SettingIR {
  name: string;
  description: string | undefined;
  required: boolean;
  pattern: string | undefined;
  default: string | undefined;
  example: string | undefined;
  /** A credential masked in the records a connector answers too (see `secret` in mappings/schema.json); never a setting. */
  secret: boolean;
}

/** A sign-in method; `uses` names every credential it reads, its `with` keys' too. */
export type AuthIR = (
  | { type: 'basic'; username: Template; password: Template }
  | { type: 'bearer'; token: Template }
  | { type: 'header'; name: string; value: Template }
  | { type: 'query'; name: string; value: Template }
) & { uses: string[]; with?: AuthKeyIR[] };

/** A key sent with a sign-in method, on the same request. */
export interface AuthKeyIR {
  type: 'header' | 'query';
  name: string;
  value: Template;
}

export type PaginationIR =
  | { type: 'page'; pageParam: string; firstPage: number; sizeParam?: string; maxSize?: number; fixedSize?: number; totalPagesPath?: string[] }
  | { type: 'offset'; offsetParam: string; limitParam: string; maxLimit?: number; start: number; totalPath?: string[]; hasMorePath?: string[] }
  | { type: 'cursor'; cursorParam: string; sizeParam?: string; maxSize?: number; nextPath: string[]; hasMorePath?: string[] }
  | { type: 'link'; source: 'body' | 'header'; nextPath?: string[]; sizeParam?: string; maxSize?: number }
  | { type: 'none' };

export interface BodyIR {
  encoding: 'json' | 'form' | 'multipart' | 'json-patch';
  /**
   * The media type the provider's document declares for the body, sent as its Content-Type where it is not the
   * encoding's own (`application/merge-patch+json`, `application/vnd.api+json` for JSON); undefined for that one.
   */
  mediaType: string | undefined;
  wrap: string | undefined;
  /** `wrap: [key]`: the record is sent as the one element of an array under `wrap`. */
  wrapInList: boolean;
  from: string[] | undefined;
  /** `list`: sent as an array of the one value (`projects: ['{path.project_id}']`). */
  values: { name: string; value: Template; numeric: boolean; list: boolean }[];
  indexed: { member: string; keys: { key: string; pattern: string }[] }[];
  /** `encoding: json-patch`: the operations that set and clear a value, as the provider's document allows them. */
  patch?: PatchOpsIR;
}

/**
 * The JSON Patch operations an update sends: `set` writes a value (`add`
 * where the document allows it, else `replace`), `clear` empties one
 * (`remove` where allowed, else the set operation with null).
 */
export interface PatchOpsIR {
  set: 'add' | 'replace';
  clear: 'add' | 'replace' | 'remove';
}

export interface FollowUpIR {
  method: string;
  /** Path parts: literal text or a template reference. */
  path: Template;
  query: { name: string; value: Template }[];
  body: { encoding: 'json' | 'form' | 'multipart'; values: { name: string; value: Template }[] } | undefined;
  statuses: number[];
  idPath: string[] | undefined;
  /** Answer paths and the values the record found must hold there (compared as text): another record is not the new one. */
  where: { path: string[]; value: Template }[];
}

export interface OperationIR {
  id: string;
  unified: UnifiedOperation;
  method: string;
  /** The path template: text, `{id}` (the unified id) and the unified operation's other path parameters (`{collection_id}`). */
  path: ({ kind: 'text'; text: string } | { kind: 'id' } | { kind: 'param'; name: string })[];
  query: { name: string; value: Template }[];
  headers: { name: string; value: Template }[];
  body: BodyIR | undefined;
  statuses: number[];
  /** Lists: candidate paths of the record array; `[]` is the body itself. */
  recordsPaths: string[][];
  /** The document declares the records member nullable: `null` there is a page without records. */
  recordsNullable: boolean;
  /** The document's own `required` lists leave the records member (or an object above it) out: absent, it is an empty page. */
  recordsOptional: boolean;
  /** Single-record answers: path of the record; `[]` is the body. */
  recordPath: string[] | undefined;
  idPath: string[] | undefined;
  /** Creates whose answer carries the new id in a header (a 201 without a body). */
  idHeader: { name: string; lastSegment: boolean } | undefined;
  where: { key: string; value: string | number | boolean }[];
  /** Lists whose unified operation takes `filter`/`sort`: what the spec defines and what the provider is sent. */
  listFilters: ListFiltersIR | undefined;
  note: string | undefined;
  followUp: FollowUpIR | undefined;
  /** Creates and updates: the provider's request record schema (unwrapped), from its spec. */
  requestSchema: SchemaNode | undefined;
  /** Creates and updates: which values of the unified record the mapping stores; the rest is reported as dropped. */
  stores: StoreNode | undefined;
}

/** A list's `filter[…]` and `sort[…]`: the names the spec defines, and those the mapping sends on (the rest are refused). */
export interface ListFiltersIR {
  known: string[];
  filters: { name: string; query: string }[];
  sortable: string[];
  sort: { fields: { unified: string; provider: string }[]; directions: { asc: string; desc: string }; query: { name: string; value: string }[] } | undefined;
  /** Where the list cannot filter: the search request (a read, sent again safely) a filtered or sorted list becomes. */
  search: SearchIR | undefined;
}

export interface SearchIR {
  method: string;
  /** As the mapping writes it (for docs), and in pieces, a parent's `{board_id}` filled from the call. */
  path: string;
  pieces: ({ kind: 'text'; text: string } | { kind: 'id' } | { kind: 'param'; name: string })[];
  filters: { name: string; field: string; operator: string }[];
  filter: Record<string, string>;
  sort: { fields: { unified: string; provider: string }[]; directions: { asc: string; desc: string }; element: Record<string, string> } | undefined;
  body: Record<string, unknown>;
  /** Paging parameters sent as numbers in the body. */
  numeric: string[];
  /** Parents the body sends as `{path.<name>}` (a string standing alone), each as a number where the body types it one. */
  parents: { name: string; numeric: boolean }[];
}

export type Direction = { read: boolean; write: boolean };

/**
 * What a write stores of a unified value: all of it, some members of an
 * object, or some elements of an array (every one, those selected by a key's
 * values — the first per value, the first untyped one standing for `untyped`
 * when none names it — or the first `upTo`), each stored as `element` says.
 */
export type StoreNode =
  | { kind: 'value' }
  | { kind: 'object'; members: Map<string, StoreNode> }
  | { kind: 'array'; element: StoreNode; every: boolean; key: string | undefined; values: (string | number | boolean)[]; untyped: string | number | boolean | undefined; upTo: number };

export interface EnumMapIR {
  /** provider value → unified value (reads), sorted by provider value. */
  entries: { provider: string | number | boolean; unified: string | null }[];
  /** unified value → provider value (writes), sorted by unified value. */
  writes: { unified: string; provider: string | number | boolean | null }[];
  readFallback: string | null | undefined;
  writeFallback: string | number | boolean | null | undefined;
  /** Unified values with no provider value and no fallback: `reject` them, or `skip` (send nothing). */
  unmapped: 'reject' | 'skip' | undefined;
}

/** Provider-side constraints checked before a request is sent. */
export interface ConstraintsIR {
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  enum?: readonly unknown[];
  /** A string format the runtime checks (src/runtime/formats.ts). */
  format?: string;
}

/** How one write operation's request schema takes a field. */
export interface WriteTargetIR {
  operation: string;
  /** Whether a clear can be sent as null: the request takes null, or a JSON Patch sends it as `remove` of an optional member. */
  nullable: boolean;
  constraints: ConstraintsIR;
}

export interface FieldBase {
  /** Where the declaration is, for messages and docs. */
  origin: { index: number[] };
  direction: Direction;
  /** Write only in these operations (undefined: all writes). */
  operations: string[] | undefined;
  lossy: string | undefined;
  note: string | undefined;
  when: { absent?: PathSegment[]; present?: PathSegment[] } | undefined;
}

/** A unified scalar ↔ a provider scalar. */
export interface ScalarFieldIR extends FieldBase {
  kind: 'scalar';
  unified: PathSegment[];
  unifiedSchema: SchemaNode;
  provider: PathSegment[];
  providerSchema: SchemaNode;
  convert: string | undefined;
  enumMap: EnumMapIR | undefined;
  /** Per write operation: whether the request takes null, and its constraints. */
  writes: WriteTargetIR[];
  /** The value that clears the provider field when it cannot be null (`''`). */
  clearWith: string | number | boolean | null | undefined;
}

/** Two unified scalars ↔ one provider scalar through a two-field converter. */
export interface SplitFieldIR extends FieldBase {
  kind: 'split';
  unified: [PathSegment[], PathSegment[]];
  unifiedSchemas: [SchemaNode, SchemaNode];
  provider: PathSegment[];
  providerSchema: SchemaNode;
  convert: string;
  writes: WriteTargetIR[];
  clearWith: string | number | boolean | null | undefined;
}

/** A fixed unified value on every record read. */
export interface UnifiedConstFieldIR extends FieldBase {
  kind: 'unified-const';
  unified: PathSegment[];
  unifiedSchema: SchemaNode;
  value: string | number | boolean | null;
}

/** A fixed provider value on every write. */
export interface ProviderConstFieldIR extends FieldBase {
  kind: 'provider-const';
  provider: PathSegment[];
  providerSchema: SchemaNode;
  value: Template | number | boolean | null;
  numeric: boolean;
}

/** A unified array ↔ a provider array, element by element. */
export interface ArrayFieldIR extends FieldBase {
  kind: 'array';
  unified: PathSegment[];
  unifiedItem: SchemaNode;
  provider: PathSegment[];
  providerItem: SchemaNode;
  where: { key: string; value: string | number | boolean }[];
  each: FieldIR[];
}

/** Escape hatch: hand-written functions named in the mapping. */
export interface HookFieldIR extends FieldBase {
  kind: 'hook';
  unified: PathSegment[];
  unifiedSchema: SchemaNode;
  provider: PathSegment[] | undefined;
  providerSchema: SchemaNode | undefined;
  readWith: string | undefined;
  writeWith: string | undefined;
}

export type FieldIR = ScalarFieldIR | SplitFieldIR | UnifiedConstFieldIR | ProviderConstFieldIR | ArrayFieldIR | HookFieldIR;

export interface ExampleCaseIR {
  name: string;
  operation: string;
  /** Settings over the shared ones, credentials instead of them (another sign-in method). */
  connection?: { settings?: Record<string, string>; credentials?: Record<string, string> };
  input: unknown;
  exchanges: {
    request: { method: string; path: string; query?: Record<string, string>; headers?: Record<string, string>; body?: unknown };
    response: { status: number; headers?: Record<string, string>; body?: unknown };
  }[];
  expect: { status_code?: number; data?: unknown; meta?: unknown; error?: Record<string, unknown> };
}

export interface ConnectorIR {
  service: string;
  name: string;
  description: string | undefined;
  /** PascalCase stem of type and function names (`Kickserv`). */
  typeStem: string;
  /** Its folder below the output folder (`zendesk`, `crm/hubspot/contacts`). */
  folder: string;
  files: { mapping: string; providerSpec: string; hooks: string | undefined };
  baseUrl: Template;
  settings: SettingIR[];
  credentials: SettingIR[];
  auth: AuthIR[];
  /** The operations that take only some of the sign-in methods (the provider's `security` for them), with those methods' indexes; sorted. */
  signInByOperation: { operation: string; methods: number[] }[];
  headers: { name: string; value: Template }[];
  idempotencyHeader: string | undefined;
  errors: { messagePaths: string[][]; statusTypes: { status: number; type: string }[] };
  rateLimit: { reset?: { header: string; format: 'unix-seconds' | 'unix-ms' | 'seconds' | 'http-date' }; remaining?: string } | undefined;
  pagination: PaginationIR;
  operations: (OperationIR | { id: string; unified: UnifiedOperation; unsupported: true })[];
  /** The unified resource this connector maps. */
  resource: UnifiedResource;
  recordName: string;
  record: SchemaNode;
  fields: FieldIR[];
  /** Provider schemas the generated types need, by name, sorted. */
  providerSchemas: Map<string, SchemaNode>;
  examples: { settings: Record<string, string>; credentials: Record<string, string>; cases: ExampleCaseIR[] } | undefined;
  /** What the mapping vouches for where the provider's document is silent: reported as notes, listed in the README. */
  trusted: Diagnostic[];
  /** Unified fields holding the id of a record of another resource, by unified path, sorted. */
  relations: { field: string; resource: string }[];
}
