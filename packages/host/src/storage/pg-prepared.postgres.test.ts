import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgSqlClient } from "./pg-sql-client.js";
import type { SqlClient } from "./sql-client.js";
import { createThrowawayDatabase, type ThrowawayDatabase } from "./test-database.js";

let database: ThrowawayDatabase;
beforeAll(async () => {
  database = await createThrowawayDatabase("prepared");
});
afterAll(async () => {
  await database?.drop();
});

/** One connection, so the statements a test runs and the catalog it reads share it. */
async function open(preparedStatements?: boolean): Promise<SqlClient> {
  return createPgSqlClient({
    connectionString: database.url,
    maxConnections: 1,
    ...(preparedStatements === undefined ? {} : { preparedStatements }),
  });
}

async function preparedOnConnection(client: SqlClient): Promise<string[]> {
  const { rows } = await client.query<{ statement: string }>(
    "SELECT statement FROM pg_prepared_statements WHERE name LIKE 'holomush\\_%' ORDER BY statement",
  );
  return rows.map((row) => row.statement);
}

describe("named prepared statements on PostgreSQL", () => {
  it("prepares a statement with parameters once per connection, and runs one without unnamed", async () => {
    const client = await open();
    try {
      for (let n = 0; n < 3; n++) {
        expect((await client.query<{ n: number }>("SELECT $1::int + 1 AS n", [n])).rows).toEqual([{ n: n + 1 }]);
      }
      await client.transaction((tx) => tx.query("SELECT $1::text AS t", ["in a transaction"]));
      expect(await preparedOnConnection(client)).toEqual(["SELECT $1::int + 1 AS n", "SELECT $1::text AS t"]);
    } finally {
      await client.close();
    }
  });

  it("prepares nothing with preparedStatements: false (PgBouncer in transaction mode)", async () => {
    const client = await open(false);
    try {
      expect((await client.query<{ n: number }>("SELECT $1::int + 1 AS n", [1])).rows).toEqual([{ n: 2 }]);
      expect(await preparedOnConnection(client)).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it("still answers when a table changed shape under a prepared statement", async () => {
    const client = await open();
    try {
      await client.exec("CREATE TABLE reshaped (id int PRIMARY KEY); INSERT INTO reshaped VALUES (1)");
      expect((await client.query("SELECT * FROM reshaped WHERE id = $1", [1])).rows).toEqual([{ id: 1 }]);
      await client.exec("ALTER TABLE reshaped ADD COLUMN note text DEFAULT 'added'");
      expect((await client.query("SELECT * FROM reshaped WHERE id = $1", [1])).rows).toEqual([
        { id: 1, note: "added" },
      ]);
    } finally {
      await client.close();
    }
  });
});
