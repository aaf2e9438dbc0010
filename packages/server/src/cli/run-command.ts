/**
 * `holomush-host run`: the demo host. Loads plugin directories, opens the
 * TCP console, shuts down gracefully on Ctrl-C (SIGINT) or SIGTERM.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type ClusterOptions, createHost, HostError, HostErrorCode, openStorage } from "@holomush/host";
import { type AdminOptions, startAdminServer } from "../admin/admin-server.js";
import { checkAdminToken, readAdminTokenFile } from "../admin/admin-token.js";
import { resolveConsoleLimits } from "../console/console-limits.js";
import { startConsoleServer } from "../console/console-server.js";
import { recordHost } from "../recording/record-host.js";
import { builtInWorld } from "../world/built-in-world.js";
import { learnRemoteCharacters } from "../world/remote-characters.js";
import { createCliLogger, type LogFormat, type LogLevel } from "./cli-logger.js";
import { checkConsoleAddress } from "./console-port.js";
import { defaultRuntimes } from "./default-runtimes.js";
import { preferLeanWasm } from "./lean-wasm.js";
import { consoleLimitsFrom, type LimitFlags, metricsLimitsFrom } from "./limit-flags.js";
import { holdYoungGenerationDuringStartup } from "./startup-young-generation.js";
import { watchPlugins } from "./watch-plugins.js";

/** Where `run` keeps its embedded database when no --data is given. */
export const DEFAULT_DATA_DIR = ".holomush/data";

export interface RunOptions extends LimitFlags {
  /** Absent when neither --plugins nor HOLOMUSH_PLUGINS was given. */
  plugins?: string[];
  console: string;
  data?: string;
  database?: string;
  /** False with --no-prepared-statements: PostgreSQL statements run unnamed (PgBouncer in transaction mode). */
  preparedStatements?: boolean;
  metricsPort?: string;
  logLevel: LogLevel;
  logFormat?: LogFormat;
  /** Record every event and typed command to this file (JSON lines). */
  record?: string;
  /** Reload plugins when their files change, rebuilding those with a build script (edit-and-reload). */
  watch?: boolean;
  /** With watch: the players told about reloads (default every player). */
  builders?: string[];
  /** HOST:PORT for the operator console (off when absent). */
  admin?: string;
  adminTokenFile?: string;
  /** NATS URL: join a cluster (needs `database`). */
  cluster?: string;
  nodeId?: string;
  replicated?: string[];
  leaseTtl?: string;
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
  // Start-up's long-lived allocations would grow V8's young generation for good (startup-young-generation.ts).
  const release = holdYoungGenerationDuringStartup();
  try {
    await startHost(options);
  } finally {
    release();
  }
}

