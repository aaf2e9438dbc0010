/**
 * `pnpm bench` for the host: runs every bench/*.bench.ts (or those whose
 * name contains one of the arguments), one after the other. Each writes
 * bench/results/<name>.json at the workspace root (see docs/benchmarks.md).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const filters = process.argv.slice(2);
const files = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

for (const file of files) {
  console.log(`\n== ${file}`);
  const module = (await import(pathToFileURL(join(import.meta.dirname, file)).href)) as { run?: () => Promise<void> };
  if (typeof module.run !== "function") throw new Error(`${file} does not export run()`);
  await module.run();
}
