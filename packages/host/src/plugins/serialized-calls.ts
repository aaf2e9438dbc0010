/**
 * One call at a time into a plugin instance, whatever the caller (event
 * queue, command dispatch, lifecycle). WASM instances are not re-entrant and
 * seed 000 promises plugins single-threaded delivery; this is where the host
 * keeps that promise across events and commands alike.
 */
import { HostError, HostErrorCode } from "../errors.js";

export interface SerializedCaller {
  /**
   * Runs `fn` after every earlier call settled (or timed out). The signal is
   * aborted at the deadline; the call then rejects with PLUGIN_TIMEOUT and the
   * next call may start: a runtime whose instance cannot be interrupted must
   * replace it (the WASM runtime does). An `external` signal (the event
   * queue giving up) ends the call the same way, and a call whose external
   * signal is already aborted when its turn comes is skipped, never run late.
   */
  call<T>(
    what: string,
    timeoutMs: number,
    fn: (signal: AbortSignal, deadlineMs: number) => Promise<T>,
    external?: AbortSignal,
    options?: CallOrder,
  ): Promise<T>;
  /** Resolves when nothing is running or waiting. */
  idle(): Promise<void>;
}

export interface CallOrder {
  /**
   * The instance itself runs such calls one at a time in the order they were
   * made (the WASM worker's FIFO), so one may START while an earlier
   * pipelined call still runs: consecutive pipelined calls overlap, and the
   * caller bounds how many. Any other call still waits for all of them, and
   * they wait for it.
   */
  pipelined?: boolean;
}

export function createSerializedCaller(plugin: string): SerializedCaller {
  /** Settles once every call made so far settled. */
  let tail: Promise<unknown> = Promise.resolve();
  /** When a pipelined call may start: after the last non-pipelined call. */
  let gate: Promise<unknown> = tail;

  function call<T>(
    what: string,
    timeoutMs: number,
    fn: (signal: AbortSignal, deadlineMs: number) => Promise<T>,
    external?: AbortSignal,
    options: CallOrder = {},
  ): Promise<T> {
    const run = async () => {
      if (external?.aborted) throw skipped(external);
      const controller = new AbortController();
      const deadlineMs = Date.now() + timeoutMs;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new HostError(
            HostErrorCode.PLUGIN_TIMEOUT,
            `plugin ${plugin}: ${what} timed out after ${timeoutMs} ms`,
            {
              plugin,
            },
          );
          controller.abort(error);
          reject(error);
        }, timeoutMs);
      });
      const onExternalAbort = () => controller.abort(external?.reason);
      external?.addEventListener("abort", onExternalAbort, { once: true });
      const abandoned = new Promise<never>((_, reject) => {
        controller.signal.addEventListener("abort", () => reject(skipped(controller.signal)), { once: true });
      });
      try {
        return await Promise.race([fn(controller.signal, deadlineMs), timeout, abandoned]);
      } finally {
        clearTimeout(timer);
        external?.removeEventListener("abort", onExternalAbort);
      }
    };
    if (options.pipelined) {
      const result = gate.then(run, run);
      tail = Promise.all([tail, result.catch(() => undefined)]);
      return result;
    }
    const result = tail.then(run, run);
    tail = result.catch(() => undefined);
    gate = tail;
    return result;
  }

  function skipped(signal: AbortSignal): HostError {
    if (signal.reason instanceof HostError) return signal.reason;
    return new HostError(HostErrorCode.PLUGIN_TIMEOUT, `plugin ${plugin}: call abandoned by its caller`, {
      plugin,
      cause: signal.reason,
    });
  }

  return {
    call,
    async idle() {
      let seen: Promise<unknown>;
      do {
        seen = tail;
        await seen;
      } while (seen !== tail);
    },
  };
}
