/**
 * A worker the watchdog stops gives its guest's memory back to the OS: the
 * host's RSS falls to what it was before the guest grew (measured on the
 * real process; figures in docs/reliability.md "WASM resource limits").
 */

import { buildGuest } from "@holomush/test-services/wat-guests";
import { afterEach, describe, expect, it } from "vitest";
import { HostErrorCode, isHostError } from "../../errors.js";
import { createWorld, delivery, loadContext, manifestFor, sayEvent } from "./__fixtures__/memory-host.js";
import { createWasmRuntime, type WasmRuntime } from "./wasm-runtime.js";

const MIB = 1024 * 1024;
const PAGES = 8192; // 512 MiB of linear memory

/** On long input, grows memory to PAGES and writes every 4 KiB page; on longer input, loops forever. */
function memoryHog() {
  return buildGuest({
    strings: { ok: '{"events":[]}' },
    extra: `(func $hog (local $i i32)
      (drop (memory.grow (i32.const ${PAGES - 2})))
      (block $done (loop $touch
        (br_if $done (i32.ge_u (local.get $i) (i32.const ${(PAGES - 1) * 65536 - 1})))
        (i32.store8 (local.get $i) (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 4096)))
        (br $touch))))`,
    handleEvent: `
      (if (i64.gt_u (call $input_length) (i64.const 1000)) (then (loop $forever (br $forever))))
      (if (i64.gt_u (call $input_length) (i64.const 400)) (then (call $hog)))
      (call $output $str:ok)`,
  });
}

let runtime: WasmRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

describe("WASM worker memory", () => {
  it("returns a stopped worker's guest memory to the OS", async () => {
    runtime = createWasmRuntime({ workers: 1 });
    const manifest = manifestFor("memory-hog", { maxMemoryPages: PAGES, timeoutMs: 5_000 });
    const hog = await runtime.load(loadContext(createWorld(), manifest, await memoryHog()));
    const loaded = process.memoryUsage().rss;
    await hog.handleEvent(sayEvent("e0000001", "g".repeat(500)), delivery(30_000));
    const grown = process.memoryUsage().rss;
    expect(grown - loaded).toBeGreaterThan(400 * MIB);

    const error = await hog.handleEvent(sayEvent("e0000002", "z".repeat(1500)), delivery(30_000)).catch((e) => e);
    expect(isHostError(error, HostErrorCode.PLUGIN_TIMEOUT)).toBe(true);
    // The watchdog terminated the worker; the instance was reloaded on a fresh one.
    await hog.handleEvent(sayEvent("e0000003", "hi"), delivery(30_000));
    const after = process.memoryUsage().rss;
    console.log(
      `RSS: loaded ${(loaded / MIB) | 0} MiB, grown ${(grown / MIB) | 0} MiB, after the worker was stopped ${(after / MIB) | 0} MiB`,
    );
    expect(grown - after).toBeGreaterThan(400 * MIB);
  }, 60_000);
});
