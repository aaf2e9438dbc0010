/**
 * openStorage: the durable storage the host runs on. With `databaseUrl` it
 * uses that PostgreSQL (pg Pool; startup retried as pg-sql-client.ts
 * documents); otherwise PGlite with its files in `dataDir` (the embedded
 * default). Either way the host schema is migrated before this resolves, and
 * `provisioner` gives `storage: postgres` plugins their own schema (on
 * PostgreSQL) or their own embedded database (on PGlite).
 *
 * Ownership: `kv.close()` / `events.close()` only retire those views (the
 * host calls them at stop); `close()` releases the engine and the embedded
 * plugin databases. Call it after the host has stopped.
 */
import { join } from "node:path";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../errors.js";
import type { CharacterStore } from "../world/character-store.js";
import { checkDatabaseUrl } from "./database-target.js";
import { createEmbeddedProvisioner } from "./embedded-provisioner.js";
import type { EventStore } from "./event-store.js";
import { migrateHostSchema } from "./host-migrations.js";
import type { KvStore } from "./kv-store.js";
import { createPgSqlClient, type PgSqlClientOptions } from "./pg-sql-client.js";
import type { PgliteSettings } from "./pglite-settings.js";
import { createPgliteSqlClient } from "./pglite-sql-client.js";
import type { SchemaProvisioner } from "./plugin-provisioner.js";
import { createSchemaProvisioner } from "./schema-provisioner.js";
import { createSqlCharacterStore } from "./sql-character-store.js";
import type { SqlClient, SqlEngine } from "./sql-client.js";
import { createSqlEventStore } from "./sql-event-store.js";
import { createSqlKvStore } from "./sql-kv-store.js";

/** Which database the host runs on: a PostgreSQL URL, or an embedded one in `dataDir`. */
export interface OpenStorageOptions {
  /** `postgres://` URL of a PostgreSQL server; when set, `dataDir` is ignored. */
  databaseUrl?: string;
  /** Directory of the embedded database (host data in `<dataDir>/host`, plugins in `<dataDir>/plugins`). Required without `databaseUrl`. */
  dataDir?: string;
  logger: Logger;
  /** PostgreSQL pool and timeout tuning (see PgSqlClientOptions for defaults). */
  postgres?: Omit<PgSqlClientOptions, "connectionString" | "logger">;
  /** Embedded PostgreSQL settings over the footprint-tuned defaults, e.g. `{ shared_buffers: "64MB" }` (see pglite-settings.ts). */
  pgliteSettings?: PgliteSettings;
  /** Prefix for plugin role names on a PostgreSQL cluster shared by several hosts. Default none. */
  rolePrefix?: string;
}

/** The host's durable storage, ready to pass to createHost's `storage` option. */
export interface Storage {
  kv: KvStore;
  events: EventStore;
  /** Characters by name, so their ids survive a restart. */
  characters: CharacterStore;
  /** Which engine backs it. */
  engine: SqlEngine;
  /** Provisions `storage: postgres` plugins. */
  provisioner: SchemaProvisioner;
  /** The SQL client (for host services that need their own tables in `holomush`). */
  client: SqlClient;
  /** Closes the stores, the provisioner and the client. */
  close(): Promise<void>;
}

/** Opens PostgreSQL (`databaseUrl`) or embedded PGlite (`dataDir`) and migrates the host schema before resolving. */
export async function openStorage(options: OpenStorageOptions): Promise<Storage> {
  const { databaseUrl, dataDir, logger } = options;
  const settings = options.pgliteSettings === undefined ? {} : { settings: options.pgliteSettings };
  if (databaseUrl === undefined && dataDir === undefined) {
    throw new HostError(
      HostErrorCode.INVALID_ARGUMENT,
      "storage needs a databaseUrl (PostgreSQL) or a dataDir (embedded)",
      {
        field: "storage",
      },
    );
  }
  // A malformed URL fails now with a clear message, not after the startup retries.
  if (databaseUrl !== undefined) checkDatabaseUrl(databaseUrl);
  const client = databaseUrl
    ? await createPgSqlClient({ ...options.postgres, connectionString: databaseUrl, logger })
    : await createPgliteSqlClient({ dataDir: join(dataDir as string, "host"), ...settings });
  try {
    const applied = await migrateHostSchema(client);
    if (applied.length > 0) logger.info({ engine: client.engine, applied }, "host schema migrated");
  } catch (error) {
    await client.close().catch(() => undefined);
    throw HostError.from(error, HostErrorCode.STORAGE_UNAVAILABLE);
  }
  const provisioner = databaseUrl
    ? createSchemaProvisioner(client, {
        connectionString: databaseUrl,
        ...(options.rolePrefix === undefined ? {} : { rolePrefix: options.rolePrefix }),
      })
    : createEmbeddedProvisioner({ dataDir: dataDir as string, logger, ...settings });
  let closing: Promise<void> | undefined;
  return {
    kv: createSqlKvStore(client),
    events: createSqlEventStore(client),
    characters: createSqlCharacterStore(client),
    engine: client.engine,
    provisioner,
    client,
    close() {
      closing ??= (async () => {
        await provisioner.close();
        await client.close();
      })();
      return closing;
    },
  };
}
