/**
 * The names a mapping's hooks module exports, read off its text. The module
 * is TypeScript that `npm test` type-checks; generation does not run it, but
 * a field naming a hook the module does not export must be an error at the
 * mapping's line, not a compiler error in generated code later.
 */

/** `export function f`, `export async function f`, `export const|let|var f`, `export { f, g as h }`. */
const DECLARED = /^\s*export\s+(?:async\s+)?(?:function\s*\*?\s*|const\s+|let\s+|var\s+)([A-Za-z_$][\w$]*)/gm;
const LISTED = /^\s*export\s*\{([^}]*)\}/gm;

export function exportedNames(text: string): ReadonlySet<string> {
  // Comments could hold an `export` line that is not one.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const names = new Set<string>();
  for (const match of code.matchAll(DECLARED)) names.add(match[1]!);
  for (const match of code.matchAll(LISTED)) {
    for (const item of match[1]!.split(',')) {
      const exported = item.trim().split(/\s+as\s+/).pop()?.trim();
      if (exported && /^[A-Za-z_$][\w$]*$/.test(exported)) names.add(exported);
    }
  }
  return names;
}
