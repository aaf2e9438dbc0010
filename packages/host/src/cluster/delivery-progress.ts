/**
 * The last event (JetStream sequence) each singleton plugin has handled, in a
 * NATS KV bucket: written after the plugin handled an event and before the
 * ack, so the node that takes a plugin over skips an event the dead node had
 * handled but not acked. This is the consumer-side de-duplication that makes
 * a takeover deliver each event once.
 */
import { type KV, Kvm } from "@nats-io/kv";
import { subjectToken } from "./event-subjects.js";
import type { NatsCluster } from "./nats-connection.js";

export const PROGRESS_BUCKET = "holomush_progress";

export interface DeliveryProgress {
  /** Sequence of the last event the plugin handled; 0 when none. */
  last(plugin: string): Promise<number>;
  record(plugin: string, sequence: number): Promise<void>;
}

export async function openDeliveryProgress(cluster: NatsCluster): Promise<DeliveryProgress> {
  const kv: KV = await new Kvm(cluster.js).create(PROGRESS_BUCKET, { history: 1 });
  return {
    async last(plugin) {
      const entry = await kv.get(subjectToken(plugin));
      if (entry?.operation !== "PUT") return 0;
      const value = Number(entry.string());
      return Number.isSafeInteger(value) ? value : 0;
    },
    async record(plugin, sequence) {
      await kv.put(subjectToken(plugin), String(sequence));
    },
  };
}
