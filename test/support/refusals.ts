/**
 * For tests that a connector refuses input before it sends anything: a
 * loopback provider that answers every request with an empty JSON object and
 * records what it was asked, and the unified error a call fails with.
 */

import { afterEach, expect } from 'vitest';
import { UnifiedError } from '../../src/runtime/index.js';
import { mount, type Mount } from './loopback.js';

export interface RecordingProvider {
  /** Where a connector under test is pointed. */
  origin: string;
  /** `METHOD path` of each request received, in order. */
  requests: string[];
}

/**
 * Starts such providers for the calling test file: call it at the file's top
 * level, where it registers unmounting each test's providers after that test.
 */
export function recordingProviders(): () => Promise<RecordingProvider> {
  const mounted: Mount[] = [];
  afterEach(() => {
    for (const provider of mounted.splice(0)) provider.unmount();
  });
  return async () => {
    const requests: string[] = [];
    const provider = await mount((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    mounted.push(provider);
    return { origin: provider.origin, requests };
  };
}

/** The error `call` fails with: it must fail, with a UnifiedError, and an error it throws synchronously counts. */
export async function failure(call: () => Promise<unknown>): Promise<UnifiedError> {
  const outcome = await Promise.resolve()
    .then(call)
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  expect(outcome).toBeInstanceOf(UnifiedError);
  return outcome as UnifiedError;
}
