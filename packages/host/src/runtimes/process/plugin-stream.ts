/**
 * One open PluginHostService.Connect stream, host side: an outgoing frame
 * queue the Connect handler drains, and HostCall/PluginReply correlation by
 * call_id. Several calls may be in flight (service calls run beside the
 * serialized event/command calls); a reply to a cancelled call is dropped.
 */
import { create, fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import {
  type ConnectRequest,
  ConnectRequestSchema,
  type ConnectResponse,
  ConnectResponseSchema,
  type HostCallSchema,
  type PluginReply,
  type StreamLog,
} from "@holomush/proto";
import { decodeEventReply, decodeHostRequest, encodeEventCall, encodeHostResponse } from "@holomush/proto/internal";
import { HostError, HostErrorCode } from "../../errors.js";
import type { PluginHostApi } from "../../plugins/plugin-host-api.js";
import { type HostAnswer, HostRequestServer } from "./host-requests.js";

/** The `call` oneof of a HostCall, as a plain object. */
export type HostCallBody = Exclude<MessageInitShape<typeof HostCallSchema>["call"], { case: undefined } | undefined>;
type ResponseFrame = MessageInitShape<typeof ConnectResponseSchema>["frame"];

export interface PluginStreamOptions {
  pluginName: string;
  /** A log line the plugin sent over the stream. */
  onLog(log: StreamLog): void;
  /** The plugin's bound host API: HostRequest frames run against it (unanswered without one). */
  host?: PluginHostApi;
  /** Counts a HostRequest refused before it reached the host API. */
  refused?(code: string): void;
  /** Bound on HostRequests in flight (default MAX_HOST_REQUESTS_IN_FLIGHT). */
  maxHostRequests?: number;
}

/** One call in flight; it is its own abort listener (no closures per call). */
class PendingCall {
  readonly promise: Promise<PluginReply>;
  private resolvePromise!: (reply: PluginReply) => void;
  private rejectPromise!: (error: HostError) => void;

  constructor(
    private readonly stream: PluginStream,
    private readonly callId: bigint,
    private readonly body: HostCallBody,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.promise = new Promise<PluginReply>((resolve, reject) => {
      this.resolvePromise = resolve;
      this.rejectPromise = reject;
    });
  }

  resolve(reply: PluginReply): void {
    this.signal?.removeEventListener("abort", this);
    this.resolvePromise(reply);
  }

  reject(error: HostError): void {
    this.signal?.removeEventListener("abort", this);
    this.rejectPromise(error);
  }

  handleEvent(): void {
    const error = this.stream.abandon(this.callId, this.body);
    if (error) this.rejectPromise(error);
  }
}

export class PluginStream {
  readonly pluginName: string;
  /** Resolves with the reason once the stream is gone (either side). */
  readonly closed: Promise<HostError>;
  private readonly onLog: (log: StreamLog) => void;
  private readonly hostRequests: HostRequestServer | undefined;
  private readonly pending = new Map<bigint, PendingCall>();
  private readonly pings = new Map<bigint, (ok: boolean) => void>();
  private readonly queue: ConnectResponse[] = [];
  private wake: (() => void) | undefined;
  private writer: ((frame: Uint8Array) => void) | undefined;
  private nextId = 1n;
  private ended: HostError | undefined;
  private resolveClosed!: (reason: HostError) => void;
  /** Called when the host gives up on a call (its deadline passed): the supervisor deprioritizes the process. */
  onOverrun: (() => void) | undefined;

  constructor(options: PluginStreamOptions) {
    this.pluginName = options.pluginName;
    this.onLog = options.onLog;
    if (options.host) {
      this.hostRequests = new HostRequestServer({
        host: options.host,
        respond: (requestId, answer) => this.respond(requestId, answer),
        ...(options.refused ? { refused: options.refused } : {}),
        ...(options.maxHostRequests !== undefined ? { maxInFlight: options.maxHostRequests } : {}),
      });
    }
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
  }

  get isOpen(): boolean {
    return this.ended === undefined;
  }

  /** Frames for the Connect handler to yield; ends when the stream closes. */
  async *outgoing(): AsyncGenerator<ConnectResponse> {
    for (;;) {
      const frame = this.queue.shift();
      if (frame) {
        yield frame;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /**
   * Hands frames to `write` (encoded) instead of the outgoing() generator:
   * the raw HTTP/2 path batches them into one write per tick.
   */
  useWriter(write: (frame: Uint8Array) => void): void {
    this.writer = write;
    for (const frame of this.queue.splice(0)) write(toBinary(ConnectResponseSchema, frame));
  }

  send(frame: ResponseFrame): void {
    if (this.ended) return;
    const message = create(ConnectResponseSchema, { frame });
    if (this.writer) {
      this.writer(toBinary(ConnectResponseSchema, message));
      return;
    }
    this.queue.push(message);
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Sends a HostCall and waits for its reply; on abort sends CancelCall and fails with PLUGIN_TIMEOUT. */
  call(body: HostCallBody, signal?: AbortSignal): Promise<PluginReply> {
    if (this.ended) return Promise.reject(this.ended);
    if (signal?.aborted) return Promise.reject(this.timeout(body));
    const callId = this.nextId++;
    const pending = new PendingCall(this, callId, body, signal);
    this.pending.set(callId, pending);
    signal?.addEventListener("abort", pending, { once: true });
    if (this.writer && body.case === "event") this.writer(encodeEventCall(callId, body.value));
    else this.send({ case: "call", value: { callId, call: body } });
    return pending.promise;
  }

  /** The host gave up on a call: forget it, tell the plugin, fail with PLUGIN_TIMEOUT. */
  abandon(callId: bigint, body: HostCallBody): HostError | undefined {
    if (!this.pending.delete(callId)) return undefined;
    this.send({ case: "cancel", value: { callId } });
    this.onOverrun?.();
    return this.timeout(body);
  }

  /** Resolves true when a Pong comes back within `timeoutMs`. */
  ping(timeoutMs: number): Promise<boolean> {
    if (this.ended) return Promise.resolve(false);
    const nonce = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pings.delete(nonce);
        resolve(false);
      }, timeoutMs);
      this.pings.set(nonce, (ok) => {
        clearTimeout(timer);
        resolve(ok);
      });
      this.send({ case: "ping", value: { nonce } });
    });
  }

  /** Handles one encoded frame: event replies and host requests take the hand-rolled decoders. */
  receiveBytes(bytes: Uint8Array): void {
    const reply = decodeEventReply(bytes);
    if (reply) {
      this.settle(reply);
      return;
    }
    const request = decodeHostRequest(bytes);
    if (request) this.hostRequests?.handle(request);
    else this.receive(fromBinary(ConnectRequestSchema, bytes));
  }

  /** Answers one HostRequest: hand-encoded on the raw HTTP/2 path, a generated message otherwise. */
  private respond(requestId: bigint, answer: HostAnswer): void {
    if (this.ended) return;
    if (this.writer) this.writer(encodeHostResponse(requestId, answer));
    else this.send({ case: "hostResponse", value: { requestId, ...answer } });
  }

  /** Handles one frame from the plugin (after the hello). */
  receive(request: ConnectRequest): void {
    const frame = request.frame;
    switch (frame.case) {
      case "reply":
        this.settle(frame.value);
        return;
      case "pong": {
        const done = this.pings.get(frame.value.nonce);
        this.pings.delete(frame.value.nonce);
        done?.(true);
        return;
      }
      case "log":
        this.onLog(frame.value);
        return;
      case "hostRequest":
        this.hostRequests?.handle(frame.value);
        return;
      default:
        // hello again or subscribe: subscriptions are narrowed by the host core later.
        return;
    }
  }

  private settle(reply: PluginReply): void {
    const pending = this.pending.get(reply.callId);
    if (!pending) return; // late reply to a cancelled call
    this.pending.delete(reply.callId);
    pending.resolve(reply);
  }

  /** Closes the stream: pending calls fail with `reason`, the outgoing queue ends. */
  end(reason: HostError): void {
    if (this.ended) return;
    this.ended = reason;
    for (const pending of this.pending.values()) pending.reject(reason);
    this.pending.clear();
    for (const done of this.pings.values()) done(false);
    this.pings.clear();
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
    this.resolveClosed(reason);
  }

  private timeout(body: HostCallBody): HostError {
    return new HostError(HostErrorCode.PLUGIN_TIMEOUT, `${this.pluginName} did not answer ${body.case} in time`, {
      plugin: this.pluginName,
    });
  }
}
