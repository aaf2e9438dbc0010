/**
 * Routing of stored events: watchers first (synchronously), then each
 * subscribed plugin's queue, once per plugin however many of its
 * subscriptions match, never back to the plugin that emitted the event
 * (self-echo). Also picks the interceptors a cancellable event is offered to.
 */
import { ActorKind, type Event } from "@holomush/proto";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../errors.js";
import type { BusSubscriber } from "./bus-types.js";
import type { Interceptor } from "./intercept-chain.js";
import { validateStreamPattern } from "./stream-pattern.js";
import type { SubscriberState } from "./subscriber-queue.js";
import { createSubscriptionIndex } from "./subscription-index.js";

interface Route {
  state: SubscriberState;
  intercept: boolean;
}

export interface EventRouter {
  /** Checks every subscription pattern (MANIFEST_INVALID naming the field) before anything is added. */
  validate(subscriber: BusSubscriber): void;
  /** Adds the subscriber's subscriptions; the returned functions remove them. */
  add(state: SubscriberState): Array<() => void>;
  watch(pattern: string, listener: (event: Event) => void): () => void;
  /** Notifies watchers and enqueues; returns the enqueues waiting for room. */
  route(event: Event, depth: number): Array<Promise<boolean>>;
  /** The subscribers that intercept this event, as the intercept chain's interceptors. */
  interceptorsFor(
    event: Event,
    offer: (state: SubscriberState, event: Event, deadlineMs: number) => Promise<unknown>,
  ): Interceptor[];
}

export function createEventRouter(logger: Logger): EventRouter {
  const routes = createSubscriptionIndex<Route>();
  const watchers = createSubscriptionIndex<(event: Event) => void>();
  let routePass = 0;

  return {
    validate(subscriber) {
      const { name } = subscriber;
      subscriber.subscriptions.forEach((subscription, index) => {
        const problem = validateStreamPattern(subscription.stream);
        if (problem !== undefined) {
          throw new HostError(HostErrorCode.MANIFEST_INVALID, problem, {
            plugin: name,
            field: `events[${index}].stream`,
          });
        }
      });
    },
    add(state) {
      return state.subscriber.subscriptions.map((subscription) =>
        routes.add(subscription.stream, subscription.types, { state, intercept: subscription.intercept }),
      );
    },
    watch: (pattern, listener) => watchers.add(pattern, [], listener),
    route(event, depth) {
      for (const listener of watchers.match(event.stream, event.type)) {
        try {
          listener(event);
        } catch (error) {
          logger.error({ err: error, event: event.id }, "event watcher threw");
        }
      }
      const emitter = event.actorKind === ActorKind.PLUGIN ? event.actorId : undefined;
      const pass = ++routePass;
      const blocked: Array<Promise<boolean>> = [];
      for (const { state } of routes.match(event.stream, event.type)) {
        if (state.mark === pass || state.removed || state.subscriber.name === emitter) continue;
        state.mark = pass;
        const queued = state.queue.enqueue({ kind: "event", event, depth });
        if (queued instanceof Promise) blocked.push(queued);
      }
      return blocked;
    },
    interceptorsFor(event, offer) {
      const emitter = event.actorKind === ActorKind.PLUGIN ? event.actorId : undefined;
      const seen = new Set<SubscriberState>();
      const interceptors: Interceptor[] = [];
      for (const { state, intercept } of routes.match(event.stream, event.type)) {
        if (!intercept || seen.has(state) || state.removed || state.subscriber.name === emitter) continue;
        seen.add(state);
        const { name, priority, loadOrder } = state.subscriber;
        interceptors.push({
          name,
          priority,
          loadOrder,
          offer: (offered, deadlineMs) => offer(state, offered, deadlineMs) as ReturnType<Interceptor["offer"]>,
        });
      }
      return interceptors;
    },
  };
}
