/**
 * Creates that succeeded but could not be confirmed. Once the provider has
 * accepted a create, every later failure — its answer unreadable, the id
 * missing, the follow-up lookup failing — must say the record exists:
 * reporting it as a plain failure invites a retry that makes a duplicate.
 *
 * The spec's catalogue has no "created but unconfirmed" type, so the error is
 * a `ConnectorExecutionError` (the closest: a downstream step failed) of its
 * own class, `CreatedNotConfirmedError`, whose message and `detail` say the
 * record was created and carry what finds it again (`detail.reconcile`: the
 * idempotency key or the provider values the lookup uses) and the provider
 * status of each step (`detail.steps`).
 */

import { UnifiedError } from './errors.js';
import type { RetryPolicy } from './http.js';
import { isObject } from './objects.js';

export class CreatedNotConfirmedError extends UnifiedError {
  constructor(message: string, detail: Record<string, unknown>) {
    super('ConnectorExecutionError', message, { status: 502, detail });
  }
}

export interface CreateConfirmation<T> {
  service: string;
  operation: string;
  recordName: string;
  /** The create's own answer status. */
  createdStatus: number;
  /** What finds the record again: idempotency key, values the lookup searches by. */
  reconcile: Record<string, string>;
  /** Reads the new id: from the create's answer, or by a follow-up lookup. */
  confirm: () => Promise<T>;
  /** Whether `confirm` is a lookup worth repeating (a read lagging behind the write). */
  retry: boolean;
  policy: RetryPolicy;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

/** A failure the HTTP client has not already retried, and that another read may not repeat. */
function worthRetrying(error: unknown): boolean {
  if (!(error instanceof UnifiedError)) return true;
  if (error.type_name === 'UnauthorizedError' || error.type_name === 'ConnectorRateLimitError' || error.status_code === 499) return false;
  const attempts = isObject(error.detail) ? error.detail.attempts : undefined;
  return typeof attempts !== 'number' || attempts <= 1;
}

export async function confirmCreate<T>(confirmation: CreateConfirmation<T>): Promise<T> {
  const { policy } = confirmation;
  const started = Date.now();
  const attempts = confirmation.retry ? Math.max(1, Math.floor(policy.attempts)) : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await confirmation.confirm();
    } catch (error) {
      // Exponential backoff with full jitter, within the operation's time budget.
      const delay = Math.round(Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
      const again = attempt < attempts && worthRetrying(error) && !confirmation.signal?.aborted && Date.now() - started + delay <= policy.maxElapsedMs;
      if (!again) throw notConfirmed(confirmation, error, attempt);
      try {
        await confirmation.sleep(delay, confirmation.signal);
      } catch {
        throw notConfirmed(confirmation, error, attempt);
      }
    }
  }
}

function notConfirmed(confirmation: CreateConfirmation<unknown>, error: unknown, attempts: number): CreatedNotConfirmedError {
  const cause = error instanceof UnifiedError ? error : new UnifiedError('ConnectorExecutionError', error instanceof Error ? error.message : String(error));
  const detail = isObject(cause.detail) ? cause.detail : {};
  const keys = Object.entries(confirmation.reconcile);
  const find = keys.length ? `find it by ${keys.map(([name, value]) => `${name} ${value}`).join(', ')}` : 'look it up';
  const message =
    `${confirmation.service} created the ${confirmation.recordName}, but it could not be confirmed (${cause.message}). ` +
    `Do not create it again: ${find}.`;
  return new CreatedNotConfirmedError(message, {
    operation: confirmation.operation,
    reason: 'created, not confirmed',
    created: true,
    ...(keys.length ? { reconcile: confirmation.reconcile } : {}),
    steps: [
      { step: 'create', provider_status: confirmation.createdStatus },
      { step: 'confirm', provider_status: typeof detail.provider_status === 'number' ? detail.provider_status : null, attempts, error: cause.type_name },
    ],
    cause: { type_name: cause.type_name, message: cause.message, ...(cause.detail !== undefined ? { detail: cause.detail } : {}) },
  });
}
