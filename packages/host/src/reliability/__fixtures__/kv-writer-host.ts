/**
 * A host in its own process for the durability suite: opens the storage
 * named on the command line (a PGlite data dir, or a postgres:// URL),
 * starts, then writes KV keys with 4 concurrent writers and prints
 * `ack <key>` on stdout once each write resolved (a pipe: written
 * synchronously on Linux, so the parent sees every ack made before the kill).
 */
import { pino } from "pino";
import { createHost } from "../../host/create-host.js";
import { openStorage } from "../../storage/open-storage.js";

const target = process.argv[2] ?? "";
const logger = pino({ level: "warn" }, pino.destination(2));
const storage = await openStorage(
  target.startsWith("postgres") ? { databaseUrl: target, logger } : { dataDir: target, logger },
);
const host = await createHost({ storage, logger });
await host.start();
process.stdout.write("ready\n");

const WRITERS = 4;
let next = 0;
async function writer(): Promise<void> {
  for (;;) {
    const key = `key-${next++}`;
    await host.kv.set("durability", key, new TextEncoder().encode(`value of ${key}`));
    process.stdout.write(`ack ${key}\n`);
  }
}
for (let i = 0; i < WRITERS; i++) void writer();
