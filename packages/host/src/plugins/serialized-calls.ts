/**
 * One call at a time into a plugin instance, whatever the caller (event
 * queue, command dispatch, lifecycle). WASM instances are not re-entrant and
 * the host promises plugins single-threaded delivery (docs/architecture.md); this is where the host
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
   * `onGiveUp`'s listener runs the next call may start at once; a call given
   * up before its turn is skipped (rejected with that reason, never run),
   * one given up while running keeps settling as the plugin's promise does
   * (its caller stopped listening). When nothing runs or waits, `fn` starts
   * at once, in the caller's turn: the caller must not be plugin-facing
   * code's own turn (the event queue runs on a turn of its own).
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
    const pipelined = options.pipelined === true;
    if (waiting.length === 0 && !exclusive && (running === 0 || pipelined)) {
      // Free now: start at once and hand the plugin's own promise back (the
      // caller, the event queue, is already off its publisher's turn).
      running++;
      exclusive = !pipelined;
      const turn = new Turn(finished);
      let givenUp: { reason: unknown } | undefined;
      onGiveUp((reason) => {
        givenUp ??= { reason };
        turn.end();
      });
      // Given up already: skipped, as a call whose turn comes too late.
      if (givenUp !== undefined) return Promise.reject(abandoned(givenUp.reason));
      let result: Promise<T>;
      try {
        result = fn();
      } catch (error) {
        turn.end();
        return Promise.reject(error);
      }
      result.then(
        () => turn.end(),
        () => turn.end(),
      );
      return result;
    }
    return new Promise<T>((resolve, reject) => {
      const call = new GuardedCall(fn, resolve, reject, new Turn(finished));
      onGiveUp((reason) => call.giveUp(abandoned(reason)));
      waiting.push({
        pipelined,
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

/** A call's hold on the caller: ended once, by whichever comes first (settled, given up). */
class Turn {
  private ended = false;

  constructor(private readonly finished: () => void) {}

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.finished();
  }
}

/**
 * A guarded call that had to wait for its turn: skipped (rejected with the
 * caller's reason, never run) when given up before it; given up once
 * running, it hands the turn back and its promise follows the plugin's.
 * A class, not closures: it is created for every event that waits.
 */
class GuardedCall<T> {
  private phase: "waiting" | "running" | "skipped" = "waiting";

  constructor(
    private readonly fn: () => Promise<T>,
    private readonly resolve: (value: T) => void,
    private readonly reject: (error: unknown) => void,
    private readonly turn: Turn,
  ) {}

  run(): void {
    if (this.phase === "skipped") {
      this.turn.end();
      return;
    }
    this.phase = "running";
    let result: Promise<T>;
    try {
      result = this.fn();
    } catch (error) {
      this.reject(error);
      this.turn.end();
      return;
    }
    result.then(
      (value) => {
        this.resolve(value);
        this.turn.end();
      },
      (error) => {
        this.reject(error);
        this.turn.end();
      },
    );
  }

  giveUp(error: HostError): void {
    if (this.phase === "waiting") {
      this.phase = "skipped";
      this.reject(error);
    } else this.turn.end();
  }
}
