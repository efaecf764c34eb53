/**
 * Reading and replacing what sits at a path in a provider answer's body (a
 * list's `records`, a get's `record`), for the fault matrix's answers made
 * from the documented ones.
 */

/** The value at `path` in `body`, or undefined where the path leads nowhere. */
export function at(body: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((current, name) => (current && typeof current === 'object' ? (current as Record<string, unknown>)[name] : undefined), body);
}

/** A copy of `body` with `value` at `path` (the body itself replaced for an empty path). */
export function replace(body: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(body) as Record<string, unknown>;
  let current = copy;
  for (const name of path.slice(0, -1)) current = current[name] as Record<string, unknown>;
  current[path[path.length - 1]!] = value;
  return copy;
}
