/**
 * What each write stores of the unified record, known from the mapping
 * alone: the members and array elements its write fields read. Whatever an
 * input holds beyond that is dropped, and the connector reports it (or, with
 * `strictWrites`, refuses it) instead of losing it without a word.
 */

import type { FieldIR, PathSegment, StoreNode } from './model.js';

/** The store tree of `operationId`'s writes, in field order (the first match selector on an array also takes untyped elements, as the writer picks them). */
export function storedValues(fields: readonly FieldIR[], operationId: string): StoreNode {
  const root: StoreNode = { kind: 'object', members: new Map() };
  addFields(root, fields, operationId);
  return sortTree(root);
}

function addFields(root: StoreNode, fields: readonly FieldIR[], operationId: string | undefined) {
  for (const field of fields) {
    if (!field.direction.write) continue;
    if (operationId !== undefined && field.operations && !field.operations.includes(operationId)) continue;
    switch (field.kind) {
      case 'scalar':
        mark(root, field.unified, { kind: 'value' });
        break;
      case 'split':
        for (const path of field.unified) mark(root, path, { kind: 'value' });
        break;
      case 'hook':
        if (field.writeWith) mark(root, field.unified, { kind: 'value' });
        break;
      case 'array': {
        const element: StoreNode = { kind: 'object', members: new Map() };
        // Element members are written as on a create, whichever operation sends the array.
        addFields(element, field.each, undefined);
        const node = mark(root, field.unified, { kind: 'array', element, every: true, key: undefined, values: [], untyped: undefined, upTo: 0 });
        // The same array also picked by selectors elsewhere: every element is stored now.
        if (node.kind === 'array' && node.element !== element) {
          node.every = true;
          merge(node.element, element);
        }
        break;
      }
      case 'provider-const':
      case 'unified-const':
        break;
    }
  }
}

/** Marks `path` as stored (as `leaf` at its end); returns the node at the end. */
function mark(root: StoreNode, path: readonly PathSegment[], leaf: StoreNode): StoreNode {
  let current = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (current.kind !== 'object') return current; // a value stored whole covers what is below it
    const last = i === path.length - 1;
    let member = current.members.get(segment.name);
    if (!segment.selector) {
      if (last) {
        if (!member || member.kind !== 'value') current.members.set(segment.name, member && leaf.kind !== 'value' ? member : leaf);
        return current.members.get(segment.name)!;
      }
      if (!member) current.members.set(segment.name, (member = { kind: 'object', members: new Map() }));
      current = member;
      continue;
    }
    if (!member || member.kind !== 'array') {
      if (member?.kind === 'value') return member;
      member = { kind: 'array', element: { kind: 'object', members: new Map() }, every: false, key: undefined, values: [], untyped: undefined, upTo: 0 };
      current.members.set(segment.name, member);
    }
    if (segment.selector.kind === 'index') member.upTo = Math.max(member.upTo, segment.selector.index + 1);
    else {
      if (member.key === undefined || member.key === segment.selector.key) {
        if (member.key === undefined) member.untyped = segment.selector.value;
        member.key = segment.selector.key;
        if (!member.values.includes(segment.selector.value)) member.values.push(segment.selector.value);
      }
      // The selector's own member is stored: the element is written with it.
      if (member.element.kind === 'object' && !member.element.members.has(segment.selector.key)) member.element.members.set(segment.selector.key, { kind: 'value' });
    }
    if (last) {
      member.element = leaf.kind === 'value' ? leaf : member.element;
      return member.element;
    }
    current = member.element;
  }
  return current;
}

function merge(into: StoreNode, from: StoreNode) {
  if (into.kind !== 'object' || from.kind !== 'object') return;
  for (const [name, node] of from.members) {
    const existing = into.members.get(name);
    if (!existing) into.members.set(name, node);
    else merge(existing, node);
  }
}

function sortTree(node: StoreNode): StoreNode {
  if (node.kind === 'object') return { kind: 'object', members: new Map([...node.members].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortTree(v)])) };
  if (node.kind === 'array') return { ...node, element: sortTree(node.element) };
  return node;
}
