/**
 * Fault matrix: credentials never leak. A provider echoes the credentials
 * it received in every form (see fault-secrets.ts) — in a failing answer, in
 * a successful one read with `raw: true`, in text answers cut into excerpts —
 * and no trace of them may show in the thrown error (body, message, stack,
 * cause), the envelope, mapping issues or log events. Credentials and
 * settings holding control characters are refused when the connector is
 * created, before any request.
 */

import { describe, expect, it } from 'vitest';
import type { HttpEvent, MappingIssue } from '../../src/runtime/index.js';
import { at, replace } from './answer-paths.js';
import type { FaultHarness } from './fault-matrix.js';
import { outcome } from './fault-server.js';
import { CONTROL_CHARACTERS, credentialHeaders, ECHO_FORMS, errorText, expectNoLeak, secretTraces, TEXT_CUTS } from './fault-secrets.js';
import { assertUnifiedError } from './unified-schema.js';

/**
 * `record` with `text` after the words of each member that holds only words
 * (a name, a city, a note; not a date, an address, a number, the id, nor a
 * member the connector filters on), deep: the members a mapping reads as
 * text, which carry the echo into the records answered.
 */
function echoedInto(record: unknown, text: string, skip: ReadonlySet<string>): unknown {
  if (Array.isArray(record)) return record.map((item) => echoedInto(item, text, new Set()));
  if (record === null || typeof record !== 'object') return record;
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, skip.has(key) ? value : typeof value === 'string' ? (/^\p{L}[\p{L} .,'-]*$/u.test(value) ? `${value} ${text}` : value) : echoedInto(value, text, new Set())]),
  );
}

/** Every member a provider error body may carry its message in, each holding `text`. */
function errorBody(text: string): Record<string, unknown> {
  return { error: text, message: text, description: text, detail: text, errors: [{ message: text, detail: text, title: text }], details: { email: [{ description: text }] } };
}

/** The values of the credentials declared `secret: false` (an account's email), and of the rest, the secrets. */
function credentialValues(target: FaultHarness['target']): { open: string[]; secret: string[] } {
  const named = new Set(target.definition.credentials.filter((declaration) => declaration.secret === false).map((declaration) => declaration.name));
  const values = Object.entries(target.credentials).filter(([, value]) => typeof value === 'string');
  return { open: values.filter(([name]) => named.has(name)).map(([, value]) => value), secret: values.filter(([name]) => !named.has(name)).map(([, value]) => value) };
}

export function describeLeaks(harness: FaultHarness): void {
  const { target, operations } = harness;

  // Concurrent like the provider faults: each case has its own servers and connectors.
  if (operations.length > 0) describe.concurrent(`${target.service}: credentials echoed in every form`, () => {
    for (const [operation, { kind, input, answers }] of operations) {
      const cases = [
        ...ECHO_FORMS.map((form) => ({
          name: form.name,
          fail: (text: string) =>
            form.unparsable
              ? { raw: { status: 500, headers: { 'content-type': 'application/json' }, body: `{"error":"${text}","message":"${text}` } }
              : { answer: { status: 400, body: errorBody(text) } },
          text: form.text,
        })),
        ...TEXT_CUTS.map((cut) => ({
          name: cut.name,
          fail: (text: string) => ({ raw: { status: cut.status, headers: { 'content-type': 'text/html' }, body: text } }),
          text: (secrets: readonly string[]) => secrets.map((secret) => `${'x'.repeat(cut.filler)}${secret}`).join(''),
        })),
      ];
      it.each(cases.map((c) => [c.name, c] as const))(`${operation}: %s`, async (_, echo) => {
        const events: HttpEvent[] = [];
        const issues: MappingIssue[] = [];
        const headers: string[] = [];
        const echoed = (request: Parameters<typeof credentialHeaders>[1]) => {
          const found = credentialHeaders(target.secrets, request);
          headers.push(...found);
          return echo.text(target.secrets, found);
        };
        const tuning = { log: (event: HttpEvent) => events.push(event), onIssue: (issue: MappingIssue) => issues.push(issue) };

        const failing = await harness.start((_, request) => echo.fail(echoed(request)));
        const failed = await outcome(harness.call(harness.connect(failing.origin, [], tuning), operation, input));
        expect(failed.ok).toBe(false);
        if (!failed.ok) assertUnifiedError(failed.error);

        // The same echo inside answers that succeed, read with raw: true: beside the records, and in their text
        // members where the list and the get answer them.
        const recordAt = kind === 'list' ? target.recordsPath : kind === 'get' ? target.recordPath : undefined;
        const skip = new Set([...(target.paging?.idPath.slice(0, 1) ?? []), ...Object.keys(target.keep ?? {})]);
        const succeeding = await harness.start((index, request) => {
          const answer = answers[index] ?? answers[answers.length - 1]!;
          const text = echoed(request);
          const records = recordAt && answer.status < 300 ? replace(answer.body, recordAt, echoedInto(at(answer.body, recordAt), text, skip)) : answer.body;
          const body = Array.isArray(records) ? [...records, { echo: text }] : records && typeof records === 'object' ? { ...records, echo: text, note: text } : records;
          return { answer: { ...answer, body } };
        });
        const raw = await outcome(harness.call(harness.connect(succeeding.origin, [], tuning), operation, input, { raw: true }));

        expect(headers.length, 'the provider received no credential header to echo').toBeGreaterThan(0);
        const traces = secretTraces(target.secrets, headers);
        expectNoLeak(failed.ok ? JSON.stringify(failed.value) : errorText(failed.error), traces, 'the error');
        // A credential that is no secret (`secret: false`, an account's email) may be a record's own data; the rest may not.
        expectNoLeak(raw.ok ? JSON.stringify({ ...(raw.value as object), data: undefined }) : errorText(raw.error), traces, 'the raw answer');
        const { open, secret } = credentialValues(target);
        if (raw.ok) expectNoLeak(JSON.stringify((raw.value as { data?: unknown }).data), secretTraces(secret, headers, open), 'the records answered');
        expectNoLeak(JSON.stringify(events), traces, 'the log events');
        expectNoLeak(JSON.stringify(issues), traces, 'the mapping issues');
      });
    }
  });

  if (target.definition.credentials.length + target.definition.settings.length > 0) describe.concurrent(`${target.service}: malformed credentials and settings`, () => {
    const first = operations[0];
    for (const kind of ['credentials', 'settings'] as const) {
      const declared = target.definition[kind];
      if (declared.length === 0) continue;
      const type = kind === 'credentials' ? 'ConnectorCredentialsError' : 'ConnectionSettingsError';
      it.each(CONTROL_CHARACTERS.map((char) => [JSON.stringify(char), char] as const))(`${kind} holding %s are a ${type} at creation, before any request`, async (_, char) => {
        for (const declaration of declared) {
          const given = kind === 'credentials' ? target.credentials : target.settings;
          const valid = given[declaration.name] ?? declaration.default ?? 'value-1';
          const malformed = `${valid.slice(0, 3)}${char}${valid.slice(3)}_x`;
          const events: HttpEvent[] = [];
          const server = await harness.start(() => ({ answer: first?.[1].answers[0] ?? { status: 200, body: {} } }));
          const result = await outcome(async () => {
            const connector = harness.connect(server.origin, [], { log: (event) => events.push(event) }, { [kind]: { ...given, [declaration.name]: malformed } });
            return first ? harness.call(connector, first[0], first[1].input) : undefined;
          });
          expect(result.ok, `${kind}.${declaration.name} holding ${JSON.stringify(char)} was accepted`).toBe(false);
          if (!result.ok) {
            assertUnifiedError(result.error);
            expect(result.error.type_name).toBe(type);
            expect(result.error.message).toContain(declaration.name);
            expect(errorText(result.error)).not.toContain(malformed);
          }
          expect(server.requests).toBe(0);
          expect(events).toEqual([]);
        }
      });
    }
  });
}
