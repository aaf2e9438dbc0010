/**
 * `pnpm bench` for the server (the demo host: console load, CLI footprint): runs every bench/*.bench.ts (or those whose
 * name contains one of the arguments), one after the other. Each writes
 * bench/results/<name>.json at the workspace root (see docs/benchmarks.md).
 * The PostgreSQL benchmarks use HOLOMUSH_TEST_DATABASE_URL, or a throwaway
 * server started for this run (docs/testing.md).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ensurePostgres, stopAll } from "@holomush/test-services";

const filters = process.argv.slice(2);
const files = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

const stopPostgres = await ensurePostgres();
try {
  for (const file of files) {
    console.log(`\n== ${file}`);
    const module = (await import(pathToFileURL(join(import.meta.dirname, file)).href)) as { run?: () => Promise<void> };
    if (typeof module.run !== "function") throw new Error(`${file} does not export run()`);
    await module.run();
  }
} finally {
  await stopAll([stopPostgres]);
}
