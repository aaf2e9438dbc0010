import { spawn } from "node:child_process";
import http2 from "node:http2";
import net from "node:net";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import {
  ConnectRequestSchema,
  ErrorDetailSchema,
  PLUGIN_API_VERSIONS,
  PluginHostService,
  WorldService,
} from "@holomush/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PluginInstance } from "../../plugins/runtime.js";
import { fixturesDir } from "./__fixtures__/fixture-plugins.js";
import {
  callOptions,
  createFixtureRuntime,
  createMemoryHost,
  deliver,
  echoManifest,
  emptyConfig,
  firstPayload,
} from "./__fixtures__/test-host.js";
import { BROKER_HEADER } from "./broker-route.js";

// A hostile (or confused) client in the test process, dialling the host socket directly.
function hostileTransport(socketPath: string, headers: Record<string, string>) {
  const addHeaders: Interceptor = (next) => (request) => {
    for (const [name, value] of Object.entries(headers)) request.header.set(name, value);
    return next(request);
  };
  return createConnectTransport({
    baseUrl: "http://localhost",
    httpVersion: "2",
    useBinaryFormat: true,
    nodeOptions: { createConnection: () => net.connect(socketPath) },
    interceptors: [addHeaders],
  });
}

async function failure(promise: Promise<unknown>): Promise<{ code: Code; detail: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => ConnectError.from(e),
  );
  if (!error) throw new Error("expected the call to be refused");
  return { code: error.code, detail: error.findDetails(ErrorDetailSchema)[0]?.code ?? "" };
}

