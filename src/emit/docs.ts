/**
 * Prose for people: a README per connector and `COVERAGE.md` across all of
 * them (provider × unified field, weighted by the spec's
 * `x-apideck-weights`). Data is computed here; wording lives in `templates/`.
 */

import type { ApiIR, ConnectorIR, GenerationIR, FieldIR, ListFiltersIR, OperationIR, PaginationIR, PathSegment, StoreNode, Template, UnifiedIR, UnifiedResource } from '../ir/model.js';
import { formatPath } from '../ir/paths.js';
import type { SchemaNode } from '../ir/schema.js';
import type { Templates } from '../parse/templates.js';
import { connectorNames, relationsName } from './names.js';
import { header } from './header.js';

function describePaging(p: PaginationIR): string {
  switch (p.type) {
    case 'page':
      return `Page numbers in \`${p.pageParam}\` from ${p.firstPage}${p.sizeParam ? `, page size in \`${p.sizeParam}\`${p.maxSize ? ` (at most ${p.maxSize})` : ''}` : p.fixedSize ? `, ${p.fixedSize} per page` : '; the provider picks the page size, so the list ends at the first empty page'}.`;
    case 'offset':
      return `Offset \`${p.offsetParam}\` (from ${p.start}) and limit \`${p.limitParam}\`${p.maxLimit ? ` (at most ${p.maxLimit}; larger unified pages take several provider requests)` : ''}${p.totalPath ? `; the total is read from \`${p.totalPath.join('.')}\`` : ''}.`;
    case 'cursor':
      return `Provider cursor \`${p.cursorParam}\` from \`${p.nextPath.join('.')}\`${p.hasMorePath ? `, while \`${p.hasMorePath.join('.')}\` is true` : ''}${p.sizeParam ? `; page size in \`${p.sizeParam}\`${p.maxSize ? ` (at most ${p.maxSize})` : ''}` : ''}.`;
    case 'link':
      return `Next-page link from ${p.source === 'header' ? 'the `Link` header' : `\`${(p.nextPath ?? []).join('.')}\``}${p.sizeParam ? `; page size in \`${p.sizeParam}\`${p.maxSize ? ` (at most ${p.maxSize})` : ''}` : ''}; links to another origin are never followed.`;
    case 'none':
      return 'The provider returns the whole list at once; it is served in unified pages of `limit`.';
  }
}

function describeAuth(connector: ConnectorIR): string[] {
  return connector.auth.map((method, index) => {
    const keys = (method.with ?? []).map((key) => (key.type === 'header' ? `header \`${key.name}: ${key.value.source}\`` : `query parameter \`${key.name}=${key.value.source}\` (masked in every reported URL)`));
    const sentWith = keys.length > 0 ? `, with ${keys.join(' and ')}` : '';
    // Where the provider's `security` limits an operation's sign-in, a method says which operations it does not sign.
    const refusing = connector.signInByOperation.filter((o) => !o.methods.includes(index)).map((o) => o.operation);
    const signs = refusing.length > 0 ? `; not for ${refusing.join(', ')} (the provider's \`security\` refuses it there)` : '';
    switch (method.type) {
      case 'basic':
        return `HTTP Basic, user \`${method.username.source}\`, password \`${method.password.source}\`${sentWith}${signs}`;
      case 'bearer':
        return `Bearer token \`${method.token.source}\`${sentWith}${signs}`;
      case 'header':
        return `Header \`${method.name}: ${method.value.source}\`${sentWith}${signs}`;
      case 'query':
        return `Query parameter \`${method.name}=${method.value.source}\` (masked in every reported URL)${sentWith}${signs}`;
    }
  });
}

interface FieldRow {
  unified: string;
  provider: string;
  direction: string;
  how: string;
  note: string;
}

