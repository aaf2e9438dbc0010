/**
 * The PostgreSQL settings every embedded PGlite of the host runs with.
 *
 * PGlite allocates PostgreSQL's shared memory with emscripten's mmap, which
 * zero-fills it: all of `shared_buffers` is resident from the first second.
 * Its default, 128MB, was most of an idle host's memory (measured in
 * docs/benchmarks.md, "Memory footprint"). 16MB holds a small game's hot
 * KV rows and history pages; cold pages come back from the data directory's
 * files through the OS page cache.
 *
 * They are passed as `-c` start parameters, never written to the data
 * directory's postgresql.conf (PGlite's `postgresqlconf` option replaces
 * that file), so a data directory keeps no trace of them.
 */
import { PGlite } from "@electric-sql/pglite";

/** Footprint-tuned defaults; `OpenStorageOptions.pgliteSettings` overrides them per name. */
export const EMBEDDED_PGLITE_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: "16MB",
};

export type PgliteSettings = Readonly<Record<string, string>>;

/** PGlite's own start parameters followed by `-c name=value` for each setting (later wins). */
export function pgliteStartParams(overrides: PgliteSettings = {}): string[] {
  const settings = { ...EMBEDDED_PGLITE_SETTINGS, ...overrides };
  return [
    ...PGlite.defaultStartParams,
    ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
  ];
}
