/**
 * The CLI as a person meets it: --version, log level choices, pretty or JSON
 * logs, and HOLOMUSH_* variables for every option. Runs the built CLI
 * (turbo builds before testing) as a real process.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const cli = join(import.meta.dirname, "..", "..", "dist", "cli.js");
const { version } = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8"));
const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), "holomush-cli-options-"));
const emptyPlugins = mkdtempSync(join(scratch, "plugins-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Starts `run` until the ready line, then stops it with SIGINT; returns everything it printed. */
async function runUntilReady(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const child: ChildProcess = spawn(process.execPath, [cli, "run", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (chunk) => (out += chunk));
  child.stderr?.on("data", (chunk) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (out.includes("HoloMUSH host ready")) {
          clearInterval(poll);
          resolve();
        } else if (child.exitCode !== null) {
          clearInterval(poll);
          reject(new Error(`exited early:\n${out}`));
        }
      }, 50);
    });
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    return out;
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}

describe("holomush-host options", () => {
  it("prints its version", async () => {
    for (const flag of ["--version", "-v"]) {
      expect((await run(process.execPath, [cli, flag])).stdout.trim()).toBe(version);
    }
  }, 30_000);

  it("lists the log levels and refuses one that is not among them, from a flag or its variable", async () => {
    const help = (await run(process.execPath, [cli, "run", "--help"])).stdout.replace(/\s+/g, " ");
    expect(help).toMatch(/choices: "fatal", "error", "warn", "info", "debug", "trace", "silent"/);
    expect(help).toContain("env: HOLOMUSH_LOG_LEVEL");
    const refused = await run(process.execPath, [cli, "run", "--log-level", "loud"]).catch((error) => error);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/'loud' is invalid\. Allowed choices are fatal, error/);
    const fromEnv = await run(process.execPath, [cli, "run"], {
      env: { ...process.env, HOLOMUSH_LOG_LEVEL: "loud" },
    }).catch((error) => error);
    expect(fromEnv.stderr).toMatch(/from env 'HOLOMUSH_LOG_LEVEL' is invalid/);
  }, 30_000);

  it("logs JSON lines when not on a terminal, and one readable line per record with --log-format pretty", async () => {
    const common = ["--plugins", emptyPlugins, "--console", "127.0.0.1:0", "--data", join(scratch, "data-1")];
    const json = await runUntilReady(common);
    const jsonLines = json.trim().split("\n");
    for (const line of jsonLines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(jsonLines.map((line) => JSON.parse(line).msg)).toContain("storage ready");

    const pretty = await runUntilReady([...common, "--log-format", "pretty"]);
    expect(pretty).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: storage ready/m);
    expect(pretty).not.toMatch(/^\{"level"/m);
  }, 60_000);

  it("takes every run option from its HOLOMUSH_* variable", async () => {
    const data = join(scratch, "data-env");
    const out = await runUntilReady([], {
      HOLOMUSH_PLUGINS: emptyPlugins,
      HOLOMUSH_CONSOLE: "127.0.0.1:0",
      HOLOMUSH_DATA: data,
      HOLOMUSH_LOG_LEVEL: "info",
      HOLOMUSH_LOG_FORMAT: "json",
    });
    const records = out
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const ready = records.find((record) => String(record.msg).startsWith("HoloMUSH host ready"));
    expect(ready.console).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(ready.console).not.toBe("127.0.0.1:4201");
    expect(ready.plugins).toEqual([]);
    expect(existsSync(data)).toBe(true);
  }, 60_000);
});
