/**
 * What the host hands a `storage: postgres` plugin, whichever engine backs it:
 * a connection string whose `search_path` is the plugin's own schema. The
 * host calls `provision` before starting the plugin (every start: the role's
 * password is rotated) and passes `connectionString` in the plugin's
 * ServiceConfig.
 */
export interface PluginDatabase {
  /** postgres URL with the role's credentials and `options=-c search_path=<schema>`. */
  connectionString: string;
  /** `plugin_<name with - → _>`. */
  schema: string;
  /** The plugin's login role. */
  role: string;
}

/** Gives each `storage: postgres` plugin its own schema and a connection string scoped to it. */
export interface SchemaProvisioner {
  /** Creates (or reuses) the plugin's schema and role; idempotent. */
  provision(pluginName: string): Promise<PluginDatabase>;
  /** Releases what the provisioner holds (embedded servers); the database keeps the schemas. */
  close(): Promise<void>;
}
