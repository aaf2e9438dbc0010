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
import type { EventStore } from "../storage/event-store.js";
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
   * hottest path.
   */
  async function drainCommits(): Promise<void> {
    for (let next = commits.shift(); next !== undefined; next = commits.shift()) {
      const { event, settled } = next;
      try {
        await store.append(event);
      } catch (error) {
        next.reject(HostError.from(error, HostErrorCode.STORAGE_UNAVAILABLE, { details: { stream: event.stream } }));
        settled?.();
        continue;
      }
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
        continue;
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
    committing = false;
  }

  return (event, depth, settled) =>
    new Promise<PublishResult>((resolve, reject) => {
      commits.push({ event, depth, resolve, reject, settled });
      if (committing) return;
      committing = true;
      void drainCommits();
    });
}
