/**
 * In-process plugin faults against a REAL host in its own process (the
 * built package; __fixtures__/faulty-plugins-host.mjs): a throw in a
 * plugin's timer and a rejection nobody handles fail that plugin, not the
 * host; hung and throwing hooks time out or fail with coded errors while the
 * bus and the command path keep serving everyone else. A child process,
 * because the proof is that the process survives (and the test runner has
 * process-wide handlers of its own).
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const fixture = join(import.meta.dirname, "__fixtures__", "faulty-plugins-host.mjs");

async function runHost(mode: string) {
  return promisify(execFile)(process.execPath, [fixture, mode], { timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

interface Report {
  loaded: string[];
  states: Record<string, string>;
  failures: Record<string, string>;
  received: string[];
  commands: Record<string, { status: string; output: string }>;
  bus: Record<string, { delivered: number; errors: number; timeouts: number }>;
  logs: Array<{ msg: string; plugin?: string; code?: string; command?: string; message?: string }>;
}

describe("in-process plugin faults in a real host process", () => {
  it("fails only the faulty plugins; others keep their events and commands answer", async () => {
    const { code, stdout, stderr } = await runHost("contained");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.loaded.sort()).toEqual(["good", "hanger", "rejecter", "thrower", "timer-thrower"]);
    expect(report.states).toEqual({
      good: "running",
      hanger: "running",
      thrower: "running",
      "timer-thrower": "failed",
      rejecter: "failed",
    });
    expect(report.failures).toEqual({
      "timer-thrower": "uncaughtException in plugin code: boom in a timer",
      rejecter: "unhandledRejection in plugin code: nobody handles this rejection",
    });
    // Every say reached the good plugin, before and after the faults, and so did the command's event.
    expect(report.received).toEqual(["m0", "m1", "boom-timer", "m3", "boom-reject", "m5", "m6", "m7", "announced"]);
    expect(report.commands).toMatchObject({
      ping: { status: "OK", output: "pong" },
      hang: { status: "FAILURE", output: '"hang" took too long to answer. Please try again.' },
      pingAfterHang: { status: "OK", output: "pong" },
      // The player is told it failed; what the plugin threw is in the host log (below).
      crash: { status: "FATAL", output: '"crash" failed (plugin thrower). The details are in the host log.' },
      // Its event is cancellable: it passed the hung validateEvent / filterEvent at their deadline.
      announce: { status: "OK", output: "announced" },
    });
    const logged = (msg: string) =>
      report.logs.filter((line) => line.msg === msg).map((line) => [line.plugin, line.code]);
    expect(logged("in-process plugin fault escaped its call; plugin failed").sort()).toEqual([
      ["rejecter", "PLUGIN_CALL_FAILED"],
      ["timer-thrower", "PLUGIN_CALL_FAILED"],
    ]);
    expect(report.logs.filter((line) => line.msg === "command failed" && line.command === "crash")).toEqual([
      expect.objectContaining({
        code: "PLUGIN_CALL_FAILED",
        message: expect.stringContaining("sync throw in handleCommand"),
      }),
    ]);
    // The hung handleEvent timed out on each say; the good plugin lost nothing.
    expect(report.bus.hanger?.timeouts).toBeGreaterThan(0);
    expect(report.bus.good).toMatchObject({ delivered: 9, errors: 0, timeouts: 0 });
    expect(logged("in-process hook timed out")).toEqual([
      ["hanger", "PLUGIN_TIMEOUT"],
      ["hanger", "PLUGIN_TIMEOUT"],
    ]);
  }, 60_000);

  it("still ends the process on a fault outside any plugin (a host bug is not swallowed)", async () => {
    const { code, stdout, stderr } = await runHost("unattributed");
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("uncaughtException: Error: host bug outside any plugin");
  }, 60_000);

  it("leaves faults to the embedder when processFaultHandlers is false", async () => {
    const { code, stderr } = await runHost("opt-out");
    expect(code).toBe(1);
    expect(stderr).toMatch(/Error: (boom in a timer|nobody handles this rejection)/);
  }, 60_000);
});
