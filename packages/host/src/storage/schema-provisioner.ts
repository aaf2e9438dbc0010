/**
 * Per-plugin schemas on a real PostgreSQL (docs/storage.md): for plugin
 * `core-scenes`, schema `plugin_core_scenes` owned by a dedicated LOGIN role
 * (fresh random password on every provision) that has rights on that schema
 * only: no access to `public` (revoked from PUBLIC), none to the host's
 * `holomush` schema or other plugins' schemas (never granted), and its
 * `search_path` pinned to its schema both in the connection string and on
 * the role. Everything runs in one transaction under an advisory lock, so a
 * failure leaves nothing half-made and concurrent provisions do not race.
 *
 * The host's role needs CREATEROLE (or superuser) and CREATE on the
 * database; without them provisioning fails with STORAGE_PRIVILEGE_MISSING
 * naming the statement that fixes it.
 */
import { randomBytes } from "node:crypto";
import { HostError, HostErrorCode } from "../errors.js";
import type { PluginDatabase, SchemaProvisioner } from "./plugin-provisioner.js";
import { pluginDatabaseNames, searchPathOption } from "./plugin-schema-name.js";
import { quoteIdentifier as id, quoteLiteral, type SqlClient, type SqlExecutor } from "./sql-client.js";

/** Options of createSchemaProvisioner. */
export interface SchemaProvisionerOptions {
  /** The host's own `postgres://` URL: plugins get the same host, port, database and parameters. Required. */
  connectionString: string;
  /** Prefix for role names (roles are cluster-wide; schemas are per database). Default none. */
  rolePrefix?: string;
}

/** Distinct from host-migrations' lock. */
const PROVISION_LOCK_KEY = 0x50726f76; // "Prov"

interface ProvisioningRole {
  name: string;
  database: string;
  superuser: boolean;
  createrole: boolean;
  can_create: boolean;
}

/**
 * Per-plugin schemas on a real PostgreSQL: schema `plugin_<name>` owned by a LOGIN role with rights on that schema only.
 */
export function createSchemaProvisioner(client: SqlClient, options: SchemaProvisionerOptions): SchemaProvisioner {
  const base = new URL(options.connectionString);
  return {
    async provision(pluginName) {
      const { schema, role } = pluginDatabaseNames(pluginName, options.rolePrefix);
      const password = randomBytes(24).toString("base64url");
      try {
        await client.transaction(async (tx) => {
          await tx.query("SELECT pg_advisory_xact_lock($1)", [PROVISION_LOCK_KEY]);
          const me = await checkPrivileges(tx, pluginName);
          await ensureRole(tx, role, password, pluginName);
          // A non-superuser may only give a schema to (or alter) a role it belongs to.
          if (!me.superuser) await tx.exec(`GRANT ${id(role)} TO ${id(me.name)}`);
          await tx.exec(`
            CREATE SCHEMA IF NOT EXISTS ${id(schema)} AUTHORIZATION ${id(role)};
            ALTER SCHEMA ${id(schema)} OWNER TO ${id(role)};
            REVOKE ALL ON SCHEMA ${id(schema)} FROM PUBLIC;
            ALTER ROLE ${id(role)} IN DATABASE ${id(me.database)} SET search_path = ${id(schema)};`);
          await closePublicSchema(tx, me, pluginName);
        });
      } catch (error) {
        if (error instanceof HostError) throw error;
        throw new HostError(
          HostErrorCode.STORAGE_PROVISION_FAILED,
          `cannot provision schema ${schema} for plugin ${pluginName}: ${error instanceof Error ? error.message : String(error)}`,
          { plugin: pluginName, cause: error },
        );
      }
      return { connectionString: pluginUrl(base, role, password, schema), schema, role } satisfies PluginDatabase;
    },

    async close() {
      // Nothing held: the client belongs to openStorage.
    },
  };
}

