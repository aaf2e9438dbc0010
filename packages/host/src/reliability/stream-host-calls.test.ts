/**
 * Issue #20: a process plugin's host calls carried over its open stream
 * (HostRequest/HostResponse frames), against the REAL host (Cedar, the emit
 * fence, KV limits) with real child processes. The SDK plugin makes the same
 * calls over the stream and, as a second plugin, as unary calls: the answers
 * and codes must match. A hand-written dial-in plugin sends what the SDK
 * never would (a reused request_id, unknown methods, an unreadable message,
 * a reply to no call); a flood is bounded per plugin; a stream that closes
 * with calls in flight fails each of them with a code.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../focus/session.js";
import type { KvStore } from "../storage/kv-store.js";
import { createMemoryKvStore } from "../storage/memory-kv-store.js";
import { type ProcessHost, startProcessHost } from "./__fixtures__/process-host.js";

/** A memory KV store whose reads of `gate:*` keys wait until the gate opens; counts them. */
function gatedKv() {
  const inner = createMemoryKvStore();
  let open: () => void = () => undefined;
  let gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const state = { waiting: 0, most: 0, entered: 0 };
  const kv: KvStore = {
    get: async (namespace, key) => {
      if (key.startsWith("gate:")) {
        state.entered++;
        state.waiting++;
        state.most = Math.max(state.most, state.waiting);
        await gate;
        state.waiting--;
      }
      return inner.get(namespace, key);
    },
    set: (namespace, key, value) => inner.set(namespace, key, value),
    delete: (namespace, key) => inner.delete(namespace, key),
    list: (namespace, prefix, pageSize, pageToken) => inner.list(namespace, prefix, pageSize, pageToken),
  };
  return {
    kv,
    state,
    open: () => open(),
    close: () => {
      gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      state.entered = 0;
      state.most = 0;
    },
  };
}

/** The runtime's bound on host calls in flight per plugin, set below its default (64) to prove the option. */
const BOUND = 16;
const gated = gatedKv();
let world: ProcessHost;
let alice: Session;

beforeAll(async () => {
  const commands = [{ name: "calls", help: "one host call, answered with the host's code" }];
  world = await startProcessHost(
    [
      { name: "streamer", script: "stream-calls-plugin.mjs", manifest: { commands } },
      {
        name: "unary-caller",
        script: "stream-calls-plugin.mjs",
        env: { STREAM_CALLS_UNARY: "1", STREAM_CALLS_COMMAND: "ucalls" },
        manifest: { commands: [{ name: "ucalls", help: "the same, as unary calls" }] },
      },
      {
        name: "raw-caller",
        script: "raw-stream-plugin.mjs",
        dialIn: true,
        manifest: { commands: [{ name: "raw-go", help: "sends its hand-made frames" }] },
      },
      // Dial-in, so its process outlives its stream (a spawned one may be stopped first) and can report.
      {
        name: "closer",
        script: "stream-calls-plugin.mjs",
        dialIn: true,
        env: { STREAM_CALLS_COMMAND: "ccalls" },
        manifest: { commands: [{ name: "ccalls", help: "the same, from a dial-in plugin" }] },
      },
    ],
    { maxHostRequestsInFlight: BOUND },
    [],
    { storage: { kv: gated.kv } },
  );
  alice = await world.host.connect("alice");
}, 60_000);

afterAll(async () => {
  gated.open();
  await world?.stop();
}, 30_000);

async function refusals(plugin: string, code: string): Promise<number> {
  const metric = await world.host.metrics.registry.getSingleMetric("holomush_plugin_refusals_total")?.get();
  return metric?.values.find((value) => value.labels.plugin === plugin && value.labels.code === code)?.value ?? 0;
}

const calls = async (args: string, command = "calls") =>
  (await world.host.execute(alice.id, `${command} ${args}`))?.output;

