import { buildGuest, userImport } from "@holomush/test-services/wat-guests";
import { afterEach, describe, expect, it } from "vitest";
import { HostErrorCode, isHostError } from "../../errors.js";
import { createWorld, delivery, loadContext, manifestFor, sayEvent } from "./__fixtures__/memory-host.js";
import { createWasmRuntime, type WasmRuntime } from "./wasm-runtime.js";

/** Emits one event whose type is the 8 characters of the event id (input bytes 7..15). */
const ID_ECHO = {
  strings: { prefix: '{"events":[{"stream":"location:x","type":"', suffix: '","payload":"{}"}]}' },
  extra: `
  (func $copy (param $dst i32) (param $src i32) (param $len i32)
    (memory.copy (local.get $dst) (local.get $src) (local.get $len)))
  (func $echo_id
    (local $at i32) (local $i i32)
    (call $copy (i32.const 0) $str:prefix)
    (local.set $at (i32.const 42))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (i32.const 8)))
      (i32.store8 (i32.add (local.get $at) (local.get $i))
        (call $input_load_u8 (i64.extend_i32_u (i32.add (i32.const 7) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (call $copy (i32.const 50) $str:suffix)
    (call $output (i32.const 0) (i32.const 69)))`,
};

let runtime: WasmRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

async function load(name: string, bytes: Uint8Array, wasm = {}, extra = {}, world = createWorld()) {
  const active = runtime ?? createWasmRuntime({ workers: 2 });
  runtime = active;
  return active.load(loadContext(world, manifestFor(name, wasm, extra), bytes));
}

function outputGuest(output: string) {
  return buildGuest({ strings: { out: output }, handleEvent: "(call $output $str:out)" });
}

describe("createWasmRuntime: load-time validation", () => {
  it("refuses a file that is not WebAssembly", async () => {
    const error = await load("not-wasm", new TextEncoder().encode("#!/bin/sh\necho hi\n")).catch((e) => e);
    expect(isHostError(error, HostErrorCode.WASM_MODULE_INVALID)).toBe(true);
  });

  it("refuses a module with a valid header but a broken body", async () => {
    const error = await load("broken", Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff, 0x01])).catch((e) => e);
    expect(isHostError(error, HostErrorCode.WASM_MODULE_INVALID)).toBe(true);
  });

  it("refuses a module without handle_event", async () => {
    const bytes = await buildGuest({ extra: '(func (export "something_else"))' });
    const error = await load("no-export", bytes).catch((e) => e);
    expect(isHostError(error, HostErrorCode.WASM_EXPORT_MISSING)).toBe(true);
  });

  it("refuses an import of a host function the manifest does not grant, naming it", async () => {
    const bytes = await buildGuest({ imports: userImport("kv_set"), handleEvent: "" });
    const error = await load("ungranted", bytes).catch((e) => e);
    expect(isHostError(error, HostErrorCode.WASM_IMPORT_NOT_GRANTED)).toBe(true);
    expect(error.message).toContain("kv_set");
  });

  it("refuses an unknown host function and foreign import modules", async () => {
    const unknown = await buildGuest({ imports: userImport("spawn_shell"), handleEvent: "" });
    const foreign = await buildGuest({ imports: '(import "env" "secret" (func $s))', handleEvent: "" });
    const granted = { hostFunctions: ["log", "kv_set"] };
    expect((await load("unknown-fn", unknown, granted).catch((e) => e)).message).toContain("spawn_shell");
    expect(isHostError(await load("foreign", foreign).catch((e) => e), HostErrorCode.WASM_IMPORT_NOT_GRANTED)).toBe(
      true,
    );
  });

  it("refuses granting emit to a plugin whose manifest declares no emits", async () => {
    const bytes = await outputGuest("{}");
    const error = await load("no-emits", bytes, { hostFunctions: ["emit"] }, { emits: [] }).catch((e) => e);
    expect(isHostError(error, HostErrorCode.MANIFEST_INVALID)).toBe(true);
  });

  it("refuses a module whose initial memory exceeds max-memory-pages", async () => {
    const bytes = await buildGuest({ handleEvent: "", memoryPages: 8 });
    const error = await load("too-big", bytes, { maxMemoryPages: 4 }).catch((e) => e);
    expect(isHostError(error, HostErrorCode.WASM_MEMORY_LIMIT)).toBe(true);
  });
});

describe("createWasmRuntime: calls", () => {
  it("accepts the three no-action forms", async () => {
    for (const [index, output] of ["", "{}", '{"events":[]}'].entries()) {
      const instance = await load(`quiet-${index}`, await outputGuest(output));
      await expect(instance.handleEvent(sayEvent("e0000001", "hi"), delivery())).resolves.toBeUndefined();
    }
  });

  it("delivers 1,000 events in order, each answered by its own output", async () => {
    const instance = await load("ordered", await buildGuest({ ...ID_ECHO, handleEvent: "(call $echo_id)" }));
    const ids = Array.from({ length: 1000 }, (_, i) => `e${String(i).padStart(7, "0")}`);
    // Submitted without awaiting: the runtime must serialize and keep the order.
    const outcomes = await Promise.all(ids.map((id) => instance.handleEvent(sayEvent(id, "x"), delivery())));
    expect(outcomes.map((outcome) => outcome?.events?.[0]?.type)).toEqual(ids);
  });

  it("fails malformed output with PLUGIN_OUTPUT_INVALID and keeps the plugin usable", async () => {
    const big = "x".repeat(70 * 1024);
    const cases = [
      "not json",
      '{"events":"nope"}',
      `{"events":[{"stream":"location:a","type":"t","payload":"\\"${big}\\""}]}`,
    ];
    for (const [index, output] of cases.entries()) {
      const instance = await load(`malformed-${index}`, await outputGuest(output));
      const error = await instance.handleEvent(sayEvent("e0000001", "hi"), delivery()).catch((e) => e);
      expect(isHostError(error, HostErrorCode.PLUGIN_OUTPUT_INVALID)).toBe(true);
      expect((await instance.handleEvent(sayEvent("e0000002", "hi"), delivery()).catch((e) => e)).code).toBe(
        HostErrorCode.PLUGIN_OUTPUT_INVALID,
      );
    }
  });

  it("turns a trap into WASM_TRAP and answers the next event from a fresh instance", async () => {
    const bytes = await buildGuest({
      ...ID_ECHO,
      handleEvent: "(if (i64.gt_u (call $input_length) (i64.const 400)) (then unreachable)) (call $echo_id)",
    });
    const instance = await load("trapper", bytes);
    const error = await instance.handleEvent(sayEvent("e0000001", "y".repeat(500)), delivery()).catch((e) => e);
    expect(isHostError(error, HostErrorCode.WASM_TRAP)).toBe(true);
    const next = await instance.handleEvent(sayEvent("e0000002", "short"), delivery());
    expect(next?.events?.[0]?.type).toBe("e0000002");
  });

  it("fails a call that grows memory past max-memory-pages with WASM_MEMORY_LIMIT", async () => {
    const hog = `(block $full (loop $grow
        (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $grow))) unreachable`;
    const instance = await load("hog", await buildGuest({ handleEvent: hog, memoryPages: 1 }), { maxMemoryPages: 4 });
    const error = await instance.handleEvent(sayEvent("e0000001", "hi"), delivery()).catch((e) => e);
    expect(isHostError(error, HostErrorCode.WASM_MEMORY_LIMIT)).toBe(true);
  });
});
