/**
 * Issue 22, hole 12, through the real host with a real process plugin:
 * restarts are counted in Prometheus (`holomush_plugin_restarts_total`,
 * by plugin and reason), and the reason a plugin is restarted or failed for
 * does not nest the previous reasons (`restart after "restart after …`).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { gameOptions } from "../../host/__fixtures__/game-options.js";
import { createHost, type Host } from "../../host/create-host.js";
import { fixturesDir, prepareFixturePlugins } from "./__fixtures__/fixture-plugins.js";
import { eventually } from "./__fixtures__/test-host.js";
import type { ProcessInstance } from "./process-instance.js";
import { createProcessRuntime } from "./process-runtime.js";

let host: Host | undefined;
let searchPath = "";
const lines: Record<string, unknown>[] = [];
afterEach(async () => {
  await host?.stop();
  host = undefined;
  lines.length = 0;
  rmSync(searchPath, { recursive: true, force: true });
});

/**
 * The host over a search path holding one plugin, `restarter`: a wrapper
 * inside its own directory that runs the echo fixture, with `env`.
 */
async function startHost(maxCrashes: number, env: Record<string, string> = {}): Promise<Host> {
  prepareFixturePlugins();
  // Beside the fixtures, so the fixture's imports resolve like any plugin's.
  searchPath = mkdtempSync(join(fixturesDir, "restart-search-"));
  const dir = join(searchPath, "restarter");
  mkdirSync(dir);
  writeFileSync(join(dir, "plugin.mjs"), '#!/usr/bin/env node\nimport "../../echo-plugin/plugin.mjs";\n');
  chmodSync(join(dir, "plugin.mjs"), 0o755);
  const envYaml = Object.entries(env)
    .map(([key, value]) => `\n    ${key}: ${JSON.stringify(value)}`)
    .join("");
  writeFileSync(
    join(dir, "plugin.yaml"),
    `name: restarter\nversion: 1.0.0\ntype: binary\nrequires: [holomush.world.v1.WorldService]\nemits: [test]\n` +
      `binary-plugin:\n  executable: plugin.mjs\n  env:${envYaml || " {}"}\n`,
  );
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  host = await createHost({
    ...gameOptions(),
    logger,
    pluginDirs: [searchPath],
    runtimes: [
      (core) =>
        createProcessRuntime({
          services: core.services,
          logger: core.logger,
          restart: { initialDelayMs: 20, maxDelayMs: 40, maxCrashes },
          connectTimeoutMs: 3000,
        }),
    ],
  });
  const report = await host.start();
  expect(report.errors).toEqual([]);
  return host;
}

const pidOf = (target: Host) => (target.plugins.get("restarter")?.instance as ProcessInstance | undefined)?.pid;

async function restartCounts(target: Host): Promise<Record<string, number>> {
  const text = await target.metrics.registry.metrics();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/^holomush_plugin_restarts_total\{plugin="restarter",reason="(\w+)"\} (\d+)$/gm)) {
    counts[match[1] ?? ""] = Number(match[2]);
  }
  return counts;
}

const reasons = () =>
  lines
    // The supervisor logs each restart; the plugin manager logs the failure, once.
    .filter((line) => line.msg === "plugin lost; restarting" || line.msg === "plugin failed")
    .map((line) => String(line.reason));

describe("plugin restarts", () => {
  it("are counted by plugin and reason", { timeout: 30_000 }, async () => {
    const started = await startHost(5);
    expect(await restartCounts(started)).toEqual({});
    const first = pidOf(started);
    process.kill(first ?? 0, "SIGKILL");
    await eventually(() => pidOf(started) !== undefined && pidOf(started) !== first, 20_000);
    expect(await restartCounts(started)).toEqual({ crashed: 1 });
  });

  it("fail with the last reason only, not every earlier one nested inside it", { timeout: 30_000 }, async () => {
    const blocker = join(fixturesDir, `block-restarts-${process.pid}`);
    const started = await startHost(3, { FIXTURE_EXIT_IF_EXISTS: blocker });
    try {
      writeFileSync(blocker, "");
      process.kill(pidOf(started) ?? 0, "SIGKILL");
      await eventually(() => started.plugins.get("restarter")?.state === "failed", 10_000);
    } finally {
      rmSync(blocker, { force: true });
    }
    const all = reasons();
    expect(all.length).toBe(4);
    for (const reason of all) {
      expect(reason).not.toMatch(/restart after/);
      expect(reason.match(/exited with code 3/g)?.length ?? 0).toBeLessThanOrEqual(1);
    }
    expect(all.at(-1)).toMatch(/^restart failed: restarter exited with code 3 before saying hello; 4 crashes within/);
    expect(await restartCounts(started)).toEqual({ crashed: 1, start_failed: 2 });
  });
});
