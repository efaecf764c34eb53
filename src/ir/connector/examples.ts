/**
 * The examples: each case names an operation of the spec, the example
 * connection gives every required setting and credential and a base URL
 * the document's servers allow, the cases reach every alternative of the
 * connection, their answers are ones the provider's document describes, and
 * their links lead back to the server that replays them. Emitted in one key
 * order, as they are compared by value.
 */

import type { MappingDocument } from '../../parse/mapping.js';
import { closest } from '../../runtime/fields.js';
import { checkExampleAnswers } from '../example-answers.js';
import { checkExamplesExercise } from '../exercised.js';
import type { ConnectorIR } from '../model.js';
import { canonical } from '../order.js';
import { dotPath } from '../paths.js';
import { checkBaseUrlAgainstServers } from '../servers.js';
import type { ConnectorInputs } from './index.js';
import type { ConnectorCheck } from './check.js';
import type { Connection } from './connection.js';

/** Undefined when the mapping has no `examples`. */
export function examplesIR(check: ConnectorCheck, connection: Connection, inputs: ConnectorInputs, signInByOperation: Map<string, number[]>, refusedMessagePaths: Set<number>): ConnectorIR['examples'] {
  const { mapping, source, provider, resolver, providerOperations, record, problems, report } = check;
  const { settings, credentials, settingNames, credentialNames, misnamed, baseUrl, servers, auth } = connection;
  if (!mapping.examples) return undefined;
  const unifiedIds = inputs.resource.operations.map((o) => o.id);
  // The schema lets `examples` hold only its connection (`cases` is optional there): none is no cases, not a crash.
  const cases = mapping.examples.cases ?? [];
  cases.forEach((example, i) => {
    if (!unifiedIds.includes(example.operation)) {
      const near = closest(example.operation, unifiedIds);
      report(['examples', 'cases', i, 'operation'], 'invalid-example', `'${example.operation}' is not an operation of the spec`, near ? `did you mean '${near}'?` : undefined);
    }
  });
  for (const [kind, names] of [['settings', settingNames], ['credentials', credentialNames]] as const) {
    for (const name of names) {
      const declared = (kind === 'settings' ? settings : credentials).find((d) => d.name === name)!;
      // A declaration spelt otherwise than its uses is reported at the declaration; an example giving the uses' spelling agrees with them.
      const usedAs = misnamed.get(`${kind}.${name}`);
      if (usedAs !== undefined && mapping.examples.connection[kind][usedAs] !== undefined) continue;
      if (declared.required && declared.default === undefined && mapping.examples.connection[kind][name] === undefined) {
        report(['examples', 'connection', kind], 'invalid-example', `the example connection lacks required ${kind === 'settings' ? 'setting' : 'credential'} '${name}'`);
      }
    }
  }
  if (baseUrl) checkBaseUrlAgainstServers(baseUrl, mapping.examples.connection.settings ?? {}, servers);
  const exercise = inputs.exercise === undefined ? { source, cases: cases.map((example, i) => ({ example, at: ['examples', 'cases', i] })) } : inputs.exercise;
  if (exercise) checkExamplesExercise({ mapping, auth, signInByOperation: inputs.signInByOperation ?? signInByOperation, problems, refusedMessagePaths, ...exercise });
  checkExampleLinks(check, cases);
  checkExampleAnswers({ mapping, source, resolver, operations: providerOperations, providerFile: provider.source.file, record, cases: cases.map((example, i) => ({ example, at: ['examples', 'cases', i] })), problems, warnings: inputs.warnings ?? [] });
  // Example data is compared by value, so emit it in one key order whatever the file says.
  return {
    settings: canonical(mapping.examples.connection.settings),
    credentials: canonical(mapping.examples.connection.credentials),
    cases: cases.map((example) => canonical(example)),
  };
}

/**
 * An example's absolute next-page link (Front's docs write https://yourCompany.api.frontapp.com/…) leads away
 * from the server that replays the examples, so the connector refuses it as another origin and the suite fails
 * with a 502 that names no line. Said here instead, at the link, with the placeholder that points back.
 */
function checkExampleLinks(check: ConnectorCheck, cases: readonly NonNullable<NonNullable<MappingDocument['examples']>['cases']>[number][]) {
  const { mapping, report } = check;
  const p = mapping.pagination;
  if (p?.type !== 'link') return;
  const absolute = (text: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  cases.forEach((example, i) =>
    example.exchanges.forEach((exchange, j) => {
      const at = ['examples', 'cases', i, 'exchanges', j, 'response'];
      if (p.source === 'body' && p.next) {
        const path = dotPath(p.next);
        let value: unknown = exchange.response.body;
        for (const segment of path) value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[segment] : undefined;
        if (typeof value === 'string' && absolute(value)) {
          const rest = value.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
          report([...at, 'body', ...path], 'invalid-example', `the next-page link '${value}' is absolute: the generated suite replays this answer from a server of its own, so the connector would refuse the link as another origin`, `write it as '<origin>${rest}' (the replaying server's origin)`);
        }
      }
      if (p.source === 'header') {
        for (const [name, value] of Object.entries(exchange.response.headers ?? {})) {
          const link = name.toLowerCase() === 'link' && typeof value === 'string' ? /<([a-z][a-z0-9+.-]*:\/\/[^>]*)>/i.exec(value)?.[1] : undefined;
          if (link) report([...at, 'headers', name], 'invalid-example', `the Link header's address '${link}' is absolute: the generated suite replays this answer from a server of its own, so the connector would refuse the link as another origin`, `write it as '<origin>${link.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '')}' (the replaying server's origin)`);
        }
      }
    }),
  );
}
