/**
 * The plugin's end of PluginHostService.Connect, spoken as the Connect
 * streaming protocol directly on an HTTP/2 stream of the shared session:
 * frames sent in one tick leave in one write, and every frame read is
 * dispatched at once (a generic Connect bidi client moves one message per
 * event-loop turn, which caps a plugin at ~15k calls/s).
 */
import { create, fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { codeFromHttpStatus, endStreamFromJson } from "@connectrpc/connect/protocol-connect";
import type { Http2SessionManager } from "@connectrpc/connect-node";
import { ConnectRequestSchema, type ConnectResponse, ConnectResponseSchema, PluginHostService } from "@holomush/proto";
import {
  createBatchWriter,
  createEnvelopeReader,
  decodeEventCall,
  decodeHostResponse,
  END_STREAM_FLAG,
} from "@holomush/proto/internal";

const PATH = `/${PluginHostService.typeName}/${PluginHostService.method.connect.name}`;

/** A ConnectRequest frame, as a plain object or a generated message. */
export type RequestFrameInit = MessageInitShape<typeof ConnectRequestSchema>;

/** The plugin's end of PluginHostService.Connect: queued, batched writes and how the stream ended. */
export interface HostStream {
  /** Queues a frame; frames queued in one tick are written together. */
  send(frame: RequestFrameInit): void;
  /** Queues an already-encoded ConnectRequest. */
  sendEncoded(frame: Uint8Array): void;
  /** Ends the request side (after Shutdown). */
  close(): void;
  /** Resolves when the stream is over: undefined for a clean end, else why. */
  readonly done: Promise<ConnectError | undefined>;
}

export interface HostStreamOptions {
  sessionManager: Http2SessionManager;
  token: string;
  onFrame(frame: ConnectResponse): void;
}

export async function openHostStream(options: HostStreamOptions): Promise<HostStream> {
  const stream = await options.sessionManager.request(
    "POST",
    PATH,
    {
      "content-type": "application/connect+proto",
      "connect-protocol-version": "1",
      // No token on the connection inherited at spawn: the connection is the identity.
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    {},
  );
  let settle!: (error: ConnectError | undefined) => void;
  const done = new Promise<ConnectError | undefined>((resolve) => {
    settle = resolve;
  });
  let ended = false;
  const end = (error: ConnectError | undefined) => {
    if (ended) return;
    ended = true;
    settle(error);
    if (!stream.destroyed) stream.close();
  };
  const writer = createBatchWriter((chunk) => {
    if (!stream.destroyed && !stream.closed && stream.writable) stream.write(chunk);
  });
  const reader = createEnvelopeReader();
  stream.on("response", (headers) => {
    const status = Number(headers[":status"]);
    if (status !== 200) end(new ConnectError(`host answered HTTP ${status}`, codeFromHttpStatus(status)));
  });
  stream.on("data", (chunk: Buffer) => {
    options.sessionManager.notifyResponseByteRead(stream);
    try {
      for (const envelope of reader.push(chunk)) {
        if (envelope.flags & END_STREAM_FLAG) {
          end(endStreamFromJson(envelope.payload).error);
          return;
        }
        options.onFrame(decodeEventCall(envelope.payload) ?? decodeFrame(envelope.payload));
      }
    } catch (error) {
      end(ConnectError.from(error, Code.Internal));
    }
  });
  stream.on("close", () => end(new ConnectError("the host connection closed", Code.Unavailable)));
  stream.on("error", (error) => end(ConnectError.from(error, Code.Unavailable)));
  return {
    send(frame) {
      if (!ended) writer.push(toBinary(ConnectRequestSchema, create(ConnectRequestSchema, frame)));
    },
    sendEncoded(frame) {
      if (!ended) writer.push(frame);
    },
    close() {
      writer.flush();
      if (!stream.destroyed && stream.writable) stream.end();
    },
    done,
  };
}

/** Answers to host calls take the hand-rolled decoder; every other frame reflection. */
function decodeFrame(payload: Uint8Array): ConnectResponse {
  const value = decodeHostResponse(payload);
  if (value === undefined) return fromBinary(ConnectResponseSchema, payload);
  return { $typeName: "holomush.plugin.v1.ConnectResponse", frame: { case: "hostResponse", value } };
}
