import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutClosedToOthers, POSTGRES_SCRATCH_PREFIX, type RunningPostgres, startPostgres } from "./postgres.js";

async function query(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

describe("startPostgres", () => {
  let server: RunningPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(() => server?.stop());

  it("runs a real PostgreSQL server reachable on loopback as the superuser", async () => {
    expect(server.url).toMatch(/^postgres:\/\/postgres:[0-9a-f]+@127\.0\.0\.1:\d+\/postgres$/);
    const { rows } = await query(
      server.url,
      "SELECT current_setting('server_version_num')::int AS version, current_user AS who",
    );
    expect(rows[0].who).toBe("postgres");
    expect(rows[0].version).toBeGreaterThanOrEqual(180000);
  });

  it("lets tests create databases and password roles, and log in as them", async () => {
    await query(server.url, "CREATE DATABASE probe_db");
    await query(server.url, "CREATE ROLE probe_role LOGIN PASSWORD 'secret'");
    const url = new URL(server.url);
    url.username = "probe_role";
    url.password = "secret";
    url.pathname = "/probe_db";
    const { rows } = await query(url.toString(), "SELECT current_user AS who, current_database() AS db");
    expect(rows[0]).toEqual({ who: "probe_role", db: "probe_db" });
  });

  it("refuses a wrong password (scram-sha-256, not trust)", async () => {
    const url = new URL(server.url);
    url.password = "wrong";
    await expect(query(url.toString(), "SELECT 1")).rejects.toThrow(/password authentication failed/);
  });
});

describe("a stopped server", () => {
  it("leaves no data folder and no listener behind", async () => {
    const server = await startPostgres();
    const port = new URL(server.url).port;
    const mine = () => readdirSync(tmpdir()).filter((name) => name.startsWith(POSTGRES_SCRATCH_PREFIX));
    const before = mine();
    await server.stop();
    const gone = before.filter((name) => !mine().includes(name));
    expect(gone.length).toBeGreaterThanOrEqual(1);
    for (const name of gone) expect(existsSync(join(tmpdir(), name))).toBe(false);
    await expect(query(`postgres://postgres@127.0.0.1:${port}/postgres`, "SELECT 1")).rejects.toThrow(/ECONNREFUSED/);
  }, 120_000);
});

describe("checkoutClosedToOthers", () => {
  it("names the first folder up the tree that other users cannot enter", () => {
    const outer = mkdtempSync(join(tmpdir(), "holomush-closed-"));
    const inner = join(outer, "checkout", "tools");
    mkdirSync(inner, { recursive: true });
    try {
      expect(checkoutClosedToOthers(inner)).toBe(outer); // mkdtemp makes it 0700
      chmodSync(outer, 0o755);
      expect(checkoutClosedToOthers(inner)).toBeUndefined();
    } finally {
      rmSync(outer, { recursive: true, force: true });
    }
  });
});
