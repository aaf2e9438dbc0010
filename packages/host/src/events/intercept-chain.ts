/**
 * The intercept (cancel/mutate) chain for cancellable events (Dragonfly's
 * EventResult, with a documented order where Dragonfly used map order).
 *
 * The event is offered to every interceptor at once, each through its own
 * delivery queue (so a plugin still never sees two calls at once), with
 * `cancellable = true` and one shared deadline (default 250 ms). The chain
 * waits for every result or the deadline, whichever comes first; results
 * arriving later are ignored. Every interceptor sees the original event:
 * offers are concurrent, so no interceptor sees another's mutation.
 *
 * Events an interceptor returns while intercepting are discarded by the
 * caller: interception is for verdicts; reactions come with the normal
 * delivery of the (possibly mutated) event that follows.
 */
import { clone } from "@bufbuild/protobuf";
import { type Event, EventSchema } from "@holomush/proto";
import type { Logger } from "pino";
import type { EventResultInit } from "../plugins/runtime.js";
import { payloadProblem } from "./emit-fence.js";

export interface Interceptor {
  /** Plugin name. */
  name: string;
  /** Lower applies first. */
  priority: number;
  /** Tie-break after priority (lower first). */
  loadOrder: number;
  /**
   * Offers the event (through the plugin's queue) and resolves with the
   * plugin's result, or undefined when it gave none, failed, timed out or
   * the offer was dropped. Rejections are treated as "no result".
   */
  offer(event: Event, deadlineMs: number): Promise<EventResultInit | undefined>;
}

export interface InterceptChainOptions {
  logger: Logger;
  /** How long to wait for results, in ms (default 250; docs/architecture.md). */
  deadlineMs?: number;
  /** Clock in Unix ms (default Date.now). */
  now?: () => number;
}

export interface InterceptVerdict {
  cancelled: boolean;
  /** The first canceller in application order. */
  cancelledBy?: string;
  reason?: string;
  /** The payload after every accepted mutation (the original when none). */
  payload: string;
  /** Interceptors whose mutation was applied, in application order. */
  mutatedBy: string[];
  /** Interceptors that gave no result before the deadline. */
  missed: string[];
}

export interface InterceptChain {
  readonly deadlineMs: number;
  intercept(event: Event, interceptors: readonly Interceptor[]): Promise<InterceptVerdict>;
}

export const DEFAULT_INTERCEPT_DEADLINE_MS = 250;

export function createInterceptChain(options: InterceptChainOptions): InterceptChain {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const deadlineMs = options.deadlineMs ?? DEFAULT_INTERCEPT_DEADLINE_MS;

  async function intercept(event: Event, interceptors: readonly Interceptor[]): Promise<InterceptVerdict> {
    if (interceptors.length === 0) return { cancelled: false, payload: event.payload, mutatedBy: [], missed: [] };
    const results = await collect(event, interceptors, now() + deadlineMs);
    return apply(event, interceptors, results);
  }

  /** Offers concurrently; settles at the deadline with whatever arrived. */
  function collect(
    event: Event,
    interceptors: readonly Interceptor[],
    deadline: number,
  ): Promise<Array<{ result: EventResultInit | undefined } | undefined>> {
    const results = new Array<{ result: EventResultInit | undefined } | undefined>(interceptors.length);
    return new Promise((resolve) => {
      let remaining = interceptors.length;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(results);
      };
      const timer = setTimeout(finish, Math.max(0, deadline - now()));
      interceptors.forEach((interceptor, index) => {
        const settle = (result: EventResultInit | undefined) => {
          if (done) {
            logger.debug({ plugin: interceptor.name, event: event.id }, "late intercept result ignored");
            return;
          }
          results[index] = { result };
          if (--remaining === 0) finish();
        };
        // Each interceptor gets its own copy: an in-process plugin cannot
        // change what the others see or bypass the payload checks below.
        let offered: Promise<EventResultInit | undefined>;
        try {
          offered = interceptor.offer(clone(EventSchema, event), deadline);
        } catch (error) {
          offered = Promise.reject(error);
        }
        offered.then(settle, (error: unknown) => {
          logger.warn({ plugin: interceptor.name, err: error }, "intercept offer failed");
          settle(undefined);
        });
      });
    });
  }

  function apply(
    event: Event,
    interceptors: readonly Interceptor[],
    results: ReadonlyArray<{ result: EventResultInit | undefined } | undefined>,
  ): InterceptVerdict {
    const verdict: InterceptVerdict = { cancelled: false, payload: event.payload, mutatedBy: [], missed: [] };
    // APPLICATION ORDER (documented, deterministic): results are applied
    // sorted by priority ascending, then loadOrder ascending, then name.
    // Each valid mutation replaces the payload in that order, so the LAST
    // mutator in the order wins. Any `cancel: true` wins over every mutation;
    // `cancelledBy`/`reason` name the first canceller in the order. Arrival
    // time never matters, and results after the deadline were never recorded.
    const order = interceptors
      .map((interceptor, index) => ({ interceptor, entry: results[index] }))
      .sort(
        (a, b) =>
          a.interceptor.priority - b.interceptor.priority ||
          a.interceptor.loadOrder - b.interceptor.loadOrder ||
          (a.interceptor.name < b.interceptor.name ? -1 : a.interceptor.name > b.interceptor.name ? 1 : 0),
      );
    for (const { interceptor, entry } of order) {
      if (entry === undefined) {
        verdict.missed.push(interceptor.name);
        continue;
      }
      const result = entry.result;
      if (result === undefined) continue;
      if (result.cancel === true) {
        if (!verdict.cancelled) {
          verdict.cancelled = true;
          verdict.cancelledBy = interceptor.name;
          verdict.reason = result.reason ?? "";
        }
        continue;
      }
      if (result.payload === undefined) continue;
      const problem = payloadProblem(result.payload);
      if (problem !== undefined) {
        logger.warn(
          { plugin: interceptor.name, event: event.id, code: problem.code },
          `intercept mutation ignored: ${problem.message}`,
        );
        continue;
      }
      verdict.payload = result.payload;
      verdict.mutatedBy.push(interceptor.name);
    }
    if (verdict.cancelled) {
      verdict.payload = event.payload;
      verdict.mutatedBy = [];
      logger.info(
        {
          plugin: verdict.cancelledBy,
          event: event.id,
          stream: event.stream,
          type: event.type,
          reason: verdict.reason,
        },
        "event cancelled by interceptor",
      );
    }
    return verdict;
  }

  return { deadlineMs, intercept };
}
