/**
 * The plugin's one HTTP/2 connection to the host: the Connect stream, the
 * PluginHostService unary calls behind EventSink and FocusClient, and
 * brokered service calls all share one transport (one session on the
 * socket), each request carrying the plugin's bearer token.
 */
import net from "node:net";
import type { DescService } from "@bufbuild/protobuf";
import { type Client, createClient, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { type ConnectResponse, PluginHostService } from "@holomush/proto";
import { PluginSdkError, PluginSdkErrorCode } from "./errors.js";
import { type HostStream, openHostStream } from "./host-stream.js";

/** Header naming the broker id of a brokered call (the host checks it was issued to this plugin). */
export const BROKER_HEADER = "holomush-broker";

export interface HostConnection {
  readonly transport: Transport;
  /** The one HTTP/2 session: the stream and every unary call run on it. */
  readonly sessionManager: Http2SessionManager;
  /** PluginHostService, bound to this plugin by its token. */
  readonly host: Client<typeof PluginHostService>;
  /** Opens PluginHostService.Connect on the shared session (the fast path; see host-stream.ts). */
  openStream(onFrame: (frame: ConnectResponse) => void): Promise<HostStream>;
  /** A typed client for a required service, reached through the host (`broker:<id>` from Init). */
  connectService<T extends DescService>(service: T, brokerAddress: string | number): Client<T>;
}

export interface HostConnectionOptions {
  socketPath: string;
  token: string;
}

export function createHostConnection(options: HostConnectionOptions): HostConnection {
  const bearer: Interceptor = (next) => (request) => {
    request.header.set("authorization", `Bearer ${options.token}`);
    return next(request);
  };
  const sessionManager = new Http2SessionManager(
    "http://localhost",
    {},
    { createConnection: () => net.connect(options.socketPath) },
  );
  const transport = createConnectTransport({
    baseUrl: "http://localhost",
    httpVersion: "2",
    useBinaryFormat: true,
    sessionManager,
    interceptors: [bearer],
  });
  return {
    transport,
    sessionManager,
    host: createClient(PluginHostService, transport),
    openStream: (onFrame) => openHostStream({ sessionManager, token: options.token, onFrame }),
    connectService(service, brokerAddress) {
      return createClient(service, withHeader(transport, BROKER_HEADER, brokerId(brokerAddress)));
    },
  };
}

/** The same transport, with one more header on every request. */
export function withHeader(transport: Transport, name: string, value: string): Transport {
  const add = (header: ConstructorParameters<typeof Headers>[0]) => {
    const headers = new Headers(header);
    headers.set(name, value);
    return headers;
  };
  return {
    unary: (method, signal, timeoutMs, header, input, contextValues) =>
      transport.unary(method, signal, timeoutMs, add(header), input, contextValues),
    stream: (method, signal, timeoutMs, header, input, contextValues) =>
      transport.stream(method, signal, timeoutMs, add(header), input, contextValues),
  };
}

function brokerId(address: string | number): string {
  const text = typeof address === "number" ? String(address) : address.replace(/^broker:/, "");
  if (!/^\d+$/.test(text)) {
    throw new PluginSdkError(
      PluginSdkErrorCode.BROKER_ADDRESS_INVALID,
      `broker address ${JSON.stringify(address)} is not broker:<id>`,
      { details: { address: String(address) } },
    );
  }
  return text;
}
