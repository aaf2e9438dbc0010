/**
 * Slows guessing: every refused token (a wrong login, a wrong or missing
 * credential on the API) answers only after the refusals before it, each
 * held `delayMs`. Guesses are thus serialized host-wide (at most 1000/delayMs
 * a second, however many connections), while the right token is never slowed.
 */
export interface FailedAuthGate {
  /** Resolves when this refusal may be answered. */
  refused(): Promise<void>;
}

export const FAILED_AUTH_DELAY_MS = 100;

export function createFailedAuthGate(delayMs = FAILED_AUTH_DELAY_MS): FailedAuthGate {
  let tail = Promise.resolve();
  return {
    refused() {
      tail = tail.then(() => new Promise<void>((resolve) => setTimeout(resolve, delayMs).unref()));
      return tail;
    },
  };
}
