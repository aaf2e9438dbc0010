import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { initDataDirInChild, openPglite } from "./pglite-open.js";

/** PGlite takes ~2 s to start alone (initdb more); much more on a busy shared machine. */
const STARTUP_TIMEOUT_MS = 120_000;
const dir = mkdtempSync(join(tmpdir(), "holomush-pglite-open-"));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function show(db: PGlite, setting: string): Promise<string> {
  const { rows } = await db.query<Record<string, string>>(`SHOW ${setting}`);
  return Object.values(rows[0] ?? {})[0] ?? "";
}

describe("openPglite", () => {
  const dataDir = join(dir, "db");

  it(
    "initialises a fresh directory and runs with the footprint settings, leaving postgresql.conf alone",
    async () => {
      const db = await openPglite({ dataDir });
      try {
        expect(existsSync(join(dataDir, "PG_VERSION"))).toBe(true);
        expect(await show(db, "shared_buffers")).toBe("8MB");
        expect(await show(db, "max_connections")).toBe("8");
        await db.exec("CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)");
      } finally {
        await db.close();
      }
      // The settings are start parameters: the data directory keeps initdb's own file.
      expect(readFileSync(join(dataDir, "postgresql.conf"), "utf8")).toMatch(/^shared_buffers = 128MB/m);
    },
    STARTUP_TIMEOUT_MS,
  );

  it(
    "reopens the same directory with overridden settings and its data",
    async () => {
      const db = await openPglite({ dataDir, settings: { shared_buffers: "32MB", work_mem: "2MB" } });
      try {
        expect(await show(db, "shared_buffers")).toBe("32MB");
        expect(await show(db, "work_mem")).toBe("2MB");
        expect((await db.query("SELECT n FROM kept")).rows).toEqual([{ n: 7 }]);
      } finally {
        await db.close();
      }
    },
    STARTUP_TIMEOUT_MS,
  );

  it(
    "names the setting PostgreSQL refused",
    async () => {
      await expect(openPglite({ dataDir, settings: { shared_buffers: "lots" } })).rejects.toThrow(
        /failed to initialize.*FATAL: +invalid value for parameter "shared_buffers": "lots"/,
      );
    },
    STARTUP_TIMEOUT_MS,
  );

  it(
    "reports a failed initdb child with its error",
    async () => {
      const file = join(dir, "not-a-directory");
      writeFileSync(file, "");
      await expect(initDataDirInChild(join(file, "db"))).rejects.toThrow(
        new RegExp(`initdb for ${file}/db exited with code 1: .*ENOTDIR`, "s"),
      );
    },
    STARTUP_TIMEOUT_MS,
  );
});
