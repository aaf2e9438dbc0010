import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeScratchDir, removeStaleScratchDirs } from "./scratch-dir.js";

describe("scratch folders", () => {
  it("removes the folders of runs that died and keeps those of live ones", () => {
    const prefix = `holomush-test-scratch-${process.pid}-`;
    const live = makeScratchDir(prefix);
    // A run killed with -9: its owner pid no longer exists.
    const dead = mkdtempSync(join(tmpdir(), prefix));
    const exited = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    writeFileSync(join(dead, "owner"), exited.stdout);
    // Not ours (no owner file): left alone.
    const foreign = mkdtempSync(join(tmpdir(), prefix));

    expect(removeStaleScratchDirs(prefix)).toEqual([dead]);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(foreign)).toBe(true);
    removeStaleScratchDirs(prefix);
    for (const dir of [live, foreign]) spawnSync("rm", ["-rf", dir]);
  });
});
