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
import type { HostEndpoint } from "./plugin-env.js";

/** Header naming the broker id of a brokered call (the host checks it was issued to this plugin). */
export const BROKER_HEADER = "holomush-broker";

/** The plugin's one HTTP/2 connection to the host: the Connect stream, unary host calls and brokered services. */
export interface HostConnection {
  /** The Connect transport over the shared session, authenticated with the plugin's token. */
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

/** A socket to dial with a token (dial-in), or the connection inherited on a descriptor (spawned). */
export type HostConnectionOptions = HostEndpoint;

/** Connects to the host over the socket or inherited descriptor named in the plugin's environment. */
export function createHostConnection(options: HostConnectionOptions): HostConnection {
  const token = "token" in options ? options.token : "";
  const bearer: Interceptor = (next) => (request) => {
    if (token) request.header.set("authorization", `Bearer ${token}`);
    return next(request);
  };
  const sessionManager = new Http2SessionManager("http://localhost", {}, { createConnection: connector(options) });
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
    openStream: (onFrame) => openHostStream({ sessionManager, token, onFrame }),
    connectService(service, brokerAddress) {
      return createClient(service, withHeader(transport, BROKER_HEADER, brokerId(brokerAddress)));
    },
  };
}

/**
 * How the session manager opens its connection. The inherited descriptor
 * can be wrapped once: if that connection is gone, so is the plugin's
 * identity, and the session ends (the plugin exits; the host restarts it).
 */
function connector(options: HostConnectionOptions): () => net.Socket {
  if ("socketPath" in options) return () => net.connect(options.socketPath);
  let used = false;
  return () => {
    if (used) throw new PluginSdkError(PluginSdkErrorCode.HOST_CONNECTION_LOST, "the host connection is gone");
    used = true;
    return new net.Socket({ fd: options.fd, readable: true, writable: true });
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