describe("host calls over the plugin's stream (issue #20)", () => {
  it("answer every call as the unary path does: values, the fence, the authorizer, the limits", async () => {
    expect(world.report.loaded).toEqual(expect.arrayContaining(["streamer", "unary-caller", "raw-caller"]));
    // The unary plugin's command is "ucalls": its script answers any command name the same way.
    const attempts = [
      "kv-set one",
      "kv-get one",
      "kv-list o",
      "kv-delete one",
      "kv-get one",
      `kv-set ${"k".repeat(600)}`,
      "kv-set-big big",
      "emit system:alerts",
      "emit test:streamed",
      "history test:streamed",
      "focus not-a-session-of-mine",
    ];
    const streamed: (string | undefined)[] = [];
    const unary: (string | undefined)[] = [];
    for (const attempt of attempts) {
      streamed.push(await calls(attempt));
      unary.push(await calls(attempt, "ucalls"));
    }
    expect(streamed).toEqual([
      "ALLOWED",
      "VALUE:written as one",
      "KEYS:one",
      "DELETED:true",
      "VALUE:<none>",
      "KV_KEY_INVALID",
      "KV_VALUE_TOO_LARGE",
      "EMIT_NAMESPACE_UNDECLARED",
      "ALLOWED",
      "EVENTS:2",
      "PERMISSION_DENIED",
    ]);
    // Each plugin set, listed and deleted "one" in its own namespace (the second delete is true too).
    expect(unary).toEqual(streamed);
    const history = await world.host.history.query({ stream: "test:streamed", count: 10 });
    expect(history.entries.map((entry) => entry.event.actorId)).toEqual(["streamer", "unary-caller"]);
    // Refusals are counted the same way whichever transport carried them.
    for (const code of ["KV_KEY_INVALID", "EMIT_NAMESPACE_UNDECLARED", "PERMISSION_DENIED"]) {
      expect(await refusals("streamer", code)).toBe(await refusals("unary-caller", code));
    }
  });

  it("refuse hostile frames with a coded error and keep serving the stream", async () => {
    expect((await world.host.execute(alice.id, "raw-go"))?.output).toBe("done");
    const reportFile = join(world.dir("raw-caller"), "state", "report.json");
    const report = JSON.parse(readFileSync(reportFile, "utf8")) as {
      capabilities: string[];
      responses: { id: number; code: number; error: string; field: string; value?: unknown }[];
      unary: { longKey: string; undeclaredEmit: string };
    };
    expect(report.capabilities).toContain("host-requests");
    const byId = (id: number) => report.responses.filter((response) => response.id === id);
    // The reused id: one refusal (InvalidArgument), and the first request still answered.
    expect(byId(7)).toEqual(
      expect.arrayContaining([
        { id: 7, code: 3, error: "HOST_REQUEST_INVALID", field: "host_request.request_id" },
        { id: 7, code: 0, error: "", field: "", value: false },
      ]),
    );
    expect(byId(7)).toHaveLength(2);
    expect(byId(8)).toEqual([{ id: 8, code: 3, error: "HOST_REQUEST_INVALID", field: "host_request.method" }]);
    expect(byId(9)).toEqual([{ id: 9, code: 3, error: "HOST_REQUEST_INVALID", field: "host_request.method" }]);
    expect(byId(10)).toEqual([{ id: 10, code: 3, error: "HOST_REQUEST_INVALID", field: "host_request.message" }]);
    // The manifest's emits and the KV limits, with the codes the unary calls get.
    expect(byId(11)).toMatchObject([{ id: 11, code: 7, error: report.unary.undeclaredEmit }]);
    expect(report.unary.undeclaredEmit).toBe("EMIT_NAMESPACE_UNDECLARED");
    expect(byId(12)).toEqual([{ id: 12, code: 0, error: "", field: "", value: 1 }]);
    expect(byId(13)[0]?.error).toBe(report.unary.longKey);
    expect(report.unary.longKey).toBe("KV_KEY_INVALID");
    // The reply to a call never made was dropped; later requests work, in the plugin's own namespace.
    expect(byId(15)).toEqual([{ id: 15, code: 0, error: "", field: "", value: [1, 2] }]);
    expect(Array.from((await world.host.kv.get("raw-caller", "mine")) ?? [])).toEqual([1, 2]);
    expect(byId(16)).toEqual([{ id: 16, code: 0, error: "", field: "" }]);
    const logged = world.logs.lines().find((line) => line.msg === "raw says hi");
    expect(logged).toMatchObject({ plugin: "raw-caller", "field.plugin": "victim", source: "plugin" });
    expect(await refusals("raw-caller", "HOST_REQUEST_INVALID")).toBe(4);
    expect(world.host.plugins.get("raw-caller")?.state).toBe("running");
  });

  it("bound a flood of calls per plugin: beyond the bound each gets HOST_REQUESTS_EXHAUSTED at once", async () => {
    const flood = 3 * BOUND;
    const answer = calls(`flood ${flood}`);
    // The bound's worth of reads reach the store and wait there; no more are let in while they do.
    const until = Date.now() + 10_000;
    while (gated.state.entered < BOUND && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gated.state.most).toBe(BOUND);
    gated.open();
    expect(await answer).toBe(`HOST_REQUESTS_EXHAUSTED=${flood - BOUND} OK=${BOUND}`);
    expect(await refusals("streamer", "HOST_REQUESTS_EXHAUSTED")).toBe(flood - BOUND);
    // The plugin's stream is still good.
    expect(await calls("kv-get nothing")).toBe("VALUE:<none>");
    gated.close();
  });

  it("fail every call in flight with a code when the stream closes", { timeout: 30_000 }, async () => {
    const hangFile = join(world.dir("closer"), "state", "hang");
    expect(await calls("hang gate:hang", "ccalls")).toBe("STARTED");
    const until = Date.now() + 10_000;
    while (gated.state.entered < 1 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(existsSync(hangFile)).toBe(false);
    // The host closes the plugin's stream (unload: Shutdown, then the stream ends) with the read still waiting.
    await world.host.plugins.unload("closer", "test over");
    const waitUntil = Date.now() + 10_000;
    while (!existsSync(hangFile) && Date.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(readFileSync(hangFile, "utf8")).toBe("HOST_CONNECTION_LOST");
    gated.open();
  });
});
