/**
 * Issue 22, hole 11, on a real PostgreSQL: examples/wasm-counter counts
 * says in KV while every backend of its database is terminated again and
 * again. A failed kv_get must never read as "no count yet" (the count went
 * 1423 → 4): sampled while it runs, the stored count never goes backwards.
 */
import { ActorKind } from "@holomush/proto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHost, type Host } from "../../host/create-host.js";
import { openStorage, type Storage } from "../../storage/open-storage.js";
import { createThrowawayDatabase, type ThrowawayDatabase } from "../../storage/test-database.js";
import { createPluginSearchPath, type PluginSearchPath } from "./__fixtures__/plugin-dirs.js";
import { createWasmRuntime } from "./wasm-runtime.js";

const SAYS = 400;
const KEY = "count:location:square";

let db: ThrowawayDatabase;
let storage: Storage;
let paths: PluginSearchPath;
let host: Host;
/** The counter's own warnings: each one a count it could not read or write, and skipped. */
const skipped: string[] = [];

beforeAll(async () => {
  db = await createThrowawayDatabase("counter");
  const logger = pino(
    { level: "warn" },
    {
      write(line: string) {
        const entry = JSON.parse(line) as { plugin?: string; msg?: string };
        if (entry.plugin === "wasm-counter" && entry.msg?.startsWith("not counted")) skipped.push(entry.msg);
      },
    },
  );
  storage = await openStorage({
    databaseUrl: db.url,
    logger: pino({ level: "silent" }),
    postgres: { connectTimeoutMs: 2000, queryTimeoutMs: 5000 },
  });
  paths = createPluginSearchPath();
  paths.addExample("wasm-counter", { delivery: { overflow: "block" } });
  host = await createHost({
    pluginDirs: [paths.root],
    runtimes: [createWasmRuntime({ workers: 1 })],
    logger,
    storage: { kv: storage.kv, events: storage.events, provisioner: storage.provisioner },
  });
  const report = await host.start();
  expect(report.errors).toEqual([]);
});

afterAll(async () => {
  await host?.stop();
  await storage?.close();
  paths?.remove();
  await db?.drop();
});

/** The stored count, or undefined while the database refuses the read. */
async function storedCount(): Promise<number | undefined> {
  try {
    const value = await storage.kv.get("wasm-counter", KEY);
    return value === undefined ? 0 : Number(new TextDecoder().decode(value));
  } catch {
    return undefined;
  }
}

describe("examples/wasm-counter on PostgreSQL whose backends are terminated", () => {
  it("never counts backwards", { timeout: 120_000 }, async () => {
    let running = true;
    let terminated = 0;
    const terminator = (async () => {
      while (running) {
        terminated += await db.terminateConnections();
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    const samples: number[] = [];
    const sampler = (async () => {
      while (running) {
        const count = await storedCount();
        if (count !== undefined) samples.push(count);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    for (let i = 0; i < SAYS; i++) {
      await host
        .publish({
          stream: "location:square",
          type: "say",
          payload: JSON.stringify({ message: `m${i}` }),
          actorKind: ActorKind.CHARACTER,
          actorId: "char-1",
        })
        .catch(() => undefined);
      if (i % 20 === 0) await host.bus.idle();
    }
    await host.bus.idle();
    running = false;
    await Promise.all([terminator, sampler]);
    const final = await storedCount();
    samples.push(final ?? 0);

    expect(terminated).toBeGreaterThan(0);
    // The storage errors did reach the guest (and were told apart from a missing key).
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped[0]).toMatch(/^not counted on location:square: STORAGE_UNAVAILABLE: /);
    const backwards = samples.flatMap((count, index) =>
      index > 0 && count < (samples[index - 1] ?? 0) ? [`${samples[index - 1]} → ${count}`] : [],
    );
    expect(backwards).toEqual([]);
    expect(final).toBeGreaterThan(0);
    expect(final).toBeLessThanOrEqual(SAYS);
  });
});
