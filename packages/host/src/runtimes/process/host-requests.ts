/**
 * HostRequest frames: a plugin's PluginHostService calls carried over its
 * open stream. Each runs the same implementation as the unary route
 * (host-methods.ts) against the PluginHostApi bound to the stream's plugin,
 * so identity comes from the stream, never from the frame, and errors leave
 * through the same toConnectError mapping. In-flight requests per stream are
 * bounded: beyond the bound a request is answered at once with
 * HOST_REQUESTS_EXHAUSTED and not run.
 */
import { type ErrorDetail, ErrorDetailSchema, type HostRequest } from "@holomush/proto";
import { HostError, HostErrorCode } from "../../errors.js";
import type { PluginHostApi } from "../../plugins/plugin-host-api.js";
import { toConnectError } from "./connect-errors.js";
import { type HostMethodEntry, hostMethodsByName } from "./host-methods.js";

/** Default bound on one plugin's HostRequests in flight at once. */
export const MAX_HOST_REQUESTS_IN_FLIGHT = 64;

/** What a HostRequest is answered with: the response message, or a code and its ErrorDetail. */
export type HostAnswer = { message: Uint8Array } | { code: number; error?: ErrorDetail };

export interface HostRequestServerOptions {
  /** The host API bound to the stream's plugin (the same object its unary calls use). */
  host: PluginHostApi;
  /** Sends one HostResponse on the stream (a no-op once the stream is gone). */
  respond(requestId: bigint, answer: HostAnswer): void;
  /** Counts a request refused before it reached the host API (holomush_plugin_refusals_total). */
  refused?(code: string): void;
  maxInFlight?: number;
}

export class HostRequestServer {
  private readonly inFlight = new Set<bigint>();
  private readonly maxInFlight: number;
  private readonly pluginName: string;

  constructor(private readonly options: HostRequestServerOptions) {
    this.maxInFlight = options.maxInFlight ?? MAX_HOST_REQUESTS_IN_FLIGHT;
    this.pluginName = options.host.pluginName;
  }

  /** Requests started and not yet answered. */
  get pending(): number {
    return this.inFlight.size;
  }

  handle(request: HostRequest): void {
    const id = request.requestId;
    const accepted = this.accept(request);
    if (accepted instanceof HostError) {
      this.options.refused?.(accepted.code);
      this.fail(id, accepted);
      return;
    }
    const { method, input } = accepted;
    this.inFlight.add(id);
    let running: Promise<unknown>;
    try {
      running = Promise.resolve(method.run(this.options.host, input));
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (output) => {
        this.inFlight.delete(id);
        this.options.respond(id, { message: method.encode(output) });
      },
      (error: unknown) => {
        this.inFlight.delete(id);
        this.fail(id, error);
      },
    );
  }

  /** The method and decoded request, or why the frame is refused before it reaches the host API. */
  private accept(request: HostRequest): { method: HostMethodEntry; input: unknown } | HostError {
    const id = request.requestId;
    if (this.inFlight.has(id)) {
      // The first request keeps its id and is still answered; only this one is refused.
      return this.refusal(HostErrorCode.HOST_REQUEST_INVALID, `request_id ${id} is already in flight`, "request_id");
    }
    if (this.inFlight.size >= this.maxInFlight) {
      return this.refusal(
        HostErrorCode.HOST_REQUESTS_EXHAUSTED,
        `${this.maxInFlight} host requests already in flight on this stream; wait for answers before sending more`,
        undefined,
        { limit: String(this.maxInFlight) },
      );
    }
    const method = hostMethodsByName.get(request.method);
    if (method === undefined) {
      const named = JSON.stringify(request.method);
      return this.refusal(HostErrorCode.HOST_REQUEST_INVALID, `no PluginHostService method ${named}`, "method");
    }
    try {
      return { method, input: method.decode(request.message) };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      const what = `${request.method}: the message is not a ${method.input.typeName}: ${why}`;
      return this.refusal(HostErrorCode.HOST_REQUEST_INVALID, what, "message");
    }
  }

  private refusal(
    code: HostErrorCode,
    message: string,
    field: string | undefined,
    details?: Record<string, string>,
  ): HostError {
    return new HostError(code, message, {
      plugin: this.pluginName,
      ...(field ? { field: `host_request.${field}` } : {}),
      ...(details ? { details } : {}),
    });
  }

  /** The same code and ErrorDetail the unary call would have carried. */
  private fail(id: bigint, error: unknown): void {
    const wire = toConnectError(error);
    const [detail] = wire.findDetails(ErrorDetailSchema);
    this.options.respond(id, { code: wire.code, ...(detail ? { error: detail } : {}) });
  }
}
