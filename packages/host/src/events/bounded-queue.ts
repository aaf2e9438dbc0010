/**
 * The waiting items of one delivery queue: a bounded FIFO, plus the
 * publishers blocked on it under `block` (they get a place, in order, as
 * places free up). What to do when it is full under `drop` is the caller's.
 */
import type { Slot } from "./delivery-queue-types.js";

interface Waiter<I> {
  slot: Slot<I>;
  resolve: (queued: boolean) => void;
}

export interface BoundedQueue<I> {
  /** Items waiting. */
  readonly depth: number;
  /** The next item, without taking it. */
  peek(): Slot<I> | undefined;
  /** Takes the next item; a blocked publisher, if any, gets the place it freed. */
  take(): Slot<I> | undefined;
  /** true = queued; "full" = no room (nothing blocked); a promise under `block`. */
  offer(slot: Slot<I>, block: boolean): true | "full" | Promise<boolean>;
  /** Empties the queue, returning what waited. */
  clear(): Slot<I>[];
  /** Refuses every blocked publisher (false), returning their items. */
  releaseBlocked(): Slot<I>[];
}

export function createBoundedQueue<I>(size: number, onDepth: () => void): BoundedQueue<I> {
  const capacity = Math.max(1, size);
  let items: Slot<I>[] = [];
  let head = 0;
  const blocked: Waiter<I>[] = [];
  const depth = () => items.length - head;

  return {
    get depth() {
      return depth();
    },
    peek: () => items[head],
    take() {
      if (head === items.length) return undefined;
      const slot = items[head] as Slot<I>;
      items[head++] = undefined as unknown as Slot<I>;
      if (head > 1024 && head * 2 > items.length) {
        items = items.slice(head);
        head = 0;
      }
      // A place freed: the longest-blocked publisher gets it (FIFO keeps order).
      const waiter = blocked.shift();
      if (waiter) {
        items.push(waiter.slot);
        waiter.resolve(true);
      }
      onDepth();
      return slot;
    },
    offer(slot, block) {
      if (depth() < capacity && blocked.length === 0) {
        items.push(slot);
        onDepth();
        return true;
      }
      if (block) return new Promise<boolean>((resolve) => blocked.push({ slot, resolve }));
      return "full";
    },
    clear() {
      const pending = items.slice(head);
      items = [];
      head = 0;
      onDepth();
      return pending;
    },
    releaseBlocked() {
      return blocked.splice(0).map((waiter) => {
        waiter.resolve(false);
        return waiter.slot;
      });
    },
  };
}
