import { buildGuest, userImport } from "@holomush/test-services/wat-guests";
import { afterEach, describe, expect, it } from "vitest";
import { HostErrorCode, isHostError } from "../../errors.js";
import { createWorld, delivery, loadContext, manifestFor, sayEvent } from "./__fixtures__/memory-host.js";
import { createWasmRuntime, type WasmRuntime } from "./wasm-runtime.js";

let runtime: WasmRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

/** Answers "fresh" on its first call after instantiation, then "warm"; loops forever on long input. */
function looper() {
  return buildGuest({
    strings: {
      fresh: '{"events":[{"stream":"location:x","type":"fresh","payload":"{}"}]}',
      warm: '{"events":[{"stream":"location:x","type":"warm","payload":"{}"}]}',
    },
    extra: "(global $seen (mut i32) (i32.const 0))",
    handleEvent: `
      (if (i64.gt_u (call $input_length) (i64.const 400)) (then (loop $forever (br $forever))))
      (if (global.get $seen) (then (call $output $str:warm)) (else (call $output $str:fresh)))
      (global.set $seen (i32.const 1))`,
  });
}

describe("WASM isolation", () => {
  it("times out an endless loop without blocking the event loop or another plugin", async () => {
    runtime = createWasmRuntime({ workers: 2 });
    const world = createWorld();
    const loop = await runtime.load(loadContext(world, manifestFor("looper", { timeoutMs: 300 }), await looper()));
    const other = await runtime.load(loadContext(world, manifestFor("other"), await looper()));
    expect((await loop.handleEvent(sayEvent("e0000001", "hi"), delivery()))?.events?.[0]?.type).toBe("fresh");
    expect((await loop.handleEvent(sayEvent("e0000002", "hi"), delivery()))?.events?.[0]?.type).toBe("warm");

    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const started = Date.now();
    const looping = loop.handleEvent(sayEvent("e0000003", "z".repeat(500)), delivery()).catch((e) => e);
    // While the guest spins, the main thread keeps ticking and the other plugin answers.
    const answered = await other.handleEvent(sayEvent("e0000004", "hi"), delivery());
    expect(answered?.events?.[0]?.type).toBe("fresh");
    const error = await looping;
    clearInterval(ticker);
    expect(isHostError(error, HostErrorCode.PLUGIN_TIMEOUT)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(ticks).toBeGreaterThan(5);

    // The next event goes to a fresh instance (in-guest state is lost).
    expect((await loop.handleEvent(sayEvent("e0000005", "hi"), delivery()))?.events?.[0]?.type).toBe("fresh");
    expect(loop.metrics?.()).toMatchObject({ timeouts: 1, restarts: 1 });
    // The neighbour kept its instance.
    expect((await other.handleEvent(sayEvent("e0000006", "hi"), delivery()))?.events?.[0]?.type).toBe("warm");
  });

  it("holds a call queued behind a restart to its own timeout, not the reload's", async () => {
    // The reload after a timeout has the (long) load timeout; the call queued behind it must
    // still be stopped after its own timeout-ms once it starts.
    runtime = createWasmRuntime({ loadTimeoutMs: 20_000 });
    const world = createWorld();
    const loop = await runtime.load(loadContext(world, manifestFor("looper", { timeoutMs: 300 }), await looper()));
    const spin = (id: string) => loop.handleEvent(sayEvent(id, "z".repeat(500)), delivery(60_000)).catch((e) => e);
    const first = spin("e0000001");
    const second = spin("e0000002");
    expect(isHostError(await first, HostErrorCode.PLUGIN_TIMEOUT)).toBe(true);
    const firstDone = Date.now();
    expect(isHostError(await second, HostErrorCode.PLUGIN_TIMEOUT)).toBe(true);
    // Not the reload's 20 s: the second spin ran for its own 300 ms (plus a reload).
    expect(Date.now() - firstDone).toBeLessThan(10_000);
    expect(loop.metrics?.()).toMatchObject({ timeouts: 2 });
  }, 30_000);

  it("keeps a guest's KV in its own namespace whatever the request names", async () => {
    runtime = createWasmRuntime({ workers: 1 });
    const world = createWorld();
    const bytes = await buildGuest({
      imports: userImport("kv_set"),
      strings: { request: '{"key":"k","value":"from-a","plugin":"b","namespace":"b"}' },
      handleEvent: "(drop (call $kv_set (call $to_block $str:request)))",
    });
    const grant = { hostFunctions: ["kv_set"] };
    const a = await runtime.load(loadContext(world, manifestFor("plugin-a", grant), bytes));
    await runtime.load(loadContext(world, manifestFor("plugin-b", grant), bytes));
    await a.handleEvent(sayEvent("e0000001", "hi"), delivery());
    expect(new TextDecoder().decode(world.kv.get("plugin-a")?.get("k"))).toBe("from-a");
    expect(world.kv.get("plugin-b")?.get("k")).toBeUndefined();
  });

  it("returns emitted events with the outcome and serves log and kv round trips", async () => {
    runtime = createWasmRuntime({ workers: 1 });
    const world = createWorld();
    const bytes = await buildGuest({
      imports: [userImport("emit"), userImport("log"), userImport("kv_get"), userImport("kv_set")].join("\n"),
      strings: {
        event: '{"stream":"location:room1","type":"said","payload":"{\\"n\\":1}"}',
        set: '{"key":"count","value":"7"}',
        get: '{"key":"count"}',
        line: '{"level":"warn","message":"hello","fields":{"a":"b"}}',
      },
      handleEvent: `
        (drop (call $emit (call $to_block $str:event)))
        (drop (call $log (call $to_block $str:line)))
        (drop (call $kv_set (call $to_block $str:set)))
        (call $output_block (call $kv_get (call $to_block $str:get)))`,
    });
    const grant = { hostFunctions: ["emit", "log", "kv_get", "kv_set"] };
    const instance = await runtime.load(loadContext(world, manifestFor("emitter", grant), bytes));
    const outcome = await instance.handleEvent(sayEvent("e0000001", "hi"), delivery());
    expect(outcome?.events).toEqual([{ stream: "location:room1", type: "said", payload: '{"n":1}' }]);
    expect(world.logs).toEqual([{ plugin: "emitter", level: 3, message: "hello", fields: { a: "b" } }]);
    expect(new TextDecoder().decode(world.kv.get("emitter")?.get("count"))).toBe("7");
  });
});
