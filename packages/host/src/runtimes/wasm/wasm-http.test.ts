/**
 * Guest HTTP through the REAL host: a WAT guest calls Extism's
 * `http_request` against a real HTTP server on 127.0.0.1 and returns the
 * response body as its handle_event output. Only hosts granted by
 * `wasm-plugin.allowed-hosts` are reachable; redirects are not followed.
 * (Node 20 serves it through the worker's blocking bridge, Node 22+ through
 * the SDK's own fetch: CI runs both.)
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildGuest } from "@holomush/test-services/wat-guests";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  failureCodes,
  type Harness,
  publishedId,
  record,
  say,
  startWasmHost,
} from "./__fixtures__/wasm-host-harness.js";
import { hostAllowed } from "./guest-http.js";

const REPLY = JSON.stringify({
  events: [{ stream: "reply:http", type: "fetched", payload: JSON.stringify({ from: "server" }) }],
});

let server: Server;
let port: number;
let requests: string[];
let harness: Harness | undefined;

beforeEach(async () => {
  requests = [];
  server = createServer((request, response) => {
    requests.push(`${request.headers.host?.split(":")[0]} ${request.method} ${request.url}`);
    if (request.url === "/redirect") {
      response.writeHead(302, { location: `http://localhost:${port}/reply` }).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/json" }).end(REPLY);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A guest whose handle_event output is the body of one request to `url`. */
function fetcher(url: string): Promise<Uint8Array> {
  return buildGuest({
    imports: `(import "extism:host/env" "http_request" (func $http_request (param i64 i64) (result i64)))`,
    strings: { request: JSON.stringify({ url, method: "GET" }) },
    handleEvent: "(call $output_block (call $http_request (call $to_block $str:request) (i64.const 0)))",
  });
}

function manifest(name: string, allowedHosts?: string[]) {
  return {
    name,
    version: "1.0.0",
    emits: ["reply"],
    events: [{ stream: "location:*", types: ["say"] }],
    "wasm-plugin": {
      "timeout-ms": 3000,
      ...(allowedHosts === undefined ? {} : { "allowed-hosts": allowedHosts }),
    },
  };
}

describe("guest HTTP (wasm-plugin.allowed-hosts)", () => {
  it("reaches a granted host; the response body is the guest's to use", async () => {
    const bytes = await fetcher(`http://127.0.0.1:${port}/reply`);
    harness = await startWasmHost(({ paths }) => void paths.addWasm(manifest("fetcher", ["127.0.0.1"]), bytes));
    const { host, report } = harness;
    expect(report.failed).toEqual([]);
    const fetched = record(host, "reply:*", "fetcher");
    await say(host, "go");
    await host.bus.idle();
    expect(requests).toEqual(["127.0.0.1 GET /reply"]);
    expect(fetched.map((event) => event.payload)).toEqual([JSON.stringify({ from: "server" })]);
  });

  it("refuses a host the manifest did not grant: the call fails, nothing is sent", async () => {
    const bytes = await fetcher(`http://localhost:${port}/reply`);
    harness = await startWasmHost(({ paths }) => void paths.addWasm(manifest("fetcher", ["127.0.0.1"]), bytes));
    const { host } = harness;
    const fetched = record(host, "reply:*", "fetcher");
    const refused = publishedId(await say(host, "go"));
    await host.bus.idle();
    expect(requests).toEqual([]);
    expect(fetched).toEqual([]);
    expect(host.bus.stats().fetcher).toMatchObject({ errors: 1 });
    expect(failureCodes(harness.logs, "fetcher")[refused]).toBeDefined();
  });

  it("hands a redirect to the guest instead of following it to an ungranted host", async () => {
    const bytes = await fetcher(`http://127.0.0.1:${port}/redirect`);
    harness = await startWasmHost(({ paths }) => void paths.addWasm(manifest("fetcher", ["127.0.0.1"]), bytes));
    const { host } = harness;
    const fetched = record(host, "reply:*", "fetcher");
    await say(host, "go");
    await host.bus.idle();
    // The 302's empty body is "no action"; localhost was never asked.
    expect(requests).toEqual(["127.0.0.1 GET /redirect"]);
    expect(fetched).toEqual([]);
  });

  it("sends nothing for a guest without allowed-hosts", async () => {
    const bytes = await fetcher(`http://127.0.0.1:${port}/reply`);
    harness = await startWasmHost(({ paths }) => void paths.addWasm(manifest("fetcher"), bytes));
    const { host } = harness;
    const fetched = record(host, "reply:*", "fetcher");
    await say(host, "go");
    await host.bus.idle();
    expect(requests).toEqual([]);
    expect(fetched).toEqual([]);
  });

  it("matches grants by exact name or *.domain, case-insensitively", () => {
    expect(hostAllowed("api.example.com", ["api.example.com"])).toBe(true);
    expect(hostAllowed("API.Example.com", ["api.example.com"])).toBe(true);
    expect(hostAllowed("a.b.example.com", ["*.example.com"])).toBe(true);
    expect(hostAllowed("example.com", ["*.example.com"])).toBe(false);
    expect(hostAllowed("badexample.com", ["*.example.com"])).toBe(false);
    expect(hostAllowed("anything.test", ["*"])).toBe(true);
    expect(hostAllowed("127.0.0.1", ["localhost"])).toBe(false);
  });
});
