/**
 * The commit step: events are appended to the store and routed one at a
 * time, in arrival order, so the store's order is every queue's order. A
 * publish settles once its event is stored and routed (and any queue that
 * was full under `block` took it). In cluster mode (a `transport`), a stored
 * event goes to the transport instead of the queues: every host, this one
 * too, routes what the transport delivers (EventBus.ingest), so all hosts
 * see one order (docs/scale-out.md).
 */
import type { Event } from "@holomush/proto";
import { HostError, HostErrorCode } from "../errors.js";
import { type EventStore, MAX_GROUP_COMMIT } from "../storage/event-store.js";
import type { EventTransport, PublishResult } from "./bus-types.js";

interface PendingCommit {
  event: Event;
  depth: number;
  resolve(result: PublishResult): void;
  reject(error: unknown): void;
  /** Told once the commit settled (the bus's count of unsettled publishes). */
  settled: (() => void) | undefined;
}

/** Stores then routes; `route` returns the enqueues still waiting for room. */
export type Route = (event: Event, depth: number) => Array<Promise<boolean>>;

/** Queues an event for store-then-route; `settled` is told once its publish settles. */
export type Commit = (event: Event, depth: number, settled?: () => void) => Promise<PublishResult>;

export function createCommitter(store: EventStore, route: Route, transport?: EventTransport): Commit {
  /** Events waiting to be stored and routed, in arrival order (see drainCommits). */
  const commits: PendingCommit[] = [];
  let committing = false;

  /**
   * One loop instead of a promise chain per event: publishing is the host's
   * hottest path. What queued while a write ran is stored in one write next
   * (group commit), then routed one at a time in arrival order.
   */
  async function drainCommits(): Promise<void> {
    while (commits.length > 0) {
      if (commits.length === 1 || store.appendMany === undefined) {
        const next = commits.shift() as PendingCommit;
        try {
          await store.append(next.event);
        } catch (error) {
          refuse(next, error);
          continue;
        }
        deliver(next);
        continue;
      }
      const batch = commits.splice(0, MAX_GROUP_COMMIT);
      const refused = await storeBatch(batch);
      for (const next of batch) {
        if (refused.has(next)) refuse(next, refused.get(next));
        else deliver(next);
      }
    }
    committing = false;
  }

  /**
   * One group commit; when it fails, one write per event, so that one bad
   * event fails only its own publish. Returns the commits refused, with why.
   */
  async function storeBatch(batch: PendingCommit[]): Promise<Map<PendingCommit, unknown>> {
    const refused = new Map<PendingCommit, unknown>();
    try {
      await store.appendMany?.(batch.map((commit) => commit.event));
      return refused;
    } catch {
      // Find the event(s) the batch failed on.
    }
    for (const commit of batch) {
      try {
        await store.append(commit.event);
      } catch (error) {
        refused.set(commit, error);
      }
    }
    return refused;
  }

  function refuse(next: PendingCommit, error: unknown): void {
    next.reject(HostError.from(error, HostErrorCode.STORAGE_UNAVAILABLE, { details: { stream: next.event.stream } }));
    next.settled?.();
  }

  /** Routes one stored commit (or, in cluster mode, hands it to the transport). */
  function deliver(next: PendingCommit): void {
    const { event, settled } = next;
    if (transport !== undefined) {
      // Not awaited here: one connection keeps the publishes in order while their acks overlap.
      const { resolve, reject } = next;
      transport.publish(event, next.depth).then(
        () => {
          resolve({ event, cancelled: false });
          settled?.();
        },
        (error) => {
          reject(error);
          settled?.();
        },
      );
      return;
    }
    try {
      const blocked = route(event, next.depth);
      const result: PublishResult = { event, cancelled: false };
      if (blocked.length === 0) {
        next.resolve(result);
        settled?.();
      } else {
        const { resolve, reject } = next;
        Promise.all(blocked).then(
          () => {
            resolve(result);
            settled?.();
          },
          (error) => {
            reject(error);
            settled?.();
          },
        );
      }
    } catch (error) {
      next.reject(error);
      settled?.();
    }
  }

  return (event, depth, settled) =>
    new Promise<PublishResult>((resolve, reject) => {
      commits.push({ event, depth, resolve, reject, settled });
      if (committing) return;
      committing = true;
      void drainCommits();
    });
}
