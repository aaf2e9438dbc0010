/**
 * The plugin stream's fast path: PluginHostService.Connect spoken as the
 * Connect streaming protocol (application/connect+proto) directly on the
 * HTTP/2 stream. Frames queued in one tick leave in one write, and a read
 * may carry many frames, so pipelined calls cost a fraction of a
 * message-at-a-time stream. Any other content type (gRPC clients) falls
 * back to connectNodeAdapter and the generic handler in host-service-routes.
 */
import type http2 from "node:http2";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { ConnectError } from "@connectrpc/connect";
import { endStreamToJson } from "@connectrpc/connect/protocol-connect";
import { ConnectRequestSchema, ConnectResponseSchema, PluginHostService } from "@holomush/proto";
import { createBatchWriter, createEnvelopeReader, END_STREAM_FLAG, encodeEnvelope } from "@holomush/proto/internal";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../../errors.js";
import { toConnectError } from "./connect-errors.js";
import { authenticate } from "./host-service-routes.js";
import type { BindingRegistry, PluginBinding } from "./plugin-bindings.js";
import { PluginStream } from "./plugin-stream.js";
import { connectionBinding } from "./spawn-connection.js";

export const CONNECT_STREAM_PATH = `/${PluginHostService.typeName}/${PluginHostService.method.connect.name}`;

export interface ConnectStreamHandlerOptions {
  bindings: BindingRegistry;
  logger: Logger;
  /** Bound on each plugin stream\'s HostRequests in flight (default MAX_HOST_REQUESTS_IN_FLIGHT). */
  maxHostRequests?: number;
}

/** True when a request is the plugin stream in the Connect protocol (binary). */
export function isConnectStream(request: http2.Http2ServerRequest): boolean {
  return (
    request.url === CONNECT_STREAM_PATH &&
    String(request.headers["content-type"]).startsWith("application/connect+proto")
  );
}

export function createConnectStreamHandler(options: ConnectStreamHandlerOptions) {
  const { bindings, logger } = options;
  return (request: http2.Http2ServerRequest): void => {
    const stream = request.stream;
    let finished = false;
    const finish = (error?: ConnectError) => {
      if (finished) return;
      finished = true;
      writer.flush();
      if (stream.destroyed || stream.closed) return;
      const trailer = new TextEncoder().encode(JSON.stringify(endStreamToJson(new Headers(), error, undefined)));
      stream.end(encodeEnvelope(END_STREAM_FLAG, trailer));
    };
    const writer = createBatchWriter((chunk) => {
      if (!stream.destroyed && !stream.closed) stream.write(chunk);
    });
    stream.respond({ ":status": 200, "content-type": "application/connect+proto" });
    let binding: PluginBinding;
    try {
      binding = authenticate(
        bindings,
        new Headers({ authorization: String(request.headers.authorization ?? "") }),
        connectionBinding(request),
      );
    } catch (error) {
      finish(toConnectError(error));
      return;
    }
    const reader = createEnvelopeReader();
    let plugin: PluginStream | undefined;
    const unavailable = (why: string) =>
      new HostError(HostErrorCode.PLUGIN_UNAVAILABLE, `${binding.pluginName}: ${why}`, { plugin: binding.pluginName });

    const hello = (payload: Uint8Array) => {
      const first = fromBinary(ConnectRequestSchema, payload);
      if (first.frame.case !== "hello") {
        throw new HostError(HostErrorCode.HANDSHAKE_INVALID, "the first frame on the stream must be a PluginHello", {
          plugin: binding.pluginName,
        });
      }
      const candidate = new PluginStream({
        pluginName: binding.pluginName,
        onLog: (log) => binding.host.log(log.level, log.message, log.fields),
        host: binding.host,
        refused: (code) => binding.refused?.(code),
        ...(options.maxHostRequests !== undefined ? { maxHostRequests: options.maxHostRequests } : {}),
      });
      const hostHello = binding.accept(first.frame.value, candidate);
      writer.push(
        toBinary(ConnectResponseSchema, create(ConnectResponseSchema, { frame: { case: "hello", value: hostHello } })),
      );
      candidate.useWriter((frame) => writer.push(frame));
      void candidate.closed.then(() => finish());
      return candidate;
    };

    stream.on("data", (chunk: Buffer) => {
      try {
        for (const envelope of reader.push(chunk)) {
          if (envelope.flags & END_STREAM_FLAG) continue;
          if (plugin) plugin.receiveBytes(envelope.payload);
          else plugin = hello(envelope.payload);
        }
      } catch (error) {
        logger.debug({ plugin: binding.pluginName, err: error }, "plugin stream refused or unreadable");
        plugin?.end(unavailable("unreadable frame"));
        finish(toConnectError(error));
      }
    });
    stream.on("end", () => plugin?.end(unavailable("plugin closed its stream")));
    stream.on("close", () => plugin?.end(unavailable("connection lost")));
    stream.on("error", () => plugin?.end(unavailable("connection lost")));
  };
}
