/**
 * A host's membership in a cluster: the NATS connection, the event transport
 * the bus publishes through, and the consumer that feeds the bus. createHost
 * makes one only when given `cluster`; without it nothing here is loaded.
 */

import type { ServiceConfig } from "@holomush/proto";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../errors.js";
import type { EventBus, EventTransport } from "../events/bus-types.js";
import type { SessionRegistry } from "../focus/session-registry.js";
import type { ManifestSource } from "../manifest/manifest.js";
import type { PluginRuntime } from "../plugins/runtime.js";
import type { ClusterOptions } from "./cluster-options.js";
import { openDeliveryProgress } from "./delivery-progress.js";
import { createJetStreamTransport } from "./event-transport.js";
import { connectCluster, type NatsCluster } from "./nats-connection.js";
import { type NodeConsumer, startNodeConsumer } from "./node-consumer.js";
import { placedRuntime } from "./placed-runtime.js";
import { openLeaseBucket } from "./singleton-lease.js";

export interface ClusterNode {
  readonly nodeId: string;
  readonly nats: NatsCluster;
  readonly transport: EventTransport;
  /** Wraps a runtime so singleton plugins run on one node only (placed-runtime.ts). */
  place(
    runtime: PluginRuntime,
    host: {
      bus: EventBus;
      sessions: SessionRegistry;
      commandTimeoutMs: number;
      serviceConfig(source: ManifestSource): Promise<ServiceConfig>;
    },
  ): PluginRuntime;
  /** True for a plugin that runs on one node at a time (not `replicated`). */
  isSingleton(plugin: string): boolean;
  /** Starts routing the cluster's events into this host's bus. */
  attach(bus: EventBus): Promise<void>;
  close(): Promise<void>;
}

/**
 * Cluster mode needs the shared store: history, KV and characters must be the
 * same for every host, so the in-memory defaults are refused.
 */
export function checkSharedStorage(
  storage: { events?: unknown; kv?: unknown; characters?: unknown } | undefined,
): void {
  if (storage?.events === undefined || storage.kv === undefined || storage.characters === undefined) {
    throw new HostError(
      HostErrorCode.CLUSTER_CONFIG_INVALID,
      "cluster mode needs the shared PostgreSQL store (storage.events, storage.kv and storage.characters from openStorage with a databaseUrl); in-memory storage would give each host its own world",
      { field: "storage" },
    );
  }
}

export async function joinCluster(options: ClusterOptions, logger: Logger): Promise<ClusterNode> {
  const nats = await connectCluster(options, logger);
  const log = logger.child({ component: "cluster", node: nats.nodeId });
  let consumer: NodeConsumer | undefined;
  const leases = await openLeaseBucket(nats, log);
  const progress = await openDeliveryProgress(nats);
  const replicated = new Set(options.replicated ?? []);
  return {
    nodeId: nats.nodeId,
    nats,
    transport: createJetStreamTransport(nats, log),
    isSingleton: (plugin) => !replicated.has(plugin),
    place(runtime, { bus, sessions, commandTimeoutMs, serviceConfig }) {
      return placedRuntime(runtime, (plugin) => (replicated.has(plugin) ? "replicated" : "singleton"), {
        nats,
        leases,
        progress,
        bus: () => bus,
        logger: log,
        commandTimeoutMs,
        serviceConfig,
        hasSession(sessionId) {
          try {
            sessions.get(sessionId);
            return true;
          } catch {
            return false;
          }
        },
      });
    },
    async attach(bus) {
      consumer = await startNodeConsumer(nats, bus, log);
    },
    async close() {
      await consumer?.stop();
      await nats.nc.drain().catch(() => nats.nc.close());
    },
  };
}