async function checkPrivileges(tx: SqlExecutor, plugin: string): Promise<ProvisioningRole> {
  const { rows } = await tx.query<ProvisioningRole>(
    `SELECT current_user AS name, current_database() AS database, r.rolsuper AS superuser,
            r.rolcreaterole AS createrole, has_database_privilege(current_database(), 'CREATE') AS can_create
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const me = rows[0];
  if (!me) throw new HostError(HostErrorCode.STORAGE_PROVISION_FAILED, "cannot read the host's own role", { plugin });
  if (!me.superuser && !me.createrole) {
    throw new HostError(
      HostErrorCode.STORAGE_PRIVILEGE_MISSING,
      `the host's database role ${me.name} lacks CREATEROLE, needed to give plugin ${plugin} its own role; ` +
        `as a superuser run: ALTER ROLE ${id(me.name)} CREATEROLE; (or connect the host as a role that has it)`,
      { plugin, details: { role: me.name, privilege: "CREATEROLE" } },
    );
  }
  if (!me.superuser && !me.can_create) {
    throw new HostError(
      HostErrorCode.STORAGE_PRIVILEGE_MISSING,
      `the host's database role ${me.name} cannot create schemas in database ${me.database}; ` +
        `as its owner run: GRANT CREATE ON DATABASE ${id(me.database)} TO ${id(me.name)};`,
      { plugin, details: { role: me.name, privilege: "CREATE" } },
    );
  }
  return me;
}

/**
 * Takes every right on `public` away from PUBLIC (so from the plugin roles).
 * Only the schema's owner (the database owner on PostgreSQL 15+) or a
 * superuser can; when PUBLIC still holds a right and the host cannot revoke
 * it, refuse rather than hand out a role that can read `public`.
 */
async function closePublicSchema(tx: SqlExecutor, me: ProvisioningRole, plugin: string): Promise<void> {
  const { rows } = await tx.query<{ open: boolean; owner: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a WHERE a.grantee = 0) AS open,
            pg_has_role(current_user, n.nspowner, 'USAGE') AS owner
       FROM pg_namespace n WHERE n.nspname = 'public'`,
  );
  const state = rows[0];
  if (!state?.open) return;
  if (!me.superuser && !state.owner) {
    throw new HostError(
      HostErrorCode.STORAGE_PRIVILEGE_MISSING,
      `schema public of database ${me.database} is open to every role and the host's role ${me.name} cannot close it; ` +
        `as the database owner run: REVOKE ALL ON SCHEMA public FROM PUBLIC;`,
      { plugin, details: { role: me.name, privilege: "OWNER OF SCHEMA public" } },
    );
  }
  await tx.exec("REVOKE ALL ON SCHEMA public FROM PUBLIC");
}

/** Creates the role, or resets an existing plain one; never touches a privileged role of the same name. */
async function ensureRole(tx: SqlExecutor, role: string, password: string, plugin: string): Promise<void> {
  const attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT";
  const { rows } = await tx.query<{ privileged: boolean }>(
    `SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls AS privileged
       FROM pg_roles WHERE rolname = $1`,
    [role],
  );
  if (rows[0]?.privileged) {
    throw new HostError(
      HostErrorCode.STORAGE_PROVISION_FAILED,
      `role ${role} already exists with elevated attributes; refusing to hand it to plugin ${plugin} (drop or rename it, or set a role prefix)`,
      { plugin, details: { role } },
    );
  }
  const verb = rows.length > 0 ? "ALTER" : "CREATE";
  await tx.exec(`${verb} ROLE ${id(role)} WITH ${attributes} PASSWORD ${quoteLiteral(password)}`);
}

function pluginUrl(base: URL, role: string, password: string, schema: string): string {
  const url = new URL(base.toString());
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  url.searchParams.delete("options");
  const rest = url.searchParams.toString();
  url.search = rest ? `?${rest}&${searchPathOption(schema)}` : `?${searchPathOption(schema)}`;
  return url.toString();
}
