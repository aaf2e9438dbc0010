/**
 * `holomush-host run`: the demo host. Loads plugin directories, opens the
 * TCP console, shuts down gracefully on Ctrl-C (SIGINT) or SIGTERM.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pino } from "pino";
import type { AdminOptions } from "../admin/admin-server.js";
import { checkAdminToken, readAdminTokenFile } from "../admin/admin-token.js";
import { startConsoleServer } from "../console/console-server.js";
import { createHost } from "../host/create-host.js";
import { openStorage } from "../storage/open-storage.js";
import { defaultRuntimes } from "./default-runtimes.js";

/** Where `run` keeps its embedded database when no --data is given. */
export const DEFAULT_DATA_DIR = ".holomush/data";

export interface RunOptions {
  plugins: string[];
  console: string;
  data?: string;
  database?: string;
  metricsPort?: string;
  logLevel: string;
  /** HOST:PORT for the operator console (off when absent). */
  admin?: string;
  adminTokenFile?: string;
}

export function parseHostPort(value: string, option = "--console"): { host: string; port: number } {
  const match = /^(.*):(\d+)$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${option} expects HOST:PORT (e.g. 127.0.0.1:4201), got "${value}"`);
  }
  return { host: match[1] || "127.0.0.1", port };
}

export async function runHost(options: RunOptions): Promise<void> {
  const pluginDirs = (options.plugins.length > 0 ? options.plugins : ["examples"]).map((dir) => resolve(dir));
  for (const dir of pluginDirs) if (!existsSync(dir)) throw new Error(`plugins directory not found: ${dir}`);
  const listen = parseHostPort(options.console);
  // Before anything starts: a bad --admin or token file fails at once.
  const admin = options.admin === undefined ? undefined : adminOptions(options.admin, options.adminTokenFile);
  const logger = pino({ level: options.logLevel });
  // Embedded PGlite in the data directory unless given a PostgreSQL URL.
  const storage = await openStorage({
    logger,
    dataDir: resolve(options.data ?? DEFAULT_DATA_DIR),
    ...(options.database === undefined ? {} : { databaseUrl: options.database }),
  });
  logger.info({ engine: storage.engine }, "storage ready");
  const host = await createHost({
    pluginDirs,
    logger,
    storage,
    runtimes: defaultRuntimes(),
    ...(options.metricsPort === undefined ? {} : { metricsPort: Number(options.metricsPort) }),
    ...(admin === undefined ? {} : { admin }),
  });
  const report = await host.start();
  const console = await startConsoleServer(host, listen);
  for (const failure of report.failed) host.logger.warn(`plugin ${failure.name} not loaded: ${failure.error.format()}`);
  host.logger.info(
    { plugins: report.loaded, console: `${console.host}:${console.port}` },
    `HoloMUSH host ready: connect with  nc ${console.host} ${console.port}  (first line: your character's name)`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    host.logger.info({ signal }, "shutting down");
    await console.close();
    await host.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

/** --admin HOST:PORT with its token: --admin-token-file, else HOLOMUSH_ADMIN_TOKEN, else generated. */
function adminOptions(address: string, tokenFile: string | undefined): AdminOptions {
  const { host, port } = parseHostPort(address, "--admin");
  const fromEnv = process.env.HOLOMUSH_ADMIN_TOKEN;
  const token =
    tokenFile !== undefined
      ? readAdminTokenFile(resolve(tokenFile))
      : fromEnv !== undefined && fromEnv !== ""
        ? checkAdminToken(fromEnv, "HOLOMUSH_ADMIN_TOKEN")
        : undefined;
  return { host, port, ...(token === undefined ? {} : { token }) };
}