function fieldRows(fields: FieldIR[], unifiedPrefix = '', providerPrefix = ''): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const field of fields) {
    const direction = field.direction.read && field.direction.write ? 'both' : field.direction.read ? 'read' : 'write';
    const note = [field.note?.replace(/\.\s*$/, ''), field.lossy ? `lossy: ${field.lossy}` : undefined, field.operations ? `only in ${field.operations.join(', ')}` : undefined, field.when ? `when ${field.when.absent ? `${formatPath(field.when.absent)} is absent` : `${formatPath(field.when.present!)} is present`}` : undefined].filter(Boolean).join('; ');
    switch (field.kind) {
      case 'scalar':
        rows.push({ unified: unifiedPrefix + formatPath(field.unified), provider: providerPrefix + formatPath(field.provider), direction, how: field.convert ?? (field.enumMap ? `enum map: ${field.enumMap.entries.map((e) => `${String(e.provider)} → ${String(e.unified)}`).join(', ')}` : ''), note });
        break;
      case 'split':
        rows.push({ unified: field.unified.map((u) => unifiedPrefix + formatPath(u)).join(' + '), provider: providerPrefix + formatPath(field.provider), direction, how: field.convert, note });
        break;
      case 'unified-const':
        rows.push({ unified: unifiedPrefix + formatPath(field.unified), provider: '', direction, how: `always ${JSON.stringify(field.value)}`, note });
        break;
      case 'provider-const':
        rows.push({ unified: '', provider: providerPrefix + formatPath(field.provider), direction, how: `always ${typeof field.value === 'object' && field.value !== null ? field.value.source : JSON.stringify(field.value)}`, note });
        break;
      case 'hook':
        rows.push({ unified: unifiedPrefix + formatPath(field.unified), provider: field.provider ? providerPrefix + formatPath(field.provider) : '', direction, how: [field.readWith, field.writeWith].filter(Boolean).map((h) => `hooks.${h}`).join(' / '), note });
        break;
      case 'array':
        rows.push({ unified: `${unifiedPrefix}${formatPath(field.unified)}[]`, provider: `${providerPrefix}${formatPath(field.provider)}[]`, direction, how: field.where.length ? `elements where ${field.where.map((w) => `${w.key} = ${JSON.stringify(w.value)}`).join(', ')}` : 'element by element', note });
        rows.push(...fieldRows(field.each, `${unifiedPrefix}${formatPath(field.unified)}[].`, `${providerPrefix}${formatPath(field.provider)}[].`));
        break;
    }
  }
  return rows;
}

/**
 * What each write leaves out of a unified record, from the IR's store trees:
 * members with no provider field, and arrays of which only some elements
 * (or some of their members) are stored.
 */
export function writeDrops(connector: ConnectorIR, unified: UnifiedIR): { operation: string; members: string; arrays: string }[] {
  const out: { operation: string; members: string; arrays: string }[] = [];
  for (const operation of connector.operations) {
    if ('unsupported' in operation || !operation.stores) continue;
    const members: string[] = [];
    const arrays: string[] = [];
    const walk = (schema: SchemaNode, stored: StoreNode, prefix: string, depth: number) => {
      if (stored.kind === 'value') return;
      if (stored.kind === 'array') {
        const picks = [stored.key !== undefined ? `the first element whose \`${stored.key}\` is ${stored.values.map((v) => `\`${String(v)}\``).join(' or ')}${stored.untyped !== undefined ? ` (or has none)` : ''}` : '', stored.upTo > 0 ? `the first ${stored.upTo === 1 ? 'element' : `${stored.upTo} elements`}` : '']
          .filter(Boolean)
          .join(', and ');
        if (!stored.every) arrays.push(`\`${prefix}[]\`: only ${picks}`);
        if (schema.items) walk(schema.items, stored.element, `${prefix}[]`, depth + 1);
        return;
      }
      for (const [name, member] of schema.properties) {
        if (member.readOnly) continue;
        const inner = stored.members.get(name);
        const path = prefix ? `${prefix}.${name}` : name;
        if (!inner) members.push(`\`${path}\``);
        else if (depth < 3) walk(member, inner, path, depth + 1);
      }
    };
    walk(connector.resource.record, operation.stores, '', 0);
    out.push({ operation: operation.id, members: members.join(', ') || 'nothing', arrays: arrays.join('; ') || '—' });
  }
  return out;
}

