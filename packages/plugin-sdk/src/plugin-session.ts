/**
 * One connection to the host, plugin side: send PluginHello, expect
 * HostHello, then answer HostCalls (each in its own task, so service calls
 * and pipelined calls overlap), honour CancelCall and answer Pings, until
 * Shutdown or until the host goes away.
 */
import type { MessageInitShape } from "@bufbuild/protobuf";
import { ConnectError } from "@connectrpc/connect";
import { type ConnectResponse, HOST_REQUESTS_CAPABILITY, type HostCall, type PluginReplySchema } from "@holomush/proto";
import { encodeEventReply } from "@holomush/proto/internal";
import { createEventSink, type EventSink } from "./event-sink.js";
import { createFocusClient, type FocusClient } from "./focus-client.js";
import { type HostCallError, toHostCallError } from "./host-call-error.js";
import type { HostConnection } from "./host-connection.js";
import { type HostCalls, HostRequestClient, streamHostCalls } from "./host-requests.js";
import type { HostStream, RequestFrameInit } from "./host-stream.js";
import { createKvClient, type KvClient } from "./kv-client.js";
import type {
  EmitEvent,
  EventResultInit,
  HandleEventResult,
  PluginHandler,
  ServiceProvider,
} from "./plugin-handler.js";
import type { ServiceRegistry } from "./service-registry.js";

export interface PluginHelloInit {
  name: string;
  version: string;
  apiVersions: string[];
  commands: string[];
  providedServices: string[];
}

export interface SessionOptions {
  connection: HostConnection;
  hello: PluginHelloInit;
  handler: PluginHandler;
  provider?: ServiceProvider;
  registry: ServiceRegistry;
  /**
   * How EventSink, FocusClient and KvClient reach the host: `"stream"` (default) over the open
   * stream when the host offers it (HostHello capability "host-requests"), else unary calls;
   * `"unary"` always as unary PluginHostService calls.
   */
  hostCalls?: "stream" | "unary";
}

/** How a session ended. */
export type SessionEnd =
  | { kind: "shutdown"; reason: string }
  | { kind: "refused"; error: HostCallError }
  | { kind: "lost"; reason: string };

type ReplyBody = MessageInitShape<typeof PluginReplySchema>["reply"];
type EventReplyBody = ReturnType<typeof normalizeEventResult>;

