/**
 * The host's NATS connection and the JetStream stream every event goes to.
 * The client reconnects on its own, forever (a host outlives a NATS restart);
 * only the first connect must succeed.
 */
import { hostname } from "node:os";
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../errors.js";
import { CLUSTER_DEFAULTS, type ClusterOptions, NODE_ID_PATTERN } from "./cluster-options.js";
import { EVENT_SUBJECT_PREFIX } from "./event-subjects.js";

/** The JetStream stream holding every event of the world. */
export const EVENTS_STREAM = "HOLOMUSH_EVENTS";

export interface NatsCluster {
  readonly nodeId: string;
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly options: Required<Omit<ClusterOptions, "nodeId" | "replicated">>;
}

export function checkClusterOptions(options: ClusterOptions, field = "cluster"): string {
  const nodeId =
    options.nodeId ??
    `${hostname()
      .replace(/[^A-Za-z0-9_-]/g, "-")
      .slice(0, 40)}-${process.pid}`;
  if (!NODE_ID_PATTERN.test(nodeId)) {
    throw new HostError(
      HostErrorCode.CLUSTER_CONFIG_INVALID,
      `${field}.nodeId "${nodeId}" must be 1-64 letters, digits, "-" or "_"`,
      { field: `${field}.nodeId` },
    );
  }
  for (const server of options.natsUrl.split(",")) {
    let url: URL | undefined;
    try {
      url = new URL(server.trim());
    } catch {
      url = undefined;
    }
    if (url === undefined || !["nats:", "tls:", "ws:", "wss:"].includes(url.protocol) || url.hostname === "") {
      throw new HostError(
        HostErrorCode.CLUSTER_CONFIG_INVALID,
        `${field}.natsUrl "${server}" is not a NATS URL (e.g. nats://127.0.0.1:4222)`,
        { field: `${field}.natsUrl` },
      );
    }
  }
  return nodeId;
}

/** Connects, and creates the events stream if this is the first host. */
export async function connectCluster(options: ClusterOptions, logger: Logger): Promise<NatsCluster> {
  const nodeId = checkClusterOptions(options);
  const servers = options.natsUrl.split(",").map((server) => server.trim());
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers,
      name: `holomush-${nodeId}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      pingInterval: 2_000,
      maxPingOut: 2,
    });
  } catch (error) {
    throw new HostError(
      HostErrorCode.CLUSTER_UNAVAILABLE,
      `cannot reach NATS at ${options.natsUrl}: ${String(error)}`,
      {
        field: "cluster.natsUrl",
        cause: error,
      },
    );
  }
  const resolved = {
    natsUrl: options.natsUrl,
    leaseTtlMs: options.leaseTtlMs ?? CLUSTER_DEFAULTS.leaseTtlMs,
    publishRetryMs: options.publishRetryMs ?? CLUSTER_DEFAULTS.publishRetryMs,
    retentionMs: options.retentionMs ?? CLUSTER_DEFAULTS.retentionMs,
  };
  try {
    const jsm = await jetstreamManager(nc);
    await ensureEventsStream(jsm, resolved.retentionMs);
    void watchStatus(nc, nodeId, logger);
    logger.info({ node: nodeId, nats: options.natsUrl }, "joined the cluster");
    return { nodeId, nc, js: jetstream(nc), jsm, options: resolved };
  } catch (error) {
    await nc.close().catch(() => undefined);
    throw new HostError(
      HostErrorCode.CLUSTER_UNAVAILABLE,
      `NATS at ${options.natsUrl} has no usable JetStream (run nats-server -js): ${String(error)}`,
      { field: "cluster.natsUrl", cause: error },
    );
  }
}

async function ensureEventsStream(jsm: JetStreamManager, retentionMs: number): Promise<void> {
  try {
    await jsm.streams.info(EVENTS_STREAM);
    return;
  } catch {
    // not there yet: the first host creates it
  }
  try {
    await jsm.streams.add({
      name: EVENTS_STREAM,
      subjects: [`${EVENT_SUBJECT_PREFIX}.>`],
      max_age: retentionMs * 1_000_000,
      // Nats-Msg-Id = event id: a publish retried within this window is stored once.
      duplicate_window: 120 * 1_000_000_000,
    });
  } catch (error) {
    // Another host created it between our two calls.
    await jsm.streams.info(EVENTS_STREAM).catch(() => {
      throw error;
    });
  }
}

async function watchStatus(nc: NatsConnection, nodeId: string, logger: Logger): Promise<void> {
  for await (const status of nc.status()) {
    if (status.type === "disconnect" || status.type === "reconnect") {
      logger.warn({ node: nodeId, nats: status.type }, `NATS ${status.type}`);
    }
  }
}
