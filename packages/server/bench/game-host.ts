/**
 * A real `holomush-host run` in a child process for the console benchmarks:
 * spawned from the built CLI, ready once its "host ready" log line names the
 * console port. CPU time and RSS are read from /proc. Kept in bench/ (not the
 * console's test support) so it does not depend on where the console lives.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const ROOT = join(import.meta.dirname, "..", "..", "..");
export const EXAMPLES = join(ROOT, "examples");

/** The built CLI of this package. */
export function cliPath(): string {
  const cli = join(import.meta.dirname, "..", "dist", "cli.js");
  if (!existsSync(cli)) throw new Error(`no built CLI at ${cli} (run pnpm build)`);
  return cli;
}

export interface GameHost {
  readonly child: ChildProcess;
  readonly consolePort: number;
  /** User + system CPU of the host process so far, ms (from /proc/<pid>/stat). */
  cpuMs(): number;
  /** Resident set size of the host process, bytes. */
  rss(): number;
  stop(): Promise<void>;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** Starts the host with `args` after the console/data flags; resolves once it is ready. */
export async function startGameHost(args: string[], readyTimeoutMs = 120_000): Promise<GameHost> {
  const dataDir = mkdtempSync(join(tmpdir(), "holomush-bench-host-"));
  // Node flags for the host (e.g. --cpu-prof while profiling a run).
  const nodeArgs = (process.env.HOLOMUSH_BENCH_HOST_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(
    process.execPath,
    [...nodeArgs, cliPath(), "run", "--console", "127.0.0.1:0", "--data", dataDir, "--log-format", "json", ...args],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exit;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`host not ready in ${readyTimeoutMs} ms:\n${stderr}`)),
      readyTimeoutMs,
    );
    void exit.then(() => reject(new Error(`host exited before ready:\n${stderr}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      if (!line.includes("HoloMUSH host ready")) return;
      clearTimeout(timer);
      resolve(
        Number(
          String((JSON.parse(line) as { console: string }).console)
            .split(":")
            .pop(),
        ),
      );
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return {
    child,
    consolePort: port,
    cpuMs() {
      // Fields 14 and 15 (utime, stime) after the parenthesised command name.
      const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
    },
    rss() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    },
    stop,
  };
}
