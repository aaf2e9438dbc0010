/**
 * A process plugin whose executable its build has not made yet (e.g. the Go
 * example on a machine without Go): the host loads the others, and says so in
 * one warning line — no error with a stack — naming the build to run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createHost, type Host } from "../../host/create-host.js";
import { createProcessRuntime } from "./process-runtime.js";

let host: Host | undefined;
let searchPath = "";
afterEach(async () => {
  await host?.stop();
  host = undefined;
  rmSync(searchPath, { recursive: true, force: true });
});

describe("a process plugin that is not built", () => {
  it("is reported in one warning line that says to run its build", async () => {
    searchPath = mkdtempSync(join(tmpdir(), "holomush-not-built-"));
    const dir = join(searchPath, "unbuilt");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "plugin.yaml"),
      "name: unbuilt\nversion: 1.0.0\ntype: binary\nbinary-plugin:\n  executable: build/unbuilt\n",
    );
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    host = await createHost({
      logger,
      pluginDirs: [searchPath],
      runtimes: [(core) => createProcessRuntime({ services: core.services, logger: core.logger })],
    });
    const report = await host.start();
    expect(report.failed.map((failure) => [failure.name, failure.error.code, failure.error.details])).toEqual([
      ["unbuilt", "EXECUTABLE_INVALID", { notBuilt: "true" }],
    ]);
    const about = lines.filter((line) => line.plugin === "unbuilt");
    expect(about).toHaveLength(1);
    expect(about[0]).toMatchObject({ level: 40, code: "EXECUTABLE_INVALID" });
    expect(about[0]?.msg).toBe(
      "executable build/unbuilt does not exist: the plugin is not built (run its build, e.g. `pnpm run build`)",
    );
    expect(about[0]).not.toHaveProperty("err");
  });
});
