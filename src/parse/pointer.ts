/** JSON pointers into parsed documents. */

/**
 * A pointer segment as an array index: a number, or digits as a `$ref`
 * writes them (`#/components/schemas/Tag/allOf/0`, RFC 6901); undefined otherwise.
 */
export function arrayIndex(segment: string | number): number | undefined {
  if (typeof segment === 'number') return Number.isInteger(segment) && segment >= 0 ? segment : undefined;
  return /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : undefined;
}