export function connectorReadme(connector: ConnectorIR, unified: UnifiedIR, templates: Templates): string {
  const names = connectorNames(connector);
  return templates.connectorReadme({
    header: header([connector.files.mapping, connector.files.providerSpec, unified.file, ...(connector.files.hooks ? [connector.files.hooks] : [])], 'html'),
    name: connector.name,
    service: connector.service,
    description: connector.description ?? '',
    files: connector.files,
    // The README sits in generated/<folder>/: links climb that many folders, and the registry is its API's.
    toRoot: '../'.repeat(connector.folder.split('/').length + 1),
    registry: `generated/${unified.folder ? `${unified.folder}/` : ''}index.gen.ts`,
    factory: names.factory,
    baseUrl: connector.baseUrl.source,
    settings: connector.settings.map((s) => ({ ...s, required: s.required && s.default === undefined ? 'yes' : 'no', default: s.default ?? '', pattern: s.pattern ?? '', description: s.description ?? '' })),
    credentials: connector.credentials.map((s) => ({ ...s, required: s.required ? 'yes' : 'no', description: s.description ?? '' })),
    auth: describeAuth(connector),
    headers: connector.headers.map((h) => ({ name: h.name, value: h.value.source })),
    paging: describePaging(connector.pagination),
    operations: connector.operations.map((operation) =>
      'unsupported' in operation
        ? { id: operation.id, request: 'not supported: ConnectorOperationUnsupportedError', statuses: '', answer: '', note: '' }
        : {
            id: operation.id,
            request: `${operation.method} ${operation.path.map((p) => (p.kind === 'text' ? p.text : p.kind === 'id' ? '{id}' : `{${p.name}}`)).join('') || 'the base URL itself'}${parentsOutsidePath(operation)}${operation.body ? ` (${operation.body.encoding}${operation.body.wrap ? `, wrapped in \`${operation.body.wrap}\`${operation.body.wrapInList ? ' as its one element' : ''}` : ''})` : ''}${operation.followUp ? `, then ${operation.followUp.method} ${operation.followUp.path.source}` : ''}`,
            statuses: operation.statuses.join(', '),
            answer: String(operation.unified.successStatus),
            note: [operation.where.length ? `only records where ${operation.where.map((w) => `${w.key} = ${JSON.stringify(w.value)}`).join(', ')}` : undefined, operation.note?.replace(/\.\s*$/, '')].filter(Boolean).join('; '),
          },
    ),
    fields: fieldRows(connector.fields),
    drops: writeDrops(connector, unified),
    relations: connector.relations,
    relationsName: relationsName(connector),
    filters: connector.operations.flatMap((o) => ('unsupported' in o || !o.listFilters ? [] : [filterSummary(o.id, o.listFilters)])),
    trusted: connector.trusted.map((note) => `${note.message.replace(/; trusted on the mapping's word$/, '')}: ${note.hint ?? ''}`.replace(/[.\s]+$/, '.')),
    examples: connector.examples?.cases.length ?? 0,
  });
}

/** Unified leaf fields with their weight, in spec order: `company_name`, `emails[].email`, … */
function unifiedLeaves(record: SchemaNode): { path: string; weight: string }[] {
  const out: { path: string; weight: string }[] = [];
  const walk = (node: SchemaNode, prefix: string, weights: Record<string, unknown>, depth: number) => {
    for (const [name, child] of node.properties) {
      const inner = child.type === 'array' ? child.items : child;
      const weight = typeof weights[name] === 'string' ? (weights[name] as string) : '';
      if (inner && depth < 2 && (inner.type === 'object' || inner.properties.size > 0)) {
        const innerWeights = (inner.extensions['x-apideck-weights'] ?? {}) as Record<string, unknown>;
        walk(inner, `${prefix}${name}${child.type === 'array' ? '[]' : ''}.`, innerWeights, depth + 1);
      } else out.push({ path: `${prefix}${name}`, weight });
    }
  };
  walk(record, '', (record.extensions['x-apideck-weights'] ?? {}) as Record<string, unknown>, 0);
  return out;
}

