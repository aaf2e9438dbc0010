import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isHostError } from "../errors.js";
import { migrateHostSchema } from "./host-migrations.js";
import { createPgSqlClient } from "./pg-sql-client.js";
import type { PluginDatabase } from "./plugin-provisioner.js";
import { pluginDatabaseNames } from "./plugin-schema-name.js";
import { createSchemaProvisioner } from "./schema-provisioner.js";
import type { SqlClient } from "./sql-client.js";
import { sqlStateOfCall } from "./sql-state.test-support.js";
import { createThrowawayDatabase, type ThrowawayDatabase, urlForDatabase } from "./test-database.js";

// Roles are cluster-wide and the server is shared: random plugin names, roles dropped afterwards.
const tag = randomBytes(3).toString("hex");
const pluginA = `t${tag}-alpha`;
const pluginB = `t${tag}-beta`;
const extraRoles: string[] = [];

let database: ThrowawayDatabase;
let host: SqlClient;
let alpha: PluginDatabase;
let beta: PluginDatabase;

async function asPlugin<T>(plugin: PluginDatabase, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: plugin.connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await createThrowawayDatabase("provision");
  host = await createPgSqlClient({ connectionString: database.url });
  await migrateHostSchema(host);
  const provisioner = createSchemaProvisioner(host, { connectionString: database.url });
  alpha = await provisioner.provision(pluginA);
  beta = await provisioner.provision(pluginB);
});
afterAll(async () => {
  await host?.close();
  await database?.drop([alpha?.role, beta?.role, ...extraRoles].filter((role): role is string => Boolean(role)));
});

describe("createSchemaProvisioner on PostgreSQL", () => {
  it("names the schema plugin_<name> and pins search_path in the connection string", () => {
    expect(alpha.schema).toBe(`plugin_t${tag}_alpha`);
    expect(alpha.role).toBe(alpha.schema);
    const url = new URL(alpha.connectionString);
    expect(url.pathname).toBe(`/${database.name}`);
    expect(url.searchParams.get("options")).toBe(`-c search_path=${alpha.schema}`);
  });

  it("lets a plugin work in its own schema through unqualified names", async () => {
    await asPlugin(alpha, async (client) => {
      expect((await client.query("SELECT current_user, current_schema()")).rows).toEqual([
        { current_user: alpha.role, current_schema: alpha.schema },
      ]);
      await client.query("CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)");
      await client.query("INSERT INTO notes (body) VALUES ('mine')");
      expect((await client.query("SELECT body FROM notes")).rows).toEqual([{ body: "mine" }]);
    });
  });

  it("keeps plugin B out of plugin A's schema, and both out of holomush and public", async () => {
    await asPlugin(beta, async (client) => {
      expect(await sqlStateOfCall(client.query(`SELECT * FROM ${alpha.schema}.notes`))).toBe("42501");
      expect(await sqlStateOfCall(client.query(`INSERT INTO ${alpha.schema}.notes (body) VALUES ('x')`))).toBe("42501");
      expect(await sqlStateOfCall(client.query(`CREATE TABLE ${alpha.schema}.intruder (x int)`))).toBe("42501");
      expect(await sqlStateOfCall(client.query("SELECT * FROM holomush.kv"))).toBe("42501");
      expect(await sqlStateOfCall(client.query("INSERT INTO holomush.events VALUES ('s','x','t',0,0,'a','{}')"))).toBe(
        "42501",
      );
      expect(await sqlStateOfCall(client.query("CREATE TABLE public.leak (x int)"))).toBe("42501");
    });
    await asPlugin(alpha, async (client) => {
      expect(await sqlStateOfCall(client.query("SELECT * FROM holomush.schema_migrations"))).toBe("42501");
    });
  });

  it("rotates the password on every provision: the old connection string stops working", async () => {
    const provisioner = createSchemaProvisioner(host, { connectionString: database.url });
    const again = await provisioner.provision(pluginA);
    expect(again.connectionString).not.toBe(alpha.connectionString);
    // This server uses trust authentication, so a stale password would still log in here;
    // check the stored verifier changed instead.
    const verifier = async () =>
      (await database.admin("SELECT rolpassword FROM pg_authid WHERE rolname = $1", [alpha.role])).rows[0];
    const before = await verifier();
    await provisioner.provision(pluginA).then((next) => {
      alpha = next;
    });
    expect(await verifier()).not.toEqual(before);
    expect(new URL(alpha.connectionString).password).not.toBe(new URL(again.connectionString).password);
    await asPlugin(alpha, async (client) => {
      expect((await client.query("SELECT body FROM notes")).rows).toEqual([{ body: "mine" }]);
    });
  });

  it.each(["Bad_Name", "-lead", "trail-", "a--b", "9lives", "x".repeat(57)])(
    "refuses plugin name %j with STORAGE_SCHEMA_NAME_INVALID",
    async (name) => {
      const provisioner = createSchemaProvisioner(host, { connectionString: database.url });
      const error = await provisioner.provision(name).catch((caught: unknown) => caught);
      expect(isHostError(error, "STORAGE_SCHEMA_NAME_INVALID")).toBe(true);
    },
  );

  it("accepts a 56-character plugin name (63-byte schema)", () => {
    expect(pluginDatabaseNames("x".repeat(56)).schema).toHaveLength(63);
  });

  it("says the host role needs CREATEROLE, and how to grant it, when it lacks it", async () => {
    const role = `holomush_nocr_${tag}`;
    extraRoles.push(role);
    await database.admin(`CREATE ROLE ${role} LOGIN PASSWORD 'pw' NOCREATEROLE`);
    await database.admin(`GRANT CREATE ON DATABASE ${database.name} TO ${role}`);
    const url = urlForDatabase(database.url, database.name, { name: role, password: "pw" });
    const weak = await createPgSqlClient({ connectionString: url });
    try {
      const error = await createSchemaProvisioner(weak, { connectionString: url })
        .provision(`t${tag}-gamma`)
        .catch((caught: unknown) => caught);
      expect(isHostError(error, "STORAGE_PRIVILEGE_MISSING")).toBe(true);
      expect((error as Error).message).toContain(`ALTER ROLE "${role}" CREATEROLE`);
    } finally {
      await weak.close();
    }
  });

  it("works for a non-superuser host role that has CREATEROLE and CREATE on the database", async () => {
    const role = `holomush_cr_${tag}`;
    extraRoles.push(role, `plugin_t${tag}_delta`);
    await database.admin(`CREATE ROLE ${role} LOGIN PASSWORD 'pw' CREATEROLE`);
    await database.admin(`GRANT CREATE ON DATABASE ${database.name} TO ${role}`);
    const url = urlForDatabase(database.url, database.name, { name: role, password: "pw" });
    const limited = await createPgSqlClient({ connectionString: url });
    try {
      const delta = await createSchemaProvisioner(limited, { connectionString: url }).provision(`t${tag}-delta`);
      await asPlugin(delta, async (client) => {
        await client.query("CREATE TABLE t (x int)");
        expect((await client.query("SELECT current_schema()")).rows).toEqual([{ current_schema: delta.schema }]);
        expect(await sqlStateOfCall(client.query(`SELECT * FROM ${alpha.schema}.notes`))).toBe("42501");
      });
    } finally {
      await limited.close();
    }
  });
});
