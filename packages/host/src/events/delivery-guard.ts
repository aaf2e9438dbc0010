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
  /** Gives up every delivery in flight as STOPPED (the queue closed without draining). */
  stopAll(): void;
}

export function createDeliveryWatchdog(): DeliveryWatchdog {
  return new Watchdog();
}

/**
 * The deliveries in flight (an intrusive list: joining and leaving allocate
 * nothing) and the one timer armed at the earliest deadline among them.
 */
class Watchdog implements DeliveryWatchdog {
  private first: Guard | undefined;
  private size = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private referenced = false;

  guard(name: string, startMs: number, timeoutMs: number): DeliveryGuard {
    const guard = new Guard(this, name, startMs + timeoutMs, performance.now() + timeoutMs);
    guard.next = this.first;
    if (this.first !== undefined) this.first.previous = guard;
    this.first = guard;
    this.size++;
    this.arm(guard.expiresAt);
    return guard;
  }

  leave(guard: Guard): void {
    if (!guard.watched) return;
    guard.watched = false;
    if (guard.previous !== undefined) guard.previous.next = guard.next;
    else this.first = guard.next;
    if (guard.next !== undefined) guard.next.previous = guard.previous;
    guard.previous = guard.next = undefined;
    if (--this.size > 0 || this.timer === undefined) return;
    this.timer.unref();
    this.referenced = false;
  }

  stopAll(): void {
    for (const guard of this.list()) guard.stop();
  }

  private list(): Guard[] {
    const guards: Guard[] = [];
    for (let guard = this.first; guard !== undefined; guard = guard.next) guards.push(guard);
    return guards;
  }

  private arm(at: number): void {
    if (this.timer !== undefined && this.timerAt <= at) {
      if (!this.referenced) {
        this.timer.ref();
        this.referenced = true;
      }
      return;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    this.referenced = true;
    this.timer = setTimeout(() => this.check(), Math.max(0, at - performance.now()));
  }

  private check(): void {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const guard of this.list()) {
      if (guard.expiresAt <= now) guard.giveUp(TIMED_OUT);
      else if (guard.expiresAt < next) next = guard.expiresAt;
    }
    if (next !== Number.POSITIVE_INFINITY) this.arm(next);
  }
}

/**
 * One delivery's guard. A class: it is created for every delivery, and an
 * object literal would allocate each of its methods again. The
 * AbortController (~5 µs in Node 20, more than a whole in-process delivery)
 * is created only when the plugin reads `signal`.
 */
class Guard implements DeliveryGuard {
  private controller: AbortController | undefined;
  private reason: HostError | undefined;
  private gaveUpAs: GiveUp | undefined;
  private settle: ((outcome: GiveUp) => void) | undefined;
  private listeners: Array<(reason: unknown) => void> | undefined;
  /** The watchdog's list (see Watchdog). */
  watched = true;
  previous: Guard | undefined;
  next: Guard | undefined;

  constructor(
    private readonly watchdog: Watchdog,
    private readonly name: string,
    readonly deadlineMs: number,
    /** performance.now() at which it times out: the timer's clock, not the queue's injectable one. */
    readonly expiresAt: number,
  ) {}

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.reason !== undefined) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  race<R>(delivery: Promise<R>): Promise<R | GiveUp> {
    return new Promise<R | GiveUp>((resolve, reject) => {
      if (this.gaveUpAs !== undefined) resolve(this.gaveUpAs);
      this.settle = resolve;
      delivery.then(resolve, reject);
    });
  }

  onGiveUp(listener: (reason: unknown) => void): void {
    if (this.reason !== undefined) {
      listener(this.reason);
      return;
    }
    this.listeners ??= [];
    this.listeners.push(listener);
  }

  stop(): void {
    this.giveUp(STOPPED);
  }

  dispose(): void {
    this.watchdog.leave(this);
  }

  giveUp(kind: GiveUp): void {
    if (this.reason !== undefined) return;
    this.gaveUpAs = kind;
    this.watchdog.leave(this);
    const why = kind === STOPPED ? "queue closed" : "timed out";
    const reason = new HostError(HostErrorCode.PLUGIN_TIMEOUT, `delivery to ${this.name} ${why}`, {
      plugin: this.name,
    });
    this.reason = reason;
    this.settle?.(kind);
    this.controller?.abort(reason);
    for (const listener of this.listeners ?? []) listener(reason);
    this.listeners = undefined;
  }
}
