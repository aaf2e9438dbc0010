/**
 * An append-only list of events with waiters, and the bounded assertions
 * built on it. The test host keeps one for everything published, and one per
 * test character for what its session sees.
 */
import type { Event } from "@holomush/proto";
import { describeEvent, describeFilter, type EventFilter, matchesEvent } from "./event-filter.js";

/** Options of expectEvent. */
export interface ExpectEventOptions {
  /** How long to wait for the event after the bus is idle, ms. Default 1 000. */
  timeoutMs?: number;
}

export interface EventRecorder {
  /** Every recorded event, oldest first. A copy. */
  list(filter?: EventFilter): Event[];
  push(event: Event): void;
  /**
   * Resolves with the first event (already recorded or arriving later) that
   * matches; rejects after `timeoutMs` with a message listing what was seen.
   * `settle` (the bus going idle) runs before the clock starts.
   */
  expect(filter: EventFilter, settle: () => Promise<void>, options?: ExpectEventOptions): Promise<Event>;
  /** After `settle`, rejects when any recorded event matches, listing them. */
  expectNone(filter: EventFilter, settle: () => Promise<void>): Promise<void>;
}

/** How long expectEvent waits after the bus is idle by default, ms. */
export const DEFAULT_EXPECT_TIMEOUT_MS = 1_000;

/** Failure messages list at most this many of the latest events. */
const SHOWN_EVENTS = 50;

export function createEventRecorder(label: string): EventRecorder {
  const events: Event[] = [];
  const waiters = new Set<(event: Event) => void>();

  function list(filter?: EventFilter): Event[] {
    return filter === undefined ? [...events] : events.filter((event) => matchesEvent(event, filter));
  }

  function describeSeen(candidates: readonly Event[]): string {
    if (candidates.length === 0) return `${label}: no events`;
    const shown = candidates.slice(-SHOWN_EVENTS).map((event) => `  - ${describeEvent(event)}`);
    const omitted = candidates.length > SHOWN_EVENTS ? ` (the last ${SHOWN_EVENTS})` : "";
    return `${label}: ${candidates.length} event(s)${omitted}:\n${shown.join("\n")}`;
  }

  function waitFor(filter: EventFilter, timeoutMs: number): Promise<Event | undefined> {
    return new Promise((resolve) => {
      const waiter = (event: Event) => {
        if (!matchesEvent(event, filter)) return;
        finish(event);
      };
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      function finish(event: Event | undefined) {
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(event);
      }
      waiters.add(waiter);
    });
  }

  return {
    list,
    push(event) {
      events.push(event);
      for (const waiter of [...waiters]) waiter(event);
    },
    async expect(filter, settle, options = {}) {
      const timeoutMs = options.timeoutMs ?? DEFAULT_EXPECT_TIMEOUT_MS;
      await settle();
      const found = events.find((event) => matchesEvent(event, filter)) ?? (await waitFor(filter, timeoutMs));
      if (found !== undefined) return found;
      throw assertionError(
        `expected an event matching ${describeFilter(filter)} within ${timeoutMs} ms\n${describeSeen(events)}`,
      );
    },
    async expectNone(filter, settle) {
      await settle();
      const matching = list(filter);
      if (matching.length === 0) return;
      throw assertionError(`expected no event matching ${describeFilter(filter)}\n${describeSeen(matching)}`);
    },
  };
}

/** Named like vitest's own assertion failures, so reporters present it the same way. */
function assertionError(message: string): Error {
  const error = new Error(message);
  error.name = "AssertionError";
  return error;
}
