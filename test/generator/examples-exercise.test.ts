/**
 * Alternatives a mapping lists are reached by its examples, or generation
 * stops: error-message fallbacks, status → error type entries and sign-in
 * methods. Without this, a wrong name or index in an alternative no test
 * runs would generate and pass (the mutation survivors this was built
 * from). Also: a setting standing where a server declares a variable must
 * be that variable.
 */

import { describe, expect, it } from 'vitest';
import { GenerationError, type Diagnostic } from '../../src/diagnostics.js';
import { generate } from '../../src/generate.js';
import { tempProject } from '../support/project.js';

async function problemsAfter(service: string, edits: Record<string, (text: string) => string>): Promise<readonly Diagnostic[]> {
  const project = await tempProject({ mappings: [service] });
  try {
    for (const [file, edit] of Object.entries(edits)) await project.edit(file, edit);
    const error = await generate({ root: project.root, mode: 'none' }).then(() => undefined, (caught: unknown) => caught);
    if (error === undefined) return [];
    expect(error).toBeInstanceOf(GenerationError);
    return (error as GenerationError).diagnostics;
  } finally {
    await project.dispose();
  }
}

/** The text from `start` up to (not including) the case after it. */
function withoutCase(text: string, name: string): string {
  const start = text.indexOf(`    - name: ${name}`);
  expect(start).toBeGreaterThan(0);
  const next = text.indexOf('\n    - name: ', start + 1);
  return text.slice(0, start) + (next < 0 ? '' : text.slice(next + 1));
}

describe('error-message fallbacks', () => {
  it('a fallback no example answer reaches is refused at its position, naming the paths read before it', async () => {
    const problems = await problemsAfter('zendesk', { 'mappings/zendesk.yaml': (t) => withoutCase(t, "RecordInvalid on the phone reads the phone's message") });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/no example's error answer is read by 'details\.phone\.0\.description' \(.*'details\.email\.0\.description', 'details\.name\.0\.description'\)/);
    expect(problems[0]!.hint).toMatch(/add an example case whose provider answer carries 'details\.phone\.0\.description'/);
    expect(problems[0]!.position?.line).toBeGreaterThan(40);
  });

  it.each([
    ['a map member renamed', 'details.phone.0.description', 'details.phones.0.description'],
    ['an index moved', 'details.phone.0.description', 'details.phone.1.description'],
  ])('%s: the example that reached it no longer does, so generation stops', async (_, from, to) => {
    const problems = await problemsAfter('zendesk', { 'mappings/zendesk.yaml': (t) => t.replace(`    - ${from}\n`, `    - ${to}\n`) });
    expect(problems.map((p) => p.message)).toContainEqual(expect.stringContaining(`is read by '${to}'`));
  });

  it('a fallback read only when the member before it is null counts as reached (Intercom: message null, code read)', async () => {
    const problems = await problemsAfter('intercom', { 'mappings/intercom.yaml': (t) => t.replace('errors.0.code]', 'errors.1.code]') });
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining("is read by 'errors.1.code'")]);
  });
});

describe('status → error type entries', () => {
  it('an entry no example answers is refused at its key', async () => {
    const problems = await problemsAfter('zendesk', { 'mappings/zendesk.yaml': (t) => t.replace("    '422': RequestValidationError\n", "    '422': RequestValidationError\n    '409': RequestValidationError\n") });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe('no example answers 409, so no generated test shows that 409 is RequestValidationError');
    expect(problems[0]!.position?.line).toBeGreaterThan(0);
  });
});

describe('sign-in methods', () => {
  it('a method no example signs in with is refused, saying how a case can', async () => {
    const problems = await problemsAfter('zendesk', { 'mappings/zendesk.yaml': (t) => withoutCase(t, 'an OAuth connection sends its access token as a Bearer token') });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/no example signs in with sign-in method 2 \(bearer with access_token\): the credentials of every example pick method 1/);
    expect(problems[0]!.hint).toMatch(/connection: \{ credentials: \{ access_token: … \} \}/);
  });

  it('a token read from another credential leaves the case that uses the method signing in with none', async () => {
    const problems = await problemsAfter('zendesk', { 'mappings/zendesk.yaml': (t) => t.replace("token: '{credentials.access_token}'", "token: '{credentials.api_token}'") });
    expect(problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/the credentials of example 'an OAuth connection .*' \(access_token\) sign in with none of the connection's methods/));
  });

  it('a method whose examples never expect what it sends is refused', async () => {
    const problems = await problemsAfter('zendesk', { 'mappings/zendesk.yaml': (t) => t.replace('              authorization: Bearer zd-oauth-access-token-for-tests\n', '              x-unrelated: yes\n') });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/the examples that sign in with sign-in method 2 .* never say what it sends/);
    expect(problems[0]!.hint).toMatch(/header `authorization`/);
  });
});

describe('settings in the base URL fill the server variables they stand for', () => {
  it('another setting where the server has {account} is refused, with the variable described', async () => {
    const problems = await problemsAfter('omnidesk', { 'mappings/omnidesk.yaml': (t) => t.replace('https://{settings.account}.omnidesk', 'https://{settings.brand_id}.omnidesk') });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/'\{settings\.brand_id\}' stands where https:\/\/\{account\}\.omnidesk\.com\/api\/v2 in specs\/providers\/omnidesk\.yaml has the server variable '\{account\}' \(Your Omnidesk account name/);
    expect(problems[0]!.hint).toMatch(/declare `server_variable: account` on 'brand_id'/);
  });

  it('a setting named otherwise generates when it says which variable it fills, and not when it fills none', async () => {
    const renamed = (t: string) => t.replaceAll('settings.account', 'settings.workspace').replace('    account:\n      description: Your Omnidesk account name', '    workspace:\n      server_variable: account\n      description: Your Omnidesk account name').replace('      account: fietsenwinkel', '      workspace: fietsenwinkel');
    expect(await problemsAfter('omnidesk', { 'mappings/omnidesk.yaml': renamed })).toEqual([]);
    const problems = await problemsAfter('omnidesk', { 'mappings/omnidesk.yaml': (t) => t.replace("      pattern: ^[0-9]+$\n", "      pattern: ^[0-9]+$\n      server_variable: account\n") });
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/setting 'brand_id' says it fills the server variable '\{account\}', but the base URL does not put it there/)]);
  });
});
