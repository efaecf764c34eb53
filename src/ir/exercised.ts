/**
 * Lists a mapping gives as alternatives — error-message paths tried in
 * order, sign-in methods picked by the credentials given, provider statuses
 * given a unified error type — are only load-bearing when an example reaches
 * each one. The generated suite replays the examples; an alternative no
 * example reaches is code no test runs, and a wrong name or index in it
 * (`details.phones`, `errors.1.code`, a bearer token read from the wrong
 * credential) would generate, pass, and ship.
 */

import { inWords, type Diagnostic } from '../diagnostics.js';
import type { ExampleDocument, MappingDocument } from '../parse/mapping.js';
import type { YamlSource } from '../parse/source.js';
import { findText, parseJsonOrText } from '../runtime/objects.js';
import type { AuthIR } from './model.js';
import { dotPath } from './paths.js';

/** Example cases with where each sits in its file (`examples.cases.3`, or inside a resource section). */
export interface ExerciseCases {
  source: YamlSource;
  cases: readonly { example: ExampleDocument; at: readonly (string | number)[] }[];
}

export interface ExercisedCheck extends ExerciseCases {
  mapping: MappingDocument;
  auth: readonly AuthIR[];
  /** The operations that sign in with only some of the methods, with those methods (the provider's `security` for them). */
  signInByOperation: ReadonlyMap<string, readonly number[]>;
  problems: Diagnostic[];
  /** `errors.message` paths already refused against the provider's document: one error each is enough. */
  refusedMessagePaths: ReadonlySet<number>;
}

export function checkExamplesExercise(check: ExercisedCheck): void {
  // A mapping without examples fails its generated suite already ("has examples to replay").
  if (check.cases.length === 0) return;
  const cases = check.cases.map((c) => c.example);
  checkMessagePaths(check, cases);
  checkStatusTypes(check, cases);
  checkAuthMethods(check, cases);
}

/** The provider answers the examples document that the connector reads as failures. */
function errorAnswers(cases: readonly ExampleDocument[]) {
  return cases.flatMap((example, i) =>
    example.exchanges.flatMap((exchange) => (exchange.response.status >= 400 ? [{ example: i, status: exchange.response.status, body: exchange.response.body }] : [])),
  );
}

function checkMessagePaths(check: ExercisedCheck, cases: readonly ExampleDocument[]): void {
  const texts = check.mapping.errors?.message ?? [];
  if (texts.length === 0) return;
  const paths = texts.map(dotPath);
  const reached = new Set<number>();
  for (const answer of errorAnswers(cases)) {
    // The body as the connector sees it: what the replay server sends, parsed as the runtime parses it.
    const body = typeof answer.body === 'string' ? parseJsonOrText(answer.body) : (answer.body ?? null);
    const index = paths.findIndex((path) => findText(body, path) !== undefined);
    if (index >= 0) reached.add(index);
  }
  texts.forEach((text, i) => {
    if (reached.has(i) || check.refusedMessagePaths.has(i)) return;
    const before = texts.slice(0, i);
    check.problems.push(
      check.source.diagnostic(['errors', 'message', i], {
        code: 'invalid-example',
        message: `no example's error answer is read by '${text}'${before.length > 0 ? ` (each either lacks it or is read by an earlier path: ${before.map((t) => `'${t}'`).join(', ')})` : ''}, so no generated test shows it names the right member`,
        hint: `add an example case whose provider answer carries '${text}'${before.length > 0 ? ' and none of the paths before it' : ''}, with the message expected; or remove the path`,
      }),
    );
  });
}

function checkStatusTypes(check: ExercisedCheck, cases: readonly ExampleDocument[]): void {
  const statuses = new Set(errorAnswers(cases).map((answer) => String(answer.status)));
  for (const [status, type] of Object.entries(check.mapping.errors?.status ?? {})) {
    if (statuses.has(status)) continue;
    check.problems.push(
      check.source.diagnostic(['errors', 'status', status], {
        code: 'invalid-example',
        message: `no example answers ${status}, so no generated test shows that ${status} is ${type}`,
        hint: `add an example case whose provider answers ${status} (from the provider's documentation), expecting error.type_name ${type}`,
      }, 'key'),
    );
  }
}

