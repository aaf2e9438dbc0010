/**
 * "The host gives up" for one delivery (a single item or a batch): a timer
 * and a stop hook racing the plugin's promise, and the AbortSignal that tells
 * the plugin so.
 */
import { HostError, HostErrorCode } from "../errors.js";

export const TIMED_OUT: unique symbol = Symbol("timed out");
export const STOPPED: unique symbol = Symbol("stopped");
export type GiveUp = typeof TIMED_OUT | typeof STOPPED;

export interface DeliveryGuard {
  /** Unix ms at which the guard fires. */
  readonly deadlineMs: number;
  /** Created on first read; already aborted if the host gave up before that. */
  readonly signal: AbortSignal;
  /** Resolves with TIMED_OUT at the deadline, or STOPPED after stop(). */
  readonly givenUp: Promise<GiveUp>;
  stop(): void;
  /** Aborts the signal with PLUGIN_TIMEOUT; `stopped` = closed rather than timed out. */
  abort(name: string, stopped: boolean): void;
  dispose(): void;
}

export function createDeliveryGuard(startMs: number, timeoutMs: number): DeliveryGuard {
  // AbortController costs ~5 µs in Node 20, more than a whole delivery: it
  // is created only when the plugin reads `signal`.
  let controller: AbortController | undefined;
  let abortReason: HostError | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stop: () => void = () => undefined;
  const givenUp = new Promise<GiveUp>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
    stop = () => resolve(STOPPED);
  });
  return {
    deadlineMs: startMs + timeoutMs,
    get signal() {
      if (controller === undefined) {
        controller = new AbortController();
        if (abortReason !== undefined) controller.abort(abortReason);
      }
      return controller.signal;
    },
    givenUp,
    stop: () => stop(),
    abort(name, stopped) {
      const reason = stopped ? "queue closed" : "timed out";
      abortReason = new HostError(HostErrorCode.PLUGIN_TIMEOUT, `delivery to ${name} ${reason}`, { plugin: name });
      controller?.abort(abortReason);
    },
    dispose: () => clearTimeout(timer),
  };
}
