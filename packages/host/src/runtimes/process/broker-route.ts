/**
 * Brokered service calls (go-plugin's GRPCBroker, over the host socket): any
 * path `/<service>/<method>` that is not PluginHostService, spoken as the
 * Connect unary protocol with binary protobuf, or as gRPC (`application/grpc`,
 * so a stock grpc-go or grpcio client works). The caller presents its bearer
 * token and the broker id it was issued in Init (`holomush-broker`); a
 * service it did not declare in `requires`, or a broker id that is not its
 * own, is refused with SERVICE_NOT_DECLARED.
 */
import type { ConnectError } from "@connectrpc/connect";
import { codeToHttpStatus, errorToJsonBytes } from "@connectrpc/connect/protocol-connect";
import { setTrailerStatus } from "@connectrpc/connect/protocol-grpc";
import type { connectNodeAdapter } from "@connectrpc/connect-node";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../../errors.js";
import type { ServiceDirectory } from "../../plugins/service-directory.js";
import { toConnectError } from "./connect-errors.js";
import { authenticate } from "./host-service-routes.js";
import type { BindingRegistry } from "./plugin-bindings.js";
import { connectionBinding } from "./spawn-connection.js";

/** Header naming the broker id a call goes through (`broker:<id>` or `<id>`). */
export const BROKER_HEADER = "holomush-broker";

export interface BrokerRouteOptions {
  bindings: BindingRegistry;
  services: ServiceDirectory;
  logger: Logger;
  /** Largest request body accepted (default 4 MiB). */
  maxBodyBytes?: number;
}

type NodeHandlerFn = NonNullable<Parameters<typeof connectNodeAdapter>[0]["fallback"]>;
type NodeServerRequest = Parameters<NodeHandlerFn>[0];
type NodeServerResponse = Parameters<NodeHandlerFn>[1];

const PATH = /^\/([A-Za-z_][\w.]*)\/([A-Za-z_]\w*)$/;

export function createBrokerRoute(options: BrokerRouteOptions): NodeHandlerFn {
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  return (request, response) => {
    void serve(request, response).catch((error: unknown) => {
      options.logger.warn({ err: error }, "brokered call failed to answer");
    });
  };

  async function serve(request: NodeServerRequest, response: NodeServerResponse): Promise<void> {
    const match = PATH.exec((request.url ?? "").split("?")[0] ?? "");
    if (!match || request.method !== "POST") {
      response.writeHead(404);
      response.end();
      return;
    }
    const [, service = "", method = ""] = match;
    const abort = new AbortController();
    request.on("close", () => abort.abort());
    const contentType = headerValue(request, "content-type");
    // application/grpc, application/grpc+proto; not grpc-web or grpc+json.
    const grpc = /^application\/grpc(\+proto)?(;|$)/.test(contentType);
    try {
      const binding = authenticate(options.bindings, toHeaders(request), connectionBinding(request));
      const raw = headerValue(request, BROKER_HEADER);
      const brokerId = raw.startsWith("broker:") ? raw.slice("broker:".length) : raw;
      if (!brokerId || binding.brokers.get(brokerId) !== service) {
        binding.refused?.(HostErrorCode.SERVICE_NOT_DECLARED);
        throw new HostError(
          HostErrorCode.SERVICE_NOT_DECLARED,
          `${binding.pluginName} may not call ${service}: not declared in requires, or not its broker id`,
          { plugin: binding.pluginName, details: { service } },
        );
      }
      if (!grpc && !contentType.startsWith("application/proto")) {
        throw new HostError(
          HostErrorCode.INVALID_ARGUMENT,
          `brokered calls use the Connect protocol with application/proto, or gRPC (application/grpc); got ${contentType || "no content-type"}`,
        );
      }
      const received = await readBody(request, maxBodyBytes);
      const body = grpc ? unwrapGrpcMessage(received) : received;
      // Through the plugin's bound host API: the authorizer decides `call` on the service.
      const output = await binding.host.callService(service, method, body, abort.signal);
      if (grpc) {
        response.writeHead(200, { "content-type": "application/grpc+proto" });
        response.addTrailers({ "grpc-status": "0" });
        response.end(wrapGrpcMessage(output));
        return;
      }
      response.writeHead(200, { "content-type": "application/proto" });
      response.end(output);
    } catch (error) {
      const wire = toConnectError(error);
      if (grpc) respondGrpcError(response, wire);
      else respondError(response, wire);
    }
  }
}

function respondError(response: NodeServerResponse, error: ConnectError): void {
  response.writeHead(codeToHttpStatus(error.code), { "content-type": "application/json" });
  response.end(errorToJsonBytes(error, {}));
}

/** gRPC answers errors as a trailers-only response: HTTP 200 with grpc-status and the ErrorDetail. */
function respondGrpcError(response: NodeServerResponse, error: ConnectError): void {
  const headers: Record<string, string> = { "content-type": "application/grpc+proto" };
  setTrailerStatus(new Headers(), error).forEach((value, name) => {
    headers[name] = value;
  });
  response.writeHead(200, headers);
  response.end();
}

/** One uncompressed gRPC length-prefixed message: flag byte 0, 4-byte big-endian length. */
function unwrapGrpcMessage(body: Uint8Array): Uint8Array {
  const view = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (view.length < 5 || view.length !== 5 + view.readUInt32BE(1)) {
    throw new HostError(HostErrorCode.INVALID_ARGUMENT, "a gRPC brokered call must carry exactly one message");
  }
  if (view[0] !== 0) {
    throw new HostError(HostErrorCode.INVALID_ARGUMENT, "compressed gRPC messages are not accepted on the broker");
  }
  return view.subarray(5);
}

function wrapGrpcMessage(message: Uint8Array): Buffer {
  const frame = Buffer.alloc(5 + message.byteLength);
  frame.writeUInt32BE(message.byteLength, 1);
  frame.set(message, 5);
  return frame;
}

function headerValue(request: NodeServerRequest, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

function toHeaders(request: NodeServerRequest): Headers {
  const headers = new Headers();
  const authorization = headerValue(request, "authorization");
  if (authorization) headers.set("authorization", authorization);
  return headers;
}

async function readBody(request: NodeServerRequest, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HostError(HostErrorCode.INVALID_ARGUMENT, `request body exceeds ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
