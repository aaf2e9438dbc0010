import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { addLimitFlags, consoleLimitsFrom } from "./limit-flags.js";

const cli = join(import.meta.dirname, "..", "..", "dist", "cli.js");
const run = promisify(execFile);

function parse(...args: string[]) {
  const command = addLimitFlags(new Command("run").exitOverride());
  command.parse(args, { from: "user" });
  return command.opts();
}

describe("the run command's limit flags", () => {
  it("turn into console limits, leaving unset ones to their defaults", () => {
    const flags = parse("--console-max-line-bytes", "2048", "--console-commands-per-second", "0");
    expect(consoleLimitsFrom(flags)).toEqual({ maxLineBytes: 2048, commandsPerSecond: 0 });
    expect(parse("--metrics-max-connections", "8", "--plugin-output-max-line-bytes", "1024")).toEqual({
      metricsMaxConnections: 8,
      pluginOutputMaxLineBytes: 1024,
    });
  });

  it("reads a flag from its HOLOMUSH_* variable", async () => {
    const error = await run(process.execPath, [cli, "run"], {
      env: { ...process.env, HOLOMUSH_CONSOLE_MAX_LINE_BYTES: "0" },
    }).catch((caught: { code: number; stderr: string }) => caught);
    expect((error as { stderr: string }).stderr).toContain("console limit maxLineBytes must be an integer ≥ 1, got 0");
  });

  it("refuses a value that is not a whole number, naming the flag", async () => {
    const error = await run(process.execPath, [cli, "run", "--console-max-connections", "lots"]).catch(
      (caught: { code: number; stderr: string }) => caught,
    );
    expect(error).toMatchObject({ code: 1 });
    expect((error as { stderr: string }).stderr).toContain(
      `option '--console-max-connections <n>' argument 'lots' is invalid. expected a whole number ≥ 0, got "lots"`,
    );
  });

  it("refuses a limit that must not be 0 before opening anything", async () => {
    const error = await run(process.execPath, [cli, "run", "--console-max-line-bytes", "0"]).catch(
      (caught: { code: number; stderr: string }) => caught,
    );
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toContain("console limit maxLineBytes must be an integer ≥ 1, got 0");
  });
});
