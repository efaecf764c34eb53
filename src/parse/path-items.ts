/**
 * A document's Path Item Objects as OpenAPI reads them: an entry of `paths`
 * may be a `$ref` to a path item declared elsewhere (another path's, or 3.1's
 * `components.pathItems`), which is then that path's item. Everything that
 * reads a path's operations reads them here, with where each is declared,
 * so a message points at the line that declares it.
 */

import { refPointer } from '../ir/schema.js';

type Raw = Record<string, unknown>;
const isRaw = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface PathItem {
  /** The path as `paths` writes it (the referring one, not the target's). */
  template: string;
  /** Its members, those written beside a `$ref` over the ones it names (3.1 leaves the overlap undefined; the nearer is taken). */
  item: Raw;
  /** Where the item's members are declared: the end of its `$ref` chain. */
  pointer: (string | number)[];
  /** Where one member is declared: beside a `$ref`, or in the item it names. */
  memberAt(member: string): (string | number)[];
}

/**
 * The path item at `paths[template]`, its `$ref`s followed (a chain of them
 * too); a reference that leaves the document, names nothing or comes back
 * round (refused when the document is read) ends the chain where it is.
 * Undefined when there is no object there.
 */
export function pathItem(document: unknown, template: string): PathItem | undefined {
  const paths = isRaw(document) ? document.paths : undefined;
  if (!isRaw(paths) || !isRaw(paths[template])) return undefined;
  const layers: { pointer: (string | number)[]; raw: Raw }[] = [];
  const seen = new Set<string>();
  let pointer: (string | number)[] = ['paths', template];
  let raw: unknown = paths[template];
  while (isRaw(raw)) {
    const key = JSON.stringify(pointer);
    if (seen.has(key)) break;
    seen.add(key);
    layers.push({ pointer, raw });
    const target = typeof raw.$ref === 'string' ? refPointer(raw.$ref) : undefined;
    if (target === undefined) break;
    pointer = target;
    raw = target.reduce<unknown>((node, segment) => (isRaw(node) && Object.prototype.hasOwnProperty.call(node, segment) ? node[segment] : undefined), document);
  }
  const item: Raw = {};
  const declaredAt = new Map<string, (string | number)[]>();
  // The farthest first, each nearer layer's members over it.
  for (const layer of [...layers].reverse()) {
    for (const [member, value] of Object.entries(layer.raw)) {
      if (member === '$ref') continue;
      item[member] = value;
      declaredAt.set(member, layer.pointer);
    }
  }
  const last = layers[layers.length - 1]!.pointer;
  return { template, item, pointer: last, memberAt: (member) => [...(declaredAt.get(member) ?? last), member] };
}

/** Every path item of the document, in the document's order, `$ref`s followed. */
export function pathItems(document: unknown): PathItem[] {
  const paths = isRaw(document) ? document.paths : undefined;
  if (!isRaw(paths)) return [];
  return Object.keys(paths).flatMap((template) => pathItem(document, template) ?? []);
}
