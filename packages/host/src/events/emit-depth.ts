/**
 * Echo-loop guard (the host side of the plugins' own echo guard): an
 * event emitted while handling an event of depth d has depth d + 1; past
 * maxEmitDepth it is refused with EMIT_LOOP_DETECTED.
 *
 * A plugin's emits without an explicit cause count from the job it is
 * handling. With pipelined batches several deliveries are in flight, so
 * `current` is the deepest of them: the guard can overcount inside a batch,
 * never undercount.
 */
import type { Event } from "@holomush/proto";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../errors.js";

export const DEFAULT_MAX_EMIT_DEPTH = 8;

/** What a delivery is handling: an event and the depth of its causation chain. */
export interface DepthJob {
  event: Event;
  depth: number;
}

/** One subscriber's deliveries in flight, for the depth of what it emits. */
export interface DeliveryDepth<J extends DepthJob> {
  /** The job being delivered; with pipelined batches, the deepest job of all deliveries in flight. */
  current: J | undefined;
  /** The job of each delivery in flight (a batch's deepest), oldest first. */
  inFlight: J[];
}

/** The job with the deepest causation chain (ties: the earlier one). */
export function deepest<J extends DepthJob>(jobs: readonly J[]): J {
  return jobs.reduce((a, b) => (b.depth > a.depth ? b : a));
}

/**
 * Runs one delivery while tracking `current` across one or several pipelined
 * deliveries. Returns run()'s own promise (no async wrapper: one promise per
 * hop is measurable on the publish path); `current` is updated before
 * anything else awaiting it resumes.
 */
export function delivering<J extends DepthJob, T>(
  tracked: DeliveryDepth<J>,
  job: J,
  run: () => Promise<T>,
): Promise<T> {
  tracked.inFlight.push(job);
  if (tracked.current === undefined || job.depth >= tracked.current.depth) tracked.current = job;
  let result: Promise<T>;
  try {
    result = run();
  } catch (error) {
    endDelivery(tracked, job);
    return Promise.reject(error);
  }
  result.then(
    () => endDelivery(tracked, job),
    () => endDelivery(tracked, job),
  );
  return result;
}

/** The delivery of `job` ended (or was given up: the plugin may never settle). */
export function endDelivery<J extends DepthJob>(tracked: DeliveryDepth<J>, job: J): void {
  const index = tracked.inFlight.indexOf(job);
  if (index < 0) return;
  tracked.inFlight.splice(index, 1);
  tracked.current = tracked.inFlight.length === 0 ? undefined : deepest(tracked.inFlight);
}

export interface EmitDepths {
  /** Remembers the depth of an event the bus published for a plugin (depth > 0). */
  record(event: Event, depth: number): void;
  /** The depth an emit caused by `cause` (default: what the subscriber is handling) starts from. */
  causeDepth(tracked: DeliveryDepth<DepthJob>, cause: Event | undefined): number;
  /** Throws (and logs) EMIT_LOOP_DETECTED when `depth` is past the limit. */
  check(plugin: string, depth: number, cause: Event | undefined): void;
}

export function createEmitDepths(maxEmitDepth: number, logger: Logger): EmitDepths {
  const depths = new WeakMap<Event, number>();
  return {
    record(event, depth) {
      if (depth > 0) depths.set(event, depth);
    },
    causeDepth(tracked, cause) {
      const current = tracked.current;
      if (cause === undefined) return current === undefined ? -1 : current.depth;
      return depths.get(cause) ?? (current !== undefined && current.event.id === cause.id ? current.depth : 0);
    },
    check(plugin, depth, cause) {
      if (depth <= maxEmitDepth) return;
      const error = new HostError(
        HostErrorCode.EMIT_LOOP_DETECTED,
        `plugin ${plugin}: event chain deeper than ${maxEmitDepth} (echo loop?); emitted events refused`,
        { plugin, details: { depth: String(depth), ...(cause ? { cause: cause.id } : {}) } },
      );
      logger.warn({ plugin, depth, cause: cause?.id, code: error.code }, error.message);
      throw error;
    },
  };
}
