/**
 * Whether the host gave up on a call, for the worker handle to skip a job
 * that has not been sent yet. Read from the host's `onGiveUp` when it offers
 * one: reading `signal` instead would build the delivery's AbortController
 * (its guard creates it lazily), a few µs and garbage on every WASM event.
 */

/** What the worker handle reads before sending a job; an AbortSignal is one too. */
export interface GiveUpFlag {
  readonly aborted: boolean;
}

/** A settable flag; a class, so the flag and its setter are one allocation. */
class Flag implements GiveUpFlag {
  aborted = false;

  readonly set = (): void => {
    this.aborted = true;
  };
}

export function giveUpFlag(options: {
  signal: AbortSignal;
  onGiveUp?(listener: (reason: unknown) => void): void;
}): GiveUpFlag {
  if (options.onGiveUp === undefined) return options.signal;
  const flag = new Flag();
  options.onGiveUp(flag.set);
  return flag;
}
