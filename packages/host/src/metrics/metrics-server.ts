import { createServer, type Server } from "node:http";
import type { Logger } from "pino";
import type { Registry } from "prom-client";

/** Bounds on the /metrics server's clients. */
export interface MetricsServerLimits {
  /** Connections open at once; more are closed at accept (a scraper needs one or two). Default 64. */
  maxConnections: number;
  /** Time a client has to send its whole request, headers included (slowloris), ms. Default 10 000. */
  requestTimeoutMs: number;
}

/** 64 connections at once, 10 s to send a request. */
export const DEFAULT_METRICS_LIMITS: Readonly<MetricsServerLimits> = Object.freeze({
  maxConnections: 64,
  requestTimeoutMs: 10_000,
});

/** Serves GET /metrics in Prometheus text format; opt-in (the host starts it only when given a port). */
export async function startMetricsServer(
  registry: Registry,
  host: string,
  port: number,
  options: { limits?: Partial<MetricsServerLimits>; logger?: Logger } = {},
): Promise<Server> {
  const limits = { ...DEFAULT_METRICS_LIMITS, ...options.limits };
  const server = createServer(
    {
      headersTimeout: limits.requestTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node checks those timeouts on this interval (default 30 s); a second keeps them close to their value.
      connectionsCheckingInterval: 1000,
    },
    (request, response) => {
      if (request.method !== "GET" || request.url?.split("?")[0] !== "/metrics") {
        response.writeHead(404).end("not found\n");
        return;
      }
      registry.metrics().then(
        (body) => response.writeHead(200, { "content-type": registry.contentType }).end(body),
        (error: unknown) => response.writeHead(500).end(`${String(error)}\n`),
      );
    },
  );
  server.maxConnections = limits.maxConnections;
  // Headers: Node's default 16 KiB cap stays; a malformed request gets Node's 400 and is closed.
  let drops = 0;
  server.on("drop", () => {
    if (drops++ % 1000 === 0) {
      options.logger?.warn({ limit: limits.maxConnections, drops }, "metrics connection refused: too many open");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      // Accept failures after listening are logged, never an unhandled 'error'.
      server.on("error", (error) => options.logger?.error({ err: error }, "metrics listener error"));
      resolve();
    });
  });
  return server;
}
