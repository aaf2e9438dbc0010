import { existsSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { isHostError } from "../../errors.js";
import {
  callOptions,
  createFixtureRuntime,
  deliver,
  echoManifest,
  emptyConfig,
  eventually,
  firstPayload,
  isRunning,
} from "./__fixtures__/test-host.js";

describe("process runtime: supervision", () => {
  const fixture = createFixtureRuntime({ restart: { initialDelayMs: 20, maxDelayMs: 100, maxCrashes: 3 } });
  afterAll(() => fixture.runtime.close());

  it("restarts a plugin that crashes mid-event and delivers later events to the new process", async () => {
    const { instance } = await fixture.load(echoManifest("crashy"));
    await instance.init?.(emptyConfig(), callOptions());
    const firstPid = instance.pid;
    const error = await deliver(instance, { crash: true }).catch((e: unknown) => e);
    expect(isHostError(error, "PLUGIN_UNAVAILABLE")).toBe(true);
    // The next event waits for the restarted, re-Init'ed process.
    const outcome = await deliver(instance, { seq: 2 });
    expect(firstPayload(outcome)).toMatchObject({ seq: 2, seen: 1 });
    expect(firstPayload(outcome).pid).not.toBe(firstPid);
    expect(instance.metrics?.().restarts).toBe(1);
    await instance.shutdown("test over");
  });

  it("restarts a plugin killed with SIGKILL", async () => {
    const { instance } = await fixture.load(echoManifest("killed"));
    await instance.init?.(emptyConfig(), callOptions());
    const pid = instance.pid;
    process.kill(pid ?? 0, "SIGKILL");
    await eventually(() => instance.pid !== undefined && instance.pid !== pid);
    const outcome = await deliver(instance, { seq: 1 });
    expect(firstPayload(outcome).pid).not.toBe(pid);
    await instance.shutdown("test over");
  });

  it("times out a hanging handler through the signal without affecting another plugin", async () => {
    const { instance: hanging } = await fixture.load(echoManifest("hangs"));
    const { instance: other } = await fixture.load(echoManifest("healthy"));
    await hanging.init?.(emptyConfig(), callOptions());
    await other.init?.(emptyConfig(), callOptions());
    const stuck = deliver(hanging, { hang: true }, 200).catch((e: unknown) => e);
    expect(firstPayload(await deliver(other, { seq: 5 }))).toMatchObject({ seq: 5 });
    const error = await stuck;
    expect(isHostError(error, "PLUGIN_TIMEOUT")).toBe(true);
    // The hung plugin keeps receiving later events; its late reply was dropped.
    expect(firstPayload(await deliver(hanging, { seq: 6 }))).toMatchObject({ seq: 6, seen: 2 });
    await Promise.all([hanging.shutdown("test over"), other.shutdown("test over")]);
  });

  it("logs garbage on stdout as plugin output without breaking the protocol", async () => {
    const { instance } = await fixture.load(echoManifest("noisy"));
    await instance.init?.(emptyConfig(), callOptions());
    await deliver(instance, { garbage: true, seq: 1 });
    expect(firstPayload(await deliver(instance, { seq: 2 }))).toMatchObject({ seq: 2 });
    await eventually(() =>
      fixture.log
        .lines()
        .some((line) => line.plugin === "noisy" && line.stream === "stdout" && String(line.msg).includes("{{{{")),
    );
    await instance.shutdown("test over");
  });

  it("marks a plugin failed after too many crashes, calling onFailure, and others keep working", async () => {
    const { instance } = await fixture.load(echoManifest("doomed"));
    const { instance: other } = await fixture.load(echoManifest("bystander"));
    await instance.init?.(emptyConfig(), callOptions());
    await other.init?.(emptyConfig(), callOptions());
    const reasons: string[] = [];
    instance.onFailure?.((reason) => reasons.push(reason));
    for (let crash = 0; crash < 4; crash++) await deliver(instance, { crash: true }).catch(() => undefined);
    await eventually(() => reasons.length === 1);
    expect(reasons[0]).toContain("crashes within");
    const error = await deliver(instance, { seq: 1 }).catch((e: unknown) => e);
    expect(isHostError(error, "PLUGIN_UNAVAILABLE")).toBe(true);
    expect(firstPayload(await deliver(other, { seq: 3 }))).toMatchObject({ seq: 3 });
    await Promise.all([instance.shutdown("test over"), other.shutdown("test over")]);
  });

  it("shuts a plugin down gracefully: the process exits on its own", async () => {
    const { instance } = await fixture.load(echoManifest("graceful"));
    await instance.init?.(emptyConfig(), callOptions());
    const pid = instance.pid;
    await instance.shutdown("reload");
    expect(isRunning(pid)).toBe(false);
    const error = await deliver(instance, {}).catch((e: unknown) => e);
    expect(isHostError(error, "PLUGIN_UNAVAILABLE")).toBe(true);
  });
});

describe("process runtime: health", () => {
  const fixture = createFixtureRuntime({ health: { intervalMs: 100, timeoutMs: 200 } });
  afterAll(() => fixture.runtime.close());

  it("kills and restarts a plugin that stops answering Pings", async () => {
    const { instance } = await fixture.load(echoManifest("frozen"));
    await instance.init?.(emptyConfig(), callOptions());
    const pid = instance.pid;
    const error = await deliver(instance, { busyMs: 5000 }, 8000).catch((e: unknown) => e);
    expect(isHostError(error, "PLUGIN_UNAVAILABLE")).toBe(true);
    await eventually(() => !isRunning(pid));
    expect(firstPayload(await deliver(instance, { seq: 1 })).pid).not.toBe(pid);
    await instance.shutdown("test over");
  });
});

describe("process runtime: close", () => {
  it("leaves no plugin process and no socket file behind", async () => {
    const fixture = createFixtureRuntime();
    const { instance: a } = await fixture.load(echoManifest("left-a"));
    const { instance: b } = await fixture.load(echoManifest("left-b"));
    await a.init?.(emptyConfig(), callOptions());
    const pids = [a.pid, b.pid];
    const socket = fixture.runtime.address.slice("unix:".length);
    expect(existsSync(socket)).toBe(true);
    await fixture.runtime.close();
    expect(pids.map(isRunning)).toEqual([false, false]);
    expect(existsSync(socket)).toBe(false);
    expect(existsSync(fixture.runtime.runDir)).toBe(false);
  });
});
