/**
 * The leak finder of the fault matrix (test/support/fault-secrets.ts) against
 * a secret that begins with the connector's service id: the id alone in an
 * envelope's `service` is no cut of the secret, and a cut that goes past it
 * still is.
 */

import { describe, expect, it } from 'vitest';
import { declarePublic, findLeak, secretTraces } from '../support/fault-secrets.js';

describe('a secret beginning with the service id', () => {
  const traces = secretTraces(['zetadesk-token-0123456789']);
  const envelope = JSON.stringify({ status_code: 200, service: 'zetadesk', data: [] });

  it('is not found in an envelope naming the service once the id is declared public, and its cuts still are', () => {
    // Undeclared, the id closing a JSON string reads as the secret cut short: what made 44 generated tests fail.
    expect(findLeak(envelope, traces, 'the envelope')).toMatch(/a cut secret/);
    declarePublic('zetadesk');
    expect(findLeak(envelope, traces, 'the envelope')).toBeUndefined();
    expect(findLeak(JSON.stringify({ service: 'zetadesk', message: 'bad token zetadesk-tok…' }), traces, 'the error')).toMatch(/zetadesk-tok…/);
    expect(findLeak(JSON.stringify({ service: 'zetadesk', message: 'bad token zetadesk-token-0123456789' }), traces, 'the error')).toMatch(/holds/);
  });
});
