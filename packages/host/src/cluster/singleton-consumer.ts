/**
 * A singleton plugin's events: a durable JetStream consumer per plugin, so
 * the node that takes the plugin over resumes where the previous one
 * stopped. One event in flight at a time (max_ack_pending 1), acked only
 * after the plugin handled it and the progress was recorded; an event whose
 * sequence is not past the recorded progress was handled already and is
 * acked without a second delivery. The lease is checked before every event
 * (fencing): a node that lost it stops without acking.
 */

import { ActorKind, type Event } from "@holomush/proto";
import { AckPolicy, type ConsumerMessages, DeliverPolicy } from "@nats-io/jetstream";
import type { Logger } from "pino";
import { matchStreamPattern } from "../events/stream-pattern.js";
import type { EventSubscription } from "../manifest/manifest.js";
import type { DeliveryProgress } from "./delivery-progress.js";
import { decodeEvent, depthOf } from "./event-codec.js";
import { EVENT_SUBJECT_PREFIX, subjectToken } from "./event-subjects.js";
import { EVENTS_STREAM, type NatsCluster } from "./nats-connection.js";
import type { SingletonLease } from "./singleton-lease.js";

export interface SingletonConsumerOptions {
  plugin: string;
  subscriptions: readonly EventSubscription[];
  lease: SingletonLease;
  progress: DeliveryProgress;
  /** Hands one event to the plugin; resolves when handled (failures are the plugin's, not retried). */
  deliver(event: Event, depth: number): Promise<void>;
  logger: Logger;
  /** Told when the consumer stops by itself (the lease was lost). */
  onFenced(): void;
}

export interface SingletonConsumer {
  stop(): Promise<void>;
}

export function durableName(plugin: string): string {
  return `plugin_${subjectToken(plugin)}`;
}

function wanted(subscriptions: readonly EventSubscription[], plugin: string, event: Event): boolean {
  if (event.actorKind === ActorKind.PLUGIN && event.actorId === plugin) return false; // no self-echo
  return subscriptions.some(
    (subscription) =>
      matchStreamPattern(subscription.stream, event.stream) &&
      (subscription.types.length === 0 || subscription.types.includes(event.type)),
  );
}

/** A message that is not an event (another client wrote on the subject) is skipped, never retried forever. */
function decodeOrSkip(data: Uint8Array, seq: number, logger: Logger): Event | undefined {
  try {
    return decodeEvent(data);
  } catch (error) {
    logger.warn({ err: error, seq }, "not an event on an event subject; skipped");
    return undefined;
  }
}

export async function startSingletonConsumer(
  cluster: NatsCluster,
  options: SingletonConsumerOptions,
): Promise<SingletonConsumer> {
  const { plugin, lease, progress, logger } = options;
  const name = durableName(plugin);
  const ackWaitMs = Math.max(1_000, cluster.options.leaseTtlMs);
  try {
    await cluster.jsm.consumers.info(EVENTS_STREAM, name);
  } catch {
    await cluster.jsm.consumers.add(EVENTS_STREAM, {
      durable_name: name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.New,
      filter_subject: `${EVENT_SUBJECT_PREFIX}.>`,
      max_ack_pending: 1,
      ack_wait: ackWaitMs * 1_000_000,
    });
  }
  let handled = await progress.last(plugin);
  const consumer = await cluster.js.consumers.get(EVENTS_STREAM, name);
  let messages: ConsumerMessages | undefined;
  let stopped = false;

  const loop = (async () => {
    while (!stopped) {
      try {
        messages = await consumer.consume({ max_messages: 1 });
        for await (const message of messages) {
          if (stopped) break;
          if (!lease.held()) {
            stopped = true;
            options.onFenced();
            break;
          }
          if (message.seq > handled) {
            const event = decodeOrSkip(message.data, message.seq, logger);
            if (event !== undefined && wanted(options.subscriptions, plugin, event)) {
              // The plugin may take longer than ack_wait: tell JetStream it is still being worked on.
              const keepAlive = setInterval(() => message.working(), Math.floor(ackWaitMs / 2));
              try {
                await options.deliver(event, depthOf(message.headers));
              } finally {
                clearInterval(keepAlive);
              }
            }
            if (!lease.held()) {
              stopped = true;
              options.onFenced();
              break;
            }
            // In memory first: if the write fails (NATS going away), this holder still skips the redelivery.
            handled = message.seq;
            await progress.record(plugin, message.seq);
            // Past this line a takeover skips the event (docs/scale-out.md, the at-least-once window).
            logger.debug({ plugin, seq: message.seq, event: event?.id }, "singleton progress recorded");
          }
          await message.ackAck().catch(() => false);
        }
      } catch (error) {
        if (!stopped) logger.warn({ plugin, err: error }, "singleton consumer ended; restarting");
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();

  return {
    async stop() {
      stopped = true;
      messages?.stop();
      await loop;
    },
  };
}
