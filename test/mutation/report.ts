/** The mutation run's results as data (test/mutation/results.json) and as the README's table. */

export interface Survivor {
  /** `mappings/x.yaml:line:col` of the mutated scalar. */
  where: string;
  mutation: string;
  /** The key of its reason in test/mutation/reasons.json. */
  key: string;
  reason: string;
}

export interface MappingScore {
  service: string;
  mutants: number;
  checker: number;
  tests: number;
  survivors: Survivor[];
  /** Refused, but with no position in the mapping (or the generator crashed): not a kill. */
  unpositioned: { where: string; mutation: string; detail: string }[];
}

export interface Results {
  mappings: MappingScore[];
}

export function renderTable(results: Results): string {
  const rows = results.mappings.map((m) => {
    const killed = m.checker + m.tests;
    const score = m.mutants === 0 ? 100 : Math.floor((1000 * killed) / m.mutants) / 10;
    return `| mappings/${m.service}.yaml | ${m.mutants} | ${m.checker} | ${m.tests} | ${m.survivors.length + m.unpositioned.length} | ${score}% |`;
  });
  return ['| Mapping | Mutants | Refused by the checker | Failed the generated suite | Survived | Score |', '|---|---|---|---|---|---|', ...rows, ''].join('\n');
}
