/**
 * The names a `storage: postgres` plugin gets: schema `plugin_<name with - → _>`
 * (docs/storage.md) and, by default, a login role of the same name. The
 * mapping is one-to-one because plugin names cannot contain `_`. PostgreSQL
 * identifiers hold at most 63 bytes, so plugin names longer than 56
 * characters cannot get a schema; say so instead of letting the server
 * silently truncate (and collide).
 */
import { HostError, HostErrorCode } from "../errors.js";

/** The manifest's plugin-name rule: lowercase, digits, single inner hyphens, at most 64 characters. */
const PLUGIN_NAME = /^[a-z](-?[a-z0-9])*$/;
const MAX_PLUGIN_NAME = 64;
const MAX_IDENTIFIER_BYTES = 63;
export const PLUGIN_SCHEMA_PREFIX = "plugin_";

export interface PluginDatabaseNames {
  schema: string;
  role: string;
}

/**
 * Schema and role names for a plugin; `rolePrefix` (default none) separates
 * several hosts sharing one PostgreSQL cluster, since roles are cluster-wide.
 */
export function pluginDatabaseNames(pluginName: string, rolePrefix = ""): PluginDatabaseNames {
  if (typeof pluginName !== "string" || pluginName.length > MAX_PLUGIN_NAME || !PLUGIN_NAME.test(pluginName)) {
    throw new HostError(
      HostErrorCode.STORAGE_SCHEMA_NAME_INVALID,
      `plugin name ${JSON.stringify(pluginName)} cannot name a database schema: it must match ${PLUGIN_NAME.source} (at most ${MAX_PLUGIN_NAME} characters)`,
      { plugin: String(pluginName), field: "name" },
    );
  }
  if (rolePrefix !== "" && !/^[a-z_][a-z0-9_]*$/.test(rolePrefix)) {
    throw new HostError(
      HostErrorCode.STORAGE_SCHEMA_NAME_INVALID,
      `role prefix ${JSON.stringify(rolePrefix)} must be lowercase letters, digits and _`,
      { field: "rolePrefix" },
    );
  }
  const schema = `${PLUGIN_SCHEMA_PREFIX}${pluginName.replaceAll("-", "_")}`;
  const role = `${rolePrefix}${schema}`;
  for (const [kind, identifier] of [
    ["schema", schema],
    ["role", role],
  ] as const) {
    if (Buffer.byteLength(identifier) > MAX_IDENTIFIER_BYTES) {
      throw new HostError(
        HostErrorCode.STORAGE_SCHEMA_NAME_INVALID,
        `plugin ${pluginName}: ${kind} name ${identifier} is ${identifier.length} characters; PostgreSQL allows ${MAX_IDENTIFIER_BYTES} (shorten the plugin name${kind === "role" ? " or the role prefix" : ""})`,
        { plugin: pluginName, field: "name" },
      );
    }
  }
  return { schema, role };
}

/** `options=-c search_path=<schema>`, percent-encoded the way libpq and `pg` both decode it. */
export function searchPathOption(schema: string): string {
  return `options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}
