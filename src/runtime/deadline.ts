/**
 * The timeout of one attempt, counted in the time this thread could have read
 * the answer. A timer that comes due late was held up by the thread itself
 * (the caller's synchronous work, a long collection, the process not being
 * scheduled), and an answer may then be lying in the socket unread: at the
 * next turn of the event loop timers run before sockets are read, so a plain
 * timer would discard it, turning an answered request into a timeout — and an
 * accepted create into one not confirmed. The lateness is given back from
 * when the thread is free again, up to the timeout once more in all, so a
 * provider that never answers still ends the attempt: with the thread free
 * throughout, after the timeout; held up, at most the timeout after the
 * thread was last free to notice.
 */

/** Lateness below this is a timer's ordinary jitter, not time the thread was held up. */
const JITTER_MS = 10;

export interface AttemptDeadline {
  /** Aborted, with a `TimeoutError`, once the attempt has had its time. */
  readonly signal: AbortSignal;
  /** The attempt is over: the timer is not needed any more. */
  clear(): void;
}

/** `ms` as a timer can wait it (see `timerMs`). */
export function attemptDeadline(ms: number): AttemptDeadline {
  const controller = new AbortController();
  let givable = ms;
  let due = performance.now() + ms;
  let timer: ReturnType<typeof setTimeout>;
  const arm = (delay: number) => {
    timer = setTimeout(expire, delay);
    // Like AbortSignal.timeout's: the request it guards keeps the process alive, not the timer.
    timer.unref?.();
  };
  const expire = () => {
    const late = performance.now() - due;
    const given = Math.min(late, givable);
    if (late > JITTER_MS && given > 0) {
      givable -= given;
      due = performance.now() + given;
      arm(given);
      return;
    }
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  };
  arm(ms);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
