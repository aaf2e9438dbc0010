/**
 * PluginHostService as served on the host socket. Every call is
 * authenticated by its bearer token and runs against the PluginHostApi bound
 * to that token's plugin; errors leave through toConnectError.
 */
import type { ConnectRouter, HandlerContext, ServiceImpl } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import { type ConnectRequest, type ConnectResponse, ErrorDetailSchema, PluginHostService } from "@holomush/proto";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../../errors.js";
import { toConnectError } from "./connect-errors.js";
import { type HostMethodName, type HostMethods, hostMethods } from "./host-methods.js";
import type { BindingRegistry, PluginBinding } from "./plugin-bindings.js";
import { PluginStream } from "./plugin-stream.js";
import { CONNECTION_BINDING } from "./spawn-connection.js";

export interface HostServiceRoutesOptions {
  bindings: BindingRegistry;
  logger: Logger;
  /** Bound on each plugin stream\'s HostRequests in flight (default MAX_HOST_REQUESTS_IN_FLIGHT). */
  maxHostRequests?: number;
}

/**
 * Resolves the caller's binding or throws Unauthenticated (no detail about
 * why). A request on a spawned plugin's own connection is that plugin's,
 * whatever it presents; on the public socket the bearer token decides.
 */
export function authenticate(bindings: BindingRegistry, header: Headers, connection?: PluginBinding): PluginBinding {
  if (connection) return connection;
  const binding = bindings.authenticate(header.get("authorization"));
  if (binding) return binding;
  throw new ConnectError("missing or unknown plugin token", Code.Unauthenticated, undefined, [
    {
      desc: ErrorDetailSchema,
      value: { code: HostErrorCode.UNAUTHENTICATED, message: "missing or unknown plugin token" },
    },
  ]);
}

export function createHostServiceRoutes(options: HostServiceRoutesOptions): (router: ConnectRouter) => void {
  const { bindings, logger } = options;

  /** Authenticates, runs `fn` with the bound host API, and maps errors to the wire. */
  async function bound<T>(context: HandlerContext, fn: (binding: PluginBinding) => Promise<T> | T): Promise<T> {
    const binding = authenticate(bindings, context.requestHeader, context.values.get(CONNECTION_BINDING));
    try {
      return await fn(binding);
    } catch (error) {
      throw toConnectError(error);
    }
  }

  async function* connect(requests: AsyncIterable<ConnectRequest>, context: HandlerContext) {
    const binding = authenticate(bindings, context.requestHeader, context.values.get(CONNECTION_BINDING));
    const iterator = requests[Symbol.asyncIterator]();
    const first = await iterator.next();
    if (first.done || first.value.frame.case !== "hello") {
      throw toConnectError(
        new HostError(HostErrorCode.HANDSHAKE_INVALID, "the first frame on the stream must be a PluginHello", {
          plugin: binding.pluginName,
        }),
      );
    }
    const stream = new PluginStream({
      pluginName: binding.pluginName,
      onLog: (log) => binding.host.log(log.level, log.message, log.fields),
      host: binding.host,
      refused: (code) => binding.refused?.(code),
      ...(options.maxHostRequests !== undefined ? { maxHostRequests: options.maxHostRequests } : {}),
    });
    let hostHello: ReturnType<PluginBinding["accept"]>;
    try {
      hostHello = binding.accept(first.value.frame.value, stream);
    } catch (error) {
      throw toConnectError(error);
    }
    const unavailable = (why: string) =>
      new HostError(HostErrorCode.PLUGIN_UNAVAILABLE, `${binding.pluginName}: ${why}`, { plugin: binding.pluginName });
    context.signal.addEventListener("abort", () => stream.end(unavailable("connection lost")), { once: true });
    // Read the plugin's frames beside the writer; either side ending closes both.
    void (async () => {
      try {
        for (;;) {
          const next = await iterator.next();
          if (next.done) break;
          stream.receive(next.value);
        }
        stream.end(unavailable("plugin closed its stream"));
      } catch (error) {
        logger.debug({ plugin: binding.pluginName, err: error }, "plugin stream read failed");
        stream.end(unavailable("connection lost"));
      }
    })();
    yield { frame: { case: "hello", value: hostHello } } as ConnectResponse;
    yield* stream.outgoing();
  }

  /** A unary route: the shared implementation (host-methods.ts) behind token binding and error mapping. */
  function unary<K extends HostMethodName>(name: K) {
    return (request: Parameters<HostMethods[K]>[1], context: HandlerContext) =>
      bound(context, ({ host }) =>
        (hostMethods[name] as (h: typeof host, r: typeof request) => unknown)(host, request),
      );
  }

  return (router) => {
    router.service(PluginHostService, {
      connect,
      emitEvent: unary("emitEvent"),
      log: unary("log"),
      kvGet: unary("kvGet"),
      kvSet: unary("kvSet"),
      kvDelete: unary("kvDelete"),
      kvList: unary("kvList"),
      joinFocus: unary("joinFocus"),
      leaveFocus: unary("leaveFocus"),
      leaveFocusByTarget: unary("leaveFocusByTarget"),
      presentFocus: unary("presentFocus"),
      queryStreamHistory: unary("queryStreamHistory"),
    } as ServiceImpl<typeof PluginHostService>);
  };
}
