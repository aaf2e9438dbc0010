/**
 * PluginHostService calls over the plugin's open stream (HostRequest /
 * HostResponse frames, correlated by request_id), used when the host's
 * HostHello lists the "host-requests" capability. Saves a unary HTTP/2
 * request per call; the host runs the same implementation either way, so
 * answers and error codes are those of the unary calls.
 */
import {
  create,
  type DescMessage,
  type DescMethodUnary,
  fromBinary,
  type MessageInitShape,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import { type Client, Code } from "@connectrpc/connect";
import {
  ErrorCode,
  ErrorDetailSchema,
  type HostResponse,
  KvGetResponseSchema,
  PluginHostService,
} from "@holomush/proto";
import { decodeKvGetResponse, encodeHostRequest, encodeKvGetRequest } from "@holomush/proto/internal";
import { HostCallError } from "./host-call-error.js";

/** PluginHostService's unary methods, as a Connect client has them: what EventSink, FocusClient and KvClient use. */
export type HostCalls = Omit<Client<typeof PluginHostService>, "connect">;

/** The code of a host call in flight (or made later) when the plugin's stream to the host closed. */
export const HOST_CONNECTION_LOST = ErrorCode.HOST_CONNECTION_LOST;

/** A code as it came (from the host's ErrorDetail, or the SDK's own): passed on even if this SDK does not list it. */
function asCode(code: string): HostCallError["code"] {
  return code as HostCallError["code"];
}

interface Pending {
  output: DescMessage;
  resolve(message: unknown): void;
  reject(error: HostCallError): void;
}

/** Correlates HostRequests sent with the HostResponses read back. */
export class HostRequestClient {
  private readonly pending = new Map<bigint, Pending>();
  private nextId = 1n;
  private closed: HostCallError | undefined;

  /** `send` queues one encoded ConnectRequest on the stream. */
  constructor(private readonly send: (frame: Uint8Array) => void) {}

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }

  call<I extends DescMessage, O extends DescMessage>(
    method: DescMethodUnary<I, O>,
    request: MessageInitShape<I>,
  ): Promise<MessageShape<O>> {
    if (this.closed) return Promise.reject(this.closed);
    const requestId = this.nextId++;
    // KvGet, the hottest call, skips reflection for its one-field request.
    const message =
      method.name === "KvGet" && typeof (request as { key?: unknown }).key === "string"
        ? encodeKvGetRequest((request as { key: string }).key)
        : toBinary(method.input, create(method.input, request));
    return new Promise<MessageShape<O>>((resolve, reject) => {
      this.pending.set(requestId, { output: method.output, resolve: resolve as (m: unknown) => void, reject });
      this.send(encodeHostRequest(requestId, method.name, message));
    });
  }

  /** Settles the request a HostResponse answers; an unknown request_id is dropped. */
  receive(response: HostResponse): void {
    const pending = this.pending.get(response.requestId);
    if (pending === undefined) return;
    this.pending.delete(response.requestId);
    if (response.code === 0) {
      try {
        const fast = pending.output === KvGetResponseSchema ? decodeKvGetResponse(response.message) : undefined;
        pending.resolve(fast ?? fromBinary(pending.output, response.message));
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        pending.reject(new HostCallError("INTERNAL", `unreadable host response: ${why}`, Code.Internal, {}, error));
      }
      return;
    }
    const detail = response.error ?? create(ErrorDetailSchema, {});
    const code = (Code[response.code] as string | undefined) === undefined ? Code.Unknown : (response.code as Code);
    const name = detail.code || Code[code].replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
    pending.reject(new HostCallError(asCode(name), detail.message || name, code, { ...detail.metadata }));
  }

  /** The stream is gone: every request in flight fails with HOST_CONNECTION_LOST, later ones at once. */
  close(reason: string): void {
    if (this.closed) return;
    const message = `the stream to the host closed: ${reason}`;
    this.closed = new HostCallError(HOST_CONNECTION_LOST, message, Code.Unavailable);
    for (const pending of this.pending.values()) pending.reject(this.closed);
    this.pending.clear();
  }
}

/** A client with the unary client's shape whose calls ride the stream. */
export function streamHostCalls(requests: HostRequestClient): HostCalls {
  const calls: Record<string, (request: never) => Promise<unknown>> = {};
  for (const method of PluginHostService.methods) {
    if (method.methodKind !== "unary") continue;
    const unary = method as DescMethodUnary;
    calls[method.localName] = (request) => requests.call(unary, request);
  }
  return calls as unknown as HostCalls;
}
