import { describe, expect, it } from "vitest";
import { createHostMetrics } from "./host-metrics.js";

describe("host metrics for the operator console", () => {
  it("exports each plugin's uptime and runtime restarts from the life collector", async () => {
    const metrics = createHostMetrics();
    metrics.setLifeCollector(() => ({ "echo-bot": { uptimeSeconds: 12.5, restarts: 2 } }));
    const text = await metrics.registry.metrics();
    expect(text).toContain('holomush_plugin_uptime_seconds{plugin="echo-bot"} 12.5');
    expect(text).toContain('holomush_plugin_runtime_restarts{plugin="echo-bot"} 2');
  });

  it("keeps each plugin's last errors, newest first, bounded and with messages cut", () => {
    const metrics = createHostMetrics();
    metrics.bus.failed("p", { kind: "delivery", error: new Error("boom"), event: "01E1" });
    metrics.bus.timedOut("p", { kind: "timeout", event: "01E2" });
    metrics.bus.failed("p", { kind: "emit", error: new Error("x".repeat(5000)) });
    const [emit, timeout, delivery] = metrics.recentErrors.of("p");
    expect(delivery).toMatchObject({ kind: "delivery", message: "boom", event: "01E1" });
    expect(timeout).toMatchObject({ kind: "timeout", message: "delivery timed out", event: "01E2" });
    expect(emit?.message).toHaveLength(500);
    for (let i = 0; i < 50; i++) metrics.bus.failed("p", { kind: "delivery", error: new Error(`e${i}`) });
    expect(metrics.recentErrors.of("p")).toHaveLength(20);
    expect(metrics.recentErrors.of("p")[0]?.message).toBe("e49");
    expect(metrics.recentErrors.of("other")).toEqual([]);
  });
});
