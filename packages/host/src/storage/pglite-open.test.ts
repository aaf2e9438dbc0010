import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { pgliteFsBundleBytes } from "./pglite-fs-bundle.js";
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
    "shares one file-system bundle between instances, each reading PostgreSQL's share files, also after the other closed",
    async () => {
      expect(pgliteFsBundleBytes()).toBe(pgliteFsBundleBytes());
      const [first, second] = await Promise.all([openPglite(), openPglite()]);
      // Time zones and text-search stop words are files of the bundle.
      const read = async (db: PGlite) => {
        await db.exec("SET TimeZone = 'America/New_York'");
        const at = "SELECT to_char(timestamptz '2026-01-01 12:00:00+00', 'HH24') AS hour";
        const words = "SELECT to_tsvector('english', 'the runners were running')::text AS words";
        return {
          hour: (await db.query<{ hour: string }>(at)).rows[0]?.hour,
          words: (await db.query<{ words: string }>(words)).rows[0]?.words,
        };
      };
      try {
        // "the" and "were" are English stop words, read from the bundle's tsearch_data.
        const expected = { hour: "07", words: "'run':4 'runner':2" };
        expect(await read(first)).toEqual(expected);
        expect(await read(second)).toEqual(expected);
        await first.close();
        expect(await read(second)).toEqual(expected);
      } finally {
        if (!first.closed) await first.close();
        await second.close();
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
