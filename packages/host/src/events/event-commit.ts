/**
 * The commit step: events are appended to the store and routed one at a
 * time, in arrival order, so the store's order is every queue's order. A
 * publish settles once its event is stored and routed (and any queue that
 * was full under `block` took it).
 */
import type { Event } from "@holomush/proto";
import { HostError, HostErrorCode } from "../errors.js";
import type { EventStore } from "../storage/event-store.js";
import type { PublishResult } from "./bus-types.js";

interface PendingCommit {
  event: Event;
  depth: number;
  resolve(result: PublishResult): void;
  reject(error: unknown): void;
}

/** Stores then routes; `route` returns the enqueues still waiting for room. */
export type Route = (event: Event, depth: number) => Array<Promise<boolean>>;

export function createCommitter(
  store: EventStore,
  route: Route,
): (event: Event, depth: number) => Promise<PublishResult> {
  /** Events waiting to be stored and routed, in arrival order (see drainCommits). */
  const commits: PendingCommit[] = [];
  let committing = false;

  /**
   * One loop instead of a promise chain per event: publishing is the host's
   * hottest path.
   */
  async function drainCommits(): Promise<void> {
    for (let next = commits.shift(); next !== undefined; next = commits.shift()) {
      const { event, resolve, reject } = next;
      try {
        await store.append(event);
      } catch (error) {
        reject(HostError.from(error, HostErrorCode.STORAGE_UNAVAILABLE, { details: { stream: event.stream } }));
        continue;
      }
      try {
        const blocked = route(event, next.depth);
        const result: PublishResult = { event, cancelled: false };
        if (blocked.length === 0) resolve(result);
        else Promise.all(blocked).then(() => resolve(result), reject);
      } catch (error) {
        reject(error);
      }
    }
    committing = false;
  }

  return (event, depth) =>
    new Promise<PublishResult>((resolve, reject) => {
      commits.push({ event, depth, resolve, reject });
      if (committing) return;
      committing = true;
      void drainCommits();
    });
}
