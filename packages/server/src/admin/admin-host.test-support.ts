/**
 * Starts the real `holomush-host run` (the built CLI) as a child process with
 * the operator console on, and reads where it listens from its log.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_DIR = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const REPO_DIR = resolve(PACKAGE_DIR, "../..");
const CLI = join(PACKAGE_DIR, "dist", "cli.js");

export interface RunningHost {
  adminUrl: string;
  consolePort: number;
  /** Everything the host wrote to stdout (its JSON log) and stderr so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with the first log line matching, waiting for it if needed. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Plugin search paths (default: an empty directory). */
  plugins?: string[];
  /** Extra CLI arguments (e.g. --admin-token-file). */
  args?: string[];
  /** Extra environment (e.g. HOLOMUSH_ADMIN_TOKEN). */
  env?: Record<string, string>;
  /** The --admin value (default 127.0.0.1:0); null: none (HOLOMUSH_ADMIN in `env` instead). */
  admin?: string | null;
}

export async function startHostProcess(options: StartOptions = {}): Promise<RunningHost> {
  const scratch = mkdtempSync(join(tmpdir(), "holomush-admin-test-"));
  const plugins = options.plugins ?? [mkdtempSync(join(scratch, "plugins-"))];
  const args = [CLI, "run", "--console", "127.0.0.1:0", "--data", join(scratch, "data")];
  for (const dir of plugins) args.push("--plugins", dir);
  if (options.admin !== null) args.push("--admin", options.admin ?? "127.0.0.1:0");
  args.push(...(options.args ?? []));
  const env = { ...process.env, ...options.env };
  for (const name of ["HOLOMUSH_ADMIN", "HOLOMUSH_ADMIN_TOKEN"])
    if (options.env?.[name] === undefined) delete env[name];
  const child: ChildProcess = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const waiters = new Set<() => void>();
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
    for (const wake of waiters) wake();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
    for (const wake of waiters) wake();
  });
  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()));
  function waitForLine(pattern: RegExp, timeoutMs = 90_000): Promise<string> {
    return new Promise((resolveLine, reject) => {
      const check = () => {
        const line = `${stdout}\n${stderr}`.split("\n").find((candidate) => pattern.test(candidate));
        if (line === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolveLine(line);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`host printed no line matching ${pattern}; stdout:\n${stdout}\nstderr:\n${stderr}`));
      }, timeoutMs);
      waiters.add(check);
      child.once("exit", () => {
        check();
        if (waiters.has(check)) {
          waiters.delete(check);
          clearTimeout(timer);
          reject(new Error(`host exited (${child.exitCode}); stdout:\n${stdout}\nstderr:\n${stderr}`));
        }
      });
      check();
    });
  }
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const ready = JSON.parse(await waitForLine(/HoloMUSH host ready/)) as { console: string };
    const admin = JSON.parse(await waitForLine(/admin console on/)) as { url: string };
    return {
      adminUrl: admin.url,
      consolePort: Number(ready.console.split(":").at(-1)),
      get stdout() {
        return stdout;
      },
      get stderr() {
        return stderr;
      },
      waitForLine,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A token file for --admin-token-file. */
export function writeTokenFile(token: string): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "holomush-admin-token-"));
  const file = join(dir, "token");
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
