/**
 * Polling for a moment instead of sleeping between WASM jobs.
 *
 * A thread that sleeps between messages (the worker waiting for its next
 * job, the main thread waiting for results) takes ~25–50 µs to wake on a
 * virtual machine, more than the raw guest call it waits for
 * (docs/benchmarks.md, "One WASM event's latency"). A thread that polls its
 * port for a moment after its work catches the next message at once. It
 * polls only while the traffic is that dense: when the last wait was longer
 * than the budget, polling would have caught nothing, so it sleeps and costs
 * no CPU. A busy host pays nothing either: its messages are already queued.
 */
import { availableParallelism } from "node:os";

/** Longest poll, in ms: a few raw guest calls. */
export const POLL_BUDGET_MS = 0.2;

/** One core: polling would take the core from the thread it waits for. */
const POLLING_HELPS = availableParallelism() > 1;

/** Remembers the last wait and says whether polling for the next one would pay. */
export class IdlePoll {
  private lastWaitMs = Number.POSITIVE_INFINITY;

  /** Records how long the last wait for a message took. */
  waited(ms: number): void {
    this.lastWaitMs = ms;
  }

  /** Whether to poll for the next message rather than sleep. */
  get worthIt(): boolean {
    return POLLING_HELPS && this.lastWaitMs <= POLL_BUDGET_MS;
  }
}
