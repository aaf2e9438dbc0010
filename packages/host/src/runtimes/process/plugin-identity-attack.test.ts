/**
 * Issue 22, holes 1 and 2, reproduced with real processes: a hostile sibling
 * plugin (same OS user, no secret of its own) reads what it can of the
 * victim's process and tries to act as it on the host socket — a KvSet, and
 * a hello as the victim while the victim restarts (the stream hijack).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixturesDir } from "./__fixtures__/fixture-plugins.js";
import {
  callOptions,
  createFixtureRuntime,
  deliver,
  echoManifest,
  emptyConfig,
  eventually,
  firstPayload,
} from "./__fixtures__/test-host.js";

interface ThiefReport {
  environToken: string;
  fdSecrets: string[];
  kvSet: string;
  hellos: string[];
}

/** Runs the thief against a victim pid; resolves with its report. */
function runThief(victimPid: number, victimName: string, socketPath: string, hijackMs = 0): Promise<ThiefReport> {
  const child = spawn(
    process.execPath,
    [join(fixturesDir, "thief", "thief.mjs"), String(victimPid), victimName, socketPath, String(hijackMs)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => {
      try {
        resolve(JSON.parse(out) as ThiefReport);
      } catch {
        reject(new Error(`thief exited ${code} without a report: ${out}`));
      }
    });
  });
}

describe("a sibling plugin cannot take a spawned plugin's identity", () => {
  // A wide restart window (first restart after 1 s) for the hijack attempt.
  const fixture = createFixtureRuntime({ restart: { initialDelayMs: 1000, maxDelayMs: 1000, maxCrashes: 5 } });
  afterAll(() => fixture.runtime.close());
  const socketPath = () => fixture.runtime.address.slice("unix:".length);

  it("finds no secret in the victim's environment or descriptors, and nothing it presents is accepted", {
    timeout: 30_000,
  }, async () => {
    const { instance, host } = await fixture.load(echoManifest("victim-env"));
    await instance.init?.(emptyConfig(), callOptions());
    const report = await runThief(instance.pid ?? 0, "victim-env", socketPath());
    expect(report.environToken).toBe("");
    // A socket inherited at spawn cannot be re-opened through /proc (ENXIO); nothing readable leaks.
    expect(report.fdSecrets).toEqual(["fd 3: ENXIO"]);
    expect(report.kvSet).toBe("UNAUTHENTICATED");
    expect(report.hellos).toEqual(["UNAUTHENTICATED"]);
    expect(host.kv.has("stolen")).toBe(false);
    expect(firstPayload(await deliver(instance, { seq: 1 }))).toMatchObject({ seq: 1 });
    await instance.shutdown("test over");
  });

  it("refuses a hello as the victim during its restart window; the real plugin comes back", {
    timeout: 30_000,
  }, async () => {
    const { instance, host } = await fixture.load(echoManifest("victim-restart"));
    await instance.init?.(emptyConfig(), callOptions());
    const pid = instance.pid ?? 0;
    // The thief reads the victim's process first (as it would before the kill), then hammers
    // the socket with hellos as the victim for the whole restart window.
    const thief = runThief(pid, "victim-restart", socketPath(), 2500);
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(pid, "SIGKILL");
    const report = await thief;
    expect(report.hellos).not.toContain("accepted");
    expect(report.kvSet).not.toBe("ok");
    expect(host.kv.has("stolen")).toBe(false);
    await eventually(() => instance.pid !== undefined && instance.pid !== pid, 8000);
    const outcome = await deliver(instance, { seq: 7 });
    expect(firstPayload(outcome)).toMatchObject({ seq: 7 });
    expect(firstPayload(outcome).pid).toBe(instance.pid);
    expect(instance.metrics?.().restarts).toBe(1);
    await instance.shutdown("test over");
  });
});