/** Everything `run` starts; resolves once the host is ready and stops on SIGINT/SIGTERM. */
async function startHost(options: RunOptions): Promise<void> {
  // Bad limit flags and a cluster without its shared database fail before anything is looked at or opened.
  const cluster = clusterOptions(options);
  const consoleLimits = resolveConsoleLimits(consoleLimitsFrom(options));
  const pluginDirs = (options.plugins?.length ? options.plugins : ["examples"]).map((dir) => resolve(dir));
  for (const dir of pluginDirs) if (!existsSync(dir)) throw new Error(`plugins directory not found: ${dir}`);
  // Before anything compiles WASM (PGlite opens below, Cedar in createHost).
  preferLeanWasm();
  const listen = parseHostPort(options.console);
  await checkConsoleAddress(listen);
  // Before anything starts: a bad --admin or token file fails at once.
  const admin = options.admin === undefined ? undefined : adminOptions(options.admin, options.adminTokenFile);
  const logger = createCliLogger(options.logLevel, options.logFormat);
  // Embedded PGlite in the data directory unless given a PostgreSQL URL.
  const storage = await openStorage({
    logger,
    dataDir: resolve(options.data ?? DEFAULT_DATA_DIR),
    ...(options.database === undefined ? {} : { databaseUrl: options.database }),
    ...(options.preparedStatements === false ? { postgres: { preparedStatements: false } } : {}),
  });
  logger.info(
    {
      engine: storage.engine,
      ...(storage.engine === "postgres" ? { preparedStatements: options.preparedStatements !== false } : {}),
    },
    "storage ready",
  );
  const world = builtInWorld({ characters: storage.characters });
  const host = await createHost({
    ...world,
    pluginDirs,
    logger,
    storage,
    runtimes: defaultRuntimes(
      options.pluginOutputMaxLineBytes === undefined ? {} : { maxOutputLineBytes: options.pluginOutputMaxLineBytes },
    ),
    ...(options.metricsPort === undefined ? {} : { metricsPort: Number(options.metricsPort) }),
    metricsLimits: metricsLimitsFrom(options),
    ...(cluster === undefined ? {} : { cluster }),
  });
  // Characters other hosts created render by name here too (they arrive on the shared streams).
  if (cluster !== undefined) learnRemoteCharacters(host.bus, world.directory.world);
  // Before any plugin loads: a console that cannot listen stops the start with nothing to undo.
  const adminServer =
    admin === undefined
      ? undefined
      : await startAdminServer(host, admin, { pluginDirs, logger }).catch(async (error) => {
          await host.stop();
          throw error;
        });
  // Recording starts before the plugins load, so their lifecycle events are in it too.
  const recording = options.record === undefined ? undefined : recordHost(host, resolve(options.record));
  const report = await host.start();
  const console = await startConsoleServer(recording?.recorded ?? host, { ...listen, limits: consoleLimits });
  if (recording) host.logger.info({ file: resolve(options.record ?? "") }, "recording events and commands");
  for (const failure of report.failed) host.logger.warn(`plugin ${failure.name} not loaded: ${failure.error.format()}`);
  if (report.loaded.length === 0 && report.failed.length === 0) {
    host.logger.warn(
      { plugins: pluginDirs },
      `no plugins found in ${pluginDirs.join(", ")}: --plugins takes a plugin directory (with a plugin.yaml) or a folder of them`,
    );
  }
  const metrics = host.metricsPort === undefined ? undefined : `http://127.0.0.1:${host.metricsPort}/metrics`;
  host.logger.info(
    {
      plugins: report.loaded,
      failed: report.failed.map((failure) => failure.name),
      console: `${console.host}:${console.port}`,
      ...(metrics ? { metrics } : {}),
    },
    `HoloMUSH host ready: connect with  nc ${console.host} ${console.port}  (first line: your character's name)${metrics ? `; metrics at ${metrics}` : ""}`,
  );
  const watcher = options.watch
    ? watchPlugins(host, options.builders?.length ? { builders: options.builders } : {})
    : undefined;
  if (watcher) host.logger.info("watching plugin directories: an edit rebuilds (if it has a build script) and reloads");
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    host.logger.info({ signal }, "shutting down");
    await watcher?.close();
    await console.close();
    await adminServer?.close();
    await host.stop();
    await recording?.recording.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

/** --cluster needs --database: every host of a cluster shares one PostgreSQL. */
function clusterOptions(options: RunOptions): ClusterOptions | undefined {
  if (options.cluster === undefined) return undefined;
  if (!options.database) {
    throw new HostError(
      HostErrorCode.CLUSTER_CONFIG_INVALID,
      "--cluster needs --database postgres://…: the hosts of a cluster share one PostgreSQL (an embedded database is per host)",
      { field: "--database" },
    );
  }
  const leaseTtlMs = options.leaseTtl === undefined ? undefined : Number(options.leaseTtl);
  if (leaseTtlMs !== undefined && !(Number.isInteger(leaseTtlMs) && leaseTtlMs >= 500)) {
    throw new HostError(HostErrorCode.CLUSTER_CONFIG_INVALID, "--lease-ttl must be a whole number of ms ≥ 500", {
      field: "--lease-ttl",
    });
  }
  return {
    natsUrl: options.cluster,
    ...(options.nodeId === undefined ? {} : { nodeId: options.nodeId }),
    ...(options.replicated === undefined ? {} : { replicated: options.replicated }),
    ...(leaseTtlMs === undefined ? {} : { leaseTtlMs }),
  };
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
