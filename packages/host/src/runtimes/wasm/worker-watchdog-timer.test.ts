/**
 * The worker handle's watchdog keeps one timer across jobs (unref'd while
 * the worker idles) instead of setting and clearing one per event, and an
 * idle runtime still keeps no referenced timer alive. Enforcement of the
 * timeout itself is covered by wasm-isolation.test.ts.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { exampleWasm } from "./__fixtures__/examples.js";
import { createWorld, delivery, loadContext, manifestFor, sayEvent } from "./__fixtures__/memory-host.js";
import { createWasmRuntime, type WasmRuntime } from "./wasm-runtime.js";

let runtime: WasmRuntime | undefined;
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await runtime?.close();
  runtime = undefined;
});

describe("the WASM worker's watchdog timer", () => {
  it("is armed once for a run of events, not once per event", async () => {
    runtime = createWasmRuntime({ workers: 1 });
    const instance = await runtime.load(
      loadContext(createWorld(), manifestFor("echo-bot", { timeoutMs: 5000 }), exampleWasm("echo-bot")),
    );
    // Fake timers never fire on their own: a timer armed by the first event is still there after the
    // last. (The load's real timer may still be armed too: then no event arms one at all.)
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
    const clearTimeoutSpy = vi.spyOn(globalThis, "clearTimeout");
    for (let index = 0; index < 20; index++) {
      const outcome = await instance.handleEvent(sayEvent(`e${index}`, `message ${index}`), delivery());
      expect(outcome?.events?.[0]?.payload).toContain(`Echo: message ${index}`);
    }
    expect(setTimeoutSpy.mock.calls.length).toBeLessThanOrEqual(1);
    expect(clearTimeoutSpy).not.toHaveBeenCalled();
  });

  it("keeps no referenced timer while the worker idles", async () => {
    // Every timer the runtime sets from here is tracked; one still pending once the worker idles
    // must be unref'd. (Counting the process's active timers instead raced with timers other
    // tests left to expire.)
    const pending = new Set<NodeJS.Timeout>();
    const realSetTimeout = globalThis.setTimeout;
    const realClearTimeout = globalThis.clearTimeout;
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((callback: (...args: unknown[]) => void, ms?: number) => {
      const timer = realSetTimeout(() => {
        pending.delete(timer);
        callback();
      }, ms);
      pending.add(timer);
      return timer;
    }) as typeof setTimeout);
    vi.spyOn(globalThis, "clearTimeout").mockImplementation(((timer: NodeJS.Timeout | undefined) => {
      if (timer !== undefined) pending.delete(timer);
      realClearTimeout(timer);
    }) as typeof clearTimeout);
    runtime = createWasmRuntime({ workers: 1 });
    const instance = await runtime.load(
      loadContext(createWorld(), manifestFor("echo-bot", { timeoutMs: 5000 }), exampleWasm("echo-bot")),
    );
    const outcome = await instance.handleEvent(sayEvent("e1", "hello"), delivery());
    expect(outcome?.events?.[0]?.payload).toContain("Echo: hello");
    expect(pending.size).toBeGreaterThan(0); // the watchdog's timer, kept across jobs
    expect([...pending].filter((timer) => timer.hasRef())).toEqual([]);
  });
});
