/**
 * A real NATS server with JetStream for the tests, started from the
 * `nats-server` binary on PATH (Debian: `apt-get install nats-server`) or the
 * one named by HOLOMUSH_NATS_SERVER. It can be stopped and started again on
 * the same port and store, so a test can restart NATS under a running host.
 * See docs/testing.md.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, rmSync } from "node:fs";
import { delimiter, join } from "node:path";
import { freePort } from "./free-port.js";
import { makeScratchDir } from "./scratch-dir.js";

export const NATS_SCRATCH_PREFIX = "holomush-test-nats-";
const READY_TIMEOUT_MS = 15_000;

/** The nats-server binary to run, or undefined when there is none. */
export function findNatsServer(): string | undefined {
  const named = process.env.HOLOMUSH_NATS_SERVER;
  const candidates = named ? [named] : (process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "nats-server"));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return undefined;
}

export interface RunningNats {
  /** `nats://127.0.0.1:<port>` — the same across restarts. */
  readonly url: string;
  readonly port: number;
  /** Starts the server again on the same port and JetStream store (after stop/kill). */
  start(): Promise<void>;
  /** Graceful stop (SIGTERM); JetStream data is kept for start(). */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
  /** Stops the server and removes its store. */
  dispose(): Promise<void>;
}

export async function startNats(binary = findNatsServer()): Promise<RunningNats> {
  if (!binary) throw new Error("nats-server not found on PATH (Debian: apt-get install nats-server)");
  const scratch = makeScratchDir(NATS_SCRATCH_PREFIX);
  const port = await freePort();
  let child: ChildProcess | undefined;

  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const args = ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", join(scratch, "jetstream")];
      const proc = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
      child = proc;
      let output = "";
      const timer = setTimeout(() => fail(new Error("did not report ready within 15 s")), READY_TIMEOUT_MS);
      const fail = (error: Error) => {
        clearTimeout(timer);
        proc.kill("SIGKILL");
        reject(new Error(`could not start nats-server (${error.message}); its output:\n${output.slice(-4000)}`));
      };
      proc.stderr?.setEncoding("utf8");
      proc.stderr?.on("data", (chunk: string) => {
        if (output.length < 64_000) output += chunk;
        if (output.includes("Server is ready")) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once("error", fail);
      proc.once("exit", (code, signal) => {
        if (!output.includes("Server is ready")) fail(new Error(`exited with ${signal ?? code}`));
      });
    });

  const halt = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const proc = child;
      child = undefined;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once("exit", () => resolve());
      proc.kill(signal);
    });

  const onExit = () => child?.kill("SIGKILL");
  process.once("exit", onExit);
  await launch();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    start: launch,
    stop: () => halt("SIGTERM"),
    kill: () => halt("SIGKILL"),
    async dispose() {
      await halt("SIGTERM");
      process.off("exit", onExit);
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
