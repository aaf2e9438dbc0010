/**
 * The one Connect server of the process runtime: HTTP/2 on a unix socket in
 * the private run directory, serving PluginHostService and brokered service
 * routes. Plugins are always clients that dial it.
 */
import http2 from "node:http2";
import type { Socket } from "node:net";
import { createContextValues } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import type { Logger } from "pino";
import type { ServiceDirectory } from "../../plugins/service-directory.js";
import { createBrokerRoute } from "./broker-route.js";
import { createConnectStreamHandler, isConnectStream } from "./connect-stream-handler.js";
import { createHostServiceRoutes } from "./host-service-routes.js";
import type { BindingRegistry, PluginBinding } from "./plugin-bindings.js";
import { bindConnection, CONNECTION_BINDING, connectionBinding } from "./spawn-connection.js";

/** Largest request message on the socket, bytes (KV values and event payloads are far smaller). */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export interface HostServerOptions {
  socketPath: string;
  bindings: BindingRegistry;
  services: ServiceDirectory;
  logger: Logger;
  /** Bound on each plugin stream's HostRequests in flight (default MAX_HOST_REQUESTS_IN_FLIGHT). */
  maxHostRequests?: number;
}

export interface HostServer {
  /** `unix:<socket path>`, as handed to dial-in plugins (HOLOMUSH_HOST_ADDRESS); spawned ones get fd 3. */
  readonly address: string;
  /** Resolves once the socket accepts connections; rejects if it cannot listen. */
  readonly ready: Promise<void>;
  /** Serves a spawned plugin's end of its socket pair as a connection bound to `binding`. */
  adopt(socket: Socket, binding: PluginBinding): void;
  /** Stops accepting and drops open sessions. */
  close(): Promise<void>;
}

/** Starts listening at once (the socket file exists when this returns, or `ready` rejects). */
export function startHostServer(options: HostServerOptions): HostServer {
  const handler = connectNodeAdapter({
    routes: createHostServiceRoutes(options),
    fallback: createBrokerRoute({ bindings: options.bindings, services: options.services, logger: options.logger }),
    connect: true,
    grpc: true,
    grpcWeb: false,
    contextValues: (request) => createContextValues().set(CONNECTION_BINDING, connectionBinding(request)),
    // Connect's default is 4 GiB, read before the token is checked: any local process could make the host
    // hold that much. The plugin stream's envelope reader has the same cap.
    readMaxBytes: MAX_REQUEST_BYTES,
  });
  const fastStream = createConnectStreamHandler(options);
  const server = http2.createServer((request, response) => {
    if (isConnectStream(request)) return fastStream(request);
    // On a unix socket the authority means nothing, and stock gRPC clients send the socket
    // path there (grpcio: "tmp%2F...%2Fhost.sock"), which connect-node cannot put in a URL.
    if (!URL.canParse(`http://${request.authority}`)) {
      Object.defineProperty(request, "authority", { value: "localhost" });
    }
    try {
      handler(request, response);
    } catch (error) {
      // Nothing a client sends may throw out of the request listener (that would crash the host).
      options.logger.warn({ err: error }, "unreadable request on the host socket");
      if (!response.headersSent) response.writeHead(400);
      response.end();
    }
  });
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  const ready = new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.socketPath, () => {
      server.off("error", reject);
      resolve();
    });
  });
  ready.catch(() => undefined);
  let closing: Promise<void> | undefined;
  return {
    address: `unix:${options.socketPath}`,
    ready,
    adopt(socket, binding) {
      bindConnection(socket, binding);
      server.emit("connection", socket);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        for (const session of sessions) session.destroy();
      });
      return closing;
    },
  };
}
