/**
 * Guest tables at load (table-limit.ts): the attack that took the host from
 * 1 GB to 15 GB (40 funcref tables grown by 10M entries each) is refused
 * before it runs, with a coded error; neighbours load and keep working.
 */

import { buildGuest } from "@holomush/test-services/wat-guests";
import { afterEach, describe, expect, it } from "vitest";
import { HostErrorCode, isHostError } from "../../errors.js";
import { createWorld, delivery, loadContext, manifestFor, sayEvent } from "./__fixtures__/memory-host.js";
import { type Harness, publishedId, record, say, startWasmHost } from "./__fixtures__/wasm-host-harness.js";
import { DEFAULT_MAX_TABLE_ELEMENTS } from "./table-limit.js";
import { createWasmRuntime, type WasmRuntime } from "./wasm-runtime.js";

const TABLES = 40;
const GROWTH = 10_000_000;

/** `count` funcref tables (`limits` e.g. "1" or "1 100"); handle_event grows each by `growth`. */
function tableGuest(count: number, limits: string, growth = GROWTH) {
  const tables = Array.from({ length: count }, (_, i) => `(table $t${i} ${limits} funcref)`).join("\n  ");
  const grow = Array.from(
    { length: count },
    (_, i) => `(if (i32.ne (table.grow $t${i} (ref.null func) (i32.const ${growth})) (i32.const -1))
        (then (call $output $str:grew) (return (i32.const 0))))`,
  ).join("\n      ");
  return buildGuest({
    strings: {
      grew: '{"events":[{"stream":"location:x","type":"grew","payload":"{}"}]}',
      refused: '{"events":[{"stream":"location:x","type":"refused","payload":"{}"}]}',
    },
    extra: tables,
    handleEvent: `${grow}\n      (call $output $str:refused)`,
  });
}

let runtime: WasmRuntime | undefined;
let harness: Harness | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
  await harness?.stop();
  harness = undefined;
});

describe("WASM tables at load", () => {
  async function load(name: string, bytes: Uint8Array, maxTableElements?: number) {
    runtime ??= createWasmRuntime({ workers: 1, ...(maxTableElements === undefined ? {} : { maxTableElements }) });
    return runtime.load(loadContext(createWorld(), manifestFor(name), bytes));
  }

  it("refuses tables without a maximum in a module that grows tables, with WASM_TABLE_LIMIT naming the plugin and file", async () => {
    const error = await load("unbounded", await tableGuest(TABLES, "1")).catch((e) => e);
    expect(isHostError(error, HostErrorCode.WASM_TABLE_LIMIT)).toBe(true);
    expect(error.file).toMatch(/\/plugin\.wasm$/);
    expect([error.plugin, error.message]).toEqual([
      "unbounded",
      `table 0 declares no maximum size and the code grows tables (table.grow); the host needs a maximum (at most ${DEFAULT_MAX_TABLE_ELEMENTS} elements in all tables)`,
    ]);
  });

  it("accepts a table without a maximum when no code grows it (as standard Go's wasip1 output has), within the budget", async () => {
    const fixed = await tableGuest(1, "10", 0);
    const noGrow = await buildGuest({
      strings: { ok: '{"events":[{"stream":"location:x","type":"ok","payload":"{}"}]}' },
      extra: "(table $fixed 10 funcref)",
      handleEvent: "(call $output $str:ok)",
    });
    const instance = await load("fixed-table", noGrow);
    expect((await instance.handleEvent(sayEvent("e0000003", "hi"), delivery()))?.events?.[0]?.type).toBe("ok");
    // The same fixed table, but the code can grow it: refused.
    expect(isHostError(await load("grows", fixed).catch((e) => e), HostErrorCode.WASM_TABLE_LIMIT)).toBe(true);
    // Its initial size still counts toward the budget.
    const big = await buildGuest({ strings: {}, extra: "(table $big 70000 funcref)", handleEvent: "" });
    expect(isHostError(await load("big-fixed", big).catch((e) => e), HostErrorCode.WASM_TABLE_LIMIT)).toBe(true);
  });

  it("refuses tables whose maxima together exceed the budget, however they are split", async () => {
    const many = await load("many", await tableGuest(TABLES, `1 ${GROWTH}`)).catch((e) => e);
    const split = await load("split", await tableGuest(2, "1 40000")).catch((e) => e);
    for (const error of [many, split]) expect(isHostError(error, HostErrorCode.WASM_TABLE_LIMIT)).toBe(true);
    expect(split.message).toBe(
      `tables may grow to 80000 elements; the host allows at most ${DEFAULT_MAX_TABLE_ELEMENTS} in all tables`,
    );
  });

  it("honours a configured budget", async () => {
    const error = await load("small-budget", await tableGuest(1, "1 200"), 100).catch((e) => e);
    expect(isHostError(error, HostErrorCode.WASM_TABLE_LIMIT)).toBe(true);
  });

  it("runs a guest with bounded tables; growing past the maximum fails inside the guest", async () => {
    const instance = await load("bounded", await tableGuest(4, "1 1000"));
    const outcome = await instance.handleEvent(sayEvent("e0000001", "hi"), delivery());
    expect(outcome?.events?.[0]?.type).toBe("refused");
    const modest = await load("modest", await tableGuest(1, "1 1000", 10));
    expect((await modest.handleEvent(sayEvent("e0000002", "hi"), delivery()))?.events?.[0]?.type).toBe("grew");
  });
});

describe("WASM tables through the host", () => {
  it("refuses the table-growth attack; the host and the other plugins keep working", async () => {
    harness = await startWasmHost(async ({ paths }) => {
      paths.addExample("echo-bot");
      paths.addWasm({ name: "table-hog", version: "1.0.0", emits: ["location"] }, await tableGuest(TABLES, "1"));
      paths.addExample("wasm-counter");
    });
    const { host, report } = harness;
    expect(report.loaded.sort()).toEqual(["echo-bot", "wasm-counter"]);
    expect(report.failed.map(({ name, error }) => [name, error.code])).toEqual([
      ["table-hog", HostErrorCode.WASM_TABLE_LIMIT],
    ]);
    expect(report.failed[0]?.error.file).toMatch(/table-hog\/plugin\.wasm$/);

    const echoes = record(host, "location:*", "echo-bot");
    const said = publishedId(await say(host, "still here?"));
    await host.bus.idle();
    expect(echoes.map((event) => JSON.parse(event.payload).message)).toEqual(["Echo: still here?"]);
    expect(said).toBeTruthy();
    expect(new TextDecoder().decode(await host.kv.get("wasm-counter", "count:location:square"))).toBe("1");
  });
});
