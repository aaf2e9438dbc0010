/**
 * Issue #13, durability: the host (a real child process) is killed with
 * SIGKILL in the middle of KV writes, on embedded PGlite and on a real
 * PostgreSQL; after a restart every write it had acknowledged is there. And
 * PostgreSQL backends terminated under load (pg_terminate_backend): writes
 * recover, nothing acknowledged is lost.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { isHostError } from "../errors.js";
import { openStorage } from "../storage/open-storage.js";
import { createThrowawayDatabase, type ThrowawayDatabase } from "../storage/test-database.js";
import { printFigures } from "./figures.js";

const WRITER = fileURLToPath(new URL("./__fixtures__/kv-writer-host.ts", import.meta.url));
/** Acknowledged writes before the kill. */
const ACKS_BEFORE_KILL = 200;
const logger = pino({ level: "silent" });
const figures: Record<string, string | number> = {};
const cleanups: Array<() => Promise<void>> = [];

afterAll(async () => {
  printFigures("durability", figures);
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
}, 30_000);

/** Runs the writer host on `target`, SIGKILLs it after ACKS_BEFORE_KILL acks; returns the acked keys. */
async function killDuringWrites(target: string): Promise<{ acked: string[]; ms: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", WRITER, target], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const acked: string[] = [];
  let started = 0;
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      if (line === "ready") started = performance.now();
      else if (line.startsWith("ack ")) acked.push(line.slice(4));
      if (acked.length >= ACKS_BEFORE_KILL) {
        child.kill("SIGKILL");
        break;
      }
    }
  } finally {
    child.kill("SIGKILL");
    await exited;
  }
  if (acked.length < ACKS_BEFORE_KILL) throw new Error(`the writer host stopped early: ${stderr}`);
  return { acked, ms: performance.now() - started };
}

/** Reopens the storage (the restart) and returns the acked keys it does not have with their value. */
async function missingAfterRestart(options: { dataDir?: string; databaseUrl?: string }, acked: string[]) {
  const storage = await openStorage({ ...options, logger });
  try {
    const missing: string[] = [];
    for (const key of acked) {
      const value = await storage.kv.get("durability", key);
      if (value === undefined || new TextDecoder().decode(value) !== `value of ${key}`) missing.push(key);
    }
    let stored = 0;
    for (let token: string | undefined = ""; token !== undefined; ) {
      const page = await storage.kv.list("durability", "", 500, token || undefined);
      stored += page.entries.length;
      token = page.nextPageToken || undefined;
    }
    return { missing, stored };
  } finally {
    await storage.close();
  }
}

describe("durability (issue #13)", () => {
  it("kill -9 of the host during KV writes on embedded PGlite: every acknowledged write survives", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "holomush-durability-"));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const { acked, ms } = await killDuringWrites(dataDir);
    const { missing, stored } = await missingAfterRestart({ dataDir }, acked);
    figures["PGlite: acknowledged before kill -9"] = acked.length;
    figures["PGlite: writes/s before the kill"] = Math.round((acked.length / ms) * 1000);
    figures["PGlite: stored after restart (acked + in flight)"] = stored;
    figures["PGlite: acknowledged but lost"] = missing.length;
    expect(missing).toEqual([]);
  }, 120_000);

  it("kill -9 of the host during KV writes on PostgreSQL: every acknowledged write survives", async () => {
    const database = await createThrowawayDatabase("durability");
    cleanups.push(() => database.drop());
    const { acked, ms } = await killDuringWrites(database.url);
    const { missing, stored } = await missingAfterRestart({ databaseUrl: database.url }, acked);
    figures["PostgreSQL: acknowledged before kill -9"] = acked.length;
    figures["PostgreSQL: writes/s before the kill"] = Math.round((acked.length / ms) * 1000);
    figures["PostgreSQL: stored after restart (acked + in flight)"] = stored;
    figures["PostgreSQL: acknowledged but lost"] = missing.length;
    expect(missing).toEqual([]);
  }, 120_000);

  it("PostgreSQL backends terminated under load: writes are retried on a fresh connection, no ack lost", async () => {
    const database: ThrowawayDatabase = await createThrowawayDatabase("terminate");
    cleanups.push(() => database.drop());
    const storage = await openStorage({ databaseUrl: database.url, logger });
    const acked: string[] = [];
    const failures = new Map<string, number>();
    let next = 0;
    let stopping = false;
    const writer = async () => {
      while (!stopping) {
        const key = `key-${next++}`;
        try {
          await storage.kv.set("durability", key, new TextEncoder().encode(`value of ${key}`));
          acked.push(key);
        } catch (error) {
          const code = isHostError(error) ? error.code : "UNCODED";
          failures.set(code, (failures.get(code) ?? 0) + 1);
        }
      }
    };
    const writers = Array.from({ length: 4 }, writer);
    let terminated = 0;
    for (let round = 0; round < 5; round++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      terminated += await database.terminateConnections();
    }
    // Recovery: writes acknowledged after the last termination.
    const afterLast = acked.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    stopping = true;
    await Promise.all(writers);
    const recovered = acked.length - afterLast;
    await storage.close();
    const { missing } = await missingAfterRestart({ databaseUrl: database.url }, acked);
    figures["pg_terminate_backend: backends terminated"] = terminated;
    figures["pg_terminate_backend: writes acknowledged"] = acked.length;
    figures["pg_terminate_backend: writes refused"] = JSON.stringify(Object.fromEntries(failures));
    figures["pg_terminate_backend: acknowledged after the last termination"] = recovered;
    figures["pg_terminate_backend: acknowledged but lost"] = missing.length;
    expect(terminated).toBeGreaterThan(0);
    expect([...failures.keys()].filter((code) => code !== "STORAGE_UNAVAILABLE")).toEqual([]);
    expect(recovered).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  }, 60_000);
});
