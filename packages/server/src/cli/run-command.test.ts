/**
 * `holomush-host run` as a real process (the built CLI): it refuses a taken
 * console port before it loads anything, names the metrics endpoint in its
 * ready line, loads a single plugin directory given as --plugins, and exits 0
 * after a graceful shutdown on SIGINT.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";

const cli = join(import.meta.dirname, "..", "..", "dist", "cli.js");
const examples = join(import.meta.dirname, "..", "..", "..", "..", "examples");
const scratch = mkdtempSync(join(tmpdir(), "holomush-run-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  /** Every stdout/stderr line so far. */
  lines: string[];
  /** Resolves with the first line matching `pattern` (or rejects when the process exits first). */
  line(pattern: RegExp): Promise<string>;
  exit: Promise<number | null>;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, [cli, "run", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream as NodeJS.ReadableStream }).on("line", (line) => {
      lines.push(line);
      for (const wake of waiters) wake();
    });
  }
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    lines,
    exit,
    line(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find((line) => pattern.test(line));
          if (found === undefined) return;
          waiters.delete(check);
          resolve(found);
        };
        waiters.add(check);
        check();
        void exit.then(() => {
          check();
          if (waiters.has(check)) reject(new Error(`exited without ${pattern}:\n${lines.join("\n")}`));
        });
      });
    },
  };
}

describe("holomush-host run", () => {
  it("refuses a console port in use before opening storage or loading plugins", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve()));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const host = run(["--plugins", examples, "--console", `127.0.0.1:${port}`, "--data", join(scratch, "taken")]);
      expect(await host.exit).toBe(2);
      expect(host.lines.join("\n")).toContain(`--console 127.0.0.1:${port}: the address is in use`);
      // Nothing was started: no storage line, no plugin loaded.
      expect(host.lines.filter((line) => /storage ready|plugin_loaded|host started/.test(line))).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it("loads a single plugin directory, names the metrics endpoint, and exits 0 on SIGINT", async () => {
    const host = run([
      "--plugins",
      join(examples, "echo-bot"),
      "--console",
      "127.0.0.1:0",
      "--metrics-port",
      "0",
      "--data",
      join(scratch, "single"),
    ]);
    const ready = JSON.parse(await host.line(/host ready/)) as Record<string, unknown>;
    expect(ready).toMatchObject({ plugins: ["echo-bot"], failed: [] });
    const metrics = String(ready.metrics);
    expect(metrics).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(String(ready.msg)).toContain(`metrics at ${metrics}`);
    expect((await fetch(metrics)).status).toBe(200);
    host.child.kill("SIGINT");
    expect(await host.exit).toBe(0);
  }, 60_000);

  it("says why nothing loaded when --plugins names a folder without plugins", async () => {
    const host = run([
      "--plugins",
      join(examples, "echo-bot", "assembly"),
      "--console",
      "127.0.0.1:0",
      "--data",
      join(scratch, "none"),
    ]);
    expect(await host.line(/no plugins found/)).toContain(
      "--plugins takes a plugin directory (with a plugin.yaml) or a folder of them",
    );
    await host.line(/host ready/);
    host.child.kill("SIGINT");
    expect(await host.exit).toBe(0);
  }, 60_000);
});
