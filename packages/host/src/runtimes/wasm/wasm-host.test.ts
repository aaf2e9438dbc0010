/**
 * The WASM runtime through the REAL host: plugin directories discovered from
 * a temp search path, createHost + createWasmRuntime, events published with
 * host.publish and observed on the bus. Misbehaving guests (endless loop,
 * trap, malformed output, ungranted import, foreign KV) must cost only the
 * one event or the one plugin, never the host or the other plugins.
 */
import { ActorKind, type Event } from "@holomush/proto";
import { buildGuest, userImport } from "@holomush/test-services/wat-guests";
import { afterEach, describe, expect, it } from "vitest";
import { HostErrorCode } from "../../errors.js";
import { kvWriterGuest, MARKERS, namespaceProbeGuest, scriptedGuest } from "./__fixtures__/host-guests.js";
import {
  answeredId,
  failureCodes,
  type Harness,
  nextEvent,
  publishedId,
  record,
  say,
  startWasmHost,
} from "./__fixtures__/wasm-host-harness.js";

/** Per-call budget of the looping plugin (both its WASM and its delivery timeout). */
const LOOP_TIMEOUT_MS = 600;
const PINGS_DURING_LOOP = 5;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const scripted = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  version: "1.0.0",
  events: [{ stream: "location:square", types: ["say"] }],
  emits: ["reply"],
  ...extra,
});

const encoder = new TextEncoder();
const text = (value: Uint8Array | undefined) => (value === undefined ? undefined : new TextDecoder().decode(value));

describe("WASM plugins through the host: an endless loop", () => {
  // A real worker spinning to its deadline plus the pings around it: generous on a loaded machine (nothing measures speed).
  it("times out the looping event while the host and an in-process plugin keep answering, then handles the next", {
    timeout: 30_000,
  }, async () => {
    const bytes = await scriptedGuest();
    harness = await startWasmHost(({ paths, inproc }) => {
      paths.addWasm(
        scripted("looper", {
          delivery: { "timeout-ms": LOOP_TIMEOUT_MS },
          "wasm-plugin": { "timeout-ms": LOOP_TIMEOUT_MS },
        }),
        bytes,
      );
      inproc.push([
        { name: "hare", version: "1.0.0", events: [{ stream: "chat:*", types: ["ping"] }], emits: ["chat"] },
        { handleEvent: (event: Event) => [{ stream: event.stream, type: "pong", payload: event.payload }] },
      ]);
    });
    const { host, report } = harness;
    expect(report.failed).toEqual([]);
    const answers = record(host, "reply:*", "looper");

    const warm = publishedId(await say(host, "warm-up"));
    await host.bus.idle();
    expect(answers.map(answeredId)).toEqual([warm]);

    const looping = publishedId(await say(host, MARKERS.loop));
    // While the guest spins on its worker, the main thread routes events and
    // the in-process plugin answers each ping; the looping delivery has
    // neither completed nor timed out yet at any of those answers.
    const looperAtEachPong: Array<{ delivered: number; timeouts: number; errors: number }> = [];
    for (let i = 0; i < PINGS_DURING_LOOP; i++) {
      const pong = nextEvent(host, "chat:*", (event) => event.type === "pong");
      await host.publish({
        stream: "chat:lobby",
        type: "ping",
        payload: JSON.stringify({ n: i }),
        actorKind: ActorKind.CHARACTER,
        actorId: "char-1",
      });
      expect(JSON.parse((await pong).payload)).toEqual({ n: i });
      const { delivered, timeouts, errors } = host.bus.stats().looper ?? { delivered: -1, timeouts: -1, errors: -1 };
      looperAtEachPong.push({ delivered, timeouts, errors });
    }
    expect(looperAtEachPong).toEqual(Array(PINGS_DURING_LOOP).fill({ delivered: 1, timeouts: 0, errors: 0 }));

    // Queued behind the loop: must reach the plugin once the loop is given up.
    const next = publishedId(await say(host, "after the loop"));
    await host.bus.idle();

    expect(answers.map(answeredId)).toEqual([warm, next]);
    expect(answers.map(answeredId)).not.toContain(looping);
    expect(host.bus.stats().looper).toMatchObject({ delivered: 2, timeouts: 1, errors: 0, drops: 0 });
    expect(host.bus.stats().hare).toMatchObject({ delivered: PINGS_DURING_LOOP, timeouts: 0, errors: 0 });
    // The runtime killed the spinning worker and recreated the instance.
    expect(host.plugins.get("looper")?.instance.metrics?.()).toMatchObject({ timeouts: 1, restarts: 1 });
    expect(failureCodes(harness.logs, "looper")).toEqual({});
    expect(host.plugins.list().find((status) => status.name === "looper")?.state).toBe("running");
  });
});

