/**
 * Socket directories left by crashed runs are swept: a real child process
 * creates one and is killed with SIGKILL (so it never cleans up), and the
 * next createSocketDir removes it while keeping a live owner's directory.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSocketDir, sweepStaleSocketDirs } from "./socket-dir.js";

const root = mkdtempSync(join(tmpdir(), "holomush-socket-sweep-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs a node child that makes a socket dir under `root`, prints it, and dies by SIGKILL. */
function crashedRunDir(): string {
  const script = `
    const { createSocketDir } = await import(${JSON.stringify(new URL("./socket-dir.ts", import.meta.url).href)});
    process.stdout.write(createSocketDir(${JSON.stringify(root)}));
    process.kill(process.pid, "SIGKILL");`;
  try {
    execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  } catch (error) {
    const { stdout, signal } = error as { stdout: string; signal: string };
    expect(signal).toBe("SIGKILL");
    return stdout;
  }
  throw new Error("the child was not killed");
}

describe("embedded socket directories", () => {
  it("removes a crashed run's directory and keeps a live owner's", () => {
    const crashed = crashedRunDir();
    expect(existsSync(crashed)).toBe(true);
    const mine = createSocketDir(root);
    expect(existsSync(crashed)).toBe(false);
    expect(existsSync(mine)).toBe(true);
    // A second host starting now must not take this live one's sockets away.
    createSocketDir(root);
    expect(existsSync(mine)).toBe(true);
  });

  it("removes unowned directories (older hosts) only once they are a day old", () => {
    const fresh = join(root, "holomush-pg-fresh");
    const old = join(root, "holomush-pg-old");
    mkdirSync(fresh);
    mkdirSync(old);
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    expect(sweepStaleSocketDirs(root)).toEqual([old]);
    expect(existsSync(fresh)).toBe(true);
  });
});
