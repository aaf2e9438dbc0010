import { mkdtempSync, rmSync } from "node:fs";
import http2 from "node:http2";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter, createClient } from "@connectrpc/connect";
import { connectNodeAdapter, createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ActorKind,
  ConnectRequestSchema,
  type ConnectResponse,
  ConnectResponseSchema,
  ErrorDetailSchema,
  PLUGIN_API_VERSIONS,
  PluginHostService,
} from "./index.js";

// Proves the toolchain end to end: generated descriptors served by
// connect-node over HTTP/2 on a unix socket, called by a generated client.
function routes(router: ConnectRouter) {
  const kv = new Map<string, Uint8Array>();
  router.service(PluginHostService, {
    async kvSet(req) {
      kv.set(req.key, req.value);
      return {};
    },
    async kvGet(req) {
      const value = kv.get(req.key);
      return { value: value ?? new Uint8Array(), found: value !== undefined };
    },
    async leaveFocus() {
      throw new ConnectError("session not found", Code.NotFound, undefined, [
        { desc: ErrorDetailSchema, value: { code: "SESSION_NOT_FOUND", message: "no such session" } },
      ]);
    },
    async *connect(requests) {
      for await (const frame of requests) {
        if (frame.frame.case === "hello") {
          yield create(ConnectResponseSchema, {
            frame: {
              case: "hello",
              value: { apiVersion: frame.frame.value.apiVersions[0] ?? "", pluginName: frame.frame.value.name },
            },
          });
        }
      }
    },
  });
}

describe("PluginHostService over HTTP/2 on a unix socket", () => {
  let dir: string;
  let socketPath: string;
  let server: http2.Http2Server;
  const sessions = new Set<http2.ServerHttp2Session>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "holomush-proto-"));
    socketPath = join(dir, "host.sock");
    server = http2.createServer(connectNodeAdapter({ routes }));
    server.on("session", (session) => sessions.add(session));
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  });

  afterAll(async () => {
    for (const session of sessions) session.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const nodeOptions = () => ({ createConnection: () => net.connect(socketPath) });

  it("round-trips unary calls with the Connect protocol", async () => {
    const transport = createConnectTransport({
      baseUrl: "http://localhost",
      httpVersion: "2",
      nodeOptions: nodeOptions(),
    });
    const client = createClient(PluginHostService, transport);
    await client.kvSet({ key: "greeting", value: new TextEncoder().encode("hi") });
    const got = await client.kvGet({ key: "greeting" });
    expect(got.found).toBe(true);
    expect(new TextDecoder().decode(got.value)).toBe("hi");
    const missing = await client.kvGet({ key: "nope" });
    expect(missing.found).toBe(false);
  });

  it("carries coded error details across the wire", async () => {
    const transport = createGrpcTransport({ baseUrl: "http://localhost", nodeOptions: nodeOptions() });
    const client = createClient(PluginHostService, transport);
    const error = await client.leaveFocus({ sessionId: "x" }).then(
      () => undefined,
      (e: unknown) => ConnectError.from(e),
    );
    expect(error?.code).toBe(Code.NotFound);
    const [detail] = error?.findDetails(ErrorDetailSchema) ?? [];
    expect(detail?.code).toBe("SESSION_NOT_FOUND");
  });

  it("opens the bidi Connect stream and completes the hello exchange", async () => {
    const transport = createGrpcTransport({ baseUrl: "http://localhost", nodeOptions: nodeOptions() });
    const client = createClient(PluginHostService, transport);
    async function* frames() {
      yield create(ConnectRequestSchema, {
        frame: { case: "hello", value: { name: "echo-bot", version: "1.0.0", apiVersions: [...PLUGIN_API_VERSIONS] } },
      });
    }
    const replies: ConnectResponse[] = [];
    for await (const reply of client.connect(frames())) replies.push(reply);
    expect(replies).toHaveLength(1);
    const hello = replies[0]?.frame;
    expect(hello?.case).toBe("hello");
    if (hello?.case === "hello") {
      expect(hello.value.apiVersion).toBe("v1");
      expect(hello.value.pluginName).toBe("echo-bot");
    }
  });

  it("keeps the WASM ABI's actor kinds distinct from the zero value", () => {
    expect(ActorKind.UNSPECIFIED).toBe(0);
    expect(ActorKind.CHARACTER).not.toBe(ActorKind.UNSPECIFIED);
  });
});
