/**
 * What one write operation's field lines put into the provider's request
 * record, as a tree: the members each line writes on its way, and the array
 * elements it writes into (every element, for an `each`; one element, for a
 * selector such as `lines[0]` or `emails[type=work]`, whose key it writes
 * too). The checker holds the tree's objects to the `required` lists of the
 * request schema; the emitter prunes that schema to the tree for the check
 * the runtime makes before sending.
 */

import type { PathSegment } from './model.js';

/** One field line as far as writing goes: its provider path (relative to the written record), and an `each`'s `where` and members. */
export interface WriteLine {
  provider: readonly PathSegment[];
  where?: readonly { key: string }[];
  each?: readonly WriteLine[];
  /** Mapping path of the line (for messages). */
  at: readonly (string | number)[];
}

export interface WrittenNode {
  /** The line that first writes into this value. */
  at: readonly (string | number)[];
  /** Written as a whole (a value given as it is): nothing below it is known. */
  whole: boolean;
  members: Map<string, WrittenNode>;
  /** Elements written when the value is an array, by how they are picked (`*`: every element, `[0]`, `[type=work]`). */
  elements: Map<string, WrittenNode>;
}

export const writtenNode = (at: readonly (string | number)[]): WrittenNode => ({ at, whole: false, members: new Map(), elements: new Map() });

/** Adds `lines` (paths relative to `root`) to the tree below `root`. */
export function addWriteLines(root: WrittenNode, lines: readonly WriteLine[]): WrittenNode {
  for (const line of lines) {
    let node = root;
    const enter = (map: Map<string, WrittenNode>, key: string) => {
      let next = map.get(key);
      if (!next) map.set(key, (next = writtenNode(line.at)));
      return next;
    };
    for (const segment of line.provider) {
      node = enter(node.members, segment.name);
      const selector = segment.selector;
      if (!selector) continue;
      node = enter(node.elements, selector.kind === 'index' ? `[${selector.index}]` : `[${selector.key}=${String(selector.value)}]`);
      // A match selector makes its element with the key's value: the key is written.
      if (selector.kind === 'match') enter(node.members, selector.key).whole = true;
    }
    if (line.each) {
      const element = enter(node.elements, '*');
      for (const condition of line.where ?? []) enter(element.members, condition.key).whole = true;
      addWriteLines(element, line.each);
    } else node.whole = true;
  }
  return root;
}
