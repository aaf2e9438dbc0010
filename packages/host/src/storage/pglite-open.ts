/**
 * Opens an embedded PGlite with the host's settings (pglite-settings.ts).
 *
 * A data directory that has no database yet is initialised in a short-lived
 * child process, not here. PGlite's initdb runs a second PostgreSQL and the
 * initdb WASM module beside the one it returns, and the host process never
 * gives that memory back: an idle host on a fresh directory held ~790 MB,
 * on the same directory reopened ~360 MB (docs/benchmarks.md, "Memory
 * footprint"). The child's memory goes back to the OS when it exits; this
 * process then resumes the directory like any other.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sharedPgliteFsBundle } from "./pglite-fs-bundle.js";
import { type PgliteSettings, pgliteStartParams } from "./pglite-settings.js";

/** Time the initdb child may take; initdb alone takes 2–15 s on a busy machine. */
const INITDB_TIMEOUT_MS = 180_000;
/** The last bytes of the child's stderr kept for the error message. */
const STDERR_TAIL = 2000;

// CommonJS so the child needs no file of its own: `node -e` with PGlite's path, the directory and
// the start parameters as arguments.
const INITDB_SCRIPT = `
const { PGlite } = require(process.argv[1]);
PGlite.create(process.argv[2], { startParams: JSON.parse(process.argv[3]) }).then((db) => db.close()).then(
  () => process.exit(0),
  (error) => { console.error(error && error.stack || String(error)); process.exit(1); },
);`;

export interface OpenPgliteOptions {
  /** Directory holding the database files; created if missing. Omit for an in-memory database (tests). */
  dataDir?: string;
  settings?: PgliteSettings;
  /** What `settings` is laid over. Default the host database's (pglite-settings.ts). */
  defaults?: PgliteSettings;
}

export async function openPglite(options: OpenPgliteOptions = {}): Promise<PGlite> {
  const { dataDir } = options;
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    if (!existsSync(join(dataDir, "PG_VERSION"))) await initDataDirInChild(dataDir);
  }
  // PGlite's own error says only "failed to initialize"; PostgreSQL's FATAL line (a bad setting) says why.
  let starting = true;
  let fatal = "";
  const onStderr = (text: string) => {
    if (starting && /\b(FATAL|PANIC|ERROR):/.test(text)) fatal = text.slice(text.search(/\b(FATAL|PANIC|ERROR):/));
    return false;
  };
  const pgliteOptions = {
    startParams: pgliteStartParams(options.settings, options.defaults),
    onStderr,
    fsBundle: sharedPgliteFsBundle(),
  };
  try {
    return await (dataDir === undefined ? PGlite.create(pgliteOptions) : PGlite.create(dataDir, pgliteOptions));
  } catch (error) {
    if (!fatal) throw error;
    throw new Error(`${error instanceof Error ? error.message : String(error)} (${fatal.trim()})`, { cause: error });
  } finally {
    starting = false;
  }
}

/**
 * Runs PGlite's initdb for `dataDir` in a child Node process; rejects with its stderr on failure.
 * The child's peak is initdb's (~650 MB for a few seconds); Liftoff-only WASM and the host's
 * settings took it from ~850 MB and its CPU time from 3.8 s to 2.0 s.
 */
export function initDataDirInChild(dataDir: string): Promise<void> {
  const pglitePath = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const startParams = JSON.stringify(pgliteStartParams());
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--liftoff-only", "-e", INITDB_SCRIPT, pglitePath, dataDir, startParams], {
      stdio: ["ignore", "ignore", "pipe"],
      timeout: INITDB_TIMEOUT_MS,
    });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`initdb for ${dataDir} exited with ${signal ?? `code ${code}`}: ${stderr.trim() || "no output"}`),
        );
    });
  });
}
