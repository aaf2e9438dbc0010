/**
 * Issue #13, WASM isolation: a looping guest loaded beside the real echo-bot
 * and wasm-counter (and a guest that keeps state in its own globals) costs
 * them no event and no in-guest state. The looping plugin keeps the delivery
 * contract: it loses each overrunning event and keeps receiving later ones.
 */

import { buildGuest } from "@holomush/test-services/wat-guests";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, record, say, startWasmHost } from "../runtimes/wasm/__fixtures__/wasm-host-harness.js";
import type { WasmRuntimeOptions } from "../runtimes/wasm/wasm-runtime.js";
import { duplicateKeys } from "./__fixtures__/log-capture.js";
import { printFigures } from "./figures.js";

const SAYS = 30;
const SPINS = 3;
const LOOPER_TIMEOUT_MS = 300;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** Emits "fresh" on its first event after instantiation, then "warm"; spins forever on a long input. */
function statefulGuest(): Promise<Uint8Array> {
  return buildGuest({
    strings: {
      fresh: '{"events":[{"stream":"location:square","type":"fresh","payload":"{}"}]}',
      warm: '{"events":[{"stream":"location:square","type":"warm","payload":"{}"}]}',
    },
    extra: "(global $seen (mut i32) (i32.const 0))",
    handleEvent: `
      (if (i64.gt_u (call $input_length) (i64.const 400)) (then (loop $forever (br $forever))))
      (if (global.get $seen) (then (call $output $str:warm)) (else (call $output $str:fresh)))
      (global.set $seen (i32.const 1))`,
  });
}

/** Slow on every event (a bounded busy loop, well inside its timeout); traps on a long input. */
function slowTrappingGuest(): Promise<Uint8Array> {
  return buildGuest({
    handleEvent: `
      (local $i i32)
      (if (i64.gt_u (call $input_length) (i64.const 400)) (then (unreachable)))
      (block $done (loop $busy
        (br_if $done (i32.ge_u (local.get $i) (i32.const 30000000)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $busy)))`,
  });
}

async function runScenario(runtime: WasmRuntimeOptions) {
  const guest = await statefulGuest();
  const slow = await slowTrappingGuest();
  harness = await startWasmHost(({ paths }) => {
    paths.addExample("echo-bot");
    paths.addExample("wasm-counter");
    paths.addWasm(
      {
        name: "keeper",
        version: "1.0.0",
        emits: ["location"],
        events: [{ stream: "location:*", types: ["say"] }],
        "wasm-plugin": { "timeout-ms": 1000 },
      },
      guest,
    );
    paths.addWasm(
      {
        name: "looper",
        version: "1.0.0",
        emits: ["location"],
        events: [{ stream: "location:*", types: ["say", "spin"] }],
        "wasm-plugin": { "timeout-ms": LOOPER_TIMEOUT_MS },
      },
      guest,
    );
    paths.addWasm(
      {
        name: "slowpoke",
        version: "1.0.0",
        events: [{ stream: "location:*", types: ["say", "spin"] }],
        "wasm-plugin": { "timeout-ms": 5000 },
      },
      slow,
    );
  }, runtime);
  const { host, report } = harness;
  expect(report.failed).toEqual([]);
  const echoes = record(host, "location:*", "echo-bot");
  const keeper = record(host, "location:*", "keeper");
  const looper = record(host, "location:*", "looper");
  for (let i = 0; i < SAYS; i++) {
    await say(host, `message ${i}`);
    // A spin every 10 says: the looper overruns while the others have events to handle.
    if (i % 10 === 5) await say(host, "z".repeat(500), { type: "spin" });
  }
  await host.bus.idle();
  return { host, echoes, keeper, looper, logs: harness.logs, rawLogs: harness.rawLogs };
}

describe("WASM isolation (issue #13)", () => {
  it("a looping, a slow and a trapping guest cost echo-bot, wasm-counter and a stateful guest no event and no state", {
    timeout: 30_000,
  }, async () => {
    const started = performance.now();
    const { host, echoes, keeper, looper, logs, rawLogs } = await runScenario({});
    const stats = host.bus.stats();

    // Every say is seen twice by its subscribers: the character's, and echo-bot's echo of it.
    const seen = 2 * SAYS;
    // echo-bot: every say echoed, nothing skipped (it does not receive its own echoes).
    expect(echoes).toHaveLength(SAYS);
    expect(stats["echo-bot"]).toMatchObject({ delivered: SAYS, errors: 0, timeouts: 0 });
    // wasm-counter: every say delivered; its count (KV, characters' events only) saw each one.
    expect(stats["wasm-counter"]).toMatchObject({ delivered: seen, errors: 0, timeouts: 0 });
    const count = await host.kv.get("wasm-counter", "count:location:square");
    expect(new TextDecoder().decode(count)).toBe(String(SAYS));
    // keeper: one instance the whole time (one "fresh", then only "warm").
    expect(keeper.map((event) => event.type)).toEqual(["fresh", ...Array(seen - 1).fill("warm")]);
    expect(stats.keeper).toMatchObject({ delivered: seen, errors: 0, timeouts: 0 });
    // The looper lost exactly its overrunning events and handled every say.
    expect(stats.looper).toMatchObject({ delivered: seen, timeouts: SPINS });
    expect(looper).toHaveLength(seen);

    // The slow and trapping guest: slow on every event, a trap on each spin (that call fails
    // with WASM_TRAP and it continues on a fresh instance, on its own worker).
    expect(stats.slowpoke).toMatchObject({ delivered: seen, errors: SPINS, timeouts: 0 });

    // Nobody but the looper and the trapping guest had a problem.
    const guilty = ["looper", "slowpoke"];
    const innocentLines = logs.filter(
      (line) => !guilty.includes(String(line.plugin)) && !guilty.some((name) => String(line.msg).includes(name)),
    );
    expect(innocentLines).toEqual([]);
    // The looper's restarts are logged once each, tagged with it once (no repeated "plugin" key).
    expect(logs.filter((line) => line.msg === "wasm instance restarted; in-guest state was lost")).toHaveLength(SPINS);
    expect(rawLogs.filter((line) => duplicateKeys(line).length > 0)).toEqual([]);
    printFigures("WASM isolation", {
      "looping events (lost by the looper)": SPINS,
      "echo-bot echoes": `${echoes.length}/${SAYS}`,
      "wasm-counter count": `${new TextDecoder().decode(count)}/${SAYS}`,
      "keeper instance restarts": keeper.filter((event) => event.type === "fresh").length - 1,
      "scenario ms": Math.round(performance.now() - started),
    });
  });
});
