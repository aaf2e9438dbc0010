/**
 * A spawned plugin's identity is the connection the host made for it: at
 * spawn the child inherits one end of a connected unix socket pair on fd 3
 * (`HOLOMUSH_HOST_FD=3`), and the host serves that end as one more HTTP/2
 * connection of its server. No secret is handed over, so none sits where a
 * sibling of the same OS user can read it: not in `/proc/<pid>/environ`, and
 * a socket cannot be re-opened through `/proc/<pid>/fd` (ENXIO), unlike a
 * pipe. Every request that arrives on the connection is the plugin's; what
 * it presents (tokens, names) does not matter. A new process start gets a
 * new pair, so a connection dies with the process it was made for.
 */
import type { ChildProcess } from "node:child_process";
import type { IncomingMessage } from "node:http";
import type http2 from "node:http2";
import type { Socket } from "node:net";
import { createContextKey } from "@connectrpc/connect";
import { HostError, HostErrorCode } from "../../errors.js";
import type { PluginBinding } from "./plugin-bindings.js";

/** The child's descriptor of its end of the pair. */
export const SPAWN_CONNECTION_FD = 3;

/** Stdio for spawn(): stdin (the lifeline), stdout, stderr, and the connection on fd 3. */
export const SPAWN_STDIO = ["pipe", "pipe", "pipe", "pipe"] as const;

const BOUND = Symbol("holomush.spawn-connection.binding");

/** For Connect handlers: the binding of the connection a request came on (see host-server.ts). */
export const CONNECTION_BINDING = createContextKey<PluginBinding | undefined>(undefined, {
  description: "binding of a spawned plugin's connection",
});

/**
 * The host's end of the child's fd 3 (libuv makes "pipe" stdio a socketpair
 * on unix); undefined if the spawn failed before making it (the child then
 * never says hello, and the connect timeout handles it).
 */
export function spawnedConnection(child: ChildProcess): Socket | undefined {
  return (child.stdio[SPAWN_CONNECTION_FD] as Socket | null | undefined) ?? undefined;
}

/** Marks a connection as belonging to one plugin start. */
export function bindConnection(socket: Socket, binding: PluginBinding): void {
  (socket as Socket & { [BOUND]?: PluginBinding })[BOUND] = binding;
}

/**
 * The binding of the connection a request arrived on, or undefined for the
 * public socket (dial-in plugins, which authenticate with a token). The
 * http2 session's socket is a proxy that forwards property reads.
 */
export function connectionBinding(
  request: http2.Http2ServerRequest | IncomingMessage | { stream?: http2.ServerHttp2Stream },
): PluginBinding | undefined {
  const socket =
    (request as http2.Http2ServerRequest).stream?.session?.socket ?? (request as IncomingMessage).socket ?? undefined;
  return (socket as (Socket & { [BOUND]?: PluginBinding }) | undefined)?.[BOUND];
}

/**
 * The binding of one process start: its hello is taken only while that
 * process is still the plugin's current child, so a connection of a killed
 * process can never stand in for the restarted one.
 */
export function bindingForStart(plugin: PluginBinding, isCurrent: () => boolean): PluginBinding {
  return {
    pluginName: plugin.pluginName,
    host: plugin.host,
    brokers: plugin.brokers,
    accept(hello, stream) {
      if (!isCurrent()) {
        throw new HostError(
          HostErrorCode.PERMISSION_DENIED,
          `this connection belonged to a previous process of ${plugin.pluginName}`,
          { plugin: plugin.pluginName },
        );
      }
      return plugin.accept(hello, stream);
    },
  };
}