/** Opens a stream with one hello and reads until the host answers or refuses. */
async function hello(socketPath: string, headers: Record<string, string>, name: string, grpc = false) {
  const transport = grpc
    ? createGrpcTransport({
        baseUrl: "http://localhost",
        nodeOptions: { createConnection: () => net.connect(socketPath) },
        interceptors: [
          (next) => (request) => {
            for (const [header, value] of Object.entries(headers)) request.header.set(header, value);
            return next(request);
          },
        ],
      })
    : hostileTransport(socketPath, headers);
  const client = createClient(PluginHostService, transport);
  async function* frames() {
    yield create(ConnectRequestSchema, {
      frame: { case: "hello", value: { name, version: "1.0.0", apiVersions: [...PLUGIN_API_VERSIONS] } },
    });
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  for await (const frame of client.connect(frames())) return frame.frame.case;
  return undefined;
}

describe("host socket identity", () => {
  const fixture = createFixtureRuntime({ dialInTokens: { "victim-b": "token-of-b" } });
  const hostA = createMemoryHost("victim-a", ["test"], fixture.services);
  const hostB = createMemoryHost("victim-b", ["test"], fixture.services);
  let socketPath: string;
  const instances: PluginInstance[] = [];
  const tokenB = { authorization: "Bearer token-of-b" };

  beforeAll(async () => {
    socketPath = fixture.runtime.address.slice("unix:".length);
    // a is spawned by the host; b dials in with the operator's token. Broker ids are issued in load order.
    const a = await fixture.load(echoManifest("victim-a"), hostA);
    const loadingB = fixture.load(echoManifest("victim-b", {}, { executable: undefined }), hostB);
    spawn(process.execPath, [join(fixturesDir, "echo-plugin", "plugin.mjs")], {
      env: {
        PATH: process.env.PATH ?? "",
        HOLOMUSH_HOST_ADDRESS: fixture.runtime.address,
        HOLOMUSH_PLUGIN_NAME: "victim-b",
        HOLOMUSH_PLUGIN_VERSION: "1.0.0",
        HOLOMUSH_PLUGIN_TOKEN: "token-of-b",
      },
      stdio: "ignore",
    });
    const b = await loadingB;
    await a.instance.init?.(emptyConfig(), callOptions());
    await b.instance.init?.(emptyConfig(), callOptions());
    instances.push(a.instance, b.instance);
  });
  afterAll(() => fixture.runtime.close());

  it("binds unary calls to the token's plugin, whatever the caller claims", async () => {
    const client = createClient(PluginHostService, hostileTransport(socketPath, tokenB));
    await client.kvSet({ key: "victim-a/owned", value: new TextEncoder().encode("x") });
    expect([...hostB.kv.keys()]).toEqual(["victim-a/owned"]);
    expect(hostA.kv.size).toBe(0);
  });

  it("refuses calls with no token or a wrong token", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer not-a-token" },
      { authorization: "token-of-b" },
    ];
    for (const headers of attempts) {
      const client = createClient(PluginHostService, hostileTransport(socketPath, headers));
      expect(await failure(client.kvGet({ key: "k" }))).toEqual({
        code: Code.Unauthenticated,
        detail: "UNAUTHENTICATED",
      });
      expect(await failure(hello(socketPath, headers, "victim-b"))).toMatchObject({ code: Code.Unauthenticated });
    }
  });

  it("refuses a hello naming another plugin, and the real plugin keeps working", async () => {
    expect(await failure(hello(socketPath, tokenB, "victim-a"))).toEqual({
      code: Code.PermissionDenied,
      detail: "PERMISSION_DENIED",
    });
    const [, b] = instances;
    if (!b) throw new Error("victim-b not loaded");
    expect(firstPayload(await deliver(b, { seq: 1 }))).toMatchObject({ seq: 1 });
  });

  it("applies the same checks to gRPC clients (served by the generic Connect handler)", async () => {
    expect(await failure(hello(socketPath, tokenB, "victim-a", true))).toEqual({
      code: Code.PermissionDenied,
      detail: "PERMISSION_DENIED",
    });
    expect(await failure(hello(socketPath, {}, "victim-b", true))).toMatchObject({ code: Code.Unauthenticated });
    expect(await failure(hello(socketPath, tokenB, "victim-b", true))).toMatchObject({
      detail: "PLUGIN_ALREADY_LOADED",
    });
  });

  it("refuses a second stream for a plugin that is already connected", async () => {
    expect(await failure(hello(socketPath, tokenB, "victim-b"))).toEqual({
      code: Code.FailedPrecondition,
      detail: "PLUGIN_ALREADY_LOADED",
    });
  });

  it("refuses brokered calls without a broker id issued to the caller", async () => {
    const request = { locationId: "1" };
    const asB = (broker?: string) =>
      createClient(
        WorldService,
        hostileTransport(socketPath, { ...tokenB, ...(broker ? { [BROKER_HEADER]: broker } : {}) }),
      );
    // Broker 1 was issued to victim-a (loaded first), broker 2 to victim-b.
    expect(await failure(asB("broker:1").getLocation(request))).toEqual({
      code: Code.PermissionDenied,
      detail: "SERVICE_NOT_DECLARED",
    });
    expect(await failure(asB().getLocation(request))).toMatchObject({ detail: "SERVICE_NOT_DECLARED" });
    expect((await asB("broker:2").getLocation(request)).location?.name).toBe("Room 1");
    const noToken = createClient(WorldService, hostileTransport(socketPath, { [BROKER_HEADER]: "2" }));
    expect(await failure(noToken.getLocation(request))).toMatchObject({ code: Code.Unauthenticated });
  });

  it("serves brokered calls to gRPC clients too, with the same checks and coded errors", async () => {
    const request = { locationId: "1" };
    const asB = (broker: string, headers: Record<string, string> = tokenB) =>
      createClient(
        WorldService,
        createGrpcTransport({
          baseUrl: "http://localhost",
          nodeOptions: { createConnection: () => net.connect(socketPath) },
          interceptors: [
            (next) => (call) => {
              for (const [name, value] of Object.entries({ ...headers, [BROKER_HEADER]: broker })) {
                call.header.set(name, value);
              }
              return next(call);
            },
          ],
        }),
      );
    expect((await asB("broker:2").getLocation(request)).location?.name).toBe("Room 1");
    expect(await failure(asB("broker:1").getLocation(request))).toEqual({
      code: Code.PermissionDenied,
      detail: "SERVICE_NOT_DECLARED",
    });
    expect(await failure(asB("2", {}).getLocation(request))).toMatchObject({ code: Code.Unauthenticated });
  });

  it("accepts a request whose :authority is a socket path (grpcio's default) instead of crashing", async () => {
    const session = http2.connect("http://localhost", { createConnection: () => net.connect(socketPath) });
    try {
      const stream = session.request({
        ":method": "POST",
        ":path": "/holomush.plugin.v1.PluginHostService/KvGet",
        ":authority": "tmp%2Fholomush-1-x%2Fhost.sock",
        "content-type": "application/grpc",
        te: "trailers",
        ...tokenB,
      });
      stream.end(Buffer.from([0, 0, 0, 0, 0]));
      const headers = await new Promise<http2.IncomingHttpHeaders>((resolve, reject) => {
        stream.on("response", resolve);
        stream.on("error", reject);
      });
      const trailers = await new Promise<http2.IncomingHttpHeaders>((resolve) => {
        stream.on("trailers", resolve);
        stream.on("end", () => resolve(headers));
        stream.resume();
      });
      expect(headers[":status"]).toBe(200);
      expect(trailers["grpc-status"] ?? headers["grpc-status"]).toBe("0");
    } finally {
      session.close();
    }
  });

  it("still delivers to both plugins after the hostile attempts", async () => {
    for (const [seq, instance] of instances.entries()) {
      expect(firstPayload(await deliver(instance, { seq }))).toMatchObject({ seq });
    }
  });
});
