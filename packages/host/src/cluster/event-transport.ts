/**
 * Publishes stored events to JetStream (the bus's EventTransport). The
 * message id is the event's ULID, so a publish retried after a lost ack or a
 * NATS restart is stored once (within the stream's duplicate window).
 */
import type { Event } from "@holomush/proto";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../errors.js";
import type { EventTransport } from "../events/bus-types.js";
import { encodeEvent, eventHeaders } from "./event-codec.js";
import { eventSubject } from "./event-subjects.js";
import type { NatsCluster } from "./nats-connection.js";

const RETRY_PAUSE_MS = 200;

export function createJetStreamTransport(cluster: NatsCluster, logger: Logger): EventTransport {
  const { js, nodeId } = cluster;
  const retryMs = cluster.options.publishRetryMs;
  return {
    async publish(event: Event, depth: number) {
      const subject = eventSubject(event.stream);
      const data = encodeEvent(event);
      const giveUpAt = Date.now() + retryMs;
      for (let attempt = 1; ; attempt++) {
        try {
          await js.publish(subject, data, { msgID: event.id, headers: eventHeaders(depth, nodeId), timeout: 2_000 });
          return;
        } catch (error) {
          if (Date.now() >= giveUpAt) {
            throw new HostError(
              HostErrorCode.CLUSTER_UNAVAILABLE,
              `NATS JetStream did not accept event ${event.id} on ${subject} within ${retryMs} ms`,
              { details: { stream: event.stream, event: event.id }, cause: error },
            );
          }
          if (attempt === 1) logger.warn({ err: error, event: event.id }, "publish to JetStream failed; retrying");
          await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
        }
      }
    },
  };
}
