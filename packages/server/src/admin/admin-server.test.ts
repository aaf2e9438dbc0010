/**
 * The admin API without a browser, against a real host (createHost with the
 * WASM runtime and examples/echo-bot, an in-process plugin depending on it):
 * authentication, the session cookie, live numbers, audited actions, the
 * event tail, and the token never reaching the log.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createHost, createWasmRuntime, type Host } from "@holomush/host";
import { ActorKind } from "@holomush/proto";
import { buildGuest } from "@holomush/test-services/wat-guests";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_DIR } from "./admin-host.test-support.js";
import { type AdminServer, startAdminServer } from "./admin-server.js";

const TOKEN = "admin-test-token-7f3a9c2e41b8";

let host: Host;
let admin: AdminServer;
let base: string;
let pluginsDir: string;
const log: string[] = [];

function say(message: string) {
  return host.publish({
    stream: "location:square",
    type: "say",
    payload: JSON.stringify({ message }),
    actorKind: ActorKind.CHARACTER,
    actorId: "char-1",
  });
}

const bearer = { authorization: `Bearer ${TOKEN}` };
const get = (path: string, headers: Record<string, string> = bearer) => fetch(`${base}${path}`, { headers });
const post = (path: string, body: unknown, headers: Record<string, string> = bearer) =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  pluginsDir = mkdtempSync(join(tmpdir(), "holomush-admin-plugins-"));
  for (const example of ["echo-bot", "wasm-counter"]) {
    const from = join(REPO_DIR, "examples", example);
    mkdirSync(join(pluginsDir, example, "build"), { recursive: true });
    cpSync(join(from, "plugin.yaml"), join(pluginsDir, example, "plugin.yaml"));
    cpSync(join(from, "build", `${example}.wasm`), join(pluginsDir, example, "build", `${example}.wasm`));
  }
  // Spins forever on says in its own room: the runtime times the call out and restarts its worker.
  mkdirSync(join(pluginsDir, "spinner"));
  writeFileSync(
    join(pluginsDir, "spinner", "plugin.wasm"),
    await buildGuest({ handleEvent: "(loop $spin (br $spin))" }),
  );
  writeFileSync(
    join(pluginsDir, "spinner", "plugin.yaml"),
    [
      "name: spinner",
      "version: 0.1.0",
      "type: wasm",
      "events: [{ stream: 'location:spin-room', types: [say] }]",
      "delivery: { timeout-ms: 300 }",
      "wasm-plugin: { module: plugin.wasm, timeout-ms: 300 }",
      "",
    ].join("\n"),
  );
  const sink = new Writable({
    write(chunk, _encoding, done) {
      log.push(String(chunk));
      done();
    },
  });
  host = await createHost({
    pluginDirs: [pluginsDir],
    logger: pino({ level: "debug" }, sink),
    runtimes: [createWasmRuntime()],
  });
  admin = await startAdminServer(host, { port: 0, token: TOKEN }, { pluginDirs: [pluginsDir] });
  // In-process, depending on echo-bot: reloaded with it ("with dependents"), drawn in the graph.
  await host.registerPlugin(
    { name: "echo-fan", version: "1.0.0", dependencies: [{ name: "echo-bot", version: "^1.0.0" }] },
    {},
  );
  // Fails on garden events: its last errors show on its page.
  await host.registerPlugin(
    { name: "grumpy", version: "1.0.0", events: [{ stream: "location:garden", types: ["say"] }] },
    {
      handleEvent() {
        throw new Error("grumpy refuses the garden");
      },
    },
  );
  await host.start();
  base = admin.url.replace(/\/$/, "");
});

afterAll(async () => {
  await admin?.close();
  await host?.stop();
  rmSync(pluginsDir, { recursive: true, force: true });
});

describe("the admin API", () => {
  it("binds to loopback by default and says so", () => {
    expect(admin.host).toBe("127.0.0.1");
    expect(log.join("")).toContain("(loopback only)");
  });

  it("refuses every API call without the token, with a wrong one, or with a forged cookie (401)", async () => {
    for (const path of ["/api/plugins", "/api/plugins/echo-bot", "/api/graph", "/api/stream/events", "/api/session"]) {
      expect((await get(path, {})).status, path).toBe(401);
      expect((await get(path, { authorization: "Bearer wrong-token-0000000000" })).status, path).toBe(401);
      expect((await get(path, { cookie: "holomush_admin=forged" })).status, path).toBe(401);
    }
    expect((await post("/api/plugins/echo-bot/reload", {}, {})).status).toBe(401);
    expect((await post("/api/load", { dir: "/" }, {})).status).toBe(401);
    const login = await post("/api/login", { token: `${TOKEN}x` }, {});
    expect(login.status).toBe(401);
    expect(login.headers.get("set-cookie")).toBeNull();
    // The console's page itself loads without a token (it shows the login form; it holds no data).
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await page.text()).toContain('<div id="app">');
  });

  it("logs in with the token into an HttpOnly SameSite=Strict session cookie, and logs out", async () => {
    const login = await post("/api/login", { token: TOKEN }, {});
    expect(login.status).toBe(200);
    const cookie = login.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^holomush_admin=[\w-]{40,}; HttpOnly; SameSite=Strict; Path=\//);
    expect(cookie).not.toContain(TOKEN);
    const session = { cookie: cookie.split(";")[0] as string };
    const who = ((await (await get("/api/session", session)).json()) as { who: string }).who;
    expect(who).toMatch(/^session [0-9a-f]{8}$/);
    // A form POST works too (the console's login is a form).
    const form = await fetch(`${base}/api/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: TOKEN }).toString(),
    });
    expect(form.status).toBe(200);
    expect((await post("/api/logout", {}, session)).status).toBe(200);
    expect((await get("/api/session", session)).status).toBe(401);
  });

  it("refuses a cross-origin POST even with a valid session (no CSRF)", async () => {
    const login = await post("/api/login", { token: TOKEN }, {});
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const forged = await post("/api/plugins/echo-bot/unload", {}, { cookie, origin: "http://evil.example" });
    expect(forged.status).toBe(403);
    expect(host.plugins.get("echo-bot")?.state).toBe("running");
  });

  it("lists every plugin with live counters: a say moves echo-bot's", async () => {
    const rows = async () =>
      ((await (await get("/api/plugins")).json()) as { plugins: Array<Record<string, unknown>> }).plugins;
    expect((await rows()).map((row) => row.name).sort()).toEqual([
      "echo-bot",
      "echo-fan",
      "grumpy",
      "spinner",
      "wasm-counter",
    ]);
    const before = (await rows()).find((row) => row.name === "echo-bot");
    expect(before).toMatchObject({ runtime: "wasm", state: "running", version: "1.0.0", restarts: 0 });
    for (let i = 0; i < 5; i++) await say(`hello ${i}`);
    await host.bus.idle();
    await expect
      .poll(async () => (await rows()).find((row) => row.name === "echo-bot")?.delivered, { timeout: 5000 })
      .toBe(Number(before?.delivered) + 5);
    const after = (await rows()).find((row) => row.name === "echo-bot");
    expect(after?.eventsPerSecond).toBeGreaterThan(0);
    expect(after?.p50Ms).toBeGreaterThan(0);
    expect(after?.p99Ms).toBeGreaterThanOrEqual(after?.p50Ms as number);
    const detail = (await (await get("/api/plugins/echo-bot")).json()) as {
      manifest: { name: string };
      series: unknown[];
    };
    expect(detail.manifest.name).toBe("echo-bot");
    expect(detail.series.length).toBeGreaterThan(0);
    expect((await get("/api/plugins/nope")).status).toBe(404);
    expect((await get("/api/plugins/%E0%A4%A")).status).toBe(400);
  });

  it("draws the dependency graph: echo-fan → echo-bot", async () => {
    const graph = (await (await get("/api/graph")).json()) as {
      nodes: Array<{ name: string; layer: number }>;
      edges: unknown[];
    };
    expect(graph.edges).toEqual([{ from: "echo-fan", to: "echo-bot", kind: "dependency", optional: false }]);
    expect(graph.nodes.find((node) => node.name === "echo-fan")?.layer).toBe(1);
  });

  it("reloads with dependents, unloads and loads a discovered directory, auditing each with the session", async () => {
    const login = await post("/api/login", { token: TOKEN }, {});
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const who = ((await login.json()) as { who: string }).who;
    const startedAt = host.plugins.list().find((status) => status.name === "echo-bot")?.startedAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const reload = await post("/api/plugins/echo-bot/reload", { withDependents: true }, { cookie });
    expect(await reload.json()).toEqual({ reloaded: ["echo-bot", "echo-fan"] });
    expect(host.plugins.list().find((status) => status.name === "echo-bot")?.startedAt).toBeGreaterThan(
      startedAt as number,
    );

    expect((await post("/api/plugins/wasm-counter/unload", {}, { cookie })).status).toBe(200);
    expect(host.plugins.get("wasm-counter")).toBeUndefined();
    const discovered = (await (await get("/api/discovered")).json()) as {
      plugins: Array<{ name: string; dir: string; loaded: boolean }>;
    };
    const counter = discovered.plugins.find((plugin) => plugin.name === "wasm-counter");
    expect(counter?.loaded).toBe(false);
    const load = await post("/api/load", { dir: counter?.dir }, { cookie });
    expect(await load.json()).toEqual({ loaded: ["wasm-counter"] });
    expect(host.plugins.get("wasm-counter")?.state).toBe("running");
    // Only a discovered directory: not any path on the machine.
    const refused = await post("/api/load", { dir: "/tmp" }, { cookie });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("INVALID_ARGUMENT");
    expect((await post("/api/plugins/nope/reload", {}, { cookie })).status).toBe(404);

    const audits = log
      .flatMap((line) => line.split("\n"))
      .filter((line) => line.includes('"audit"'))
      .map((line) => (JSON.parse(line) as { audit: Record<string, unknown> }).audit);
    expect(audits).toEqual(
      expect.arrayContaining([
        { who, action: "reload", plugin: "echo-bot", withDependents: true, result: "ok" },
        { who, action: "unload", plugin: "wasm-counter", result: "ok" },
        { who, action: "load", dir: counter?.dir, result: "ok" },
        expect.objectContaining({ who, action: "load", dir: "/tmp", result: "error", code: "INVALID_ARGUMENT" }),
      ]),
    );
  });

  it("tails the event stream over SSE, filtered by a stream pattern", async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/api/stream/events?pattern=${encodeURIComponent("location:garden")}`, {
      headers: bearer,
      signal: controller.signal,
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = response.body!.getReader();
    await reader.read(); // ": connected"
    await say("not in the garden");
    await host.publish({
      stream: "location:garden",
      type: "say",
      payload: JSON.stringify({ message: "in the garden" }),
      actorKind: ActorKind.CHARACTER,
      actorId: "char-1",
    });
    let text = "";
    while (!text.includes("in the garden")) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toContain("event: event");
    expect(text).toContain('"stream":"location:garden"');
    expect(text).not.toContain("not in the garden");
    expect((await get(`/api/stream/events?pattern=${encodeURIComponent("bad pattern")}`)).status).toBe(400);
  });

  it("shows a plugin's last errors and counts them", async () => {
    await host.bus.idle();
    const detail = (await (await get("/api/plugins/grumpy")).json()) as {
      lastErrors: Array<{ kind: string; message: string; event?: string }>;
    };
    expect(detail.lastErrors[0]).toMatchObject({ kind: "delivery", message: "grumpy refuses the garden" });
    expect(detail.lastErrors[0]?.event).toMatch(/^[0-9A-Z]{26}$/);
  });

  it("counts a WASM plugin's timeout and its worker's restart", async () => {
    const spinner = async () =>
      ((await (await get("/api/plugins")).json()) as { plugins: Array<Record<string, number>> }).plugins.find(
        (row) => (row.name as unknown) === "spinner",
      ) as Record<string, number>;
    const before = await spinner();
    await host.publish({
      stream: "location:spin-room",
      type: "say",
      payload: JSON.stringify({ message: "spin" }),
      actorKind: ActorKind.CHARACTER,
      actorId: "char-1",
    });
    await host.bus.idle();
    // The runtime recreates the worker after giving up on the call (once or more: its business).
    const restarts = () => host.plugins.get("spinner")?.instance.metrics?.().restarts as number;
    await expect.poll(restarts).toBeGreaterThan(before.restarts as number);
    // The row shows what the runtime and the bus count.
    await expect
      .poll(
        async () => {
          const row = await spinner();
          return {
            state: row.state,
            restarts: row.restarts === restarts(),
            timeouts: row.timeouts === host.bus.stats().spinner?.timeouts,
          };
        },
        { timeout: 5000 },
      )
      .toEqual({ state: "running", restarts: true, timeouts: true });
    expect((await spinner()).timeouts).toBeGreaterThan(before.timeouts as number);
    const detail = (await (await get("/api/plugins/spinner")).json()) as { lastErrors: Array<{ kind: string }> };
    expect(detail.lastErrors[0]?.kind).toBe("timeout");
    const metrics = await host.metrics.registry.metrics();
    expect(metrics).toContain(`holomush_plugin_runtime_restarts{plugin="spinner"} ${restarts()}`);
    expect(metrics).toMatch(/holomush_plugin_uptime_seconds\{plugin="spinner"\} \d/);
  }, 30_000);

  it("never writes the token into the log", () => {
    expect(log.length).toBeGreaterThan(0);
    expect(log.join("")).not.toContain(TOKEN);
  });
});

describe("the admin console's address", () => {
  it("refuses to start on a taken port with a coded error, before any plugin loads", async () => {
    const taken = admin.port;
    const second = await createHost({
      pluginDirs: [pluginsDir],
      logger: pino({ level: "silent" }),
      runtimes: [createWasmRuntime()],
    });
    await expect(
      startAdminServer(second, { port: taken, token: TOKEN }, { pluginDirs: [pluginsDir] }),
    ).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringContaining(`the admin console cannot listen on 127.0.0.1:${taken}`),
    });
    expect(second.plugins.list()).toEqual([]);
    await second.stop();
  });
});
