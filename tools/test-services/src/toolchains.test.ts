import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { notBuiltReason, skipUnbuilt } from "./toolchains.js";

describe("tests of a plugin whose build needs a toolchain", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "toolchains-"));
    vi.stubEnv("CI", "");
    vi.stubEnv("HOLOMUSH_REQUIRE_TOOLCHAINS", "");
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });
  const plugin = () => ({ plugin: "demo", dir, artifacts: ["build/demo"] });

  it("run when the plugin is built", () => {
    mkdirSync(join(dir, "build"));
    writeFileSync(join(dir, "build", "demo"), "");
    expect(notBuiltReason(plugin())).toBeUndefined();
    expect(skipUnbuilt(plugin())).toBe(false);
  });

  it("skip with one line naming what its build said when it is not built", () => {
    writeFileSync(join(dir, ".toolchain-skipped"), "skipped at 2026-01-01T00:00:00Z pid 1: go not found\n");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(skipUnbuilt(plugin())).toBe(true);
    expect(warn.mock.calls).toEqual([
      [
        "demo: not built (build/demo missing; its build said: go not found): install its toolchain and run `pnpm run build`; its tests are skipped",
      ],
    ]);
  });

  it("skip when a command the tests run is not on PATH", () => {
    mkdirSync(join(dir, "build"));
    writeFileSync(join(dir, "build", "demo"), "");
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(notBuiltReason({ ...plugin(), commands: ["no-such-command-here"] })).toBe(
      "demo: no-such-command-here not found on PATH",
    );
  });

  it.each([
    ["CI", "true"],
    ["HOLOMUSH_REQUIRE_TOOLCHAINS", "1"],
  ])("fail where toolchains are required (%s=%s)", (name, value) => {
    vi.stubEnv(name, value);
    expect(() => skipUnbuilt(plugin())).toThrow(
      /^demo: not built \(build\/demo missing\): .*requires every plugin built and tested$/,
    );
  });
});
