/**
 * Per-plugin databases in embedded mode. PGlite is one single-user session:
 * over `@electric-sql/pglite-socket` every connection shares that session,
 * the startup user, password and `options` are ignored, and everyone is the
 * superuser (see docs/storage.md, measured on 0.5.16 / socket 0.2.17). Roles
 * and schemas inside one PGlite therefore cannot keep plugins apart, and a
 * plugin's `SET` would leak into the host's own session.
 *
 * So each `storage: postgres` plugin gets its own PGlite instance (data in
 * `<dataDir>/plugins/plugin_<name>`) served on its own unix socket in a
 * private (0700) directory: a plugin can reach only its own database, never
 * the host's `holomush` tables or another plugin's data. Inside it the
 * provisioner still creates schema `plugin_<name>` and the role, and pins
 * `search_path` at the database level (the socket ignores the connection
 * string's `options`), so the connection-string contract is the same as on
 * PostgreSQL (`postgresql://<role>@localhost/postgres?host=<socket dir>&port=<n>`;
 * the `host` parameter overrides `localhost` in both `pg` and libpq).
 * Cost: one PGlite (~2 s start, tens of MB) per such plugin. PGlite runs on
 * the host's thread and some malformed wire input froze it, so plugins reach
 * it through a framing check (pg-wire-guard.ts); PGlite's own socket sits in
 * a second private directory the connection string does not name.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../errors.js";
import { type PgWireGuard, startPgWireGuard } from "./pg-wire-guard.js";
import { openPglite } from "./pglite-open.js";
import { type PgliteSettings, PLUGIN_PGLITE_SETTINGS } from "./pglite-settings.js";
import type { PluginDatabase, SchemaProvisioner } from "./plugin-provisioner.js";
import { pluginDatabaseNames, searchPathOption } from "./plugin-schema-name.js";
import { createSocketDir } from "./socket-dir.js";
import { quoteIdentifier as id } from "./sql-client.js";

/** Options of createEmbeddedProvisioner. */
export interface EmbeddedProvisionerOptions {
  /** The host's data directory; plugin databases live under `<dataDir>/plugins/`. Required. */
  dataDir: string;
  /**
   * Directory for the unix sockets; created 0700 if missing. Default a fresh
   * `holomush-pg-*` directory in the OS temp dir (socket paths must stay
   * under ~100 bytes, which a deep data dir may not); ones left by crashed
   * runs are swept first (socket-dir.ts).
   */
  socketDir?: string;
  /** Connections one plugin may hold open at once. Default 16. */
  maxConnectionsPerPlugin?: number;
  /** PostgreSQL settings over the plugin databases' defaults (PLUGIN_PGLITE_SETTINGS). */
  settings?: PgliteSettings;
  logger?: Logger;
}

interface Served {
  db: PGlite;
  server: PGLiteSocketServer;
  guard: PgWireGuard;
  database: PluginDatabase;
}

/** The socket file is `.s.PGSQL.<port>`, the name libpq and `pg` look for; the "port" is only a file name. */
const FIRST_PORT = 6001;

/**
 * Per-plugin databases in embedded mode: a PGlite database per plugin under `<dataDir>/plugins/`, served on a unix socket.
 */
export function createEmbeddedProvisioner(options: EmbeddedProvisionerOptions): SchemaProvisioner {
  const served = new Map<string, Promise<Served>>();
  let socketDir = options.socketDir;
  let ownsSocketDir = false;
  /** Where PGlite's own sockets live (only the guards connect there). */
  let rawDir: string | undefined;
  let closed = false;
  let nextPort = FIRST_PORT;

  function ensureSocketDir(): string {
    if (socketDir === undefined) {
      socketDir = createSocketDir();
      ownsSocketDir = true;
    } else {
      mkdirSync(socketDir, { recursive: true, mode: 0o700 });
    }
    return socketDir;
  }

  async function start(pluginName: string, port: number): Promise<Served> {
    const { schema, role } = pluginDatabaseNames(pluginName);
    const dir = ensureSocketDir();
    const db = await openPglite({
      dataDir: join(options.dataDir, "plugins", schema),
      defaults: PLUGIN_PGLITE_SETTINGS,
      ...(options.settings === undefined ? {} : { settings: options.settings }),
    });
    try {
      await db.exec(`
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${id(role)} LOGIN; END IF;
        END $$;
        CREATE SCHEMA IF NOT EXISTS ${id(schema)} AUTHORIZATION ${id(role)};
        REVOKE ALL ON SCHEMA public FROM PUBLIC;
        ALTER DATABASE postgres SET search_path = ${id(schema)};
        SET search_path = ${id(schema)};`);
      rawDir ??= createSocketDir(); // swept like the other socket folders when a run crashes
      const rawPath = join(rawDir, `.s.PGSQL.${port}`);
      const server = new PGLiteSocketServer({
        db,
        path: rawPath,
        maxConnections: options.maxConnectionsPerPlugin ?? 16,
      });
      await server.start();
      let guard: PgWireGuard;
      try {
        guard = await startPgWireGuard({
          path: join(dir, `.s.PGSQL.${port}`),
          upstreamPath: rawPath,
          ...(options.logger === undefined ? {} : { logger: options.logger.child({ plugin: pluginName }) }),
        });
      } catch (error) {
        await server.stop();
        throw error;
      }
      const connectionString = `postgresql://${role}@localhost/postgres?host=${encodeURIComponent(dir)}&port=${port}&${searchPathOption(schema)}`;
      options.logger?.info({ plugin: pluginName, schema, socket: dir }, "embedded plugin database ready");
      return { db, server, guard, database: { connectionString, schema, role } };
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
  }

  return {
    async provision(pluginName) {
      if (closed) throw new HostError(HostErrorCode.STORAGE_UNAVAILABLE, "embedded provisioner is closed");
      pluginDatabaseNames(pluginName);
      let entry = served.get(pluginName);
      if (!entry) {
        entry = start(pluginName, nextPort++);
        served.set(pluginName, entry);
        // A failed start is not cached: the next provision tries again.
        entry.catch(() => served.delete(pluginName));
      }
      try {
        return { ...(await entry).database };
      } catch (error) {
        throw HostError.from(error, HostErrorCode.STORAGE_PROVISION_FAILED, { plugin: pluginName });
      }
    },

    async close() {
      closed = true;
      const entries = await Promise.allSettled(served.values());
      served.clear();
      for (const entry of entries) {
        if (entry.status !== "fulfilled") continue;
        await entry.value.guard.close();
        await entry.value.server.stop();
        await entry.value.db.close();
      }
      if (ownsSocketDir && socketDir) rmSync(socketDir, { recursive: true, force: true });
      if (rawDir) rmSync(rawDir, { recursive: true, force: true });
    },
  };
}
