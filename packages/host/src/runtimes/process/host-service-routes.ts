/**
 * PluginHostService as served on the host socket. Every call is
 * authenticated by its bearer token and runs against the PluginHostApi bound
 * to that token's plugin; errors leave through toConnectError.
 */
import type { ConnectRouter, HandlerContext } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  type ConnectRequest,
  type ConnectResponse,
  ErrorDetailSchema,
  type FocusKey,
  PluginHostService,
} from "@holomush/proto";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../../errors.js";
import type { FocusTarget } from "../../plugins/plugin-host-api.js";
import { toConnectError } from "./connect-errors.js";
import type { BindingRegistry, PluginBinding } from "./plugin-bindings.js";
import { PluginStream } from "./plugin-stream.js";
import { CONNECTION_BINDING } from "./spawn-connection.js";

export interface HostServiceRoutesOptions {
  bindings: BindingRegistry;
  logger: Logger;
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

  return (router) => {
    router.service(PluginHostService, {
      connect,
      emitEvent: (request, context) =>
        bound(context, async ({ host }) => ({ eventIds: await host.emit(request.events) })),
      log: (request, context) =>
        bound(context, ({ host }) => {
          host.log(request.level, request.message, request.fields);
          return {};
        }),
      kvGet: (request, context) =>
        bound(context, async ({ host }) => {
          const value = await host.kvGet(request.key);
          return { value: value ?? new Uint8Array(), found: value !== undefined };
        }),
      kvSet: (request, context) =>
        bound(context, async ({ host }) => {
          await host.kvSet(request.key, request.value);
          return {};
        }),
      kvDelete: (request, context) =>
        bound(context, async ({ host }) => ({ deleted: await host.kvDelete(request.key) })),
      kvList: (request, context) =>
        bound(context, async ({ host }) => {
          const page = await host.kvList(request.prefix, request.pageSize || undefined, request.pageToken || undefined);
          return { entries: page.entries, nextPageToken: page.nextPageToken };
        }),
      joinFocus: (request, context) =>
        bound(context, async ({ host }) => ({
          streams: await host.joinFocus(request.sessionId, target(request.target)),
        })),
      leaveFocus: (request, context) =>
        bound(context, async ({ host }) => ({
          wasMember: await host.leaveFocus(request.sessionId, target(request.target)),
        })),
      leaveFocusByTarget: (request, context) =>
        bound(context, async ({ host }) => ({
          sessionsLeft: await host.leaveFocusByTarget(target(request.target), request.characterId || undefined),
        })),
      presentFocus: (request, context) =>
        bound(context, async ({ host }) => {
          await host.presentFocus(request.sessionId, target(request.target));
          return {};
        }),
      queryStreamHistory: (request, context) =>
        bound(context, async ({ host }) => {
          const page = await host.queryStreamHistory({
            stream: request.stream,
            count: request.count,
            notBeforeMs: Number(request.notBeforeMs),
            ...(request.cursor ? { cursor: request.cursor } : {}),
          });
          return { entries: page.entries, nextCursor: page.nextCursor };
        }),
    });
  };
}

function target(key: FocusKey | undefined): FocusTarget {
  if (!key) throw new HostError(HostErrorCode.INVALID_ARGUMENT, "a focus target is required", { field: "target" });
  return { kind: key.kind, targetId: key.targetId };
}