export async function runPluginSession(options: SessionOptions): Promise<SessionEnd> {
  const { connection, handler, provider, registry } = options;
  let stream: HostStream | undefined;
  const send = (frame: RequestFrameInit) => stream?.send(frame);
  const inFlight = new Map<bigint, Cancellation>();
  let shutdownReason: string | undefined;
  let sink: EventSink | undefined;
  let focus: FocusClient | undefined;
  // Set at HostHello when the host answers HostRequests and the plugin did not ask for unary calls.
  let hostRequests: HostRequestClient | undefined;
  let hostCalls: HostCalls = connection.host;
  const eventSink = () => {
    sink ??= createEventSink(hostCalls);
    return sink;
  };
  const focusClient = () => {
    focus ??= createFocusClient(hostCalls);
    return focus;
  };
  let kv: KvClient | undefined;
  const kvClient = () => {
    kv ??= createKvClient(hostCalls);
    return kv;
  };

  async function answer(call: HostCall, cancellation: Cancellation): Promise<ReplyBody> {
    const body = call.call;
    switch (body.case) {
      case "init": {
        const config = body.value.config;
        if (!config) throw new Error("Init without a ServiceConfig");
        handler.setEventSink?.(eventSink());
        handler.setFocusClient?.(focusClient());
        handler.setKvClient?.(kvClient());
        await provider?.init?.(config, {
          connectService: (service, address) => connection.connectService(service, address),
          eventSink: eventSink(),
          focusClient: focusClient(),
          kv: kvClient(),
        });
        return { case: "init", value: {} };
      }
      case "event": {
        const { event, cancellable, deadlineMs } = body.value;
        if (!event) throw new Error("HandleEvent without an event");
        const context = {
          get signal() {
            return cancellation.signal;
          },
          cancellable,
          deadlineMs: Number(deadlineMs),
        };
        const result = await handler.handleEvent?.(event, context);
        return { case: "event", value: normalizeEventResult(result) };
      }
      case "command": {
        const request = body.value.request;
        if (!request) throw new Error("HandleCommand without a request");
        if (!handler.handleCommand) throw new Error(`this plugin has no handleCommand for ${request.command}`);
        return { case: "command", value: { response: await handler.handleCommand(request, cancellation) } };
      }
      case "shutdown":
        shutdownReason = body.value.reason || "shutdown";
        await handler.shutdown?.(shutdownReason);
        return { case: "shutdown", value: {} };
      case "service":
        return { case: "service", value: await registry.call(body.value, cancellation.signal) };
      default:
        throw new Error(`unknown host call ${String(body.case)}`);
    }
  }

  async function dispatch(call: HostCall): Promise<void> {
    const cancellation = new Cancellation();
    inFlight.set(call.callId, cancellation);
    let reply: ReplyBody;
    try {
      reply = await answer(call, cancellation);
    } catch (error) {
      const code = call.call.case === "init" ? "INIT_FAILED" : "HANDLER_ERROR";
      reply = { case: "error", value: { code, message: error instanceof Error ? error.message : String(error) } };
    } finally {
      inFlight.delete(call.callId);
    }
    if (cancellation.cancelled) return; // the host gave up on this call
    // Event replies are the hot path: answer() built them with normalizeEventResult.
    if (reply?.case === "event") stream?.sendEncoded(encodeEventReply(call.callId, reply.value as EventReplyBody));
    else send({ frame: { case: "reply", value: { callId: call.callId, reply } } });
    if (call.call.case === "shutdown") stream?.close();
  }

  let greeted = false;
  const onFrame = (response: ConnectResponse) => {
    const frame = response.frame;
    if (!greeted) {
      greeted = frame.case === "hello";
      if (frame.case === "hello" && options.hostCalls !== "unary") {
        if (frame.value.capabilities.includes(HOST_REQUESTS_CAPABILITY)) {
          hostRequests = new HostRequestClient((frame) => stream?.sendEncoded(frame));
          hostCalls = streamHostCalls(hostRequests);
        }
      }
      return;
    }
    if (frame.case === "call") void dispatch(frame.value);
    else if (frame.case === "hostResponse") hostRequests?.receive(frame.value);
    else if (frame.case === "cancel") inFlight.get(frame.value.callId)?.cancel();
    else if (frame.case === "ping") send({ frame: { case: "pong", value: { nonce: frame.value.nonce } } });
  };
  let error: ConnectError | undefined;
  try {
    stream = await connection.openStream(onFrame);
    send({ frame: { case: "hello", value: { pluginId: options.hello.name, ...options.hello } } });
    error = await stream.done;
  } catch (thrown) {
    error = ConnectError.from(thrown);
  } finally {
    for (const cancellation of inFlight.values()) cancellation.cancel();
    // Callers waiting on the host get a coded error instead of waiting forever.
    hostRequests?.close(error?.message ?? "the stream ended");
  }
  if (shutdownReason !== undefined) return { kind: "shutdown", reason: shutdownReason };
  if (!error) return { kind: "lost", reason: "the host closed the stream" };
  const hostError = toHostCallError(error);
  return greeted ? { kind: "lost", reason: hostError.message } : { kind: "refused", error: hostError };
}

/** A call's AbortSignal, made only if the handler looks at it (most never do). */
class Cancellation {
  cancelled = false;
  private controller: AbortController | undefined;

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.cancelled) this.controller.abort();
    return this.controller.signal;
  }

  cancel(): void {
    this.cancelled = true;
    this.controller?.abort();
  }
}

/** Accepts the shapes handleEvent may return. */
export function normalizeEventResult(result: HandleEventResult): { events: EmitEvent[]; result?: EventResultInit } {
  if (!result) return { events: [] };
  if (Array.isArray(result)) return { events: result };
  return result.result ? { events: result.events ?? [], result: result.result } : { events: result.events ?? [] };
}
