/**
 * The PostgreSQL settings every embedded PGlite of the host runs with.
 *
 * PGlite allocates PostgreSQL's shared memory with emscripten's mmap, which
 * zero-fills it: all of `shared_buffers` is resident from the first second.
 * Its default, 128MB, was most of an idle host's memory (measured in
 * docs/benchmarks.md, "Memory footprint"). 8MB (1,024 pages) holds a small
 * game's hot KV rows and the newest history pages; cold pages come back from
 * the data directory's files through the OS page cache.
 *
 * They are passed as `-c` start parameters, never written to the data
 * directory's postgresql.conf (PGlite's `postgresqlconf` option replaces
 * that file), so a data directory keeps no trace of them.
 */
import { PGlite } from "@electric-sql/pglite";

/**
 * Footprint-tuned defaults of the host's own database; `OpenStorageOptions.pgliteSettings`
 * overrides them per name. PGlite runs one backend, and the sockets plugin databases are served on
 * share it, so `max_connections` only sizes shared memory (lock table, process slots): 100 cost
 * ~4 MB more than 8 for slots nothing uses.
 */
export const EMBEDDED_PGLITE_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: "8MB",
  max_connections: "8",
};

/**
 * Defaults of each plugin's embedded database (embedded-provisioner.ts): one plugin's tables
 * are small next to the host's history and KV, and each such database is a further PGlite in
 * the host process. `EmbeddedProvisionerOptions.settings` overrides them per name.
 */
export const PLUGIN_PGLITE_SETTINGS: Readonly<Record<string, string>> = {
  ...EMBEDDED_PGLITE_SETTINGS,
  shared_buffers: "4MB",
};

export type PgliteSettings = Readonly<Record<string, string>>;

/** PGlite's own start parameters followed by `-c name=value` for each setting (later wins). */
export function pgliteStartParams(
  overrides: PgliteSettings = {},
  defaults: PgliteSettings = EMBEDDED_PGLITE_SETTINGS,
): string[] {
  const settings = { ...defaults, ...overrides };
  return [
    ...PGlite.defaultStartParams,
    ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
  ];
}
