/**
 * A singleton plugin's lease: one key per plugin in a NATS KV bucket whose
 * entries expire `ttl` after their last write. The holder creates the key
 * (create fails while it exists) and rewrites it every ttl/3 with the
 * revision it last wrote (a compare-and-set), so a node that lost the lease
 * can never renew it. Fencing: the holder also counts the ttl itself from
 * before each renewal was sent, and considers the lease lost a fifth of the
 * ttl before the server can expire it — a node cut off from NATS stops its
 * singleton before any other node can take it.
 */
import { type KV, Kvm } from "@nats-io/kv";
import type { Logger } from "pino";
import type { NatsCluster } from "./nats-connection.js";

export const LEASE_BUCKET = "holomush_leases";

export interface SingletonLease {
  readonly plugin: string;
  /** KV revision of the lease when taken: grows with every takeover (a fencing token). */
  readonly token: number;
  /** True while this node holds the lease and its last renewal is recent enough. */
  held(): boolean;
  /** Gives the lease up at once (graceful stop), so another node takes over without waiting for the ttl. */
  release(): Promise<void>;
}

export interface LeaseBucket {
  /** The lease TTL in force: the bucket's, set by the first host that created it. */
  readonly ttlMs: number;
  /** The lease if this node could take it now; undefined while another node holds it. */
  tryAcquire(plugin: string, onLost: (why: string) => void): Promise<SingletonLease | undefined>;
  /** The node holding a plugin's lease, if any. */
  holder(plugin: string): Promise<string | undefined>;
}

export async function openLeaseBucket(cluster: NatsCluster, logger: Logger): Promise<LeaseBucket> {
  const configured = cluster.options.leaseTtlMs;
  const kv: KV = await new Kvm(cluster.js).create(LEASE_BUCKET, { ttl: configured, history: 1 });
  // The bucket keeps the TTL it was created with; fencing must count with that one, not ours.
  const bucketTtl = (await kv.status()).ttl;
  const ttlMs = bucketTtl > 0 ? bucketTtl : configured;
  if (ttlMs !== configured) {
    logger.warn(
      { configured, inForce: ttlMs },
      "lease TTL differs from the one the cluster's lease bucket was created with; using the bucket's",
    );
  }
  const safeMs = ttlMs - Math.ceil(ttlMs / 5);
  const renewEveryMs = Math.max(50, Math.floor(ttlMs / 3));
  const nodeId = cluster.nodeId;

  return {
    ttlMs,
    async holder(plugin) {
      const entry = await kv.get(plugin).catch(() => null);
      return entry && entry.operation === "PUT" ? entry.string() : undefined;
    },
    async tryAcquire(plugin, onLost) {
      const sentAt = performance.now();
      let revision: number;
      try {
        revision = await kv.create(plugin, nodeId);
      } catch {
        return undefined; // held by another node (or NATS unreachable: nothing to take then either)
      }
      const token = revision;
      let renewedAt = sentAt;
      let lost: string | undefined;
      const lose = (why: string) => {
        if (lost !== undefined) return;
        lost = why;
        clearInterval(renewTimer);
        clearInterval(checkTimer);
        logger.warn({ plugin, node: nodeId, why }, "singleton lease lost");
        onLost(why);
      };
      let renewing = false;
      const renewTimer = setInterval(() => {
        if (renewing || lost !== undefined) return;
        renewing = true;
        const started = performance.now();
        kv.update(plugin, nodeId, revision)
          .then((next) => {
            revision = next;
            renewedAt = started;
          })
          .catch((error: unknown) => {
            // A wrong revision means another node owns the key now; anything else may pass (the check timer decides).
            if (/wrong last sequence/i.test(String(error))) lose("another node took the lease");
          })
          .finally(() => {
            renewing = false;
          });
      }, renewEveryMs);
      const checkTimer = setInterval(
        () => {
          if (performance.now() - renewedAt > safeMs) lose(`not renewed for ${safeMs} ms (cut off from NATS?)`);
        },
        Math.max(20, Math.floor(ttlMs / 20)),
      );
      renewTimer.unref();
      checkTimer.unref();
      return {
        plugin,
        token,
        held: () => lost === undefined && performance.now() - renewedAt <= safeMs,
        async release() {
          if (lost !== undefined) return;
          lost = "released";
          clearInterval(renewTimer);
          clearInterval(checkTimer);
          await kv.delete(plugin, { previousSeq: revision }).catch(() => undefined);
        },
      };
    },
  };
}
