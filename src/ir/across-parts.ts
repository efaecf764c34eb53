/**
 * Checks of what the parts of one mapping share. A mapping of several
 * resources builds a connector per section, and every one of them sends its
 * requests through the same connection and reads its errors through the same
 * `errors` block: what is wrong there is one problem, over the requests of
 * every section, not one per section naming that section's alone (and a
 * header one section's operations all declare still needs vouching when
 * another's do not). So each part adds what its own requests show under a
 * check's name, and each check reports once, after the last part, over what
 * they all added.
 */

export class AcrossParts {
  private readonly checks = new Map<string, { found: unknown[]; report: (found: readonly unknown[]) => void }>();

  /**
   * Adds what one part found for the check `name`, and gives what every part
   * has added so far (the last part sees all of it). The first part's
   * `report` is the one run: the parts share what it reports on.
   */
  add<T>(name: string, found: readonly T[], report: (found: readonly T[]) => void): readonly T[] {
    let check = this.checks.get(name);
    if (!check) this.checks.set(name, (check = { found: [], report: report as (found: readonly unknown[]) => void }));
    check.found.push(...found);
    return check.found as T[];
  }

  /** Runs each check once, over what every part added. */
  report(): void {
    for (const { found, report } of this.checks.values()) report(found);
  }
}
