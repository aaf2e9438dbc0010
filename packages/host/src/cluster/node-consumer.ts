/**
 * Each host's view of the world's events: an ordered JetStream consumer over
 * every event subject, starting after the last event stored when the host
 * joined. Events go to the bus one at a time (ingest waits for the queues),
 * so every host routes them in the stream's order. After a NATS restart the
 * client re-creates the consumer from the last sequence it saw: the host
 * catches up on what it missed instead of skipping it.
 */
import { DeliverPolicy } from "@nats-io/jetstream";
import type { Logger } from "pino";
import type { EventBus } from "../events/bus-types.js";
import { decodeEvent, depthOf } from "./event-codec.js";
import { EVENT_SUBJECT_PREFIX } from "./event-subjects.js";
import { EVENTS_STREAM, type NatsCluster } from "./nats-connection.js";

export interface NodeConsumer {
  /** Stream sequence of the last event routed on this host. */
  readonly lastSequence: number;
  stop(): Promise<void>;
}

const RESTART_PAUSE_MS = 500;

export async function startNodeConsumer(cluster: NatsCluster, bus: EventBus, logger: Logger): Promise<NodeConsumer> {
  const info = await cluster.jsm.streams.info(EVENTS_STREAM);
  let lastSequence = info.state.last_seq;
  let stopped = false;
  let current: { stop(): void } | undefined;

  async function runOnce(): Promise<void> {
    const consumer = await cluster.js.consumers.get(EVENTS_STREAM, {
      filter_subjects: `${EVENT_SUBJECT_PREFIX}.>`,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: lastSequence + 1,
    });
    const messages = await consumer.consume({ max_messages: 512 });
    current = messages;
    for await (const message of messages) {
      if (message.seq <= lastSequence) continue;
      lastSequence = message.seq;
      try {
        await bus.ingest(decodeEvent(message.data), depthOf(message.headers));
      } catch (error) {
        logger.error({ err: error, seq: message.seq }, "could not route an event from the cluster");
      }
    }
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        await runOnce();
      } catch (error) {
        if (!stopped) logger.warn({ err: error, after: lastSequence }, "cluster event consumer ended; restarting");
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, RESTART_PAUSE_MS));
    }
  })();

  return {
    get lastSequence() {
      return lastSequence;
    },
    async stop() {
      stopped = true;
      current?.stop();
      await loop;
    },
  };
}
