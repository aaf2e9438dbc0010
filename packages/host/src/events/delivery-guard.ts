/**
 * "The host gives up" for one delivery (a single item or a batch): the
 * plugin's promise races the guard's deadline and a stop hook, and the
 * AbortSignal (and any give-up listener, e.g. the plugin's serialized
 * caller) is told when the host gives up.
 *
 * Deliveries usually take microseconds against a deadline of seconds, so
 * a timer per delivery (setTimeout + clearTimeout + a promise, ~1 µs and
 * garbage on the hottest path) is replaced by one watchdog timer per queue,
 * armed at the earliest deadline in flight: a delivery only joins and
 * leaves a set. While nothing is in flight the timer is unref'd, so an
 * idle queue never keeps the process alive.
 */
import { HostError, HostErrorCode } from "../errors.js";

export const TIMED_OUT: unique symbol = Symbol("timed out");
export const STOPPED: unique symbol = Symbol("stopped");
export type GiveUp = typeof TIMED_OUT | typeof STOPPED;

export interface DeliveryGuard {
  /** Unix ms (the queue's clock) at which the guard fires. */
  readonly deadlineMs: number;
  /** Created on first read; already aborted if the host gave up before that. */
  readonly signal: AbortSignal;
  /** Settles with the delivery's outcome, or TIMED_OUT / STOPPED if the host gives up first. */
  race<R>(delivery: Promise<R>): Promise<R | GiveUp>;
  /** `listener` runs once, with the abort reason, when the host gives up (at once if it already has). */
  onGiveUp(listener: (reason: unknown) => void): void;
  /** Gives up as STOPPED (the queue closed without draining). */
  stop(): void;
  /** The delivery settled: leave the watchdog. */
  dispose(): void;
}

export interface DeliveryWatchdog {
  /** A guard for a delivery to `name` starting at `startMs` (queue clock), giving up after `timeoutMs`. */
  guard(name: string, startMs: number, timeoutMs: number): DeliveryGuard;
}

interface Watched {
  /** performance.now() at which it times out: the timer's clock, not the queue's injectable one. */
  expiresAt: number;
  giveUp(kind: GiveUp): void;
}

export function createDeliveryWatchdog(): DeliveryWatchdog {
  const active = new Set<Watched>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Number.POSITIVE_INFINITY;
  let referenced = false;

  function arm(at: number): void {
    if (timer !== undefined && timerAt <= at) {
      if (!referenced) {
        timer.ref();
        referenced = true;
      }
      return;
    }
    if (timer !== undefined) clearTimeout(timer);
    timerAt = at;
    referenced = true;
    timer = setTimeout(check, Math.max(0, at - performance.now()));
  }

  function check(): void {
    timer = undefined;
    timerAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const watched of [...active]) {
      if (watched.expiresAt <= now) watched.giveUp(TIMED_OUT);
      else if (watched.expiresAt < next) next = watched.expiresAt;
    }
    if (next !== Number.POSITIVE_INFINITY) arm(next);
  }

  function leave(watched: Watched): void {
    if (!active.delete(watched) || active.size > 0 || timer === undefined) return;
    timer.unref();
    referenced = false;
  }

  return {
    guard(name, startMs, timeoutMs) {
      // AbortController costs ~5 µs in Node 20, more than a whole delivery: it
      // is created only when the plugin reads `signal`. Methods, not arrow
      // properties: nothing here is allocated per delivery beyond the two objects.
      let controller: AbortController | undefined;
      let reason: HostError | undefined;
      let gaveUpAs: GiveUp | undefined;
      let settle: ((outcome: GiveUp) => void) | undefined;
      let listeners: Array<(reason: unknown) => void> | undefined;
      const watched: Watched = {
        expiresAt: performance.now() + timeoutMs,
        giveUp(kind) {
          if (reason !== undefined) return;
          gaveUpAs = kind;
          leave(watched);
          const why = kind === STOPPED ? "queue closed" : "timed out";
          reason = new HostError(HostErrorCode.PLUGIN_TIMEOUT, `delivery to ${name} ${why}`, { plugin: name });
          settle?.(kind);
          controller?.abort(reason);
          for (const listener of listeners ?? []) listener(reason);
          listeners = undefined;
        },
      };
      active.add(watched);
      arm(watched.expiresAt);
      return {
        deadlineMs: startMs + timeoutMs,
        get signal() {
          if (controller === undefined) {
            controller = new AbortController();
            if (reason !== undefined) controller.abort(reason);
          }
          return controller.signal;
        },
        race<R>(delivery: Promise<R>) {
          return new Promise<R | GiveUp>((resolve, reject) => {
            if (gaveUpAs !== undefined) resolve(gaveUpAs);
            settle = resolve;
            delivery.then(resolve, reject);
          });
        },
        onGiveUp(listener) {
          if (reason !== undefined) return listener(reason);
          listeners ??= [];
          listeners.push(listener);
        },
        stop() {
          watched.giveUp(STOPPED);
        },
        dispose() {
          leave(watched);
        },
      };
    },
  };
}
