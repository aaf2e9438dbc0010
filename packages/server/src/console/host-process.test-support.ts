/**
 * A real `holomush-host run` in a child process (the built dist/cli.js), for
 * tests whose point is that the host survives: it parses the ready line for
 * the console and metrics ports, reads the child's RSS from /proc, and
 * records how the child ended.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const CLI = join(import.meta.dirname, "..", "..", "dist", "cli.js");
/** Plugins for console tests: `talk` (say, pose) without dependencies. */
export const TALK_PLUGINS = join(import.meta.dirname, "__fixtures__", "plugins");

export interface HostProcess {
  readonly child: ChildProcess;
  readonly consolePort: number;
  readonly metricsPort: number;
  /** Parsed JSON log lines so far. */
  readonly logs: Array<Record<string, unknown>>;
  /** The child's stderr so far (an unhandled error ends up here). */
  stderr(): string;
  /** Null while the process runs; how it ended otherwise. */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Resident set size of the host process, bytes (from /proc). */
  rss(): number;
  /** GET /metrics; rejects after `timeoutMs`. */
  metrics(timeoutMs?: number): Promise<string>;
  /** One sample's value from /metrics, e.g. `holomush_console_connections` (0 when absent). */
  metric(name: string, labels?: string): Promise<number>;
  stop(): Promise<void>;
}

export async function startHostProcess(
  args: string[],
  readyTimeoutMs = 30_000,
  env: NodeJS.ProcessEnv = {},
): Promise<HostProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), "holomush-console-host-"));
  const child = spawn(
    process.execPath,
    [CLI, "run", "--console", "127.0.0.1:0", "--metrics-port", "0", "--data", dataDir, ...args],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } },
  );
  const logs: Array<Record<string, unknown>> = [];
  let stderr = "";
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      resolve();
    });
  });
  const ready = new Promise<{ console: string; metrics: number }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`host not ready in ${readyTimeoutMs} ms:\n${stderr}`)),
      readyTimeoutMs,
    );
    void exited.then(() => reject(new Error(`host exited before ready: ${JSON.stringify(exit)}\n${stderr}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (String(entry.msg).startsWith("HoloMUSH host ready")) {
        clearTimeout(timer);
        // `metrics` is the endpoint's URL (http://127.0.0.1:<port>/metrics), as an operator reads it.
        resolve({ console: String(entry.console), metrics: Number(new URL(String(entry.metrics)).port) });
      }
    });
  });
  let info: { console: string; metrics: number };
  try {
    info = await ready;
  } catch (error) {
    child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const metrics = (timeoutMs = 5000) =>
    new Promise<string>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: info.metrics, path: "/metrics", timeout: timeoutMs }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve(body));
      });
      req.on("timeout", () => req.destroy(new Error(`/metrics did not answer within ${timeoutMs} ms`)));
      req.on("error", reject);
      req.end();
    });
  return {
    child,
    consolePort: Number(info.console.split(":").pop()),
    metricsPort: info.metrics,
    logs,
    stderr: () => stderr,
    exited: () => exit,
    rss() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    },
    metrics,
    async metric(name, labels = "") {
      const body = await metrics();
      const line = body.split("\n").find((row) => row.startsWith(`${name}${labels ? `{${labels}}` : ""} `));
      return line === undefined ? 0 : Number(line.split(" ").pop());
    },
    async stop() {
      if (exit === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
