import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RSS_BOUNDS_CALIBRATED } from "../console/rss-calibration.test-support.js";

/**
 * The footprint issue's bound, checked on the built CLI as a real process:
 * `holomush-host run` on the embedded default with no plugins stays under
 * IDLE_BOUND_MB resident, on a fresh data directory (initdb) and reopened.
 * Measured 150–170 MB on the shared 2-core machine (goal 200 MB); before the
 * fix 790 MB fresh and 360 MB reopened. The bound leaves 25 % over the goal
 * because RSS moves with GC timing; it still fails on either old figure.
 * Memory, not time: the machine's load does not move it much.
 */
const IDLE_BOUND_MB = 250;
const LIFTOFF_SAVING_MB = 30;
const START_TIMEOUT_MS = 180_000;
const SETTLE_MS = 2000;

const cli = join(import.meta.dirname, "..", "..", "dist", "cli.js");
const dir = mkdtempSync(join(tmpdir(), "holomush-footprint-"));
const plugins = join(dir, "plugins");
mkdirSync(plugins);
const running = new Set<ChildProcess>();

afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the CLI, waits until it is ready and quiet, returns its RSS in MB, stops it. */
async function idleRssMB(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const child = spawn(
    process.execPath,
    [cli, "run", "--plugins", plugins, "--data", dataDir, "--console", "127.0.0.1:0"],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, HOLOMUSH_WASM_OPTIMIZE: "", ...env },
    },
  );
  running.add(child);
  try {
    await new Promise<void>((resolve, reject) => {
      let output = "";
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("HoloMUSH host ready")) resolve();
      };
      child.stdout?.on("data", collect);
      child.stderr?.on("data", collect);
      child.once("exit", (code) => reject(new Error(`host exited with ${code} before it was ready:\n${output}`)));
    });
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
  } finally {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    await exited;
    running.delete(child);
  }
}

describe.runIf(process.platform === "linux")("holomush-host run, idle on the embedded default", () => {
  it(
    `stays under ${IDLE_BOUND_MB} MB resident on a fresh data directory and reopened, thanks in part to Liftoff-only WASM`,
    async () => {
      const dataDir = join(dir, "data");
      const fresh = await idleRssMB(dataDir);
      const reopened = await idleRssMB(dataDir);
      const figures = `fresh ${fresh.toFixed(0)} MB, reopened ${reopened.toFixed(0)} MB`;
      expect(fresh, figures).toBeLessThan(IDLE_BOUND_MB);
      expect(reopened, figures).toBeLessThan(IDLE_BOUND_MB);

      // The Liftoff-only lever is on by default and HOLOMUSH_WASM_OPTIMIZE=1 turns it off: measured
      // ~75 MB apart (docs/benchmarks.md); 30 MB stays clear of GC noise.
      const optimized = await idleRssMB(dataDir, { HOLOMUSH_WASM_OPTIMIZE: "1" });
      console.log(`idle RSS: optimized ${optimized.toFixed(0)} MB, ${figures}`);
      if (RSS_BOUNDS_CALIBRATED) {
        expect(optimized - reopened, `optimized ${optimized.toFixed(0)} MB, ${figures}`).toBeGreaterThan(
          LIFTOFF_SAVING_MB,
        );
      }
    },
    3 * START_TIMEOUT_MS,
  );
});