/**
 * The sign-in method a connection uses: the first whose credentials are all
 * given (as the generated factory picks), of those the operation takes.
 */
function methodFor(auth: readonly AuthIR[], credentials: Record<string, string>, takes: readonly number[] = auth.map((_, i) => i)): number {
  return takes.find((i) => auth[i]!.uses.every((name) => credentials[name] !== undefined)) ?? -1;
}

function checkAuthMethods(check: ExercisedCheck, cases: readonly ExampleDocument[]): void {
  if (check.auth.length === 0) return;
  const shared = check.mapping.examples!.connection.credentials;
  const byMethod = new Map<number, { example: number; asserted: boolean }[]>();
  cases.forEach((example, i) => {
    const credentials = example.connection?.credentials ?? shared;
    const takes = check.signInByOperation.get(example.operation);
    const method = methodFor(check.auth, credentials, takes);
    if (method < 0) {
      const needed = (takes ?? check.auth.map((_, k) => k)).map((k) => check.auth[k]!.uses.join(' + ')).join(' or ');
      const which = takes ? `the methods ${example.operation} takes (${takes.map((k) => `method ${k + 1}`).join(', ')}; the provider's \`security\` for it refuses the others)` : "the connection's methods";
      check.problems.push(
        check.source.diagnostic([...check.cases[i]!.at, ...(example.connection?.credentials ? ['connection', 'credentials'] : ['name'])], {
          code: 'invalid-example',
          message: `the credentials of example '${example.name}' (${Object.keys(credentials).join(', ') || 'none'}) sign in with none of ${which}`,
          hint: `give ${needed}`,
        }),
      );
      return;
    }
    const list = byMethod.get(method) ?? [];
    list.push({ example: i, asserted: example.exchanges.some((exchange) => sendsAssertion(check.auth[method]!, exchange.request)) });
    byMethod.set(method, list);
  });
  check.auth.forEach((method, i) => {
    const uses = byMethod.get(i);
    const what = `sign-in method ${i + 1} (${method.type}${method.uses.length > 0 ? ` with ${method.uses.join(' + ')}` : ''})`;
    if (!uses) {
      check.problems.push(
        check.source.diagnostic(['connection', 'auth', i], {
          code: 'invalid-example',
          message: `no example signs in with ${what}: the credentials of every example pick ${methodFor(check.auth, shared) >= 0 ? `method ${methodFor(check.auth, shared) + 1}` : 'another method'}, so no generated test shows what this one sends`,
          hint: `add an example case with \`connection: { credentials: { ${method.uses.map((name) => `${name}: …`).join(', ')} } }\` and the ${assertedName(method)} its request must carry`,
        }),
      );
    } else if (!uses.some((use) => use.asserted)) {
      check.problems.push(
        check.source.diagnostic(['connection', 'auth', i], {
          code: 'invalid-example',
          message: `the examples that sign in with ${what} never say what it sends`,
          hint: `in one of them (${uses.map((use) => `'${check.cases[use.example]!.example.name}'`).join(', ')}), expect the request's ${assertedName(method)}`,
        }),
      );
    }
  });
}

/** Every key a method sends, its own and those it sends `with` it: a header by its lower-case name, or a query parameter. */
function sentKeys(method: AuthIR): { type: 'header' | 'query'; name: string }[] {
  const own = method.type === 'query' ? { type: 'query' as const, name: method.name } : { type: 'header' as const, name: method.type === 'header' ? method.name.toLowerCase() : 'authorization' };
  return [own, ...(method.with ?? []).map((key) => ({ type: key.type, name: key.type === 'header' ? key.name.toLowerCase() : key.name }))];
}

function assertedName(method: AuthIR): string {
  const names = sentKeys(method).map((key) => `${key.type === 'query' ? 'query parameter' : 'header'} \`${key.name}\``);
  return inWords(names);
}

/** Whether one request of an example says what the method sends: every key of it (a `with` key too), not just the first. */
function sendsAssertion(method: AuthIR, request: ExampleDocument['exchanges'][number]['request']): boolean {
  return sentKeys(method).every((key) => (key.type === 'query' ? request.query?.[key.name] !== undefined : Object.keys(request.headers ?? {}).some((header) => header.toLowerCase() === key.name)));
}