describe("WASM plugins through the host: traps and malformed output", () => {
  it("counts a trap as an error and handles the later events", async () => {
    const bytes = await scriptedGuest();
    harness = await startWasmHost(({ paths }) => void paths.addWasm(scripted("trapper"), bytes));
    const { host } = harness;
    const answers = record(host, "reply:*", "trapper");
    const first = publishedId(await say(host, "first"));
    const trapping = publishedId(await say(host, MARKERS.trap));
    const third = publishedId(await say(host, "third"));
    const fourth = publishedId(await say(host, "fourth"));
    await host.bus.idle();
    expect(answers.map(answeredId)).toEqual([first, third, fourth]);
    expect(answers.map(answeredId)).not.toContain(trapping);
    expect(host.bus.stats().trapper).toMatchObject({ delivered: 3, errors: 1, timeouts: 0 });
    expect(failureCodes(harness.logs, "trapper")).toEqual({ [trapping]: HostErrorCode.WASM_TRAP });
    expect(host.plugins.get("trapper")?.state).toBe("running");
  });

  it("emits nothing for malformed output, counts each as an error and keeps delivering", async () => {
    const bytes = await scriptedGuest();
    harness = await startWasmHost(({ paths }) => void paths.addWasm(scripted("mangler"), bytes));
    const { host } = harness;
    const emitted = record(host, "*", "mangler");
    const malformed = [
      MARKERS.notJson,
      MARKERS.notObject,
      MARKERS.eventsNotArray,
      MARKERS.payloadNotString,
      MARKERS.payloadTooLarge,
    ];
    const good: string[] = [];
    const bad: string[] = [];
    for (const [index, marker] of malformed.entries()) {
      bad.push(publishedId(await say(host, marker)));
      good.push(publishedId(await say(host, `fine after case ${index}`)));
    }
    await host.bus.idle();
    // Only the well-formed answers, in order: no part of a malformed output leaked.
    expect(emitted.map((event) => event.type)).toEqual(good.map(() => "handled"));
    expect(emitted.map(answeredId)).toEqual(good);
    expect(host.bus.stats().mangler).toMatchObject({ delivered: good.length, errors: malformed.length, timeouts: 0 });
    expect(failureCodes(harness.logs, "mangler")).toEqual(
      Object.fromEntries(bad.map((id) => [id, HostErrorCode.PLUGIN_OUTPUT_INVALID])),
    );
    const history = await host.history.query({ stream: "reply:guest", count: 500 });
    expect(history.entries.map((entry) => entry.event.type)).toEqual(good.map(() => "handled"));
  });
});

describe("WASM plugins through the host: load-time refusal", () => {
  it("refuses guests importing ungranted or unknown host functions and loads everything else", async () => {
    const writer = await kvWriterGuest();
    const shell = await buildGuest({ imports: userImport("spawn_shell"), handleEvent: "" });
    const bytes = await scriptedGuest();
    harness = await startWasmHost(({ paths, inproc }) => {
      paths.addWasm(scripted("sneaky", { "wasm-plugin": { "host-functions": ["log"] } }), writer);
      paths.addWasm(scripted("shell", { "wasm-plugin": { "host-functions": ["log", "kv_set"] } }), shell);
      paths.addWasm(scripted("honest"), bytes);
      inproc.push([{ name: "bystander", version: "1.0.0", events: [] }, {}]);
    });
    const { host, report } = harness;
    const failed = Object.fromEntries(report.failed.map(({ name, error }) => [name, error]));
    expect(Object.keys(failed).sort()).toEqual(["shell", "sneaky"]);
    expect(failed.sneaky?.code).toBe(HostErrorCode.WASM_IMPORT_NOT_GRANTED);
    expect(failed.sneaky?.message).toContain("kv_set");
    expect(failed.shell?.code).toBe(HostErrorCode.WASM_IMPORT_NOT_GRANTED);
    expect(failed.shell?.message).toContain("spawn_shell");
    expect([...report.loaded].sort()).toEqual(["bystander", "honest"]);
    const states = Object.fromEntries(host.plugins.list().map((status) => [status.name, status.state]));
    expect(states).toMatchObject({ honest: "running", bystander: "running" });
    expect(states.sneaky).not.toBe("running");
    expect(host.bus.stats().sneaky).toBeUndefined();

    const answers = record(host, "reply:*", "honest");
    const id = publishedId(await say(host, "still here"));
    await host.bus.idle();
    expect(answers.map(answeredId)).toEqual([id]);
  });
});

describe("WASM plugins through the host: KV namespaces", () => {
  it("keeps each guest's KV reads and writes in its own namespace, whatever the request names", async () => {
    const grant = { "wasm-plugin": { "host-functions": ["kv_get", "kv_set"] } };
    const probeA = await namespaceProbeGuest("kv-a", "kv-b");
    const probeB = await namespaceProbeGuest("kv-b", "kv-a");
    harness = await startWasmHost(({ paths }) => {
      paths.addWasm(scripted("kv-a", grant), probeA);
      paths.addWasm(scripted("kv-b", grant), probeB);
    });
    const { host, report } = harness;
    expect(report.failed).toEqual([]);
    await host.kv.set("kv-a", "secret", encoder.encode("a's secret"));
    await host.kv.set("kv-b", "secret", encoder.encode("b's secret"));
    const answers = record(host, "reply:kv");

    await say(host, "probe");
    await host.bus.idle();

    // Each write landed in the writer's namespace, none in the one it named.
    expect(text(await host.kv.get("kv-a", "written-by-kv-a"))).toBe("kv-a");
    expect(text(await host.kv.get("kv-b", "written-by-kv-b"))).toBe("kv-b");
    expect(await host.kv.get("kv-b", "written-by-kv-a")).toBeUndefined();
    expect(await host.kv.get("kv-a", "written-by-kv-b")).toBeUndefined();
    const keys = async (namespace: string) =>
      (await host.kv.list(namespace, "", 100)).entries.map((entry) => entry.key);
    expect(await keys("kv-a")).toEqual(["secret", "written-by-kv-a"]);
    expect(await keys("kv-b")).toEqual(["secret", "written-by-kv-b"]);
    // The host accepted both requests (extra fields are ignored, not honoured)
    // and each read returned the reader's own secret, not the named plugin's.
    const byPlugin = Object.fromEntries(answers.map((event) => [event.actorId, JSON.parse(event.payload)]));
    expect(byPlugin).toEqual({
      "kv-a": { wrote: {}, read: { found: true, value: "a's secret" } },
      "kv-b": { wrote: {}, read: { found: true, value: "b's secret" } },
    });
  });
});
