/**
 * How close a drafted mapping comes to a hand-written one: both reduced to
 * their field lines as `unified ← provider` pairs (elements of `each` arrays
 * as `emails[].email ← attributes.emails[].email`, constants left out, since
 * they come from reading the provider's documentation, not its schema).
 * Precision: drafted lines the hand-written mapping also has; recall:
 * hand-written lines the draft found.
 */

export interface FieldLineLike {
  unified?: string | readonly string[];
  provider?: string;
  const?: unknown;
  each?: readonly FieldLineLike[];
}

export function fieldPairs(lines: readonly FieldLineLike[], unifiedPrefix = '', providerPrefix = ''): Set<string> {
  const pairs = new Set<string>();
  for (const line of lines) {
    if (line.const !== undefined || line.unified === undefined || line.provider === undefined) continue;
    const unified = typeof line.unified === 'string' ? line.unified : line.unified.join(' + ');
    if (line.each) {
      for (const pair of fieldPairs(line.each, `${unifiedPrefix}${unified}[].`, `${providerPrefix}${line.provider}[].`)) pairs.add(pair);
    } else pairs.add(`${unifiedPrefix}${unified} ← ${providerPrefix}${line.provider}`);
  }
  return pairs;
}

export interface DraftScore {
  drafted: number;
  written: number;
  matched: number;
  precision: number;
  recall: number;
  /** Drafted lines the hand-written mapping lacks, and hand-written lines the draft missed. */
  extra: string[];
  missed: string[];
}

export function scoreDraft(drafted: readonly FieldLineLike[], written: readonly FieldLineLike[]): DraftScore {
  const mine = fieldPairs(drafted);
  const theirs = fieldPairs(written);
  const matched = [...mine].filter((p) => theirs.has(p)).length;
  return {
    drafted: mine.size,
    written: theirs.size,
    matched,
    precision: mine.size === 0 ? 0 : matched / mine.size,
    recall: theirs.size === 0 ? 0 : matched / theirs.size,
    extra: [...mine].filter((p) => !theirs.has(p)).sort(),
    missed: [...theirs].filter((p) => !mine.has(p)).sort(),
  };
}