/** The unified leaf paths a connector reads and writes (selectors dropped: `emails[type=primary].email` → `emails[].email`). */
function coveredPaths(fields: FieldIR[], prefix = ''): { read: Set<string>; write: Set<string> } {
  const read = new Set<string>();
  const write = new Set<string>();
  const normal = (path: readonly PathSegment[]) => prefix + path.map((s) => (s.selector ? `${s.name}[]` : s.name)).join('.');
  for (const field of fields) {
    const targets: string[] = [];
    if (field.kind === 'split') targets.push(...field.unified.map(normal));
    else if (field.kind === 'array') {
      const inner = coveredPaths(field.each, `${normal(field.unified)}[].`);
      if (field.direction.read) inner.read.forEach((p) => read.add(p));
      if (field.direction.write) inner.write.forEach((p) => write.add(p));
      continue;
    } else if (field.kind !== 'provider-const') targets.push(normal(field.unified));
    for (const target of targets) {
      if (field.direction.read) read.add(target);
      if (field.direction.write) write.add(target);
      // Selected elements carry their selector value, so the selector member is covered too.
      if (field.kind === 'scalar') {
        for (let i = 0; i < field.unified.length; i++) {
          const selector = field.unified[i]!.selector;
          if (selector?.kind === 'match') {
            const path = `${normal(field.unified.slice(0, i + 1))}.${selector.key}`;
            if (field.direction.read) read.add(path);
            if (field.direction.write) write.add(path);
          }
        }
      }
    }
  }
  return { read, write };
}

const weightOrder = ['critical', 'high', 'medium', 'low', 'edge-case', ''];

/** `COVERAGE.md` of a unified API: per resource it generates, what each connector maps of it. */
export function coverageFile(api: ApiIR, templates: Templates): string {
  return api.resources.map((resource, i) => resourceCoverage(api, resource, i === 0, templates)).join('\n');
}

function resourceCoverage(api: ApiIR, resource: UnifiedResource, first: boolean, templates: Templates): string {
  const ir = { unified: api.unified, connectors: api.connectors.filter((c) => c.resource === resource) };
  const leaves = unifiedLeaves(resource.record);
  const covered = ir.connectors.map((c) => ({ connector: c, ...coveredPaths(c.fields) }));
  const rows = leaves.map((leaf) => ({
    path: leaf.path,
    weight: leaf.weight || 'unrated',
    cells: covered.map(({ read, write }) => (read.has(leaf.path) && write.has(leaf.path) ? 'read/write' : read.has(leaf.path) ? 'read' : write.has(leaf.path) ? 'write' : '—')),
  }));
  const byWeight = weightOrder.map((weight) => ({
    weight: weight || 'unrated',
    total: leaves.filter((l) => l.weight === weight).length,
    cells: covered.map(({ read }) => leaves.filter((l) => l.weight === weight && read.has(l.path)).length),
  })).filter((row) => row.total > 0);
  return templates.coverage({
    header: first ? header([api.unified.file, ...[...new Set(api.connectors.map((c) => c.files.mapping))]], 'html') : '',
    title: api.unified.resources.length === 1 ? api.unified.title : `${api.unified.title.replace(/\s*\bAPI$/i, '')} ${resource.name}`,
    record: resource.recordName,
    connectors: ir.connectors.map((c) => ({ service: c.service, name: c.name })),
    operations: resource.operations.map((operation) => ({
      id: operation.id,
      cells: ir.connectors.map((c) => {
        const mapped = c.operations.find((o) => o.id === operation.id);
        return !mapped || 'unsupported' in mapped ? 'unsupported' : 'yes';
      }),
    })),
    rows,
    byWeight,
    drops: ir.connectors.flatMap((c) => writeDrops(c, ir.unified).map((drop) => ({ name: c.name, ...drop }))),
  });
}

/** What a list filters and sorts on, in a few words. */
function filterSummary(id: string, plan: ListFiltersIR): string {
  const filters = plan.filters.length ? plan.filters.map((f) => `\`filter[${f.name}]\` as \`${f.query}\``).join(', ') : 'no filter';
  const sort = plan.sort ? `sorts by ${plan.sort.fields.map((f) => `\`${f.unified}\``).join(', ')}` : 'no sort';
  const search = plan.search
    ? `; given a filter or sort it is a search (${plan.search.method} \`${plan.search.path}\`) on ${plan.search.filters.map((f) => `\`filter[${f.name}]\` (${f.field} ${f.operator})`).join(', ')}${plan.search.sort ? `, sorting by ${plan.search.sort.fields.map((f) => `\`${f.unified}\``).join(', ')}` : ''}`
    : '';
  return `\`${id}\` takes ${filters}, ${sort}${search}`;
}

