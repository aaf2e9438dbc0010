/**
 * Issue 22, hole 12, for WASM: a guest whose call overran is re-created on
 * a fresh worker, and the host counts it in `holomush_plugin_restarts_total`
 * (reason `timeout`). Real module, real host, real worker.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MARKERS, scriptedGuest } from "./__fixtures__/host-guests.js";
import { type Harness, say, startWasmHost } from "./__fixtures__/wasm-host-harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe("WASM restarts", () => {
  it("are counted by plugin and reason", { timeout: 30_000 }, async () => {
    const bytes = await scriptedGuest();
    harness = await startWasmHost(({ paths }) => {
      paths.addWasm(
        {
          name: "looper",
          version: "1.0.0",
          events: [{ stream: "location:square", types: ["say"] }],
          emits: ["reply"],
          delivery: { "timeout-ms": 300 },
          "wasm-plugin": { "timeout-ms": 300 },
        },
        bytes,
      );
    });
    const { host } = harness;
    await say(host, MARKERS.loop);
    await host.bus.idle();
    await say(host, "after");
    await host.bus.idle();
    const text = await host.metrics.registry.metrics();
    expect(text).toContain('holomush_plugin_restarts_total{plugin="looper",reason="timeout"} 1');
  });
});
