import pg from "pg";
import { describe, expect, it } from "vitest";
import { DATABASE_URL_VARIABLE, testDatabaseUrl } from "./environment.js";

describe("the package's global setup", () => {
  it("names a PostgreSQL in HOLOMUSH_TEST_DATABASE_URL that answers", async () => {
    expect(process.env[DATABASE_URL_VARIABLE]).toBeTruthy();
    const client = new pg.Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT 1 AS one");
      expect(rows[0].one).toBe(1);
    } finally {
      await client.end();
    }
  });
});
