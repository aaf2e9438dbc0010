import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { fixturesDir, prepareFixturePlugins } from "./__fixtures__/fixture-plugins.js";
import { eventually, isRunning } from "./__fixtures__/test-host.js";
import { cleanStaleRunDirs } from "./run-dir.js";

const repoRoot = resolve(fixturesDir, "../../../../../..");

/** Starts a host in its own process (via tsx) and reads what it loaded. */
async function startHost(mode: "wait" | "exit") {
  prepareFixturePlugins();
  const host = spawn(process.execPath, ["--import", "tsx", join(fixturesDir, "host-main.ts"), mode], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((done) => host.once("exit", () => done()));
  const lines = createInterface({ input: host.stdout });
  for await (const line of lines) {
    if (line.startsWith("{")) return { host, exited, ...(JSON.parse(line) as { runDir: string; pluginPid: number }) };
  }
  throw new Error("the host exited before loading its plugin");
}

// Each case starts a host process through tsx (2-3 s alone, far more on a loaded machine): generous
// timeouts, since nothing here is about speed.
describe("when the host process ends", () => {
  it("kills its plugins and removes its run directory on a normal exit without close()", {
    timeout: 60_000,
  }, async () => {
    const { runDir, pluginPid, exited } = await startHost("exit");
    await exited;
    await eventually(() => !isRunning(pluginPid), 30_000);
    expect(existsSync(runDir)).toBe(false);
  });

  it("leaves no orphan when SIGKILLed, and the next host removes the stale run directory", {
    timeout: 60_000,
  }, async () => {
    const { host, runDir, pluginPid, exited } = await startHost("wait");
    expect(isRunning(pluginPid)).toBe(true);
    host.kill("SIGKILL");
    await exited;
    // The plugin notices the host is gone (socket closed, stdin at EOF) and exits by itself.
    await eventually(() => !isRunning(pluginPid), 30_000);
    expect(existsSync(join(runDir, "host.sock"))).toBe(true);
    expect(cleanStaleRunDirs(dirname(runDir))).toContain(runDir.slice(dirname(runDir).length + 1));
    expect(existsSync(runDir)).toBe(false);
  });
});
