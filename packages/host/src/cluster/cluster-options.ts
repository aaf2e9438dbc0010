/** How a host joins a cluster (docs/scale-out.md). */
export interface ClusterOptions {
  /** NATS server URL(s) with JetStream, e.g. `nats://127.0.0.1:4222` (comma-separated for several). */
  natsUrl: string;
  /** This host's name in the cluster (leases, logs). Default: `<hostname>-<pid>`. Letters, digits, `-`, `_`. */
  nodeId?: string;
  /** How long a singleton plugin's lease lives without renewal, ms. Default 5 000. */
  leaseTtlMs?: number;
  /** How long a publish is retried while NATS is unreachable before it fails, ms. Default 15 000. */
  publishRetryMs?: number;
  /** How long JetStream keeps events, ms. Default 24 hours. */
  retentionMs?: number;
  /**
   * Plugins every node runs (replicated). The others are singletons: one node
   * at a time runs each, placed through a lease in NATS KV.
   */
  replicated?: string[];
}

export const CLUSTER_DEFAULTS = {
  leaseTtlMs: 5_000,
  publishRetryMs: 15_000,
  retentionMs: 24 * 60 * 60 * 1000,
} as const;

export const NODE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
