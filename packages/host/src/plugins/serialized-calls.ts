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
  /**
   * Like call, for a caller that owns the deadline and the abort itself (the
   * event queue's delivery guard): no timer, AbortController or listener of
   * its own, which made up most of an in-process delivery's cost. When
   * `onGiveUp`'s listener runs, the call rejects with that reason and the
   * next call may start; a call given up before its turn is skipped.
   */
  guarded<T>(
    fn: () => Promise<T>,
    onGiveUp: (listener: (reason: unknown) => void) => void,
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

interface Waiting {
  pipelined: boolean;
  start(): void;
}

/**
 * An explicit FIFO and a count of running calls, not a chain of promises from
 * one call to the next: the chain this replaced (tail = Promise.all([tail,
 * result])) nested every result into the next tail's value, and so kept all
 * of a busy plugin's results alive.
 */
export function createSerializedCaller(plugin: string): SerializedCaller {
  const waiting: Waiting[] = [];
  let running = 0;
  /** The running call is a plain one: nothing may start beside it. */
  let exclusive = false;
  const idleWaiters: Array<() => void> = [];

  /** Starts what may start: the head, and pipelined calls behind pipelined ones. */
  function pump(): void {
    for (let next = waiting[0]; next !== undefined; next = waiting[0]) {
      if (exclusive || (running > 0 && !next.pipelined)) return;
      waiting.shift();
      running++;
      exclusive = !next.pipelined;
      next.start();
    }
    // No splice when nobody waits: this runs after every call.
    if (running === 0 && idleWaiters.length > 0) for (const wake of idleWaiters.splice(0)) wake();
  }

  function finished(): void {
    running--;
    if (running === 0) exclusive = false;
    pump();
  }

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
    return new Promise<T>((resolve, reject) => {
      waiting.push({
        pipelined: options.pipelined === true,
        // Started on a microtask, as a call never runs inside its caller's turn.
        start: () => void Promise.resolve().then(run).then(resolve, reject).finally(finished),
      });
      pump();
    });
  }

  function guarded<T>(
    fn: () => Promise<T>,
    onGiveUp: (listener: (reason: unknown) => void) => void,
    options: CallOrder = {},
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const call = new GuardedCall(fn, resolve, reject, finished);
      onGiveUp((reason) => call.giveUp(abandoned(reason)));
      waiting.push({
        pipelined: options.pipelined === true,
        start() {
          // Started on a microtask, as a call never runs inside its caller's turn.
          queueMicrotask(() => call.run());
        },
      });
      pump();
    });
  }

  function abandoned(reason: unknown): HostError {
    if (reason instanceof HostError) return reason;
    return new HostError(HostErrorCode.PLUGIN_TIMEOUT, `plugin ${plugin}: call abandoned by its caller`, {
      plugin,
      cause: reason,
    });
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
    guarded,
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}

/**
 * One guarded call's life: waiting → running → settled, or settled early
 * when its caller gives up (the turn is then handed back at once, or when it
 * comes). A class, not closures: it is created for every event delivered.
 */
class GuardedCall<T> {
  private phase: "waiting" | "running" | "settled" = "waiting";

  constructor(
    private readonly fn: () => Promise<T>,
    private readonly resolve: (value: T) => void,
    private readonly reject: (error: unknown) => void,
    private readonly finished: () => void,
  ) {}

  run(): void {
    // Given up while waiting: already rejected; just give the turn back.
    if (this.phase === "settled") {
      this.finished();
      return;
    }
    this.phase = "running";
    let result: Promise<T>;
    try {
      result = this.fn();
    } catch (error) {
      this.settle(false, error);
      return;
    }
    result.then(
      (value) => this.settle(true, value),
      (error) => this.settle(false, error),
    );
  }

  giveUp(error: HostError): void {
    if (this.phase === "settled") return;
    const running = this.phase === "running";
    this.phase = "settled";
    this.reject(error);
    if (running) this.finished();
  }

  private settle(ok: boolean, value: unknown): void {
    if (this.phase !== "running") return;
    this.phase = "settled";
    if (ok) this.resolve(value as T);
    else this.reject(value);
    this.finished();
  }
}