/** Paging in a few words, for the table of connectors. */
function pagingSummary(p: PaginationIR): string {
  const cap = (max: number | undefined) => (max ? ` (at most ${max})` : '');
  switch (p.type) {
    case 'page':
      return `page numbers \`${p.pageParam}\`${p.sizeParam ? `, size \`${p.sizeParam}\`${cap(p.maxSize)}` : p.fixedSize ? `, ${p.fixedSize} per page` : ', ends at an empty page'}`;
    case 'offset':
      return `offset \`${p.offsetParam}\` and limit \`${p.limitParam}\`${cap(p.maxLimit)}${p.totalPath ? ', with the total' : ''}`;
    case 'cursor':
      return `cursor \`${p.cursorParam}\` from \`${p.nextPath.join('.')}\`${p.hasMorePath ? ` while \`${p.hasMorePath.join('.')}\`` : ''}`;
    case 'link':
      return p.source === 'header' ? '`Link` header' : `next link \`${(p.nextPath ?? []).join('.')}\``;
    case 'none':
      return 'one list';
  }
}

function authSummary(connector: ConnectorIR): string {
  const keys = (method: ConnectorIR['auth'][number]) => (method.with ?? []).map((key) => ` + ${key.type} \`${key.name}\``).join('');
  return connector.auth.map((method) => (method.type === 'header' || method.type === 'query' ? `${method.type} \`${method.name}\`` : method.type) + keys(method)).join(' or ');
}

/** `CONNECTORS.md`: the connectors there are, so no hand-kept list has to follow a new mapping. */
export function connectorsFile(ir: ApiIR, templates: Templates): string {
  return templates.connectors({
    header: header([ir.unified.file, ...[...new Set(ir.connectors.map((c) => c.files.mapping))]], 'html'),
    // The mappings of this API: mappings/*.yaml for the default one, mappings/<api>/*.yaml for the others.
    mappings: `mappings/${ir.unified.folder ? `${ir.unified.folder}/` : ''}*.yaml`,
    connectors: ir.connectors.map((c) => {
      const supported = c.operations.filter((o) => !('unsupported' in o)).length;
      const readme = `${c.folder.slice(ir.unified.folder ? ir.unified.folder.length + 1 : 0)}/README.md`;
      return { service: c.service, readme, name: c.folder.endsWith(`/${c.resource.name}`) ? `${c.name}: ${c.resource.name}` : c.name, operations: `${supported} of ${c.operations.length}`, paging: pagingSummary(c.pagination), auth: authSummary(c) };
    }),
  });
}

/** The prose: what the templates render (no ts-morph needed); with `folders`, only those connectors' READMEs. */
export function emitDocs(ir: GenerationIR, templates: Templates, folders?: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const api of ir.apis) {
    // Each unified API writes to its folder: the default one to the output folder itself.
    const at = (name: string) => (api.unified.folder ? `${api.unified.folder}/${name}` : name);
    for (const connector of api.connectors) if (!folders || folders.includes(connector.folder)) files.set(`${connector.folder}/README.md`, connectorReadme(connector, api.unified, templates));
    files.set(at('COVERAGE.md'), coverageFile(api, templates));
    files.set(at('CONNECTORS.md'), connectorsFile(api, templates));
  }
  return files;
}

/** Where a request sends a parent outside its path (`?board={path.board_id}`, a body member): the query as a query string, the members by name. */
function parentsOutsidePath(operation: OperationIR): string {
  const sends = (template: Template) => template.parts.some((part) => part.kind === 'path');
  const query = operation.query.filter((q) => sends(q.value)).map((q) => `${q.name}=${q.value.source}`);
  const members = (operation.body?.values ?? []).filter((v) => sends(v.value)).map((v) => `${v.name}: ${v.list ? `[${v.value.source}]` : v.value.source}`);
  return `${query.length ? `?${query.join('&')}` : ''}${members.length ? ` with ${members.join(', ')}` : ''}`;
}
