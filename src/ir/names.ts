/** Identifiers derived from mapping names, always validated before they reach code. */

/** `kickserv` → `Kickserv`, `acme-crm` → `AcmeCrm`. */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

export function camelCase(text: string): string {
  const pascal = pascalCase(text);
  return pascal ? pascal[0]!.toLowerCase() + pascal.slice(1) : pascal;
}

const reserved = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private protected public static yield any boolean constructor declare get module require number set string symbol type from of await async undefined'.split(' '),
);

/** A safe TypeScript identifier: letters, digits, `_`, `$`, not starting with a digit, not reserved. */
export function isIdentifier(text: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text) && !reserved.has(text);
}

/** One record of a resource (`customers` → `customer`, `companies` → `company`): the create/update param holding it. */
export function singularOf(resource: string): string {
  return resource.replace(/ies$/, 'y').replace(/s$/, '');
}
